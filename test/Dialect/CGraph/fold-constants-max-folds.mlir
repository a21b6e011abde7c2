// --fold-constants="max-folds=N": only the first N folds of the report's
// order (batch_norm folds, then evaluated ops, each in program order), the
// same as without the limit. The test-only test-wrong-fold option breaks one
// fold on purpose (for mcg-check's tests).
// RUN: mcg-opt %s --fold-constants="max-folds=2 report=%t.json" | FileCheck %s --check-prefix=TWO
// RUN: FileCheck %s --check-prefix=REPORT < %t.json
// RUN: mcg-opt %s --fold-constants="max-folds=0" | FileCheck %s --check-prefix=NONE
// RUN: mcg-opt %s --fold-constants | FileCheck %s --check-prefix=ALL
// RUN: mcg-opt %s --fold-constants="max-folds=3" | FileCheck %s --check-prefix=ALL
// RUN: mcg-opt %s --fold-constants="test-wrong-fold=k/add" | FileCheck %s --check-prefix=WRONGADD
// RUN: mcg-opt %s --fold-constants="test-wrong-fold=b/bn" | FileCheck %s --check-prefix=WRONGBN
// RUN: mcg-opt %s --fold-constants="max-folds=-2" -verify-diagnostics -o /dev/null

// The batch_norm and the add fold; the multiply keeps its (now constant)
// operands.
// TWO:      %[[B:.*]] = cgraph.constant dense<0.000000e+00> : tensor<2xf32>
// TWO:      cgraph.conv2d %x, %{{.*}}, %[[B]]
// TWO-NOT:  cgraph.batch_norm
// TWO:      %[[K:.*]] = cgraph.constant dense<[4.000000e+00, 6.000000e+00]>
// TWO:      cgraph.mul %[[K]], %{{.*}}
// REPORT:      "applied": [
// REPORT-NEXT:   {
// REPORT-NEXT:     "into": "b/conv",
// REPORT-NEXT:     "kind": "batch_norm",
// REPORT-NEXT:     "loc": "b/bn",
// REPORT-NEXT:     "op": "cgraph.batch_norm"
// REPORT-NEXT:   },
// REPORT-NEXT:   {
// REPORT-NEXT:     "kind": "evaluate",
// REPORT-NEXT:     "loc": "k/add",
// REPORT-NEXT:     "op": "cgraph.add"
// REPORT-NEXT:   }
// REPORT-NEXT: ],
// REPORT:      "folded": 1,

// NONE: cgraph.batch_norm
// NONE: cgraph.add
// NONE: cgraph.mul

// ALL-NOT: cgraph.batch_norm
// ALL:     cgraph.constant dense<[4.000000e+00, 1.200000e+01]>
// ALL-NOT: cgraph.mul

// One is added to the value the named fold computes (and to what folds
// from it).
// WRONGADD:  cgraph.constant dense<[5.000000e+00, 1.400000e+01]>
// WRONGBN:   %[[B:.*]] = cgraph.constant dense<1.000000e+00> : tensor<2xf32>
// WRONGBN:   cgraph.conv2d %x, %{{.*}}, %[[B]]

// expected-error @+1 {{fold-constants: max-folds must be -1 (no limit) or a number of folds, got -2}}
cgraph.graph @limited(%x: tensor<1x2x2x2xf32> as "x") -> (tensor<1x2x2x2xf32> as "y", tensor<2xf32> as "k") {
  %w = cgraph.constant dense<[[[[1.0]], [[0.0]]], [[[0.0]], [[1.0]]]]> : tensor<2x2x1x1xf32> loc("b/conv.weight")
  %c = cgraph.conv2d %x, %w : (tensor<1x2x2x2xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x2x2xf32> loc("b/conv")
  %s = cgraph.constant dense<1.0> : tensor<2xf32>
  %t = cgraph.constant dense<0.0> : tensor<2xf32>
  %m = cgraph.constant dense<0.0> : tensor<2xf32>
  %v = cgraph.constant dense<1.0> : tensor<2xf32>
  %n = cgraph.batch_norm %c, %s, %t, %m, %v : (tensor<1x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32> loc("b/bn")
  %a = cgraph.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %b = cgraph.constant dense<[3.0, 4.0]> : tensor<2xf32>
  %k = cgraph.add %a, %b : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32> loc("k/add")
  %k2 = cgraph.mul %k, %a : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32> loc("k/mul")
  cgraph.output %n, %k2 : tensor<1x2x2x2xf32>, tensor<2xf32>
}
