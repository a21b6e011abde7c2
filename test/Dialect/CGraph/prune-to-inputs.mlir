// --prune-to="OUT inputs=V,...": inner values become new graph inputs; the
// ops that only fed them go, original inputs a kept op still reads stay.
//
// RUN: mcg-opt %s --prune-to="cls inputs=feat" | FileCheck %s --check-prefix=OUTNAME
// RUN: mcg-opt %s -p 'builtin.module(prune-to{outputs=cls inputs=trunk/relu})' | FileCheck %s --check-prefix=OPNAME
// RUN: mcg-opt %s --prune-to="seg inputs=trunk/relu" | FileCheck %s --check-prefix=KEEPMASK
// RUN: mcg-opt %s --prune-to="seg inputs=seg/left" | FileCheck %s --check-prefix=DIAMOND
// RUN: mcg-opt %s --prune-to="cls,feat inputs=cls/pool,trunk/conv" | FileCheck %s --check-prefix=TWO
// RUN: mcg-opt %s --prune-to="seg inputs=seg/fused" | FileCheck %s --check-prefix=LAST
//
// Idempotent once cut: pruning the cut graph to the same output changes
// nothing.
// RUN: mcg-opt %s --prune-to="cls inputs=feat" > %t.cut1.mlir
// RUN: mcg-opt %t.cut1.mlir --prune-to=cls > %t.cut2.mlir
// RUN: diff %t.cut1.mlir %t.cut2.mlir
//
// It composes with the passes after it, down to LLVM.
// RUN: mcg-opt %s --prune-to="cls inputs=feat" --fold-constants --fuse | FileCheck %s --check-prefix=FUSED
// RUN: mcg-opt %s --prune-to="cls inputs=feat" --fold-constants --fuse --cgraph-to-llvm | FileCheck %s --check-prefix=LLVM
//
// The report says which inputs stayed, went and came, and each cone stops
// at the new input.
// RUN: mcg-opt %s --prune-to="seg inputs=trunk/relu report=%t.json" -o /dev/null
// RUN: FileCheck %s --check-prefix=REPORT < %t.json

