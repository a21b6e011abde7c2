// Every cgraph op round-trips through the custom and the generic form.
// RUN: mcg-opt %s | FileCheck %s
// RUN: mcg-opt %s | mcg-opt | FileCheck %s
// RUN: mcg-opt %s -mlir-print-op-generic | mcg-opt | FileCheck %s
// RUN: mcg-opt %s -mlir-print-op-generic | FileCheck %s --check-prefix=GENERIC

// GENERIC: "cgraph.graph"() <{function_type = (tensor<2x3xf32>, tensor<3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>), input_names = ["a", "b"], output_names = ["sum", "act"], sym_name = "elementwise"}>

// CHECK-LABEL: cgraph.graph @elementwise(%a: tensor<2x3xf32> as "a", %b: tensor<3xf32> as "b") -> (tensor<2x3xf32> as "sum", tensor<2x3xf32> as "act")
cgraph.graph @elementwise(%a: tensor<2x3xf32> as "a", %b: tensor<3xf32> as "b")
    -> (tensor<2x3xf32> as "sum", tensor<2x3xf32> as "act") {
  // CHECK: cgraph.add %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %0 = cgraph.add %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  // CHECK: cgraph.sub
  %1 = cgraph.sub %0, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  // CHECK: cgraph.mul
  %2 = cgraph.mul %1, %a : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: cgraph.div
  %3 = cgraph.div %2, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  // CHECK: cgraph.max
  %4 = cgraph.max %3, %a : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: cgraph.min
  %5 = cgraph.min %4, %a : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: cgraph.pow
  %6 = cgraph.pow %5, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  // CHECK: cgraph.neg %{{.*}} : tensor<2x3xf32>
  %7 = cgraph.neg %6 : tensor<2x3xf32>
  // CHECK: cgraph.abs
  %8 = cgraph.abs %7 : tensor<2x3xf32>
  // CHECK: cgraph.exp
  %9 = cgraph.exp %8 : tensor<2x3xf32>
  // CHECK: cgraph.log
  %10 = cgraph.log %9 : tensor<2x3xf32>
  // CHECK: cgraph.sqrt
  %11 = cgraph.sqrt %10 : tensor<2x3xf32>
  // CHECK: cgraph.rsqrt
  %12 = cgraph.rsqrt %11 : tensor<2x3xf32>
  // CHECK: cgraph.tanh
  %13 = cgraph.tanh %12 : tensor<2x3xf32>
  // CHECK: cgraph.sigmoid
  %14 = cgraph.sigmoid %13 : tensor<2x3xf32>
  // CHECK: cgraph.relu
  %15 = cgraph.relu %14 : tensor<2x3xf32>
  // CHECK: cgraph.erf
  %16 = cgraph.erf %15 : tensor<2x3xf32>
  // CHECK: cgraph.gelu %{{.*}} : tensor<2x3xf32>
  %17 = cgraph.gelu %16 : tensor<2x3xf32>
  // CHECK: cgraph.gelu %{{.*}} {approximation = #cgraph.gelu_approximation<tanh>} : tensor<2x3xf32>
  %18 = cgraph.gelu %17 {approximation = #cgraph.gelu_approximation<tanh>} : tensor<2x3xf32>
  // CHECK: cgraph.clip %{{.*}} {max = 6.000000e+00 : f64, min = 0.000000e+00 : f64} : tensor<2x3xf32>
  %19 = cgraph.clip %18 {min = 0.0 : f64, max = 6.0 : f64} : tensor<2x3xf32>
  // CHECK: cgraph.leaky_relu %{{.*}} {alpha = 2.000000e-01 : f64} : tensor<2x3xf32>
  %20 = cgraph.leaky_relu %19 {alpha = 0.2 : f64} : tensor<2x3xf32>
  // CHECK: cgraph.cast %{{.*}} : tensor<2x3xf32> -> tensor<2x3xf16>
  %21 = cgraph.cast %20 : tensor<2x3xf32> -> tensor<2x3xf16>
  %22 = cgraph.cast %21 : tensor<2x3xf16> -> tensor<2x3xf32>
  cgraph.output %0, %22 : tensor<2x3xf32>, tensor<2x3xf32>
}

// CHECK-LABEL: cgraph.graph @nn
cgraph.graph @nn(%x: tensor<1x3x16x16xf32> as "x", %m: tensor<4x2x3xf32> as "m")
    -> (tensor<1x10xf32> as "cls", tensor<1x4x32x32xf32> as "up",
        tensor<4x2x5xf32> as "mm", tensor<1x8x4x4xf32> as "pools",
        tensor<4x2x3xf32> as "ln") {
  // CHECK: cgraph.constant dense<1.000000e+00> : tensor<8x3x3x3xf32>
  %w = cgraph.constant dense<1.0> : tensor<8x3x3x3xf32>
  %b = cgraph.constant dense<0.5> : tensor<8xf32>
  // CHECK: cgraph.constant dense_resource<blob> : tensor<2xf32>
  %r = cgraph.constant dense_resource<blob> : tensor<2xf32>
  // CHECK: cgraph.conv2d %x, %{{.*}}, %{{.*}} {pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x3x16x16xf32>, tensor<8x3x3x3xf32>, tensor<8xf32>) -> tensor<1x8x8x8xf32>
  %c = cgraph.conv2d %x, %w, %b {strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>}
      : (tensor<1x3x16x16xf32>, tensor<8x3x3x3xf32>, tensor<8xf32>) -> tensor<1x8x8x8xf32>
  // CHECK: cgraph.conv2d %{{.*}}, %{{.*}} {groups = 8 : i64} : (tensor<1x8x8x8xf32>, tensor<8x1x1x1xf32>) -> tensor<1x8x8x8xf32>
  %dw = cgraph.constant dense<2.0> : tensor<8x1x1x1xf32>
  %c2 = cgraph.conv2d %c, %dw {groups = 8 : i64}
      : (tensor<1x8x8x8xf32>, tensor<8x1x1x1xf32>) -> tensor<1x8x8x8xf32>
  // CHECK: cgraph.batch_norm
  %bn = cgraph.batch_norm %c2, %b, %b, %b, %b {epsilon = 1.0e-3 : f32}
      : (tensor<1x8x8x8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x8x8xf32>
  // CHECK: cgraph.max_pool2d %{{.*}} {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x8x8x8xf32>) -> tensor<1x8x4x4xf32>
  %mp = cgraph.max_pool2d %bn {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>}
      : (tensor<1x8x8x8xf32>) -> tensor<1x8x4x4xf32>
  // CHECK: cgraph.avg_pool2d %{{.*}} {count_include_pad = true, kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>}
  %ap = cgraph.avg_pool2d %mp {kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, count_include_pad = true}
      : (tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32>
  // CHECK: cgraph.global_avg_pool %{{.*}} : (tensor<1x8x4x4xf32>) -> tensor<1x8x1x1xf32>
  %gp = cgraph.global_avg_pool %ap : (tensor<1x8x4x4xf32>) -> tensor<1x8x1x1xf32>
  // CHECK: cgraph.flatten %{{.*}} : (tensor<1x8x1x1xf32>) -> tensor<1x8xf32>
  %fl = cgraph.flatten %gp : (tensor<1x8x1x1xf32>) -> tensor<1x8xf32>
  %gw = cgraph.constant dense<0.1> : tensor<10x8xf32>
  %gb = cgraph.constant dense<0.0> : tensor<10xf32>
  // CHECK: cgraph.gemm %{{.*}}, %{{.*}}, %{{.*}} {alpha = 5.000000e-01 : f32, trans_b = true} : (tensor<1x8xf32>, tensor<10x8xf32>, tensor<10xf32>) -> tensor<1x10xf32>
  %g = cgraph.gemm %fl, %gw, %gb {trans_b = true, alpha = 0.5 : f32}
      : (tensor<1x8xf32>, tensor<10x8xf32>, tensor<10xf32>) -> tensor<1x10xf32>
  // CHECK: cgraph.softmax %{{.*}} {axis = 1 : i64} : (tensor<1x10xf32>) -> tensor<1x10xf32>
  %sm = cgraph.softmax %g {axis = 1 : i64} : (tensor<1x10xf32>) -> tensor<1x10xf32>
  %tw = cgraph.constant dense<1.0> : tensor<8x4x2x2xf32>
  // CHECK: cgraph.conv_transpose2d %{{.*}}, %{{.*}} {strides = array<i64: 4, 4>} : (tensor<1x8x8x8xf32>, tensor<8x4x2x2xf32>) -> tensor<1x4x30x30xf32>
  %up0 = cgraph.conv_transpose2d %bn, %tw {strides = array<i64: 4, 4>}
      : (tensor<1x8x8x8xf32>, tensor<8x4x2x2xf32>) -> tensor<1x4x30x30xf32>
  // CHECK: cgraph.pad %{{.*}} {mode = #cgraph.pad_mode<reflect>, pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>} : (tensor<1x4x30x30xf32>) -> tensor<1x4x32x32xf32>
  %up = cgraph.pad %up0 {pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>, mode = #cgraph.pad_mode<reflect>}
      : (tensor<1x4x30x30xf32>) -> tensor<1x4x32x32xf32>
  %rhs = cgraph.constant dense<1.0> : tensor<3x5xf32>
  // CHECK: cgraph.matmul %m, %{{.*}} : (tensor<4x2x3xf32>, tensor<3x5xf32>) -> tensor<4x2x5xf32>
  %mm = cgraph.matmul %m, %rhs : (tensor<4x2x3xf32>, tensor<3x5xf32>) -> tensor<4x2x5xf32>
  %g3 = cgraph.constant dense<1.0> : tensor<3xf32>
  // CHECK: cgraph.layer_norm %m, %{{.*}}, %{{.*}} : (tensor<4x2x3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<4x2x3xf32>
  %ln = cgraph.layer_norm %m, %g3, %g3 : (tensor<4x2x3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<4x2x3xf32>
  cgraph.output %sm, %up, %mm, %mp, %ln
      : tensor<1x10xf32>, tensor<1x4x32x32xf32>, tensor<4x2x5xf32>, tensor<1x8x4x4xf32>, tensor<4x2x3xf32>
}

// CHECK-LABEL: cgraph.graph @shapes
cgraph.graph @shapes(%x: tensor<2x3x4xf32> as "x", %ids: tensor<5xi64> as "ids",
                     %flag: tensor<i1> as "flag")
    -> (tensor<2x1x4xf32> as "sum", tensor<6x4xf32> as "r", tensor<4x3x2xf32> as "t",
        tensor<2x6x4xf32> as "cat", tensor<1x2x2xf32> as "sl", tensor<2x5x4xf32> as "g",
        tensor<2x3xf32> as "red", tensor<2x3x4xf32> as "sel") {
  // CHECK: cgraph.reduce_sum %x {axes = array<i64: 1>} : (tensor<2x3x4xf32>) -> tensor<2x1x4xf32>
  %0 = cgraph.reduce_sum %x {axes = array<i64: 1>} : (tensor<2x3x4xf32>) -> tensor<2x1x4xf32>
  // CHECK: cgraph.reduce_mean %x {axes = array<i64: -1>, keepdims = false} : (tensor<2x3x4xf32>) -> tensor<2x3xf32>
  %1 = cgraph.reduce_mean %x {axes = array<i64: -1>, keepdims = false} : (tensor<2x3x4xf32>) -> tensor<2x3xf32>
  // CHECK: cgraph.reduce_max %x : (tensor<2x3x4xf32>) -> tensor<1x1x1xf32>
  %2 = cgraph.reduce_max %x : (tensor<2x3x4xf32>) -> tensor<1x1x1xf32>
  // CHECK: cgraph.reduce_min %x {axes = array<i64: 2>, keepdims = false}
  %3 = cgraph.reduce_min %x {axes = array<i64: 2>, keepdims = false} : (tensor<2x3x4xf32>) -> tensor<2x3xf32>
  %red = cgraph.add %1, %3 : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: cgraph.reshape %x : tensor<2x3x4xf32> -> tensor<6x4xf32>
  %r = cgraph.reshape %x : tensor<2x3x4xf32> -> tensor<6x4xf32>
  // CHECK: cgraph.transpose %x {perm = array<i64: 2, 1, 0>} : (tensor<2x3x4xf32>) -> tensor<4x3x2xf32>
  %t = cgraph.transpose %x {perm = array<i64: 2, 1, 0>} : (tensor<2x3x4xf32>) -> tensor<4x3x2xf32>
  // CHECK: cgraph.concat %x, %x {axis = 1 : i64} : (tensor<2x3x4xf32>, tensor<2x3x4xf32>) -> tensor<2x6x4xf32>
  %cat = cgraph.concat %x, %x {axis = 1 : i64} : (tensor<2x3x4xf32>, tensor<2x3x4xf32>) -> tensor<2x6x4xf32>
  // CHECK: cgraph.slice %x {ends = array<i64: 2, 3, 4>, starts = array<i64: 1, 0, 1>, steps = array<i64: 1, 2, 2>} : (tensor<2x3x4xf32>) -> tensor<1x2x2xf32>
  %sl = cgraph.slice %x {starts = array<i64: 1, 0, 1>, ends = array<i64: 2, 3, 4>, steps = array<i64: 1, 2, 2>}
      : (tensor<2x3x4xf32>) -> tensor<1x2x2xf32>
  // CHECK: cgraph.gather %x, %ids {axis = 1 : i64} : (tensor<2x3x4xf32>, tensor<5xi64>) -> tensor<2x5x4xf32>
  %g = cgraph.gather %x, %ids {axis = 1 : i64} : (tensor<2x3x4xf32>, tensor<5xi64>) -> tensor<2x5x4xf32>
  // CHECK: cgraph.if %flag : tensor<i1> -> (tensor<2x3x4xf32>) {
  // CHECK:   cgraph.relu %x
  // CHECK:   cgraph.yield %{{.*}} : tensor<2x3x4xf32>
  // CHECK: } else {
  // CHECK:   cgraph.yield %x : tensor<2x3x4xf32>
  %sel = cgraph.if %flag : tensor<i1> -> (tensor<2x3x4xf32>) {
    %a = cgraph.relu %x : tensor<2x3x4xf32>
    cgraph.yield %a : tensor<2x3x4xf32>
  } else {
    cgraph.yield %x : tensor<2x3x4xf32>
  }
  cgraph.output %0, %r, %t, %cat, %sl, %g, %red, %sel
      : tensor<2x1x4xf32>, tensor<6x4xf32>, tensor<4x3x2xf32>, tensor<2x6x4xf32>,
        tensor<1x2x2xf32>, tensor<2x5x4xf32>, tensor<2x3xf32>, tensor<2x3x4xf32>
}

// CHECK-LABEL: cgraph.graph @fused
// CHECK:         %[[F:.*]] = cgraph.fused <contraction_epilogue>(%x, %w, %b) : (tensor<1x8xf32>, tensor<8x4xf32>, tensor<4xf32>) -> tensor<1x4xf32> {
// CHECK-NEXT:    ^bb0(%[[A:.*]]: tensor<1x8xf32>, %[[B:.*]]: tensor<8x4xf32>, %[[C:.*]]: tensor<4xf32>):
// CHECK-NEXT:      %[[M:.*]] = cgraph.matmul %[[A]], %[[B]]
// CHECK-NEXT:      %[[S:.*]] = cgraph.add %[[M]], %[[C]]
// CHECK-NEXT:      cgraph.yield %[[S]] : tensor<1x4xf32>
// CHECK-NEXT:    }
// CHECK:         cgraph.fused <elementwise>
// CHECK:         cgraph.fused <normalization>
cgraph.graph @fused(%x: tensor<1x8xf32> as "x", %w: tensor<8x4xf32> as "w", %b: tensor<4xf32> as "b")
    -> (tensor<1x4xf32> as "y", tensor<1x4xf32> as "z", tensor<1x4xf32> as "p") {
  %y = cgraph.fused <contraction_epilogue> (%x, %w, %b) : (tensor<1x8xf32>, tensor<8x4xf32>, tensor<4xf32>) -> tensor<1x4xf32> {
  ^bb0(%a: tensor<1x8xf32>, %c: tensor<8x4xf32>, %d: tensor<4xf32>):
    %m = cgraph.matmul %a, %c : (tensor<1x8xf32>, tensor<8x4xf32>) -> tensor<1x4xf32>
    %s = cgraph.add %m, %d : (tensor<1x4xf32>, tensor<4xf32>) -> tensor<1x4xf32>
    cgraph.yield %s : tensor<1x4xf32>
  }
  %z = cgraph.fused <elementwise> (%y) : (tensor<1x4xf32>) -> tensor<1x4xf32> {
  ^bb0(%a: tensor<1x4xf32>):
    %e = cgraph.exp %a : tensor<1x4xf32>
    %t = cgraph.tanh %e : tensor<1x4xf32>
    cgraph.yield %t : tensor<1x4xf32>
  }
  %p = cgraph.fused <normalization> (%z) : (tensor<1x4xf32>) -> tensor<1x4xf32> {
  ^bb0(%a: tensor<1x4xf32>):
    %e = cgraph.exp %a : tensor<1x4xf32>
    %sm = cgraph.softmax %e : (tensor<1x4xf32>) -> tensor<1x4xf32>
    cgraph.yield %sm : tensor<1x4xf32>
  }
  cgraph.output %y, %z, %p : tensor<1x4xf32>, tensor<1x4xf32>, tensor<1x4xf32>
}

// CHECK-LABEL: cgraph.graph @masks
cgraph.graph @masks(%x: tensor<2x3xf32> as "x", %y: tensor<3xf32> as "y", %i: tensor<4xi64> as "i",
                    %k: tensor<2x3xi1> as "k")
    -> (tensor<2x3xi1> as "m", tensor<4xi1> as "n", tensor<2x3xf32> as "s") {
  // CHECK: %[[EQ:.*]] = cgraph.equal %x, %y : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
  %eq = cgraph.equal %x, %y : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
  // CHECK: cgraph.less %x, %y : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
  %lt = cgraph.less %x, %y : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
  // CHECK: cgraph.less_equal %i, %i : (tensor<4xi64>, tensor<4xi64>) -> tensor<4xi1>
  %le = cgraph.less_equal %i, %i : (tensor<4xi64>, tensor<4xi64>) -> tensor<4xi1>
  // CHECK: cgraph.greater %x, %y
  %gt = cgraph.greater %x, %y : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
  // CHECK: cgraph.greater_equal %x, %y
  %ge = cgraph.greater_equal %x, %y : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
  // CHECK: cgraph.and %{{.*}}, %{{.*}} : (tensor<2x3xi1>, tensor<2x3xi1>) -> tensor<2x3xi1>
  %a = cgraph.and %eq, %lt : (tensor<2x3xi1>, tensor<2x3xi1>) -> tensor<2x3xi1>
  // CHECK: cgraph.or
  %o = cgraph.or %a, %gt : (tensor<2x3xi1>, tensor<2x3xi1>) -> tensor<2x3xi1>
  // CHECK: cgraph.xor
  %xo = cgraph.xor %o, %ge : (tensor<2x3xi1>, tensor<2x3xi1>) -> tensor<2x3xi1>
  // CHECK: %[[N:.*]] = cgraph.not %{{.*}} : tensor<2x3xi1>
  %n = cgraph.not %xo : tensor<2x3xi1>
  // CHECK: cgraph.select %k, %x, %y : (tensor<2x3xi1>, tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %s = cgraph.select %k, %x, %y : (tensor<2x3xi1>, tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  cgraph.output %n, %le, %s : tensor<2x3xi1>, tensor<4xi1>, tensor<2x3xf32>
}

// CHECK-LABEL: cgraph.graph @arg_reduce
cgraph.graph @arg_reduce(%x: tensor<2x3x4xf32> as "x", %i: tensor<5x6xi32> as "i")
    -> (tensor<2x1x4xi64> as "amax", tensor<2x3xi64> as "amin", tensor<5x1xi64> as "imax") {
  // CHECK: cgraph.argmax %x {axis = 1 : i64} : (tensor<2x3x4xf32>) -> tensor<2x1x4xi64>
  %0 = cgraph.argmax %x {axis = 1 : i64} : (tensor<2x3x4xf32>) -> tensor<2x1x4xi64>
  // CHECK: cgraph.argmin %x {axis = -1 : i64, keepdims = false, select_last_index = true} : (tensor<2x3x4xf32>) -> tensor<2x3xi64>
  %1 = cgraph.argmin %x {axis = -1 : i64, keepdims = false, select_last_index = true}
      : (tensor<2x3x4xf32>) -> tensor<2x3xi64>
  // CHECK: cgraph.argmax %i {axis = 1 : i64} : (tensor<5x6xi32>) -> tensor<5x1xi64>
  %2 = cgraph.argmax %i {axis = 1 : i64} : (tensor<5x6xi32>) -> tensor<5x1xi64>
  cgraph.output %0, %1, %2 : tensor<2x1x4xi64>, tensor<2x3xi64>, tensor<5x1xi64>
}

// Argument and result attributes, visibility and discardable attributes
// survive too.
// CHECK-LABEL: cgraph.graph private @attrs(%in.0: tensor<4xf32> {test.tag = 1 : i64} as "in.0") -> (tensor<4xf32> {test.tag = 2 : i64} as "out:0") attributes {test.model = "m"}
cgraph.graph private @attrs(%x: tensor<4xf32> {test.tag = 1} as "in.0")
    -> (tensor<4xf32> {test.tag = 2} as "out:0") attributes {test.model = "m"} {
  cgraph.output %x : tensor<4xf32>
}

// Dynamic dimensions, named by cgraph.dim_params; a slice to the end of a
// dynamic dimension (INT64_MAX).
// CHECK-LABEL: cgraph.graph @dynamic(%x: tensor<?x6xf32> {cgraph.dim_params = ["batch", ""]} as "x") -> (tensor<?x2xf32> {cgraph.dim_params = ["batch", ""]} as "y")
cgraph.graph @dynamic(%x: tensor<?x6xf32> {cgraph.dim_params = ["batch", ""]} as "x")
    -> (tensor<?x2xf32> {cgraph.dim_params = ["batch", ""]} as "y") {
  // CHECK: cgraph.slice %x {ends = array<i64: 9223372036854775807, 3>, starts = array<i64: 0, 1>, steps = array<i64: 1, 1>} : (tensor<?x6xf32>) -> tensor<?x2xf32>
  %y = cgraph.slice %x {ends = array<i64: 9223372036854775807, 3>, starts = array<i64: 0, 1>, steps = array<i64: 1, 1>} : (tensor<?x6xf32>) -> tensor<?x2xf32>
  cgraph.output %y : tensor<?x2xf32>
}

{-#
  dialect_resources: {
    builtin: {
      blob: "0x040000000000803F00000040"
    }
  }
#-}
