// plan-memory: the buffers between kernels share one arena; a buffer whose
// last use is past reuses nothing live; a kernel's temporaries move to a
// scratch argument its callers allocate (in their arena); escaping buffers
// and kernels used other than by calls are left alone.
// RUN: mcg-opt %s --plan-memory -split-input-file | FileCheck %s

func.func private @k(%a: memref<256xf32>, %b: memref<256xf32>) attributes {cgraph.kernel} {
  return
}

// %a is dead once @k1 ran, so %c takes its bytes: 2048 bytes, not 3072.
// CHECK-LABEL: func.func @graph
// CHECK-NEXT:    %[[ARENA:.*]] = memref.alloc() {alignment = 64 : i64} : memref<2048xi8>
// CHECK-NOT:     madvise
// CHECK:         %[[A:.*]] = memref.view %[[ARENA]][%c0{{.*}}][] : memref<2048xi8> to memref<256xf32>
// CHECK:         call @k(%arg0, %[[A]])
// CHECK:         %[[B:.*]] = memref.view %[[ARENA]][%c1024][] : memref<2048xi8> to memref<256xf32>
// CHECK:         call @k(%[[A]], %[[B]])
// CHECK:         %[[C:.*]] = memref.view %[[ARENA]][%c0{{.*}}][] : memref<2048xi8> to memref<256xf32>
// CHECK:         call @k(%[[B]], %[[C]])
// CHECK:         call @k(%[[C]], %arg1)
// CHECK-NOT:     memref.alloc()
func.func @graph(%x: memref<256xf32>, %y: memref<256xf32>) {
  %a = memref.alloc() : memref<256xf32>
  call @k(%x, %a) : (memref<256xf32>, memref<256xf32>) -> ()
  %b = memref.alloc() : memref<256xf32>
  call @k(%a, %b) : (memref<256xf32>, memref<256xf32>) -> ()
  %c = memref.alloc() : memref<256xf32>
  call @k(%b, %c) : (memref<256xf32>, memref<256xf32>) -> ()
  call @k(%c, %y) : (memref<256xf32>, memref<256xf32>) -> ()
  return
}

// An allocation whose last use copies it into an output parameter (with
// no other use) is that parameter: the kernel writes the output in place.
// CHECK-LABEL: func.func @in_place
// CHECK-NEXT:    call @k(%arg0, %arg1)
// CHECK-NEXT:    return
func.func @in_place(%x: memref<256xf32>, %y: memref<256xf32>) {
  %a = memref.alloc() : memref<256xf32>
  call @k(%x, %a) : (memref<256xf32>, memref<256xf32>) -> ()
  memref.copy %a, %y : memref<256xf32> to memref<256xf32>
  return
}

// Not when the allocation is used after the copy, nor when the output has
// another use.
// CHECK-LABEL: func.func @not_in_place
// CHECK:         memref.copy %{{.*}}, %arg1
// CHECK:         call @k(%{{.*}}, %arg2)
// CHECK:         memref.copy %{{.*}}, %arg3
// CHECK:         call @k(%arg3, %arg4)
func.func @not_in_place(%x: memref<256xf32>, %y: memref<256xf32>, %z: memref<256xf32>, %u: memref<256xf32>, %v: memref<256xf32>) {
  %a = memref.alloc() : memref<256xf32>
  call @k(%x, %a) : (memref<256xf32>, memref<256xf32>) -> ()
  memref.copy %a, %y : memref<256xf32> to memref<256xf32>
  call @k(%a, %z) : (memref<256xf32>, memref<256xf32>) -> ()
  %b = memref.alloc() : memref<256xf32>
  call @k(%x, %b) : (memref<256xf32>, memref<256xf32>) -> ()
  memref.copy %b, %u : memref<256xf32> to memref<256xf32>
  call @k(%u, %v) : (memref<256xf32>, memref<256xf32>) -> ()
  return
}

// -----

