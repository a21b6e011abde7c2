//===- CGraphNNOps.td - contractions, pooling, normalization -*- tablegen -*-=//
//
// Matmul, gemm, convolutions, pooling, normalizations and softmax.
// Image tensors are NCHW; convolution weights are OIHW.
//
//===----------------------------------------------------------------------===//

#ifndef MCG_DIALECT_CGRAPH_IR_CGRAPHNNOPS_TD
#define MCG_DIALECT_CGRAPH_IR_CGRAPHNNOPS_TD

include "mcg/Dialect/CGraph/IR/CGraphBase.td"
include "mcg/Dialect/CGraph/IR/CGraphInterfaces.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

class CGraph_ComputeOp<string mnemonic, list<Trait> traits = []>
    : CGraph_Op<mnemonic, !listconcat(traits, [
        Pure, CGraph_VerifyShapeFirst, InferTypeOpAdaptor,
        DeclareOpInterfaceMethods<CGraph_FlopCountOpInterface, ["getFlopCount"]>])> {
  let assemblyFormat = "operands attr-dict `:` functional-type(operands, results)";
}

def CGraph_MatmulOp : CGraph_ComputeOp<"matmul"> {
  let summary = "batched matrix product with broadcast batch dimensions";
  let description = [{
    Computes `result[..., i, j] = sum_k lhs[..., i, k] * rhs[..., k, j]`.
    Both operands have rank 2 or more; the leading (batch) dimensions are
    broadcast with numpy rules, as in `numpy.matmul`.

    ```mlir
    %r = cgraph.matmul %a, %b
        : (tensor<4x2x3xf32>, tensor<3x5xf32>) -> tensor<4x2x5xf32>
    ```
  }];
  let arguments = (ins CGraph_FloatTensor:$lhs, CGraph_FloatTensor:$rhs);
  let results = (outs CGraph_FloatTensor:$result);
}

def CGraph_GemmOp : CGraph_ComputeOp<"gemm"> {
  let summary = "general matrix multiply: alpha * op(a) * op(b) + beta * c";
  let description = [{
    Computes `alpha * op(a) @ op(b) + beta * c` for 2-D `a` and `b`, where
    `op(x)` transposes `x` when `trans_a` / `trans_b` is set. The optional
    `c` is broadcast to the `MxN` result with numpy rules (ONNX Gemm).

    ```mlir
    %r = cgraph.gemm %x, %w, %b {trans_b = true}
        : (tensor<1x64xf32>, tensor<10x64xf32>, tensor<10xf32>) -> tensor<1x10xf32>
    ```
  }];
  let arguments = (ins CGraph_FloatTensor:$a, CGraph_FloatTensor:$b,
                   Optional<CGraph_FloatTensor>:$c,
                   DefaultValuedAttr<F32Attr, "1.0f">:$alpha,
                   DefaultValuedAttr<F32Attr, "1.0f">:$beta,
                   DefaultValuedAttr<BoolAttr, "false">:$trans_a,
                   DefaultValuedAttr<BoolAttr, "false">:$trans_b);
  let results = (outs CGraph_FloatTensor:$result);
}

def CGraph_Conv2DOp : CGraph_ComputeOp<"conv2d"> {
  let summary = "2-D convolution, NCHW input and OIHW weight";
  let description = [{
    Cross-correlates an `N x C x H x W` input with an `O x C/groups x KH x KW`
    weight and adds the optional per-channel `bias` (`O`):
    `out[n, o, y, x] = bias[o] + sum_{c, ky, kx} in[n, g*C/groups + c,
    y*sy - pt + ky*dy, x*sx - pl + kx*dx] * w[o, c, ky, kx]`, where
    `g = o / (O/groups)` and out-of-range input reads are zero. `pads` is
    `[top, left, bottom, right]`; the output size is
    `floor((H + pt + pb - dy*(KH-1) - 1) / sy) + 1` (likewise for W).

    ```mlir
    %y = cgraph.conv2d %x, %w, %b {pads = array<i64: 1, 1, 1, 1>}
        : (tensor<1x3x32x32xf32>, tensor<16x3x3x3xf32>, tensor<16xf32>)
        -> tensor<1x16x32x32xf32>
    ```
  }];
  let arguments = (ins CGraph_FloatTensor:$input, CGraph_FloatTensor:$weight,
                   Optional<CGraph_FloatTensor>:$bias,
                   DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$strides,
                   DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0, 0, 0}">:$pads,
                   DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$dilations,
                   DefaultValuedAttr<I64Attr, "1">:$groups);
  let results = (outs CGraph_FloatTensor:$result);
}

