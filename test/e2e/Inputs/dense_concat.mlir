// Two concatenations in the manner of a dense block: the second joins the
// first one's inputs and one more, so after plan-memory neither is called.
cgraph.graph @dense(%x: tensor<1x4x8x8xf32> as "x") -> (tensor<1x8x8x8xf32> as "y", tensor<1x12x8x8xf32> as "z") {
  %a = cgraph.relu %x : tensor<1x4x8x8xf32> loc("a")
  %b = cgraph.neg %a : tensor<1x4x8x8xf32> loc("b")
  %c2 = cgraph.concat %a, %b {axis = 1 : i64} : (tensor<1x4x8x8xf32>, tensor<1x4x8x8xf32>) -> tensor<1x8x8x8xf32> loc("cat2")
  %y = cgraph.relu %c2 : tensor<1x8x8x8xf32> loc("y")
  %e = cgraph.sigmoid %b : tensor<1x4x8x8xf32> loc("e")
  %c3 = cgraph.concat %a, %b, %e {axis = 1 : i64} : (tensor<1x4x8x8xf32>, tensor<1x4x8x8xf32>, tensor<1x4x8x8xf32>) -> tensor<1x12x8x8xf32> loc("cat3")
  %z = cgraph.relu %c3 : tensor<1x12x8x8xf32> loc("z")
  cgraph.output %y, %z : tensor<1x8x8x8xf32>, tensor<1x12x8x8xf32>
}
