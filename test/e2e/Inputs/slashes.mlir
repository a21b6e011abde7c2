// Two outputs whose names become the same file name under --output-dir
// ('/' is not a file name character), and one whose name is kept.
cgraph.graph @slashes(%x: tensor<4xf32> as "x")
    -> (tensor<4xf32> as "head/out", tensor<4xf32> as "head_out", tensor<4xf32> as "y.1") {
  %r = cgraph.relu %x : tensor<4xf32>
  cgraph.output %x, %r, %r : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}
