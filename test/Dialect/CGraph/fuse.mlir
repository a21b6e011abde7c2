// --fuse: each kind of group, with the cases where a group must not form
// or must stop.
// RUN: mcg-opt %s -split-input-file --fuse | FileCheck %s
// RUN: mcg-opt %s -split-input-file --fuse="elementwise=false" | FileCheck %s --check-prefix=NOELT
// RUN: mcg-opt %s -split-input-file --fuse -mlir-print-debuginfo -mlir-print-local-scope | FileCheck %s --check-prefix=LOC
// The report of the first split (the file name has the graph's name):
// RUN: mcg-opt %s -split-input-file --fuse="report=%t.%g.json" -o /dev/null
// RUN: FileCheck %s --check-prefix=REPORT < %t.conv_epilogue.json
// REPORT:      "graph": "conv_epilogue",
// REPORT-NEXT: "group_list": [
// REPORT-NEXT:   {
// REPORT-NEXT:     "kind": "contraction_epilogue",
// REPORT-NEXT:     "ops": [
// REPORT-NEXT:       "c",
// REPORT-NEXT:       "b",
// REPORT-NEXT:       "s",
// REPORT-NEXT:       "r"
// REPORT-NEXT:     ]
// REPORT-NEXT:   }
// REPORT-NEXT: ],
// REPORT-NEXT: "groups": 1,
// REPORT-NEXT: "ops_fused": 4

// A conv with its bias add, residual add and relu: one group.
// CHECK-LABEL: @conv_epilogue
// CHECK:         %[[F:.*]] = cgraph.fused <contraction_epilogue>(%x, %[[W:.*]], %[[B:.*]], %res) : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>, tensor<2x1x1xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
// CHECK-NEXT:    ^bb0(%[[A0:.*]]: tensor<1x2x4x4xf32>, %[[A1:.*]]: tensor<2x2x1x1xf32>, %[[A2:.*]]: tensor<2x1x1xf32>, %[[A3:.*]]: tensor<1x2x4x4xf32>):
// CHECK-NEXT:      %[[C:.*]] = cgraph.conv2d %[[A0]], %[[A1]]
// CHECK-NEXT:      %[[S:.*]] = cgraph.add %[[C]], %[[A2]]
// CHECK-NEXT:      %[[R:.*]] = cgraph.add %[[S]], %[[A3]]
// CHECK-NEXT:      %[[Y:.*]] = cgraph.relu %[[R]]
// CHECK-NEXT:      cgraph.yield %[[Y]] : tensor<1x2x4x4xf32>
// CHECK-NEXT:    }
// CHECK-NEXT:    cgraph.output %[[F]]
// LOC-LABEL: @conv_epilogue
// LOC:         cgraph.conv2d {{.*}} loc("c")
// LOC:         cgraph.relu {{.*}} loc("r")
// LOC:       } loc(fused["c", "b", "s", "r"])
cgraph.graph @conv_epilogue(%x: tensor<1x2x4x4xf32> as "x", %res: tensor<1x2x4x4xf32> as "res") -> (tensor<1x2x4x4xf32> as "y") {
  %w = cgraph.constant dense<1.0> : tensor<2x2x1x1xf32>
  %b = cgraph.constant dense<0.5> : tensor<2x1x1xf32>
  %c = cgraph.conv2d %x, %w : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32> loc("c")
  %s = cgraph.add %c, %b : (tensor<1x2x4x4xf32>, tensor<2x1x1xf32>) -> tensor<1x2x4x4xf32> loc("b")
  %r = cgraph.add %s, %res : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> loc("s")
  %y = cgraph.relu %r : tensor<1x2x4x4xf32> loc("r")
  cgraph.output %y : tensor<1x2x4x4xf32>
}

// -----