def CGraph_ConvTranspose2DOp : CGraph_ComputeOp<"conv_transpose2d"> {
  let summary = "2-D transposed convolution (upsampling), NCHW";
  let description = [{
    The gradient of `conv2d` with respect to its input: every input pixel
    scatters `in[n, c, y, x] * w[c, o, ky, kx]` to output position
    `(y*sy - pt + ky*dy, x*sx - pl + kx*dx)`, plus the optional `bias`. The
    weight is `C x O/groups x KH x KW`. The output size is
    `(H - 1)*sy - pt - pb + dy*(KH - 1) + output_padding[0] + 1` (likewise
    for W).

    ```mlir
    %y = cgraph.conv_transpose2d %x, %w {strides = array<i64: 2, 2>}
        : (tensor<1x8x16x16xf32>, tensor<8x4x2x2xf32>) -> tensor<1x4x32x32xf32>
    ```
  }];
  let arguments = (ins CGraph_FloatTensor:$input, CGraph_FloatTensor:$weight,
                   Optional<CGraph_FloatTensor>:$bias,
                   DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$strides,
                   DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0, 0, 0}">:$pads,
                   DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$dilations,
                   DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0}">:$output_padding,
                   DefaultValuedAttr<I64Attr, "1">:$groups);
  let results = (outs CGraph_FloatTensor:$result);
}

def CGraph_MaxPool2DOp : CGraph_ComputeOp<"max_pool2d"> {
  let summary = "2-D max pooling, NCHW";
  let description = [{
    `out[n, c, y, x]` is the maximum of the `kernel_shape` window at
    `(y*sy - pt + ky*dy, x*sx - pl + kx*dx)`; padding never wins. The
    output size is `floor((H + pt + pb - dy*(KH-1) - 1) / sy) + 1`, with
    `ceil` instead of `floor` when `ceil_mode` is set.

    ```mlir
    %y = cgraph.max_pool2d %x {kernel_shape = array<i64: 2, 2>,
                               strides = array<i64: 2, 2>}
        : (tensor<1x16x32x32xf32>) -> tensor<1x16x16x16xf32>
    ```
  }];
  let arguments = (ins CGraph_FloatTensor:$input,
                   DenseI64ArrayAttr:$kernel_shape,
                   DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$strides,
                   DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0, 0, 0}">:$pads,
                   DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$dilations,
                   DefaultValuedAttr<BoolAttr, "false">:$ceil_mode);
  let results = (outs CGraph_FloatTensor:$result);
}

def CGraph_AvgPool2DOp : CGraph_ComputeOp<"avg_pool2d"> {
  let summary = "2-D average pooling, NCHW";
  let description = [{
    `out[n, c, y, x]` is the mean of the `kernel_shape` window at
    `(y*sy - pt + ky, x*sx - pl + kx)`. Padded positions count in the
    divisor only when `count_include_pad` is set. Output size as for
    `max_pool2d`.

    ```mlir
    %y = cgraph.avg_pool2d %x {kernel_shape = array<i64: 2, 2>,
                               strides = array<i64: 2, 2>}
        : (tensor<1x16x32x32xf32>) -> tensor<1x16x16x16xf32>
    ```
  }];
  let arguments = (ins CGraph_FloatTensor:$input,
                   DenseI64ArrayAttr:$kernel_shape,
                   DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$strides,
                   DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0, 0, 0}">:$pads,
                   DefaultValuedAttr<BoolAttr, "false">:$ceil_mode,
                   DefaultValuedAttr<BoolAttr, "false">:$count_include_pad);
  let results = (outs CGraph_FloatTensor:$result);
}

