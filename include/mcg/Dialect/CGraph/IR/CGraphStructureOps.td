//===- CGraphStructureOps.td - graph, output, yield -------*- tablegen -*-===//
//
// The ops that give a cgraph program its structure: the graph symbol, its
// terminator, region terminators, fusion groups and constants.
//
//===----------------------------------------------------------------------===//

#ifndef MCG_DIALECT_CGRAPH_IR_CGRAPHSTRUCTUREOPS_TD
#define MCG_DIALECT_CGRAPH_IR_CGRAPHSTRUCTUREOPS_TD

include "mcg/Dialect/CGraph/IR/CGraphBase.td"
include "mlir/IR/OpAsmInterface.td"
include "mlir/IR/SymbolInterfaces.td"
include "mlir/Interfaces/CallInterfaces.td"
include "mlir/Interfaces/ControlFlowInterfaces.td"
include "mlir/Interfaces/FunctionInterfaces.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def CGraph_GraphOp : CGraph_Op<"graph", [
    IsolatedFromAbove, FunctionOpInterface, SingleBlock,
    DeclareOpInterfaceMethods<OpAsmOpInterface, ["getAsmBlockArgumentNames"]>
  ]> {
  let summary = "a producer graph with named inputs and named outputs";
  let description = [{
    `cgraph.graph` holds one producer graph: a single block whose arguments
    are the graph's inputs and whose `cgraph.output` terminator yields its
    outputs. Every input and every output has a name, unique within the
    graph among inputs and among outputs; the names are what a user types on
    the command line (`--prune-to=cls`) and what an ONNX file carries. They
    are kept in the inherent attributes `input_names` and `output_names`, so
    the generic printed form shows them too. The graph is isolated from
    above: weights live inside it as `cgraph.constant`.

    In the custom form each input and result is followed by its name:

    ```mlir
    cgraph.graph @tiny(%image: tensor<1x8xf32> as "image")
        -> (tensor<1x4xf32> as "cls", tensor<1x8xf32> as "feat") {
      %w = cgraph.constant dense<0.5> : tensor<8x4xf32>
      %f = cgraph.relu %image : (tensor<1x8xf32>) -> tensor<1x8xf32>
      %c = cgraph.matmul %f, %w
          : (tensor<1x8xf32>, tensor<8x4xf32>) -> tensor<1x4xf32>
      cgraph.output %c, %f : tensor<1x4xf32>, tensor<1x8xf32>
    }
    ```

    An input or output may have dynamic dimensions (an ONNX model imported
    with its symbolic dimensions kept, for extraction; code generation
    needs static shapes). Its argument or result attribute
    `cgraph.dim_params` then names them: one string per dimension, the
    ONNX `dim_param` of a dynamic dimension, empty for an unnamed or
    static one.

    ```mlir
    cgraph.graph @g(%x: tensor<?x8xf32> {cgraph.dim_params = ["batch", ""]} as "x")
        -> (tensor<?x8xf32> {cgraph.dim_params = ["batch", ""]} as "y") {
      %y = cgraph.relu %x : (tensor<?x8xf32>) -> tensor<?x8xf32>
      cgraph.output %y : tensor<?x8xf32>
    }
    ```
  }];

  let arguments = (ins SymbolNameAttr:$sym_name,
                       TypeAttrOf<FunctionType>:$function_type,
                       StrArrayAttr:$input_names,
                       StrArrayAttr:$output_names,
                       OptionalAttr<StrAttr>:$sym_visibility,
                       OptionalAttr<DictArrayAttr>:$arg_attrs,
                       OptionalAttr<DictArrayAttr>:$res_attrs);
  let regions = (region SizedRegion<1>:$body);

  let builders = [OpBuilder<(ins "::llvm::StringRef":$name,
      "::mlir::FunctionType":$type,
      "::llvm::ArrayRef<::llvm::StringRef>":$inputNames,
      "::llvm::ArrayRef<::llvm::StringRef>":$outputNames)>];

  let extraClassDeclaration = [{
    /// FunctionOpInterface: the body region (a graph always has one).
    ::mlir::Region *getCallableRegion() { return &getBody(); }
    ::llvm::ArrayRef<::mlir::Type> getArgumentTypes() {
      return getFunctionType().getInputs();
    }
    ::llvm::ArrayRef<::mlir::Type> getResultTypes() {
      return getFunctionType().getResults();
    }
    bool isDeclaration() { return false; }

    /// The terminator of the body.
    OutputOp getOutputOp();

    /// The argument and result attribute naming dynamic dimensions.
    static constexpr ::llvm::StringLiteral kDimParamsAttrName =
        "cgraph.dim_params";
    /// The name `params` (a `cgraph.dim_params` value, or null) gives
    /// dimension `d`; empty when it names none.
    static ::llvm::StringRef getDimParam(::mlir::ArrayAttr params, int64_t d);

    /// The name of input `i` / output `i`.
    ::llvm::StringRef getInputName(unsigned i);
    ::llvm::StringRef getOutputName(unsigned i);

    /// The index of the output or input called `name`, if any.
    std::optional<unsigned> lookupOutput(::llvm::StringRef name);
    std::optional<unsigned> lookupInput(::llvm::StringRef name);
  }];

  let hasCustomAssemblyFormat = 1;
  let hasVerifier = 1;
  let hasRegionVerifier = 1;
  let skipDefaultBuilders = 1;
}

