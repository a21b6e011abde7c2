// convert-cgraph-to-linalg: the inputs it rejects, one diagnostic each.
// RUN: mcg-opt %s --convert-cgraph-to-linalg -split-input-file -verify-diagnostics

// An i1 mask is stored as i8 at run time; a dense_resource blob of i1 has
// no defined byte layout to convert.
cgraph.graph @g() -> (tensor<4xi1> as "m") {
  // expected-error @below {{'cgraph.constant' op an i1 constant other than a dense literal cannot be lowered}}
  %c = cgraph.constant dense_resource<mask> : tensor<4xi1>
  cgraph.output %c : tensor<4xi1>
}

{-#
  dialect_resources: {
    builtin: {
      mask: "0x0100000001000101"
    }
  }
#-}

// -----

// A while loop: scf.for needs a trip count.
cgraph.graph @g(%x: tensor<4xf32> as "x", %c: tensor<i1> as "c") -> (tensor<4xf32> as "y") {
  // expected-error @below {{code generation of a 'cgraph.loop' without a trip count (a while loop) is not supported yet; cut it away with --prune-to, or export the slice to ONNX instead}}
  %y = cgraph.loop cond(%c : tensor<i1>) (%x) : (tensor<4xf32>) -> tensor<4xf32> {
  ^bb0(%i: tensor<i64>, %cc: tensor<i1>, %v: tensor<4xf32>):
    cgraph.yield %cc, %v : tensor<i1>, tensor<4xf32>
  }
  cgraph.output %y : tensor<4xf32>
}

// -----

// Scan outputs whose length the loop may not reach: the condition input is
// computed at run time.
cgraph.graph @g(%x: tensor<4xf32> as "x", %c: tensor<i1> as "c") -> (tensor<3x4xf32> as "y") {
  %n = cgraph.constant dense<3> : tensor<i64>
  // expected-error @below {{code generation of a 'cgraph.loop' with scan outputs is not supported unless it runs exactly their length: a constant trip count of 3, no condition operand or a constant true one, and a body that yields its condition argument or a constant true}}
  %h, %s = cgraph.loop trip(%n : tensor<i64>) cond(%c : tensor<i1>) (%x) : (tensor<4xf32>) -> (tensor<4xf32>, tensor<3x4xf32>) {
  ^bb0(%i: tensor<i64>, %cc: tensor<i1>, %v: tensor<4xf32>):
    cgraph.yield %cc, %v, %v : tensor<i1>, tensor<4xf32>, tensor<4xf32>
  }
  cgraph.output %s : tensor<3x4xf32>
}

// -----

// Code is generated for static shapes: a dynamic input says how to pin it.
// expected-error @below {{graph input 'x' has a dynamic dimension 'batch' (dimension 0 of 'tensor<?x8xf32>'); code generation needs static shapes: pin it when importing the ONNX model with --input-shape x=D0xD1x... or --dim batch=N}}
cgraph.graph @g(%x: tensor<?x8xf32> {cgraph.dim_params = ["batch", ""]} as "x") -> (tensor<?x8xf32> as "y") {
  %y = cgraph.relu %x : tensor<?x8xf32>
  cgraph.output %y : tensor<?x8xf32>
}

// -----

// An output's dynamic dimension (from a static input: a hand-written graph).
// expected-error @below {{graph output 'y' has a dynamic dimension 'n' (dimension 0 of 'tensor<?xf32>'); code generation needs static shapes: pin it when importing the ONNX model with --dim n=N}}
cgraph.graph @g(%x: tensor<2x4xf32> as "x") -> (tensor<?xf32> {cgraph.dim_params = ["n"]} as "y") {
  %y = cgraph.reshape %x : tensor<2x4xf32> -> tensor<?xf32>
  cgraph.output %y : tensor<?xf32>
}
