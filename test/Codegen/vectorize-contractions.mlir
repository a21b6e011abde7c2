// vectorize-contractions: register tiles for matmuls and convolutions.
// RUN: mcg-opt %s --pass-pipeline='builtin.module(func.func(vectorize-contractions))' -split-input-file | FileCheck %s
// RUN: mcg-opt %s --pass-pipeline='builtin.module(func.func(vectorize-contractions{m-tile=4 n-tile=16 k-tile=2}))' -split-input-file | FileCheck %s --check-prefix=SMALL
// RUN: mcg-opt %s --pass-pipeline='builtin.module(func.func(vectorize-contractions{threads=2}))' -split-input-file | FileCheck %s --check-prefix=THREADS

// 64x64x64: 8 x 32 x 8 tiles, each one vector.contract.
// CHECK-LABEL: func.func @matmul
// CHECK:         scf.for %{{.*}} = %c0 to %c64 step %c8
// CHECK:           scf.for %{{.*}} = %c0 to %c64 step %c32
// CHECK:             scf.for %{{.*}} = %c0 to %c64 step %c8
// CHECK:               vector.contract {{.*}} : vector<8x8xf32>, vector<8x32xf32> into vector<8x32xf32>
// CHECK-NOT:     linalg.matmul
// SMALL-LABEL: func.func @matmul
// SMALL:         vector.contract {{.*}} : vector<4x2xf32>, vector<2x16xf32> into vector<4x16xf32>
func.func @matmul(%a: tensor<64x64xf32>, %b: tensor<64x64xf32>, %c: tensor<64x64xf32>) -> tensor<64x64xf32> {
  %r = linalg.matmul ins(%a, %b : tensor<64x64xf32>, tensor<64x64xf32>) outs(%c : tensor<64x64xf32>) -> tensor<64x64xf32>
  return %r : tensor<64x64xf32>
}

// -----

// 36 columns -> tiles of 12 (a divisor; 18 would straddle two 16-lane
// registers). 27 rows have no divisor near 8: three tiles of 8 rows, then
// the partial tile of 3 rows peeled into loops of its own, static shapes.
// CHECK-LABEL: func.func @odd
// CHECK:         scf.for %{{.*}} = %c0 to %c24 step %c8
// CHECK:           scf.for %{{.*}} = %c0 to %c36 step %c12
// CHECK:             vector.contract {{.*}} : vector<8x8xf32>, vector<8x12xf32> into vector<8x12xf32>
// CHECK:         scf.for %{{.*}} = %c0 to %c36 step %c12
// CHECK:           tensor.extract_slice %{{.*}}[24, %{{.*}}] [3, 12] [1, 1]
// CHECK:           vector.contract {{.*}} : vector<3x8xf32>, vector<8x12xf32> into vector<3x12xf32>
func.func @odd(%a: tensor<27x16xf32>, %b: tensor<16x36xf32>, %c: tensor<27x36xf32>) -> tensor<27x36xf32> {
  %r = linalg.matmul ins(%a, %b : tensor<27x16xf32>, tensor<16x36xf32>) outs(%c : tensor<27x36xf32>) -> tensor<27x36xf32>
  return %r : tensor<27x36xf32>
}

// -----

// 197 columns (an attention score matrix) have no divisor that fills half
// a vector: six tiles of 32 columns, then one of 5.
// CHECK-LABEL: func.func @columns
// CHECK:         scf.for %{{.*}} = %c0 to %c192 step %c32
// CHECK:           vector.contract {{.*}} : vector<8x8xf32>, vector<8x32xf32> into vector<8x32xf32>
// CHECK:         tensor.extract_slice %{{.*}}[%{{.*}}, 192] [8, 5] [1, 1]
// CHECK:         vector.contract {{.*}} : vector<8x8xf32>, vector<8x5xf32> into vector<8x5xf32>
func.func @columns(%a: tensor<16x16xf32>, %b: tensor<16x197xf32>, %c: tensor<16x197xf32>) -> tensor<16x197xf32> {
  %r = linalg.matmul ins(%a, %b : tensor<16x16xf32>, tensor<16x197xf32>) outs(%c : tensor<16x197xf32>) -> tensor<16x197xf32>
  return %r : tensor<16x197xf32>
}

// -----

// 48 columns (whole vectors, as a 1x1 convolution's 784 positions) that
// tiles of 32 do not divide: one full tile and one of 16, not three tiles
// of 16 (half the accumulators per broadcast).
// CHECK-LABEL: func.func @whole_vector_columns
// CHECK:         vector.contract {{.*}} : vector<8x8xf32>, vector<8x32xf32> into vector<8x32xf32>
// CHECK:         tensor.extract_slice %{{.*}}[%{{.*}}, 32] [8, 16] [1, 1]
// CHECK:         vector.contract {{.*}} : vector<8x8xf32>, vector<8x16xf32> into vector<8x16xf32>
// CHECK-NOT:     vector.contract
func.func @whole_vector_columns(%a: tensor<16x16xf32>, %b: tensor<16x48xf32>, %c: tensor<16x48xf32>) -> tensor<16x48xf32> {
  %r = linalg.matmul ins(%a, %b : tensor<16x16xf32>, tensor<16x48xf32>) outs(%c : tensor<16x48xf32>) -> tensor<16x48xf32>
  return %r : tensor<16x48xf32>
}

// -----

// Rows in the outer of two m dimensions (a 197 x 1 x 768 operand times a
// weight): tiles of 8 x 1 rows, peeled at 192, not 197 tiles of one row.
// CHECK-LABEL: func.func @outer_rows
// CHECK:         scf.for %{{.*}} = %c0 to %c192 step %c8
// CHECK:           vector.contract {{.*}} : vector<8x8xf32>, vector<8x32xf32> into vector<8x32xf32>
// CHECK:         vector.contract {{.*}} : vector<5x8xf32>, vector<8x32xf32> into vector<5x32xf32>
#lhs = affine_map<(b, m, n, k) -> (b, m, k)>
#rhs = affine_map<(b, m, n, k) -> (k, n)>
#out = affine_map<(b, m, n, k) -> (b, m, n)>
func.func @outer_rows(%a: tensor<197x1x16xf32>, %b: tensor<16x64xf32>, %c: tensor<197x1x64xf32>) -> tensor<197x1x64xf32> {
  %r = linalg.generic {indexing_maps = [#lhs, #rhs, #out], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
      ins(%a, %b : tensor<197x1x16xf32>, tensor<16x64xf32>) outs(%c : tensor<197x1x64xf32>) {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  } -> tensor<197x1x64xf32>
  return %r : tensor<197x1x64xf32>
}

// -----

// A unit-stride convolution (24 filters: not a multiple of the 16 lanes,
// so output columns go on the lanes) is tiled to f x ow x c tiles, one
// output row and one filter tap each: each tile is a matrix product on contiguous
// input rows (no im2col copy), reading the filter transposed to
// KH x KW x F x C so that each tap's block is contiguous rows.
// CHECK-LABEL: func.func @conv
// CHECK:         linalg.transpose ins(%arg1 : tensor<24x8x3x3xf32>) outs(%{{.*}} : tensor<3x3x24x8xf32>) permutation = [2, 3, 0, 1]
// CHECK:         scf.for {{.*}} step %c8
// CHECK:           scf.for {{.*}} to %c3 step %c1
// CHECK:             scf.for {{.*}} to %c3 step %c1
// CHECK:               vector.contract {{.*}} : vector<8x8xf32>, vector<8x8xf32> into vector<8x8xf32>
// CHECK-NOT:     linalg.conv_2d_nchw_fchw
func.func @conv(%x: tensor<1x8x10x10xf32>, %w: tensor<24x8x3x3xf32>, %o: tensor<1x24x8x8xf32>) -> tensor<1x24x8x8xf32> {
  %r = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%x, %w : tensor<1x8x10x10xf32>, tensor<24x8x3x3xf32>) outs(%o : tensor<1x24x8x8xf32>) -> tensor<1x24x8x8xf32>
  return %r : tensor<1x24x8x8xf32>
}

// -----

// A convolution whose only reader is an elementwise epilogue (a fused
// group's ReLU + residual add) is computed inside the epilogue's tile loops:
// per 8 x 32 output tile, the bias broadcast, the reduction loops over
// channels and taps, then the epilogue on the tile in registers. No pass
// over the whole output is left.
// CHECK-LABEL: func.func @conv_epilogue
// CHECK:         scf.for {{.*}} to %c24 step %c8
// CHECK:           scf.for {{.*}} to %c8 step %c1
// CHECK:             scf.for {{.*}} to %c8 step %c8
// CHECK:               vector.transfer_read {{.*}}permutation_map = {{.*}} : tensor<8xf32>, vector<8x8xf32>
// CHECK:               scf.for {{.*}} to %c8 step %c8
// CHECK:                 scf.for {{.*}} to %c3 step %c1
// CHECK:                   scf.for {{.*}} to %c3 step %c1
// CHECK:                     vector.contract
// CHECK:               arith.maximumf {{.*}} : vector<8x8xf32>
// CHECK:               arith.addf {{.*}} : vector<8x8xf32>
// CHECK:               vector.transfer_write
// CHECK:         } {mcg.parallel}
// CHECK-NOT:     linalg.generic
// CHECK-NOT:     linalg.conv_2d_nchw_fchw
// CHECK:         return
func.func @conv_epilogue(%x: tensor<1x8x10x10xf32>, %w: tensor<24x8x3x3xf32>, %b: tensor<24xf32>, %res: tensor<1x24x8x8xf32>) -> tensor<1x24x8x8xf32> {
  %e = tensor.empty() : tensor<1x24x8x8xf32>
  %init = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d1)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%b : tensor<24xf32>) outs(%e : tensor<1x24x8x8xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<1x24x8x8xf32>
  %c = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%x, %w : tensor<1x8x10x10xf32>, tensor<24x8x3x3xf32>) outs(%init : tensor<1x24x8x8xf32>) -> tensor<1x24x8x8xf32>
  %e2 = tensor.empty() : tensor<1x24x8x8xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%c, %res : tensor<1x24x8x8xf32>, tensor<1x24x8x8xf32>) outs(%e2 : tensor<1x24x8x8xf32>) {
  ^bb0(%in: f32, %in2: f32, %out: f32):
    %zero = arith.constant 0.0 : f32
    %m = arith.maximumf %in, %zero : f32
    %a = arith.addf %m, %in2 : f32
    linalg.yield %a : f32
  } -> tensor<1x24x8x8xf32>
  return %r : tensor<1x24x8x8xf32>
}

// -----

// A matmul whose only reader is an elementwise epilogue (bias + ReLU of a
// fused group) is computed the same way: per 8 x 32 tile, zeroed
// accumulator, the reduction loop, then the epilogue in registers.
// CHECK-LABEL: func.func @matmul_epilogue
// CHECK:         scf.for {{.*}} to %c24 step %c8
// CHECK:           scf.for {{.*}} to %c64 step %c32
// CHECK:             vector.transfer_write %cst{{.*}} : vector<8x32xf32>, tensor<8x32xf32>
// CHECK:             scf.for {{.*}} to %c40 step %c8
// CHECK:               vector.contract
// CHECK:             arith.addf {{.*}} : vector<8x32xf32>
// CHECK:             arith.maximumf {{.*}} : vector<8x32xf32>
// CHECK:             vector.transfer_write
// CHECK:         } {mcg.parallel}
// CHECK-NOT:     linalg.
// CHECK:         return
func.func @matmul_epilogue(%a: tensor<24x40xf32>, %b: tensor<40x64xf32>, %bias: tensor<64xf32>) -> tensor<24x64xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<24x64xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<24x64xf32>) -> tensor<24x64xf32>
  %m = linalg.matmul ins(%a, %b : tensor<24x40xf32>, tensor<40x64xf32>) outs(%z : tensor<24x64xf32>) -> tensor<24x64xf32>
  %e2 = tensor.empty() : tensor<24x64xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]}
      ins(%m, %bias : tensor<24x64xf32>, tensor<64xf32>) outs(%e2 : tensor<24x64xf32>) {
  ^bb0(%in: f32, %bb: f32, %out: f32):
    %s = arith.addf %in, %bb : f32
    %y = arith.maximumf %s, %zero : f32
    linalg.yield %y : f32
  } -> tensor<24x64xf32>
  return %r : tensor<24x64xf32>
}

// -----

