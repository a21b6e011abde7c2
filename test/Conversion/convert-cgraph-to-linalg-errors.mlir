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
