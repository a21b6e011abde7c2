//===- CGraphShapeOps.td - reductions and data movement ----*- tablegen -*-===//
//
// Reductions, and ops that move data without arithmetic: reshape,
// transpose, concat, slice, pad, gather, flatten.
//
//===----------------------------------------------------------------------===//

#ifndef MCG_DIALECT_CGRAPH_IR_CGRAPHSHAPEOPS_TD
#define MCG_DIALECT_CGRAPH_IR_CGRAPHSHAPEOPS_TD

include "mcg/Dialect/CGraph/IR/CGraphBase.td"
include "mcg/Dialect/CGraph/IR/CGraphInterfaces.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

class CGraph_ReduceOp<string mnemonic, string combiner>
    : CGraph_Op<mnemonic, [Pure, CGraph_VerifyShapeFirst, InferTypeOpAdaptor,
        DeclareOpInterfaceMethods<CGraph_FlopCountOpInterface, ["getFlopCount"]>]> {
  let summary = "reduce with " # combiner # " over the given axes";
  let description = "Reduces `input` with " # combiner # " over `axes` "
    # "(negative values count from the end; an empty list reduces every "
    # "dimension). With `keepdims` (the default) reduced dimensions stay as "
    # "size 1, otherwise they are removed.\n\n"
    # "```mlir\n"
    # "%r = cgraph." # mnemonic # " %x {axes = array<i64: 1>, keepdims = false}"
    # " : (tensor<2x3xf32>) -> tensor<2xf32>\n"
    # "```";
  let arguments = (ins CGraph_Tensor:$input,
                   DefaultValuedAttr<DenseI64ArrayAttr, "{}">:$axes,
                   DefaultValuedAttr<BoolAttr, "true">:$keepdims);
  let results = (outs CGraph_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

def CGraph_ReduceSumOp : CGraph_ReduceOp<"reduce_sum", "a sum">;
def CGraph_ReduceMeanOp : CGraph_ReduceOp<"reduce_mean", "the mean">;
def CGraph_ReduceMaxOp : CGraph_ReduceOp<"reduce_max", "the maximum">;
def CGraph_ReduceMinOp : CGraph_ReduceOp<"reduce_min", "the minimum">;

class CGraph_ArgReduceOp<string mnemonic, string extremum>
    : CGraph_Op<mnemonic, [Pure, CGraph_VerifyShapeFirst, InferTypeOpAdaptor,
        DeclareOpInterfaceMethods<CGraph_FlopCountOpInterface, ["getFlopCount"]>]> {
  let summary = "index of the " # extremum # " along one axis";
  let description = "Returns, for every position of the other dimensions, "
    # "the index along `axis` (negative counts from the end) of the "
    # extremum # " of `input`, as int64 (ONNX Arg" # !if(!eq(extremum,
    "maximum"), "Max", "Min") # "). Among equal values the first index wins, "
    # "or the last with `select_last_index`; NaN counts as the " # extremum
    # " (as numpy and torch do). With `keepdims` (the default) the reduced "
    # "dimension stays as size 1, otherwise it is removed. The axis must "
    # "not be empty.\n\n"
    # "```mlir\n"
    # "%i = cgraph." # mnemonic # " %x {axis = 1 : i64, keepdims = false}"
    # " : (tensor<2x3xf32>) -> tensor<2xi64>\n"
    # "```";
  let arguments = (ins RankedTensorOf<[AnyFloat, I8, I16, I32, I64]>:$input,
                   DefaultValuedAttr<I64Attr, "0">:$axis,
                   DefaultValuedAttr<BoolAttr, "true">:$keepdims,
                   DefaultValuedAttr<BoolAttr, "false">:$select_last_index);
  let results = (outs RankedTensorOf<[I64]>:$result);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

def CGraph_ArgMaxOp : CGraph_ArgReduceOp<"argmax", "maximum">;
def CGraph_ArgMinOp : CGraph_ArgReduceOp<"argmin", "minimum">;

//===----------------------------------------------------------------------===//
// Data movement
//===----------------------------------------------------------------------===//

def CGraph_ReshapeOp : CGraph_Op<"reshape", [Pure]> {
  let summary = "reinterpret a tensor with another shape";
  let description = [{
    Returns the elements of `input` in row-major order, with the result's
    shape. The element count and element type must not change.

    ```mlir
    %r = cgraph.reshape %x : tensor<2x3x4xf32> -> tensor<6x4xf32>
    ```
  }];
  let arguments = (ins CGraph_Tensor:$input);
  let results = (outs CGraph_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasVerifier = 1;
}

def CGraph_TransposeOp : CGraph_Op<"transpose", [Pure, CGraph_VerifyShapeFirst, InferTypeOpAdaptor]> {
  let summary = "permute the dimensions of a tensor";
  let description = [{
    `result` dimension `i` is `input` dimension `perm[i]`:
    `out[i_0, ..., i_n] = in[j]` with `j[perm[k]] = i_k`.

    ```mlir
    %r = cgraph.transpose %x {perm = array<i64: 0, 2, 1>}
        : (tensor<2x3x4xf32>) -> tensor<2x4x3xf32>
    ```
  }];
  let arguments = (ins CGraph_Tensor:$input, DenseI64ArrayAttr:$perm);
  let results = (outs CGraph_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

def CGraph_ConcatOp : CGraph_Op<"concat", [Pure, CGraph_VerifyShapeFirst, InferTypeOpAdaptor,
                                           SameOperandsAndResultElementType]> {
  let summary = "join tensors along one axis";
  let description = [{
    Concatenates the inputs along `axis` (negative counts from the end); all
    other dimensions must be equal.

    ```mlir
    %r = cgraph.concat %a, %b {axis = 1 : i64}
        : (tensor<1x4xf32>, tensor<1x6xf32>) -> tensor<1x10xf32>
    ```
  }];
  let arguments = (ins Variadic<CGraph_Tensor>:$inputs, I64Attr:$axis);
  let results = (outs CGraph_Tensor:$result);
  let assemblyFormat = "$inputs attr-dict `:` functional-type(operands, results)";
}

def CGraph_SliceOp : CGraph_Op<"slice", [Pure, CGraph_VerifyShapeFirst, InferTypeOpAdaptor]> {
  let summary = "a strided window of a tensor";
  let description = [{
    Takes, in every dimension `d`, the elements `starts[d], starts[d] +
    steps[d], ...` below `ends[d]`. The three lists have one entry per
    dimension, with `0 <= starts[d] <= ends[d] <= dim(d)` and
    `steps[d] >= 1`; the result dimension is `ceil((ends - starts) / steps)`.
    (ONNX's negative and clamped indices are normalized by the importer.)
    A dynamic dimension's end may be 9223372036854775807 (INT64_MAX, as
    in ONNX): the end of that dimension, whose result dimension is dynamic
    too (a model imported with its symbolic dimensions kept).

    ```mlir
    %r = cgraph.slice %x {starts = array<i64: 0, 1>, ends = array<i64: 2, 5>,
                          steps = array<i64: 1, 2>}
        : (tensor<2x6xf32>) -> tensor<2x2xf32>
    ```
  }];
  let arguments = (ins CGraph_Tensor:$input, DenseI64ArrayAttr:$starts,
                   DenseI64ArrayAttr:$ends, DenseI64ArrayAttr:$steps);
  let results = (outs CGraph_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let extraClassDeclaration = [{
    /// The end of a dynamic dimension, whatever its size.
    static constexpr int64_t kToEnd = std::numeric_limits<int64_t>::max();
  }];
}

def CGraph_PadOp : CGraph_Op<"pad", [Pure, CGraph_VerifyShapeFirst, InferTypeOpAdaptor]> {
  let summary = "pad a tensor at both ends of every dimension";
  let description = [{
    Adds `pads[d]` elements before and `pads[rank + d]` elements after
    dimension `d` (ONNX order: all begins, then all ends; non-negative). The
    new elements are `value` (`constant` mode), a mirror of the interior
    (`reflect`) or a copy of the edge (`edge`).

    ```mlir
    %r = cgraph.pad %x {pads = array<i64: 0, 1, 0, 1>, value = 0.0}
        : (tensor<2x3xf32>) -> tensor<2x5xf32>
    ```
  }];
  let arguments = (ins CGraph_Tensor:$input, DenseI64ArrayAttr:$pads,
                   DefaultValuedAttr<CGraph_PadModeAttr,
                                     "::mcg::cgraph::PadMode::constant">:$mode,
                   DefaultValuedAttr<F64Attr, "0.0">:$value);
  let results = (outs CGraph_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

def CGraph_GatherOp : CGraph_Op<"gather", [Pure, CGraph_VerifyShapeFirst, InferTypeOpAdaptor]> {
  let summary = "select slices of a tensor by index along one axis";
  let description = [{
    `out[i..., j..., k...] = data[i..., indices[j...], k...]`, where `i`
    ranges over the dimensions before `axis` and `k` over those after it
    (ONNX Gather). The result shape is
    `data.shape[:axis] + indices.shape + data.shape[axis+1:]`. A negative
    index counts from the end of the axis. An index outside `[-n, n)`
    (`n` the size of the axis) is an error when it is a dense literal
    constant (the verifier reports it); otherwise (computed at run time, or
    a `dense_resource` table) it is clamped
    into `[0, n - 1]` after the negative adjustment, so the generated code
    never reads outside `data`.

    ```mlir
    %r = cgraph.gather %table, %ids {axis = 0 : i64}
        : (tensor<100x16xf32>, tensor<4xi64>) -> tensor<4x16xf32>
    ```
  }];
  let arguments = (ins CGraph_Tensor:$data, CGraph_IndexTensor:$indices,
                   DefaultValuedAttr<I64Attr, "0">:$axis);
  let results = (outs CGraph_Tensor:$result);
  let assemblyFormat = "operands attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def CGraph_FlattenOp : CGraph_Op<"flatten", [Pure, CGraph_VerifyShapeFirst, InferTypeOpAdaptor]> {
  let summary = "collapse a tensor to 2-D around an axis";
  let description = [{
    Reshapes `input` to `(prod(shape[:axis]), prod(shape[axis:]))` (ONNX
    Flatten; a negative axis counts from the end).

    ```mlir
    %r = cgraph.flatten %x {axis = 1 : i64}
        : (tensor<1x64x1x1xf32>) -> tensor<1x64xf32>
    ```
  }];
  let arguments = (ins CGraph_Tensor:$input,
                   DefaultValuedAttr<I64Attr, "1">:$axis);
  let results = (outs CGraph_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

#endif // MCG_DIALECT_CGRAPH_IR_CGRAPHSHAPEOPS_TD