// With a right operand of at least pack-min-bytes, a matmul packs it into
// panels of n-tile columns (Bp[N/32, K, 32], one transpose per call) and
// runs in blocks of pack-n columns x pack-k steps; each register tile reads
// its panel rows contiguously.
// RUN: mcg-opt %s --pass-pipeline='builtin.module(func.func(vectorize-contractions{pack-min-bytes=16384 pack-n=64 pack-k=32}))' -split-input-file | FileCheck %s --check-prefix=PACK
// PACK-LABEL: func.func @packed
// PACK:         %[[B3:.*]] = tensor.expand_shape %arg1 {{\[}}[0], [1, 2]] output_shape [64, 4, 32]
// PACK:         %[[BP:.*]] = linalg.transpose ins(%[[B3]] : tensor<64x4x32xf32>) outs(%{{.*}} : tensor<4x64x32xf32>) permutation = [1, 0, 2]
// PACK:         tensor.expand_shape %arg2 {{\[}}[0], [1, 2]] output_shape [32, 4, 32]
// PACK:         scf.for {{.*}} to %c4 step %c2
// PACK:           scf.for {{.*}} to %c64 step %c32
// PACK:             tensor.extract_slice %[[BP]]
// PACK:             scf.for {{.*}} to %c32 step %c8
// PACK:               scf.for {{.*}} to %c2 step %c1
// PACK:                 scf.for {{.*}} to %c32 step %c8
// PACK:                   vector.contract
// PACK:         tensor.collapse_shape {{.*}} {{\[}}[0], [1, 2]] : tensor<32x4x32xf32> into tensor<32x128xf32>
// The default threshold is 1 MiB.
// CHECK-LABEL: func.func @packed
// CHECK-NOT:     linalg.transpose
// CHECK:         return
func.func @packed(%a: tensor<32x64xf32>, %b: tensor<64x128xf32>, %c: tensor<32x128xf32>) -> tensor<32x128xf32> {
  %r = linalg.matmul ins(%a, %b : tensor<32x64xf32>, tensor<64x128xf32>) outs(%c : tensor<32x128xf32>) -> tensor<32x128xf32>
  return %r : tensor<32x128xf32>
}

// -----

// (12 filters: not a multiple of the lanes, so columns stay on the lanes.)
// Columns are a multiple of the vector's lanes or fit in one vector: an
// output 28 wide takes tiles of 14 columns (28 would straddle two 16-lane
// registers). One 112 wide (7 whole vectors) takes three full tiles of 32
// and one of 16; with lanes=8 (n-tile 16), tiles of 7 and 16.
// CHECK-LABEL: func.func @conv_columns
// CHECK:         scf.for {{.*}} to %c28 step %c14
// CHECK:         scf.for {{.*}} to %c96 step %c32
// CHECK:           vector.contract {{.*}} into vector<6x32xf32>
// CHECK:         vector.contract {{.*}} into vector<6x16xf32>
// RUN: mcg-opt %s --pass-pipeline='builtin.module(func.func(vectorize-contractions{lanes=8 n-tile=16 m-tile=4}))' -split-input-file | FileCheck %s --check-prefix=AVX2
// AVX2-LABEL: func.func @conv_columns
// AVX2:         scf.for {{.*}} to %c28 step %c7
// AVX2:         scf.for {{.*}} to %c112 step %c16
func.func @conv_columns(%x: tensor<1x8x30x30xf32>, %w: tensor<12x8x3x3xf32>, %o: tensor<1x12x28x28xf32>,
                        %x2: tensor<1x8x1x114xf32>, %w2: tensor<12x8x1x3xf32>, %o2: tensor<1x12x1x112xf32>) -> (tensor<1x12x28x28xf32>, tensor<1x12x1x112xf32>) {
  %c = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%x, %w : tensor<1x8x30x30xf32>, tensor<12x8x3x3xf32>) outs(%o : tensor<1x12x28x28xf32>) -> tensor<1x12x28x28xf32>
  %c2 = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%x2, %w2 : tensor<1x8x1x114xf32>, tensor<12x8x1x3xf32>) outs(%o2 : tensor<1x12x1x112xf32>) -> tensor<1x12x1x112xf32>
  return %c, %c2 : tensor<1x12x28x28xf32>, tensor<1x12x1x112xf32>
}

// -----

// An output at most half a vector wide (7 columns, 16 lanes) with 32
// channels is computed channels-last: T[n, oh, ow, fo, fi] from the filter
// in blocks of 32 channels, Wb[fo, kh, kw, c, fi], tiles of 7 output
// columns x 32 channels x 8 input channels (rows of channels on the
// lanes), block by block, then transposed back to NCHW. The initial value
// is transposed straight into the blocked shape.
// CHECK-LABEL: func.func @conv_channels_on_lanes
// CHECK:         %[[W5:.*]] = tensor.expand_shape %arg1 {{\[}}[0, 1], [2], [3], [4]] output_shape [1, 32, 16, 3, 3]
// CHECK:         linalg.transpose ins(%[[W5]] : tensor<1x32x16x3x3xf32>) outs(%{{.*}} : tensor<1x3x3x16x32xf32>) permutation = [0, 3, 4, 2, 1]
// CHECK:         linalg.transpose ins(%{{.*}} : tensor<1x1x32x7x7xf32>) outs(%{{.*}} : tensor<1x7x7x1x32xf32>) permutation = [0, 3, 4, 1, 2]
// CHECK:         scf.for {{.*}} to %c7 step %c1
// CHECK:           scf.for {{.*}} to %c32 step %c32
// CHECK:             scf.for {{.*}} to %c16 step %c8
// CHECK:               vector.contract {{.*}} : vector<8x7xf32>, vector<8x32xf32> into vector<7x32xf32>
// CHECK:         linalg.transpose ins(%{{.*}} : tensor<1x7x7x32xf32>) outs(%{{.*}} : tensor<1x32x7x7xf32>) permutation = [0, 3, 1, 2]
func.func @conv_channels_on_lanes(%x: tensor<1x16x9x9xf32>, %w: tensor<32x16x3x3xf32>, %o: tensor<1x32x7x7xf32>) -> tensor<1x32x7x7xf32> {
  %r = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%x, %w : tensor<1x16x9x9xf32>, tensor<32x16x3x3xf32>) outs(%o : tensor<1x32x7x7xf32>) -> tensor<1x32x7x7xf32>
  return %r : tensor<1x32x7x7xf32>
}

// -----

// The input channels of a channels-last convolution run in two levels:
// outer steps of 16 (a 3 x 3 x 16 x 32 filter slice, 18 KB, stays in L1
// while every output row passes over it), then the register tiles' steps
// of 8. Four filter blocks: the block loop is outermost and split across
// threads; one or two blocks: output rows go outermost and are split
// instead.
// CHECK-LABEL: func.func @conv_filter_slices
// CHECK:         scf.for %[[FO:.*]] = %c0 to %c4 step %c1
// CHECK:           tensor.extract_slice %{{.*}}[%[[FO]], 0, 0, 0, 0] [1, 3, 3, 64, 32]
// CHECK-NOT:       scf.for
// CHECK:           scf.for %[[C:.*]] = %c0 to %c64 step %c16
// CHECK:             tensor.extract_slice %{{.*}}[0, 0, 0, %[[C]], 0] [1, 3, 3, 16, 32]
// CHECK:             scf.for {{.*}} to %c7 step %c1
// CHECK:               scf.for {{.*}} to %c16 step %c8
// CHECK:                 vector.contract {{.*}} : vector<8x7xf32>, vector<8x32xf32> into vector<7x32xf32>
// CHECK:         } {mcg.parallel}
// CHECK:         scf.for {{.*}} = %c0 to %c7 step %c1
// CHECK-NEXT:      scf.for {{.*}} = %c0 to %c2 step %c1
// CHECK-NOT:         scf.for
// CHECK:             scf.for {{.*}} = %c0 to %c64 step %c16
// CHECK:                 vector.contract {{.*}} : vector<8x7xf32>, vector<8x32xf32> into vector<7x32xf32>
// CHECK:         } {mcg.parallel}
func.func @conv_filter_slices(%x: tensor<1x64x9x9xf32>, %w: tensor<128x64x3x3xf32>, %o: tensor<1x128x7x7xf32>,
                              %w2: tensor<64x64x3x3xf32>, %o2: tensor<1x64x7x7xf32>) -> (tensor<1x128x7x7xf32>, tensor<1x64x7x7xf32>) {
  %r = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%x, %w : tensor<1x64x9x9xf32>, tensor<128x64x3x3xf32>) outs(%o : tensor<1x128x7x7xf32>) -> tensor<1x128x7x7xf32>
  %r2 = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%x, %w2 : tensor<1x64x9x9xf32>, tensor<64x64x3x3xf32>) outs(%o2 : tensor<1x64x7x7xf32>) -> tensor<1x64x7x7xf32>
  return %r, %r2 : tensor<1x128x7x7xf32>, tensor<1x64x7x7xf32>
}

// -----

// Blocks of 16 channels (48 = 3 x 16, no block of 32): the tile takes 14
// output columns, as many accumulators as a block of 32 with 7 columns.
// CHECK-LABEL: func.func @conv_narrow_blocks
// CHECK:         scf.for {{.*}} = %c0 to %c3 step %c1 iter_args({{.*}}) -> (tensor<1x14x14x3x16xf32>)
// CHECK:           vector.contract {{.*}} : vector<8x14xf32>, vector<8x16xf32> into vector<14x16xf32>
// CHECK-NOT:       vector<8x7xf32>
func.func @conv_narrow_blocks(%x: tensor<1x16x16x16xf32>, %w: tensor<48x16x3x3xf32>, %o: tensor<1x48x14x14xf32>) -> tensor<1x48x14x14xf32> {
  %r = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%x, %w : tensor<1x16x16x16xf32>, tensor<48x16x3x3xf32>) outs(%o : tensor<1x48x14x14xf32>) -> tensor<1x48x14x14xf32>
  return %r : tensor<1x48x14x14xf32>
}

// -----

// Output rows of 17 (inception_v3's 17 x 17 maps): tiles of 9 and 8
// columns, not 8, 8 and a single column whose accumulators would make one
// chain of dependent multiply-adds.
// CHECK-LABEL: func.func @conv_rows_of_17
// CHECK:         vector.contract {{.*}} : vector<8x9xf32>, vector<8x32xf32> into vector<9x32xf32>
// CHECK:         vector.contract {{.*}} : vector<8x8xf32>, vector<8x32xf32> into vector<8x32xf32>
// CHECK-NOT:     into vector<32xf32>
func.func @conv_rows_of_17(%x: tensor<1x16x19x19xf32>, %w: tensor<64x16x3x3xf32>, %o: tensor<1x64x17x17xf32>) -> tensor<1x64x17x17xf32> {
  %r = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%x, %w : tensor<1x16x19x19xf32>, tensor<64x16x3x3xf32>) outs(%o : tensor<1x64x17x17xf32>) -> tensor<1x64x17x17xf32>
  return %r : tensor<1x64x17x17xf32>
}

// -----

// Three filter blocks (96 channels): on one thread (and three) the block
// loop is outermost and the one split; on two threads (threads=2), which
// three blocks would leave one thread twice the other's work, output rows
// go outermost and are split instead.
// CHECK-LABEL: func.func @conv_blocks_threads
// CHECK:         scf.for {{.*}} = %c0 to %c3 step %c1
// CHECK:           scf.for {{.*}} = %c0 to %c16 step %c16
// CHECK:             scf.for {{.*}} = %c0 to %c7 step %c1
// CHECK:         } {mcg.parallel}
// THREADS-LABEL: func.func @conv_blocks_threads
// THREADS:         scf.for {{.*}} = %c0 to %c7 step %c1
// THREADS-NEXT:      scf.for {{.*}} = %c0 to %c3 step %c1
// THREADS:             scf.for {{.*}} = %c0 to %c16 step %c16
// THREADS:               vector.contract {{.*}} : vector<8x7xf32>, vector<8x32xf32> into vector<7x32xf32>
// THREADS:         } {mcg.parallel}
func.func @conv_blocks_threads(%x: tensor<1x16x9x9xf32>, %w: tensor<96x16x3x3xf32>, %o: tensor<1x96x7x7xf32>) -> tensor<1x96x7x7xf32> {
  %r = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%x, %w : tensor<1x16x9x9xf32>, tensor<96x16x3x3xf32>) outs(%o : tensor<1x96x7x7xf32>) -> tensor<1x96x7x7xf32>
  return %r : tensor<1x96x7x7xf32>
}

// -----

// Rows of 35 columns take tiles of 32 + 3: 3 vectors for 35 columns leave
// 27% of their lanes empty, so 32 channels go on the lanes (tiles of 7
// columns x 32 channels), and the bias broadcast that starts the
// accumulator is written channels-last directly (no transpose of it): one
// vector per output column, in the parallel loop over rows (one filter
// block), right before the tiles of that row accumulate into it. Rows of
// 64 fill their vectors and stay on the lanes (must not fire).
// CHECK-LABEL: func.func @conv_lane_use
// CHECK-NOT:     linalg.transpose ins(%{{.*}} : tensor<1x32x35x35xf32>)
// CHECK-NOT:     linalg.generic
// CHECK:         tensor.expand_shape %arg2 {{\[}}[0, 1]] output_shape [1, 32]
// CHECK:         scf.for {{.*}} = %c0 to %c35 step %c1
// CHECK-NEXT:      scf.for {{.*}} = %c0 to %c1 step %c1
// CHECK:             vector.transfer_read {{.*}} : tensor<1x32xf32>, vector<32xf32>
// CHECK:             vector.transfer_write %{{.*}} : vector<32xf32>, tensor<1x1x1x1x32xf32>
// CHECK:           scf.for {{.*}} to %c35 step %c7
// CHECK:           vector.contract {{.*}} : vector<8x7xf32>, vector<8x32xf32> into vector<7x32xf32>
// CHECK:         linalg.transpose ins(%{{.*}} : tensor<1x35x35x32xf32>) outs(%{{.*}} : tensor<1x32x35x35xf32>) permutation = [0, 3, 1, 2]
// CHECK:         scf.for {{.*}} to %c64 step %c32
// CHECK:           vector.contract {{.*}} : vector<8x8xf32>, vector<8x32xf32> into vector<8x32xf32>
#bias = affine_map<(d0, d1, d2, d3) -> (d1)>
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
func.func @conv_lane_use(%x: tensor<1x8x37x37xf32>, %w: tensor<32x8x3x3xf32>, %b: tensor<32xf32>,
                         %x2: tensor<1x8x4x66xf32>, %o2: tensor<1x32x2x64xf32>) -> (tensor<1x32x35x35xf32>, tensor<1x32x2x64xf32>) {
  %e = tensor.empty() : tensor<1x32x35x35xf32>
  %init = linalg.generic {indexing_maps = [#bias, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%b : tensor<32xf32>) outs(%e : tensor<1x32x35x35xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<1x32x35x35xf32>
  %c = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%x, %w : tensor<1x8x37x37xf32>, tensor<32x8x3x3xf32>) outs(%init : tensor<1x32x35x35xf32>) -> tensor<1x32x35x35xf32>
  %c2 = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%x2, %w : tensor<1x8x4x66xf32>, tensor<32x8x3x3xf32>) outs(%o2 : tensor<1x32x2x64xf32>) -> tensor<1x32x2x64xf32>
  return %c, %c2 : tensor<1x32x35x35xf32>, tensor<1x32x2x64xf32>
}

