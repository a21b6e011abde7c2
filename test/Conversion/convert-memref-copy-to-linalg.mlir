// Strided copies become linalg.copy (no runtime library); contiguous ones
// stay memref.copy (llvm.memcpy).
// RUN: mcg-opt %s --pass-pipeline='builtin.module(func.func(convert-memref-copy-to-linalg))' | FileCheck %s

// CHECK-LABEL: func.func @copies
// CHECK:         linalg.copy ins(%{{.*}} : memref<2x2xf32, strided<[8, 1], offset: 4>>) outs(%arg1 : memref<2x2xf32>)
// CHECK:         memref.copy %arg1, %arg2 : memref<2x2xf32> to memref<2x2xf32>
// CHECK-NOT:     memref.copy
func.func @copies(%a: memref<8x8xf32>, %b: memref<2x2xf32>, %c: memref<2x2xf32>) {
  %v = memref.subview %a[0, 4] [2, 2] [1, 1] : memref<8x8xf32> to memref<2x2xf32, strided<[8, 1], offset: 4>>
  memref.copy %v, %b : memref<2x2xf32, strided<[8, 1], offset: 4>> to memref<2x2xf32>
  memref.copy %b, %c : memref<2x2xf32> to memref<2x2xf32>
  return
}
