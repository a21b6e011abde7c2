// Every verifier message of cgraph.loop and cgraph.scan, one case each
// (cgraph.if's are in invalid.mlir).
// RUN: mcg-opt %s -split-input-file -verify-diagnostics

cgraph.graph @g(%x: tensor<4xf32> as "x") -> (tensor<4xf32> as "o") {
  // expected-error @below {{'cgraph.loop' op body arguments ('tensor<i64>', 'tensor<4xf32>') do not match ('tensor<i64>', 'tensor<i1>', 'tensor<4xf32>')}}
  %r = cgraph.loop (%x) : (tensor<4xf32>) -> tensor<4xf32> {
  ^bb0(%i: tensor<i64>, %v: tensor<4xf32>):
    %t = cgraph.constant dense<true> : tensor<i1>
    cgraph.yield %t, %v : tensor<i1>, tensor<4xf32>
  }
  cgraph.output %r : tensor<4xf32>
}

// -----

cgraph.graph @g(%x: tensor<4xf32> as "x") -> (tensor<4xf32> as "o") {
  %r = cgraph.loop (%x) : (tensor<4xf32>) -> tensor<4xf32> {
  ^bb0(%i: tensor<i64>, %c: tensor<i1>, %v: tensor<4xf32>):
    // expected-error @below {{'cgraph.yield' op yields ('tensor<4xf32>') but the enclosing 'cgraph.loop' needs the condition (tensor<i1>), the 1 loop-carried values ('tensor<4xf32>') and 0 scan slices}}
    cgraph.yield %v : tensor<4xf32>
  }
  cgraph.output %r : tensor<4xf32>
}

// -----

cgraph.graph @g(%x: tensor<4xf32> as "x") -> (tensor<4xf32> as "o") {
  // expected-error @below {{'cgraph.loop' op the final loop-carried values ('tensor<8xf32>') do not have the initial values' types ('tensor<4xf32>')}}
  %r = cgraph.loop (%x) : (tensor<4xf32>) -> tensor<8xf32> {
  ^bb0(%i: tensor<i64>, %c: tensor<i1>, %v: tensor<4xf32>):
    cgraph.yield %c, %v : tensor<i1>, tensor<4xf32>
  }
  cgraph.output %x : tensor<4xf32>
}

// -----

cgraph.graph @g(%x: tensor<4xf32> as "x") -> (tensor<4xf32> as "o") {
  // expected-error @below {{'cgraph.loop' op has 0 results, fewer than its 1 loop-carried values}}
  cgraph.loop (%x) : (tensor<4xf32>) -> () {
  ^bb0(%i: tensor<i64>, %c: tensor<i1>, %v: tensor<4xf32>):
    cgraph.yield %c, %v : tensor<i1>, tensor<4xf32>
  }
  cgraph.output %x : tensor<4xf32>
}

// -----

cgraph.graph @g(%x: tensor<4xf32> as "x", %n: tensor<i64> as "n") -> (tensor<4xf32> as "o") {
  // expected-error @below {{'cgraph.loop' op result #1 has type 'tensor<3x8xf32>' but stacking the body's slices of type 'tensor<4xf32>' (along an axis of any length) gives 'tensor<3x4xf32>'}}
  %r:2 = cgraph.loop trip(%n : tensor<i64>) (%x) : (tensor<4xf32>) -> (tensor<4xf32>, tensor<3x8xf32>) {
  ^bb0(%i: tensor<i64>, %c: tensor<i1>, %v: tensor<4xf32>):
    cgraph.yield %c, %v, %v : tensor<i1>, tensor<4xf32>, tensor<4xf32>
  }
  cgraph.output %x : tensor<4xf32>
}

// -----

cgraph.graph @g(%s: tensor<3xf32> as "s", %x: tensor<5x3xf32> as "x") -> (tensor<3xf32> as "o") {
  // expected-error @below {{'cgraph.scan' op num_scan_inputs = 3 is outside [1, 2]}}
  %r = cgraph.scan (%s, %x) {num_scan_inputs = 3 : i64, scan_input_axes = array<i64: 0>, scan_input_directions = array<i64: 0>, scan_output_axes = array<i64>, scan_output_directions = array<i64>} : (tensor<3xf32>, tensor<5x3xf32>) -> tensor<3xf32> {
  ^bb0(%a: tensor<3xf32>, %b: tensor<3xf32>):
    cgraph.yield %a : tensor<3xf32>
  }
  cgraph.output %r : tensor<3xf32>
}

// -----

cgraph.graph @g(%s: tensor<3xf32> as "s", %x: tensor<5x3xf32> as "x") -> (tensor<3xf32> as "o") {
  // expected-error @below {{'cgraph.scan' op has 0 results, fewer than its 1 state values}}
  cgraph.scan (%s, %x) {num_scan_inputs = 1 : i64, scan_input_axes = array<i64: 0>, scan_input_directions = array<i64: 0>, scan_output_axes = array<i64>, scan_output_directions = array<i64>} : (tensor<3xf32>, tensor<5x3xf32>) -> () {
  ^bb0(%a: tensor<3xf32>, %b: tensor<3xf32>):
    cgraph.yield %a : tensor<3xf32>
  }
  cgraph.output %s : tensor<3xf32>
}

