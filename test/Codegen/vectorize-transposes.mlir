// vectorize-transposes: run-time transposes in blocks of lanes x lanes.
// RUN: mcg-opt %s --pass-pipeline='builtin.module(func.func(vectorize-transposes))' -split-input-file | FileCheck %s
// RUN: mcg-opt %s --pass-pipeline='builtin.module(func.func(vectorize-transposes{lanes=8}))' -split-input-file | FileCheck %s --check-prefix=AVX2
// RUN: not mcg-opt %s --pass-pipeline='builtin.module(func.func(vectorize-transposes{lanes=0}))' -split-input-file 2>&1 | FileCheck %s --check-prefix=BAD

// 20 x 35 -> 35 x 20: blocks of 16 x 16 read as 16 rows, transposed by
// shuffles of whole rows, written as 16 rows; the partial blocks (4 rows,
// 3 columns, both) peeled with static shapes.
// CHECK-LABEL: func.func @blocks
// CHECK:         scf.for {{.*}} to %c32 step %c16
// CHECK:           vector.transfer_read {{.*}} : tensor<16x16xf32>, vector<16x16xf32>
// CHECK:           vector.shuffle {{.*}} [0, 16, 1, 17, 4, 20, 5, 21, 8, 24, 9, 25, 12, 28, 13, 29] : vector<16xf32>, vector<16xf32>
// CHECK:           vector.transfer_write {{.*}} : vector<16x16xf32>, tensor<16x16xf32>
// CHECK:           vector.transfer_read {{.*}} : tensor<4x16xf32>, vector<4x16xf32>
// CHECK:           vector.transfer_write {{.*}} : vector<16x4xf32>, tensor<16x4xf32>
// CHECK:         } {mcg.parallel}
// CHECK:         vector.transfer_write {{.*}} : vector<3x16xf32>, tensor<3x16xf32>
// CHECK:         vector.transfer_write {{.*}} : vector<3x4xf32>, tensor<3x4xf32>
// CHECK-NOT:     linalg.
// AVX2-LABEL: func.func @blocks
// AVX2:         scf.for {{.*}} to %c32 step %c8
// AVX2:           scf.for {{.*}} to %c16{{.*}} step %c8
// AVX2:             vector.transfer_read {{.*}} : tensor<8x8xf32>, vector<8x8xf32>
// BAD: vectorize-transposes: lanes must be positive, got 0
func.func @blocks(%x: tensor<20x35xf32>) -> tensor<35x20xf32> {
  %e = tensor.empty() : tensor<35x20xf32>
  %t = linalg.transpose ins(%x : tensor<20x35xf32>) outs(%e : tensor<35x20xf32>) permutation = [1, 0]
  return %t : tensor<35x20xf32>
}

// -----

// A channels-last convolution's result back to NCHW, then its ReLU: one
// loop nest, the ReLU on each transposed 16 x 16 block (channels x
// columns), 42 columns = 2 x 16 + a peeled block of 10.
// CHECK-LABEL: func.func @fused_relu
// CHECK-NOT:     linalg.transpose
// CHECK:         scf.for {{.*}} to %c32 step %c16
// CHECK:           scf.for {{.*}} to %c6 step %c1
// CHECK:             scf.for {{.*}} to %c32{{.*}} step %c16
// CHECK:               vector.transfer_read {{.*}} : tensor<1x1x16x16xf32>, vector<1x1x16x16xf32>
// CHECK:               vector.shuffle
// CHECK:               arith.maximumf {{.*}} : vector<1x16x1x16xf32>
// CHECK:             arith.maximumf {{.*}} : vector<1x16x1x10xf32>
// CHECK:       } {mcg.parallel}
// CHECK-NOT:     scf.for
// CHECK:         return
func.func @fused_relu(%x: tensor<1x6x42x32xf32>) -> tensor<1x32x6x42xf32> {
  %e = tensor.empty() : tensor<1x32x6x42xf32>
  %t = linalg.transpose ins(%x : tensor<1x6x42x32xf32>) outs(%e : tensor<1x32x6x42xf32>) permutation = [0, 3, 1, 2]
  %zero = arith.constant 0.0 : f32
  %e2 = tensor.empty() : tensor<1x32x6x42xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%t : tensor<1x32x6x42xf32>) outs(%e2 : tensor<1x32x6x42xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.maximumf %in, %zero : f32
    linalg.yield %m : f32
  } -> tensor<1x32x6x42xf32>
  return %r : tensor<1x32x6x42xf32>
}