// A kernel's temporaries: %t is used through its subview after %u is
// allocated (the subview itself comes before), so they must not share bytes (64-byte aligned: 0 and 64); %v
// is allocated after both died and reuses offset 0. The kernel takes a
// 80-byte scratch; each call allocates one, and the caller's arena holds
// both, sharing bytes (one is dead when the other is allocated).
// CHECK-LABEL: func.func private @kernel(
// CHECK-SAME:    %{{.*}}: memref<4xf32>, %[[S:.*]]: memref<80xi8>)
// CHECK:         %[[T:.*]] = memref.view %[[S]][%c0{{.*}}][] : memref<80xi8> to memref<8xf32>
// CHECK:         memref.subview %[[T]][0] [4] [1]
// CHECK:         %[[U:.*]] = memref.view %[[S]][%c64{{.*}}][] : memref<80xi8> to memref<4xf32>
// CHECK:         memref.view %[[S]][%c0{{.*}}][] : memref<80xi8> to memref<4xf32>
// CHECK-NOT:     memref.alloc
// CHECK-LABEL: func.func @caller
// CHECK-NEXT:    %[[ARENA:.*]] = memref.alloc() {alignment = 64 : i64} : memref<80xi8>
// CHECK:         %[[S0:.*]] = memref.view %[[ARENA]][%c0{{.*}}][] : memref<80xi8> to memref<80xi8>
// CHECK:         call @kernel(%arg0, %[[S0]])
// CHECK:         %[[S1:.*]] = memref.view %[[ARENA]][%c0{{.*}}][] : memref<80xi8> to memref<80xi8>
// CHECK:         call @kernel(%arg0, %[[S1]])
// CHECK-NOT:     memref.alloc
func.func private @kernel(%out: memref<4xf32>) attributes {cgraph.kernel} {
  %t = memref.alloc() : memref<8xf32>
  %sv = memref.subview %t[0] [4] [1] : memref<8xf32> to memref<4xf32, strided<[1]>>
  %u = memref.alloc() : memref<4xf32>
  memref.copy %sv, %u : memref<4xf32, strided<[1]>> to memref<4xf32>
  memref.copy %u, %out : memref<4xf32> to memref<4xf32>
  %v = memref.alloc() : memref<4xf32>
  memref.copy %out, %v : memref<4xf32> to memref<4xf32>
  return
}
func.func @caller(%x: memref<4xf32>) {
  call @kernel(%x) : (memref<4xf32>) -> ()
  call @kernel(%x) : (memref<4xf32>) -> ()
  return
}

// -----

// The kernels' scratch buffers share one region after the buffers between
// kernels (here %v, live across both calls, at 0; copied into an output of
// another layout, so not that output itself): both at 64, 144 bytes.
// CHECK-LABEL: func.func @scratch_region
// CHECK-NEXT:    %[[ARENA:.*]] = memref.alloc() {alignment = 64 : i64} : memref<144xi8>
// CHECK:         %[[V:.*]] = memref.view %[[ARENA]][%c0{{.*}}][] : memref<144xi8> to memref<4xf32>
// CHECK:         %[[S0:.*]] = memref.view %[[ARENA]][%c64{{.*}}][] : memref<144xi8> to memref<80xi8>
// CHECK:         call @k2(%[[V]], %[[S0]])
// CHECK:         %[[S1:.*]] = memref.view %[[ARENA]][%c64{{.*}}][] : memref<144xi8> to memref<80xi8>
// CHECK:         call @k2(%[[V]], %[[S1]])
func.func private @k2(%out: memref<4xf32>) attributes {cgraph.kernel} {
  %t = memref.alloc() : memref<8xf32>
  %sv = memref.subview %t[0] [4] [1] : memref<8xf32> to memref<4xf32, strided<[1]>>
  %u = memref.alloc() : memref<4xf32>
  memref.copy %sv, %u : memref<4xf32, strided<[1]>> to memref<4xf32>
  memref.copy %u, %out : memref<4xf32> to memref<4xf32>
  return
}
func.func @scratch_region(%y: memref<4xf32, strided<[1], offset: ?>>) {
  %v = memref.alloc() : memref<4xf32>
  call @k2(%v) : (memref<4xf32>) -> ()
  call @k2(%v) : (memref<4xf32>) -> ()
  memref.copy %v, %y : memref<4xf32> to memref<4xf32, strided<[1], offset: ?>>
  return
}

// -----

// A kernel used other than by a call keeps its allocations; a returned
// buffer is not planned.
// CHECK-LABEL: func.func private @kernel()
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
  %f = func.constant @kernel : () -> ()
  %a = memref.alloc() : memref<4xf32>
  %r = memref.alloc() : memref<4xf32>
  memref.copy %a, %r : memref<4xf32> to memref<4xf32>
  return %r : memref<4xf32>
}