def CGraph_GlobalAvgPoolOp : CGraph_ComputeOp<"global_avg_pool"> {
  let summary = "mean over the spatial dimensions, NCHW to NCx1x1";
  let description = [{
    `out[n, c, 0, 0] = mean_{y, x} in[n, c, y, x]`.

    ```mlir
    %y = cgraph.global_avg_pool %x : (tensor<1x64x8x8xf32>) -> tensor<1x64x1x1xf32>
    ```
  }];
  let arguments = (ins CGraph_FloatTensor:$input);
  let results = (outs CGraph_FloatTensor:$result);
}

def CGraph_BatchNormOp : CGraph_ComputeOp<"batch_norm"> {
  let summary = "batch normalization in inference mode";
  let description = [{
    Normalizes channel `c` (dimension 1) of `input` with running statistics:
    `out = scale[c] * (x - mean[c]) / sqrt(var[c] + epsilon) + bias[c]`.
    `scale`, `bias`, `mean` and `var` are 1-D of the channel count.

    ```mlir
    %y = cgraph.batch_norm %x, %s, %b, %m, %v {epsilon = 1.0e-05 : f32}
        : (tensor<1x16x8x8xf32>, tensor<16xf32>, tensor<16xf32>,
           tensor<16xf32>, tensor<16xf32>) -> tensor<1x16x8x8xf32>
    ```
  }];
  let arguments = (ins CGraph_FloatTensor:$input, CGraph_FloatTensor:$scale,
                   CGraph_FloatTensor:$bias, CGraph_FloatTensor:$mean,
                   CGraph_FloatTensor:$var,
                   DefaultValuedAttr<F32Attr, "1.0e-5f">:$epsilon);
  let results = (outs CGraph_FloatTensor:$result);
}

def CGraph_LayerNormOp : CGraph_ComputeOp<"layer_norm"> {
  let summary = "layer normalization over the trailing dimensions";
  let description = [{
    Normalizes over dimensions `axis..rank-1`:
    `out = (x - mean) / sqrt(variance + epsilon) * scale + bias`, with the
    (biased) mean and variance taken over those dimensions. `scale` and the
    optional `bias` have the shape of the normalized dimensions. A negative
    `axis` counts from the end.

    ```mlir
    %y = cgraph.layer_norm %x, %g, %b {axis = -1 : i64}
        : (tensor<2x8x32xf32>, tensor<32xf32>, tensor<32xf32>) -> tensor<2x8x32xf32>
    ```
  }];
  let arguments = (ins CGraph_FloatTensor:$input, CGraph_FloatTensor:$scale,
                   Optional<CGraph_FloatTensor>:$bias,
                   DefaultValuedAttr<I64Attr, "-1">:$axis,
                   DefaultValuedAttr<F32Attr, "1.0e-5f">:$epsilon);
  let results = (outs CGraph_FloatTensor:$result);
}

def CGraph_SoftmaxOp : CGraph_ComputeOp<"softmax"> {
  let summary = "softmax along one axis";
  let description = [{
    `out = exp(x - max(x)) / sum(exp(x - max(x)))` along `axis` (negative
    counts from the end).

    ```mlir
    %p = cgraph.softmax %x {axis = 1 : i64} : (tensor<1x10xf32>) -> tensor<1x10xf32>
    ```
  }];
  let arguments = (ins CGraph_FloatTensor:$input,
                   DefaultValuedAttr<I64Attr, "-1">:$axis);
  let results = (outs CGraph_FloatTensor:$result);
}

#endif // MCG_DIALECT_CGRAPH_IR_CGRAPHNNOPS_TD