// -----

// Ops outside the tile loops keep their rank: the input's tensor.pad stays
// 4-D (rank-reducing it would add an insert_slice into a fresh tensor, one
// more copy of the padded input after bufferization).
// CHECK-LABEL: func.func @padded_conv
// CHECK:         %[[P:.*]] = tensor.pad %arg0 low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK:         } : tensor<1x8x8x8xf32> to tensor<1x8x10x10xf32>
// CHECK-NOT:     tensor.insert_slice %[[P]]
// CHECK:         vector.contract
func.func @padded_conv(%x: tensor<1x8x8x8xf32>, %w: tensor<16x8x3x3xf32>, %o: tensor<1x16x8x8xf32>) -> tensor<1x16x8x8xf32> {
  %zero = arith.constant 0.0 : f32
  %p = tensor.pad %x low[0, 0, 1, 1] high[0, 0, 1, 1] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %zero : f32
  } : tensor<1x8x8x8xf32> to tensor<1x8x10x10xf32>
  %r = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%p, %w : tensor<1x8x10x10xf32>, tensor<16x8x3x3xf32>) outs(%o : tensor<1x16x8x8xf32>) -> tensor<1x16x8x8xf32>
  return %r : tensor<1x16x8x8xf32>
}

// -----

// Stride 2 over an even padded input: one copy splits the input into its
// 2 x 2 phases, Q[n, c, a, b, i, j] = P[n, c, 2i + a, 2j + b], and the
// convolution reads Q[.., kh mod 2, kw mod 2, oh + kh floordiv 2,
// ow + kw floordiv 2]: unit stride, tiled like a unit-stride convolution.
// The copy reads each input row whole and splits it into its even and odd
// columns (vector.deinterleave), channels on threads.
// CHECK-LABEL: func.func @strided_conv_phases
// CHECK:         scf.for %[[N:.+]] = %c0 to %c1 step %c1
// CHECK:           scf.for %[[C:.+]] = %c0 to %c8 step %c1
// CHECK:             scf.for %[[H:.+]] = %c0 to %c10 step %c1
// CHECK:               %[[A:.+]] = arith.remui %[[H]], %c2 : index
// CHECK:               %[[I:.+]] = arith.divui %[[H]], %c2 : index
// CHECK:               %[[ROW:.+]] = vector.transfer_read %arg0[%[[N]], %[[C]], %[[H]], %c0], %{{.*}} {in_bounds = [true]} : tensor<1x8x10x10xf32>, vector<10xf32>
// CHECK:               %[[EVEN:.+]], %[[ODD:.+]] = vector.deinterleave %[[ROW]] : vector<10xf32> -> vector<5xf32>
// CHECK:               %[[Q:.+]] = vector.transfer_write %[[EVEN]], %{{.*}}[%[[N]], %[[C]], %[[A]], %c0, %[[I]], %c0] {in_bounds = [true]} : vector<5xf32>, tensor<1x8x2x2x5x5xf32>
// CHECK:               vector.transfer_write %[[ODD]], %[[Q]][%[[N]], %[[C]], %[[A]], %c1, %[[I]], %c0]
// CHECK:           } {mcg.parallel}
// CHECK:         scf.for {{.*}} to %c3 step %c1
// CHECK:           scf.for {{.*}} to %c3 step %c1
// CHECK:             vector.contract {{.*}} : vector<8x8xf32>, vector<8x4xf32> into vector<8x4xf32>
// CHECK-NOT:     linalg.conv_2d_nchw_fchw
func.func @strided_conv_phases(%x: tensor<1x8x10x10xf32>, %w: tensor<24x8x3x3xf32>, %o: tensor<1x24x4x4xf32>) -> tensor<1x24x4x4xf32> {
  %r = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
      ins(%x, %w : tensor<1x8x10x10xf32>, tensor<24x8x3x3xf32>) outs(%o : tensor<1x24x4x4xf32>) -> tensor<1x24x4x4xf32>
  return %r : tensor<1x24x4x4xf32>
}

// -----

// A strided convolution whose input outweighs its filter (a stem: 3
// channels) splits its filter tiles on threads when there is one thread
// (the phase split its channels) but its output rows on two (threads=2):
// the phase split's row loop and the tiles' row loop are then outermost
// and marked, so each thread reads the phase rows it wrote.
// CHECK-LABEL: func.func @strided_conv_rows_on_threads
// CHECK:         scf.for {{.*}} = %c0 to %c3 step %c1
// CHECK-NEXT:      scf.for %[[R:.+]] = %c0 to %c34 step %c1
// CHECK-NEXT:        arith.remui %[[R]], %c2
// CHECK:         } {mcg.parallel}
// CHECK:         scf.for {{.*}} = %c0 to %c16 step %c8
// CHECK-NEXT:      scf.for {{.*}} = %c0 to %c16 step %c1
// CHECK:         } {mcg.parallel}
// THREADS-LABEL: func.func @strided_conv_rows_on_threads
// THREADS:         scf.for %[[R:.+]] = %c0 to %c34 step %c1
// THREADS-NEXT:      scf.for {{.*}} = %c0 to %c3 step %c1
// THREADS-NEXT:        arith.remui %[[R]], %c2
// THREADS:         } {mcg.parallel}
// THREADS:         scf.for {{.*}} = %c0 to %c16 step %c1
// THREADS-NEXT:      scf.for {{.*}} = %c0 to %c1 step %c1
// THREADS-NEXT:        scf.for {{.*}} = %c0 to %c16 step %c8
// THREADS:               vector.contract
// THREADS:         } {mcg.parallel}
func.func @strided_conv_rows_on_threads(%x: tensor<1x3x34x34xf32>, %w: tensor<16x3x3x3xf32>, %o: tensor<1x16x16x16xf32>) -> tensor<1x16x16x16xf32> {
  %r = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
      ins(%x, %w : tensor<1x3x34x34xf32>, tensor<16x3x3x3xf32>) outs(%o : tensor<1x16x16x16xf32>) -> tensor<1x16x16x16xf32>
  return %r : tensor<1x16x16x16xf32>
}

// -----

// The same for a strided convolution computed channels-last (rows of 17
// fill 53% of two vectors' lanes) with four filter blocks: on one thread
// the phase split takes channels and the block loop is outermost and
// marked; on two, the phase split's rows and the output rows (resnet18's
// 64 -> 128 channel 3x3 / 2 layer on 56 x 56, alone on two threads: 0.71
// -> 0.39 ms).
// CHECK-LABEL: func.func @strided_channels_last_rows_on_threads
// CHECK:         scf.for {{.*}} = %c0 to %c4 step %c1
// CHECK-NEXT:      scf.for %[[R:.+]] = %c0 to %c36 step %c1
// CHECK-NEXT:        arith.remui %[[R]], %c2
// CHECK:         } {mcg.parallel}
// CHECK:         scf.for {{.*}} = %c0 to %c4 step %c1 iter_args({{.*}}) -> (tensor<1x17x17x4x32xf32>)
// CHECK:         } {mcg.parallel}
// THREADS-LABEL: func.func @strided_channels_last_rows_on_threads
// THREADS:         scf.for %[[R:.+]] = %c0 to %c36 step %c1
// THREADS-NEXT:      scf.for {{.*}} = %c0 to %c4 step %c1
// THREADS-NEXT:        arith.remui %[[R]], %c2
// THREADS:         } {mcg.parallel}
// THREADS:         scf.for {{.*}} = %c0 to %c17 step %c1 iter_args({{.*}}) -> (tensor<1x17x17x4x32xf32>)
// THREADS-NEXT:      scf.for {{.*}} = %c0 to %c4 step %c1
// THREADS:         } {mcg.parallel}
func.func @strided_channels_last_rows_on_threads(%x: tensor<1x4x36x36xf32>, %w: tensor<128x4x3x3xf32>, %o: tensor<1x128x17x17xf32>) -> tensor<1x128x17x17xf32> {
  %r = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
      ins(%x, %w : tensor<1x4x36x36xf32>, tensor<128x4x3x3xf32>) outs(%o : tensor<1x128x17x17xf32>) -> tensor<1x128x17x17xf32>
  return %r : tensor<1x128x17x17xf32>
}

// -----

// A unit-stride convolution of one filter block (32 channels) splits its
// output rows on two threads; its padded input is then copied row by row,
// padded rows outermost and marked, channels inside (no tensor.pad, whose
// copy split channels: each thread read rows the other core wrote), and
// the transpose back to NCHW is marked to split rows too. One thread keeps
// the tensor.pad.
// CHECK-LABEL: func.func @padded_conv_rows_on_threads
// CHECK:         tensor.pad
// THREADS-LABEL: func.func @padded_conv_rows_on_threads
// THREADS-NOT:     tensor.pad
// THREADS:         scf.for %[[R:.+]] = %c0 to %c30 step %c1
// THREADS-NEXT:      scf.for {{.*}} = %c0 to %c16 step %c1
// THREADS-NEXT:        arith.subi %[[R]], %c1
// THREADS:         } {mcg.parallel}
// THREADS:         scf.for {{.*}} = %c0 to %c28 step %c1
// THREADS:               vector.contract
// THREADS:         } {mcg.parallel}
// THREADS:         linalg.transpose {{.*}} permutation = [0, 3, 1, 2] {mcg.split_loop = 2 : i64}
// CHECK-NOT:       mcg.split_loop
func.func @padded_conv_rows_on_threads(%x: tensor<1x16x28x28xf32>, %w: tensor<32x16x3x3xf32>, %o: tensor<1x32x28x28xf32>) -> tensor<1x32x28x28xf32> {
  %zero = arith.constant 0.0 : f32
  %p = tensor.pad %x low[0, 0, 1, 1] high[0, 0, 1, 1] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %zero : f32
  } : tensor<1x16x28x28xf32> to tensor<1x16x30x30xf32>
  %r = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%p, %w : tensor<1x16x30x30xf32>, tensor<32x16x3x3xf32>) outs(%o : tensor<1x32x28x28xf32>) -> tensor<1x32x28x28xf32>
  return %r : tensor<1x32x28x28xf32>
}

// -----

// A stride-2 convolution over an odd-sized input gets one more row and
// column (which no window reads) and then reads its phases like an even
// one (16 filters on the lanes: channels-last tiles of 4 columns). No
// padded copy: the split reads rows 0-8 of the input (8 columns
// deinterleaved, the ninth alone) and writes zeros for row and column 9.
// CHECK-LABEL: func.func @strided_conv_odd
// CHECK-NOT:     tensor.pad
// CHECK:         %[[INSIDE:.+]] = arith.andi
// CHECK:         scf.if %[[INSIDE]] -> (tensor<1x8x2x2x5x5xf32>)
// CHECK:           vector.transfer_read %arg0{{.*}} : tensor<1x8x9x9xf32>, vector<8xf32>
// CHECK:           vector.deinterleave %{{.*}} : vector<8xf32> -> vector<4xf32>
// CHECK:           vector.transfer_read %arg0[{{.*}}, %c8], {{.*}} : tensor<1x8x9x9xf32>, vector<1xf32>
// CHECK:           vector.transfer_write {{.*}}[{{.*}}, %c1, %{{.*}}, %c4] {{.*}} : vector<1xf32>, tensor<1x8x2x2x5x5xf32>
// CHECK:         } else {
// CHECK:           vector.transfer_write {{.*}} : vector<5xf32>, tensor<1x8x2x2x5x5xf32>
// CHECK:         vector.contract {{.*}} : vector<8x4xf32>, vector<8x16xf32> into vector<4x16xf32>
// CHECK-NOT:     linalg.conv_2d_nchw_fchw
func.func @strided_conv_odd(%x: tensor<1x8x9x9xf32>, %w: tensor<16x8x3x3xf32>, %o: tensor<1x16x4x4xf32>) -> tensor<1x16x4x4xf32> {
  %r = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
      ins(%x, %w : tensor<1x8x9x9xf32>, tensor<16x8x3x3xf32>) outs(%o : tensor<1x16x4x4xf32>) -> tensor<1x16x4x4xf32>
  return %r : tensor<1x16x4x4xf32>
}