// -----

// A temporary inside a loop (a tile bufferization could not compute in
// place) goes on the stack, in an alloca_scope around the rest of the loop
// body (what the loop yields leaves the scope): released every iteration,
// never hoisted away from its release.
// CHECK-LABEL: func.func private @loop_temporary
// CHECK:         scf.for {{.*}} iter_args(%[[ACC:.*]] = %arg1)
// CHECK-NEXT:      %[[V:.*]] = memref.alloca_scope -> (vector<32xf32>) {
// CHECK-NEXT:        %[[T:.*]] = memref.alloca() {alignment = 64 : i64} : memref<32xf32>
// CHECK-NEXT:        vector.transfer_write %[[ACC]], %[[T]]
// CHECK-NEXT:        %[[R:.*]] = vector.transfer_read %[[T]]
// CHECK-NEXT:        memref.alloca_scope.return %[[R]] : vector<32xf32>
// CHECK-NEXT:      }
// CHECK-NEXT:      scf.yield %[[V]] : vector<32xf32>
// CHECK-NOT:     memref.alloc()
func.func private @loop_temporary(%out: memref<32xf32>, %v: vector<32xf32>) attributes {cgraph.kernel} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %pad = arith.constant 0.0 : f32
  %last = scf.for %i = %c0 to %c4 step %c1 iter_args(%acc = %v) -> (vector<32xf32>) {
    %t = memref.alloc() {alignment = 64 : i64} : memref<32xf32>
    vector.transfer_write %acc, %t[%c0] {in_bounds = [true]} : vector<32xf32>, memref<32xf32>
    %r = vector.transfer_read %t[%c0], %pad {in_bounds = [true]} : memref<32xf32>, vector<32xf32>
    scf.yield %r : vector<32xf32>
  }
  vector.transfer_write %last, %out[%c0] {in_bounds = [true]} : vector<32xf32>, memref<32xf32>
  return
}

// -----

// A concatenation along channels (every dimension before the axis is 1):
// both inputs are placed inside its result, their producers write it
// directly, and the concatenation's call, which would copy nothing, is
// gone. So is the second one's: %d, read by another kernel after it as
// well, is placed all the same (the kernel reads it there).
func.func private @k(%a: memref<1x2x4xf32>, %b: memref<1x2x4xf32>) attributes {cgraph.kernel} {
  return
}
func.func private @cat(%a: memref<1x2x4xf32>, %b: memref<1x2x4xf32>, %r: memref<1x4x4xf32>) attributes {cgraph.kernel, cgraph.concat_axis = 1 : i64} {
  return
}
func.func private @use(%a: memref<1x4x4xf32>, %b: memref<1x4x4xf32>) attributes {cgraph.kernel} {
  return
}
// CHECK-LABEL: func.func @concat
// CHECK-NEXT:    %[[ARENA:.*]] = memref.alloc() {alignment = 64 : i64} : memref<64xi8>
// CHECK:         %[[A:.*]] = memref.view %[[ARENA]][%c0{{.*}}][] : memref<64xi8> to memref<1x2x4xf32>
// CHECK:         call @k(%arg0, %[[A]])
// CHECK:         %[[B:.*]] = memref.view %[[ARENA]][%c32][] : memref<64xi8> to memref<1x2x4xf32>
// CHECK:         call @k(%arg0, %[[B]])
// CHECK:         %[[R:.*]] = memref.view %[[ARENA]][%c0{{.*}}][] : memref<64xi8> to memref<1x4x4xf32>
// CHECK-NEXT:    call @use(%[[R]], %arg1)
// CHECK:         %[[C:.*]] = memref.view %[[ARENA]][%c0{{.*}}][] : memref<64xi8> to memref<1x2x4xf32>
// CHECK:         call @k(%arg0, %[[C]])
// CHECK:         %[[D:.*]] = memref.view %[[ARENA]][%c32{{.*}}][] : memref<64xi8> to memref<1x2x4xf32>
// CHECK:         call @k(%arg0, %[[D]])
// CHECK:         %[[S:.*]] = memref.view %[[ARENA]][%c0{{.*}}][] : memref<64xi8> to memref<1x4x4xf32>
// CHECK-NOT:     call @cat
// CHECK:         call @use(%[[S]], %arg1)
// CHECK-NEXT:    call @k(%[[D]], %arg2)
func.func @concat(%x: memref<1x2x4xf32>, %y: memref<1x4x4xf32>, %z: memref<1x2x4xf32>) {
  %a = memref.alloc() : memref<1x2x4xf32>
  call @k(%x, %a) : (memref<1x2x4xf32>, memref<1x2x4xf32>) -> ()
  %b = memref.alloc() : memref<1x2x4xf32>
  call @k(%x, %b) : (memref<1x2x4xf32>, memref<1x2x4xf32>) -> ()
  %r = memref.alloc() : memref<1x4x4xf32>
  call @cat(%a, %b, %r) : (memref<1x2x4xf32>, memref<1x2x4xf32>, memref<1x4x4xf32>) -> ()
  call @use(%r, %y) : (memref<1x4x4xf32>, memref<1x4x4xf32>) -> ()
  %c = memref.alloc() : memref<1x2x4xf32>
  call @k(%x, %c) : (memref<1x2x4xf32>, memref<1x2x4xf32>) -> ()
  %d = memref.alloc() : memref<1x2x4xf32>
  call @k(%x, %d) : (memref<1x2x4xf32>, memref<1x2x4xf32>) -> ()
  %s = memref.alloc() : memref<1x4x4xf32>
  call @cat(%c, %d, %s) : (memref<1x2x4xf32>, memref<1x2x4xf32>, memref<1x4x4xf32>) -> ()
  call @use(%s, %y) : (memref<1x4x4xf32>, memref<1x4x4xf32>) -> ()
  call @k(%d, %z) : (memref<1x2x4xf32>, memref<1x2x4xf32>) -> ()
  return
}

