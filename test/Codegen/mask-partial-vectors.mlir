// mask-partial-vectors: one masked access for each part-filled vector.
// RUN: mcg-opt %s --pass-pipeline='builtin.module(func.func(mask-partial-vectors))' -split-input-file | FileCheck %s
// RUN: mcg-opt %s --pass-pipeline='builtin.module(func.func(mask-partial-vectors{lanes=8}))' -split-input-file | FileCheck %s --check-prefix=AVX2
// RUN: not mcg-opt %s --pass-pipeline='builtin.module(func.func(mask-partial-vectors{lanes=0}))' -split-input-file 2>&1 | FileCheck %s --check-prefix=BAD

// Rows of 14: read as 16 with a mask of 14 and narrowed; written widened
// into poison with the same mask. Rows of 27 (more than the lanes): 32.
// With 8 lanes, rows of 14 take two vectors: 16, the same mask.
// CHECK-LABEL: func.func @rows_of_14
// CHECK:         %[[MASK:.+]] = vector.constant_mask [8, 14] : vector<8x16xi1>
// CHECK:         %[[WIDE:.+]] = vector.transfer_read %arg0[%arg2, %arg3], %{{.*}}, %[[MASK]] {in_bounds = [true, true]} : memref<8x58xf32>, vector<8x16xf32>
// CHECK:         %[[V:.+]] = vector.extract_strided_slice %[[WIDE]] {offsets = [0, 0], sizes = [8, 14], strides = [1, 1]} : vector<8x16xf32> to vector<8x14xf32>
// CHECK:         %[[SUM:.+]] = arith.addf %[[V]], %[[V]] : vector<8x14xf32>
// CHECK:         %[[POISON:.+]] = ub.poison : vector<8x16xf32>
// CHECK:         %[[W:.+]] = vector.insert_strided_slice %[[SUM]], %[[POISON]] {offsets = [0, 0], strides = [1, 1]} : vector<8x14xf32> into vector<8x16xf32>
// CHECK:         %[[WMASK:.+]] = vector.constant_mask [8, 14] : vector<8x16xi1>
// CHECK:         vector.transfer_write %[[W]], %arg1[%arg2, %arg3], %[[WMASK]] {in_bounds = [true, true]} : vector<8x16xf32>, memref<8x58xf32>
// CHECK-LABEL: func.func @rows_of_27
// CHECK:         vector.constant_mask [27] : vector<32xi1>
// CHECK:         vector.transfer_read {{.*}} : memref<64xf32>, vector<32xf32>
// AVX2-LABEL: func.func @rows_of_14
// AVX2:         vector.constant_mask [8, 14] : vector<8x16xi1>
// BAD: mask-partial-vectors: lanes must be positive, got 0
func.func @rows_of_14(%a: memref<8x58xf32>, %b: memref<8x58xf32>, %i: index, %j: index) {
  %p = ub.poison : f32
  %v = vector.transfer_read %a[%i, %j], %p {in_bounds = [true, true]} : memref<8x58xf32>, vector<8x14xf32>
  %s = arith.addf %v, %v : vector<8x14xf32>
  vector.transfer_write %s, %b[%i, %j] {in_bounds = [true, true]} : vector<8x14xf32>, memref<8x58xf32>
  return
}
func.func @rows_of_27(%a: memref<64xf32>, %i: index) -> vector<27xf32> {
  %p = ub.poison : f32
  %v = vector.transfer_read %a[%i], %p {in_bounds = [true]} : memref<64xf32>, vector<27xf32>
  return %v : vector<27xf32>
}

// -----

// Left alone: powers of two, whole vectors, 2 elements, tensors, transfers
// that may be out of bounds or are masked already, and transposed reads.
// CHECK-LABEL: func.func @left_alone
// CHECK-NOT:     vector.constant_mask
// CHECK-NOT:     vector.extract_strided_slice
// CHECK:         return
func.func @left_alone(%a: memref<8x64xf32>, %t: tensor<8x64xf32>, %i: index, %m: vector<14xi1>)
    -> (vector<8xf32>, vector<32xf32>, vector<2xf32>, vector<14xf32>, vector<14xf32>, vector<14xf32>, vector<14x2xf32>) {
  %p = ub.poison : f32
  %r0 = vector.transfer_read %a[%i, %i], %p {in_bounds = [true]} : memref<8x64xf32>, vector<8xf32>
  %r1 = vector.transfer_read %a[%i, %i], %p {in_bounds = [true]} : memref<8x64xf32>, vector<32xf32>
  %r2 = vector.transfer_read %a[%i, %i], %p {in_bounds = [true]} : memref<8x64xf32>, vector<2xf32>
  %r3 = vector.transfer_read %t[%i, %i], %p {in_bounds = [true]} : tensor<8x64xf32>, vector<14xf32>
  %r4 = vector.transfer_read %a[%i, %i], %p : memref<8x64xf32>, vector<14xf32>
  %r5 = vector.transfer_read %a[%i, %i], %p, %m {in_bounds = [true]} : memref<8x64xf32>, vector<14xf32>
  %r6 = vector.transfer_read %a[%i, %i], %p {in_bounds = [true, true], permutation_map = affine_map<(d0, d1) -> (d1, d0)>} : memref<8x64xf32>, vector<14x2xf32>
  return %r0, %r1, %r2, %r3, %r4, %r5, %r6 : vector<8xf32>, vector<32xf32>, vector<2xf32>, vector<14xf32>, vector<14xf32>, vector<14xf32>, vector<14x2xf32>
}

// -----

