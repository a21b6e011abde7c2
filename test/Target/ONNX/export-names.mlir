// Value names the exporter invents never collide with the graph's own input
// and output names (onnx.checker rejects a model that is not in SSA form).
// RUN: mcg-translate --export-onnx %s -o %t.onnx
// RUN: %python %S/check_onnx.py %t.onnx | FileCheck %s
// CHECK: checker ok
// CHECK: inputs: v0
// CHECK: outputs: v1 v2
// CHECK: Identity: 2
// CHECK: Relu: 1
cgraph.graph @names(%x: tensor<4xf32> as "v0")
    -> (tensor<4xf32> as "v1", tensor<4xf32> as "v2") {
  %r = cgraph.relu %x : tensor<4xf32>
  cgraph.output %r, %x : tensor<4xf32>, tensor<4xf32>
}
