// Debian's stock mlir-opt loads CGraphPlugin.so through both plugin flags
// and prunes through the pipeline syntax, with the same output as mcg-opt.
//
// RUN: stock-mlir-opt --load-dialect-plugin=%cgraph_plugin --load-pass-plugin=%cgraph_plugin %s -p 'builtin.module(prune-to{cls})' > %t.plugin.mlir
// RUN: mcg-opt %s --prune-to=cls > %t.mcg.mlir
// RUN: diff %t.plugin.mlir %t.mcg.mlir
// RUN: FileCheck %s < %t.plugin.mlir
//
// The explicit option spelling, several outputs.
// RUN: stock-mlir-opt --load-dialect-plugin=%cgraph_plugin --load-pass-plugin=%cgraph_plugin %s -p 'builtin.module(prune-to{outputs=cls,seg})' | FileCheck %s --check-prefix=BOTH
//
// The dialect alone: parse and print agree with mcg-opt.
// RUN: stock-mlir-opt --load-dialect-plugin=%cgraph_plugin %s > %t.stock.mlir
// RUN: mcg-opt %s > %t.mcg-rt.mlir
// RUN: diff %t.stock.mlir %t.mcg-rt.mlir
//
// Errors come through the plugin too.
// RUN: not stock-mlir-opt --load-dialect-plugin=%cgraph_plugin --load-pass-plugin=%cgraph_plugin %s -p 'builtin.module(prune-to{box})' 2>&1 | FileCheck %s --check-prefix=ERR

// CHECK-LABEL: cgraph.graph @two(%x: tensor<4xf32> as "x") -> (tensor<4xf32> as "cls") {
// CHECK-NEXT:    %[[A:.*]] = cgraph.relu %x : tensor<4xf32>
// CHECK-NEXT:    cgraph.output %[[A]] : tensor<4xf32>
// CHECK-NEXT:  }

// BOTH: cgraph.graph @two(%x: tensor<4xf32> as "x", %y: tensor<4xf32> as "y") -> (tensor<4xf32> as "cls", tensor<4xf32> as "seg")

// ERR: error: prune-to: graph @two has no output named 'box'; its outputs are: cls, seg, det

cgraph.graph @two(%x: tensor<4xf32> as "x", %y: tensor<4xf32> as "y")
    -> (tensor<4xf32> as "cls", tensor<4xf32> as "seg", tensor<4xf32> as "det") {
  %a = cgraph.relu %x : tensor<4xf32>
  %b = cgraph.add %a, %y : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %c = cgraph.exp %y : tensor<4xf32>
  cgraph.output %a, %b, %c : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}
