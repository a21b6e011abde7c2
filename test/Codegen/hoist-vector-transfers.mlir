// hoist-vector-transfers: the accumulator tile is read before the
// reduction loop and written after it.
// RUN: mcg-opt %s --pass-pipeline='builtin.module(func.func(hoist-vector-transfers))' | FileCheck %s

// CHECK-LABEL: func.func @accumulate
// CHECK:         %[[ACC:.*]] = vector.transfer_read %arg1
// CHECK:         %[[R:.*]] = scf.for {{.*}} iter_args(%[[V:.*]] = %[[ACC]]) -> (vector<8xf32>)
// CHECK:           vector.transfer_read %arg0
// CHECK:           arith.addf
// CHECK-NOT:       vector.transfer_write
// CHECK:         }
// CHECK:         vector.transfer_write %[[R]], %arg1
func.func @accumulate(%a: memref<16x8xf32>, %c: memref<8xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c16 = arith.constant 16 : index
  %pad = arith.constant 0.0 : f32
  scf.for %k = %c0 to %c16 step %c1 {
    %x = vector.transfer_read %a[%k, %c0], %pad {in_bounds = [true]} : memref<16x8xf32>, vector<8xf32>
    %acc = vector.transfer_read %c[%c0], %pad {in_bounds = [true]} : memref<8xf32>, vector<8xf32>
    %s = arith.addf %acc, %x : vector<8xf32>
    vector.transfer_write %s, %c[%c0] {in_bounds = [true]} : vector<8xf32>, memref<8xf32>
  }
  return
}

// A packed product's accumulator is a view (memref.expand_shape) of the
// result: its transfers move onto the result itself (indices linearized
// per reassociation group), the fill too, so the pair can be hoisted. The
// B panel's rows are contiguous: its 8 x 32 read becomes one 256-lane read
// of a collapsed view.
// CHECK-LABEL: func.func @packed
// CHECK:         linalg.fill ins(%{{.*}}) outs(%arg2 : memref<16x64xf32>)
// CHECK:         scf.for %[[I:.*]] = {{.*}} step %c8
// CHECK:           scf.for %[[JO:.*]] = {{.*}} to %c2
// CHECK:             %[[J:.*]] = affine.apply #{{.*}}()[%[[JO]]]
// CHECK:             %[[ACC:.*]] = vector.transfer_read %arg2[%[[I]], %[[J]]]
// CHECK-SAME:          memref<16x64xf32>, vector<8x32xf32>
// CHECK:             %[[R:.*]] = scf.for {{.*}} iter_args(%{{.*}} = %[[ACC]])
// CHECK:               memref.collapse_shape %arg1 {{\[}}[0], [1, 2]]
// CHECK:               vector.transfer_read {{.*}} : memref<2x1024xf32>, vector<256xf32>
// CHECK:               vector.shape_cast {{.*}} : vector<256xf32> to vector<8x32xf32>
// CHECK:             }
// CHECK:             vector.transfer_write %[[R]], %arg2[%[[I]], %[[J]]]
// CHECK-NOT:     memref.expand_shape
func.func @packed(%a: memref<16x32xf32>, %bp: memref<2x32x32xf32>, %c: memref<16x64xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c8 = arith.constant 8 : index
  %c16 = arith.constant 16 : index
  %c32 = arith.constant 32 : index
  %pad = arith.constant 0.0 : f32
  %c3 = memref.expand_shape %c [[0], [1, 2]] output_shape [16, 2, 32] : memref<16x64xf32> into memref<16x2x32xf32>
  linalg.fill ins(%pad : f32) outs(%c3 : memref<16x2x32xf32>)
  scf.for %i = %c0 to %c16 step %c8 {
    scf.for %jo = %c0 to %c2 step %c1 {
      scf.for %k = %c0 to %c32 step %c8 {
        %x = vector.transfer_read %a[%i, %k], %pad {in_bounds = [true, true]} : memref<16x32xf32>, vector<8x8xf32>
        %y = vector.transfer_read %bp[%jo, %k, %c0], %pad {in_bounds = [true, true]} : memref<2x32x32xf32>, vector<8x32xf32>
        %acc = vector.transfer_read %c3[%i, %jo, %c0], %pad {in_bounds = [true, true], permutation_map = affine_map<(d0, d1, d2) -> (d0, d2)>} : memref<16x2x32xf32>, vector<8x32xf32>
        %r = vector.contract {indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (k, n)>, affine_map<(m, n, k) -> (m, n)>], iterator_types = ["parallel", "parallel", "reduction"], kind = #vector.kind<add>} %x, %y, %acc : vector<8x8xf32>, vector<8x32xf32> into vector<8x32xf32>
        vector.transfer_write %r, %c3[%i, %jo, %c0] {in_bounds = [true, true], permutation_map = affine_map<(d0, d1, d2) -> (d0, d2)>} : vector<8x32xf32>, memref<16x2x32xf32>
      }
    }
  }
  return
}