// -----

// Stride 4 with a 5 x 5 window (alexnet's 11 x 11 / 4 stem is the same
// case): windows overlap, so the input is split into its 4 x 4 phases,
// each row separated by column mod 4 with two levels of deinterleave
// (mod 2, then mod 4); the 21st column, short of a group, goes alone to
// phase 0 and the other phases get padding there. Rows 21-23 (the last
// phase row, which no window reads) are padding. 16 filters on the lanes:
// channels-last tiles over the phases.
// CHECK-LABEL: func.func @strided_conv_phases_4
// CHECK:         scf.for %[[H:.+]] = %c0 to %c24 step %c1
// CHECK:           %[[A:.+]] = arith.remui %[[H]], %c4 : index
// CHECK:           %[[I:.+]] = arith.divui %[[H]], %c4 : index
// CHECK:           scf.if
// CHECK:             %[[ROW:.+]] = vector.transfer_read %arg0{{.*}} : tensor<1x4x21x21xf32>, vector<20xf32>
// CHECK:             %[[E:.+]], %[[O:.+]] = vector.deinterleave %[[ROW]] : vector<20xf32> -> vector<10xf32>
// CHECK:             %[[P0:.+]], %[[P2:.+]] = vector.deinterleave %[[E]] : vector<10xf32> -> vector<5xf32>
// CHECK:             %[[P1:.+]], %[[P3:.+]] = vector.deinterleave %[[O]] : vector<10xf32> -> vector<5xf32>
// CHECK:             vector.transfer_write %[[P0]], %{{.*}}[%{{.*}}, %{{.*}}, %[[A]], %c0, %[[I]], %c0]
// CHECK:             vector.transfer_write %[[P1]], %{{.*}}[%{{.*}}, %{{.*}}, %[[A]], %c1, %[[I]], %c0]
// CHECK:             vector.transfer_write %[[P2]], %{{.*}}[%{{.*}}, %{{.*}}, %[[A]], %c2, %[[I]], %c0]
// CHECK:             vector.transfer_write %[[P3]], %{{.*}}[%{{.*}}, %{{.*}}, %[[A]], %c3, %[[I]], %c0]
// CHECK:             %[[LAST:.+]] = vector.transfer_read %arg0[{{.*}}, %c20], {{.*}} : tensor<1x4x21x21xf32>, vector<1xf32>
// CHECK:             vector.transfer_write %[[LAST]], %{{.*}}[%{{.*}}, %{{.*}}, %[[A]], %c0, %[[I]], %c5] {{.*}} : vector<1xf32>, tensor<1x4x4x4x6x6xf32>
// CHECK:           } else {
// CHECK-COUNT-4:     vector.transfer_write {{.*}} : vector<6xf32>, tensor<1x4x4x4x6x6xf32>
// CHECK:         } {mcg.parallel}
// CHECK:         affine.apply #{{.*}}(%{{.*}})
// CHECK:         vector.contract {{.*}} : vector<4x5xf32>, vector<4x16xf32> into vector<5x16xf32>
// CHECK-NOT:     linalg.conv_2d_nchw_fchw
func.func @strided_conv_phases_4(%x: tensor<1x4x21x21xf32>, %w: tensor<16x4x5x5xf32>, %o: tensor<1x16x5x5xf32>) -> tensor<1x16x5x5xf32> {
  %r = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<4> : tensor<2xi64>}
      ins(%x, %w : tensor<1x4x21x21xf32>, tensor<16x4x5x5xf32>) outs(%o : tensor<1x16x5x5xf32>) -> tensor<1x16x5x5xf32>
  return %r : tensor<1x16x5x5xf32>
}

// -----

// An odd stride above 2 (a 5 x 5 / 3 max pool) reads its rows directly
// (StridedPooling.cpp): each of the two reads of a row (12 columns from
// columns 0 and 3) splits by column mod 3 with shuffles, and the pieces
// for taps 0-4 are combined into the row's window; the first output row
// combines its five tap rows, the next ones reuse the last two (5 - 3).
// CHECK-LABEL: func.func @strided_pool_phases_3
// CHECK-NOT:     tensor.extract_slice
// CHECK:         %[[ROW:.+]] = vector.transfer_read %arg0[%{{.*}}, %{{.*}}, %c0, %c0]{{.*}} : tensor<1x8x16x16xf32>, vector<12xf32>
// CHECK:         %[[T0:.+]] = vector.shuffle %[[ROW]], %[[ROW]] [0, 3, 6, 9]
// CHECK:         %[[T1:.+]] = vector.shuffle %[[ROW]], %[[ROW]] [1, 4, 7, 10]
// CHECK:         %[[T2:.+]] = vector.shuffle %[[ROW]], %[[ROW]] [2, 5, 8, 11]
// CHECK:         %[[M:.+]] = arith.maximumf %[[T0]], %[[T1]] fastmath<nsz> : vector<4xf32>
// CHECK:         arith.maximumf %[[M]], %[[T2]] fastmath<nsz> : vector<4xf32>
// CHECK:         vector.transfer_read %arg0[%{{.*}}, %{{.*}}, %c0, %c3]{{.*}} : tensor<1x8x16x16xf32>, vector<12xf32>
// CHECK:         scf.for %{{.*}} = %c1 to %c4 step %c1 iter_args(%{{.*}} = %{{.*}}, %{{.*}} = %{{.*}}, %{{.*}} = %{{.*}}) -> (tensor<1x8x4x4xf32>, vector<4xf32>, vector<4xf32>)
// CHECK-COUNT-6: vector.transfer_read %arg0{{.*}} vector<12xf32>
// CHECK-NOT:     vector.transfer_read %arg0
// CHECK:         scf.yield
// CHECK-NOT:     linalg.pooling_nchw_max
func.func @strided_pool_phases_3(%x: tensor<1x8x16x16xf32>, %o: tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32> {
  %win = tensor.empty() : tensor<5x5xf32>
  %r = linalg.pooling_nchw_max {dilations = dense<1> : tensor<2xi64>, strides = dense<3> : tensor<2xi64>}
      ins(%x, %win : tensor<1x8x16x16xf32>, tensor<5x5xf32>) outs(%o : tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32>
  return %r : tensor<1x8x4x4xf32>
}

// -----

// Other strides above 2 whose windows do not overlap (3 x 3 / 3 here, as
// a patch embedding) become im2col + a batched product whose tiles are
// plain matrix products: the split would copy as much and leave the
// product short reductions.
// CHECK-LABEL: func.func @strided_conv
// CHECK:         linalg.generic
// CHECK-SAME:      iterator_types = ["parallel", "parallel", "parallel"]
// CHECK-SAME:      outs(%{{.*}} : tensor<1x72x9xf32>)
// CHECK:         vector.contract {{.*}} into vector<8x9xf32>
// CHECK-NOT:     linalg.conv_2d_nchw_fchw
func.func @strided_conv(%x: tensor<1x8x9x9xf32>, %w: tensor<16x8x3x3xf32>, %o: tensor<1x16x3x3xf32>) -> tensor<1x16x3x3xf32> {
  %r = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<3> : tensor<2xi64>}
      ins(%x, %w : tensor<1x8x9x9xf32>, tensor<16x8x3x3xf32>) outs(%o : tensor<1x16x3x3xf32>) -> tensor<1x16x3x3xf32>
  return %r : tensor<1x16x3x3xf32>
}

// -----

// Not a contraction: left alone.
// CHECK-LABEL: func.func @elementwise
// CHECK-NOT:     vector.
// CHECK:         linalg.generic
func.func @elementwise(%a: tensor<8x32xf32>) -> tensor<8x32xf32> {
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]}
      ins(%a : tensor<8x32xf32>) outs(%a : tensor<8x32xf32>) {
  ^bb0(%in: f32, %out: f32):
    %e = math.exp %in : f32
    linalg.yield %e : f32
  } -> tensor<8x32xf32>
  return %r : tensor<8x32xf32>
}

// -----

