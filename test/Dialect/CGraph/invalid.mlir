// Every cgraph verifier message, one case each.
// RUN: mcg-opt %s -split-input-file -verify-diagnostics

// expected-error @below {{'cgraph.graph' op has 1 inputs but 2 input names}}
"cgraph.graph"() <{function_type = (tensor<4xf32>) -> (tensor<4xf32>), input_names = ["x", "y"], output_names = ["o"], sym_name = "g"}> ({
^bb0(%x: tensor<4xf32>):
  cgraph.output %x : tensor<4xf32>
}) : () -> ()

// -----

// expected-error @below {{'cgraph.graph' op has 1 outputs but 0 output names}}
"cgraph.graph"() <{function_type = (tensor<4xf32>) -> (tensor<4xf32>), input_names = ["x"], output_names = [], sym_name = "g"}> ({
^bb0(%x: tensor<4xf32>):
  cgraph.output %x : tensor<4xf32>
}) : () -> ()

// -----

// expected-error @below {{'cgraph.graph' op input #1 has an empty name}}
cgraph.graph @g(%x: tensor<4xf32> as "x", %y: tensor<4xf32> as "") -> (tensor<4xf32> as "o") {
  cgraph.output %x : tensor<4xf32>
}

// -----

// expected-error @below {{'cgraph.graph' op input name 'x' is used more than once}}
cgraph.graph @g(%x: tensor<4xf32> as "x", %y: tensor<4xf32> as "x") -> (tensor<4xf32> as "o") {
  cgraph.output %x : tensor<4xf32>
}

// -----

// expected-error @below {{'cgraph.graph' op output name 'o' is used more than once}}
cgraph.graph @g(%x: tensor<4xf32> as "x") -> (tensor<4xf32> as "o", tensor<4xf32> as "o") {
  cgraph.output %x, %x : tensor<4xf32>, tensor<4xf32>
}

// -----

cgraph.graph @g(%x: tensor<4xf32> as "x") -> (tensor<4xf32> as "o", tensor<4xf32> as "p") {
  // expected-error @below {{'cgraph.output' op has 1 operands but the graph has 2 outputs}}
  cgraph.output %x : tensor<4xf32>
}

// -----

cgraph.graph @g(%x: tensor<4xf32> as "x") -> (tensor<8xf32> as "o") {
  // expected-error @below {{'cgraph.output' op operand #0 (output 'o') has type 'tensor<4xf32>' but the graph declares 'tensor<8xf32>'}}
  cgraph.output %x : tensor<4xf32>
}

// -----

cgraph.graph @g(%x: tensor<4xf32> as "x", %c: tensor<i1> as "c") -> (tensor<4xf32> as "o") {
  %r = cgraph.if %c : tensor<i1> -> (tensor<4xf32>) {
    %s = cgraph.slice %x {starts = array<i64: 0>, ends = array<i64: 2>, steps = array<i64: 1>} : (tensor<4xf32>) -> tensor<2xf32>
    // expected-error @below {{'cgraph.yield' op yields ('tensor<2xf32>') but the enclosing 'cgraph.if' returns ('tensor<4xf32>')}}
    cgraph.yield %s : tensor<2xf32>
  } else {
    cgraph.yield %x : tensor<4xf32>
  }
  cgraph.output %r : tensor<4xf32>
}

// -----

cgraph.graph @g(%x: tensor<4xf32> as "x") -> (tensor<4xf32> as "o") {
  // expected-error @below {{'cgraph.clip' op min 6.000000e+00 is greater than max 0.000000e+00}}
  %r = cgraph.clip %x {min = 6.0 : f64, max = 0.0 : f64} : tensor<4xf32>
  cgraph.output %r : tensor<4xf32>
}

// -----

cgraph.graph @g(%x: tensor<4xf32> as "x") -> (tensor<2xi32> as "o") {
  // expected-error @below {{'cgraph.cast' op changes the shape: input 'tensor<4xf32>', result 'tensor<2xi32>'}}
  %r = cgraph.cast %x : tensor<4xf32> -> tensor<2xi32>
  cgraph.output %r : tensor<2xi32>
}

// -----

cgraph.graph @g(%x: tensor<4xf32> as "x") -> (tensor<2x3xf32> as "o") {
  // expected-error @below {{'cgraph.reshape' op changes the element count: input 'tensor<4xf32>' has 4 elements, result 'tensor<2x3xf32>' has 6}}
  %r = cgraph.reshape %x : tensor<4xf32> -> tensor<2x3xf32>
  cgraph.output %r : tensor<2x3xf32>
}

// -----

