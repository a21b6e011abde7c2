// plan-memory: the buffers between kernels share one arena; a buffer whose
// last use is past reuses nothing live; kernels and escaping buffers are
// left alone.
// RUN: mcg-opt %s --pass-pipeline='builtin.module(func.func(plan-memory))' -split-input-file | FileCheck %s

func.func private @k(%a: memref<256xf32>, %b: memref<256xf32>) attributes {cgraph.kernel} {
  return
}

// %a is dead once @k1 ran, so %c takes its bytes: 2048 bytes, not 3072.
// CHECK-LABEL: func.func @graph
// CHECK-NEXT:    %[[ARENA:.*]] = memref.alloc() {alignment = 64 : i64} : memref<2048xi8>
// CHECK:         %[[A:.*]] = memref.view %[[ARENA]][%c0{{.*}}][] : memref<2048xi8> to memref<256xf32>
// CHECK:         call @k(%arg0, %[[A]])
// CHECK:         %[[B:.*]] = memref.view %[[ARENA]][%c1024][] : memref<2048xi8> to memref<256xf32>
// CHECK:         call @k(%[[A]], %[[B]])
// CHECK:         %[[C:.*]] = memref.view %[[ARENA]][%c0{{.*}}][] : memref<2048xi8> to memref<256xf32>
// CHECK:         call @k(%[[B]], %[[C]])
// CHECK:         memref.copy %[[C]], %arg1
// CHECK-NOT:     memref.alloc()
func.func @graph(%x: memref<256xf32>, %y: memref<256xf32>) {
  %a = memref.alloc() : memref<256xf32>
  call @k(%x, %a) : (memref<256xf32>, memref<256xf32>) -> ()
  %b = memref.alloc() : memref<256xf32>
  call @k(%a, %b) : (memref<256xf32>, memref<256xf32>) -> ()
  %c = memref.alloc() : memref<256xf32>
  call @k(%b, %c) : (memref<256xf32>, memref<256xf32>) -> ()
  memref.copy %c, %y : memref<256xf32> to memref<256xf32>
  return
}

// -----

// Kernels keep their own allocations; a returned buffer is not planned.
// CHECK-LABEL: func.func private @kernel
// CHECK-NEXT:    memref.alloc() : memref<4xf32>
// CHECK-NEXT:    memref.alloc() : memref<4xf32>
// CHECK-LABEL: func.func @returns
// CHECK:         %[[R:.*]] = memref.alloc() : memref<4xf32>
// CHECK:         return %[[R]]
func.func private @kernel() attributes {cgraph.kernel} {
  %a = memref.alloc() : memref<4xf32>
  %b = memref.alloc() : memref<4xf32>
  return
}
func.func @returns() -> memref<4xf32> {
  %a = memref.alloc() : memref<4xf32>
  %r = memref.alloc() : memref<4xf32>
  memref.copy %a, %r : memref<4xf32> to memref<4xf32>
  return %r : memref<4xf32>
}
