// --prune-to errors: an unknown or repeated name, no names. Nothing is
// printed (the input file is untouched).
// RUN: mcg-opt %s --prune-to=box -split-input-file -verify-diagnostics
// RUN: not mcg-opt %s --prune-to=box 2>&1 | FileCheck %s --check-prefix=MSG
// RUN: not mcg-opt %s --prune-to=box 2>/dev/null | count 0
// RUN: not mcg-opt %s --prune-to=cls,cls 2>&1 | FileCheck %s --check-prefix=TWICE
// RUN: not mcg-opt %s --prune-to 2>&1 | FileCheck %s --check-prefix=EMPTY
// RUN: not mcg-opt %s --prune-to="cls bogus=1" 2>&1 | FileCheck %s --check-prefix=OPTION

// MSG: error: prune-to: graph @g has no output named 'box'; its outputs are: cls, seg
// MSG-NOT: see current operation
// TWICE: error: prune-to: output 'cls' is named more than once
// EMPTY: error: prune-to: no output names given; the graph's outputs are: ["cls", "seg"]
// OPTION: no such option bogus

// expected-error @below {{prune-to: graph @g has no output named 'box'; its outputs are: cls, seg}}
cgraph.graph @g(%x: tensor<4xf32> as "x") -> (tensor<4xf32> as "cls", tensor<4xf32> as "seg") {
  %a = cgraph.relu %x : tensor<4xf32>
  cgraph.output %a, %x : tensor<4xf32>, tensor<4xf32>
}
