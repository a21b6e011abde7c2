// convert-cgraph-to-linalg: the graph becomes a function calling one kernel
// per op; each op family lowers to linalg (numerics: test/e2e/op_cases.py).
// RUN: mcg-opt %s --convert-cgraph-to-linalg -split-input-file | FileCheck %s

// The graph's inputs are its caller's: never written (a kernel computing in
// place gets a copy; test/random found a gemm accumulating into its input c).
// CHECK-LABEL: func.func @g(%arg0: tensor<2x8xf32> {bufferization.writable = false}, %arg1: tensor<8xf32> {bufferization.writable = false}) -> (tensor<2x8xf32>, tensor<2x4xf32>) {
// CHECK-NEXT:    %[[A:.*]] = call @g__k0_add(%arg0, %arg1) : (tensor<2x8xf32>, tensor<8xf32>) -> tensor<2x8xf32>
// CHECK-NEXT:    %[[W:.*]] = arith.constant dense<1.000000e+00> : tensor<8x4xf32>
// CHECK-NEXT:    %[[M:.*]] = call @g__k1_matmul(%[[A]], %[[W]])
// CHECK-NEXT:    %[[F:.*]] = call @g__k2_fused_elementwise(%[[A]])
// CHECK-NEXT:    return %[[F]], %[[M]]
// Elementwise with broadcasting: the [8] operand is read at (d1).
// CHECK-LABEL: func.func private @g__k0_add
// CHECK-SAME:    attributes {cgraph.kernel}
// CHECK:         linalg.generic {indexing_maps = [#{{.*}}, #[[BCAST:.*]], #{{.*}}]
// CHECK:         arith.addf
// The weight, a constant at every call, is marked as such (for code
// generation); the activation is not.
// CHECK-LABEL: func.func private @g__k1_matmul
// CHECK-SAME:    (%arg0: tensor<2x8xf32>, %arg1: tensor<8x4xf32> {cgraph.constant})
// CHECK:         linalg.matmul
// A fusion group is one kernel holding its ops.
// CHECK-LABEL: func.func private @g__k2_fused_elementwise
// CHECK:         math.exp
// CHECK:         math.tanh
// CHECK-NOT:     cgraph.
cgraph.graph @g(%x: tensor<2x8xf32> as "x", %b: tensor<8xf32> as "b") -> (tensor<2x8xf32> as "y", tensor<2x4xf32> as "m") {
  %a = cgraph.add %x, %b : (tensor<2x8xf32>, tensor<8xf32>) -> tensor<2x8xf32>
  %w = cgraph.constant dense<1.0> : tensor<8x4xf32>
  %m = cgraph.matmul %a, %w : (tensor<2x8xf32>, tensor<8x4xf32>) -> tensor<2x4xf32>
  %f = cgraph.fused <elementwise> (%a) : (tensor<2x8xf32>) -> tensor<2x8xf32> {
  ^bb0(%v: tensor<2x8xf32>):
    %e = cgraph.exp %v : tensor<2x8xf32>
    %t = cgraph.tanh %e : tensor<2x8xf32>
    cgraph.yield %t : tensor<2x8xf32>
  }
  cgraph.output %f, %m : tensor<2x8xf32>, tensor<2x4xf32>
}

// -----

// Convolutions: pad + named conv accumulating into the broadcast bias;
// grouped convolutions use the ngchw_gfchw form; pooling pads with -inf.
// CHECK-LABEL: func.func private @conv__k0_conv2d
// CHECK:         tensor.pad %{{.*}} low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK:         linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
// CHECK-LABEL: func.func private @conv__k1_conv2d
// CHECK:         tensor.expand_shape
// CHECK:         linalg.conv_2d_ngchw_gfchw
// CHECK:         tensor.collapse_shape
// CHECK-LABEL: func.func private @conv__k2_max_pool2d
// CHECK:         arith.constant 0xFF800000 : f32
// CHECK:         linalg.pooling_nchw_max
cgraph.graph @conv(%x: tensor<1x4x8x8xf32> as "x", %w: tensor<4x4x3x3xf32> as "w", %b: tensor<4xf32> as "b", %g: tensor<4x2x1x1xf32> as "g")
    -> (tensor<1x4x4x4xf32> as "y", tensor<1x4x4x4xf32> as "z", tensor<1x4x2x2xf32> as "p") {
  %y = cgraph.conv2d %x, %w, %b {strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>} : (tensor<1x4x8x8xf32>, tensor<4x4x3x3xf32>, tensor<4xf32>) -> tensor<1x4x4x4xf32>
  %z = cgraph.conv2d %y, %g {groups = 2 : i64} : (tensor<1x4x4x4xf32>, tensor<4x2x1x1xf32>) -> tensor<1x4x4x4xf32>
  %p = cgraph.max_pool2d %z {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x4x4x4xf32>) -> tensor<1x4x2x2xf32>
  cgraph.output %y, %z, %p : tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>, tensor<1x4x2x2xf32>
}