// -----

// A dense block: each concatenation joins every feature so far, a prefix
// of the next one's result. The features are placed in the last result,
// and each earlier result (the one-input one too) is a view of its prefix:
// no concatenation is called.
func.func private @k(%a: memref<1x2x4xf32>, %b: memref<1x2x4xf32>) attributes {cgraph.kernel} {
  return
}
func.func private @cat1(%a: memref<1x2x4xf32>, %r: memref<1x2x4xf32>) attributes {cgraph.kernel, cgraph.concat_axis = 1 : i64} {
  return
}
func.func private @cat2(%a: memref<1x2x4xf32>, %b: memref<1x2x4xf32>, %r: memref<1x4x4xf32>) attributes {cgraph.kernel, cgraph.concat_axis = 1 : i64} {
  return
}
func.func private @cat3(%a: memref<1x2x4xf32>, %b: memref<1x2x4xf32>, %c: memref<1x2x4xf32>, %r: memref<1x6x4xf32>) attributes {cgraph.kernel, cgraph.concat_axis = 1 : i64} {
  return
}
func.func private @use2(%a: memref<1x4x4xf32>, %b: memref<1x2x4xf32>) attributes {cgraph.kernel} {
  return
}
func.func private @use3(%a: memref<1x6x4xf32>, %b: memref<1x6x4xf32>) attributes {cgraph.kernel} {
  return
}
// CHECK-LABEL: func.func @dense_block
// CHECK-NEXT:    %[[ARENA:.*]] = memref.alloc() {alignment = 64 : i64} : memref<96xi8>
// CHECK:         %[[F0:.*]] = memref.view %[[ARENA]][%c0{{.*}}][] : memref<96xi8> to memref<1x2x4xf32>
// CHECK-NEXT:    call @k(%arg0, %[[F0]])
// CHECK:         %[[R1:.*]] = memref.view %[[ARENA]][%c0{{.*}}][] : memref<96xi8> to memref<1x2x4xf32>
// CHECK:         %[[F1:.*]] = memref.view %[[ARENA]][%c32{{.*}}][] : memref<96xi8> to memref<1x2x4xf32>
// CHECK-NEXT:    call @k(%[[R1]], %[[F1]])
// CHECK:         %[[R2:.*]] = memref.view %[[ARENA]][%c0{{.*}}][] : memref<96xi8> to memref<1x4x4xf32>
// CHECK:         %[[F2:.*]] = memref.view %[[ARENA]][%c64{{.*}}][] : memref<96xi8> to memref<1x2x4xf32>
// CHECK-NEXT:    call @use2(%[[R2]], %[[F2]])
// CHECK:         %[[R3:.*]] = memref.view %[[ARENA]][%c0{{.*}}][] : memref<96xi8> to memref<1x6x4xf32>
// CHECK-NEXT:    call @use3(%[[R3]], %arg1)
// CHECK-NOT:     call @cat
func.func @dense_block(%x: memref<1x2x4xf32>, %y: memref<1x6x4xf32>) {
  %f0 = memref.alloc() : memref<1x2x4xf32>
  call @k(%x, %f0) : (memref<1x2x4xf32>, memref<1x2x4xf32>) -> ()
  %r1 = memref.alloc() : memref<1x2x4xf32>
  call @cat1(%f0, %r1) : (memref<1x2x4xf32>, memref<1x2x4xf32>) -> ()
  %f1 = memref.alloc() : memref<1x2x4xf32>
  call @k(%r1, %f1) : (memref<1x2x4xf32>, memref<1x2x4xf32>) -> ()
  %r2 = memref.alloc() : memref<1x4x4xf32>
  call @cat2(%f0, %f1, %r2) : (memref<1x2x4xf32>, memref<1x2x4xf32>, memref<1x4x4xf32>) -> ()
  %f2 = memref.alloc() : memref<1x2x4xf32>
  call @use2(%r2, %f2) : (memref<1x4x4xf32>, memref<1x2x4xf32>) -> ()
  %r3 = memref.alloc() : memref<1x6x4xf32>
  call @cat3(%f0, %f1, %f2, %r3) : (memref<1x2x4xf32>, memref<1x2x4xf32>, memref<1x2x4xf32>, memref<1x6x4xf32>) -> ()
  call @use3(%r3, %y) : (memref<1x6x4xf32>, memref<1x6x4xf32>) -> ()
  return
}

