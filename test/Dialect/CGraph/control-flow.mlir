// cgraph.loop and cgraph.scan print and parse back; -canonicalize and
// --prune-to drop the results nothing uses, and the loop-carried values
// that only those need; --fold-constants replaces an if on a constant
// condition by its taken branch.
// RUN: mcg-opt %s | mcg-opt | FileCheck %s --check-prefix=ROUND
// RUN: mcg-opt %s --prune-to=bounded | FileCheck %s --check-prefix=BOUNDED
// RUN: mcg-opt %s --prune-to=h | FileCheck %s --check-prefix=PRUNE
// RUN: mcg-opt %s --prune-to=run | FileCheck %s --check-prefix=SCAN
// RUN: mcg-opt %s --prune-to=y2 --fold-constants | FileCheck %s --check-prefix=FOLD

// ROUND-LABEL: cgraph.graph @g
// ROUND: %{{.*}}:3 = cgraph.loop trip(%n : tensor<i64>) (%y, %{{.*}}) : (tensor<2x8xf32>, tensor<i64>) -> (tensor<2x8xf32>, tensor<i64>, tensor<3x2x8xf32>) {
// ROUND-NEXT: ^bb0(%{{.*}}: tensor<i64>, %{{.*}}: tensor<i1>, %{{.*}}: tensor<2x8xf32>, %{{.*}}: tensor<i64>):
// ROUND: cgraph.scan(%zero, %x) {num_scan_inputs = 1 : i64, scan_input_axes = array<i64: 0>, scan_input_directions = array<i64: 1>, scan_output_axes = array<i64: 0, 0>, scan_output_directions = array<i64: 0, 1>}

// Only `h` kept: the counter and the scan output go, with what computes
// them in the body; the scan and the if go entirely.
// PRUNE-LABEL: cgraph.graph @g(%n: tensor<i64> as "n", %y: tensor<2x8xf32> as "y") -> (tensor<2x8xf32> as "h") {
// PRUNE-NEXT:    %[[L:.*]] = cgraph.loop trip(%n : tensor<i64>) (%y) : (tensor<2x8xf32>) -> tensor<2x8xf32> {
// PRUNE-NEXT:    ^bb0(%{{.*}}: tensor<i64>, %[[C:.*]]: tensor<i1>, %[[V:.*]]: tensor<2x8xf32>):
// PRUNE-NEXT:      %[[T:.*]] = cgraph.tanh %[[V]] : tensor<2x8xf32>
// PRUNE-NEXT:      cgraph.yield %[[C]], %[[T]] : tensor<i1>, tensor<2x8xf32>
// PRUNE-NEXT:    }
// PRUNE-NEXT:    cgraph.output %[[L]] : tensor<2x8xf32>

// The counter stays when the condition reads it, though nothing reads its
// final value.
// BOUNDED-LABEL: cgraph.graph @g(%y: tensor<2x8xf32> as "y") -> (tensor<2x8xf32> as "bounded") {
// BOUNDED:      %[[B:.*]]:2 = cgraph.loop (%y, %{{.*}}) : (tensor<2x8xf32>, tensor<i64>) -> (tensor<2x8xf32>, tensor<i64>) {
// BOUNDED:        cgraph.less
// BOUNDED:      cgraph.output %[[B]]#0 : tensor<2x8xf32>

// The second scan output goes; the state stays, since the first needs it.
// SCAN-LABEL: cgraph.graph @g(%x: tensor<5x4xf32> as "x", %zero: tensor<4xf32> as "zero") -> (tensor<5x4xf32> as "run") {
// SCAN-NEXT:    %[[S:.*]]:2 = cgraph.scan(%zero, %x) {num_scan_inputs = 1 : i64, scan_input_axes = array<i64: 0>, scan_input_directions = array<i64: 1>, scan_output_axes = array<i64: 0>, scan_output_directions = array<i64: 0>} : (tensor<4xf32>, tensor<5x4xf32>) -> (tensor<4xf32>, tensor<5x4xf32>) {
// SCAN-NEXT:    ^bb0(%[[A:.*]]: tensor<4xf32>, %[[B:.*]]: tensor<4xf32>):
// SCAN-NEXT:      %[[SUM:.*]] = cgraph.add %[[A]], %[[B]]
// SCAN-NEXT:      cgraph.yield %[[SUM]], %[[SUM]] : tensor<4xf32>, tensor<4xf32>
// SCAN-NEXT:    }
// SCAN-NEXT:    cgraph.output %[[S]]#1 : tensor<5x4xf32>