// -----

// A depthwise convolution (groups = channels, one filter each): the filter
// as C x KH x KW and linalg.depthwise_conv_2d_nchw_chw, no reshapes of the
// input or output. A channel multiplier of 2 stays grouped.
// CHECK-LABEL: func.func private @depthwise__k0_conv2d
// CHECK:         tensor.pad %{{.*}} low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK:         tensor.collapse_shape %arg1 {{\[}}[0, 1], [2], [3]] : tensor<4x1x3x3xf32> into tensor<4x3x3xf32>
// CHECK:         linalg.depthwise_conv_2d_nchw_chw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%{{.*}}, %{{.*}} : tensor<1x4x10x10xf32>, tensor<4x3x3xf32>)
// CHECK-NOT:     tensor.expand_shape
// CHECK-LABEL: func.func private @depthwise__k1_conv2d
// CHECK:         linalg.conv_2d_ngchw_gfchw
cgraph.graph @depthwise(%x: tensor<1x4x8x8xf32> as "x", %w: tensor<4x1x3x3xf32> as "w", %m: tensor<8x1x3x3xf32> as "m")
    -> (tensor<1x4x8x8xf32> as "y", tensor<1x8x8x8xf32> as "z") {
  %y = cgraph.conv2d %x, %w {pads = array<i64: 1, 1, 1, 1>, groups = 4 : i64} : (tensor<1x4x8x8xf32>, tensor<4x1x3x3xf32>) -> tensor<1x4x8x8xf32>
  %z = cgraph.conv2d %x, %m {pads = array<i64: 1, 1, 1, 1>, groups = 4 : i64} : (tensor<1x4x8x8xf32>, tensor<8x1x3x3xf32>) -> tensor<1x8x8x8xf32>
  cgraph.output %y, %z : tensor<1x4x8x8xf32>, tensor<1x8x8x8xf32>
}

// -----

// Data movement and control flow.
// A reshape to 1-D is one collapse.
// CHECK-LABEL: func.func private @moves__k0_reshape
// CHECK:         tensor.collapse_shape %arg0 {{\[}}[0, 1]] : tensor<2x4xf32> into tensor<8xf32>
// CHECK-LABEL: func.func private @moves__k1_slice
// CHECK:         tensor.extract_slice %{{.*}}[0, 1] [2, 2] [1, 2]
// CHECK-LABEL: func.func private @moves__k2_if
// CHECK:         %[[C:.*]] = tensor.extract %{{.*}}[] : tensor<i1>
// CHECK:         scf.if %[[C]] -> (tensor<2x4xf32>)
// CHECK:           scf.yield
// CHECK:         } else {
cgraph.graph @moves(%x: tensor<2x4xf32> as "x", %c: tensor<i1> as "c") -> (tensor<8xf32> as "r", tensor<2x2xf32> as "s", tensor<2x4xf32> as "i") {
  %r = cgraph.reshape %x : tensor<2x4xf32> -> tensor<8xf32>
  %s = cgraph.slice %x {starts = array<i64: 0, 1>, ends = array<i64: 2, 4>, steps = array<i64: 1, 2>} : (tensor<2x4xf32>) -> tensor<2x2xf32>
  %i = cgraph.if %c : tensor<i1> -> (tensor<2x4xf32>) {
    %n = cgraph.neg %x : tensor<2x4xf32>
    cgraph.yield %n : tensor<2x4xf32>
  } else {
    cgraph.yield %x : tensor<2x4xf32>
  }
  cgraph.output %r, %s, %i : tensor<8xf32>, tensor<2x2xf32>, tensor<2x4xf32>
}

// -----

// A constant inside a cgraph.if region moves out and reaches the kernel as
// an argument, like a captured value (it was left illegal, and lowered in
// the kernel it broke buffer deallocation; found by test/random).
// CHECK-LABEL: func.func @region_constant
// CHECK:         %[[K:.*]] = arith.constant dense<1.250000e-01> : tensor<f32>
// CHECK:         call @region_constant__k0_if(%arg1, %arg0, %[[K]])
// CHECK-LABEL: func.func private @region_constant__k0_if({{.*}}%arg2: tensor<f32> {cgraph.constant})
// CHECK-NOT:     cgraph.constant dense
// CHECK:         scf.if
cgraph.graph @region_constant(%x: tensor<4xf32> as "x", %c: tensor<i1> as "c") -> (tensor<4xf32> as "y") {
  %y = cgraph.if %c : tensor<i1> -> (tensor<4xf32>) {
    %k = cgraph.constant dense<1.250000e-01> : tensor<f32>
    %m = cgraph.mul %x, %k : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
    cgraph.yield %m : tensor<4xf32>
  } else {
    cgraph.yield %x : tensor<4xf32>
  }
  cgraph.output %y : tensor<4xf32>
}

