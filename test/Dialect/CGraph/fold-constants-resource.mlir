// A folded weight read from a dense_resource blob is written as a blob
// again (with the data reshaped in place), and the output parses back.
// RUN: mcg-opt %s --fold-constants | FileCheck %s
// RUN: mcg-opt %s --fold-constants | mcg-opt | FileCheck %s

// CHECK-LABEL: @resource
// CHECK-NEXT:    %[[R:.*]] = cgraph.constant dense_resource<[[BLOB:.*]]> : tensor<4x5xf32>
// CHECK-NEXT:    cgraph.output %[[R]]
// CHECK:         [[BLOB]]: "0x{{0[48]}}0000000000803F0000004000004040000080400000A0400000C0400000E0400000004100001041000020410000304100004041000050410000604100007041000080410000884100009041000098410000A041"
cgraph.graph @resource() -> (tensor<4x5xf32> as "r") {
  %blob = cgraph.constant dense_resource<blob20> : tensor<20xf32>
  %r = cgraph.reshape %blob : tensor<20xf32> -> tensor<4x5xf32> loc("head/reshape")
  cgraph.output %r : tensor<4x5xf32>
}
{-#
  dialect_resources: {
    builtin: {
      blob20: "0x040000000000803F0000004000004040000080400000A0400000C0400000E0400000004100001041000020410000304100004041000050410000604100007041000080410000884100009041000098410000A041"
    }
  }
#-}
