// --prune-to keeps the named outputs and exactly the ops they need.
//
// RUN: mcg-opt %s --prune-to=cls | FileCheck %s --check-prefix=PCLS
// RUN: mcg-opt %s --prune-to=cls | mcg-opt --prune-to=cls | FileCheck %s --check-prefix=PCLS
// RUN: mcg-opt %s -p 'builtin.module(prune-to{cls})' | FileCheck %s --check-prefix=PCLS
// RUN: mcg-opt %s -p 'builtin.module(prune-to{outputs=cls})' | FileCheck %s --check-prefix=PCLS
// RUN: mcg-opt %s --prune-to=seg | FileCheck %s --check-prefix=PSEG
// RUN: mcg-opt %s --prune-to=feat | FileCheck %s --check-prefix=PFEAT
// RUN: mcg-opt %s --prune-to=seg,cls | FileCheck %s --check-prefix=PBOTH
// RUN: mcg-opt %s --prune-to="cls keep-unused-inputs=true" | FileCheck %s --check-prefix=PKEEP
//
// Pruning to every output changes nothing on a graph without dead ops.
// RUN: mcg-opt %s > %t.orig.mlir
// RUN: mcg-opt %s --prune-to=cls,seg,feat > %t.all.mlir
// RUN: diff %t.orig.mlir %t.all.mlir
//
// Idempotence on every output set: pruning a pruned graph changes nothing.
// RUN: mcg-opt %s --prune-to=seg > %t.seg1.mlir
// RUN: mcg-opt %t.seg1.mlir --prune-to=seg > %t.seg2.mlir
// RUN: diff %t.seg1.mlir %t.seg2.mlir
//
// The report says what each output needs.
// RUN: mcg-opt %s --prune-to="cls report=%t.json" -o /dev/null
// RUN: FileCheck %s --check-prefix=REPORT < %t.json

