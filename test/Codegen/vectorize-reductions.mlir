// vectorize-reductions: vector loops for reductions over innermost loops.
// RUN: mcg-opt %s --pass-pipeline='builtin.module(func.func(vectorize-reductions),canonicalize)' -split-input-file | FileCheck %s
// RUN: mcg-opt %s --pass-pipeline='builtin.module(func.func(vectorize-reductions{lanes=8 vectors=2}),canonicalize)' -split-input-file | FileCheck %s --check-prefix=AVX2
// RUN: not mcg-opt %s --pass-pipeline='builtin.module(func.func(vectorize-reductions{lanes=0}))' -split-input-file 2>&1 | FileCheck %s --check-prefix=BAD
// RUN: not mcg-opt %s --pass-pipeline='builtin.module(func.func(vectorize-reductions{vectors=0}))' -split-input-file 2>&1 | FileCheck %s --check-prefix=BAD-VECTORS

// Sums of 8 rows of 197 (a softmax's rows): each row into 4 vectors of
// partial sums (64 lanes) by 3 tiles and a peeled partial tile of 5, then
// summed across the lanes into the row's accumulator; rows are parallel.
// CHECK-LABEL: func.func @row_sums
// CHECK:         scf.for {{.*}} to %c8 step %c1
// CHECK:           %[[ZERO:.+]] = vector.transfer_write %{{.*}} : vector<1x64xf32>, tensor<1x64xf32>
// CHECK:           %[[PART:.+]] = scf.for {{.*}} to %c192 step %c64 iter_args(%{{.*}} = %[[ZERO]])
// CHECK:             arith.addf {{.*}} : vector<1x64xf32>
// CHECK:           tensor.extract_slice %{{.*}}[0, 192] [1, 5]
// CHECK:           arith.addf {{.*}} : vector<1x5xf32>
// CHECK:           vector.reduction <add>, {{.*}} : vector<64xf32> into f32
// CHECK:         } {mcg.parallel}
// AVX2-LABEL: func.func @row_sums
// AVX2:           scf.for {{.*}} to %c192 step %c16
// AVX2:             arith.addf {{.*}} : vector<1x16xf32>
// AVX2:           arith.addf {{.*}} : vector<1x5xf32>
// AVX2:           vector.reduction <add>, {{.*}} : vector<16xf32> into f32
// BAD: vectorize-reductions: lanes and vectors must be positive, got lanes=0 vectors=4
// BAD-VECTORS: vectorize-reductions: lanes and vectors must be positive, got lanes=16 vectors=0
func.func @row_sums(%x: tensor<8x197xf32>) -> tensor<8xf32> {
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<8xf32>
  %f = linalg.fill ins(%z : f32) outs(%e : tensor<8xf32>) -> tensor<8xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>], iterator_types = ["parallel", "reduction"]}
      ins(%x : tensor<8x197xf32>) outs(%f : tensor<8xf32>) {
  ^bb0(%a: f32, %acc: f32):
    %s = arith.addf %a, %acc : f32
    linalg.yield %s : f32
  } -> tensor<8xf32>
  return %r : tensor<8xf32>
}

// -----

// A global pool's sums over 14 x 14 maps, kept as 1 x 1: written as
// 1 x 16 (expanded back after), the map's rows and columns flattened to
// rows of 196: 3 tiles of 64 and a peeled one of 4.
// CHECK-LABEL: func.func @global_pool
// CHECK:         %[[INIT:.+]] = tensor.collapse_shape %{{.*}} {{\[}}[0], [1, 2, 3]] : tensor<1x16x1x1xf32> into tensor<1x16xf32>
// CHECK:         tensor.collapse_shape %arg0 {{\[}}[0], [1], [2, 3]] : tensor<1x16x14x14xf32> into tensor<1x16x196xf32>
// CHECK:         scf.for {{.*}} to %c16 step %c1
// CHECK:           scf.for {{.*}} to %c192 step %c64
// CHECK:             arith.addf {{.*}} : vector<1x1x64xf32>
// CHECK:           arith.addf {{.*}} : vector<1x1x4xf32>
// CHECK:           vector.reduction <add>
// CHECK:         } {mcg.parallel}
// CHECK:         tensor.expand_shape %{{.*}} {{\[}}[0], [1, 2, 3]] output_shape [1, 16, 1, 1]
func.func @global_pool(%x: tensor<1x16x14x14xf32>) -> tensor<1x16x1x1xf32> {
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x16x1x1xf32>
  %f = linalg.fill ins(%z : f32) outs(%e : tensor<1x16x1x1xf32>) -> tensor<1x16x1x1xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, 0, 0)>], iterator_types = ["parallel", "parallel", "reduction", "reduction"]}
      ins(%x : tensor<1x16x14x14xf32>) outs(%f : tensor<1x16x1x1xf32>) {
  ^bb0(%a: f32, %acc: f32):
    %s = arith.addf %a, %acc : f32
    linalg.yield %s : f32
  } -> tensor<1x16x1x1xf32>
  return %r : tensor<1x16x1x1xf32>
}

// -----

