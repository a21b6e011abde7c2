// One pass instance that runs on several graphs (no threading here) keeps
// a budget and a report per graph.
// RUN: mcg-opt %s --fold-constants="report=%t.%g.json" -mlir-disable-threading -o /dev/null
// RUN: FileCheck %s --check-prefix=A < %t.a.json
// RUN: FileCheck %s --check-prefix=B < %t.b.json
// A: "folded": 1,
// A: "graph": "a",
// B: "folded": 1,
// B: "graph": "b",
// RUN: mcg-opt %s --fuse="report=%t.fuse.%g.json" -mlir-disable-threading -o /dev/null
// RUN: FileCheck %s --check-prefix=FA < %t.fuse.a.json
// RUN: FileCheck %s --check-prefix=FB < %t.fuse.b.json
// FA: "groups": 1,
// FA-NEXT: "ops_fused": 2
// FB: "groups": 1,
// FB-NEXT: "ops_fused": 2
cgraph.graph @a(%x: tensor<2xf32> as "x") -> (tensor<2xi64> as "o", tensor<2xf32> as "p") {
  %c = cgraph.constant dense<[1, 2]> : tensor<2xi64>
  %d = cgraph.add %c, %c : (tensor<2xi64>, tensor<2xi64>) -> tensor<2xi64>
  %e = cgraph.exp %x : tensor<2xf32>
  %f = cgraph.neg %e : tensor<2xf32>
  cgraph.output %d, %f : tensor<2xi64>, tensor<2xf32>
}
cgraph.graph @b(%x: tensor<2xf32> as "x") -> (tensor<2xi64> as "o", tensor<2xf32> as "p") {
  %c = cgraph.constant dense<[3, 4]> : tensor<2xi64>
  %d = cgraph.mul %c, %c : (tensor<2xi64>, tensor<2xi64>) -> tensor<2xi64>
  %e = cgraph.tanh %x : tensor<2xf32>
  %f = cgraph.abs %e : tensor<2xf32>
  cgraph.output %d, %f : tensor<2xi64>, tensor<2xf32>
}
