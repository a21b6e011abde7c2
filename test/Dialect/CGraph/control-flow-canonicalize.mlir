// -canonicalize drops the results of cgraph.if, cgraph.loop and cgraph.scan
// that nothing uses (the same rewrite --prune-to applies).
// RUN: mcg-opt %s -canonicalize | FileCheck %s

// CHECK-LABEL: cgraph.graph @g
// CHECK:      %[[I:.*]] = cgraph.if %c : tensor<i1> -> (tensor<4xf32>) {
// CHECK-NEXT:   %[[N:.*]] = cgraph.neg %x
// CHECK-NEXT:   cgraph.yield %[[N]] : tensor<4xf32>
// CHECK-NEXT: } else {
// CHECK-NEXT:   cgraph.yield %x : tensor<4xf32>
// CHECK-NEXT: }
// CHECK:      %[[L:.*]] = cgraph.loop trip(%n : tensor<i64>) (%x) : (tensor<4xf32>) -> tensor<4xf32> {
// CHECK:      %[[S:.*]] = cgraph.scan(%x, %m) {num_scan_inputs = 1 : i64, scan_input_axes = array<i64: 0>, scan_input_directions = array<i64: 0>, scan_output_axes = array<i64>, scan_output_directions = array<i64>} : (tensor<4xf32>, tensor<3x4xf32>) -> tensor<4xf32> {
// CHECK:      cgraph.output %[[I]], %[[L]], %[[S]]
cgraph.graph @g(%x: tensor<4xf32> as "x", %c: tensor<i1> as "c",
                %n: tensor<i64> as "n", %m: tensor<3x4xf32> as "m")
    -> (tensor<4xf32> as "a", tensor<4xf32> as "b", tensor<4xf32> as "d") {
  %i:2 = cgraph.if %c : tensor<i1> -> (tensor<4xf32>, tensor<4xf32>) {
    %neg = cgraph.neg %x : tensor<4xf32>
    %abs = cgraph.abs %x : tensor<4xf32>
    cgraph.yield %neg, %abs : tensor<4xf32>, tensor<4xf32>
  } else {
    cgraph.yield %x, %x : tensor<4xf32>, tensor<4xf32>
  }
  %l:2 = cgraph.loop trip(%n : tensor<i64>) (%x) : (tensor<4xf32>) -> (tensor<4xf32>, tensor<3x4xf32>) {
  ^bb0(%it: tensor<i64>, %cc: tensor<i1>, %v: tensor<4xf32>):
    %t = cgraph.tanh %v : tensor<4xf32>
    cgraph.yield %cc, %t, %t : tensor<i1>, tensor<4xf32>, tensor<4xf32>
  }
  %s:2 = cgraph.scan (%x, %m) {num_scan_inputs = 1 : i64,
      scan_input_axes = array<i64: 0>, scan_input_directions = array<i64: 0>,
      scan_output_axes = array<i64: 0>, scan_output_directions = array<i64: 0>}
      : (tensor<4xf32>, tensor<3x4xf32>) -> (tensor<4xf32>, tensor<3x4xf32>) {
  ^bb0(%acc: tensor<4xf32>, %row: tensor<4xf32>):
    %sum = cgraph.add %acc, %row : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
    cgraph.yield %sum, %sum : tensor<4xf32>, tensor<4xf32>
  }
  cgraph.output %i#0, %l#0, %s#0 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}