// -----

// The same features joined in another order first: that result is no run
// of the last one, so its call copies them. A feature that a graph output
// also copies out (a use other than a kernel call) keeps its own buffer,
// and the last concatenation, which copies it, is called (it copies %f0
// and %f1 onto themselves).
func.func private @k(%a: memref<1x2x4xf32>, %b: memref<1x2x4xf32>) attributes {cgraph.kernel} {
  return
}
func.func private @cat2(%a: memref<1x2x4xf32>, %b: memref<1x2x4xf32>, %r: memref<1x4x4xf32>) attributes {cgraph.kernel, cgraph.concat_axis = 1 : i64} {
  return
}
func.func private @cat3(%a: memref<1x2x4xf32>, %b: memref<1x2x4xf32>, %c: memref<1x2x4xf32>, %r: memref<1x6x4xf32>) attributes {cgraph.kernel, cgraph.concat_axis = 1 : i64} {
  return
}
func.func private @use2(%a: memref<1x4x4xf32>, %b: memref<1x2x4xf32>) attributes {cgraph.kernel} {
  return
}
func.func private @use3(%a: memref<1x6x4xf32>, %b: memref<1x6x4xf32>) attributes {cgraph.kernel} {
  return
}
// CHECK-LABEL: func.func @other_order
// CHECK:         %[[F0:.*]] = memref.view %{{.*}}[%c0{{.*}}][] : memref<{{.*}}xi8> to memref<1x2x4xf32>
// CHECK-NEXT:    call @k(%arg0, %[[F0]])
// CHECK:         %[[F1:.*]] = memref.view %{{.*}}[%c32{{.*}}][]
// CHECK-NEXT:    call @k(%arg0, %[[F1]])
// CHECK:         %[[R2:.*]] = memref.view
// CHECK-NEXT:    call @cat2(%[[F1]], %[[F0]], %[[R2]])
// CHECK:         %[[F2:.*]] = memref.view %{{.*}}[%c{{[0-9]+}}][]
// CHECK-NEXT:    call @use2(%[[R2]], %[[F2]])
// CHECK-NEXT:    memref.copy %[[F2]], %arg2
// CHECK:         %[[R3:.*]] = memref.view %{{.*}}[%c0{{.*}}][] : memref<{{.*}}xi8> to memref<1x6x4xf32>
// CHECK-NEXT:    call @cat3(%[[F0]], %[[F1]], %[[F2]], %[[R3]])
// CHECK-NEXT:    call @use3(%[[R3]], %arg1)
func.func @other_order(%x: memref<1x2x4xf32>, %y: memref<1x6x4xf32>, %out: memref<1x2x4xf32>) {
  %f0 = memref.alloc() : memref<1x2x4xf32>
  call @k(%x, %f0) : (memref<1x2x4xf32>, memref<1x2x4xf32>) -> ()
  %f1 = memref.alloc() : memref<1x2x4xf32>
  call @k(%x, %f1) : (memref<1x2x4xf32>, memref<1x2x4xf32>) -> ()
  %r2 = memref.alloc() : memref<1x4x4xf32>
  call @cat2(%f1, %f0, %r2) : (memref<1x2x4xf32>, memref<1x2x4xf32>, memref<1x4x4xf32>) -> ()
  %f2 = memref.alloc() : memref<1x2x4xf32>
  call @use2(%r2, %f2) : (memref<1x4x4xf32>, memref<1x2x4xf32>) -> ()
  memref.copy %f2, %out : memref<1x2x4xf32> to memref<1x2x4xf32>
  %r3 = memref.alloc() : memref<1x6x4xf32>
  call @cat3(%f0, %f1, %f2, %r3) : (memref<1x2x4xf32>, memref<1x2x4xf32>, memref<1x2x4xf32>, memref<1x6x4xf32>) -> ()
  call @use3(%r3, %y) : (memref<1x6x4xf32>, memref<1x6x4xf32>) -> ()
  return
}