// -----

// Ops that are alike share a kernel: the two relus on equal types call one
// kernel, so do the two equal convolutions; the relu of another shape and
// the convolution without padding get their own (five kernels in all, with
// the reshape's).
// CHECK-LABEL: func.func @same
// CHECK:         %[[A:.*]] = call @same__k0_relu(%arg0)
// CHECK:         %[[B:.*]] = call @same__k0_relu(%[[A]])
// CHECK:         call @same__k3_relu(
// CHECK:         %[[C:.*]] = call @same__k4_conv2d(%arg1, %arg2)
// CHECK:         call @same__k4_conv2d(%[[C]], %arg2)
// CHECK:         call @same__k6_conv2d(%arg1, %arg2)
// CHECK-COUNT-5: func.func private
// CHECK-NOT:     func.func private
cgraph.graph @same(%x: tensor<4xf32> as "x", %i: tensor<1x2x4x4xf32> as "i", %w: tensor<2x2x3x3xf32> as "w") -> (tensor<4xf32> as "y", tensor<2x2xf32> as "z", tensor<1x2x4x4xf32> as "c", tensor<1x2x2x2xf32> as "d") {
  %a = cgraph.relu %x : tensor<4xf32>
  %b = cgraph.relu %a : tensor<4xf32>
  %r = cgraph.reshape %b : tensor<4xf32> -> tensor<2x2xf32>
  %z = cgraph.relu %r : tensor<2x2xf32>
  %c = cgraph.conv2d %i, %w {pads = array<i64: 1, 1, 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x3x3xf32>) -> tensor<1x2x4x4xf32>
  %c2 = cgraph.conv2d %c, %w {pads = array<i64: 1, 1, 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x3x3xf32>) -> tensor<1x2x4x4xf32>
  %d = cgraph.conv2d %i, %w : (tensor<1x2x4x4xf32>, tensor<2x2x3x3xf32>) -> tensor<1x2x2x2xf32>
  cgraph.output %b, %z, %c2, %d : tensor<4xf32>, tensor<2x2xf32>, tensor<1x2x4x4xf32>, tensor<1x2x2x2xf32>
}

// -----

// One kernel shared by two calls: an argument is marked constant only if
// every call passes a constant there.
// CHECK-LABEL: func.func private @shared__k0_matmul
// CHECK-SAME:    (%arg0: tensor<2x8xf32>, %arg1: tensor<8x4xf32>) -> tensor<2x4xf32>
// CHECK-NOT:     func.func private @shared__k1_matmul
cgraph.graph @shared(%x: tensor<2x8xf32> as "x", %v: tensor<8x4xf32> as "v") -> (tensor<2x4xf32> as "m", tensor<2x4xf32> as "n") {
  %w = cgraph.constant dense<1.0> : tensor<8x4xf32>
  %m = cgraph.matmul %x, %w : (tensor<2x8xf32>, tensor<8x4xf32>) -> tensor<2x4xf32>
  %n = cgraph.matmul %x, %v : (tensor<2x8xf32>, tensor<8x4xf32>) -> tensor<2x4xf32>
  cgraph.output %m, %n : tensor<2x4xf32>, tensor<2x4xf32>
}

// -----

