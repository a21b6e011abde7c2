// vectorize-elementwise: vector loops for elementwise generics.
// RUN: mcg-opt %s --pass-pipeline='builtin.module(func.func(vectorize-elementwise))' -split-input-file | FileCheck %s
// RUN: mcg-opt %s --pass-pipeline='builtin.module(func.func(vectorize-elementwise{lanes=8}))' -split-input-file | FileCheck %s --check-prefix=AVX2
// RUN: not mcg-opt %s --pass-pipeline='builtin.module(func.func(vectorize-elementwise{lanes=0}))' -split-input-file 2>&1 | FileCheck %s --check-prefix=BAD

// A bias add + SiLU over 1 x 8 x 14 x 14: the bias reads (d1), so the map's
// rows and columns flatten to 196 elements, tiled by two vectors (32) with
// a peeled partial tile of 4 (13 vectors a row, against 14 tiles of 14);
// the channel loop is parallel.
// CHECK-LABEL: func.func @bias_silu
// CHECK:         tensor.collapse_shape %arg0 {{\[}}[0], [1], [2, 3]] : tensor<1x8x14x14xf32> into tensor<1x8x196xf32>
// CHECK:         scf.for {{.*}} to %c8 step %c1
// CHECK:           scf.for {{.*}} to %c192 step %c32
// CHECK:             vector.transfer_read {{.*}} : tensor<1x1x32xf32>, vector<1x1x32xf32>
// CHECK:             vector.transfer_read {{.*}}permutation_map = {{.*}} : tensor<1xf32>, vector<1x1x32xf32>
// CHECK:             math.exp {{.*}} : vector<1x1x32xf32>
// CHECK:             arith.divf {{.*}} : vector<1x1x32xf32>
// CHECK:           tensor.extract_slice {{.*}}[%{{.*}}, %{{.*}}, 192] [1, 1, 4]
// CHECK:           math.exp {{.*}} : vector<1x1x4xf32>
// CHECK:         } {mcg.parallel}
// CHECK:         tensor.expand_shape {{.*}} into tensor<1x8x14x14xf32>
// BAD: vectorize-elementwise: lanes must be positive, got 0
#bias = affine_map<(d0, d1, d2, d3) -> (d1)>
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
func.func @bias_silu(%x: tensor<1x8x14x14xf32>, %b: tensor<8xf32>) -> tensor<1x8x14x14xf32> {
  %e = tensor.empty() : tensor<1x8x14x14xf32>
  %one = arith.constant 1.0 : f32
  %r = linalg.generic {indexing_maps = [#id, #bias, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%x, %b : tensor<1x8x14x14xf32>, tensor<8xf32>) outs(%e : tensor<1x8x14x14xf32>) {
  ^bb0(%in: f32, %bias: f32, %out: f32):
    %v = arith.addf %in, %bias : f32
    %n = arith.negf %v : f32
    %x1 = math.exp %n : f32
    %d = arith.addf %one, %x1 : f32
    %s = arith.divf %v, %d : f32
    linalg.yield %s : f32
  } -> tensor<1x8x14x14xf32>
  return %r : tensor<1x8x14x14xf32>
}

// -----

// Same-shape operands flatten completely: 4,096 elements in tiles of two
// vectors (32 f32 with 16 lanes, 16 with 8).
// CHECK-LABEL: func.func @relu_flat
// CHECK:         tensor.collapse_shape %arg0 {{\[}}[0, 1, 2, 3]]
// CHECK:         scf.for {{.*}} to %c4096 step %c32
// CHECK:           arith.maximumf {{.*}} : vector<32xf32>
// AVX2-LABEL: func.func @relu_flat
// AVX2:           arith.maximumf {{.*}} : vector<16xf32>
#id2 = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
func.func @relu_flat(%x: tensor<1x16x16x16xf32>) -> tensor<1x16x16x16xf32> {
  %e = tensor.empty() : tensor<1x16x16x16xf32>
  %zero = arith.constant 0.0 : f32
  %r = linalg.generic {indexing_maps = [#id2, #id2], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%x : tensor<1x16x16x16xf32>) outs(%e : tensor<1x16x16x16xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.maximumf %in, %zero : f32
    linalg.yield %m : f32
  } -> tensor<1x16x16x16xf32>
  return %r : tensor<1x16x16x16xf32>
}

// -----

// Not flattened: a map with a constant result (the second operand's unit
// row broadcast), and not touched: a reduction, and an op already inside a
// loop (a contraction's epilogue tile).
// CHECK-LABEL: func.func @left_alone
// CHECK-NOT:     tensor.collapse_shape
// CHECK:         scf.for {{.*}} to %c3 step %c1
// CHECK:           arith.maximumf {{.*}} : vector<1x4xf32>
// CHECK:         linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]
// CHECK:         scf.for
// CHECK:           linalg.generic
func.func @left_alone(%a: tensor<3x4xf32>, %b: tensor<1x4xf32>, %s: tensor<3xf32>) -> (tensor<3x4xf32>, tensor<3xf32>, tensor<3x4xf32>) {
  %e = tensor.empty() : tensor<3x4xf32>
  %m = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]}
      ins(%a, %b : tensor<3x4xf32>, tensor<1x4xf32>) outs(%e : tensor<3x4xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %v = arith.maximumf %x, %y : f32
    linalg.yield %v : f32
  } -> tensor<3x4xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>], iterator_types = ["parallel", "reduction"]}
      ins(%a : tensor<3x4xf32>) outs(%s : tensor<3xf32>) {
  ^bb0(%x: f32, %o: f32):
    %v = arith.addf %x, %o : f32
    linalg.yield %v : f32
  } -> tensor<3xf32>
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %l = scf.for %i = %c0 to %c3 step %c1 iter_args(%acc = %a) -> (tensor<3x4xf32>) {
    %n = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]}
        ins(%acc : tensor<3x4xf32>) outs(%e : tensor<3x4xf32>) {
    ^bb0(%x: f32, %o: f32):
      %v = arith.negf %x : f32
      linalg.yield %v : f32
    } -> tensor<3x4xf32>
    scf.yield %n : tensor<3x4xf32>
  }
  return %m, %r, %l : tensor<3x4xf32>, tensor<3xf32>, tensor<3x4xf32>
}

