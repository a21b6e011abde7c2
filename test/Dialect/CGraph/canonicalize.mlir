// Canonicalization: each rule fires where it is exact and not otherwise.
// test-convergence fails the pass if the patterns do not reach a fixpoint.
// RUN: mcg-opt %s -split-input-file -canonicalize="test-convergence" | FileCheck %s

// CHECK-LABEL: @reshapes
// CHECK-NEXT:    %[[R:.*]] = cgraph.reshape %x : tensor<2x3x4xf32> -> tensor<4x6xf32>
// CHECK-NEXT:    cgraph.output %[[R]], %x
cgraph.graph @reshapes(%x: tensor<2x3x4xf32> as "x") -> (tensor<4x6xf32> as "r", tensor<2x3x4xf32> as "same") {
  %a = cgraph.reshape %x : tensor<2x3x4xf32> -> tensor<6x4xf32>
  %b = cgraph.reshape %a : tensor<6x4xf32> -> tensor<4x6xf32>
  %c = cgraph.reshape %x : tensor<2x3x4xf32> -> tensor<2x3x4xf32>
  cgraph.output %b, %c : tensor<4x6xf32>, tensor<2x3x4xf32>
}

// -----

// CHECK-LABEL: @flatten_of_reshape
// CHECK-NEXT:    %[[R:.*]] = cgraph.reshape %x : tensor<2x3x4xf32> -> tensor<2x12xf32>
// CHECK-NEXT:    cgraph.output %[[R]]
cgraph.graph @flatten_of_reshape(%x: tensor<2x3x4xf32> as "x") -> (tensor<2x12xf32> as "r") {
  %a = cgraph.reshape %x : tensor<2x3x4xf32> -> tensor<2x4x3xf32>
  %b = cgraph.flatten %a : (tensor<2x4x3xf32>) -> tensor<2x12xf32>
  cgraph.output %b : tensor<2x12xf32>
}

// -----

// CHECK-LABEL: @transposes
// CHECK-NEXT:    %[[T:.*]] = cgraph.transpose %x {perm = array<i64: 2, 0, 1>}
// CHECK-NEXT:    cgraph.output %[[T]], %x, %x
cgraph.graph @transposes(%x: tensor<2x3x4xf32> as "x")
    -> (tensor<4x2x3xf32> as "t", tensor<2x3x4xf32> as "back", tensor<2x3x4xf32> as "id") {
  %a = cgraph.transpose %x {perm = array<i64: 1, 0, 2>} : (tensor<2x3x4xf32>) -> tensor<3x2x4xf32>
  %b = cgraph.transpose %a {perm = array<i64: 2, 1, 0>} : (tensor<3x2x4xf32>) -> tensor<4x2x3xf32>
  %c = cgraph.transpose %a {perm = array<i64: 1, 0, 2>} : (tensor<3x2x4xf32>) -> tensor<2x3x4xf32>
  %d = cgraph.transpose %x {perm = array<i64: 0, 1, 2>} : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  cgraph.output %b, %c, %d : tensor<4x2x3xf32>, tensor<2x3x4xf32>, tensor<2x3x4xf32>
}

// -----

// A full slice, a zero pad and a same-type cast disappear; a partial slice,
// a real pad and a real cast stay.
// CHECK-LABEL: @noops
// CHECK-NEXT:    %[[S:.*]] = cgraph.slice %x {ends = array<i64: 2, 4>
// CHECK-NEXT:    %[[P:.*]] = cgraph.pad %x {pads = array<i64: 0, 1, 0, 0>}
// CHECK-NEXT:    %[[C:.*]] = cgraph.cast %x : tensor<2x4xf32> -> tensor<2x4xf16>
// CHECK-NEXT:    cgraph.output %x, %x, %x, %[[S]], %[[P]], %[[C]]
cgraph.graph @noops(%x: tensor<2x4xf32> as "x")
    -> (tensor<2x4xf32> as "a", tensor<2x4xf32> as "b", tensor<2x4xf32> as "c",
        tensor<2x2xf32> as "d", tensor<2x5xf32> as "e", tensor<2x4xf16> as "f") {
  %a = cgraph.slice %x {starts = array<i64: 0, 0>, ends = array<i64: 2, 4>, steps = array<i64: 1, 1>} : (tensor<2x4xf32>) -> tensor<2x4xf32>
  %b = cgraph.pad %x {pads = array<i64: 0, 0, 0, 0>} : (tensor<2x4xf32>) -> tensor<2x4xf32>
  %c = cgraph.cast %x : tensor<2x4xf32> -> tensor<2x4xf32>
  %d = cgraph.slice %x {starts = array<i64: 0, 0>, ends = array<i64: 2, 4>, steps = array<i64: 1, 2>} : (tensor<2x4xf32>) -> tensor<2x2xf32>
  %e = cgraph.pad %x {pads = array<i64: 0, 1, 0, 0>} : (tensor<2x4xf32>) -> tensor<2x5xf32>
  %f = cgraph.cast %x : tensor<2x4xf32> -> tensor<2x4xf16>
  cgraph.output %a, %b, %c, %d, %e, %f : tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x2xf32>, tensor<2x5xf32>, tensor<2x4xf16>
}

