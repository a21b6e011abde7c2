// The steps of cgraph-to-llvm that keep a convolution's accumulator tile in
// registers: after bufferization, subviews are folded into the transfers
// and hoisting carries the tile through all three reduction loops
// (channel blocks, filter rows, filter columns). (24 filters: output
// columns on the lanes.)
// RUN: mcg-opt %s -p 'builtin.module(convert-cgraph-to-linalg,func.func(vectorize-contractions),canonicalize,one-shot-bufferize{bufferize-function-boundaries=1 function-boundary-type-conversion=identity-layout-map},buffer-results-to-out-params{hoist-static-allocs modify-public-functions},cse,canonicalize,func.func(fold-memref-alias-ops),loop-invariant-code-motion,func.func(hoist-vector-transfers),canonicalize)' | FileCheck %s

// CHECK-LABEL: func.func private @c__k0_conv2d
// CHECK:         %[[ACC:.*]] = vector.transfer_read %[[OUT:.*]][%c0, %{{.*}}, %{{.*}}, %{{.*}}]{{.*}} : memref<1x24x30x30xf32>, vector<8x15xf32>
// CHECK-NEXT:    %[[R:.*]] = scf.for {{.*}} iter_args(%{{.*}} = %[[ACC]]) -> (vector<8x15xf32>)
// CHECK:           scf.for {{.*}} -> (vector<8x15xf32>)
// CHECK:             scf.for {{.*}} -> (vector<8x15xf32>)
// CHECK-NOT:           vector.transfer_write
// CHECK:               vector.contract
// CHECK:         vector.transfer_write %[[R]], %[[OUT]]
cgraph.graph @c(%x: tensor<1x16x32x32xf32> as "x", %w: tensor<24x16x3x3xf32> as "w") -> (tensor<1x24x30x30xf32> as "y") {
  %y = cgraph.conv2d %x, %w : (tensor<1x16x32x32xf32>, tensor<24x16x3x3xf32>) -> tensor<1x24x30x30xf32>
  cgraph.output %y : tensor<1x24x30x30xf32>
}
