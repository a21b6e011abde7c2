//===- CGraphElementwiseOps.td - elementwise ops -----------*- tablegen -*-===//
//
// Unary and binary elementwise ops and casts. Binary ops broadcast their
// operands with numpy rules.
//
//===----------------------------------------------------------------------===//

#ifndef MCG_DIALECT_CGRAPH_IR_CGRAPHELEMENTWISEOPS_TD
#define MCG_DIALECT_CGRAPH_IR_CGRAPHELEMENTWISEOPS_TD

include "mcg/Dialect/CGraph/IR/CGraphBase.td"
include "mcg/Dialect/CGraph/IR/CGraphInterfaces.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

//===----------------------------------------------------------------------===//
// Binary ops
//===----------------------------------------------------------------------===//

class CGraph_BinaryOp<string mnemonic, string semantics,
                      Type operandType = CGraph_Tensor,
                      list<Trait> traits = []>
    : CGraph_Op<mnemonic, !listconcat(traits, [
        Pure, SameOperandsAndResultElementType, CGraph_VerifyShapeFirst, InferTypeOpAdaptor,
        CGraph_FlopCountOpInterface])> {
  let summary = "elementwise " # mnemonic # " with numpy broadcasting";
  let description = "Computes `" # semantics # "` for every element of the "
    # "broadcast shape of the operands. The operands are broadcast with numpy "
    # "rules: shapes are aligned at their trailing dimension, and a dimension "
    # "of size 1 stretches to the other operand's size. The operands must "
    # "have the same element type.\n\n"
    # "```mlir\n"
    # "%r = cgraph." # mnemonic # " %a, %b : (tensor<2x3xf32>, tensor<3xf32>) "
    # "-> tensor<2x3xf32>\n"
    # "```";
  let arguments = (ins operandType:$lhs, operandType:$rhs);
  let results = (outs operandType:$result);
  let assemblyFormat =
    "$lhs `,` $rhs attr-dict `:` functional-type(operands, results)";
}

def CGraph_AddOp : CGraph_BinaryOp<"add", "lhs + rhs", CGraph_Tensor, [Commutative]>;
def CGraph_SubOp : CGraph_BinaryOp<"sub", "lhs - rhs">;
def CGraph_MulOp : CGraph_BinaryOp<"mul", "lhs * rhs", CGraph_Tensor, [Commutative]>;
def CGraph_DivOp : CGraph_BinaryOp<"div", "lhs / rhs">;
def CGraph_MaxOp : CGraph_BinaryOp<"max", "max(lhs, rhs)", CGraph_Tensor, [Commutative]>;
def CGraph_MinOp : CGraph_BinaryOp<"min", "min(lhs, rhs)", CGraph_Tensor, [Commutative]>;
def CGraph_PowOp : CGraph_BinaryOp<"pow", "lhs ^ rhs", CGraph_FloatTensor>;

//===----------------------------------------------------------------------===//
// Comparisons, logic and select (i1 masks)
//===----------------------------------------------------------------------===//

def CGraph_MaskTensor : RankedTensorOf<[I1]>;

class CGraph_CompareOp<string mnemonic, string semantics>
    : CGraph_Op<mnemonic, [Pure, AllElementTypesMatch<["lhs", "rhs"]>,
        CGraph_VerifyShapeFirst, InferTypeOpAdaptor]> {
  let summary = "elementwise `" # semantics # "`, an i1 mask";
  let description = "Computes `" # semantics # "` for every element of the "
    # "broadcast shape of the operands (numpy rules), as an i1 tensor. The "
    # "operands have the same element type; a float comparison with NaN is "
    # "false (numpy, ONNX).\n\n"
    # "```mlir\n"
    # "%m = cgraph." # mnemonic # " %a, %b : (tensor<2x3xf32>, tensor<3xf32>) "
    # "-> tensor<2x3xi1>\n"
    # "```";
  let arguments = (ins CGraph_Tensor:$lhs, CGraph_Tensor:$rhs);
  let results = (outs CGraph_MaskTensor:$result);
  let assemblyFormat =
    "$lhs `,` $rhs attr-dict `:` functional-type(operands, results)";
}

def CGraph_EqualOp : CGraph_CompareOp<"equal", "lhs == rhs">;
def CGraph_LessOp : CGraph_CompareOp<"less", "lhs < rhs">;
def CGraph_LessEqualOp : CGraph_CompareOp<"less_equal", "lhs <= rhs">;
def CGraph_GreaterOp : CGraph_CompareOp<"greater", "lhs > rhs">;
def CGraph_GreaterEqualOp : CGraph_CompareOp<"greater_equal", "lhs >= rhs">;

def CGraph_AndOp : CGraph_BinaryOp<"and", "lhs and rhs", CGraph_MaskTensor,
                                   [Commutative]>;
