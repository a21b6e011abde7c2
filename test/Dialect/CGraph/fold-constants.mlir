// --fold-constants: each rule with a case where it must fire and one where
// it must not.
// RUN: mcg-opt %s -split-input-file --fold-constants -verify-diagnostics | FileCheck %s
// RUN: mcg-opt %s -split-input-file --fold-constants="max-bytes=8388608" 2>/dev/null | FileCheck %s --check-prefix=BIG
// The report of the last split (each split overwrites it):
// RUN: mcg-opt %s -split-input-file --fold-constants="report=%t.json" -o /dev/null 2>/dev/null
// RUN: FileCheck %s --check-prefix=REPORT < %t.json
// REPORT:      "batch_norms_folded": 0,
// REPORT-NEXT: "bytes_created": 0,
// REPORT-NEXT: "bytes_freed": 0,
// REPORT-NEXT: "folded": 0,
// REPORT-NEXT: "graph": "not_evaluated",
// REPORT-NEXT: "max_bytes": 1048576,
// REPORT-NEXT: "net_bytes": 0,
// REPORT-NEXT: "skipped": [
// REPORT-NEXT:   {
// REPORT-NEXT:     "loc": "{{.*}}fold-constants.mlir:{{[0-9]+}}:{{[0-9]+}}",
// REPORT-NEXT:     "op": "cgraph.conv2d",
// REPORT-NEXT:     "reason": "'cgraph.conv2d' is not evaluated at compile time"
// REPORT-NEXT:   },
// REPORT-NEXT:   {
// REPORT:          "op": "cgraph.div",
// REPORT-NEXT:     "reason": "it divides by an integer zero"

// A chain of shape arithmetic folds to one constant in one sweep.
// CHECK-LABEL: @shape_chain
// CHECK-NEXT:    %[[C:.*]] = cgraph.constant dense<[6, 4]> : tensor<2xi64>
// CHECK-NEXT:    cgraph.output %[[C]]
cgraph.graph @shape_chain() -> (tensor<2xi64> as "shape") {
  %s = cgraph.constant dense<[2, 3, 4]> : tensor<3xi64>
  %a = cgraph.slice %s {starts = array<i64: 0>, ends = array<i64: 2>, steps = array<i64: 1>} : (tensor<3xi64>) -> tensor<2xi64>
  %b = cgraph.slice %s {starts = array<i64: 1>, ends = array<i64: 3>, steps = array<i64: 1>} : (tensor<3xi64>) -> tensor<2xi64>
  %p = cgraph.mul %a, %b : (tensor<2xi64>, tensor<2xi64>) -> tensor<2xi64>
  %t = cgraph.slice %p {starts = array<i64: 0>, ends = array<i64: 1>, steps = array<i64: 1>} : (tensor<2xi64>) -> tensor<1xi64>
  %four = cgraph.constant dense<4> : tensor<1xi64>
  %r = cgraph.concat %t, %four {axis = 0 : i64} : (tensor<1xi64>, tensor<1xi64>) -> tensor<2xi64>
  cgraph.output %r : tensor<2xi64>
}

// -----

// Comparisons and logic on constants fold to i1 constants (NaN compares
// false); casting to i1 is "nonzero".
// CHECK-LABEL: @masks
// CHECK-NEXT:    %[[M:.*]] = cgraph.constant dense<[true, false, true, true]> : tensor<4xi1>
// CHECK-NEXT:    %[[B:.*]] = cgraph.constant dense<[true, true, true, false]> : tensor<4xi1>
// CHECK-NEXT:    cgraph.output %[[M]], %[[B]]
cgraph.graph @masks() -> (tensor<4xi1> as "m", tensor<4xi1> as "b") {
  %c = cgraph.constant dense<[1.0, 2.0, 0x7FC00000, -1.0]> : tensor<4xf32>
  %t = cgraph.constant dense<[1.5, 1.5, 1.5, 0.0]> : tensor<4xf32>
  %lt = cgraph.less %c, %t : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
  %ge = cgraph.greater_equal %c, %t : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
  %n = cgraph.not %ge : tensor<4xi1>
  %x = cgraph.xor %lt, %n : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  %m = cgraph.or %lt, %x : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  %b = cgraph.cast %t : tensor<4xf32> -> tensor<4xi1>
  cgraph.output %m, %b : tensor<4xi1>, tensor<4xi1>
}