// A 1x1 unit-stride convolution over a map of 64 positions (a multiple of
// the 16 lanes) is a matrix product over the flattened map: W (32 x 16)
// times X (16 x 64). Its bias broadcast and its ReLU epilogue are flattened
// too, so each 8 x 32 tile starts from its slice of the bias and ends with
// the ReLU on the tile; the result is expanded back to NCHW once. The
// filter (32 x 16) is no larger than the map (16 x 64): positions are the
// outer (parallel) tile loop, output channels the inner one.
// CHECK-LABEL: func.func @pointwise_conv
// CHECK-DAG:     tensor.collapse_shape %arg0 {{\[}}[0], [1], [2, 3]] : tensor<1x16x8x8xf32> into tensor<1x16x64xf32>
// CHECK-DAG:     tensor.collapse_shape %arg1 {{\[}}[0], [1, 2, 3]] : tensor<32x16x1x1xf32> into tensor<32x16xf32>
// CHECK:         scf.for {{.*}} to %c64 step %c32
// CHECK:           scf.for {{.*}} to %c32 step %c8
// CHECK:             vector.transfer_read %{{.*}} permutation_map = {{.*}} : tensor<8xf32>, vector<8x32xf32>
// CHECK:             scf.for {{.*}} to %c16 step %c8
// CHECK:               vector.contract {{.*}} : vector<8x8xf32>, vector<8x32xf32> into vector<8x32xf32>
// CHECK:             arith.maximumf {{.*}} : vector<8x32xf32>
// CHECK:         } {mcg.parallel}
// CHECK:         tensor.expand_shape {{.*}} into tensor<1x32x8x8xf32>
// CHECK-NOT:     linalg.conv_2d_nchw_fchw
// CHECK-NOT:     linalg.generic
#pw_bias = affine_map<(d0, d1, d2, d3) -> (d1)>
#pw_id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
func.func @pointwise_conv(%x: tensor<1x16x8x8xf32>, %w: tensor<32x16x1x1xf32>, %b: tensor<32xf32>) -> tensor<1x32x8x8xf32> {
  %e = tensor.empty() : tensor<1x32x8x8xf32>
  %init = linalg.generic {indexing_maps = [#pw_bias, #pw_id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%b : tensor<32xf32>) outs(%e : tensor<1x32x8x8xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<1x32x8x8xf32>
  %c = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%x, %w : tensor<1x16x8x8xf32>, tensor<32x16x1x1xf32>) outs(%init : tensor<1x32x8x8xf32>) -> tensor<1x32x8x8xf32>
  %zero = arith.constant 0.0 : f32
  %e2 = tensor.empty() : tensor<1x32x8x8xf32>
  %r = linalg.generic {indexing_maps = [#pw_id, #pw_id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%c : tensor<1x32x8x8xf32>) outs(%e2 : tensor<1x32x8x8xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.maximumf %in, %zero : f32
    linalg.yield %m : f32
  } -> tensor<1x32x8x8xf32>
  return %r : tensor<1x32x8x8xf32>
}

// -----

// A 1x1 convolution with no activation after it: the bias becomes its
// epilogue (each tile starts from zero and adds the bias in registers).
// The filter (64 x 16) is larger than the 4 x 4 map (16 x 16): output
// channels stay the outer (parallel) tile loop.
// CHECK-LABEL: func.func @pointwise_bias_epilogue
// CHECK:         scf.for {{.*}} to %c64 step %c8
// CHECK:           scf.for {{.*}} to %c16 step %c16
// CHECK:             scf.for {{.*}} to %c16 step %c8
// CHECK:               vector.contract
// CHECK:             arith.addf {{.*}} : vector<8x16xf32>
// CHECK:         } {mcg.parallel}
// CHECK-NOT:     linalg.generic
#pw_bias = affine_map<(d0, d1, d2, d3) -> (d1)>
#pw_id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
func.func @pointwise_bias_epilogue(%x: tensor<1x16x4x4xf32>, %w: tensor<64x16x1x1xf32>, %b: tensor<64xf32>) -> tensor<1x64x4x4xf32> {
  %e = tensor.empty() : tensor<1x64x4x4xf32>
  %init = linalg.generic {indexing_maps = [#pw_bias, #pw_id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%b : tensor<64xf32>) outs(%e : tensor<1x64x4x4xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<1x64x4x4xf32>
  %c = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%x, %w : tensor<1x16x4x4xf32>, tensor<64x16x1x1xf32>) outs(%init : tensor<1x64x4x4xf32>) -> tensor<1x64x4x4xf32>
  return %c : tensor<1x64x4x4xf32>
}

// -----

// A depthwise convolution of unit strides reads its input rows in place
// (StridedWindows.cpp), as the strided ones do. Per channel, its nine
// weights are read once; output rows go in blocks of 8 (rows of one
// vector of 16 columns: 8 accumulators, started from the init). Each of a
// block's 10 input rows is read once per tap column (unaligned, from
// columns 0, 1, 2) and feeds the taps of every output row whose window
// holds it: 72 multiply-adds, then the 8 rows are written.
// CHECK-LABEL: func.func @depthwise_conv
// CHECK:         scf.for %[[C:.+]] = %c0 to %c32 step %c1
// CHECK-COUNT-9:   tensor.extract %arg1[%[[C]], %{{.*}}, %{{.*}}] : tensor<32x3x3xf32>
// CHECK:           scf.for %[[OH:.+]] = %c0 to %c16 step %c8
// CHECK:             %[[ACC:.+]] = vector.transfer_read %arg2[%{{.*}}, %[[C]], %[[OH]], %c0]{{.*}} : tensor<1x32x16x16xf32>, vector<16xf32>
// CHECK-COUNT-7:     vector.transfer_read %arg2[%{{.*}}, %[[C]], %{{.*}}, %c0]{{.*}} : tensor<1x32x16x16xf32>, vector<16xf32>
// CHECK:             %[[R0:.+]] = vector.transfer_read %arg0[%{{.*}}, %[[C]], %[[OH]], %c0]{{.*}} : tensor<1x32x18x18xf32>, vector<16xf32>
// CHECK:             %[[R1:.+]] = vector.transfer_read %arg0[%{{.*}}, %[[C]], %[[OH]], %c1]{{.*}} : tensor<1x32x18x18xf32>, vector<16xf32>
// CHECK:             vector.transfer_read %arg0[%{{.*}}, %[[C]], %[[OH]], %c2]{{.*}} : tensor<1x32x18x18xf32>, vector<16xf32>
// CHECK:             %[[A0:.+]] = math.fma %[[R0]], %{{.*}}, %[[ACC]] : vector<16xf32>
// CHECK:             math.fma %[[R1]], %{{.*}}, %[[A0]] : vector<16xf32>
// CHECK-COUNT-70:    math.fma {{.*}} : vector<16xf32>
// CHECK-NOT:         math.fma
// CHECK-COUNT-8:     vector.transfer_write %{{.*}}, %{{.*}}[%{{.*}}, %[[C]], %{{.*}}, %c0] {in_bounds = [true]} : vector<16xf32>, tensor<1x32x16x16xf32>
// CHECK:         } {mcg.parallel}
// CHECK-NOT:     linalg.depthwise_conv_2d_nchw_chw
func.func @depthwise_conv(%x: tensor<1x32x18x18xf32>, %w: tensor<32x3x3xf32>, %o: tensor<1x32x16x16xf32>) -> tensor<1x32x16x16xf32> {
  %r = linalg.depthwise_conv_2d_nchw_chw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%x, %w : tensor<1x32x18x18xf32>, tensor<32x3x3xf32>) outs(%o : tensor<1x32x16x16xf32>) -> tensor<1x32x16x16xf32>
  return %r : tensor<1x32x16x16xf32>
}

// -----

// Strided depthwise convolutions read their input rows directly
// (StridedWindows.cpp): the channel's nine weights are read once, the 8
// output rows are one block (8 accumulators started from the init), each
// input row is read 16 columns at a time from columns 0 and 2 and split
// into even and odd columns, and each tap is a multiply-add of its
// broadcast weight into the accumulator of each row it serves. So
// does stride 3 of a 3 x 3 window (no overlap): 18 columns split by
// column mod 3.
// CHECK-LABEL: func.func @depthwise_conv_strides
// CHECK-NOT:     tensor<1x8x2x2x9x9xf32>
// CHECK:         scf.for %[[C:.+]] = %c0 to %c8 step %c1
// CHECK-COUNT-9:   tensor.extract %arg1[%[[C]], %{{.*}}, %{{.*}}] : tensor<8x3x3xf32>
// CHECK:           scf.for %[[OH:.+]] = %c0 to %c8 step %c8
// CHECK:             %[[ACC:.+]] = vector.transfer_read %arg2[%{{.*}}, %[[C]], %[[OH]], %c0]{{.*}} : tensor<1x8x8x8xf32>, vector<8xf32>
// CHECK:             %[[R:.+]] = arith.muli %[[OH]], %c2 : index
// CHECK:             %[[ROW:.+]] = vector.transfer_read %arg0[%{{.*}}, %[[C]], %[[R]], %c0]{{.*}} : tensor<1x8x18x18xf32>, vector<16xf32>
// CHECK:             %[[EVEN:.+]], %[[ODD:.+]] = vector.deinterleave %[[ROW]] : vector<16xf32> -> vector<8xf32>
// CHECK:             vector.transfer_read %arg0[%{{.*}}, %[[C]], %[[R]], %c2]{{.*}} : tensor<1x8x18x18xf32>, vector<16xf32>
// CHECK:             %[[W0:.+]] = vector.broadcast %{{.*}} : f32 to vector<8xf32>
// CHECK:             %[[A0:.+]] = math.fma %[[EVEN]], %[[W0]], %[[ACC]] : vector<8xf32>
// CHECK:             %[[W1:.+]] = vector.broadcast %{{.*}} : f32 to vector<8xf32>
// CHECK:             math.fma %[[ODD]], %[[W1]], %[[A0]] : vector<8xf32>
// CHECK:         vector.transfer_read %arg0{{.*}} : tensor<1x8x18x18xf32>, vector<18xf32>
// CHECK:         vector.shuffle %{{.*}}, %{{.*}} [0, 3, 6, 9, 12, 15] : vector<18xf32>, vector<18xf32>
// CHECK-NOT:     linalg.depthwise_conv_2d_nchw_chw
func.func @depthwise_conv_strides(%x: tensor<1x8x18x18xf32>, %w: tensor<8x3x3xf32>, %o: tensor<1x8x8x8xf32>, %o3: tensor<1x8x6x6xf32>) -> (tensor<1x8x8x8xf32>, tensor<1x8x6x6xf32>) {
  %r = linalg.depthwise_conv_2d_nchw_chw {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
      ins(%x, %w : tensor<1x8x18x18xf32>, tensor<8x3x3xf32>) outs(%o : tensor<1x8x8x8xf32>) -> tensor<1x8x8x8xf32>
  %r3 = linalg.depthwise_conv_2d_nchw_chw {dilations = dense<1> : tensor<2xi64>, strides = dense<3> : tensor<2xi64>}
      ins(%x, %w : tensor<1x8x18x18xf32>, tensor<8x3x3xf32>) outs(%o3 : tensor<1x8x6x6xf32>) -> tensor<1x8x6x6xf32>
  return %r, %r3 : tensor<1x8x8x8xf32>, tensor<1x8x6x6xf32>
}

// -----

// A strided depthwise convolution's accumulators start from the bias
// that its init broadcasts (one tensor.extract per channel) and its
// elementwise epilogue (ReLU6) runs on them before the store, into the
// epilogue's output: no bias pass, no second pass over the result.
// CHECK-LABEL: func.func @depthwise_strided_epilogue
// CHECK-NOT:     linalg.generic
// CHECK:         scf.for %[[C:.+]] = %c0 to %c8 step %c1
// CHECK:           %[[B:.+]] = tensor.extract %arg2[%[[C]]] : tensor<8xf32>
// CHECK:           %[[ACC:.+]] = vector.broadcast %[[B]] : f32 to vector<8xf32>
// CHECK:           math.fma %{{.*}}, %{{.*}}, %[[ACC]] : vector<8xf32>
// CHECK:           %[[LO:.+]] = arith.maximumf %{{.*}}, %{{.*}} : vector<8xf32>
// CHECK:           %[[HI:.+]] = arith.minimumf %[[LO]], %{{.*}} : vector<8xf32>
// CHECK:           vector.transfer_write %[[HI]], %{{.*}}[%{{.*}}, %[[C]], %{{.*}}, %c0] {in_bounds = [true]} : vector<8xf32>, tensor<1x8x8x8xf32>
// CHECK-NOT:     linalg.generic
func.func @depthwise_strided_epilogue(%x: tensor<1x8x18x18xf32>, %w: tensor<8x3x3xf32>, %b: tensor<8xf32>) -> tensor<1x8x8x8xf32> {
  %zero = arith.constant 0.0 : f32
  %six = arith.constant 6.0 : f32
  %e = tensor.empty() : tensor<1x8x8x8xf32>
  %init = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d1)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%b : tensor<8xf32>) outs(%e : tensor<1x8x8x8xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<1x8x8x8xf32>
  %r = linalg.depthwise_conv_2d_nchw_chw {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
      ins(%x, %w : tensor<1x8x18x18xf32>, tensor<8x3x3xf32>) outs(%init : tensor<1x8x8x8xf32>) -> tensor<1x8x8x8xf32>
  %e2 = tensor.empty() : tensor<1x8x8x8xf32>
  %y = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%r : tensor<1x8x8x8xf32>) outs(%e2 : tensor<1x8x8x8xf32>) {
  ^bb0(%in: f32, %out: f32):
    %lo = arith.maximumf %in, %zero : f32
    %hi = arith.minimumf %lo, %six : f32
    linalg.yield %hi : f32
  } -> tensor<1x8x8x8xf32>
  return %y : tensor<1x8x8x8xf32>
}

// -----

// A strided sum pool's epilogue (an average's division by a per-position
// count, here then scaled by a constant inside the body) runs on the
// accumulators: the count is read along the columns at the row's
// position (its map broadcasts channels), the constant is broadcast.
// CHECK-LABEL: func.func @avg_pool_strided_epilogue
// CHECK-NOT:     linalg.generic
// CHECK:         %[[TWOS:.+]] = arith.constant dense<2.000000e+00> : vector<8xf32>
// CHECK:         arith.addf %{{.*}}, %{{.*}} : vector<8xf32>
// CHECK:         %[[COUNT:.+]] = vector.transfer_read %arg1[%{{.*}}, %c0, %{{.*}}, %c0]{{.*}} : tensor<1x1x8x8xf32>, vector<8xf32>
// CHECK:         %[[AVG:.+]] = arith.divf %{{.*}}, %[[COUNT]] : vector<8xf32>
// CHECK:         %[[Y:.+]] = arith.mulf %[[AVG]], %[[TWOS]] : vector<8xf32>
// CHECK:         vector.transfer_write %[[Y]]
func.func @avg_pool_strided_epilogue(%x: tensor<1x4x16x16xf32>, %count: tensor<1x1x8x8xf32>) -> tensor<1x4x8x8xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x4x8x8xf32>
  %o = linalg.fill ins(%zero : f32) outs(%e : tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32>
  %w = tensor.empty() : tensor<2x2xf32>
  %s = linalg.pooling_nchw_sum {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
      ins(%x, %w : tensor<1x4x16x16xf32>, tensor<2x2xf32>) outs(%o : tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32>
  %e2 = tensor.empty() : tensor<1x4x8x8xf32>
  %y = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, 0, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%s, %count : tensor<1x4x8x8xf32>, tensor<1x1x8x8xf32>) outs(%e2 : tensor<1x4x8x8xf32>) {
  ^bb0(%in: f32, %n: f32, %out: f32):
    %two = arith.constant 2.0 : f32
    %avg = arith.divf %in, %n : f32
    %r = arith.mulf %avg, %two : f32
    linalg.yield %r : f32
  } -> tensor<1x4x8x8xf32>
  return %y : tensor<1x4x8x8xf32>
}

// -----

// A 1x1 convolution over 13 x 13 = 169 positions is a matrix product over
// the flattened map all the same: 5 tiles of 32 positions and a peeled
// partial one of 9 (11 vectors a row, against 13 for tiles of 13).
// CHECK-LABEL: func.func @pointwise_conv_partial_tile
// CHECK:         tensor.collapse_shape %{{.*}} {{\[}}[0], [1], [2, 3]] : tensor<1x16x13x13xf32> into tensor<1x16x169xf32>
// CHECK:         scf.for %{{.*}} = %c0 to %c160 step %c32
// CHECK:           vector.contract {{.*}} : vector<8x8xf32>, vector<8x32xf32> into vector<8x32xf32>
// CHECK:         tensor.extract_slice %{{.*}}[%{{.*}}, %{{.*}}, 160] [1, 8, 9]
// CHECK:         vector.contract {{.*}} : vector<8x8xf32>, vector<8x9xf32> into vector<8x9xf32>
// CHECK:         tensor.expand_shape
func.func @pointwise_conv_partial_tile(%x: tensor<1x16x13x13xf32>, %w: tensor<32x16x1x1xf32>, %o: tensor<1x32x13x13xf32>) -> tensor<1x32x13x13xf32> {
  %c = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%x, %w : tensor<1x16x13x13xf32>, tensor<32x16x1x1xf32>) outs(%o : tensor<1x32x13x13xf32>) -> tensor<1x32x13x13xf32>
  return %c : tensor<1x32x13x13xf32>
}

// -----

// A strided 1x1 convolution copies the positions it reads (every other row
// and column) into a map of their own, then is a matrix product over it.
// CHECK-DAG:   #[[SAMPLE:.+]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2 * 2, d3 * 2)>
// CHECK-LABEL: func.func @pointwise_conv_strided
// CHECK:         %[[S:.+]] = linalg.generic {indexing_maps = [#[[SAMPLE]], #{{.+}}]{{.*}} ins(%{{.*}} : tensor<1x16x16x16xf32>) outs(%{{.*}} : tensor<1x16x8x8xf32>)
// CHECK:         tensor.collapse_shape %[[S]] {{\[}}[0], [1], [2, 3]] : tensor<1x16x8x8xf32> into tensor<1x16x64xf32>
// CHECK:         vector.contract {{.*}} : vector<8x8xf32>, vector<8x32xf32> into vector<8x32xf32>
func.func @pointwise_conv_strided(%x: tensor<1x16x16x16xf32>, %w: tensor<32x16x1x1xf32>, %o: tensor<1x32x8x8xf32>) -> tensor<1x32x8x8xf32> {
  %c = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
      ins(%x, %w : tensor<1x16x16x16xf32>, tensor<32x16x1x1xf32>) outs(%o : tensor<1x32x8x8xf32>) -> tensor<1x32x8x8xf32>
  return %c : tensor<1x32x8x8xf32>
}

// -----

// Depthwise rows of 27 columns take two accumulators each, of 16 and 11
// columns, so blocks of 4 rows (8 accumulators); every input row is read
// as two vectors per tap column.
// CHECK-LABEL: func.func @depthwise_two_vector_rows
// CHECK:         scf.for %[[C:.+]] = %c0 to %c8 step %c1
// CHECK:           scf.for %[[OH:.+]] = %c0 to %c12 step %c4
// CHECK:             vector.transfer_read %arg0[%{{.*}}, %[[C]], %[[OH]], %c0]{{.*}} : tensor<1x8x14x29xf32>, vector<16xf32>
// CHECK:             vector.transfer_read %arg0[%{{.*}}, %[[C]], %[[OH]], %c16]{{.*}} : tensor<1x8x14x29xf32>, vector<11xf32>
// CHECK:             math.fma {{.*}} : vector<11xf32>
// CHECK-COUNT-4:     vector.transfer_write %{{.*}}, %{{.*}}[%{{.*}}, %[[C]], %{{.*}}, %c16] {in_bounds = [true]} : vector<11xf32>, tensor<1x8x12x27xf32>
func.func @depthwise_two_vector_rows(%x: tensor<1x8x14x29xf32>, %w: tensor<8x3x3xf32>, %o: tensor<1x8x12x27xf32>) -> tensor<1x8x12x27xf32> {
  %r = linalg.depthwise_conv_2d_nchw_chw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%x, %w : tensor<1x8x14x29xf32>, tensor<8x3x3xf32>) outs(%o : tensor<1x8x12x27xf32>) -> tensor<1x8x12x27xf32>
  return %r : tensor<1x8x12x27xf32>
}

// -----

// Rows of more than eight vectors (256 columns) with padding before their
// columns keep the padded copy and the window tiles: per channel, tiles of
// 3 output rows x 32 columns, one filter tap per step (kh, kw loops
// innermost), each a fused multiply-add of the input rows by the
// broadcast tap.
// CHECK-LABEL: func.func @depthwise_wide_padded_rows
// CHECK:         tensor.pad %arg0 low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK:         scf.for {{.*}} to %c4 step %c1
// CHECK:           scf.for {{.*}} to %c6 step %c3
// CHECK:             scf.for {{.*}} to %c256 step %c32
// CHECK:               scf.for {{.*}} to %c3 step %c1
// CHECK:                 scf.for {{.*}} to %c3 step %c1
// CHECK:                   vector.transfer_read {{.*}} : tensor<3x32xf32>, vector<3x32xf32>
// CHECK:                   vector.transfer_read {{.*}} permutation_map = {{.*}} : tensor<f32>, vector<3x32xf32>
// CHECK:                   math.fma {{.*}} : vector<3x32xf32>
// CHECK:         } {mcg.parallel}
// CHECK-NOT:     linalg.depthwise_conv_2d_nchw_chw
func.func @depthwise_wide_padded_rows(%x: tensor<1x4x6x256xf32>, %w: tensor<4x3x3xf32>, %o: tensor<1x4x6x256xf32>) -> tensor<1x4x6x256xf32> {
  %zero = arith.constant 0.0 : f32
  %p = tensor.pad %x low[0, 0, 1, 1] high[0, 0, 1, 1] {
  ^bb0(%a: index, %b: index, %c: index, %d: index):
    tensor.yield %zero : f32
  } : tensor<1x4x6x256xf32> to tensor<1x4x8x258xf32>
  %r = linalg.depthwise_conv_2d_nchw_chw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%p, %w : tensor<1x4x8x258xf32>, tensor<4x3x3xf32>) outs(%o : tensor<1x4x6x256xf32>) -> tensor<1x4x6x256xf32>
  return %r : tensor<1x4x6x256xf32>
}

