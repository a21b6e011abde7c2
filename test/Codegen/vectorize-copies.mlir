// vectorize-copies: vector loops for buffer copies.
// RUN: mcg-opt %s --pass-pipeline='builtin.module(func.func(vectorize-copies))' -split-input-file | FileCheck %s
// RUN: mcg-opt %s --pass-pipeline='builtin.module(func.func(vectorize-copies{lanes=8}))' -split-input-file | FileCheck %s --check-prefix=AVX2
// RUN: not mcg-opt %s --pass-pipeline='builtin.module(func.func(vectorize-copies{lanes=0}))' -split-input-file 2>&1 | FileCheck %s --check-prefix=BAD

// A padding copy: 2 x 8 rows of 56 into the middle of 58-wide rows, each
// row in 4 tiles of 14 (as many vectors as 32 + 24; mask-partial-vectors
// then makes each one masked access). With 8 lanes, 7 tiles of 8.
// CHECK-LABEL: func.func @padding
// CHECK-NOT:     linalg.copy
// CHECK:         scf.for %[[C:.+]] = %c0 to %c2 step %c1
// CHECK:           scf.for %[[R:.+]] = %c0{{.*}} to %c8 step %c1
// CHECK:             scf.for %[[J:.+]] = %c0{{.*}} to %c56 step %c14
// CHECK:               %[[V:.+]] = vector.transfer_read %arg0[%[[C]], %[[R]], %[[J]]], %{{.*}} {in_bounds = [true]} : memref<2x8x56xf32>, vector<14xf32>
// CHECK:               vector.transfer_write %[[V]], %{{.*}}[%[[C]], %[[R]], %[[J]]] {in_bounds = [true]} : vector<14xf32>, memref<2x8x56xf32, strided<[580, 58, 1], offset: 59>>
// AVX2-LABEL: func.func @padding
// AVX2:               scf.for %{{.*}} = %c0{{.*}} to %c56 step %c8
// AVX2:                 vector.transfer_read {{.*}} vector<8xf32>
// BAD: vectorize-copies: lanes must be positive, got 0
func.func @padding(%x: memref<2x8x56xf32>, %p: memref<2x10x58xf32>) {
  %s = memref.subview %p[0, 1, 1] [2, 8, 56] [1, 1, 1] : memref<2x10x58xf32> to memref<2x8x56xf32, strided<[580, 58, 1], offset: 59>>
  linalg.copy ins(%x : memref<2x8x56xf32>) outs(%s : memref<2x8x56xf32, strided<[580, 58, 1], offset: 59>>)
  return
}

// -----

// Rows of 196: 6 tiles of 32 in a loop and a partial one of 4; a rank-1
// copy has no outer loops. A copy of tensors is left alone.
// CHECK-LABEL: func.func @long_row
// CHECK:         scf.for %[[J:.+]] = %c0{{.*}} to %c192 step %c32
// CHECK:           vector.transfer_read %arg0[%[[J]]]{{.*}} vector<32xf32>
// CHECK:         vector.transfer_read %arg0[%c192{{.*}}]{{.*}} vector<4xf32>
// CHECK-LABEL: func.func @tensors
// CHECK:         linalg.copy
func.func @long_row(%x: memref<196xf32>, %y: memref<196xf32, strided<[1], offset: 4>>) {
  linalg.copy ins(%x : memref<196xf32>) outs(%y : memref<196xf32, strided<[1], offset: 4>>)
  return
}
func.func @tensors(%x: tensor<196xf32>, %y: tensor<196xf32>) -> tensor<196xf32> {
  %r = linalg.copy ins(%x : tensor<196xf32>) outs(%y : tensor<196xf32>) -> tensor<196xf32>
  return %r : tensor<196xf32>
}

// -----