// FOLD-LABEL: cgraph.graph @g(%y: tensor<2x8xf32> as "y") -> (tensor<2x8xf32> as "y2") {
// FOLD-NOT:     cgraph.if
// FOLD:         %[[TWO:.*]] = cgraph.constant dense<2.000000e+00> : tensor<f32>
// FOLD-NEXT:    %[[M:.*]] = cgraph.mul %y, %[[TWO]]
// FOLD-NEXT:    cgraph.output %[[M]] : tensor<2x8xf32>
cgraph.graph @g(%x: tensor<5x4xf32> as "x", %zero: tensor<4xf32> as "zero",
                %n: tensor<i64> as "n", %y: tensor<2x8xf32> as "y")
    -> (tensor<4xf32> as "sum", tensor<5x4xf32> as "run",
        tensor<5x4xf32> as "twice", tensor<2x8xf32> as "h",
        tensor<i64> as "k", tensor<3x2x8xf32> as "s",
        tensor<2x8xf32> as "bounded", tensor<2x8xf32> as "y2") {
  %k0 = cgraph.constant dense<0> : tensor<i64>
  %h, %k, %s = cgraph.loop trip(%n : tensor<i64>) (%y, %k0)
      : (tensor<2x8xf32>, tensor<i64>) -> (tensor<2x8xf32>, tensor<i64>, tensor<3x2x8xf32>) {
  ^bb0(%i: tensor<i64>, %c: tensor<i1>, %v: tensor<2x8xf32>, %kk: tensor<i64>):
    %t = cgraph.tanh %v : tensor<2x8xf32>
    %one = cgraph.constant dense<1> : tensor<i64>
    %k1 = cgraph.add %kk, %one : (tensor<i64>, tensor<i64>) -> tensor<i64>
    %half = cgraph.constant dense<0.5> : tensor<f32>
    %sl = cgraph.mul %t, %half : (tensor<2x8xf32>, tensor<f32>) -> tensor<2x8xf32>
    cgraph.yield %c, %t, %k1, %sl : tensor<i1>, tensor<2x8xf32>, tensor<i64>, tensor<2x8xf32>
  }
  // A counter the condition reads: needed though its result is not.
  %b, %bk = cgraph.loop (%y, %k0) : (tensor<2x8xf32>, tensor<i64>) -> (tensor<2x8xf32>, tensor<i64>) {
  ^bb0(%i: tensor<i64>, %c: tensor<i1>, %v: tensor<2x8xf32>, %kk: tensor<i64>):
    %t = cgraph.tanh %v : tensor<2x8xf32>
    %one = cgraph.constant dense<1> : tensor<i64>
    %k1 = cgraph.add %kk, %one : (tensor<i64>, tensor<i64>) -> tensor<i64>
    %limit = cgraph.constant dense<5> : tensor<i64>
    %more = cgraph.less %k1, %limit : (tensor<i64>, tensor<i64>) -> tensor<i1>
    cgraph.yield %more, %t, %k1 : tensor<i1>, tensor<2x8xf32>, tensor<i64>
  }
  %sum, %run, %twice = cgraph.scan (%zero, %x) {num_scan_inputs = 1 : i64,
      scan_input_axes = array<i64: 0>, scan_input_directions = array<i64: 1>,
      scan_output_axes = array<i64: 0, 0>, scan_output_directions = array<i64: 0, 1>}
      : (tensor<4xf32>, tensor<5x4xf32>) -> (tensor<4xf32>, tensor<5x4xf32>, tensor<5x4xf32>) {
  ^bb0(%acc: tensor<4xf32>, %row: tensor<4xf32>):
    %a = cgraph.add %acc, %row : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
    %d = cgraph.add %row, %row : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
    cgraph.yield %a, %a, %d : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
  }
  %false = cgraph.constant dense<false> : tensor<i1>
  %y2 = cgraph.if %false : tensor<i1> -> (tensor<2x8xf32>) {
    %r = cgraph.relu %y : tensor<2x8xf32>
    cgraph.yield %r : tensor<2x8xf32>
  } else {
    %two = cgraph.constant dense<2.0> : tensor<f32>
    %m = cgraph.mul %y, %two : (tensor<2x8xf32>, tensor<f32>) -> tensor<2x8xf32>
    cgraph.yield %m : tensor<2x8xf32>
  }
  cgraph.output %sum, %run, %twice, %h, %k, %s, %b, %y2
      : tensor<4xf32>, tensor<5x4xf32>, tensor<5x4xf32>, tensor<2x8xf32>, tensor<i64>, tensor<3x2x8xf32>, tensor<2x8xf32>, tensor<2x8xf32>
}