def CGraph_OrOp : CGraph_BinaryOp<"or", "lhs or rhs", CGraph_MaskTensor,
                                  [Commutative]>;
def CGraph_XorOp : CGraph_BinaryOp<"xor", "lhs xor rhs", CGraph_MaskTensor,
                                   [Commutative]>;

def CGraph_SelectOp : CGraph_Op<"select", [Pure,
    AllElementTypesMatch<["on_true", "on_false", "result"]>,
    CGraph_VerifyShapeFirst, InferTypeOpAdaptor]> {
  let summary = "choose elements by an i1 mask";
  let description = [{
    `result = condition ? on_true : on_false` for every element of the
    broadcast shape of the three operands (numpy rules; ONNX Where).

    ```mlir
    %r = cgraph.select %m, %a, %b
        : (tensor<2x3xi1>, tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xf32>
    ```
  }];
  let arguments = (ins CGraph_MaskTensor:$condition, CGraph_Tensor:$on_true,
                   CGraph_Tensor:$on_false);
  let results = (outs CGraph_Tensor:$result);
  let assemblyFormat = "operands attr-dict `:` functional-type(operands, results)";
}

//===----------------------------------------------------------------------===//
// Unary ops
//===----------------------------------------------------------------------===//

class CGraph_UnaryOp<string mnemonic, string semantics,
                     Type operandType = CGraph_FloatTensor,
                     list<Trait> traits = []>
    : CGraph_Op<mnemonic, !listconcat(traits, [
        Pure, SameOperandsAndResultType,
        CGraph_FlopCountOpInterface])> {
  let summary = "elementwise " # mnemonic;
  let description = "Computes `" # semantics # "` for every element; the "
    # "result has the operand's type.\n\n"
    # "```mlir\n"
    # "%r = cgraph." # mnemonic # " %x : tensor<2x3xf32>\n"
    # "```";
  let arguments = (ins operandType:$input);
  let results = (outs operandType:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

def CGraph_NegOp : CGraph_UnaryOp<"neg", "-x", CGraph_Tensor>;
def CGraph_AbsOp : CGraph_UnaryOp<"abs", "|x|", CGraph_Tensor>;
def CGraph_ExpOp : CGraph_UnaryOp<"exp", "e^x">;
def CGraph_LogOp : CGraph_UnaryOp<"log", "ln(x)">;
def CGraph_SqrtOp : CGraph_UnaryOp<"sqrt", "sqrt(x)">;
def CGraph_RsqrtOp : CGraph_UnaryOp<"rsqrt", "1 / sqrt(x)">;
def CGraph_TanhOp : CGraph_UnaryOp<"tanh", "tanh(x)">;
def CGraph_SigmoidOp : CGraph_UnaryOp<"sigmoid", "1 / (1 + e^-x)">;
def CGraph_ReluOp : CGraph_UnaryOp<"relu", "max(x, 0)">;
def CGraph_ErfOp : CGraph_UnaryOp<"erf", "erf(x)">;
def CGraph_NotOp : CGraph_UnaryOp<"not", "not x", CGraph_MaskTensor>;

def CGraph_GeluOp : CGraph_UnaryOp<"gelu",
    "x * Phi(x), Phi the standard normal CDF (or its tanh approximation)"> {
  let arguments = (ins CGraph_FloatTensor:$input,
      DefaultValuedAttr<CGraph_GeluApproximationAttr,
                        "::mcg::cgraph::GeluApproximation::none">:$approximation);
}

def CGraph_ClipOp : CGraph_UnaryOp<"clip", "min(max(x, min), max)"> {
  let arguments = (ins CGraph_FloatTensor:$input, F64Attr:$min, F64Attr:$max);
  let hasVerifier = 1;
}

def CGraph_LeakyReluOp : CGraph_UnaryOp<"leaky_relu",
    "x if x >= 0, alpha * x otherwise"> {
  let arguments = (ins CGraph_FloatTensor:$input,
                   DefaultValuedAttr<F64Attr, "0.01">:$alpha);
}

//===----------------------------------------------------------------------===//
// Cast
//===----------------------------------------------------------------------===//

def CGraph_CastOp : CGraph_Op<"cast", [Pure]> {
  let summary = "elementwise conversion to another element type";
  let description = [{
    Converts every element to the result's element type (float to float
    rounds to nearest, float to integer truncates toward zero, integer to
    float is exact where representable). The shape is unchanged.

    ```mlir
    %r = cgraph.cast %x : tensor<2x3xf32> -> tensor<2x3xi64>
    ```
  }];
  let arguments = (ins CGraph_Tensor:$input);
  let results = (outs CGraph_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasVerifier = 1;
}

#endif // MCG_DIALECT_CGRAPH_IR_CGRAPHELEMENTWISEOPS_TD