// A copy at a kernel's top level marks its outermost loop of more than one
// iteration for parallelize-tiles (here the channels: the batch loop has
// one); a copy inside a loop marks nothing.
// CHECK-LABEL: func.func @top_level
// CHECK:         scf.for %{{.*}} = %c0 to %c1 step %c1{{.*}} {
// CHECK:           scf.for %{{.*}} = %c0{{.*}} to %c4 step %c1{{.*}} {
// CHECK:           } {mcg.parallel}
// CHECK-NEXT:    }
// CHECK-NEXT:    return
// CHECK-LABEL: func.func @nested
// CHECK-NOT:     mcg.parallel
// CHECK:         return
func.func @top_level(%x: memref<1x4x32xf32>, %y: memref<1x4x32xf32>) {
  linalg.copy ins(%x : memref<1x4x32xf32>) outs(%y : memref<1x4x32xf32>)
  return
}
func.func @nested(%x: memref<4x32xf32>, %y: memref<4x32xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  scf.for %i = %c0 to %c2 step %c1 {
    linalg.copy ins(%x : memref<4x32xf32>) outs(%y : memref<4x32xf32>)
  }
  return
}

// -----

// A fill left as linalg.map (bufferization's tensor.pad: -inf around a max
// pool's input, the body's index ops unused) becomes loops of broadcast
// vectors, split across threads at the top level. A contiguous buffer is
// filled as [N x C, H x W] (rows of 300: 9 tiles of 32 and one of 12); a
// strided view row by row (rows of 30: two tiles of 15). A constant inside
// the body is taken too; a map that writes anything else is left alone.
// CHECK-LABEL: func.func @pad_fill
// CHECK-NOT:     linalg.map
// CHECK:         %[[FLAT:.+]] = memref.collapse_shape %arg0 {{\[}}[0], [1, 2]] : memref<2x10x30xf32> into memref<2x300xf32>
// CHECK:         scf.for %[[I:.+]] = %c0 to %c2 step %c1
// CHECK:           scf.for %[[J:.+]] = %c0{{.*}} to %c288 step %c32
// CHECK:             %[[V:.+]] = vector.broadcast %cst : f32 to vector<32xf32>
// CHECK:             vector.transfer_write %[[V]], %[[FLAT]][%[[I]], %[[J]]] {in_bounds = [true]} : vector<32xf32>, memref<2x300xf32>
// CHECK:           vector.broadcast %cst : f32 to vector<12xf32>
// CHECK:         } {mcg.parallel}
// CHECK:         memref.subview
// CHECK:         scf.for {{.*}} to %c2{{.*}} step %c1
// CHECK:           scf.for {{.*}} to %c10 step %c1
// CHECK:             scf.for %[[K:.+]] = %c0{{.*}} to %c30 step %c15
// CHECK:               vector.transfer_write %{{.*}}, %{{.*}}[%{{.*}}, %{{.*}}, %[[K]]] {in_bounds = [true]} : vector<15xf32>, memref<2x10x30xf32, strided<[400, 40, 1]>>
// CHECK-LABEL: func.func @fill_const_inside
// CHECK:         %[[C:.+]] = arith.constant 7 : i32
// CHECK:         scf.for
// CHECK:           vector.broadcast %[[C]] : i32 to vector<32xi32>
// CHECK:           vector.broadcast %[[C]] : i32 to vector<8xi32>
// CHECK-LABEL: func.func @not_fill
// CHECK:         linalg.map
func.func @pad_fill(%p: memref<2x10x30xf32>, %q: memref<2x10x40xf32>) {
  %cst = arith.constant 0xFF800000 : f32
  linalg.map outs(%p : memref<2x10x30xf32>)
    (%init: f32) {
      %i = linalg.index 2 : index
      linalg.yield %cst : f32
    }
  %s = memref.subview %q[0, 0, 0] [2, 10, 30] [1, 1, 1] : memref<2x10x40xf32> to memref<2x10x30xf32, strided<[400, 40, 1]>>
  linalg.map outs(%s : memref<2x10x30xf32, strided<[400, 40, 1]>>)
    (%init: f32) {
      linalg.yield %cst : f32
    }
  return
}
func.func @fill_const_inside(%p: memref<4x40xi32>) {
  linalg.map outs(%p : memref<4x40xi32>)
    (%init: i32) {
      %c = arith.constant 7 : i32
      linalg.yield %c : i32
    }
  return
}
func.func @not_fill(%p: memref<4x40xi32>) {
  linalg.map outs(%p : memref<4x40xi32>)
    (%init: i32) {
      linalg.yield %init : i32
    }
  return
}

// -----