// -----

// A zero-padded input is read in place: no padded copy. All 7 output rows
// are one block. The block's first and last input rows may lie in the
// padding: each is read under a row test (both bounds for the first, the
// end for the last), else it is the padding value. A tap before column 0
// reads from column 0 and shifts the padding in; one past the row's end
// reads with a mask.
// CHECK-LABEL: func.func @depthwise_padded
// CHECK-NOT:     tensor.pad
// CHECK:         scf.for %[[C:.+]] = %c0 to %c4 step %c1
// CHECK:           scf.for %[[OH:.+]] = %c0 to %c7 step %c7
// CHECK:             %[[ROW:.+]] = arith.subi %{{.*}}, %c1 : index
// CHECK:             %[[LT:.+]] = arith.cmpi slt, %[[ROW]], %c7 : index
// CHECK:             %[[GE:.+]] = arith.cmpi sge, %[[ROW]], %c0 : index
// CHECK:             %[[IN:.+]] = arith.andi %[[LT]], %[[GE]] : i1
// CHECK:             scf.if %[[IN]] -> (vector<7xf32>, vector<7xf32>, vector<7xf32>)
// CHECK:               %[[R:.+]] = vector.transfer_read %arg0[%{{.*}}, %[[C]], %[[ROW]], %c0], %{{.*}} {in_bounds = [true]} : tensor<1x4x7x7xf32>, vector<7xf32>
// CHECK:               vector.shuffle %[[R]], %[[PAD:.+]] [7, 0, 1, 2, 3, 4, 5] : vector<7xf32>, vector<7xf32>
// CHECK:               vector.transfer_read %arg0[%{{.*}}, %[[C]], %[[ROW]], %c1], %{{.*}} : tensor<1x4x7x7xf32>, vector<7xf32>
// CHECK:             } else {
// CHECK:               scf.yield %[[PAD]], %[[PAD]], %[[PAD]] : vector<7xf32>, vector<7xf32>, vector<7xf32>
// CHECK-COUNT-63:    math.fma {{.*}} : vector<7xf32>
// CHECK-NOT:         math.fma
// CHECK-COUNT-7:     vector.transfer_write {{.*}} : vector<7xf32>, tensor<1x4x7x7xf32>
func.func @depthwise_padded(%x: tensor<1x4x7x7xf32>, %w: tensor<4x3x3xf32>, %o: tensor<1x4x7x7xf32>) -> tensor<1x4x7x7xf32> {
  %zero = arith.constant 0.0 : f32
  %p = tensor.pad %x low[0, 0, 1, 1] high[0, 0, 1, 1] {
  ^bb0(%a: index, %b: index, %c: index, %d: index):
    tensor.yield %zero : f32
  } : tensor<1x4x7x7xf32> to tensor<1x4x9x9xf32>
  %r = linalg.depthwise_conv_2d_nchw_chw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%p, %w : tensor<1x4x9x9xf32>, tensor<4x3x3xf32>) outs(%o : tensor<1x4x7x7xf32>) -> tensor<1x4x7x7xf32>
  return %r : tensor<1x4x7x7xf32>
}

// -----

// Not a matrix product: a 1x1 convolution over 7 x 7 = 49 positions (4
// vectors, a quarter of their lanes empty) with a multiple of the 16 lanes
// as output channels keeps the convolution tiling, with the 32 channels
// on the lanes.
// CHECK-LABEL: func.func @pointwise_conv_small_map
// CHECK-NOT:     tensor.collapse_shape
// CHECK:         linalg.transpose
// CHECK:         vector.contract
func.func @pointwise_conv_small_map(%x: tensor<1x16x7x7xf32>, %w: tensor<32x16x1x1xf32>, %o: tensor<1x32x7x7xf32>) -> tensor<1x32x7x7xf32> {
  %c = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%x, %w : tensor<1x16x7x7xf32>, tensor<32x16x1x1xf32>) outs(%o : tensor<1x32x7x7xf32>) -> tensor<1x32x7x7xf32>
  return %c : tensor<1x32x7x7xf32>
}

// -----

// RUN: not mcg-opt %s --pass-pipeline='builtin.module(func.func(vectorize-contractions{m-tile=0}))' -split-input-file 2>&1 | FileCheck %s --check-prefix=BAD
// BAD: error: vectorize-contractions: tile sizes must be positive, got m-tile=0 n-tile=32 k-tile=8 lanes=16
// RUN: not mcg-opt %s --pass-pipeline='builtin.module(func.func(vectorize-contractions{threads=0}))' -split-input-file 2>&1 | FileCheck %s --check-prefix=BADTHREADS
// BADTHREADS: error: vectorize-contractions: threads must be positive, got 0
func.func @bad_tiles() {
  return
}

// -----