// -----

// Must not fire: a transposed constant argument is laid out at compile
// time by fold-constant-transposes.
// CHECK-LABEL: func.func @constant_weights
// CHECK:         linalg.transpose
// CHECK-NOT:     scf.for
func.func @constant_weights(%w: tensor<64x32xf32> {cgraph.constant}) -> tensor<32x64xf32> {
  %e = tensor.empty() : tensor<32x64xf32>
  %t = linalg.transpose ins(%w : tensor<64x32xf32>) outs(%e : tensor<32x64xf32>) permutation = [1, 0]
  return %t : tensor<32x64xf32>
}

// -----

// The innermost dimension stays: a copy of rows, left to
// vectorize-elementwise as a generic (no blocks).
// CHECK-LABEL: func.func @rows
// CHECK:         linalg.generic {indexing_maps = [#{{.*}}, #{{.*}}], iterator_types = ["parallel", "parallel", "parallel"]}
// CHECK-NOT:     scf.for
func.func @rows(%x: tensor<2x58x28xf32>) -> tensor<58x2x28xf32> {
  %e = tensor.empty() : tensor<58x2x28xf32>
  %t = linalg.transpose ins(%x : tensor<2x58x28xf32>) outs(%e : tensor<58x2x28xf32>) permutation = [1, 0, 2]
  return %t : tensor<58x2x28xf32>
}

// -----

// A transpose whose producer split a loop on threads (mcg.split_loop, set
// by vectorize-contractions on the transpose back from a channels-last
// convolution whose rows are on threads) puts that loop outermost and
// marks it: here the 28 rows, not the two blocks of 16 channels.
// CHECK-LABEL: func.func @split_rows
// CHECK:         scf.for %{{.*}} = %c0 to %c28 step %c1
// CHECK-NEXT:      scf.for %{{.*}} = %c0{{.*}} to %c1 step %c1
// CHECK-NEXT:        scf.for %{{.*}} = %c0{{.*}} to %c32 step %c16
// CHECK:               vector.transfer_read {{.*}} : tensor<1x1x16x16xf32>, vector<1x1x16x16xf32>
// CHECK:         } {mcg.parallel}
// Without it, the channel blocks are outermost and split.
// CHECK-LABEL: func.func @split_default
// CHECK:         scf.for %{{.*}} = %c0 to %c1 step %c1
// CHECK-NEXT:      scf.for %{{.*}} = %c0{{.*}} to %c32 step %c16
// CHECK-NEXT:        scf.for %{{.*}} = %c0{{.*}} to %c28 step %c1
// CHECK:         } {mcg.parallel}
func.func @split_rows(%x: tensor<1x28x28x32xf32>) -> tensor<1x32x28x28xf32> {
  %e = tensor.empty() : tensor<1x32x28x28xf32>
  %t = linalg.transpose ins(%x : tensor<1x28x28x32xf32>) outs(%e : tensor<1x32x28x28xf32>) permutation = [0, 3, 1, 2] {mcg.split_loop = 2 : i64}
  return %t : tensor<1x32x28x28xf32>
}
func.func @split_default(%x: tensor<1x28x28x32xf32>) -> tensor<1x32x28x28xf32> {
  %e = tensor.empty() : tensor<1x32x28x28xf32>
  %t = linalg.transpose ins(%x : tensor<1x28x28x32xf32>) outs(%e : tensor<1x32x28x28xf32>) permutation = [0, 3, 1, 2]
  return %t : tensor<1x32x28x28xf32>
}