// -----

cgraph.graph @g(%s: tensor<3xf32> as "s", %x: tensor<5x3xf32> as "x") -> (tensor<3xf32> as "o") {
  // expected-error @below {{'cgraph.scan' op 'scan_input_axes'[0] = 2 is outside [0, 1]}}
  %r = cgraph.scan (%s, %x) {num_scan_inputs = 1 : i64, scan_input_axes = array<i64: 2>, scan_input_directions = array<i64: 0>, scan_output_axes = array<i64>, scan_output_directions = array<i64>} : (tensor<3xf32>, tensor<5x3xf32>) -> tensor<3xf32> {
  ^bb0(%a: tensor<3xf32>, %b: tensor<3xf32>):
    cgraph.yield %a : tensor<3xf32>
  }
  cgraph.output %r : tensor<3xf32>
}

// -----

cgraph.graph @g(%s: tensor<3xf32> as "s", %x: tensor<5x3xf32> as "x") -> (tensor<3xf32> as "o") {
  // expected-error @below {{'cgraph.scan' op 'scan_input_directions' has 2 entries but there are 1 scan inputs}}
  %r = cgraph.scan (%s, %x) {num_scan_inputs = 1 : i64, scan_input_axes = array<i64: 0>, scan_input_directions = array<i64: 0, 1>, scan_output_axes = array<i64>, scan_output_directions = array<i64>} : (tensor<3xf32>, tensor<5x3xf32>) -> tensor<3xf32> {
  ^bb0(%a: tensor<3xf32>, %b: tensor<3xf32>):
    cgraph.yield %a : tensor<3xf32>
  }
  cgraph.output %r : tensor<3xf32>
}

// -----

cgraph.graph @g(%s: tensor<3xf32> as "s", %x: tensor<5x3xf32> as "x") -> (tensor<3xf32> as "o") {
  // expected-error @below {{'cgraph.scan' op 'scan_output_directions'[0] = 2 is outside [0, 1]}}
  %r:2 = cgraph.scan (%s, %x) {num_scan_inputs = 1 : i64, scan_input_axes = array<i64: 0>, scan_input_directions = array<i64: 0>, scan_output_axes = array<i64: 0>, scan_output_directions = array<i64: 2>} : (tensor<3xf32>, tensor<5x3xf32>) -> (tensor<3xf32>, tensor<5x3xf32>) {
  ^bb0(%a: tensor<3xf32>, %b: tensor<3xf32>):
    cgraph.yield %a, %b : tensor<3xf32>, tensor<3xf32>
  }
  cgraph.output %s : tensor<3xf32>
}

// -----

cgraph.graph @g(%s: tensor<3xf32> as "s", %x: tensor<5x3xf32> as "x") -> (tensor<3xf32> as "o") {
  // expected-error @below {{'cgraph.scan' op 'scan_output_axes' has 0 entries but there are 1 scan outputs}}
  %r:2 = cgraph.scan (%s, %x) {num_scan_inputs = 1 : i64, scan_input_axes = array<i64: 0>, scan_input_directions = array<i64: 0>, scan_output_axes = array<i64>, scan_output_directions = array<i64: 0>} : (tensor<3xf32>, tensor<5x3xf32>) -> (tensor<3xf32>, tensor<5x3xf32>) {
  ^bb0(%a: tensor<3xf32>, %b: tensor<3xf32>):
    cgraph.yield %a, %b : tensor<3xf32>, tensor<3xf32>
  }
  cgraph.output %s : tensor<3xf32>
}

// -----

cgraph.graph @g(%s: tensor<3xf32> as "s", %x: tensor<f32> as "x") -> (tensor<3xf32> as "o") {
  // expected-error @below {{'cgraph.scan' op 'scan_input_axes'[0] = 0 is outside [0, -1]}}
  %r = cgraph.scan (%s, %x) {num_scan_inputs = 1 : i64, scan_input_axes = array<i64: 0>, scan_input_directions = array<i64: 0>, scan_output_axes = array<i64>, scan_output_directions = array<i64>} : (tensor<3xf32>, tensor<f32>) -> tensor<3xf32> {
  ^bb0(%a: tensor<3xf32>, %b: tensor<f32>):
    cgraph.yield %a : tensor<3xf32>
  }
  cgraph.output %r : tensor<3xf32>
}

// -----

cgraph.graph @g(%s: tensor<3xf32> as "s", %x: tensor<5x3xf32> as "x", %y: tensor<4x3xf32> as "y") -> (tensor<3xf32> as "o") {
  // expected-error @below {{'cgraph.scan' op scan input #1 has length 4 along its axis, the first has 5}}
  %r = cgraph.scan (%s, %x, %y) {num_scan_inputs = 2 : i64, scan_input_axes = array<i64: 0, 0>, scan_input_directions = array<i64: 0, 0>, scan_output_axes = array<i64>, scan_output_directions = array<i64>} : (tensor<3xf32>, tensor<5x3xf32>, tensor<4x3xf32>) -> tensor<3xf32> {
  ^bb0(%a: tensor<3xf32>, %b: tensor<3xf32>, %c: tensor<3xf32>):
    cgraph.yield %a : tensor<3xf32>
  }
  cgraph.output %r : tensor<3xf32>
}