// A flattened 1x1 convolution: its accumulator, a temporary buffer seen
// through a memref.collapse_shape, is allocated flat so that its tile can
// be hoisted; the stores of the bias and of the sum are forwarded to the
// reads after them, and the buffer, then only written, disappears.
// CHECK-LABEL: func.func @flat_accumulator
// CHECK-NOT:     memref.alloc
// CHECK:         %[[BIAS:.*]] = vector.transfer_read %arg2
// CHECK:         %[[R:.*]] = scf.for {{.*}} iter_args(%[[V:.*]] = %[[BIAS]])
// CHECK:         }
// CHECK:         %[[Y:.*]] = arith.maximumf %[[R]]
// CHECK:         %[[F:.*]] = vector.shape_cast %[[Y]]
// CHECK:         vector.transfer_write %[[F]]
// CHECK-NOT:     vector.transfer_write
// CHECK:         return
func.func @flat_accumulator(%x: memref<16x32xf32>, %w: memref<8x16xf32>, %b: memref<8xf32>, %out: memref<8x32xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c16 = arith.constant 16 : index
  %pad = arith.constant 0.0 : f32
  %zero = arith.constant dense<0.0> : vector<8x32xf32>
  %alloc = memref.alloc() : memref<8x4x8xf32>
  %acc = memref.collapse_shape %alloc [[0], [1, 2]] : memref<8x4x8xf32> into memref<8x32xf32>
  %bias = vector.transfer_read %b[%c0], %pad {in_bounds = [true, true], permutation_map = affine_map<(d0) -> (d0, 0)>} : memref<8xf32>, vector<8x32xf32>
  vector.transfer_write %bias, %acc[%c0, %c0] {in_bounds = [true, true]} : vector<8x32xf32>, memref<8x32xf32>
  scf.for %k = %c0 to %c16 step %c1 {
    %xk = vector.transfer_read %x[%k, %c0], %pad {in_bounds = [true, true], permutation_map = affine_map<(d0, d1) -> (0, d1)>} : memref<16x32xf32>, vector<8x32xf32>
    %wk = vector.transfer_read %w[%c0, %k], %pad {in_bounds = [true, true], permutation_map = affine_map<(d0, d1) -> (d0, 0)>} : memref<8x16xf32>, vector<8x32xf32>
    %a = vector.transfer_read %acc[%c0, %c0], %pad {in_bounds = [true, true]} : memref<8x32xf32>, vector<8x32xf32>
    %s = vector.fma %xk, %wk, %a : vector<8x32xf32>
    vector.transfer_write %s, %acc[%c0, %c0] {in_bounds = [true, true]} : vector<8x32xf32>, memref<8x32xf32>
  }
  %t = vector.transfer_read %acc[%c0, %c0], %pad {in_bounds = [true, true]} : memref<8x32xf32>, vector<8x32xf32>
  %y = arith.maximumf %t, %zero : vector<8x32xf32>
  vector.transfer_write %y, %out[%c0, %c0] {in_bounds = [true, true]} : vector<8x32xf32>, memref<8x32xf32>
  memref.dealloc %alloc : memref<8x4x8xf32>
  return
}

// A buffer that is read is kept (a copy of more than one register tile
// stays a copy).
// CHECK-LABEL: func.func @read_buffer
// CHECK:         memref.alloc
// CHECK:         memref.copy
func.func @read_buffer(%v: vector<16x32xf32>, %out: memref<16x32xf32>) {
  %c0 = arith.constant 0 : index
  %alloc = memref.alloc() : memref<16x32xf32>
  vector.transfer_write %v, %alloc[%c0, %c0] {in_bounds = [true, true]} : vector<16x32xf32>, memref<16x32xf32>
  memref.copy %alloc, %out : memref<16x32xf32> to memref<16x32xf32>
  return
}