// -----

// argmax / argmin of constants: the first index among equal values, the
// last with select_last_index, NaN counted as the extremum.
// CHECK-LABEL: @arg_reduce
// CHECK-NEXT:    %[[A:.*]] = cgraph.constant dense<[0, 2]> : tensor<2xi64>
// CHECK-NEXT:    %[[B:.*]] = cgraph.constant dense<{{\[\[}}1], [2]]> : tensor<2x1xi64>
// CHECK-NEXT:    %[[D:.*]] = cgraph.constant dense<2> : tensor<2xi64>
// CHECK-NEXT:    cgraph.output %[[A]], %[[B]], %[[D]]
cgraph.graph @arg_reduce() -> (tensor<2xi64> as "a", tensor<2x1xi64> as "b", tensor<2xi64> as "d") {
  %c = cgraph.constant dense<[[3.0, 1.0, 3.0], [1.0, 2.0, 0x7FC00000]]> : tensor<2x3xf32>
  %a = cgraph.argmax %c {axis = 1 : i64, keepdims = false} : (tensor<2x3xf32>) -> tensor<2xi64>
  %b = cgraph.argmin %c {axis = -1 : i64, select_last_index = true} : (tensor<2x3xf32>) -> tensor<2x1xi64>
  %d = cgraph.argmax %c {axis = 1 : i64, keepdims = false, select_last_index = true} : (tensor<2x3xf32>) -> tensor<2xi64>
  cgraph.output %a, %b, %d : tensor<2xi64>, tensor<2x1xi64>, tensor<2xi64>
}

// -----

// An op with a non-constant operand is not folded (and not reported).
// CHECK-LABEL: @not_constant
// CHECK:         cgraph.add %x, %{{.*}}
cgraph.graph @not_constant(%x: tensor<4xf32> as "x") -> (tensor<4xf32> as "y") {
  %c = cgraph.constant dense<1.0> : tensor<4xf32>
  %y = cgraph.add %x, %c : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  cgraph.output %y : tensor<4xf32>
}

// -----

// Weights fold through a transpose.
// CHECK-LABEL: @weights
// CHECK-NEXT:    %[[W:.*]] = cgraph.constant dense<{{\[}}[1.000000e+00, 3.000000e+00], [2.000000e+00, 4.000000e+00]]> : tensor<2x2xf32>
// CHECK-NEXT:    %[[M:.*]] = cgraph.matmul %x, %[[W]]
// CHECK-NEXT:    cgraph.output %[[M]]
cgraph.graph @weights(%x: tensor<3x2xf32> as "x") -> (tensor<3x2xf32> as "y") {
  %w = cgraph.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  %t = cgraph.transpose %w {perm = array<i64: 1, 0>} : (tensor<2x2xf32>) -> tensor<2x2xf32>
  %y = cgraph.matmul %x, %t : (tensor<3x2xf32>, tensor<2x2xf32>) -> tensor<3x2xf32>
  cgraph.output %y : tensor<3x2xf32>
}

// -----