cgraph.graph @g(%x: tensor<4xf32> as "x") -> (tensor<2x2xi32> as "o") {
  // expected-error @below {{'cgraph.reshape' op changes the element type: input 'tensor<4xf32>', result 'tensor<2x2xi32>'}}
  %r = cgraph.reshape %x : tensor<4xf32> -> tensor<2x2xi32>
  cgraph.output %r : tensor<2x2xi32>
}

// -----

cgraph.graph @g(%x: tensor<2x4xf32> as "x", %y: tensor<3xf32> as "y") -> (tensor<2x4xf32> as "o") {
  // expected-error @below {{'cgraph.add' op operands 'tensor<2x4xf32>' and 'tensor<3xf32>' are not broadcast-compatible}}
  %r = cgraph.add %x, %y : (tensor<2x4xf32>, tensor<3xf32>) -> tensor<2x4xf32>
  cgraph.output %r : tensor<2x4xf32>
}

// -----

cgraph.graph @g(%x: tensor<2x4xf32> as "x") -> (tensor<2x8xf32> as "o") {
  // expected-error @below {{'cgraph.mul' op result type 'tensor<2x8xf32>' does not match the inferred type 'tensor<2x4xf32>'}}
  %r = cgraph.mul %x, %x : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x8xf32>
  cgraph.output %r : tensor<2x8xf32>
}

// -----

cgraph.graph @g(%x: tensor<4xf32> as "x", %y: tensor<4x2xf32> as "y") -> (tensor<2xf32> as "o") {
  // expected-error @below {{'cgraph.matmul' op operands must have rank 2 or more, got 'tensor<4xf32>' and 'tensor<4x2xf32>'}}
  %r = cgraph.matmul %x, %y : (tensor<4xf32>, tensor<4x2xf32>) -> tensor<2xf32>
  cgraph.output %r : tensor<2xf32>
}

// -----

cgraph.graph @g(%x: tensor<2x4xf32> as "x", %y: tensor<4x2xf16> as "y") -> (tensor<2x2xf32> as "o") {
  // expected-error @below {{'cgraph.matmul' op element types differ: 'tensor<2x4xf32>' and 'tensor<4x2xf16>'}}
  %r = cgraph.matmul %x, %y : (tensor<2x4xf32>, tensor<4x2xf16>) -> tensor<2x2xf32>
  cgraph.output %r : tensor<2x2xf32>
}

// -----

cgraph.graph @g(%x: tensor<2x4xf32> as "x", %y: tensor<3x2xf32> as "y") -> (tensor<2x2xf32> as "o") {
  // expected-error @below {{'cgraph.matmul' op contracting dimensions differ: lhs 'tensor<2x4xf32>' has 4 columns but rhs 'tensor<3x2xf32>' has 3 rows}}
  %r = cgraph.matmul %x, %y : (tensor<2x4xf32>, tensor<3x2xf32>) -> tensor<2x2xf32>
  cgraph.output %r : tensor<2x2xf32>
}

// -----

cgraph.graph @g(%x: tensor<3x2x4xf32> as "x", %y: tensor<2x4x2xf32> as "y") -> (tensor<3x2x2xf32> as "o") {
  // expected-error @below {{'cgraph.matmul' op batch dimensions of 'tensor<3x2x4xf32>' and 'tensor<2x4x2xf32>' are not broadcast-compatible}}
  %r = cgraph.matmul %x, %y : (tensor<3x2x4xf32>, tensor<2x4x2xf32>) -> tensor<3x2x2xf32>
  cgraph.output %r : tensor<3x2x2xf32>
}

// -----

cgraph.graph @g(%x: tensor<2x4x1xf32> as "x", %y: tensor<4x2xf32> as "y") -> (tensor<2x2xf32> as "o") {
  // expected-error @below {{'cgraph.gemm' op a and b must be 2-D, got 'tensor<2x4x1xf32>' and 'tensor<4x2xf32>'}}
  %r = cgraph.gemm %x, %y : (tensor<2x4x1xf32>, tensor<4x2xf32>) -> tensor<2x2xf32>
  cgraph.output %r : tensor<2x2xf32>
}

// -----

cgraph.graph @g(%x: tensor<2x4xf32> as "x", %y: tensor<4x2xf32> as "y") -> (tensor<2x2xf32> as "o") {
  // expected-error @below {{'cgraph.gemm' op contracting dimensions differ: op(a) of 'tensor<2x4xf32>' has 4 columns but op(b) of 'tensor<4x2xf32>' has 2 rows (trans_a = 0, trans_b = 1)}}
  %r = cgraph.gemm %x, %y {trans_b = true} : (tensor<2x4xf32>, tensor<4x2xf32>) -> tensor<2x2xf32>
  cgraph.output %r : tensor<2x2xf32>
}

// -----

