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
