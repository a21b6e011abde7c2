cgraph.graph @relu(%x: tensor<4xf32> as "x") -> (tensor<4xf32> as "y") {
  %y = cgraph.relu %x : tensor<4xf32>
  cgraph.output %y : tensor<4xf32>
}
