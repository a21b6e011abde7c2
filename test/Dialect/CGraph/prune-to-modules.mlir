// The multi-graph rule: a module with several graphs needs graph=NAME; the
// other graphs are left alone.
// RUN: not mcg-opt %s --prune-to=out 2>&1 | FileCheck %s --check-prefix=AMBIGUOUS
// RUN: not mcg-opt %s --prune-to="out graph=nope" 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// RUN: mcg-opt %s --prune-to="out graph=second" | FileCheck %s
// RUN: not mcg-opt %s -p 'builtin.module(func.func(canonicalize), prune-to{out})' 2>&1 | FileCheck %s --check-prefix=AMBIGUOUS
// RUN: mcg-opt %s --prune-to=out -verify-diagnostics

// Per-graph passes with a report need %g in its name when there are
// several graphs; an unwritable report is an error.
// RUN: not mcg-opt %s --fuse="report=%t.json" 2>&1 | FileCheck %s --check-prefix=PERGRAPH
// RUN: mcg-opt %s --fuse="report=%t.%g.json" -o /dev/null
// RUN: FileCheck %s --check-prefix=SECOND < %t.second.json
// RUN: not mcg-opt %s --fold-constants="report=%t/no/such/dir/%g.json" 2>&1 | FileCheck %s --check-prefix=UNWRITABLE
// RUN: not mcg-opt %s --prune-to="out graph=first report=%t/no/such/dir/r.json" 2>&1 | FileCheck %s --check-prefix=UNWRITABLE-PRUNE
// PERGRAPH: error: fuse: the module holds several graphs; put %g in report={{.*}}.json to write one report per graph
// SECOND: "graph": "second"
// UNWRITABLE: error: fold-constants: cannot write report {{.*}}first.json{{.*}}:
// UNWRITABLE-PRUNE: error: prune-to: cannot write report '{{.*}}r.json':

// AMBIGUOUS: error: prune-to: the module holds 2 graphs; select one with graph=NAME: first, second
// UNKNOWN: error: prune-to: no cgraph.graph named 'nope'; the module holds: first, second

// CHECK-LABEL: cgraph.graph @first(%x: tensor<4xf32> as "x") -> (tensor<4xf32> as "out", tensor<4xf32> as "aux")
// CHECK:         cgraph.output %{{.*}}, %x
// CHECK-LABEL: cgraph.graph @second(%x: tensor<4xf32> as "x") -> (tensor<4xf32> as "out")
// CHECK-NOT:     cgraph.exp
// CHECK:         cgraph.output
// expected-error @below {{prune-to: the module holds 2 graphs; select one with graph=NAME: first, second}}
module {
  cgraph.graph @first(%x: tensor<4xf32> as "x") -> (tensor<4xf32> as "out", tensor<4xf32> as "aux") {
    %a = cgraph.relu %x : tensor<4xf32>
    cgraph.output %a, %x : tensor<4xf32>, tensor<4xf32>
  }
  cgraph.graph @second(%x: tensor<4xf32> as "x") -> (tensor<4xf32> as "out", tensor<4xf32> as "aux") {
    %a = cgraph.tanh %x : tensor<4xf32>
    %b = cgraph.exp %x : tensor<4xf32>
    cgraph.output %a, %b : tensor<4xf32>, tensor<4xf32>
  }
}