// A shared trunk (conv + relu) feeds a classification head (pool + gemm),
// a segmentation head that also reads the `mask` input, and `feat`, an
// output that is also an intermediate value of both heads.
cgraph.graph @heads(%image: tensor<1x3x8x8xf32> as "image",
                    %mask: tensor<1x4x8x8xf32> as "mask")
    -> (tensor<1x10xf32> as "cls", tensor<1x4x8x8xf32> as "seg",
        tensor<1x4x8x8xf32> as "feat") {
  %w = cgraph.constant dense<0.5> : tensor<4x3x3x3xf32>
  %conv = cgraph.conv2d %image, %w {pads = array<i64: 1, 1, 1, 1>}
      : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x8x8xf32>
  %feat = cgraph.relu %conv : tensor<1x4x8x8xf32>
  // Classification head.
  %pool = cgraph.global_avg_pool %feat : (tensor<1x4x8x8xf32>) -> tensor<1x4x1x1xf32>
  %flat = cgraph.flatten %pool : (tensor<1x4x1x1xf32>) -> tensor<1x4xf32>
  %fc = cgraph.constant dense<0.25> : tensor<10x4xf32>
  %logits = cgraph.gemm %flat, %fc {trans_b = true}
      : (tensor<1x4xf32>, tensor<10x4xf32>) -> tensor<1x10xf32>
  %cls = cgraph.softmax %logits : (tensor<1x10xf32>) -> tensor<1x10xf32>
  // Segmentation head: a diamond over feat, masked.
  %sw = cgraph.constant dense<1.0> : tensor<4x4x1x1xf32>
  %left = cgraph.conv2d %feat, %sw
      : (tensor<1x4x8x8xf32>, tensor<4x4x1x1xf32>) -> tensor<1x4x8x8xf32>
  %right = cgraph.sigmoid %feat : tensor<1x4x8x8xf32>
  %join = cgraph.add %left, %right
      : (tensor<1x4x8x8xf32>, tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32>
  %seg = cgraph.mul %join, %mask
      : (tensor<1x4x8x8xf32>, tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32>
  cgraph.output %cls, %seg, %feat
      : tensor<1x10xf32>, tensor<1x4x8x8xf32>, tensor<1x4x8x8xf32>
}

// PCLS-LABEL: cgraph.graph @heads(%image: tensor<1x3x8x8xf32> as "image") -> (tensor<1x10xf32> as "cls") {
// PCLS-NEXT:    %[[W:.*]] = cgraph.constant dense<5.000000e-01> : tensor<4x3x3x3xf32>
// PCLS-NEXT:    %[[CONV:.*]] = cgraph.conv2d %image, %[[W]]
// PCLS-NEXT:    %[[FEAT:.*]] = cgraph.relu %[[CONV]]
// PCLS-NEXT:    %[[POOL:.*]] = cgraph.global_avg_pool %[[FEAT]]
// PCLS-NEXT:    %[[FLAT:.*]] = cgraph.flatten %[[POOL]]
// PCLS-NEXT:    %[[FC:.*]] = cgraph.constant dense<2.500000e-01> : tensor<10x4xf32>
// PCLS-NEXT:    %[[LOGITS:.*]] = cgraph.gemm %[[FLAT]], %[[FC]]
// PCLS-NEXT:    %[[CLS:.*]] = cgraph.softmax %[[LOGITS]]
// PCLS-NEXT:    cgraph.output %[[CLS]] : tensor<1x10xf32>
// PCLS-NEXT:  }

// PSEG-LABEL: cgraph.graph @heads(%image: tensor<1x3x8x8xf32> as "image", %mask: tensor<1x4x8x8xf32> as "mask") -> (tensor<1x4x8x8xf32> as "seg") {
// PSEG-NEXT:    cgraph.constant dense<5.000000e-01>
// PSEG-NEXT:    cgraph.conv2d %image
// PSEG-NEXT:    %[[FEAT:.*]] = cgraph.relu
// PSEG-NEXT:    %[[SW:.*]] = cgraph.constant dense<1.000000e+00> : tensor<4x4x1x1xf32>
// PSEG-NEXT:    %[[LEFT:.*]] = cgraph.conv2d %[[FEAT]], %[[SW]]
// PSEG-NEXT:    %[[RIGHT:.*]] = cgraph.sigmoid %[[FEAT]]
// PSEG-NEXT:    %[[JOIN:.*]] = cgraph.add %[[LEFT]], %[[RIGHT]]
// PSEG-NEXT:    %[[SEG:.*]] = cgraph.mul %[[JOIN]], %mask
// PSEG-NEXT:    cgraph.output %[[SEG]] : tensor<1x4x8x8xf32>
// PSEG-NEXT:  }

// PFEAT-LABEL: cgraph.graph @heads(%image: tensor<1x3x8x8xf32> as "image") -> (tensor<1x4x8x8xf32> as "feat") {
// PFEAT-NEXT:    cgraph.constant
// PFEAT-NEXT:    cgraph.conv2d
// PFEAT-NEXT:    %[[FEAT:.*]] = cgraph.relu
// PFEAT-NEXT:    cgraph.output %[[FEAT]] : tensor<1x4x8x8xf32>
// PFEAT-NEXT:  }

// Outputs keep the graph's order, whatever the order typed.
// PBOTH-LABEL: cgraph.graph @heads(%image: tensor<1x3x8x8xf32> as "image", %mask: tensor<1x4x8x8xf32> as "mask") -> (tensor<1x10xf32> as "cls", tensor<1x4x8x8xf32> as "seg") {
// PBOTH-NOT:     cgraph.output {{.*}}, {{.*}}, {{.*}} :
// PBOTH:         cgraph.output %{{.*}}, %{{.*}} : tensor<1x10xf32>, tensor<1x4x8x8xf32>

// PKEEP-LABEL: cgraph.graph @heads(%image: tensor<1x3x8x8xf32> as "image", %mask: tensor<1x4x8x8xf32> as "mask") -> (tensor<1x10xf32> as "cls") {
// PKEEP-NOT:     cgraph.sigmoid
// PKEEP:         cgraph.output %{{.*}} : tensor<1x10xf32>

// Weight bytes: conv 4*3*3*3*4 = 432, fc 10*4*4 = 160, seg conv 4*4*4 = 64.
// FLOPs: conv 256*(2*27) = 13824, relu 256, pool 256, gemm 2*4*10 = 80,
// softmax 5*10 = 50; seg conv 256*8 = 2048, sigmoid, add, mul 256 each.
// REPORT:      "after": {
// REPORT-NEXT:   "flops": 14466,
// REPORT-NEXT:   "ops": 8,
// REPORT-NEXT:   "weight_bytes": 592
// REPORT:      "before": {
// REPORT-NEXT:   "flops": 17282,
// REPORT-NEXT:   "ops": 13,
// REPORT-NEXT:   "weight_bytes": 656
// REPORT:      "graph": "heads",
// The mask input only fed seg.
// REPORT-NEXT: "inputs": {
// REPORT-NEXT:   "kept": [
// REPORT-NEXT:     "image"
// REPORT-NEXT:   ],
// REPORT-NEXT:   "new": [],
// REPORT-NEXT:   "removed": [
// REPORT-NEXT:     "mask"
// REPORT-NEXT:   ]
// REPORT-NEXT: },
// REPORT-NEXT: "kept_outputs": [
// REPORT-NEXT:   "cls"
// REPORT-NEXT: ],
// REPORT-NEXT: "outputs": [
// REPORT-NEXT:   {
// REPORT-NEXT:     "exclusive": {
// REPORT-NEXT:       "flops": 386,
// REPORT-NEXT:       "ops": 5,
// REPORT-NEXT:       "weight_bytes": 160
// REPORT-NEXT:     },
// REPORT-NEXT:     "flops": 14466,
// REPORT-NEXT:     "kept": true,
// REPORT-NEXT:     "name": "cls",
// REPORT-NEXT:     "ops": 8,
// REPORT-NEXT:     "shared": {
// REPORT-NEXT:       "flops": 14080,
// REPORT-NEXT:       "ops": 3,
// REPORT-NEXT:       "weight_bytes": 432
// REPORT-NEXT:     },
// REPORT-NEXT:     "weight_bytes": 592
// REPORT-NEXT:   },
// REPORT-NEXT:   {
// REPORT-NEXT:     "exclusive": {
// REPORT-NEXT:       "flops": 2816,
// REPORT-NEXT:       "ops": 5,
// REPORT-NEXT:       "weight_bytes": 64
// REPORT-NEXT:     },
// REPORT-NEXT:     "flops": 16896,
// REPORT-NEXT:     "kept": false,
// REPORT-NEXT:     "name": "seg",
// REPORT-NEXT:     "ops": 8,
// REPORT:          "name": "feat",
// REPORT-NEXT:     "ops": 3,
// REPORT:        "removed": {
// REPORT-NEXT:   "flops": 2816,
// REPORT-NEXT:   "ops": 5,
// REPORT-NEXT:   "weight_bytes": 64
