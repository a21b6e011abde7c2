// parallelize-tiles: a marked loop without loop-carried values becomes
// scf.parallel; unmarked loops and loops that carry values stay.
// RUN: mcg-opt %s --pass-pipeline='builtin.module(func.func(parallelize-tiles))' | FileCheck %s

// CHECK-LABEL: func.func @tiles
// CHECK:         scf.parallel (%[[I:.*]]) = (%c0) to (%c64) step (%c8) {
// CHECK-NEXT:      memref.subview %arg0[%[[I]]] [8] [1]
// CHECK:         scf.for
// CHECK-NOT:     scf.parallel
// CHECK:         scf.for {{.*}} iter_args
func.func @tiles(%a: memref<64xf32>, %b: memref<64xf32>) -> f32 {
  %c0 = arith.constant 0 : index
  %c8 = arith.constant 8 : index
  %c64 = arith.constant 64 : index
  %zero = arith.constant 0.0 : f32
  scf.for %i = %c0 to %c64 step %c8 {
    %s = memref.subview %a[%i] [8] [1] : memref<64xf32> to memref<8xf32, strided<[1], offset: ?>>
    linalg.fill ins(%zero : f32) outs(%s : memref<8xf32, strided<[1], offset: ?>>)
  } {mcg.parallel}
  scf.for %i = %c0 to %c64 step %c8 {
    %s = memref.subview %b[%i] [8] [1] : memref<64xf32> to memref<8xf32, strided<[1], offset: ?>>
    linalg.fill ins(%zero : f32) outs(%s : memref<8xf32, strided<[1], offset: ?>>)
  }
  %r = scf.for %i = %c0 to %c64 step %c8 iter_args(%acc = %zero) -> f32 {
    %v = memref.load %a[%i] : memref<64xf32>
    %n = arith.addf %acc, %v : f32
    scf.yield %n : f32
  } {mcg.parallel}
  return %r : f32
}