// -----

// x + (-0.0), x - (+0.0), x * 1, 1 * x, x / 1 are x. x + (+0.0) and
// x - (-0.0) are not (they change the sign of a zero), nor is float x * 0,
// nor an identity that broadcasts x to a larger shape.
// CHECK-LABEL: @float_identities
// CHECK-DAG:     %[[PZ:.*]] = cgraph.constant dense<0.000000e+00> : tensor<4xf32>
// CHECK-DAG:     %[[NZ:.*]] = cgraph.constant dense<-0.000000e+00> : tensor<4xf32>
// CHECK-DAG:     %[[ONE:.*]] = cgraph.constant dense<1.000000e+00> : tensor<2x4xf32>
// CHECK:         %[[ADDP:.*]] = cgraph.add %x, %[[PZ]]
// CHECK-NEXT:    %[[SUBN:.*]] = cgraph.sub %x, %[[NZ]]
// CHECK-NEXT:    %[[MULZ:.*]] = cgraph.mul %x, %[[PZ]]
// CHECK-NEXT:    %[[BCAST:.*]] = cgraph.mul %x, %[[ONE]] : (tensor<4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
// CHECK-NEXT:    cgraph.output %x, %x, %x, %x, %x, %[[ADDP]], %[[SUBN]], %[[MULZ]], %[[BCAST]]
cgraph.graph @float_identities(%x: tensor<4xf32> as "x")
    -> (tensor<4xf32> as "a", tensor<4xf32> as "b", tensor<4xf32> as "c",
        tensor<4xf32> as "d", tensor<4xf32> as "e", tensor<4xf32> as "f",
        tensor<4xf32> as "g", tensor<4xf32> as "h", tensor<2x4xf32> as "i") {
  %pz = cgraph.constant dense<0.0> : tensor<4xf32>
  %nz = cgraph.constant dense<-0.0> : tensor<4xf32>
  %one = cgraph.constant dense<1.0> : tensor<4xf32>
  %one2 = cgraph.constant dense<1.0> : tensor<2x4xf32>
  %a = cgraph.add %x, %nz : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %b = cgraph.sub %x, %pz : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %c = cgraph.mul %x, %one : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %d = cgraph.mul %one, %x : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %e = cgraph.div %x, %one : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %f = cgraph.add %x, %pz : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %g = cgraph.sub %x, %nz : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %h = cgraph.mul %x, %pz : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %i = cgraph.mul %x, %one2 : (tensor<4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
  cgraph.output %a, %b, %c, %d, %e, %f, %g, %h, %i
      : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>,
        tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<2x4xf32>
}

// -----

// Integers: x + 0 and x - 0 are x, x * 0 is zero.
// CHECK-LABEL: @integer_identities
// CHECK-DAG:     %[[Z:.*]] = cgraph.constant dense<0> : tensor<4xi64>
// CHECK-DAG:     %[[TWO:.*]] = cgraph.constant dense<2> : tensor<4xi64>
// CHECK:         %[[M:.*]] = cgraph.mul %x, %[[TWO]]
// CHECK-NEXT:    cgraph.output %x, %x, %[[Z]], %[[M]]
cgraph.graph @integer_identities(%x: tensor<4xi64> as "x")
    -> (tensor<4xi64> as "a", tensor<4xi64> as "b", tensor<4xi64> as "c", tensor<4xi64> as "d") {
  %z = cgraph.constant dense<0> : tensor<4xi64>
  %two = cgraph.constant dense<2> : tensor<4xi64>
  %a = cgraph.add %z, %x : (tensor<4xi64>, tensor<4xi64>) -> tensor<4xi64>
  %b = cgraph.sub %x, %z : (tensor<4xi64>, tensor<4xi64>) -> tensor<4xi64>
  %c = cgraph.mul %x, %z : (tensor<4xi64>, tensor<4xi64>) -> tensor<4xi64>
  %d = cgraph.mul %x, %two : (tensor<4xi64>, tensor<4xi64>) -> tensor<4xi64>
  cgraph.output %a, %b, %c, %d : tensor<4xi64>, tensor<4xi64>, tensor<4xi64>, tensor<4xi64>
}

// -----

// CHECK-LABEL: @unary_pairs
// CHECK-NEXT:    %[[N:.*]] = cgraph.neg %x
// CHECK-NEXT:    %[[R:.*]] = cgraph.relu %x
// CHECK-NEXT:    %[[M:.*]] = cgraph.max %x, %[[N]]
// CHECK-NEXT:    cgraph.output %x, %[[R]], %x, %x, %[[M]]
cgraph.graph @unary_pairs(%x: tensor<4xf32> as "x")
    -> (tensor<4xf32> as "a", tensor<4xf32> as "b", tensor<4xf32> as "c", tensor<4xf32> as "d", tensor<4xf32> as "e") {
  %n = cgraph.neg %x : tensor<4xf32>
  %nn = cgraph.neg %n : tensor<4xf32>
  %r = cgraph.relu %x : tensor<4xf32>
  %rr = cgraph.relu %r : tensor<4xf32>
  %mx = cgraph.max %x, %x : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %mn = cgraph.min %x, %x : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %m = cgraph.max %x, %n : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  cgraph.output %nn, %rr, %mx, %mn, %m : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}

// -----

// The fold hook evaluates small all-constant ops (shape arithmetic), so
// canonicalize folds them; a large result stays an op (no budget here).
// CHECK-LABEL: @constant_folding
// CHECK-DAG:     %[[S:.*]] = cgraph.constant dense<[2, 44]> : tensor<2xi64>
// CHECK-DAG:     %[[B:.*]] = cgraph.constant dense<1.000000e+00> : tensor<1xf32>
// CHECK:         %[[BIG:.*]] = cgraph.add %[[B]], %{{.*}} : (tensor<1xf32>, tensor<1024x1024xf32>) -> tensor<1024x1024xf32>
// CHECK-NEXT:    cgraph.output %[[S]], %[[BIG]]
cgraph.graph @constant_folding() -> (tensor<2xi64> as "shape", tensor<1024x1024xf32> as "big") {
  %shape = cgraph.constant dense<[2, 3, 4, 4]> : tensor<4xi64>
  %head = cgraph.slice %shape {starts = array<i64: 0>, ends = array<i64: 1>, steps = array<i64: 1>} : (tensor<4xi64>) -> tensor<1xi64>
  %tail = cgraph.slice %shape {starts = array<i64: 1>, ends = array<i64: 4>, steps = array<i64: 1>} : (tensor<4xi64>) -> tensor<3xi64>
  %prod = cgraph.reduce_sum %tail {keepdims = true} : (tensor<3xi64>) -> tensor<1xi64>
  %four = cgraph.constant dense<4> : tensor<1xi64>
  %p = cgraph.mul %prod, %four : (tensor<1xi64>, tensor<1xi64>) -> tensor<1xi64>
  %s = cgraph.concat %head, %p {axis = 0 : i64} : (tensor<1xi64>, tensor<1xi64>) -> tensor<2xi64>
  %one = cgraph.constant dense<1.0> : tensor<1xf32>
  %zeros = cgraph.constant dense<0.0> : tensor<1024x1024xf32>
  %big = cgraph.add %one, %zeros : (tensor<1xf32>, tensor<1024x1024xf32>) -> tensor<1024x1024xf32>
  cgraph.output %s, %big : tensor<2xi64>, tensor<1024x1024xf32>
}
