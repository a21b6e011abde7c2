// Hostile sizes, attributes and constant indices: each gets one diagnostic
// (never an overflow, a division by zero or an out-of-bounds read).
// TensorSize.h states the limit: a tensor's byte size, zero dimensions
// counted as 1, must fit in int64.
// RUN: mcg-opt %s -split-input-file -verify-diagnostics

// expected-error @below {{'cgraph.graph' op input 'x' 'tensor<1099511627776x1099511627776xf32>' is too large: its size in bytes does not fit in 64 bits}}
cgraph.graph @g(%x: tensor<1099511627776x1099511627776xf32> as "x") -> (tensor<1099511627776x1099511627776xf32> as "y") {
  cgraph.output %x : tensor<1099511627776x1099511627776xf32>
}

// -----

// A zero dimension does not make the others free: their products are
// strides.
// expected-error @below {{'cgraph.graph' op output 'y' 'tensor<0x4611686018427387904x4xf32>' is too large}}
cgraph.graph @g(%x: tensor<4xf32> as "x") -> (tensor<0x4611686018427387904x4xf32> as "y") {
  %c = cgraph.constant dense<0.0> : tensor<0x4611686018427387904x4xf32>
  cgraph.output %c : tensor<0x4611686018427387904x4xf32>
}

// -----

// Each operand fits; their broadcast does not.
cgraph.graph @g(%a: tensor<1099511627776x1xf32> as "a", %b: tensor<1x1099511627776xf32> as "b") -> (tensor<1x1099511627776xf32> as "y") {
  // expected-error @below {{'cgraph.add' op result 'tensor<1099511627776x1099511627776xf32>' is too large}}
  %y = cgraph.add %a, %b : (tensor<1099511627776x1xf32>, tensor<1x1099511627776xf32>) -> tensor<1099511627776x1099511627776xf32>
  cgraph.output %b : tensor<1x1099511627776xf32>
}

// -----

cgraph.graph @g(%x: tensor<4xf32> as "x") -> (tensor<4xf32> as "y") {
  // expected-error @below {{'cgraph.constant' op value 'tensor<4611686018427387904x4xf32>' is too large}}
  %c = cgraph.constant dense<1.0> : tensor<4611686018427387904x4xf32>
  cgraph.output %x : tensor<4xf32>
}

// -----

// i1 is a byte per element; f64 eight.
cgraph.graph @g(%x: tensor<2305843009213693952xi1> as "x") -> (tensor<4xf32> as "y") {
  // expected-error @below {{'cgraph.cast' op result 'tensor<2305843009213693952xf64>' is too large}}
  %c = cgraph.cast %x : tensor<2305843009213693952xi1> -> tensor<2305843009213693952xf64>
  %z = cgraph.constant dense<1.0> : tensor<4xf32>
  cgraph.output %z : tensor<4xf32>
}

// -----

cgraph.graph @g(%x: tensor<0xf32> as "x") -> (tensor<4xf32> as "y") {
  // expected-error @below {{'cgraph.reshape' op result 'tensor<4611686018427387904x4x0xf32>' is too large}}
  %r = cgraph.reshape %x : tensor<0xf32> -> tensor<4611686018427387904x4x0xf32>
  %z = cgraph.constant dense<1.0> : tensor<4xf32>
  cgraph.output %z : tensor<4xf32>
}

// -----

cgraph.graph @g(%x: tensor<4611686018427387904xi8> as "x") -> (tensor<4xf32> as "y") {
  // expected-error @below {{'cgraph.concat' op concatenating input #1 'tensor<4611686018427387904xi8>' overflows 64-bit sizes}}
  %c = "cgraph.concat"(%x, %x) {axis = 0 : i64} : (tensor<4611686018427387904xi8>, tensor<4611686018427387904xi8>) -> tensor<4xi8>
  %z = cgraph.constant dense<1.0> : tensor<4xf32>
  cgraph.output %z : tensor<4xf32>
}

// -----

cgraph.graph @g(%x: tensor<4xf32> as "x") -> (tensor<4xf32> as "y") {
  // expected-error @below {{'cgraph.pad' op pads [9223372036854775807, 1] of input 'tensor<4xf32>' overflow 64-bit sizes}}
  %p = "cgraph.pad"(%x) {pads = array<i64: 9223372036854775807, 1>} : (tensor<4xf32>) -> tensor<4xf32>
  cgraph.output %x : tensor<4xf32>
}

// -----

// A huge step: one element, no overflow.
cgraph.graph @g(%x: tensor<4xf32> as "x") -> (tensor<1xf32> as "y") {
  %s = cgraph.slice %x {starts = array<i64: 1>, ends = array<i64: 4>, steps = array<i64: 9223372036854775807>} : (tensor<4xf32>) -> tensor<1xf32>
  cgraph.output %s : tensor<1xf32>
}

// -----

cgraph.graph @g(%x: tensor<1x1x8x8xf32> as "x") -> (tensor<1x1x8x8xf32> as "y") {
  // expected-error @below {{'cgraph.max_pool2d' op window of kernel [3, 3], dilations [4611686018427387904, 1] and pads [0, 0, 0, 0] over input 'tensor<1x1x8x8xf32>' overflows 64-bit sizes}}
  %p = "cgraph.max_pool2d"(%x) {kernel_shape = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 4611686018427387904, 1>, ceil_mode = false} : (tensor<1x1x8x8xf32>) -> tensor<1x1x8x8xf32>
  cgraph.output %x : tensor<1x1x8x8xf32>
}

// -----