// A fill followed by a copy into the middle of the same buffer (a padded
// input, as bufferization leaves a tensor.pad) is one loop nest over the
// buffer's rows: each 30-wide row is filled (two tiles of 15), then, for
// the 28 rows inside the window, its middle is copied from the source's
// row (row - 1) while the row is in cache. Marked for threads along the
// channels (the batch loop has one iteration).
// CHECK-LABEL: func.func @fill_then_copy
// CHECK-NOT:     linalg.map
// CHECK-NOT:     linalg.copy
// CHECK:         %[[WIN:.+]] = memref.subview %arg1[0, 0, 1, 1] [1, 4, 28, 28] [1, 1, 1, 1]
// CHECK:         scf.for %[[N:.+]] = %c0{{.*}} to %c1{{.*}} step %c1
// CHECK:           scf.for %[[C:.+]] = %c0{{.*}} to %c4 step %c1
// CHECK:             scf.for %[[R:.+]] = %c0{{.*}} to %c30 step %c1
// CHECK:               scf.for %[[J:.+]] = %c0{{.*}} to %c30{{.*}} step %c15
// CHECK:                 %[[PAD:.+]] = vector.broadcast %cst : f32 to vector<15xf32>
// CHECK:                 vector.transfer_write %[[PAD]], %arg1[%[[N]], %[[C]], %[[R]], %[[J]]] {in_bounds = [true]} : vector<15xf32>, memref<1x4x30x30xf32>
// CHECK:               %[[AT:.+]] = arith.subi %[[R]], %c1
// CHECK:               %[[IN:.+]] = arith.cmpi ult, %[[AT]], %c28
// CHECK:               scf.if %[[IN]] {
// CHECK:                 scf.for %[[K:.+]] = %c0{{.*}} to %c28{{.*}} step %c14
// CHECK:                   %[[V:.+]] = vector.transfer_read %arg0[%[[N]], %[[C]], %[[AT]], %[[K]]]{{.*}} : memref<1x4x28x28xf32>, vector<14xf32>
// CHECK:                   vector.transfer_write %[[V]], %[[WIN]][%[[N]], %[[C]], %[[AT]], %[[K]]]
// CHECK:               }
// CHECK:           } {mcg.parallel}
// CHECK-NOT:     scf.for
// CHECK:         return
// A store to the buffer between the fill and the copy keeps them apart.
// CHECK-LABEL: func.func @store_between
// CHECK:         memref.collapse_shape
// CHECK:         memref.store
// CHECK:         memref.subview
func.func @fill_then_copy(%x: memref<1x4x28x28xf32>, %p: memref<1x4x30x30xf32>) {
  %cst = arith.constant 0xFF800000 : f32
  linalg.map outs(%p : memref<1x4x30x30xf32>)
    (%init: f32) {
      linalg.yield %cst : f32
    }
  %s = memref.subview %p[0, 0, 1, 1] [1, 4, 28, 28] [1, 1, 1, 1] : memref<1x4x30x30xf32> to memref<1x4x28x28xf32, strided<[3600, 900, 30, 1], offset: 31>>
  linalg.copy ins(%x : memref<1x4x28x28xf32>) outs(%s : memref<1x4x28x28xf32, strided<[3600, 900, 30, 1], offset: 31>>)
  return
}
func.func @store_between(%x: memref<1x4x28x28xf32>, %p: memref<1x4x30x30xf32>) {
  %cst = arith.constant 0.0 : f32
  %c0 = arith.constant 0 : index
  linalg.map outs(%p : memref<1x4x30x30xf32>)
    (%init: f32) {
      linalg.yield %cst : f32
    }
  memref.store %cst, %p[%c0, %c0, %c0, %c0] : memref<1x4x30x30xf32>
  %s = memref.subview %p[0, 0, 1, 1] [1, 4, 28, 28] [1, 1, 1, 1] : memref<1x4x30x30xf32> to memref<1x4x28x28xf32, strided<[3600, 900, 30, 1], offset: 31>>
  linalg.copy ins(%x : memref<1x4x28x28xf32>) outs(%s : memref<1x4x28x28xf32, strided<[3600, 900, 30, 1], offset: 31>>)
  return
}