// -----

cgraph.graph @g(%s: tensor<3xf32> as "s", %x: tensor<5x3xf32> as "x") -> (tensor<3xf32> as "o") {
  // expected-error @below {{'cgraph.scan' op the final state values do not have the initial values' types}}
  %r = cgraph.scan (%s, %x) {num_scan_inputs = 1 : i64, scan_input_axes = array<i64: 0>, scan_input_directions = array<i64: 0>, scan_output_axes = array<i64>, scan_output_directions = array<i64>} : (tensor<3xf32>, tensor<5x3xf32>) -> tensor<4xf32> {
  ^bb0(%a: tensor<3xf32>, %b: tensor<3xf32>):
    cgraph.yield %a : tensor<3xf32>
  }
  cgraph.output %s : tensor<3xf32>
}

// -----

cgraph.graph @g(%s: tensor<3xf32> as "s", %x: tensor<5x3xf32> as "x") -> (tensor<3xf32> as "o") {
  // expected-error @below {{'cgraph.scan' op body arguments ('tensor<3xf32>', 'tensor<5xf32>') do not match ('tensor<3xf32>', 'tensor<3xf32>')}}
  %r = cgraph.scan (%s, %x) {num_scan_inputs = 1 : i64, scan_input_axes = array<i64: 0>, scan_input_directions = array<i64: 0>, scan_output_axes = array<i64>, scan_output_directions = array<i64>} : (tensor<3xf32>, tensor<5x3xf32>) -> tensor<3xf32> {
  ^bb0(%a: tensor<3xf32>, %b: tensor<5xf32>):
    cgraph.yield %a : tensor<3xf32>
  }
  cgraph.output %r : tensor<3xf32>
}

// -----

cgraph.graph @g(%s: tensor<3xf32> as "s", %x: tensor<5x3xf32> as "x") -> (tensor<3xf32> as "o") {
  %r = cgraph.scan (%s, %x) {num_scan_inputs = 1 : i64, scan_input_axes = array<i64: 0>, scan_input_directions = array<i64: 0>, scan_output_axes = array<i64>, scan_output_directions = array<i64>} : (tensor<3xf32>, tensor<5x3xf32>) -> tensor<3xf32> {
  ^bb0(%a: tensor<3xf32>, %b: tensor<3xf32>):
    // expected-error @below {{'cgraph.yield' op yields ('tensor<3xf32>', 'tensor<3xf32>') but the enclosing 'cgraph.scan' needs the 1 state values ('tensor<3xf32>') and 0 scan slices}}
    cgraph.yield %a, %b : tensor<3xf32>, tensor<3xf32>
  }
  cgraph.output %r : tensor<3xf32>
}

// -----

cgraph.graph @g(%s: tensor<3xf32> as "s", %x: tensor<5x3xf32> as "x") -> (tensor<3xf32> as "o") {
  // expected-error @below {{'cgraph.scan' op result #1: scan axis 2 is outside [0, 1]}}
  %r:2 = cgraph.scan (%s, %x) {num_scan_inputs = 1 : i64, scan_input_axes = array<i64: 0>, scan_input_directions = array<i64: 0>, scan_output_axes = array<i64: 2>, scan_output_directions = array<i64: 0>} : (tensor<3xf32>, tensor<5x3xf32>) -> (tensor<3xf32>, tensor<5x3xf32>) {
  ^bb0(%a: tensor<3xf32>, %b: tensor<3xf32>):
    cgraph.yield %a, %b : tensor<3xf32>, tensor<3xf32>
  }
  cgraph.output %s : tensor<3xf32>
}

// -----

cgraph.graph @g(%s: tensor<3xf32> as "s", %x: tensor<5x3xf32> as "x") -> (tensor<3xf32> as "o") {
  // expected-error @below {{'cgraph.scan' op result #1 has type 'tensor<4x3xf32>' but stacking the body's slices of type 'tensor<3xf32>' gives 'tensor<5x3xf32>'}}
  %r:2 = cgraph.scan (%s, %x) {num_scan_inputs = 1 : i64, scan_input_axes = array<i64: 0>, scan_input_directions = array<i64: 0>, scan_output_axes = array<i64: 0>, scan_output_directions = array<i64: 0>} : (tensor<3xf32>, tensor<5x3xf32>) -> (tensor<3xf32>, tensor<4x3xf32>) {
  ^bb0(%a: tensor<3xf32>, %b: tensor<3xf32>):
    cgraph.yield %a, %b : tensor<3xf32>, tensor<3xf32>
  }
  cgraph.output %s : tensor<3xf32>
}
