// --prune-to follows values captured by cgraph.if regions, removes dead ops
// inside kept regions, and keeps ops with side effects.
// RUN: mcg-opt %s --prune-to=out | FileCheck %s

// CHECK-LABEL: cgraph.graph @captures(%x: tensor<4xf32> as "x", %flag: tensor<i1> as "flag") -> (tensor<4xf32> as "out") {
cgraph.graph @captures(%x: tensor<4xf32> as "x", %flag: tensor<i1> as "flag",
                       %unused: tensor<4xf32> as "unused")
    -> (tensor<4xf32> as "out", tensor<4xf32> as "other") {
  // Only the then-region uses %scale: it is captured, so it stays.
  // CHECK:      %[[SCALE:.*]] = cgraph.constant dense<2.000000e+00>
  %scale = cgraph.constant dense<2.0> : tensor<4xf32>
  // Nothing kept uses %dead.
  // CHECK-NOT:  dense<3.000000e+00>
  %dead = cgraph.constant dense<3.0> : tensor<4xf32>
  // CHECK:      %[[R:.*]] = cgraph.if %flag : tensor<i1> -> (tensor<4xf32>) {
  // CHECK-NEXT:   %[[M:.*]] = cgraph.mul %x, %[[SCALE]]
  // CHECK-NEXT:   cgraph.yield %[[M]] : tensor<4xf32>
  // CHECK-NEXT: } else {
  // CHECK-NEXT:   cgraph.yield %x : tensor<4xf32>
  // CHECK-NEXT: }
  %r = cgraph.if %flag : tensor<i1> -> (tensor<4xf32>) {
    %m = cgraph.mul %x, %scale : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
    // Dead inside a kept region: removed.
    %n = cgraph.add %x, %dead : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
    cgraph.yield %m : tensor<4xf32>
  } else {
    cgraph.yield %x : tensor<4xf32>
  }
  // An op with side effects is never removed, even with no users.
  // CHECK:      memref.alloc() : memref<4xf32>
  %buf = memref.alloc() : memref<4xf32>
  // CHECK-NOT:  cgraph.neg
  %other = cgraph.neg %unused : tensor<4xf32>
  // CHECK:      cgraph.output %[[R]] : tensor<4xf32>
  cgraph.output %r, %other : tensor<4xf32>, tensor<4xf32>
}
