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