cgraph.graph @g(%x: tensor<1x1x8x8xf32> as "x") -> (tensor<1x1x8x8xf32> as "y") {
  // expected-error @below {{'cgraph.avg_pool2d' op window of kernel [2, 2], dilations [1, 1] and pads [9223372036854775807, 0, 1, 0] over input 'tensor<1x1x8x8xf32>' overflows 64-bit sizes}}
  %p = "cgraph.avg_pool2d"(%x) {kernel_shape = array<i64: 2, 2>, strides = array<i64: 1, 1>, pads = array<i64: 9223372036854775807, 0, 1, 0>, ceil_mode = true, count_include_pad = false} : (tensor<1x1x8x8xf32>) -> tensor<1x1x8x8xf32>
  cgraph.output %x : tensor<1x1x8x8xf32>
}

// -----

// The issue's SIGFPE, at the dialect level: a stride of 0.
cgraph.graph @g(%x: tensor<1x1x8x8xf32> as "x", %w: tensor<1x1x3x3xf32> as "w") -> (tensor<1x1x8x8xf32> as "y") {
  // expected-error @below {{'cgraph.conv2d' op strides must be 2 positive values, got [0, 0]}}
  %c = "cgraph.conv2d"(%x, %w) {strides = array<i64: 0, 0>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64} : (tensor<1x1x8x8xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x6x6xf32>
  cgraph.output %x : tensor<1x1x8x8xf32>
}

// -----

cgraph.graph @g(%x: tensor<1x1x8x8xf32> as "x", %w: tensor<1x1x3x3xf32> as "w") -> (tensor<1x1x8x8xf32> as "y") {
  // expected-error @below {{'cgraph.conv_transpose2d' op output size of input 'tensor<1x1x8x8xf32>' with strides [4611686018427387904, 1], pads [0, 0, 0, 0] and dilations [1, 1] overflows 64-bit sizes}}
  %c = "cgraph.conv_transpose2d"(%x, %w) {strides = array<i64: 4611686018427387904, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, output_padding = array<i64: 0, 0>, groups = 1 : i64} : (tensor<1x1x8x8xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x8x8xf32>
  cgraph.output %x : tensor<1x1x8x8xf32>
}

// -----

// Zero input channels divide into any number of groups.
cgraph.graph @g(%x: tensor<1x0x8x8xf32> as "x", %w: tensor<0x2x3x3xf32> as "w") -> (tensor<1x0x8x8xf32> as "y") {
  // expected-error @below {{'cgraph.conv_transpose2d' op weight 'tensor<0x2x3x3xf32>' with groups = 4611686018427387904 has more output channels than fit in 64 bits}}
  %c = "cgraph.conv_transpose2d"(%x, %w) {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, output_padding = array<i64: 0, 0>, groups = 4611686018427387904 : i64} : (tensor<1x0x8x8xf32>, tensor<0x2x3x3xf32>) -> tensor<1x1x8x8xf32>
  cgraph.output %x : tensor<1x0x8x8xf32>
}

// -----

// A constant index out of range is an error, as in ONNX (a runtime one is
// clamped by the lowering: convert-cgraph-to-linalg.mlir).
cgraph.graph @g(%x: tensor<4x3xf32> as "x") -> (tensor<1x3xf32> as "y") {
  %i = cgraph.constant dense<[7]> : tensor<1xi64>
  // expected-error @below {{'cgraph.gather' op constant index 7 is out of range [-4, 4) for axis 0 of data 'tensor<4x3xf32>'}}
  %y = cgraph.gather %x, %i {axis = 0 : i64} : (tensor<4x3xf32>, tensor<1xi64>) -> tensor<1x3xf32>
  cgraph.output %y : tensor<1x3xf32>
}

// -----

cgraph.graph @g(%x: tensor<4x3xf32> as "x") -> (tensor<4x2xf32> as "y") {
  %i = cgraph.constant dense<-4> : tensor<2xi32>
  // expected-error @below {{'cgraph.gather' op constant index -4 is out of range [-3, 3) for axis -1 of data 'tensor<4x3xf32>'}}
  %y = cgraph.gather %x, %i {axis = -1 : i64} : (tensor<4x3xf32>, tensor<2xi32>) -> tensor<4x2xf32>
  cgraph.output %y : tensor<4x2xf32>
}

// -----

// The ends of the range are fine.
cgraph.graph @g(%x: tensor<4x3xf32> as "x") -> (tensor<2x3xf32> as "y") {
  %i = cgraph.constant dense<[-4, 3]> : tensor<2xi64>
  %y = cgraph.gather %x, %i {axis = 0 : i64} : (tensor<4x3xf32>, tensor<2xi64>) -> tensor<2x3xf32>
  cgraph.output %y : tensor<2x3xf32>
}

// -----

cgraph.graph @g(%x: tensor<0x3xf32> as "x", %i: tensor<2xi64> as "i") -> (tensor<2x3xf32> as "y") {
  // expected-error @below {{'cgraph.gather' op axis 0 of data 'tensor<0x3xf32>' is empty: there is nothing to gather from}}
  %y = cgraph.gather %x, %i {axis = 0 : i64} : (tensor<0x3xf32>, tensor<2xi64>) -> tensor<2x3xf32>
  cgraph.output %y : tensor<2x3xf32>
}

// -----

// A blob must hold exactly its type's bytes (the evaluators and the
// generated code read the type's worth).
cgraph.graph @g(%x: tensor<4xf32> as "x") -> (tensor<4xf32> as "y") {
  // expected-error @below {{'cgraph.constant' op dense_resource blob 'short' holds 8 bytes but its type 'tensor<4xf32>' needs 16}}
  %c = cgraph.constant dense_resource<short> : tensor<4xf32>
  %y = cgraph.add %x, %c : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  cgraph.output %y : tensor<4xf32>
}

{-#
  dialect_resources: {
    builtin: {
      short: "0x040000000000803F0000803F"
    }
  }
#-}
