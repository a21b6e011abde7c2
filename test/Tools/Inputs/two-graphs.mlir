// Two graphs in one module (mcg-viz-errors.test).
cgraph.graph @a(%x: tensor<4xf32> as "x") -> (tensor<4xf32> as "y") {
  cgraph.output %x : tensor<4xf32>
}
cgraph.graph @b(%x: tensor<4xf32> as "x") -> (tensor<4xf32> as "y") {
  cgraph.output %x : tensor<4xf32>
}
