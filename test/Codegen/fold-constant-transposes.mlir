// fold-constant-transposes: a kernel's transpose of an argument that every
// caller passes as a constant is done at compile time.
// RUN: mcg-opt %s --fold-constant-transposes -split-input-file | FileCheck %s

// Both calls pass constants: each gets its transposed copy (result
// dimension i is input dimension perm[i]), the kernel takes the transposed
// type and the transpose is gone.
// CHECK-LABEL: func.func @g
// CHECK:         %[[T0:.*]] = arith.constant dense<{{\[}}[1.000000e+00, 4.000000e+00], [2.000000e+00, 5.000000e+00], [3.000000e+00, 6.000000e+00]]> : tensor<3x2xf32>
// CHECK:         call @k(%[[T0]])
// CHECK:         %[[T1:.*]] = arith.constant dense<7.000000e+00> : tensor<3x2xf32>
// CHECK:         call @k(%[[T1]])
// CHECK-LABEL: func.func private @k(%arg0: tensor<3x2xf32>) -> tensor<3x2xf32>
// CHECK-NOT:     linalg.transpose
// CHECK:         return %arg0
func.func @g() -> (tensor<3x2xf32>, tensor<3x2xf32>) {
  %a = arith.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>
  %b = arith.constant dense<7.0> : tensor<2x3xf32>
  %0 = call @k(%a) : (tensor<2x3xf32>) -> tensor<3x2xf32>
  %1 = call @k(%b) : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return %0, %1 : tensor<3x2xf32>, tensor<3x2xf32>
}
func.func private @k(%w: tensor<2x3xf32>) -> tensor<3x2xf32> attributes {cgraph.kernel} {
  %e = tensor.empty() : tensor<3x2xf32>
  %t = linalg.transpose ins(%w : tensor<2x3xf32>) outs(%e : tensor<3x2xf32>) permutation = [1, 0]
  return %t : tensor<3x2xf32>
}

// -----

// One caller passes a value computed at run time: nothing changes.
// CHECK-LABEL: func.func private @k2(%arg0: tensor<2x3xf32>)
// CHECK:         linalg.transpose
func.func @g2(%x: tensor<2x3xf32>) -> (tensor<3x2xf32>, tensor<3x2xf32>) {
  %a = arith.constant dense<1.0> : tensor<2x3xf32>
  %0 = call @k2(%a) : (tensor<2x3xf32>) -> tensor<3x2xf32>
  %1 = call @k2(%x) : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return %0, %1 : tensor<3x2xf32>, tensor<3x2xf32>
}
func.func private @k2(%w: tensor<2x3xf32>) -> tensor<3x2xf32> attributes {cgraph.kernel} {
  %e = tensor.empty() : tensor<3x2xf32>
  %t = linalg.transpose ins(%w : tensor<2x3xf32>) outs(%e : tensor<3x2xf32>) permutation = [1, 0]
  return %t : tensor<3x2xf32>
}

// -----

// The argument has another use besides the transpose: nothing changes.
// CHECK-LABEL: func.func private @k3(%arg0: tensor<2x3xf32>)
// CHECK:         linalg.transpose
func.func @g3() -> (tensor<3x2xf32>, tensor<2x3xf32>) {
  %a = arith.constant dense<1.0> : tensor<2x3xf32>
  %0:2 = call @k3(%a) : (tensor<2x3xf32>) -> (tensor<3x2xf32>, tensor<2x3xf32>)
  return %0#0, %0#1 : tensor<3x2xf32>, tensor<2x3xf32>
}
func.func private @k3(%w: tensor<2x3xf32>) -> (tensor<3x2xf32>, tensor<2x3xf32>) attributes {cgraph.kernel} {
  %e = tensor.empty() : tensor<3x2xf32>
  %t = linalg.transpose ins(%w : tensor<2x3xf32>) outs(%e : tensor<3x2xf32>) permutation = [1, 0]
  return %t, %w : tensor<3x2xf32>, tensor<2x3xf32>
}

// -----

// A packed matrix product's panels (vectorize-contractions: B[K, N] seen
// as K x N/n x n, transposed to N/n x K x n) of a constant are laid out at
// compile time too: B = [[0 1 2 3] [4 5 6 7]] in panels of two columns is
// [[[0 1] [4 5]] [[2 3] [6 7]]].
// CHECK-LABEL: func.func @g4
// CHECK:         %[[P:.*]] = arith.constant dense<{{\[}}{{\[}}[0.000000e+00, 1.000000e+00], [4.000000e+00, 5.000000e+00]], {{\[}}[2.000000e+00, 3.000000e+00], [6.000000e+00, 7.000000e+00]]]> : tensor<2x2x2xf32>
// CHECK:         call @k4(%[[P]])
// CHECK-LABEL: func.func private @k4(%arg0: tensor<2x2x2xf32>)
// CHECK-NOT:     tensor.expand_shape
// CHECK-NOT:     linalg.transpose
// CHECK:         return %arg0
func.func @g4() -> tensor<2x2x2xf32> {
  %b = arith.constant dense<[[0.0, 1.0, 2.0, 3.0], [4.0, 5.0, 6.0, 7.0]]> : tensor<2x4xf32>
  %0 = call @k4(%b) : (tensor<2x4xf32>) -> tensor<2x2x2xf32>
  return %0 : tensor<2x2x2xf32>
}
func.func private @k4(%w: tensor<2x4xf32>) -> tensor<2x2x2xf32> attributes {cgraph.kernel} {
  %x = tensor.expand_shape %w [[0], [1, 2]] output_shape [2, 2, 2] : tensor<2x4xf32> into tensor<2x2x2xf32>
  %e = tensor.empty() : tensor<2x2x2xf32>
  %t = linalg.transpose ins(%x : tensor<2x2x2xf32>) outs(%e : tensor<2x2x2xf32>) permutation = [1, 0, 2]
  return %t : tensor<2x2x2xf32>
}
