//===- CGraphBase.td - cgraph dialect definition -----------*- tablegen -*-===//
//
// The cgraph dialect: a producer graph of tensor operations with named inputs
// and outputs, the representation on which mcg prunes, folds and fuses.
//
//===----------------------------------------------------------------------===//

#ifndef MCG_DIALECT_CGRAPH_IR_CGRAPHBASE_TD
#define MCG_DIALECT_CGRAPH_IR_CGRAPHBASE_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"

def CGraph_Dialect : Dialect {
  let name = "cgraph";
  let cppNamespace = "::mcg::cgraph";
  let summary = "Producer graphs of tensor operations with named outputs";
  let description = [{
    `cgraph` represents a trained model as a *producer graph*: a
    `cgraph.graph` symbol whose named inputs flow through tensor operations
    into named outputs. Every op verifies its operands and infers its result
    type, so a malformed graph is rejected with a diagnostic that names the
    op, the operand and the shapes involved.

    Values are builtin ranked tensors (f32 first; f16/bf16, i64/i32 and i1
    where an op needs them). Weights are `cgraph.constant` ops, either dense
    literals or `dense_resource` blobs.

    The dialect is the input of `--prune-to`, which cuts a graph down to the
    *min_consumer* subgraph of a set of outputs.
  }];
  let useDefaultAttributePrinterParser = 1;
  let extraClassDeclaration = [{
    /// Adds the dialect fold interface (constant folding of small results).
    void registerFoldInterface();
  }];
  let hasConstantMaterializer = 1;
  let hasCanonicalizer = 1;
}

//===----------------------------------------------------------------------===//
// Enums
//===----------------------------------------------------------------------===//

def CGraph_PadMode : I32EnumAttr<"PadMode", "padding mode", [
    I32EnumAttrCase<"constant", 0>,
    I32EnumAttrCase<"reflect", 1>,
    I32EnumAttrCase<"edge", 2>]> {
  let cppNamespace = "::mcg::cgraph";
  let genSpecializedAttr = 0;
}
def CGraph_PadModeAttr : EnumAttr<CGraph_Dialect, CGraph_PadMode, "pad_mode"> {
  let assemblyFormat = "`<` $value `>`";
}

def CGraph_GeluApproximation : I32EnumAttr<"GeluApproximation",
    "approximation used by gelu", [
    I32EnumAttrCase<"none", 0>,
    I32EnumAttrCase<"tanh", 1>]> {
  let cppNamespace = "::mcg::cgraph";
  let genSpecializedAttr = 0;
}
def CGraph_GeluApproximationAttr
    : EnumAttr<CGraph_Dialect, CGraph_GeluApproximation, "gelu_approximation"> {
  let assemblyFormat = "`<` $value `>`";
}

def CGraph_FusionKind : I32EnumAttr<"FusionKind",
    "what a cgraph.fused group was formed from", [
    I32EnumAttrCase<"contraction_epilogue", 0>,
    I32EnumAttrCase<"elementwise", 1>,
    I32EnumAttrCase<"normalization", 2>]> {
  let cppNamespace = "::mcg::cgraph";
  let genSpecializedAttr = 0;
}
def CGraph_FusionKindAttr
    : EnumAttr<CGraph_Dialect, CGraph_FusionKind, "fusion_kind"> {
  let assemblyFormat = "`<` $value `>`";
}

//===----------------------------------------------------------------------===//
// Base classes and type constraints
//===----------------------------------------------------------------------===//

/// Verifies shapes with the op's own inference before InferTypeOpInterface
/// (see CGraphTraits.h); list it before InferTypeOpAdaptor.
def CGraph_VerifyShapeFirst : NativeOpTrait<"VerifyShapeFirst"> {
  let cppNamespace = "::mcg::cgraph::CGraphTrait";
}

class CGraph_Op<string mnemonic, list<Trait> traits = []>
    : Op<CGraph_Dialect, mnemonic, traits>;

def CGraph_FloatTensor : RankedTensorOf<[AnyFloat]>;
def CGraph_IndexTensor : RankedTensorOf<[I32, I64]>;
def CGraph_Tensor : RankedTensorOf<[AnyFloat, AnySignlessInteger]>;
def CGraph_BoolScalarTensor : 0DTensorOf<[I1]>;

#endif // MCG_DIALECT_CGRAPH_IR_CGRAPHBASE_TD