// A row maximum of a computed value (exp(x - m)): the body is kept, the
// combiner is arith.maximumf; rows of 40 (fewer than 2 x 64, more than
// 2 x 16) take one vector of partial maxima.
// CHECK-LABEL: func.func @row_max
// CHECK:           scf.for {{.*}} to %c32 step %c16
// CHECK:             math.exp {{.*}} : vector<1x16xf32>
// CHECK:             arith.maximumf {{.*}} : vector<1x16xf32>
// CHECK:           math.exp {{.*}} : vector<1x8xf32>
// CHECK:           vector.reduction <maximumf>, {{.*}} : vector<16xf32> into f32
func.func @row_max(%x: tensor<4x40xf32>, %m: tensor<4xf32>) -> tensor<4xf32> {
  %z = arith.constant 0xFF800000 : f32
  %e = tensor.empty() : tensor<4xf32>
  %f = linalg.fill ins(%z : f32) outs(%e : tensor<4xf32>) -> tensor<4xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>, affine_map<(d0, d1) -> (d0)>], iterator_types = ["parallel", "reduction"]}
      ins(%x, %m : tensor<4x40xf32>, tensor<4xf32>) outs(%f : tensor<4xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %d = arith.subf %a, %b : f32
    %x1 = math.exp %d : f32
    %s = arith.maximumf %x1, %acc : f32
    linalg.yield %s : f32
  } -> tensor<4xf32>
  return %r : tensor<4xf32>
}

// -----

// Rows shorter than two vectors are vectorized whole; a reduction over an
// outer loop (channels of N x C x W) is not a row reduction and is left.
// CHECK-LABEL: func.func @short_rows
// CHECK-NOT:     scf.for {{.*}} step %c16
// CHECK:         vector.reduction <add>, {{.*}} : vector<24xf32> into f32
// CHECK-LABEL: func.func @outer_reduction
// CHECK:         linalg.generic {{.*}}iterator_types = ["parallel", "reduction", "parallel"]
func.func @short_rows(%x: tensor<4x24xf32>, %f: tensor<4xf32>) -> tensor<4xf32> {
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>], iterator_types = ["parallel", "reduction"]}
      ins(%x : tensor<4x24xf32>) outs(%f : tensor<4xf32>) {
  ^bb0(%a: f32, %acc: f32):
    %s = arith.addf %a, %acc : f32
    linalg.yield %s : f32
  } -> tensor<4xf32>
  return %r : tensor<4xf32>
}
func.func @outer_reduction(%x: tensor<2x8x64xf32>, %f: tensor<2x64xf32>) -> tensor<2x64xf32> {
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d2)>], iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%x : tensor<2x8x64xf32>) outs(%f : tensor<2x64xf32>) {
  ^bb0(%a: f32, %acc: f32):
    %s = arith.addf %a, %acc : f32
    linalg.yield %s : f32
  } -> tensor<2x64xf32>
  return %r : tensor<2x64xf32>
}

// -----

// Rows of 133: two tiles of 64 and a peeled one of 5, in a function of one
// row (the row loop of one iteration folds away); rows of 69 (fewer than
// 2 x 64): one vector of partial sums, 4 tiles of 16 and a peeled one of 5.
// CHECK-LABEL: func.func @one_row
// CHECK-NOT:     scf.for {{.*}} to %c1 step
// CHECK:         scf.for {{.*}} to %c128 step %c64
// CHECK:         arith.addf {{.*}} : vector<1x5xf32>
// CHECK:         vector.reduction <add>
// CHECK-LABEL: func.func @rows_of_69
// CHECK:         scf.for {{.*}} to %c64 step %c16
// CHECK:           arith.addf {{.*}} : vector<1x16xf32>
// CHECK:         arith.addf {{.*}} : vector<1x5xf32>
// CHECK:         vector.reduction <add>, {{.*}} : vector<16xf32> into f32
func.func @one_row(%x: tensor<1x133xf32>, %f: tensor<1xf32>) -> tensor<1xf32> {
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>], iterator_types = ["parallel", "reduction"]}
      ins(%x : tensor<1x133xf32>) outs(%f : tensor<1xf32>) {
  ^bb0(%a: f32, %acc: f32):
    %s = arith.addf %a, %acc : f32
    linalg.yield %s : f32
  } -> tensor<1xf32>
  return %r : tensor<1xf32>
}
func.func @rows_of_69(%x: tensor<3x69xf32>, %f: tensor<3xf32>) -> tensor<3xf32> {
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>], iterator_types = ["parallel", "reduction"]}
      ins(%x : tensor<3x69xf32>) outs(%f : tensor<3xf32>) {
  ^bb0(%a: f32, %acc: f32):
    %s = arith.addf %a, %acc : f32
    linalg.yield %s : f32
  } -> tensor<3xf32>
  return %r : tensor<3xf32>
}

// -----

// Dot products of a matrix's rows with a vector (vectorize-contractions'
// matrix-vector form of a batch-1 Gemm): each row reduced in four vectors
// of partial results, four rows at a time, rows on threads.
// CHECK-LABEL: func.func @matrix_vector_rows
// CHECK:         scf.for {{.*}} to %c40 step %c4
// CHECK:           scf.for {{.*}} to %c128 step %c64
// CHECK:             arith.mulf {{.*}} : vector<4x64xf32>
// CHECK:             arith.addf {{.*}} : vector<4x64xf32>
// CHECK:           vector.reduction <add>, {{.*}} : vector<64xf32> into f32
// CHECK:         } {mcg.parallel}
func.func @matrix_vector_rows(%x: tensor<128xf32>, %w: tensor<40x128xf32>, %init: tensor<40xf32>) -> tensor<40xf32> {
  %y = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>],
                       iterator_types = ["parallel", "reduction"]}
      ins(%x, %w : tensor<128xf32>, tensor<40x128xf32>) outs(%init : tensor<40xf32>) {
  ^bb0(%p: f32, %q: f32, %acc: f32):
    %m = arith.mulf %p, %q : f32
    %s = arith.addf %acc, %m : f32
    linalg.yield %s : f32
  } -> tensor<40xf32>
  return %y : tensor<40xf32>
}
