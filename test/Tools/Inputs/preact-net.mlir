// A pre-activation block (densenet's): the batch_norm reads a graph input,
// so no producer takes it; --fold-constants makes it a per-channel
// multiply-add, which --fuse joins with the relu after it.
cgraph.graph @preact(%x: tensor<1x2x4x4xf32> loc("x") as "x") -> (tensor<1x3x4x4xf32> as "out") {
  %s = cgraph.constant dense<[1.5, 0.5]> : tensor<2xf32> loc("p/bn.weight")
  %t = cgraph.constant dense<[0.25, -0.5]> : tensor<2xf32> loc("p/bn.bias")
  %m = cgraph.constant dense<[0.1, 0.2]> : tensor<2xf32> loc("p/bn.mean")
  %v = cgraph.constant dense<[0.9, 1.1]> : tensor<2xf32> loc("p/bn.var")
  %n = cgraph.batch_norm %x, %s, %t, %m, %v : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32> loc("p/bn")
  %r = cgraph.relu %n : tensor<1x2x4x4xf32> loc("p/relu")
  %w = cgraph.constant dense<[[[[0.5]], [[-0.25]]], [[[0.75]], [[1.0]]], [[[0.25]], [[0.5]]]]> : tensor<3x2x1x1xf32> loc("p/conv.weight")
  %c = cgraph.conv2d %r, %w : (tensor<1x2x4x4xf32>, tensor<3x2x1x1xf32>) -> tensor<1x3x4x4xf32> loc("p/conv")
  cgraph.output %c : tensor<1x3x4x4xf32>
}
