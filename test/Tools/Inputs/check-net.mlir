// A small network for mcg-check's tests: three conv + batch_norm blocks
// (three batch_norm folds, three contraction groups after folding), a scale
// computed from constants (an evaluated fold) and a second output that
// reads a second input.
cgraph.graph @check_net(%x: tensor<1x2x4x4xf32> loc("x") as "x", %y: tensor<1x2x4x4xf32> loc("y") as "y")
    -> (tensor<1x2x4x4xf32> as "out", tensor<1x2x4x4xf32> as "aux") {
  %w1 = cgraph.constant dense<[[[[0.5]], [[-0.25]]], [[[0.75]], [[1.0]]]]> : tensor<2x2x1x1xf32> loc("b1/conv.weight")
  %c1 = cgraph.conv2d %x, %w1 : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32> loc("b1/conv")
  %s1 = cgraph.constant dense<[1.5, 0.5]> : tensor<2xf32> loc("b1/bn.weight")
  %t1 = cgraph.constant dense<[0.25, -0.5]> : tensor<2xf32> loc("b1/bn.bias")
  %m1 = cgraph.constant dense<[0.1, 0.2]> : tensor<2xf32> loc("b1/bn.mean")
  %v1 = cgraph.constant dense<[0.9, 1.1]> : tensor<2xf32> loc("b1/bn.var")
  %n1 = cgraph.batch_norm %c1, %s1, %t1, %m1, %v1 : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32> loc("b1/bn")
  %r1 = cgraph.relu %n1 : tensor<1x2x4x4xf32> loc("b1/relu")
  %w2 = cgraph.constant dense<[[[[0.25]], [[0.5]]], [[[-0.5]], [[0.75]]]]> : tensor<2x2x1x1xf32> loc("b2/conv.weight")
  %c2 = cgraph.conv2d %r1, %w2 : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32> loc("b2/conv")
  %s2 = cgraph.constant dense<[0.8, 1.2]> : tensor<2xf32> loc("b2/bn.weight")
  %t2 = cgraph.constant dense<[0.0, 0.1]> : tensor<2xf32> loc("b2/bn.bias")
  %m2 = cgraph.constant dense<[0.05, -0.05]> : tensor<2xf32> loc("b2/bn.mean")
  %v2 = cgraph.constant dense<[1.0, 0.5]> : tensor<2xf32> loc("b2/bn.var")
  %n2 = cgraph.batch_norm %c2, %s2, %t2, %m2, %v2 : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32> loc("b2/bn")
  %a2 = cgraph.add %n2, %r1 : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> loc("b2/add")
  %r2 = cgraph.relu %a2 : tensor<1x2x4x4xf32> loc("b2/relu")
  %w3 = cgraph.constant dense<[[[[1.0]], [[0.5]]], [[[0.25]], [[-1.0]]]]> : tensor<2x2x1x1xf32> loc("b3/conv.weight")
  %c3 = cgraph.conv2d %r2, %w3 : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32> loc("b3/conv")
  %s3 = cgraph.constant dense<[1.0, 0.9]> : tensor<2xf32> loc("b3/bn.weight")
  %t3 = cgraph.constant dense<[-0.1, 0.3]> : tensor<2xf32> loc("b3/bn.bias")
  %m3 = cgraph.constant dense<[0.0, 0.15]> : tensor<2xf32> loc("b3/bn.mean")
  %v3 = cgraph.constant dense<[0.7, 1.3]> : tensor<2xf32> loc("b3/bn.var")
  %n3 = cgraph.batch_norm %c3, %s3, %t3, %m3, %v3 : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32> loc("b3/bn")
  %g3 = cgraph.sigmoid %n3 : tensor<1x2x4x4xf32> loc("b3/act")
  %k = cgraph.constant dense<[[[2.0]], [[0.5]]]> : tensor<2x1x1xf32> loc("head/k")
  %h = cgraph.constant dense<[[[0.5]], [[3.0]]]> : tensor<2x1x1xf32> loc("head/h")
  %scale = cgraph.mul %k, %h : (tensor<2x1x1xf32>, tensor<2x1x1xf32>) -> tensor<2x1x1xf32> loc("head/scale")
  %out = cgraph.mul %g3, %scale : (tensor<1x2x4x4xf32>, tensor<2x1x1xf32>) -> tensor<1x2x4x4xf32> loc("head/mul")
  %ry = cgraph.relu %y : tensor<1x2x4x4xf32> loc("aux/relu")
  %aux = cgraph.add %ry, %r1 : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> loc("aux/add")
  cgraph.output %out, %aux : tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>
}