// The conv's result is a graph output: it is never fused away, so the conv
// stays alone (the add + relu after it form an elementwise group).
// CHECK-LABEL: @conv_output
// CHECK:         %[[C:.*]] = cgraph.conv2d
// CHECK-NEXT:    %[[F:.*]] = cgraph.fused <elementwise>(%[[C]], %{{.*}})
// CHECK:         cgraph.output %[[F]], %[[C]]
// NOELT-LABEL: @conv_output
// NOELT-NOT:     cgraph.fused
// NOELT:         cgraph.output
cgraph.graph @conv_output(%x: tensor<1x2x4x4xf32> as "x") -> (tensor<1x2x4x4xf32> as "y", tensor<1x2x4x4xf32> as "conv") {
  %w = cgraph.constant dense<1.0> : tensor<2x2x1x1xf32>
  %b = cgraph.constant dense<0.5> : tensor<2x1x1xf32>
  %c = cgraph.conv2d %x, %w : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %s = cgraph.add %c, %b : (tensor<1x2x4x4xf32>, tensor<2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %y = cgraph.relu %s : tensor<1x2x4x4xf32>
  cgraph.output %y, %c : tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>
}

// -----

// A matmul whose result two ops read: no epilogue group. The epilogue
// stops at the intermediate that another op also reads.
// CHECK-LABEL: @shared_intermediate
// CHECK:         %[[M:.*]] = cgraph.matmul
// CHECK-NEXT:    %[[E:.*]] = cgraph.exp %[[M]]
// CHECK-NEXT:    %[[T:.*]] = cgraph.tanh %[[M]]
// CHECK:         %[[F:.*]] = cgraph.fused <contraction_epilogue>(%x, %{{.*}}, %{{.*}}) : {{.*}} {
// CHECK:           cgraph.gemm
// CHECK-NEXT:      %[[G:.*]] = cgraph.relu
// CHECK-NEXT:      cgraph.yield %[[G]]
// CHECK:         %[[N:.*]] = cgraph.neg %[[F]]
// CHECK:         cgraph.output %[[E]], %[[T]], %[[F]], %[[N]]
cgraph.graph @shared_intermediate(%x: tensor<2x4xf32> as "x")
    -> (tensor<2x4xf32> as "a", tensor<2x4xf32> as "b", tensor<2x4xf32> as "c", tensor<2x4xf32> as "d") {
  %w = cgraph.constant dense<1.0> : tensor<4x4xf32>
  %m = cgraph.matmul %x, %w : (tensor<2x4xf32>, tensor<4x4xf32>) -> tensor<2x4xf32>
  %e = cgraph.exp %m : tensor<2x4xf32>
  %t = cgraph.tanh %m : tensor<2x4xf32>
  %bias = cgraph.constant dense<1.0> : tensor<4xf32>
  %g = cgraph.gemm %x, %w, %bias : (tensor<2x4xf32>, tensor<4x4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  %r = cgraph.relu %g : tensor<2x4xf32>
  %n = cgraph.neg %r : tensor<2x4xf32>
  cgraph.output %e, %t, %r, %n : tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>
}

// -----

// An epilogue op that would broadcast the contraction's result to a larger
// tensor is not part of its epilogue.
// CHECK-LABEL: @broadcasting_epilogue
// CHECK:         %[[M:.*]] = cgraph.matmul
// CHECK-NEXT:    cgraph.add %[[M]]
// CHECK-NOT:     cgraph.fused <contraction_epilogue>
cgraph.graph @broadcasting_epilogue(%x: tensor<1x4xf32> as "x", %y: tensor<3x4xf32> as "y") -> (tensor<3x4xf32> as "z") {
  %w = cgraph.constant dense<1.0> : tensor<4x4xf32>
  %m = cgraph.matmul %x, %w : (tensor<1x4xf32>, tensor<4x4xf32>) -> tensor<1x4xf32>
  %z = cgraph.add %m, %y : (tensor<1x4xf32>, tensor<3x4xf32>) -> tensor<3x4xf32>
  cgraph.output %z : tensor<3x4xf32>
}

// -----

// SiLU after a convolution, x * sigmoid(x): the conv's result has two
// readers, both joining in one step, so the whole DAG is the epilogue. The
// squeeze-and-excitation scale after the pool reads the group's result,
// which stays visible; its sigmoid and multiply form an elementwise group.
// CHECK-LABEL: @silu_epilogue
// CHECK:         %[[F:.*]] = cgraph.fused <contraction_epilogue>(%x, %{{.*}}) : {{.*}} {
// CHECK:           %[[C:.*]] = cgraph.conv2d
// CHECK-NEXT:      %[[S:.*]] = cgraph.sigmoid %[[C]]
// CHECK-NEXT:      %[[M:.*]] = cgraph.mul %[[C]], %[[S]]
// CHECK-NEXT:      cgraph.yield %[[M]]
// CHECK:         %[[P:.*]] = cgraph.global_avg_pool %[[F]]
// CHECK:         %[[G:.*]] = cgraph.fused <elementwise>(%[[P]], %[[F]])
// CHECK:           cgraph.sigmoid
// CHECK-NEXT:      cgraph.mul
// CHECK:         cgraph.output %[[G]], %[[P]]
cgraph.graph @silu_epilogue(%x: tensor<1x2x4x4xf32> as "x") -> (tensor<1x2x4x4xf32> as "y", tensor<1x2x1x1xf32> as "p") {
  %w = cgraph.constant dense<1.0> : tensor<2x2x1x1xf32>
  %c = cgraph.conv2d %x, %w : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %s = cgraph.sigmoid %c : tensor<1x2x4x4xf32>
  %m = cgraph.mul %c, %s : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %p = cgraph.global_avg_pool %m : (tensor<1x2x4x4xf32>) -> tensor<1x2x1x1xf32>
  %g = cgraph.sigmoid %p : tensor<1x2x1x1xf32>
  %y = cgraph.mul %m, %g : (tensor<1x2x4x4xf32>, tensor<1x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  cgraph.output %y, %p : tensor<1x2x4x4xf32>, tensor<1x2x1x1xf32>
}

// -----

// Not fused: the sigmoid of x * sigmoid(x) is also a graph output, so
// taking the DAG would hide it; the conv stays alone and the elementwise
// phase keeps the sigmoid visible too.
// CHECK-LABEL: @silu_shared_sigmoid
// CHECK:         %[[C:.*]] = cgraph.conv2d
// CHECK-NEXT:    %[[S:.*]] = cgraph.sigmoid %[[C]]
// CHECK-NEXT:    %[[M:.*]] = cgraph.mul %[[C]], %[[S]]
// CHECK-NEXT:    cgraph.output %[[M]], %[[S]]
cgraph.graph @silu_shared_sigmoid(%x: tensor<1x2x4x4xf32> as "x") -> (tensor<1x2x4x4xf32> as "y", tensor<1x2x4x4xf32> as "s") {
  %w = cgraph.constant dense<1.0> : tensor<2x2x1x1xf32>
  %c = cgraph.conv2d %x, %w : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %s = cgraph.sigmoid %c : tensor<1x2x4x4xf32>
  %m = cgraph.mul %c, %s : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  cgraph.output %m, %s : tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>
}

// -----

// A maximal elementwise chain, broken where a value has a second reader.
// CHECK-LABEL: @elementwise_chain
// CHECK:         %[[F1:.*]] = cgraph.fused <elementwise>(%x, %y) : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32> {
// CHECK:           cgraph.exp
// CHECK-NEXT:      cgraph.mul
// CHECK-NEXT:      %[[T:.*]] = cgraph.tanh
// CHECK-NEXT:      cgraph.yield %[[T]]
// CHECK:         %[[F2:.*]] = cgraph.fused <elementwise>(%[[F1]]) : (tensor<8xf32>) -> tensor<8xf32> {
// CHECK:           cgraph.neg
// CHECK-NEXT:      %[[S:.*]] = cgraph.sigmoid
// CHECK-NEXT:      cgraph.yield %[[S]]
// CHECK:         cgraph.output %[[F2]], %[[F1]]
// NOELT-LABEL: @elementwise_chain
// NOELT-NOT:     cgraph.fused
// NOELT:         cgraph.output
cgraph.graph @elementwise_chain(%x: tensor<8xf32> as "x", %y: tensor<8xf32> as "y") -> (tensor<8xf32> as "a", tensor<8xf32> as "b") {
  %e = cgraph.exp %x : tensor<8xf32>
  %m = cgraph.mul %e, %y : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
  %t = cgraph.tanh %m : tensor<8xf32>
  %n = cgraph.neg %t : tensor<8xf32>
  %s = cgraph.sigmoid %n : tensor<8xf32>
  cgraph.output %s, %t : tensor<8xf32>, tensor<8xf32>
}

// -----

// A layer_norm with its elementwise prologue; a softmax whose input has a
// second reader keeps its prologue separate.
// CHECK-LABEL: @normalization
// CHECK:         %[[LN:.*]] = cgraph.fused <normalization>(%x, %y, %{{.*}}) : {{.*}} {
// CHECK:           cgraph.add
// CHECK-NEXT:      cgraph.mul
// CHECK-NEXT:      %[[L:.*]] = cgraph.layer_norm
// CHECK-NEXT:      cgraph.yield %[[L]]
// CHECK:         %[[E:.*]] = cgraph.exp %x
// CHECK-NEXT:    %[[SM:.*]] = cgraph.softmax %[[E]]
// CHECK:         cgraph.output %[[LN]], %[[SM]], %[[E]]
cgraph.graph @normalization(%x: tensor<2x8xf32> as "x", %y: tensor<2x8xf32> as "y")
    -> (tensor<2x8xf32> as "ln", tensor<2x8xf32> as "sm", tensor<2x8xf32> as "e") {
  %g = cgraph.constant dense<1.0> : tensor<8xf32>
  %a = cgraph.add %x, %y : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
  %m = cgraph.mul %a, %y : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
  %ln = cgraph.layer_norm %m, %g : (tensor<2x8xf32>, tensor<8xf32>) -> tensor<2x8xf32>
  %e = cgraph.exp %x : tensor<2x8xf32>
  %sm = cgraph.softmax %e : (tensor<2x8xf32>) -> tensor<2x8xf32>
  cgraph.output %ln, %sm, %e : tensor<2x8xf32>, tensor<2x8xf32>, tensor<2x8xf32>
}

// -----

// A single elementwise op is not a group.
// CHECK-LABEL: @single
// CHECK-NOT:     cgraph.fused
cgraph.graph @single(%x: tensor<8xf32> as "x") -> (tensor<8xf32> as "a") {
  %e = cgraph.exp %x : tensor<8xf32>
  cgraph.output %e : tensor<8xf32>
}