// An accumulator tile of 17 columns (more than a vector, not whole
// vectors) carried through a reduction loop of vector.contract: widened to
// 32 columns for the loop (its start padded with zeros, the operand row
// read masked at full width), narrowed once after it. The loop's other
// accumulator (whole vectors) and a tile the loop does not only contract
// into are left as they are.
// CHECK-LABEL: func.func @accumulator_of_17
// CHECK:         %[[ZERO:.+]] = arith.constant dense<0.000000e+00> : vector<8x32xf32>
// CHECK:         %[[START:.+]] = vector.insert_strided_slice %arg3, %[[ZERO]] {offsets = [0, 0], strides = [1, 1]} : vector<8x17xf32> into vector<8x32xf32>
// CHECK:         %[[LOOP:.+]]:2 = scf.for {{.*}} iter_args(%[[ACC:.+]] = %[[START]], %{{.*}} = %arg4) -> (vector<8x32xf32>, vector<8x16xf32>)
// CHECK:           %[[MASK:.+]] = vector.constant_mask [8, 17] : vector<8x32xi1>
// CHECK:           %[[ROW:.+]] = vector.transfer_read %arg1[%{{.*}}, %c0], %{{.*}}, %[[MASK]] {in_bounds = [true, true]} : memref<64x17xf32>, vector<8x32xf32>
// CHECK:           %[[P:.+]] = vector.contract {{.*}} %{{.*}}, %[[ROW]], %[[ACC]] : vector<8x8xf32>, vector<8x32xf32> into vector<8x32xf32>
// CHECK:           scf.yield %[[P]], %{{.*}} : vector<8x32xf32>, vector<8x16xf32>
// CHECK:         %[[R:.+]] = vector.extract_strided_slice %[[LOOP]]#0 {offsets = [0, 0], sizes = [8, 17], strides = [1, 1]} : vector<8x32xf32> to vector<8x17xf32>
// CHECK:         return %[[R]], %[[LOOP]]#1
// CHECK-LABEL: func.func @accumulator_also_added
// CHECK:         scf.for {{.*}} -> (vector<8x17xf32>)
// CHECK:           vector.extract_strided_slice {{.*}} : vector<8x32xf32> to vector<8x17xf32>
// CHECK:           vector.contract {{.*}} : vector<8x8xf32>, vector<8x17xf32> into vector<8x17xf32>
// CHECK:         return
#a = affine_map<(m, n, k) -> (m, k)>
#b = affine_map<(m, n, k) -> (k, n)>
#c = affine_map<(m, n, k) -> (m, n)>
func.func @accumulator_of_17(%a: memref<8x64xf32>, %b: memref<64x17xf32>, %b2: memref<64x16xf32>, %init: vector<8x17xf32>, %init2: vector<8x16xf32>) -> (vector<8x17xf32>, vector<8x16xf32>) {
  %c0 = arith.constant 0 : index
  %c8 = arith.constant 8 : index
  %c64 = arith.constant 64 : index
  %z = arith.constant 0.0 : f32
  %r:2 = scf.for %k = %c0 to %c64 step %c8 iter_args(%acc = %init, %acc2 = %init2) -> (vector<8x17xf32>, vector<8x16xf32>) {
    %va = vector.transfer_read %a[%c0, %k], %z {in_bounds = [true, true]} : memref<8x64xf32>, vector<8x8xf32>
    %vb = vector.transfer_read %b[%k, %c0], %z {in_bounds = [true, true]} : memref<64x17xf32>, vector<8x17xf32>
    %vb2 = vector.transfer_read %b2[%k, %c0], %z {in_bounds = [true, true]} : memref<64x16xf32>, vector<8x16xf32>
    %p = vector.contract {indexing_maps = [#a, #b, #c], iterator_types = ["parallel", "parallel", "reduction"], kind = #vector.kind<add>} %va, %vb, %acc : vector<8x8xf32>, vector<8x17xf32> into vector<8x17xf32>
    %p2 = vector.contract {indexing_maps = [#a, #b, #c], iterator_types = ["parallel", "parallel", "reduction"], kind = #vector.kind<add>} %va, %vb2, %acc2 : vector<8x8xf32>, vector<8x16xf32> into vector<8x16xf32>
    scf.yield %p, %p2 : vector<8x17xf32>, vector<8x16xf32>
  }
  return %r#0, %r#1 : vector<8x17xf32>, vector<8x16xf32>
}
func.func @accumulator_also_added(%a: memref<8x64xf32>, %b: memref<64x17xf32>, %init: vector<8x17xf32>) -> vector<8x17xf32> {
  %c0 = arith.constant 0 : index
  %c8 = arith.constant 8 : index
  %c64 = arith.constant 64 : index
  %z = arith.constant 0.0 : f32
  %r = scf.for %k = %c0 to %c64 step %c8 iter_args(%acc = %init) -> (vector<8x17xf32>) {
    %va = vector.transfer_read %a[%c0, %k], %z {in_bounds = [true, true]} : memref<8x64xf32>, vector<8x8xf32>
    %vb = vector.transfer_read %b[%k, %c0], %z {in_bounds = [true, true]} : memref<64x17xf32>, vector<8x17xf32>
    %p = vector.contract {indexing_maps = [#a, #b, #c], iterator_types = ["parallel", "parallel", "reduction"], kind = #vector.kind<add>} %va, %vb, %acc : vector<8x8xf32>, vector<8x17xf32> into vector<8x17xf32>
    %q = arith.addf %p, %acc : vector<8x17xf32>
    scf.yield %q : vector<8x17xf32>
  }
  return %r : vector<8x17xf32>
}
