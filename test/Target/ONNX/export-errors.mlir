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

// expected-error @+1 {{cannot export element type 'i1' to ONNX}}
cgraph.graph @c(%x: tensor<4xi1> as "x") -> (tensor<4xi1> as "y") {
  cgraph.output %x : tensor<4xi1>
}
