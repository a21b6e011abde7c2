cgraph.graph @relu_chain(%x: tensor<1x3x64x64xf32> as "x") -> (tensor<1x3x64x64xf32> as "y") {
  %a = cgraph.relu %x : tensor<1x3x64x64xf32> loc("first")
  %b = cgraph.relu %a : tensor<1x3x64x64xf32> loc("second")
  %c = cgraph.relu %b : tensor<1x3x64x64xf32>
  cgraph.output %c : tensor<1x3x64x64xf32>
}
