// --prune-to inputs= errors. Nothing is printed and nothing changes.
// RUN: mcg-opt %s --prune-to="out inputs=block/relux" -split-input-file -verify-diagnostics
// RUN: not mcg-opt %s --prune-to="out inputs=block/relux" -split-input-file 2>/dev/null | not grep cgraph
// RUN: not mcg-opt %s --prune-to="out inputs=x" -split-input-file 2>&1 | FileCheck %s --check-prefix=INPUT
// RUN: not mcg-opt %s --prune-to="out inputs=block/relu,block/relu" -split-input-file 2>&1 | FileCheck %s --check-prefix=TWICE
// RUN: not mcg-opt %s --prune-to="out inputs=block/neg,out" -split-input-file 2>&1 | FileCheck %s --check-prefix=SAME
// RUN: not mcg-opt %s --prune-to="out inputs=other/neg" -split-input-file 2>&1 | FileCheck %s --check-prefix=UNNEEDED
// RUN: not mcg-opt %s --prune-to="out inputs=block/relu,block/neg" -split-input-file 2>&1 | FileCheck %s --check-prefix=UPSTREAM
// RUN: not mcg-opt %s --prune-to="out inputs=alias" -split-input-file 2>&1 | FileCheck %s --check-prefix=ALIAS

// INPUT: error: prune-to: 'x' is already an input of graph @g
// TWICE: error: prune-to: input 'block/relu' is named more than once
// SAME: error: prune-to: 'block/neg' and 'out' name the same value
// UNNEEDED: error: prune-to: 'other/neg' feeds none of the kept outputs (out)
// UPSTREAM: error: prune-to: 'block/relu' feeds none of the kept outputs (out) once the other inputs= values are cut
// ALIAS: error: prune-to: output 'alias' is the graph input 'x'

// An unknown name lists the nearest names (op source names and outputs).
// expected-error @below {{prune-to: graph @g has no value named 'block/relux' (an op's source name, an ONNX tensor name or an output name); the nearest are: block/relu, block/neg, other, other/neg, out}}
cgraph.graph @g(%x: tensor<4xf32> as "x")
    -> (tensor<4xf32> as "out", tensor<4xf32> as "other", tensor<4xf32> as "alias") {
  %a = cgraph.relu %x : tensor<4xf32> loc("block/relu")
  %b = cgraph.neg %a : tensor<4xf32> loc("block/neg")
  %c = cgraph.neg %x : tensor<4xf32> loc("other/neg")
  cgraph.output %b, %c, %x : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}

// -----

// expected-error @below {{prune-to: 'block/relux' names an op inside a region (cgraph.if or cgraph.fused); only values of the graph's body can become inputs}}
cgraph.graph @g(%x: tensor<4xf32> as "x", %flag: tensor<i1> as "flag")
    -> (tensor<4xf32> as "out") {
  %r = cgraph.if %flag : tensor<i1> -> (tensor<4xf32>) {
    %m = cgraph.relu %x : tensor<4xf32> loc("block/relux")
    cgraph.yield %m : tensor<4xf32>
  } else {
    cgraph.yield %x : tensor<4xf32>
  }
  cgraph.output %r : tensor<4xf32>
}

// -----

// expected-error @below {{prune-to: 'block/relux' names a 'cgraph.if' op with 2 results; inputs= takes ops with one result}}
cgraph.graph @g(%x: tensor<4xf32> as "x", %flag: tensor<i1> as "flag")
    -> (tensor<4xf32> as "out") {
  %r:2 = cgraph.if %flag : tensor<i1> -> (tensor<4xf32>, tensor<4xf32>) {
    cgraph.yield %x, %x : tensor<4xf32>, tensor<4xf32>
  } else {
    cgraph.yield %x, %x : tensor<4xf32>, tensor<4xf32>
  } loc("block/relux")
  cgraph.output %r#0 : tensor<4xf32>
}