// -----

// An arena of 4 MiB or more (here two 2 MiB buffers live at once) asks for
// transparent huge pages over its whole 4 KB pages: malloc maps so large a
// block afresh on every call. @graph's 2048-byte arena above asks nothing.
// CHECK-LABEL: func.func @huge_arena
// CHECK-NEXT:    %[[ARENA:.*]] = memref.alloc() {alignment = 64 : i64} : memref<4194304xi8>
// CHECK-NEXT:    %[[P:.*]] = memref.extract_aligned_pointer_as_index %[[ARENA]]
// CHECK:         %[[S0:.*]] = arith.addi %[[P]], %c4095
// CHECK-NEXT:    %[[START:.*]] = arith.andi %[[S0]], %c-4096
// CHECK:         %[[E0:.*]] = arith.addi %[[P]], %c4194304
// CHECK-NEXT:    %[[END:.*]] = arith.andi %[[E0]], %c-4096
// CHECK-NEXT:    %[[LEN:.*]] = arith.subi %[[END]], %[[START]]
// CHECK-NEXT:    %[[ADV:.*]] = arith.constant 14 : i32
// CHECK-NEXT:    call @madvise(%[[START]], %[[LEN]], %[[ADV]]) : (index, index, i32) -> i32
// CHECK:       func.func private @madvise(index, index, i32) -> i32
func.func private @kbig(%a: memref<524288xf32>, %b: memref<524288xf32>) attributes {cgraph.kernel} {
  return
}
func.func @huge_arena(%x: memref<524288xf32>, %y: memref<524288xf32>) {
  %a = memref.alloc() : memref<524288xf32>
  call @kbig(%x, %a) : (memref<524288xf32>, memref<524288xf32>) -> ()
  %b = memref.alloc() : memref<524288xf32>
  call @kbig(%a, %b) : (memref<524288xf32>, memref<524288xf32>) -> ()
  call @kbig(%b, %y) : (memref<524288xf32>, memref<524288xf32>) -> ()
  return
}

// -----

// A function of the module already named madvise (not libc's declaration)
// means no advice rather than a call to it.
// CHECK-LABEL: func.func @madvise
// CHECK-LABEL: func.func @huge_arena_named
// CHECK-NEXT:    memref.alloc() {alignment = 64 : i64} : memref<4194304xi8>
// CHECK-NOT:     call @madvise
// CHECK:         return
func.func @madvise(%x: memref<4xf32>) {
  return
}
func.func private @kbig(%a: memref<524288xf32>, %b: memref<524288xf32>) attributes {cgraph.kernel} {
  return
}
func.func @huge_arena_named(%x: memref<524288xf32>, %y: memref<524288xf32>) {
  %a = memref.alloc() : memref<524288xf32>
  call @kbig(%x, %a) : (memref<524288xf32>, memref<524288xf32>) -> ()
  %b = memref.alloc() : memref<524288xf32>
  call @kbig(%a, %b) : (memref<524288xf32>, memref<524288xf32>) -> ()
  call @kbig(%b, %y) : (memref<524288xf32>, memref<524288xf32>) -> ()
  return
}
