// mcg-viz's DOT text on a small graph: one box per op with its kind, type,
// source name and weight count (constants are not drawn), colours from the
// highlighted outputs' cones, groups by name prefix, fused groups.
//
// RUN: mcg-viz %s -o - | FileCheck %s --check-prefix=PLAIN
// RUN: mcg-viz %s --highlight=cls,seg -o - | FileCheck %s --check-prefix=HL
// RUN: mcg-viz %s --highlight=cls,seg --collapse=1 -o - | FileCheck %s --check-prefix=GROUP
// RUN: mcg-viz %s --fuse -o - | FileCheck %s --check-prefix=FUSED
// RUN: mcg-viz %s --prune-to="seg inputs=trunk/relu" -o - | FileCheck %s --check-prefix=CUT
// The directory of -o is made.
// RUN: rm -rf %t && mcg-viz %s --highlight=seg -o %t/pictures/heads.dot | FileCheck %s --check-prefix=WROTE
// RUN: FileCheck %s --check-prefix=HLSEG < %t/pictures/heads.dot

cgraph.graph @heads(%image: tensor<1x3x8x8xf32> as "image",
                    %mask: tensor<1x4x8x8xf32> as "mask")
    -> (tensor<1x10xf32> as "cls", tensor<1x4x8x8xf32> as "seg",
        tensor<1x4x8x8xf32> as "aux") {
  %w = cgraph.constant dense<0.5> : tensor<4x3x3x3xf32> loc("trunk/conv.weight")
  %b = cgraph.constant dense<0.5> : tensor<4xf32> loc("trunk/conv.bias")
  %conv = cgraph.conv2d %image, %w, %b {pads = array<i64: 1, 1, 1, 1>}
      : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x8x8xf32> loc("trunk/conv")
  %feat = cgraph.relu %conv : tensor<1x4x8x8xf32> loc("trunk/relu")
  %aux = cgraph.sigmoid %conv : tensor<1x4x8x8xf32> loc("trunk/aux")
  %pool = cgraph.global_avg_pool %feat : (tensor<1x4x8x8xf32>) -> tensor<1x4x1x1xf32> loc("cls/pool")
  %flat = cgraph.flatten %pool : (tensor<1x4x1x1xf32>) -> tensor<1x4xf32> loc("cls/flatten")
  %fc = cgraph.constant dense<0.25> : tensor<10x4xf32> loc("cls/fc.weight")
  %logits = cgraph.gemm %flat, %fc {trans_b = true}
      : (tensor<1x4xf32>, tensor<10x4xf32>) -> tensor<1x10xf32> loc("cls/fc")
  %sw = cgraph.constant dense<1.0> : tensor<4x4x1x1xf32> loc("seg/conv.weight")
  %left = cgraph.conv2d %feat, %sw
      : (tensor<1x4x8x8xf32>, tensor<4x4x1x1xf32>) -> tensor<1x4x8x8xf32> loc("seg/conv")
  %act = cgraph.relu %left : tensor<1x4x8x8xf32> loc("seg/relu")
  %seg = cgraph.mul %act, %mask
      : (tensor<1x4x8x8xf32>, tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32> loc("seg/mask")
  cgraph.output %logits, %seg, %aux
      : tensor<1x10xf32>, tensor<1x4x8x8xf32>, tensor<1x4x8x8xf32>
}

// Without --highlight: no legend, every box white. Edges once per pair,
// in order of first use, outputs last.
// PLAIN:      digraph "heads" {
// PLAIN-NOT:  legend
// PLAIN:      in0 [shape=ellipse, label="input image\n1x3x8x8xf32"];
// PLAIN-NEXT: in1 [shape=ellipse, label="input mask\n1x4x8x8xf32"];
// PLAIN-NEXT: n0 [label="conv2d 1x4x8x8xf32\ntrunk/conv\n112 weights", style="rounded,filled", fillcolor="white"];
// PLAIN-NEXT: n1 [label="relu 1x4x8x8xf32\ntrunk/relu", style="rounded,filled", fillcolor="white"];
// PLAIN-NEXT: n2 [label="sigmoid 1x4x8x8xf32\ntrunk/aux", style="rounded,filled", fillcolor="white"];
// PLAIN-NEXT: n3 [label="global_avg_pool 1x4x1x1xf32\ncls/pool", style="rounded,filled", fillcolor="white"];
// PLAIN-NEXT: n4 [label="flatten 1x4xf32\ncls/flatten", style="rounded,filled", fillcolor="white"];
// PLAIN-NEXT: n5 [label="gemm 1x10xf32\ncls/fc\n40 weights", style="rounded,filled", fillcolor="white"];
// PLAIN-NEXT: n6 [label="conv2d 1x4x8x8xf32\nseg/conv\n16 weights", style="rounded,filled", fillcolor="white"];
// PLAIN-NEXT: n7 [label="relu 1x4x8x8xf32\nseg/relu", style="rounded,filled", fillcolor="white"];
// PLAIN-NEXT: n8 [label="mul 1x4x8x8xf32\nseg/mask", style="rounded,filled", fillcolor="white"];
// PLAIN-NEXT: out0 [shape=ellipse, style=filled, fillcolor="white", label="output cls"];
// PLAIN-NEXT: out1 [shape=ellipse, style=filled, fillcolor="white", label="output seg"];
// PLAIN-NEXT: out2 [shape=ellipse, style=filled, fillcolor="white", label="output aux"];
// PLAIN-NEXT: in0 -> n0;
// PLAIN-NEXT: n0 -> n1;
// PLAIN-NEXT: n0 -> n2;
// PLAIN-NEXT: n1 -> n3;
// PLAIN-NEXT: n3 -> n4;
// PLAIN-NEXT: n4 -> n5;
// PLAIN-NEXT: n1 -> n6;
// PLAIN-NEXT: n6 -> n7;
// PLAIN-NEXT: n7 -> n8;
// PLAIN-NEXT: in1 -> n8;
// PLAIN-NEXT: n5 -> out0;
// PLAIN-NEXT: n8 -> out1;
// PLAIN-NEXT: n2 -> out2;
// PLAIN-NEXT: }

// cls blue, seg orange, the trunk both need lavender, what only aux needs
// greyed out; the legend holds the report's numbers (the conv: 112 weights
// of 448 bytes, 256 * (2 * 27) + 256 FLOPs with its bias; seg adds the 1x1
// conv 256 * 8, two relus and the mul, 256 each).
// HL:      legend [shape=plaintext
// HL-NEXT: <tr><td align="left"><b>min_consumer slice</b></td><td bgcolor="#a6cee3"><b>cls</b></td><td bgcolor="#fdbf6f"><b>seg</b></td></tr>
// HL-NEXT: <tr><td align="left">ops</td><td align="right">8</td><td align="right">8</td></tr>
// HL-NEXT: <tr><td align="left">weight bytes</td><td align="right">608</td><td align="right">512</td></tr>
// HL-NEXT: <tr><td align="left">FLOPs</td><td align="right">14,672</td><td align="right">16,896</td></tr>
// HL-NEXT: <tr><td align="left">exclusive ops</td><td align="right">4</td><td align="right">4</td></tr>
// HL:      <tr><td align="left">shared ops</td><td align="right">4</td><td align="right">4</td></tr>
// HL:      <tr><td bgcolor="#cab2d6" colspan="3">shared: several of them need it</td></tr>
// HL-NEXT: <tr><td bgcolor="#f2f2f2" colspan="3">none of them needs it</td></tr>
// HL:      n0 [{{.*}}fillcolor="#cab2d6"];
// HL-NEXT: n1 [{{.*}}fillcolor="#cab2d6"];
// HL-NEXT: n2 [{{.*}}fillcolor="#f2f2f2", fontcolor="#999999", color="#bbbbbb"];
// HL-NEXT: n3 [{{.*}}fillcolor="#a6cee3"];
// HL-NEXT: n4 [{{.*}}fillcolor="#a6cee3"];
// HL-NEXT: n5 [{{.*}}fillcolor="#a6cee3"];
// HL-NEXT: n6 [{{.*}}fillcolor="#fdbf6f"];
// HL-NEXT: n7 [{{.*}}fillcolor="#fdbf6f"];
// HL-NEXT: n8 [{{.*}}fillcolor="#fdbf6f"];
// HL-NEXT: out0 [shape=ellipse, style=filled, fillcolor="#a6cee3", label="output cls"];
// HL-NEXT: out1 [shape=ellipse, style=filled, fillcolor="#fdbf6f", label="output seg"];
// HL-NEXT: out2 [shape=ellipse, style=filled, fillcolor="#f2f2f2", label="output aux"];

// One box per name prefix; the trunk group mixes shared ops and one that no
// highlighted output needs, so it is striped.
// GROUP:      n0 [label="trunk (3 ops)\nconv2d, relu, sigmoid\n1x4x8x8xf32, 112 weights", peripheries=2, style=striped, fillcolor="#cab2d6:#f2f2f2"];
// GROUP-NEXT: n1 [label="cls (3 ops)\nglobal_avg_pool, flatten, gemm\n1x10xf32, 40 weights", peripheries=2, style=filled, fillcolor="#a6cee3"];
// GROUP-NEXT: n2 [label="seg (3 ops)\nconv2d, relu, mul\n1x4x8x8xf32, 16 weights", peripheries=2, style=filled, fillcolor="#fdbf6f"];
// GROUP:      in0 -> n0;
// GROUP-NEXT: n0 -> n1;
// GROUP-NEXT: n0 -> n2;
// GROUP-NEXT: in1 -> n2;
// GROUP-NEXT: n1 -> out0;
// GROUP-NEXT: n2 -> out1;
// GROUP-NEXT: n0 -> out2;
// GROUP-NEXT: }

// A fused group is one box that names the ops inside it; the mask it reads
// inside its region is an edge into it.
// FUSED:     n6 [label="fused(conv2d+relu+mul) 1x4x8x8xf32\nseg/conv\n16 weights", style="rounded,filled", fillcolor="white"];
// FUSED-NOT: seg/relu
// FUSED:     in1 -> n6;

// A cut graph: the new input is drawn as an input.
// CUT:      in0 [shape=ellipse, label="input mask\n1x4x8x8xf32"];
// CUT-NEXT: in1 [shape=ellipse, label="input trunk/relu\n1x4x8x8xf32"];
// CUT-NOT:  trunk/conv
// CUT:      in1 -> n0;

// WROTE: wrote {{.*}}heads.dot
// HLSEG: out1 [shape=ellipse, style=filled, fillcolor="#a6cee3", label="output seg"];