cgraph.graph @g(%x: tensor<2x4xf32> as "x", %y: tensor<4x2xf32> as "y", %c: tensor<3xf32> as "c") -> (tensor<2x2xf32> as "o") {
  // expected-error @below {{'cgraph.gemm' op c 'tensor<3xf32>' does not broadcast to the 2x2 result}}
  %r = cgraph.gemm %x, %y, %c : (tensor<2x4xf32>, tensor<4x2xf32>, tensor<3xf32>) -> tensor<2x2xf32>
  cgraph.output %r : tensor<2x2xf32>
}

// -----

cgraph.graph @g(%x: tensor<3x8x8xf32> as "x", %w: tensor<4x3x3x3xf32> as "w") -> (tensor<1x4x6x6xf32> as "o") {
  // expected-error @below {{'cgraph.conv2d' op input must be 4-D, got 'tensor<3x8x8xf32>'}}
  %r = cgraph.conv2d %x, %w : (tensor<3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  cgraph.output %r : tensor<1x4x6x6xf32>
}

// -----

cgraph.graph @g(%x: tensor<1x3x8x8xf32> as "x", %w: tensor<4x3x3xf32> as "w") -> (tensor<1x4x6x6xf32> as "o") {
  // expected-error @below {{'cgraph.conv2d' op weight must be 4-D, got 'tensor<4x3x3xf32>'}}
  %r = cgraph.conv2d %x, %w : (tensor<1x3x8x8xf32>, tensor<4x3x3xf32>) -> tensor<1x4x6x6xf32>
  cgraph.output %r : tensor<1x4x6x6xf32>
}

// -----

cgraph.graph @g(%x: tensor<1x3x8x8xf32> as "x", %w: tensor<4x3x?x3xf32> as "w") -> (tensor<1x4x6x6xf32> as "o") {
  // expected-error @below {{'cgraph.conv2d' op weight 'tensor<4x3x?x3xf32>' must have a static kernel size}}
  %r = cgraph.conv2d %x, %w : (tensor<1x3x8x8xf32>, tensor<4x3x?x3xf32>) -> tensor<1x4x6x6xf32>
  cgraph.output %r : tensor<1x4x6x6xf32>
}

// -----

cgraph.graph @g(%x: tensor<1x3x8x8xf32> as "x", %w: tensor<4x3x3x3xf32> as "w") -> (tensor<1x4x6x6xf32> as "o") {
  // expected-error @below {{'cgraph.conv2d' op strides must be 2 positive values, got [0, 1]}}
  %r = cgraph.conv2d %x, %w {strides = array<i64: 0, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  cgraph.output %r : tensor<1x4x6x6xf32>
}

// -----

cgraph.graph @g(%x: tensor<1x3x8x8xf32> as "x", %w: tensor<4x3x3x3xf32> as "w") -> (tensor<1x4x6x6xf32> as "o") {
  // expected-error @below {{'cgraph.conv2d' op dilations must be 2 positive values, got [1]}}
  %r = cgraph.conv2d %x, %w {dilations = array<i64: 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  cgraph.output %r : tensor<1x4x6x6xf32>
}

// -----

cgraph.graph @g(%x: tensor<1x3x8x8xf32> as "x", %w: tensor<4x3x3x3xf32> as "w") -> (tensor<1x4x6x6xf32> as "o") {
  // expected-error @below {{'cgraph.conv2d' op pads must be 4 non-negative values [top, left, bottom, right], got [1, 1]}}
  %r = cgraph.conv2d %x, %w {pads = array<i64: 1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  cgraph.output %r : tensor<1x4x6x6xf32>
}

// -----

cgraph.graph @g(%x: tensor<1x3x8x8xf32> as "x", %w: tensor<4x3x3x3xf32> as "w") -> (tensor<1x4x6x6xf32> as "o") {
  // expected-error @below {{'cgraph.conv2d' op groups must be positive, got 0}}
  %r = cgraph.conv2d %x, %w {groups = 0 : i64} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  cgraph.output %r : tensor<1x4x6x6xf32>
}

// -----

cgraph.graph @g(%x: tensor<1x4x8x8xf32> as "x", %w: tensor<4x3x3x3xf32> as "w") -> (tensor<1x4x6x6xf32> as "o") {
  // expected-error @below {{'cgraph.conv2d' op input 'tensor<1x4x8x8xf32>' has 4 channels but weight 'tensor<4x3x3x3xf32>' with groups = 1 expects 3}}
  %r = cgraph.conv2d %x, %w : (tensor<1x4x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  cgraph.output %r : tensor<1x4x6x6xf32>
}

// -----

cgraph.graph @g(%x: tensor<1x4x8x8xf32> as "x", %w: tensor<3x2x3x3xf32> as "w") -> (tensor<1x3x6x6xf32> as "o") {
  // expected-error @below {{'cgraph.conv2d' op weight 'tensor<3x2x3x3xf32>' has 3 output channels, not divisible by groups = 2}}
  %r = cgraph.conv2d %x, %w {groups = 2 : i64} : (tensor<1x4x8x8xf32>, tensor<3x2x3x3xf32>) -> tensor<1x3x6x6xf32>
  cgraph.output %r : tensor<1x3x6x6xf32>
}

// -----

cgraph.graph @g(%x: tensor<1x3x8x8xf32> as "x", %w: tensor<4x3x3x3xf32> as "w", %b: tensor<3xf32> as "b") -> (tensor<1x4x6x6xf32> as "o") {
  // expected-error @below {{'cgraph.conv2d' op bias must be 1-D of 4 elements, got 'tensor<3xf32>'}}
  %r = cgraph.conv2d %x, %w, %b : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<3xf32>) -> tensor<1x4x6x6xf32>
  cgraph.output %r : tensor<1x4x6x6xf32>
}

// -----

cgraph.graph @g(%x: tensor<1x3x2x2xf32> as "x", %w: tensor<4x3x3x3xf32> as "w") -> (tensor<1x4x1x1xf32> as "o") {
  // expected-error @below {{'cgraph.conv2d' op window of kernel [3, 3], dilations [1, 1] and pads [0, 0, 0, 0] does not fit input 'tensor<1x3x2x2xf32>'}}
  %r = cgraph.conv2d %x, %w : (tensor<1x3x2x2xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x1x1xf32>
  cgraph.output %r : tensor<1x4x1x1xf32>
}

// -----

cgraph.graph @g(%x: tensor<1x4x8x8xf32> as "x", %w: tensor<4x2x2x2xf32> as "w") -> (tensor<1x2x16x16xf32> as "o") {
  // expected-error @below {{'cgraph.conv_transpose2d' op output_padding must have 2 values, got [1]}}
  %r = cgraph.conv_transpose2d %x, %w {strides = array<i64: 2, 2>, output_padding = array<i64: 1>} : (tensor<1x4x8x8xf32>, tensor<4x2x2x2xf32>) -> tensor<1x2x16x16xf32>
  cgraph.output %r : tensor<1x2x16x16xf32>
}

// -----

cgraph.graph @g(%x: tensor<1x4x8x8xf32> as "x", %w: tensor<4x2x2x2xf32> as "w") -> (tensor<1x2x16x16xf32> as "o") {
  // expected-error @below {{'cgraph.conv_transpose2d' op output_padding [2, 0] must be non-negative and smaller than the stride or the dilation}}
  %r = cgraph.conv_transpose2d %x, %w {strides = array<i64: 2, 2>, output_padding = array<i64: 2, 0>} : (tensor<1x4x8x8xf32>, tensor<4x2x2x2xf32>) -> tensor<1x2x16x16xf32>
  cgraph.output %r : tensor<1x2x16x16xf32>
}

// -----

cgraph.graph @g(%x: tensor<1x3x8x8xf32> as "x", %w: tensor<4x2x2x2xf32> as "w") -> (tensor<1x2x16x16xf32> as "o") {
  // expected-error @below {{'cgraph.conv_transpose2d' op input 'tensor<1x3x8x8xf32>' has 3 channels but weight 'tensor<4x2x2x2xf32>' expects 4 (divisible by groups = 1)}}
  %r = cgraph.conv_transpose2d %x, %w {strides = array<i64: 2, 2>} : (tensor<1x3x8x8xf32>, tensor<4x2x2x2xf32>) -> tensor<1x2x16x16xf32>
  cgraph.output %r : tensor<1x2x16x16xf32>
}

// -----

cgraph.graph @g(%x: tensor<1x4x1x1xf32> as "x", %w: tensor<4x2x1x1xf32> as "w") -> (tensor<1x2x1x1xf32> as "o") {
  // expected-error @below {{'cgraph.conv_transpose2d' op pads [1, 1, 1, 1] leave no output for input 'tensor<1x4x1x1xf32>'}}
  %r = cgraph.conv_transpose2d %x, %w {pads = array<i64: 1, 1, 1, 1>} : (tensor<1x4x1x1xf32>, tensor<4x2x1x1xf32>) -> tensor<1x2x1x1xf32>
  cgraph.output %r : tensor<1x2x1x1xf32>
}

// -----

cgraph.graph @g(%x: tensor<1x4x8x8xf32> as "x") -> (tensor<1x4x4x4xf32> as "o") {
  // expected-error @below {{'cgraph.max_pool2d' op kernel size must be 2 positive values, got [2, 0]}}
  %r = cgraph.max_pool2d %x {kernel_shape = array<i64: 2, 0>} : (tensor<1x4x8x8xf32>) -> tensor<1x4x4x4xf32>
  cgraph.output %r : tensor<1x4x4x4xf32>
}

// -----

cgraph.graph @g(%x: tensor<1x4x8x8xf32> as "x") -> (tensor<1x4x4x4xf32> as "o") {
  %y = cgraph.reshape %x : tensor<1x4x8x8xf32> -> tensor<4x8x8xf32>
  // expected-error @below {{'cgraph.avg_pool2d' op input must be 4-D, got 'tensor<4x8x8xf32>'}}
  %r = "cgraph.avg_pool2d"(%y) <{kernel_shape = array<i64: 2, 2>}> : (tensor<4x8x8xf32>) -> tensor<1x4x4x4xf32>
  cgraph.output %r : tensor<1x4x4x4xf32>
}

// -----

cgraph.graph @g(%x: tensor<1x4xf32> as "x") -> (tensor<1x4xf32> as "o") {
  // expected-error @below {{'cgraph.global_avg_pool' op input must have a batch, a channel and at least one spatial dimension, got 'tensor<1x4xf32>'}}
  %r = cgraph.global_avg_pool %x : (tensor<1x4xf32>) -> tensor<1x4xf32>
  cgraph.output %r : tensor<1x4xf32>
}

// -----

cgraph.graph @g(%x: tensor<4xf32> as "x") -> (tensor<4xf32> as "o") {
  // expected-error @below {{'cgraph.batch_norm' op input must have a channel dimension (rank >= 2), got 'tensor<4xf32>'}}
  %r = cgraph.batch_norm %x, %x, %x, %x, %x : (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  cgraph.output %r : tensor<4xf32>
}

// -----

cgraph.graph @g(%x: tensor<1x4x2x2xf32> as "x", %s: tensor<4xf32> as "s", %v: tensor<3xf32> as "v") -> (tensor<1x4x2x2xf32> as "o") {
  // expected-error @below {{'cgraph.batch_norm' op var must be 1-D of 4 elements, got 'tensor<3xf32>'}}
  %r = cgraph.batch_norm %x, %s, %s, %s, %v : (tensor<1x4x2x2xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<3xf32>) -> tensor<1x4x2x2xf32>
  cgraph.output %r : tensor<1x4x2x2xf32>
}

// -----

cgraph.graph @g(%x: tensor<2x8xf32> as "x", %s: tensor<8xf32> as "s") -> (tensor<2x8xf32> as "o") {
  // expected-error @below {{'cgraph.layer_norm' op axis 2 is out of range for input 'tensor<2x8xf32>'}}
  %r = cgraph.layer_norm %x, %s {axis = 2 : i64} : (tensor<2x8xf32>, tensor<8xf32>) -> tensor<2x8xf32>
  cgraph.output %r : tensor<2x8xf32>
}

// -----

cgraph.graph @g(%x: tensor<2x8xf32> as "x", %s: tensor<8xf32> as "s", %b: tensor<2x8xf32> as "b") -> (tensor<2x8xf32> as "o") {
  // expected-error @below {{'cgraph.layer_norm' op bias 'tensor<2x8xf32>' must have the normalized shape [8] of input 'tensor<2x8xf32>'}}
  %r = cgraph.layer_norm %x, %s, %b : (tensor<2x8xf32>, tensor<8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
  cgraph.output %r : tensor<2x8xf32>
}

// -----

cgraph.graph @g(%x: tensor<2x8xf32> as "x") -> (tensor<2x8xf32> as "o") {
  // expected-error @below {{'cgraph.softmax' op axis -3 is out of range for input 'tensor<2x8xf32>'}}
  %r = cgraph.softmax %x {axis = -3 : i64} : (tensor<2x8xf32>) -> tensor<2x8xf32>
  cgraph.output %r : tensor<2x8xf32>
}

// -----

cgraph.graph @g(%x: tensor<2x8xf32> as "x") -> (tensor<2x1xf32> as "o") {
  // expected-error @below {{'cgraph.reduce_sum' op axis 2 is out of range for input 'tensor<2x8xf32>'}}
  %r = cgraph.reduce_sum %x {axes = array<i64: 2>} : (tensor<2x8xf32>) -> tensor<2x1xf32>
  cgraph.output %r : tensor<2x1xf32>
}

// -----

cgraph.graph @g(%x: tensor<2x8xf32> as "x") -> (tensor<2x1xf32> as "o") {
  // expected-error @below {{'cgraph.reduce_max' op axis -1 is listed twice in [1, -1]}}
  %r = cgraph.reduce_max %x {axes = array<i64: 1, -1>} : (tensor<2x8xf32>) -> tensor<2x1xf32>
  cgraph.output %r : tensor<2x1xf32>
}

// -----

cgraph.graph @g(%x: tensor<2x8xf32> as "x") -> (tensor<8x2xf32> as "o") {
  // expected-error @below {{'cgraph.transpose' op perm [1, 1] is not a permutation of the 2 dimensions of input 'tensor<2x8xf32>'}}
  %r = cgraph.transpose %x {perm = array<i64: 1, 1>} : (tensor<2x8xf32>) -> tensor<8x2xf32>
  cgraph.output %r : tensor<8x2xf32>
}

// -----

cgraph.graph @g(%x: tensor<2x8xf32> as "x") -> (tensor<4x8xf32> as "o") {
  // expected-error @below {{'cgraph.concat' op axis 2 is out of range for input 'tensor<2x8xf32>'}}
  %r = cgraph.concat %x, %x {axis = 2 : i64} : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<4x8xf32>
  cgraph.output %r : tensor<4x8xf32>
}

// -----

cgraph.graph @g(%x: tensor<2x8xf32> as "x", %y: tensor<16xf32> as "y") -> (tensor<4x8xf32> as "o") {
  // expected-error @below {{'cgraph.concat' op input #1 'tensor<16xf32>' has a different rank than input #0 'tensor<2x8xf32>'}}
  %r = cgraph.concat %x, %y {axis = 0 : i64} : (tensor<2x8xf32>, tensor<16xf32>) -> tensor<4x8xf32>
  cgraph.output %r : tensor<4x8xf32>
}

// -----

cgraph.graph @g(%x: tensor<2x8xf32> as "x", %y: tensor<2x4xf32> as "y") -> (tensor<4x8xf32> as "o") {
  // expected-error @below {{'cgraph.concat' op input #1 'tensor<2x4xf32>' differs from input #0 'tensor<2x8xf32>' in dimension 1, which is not the axis 0}}
  %r = cgraph.concat %x, %y {axis = 0 : i64} : (tensor<2x8xf32>, tensor<2x4xf32>) -> tensor<4x8xf32>
  cgraph.output %r : tensor<4x8xf32>
}

// -----

cgraph.graph @g(%x: tensor<2x8xf32> as "x") -> (tensor<2xf32> as "o") {
  // expected-error @below {{'cgraph.slice' op starts, ends and steps need one value per dimension of input 'tensor<2x8xf32>', got [0], [2] and [1]}}
  %r = cgraph.slice %x {starts = array<i64: 0>, ends = array<i64: 2>, steps = array<i64: 1>} : (tensor<2x8xf32>) -> tensor<2xf32>
  cgraph.output %r : tensor<2xf32>
}

// -----

cgraph.graph @g(%x: tensor<2x8xf32> as "x") -> (tensor<2x8xf32> as "o") {
  // expected-error @below {{'cgraph.slice' op step -1 of dimension 1 must be positive}}
  %r = cgraph.slice %x {starts = array<i64: 0, 0>, ends = array<i64: 2, 8>, steps = array<i64: 1, -1>} : (tensor<2x8xf32>) -> tensor<2x8xf32>
  cgraph.output %r : tensor<2x8xf32>
}

// -----

cgraph.graph @g(%x: tensor<2x8xf32> as "x") -> (tensor<2x8xf32> as "o") {
  // expected-error @below {{'cgraph.slice' op window [0, 9) of dimension 1 is not within [0, 8] of input 'tensor<2x8xf32>'}}
  %r = cgraph.slice %x {starts = array<i64: 0, 0>, ends = array<i64: 2, 9>, steps = array<i64: 1, 1>} : (tensor<2x8xf32>) -> tensor<2x8xf32>
  cgraph.output %r : tensor<2x8xf32>
}

// -----

cgraph.graph @g(%x: tensor<2x8xf32> as "x") -> (tensor<2x10xf32> as "o") {
  // expected-error @below {{'cgraph.pad' op pads [0, 1, 0] must be 4 non-negative values (begins, then ends) for input 'tensor<2x8xf32>'}}
  %r = cgraph.pad %x {pads = array<i64: 0, 1, 0>} : (tensor<2x8xf32>) -> tensor<2x10xf32>
  cgraph.output %r : tensor<2x10xf32>
}

// -----

cgraph.graph @g(%x: tensor<2x8xf32> as "x") -> (tensor<6x8xf32> as "o") {
  // expected-error @below {{'cgraph.pad' op reflect padding of 2 and 2 in dimension 0 needs more than 2 elements in input 'tensor<2x8xf32>'}}
  %r = cgraph.pad %x {pads = array<i64: 2, 0, 2, 0>, mode = #cgraph.pad_mode<reflect>} : (tensor<2x8xf32>) -> tensor<6x8xf32>
  cgraph.output %r : tensor<6x8xf32>
}

// -----

cgraph.graph @g(%x: tensor<0x8xf32> as "x") -> (tensor<2x8xf32> as "o") {
  // expected-error @below {{'cgraph.pad' op edge padding of an empty dimension 0 of 'tensor<0x8xf32>'}}
  %r = cgraph.pad %x {pads = array<i64: 1, 0, 1, 0>, mode = #cgraph.pad_mode<edge>} : (tensor<0x8xf32>) -> tensor<2x8xf32>
  cgraph.output %r : tensor<2x8xf32>
}

// -----

cgraph.graph @g(%x: tensor<2x8xf32> as "x", %i: tensor<3xi64> as "i") -> (tensor<2x3xf32> as "o") {
  // expected-error @below {{'cgraph.gather' op axis 2 is out of range for data 'tensor<2x8xf32>'}}
  %r = cgraph.gather %x, %i {axis = 2 : i64} : (tensor<2x8xf32>, tensor<3xi64>) -> tensor<2x3xf32>
  cgraph.output %r : tensor<2x3xf32>
}

// -----

cgraph.graph @g(%x: tensor<2x8xf32> as "x") -> (tensor<16x1xf32> as "o") {
  // expected-error @below {{'cgraph.flatten' op axis 3 is out of range for input 'tensor<2x8xf32>'}}
  %r = cgraph.flatten %x {axis = 3 : i64} : (tensor<2x8xf32>) -> tensor<16x1xf32>
  cgraph.output %r : tensor<16x1xf32>
}

// -----

cgraph.graph @g(%x: tensor<4xf32> as "x") -> (tensor<4xf32> as "o") {
  // expected-error @below {{'cgraph.fused' op region arguments ('tensor<8xf32>') do not match the inputs ('tensor<4xf32>')}}
  %r = cgraph.fused <elementwise> (%x) : (tensor<4xf32>) -> tensor<4xf32> {
  ^bb0(%a: tensor<8xf32>):
    %s = cgraph.slice %a {starts = array<i64: 0>, ends = array<i64: 4>, steps = array<i64: 1>} : (tensor<8xf32>) -> tensor<4xf32>
    cgraph.yield %s : tensor<4xf32>
  }
  cgraph.output %r : tensor<4xf32>
}

// -----

cgraph.graph @g(%x: tensor<4xf32> as "x") -> (tensor<4xf32> as "o") {
  %r = cgraph.fused <elementwise> (%x) : (tensor<4xf32>) -> tensor<4xf32> {
  ^bb0(%a: tensor<4xf32>):
    %s = cgraph.slice %a {starts = array<i64: 0>, ends = array<i64: 2>, steps = array<i64: 1>} : (tensor<4xf32>) -> tensor<2xf32>
    // expected-error @below {{'cgraph.yield' op yields ('tensor<2xf32>') but the enclosing 'cgraph.fused' returns ('tensor<4xf32>')}}
    cgraph.yield %s : tensor<2xf32>
  }
  cgraph.output %r : tensor<4xf32>
}

// -----

cgraph.graph @g(%x: tensor<4xf32> as "x") -> (tensor<4xf32> as "o") {
  // expected-note @below {{required by region isolation constraints}}
  %r = cgraph.fused <elementwise> () : () -> tensor<4xf32> {
    // expected-error @below {{'cgraph.relu' op using value defined outside the region}}
    %s = cgraph.relu %x : tensor<4xf32>
    cgraph.yield %s : tensor<4xf32>
  }
  cgraph.output %r : tensor<4xf32>
}

// -----

cgraph.graph @g(%x: tensor<2x8xf32> as "x") -> (tensor<2x1xi64> as "o") {
  // expected-error @below {{'cgraph.argmax' op axis 2 is out of range for input 'tensor<2x8xf32>'}}
  %r = cgraph.argmax %x {axis = 2 : i64} : (tensor<2x8xf32>) -> tensor<2x1xi64>
  cgraph.output %r : tensor<2x1xi64>
}

// -----

cgraph.graph @g(%x: tensor<2x0xf32> as "x") -> (tensor<2x1xi64> as "o") {
  // expected-error @below {{'cgraph.argmin' op axis -1 of 'tensor<2x0xf32>' is empty: there is no index to return}}
  %r = cgraph.argmin %x {axis = -1 : i64} : (tensor<2x0xf32>) -> tensor<2x1xi64>
  cgraph.output %r : tensor<2x1xi64>
}

// -----

cgraph.graph @g(%x: tensor<2x8xf32> as "x") -> (tensor<2xi64> as "o") {
  // expected-error @below {{'cgraph.argmax' op result type 'tensor<2xi64>' does not match the inferred type 'tensor<2x1xi64>'}}
  %r = cgraph.argmax %x {axis = 1 : i64} : (tensor<2x8xf32>) -> tensor<2xi64>
  cgraph.output %r : tensor<2xi64>
}

// -----

cgraph.graph @g(%x: tensor<2x8xi1> as "x") -> (tensor<2x1xi64> as "o") {
  // expected-error @below {{'cgraph.argmax' op operand #0 must be ranked tensor of floating-point or 8-bit signless integer or 16-bit signless integer or 32-bit signless integer or 64-bit signless integer values, but got 'tensor<2x8xi1>'}}
  %r = cgraph.argmax %x {axis = 1 : i64} : (tensor<2x8xi1>) -> tensor<2x1xi64>
  cgraph.output %r : tensor<2x1xi64>
}

// -----

cgraph.graph @g(%x: tensor<2x3xf32> as "x", %y: tensor<4xf32> as "y") -> (tensor<2x3xi1> as "o") {
  // expected-error @below {{'cgraph.less' op operands 'tensor<2x3xf32>' and 'tensor<4xf32>' are not broadcast-compatible}}
  %r = cgraph.less %x, %y : (tensor<2x3xf32>, tensor<4xf32>) -> tensor<2x3xi1>
  cgraph.output %r : tensor<2x3xi1>
}

// -----

cgraph.graph @g(%x: tensor<2x3xf32> as "x", %y: tensor<3xi64> as "y") -> (tensor<2x3xi1> as "o") {
  // expected-error @below {{'cgraph.equal' op failed to verify that all of {lhs, rhs} have same element type}}
  %r = cgraph.equal %x, %y : (tensor<2x3xf32>, tensor<3xi64>) -> tensor<2x3xi1>
  cgraph.output %r : tensor<2x3xi1>
}

// -----

cgraph.graph @g(%x: tensor<2x3xf32> as "x") -> (tensor<2x3xf32> as "o") {
  // expected-error @below {{'cgraph.not' op operand #0 must be ranked tensor of 1-bit signless integer values, but got 'tensor<2x3xf32>'}}
  %r = cgraph.not %x : tensor<2x3xf32>
  cgraph.output %r : tensor<2x3xf32>
}

// -----

cgraph.graph @g(%k: tensor<2x1xi1> as "k", %x: tensor<2x3xf32> as "x", %y: tensor<4xf32> as "y") -> (tensor<2x3xf32> as "o") {
  // expected-error @below {{'cgraph.select' op operands 'tensor<2x1xi1>', 'tensor<2x3xf32>' and 'tensor<4xf32>' are not broadcast-compatible}}
  %r = cgraph.select %k, %x, %y : (tensor<2x1xi1>, tensor<2x3xf32>, tensor<4xf32>) -> tensor<2x3xf32>
  cgraph.output %r : tensor<2x3xf32>
}

// -----

cgraph.graph @g(%k: tensor<2x3xi1> as "k", %x: tensor<2x3xf32> as "x", %y: tensor<2x3xi64> as "y") -> (tensor<2x3xf32> as "o") {
  // expected-error @below {{'cgraph.select' op failed to verify that all of {on_true, on_false, result} have same element type}}
  %r = cgraph.select %k, %x, %y : (tensor<2x3xi1>, tensor<2x3xf32>, tensor<2x3xi64>) -> tensor<2x3xf32>
  cgraph.output %r : tensor<2x3xf32>
}

// -----

// expected-error @below {{'cgraph.graph' op input 'x': 'cgraph.dim_params' must be an array of one string per dimension of 'tensor<?x8xf32>'}}
cgraph.graph @g(%x: tensor<?x8xf32> {cgraph.dim_params = ["batch"]} as "x") -> (tensor<?x8xf32> as "y") {
  cgraph.output %x : tensor<?x8xf32>
}

// -----

// expected-error @below {{'cgraph.graph' op output 'y': 'cgraph.dim_params' names static dimension 1 of 'tensor<?x8xf32>'}}
cgraph.graph @g(%x: tensor<?x8xf32> as "x") -> (tensor<?x8xf32> {cgraph.dim_params = ["batch", "c"]} as "y") {
  cgraph.output %x : tensor<?x8xf32>
}

// -----

// The end of the dimension (INT64_MAX) is for a dynamic dimension only.
cgraph.graph @g(%x: tensor<4x6xf32> as "x") -> (tensor<4x2xf32> as "y") {
  // expected-error @below {{'cgraph.slice' op window [0, 9223372036854775807) of dimension 0 is not within [0, 4] of input 'tensor<4x6xf32>'}}
  %y = cgraph.slice %x {ends = array<i64: 9223372036854775807, 3>, starts = array<i64: 0, 1>, steps = array<i64: 1, 1>} : (tensor<4x6xf32>) -> tensor<4x2xf32>
  cgraph.output %y : tensor<4x2xf32>
}