// argmax / argmin: one reduction generic carrying the running extremum
// (from -inf / the largest integer) and its index (linalg.index of the
// reduced loop). A float NaN wins ("ugt" while the extremum is ordered);
// select_last_index lets equal values win (uge, sle) and a later NaN.
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[KEEP:.*]] = affine_map<(d0, d1, d2) -> (d0, 0, d2)>
// CHECK-DAG: #[[ID2:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[DROP:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func private @arg__k0_argmax(%arg0: tensor<2x3x4xf32>) -> tensor<2x1x4xi64>
// CHECK:         %[[NINF:.*]] = arith.constant 0xFF800000 : f32
// CHECK:         %[[V:.*]] = linalg.fill ins(%[[NINF]] : f32) outs(%{{.*}} : tensor<2x1x4xf32>)
// CHECK:         %[[Z:.*]] = arith.constant 0 : i64
// CHECK:         %[[I:.*]] = linalg.fill ins(%[[Z]] : i64) outs(%{{.*}} : tensor<2x1x4xi64>)
// CHECK:         %[[R:.*]]:2 = linalg.generic {indexing_maps = [#[[ID]], #[[KEEP]], #[[KEEP]]], iterator_types = ["parallel", "reduction", "parallel"]} ins(%arg0 : tensor<2x3x4xf32>) outs(%[[V]], %[[I]] : tensor<2x1x4xf32>, tensor<2x1x4xi64>)
// CHECK-NEXT:    ^bb0(%[[X:.*]]: f32, %[[ACC:.*]]: f32, %[[IDX:.*]]: i64):
// CHECK-NEXT:      %[[K:.*]] = linalg.index 1 : index
// CHECK-NEXT:      %[[K64:.*]] = arith.index_cast %[[K]] : index to i64
// CHECK-NEXT:      %[[GT:.*]] = arith.cmpf ugt, %[[X]], %[[ACC]] : f32
// CHECK-NEXT:      %[[ORD:.*]] = arith.cmpf ord, %[[ACC]], %[[ACC]] : f32
// CHECK-NEXT:      %[[TAKE:.*]] = arith.andi %[[ORD]], %[[GT]] : i1
// CHECK-NEXT:      %[[NV:.*]] = arith.select %[[TAKE]], %[[X]], %[[ACC]] : f32
// CHECK-NEXT:      %[[NI:.*]] = arith.select %[[TAKE]], %[[K64]], %[[IDX]] : i64
// CHECK-NEXT:      linalg.yield %[[NV]], %[[NI]] : f32, i64
// CHECK:         return %[[R]]#1 : tensor<2x1x4xi64>
// CHECK-LABEL: func.func private @arg__k1_argmin(%arg0: tensor<2x3x4xf32>) -> tensor<2x3xi64>
// CHECK:         %[[PINF:.*]] = arith.constant 0x7F800000 : f32
// CHECK:         linalg.generic
// CHECK:           %[[LE:.*]] = arith.cmpf ule, %{{.*}}, %[[ACC2:.*]] : f32
// CHECK-NEXT:      %[[ORD2:.*]] = arith.cmpf ord, %[[ACC2]], %[[ACC2]] : f32
// CHECK-NEXT:      %[[AND:.*]] = arith.andi %[[ORD2]], %[[LE]] : i1
// CHECK-NEXT:      %[[NAN:.*]] = arith.cmpf uno, %[[X2:.*]], %[[X2]] : f32
// CHECK-NEXT:      arith.ori %[[NAN]], %[[AND]] : i1
// CHECK-LABEL: func.func private @arg__k2_argmin(%arg0: tensor<5x6xi32>) -> tensor<6xi64>
// CHECK:         arith.constant 2147483647 : i32
// CHECK:         linalg.generic {indexing_maps = [#[[ID2]], #[[DROP]], #[[DROP]]], iterator_types = ["reduction", "parallel"]}
// CHECK:           arith.cmpi slt, %{{.*}}, %{{.*}} : i32
cgraph.graph @arg(%x: tensor<2x3x4xf32> as "x", %i: tensor<5x6xi32> as "i") -> (tensor<2x1x4xi64> as "a", tensor<2x3xi64> as "b", tensor<6xi64> as "c") {
  %a = cgraph.argmax %x {axis = 1 : i64} : (tensor<2x3x4xf32>) -> tensor<2x1x4xi64>
  %b = cgraph.argmin %x {axis = -1 : i64, keepdims = false, select_last_index = true} : (tensor<2x3x4xf32>) -> tensor<2x3xi64>
  %c = cgraph.argmin %i {keepdims = false} : (tensor<5x6xi32>) -> tensor<6xi64>
  cgraph.output %a, %b, %c : tensor<2x1x4xi64>, tensor<2x3xi64>, tensor<6xi64>
}

// -----

