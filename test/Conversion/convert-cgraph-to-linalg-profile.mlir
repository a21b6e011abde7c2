// convert-cgraph-to-linalg{profile=true}: every kernel call carries an
// mcg.profile description of the ops it computes (for mcg-run --profile),
// recorded per call even when calls share a kernel; without the option no
// call carries one.
// RUN: mcg-opt %s --convert-cgraph-to-linalg=profile=true | FileCheck %s
// RUN: mcg-opt %s --convert-cgraph-to-linalg | FileCheck %s --check-prefix=OFF

// A fused convolution: the group's source names, input * filter -> result,
// the FLOPs of conv + bias (256 outputs x (2 x 27 + 1)) and relu (256), and
// the bytes of x (768), the filter (432), the bias (16) and the result
// (1024).
// CHECK-LABEL: func.func @g(
// CHECK:         call @g__k0_fused_contraction_epilogue({{.*}}) {mcg.profile = {bytes = 2240 : i64, flops = 14336 : i64, ops = ["block/conv", "block/relu"], shape = "1x3x8x8 * 4x3x3x3 -> 1x4x8x8"}}
// Two calls of one shared kernel keep their own names; an op without a
// NameLoc is named by file:line:col. Not a contraction: no flops.
// CHECK:         call @g__k1_relu({{.*}}) {mcg.profile = {bytes = 2048 : i64, ops = ["head/relu"], shape = "1x4x8x8"}}
// CHECK:         call @g__k1_relu({{.*}}) {mcg.profile = {bytes = 2048 : i64, ops = ["convert-cgraph-to-linalg-profile.mlir:[[@LINE+19]]:{{[0-9]+}}"], shape = "1x4x8x8"}}
// Element types other than f32 are spelled out (12 bytes in, 6 out).
// CHECK:         call @g__k3_cast({{.*}}) {mcg.profile = {bytes = 18 : i64, ops = ["head/cast"], shape = "3xf16"}}
// CHECK-NOT:     mcg.profile
// CHECK:         return

// OFF-NOT: mcg.profile

cgraph.graph @g(%x: tensor<1x3x8x8xf32> as "x", %v: tensor<3xf32> as "v")
    -> (tensor<1x4x8x8xf32> as "y", tensor<1x4x8x8xf32> as "z", tensor<3xf16> as "h") {
  %w = cgraph.constant dense<0.5> : tensor<4x3x3x3xf32>
  %b = cgraph.constant dense<0.1> : tensor<4xf32>
  %y = cgraph.fused <contraction_epilogue> (%x, %w, %b) : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x8x8xf32> {
  ^bb0(%a: tensor<1x3x8x8xf32>, %c: tensor<4x3x3x3xf32>, %d: tensor<4xf32>):
    %conv = cgraph.conv2d %a, %c, %d {pads = array<i64: 1, 1, 1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x8x8xf32> loc("block/conv")
    %r = cgraph.relu %conv : tensor<1x4x8x8xf32> loc("block/relu")
    cgraph.yield %r : tensor<1x4x8x8xf32>
  } loc(fused["block/conv", "block/relu"])
  %z1 = cgraph.relu %y : tensor<1x4x8x8xf32> loc("head/relu")
  %z2 = cgraph.relu %z1 : tensor<1x4x8x8xf32>
  %h = cgraph.cast %v : tensor<3xf32> -> tensor<3xf16> loc("head/cast")
  cgraph.output %y, %z2, %h : tensor<1x4x8x8xf32>, tensor<1x4x8x8xf32>, tensor<3xf16>
}