// A product's last column (289 positions: tiles of 32, then one column)
// starts from its slice of the bias through a memref.copy into a subview
// of the accumulator buffer. The copy becomes a transfer pair, its views
// folded into the indices, so that the buffer has no view users: both
// tiles' accumulators are hoisted, their stores forwarded, and the buffer,
// then only written, disappears. (A larger copy stays a copy:
// @read_buffer.)
// CHECK-LABEL: func.func @last_column_bias
// CHECK-NOT:     memref.alloc
// CHECK-NOT:     memref.copy
// CHECK:         %[[B:.*]] = vector.transfer_read %arg2[%{{.*}}]{{.*}} : memref<16xf32>, vector<8xf32>
// CHECK:         %[[R:.*]] = scf.for {{.*}} iter_args(%{{.*}} = %[[B]]) -> (vector<8xf32>)
// CHECK-NOT:       vector.transfer_write
// CHECK:         }
// CHECK:         %[[Y:.*]] = arith.maximumf %[[R]]
// CHECK:         vector.transfer_write %[[Y]], %arg3[%{{.*}}, %c32]
// CHECK-SAME:      permutation_map = #{{.*}}} : vector<8xf32>, memref<16x33xf32>
func.func @last_column_bias(%w: memref<16x64xf32>, %x: memref<64x33xf32>, %bias: memref<16xf32>, %y: memref<16x33xf32>) {
  %c0 = arith.constant 0 : index
  %c8 = arith.constant 8 : index
  %c16 = arith.constant 16 : index
  %c32 = arith.constant 32 : index
  %c64 = arith.constant 64 : index
  %pad = arith.constant 0.0 : f32
  %acc = memref.alloc() {alignment = 64 : i64} : memref<16x33xf32>
  scf.for %i = %c0 to %c16 step %c8 {
    %b = memref.subview %bias[%i] [8] [1] : memref<16xf32> to memref<8xf32, strided<[1], offset: ?>>
    %a = memref.subview %acc[%i, 32] [8, 1] [1, 1] : memref<16x33xf32> to memref<8xf32, strided<[33], offset: ?>>
    memref.copy %b, %a : memref<8xf32, strided<[1], offset: ?>> to memref<8xf32, strided<[33], offset: ?>>
    scf.for %k = %c0 to %c64 step %c8 {
      %wt = vector.transfer_read %w[%i, %k], %pad {in_bounds = [true, true]} : memref<16x64xf32>, vector<8x8xf32>
      %xt = vector.transfer_read %x[%k, %c32], %pad {in_bounds = [true], permutation_map = affine_map<(d0, d1) -> (d0)>} : memref<64x33xf32>, vector<8xf32>
      %at = vector.transfer_read %acc[%i, %c32], %pad {in_bounds = [true], permutation_map = affine_map<(d0, d1) -> (d0)>} : memref<16x33xf32>, vector<8xf32>
      %r = vector.contract {indexing_maps = [affine_map<(m, k) -> (m, k)>, affine_map<(m, k) -> (k)>, affine_map<(m, k) -> (m)>], iterator_types = ["parallel", "reduction"], kind = #vector.kind<add>} %wt, %xt, %at : vector<8x8xf32>, vector<8xf32> into vector<8xf32>
      vector.transfer_write %r, %acc[%i, %c32] {in_bounds = [true], permutation_map = affine_map<(d0, d1) -> (d0)>} : vector<8xf32>, memref<16x33xf32>
    }
    %s = vector.transfer_read %acc[%i, %c32], %pad {in_bounds = [true], permutation_map = affine_map<(d0, d1) -> (d0)>} : memref<16x33xf32>, vector<8xf32>
    %zero = arith.constant dense<0.0> : vector<8xf32>
    %relu = arith.maximumf %s, %zero : vector<8xf32>
    vector.transfer_write %relu, %y[%i, %c32] {in_bounds = [true], permutation_map = affine_map<(d0, d1) -> (d0)>} : vector<8xf32>, memref<16x33xf32>
  }
  memref.dealloc %acc : memref<16x33xf32>
  return
}