// batch_norm folds into the conv2d before it:
// f = scale / sqrt(var + eps) = [4/2, 3/3] = [2, 1];
// W' = W * f = [2, 1]; b' = (b - mean) * f + bias = [(1-1)*2+0.5, (2-0)*1+0].
// CHECK-LABEL: @bn_into_conv
// CHECK-DAG:     %[[W:.*]] = cgraph.constant dense<{{\[}}[{{\[}}[2.000000e+00]]], [{{\[}}[1.000000e+00]]]]> : tensor<2x1x1x1xf32>
// CHECK-DAG:     %[[B:.*]] = cgraph.constant dense<[5.000000e-01, 2.000000e+00]> : tensor<2xf32>
// CHECK:         %[[C:.*]] = cgraph.conv2d %x, %[[W]], %[[B]] : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
// CHECK-NOT:     cgraph.batch_norm
// CHECK:         cgraph.output %[[C]]
cgraph.graph @bn_into_conv(%x: tensor<1x1x2x2xf32> as "x") -> (tensor<1x2x2x2xf32> as "y") {
  %w = cgraph.constant dense<1.0> : tensor<2x1x1x1xf32>
  %b = cgraph.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %c = cgraph.conv2d %x, %w, %b : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  %scale = cgraph.constant dense<[4.0, 3.0]> : tensor<2xf32>
  %bias = cgraph.constant dense<[0.5, 0.0]> : tensor<2xf32>
  %mean = cgraph.constant dense<[1.0, 0.0]> : tensor<2xf32>
  %var = cgraph.constant dense<[3.0, 8.0]> : tensor<2xf32>
  %y = cgraph.batch_norm %c, %scale, %bias, %mean, %var {epsilon = 1.0 : f32}
      : (tensor<1x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  cgraph.output %y : tensor<1x2x2x2xf32>
}

// -----

// Not into the conv when its result is also read elsewhere (here, an
// output): the batch_norm becomes a per-channel multiply-add, f = 1 /
// sqrt(1 + 1e-5) and shift = 1 - 1 * f, shaped 2x1x1 to broadcast over
// the channels.
// CHECK-LABEL: @bn_shared_conv
// CHECK:         %[[C:.*]] = cgraph.conv2d
// CHECK-DAG:     %[[F:.*]] = cgraph.constant dense<0.999994993> : tensor<2x1x1xf32>
// CHECK-DAG:     %[[S:.*]] = cgraph.constant dense<4.99996258E-6> : tensor<2x1x1xf32>
// CHECK:         %[[M:.*]] = cgraph.mul %[[C]], %[[F]] : (tensor<1x2x2x2xf32>, tensor<2x1x1xf32>) -> tensor<1x2x2x2xf32>
// CHECK-NEXT:    %[[Y:.*]] = cgraph.add %[[M]], %[[S]]
// CHECK-NOT:     cgraph.batch_norm
// CHECK:         cgraph.output %[[Y]], %[[C]]
cgraph.graph @bn_shared_conv(%x: tensor<1x1x2x2xf32> as "x") -> (tensor<1x2x2x2xf32> as "y", tensor<1x2x2x2xf32> as "conv") {
  %w = cgraph.constant dense<1.0> : tensor<2x1x1x1xf32>
  %c = cgraph.conv2d %x, %w : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  %p = cgraph.constant dense<1.0> : tensor<2xf32>
  %y = cgraph.batch_norm %c, %p, %p, %p, %p : (tensor<1x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  cgraph.output %y, %c : tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>
}

// -----

// Not when the statistics are not constant (an input here).
// CHECK-LABEL: @bn_runtime_stats
// CHECK:         cgraph.batch_norm
cgraph.graph @bn_runtime_stats(%x: tensor<1x1x2x2xf32> as "x", %m: tensor<2xf32> as "m") -> (tensor<1x2x2x2xf32> as "y") {
  %w = cgraph.constant dense<1.0> : tensor<2x1x1x1xf32>
  %c = cgraph.conv2d %x, %w : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  %p = cgraph.constant dense<1.0> : tensor<2xf32>
  %y = cgraph.batch_norm %c, %p, %p, %m, %p : (tensor<1x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  cgraph.output %y : tensor<1x2x2x2xf32>
}

// -----

// batch_norm into gemm (trans_b: W rows are channels) and into a 2-D
// matmul (which becomes matmul + bias add). f = [2, 1] as above; the gemm
// bias is (c - mean) * f + bias = [0.5, 1], the matmul's (0 - mean) * f +
// bias = [-1.5, 0].
// CHECK-LABEL: @bn_into_gemm_and_matmul
// CHECK-DAG:     %[[GW:.*]] = cgraph.constant dense<{{\[}}[2.000000e+00, 2.000000e+00], [1.000000e+00, 1.000000e+00]]> : tensor<2x2xf32>
// CHECK-DAG:     %[[GB:.*]] = cgraph.constant dense<[5.000000e-01, 1.000000e+00]> : tensor<2xf32>
// CHECK:         %[[G:.*]] = cgraph.gemm %x, %[[GW]], %[[GB]] {trans_b = true}
// CHECK-DAG:     %[[MW:.*]] = cgraph.constant dense<{{\[}}[2.000000e+00, 1.000000e+00], [2.000000e+00, 1.000000e+00]]> : tensor<2x2xf32>
// CHECK-DAG:     %[[MB:.*]] = cgraph.constant dense<[-1.500000e+00, 0.000000e+00]> : tensor<2xf32>
// CHECK:         %[[M:.*]] = cgraph.matmul %x, %[[MW]]
// CHECK-NEXT:    %[[A:.*]] = cgraph.add %[[M]], %[[MB]]
// CHECK:         cgraph.output %[[G]], %[[A]]
cgraph.graph @bn_into_gemm_and_matmul(%x: tensor<3x2xf32> as "x") -> (tensor<3x2xf32> as "g", tensor<3x2xf32> as "m") {
  %w = cgraph.constant dense<1.0> : tensor<2x2xf32>
  %c = cgraph.constant dense<1.0> : tensor<2xf32>
  %g = cgraph.gemm %x, %w, %c {trans_b = true} : (tensor<3x2xf32>, tensor<2x2xf32>, tensor<2xf32>) -> tensor<3x2xf32>
  %scale = cgraph.constant dense<[4.0, 3.0]> : tensor<2xf32>
  %bias = cgraph.constant dense<[0.5, 0.0]> : tensor<2xf32>
  %mean = cgraph.constant dense<[1.0, 0.0]> : tensor<2xf32>
  %var = cgraph.constant dense<[3.0, 8.0]> : tensor<2xf32>
  %gn = cgraph.batch_norm %g, %scale, %bias, %mean, %var {epsilon = 1.0 : f32}
      : (tensor<3x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<3x2xf32>
  %w2 = cgraph.constant dense<1.0> : tensor<2x2xf32>
  %m = cgraph.matmul %x, %w2 : (tensor<3x2xf32>, tensor<2x2xf32>) -> tensor<3x2xf32>
  %mn = cgraph.batch_norm %m, %scale, %bias, %mean, %var {epsilon = 1.0 : f32}
      : (tensor<3x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<3x2xf32>
  cgraph.output %gn, %mn : tensor<3x2xf32>, tensor<3x2xf32>
}

// -----

// Over the budget: a scalar broadcast to 4 MiB stays an op (the default
// budget is 1 MiB); with max-bytes=8388608 it folds.
// CHECK-LABEL: @over_budget
// CHECK:         cgraph.add
// BIG-LABEL:   @over_budget
// BIG-NEXT:      %[[C:.*]] = cgraph.constant dense<3.000000e+00> : tensor<1024x1024xf32>
// BIG-NEXT:      cgraph.output %[[C]]
cgraph.graph @over_budget() -> (tensor<1024x1024xf32> as "big") {
  %one = cgraph.constant dense<1.0> : tensor<1x1024xf32>
  %two = cgraph.constant dense<2.0> : tensor<1024x1xf32>
  // expected-remark @below {{not folded: it would add 4186112 bytes of constants, over the budget (max-bytes = 1048576, 1048576 left)}}
  %big = cgraph.add %one, %two : (tensor<1x1024xf32>, tensor<1024x1xf32>) -> tensor<1024x1024xf32>
  cgraph.output %big : tensor<1024x1024xf32>
}

// -----

// Ops that are not evaluated, and values that cannot be, are reported.
// CHECK-LABEL: @not_evaluated
// CHECK:         cgraph.conv2d
// CHECK:         cgraph.div
cgraph.graph @not_evaluated() -> (tensor<1x1x1x1xf32> as "c", tensor<2xi64> as "d") {
  %x = cgraph.constant dense<1.0> : tensor<1x1x1x1xf32>
  // expected-remark @below {{not folded: 'cgraph.conv2d' is not evaluated at compile time}}
  %c = cgraph.conv2d %x, %x : (tensor<1x1x1x1xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x1x1xf32>
  %n = cgraph.constant dense<[4, 6]> : tensor<2xi64>
  %z = cgraph.constant dense<[2, 0]> : tensor<2xi64>
  // expected-remark @below {{not folded: it divides by an integer zero}}
  %d = cgraph.div %n, %z : (tensor<2xi64>, tensor<2xi64>) -> tensor<2xi64>
  cgraph.output %c, %d : tensor<1x1x1x1xf32>, tensor<2xi64>
}
