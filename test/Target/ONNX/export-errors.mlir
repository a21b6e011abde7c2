// RUN: mcg-translate --export-onnx %s -split-input-file -verify-diagnostics

// Ops outside the ONNX mapping are rejected by name.
cgraph.graph @g(%x: tensor<4xf32> as "x") -> (tensor<4xf32> as "y") {
  // expected-error @+1 {{cannot export 'cgraph.gelu' to ONNX yet}}
  %y = cgraph.gelu %x : tensor<4xf32>
  cgraph.output %y : tensor<4xf32>
}

// -----

// expected-error @+1 {{ONNX export needs exactly one cgraph.graph, found 2}}
module {
  cgraph.graph @a(%x: tensor<4xf32> as "x") -> (tensor<4xf32> as "y") {
    cgraph.output %x : tensor<4xf32>
  }
  cgraph.graph @b(%x: tensor<4xf32> as "x") -> (tensor<4xf32> as "y") {
    cgraph.output %x : tensor<4xf32>
  }
}

// -----

// expected-error @+1 {{cannot export element type 'f16' to ONNX}}
cgraph.graph @c(%x: tensor<4xf16> as "x") -> (tensor<4xf16> as "y") {
  cgraph.output %x : tensor<4xf16>
}

// -----

// ONNX bools are one byte each; an i1 blob has no defined byte layout.
cgraph.graph @g(%x: tensor<4xi1> as "x") -> (tensor<4xi1> as "y") {
  // expected-error @+1 {{cannot export an i1 constant that is not a dense literal}}
  %c = cgraph.constant dense_resource<mask> : tensor<4xi1>
  %y = cgraph.and %x, %c : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  cgraph.output %y : tensor<4xi1>
}

{-#
  dialect_resources: {
    builtin: {
      mask: "0x0100000001000101"
    }
  }
#-}

// -----

// A constant target shape says one dynamic dimension (-1), not two.
cgraph.graph @g(%x: tensor<?x?x4xf32> as "x") -> (tensor<?x?xf32> as "y") {
  // expected-error @+1 {{cannot export a reshape to 'tensor<?x?xf32>' to ONNX: a constant target shape has at most one dynamic (-1) dimension}}
  %y = cgraph.reshape %x : tensor<?x?x4xf32> -> tensor<?x?xf32>
  cgraph.output %y : tensor<?x?xf32>
}