cgraph.graph @heads(%image: tensor<1x3x8x8xf32> as "image",
                    %mask: tensor<1x4x8x8xf32> as "mask")
    -> (tensor<1x10xf32> as "cls", tensor<1x4x8x8xf32> as "seg",
        tensor<1x4x8x8xf32> as "feat") {
  %w = cgraph.constant dense<0.5> : tensor<4x3x3x3xf32> loc("trunk/conv.weight")
  %conv = cgraph.conv2d %image, %w {pads = array<i64: 1, 1, 1, 1>}
      : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x8x8xf32> loc("trunk/conv")
  %feat = cgraph.relu %conv : tensor<1x4x8x8xf32> loc("trunk/relu")
  %pool = cgraph.global_avg_pool %feat : (tensor<1x4x8x8xf32>) -> tensor<1x4x1x1xf32> loc("cls/pool")
  %flat = cgraph.flatten %pool : (tensor<1x4x1x1xf32>) -> tensor<1x4xf32> loc("cls/flatten")
  %fc = cgraph.constant dense<0.25> : tensor<10x4xf32> loc("cls/fc.weight")
  %logits = cgraph.gemm %flat, %fc {trans_b = true}
      : (tensor<1x4xf32>, tensor<10x4xf32>) -> tensor<1x10xf32> loc("cls/fc")
  %cls = cgraph.softmax %logits : (tensor<1x10xf32>) -> tensor<1x10xf32> loc("cls/softmax")
  %sw = cgraph.constant dense<1.0> : tensor<4x4x1x1xf32> loc("seg/left.weight")
  %left = cgraph.conv2d %feat, %sw
      : (tensor<1x4x8x8xf32>, tensor<4x4x1x1xf32>) -> tensor<1x4x8x8xf32> loc("seg/left")
  %right = cgraph.sigmoid %feat : tensor<1x4x8x8xf32> loc("seg/right")
  // Two ops from one source node (as an ONNX node that became several ops):
  // the name means the last one.
  %join = cgraph.add %left, %right
      : (tensor<1x4x8x8xf32>, tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32> loc("seg/fused")
  %join2 = cgraph.tanh %join : tensor<1x4x8x8xf32> loc("seg/fused")
  %seg = cgraph.mul %join2, %mask
      : (tensor<1x4x8x8xf32>, tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32> loc("seg/mask")
  cgraph.output %cls, %seg, %feat
      : tensor<1x10xf32>, tensor<1x4x8x8xf32>, tensor<1x4x8x8xf32>
}

// An output name names its value; the trunk and the image input go.
// OUTNAME-LABEL: cgraph.graph @heads(%feat: tensor<1x4x8x8xf32> as "feat") -> (tensor<1x10xf32> as "cls") {
// OUTNAME-NEXT:    %[[POOL:.*]] = cgraph.global_avg_pool %feat
// OUTNAME-NEXT:    %[[FLAT:.*]] = cgraph.flatten %[[POOL]]
// OUTNAME-NEXT:    %[[FC:.*]] = cgraph.constant dense<2.500000e-01>
// OUTNAME-NEXT:    %[[LOGITS:.*]] = cgraph.gemm %[[FLAT]], %[[FC]]
// OUTNAME-NEXT:    %[[CLS:.*]] = cgraph.softmax %[[LOGITS]]
// OUTNAME-NEXT:    cgraph.output %[[CLS]] : tensor<1x10xf32>
// OUTNAME-NEXT:  }

// An op's source name (its location) names its result; the input takes
// that name.
// OPNAME-LABEL: cgraph.graph @heads(%trunk2Frelu: tensor<1x4x8x8xf32> as "trunk/relu") -> (tensor<1x10xf32> as "cls") {
// OPNAME-NEXT:    cgraph.global_avg_pool %trunk2Frelu
// OPNAME-NOT:     cgraph.conv2d
// OPNAME:         cgraph.output

// The cut does not separate seg from the mask input: mask stays, the new
// input comes after it.
// KEEPMASK-LABEL: cgraph.graph @heads(%mask: tensor<1x4x8x8xf32> as "mask", %trunk2Frelu: tensor<1x4x8x8xf32> as "trunk/relu") -> (tensor<1x4x8x8xf32> as "seg") {
// KEEPMASK-NEXT:    cgraph.constant dense<1.000000e+00>
// KEEPMASK-NEXT:    %[[LEFT:.*]] = cgraph.conv2d %trunk2Frelu
// KEEPMASK-NEXT:    %[[RIGHT:.*]] = cgraph.sigmoid %trunk2Frelu
// KEEPMASK-NEXT:    %[[JOIN:.*]] = cgraph.add %[[LEFT]], %[[RIGHT]]
// KEEPMASK-NEXT:    %[[T:.*]] = cgraph.tanh %[[JOIN]]
// KEEPMASK-NEXT:    %[[SEG:.*]] = cgraph.mul %[[T]], %mask
// KEEPMASK-NEXT:    cgraph.output %[[SEG]]

// Cutting one side of a diamond: the other side still needs the trunk, so
// the trunk and the image stay; only the left conv and its weight go.
// DIAMOND-LABEL: cgraph.graph @heads(%image: tensor<1x3x8x8xf32> as "image", %mask: tensor<1x4x8x8xf32> as "mask", %seg2Fleft: tensor<1x4x8x8xf32> as "seg/left") -> (tensor<1x4x8x8xf32> as "seg") {
// DIAMOND-NEXT:    cgraph.constant dense<5.000000e-01>
// DIAMOND-NEXT:    cgraph.conv2d %image
// DIAMOND-NEXT:    %[[FEAT:.*]] = cgraph.relu
// DIAMOND-NEXT:    %[[RIGHT:.*]] = cgraph.sigmoid %[[FEAT]]
// DIAMOND-NEXT:    cgraph.add %seg2Fleft, %[[RIGHT]]
// DIAMOND-NOT:     dense<1.000000e+00>
// DIAMOND:         cgraph.output

// Two cuts, one of them feeding a kept output (feat is the relu of the new
// trunk/conv input); new inputs keep the order typed.
// TWO-LABEL: cgraph.graph @heads(%cls2Fpool: tensor<1x4x1x1xf32> as "cls/pool", %trunk2Fconv: tensor<1x4x8x8xf32> as "trunk/conv") -> (tensor<1x10xf32> as "cls", tensor<1x4x8x8xf32> as "feat") {
// TWO-NEXT:    %[[FEAT:.*]] = cgraph.relu %trunk2Fconv
// TWO-NEXT:    cgraph.flatten %cls2Fpool
// TWO-NOT:     cgraph.global_avg_pool
// TWO:         cgraph.output %{{.*}}, %[[FEAT]] : tensor<1x10xf32>, tensor<1x4x8x8xf32>

// LAST-LABEL: cgraph.graph @heads(%mask: tensor<1x4x8x8xf32> as "mask", %seg2Ffused: tensor<1x4x8x8xf32> as "seg/fused") -> (tensor<1x4x8x8xf32> as "seg") {
// LAST-NEXT:    %[[SEG:.*]] = cgraph.mul %seg2Ffused, %mask
// LAST-NEXT:    cgraph.output %[[SEG]]

// FUSED-LABEL: cgraph.graph @heads(%feat: tensor<1x4x8x8xf32> as "feat") -> (tensor<1x10xf32> as "cls") {
// FUSED:         cgraph.global_avg_pool %feat
// FUSED:         cgraph.output
// LLVM:          llvm.func @heads(

// REPORT:      "graph": "heads",
// REPORT-NEXT: "inputs": {
// REPORT-NEXT:   "kept": [
// REPORT-NEXT:     "mask"
// REPORT-NEXT:   ],
// REPORT-NEXT:   "new": [
// REPORT-NEXT:     "trunk/relu"
// REPORT-NEXT:   ],
// REPORT-NEXT:   "removed": [
// REPORT-NEXT:     "image"
// REPORT-NEXT:   ]
// REPORT-NEXT: },
// The cls cone stops at the new input: pool, flatten, fc weight, gemm,
// softmax, none of them shared.
// REPORT:          "name": "cls",
// REPORT-NEXT:     "ops": 5,
// REPORT-NEXT:     "shared": {
// REPORT-NEXT:       "flops": 0,
// REPORT-NEXT:       "ops": 0,