// Rows in two dimensions (1 x 20) are gathered into one matrix product;
// its right operand (here above pack-min-bytes) is packed into panels of
// 32 columns, and the epilogue (bias, relu) is expanded to the panels'
// shape and computed on each register tile, panels outermost. 20 rows:
// two tiles of 8, then the peeled tile of 4.
// RUN: mcg-opt %s --pass-pipeline='builtin.module(func.func(vectorize-contractions{pack-min-bytes=1024}))' -split-input-file | FileCheck %s --check-prefix=PACKEPI
// PACKEPI-LABEL: func.func @packed_epilogue
// PACKEPI:         tensor.collapse_shape %arg0 {{\[}}[0, 1], [2]] : tensor<1x20x64xf32> into tensor<20x64xf32>
// PACKEPI:         linalg.transpose ins(%{{.*}} : tensor<64x2x32xf32>) outs(%{{.*}} : tensor<2x64x32xf32>) permutation = [1, 0, 2]
// PACKEPI:         scf.for %{{.*}} = %c0 to %c2 step %c1
// PACKEPI:           scf.for %{{.*}} = %c0 to %c16 step %c8
// PACKEPI:             scf.for %{{.*}} = %c0 to %c64 step %c8
// PACKEPI:               vector.contract {{.*}} : vector<8x8xf32>, vector<8x32xf32> into vector<8x32xf32>
// PACKEPI:             arith.addf %{{.*}} : vector<8x32xf32>
// PACKEPI:             arith.maximumf %{{.*}} : vector<8x32xf32>
// PACKEPI:           tensor.extract_slice %{{.*}}[16, 0] [4, 64] [1, 1]
// PACKEPI:           vector.contract {{.*}} : vector<4x8xf32>, vector<8x32xf32> into vector<4x32xf32>
// PACKEPI:           arith.maximumf %{{.*}} : vector<4x32xf32>
// PACKEPI-NOT:     linalg.generic
// PACKEPI:         return
#plhs = affine_map<(b, m, n, k) -> (b, m, k)>
#prhs = affine_map<(b, m, n, k) -> (k, n)>
#pout = affine_map<(b, m, n, k) -> (b, m, n)>
#pid = affine_map<(b, m, n) -> (b, m, n)>
#pbias = affine_map<(b, m, n) -> (n)>
func.func @packed_epilogue(%a: tensor<1x20x64xf32>, %w: tensor<64x64xf32>, %bias: tensor<64xf32>) -> tensor<1x20x64xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x20x64xf32>
  %c = linalg.fill ins(%zero : f32) outs(%e : tensor<1x20x64xf32>) -> tensor<1x20x64xf32>
  %p = linalg.generic {indexing_maps = [#plhs, #prhs, #pout], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
      ins(%a, %w : tensor<1x20x64xf32>, tensor<64x64xf32>) outs(%c : tensor<1x20x64xf32>) {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %m = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %m : f32
    linalg.yield %s : f32
  } -> tensor<1x20x64xf32>
  %e2 = tensor.empty() : tensor<1x20x64xf32>
  %r = linalg.generic {indexing_maps = [#pid, #pbias, #pid], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%p, %bias : tensor<1x20x64xf32>, tensor<64xf32>) outs(%e2 : tensor<1x20x64xf32>) {
  ^bb0(%x: f32, %b: f32, %o: f32):
    %s = arith.addf %x, %b : f32
    %z = arith.maximumf %s, %zero : f32
    linalg.yield %z : f32
  } -> tensor<1x20x64xf32>
  return %r : tensor<1x20x64xf32>
}

// -----

// One row times a constant weight (a batch-1 fully connected layer, B
// transposed from ONNX Gemm's N x K weight): above pack-min-bytes, the
// weight is packed straight from its N x K rows into panels (at compile
// time, by fold-constant-transposes), so the product streams it
// contiguously; 40 columns take panels of 10 (columnsAtMost: 20 would
// straddle two registers). Without the constant mark (a runtime operand), no packing: the
// copy would cost more than the product.
// RUN: mcg-opt %s --pass-pipeline='builtin.module(func.func(vectorize-contractions{pack-min-bytes=1024}))' -split-input-file | FileCheck %s --check-prefix=GEMV
// GEMV-LABEL: func.func @gemv_constant
// GEMV:         %[[W3:.*]] = tensor.expand_shape %arg1 {{\[}}[0, 1], [2]] output_shape [4, 10, 64] : tensor<40x64xf32> into tensor<4x10x64xf32>
// GEMV:         linalg.transpose ins(%[[W3]] : tensor<4x10x64xf32>) outs(%{{.*}} : tensor<4x64x10xf32>) permutation = [0, 2, 1]
// GEMV:         vector.contract {{.*}} : vector<8xf32>, vector<8x10xf32> into vector<10xf32>
// GEMV-LABEL: func.func @gemv_runtime
// GEMV-NOT:     tensor.expand_shape
// GEMV:         return
func.func @gemv_constant(%x: tensor<1x64xf32>, %w: tensor<40x64xf32> {cgraph.constant}, %c: tensor<1x40xf32>) -> tensor<1x40xf32> {
  %e = tensor.empty() : tensor<64x40xf32>
  %wt = linalg.transpose ins(%w : tensor<40x64xf32>) outs(%e : tensor<64x40xf32>) permutation = [1, 0]
  %r = linalg.matmul ins(%x, %wt : tensor<1x64xf32>, tensor<64x40xf32>) outs(%c : tensor<1x40xf32>) -> tensor<1x40xf32>
  return %r : tensor<1x40xf32>
}
func.func @gemv_runtime(%x: tensor<1x64xf32>, %w: tensor<40x64xf32>, %c: tensor<1x40xf32>) -> tensor<1x40xf32> {
  %e = tensor.empty() : tensor<64x40xf32>
  %wt = linalg.transpose ins(%w : tensor<40x64xf32>) outs(%e : tensor<64x40xf32>) permutation = [1, 0]
  %r = linalg.matmul ins(%x, %wt : tensor<1x64xf32>, tensor<64x40xf32>) outs(%c : tensor<1x40xf32>) -> tensor<1x40xf32>
  return %r : tensor<1x40xf32>
}

// -----

// A grouped convolution (2 groups of 8 channels) is tiled like a dense one:
// f x ow x c tiles of one group, one output row and one tap, the filter
// read transposed to G x KH x KW x F x C; each tile one vector.contract.
// CHECK-LABEL: func.func @grouped
// CHECK:         linalg.transpose ins(%arg1 : tensor<2x8x8x3x3xf32>) outs(%{{.*}} : tensor<2x3x3x8x8xf32>) permutation = [0, 3, 4, 1, 2]
// CHECK:         scf.for %{{.*}} = %c0 to %c2 step %c1
// CHECK:           scf.for %{{.*}} = %c0 to %c3 step %c1
// CHECK:             scf.for %{{.*}} = %c0 to %c3 step %c1
// CHECK:               vector.contract {{.*}} : vector<8x8xf32>, vector<8x8xf32> into vector<8x8xf32>
// CHECK-NOT:     linalg.conv_2d_ngchw_gfchw
func.func @grouped(%x: tensor<1x2x8x10x10xf32>, %w: tensor<2x8x8x3x3xf32>, %o: tensor<1x2x8x8x8xf32>) -> tensor<1x2x8x8x8xf32> {
  %r = linalg.conv_2d_ngchw_gfchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%x, %w : tensor<1x2x8x10x10xf32>, tensor<2x8x8x3x3xf32>) outs(%o : tensor<1x2x8x8x8xf32>) -> tensor<1x2x8x8x8xf32>
  return %r : tensor<1x2x8x8x8xf32>
}

// -----

// Max pooling 3x3 / 2 over a 17 x 17 map, read directly: a row's window
// is max(even, odd) of its 16 columns from column 0 then the even ones of
// its 16 from column 2, and an output row the max of its three rows'
// windows (the third carried to the next output row). The max ignores
// the sign of zero (`nsz`: one vmaxps, a NaN check and a blend per
// vector, not also two blends for -0 < +0); NaN still propagates. Rows
// of 8 columns, shorter than a vector, split channels on threads.
// CHECK-LABEL: func.func @max_pool_odd
// CHECK-NOT:     tensor.pad
// CHECK:         %[[R:.+]] = vector.transfer_read %arg0{{.*}}, %c0]{{.*}} : tensor<1x16x17x17xf32>, vector<16xf32>
// CHECK:         %[[E:.+]], %[[O:.+]] = vector.deinterleave %[[R]] : vector<16xf32> -> vector<8xf32>
// CHECK:         %[[M:.+]] = arith.maximumf %[[E]], %[[O]] fastmath<nsz> : vector<8xf32>
// CHECK:         %[[R2:.+]] = vector.transfer_read %arg0{{.*}}, %c2]{{.*}} : tensor<1x16x17x17xf32>, vector<16xf32>
// CHECK:         %[[E2:.+]], %{{.*}} = vector.deinterleave %[[R2]] : vector<16xf32> -> vector<8xf32>
// CHECK:         arith.maximumf %[[M]], %[[E2]] fastmath<nsz> : vector<8xf32>
// CHECK:         scf.for %{{.*}} = %c1 to %c8 step %c1 iter_args({{.*}}) -> (tensor<1x16x8x8xf32>, vector<8xf32>)
// CHECK-NOT:     linalg.pooling_nchw_max
// THREADS-LABEL: func.func @max_pool_odd
// THREADS:         scf.for %{{.*}} = %c0 to %c16 step %c1
// THREADS:           scf.for %{{.*}} = %c1 to %c8 step %c1
// THREADS:         } {mcg.parallel}
func.func @max_pool_odd(%x: tensor<1x16x17x17xf32>, %o: tensor<1x16x8x8xf32>) -> tensor<1x16x8x8xf32> {
  %w = tensor.empty() : tensor<3x3xf32>
  %r = linalg.pooling_nchw_max {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
      ins(%x, %w : tensor<1x16x17x17xf32>, tensor<3x3xf32>) outs(%o : tensor<1x16x8x8xf32>) -> tensor<1x16x8x8xf32>
  return %r : tensor<1x16x8x8xf32>
}

// -----

// Ceil mode: a 3x3 / 2 max pool of a 10 x 10 map padded after its last
// row and column by -inf reads the unpadded map. Output column 4 needs
// input column 10, past the row's end: that vector's second read is
// masked (in_bounds false, -inf past the end), and tap row 10 of output
// row 4 is the padding value (scf.if). Output rows 0-3 need no test, and
// the first read of each row stays in bounds.
// CHECK-LABEL: func.func @pool_ceil
// CHECK-NOT:     tensor.pad
// CHECK:         %[[NEG:.+]] = arith.constant 0xFF800000 : f32
// CHECK:         vector.transfer_read %arg0[{{.*}}, %c0], %[[NEG]] {in_bounds = [true]} : tensor<1x4x10x10xf32>, vector<10xf32>
// CHECK:         vector.transfer_read %arg0[{{.*}}, %c2], %[[NEG]] : tensor<1x4x10x10xf32>, vector<10xf32>
// CHECK:         scf.for
// CHECK:           %[[INSIDE:.+]] = arith.cmpi slt, %{{.*}}, %c10 : index
// CHECK:           scf.if %[[INSIDE]] -> (vector<5xf32>)
// CHECK:           } else {
// CHECK:               scf.yield %{{.*}} : vector<5xf32>
// CHECK-NOT:     linalg.pooling_nchw_max
func.func @pool_ceil(%x: tensor<1x4x10x10xf32>) -> tensor<1x4x5x5xf32> {
  %neg = arith.constant 0xFF800000 : f32
  %p = tensor.pad %x low[0, 0, 0, 0] high[0, 0, 1, 1] {
  ^bb0(%a: index, %b: index, %c: index, %d: index):
    tensor.yield %neg : f32
  } : tensor<1x4x10x10xf32> to tensor<1x4x11x11xf32>
  %e = tensor.empty() : tensor<1x4x5x5xf32>
  %o = linalg.fill ins(%neg : f32) outs(%e : tensor<1x4x5x5xf32>) -> tensor<1x4x5x5xf32>
  %w = tensor.empty() : tensor<3x3xf32>
  %r = linalg.pooling_nchw_max {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
      ins(%p, %w : tensor<1x4x11x11xf32>, tensor<3x3xf32>) outs(%o : tensor<1x4x5x5xf32>) -> tensor<1x4x5x5xf32>
  return %r : tensor<1x4x5x5xf32>
}

// -----

// Padding before the first row and column (resnet's 3x3 / 2 max pool,
// pad 1): tap column -1 of output column 0 is the first vector read from
// column 0 (masked: 10 columns of 9), shifted right by one with -inf
// before it. Tap row -1 is a padding row (the first output row's test
// folds to false).
// CHECK-LABEL: func.func @pool_padded_before
// CHECK-NOT:     tensor.pad
// CHECK-DAG:     %[[NEG:.+]] = arith.constant dense<0xFF800000> : vector<10xf32>
// CHECK-DAG:     %[[NEGS:.+]] = arith.constant 0xFF800000 : f32
// CHECK:         scf.if %false -> (vector<5xf32>)
// CHECK:         %[[FROM0:.+]] = vector.transfer_read %arg0[%{{.*}}, %{{.*}}, %c0, %c0], %[[NEGS]] : tensor<1x4x9x9xf32>, vector<10xf32>
// CHECK:         vector.shuffle %[[FROM0]], %[[NEG]] [10, 0, 1, 2, 3, 4, 5, 6, 7, 8] : vector<10xf32>, vector<10xf32>
// CHECK:         vector.transfer_read %arg0[%{{.*}}, %{{.*}}, %c0, %c1], %[[NEGS]] : tensor<1x4x9x9xf32>, vector<10xf32>
// CHECK-NOT:     vector.transfer_write {{.*}} tensor<1x4x2x2x6x6xf32>
func.func @pool_padded_before(%x: tensor<1x4x9x9xf32>) -> tensor<1x4x5x5xf32> {
  %neg = arith.constant 0xFF800000 : f32
  %p = tensor.pad %x low[0, 0, 1, 1] high[0, 0, 1, 1] {
  ^bb0(%a: index, %b: index, %c: index, %d: index):
    tensor.yield %neg : f32
  } : tensor<1x4x9x9xf32> to tensor<1x4x11x11xf32>
  %e = tensor.empty() : tensor<1x4x5x5xf32>
  %o = linalg.fill ins(%neg : f32) outs(%e : tensor<1x4x5x5xf32>) -> tensor<1x4x5x5xf32>
  %w = tensor.empty() : tensor<3x3xf32>
  %r = linalg.pooling_nchw_max {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
      ins(%p, %w : tensor<1x4x11x11xf32>, tensor<3x3xf32>) outs(%o : tensor<1x4x5x5xf32>) -> tensor<1x4x5x5xf32>
  return %r : tensor<1x4x5x5xf32>
}

// -----

// With threads, rows of at least a vector (20 columns here) are split in
// one block of rows per thread, every channel in each: rows 0-9 and
// 10-19. A block's first row is not a constant, so its tap row -1 is
// tested (row >= 0 too).
// THREADS-LABEL: func.func @pool_rows_on_threads
// THREADS:         scf.for %[[BLOCK:.+]] = %c0 to %c2 step %c1
// THREADS:           scf.for %{{.*}} = %c0 to %c4 step %c1
// THREADS:             %[[FIRST:.+]] = arith.muli %[[BLOCK]], %c10 : index
// THREADS:             %[[END:.+]] = arith.addi %[[FIRST]], %c10 : index
// THREADS:             %[[LAST:.+]] = arith.minsi %[[END]], %c20 : index
// THREADS:             %[[ROW:.+]] = arith.subi %{{.*}}, %c1 : index
// THREADS:             %[[BELOW:.+]] = arith.cmpi slt, %[[ROW]], %c40 : index
// THREADS:             %[[ABOVE:.+]] = arith.cmpi sge, %[[ROW]], %c0 : index
// THREADS:             %[[INSIDE:.+]] = arith.andi %[[BELOW]], %[[ABOVE]] : i1
// THREADS:             scf.if %[[INSIDE]] -> (vector<16xf32>, vector<4xf32>)
// THREADS:             scf.for %{{.*}} = %{{.*}} to %[[LAST]] step %c1
// THREADS:         } {mcg.parallel}
func.func @pool_rows_on_threads(%x: tensor<1x4x40x40xf32>) -> tensor<1x4x20x20xf32> {
  %neg = arith.constant 0xFF800000 : f32
  %p = tensor.pad %x low[0, 0, 1, 1] high[0, 0, 0, 0] {
  ^bb0(%a: index, %b: index, %c: index, %d: index):
    tensor.yield %neg : f32
  } : tensor<1x4x40x40xf32> to tensor<1x4x41x41xf32>
  %e = tensor.empty() : tensor<1x4x20x20xf32>
  %o = linalg.fill ins(%neg : f32) outs(%e : tensor<1x4x20x20xf32>) -> tensor<1x4x20x20xf32>
  %w = tensor.empty() : tensor<3x3xf32>
  %r = linalg.pooling_nchw_max {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
      ins(%p, %w : tensor<1x4x41x41xf32>, tensor<3x3xf32>) outs(%o : tensor<1x4x20x20xf32>) -> tensor<1x4x20x20xf32>
  return %r : tensor<1x4x20x20xf32>
}

// -----

// Rows of more than eight vectors with padding before their columns keep
// the phase split, which writes the padding around the map.
// CHECK-LABEL: func.func @pool_padded_wide
// CHECK:         vector.deinterleave
// CHECK:         vector.transfer_write {{.*}} tensor<1x2x2x2x3x151xf32>
// CHECK:         arith.maximumf {{.*}} : vector<{{.*}}xf32>
func.func @pool_padded_wide(%x: tensor<1x2x4x300xf32>) -> tensor<1x2x2x150xf32> {
  %neg = arith.constant 0xFF800000 : f32
  %p = tensor.pad %x low[0, 0, 1, 1] high[0, 0, 1, 1] {
  ^bb0(%a: index, %b: index, %c: index, %d: index):
    tensor.yield %neg : f32
  } : tensor<1x2x4x300xf32> to tensor<1x2x6x302xf32>
  %e = tensor.empty() : tensor<1x2x2x150xf32>
  %o = linalg.fill ins(%neg : f32) outs(%e : tensor<1x2x2x150xf32>) -> tensor<1x2x2x150xf32>
  %w = tensor.empty() : tensor<3x3xf32>
  %r = linalg.pooling_nchw_max {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
      ins(%p, %w : tensor<1x2x6x302xf32>, tensor<3x3xf32>) outs(%o : tensor<1x2x2x150xf32>) -> tensor<1x2x2x150xf32>
  return %r : tensor<1x2x2x150xf32>
}

// -----

// Rows of more than eight vectors (a 2x2 / 2 pool to 150 columns: nine
// vectors and 6 columns) loop over groups of four whole vectors (columns
// 0-127) and unroll the rest; 2x2 / 2 windows share no rows.
// CHECK-LABEL: func.func @pool_wide
// CHECK:         scf.for %[[BASE:.+]] = %c0 to %c128 step %c64
// CHECK:           %[[COL:.+]] = arith.muli %[[BASE]], %c2 : index
// CHECK-COUNT-8:   vector.transfer_read %arg0{{.*}} vector<32xf32>
// CHECK:           scf.yield
// CHECK:         vector.transfer_read %arg0[{{.*}}, %c256]{{.*}} vector<32xf32>
// CHECK:         vector.transfer_read %arg0[{{.*}}, %c288]{{.*}} vector<12xf32>
func.func @pool_wide(%x: tensor<1x2x4x300xf32>, %o: tensor<1x2x2x150xf32>) -> tensor<1x2x2x150xf32> {
  %w = tensor.empty() : tensor<2x2xf32>
  %r = linalg.pooling_nchw_max {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
      ins(%x, %w : tensor<1x2x4x300xf32>, tensor<2x2xf32>) outs(%o : tensor<1x2x2x150xf32>) -> tensor<1x2x2x150xf32>
  return %r : tensor<1x2x2x150xf32>
}

// -----

// Rows of 34 output columns in vectors of 16, 16 and 2: each reads 32
// (or 4) input columns per tap read, the last one up to the row's end
// (columns 64-69 exist, so its reads stay in bounds).
// CHECK-LABEL: func.func @phases_in_chunks
// CHECK:         vector.transfer_read %arg0[{{.*}}, %c0]{{.*}} vector<32xf32>
// CHECK:         vector.transfer_read %arg0[{{.*}}, %c2]{{.*}} vector<32xf32>
// CHECK:         vector.transfer_read %arg0[{{.*}}, %c32]{{.*}} vector<32xf32>
// CHECK:         vector.transfer_read %arg0[{{.*}}, %c34]{{.*}} vector<32xf32>
// CHECK:         vector.transfer_read %arg0[{{.*}}, %c64]{{.*}} {in_bounds = [true]} : tensor<1x2x6x70xf32>, vector<4xf32>
// CHECK:         vector.deinterleave %{{.*}} : vector<4xf32> -> vector<2xf32>
func.func @phases_in_chunks(%x: tensor<1x2x6x70xf32>, %o: tensor<1x2x2x34xf32>) -> tensor<1x2x2x34xf32> {
  %w = tensor.empty() : tensor<3x3xf32>
  %r = linalg.pooling_nchw_max {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
      ins(%x, %w : tensor<1x2x6x70xf32>, tensor<3x3xf32>) outs(%o : tensor<1x2x2x34xf32>) -> tensor<1x2x2x34xf32>
  return %r : tensor<1x2x2x34xf32>
}

// -----

// A strided convolution of a zero-padded input: the phase split reads the
// unpadded input and writes the padding itself (no padded copy). Source
// column s is padded column s + 1: even source columns go to phase 1 from
// column 0, odd ones to phase 0 from column 1; padded rows 0 and 9 are
// padding (the else branch).
// CHECK-LABEL: func.func @strided_conv_padded
// CHECK:         scf.if
// CHECK:           %[[ROW:.+]] = vector.transfer_read %arg0{{.*}} : tensor<1x8x8x8xf32>, vector<8xf32>
// CHECK:           %[[EVEN:.+]], %[[ODD:.+]] = vector.deinterleave %[[ROW]] : vector<8xf32> -> vector<4xf32>
// CHECK:           vector.transfer_write %[[EVEN]], %{{.*}}[%{{.*}}, %{{.*}}, %{{.*}}, %c1, %{{.*}}, %c0]
// CHECK:           vector.transfer_write %[[ODD]], %{{.*}}[%{{.*}}, %{{.*}}, %{{.*}}, %c0, %{{.*}}, %c1]
// CHECK:           vector.transfer_write %{{.*}}[%{{.*}}, %{{.*}}, %{{.*}}, %c1, %{{.*}}, %c4] {{.*}} : vector<1xf32>
// CHECK:           vector.transfer_write %{{.*}}[%{{.*}}, %{{.*}}, %{{.*}}, %c0, %{{.*}}, %c0] {{.*}} : vector<1xf32>
// CHECK:         } else {
// CHECK:           vector.transfer_write {{.*}} : vector<5xf32>, tensor<1x8x2x2x5x5xf32>
// CHECK:           vector.transfer_write {{.*}} : vector<5xf32>, tensor<1x8x2x2x5x5xf32>
func.func @strided_conv_padded(%x: tensor<1x8x8x8xf32>, %w: tensor<16x8x3x3xf32>, %o: tensor<1x16x4x4xf32>) -> tensor<1x16x4x4xf32> {
  %z = arith.constant 0.0 : f32
  %p = tensor.pad %x low[0, 0, 1, 1] high[0, 0, 1, 1] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %z : f32
  } : tensor<1x8x8x8xf32> to tensor<1x8x10x10xf32>
  %r = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
      ins(%p, %w : tensor<1x8x10x10xf32>, tensor<16x8x3x3xf32>) outs(%o : tensor<1x16x4x4xf32>) -> tensor<1x16x4x4xf32>
  return %r : tensor<1x16x4x4xf32>
}

// -----

// A 1x1 convolution over 14 x 14 whose epilogue scales by a per-channel
// value read as (d0, d1, 0, 0) (lraspp's head): the convolution is a flat
// product; the epilogue, which cannot be flattened, is left unfused (it
// crashed collapseOpIterationDims).
// CHECK-LABEL: func.func @pointwise_broadcast_epilogue
// CHECK:         tensor.collapse_shape %arg0 {{\[}}[0], [1], [2, 3]] : tensor<1x16x14x14xf32> into tensor<1x16x196xf32>
// CHECK:         vector.contract
// CHECK:         %[[E:.+]] = tensor.expand_shape
// CHECK:         linalg.generic {{.*}} ins(%[[E]], %arg2 : tensor<1x32x14x14xf32>, tensor<1x32x1x1xf32>)
func.func @pointwise_broadcast_epilogue(%x: tensor<1x16x14x14xf32>, %w: tensor<32x16x1x1xf32>, %s: tensor<1x32x1x1xf32>) -> tensor<1x32x14x14xf32> {
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x32x14x14xf32>
  %f = linalg.fill ins(%z : f32) outs(%e : tensor<1x32x14x14xf32>) -> tensor<1x32x14x14xf32>
  %c = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%x, %w : tensor<1x16x14x14xf32>, tensor<32x16x1x1xf32>) outs(%f : tensor<1x32x14x14xf32>) -> tensor<1x32x14x14xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, 0, 0)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%c, %s : tensor<1x32x14x14xf32>, tensor<1x32x1x1xf32>) outs(%e : tensor<1x32x14x14xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %m = arith.mulf %a, %b : f32
    linalg.yield %m : f32
  } -> tensor<1x32x14x14xf32>
  return %r : tensor<1x32x14x14xf32>
}

// -----

// A product of one row with a transposed weight (ONNX Gemm with trans_b at
// batch 1) becomes dot products of the weight's rows with the row, the
// weight read as stored (no transpose; vectorize-reductions reduces each
// row). Two rows stay a matrix product (must not fire).
// CHECK-LABEL: func.func @matrix_vector
// CHECK:         %[[X:.*]] = tensor.collapse_shape %arg0 {{\[}}[0, 1]] : tensor<1x96xf32> into tensor<96xf32>
// CHECK:         %[[DOTS:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]} ins(%[[X]], %arg1 : tensor<96xf32>, tensor<40x96xf32>)
// CHECK:         tensor.expand_shape %[[DOTS]] {{\[}}[0, 1]] output_shape [1, 40]
// CHECK:         linalg.transpose ins(%arg1 : tensor<40x96xf32>)
// CHECK:         vector.contract {{.*}} : vector<2x8xf32>, vector<8x32xf32> into vector<2x32xf32>
#a = affine_map<(d0, d1, d2) -> (d0, d2)>
#b = affine_map<(d0, d1, d2) -> (d2, d1)>
#c = affine_map<(d0, d1, d2) -> (d0, d1)>
func.func @matrix_vector(%x: tensor<1x96xf32>, %w: tensor<40x96xf32>, %init: tensor<1x40xf32>,
                         %x2: tensor<2x96xf32>, %init2: tensor<2x40xf32>) -> (tensor<1x40xf32>, tensor<2x40xf32>) {
  %e = tensor.empty() : tensor<96x40xf32>
  %t = linalg.transpose ins(%w : tensor<40x96xf32>) outs(%e : tensor<96x40xf32>) permutation = [1, 0]
  %y = linalg.generic {indexing_maps = [#a, #b, #c], iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%x, %t : tensor<1x96xf32>, tensor<96x40xf32>) outs(%init : tensor<1x40xf32>) {
  ^bb0(%p: f32, %q: f32, %acc: f32):
    %m = arith.mulf %p, %q : f32
    %s = arith.addf %acc, %m : f32
    linalg.yield %s : f32
  } -> tensor<1x40xf32>
  %e2 = tensor.empty() : tensor<96x40xf32>
  %t2 = linalg.transpose ins(%w : tensor<40x96xf32>) outs(%e2 : tensor<96x40xf32>) permutation = [1, 0]
  %y2 = linalg.generic {indexing_maps = [#a, #b, #c], iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%x2, %t2 : tensor<2x96xf32>, tensor<96x40xf32>) outs(%init2 : tensor<2x40xf32>) {
  ^bb0(%p: f32, %q: f32, %acc: f32):
    %m = arith.mulf %p, %q : f32
    %s = arith.addf %acc, %m : f32
    linalg.yield %s : f32
  } -> tensor<2x40xf32>
  return %y, %y2 : tensor<1x40xf32>, tensor<2x40xf32>
}

// -----

// A 1x1 convolution on 17 x 17: 289 positions, nine tiles of 32 and a
// last column. On one thread the column is peeled after the tile loop; on
// two, the tile loop runs it as its last iteration, so that the threads
// share it with the full tiles.
// CHECK-LABEL: func.func @last_tile_on_threads
// CHECK:         scf.for %{{.*}} = %c0 to %c288 step %c32
// CHECK:           vector.contract {{.*}} : vector<8x8xf32>, vector<8x32xf32> into vector<8x32xf32>
// CHECK:         } {mcg.parallel}
// CHECK:         scf.for %{{.*}} = %c0 to %c24 step %c8
// CHECK:           vector.contract {{.*}} : vector<8x8xf32>, vector<8xf32> into vector<8xf32>
// CHECK-NOT:     scf.if
// THREADS-LABEL: func.func @last_tile_on_threads
// THREADS:         scf.for %[[P:.*]] = %c0 to %c289 step %c32
// THREADS:           %[[FULL:.*]] = arith.cmpi slt, %[[P]], %c288
// THREADS:           scf.if %[[FULL]]
// THREADS:             vector.contract {{.*}} : vector<8x8xf32>, vector<8x32xf32> into vector<8x32xf32>
// THREADS:           } else {
// THREADS:             tensor.extract_slice %{{.*}}[%{{.*}}, 0, 288] [1, 16, 1]
// THREADS:             vector.contract {{.*}} : vector<8x8xf32>, vector<8xf32> into vector<8xf32>
// THREADS:           }
// THREADS:         } {mcg.parallel}
func.func @last_tile_on_threads(%x: tensor<1x16x17x17xf32>, %w: tensor<24x16x1x1xf32>) -> tensor<1x24x17x17xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x24x17x17xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x24x17x17xf32>) -> tensor<1x24x17x17xf32>
  %c = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%x, %w : tensor<1x16x17x17xf32>, tensor<24x16x1x1xf32>) outs(%f : tensor<1x24x17x17xf32>) -> tensor<1x24x17x17xf32>
  %e2 = tensor.empty() : tensor<1x24x17x17xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(a, b, c, d) -> (a, b, c, d)>, affine_map<(a, b, c, d) -> (a, b, c, d)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%c : tensor<1x24x17x17xf32>) outs(%e2 : tensor<1x24x17x17xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.maximumf %in, %zero : f32
    linalg.yield %m : f32
  } -> tensor<1x24x17x17xf32>
  return %r : tensor<1x24x17x17xf32>
}