def CGraph_OutputOp : CGraph_Op<"output", [
    Pure, Terminator, ReturnLike, HasParent<"GraphOp">]> {
  let summary = "the outputs of a graph";
  let description = [{
    Terminates a `cgraph.graph` and yields its outputs, in the order of the
    graph's `output_names`. The operand types must equal the graph's result
    types.

    ```mlir
    cgraph.output %cls, %seg : tensor<1x10xf32>, tensor<1x2x32x32xf32>
    ```
  }];
  let arguments = (ins Variadic<AnyType>:$operands);
  let assemblyFormat = "attr-dict ($operands^ `:` type($operands))?";
  let builders = [OpBuilder<(ins), "build($_builder, $_state, {});">];
}

def CGraph_YieldOp : CGraph_Op<"yield", [
    Pure, Terminator, ReturnLike, ParentOneOf<["IfOp", "LoopOp", "ScanOp", "FusedOp"]>]> {
  let summary = "the results of a region: an if branch, a loop or scan body, a fused group";
  let description = [{
    Terminates a region of `cgraph.if`, `cgraph.loop`, `cgraph.scan` or
    `cgraph.fused`; its operands become the results of the parent op (for
    `cgraph.if`, when that branch is taken; for the loops, the values of
    one iteration).

    ```mlir
    cgraph.yield %x : tensor<4xf32>
    ```
  }];
  let arguments = (ins Variadic<AnyType>:$operands);
  let assemblyFormat = "attr-dict ($operands^ `:` type($operands))?";
}

def CGraph_FusedOp : CGraph_Op<"fused", [
    IsolatedFromAbove, RecursiveMemoryEffects]> {
  let summary = "a group of ops to run as one loop nest";
  let description = [{
    A fusion group formed by `--fuse`: its region computes the results from
    the block arguments, which are bound to `inputs`. `kind` records the
    rule that formed the group (a contraction with its elementwise
    epilogue, a chain of elementwise ops, or a normalization with its
    elementwise prologue); code generation turns the group into one loop
    nest. The region is isolated: weights are inputs too. The ops inside
    keep their source locations, and the group's location fuses them.

    ```mlir
    %y = cgraph.fused <contraction_epilogue> (%x, %w, %b)
        : (tensor<1x8xf32>, tensor<8x4xf32>, tensor<4xf32>) -> tensor<1x4xf32> {
    ^bb0(%a: tensor<1x8xf32>, %c: tensor<8x4xf32>, %d: tensor<4xf32>):
      %m = cgraph.matmul %a, %c : (tensor<1x8xf32>, tensor<8x4xf32>) -> tensor<1x4xf32>
      %s = cgraph.add %m, %d : (tensor<1x4xf32>, tensor<4xf32>) -> tensor<1x4xf32>
      %r = cgraph.relu %s : tensor<1x4xf32>
      cgraph.yield %r : tensor<1x4xf32>
    }
    ```
  }];
  let arguments = (ins CGraph_FusionKindAttr:$kind,
                   Variadic<AnyRankedTensor>:$inputs);
  let results = (outs Variadic<AnyRankedTensor>:$results);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = [{
    $kind `(` $inputs `)` attr-dict `:` functional-type($inputs, $results)
    $body
  }];
  let hasRegionVerifier = 1;
}

def CGraph_ConstantOp : CGraph_Op<"constant", [
    ConstantLike, Pure,
    AllTypesMatch<["value", "result"]>]> {
  let summary = "a constant tensor (weights)";
  let description = [{
    Produces the tensor held by `value`: a dense literal, or a
    `dense_resource` blob for large weights so that big models parse and
    print without text-encoding every element.

    ```mlir
    %w = cgraph.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
    %b = cgraph.constant dense_resource<conv1_w> : tensor<16x3x3x3xf32>
    ```
  }];
  let arguments = (ins ElementsAttr:$value);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = "attr-dict $value";
  let hasFolder = 1;
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// The number of bytes of the constant's payload (elements times element
    /// size, sub-byte types rounded up to a byte per element).
    int64_t getPayloadBytes();
  }];
}

#endif // MCG_DIALECT_CGRAPH_IR_CGRAPHSTRUCTUREOPS_TD