// -----

// 37 elements: one tile of 32 and a peeled one of 5; the loop of one
// iteration folds away (a crash when the tiles were looked for from it).
// CHECK-LABEL: func.func @one_full_tile
// CHECK-NOT:     scf.for
// CHECK:         arith.negf {{.*}} : vector<32xf32>
// CHECK:         arith.negf {{.*}} : vector<5xf32>
func.func @one_full_tile(%x: tensor<37xf32>) -> tensor<37xf32> {
  %e = tensor.empty() : tensor<37xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]}
      ins(%x : tensor<37xf32>) outs(%e : tensor<37xf32>) {
  ^bb0(%in: f32, %out: f32):
    %n = arith.negf %in : f32
    linalg.yield %n : f32
  } -> tensor<37xf32>
  return %r : tensor<37xf32>
}

// -----

// A fill outside the tile loops (a max pool's -inf start) is vectorized
// too, keeping its rank: rows of 55 as 32 + a peeled 23, no collapse_shape
// of the result.
// CHECK-LABEL: func.func @fill
// CHECK-NOT:     tensor.collapse_shape
// CHECK-NOT:     linalg.fill
// CHECK:         scf.for {{.*}} to %c4 step %c1
// CHECK:           scf.for {{.*}} to %c5 step %c1
// CHECK:             vector.transfer_write {{.*}} : vector<1x1x1x32xf32>, tensor<1x1x1x32xf32>
// CHECK:             vector.transfer_write {{.*}} : vector<1x1x1x23xf32>, tensor<1x1x1x23xf32>
func.func @fill() -> tensor<1x4x5x55xf32> {
  %e = tensor.empty() : tensor<1x4x5x55xf32>
  %ninf = arith.constant 0xFF800000 : f32
  %f = linalg.fill ins(%ninf : f32) outs(%e : tensor<1x4x5x55xf32>) -> tensor<1x4x5x55xf32>
  return %f : tensor<1x4x5x55xf32>
}
