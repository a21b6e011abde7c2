// --fuse="max-groups=N": only the first N groups of the report's order
// form, the same as without the limit; the rest stays unfused. The test-only
// test-wrong-fusion option breaks one group on purpose (for mcg-check's
// tests).
// RUN: mcg-opt %s --fuse="max-groups=1 report=%t.json" | FileCheck %s --check-prefix=ONE
// RUN: FileCheck %s --check-prefix=REPORT < %t.json
// RUN: mcg-opt %s --fuse="max-groups=0" | FileCheck %s --check-prefix=NONE
// RUN: mcg-opt %s --fuse="max-groups=-1" | FileCheck %s --check-prefix=ALL
// RUN: mcg-opt %s --fuse="max-groups=5" | FileCheck %s --check-prefix=ALL
// RUN: mcg-opt %s --fuse="test-wrong-fusion=b/abs" | FileCheck %s --check-prefix=WRONG
// RUN: mcg-opt %s --fuse="max-groups=-2" -verify-diagnostics -o /dev/null

// ONE:      cgraph.fused <elementwise>(%x)
// ONE:        cgraph.relu
// ONE-NEXT:   cgraph.exp
// ONE:      cgraph.neg %y
// ONE-NEXT: cgraph.abs
// ONE-NOT:  cgraph.fused
// REPORT:      "groups": 1,

// NONE-NOT: cgraph.fused

// ALL-COUNT-2: cgraph.fused <elementwise>
// ALL-NOT:     cgraph.fused

// The second group yields the negation of its result.
// WRONG:      cgraph.fused <elementwise>(%x)
// WRONG:        %[[E:.*]] = cgraph.exp
// WRONG-NEXT:   cgraph.yield %[[E]]
// WRONG:      cgraph.fused <elementwise>(%y)
// WRONG:        cgraph.neg
// WRONG-NEXT:   %[[A:.*]] = cgraph.abs
// WRONG-NEXT:   %[[N:.*]] = cgraph.neg %[[A]]
// WRONG-NEXT:   cgraph.yield %[[N]]

// expected-error @+1 {{fuse: max-groups must be -1 (no limit) or a number of groups, got -2}}
cgraph.graph @two_chains(%x: tensor<4xf32> as "x", %y: tensor<4xf32> as "y") -> (tensor<4xf32> as "a", tensor<4xf32> as "b") {
  %0 = cgraph.relu %x : tensor<4xf32> loc("a/relu")
  %1 = cgraph.exp %0 : tensor<4xf32> loc("a/exp")
  %2 = cgraph.neg %y : tensor<4xf32> loc("b/neg")
  %3 = cgraph.abs %2 : tensor<4xf32> loc("b/abs")
  cgraph.output %1, %3 : tensor<4xf32>, tensor<4xf32>
}