// i1 masks cross function boundaries as i8 (the vector lowering would
// store vector<Nxi1> as packed bits): the graph's and kernels' signatures
// and i1 constants become i8; a kernel casts its i8 operands to i1 and its
// i1 results back (generics the elementwise fusion merges); data movement
// (the transpose) runs on the i8 storage directly.
// CHECK-LABEL: func.func @masks(%arg0: tensor<2x3xf32> {bufferization.writable = false}, %arg1: tensor<2x3xi8> {bufferization.writable = false}) -> (tensor<3x2xi8>, tensor<2x3xf32>) {
// CHECK-NEXT:    %[[C:.*]] = arith.constant dense<[1, 0, 1]> : tensor<3xi8>
// CHECK-NEXT:    %[[LT:.*]] = call @masks__k0_less(%arg0) : (tensor<2x3xf32>) -> tensor<2x3xi8>
// CHECK-NEXT:    %[[A:.*]] = call @masks__k1_and(%[[LT]], %[[C]]) : (tensor<2x3xi8>, tensor<3xi8>) -> tensor<2x3xi8>
// CHECK-NEXT:    %[[T:.*]] = call @masks__k2_transpose(%[[A]]) : (tensor<2x3xi8>) -> tensor<3x2xi8>
// CHECK-NEXT:    %[[S:.*]] = call @masks__k3_select(%arg1, %arg0) : (tensor<2x3xi8>, tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT:    return %[[T]], %[[S]]
// CHECK-LABEL: func.func private @masks__k0_less(%arg0: tensor<2x3xf32>) -> tensor<2x3xi8>
// CHECK:         arith.cmpf olt, %{{.*}}, %{{.*}} : f32
// CHECK:         arith.extui %{{.*}} : i1 to i8
// CHECK-LABEL: func.func private @masks__k1_and(%arg0: tensor<2x3xi8>, %arg1: tensor<3xi8> {cgraph.constant}) -> tensor<2x3xi8>
// CHECK-COUNT-2: arith.cmpi ne, %{{.*}}, %{{.*}} : i8
// CHECK:         arith.andi %{{.*}}, %{{.*}} : i1
// CHECK:         arith.extui %{{.*}} : i1 to i8
// CHECK-LABEL: func.func private @masks__k2_transpose(%arg0: tensor<2x3xi8>) -> tensor<3x2xi8>
// CHECK-NEXT:    tensor.empty() : tensor<3x2xi8>
// CHECK-NEXT:    linalg.transpose ins(%arg0 : tensor<2x3xi8>)
// CHECK-LABEL: func.func private @masks__k3_select(%arg0: tensor<2x3xi8>, %arg1: tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK:         arith.cmpi ne, %{{.*}}, %{{.*}} : i8
// CHECK:         arith.select %{{.*}}, %{{.*}}, %{{.*}} : f32
cgraph.graph @masks(%x: tensor<2x3xf32> as "x", %k: tensor<2x3xi1> as "k") -> (tensor<3x2xi1> as "t", tensor<2x3xf32> as "s") {
  %c = cgraph.constant dense<[true, false, true]> : tensor<3xi1>
  %lt = cgraph.less %x, %x : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xi1>
  %a = cgraph.and %lt, %c : (tensor<2x3xi1>, tensor<3xi1>) -> tensor<2x3xi1>
  %t = cgraph.transpose %a {perm = array<i64: 1, 0>} : (tensor<2x3xi1>) -> tensor<3x2xi1>
  %s = cgraph.select %k, %x, %x : (tensor<2x3xi1>, tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  cgraph.output %t, %s : tensor<3x2xi1>, tensor<2x3xf32>
}

// -----

// Comparisons: ordered float predicates (NaN compares false), signed
// integer ones; not is xor with true; cast to i1 from float is "nonzero".
// CHECK-LABEL: func.func private @cmp__k0_less_equal
// CHECK:         arith.cmpf ole
// CHECK-LABEL: func.func private @cmp__k1_greater_equal
// CHECK:         arith.cmpi sge, %{{.*}}, %{{.*}} : i64
// CHECK-LABEL: func.func private @cmp__k2_equal
// CHECK:         arith.cmpf oeq
// CHECK-LABEL: func.func private @cmp__k3_greater
// CHECK:         arith.cmpf ogt
// CHECK-LABEL: func.func private @cmp__k4_not
// CHECK:         %[[TRUE:.*]] = arith.constant true
// CHECK:         arith.xori %{{.*}}, %[[TRUE]] : i1
// CHECK-LABEL: func.func private @cmp__k5_cast
// CHECK:         %[[Z:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT:    arith.cmpf une, %{{.*}}, %[[Z]] : f32
cgraph.graph @cmp(%x: tensor<4xf32> as "x", %i: tensor<4xi64> as "i") -> (tensor<4xi1> as "a", tensor<4xi1> as "b", tensor<4xi1> as "c", tensor<4xi1> as "d", tensor<4xi1> as "e") {
  %a = cgraph.less_equal %x, %x : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
  %b = cgraph.greater_equal %i, %i : (tensor<4xi64>, tensor<4xi64>) -> tensor<4xi1>
  %c = cgraph.equal %x, %x : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
  %g = cgraph.greater %x, %x : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
  %d = cgraph.not %g : tensor<4xi1>
  %e = cgraph.cast %x : tensor<4xf32> -> tensor<4xi1>
  cgraph.output %a, %b, %c, %d, %e : tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>
}

// -----

// gather: a negative index counts from the end; an index still outside the
// axis (computed at run time; constant ones do not verify) is clamped into
// [0, n - 1], so the kernel never reads outside the data.
// CHECK-LABEL: func.func private @gather__k0_gather
// CHECK: linalg.generic
// CHECK: %[[K:.*]] = arith.index_cast %{{.*}} : i64 to index
// CHECK: %[[NEG:.*]] = arith.cmpi slt, %[[K]], %c0
// CHECK: %[[UP:.*]] = arith.addi %[[K]], %c4
// CHECK: %[[S:.*]] = arith.select %[[NEG]], %[[UP]], %[[K]]
// CHECK: %[[LO:.*]] = arith.maxsi %[[S]], %c0{{.*}} : index
// CHECK: %[[HI:.*]] = arith.minsi %[[LO]], %c3
// CHECK: tensor.extract %{{.*}}[%[[HI]], %{{.*}}] : tensor<4x3xf32>
cgraph.graph @gather(%x: tensor<4x3xf32> as "x", %i: tensor<2xi64> as "i") -> (tensor<2x3xf32> as "y") {
  %y = cgraph.gather %x, %i {axis = 0 : i64} : (tensor<4x3xf32>, tensor<2xi64>) -> tensor<2x3xf32>
  cgraph.output %y : tensor<2x3xf32>
}

// -----

// A concatenation's kernel carries its axis, made non-negative, for
// plan-memory; a concatenation of one value twice (a single kernel
// argument) does not.
// CHECK-LABEL: func.func private @cat__k0_concat
// CHECK-SAME:    attributes {cgraph.concat_axis = 1 : i64, cgraph.kernel}
// CHECK:         tensor.insert_slice
// CHECK-LABEL: func.func private @cat__k1_concat
// CHECK-SAME:    attributes {cgraph.kernel}
cgraph.graph @cat(%x: tensor<1x2x4xf32> as "x", %y: tensor<1x3x4xf32> as "y") -> (tensor<1x5x4xf32> as "z", tensor<1x6x4xf32> as "w") {
  %z = cgraph.concat %x, %y {axis = -2 : i64} : (tensor<1x2x4xf32>, tensor<1x3x4xf32>) -> tensor<1x5x4xf32>
  %w = cgraph.concat %y, %y {axis = 1 : i64} : (tensor<1x3x4xf32>, tensor<1x3x4xf32>) -> tensor<1x6x4xf32>
  cgraph.output %z, %w : tensor<1x5x4xf32>, tensor<1x6x4xf32>
}

// -----

// cgraph.loop -> scf.for over [0, trip count) carrying the condition, the
// loop-carried tensors and the scan-output tensors; the body runs under an
// scf.if on the condition unless nothing can stop the loop early.
// CHECK-LABEL: func.func private @loops__k0_loop
// CHECK:         %[[TRIP:.*]] = tensor.extract %arg0[] : tensor<i64>
// CHECK:         %[[END:.*]] = arith.index_cast %{{.*}} : i64 to index
// CHECK:         %[[R:.*]]:2 = scf.for %[[I:.*]] = %{{.*}} to %[[END]] step %{{.*}} iter_args(%[[C:.*]] = %{{.*}}, %[[V:.*]] = %arg1) -> (i1, tensor<4xf32>) {
// CHECK:           %[[NEXT:.*]]:2 = scf.if %[[C]] -> (i1, tensor<4xf32>) {
// CHECK:             linalg.generic
// CHECK:             scf.yield %{{.*}}, %{{.*}} : i1, tensor<4xf32>
// CHECK:           } else {
// CHECK:             scf.yield %[[C]], %[[V]] : i1, tensor<4xf32>
// CHECK:           scf.yield %[[NEXT]]#0, %[[NEXT]]#1 : i1, tensor<4xf32>
// CHECK:         return %[[R]]#1
// A loop its condition cannot stop: no scf.if; the scan output is an
// insert_slice per iteration.
// CHECK-LABEL: func.func private @loops__k1_loop
// CHECK:         %[[ACC:.*]] = tensor.empty() : tensor<3x4xf32>
// CHECK:         scf.for %[[I:.*]] = {{.*}} iter_args(%{{.*}} = %{{.*}}, %[[V:.*]] = %arg1, %[[S:.*]] = %[[ACC]]) -> (i1, tensor<4xf32>, tensor<3x4xf32>) {
// CHECK-NOT:       scf.if
// CHECK:           tensor.insert_slice %{{.*}} into %[[S]][%[[I]], 0] [1, 4] [1, 1] : tensor<4xf32> into tensor<3x4xf32>
cgraph.graph @loops(%x: tensor<4xf32> as "x", %n: tensor<i64> as "n") -> (tensor<4xf32> as "a", tensor<3x4xf32> as "b") {
  %a = cgraph.loop trip(%n : tensor<i64>) (%x) : (tensor<4xf32>) -> tensor<4xf32> {
  ^bb0(%i: tensor<i64>, %c: tensor<i1>, %v: tensor<4xf32>):
    %t = cgraph.tanh %v : tensor<4xf32>
    %s = cgraph.reduce_sum %t {keepdims = false} : (tensor<4xf32>) -> tensor<f32>
    %z = cgraph.constant dense<1.0> : tensor<f32>
    %more = cgraph.less %s, %z : (tensor<f32>, tensor<f32>) -> tensor<i1>
    cgraph.yield %more, %t : tensor<i1>, tensor<4xf32>
  }
  %three = cgraph.constant dense<3> : tensor<i64>
  %h, %b = cgraph.loop trip(%three : tensor<i64>) (%x) : (tensor<4xf32>) -> (tensor<4xf32>, tensor<3x4xf32>) {
  ^bb0(%i: tensor<i64>, %c: tensor<i1>, %v: tensor<4xf32>):
    %t = cgraph.tanh %v : tensor<4xf32>
    cgraph.yield %c, %t, %t : tensor<i1>, tensor<4xf32>, tensor<4xf32>
  }
  cgraph.output %a, %b : tensor<4xf32>, tensor<3x4xf32>
}

// -----

// cgraph.scan -> scf.for over the scan length: a slice of each scan input
// (backward: at length - 1 - i), the states and the stacked outputs carried.
// CHECK-LABEL: func.func private @scans__k0_scan
// CHECK:         %[[ACC:.*]] = tensor.empty() : tensor<2x5xf32>
// CHECK:         scf.for %[[I:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[ST:.*]] = %arg0, %[[OUT:.*]] = %[[ACC]]) -> (tensor<2xf32>, tensor<2x5xf32>) {
// CHECK:           %[[BACK:.*]] = arith.subi %{{.*}}, %[[I]] : index
// CHECK:           %[[ROW:.*]] = tensor.extract_slice %arg1[0, %[[BACK]]] [2, 1] [1, 1] : tensor<2x5xf32> to tensor<2xf32>
// CHECK:           linalg.generic
// CHECK:           tensor.insert_slice %{{.*}} into %[[OUT]][0, %[[I]]] [2, 1] [1, 1] : tensor<2xf32> into tensor<2x5xf32>
cgraph.graph @scans(%s: tensor<2xf32> as "s", %x: tensor<2x5xf32> as "x") -> (tensor<2xf32> as "sum", tensor<2x5xf32> as "runs") {
  %sum, %runs = cgraph.scan (%s, %x) {num_scan_inputs = 1 : i64, scan_input_axes = array<i64: 1>, scan_input_directions = array<i64: 1>, scan_output_axes = array<i64: 1>, scan_output_directions = array<i64: 0>} : (tensor<2xf32>, tensor<2x5xf32>) -> (tensor<2xf32>, tensor<2x5xf32>) {
  ^bb0(%acc: tensor<2xf32>, %col: tensor<2xf32>):
    %a = cgraph.add %acc, %col : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    cgraph.yield %a, %a : tensor<2xf32>, tensor<2xf32>
  }
  cgraph.output %sum, %runs : tensor<2xf32>, tensor<2x5xf32>
}

// -----

// A splat that only arithmetic reads (an exponent, an epsilon) is rebuilt
// inside the kernel, where the lowering folds it into the loop body: as an
// argument, LLVM could not see that the exponent is 2 once the loop ran in
// an OpenMP region, and called powf once per element. Kernels that differ
// in such a constant are two kernels. Other constants stay arguments.
// CHECK-LABEL: func.func @splats
// CHECK:         call @splats__k0_pow(%arg0) : (tensor<4x8xf32>) -> tensor<4x8xf32>
// CHECK:         call @splats__k1_pow(%{{.*}}) : (tensor<4x8xf32>) -> tensor<4x8xf32>
// CHECK:         call @splats__k2_fused_elementwise(%{{.*}}) : (tensor<4x8xf32>) -> tensor<4x8xf32>
// CHECK:         call @splats__k3_add(%{{.*}}, %{{.*}}) : (tensor<4x8xf32>, tensor<8xf32>) -> tensor<4x8xf32>
// CHECK-LABEL: func.func private @splats__k0_pow(%arg0: tensor<4x8xf32>)
// CHECK:         arith.constant dense<2.000000e+00> : tensor<f32>
// CHECK:         math.powf
// CHECK-LABEL: func.func private @splats__k1_pow(%arg0: tensor<4x8xf32>)
// CHECK:         arith.constant dense<3.000000e+00> : tensor<f32>
// CHECK-LABEL: func.func private @splats__k2_fused_elementwise(%arg0: tensor<4x8xf32>)
// CHECK:         arith.constant dense<9.99999974E-6> : tensor<8xf32>
// CHECK:         arith.addf
// CHECK:         math.sqrt
// CHECK-LABEL: func.func private @splats__k3_add(%arg0: tensor<4x8xf32>, %arg1: tensor<8xf32> {cgraph.constant})
cgraph.graph @splats(%x: tensor<4x8xf32> as "x") -> (tensor<4x8xf32> as "y") {
  %two = cgraph.constant dense<2.0> : tensor<f32>
  %three = cgraph.constant dense<3.0> : tensor<f32>
  %eps = cgraph.constant dense<1.0e-5> : tensor<8xf32>
  %ramp = cgraph.constant dense<[0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0]> : tensor<8xf32>
  %a = cgraph.pow %x, %two : (tensor<4x8xf32>, tensor<f32>) -> tensor<4x8xf32>
  %b = cgraph.pow %a, %three : (tensor<4x8xf32>, tensor<f32>) -> tensor<4x8xf32>
  %c = cgraph.fused <elementwise> (%b, %eps) : (tensor<4x8xf32>, tensor<8xf32>) -> tensor<4x8xf32> {
  ^bb0(%v: tensor<4x8xf32>, %e: tensor<8xf32>):
    %s = cgraph.add %v, %e : (tensor<4x8xf32>, tensor<8xf32>) -> tensor<4x8xf32>
    %r = cgraph.sqrt %s : tensor<4x8xf32>
    cgraph.yield %r : tensor<4x8xf32>
  }
  %d = cgraph.add %c, %ramp : (tensor<4x8xf32>, tensor<8xf32>) -> tensor<4x8xf32>
  cgraph.output %d : tensor<4x8xf32>
}

// -----

// Ops that return their operand unchanged get no kernel: a pad of nothing
// (torch's before an AveragePool that counts padding), a concatenation of
// one input, an identity transpose, a reshape to the same shape, a cast to
// the same type. Their users read the operand. One whose result is a graph
// output keeps its kernel (the output is a buffer of its own).
// CHECK-LABEL: func.func @identities(
// CHECK-NEXT:    %[[N:.*]] = call @identities__k0_neg(%arg0)
// CHECK-NEXT:    %[[R:.*]] = call @identities__k1_relu(%[[N]])
// CHECK-NEXT:    %[[P:.*]] = call @identities__k2_pad(%[[R]])
// CHECK-NEXT:    return %[[R]], %[[P]]
// CHECK-NOT:   func.func private @identities__k{{.*}}_concat
// CHECK-NOT:   func.func private @identities__k{{.*}}_transpose
cgraph.graph @identities(%x: tensor<1x4x3x3xf32> as "x") -> (tensor<1x4x3x3xf32> as "y", tensor<1x4x3x3xf32> as "z") {
  %n = cgraph.neg %x : tensor<1x4x3x3xf32>
  %p = cgraph.pad %n {pads = array<i64: 0, 0, 0, 0, 0, 0, 0, 0>} : (tensor<1x4x3x3xf32>) -> tensor<1x4x3x3xf32>
  %c = cgraph.concat %p {axis = 1 : i64} : (tensor<1x4x3x3xf32>) -> tensor<1x4x3x3xf32>
  %t = cgraph.transpose %c {perm = array<i64: 0, 1, 2, 3>} : (tensor<1x4x3x3xf32>) -> tensor<1x4x3x3xf32>
  %r0 = cgraph.reshape %t : tensor<1x4x3x3xf32> -> tensor<1x4x3x3xf32>
  %k = cgraph.cast %r0 : tensor<1x4x3x3xf32> -> tensor<1x4x3x3xf32>
  %r = cgraph.relu %k : tensor<1x4x3x3xf32>
  %z = cgraph.pad %r {pads = array<i64: 0, 0, 0, 0, 0, 0, 0, 0>} : (tensor<1x4x3x3xf32>) -> tensor<1x4x3x3xf32>
  cgraph.output %r, %z : tensor<1x4x3x3xf32>, tensor<1x4x3x3xf32>
}
