// parallelize-tiles: a marked loop without loop-carried values becomes
// scf.parallel; unmarked loops and loops that carry values stay.
// RUN: mcg-opt %s --pass-pipeline='builtin.module(func.func(parallelize-tiles{min-work=0}))' | FileCheck %s
// With less work than min-work (here 64 fill iterations x 2 operands, plus
// the subviews and the yield: 8 x (1 + 16 + 1) = 144), a marked loop stays
// serial.
// RUN: mcg-opt %s --pass-pipeline='builtin.module(func.func(parallelize-tiles{min-work=145}))' | FileCheck %s --check-prefix=LITTLE
// RUN: mcg-opt %s --pass-pipeline='builtin.module(func.func(parallelize-tiles{min-work=144}))' | FileCheck %s --check-prefix=ENOUGH
// LITTLE-LABEL: func.func @tiles
// LITTLE-NOT:     scf.parallel
// LITTLE-LABEL: func.func @split
// ENOUGH-LABEL: func.func @tiles
// ENOUGH:         scf.parallel
// ENOUGH-NOT:     scf.parallel
// ENOUGH-LABEL: func.func @split

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

// Large linalg ops of the function body are split along their outermost
// parallel dimension of at least num-threads iterations, one chunk per
// thread; a chunk that does not divide evenly ends with a smaller one.
// RUN: mcg-opt %s --pass-pipeline='builtin.module(func.func(parallelize-tiles{num-threads=2 min-work=4096}))' | FileCheck %s --check-prefix=SPLIT
// RUN: mcg-opt %s --pass-pipeline='builtin.module(func.func(parallelize-tiles{num-threads=2 min-work=1000000}))' | FileCheck %s --check-prefix=SMALL
// RUN: not mcg-opt %s --pass-pipeline='builtin.module(func.func(parallelize-tiles{num-threads=0}))' 2>&1 | FileCheck %s --check-prefix=BAD

// SPLIT-LABEL: func.func @split
// SPLIT:         scf.parallel (%[[C:.*]]) = (%c0{{.*}}) to (%c16) step (%c8{{.*}}) {
// SPLIT:           memref.subview %arg0[0, %[[C]], 0, 0] [1, 8, 32, 32] [1, 1, 1, 1]
// SPLIT:           linalg.generic
// SPLIT:         scf.parallel (%[[R:.*]]) = (%c0{{.*}}) to (%c5) step (%c3{{.*}}) {
// SPLIT:           %[[N:.*]] = affine.min #{{.*}}(%[[R]])
// SPLIT:           memref.subview %arg2[%[[R]], 0] [%[[N]], 1024] [1, 1]
// SPLIT:           linalg.fill
// SPLIT:         scf.for
// SPLIT-NOT:     scf.parallel
// SPLIT:         return
// SMALL-LABEL: func.func @split
// SMALL-NOT:     scf.parallel
// BAD: error: parallelize-tiles: num-threads must be positive and min-work not negative
func.func @split(%x: memref<1x16x32x32xf32>, %y: memref<1x16x32x32xf32>,
                 %z: memref<5x1024xf32>) {
  %zero = arith.constant 0.0 : f32
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  linalg.generic {
      indexing_maps = [affine_map<(n, c, h, w) -> (n, c, h, w)>,
                       affine_map<(n, c, h, w) -> (n, c, h, w)>],
      iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%x : memref<1x16x32x32xf32>) outs(%y : memref<1x16x32x32xf32>) {
  ^bb0(%a: f32, %b: f32):
    %r = arith.maximumf %a, %zero : f32
    linalg.yield %r : f32
  }
  linalg.fill ins(%zero : f32) outs(%z : memref<5x1024xf32>)
  // Inside a loop: stays serial.
  scf.for %i = %c0 to %c4 step %c1 {
    linalg.fill ins(%zero : f32) outs(%z : memref<5x1024xf32>)
  }
  return
}
