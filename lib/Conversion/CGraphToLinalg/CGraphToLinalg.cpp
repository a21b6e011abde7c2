//===- CGraphToLinalg.cpp - the convert-cgraph-to-linalg pass -------------===//
//
// Outlines every op of a cgraph.graph into its own kernel function, turns
// the graph into a func.func calling the kernels in order, and lowers the
// cgraph ops inside the kernels with the per-family patterns.
//
//===----------------------------------------------------------------------===//

#include "mcg/Conversion/CGraphToLinalg/CGraphToLinalg.h"
#include "KernelProfile.h"
#include "LoweringHelpers.h"
#include "mcg/Codegen/KernelProfile.h"
#include "mcg/Conversion/Passes.h"
#include "mcg/Dialect/CGraph/IR/CGraph.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Transforms/RegionUtils.h"
#include "llvm/ADT/SetVector.h"

namespace mcg {
#define GEN_PASS_DEF_CONVERTCGRAPHTOLINALG
#include "mcg/Conversion/Passes.h.inc"
} // namespace mcg

using namespace mlir;
using namespace mcg::cgraph;

namespace {

/// A constant inside a kernel (in a fusion group's region: the graph's own
/// constants become arith.constant when the graph is outlined, and those of
/// cgraph.if regions are moved out first) -> arith.constant. Inside a
/// kernel an i1 tensor is i1, not its i8 storage.
struct ConstantLowering : public OpRewritePattern<ConstantOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ConstantOp op,
                                PatternRewriter &rewriter) const override {
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(
        op, cast<TypedAttr>(op.getValue()));
    return success();
  }
};

struct ConvertCGraphToLinalgPass
    : public mcg::impl::ConvertCGraphToLinalgBase<ConvertCGraphToLinalgPass> {
  using Base::Base;
  void runOnOperation() override;

  /// Replaces `graph` by a func.func calling one kernel per op.
  LogicalResult outlineGraph(GraphOp graph);

  /// The kernels outlined so far, by signature. Across the graphs of the
  /// module too: the entries of a multi-entry library (mcg-compile --entry)
  /// are slices of one model, and the ops they share become one kernel.
  llvm::DenseMap<FunctionType, SmallVector<func::FuncOp>> kernelsByType;
};

/// i1 masks cross function boundaries as i8 (one byte per element, as
/// numpy's bool): the vector lowering stores vector<Nxi1> as packed bits,
/// so an i1 buffer written by a vectorized kernel and read elsewhere would
/// be garbled. Inside a kernel, masks stay i1 in registers.
Type storageType(Type t) {
  auto tensor = dyn_cast<RankedTensorType>(t);
  if (!tensor || !tensor.getElementType().isInteger(1))
    return t;
  return tensor.clone(IntegerType::get(t.getContext(), 8));
}

SmallVector<Type> storageTypes(TypeRange types) {
  return llvm::map_to_vector(types, storageType);
}

/// Ops that move elements without looking at them: they run on the i8
/// storage of a mask directly.
bool movesData(Operation *op) {
  return isa<ReshapeOp, FlattenOp, TransposeOp, ConcatOp, SliceOp, PadOp,
             GatherOp>(op);
}

/// `v` (a kernel argument or result) converted between its i8 storage and
/// the i1 mask the ops use, as a cgraph.cast the elementwise lowering
/// fuses into its neighbours.
Value convertMask(OpBuilder &b, Location loc, Value v, Type to) {
  if (v.getType() == to)
    return v;
  return CastOp::create(b, loc, to, v).getResult();
}

/// Whether the kernel of `op` rebuilds the constant `input` instead of
/// taking it as an argument: a splat that only binary arithmetic reads (an
/// exponent, an epsilon, a divisor). The lowering then folds it into the
/// loop body as a scalar, where the code can use its value. Passed as an
/// argument, it was opaque to LLVM once the loop was outlined into an
/// OpenMP region: vit_b_16's LayerNorm `pow(x, 2)` stayed one libm `powf`
/// call per element on two threads (0.02 -> 0.84 ms per call), while one
/// thread's code, inlined into the caller, folded it to `x * x`.
bool rebuiltInKernel(Value input, Operation *op) {
  auto cst = input.getDefiningOp<ConstantOp>();
  auto dense = cst ? dyn_cast<DenseElementsAttr>(cst.getValue()) : nullptr;
  if (!dense || !dense.isSplat() ||
      storageType(dense.getType()) != dense.getType())
    return false;
  auto fused = dyn_cast<FusedOp>(op);
  if (!fused)
    return isBinaryArithmetic(op);
  if (!llvm::is_contained(fused.getInputs(), input))
    return false;
  for (auto [arg, v] :
       llvm::zip(fused.getBody().front().getArguments(), fused.getInputs()))
    if (v == input && !llvm::all_of(arg.getUsers(), isBinaryArithmetic))
      return false;
  return true;
}

/// Whether `op` returns its only operand unchanged: a pad of nothing, a
/// concatenation of one input, a reshape or flatten to the input's own
/// shape, an identity transpose, a cast to the input's own type. Exporters
/// write such ops (torch writes a zero Pad before every AveragePool that
/// counts padding, and densenet's first concatenation of each block has
/// one input); as kernels they copied the tensor.
bool returnsItsOperand(Operation *op) {
  if (op->getNumOperands() != 1 || op->getNumResults() != 1 ||
      op->getOperand(0).getType() != op->getResult(0).getType())
    return false;
  if (auto pad = dyn_cast<PadOp>(op))
    return llvm::all_of(pad.getPads(), [](int64_t p) { return p == 0; });
  if (auto transpose = dyn_cast<TransposeOp>(op))
    return llvm::equal(transpose.getPerm(),
                       llvm::seq<int64_t>(0, transpose.getPerm().size()));
  return isa<ConcatOp, ReshapeOp, FlattenOp, CastOp>(op);
}

std::string kernelName(GraphOp graph, unsigned index, Operation *op) {
  std::string kind = op->getName().stripDialect().str();
  if (auto fused = dyn_cast<FusedOp>(op))
    kind = "fused_" + stringifyFusionKind(fused.getKind()).str();
  return (graph.getSymName() + "__k" + Twine(index) + "_" + kind).str();
}

LogicalResult ConvertCGraphToLinalgPass::outlineGraph(GraphOp graph) {
  MLIRContext *ctx = &getContext();
  OpBuilder b(graph);
  FunctionType graphType = graph.getFunctionType();
  auto func = func::FuncOp::create(
      b, graph.getLoc(), graph.getSymName(),
      FunctionType::get(ctx, storageTypes(graphType.getInputs()),
                        storageTypes(graphType.getResults())));
  // The graph's inputs belong to its caller (mcg-run's arrays, a numpy
  // array passed without a copy): a kernel that computes in place, as a
  // gemm accumulating into its full-size `c`, must not write into one.
  // One-Shot Bufferize takes function arguments as writable unless told.
  for (unsigned i = 0; i < func.getNumArguments(); ++i)
    func.setArgAttr(i, bufferization::BufferizationDialect::kWritableAttrName,
                    BoolAttr::get(ctx, false));
  Block *entry = func.addEntryBlock();
  IRMapping map;
  for (auto [from, to] :
       llvm::zip(graph.getBody().front().getArguments(), entry->getArguments()))
    map.map(from, to);

  // Constants inside control-flow regions move before the op: they then
  // reach its kernel as arguments, as captured values do. (Lowered inside
  // the kernel, a branch yielding a global's buffer next to one yielding a
  // new allocation left a call to an undefined dealloc_helper; test/random.)
  for (Operation &op : graph.getBody().front())
    if (isa<IfOp, LoopOp, ScanOp>(op))
      op.walk([&](ConstantOp cst) { cst->moveBefore(&op); });

  OpBuilder body = OpBuilder::atBlockEnd(entry);
  OpBuilder kernels(ctx);
  kernels.setInsertionPointAfter(func);
  unsigned index = 0;
  for (Operation &op : graph.getBody().front()) {
    if (auto cst = dyn_cast<ConstantOp>(op)) {
      TypedAttr value = cst.getValue();
      if (storageType(value.getType()) != value.getType()) {
        auto dense = dyn_cast<DenseIntElementsAttr>(value);
        if (!dense) {
          func.erase();
          return cst.emitOpError() << "an i1 constant other than a dense "
                                      "literal cannot be lowered";
        }
        value = dense.mapValues(IntegerType::get(ctx, 8),
                                [](const APInt &x) { return x.zext(8); });
      }
      map.map(cst.getResult(),
              arith::ConstantOp::create(body, cst.getLoc(), value));
      continue;
    }
    // No kernel for an op that returns its operand, unless its result is
    // a graph output (that must be a buffer of its own).
    if (returnsItsOperand(&op) &&
        llvm::none_of(op.getResult(0).getUsers(),
                      [](Operation *user) { return isa<OutputOp>(user); })) {
      map.map(op.getResult(0), map.lookup(op.getOperand(0)));
      continue;
    }
    if (auto out = dyn_cast<OutputOp>(op)) {
      SmallVector<Value> results;
      for (Value v : out.getOperands())
        results.push_back(map.lookup(v));
      func::ReturnOp::create(body, out.getLoc(), results);
      continue;
    }
    // Kernel arguments: the operands, and the values regions capture.
    llvm::SetVector<Value> inputs(op.getOperands().begin(),
                                  op.getOperands().end());
    getUsedValuesDefinedAbove(op.getRegions(), inputs);
    SmallVector<Value> rebuilt;
    inputs.remove_if([&](Value v) {
      if (!rebuiltInKernel(v, &op))
        return false;
      rebuilt.push_back(v);
      return true;
    });
    SmallVector<Type> argTypes;
    for (Value v : inputs)
      argTypes.push_back(storageType(v.getType()));
    auto kernel = func::FuncOp::create(
        kernels, op.getLoc(), kernelName(graph, index++, &op),
        FunctionType::get(ctx, argTypes, storageTypes(op.getResultTypes())));
    kernel.setPrivate();
    kernel->setAttr("cgraph.kernel", UnitAttr::get(ctx));
    // A concatenation's inputs may be placed inside its result (plan-memory):
    // its kernel says along which (non-negative) axis it joins them.
    if (auto concat = dyn_cast<ConcatOp>(op);
        concat && inputs.size() == concat.getInputs().size()) {
      int64_t rank = cast<ShapedType>(concat.getType()).getRank();
      auto axis = static_cast<int64_t>(concat.getAxis());
      if (axis < 0)
        axis += rank;
      kernel->setAttr(mcg::kConcatAxisAttrName,
                      IntegerAttr::get(IntegerType::get(ctx, 64), axis));
    }
    Block *kEntry = kernel.addEntryBlock();
    OpBuilder kb = OpBuilder::atBlockEnd(kEntry);
    IRMapping kmap;
    // Data movement runs on the masks' i8 storage; every other op gets its
    // i1 operands back.
    bool onStorage = movesData(&op);
    for (Value v : rebuilt)
      kmap.map(v, kb.clone(*v.getDefiningOp())->getResult(0));
    for (auto [v, arg] : llvm::zip(inputs, kEntry->getArguments()))
      kmap.map(v, onStorage ? Value(arg)
                            : convertMask(kb, op.getLoc(), arg, v.getType()));
    SmallVector<Value> results;
    if (auto fused = dyn_cast<FusedOp>(op)) {
      Block &groupBody = fused.getBody().front();
      for (auto [arg, v] :
           llvm::zip(groupBody.getArguments(), fused.getInputs()))
        kmap.map(arg, kmap.lookup(v));
      for (Operation &inner : groupBody.without_terminator())
        kb.clone(inner, kmap);
      for (Value v : groupBody.getTerminator()->getOperands())
        results.push_back(kmap.lookup(v));
    } else {
      Operation *clone = kb.clone(op, kmap);
      if (onStorage)
        for (Value r : clone->getResults())
          r.setType(storageType(r.getType()));
      results.assign(clone->result_begin(), clone->result_end());
    }
    for (Value &r : results)
      r = convertMask(kb, op.getLoc(), r, storageType(r.getType()));
    func::ReturnOp::create(kb, op.getLoc(), results);

    // Ops that are alike (same types, attributes and, for a group, body;
    // resnet18's repeated blocks, an op two entries share) share one
    // kernel: less code to compile.
    SmallVector<func::FuncOp> &alike = kernelsByType[kernel.getFunctionType()];
    auto same = llvm::find_if(alike, [&](func::FuncOp other) {
      return OperationEquivalence::isRegionEquivalentTo(
          &other.getBody(), &kernel.getBody(),
          OperationEquivalence::IgnoreLocations);
    });
    bool created = same == alike.end();
    if (!created) {
      kernel.erase();
      kernel = *same;
    } else {
      alike.push_back(kernel);
      kernels.setInsertionPointAfter(kernel);
    }

    SmallVector<Value> args;
    for (Value v : inputs)
      args.push_back(map.lookup(v));
    // Arguments every call passes a constant to (weights) say so.
    for (auto [i, arg] : llvm::enumerate(args)) {
      bool constant = arg.getDefiningOp<arith::ConstantOp>() != nullptr;
      if (created && constant)
        kernel.setArgAttr(i, mcg::kConstantArgAttrName, UnitAttr::get(ctx));
      else if (!constant)
        kernel.removeArgAttr(i, mcg::kConstantArgAttrName);
    }
    auto call = func::CallOp::create(body, op.getLoc(), kernel, args);
    if (profile)
      call->setAttr(mcg::kProfileAttrName,
                    mcg::lowering::describeKernelCall(&op, args));
    for (auto [from, to] : llvm::zip(op.getResults(), call.getResults()))
      map.map(from, to);
  }
  graph.erase();
  return success();
}

/// Code is generated for static shapes: a graph input or output with a
/// dynamic dimension (an ONNX model imported with its symbolic dimensions
/// kept) is an error that says how to pin it.
static LogicalResult checkStaticSignature(GraphOp graph) {
  auto check = [&](StringRef what, StringRef name, Type type,
                   ArrayAttr params) -> LogicalResult {
    auto ranked = dyn_cast<RankedTensorType>(type);
    if (!ranked || ranked.hasStaticShape())
      return success();
    for (int64_t d = 0; d < ranked.getRank(); ++d) {
      if (!ranked.isDynamicDim(d))
        continue;
      StringRef param = GraphOp::getDimParam(params, d);
      InFlightDiagnostic diag = graph.emitError();
      diag << "graph " << what << " '" << name << "' has a dynamic dimension"
           << (param.empty() ? "" : " '" + param.str() + "'") << " (dimension "
           << d << " of " << type
           << "); code generation needs static shapes: pin it when importing "
              "the ONNX model";
      if (what == "input")
        diag << " with --input-shape " << name << "=D0xD1x...";
      if (!param.empty())
        diag << (what == "input" ? " or" : " with") << " --dim " << param
             << "=N";
      return diag;
    }
    return success();
  };
  for (auto [i, type] : llvm::enumerate(graph.getArgumentTypes()))
    if (failed(check(
            "input", graph.getInputName(i), type,
            graph.getArgAttrOfType<ArrayAttr>(i, GraphOp::kDimParamsAttrName))))
      return failure();
  for (auto [i, type] : llvm::enumerate(graph.getResultTypes()))
    if (failed(check("output", graph.getOutputName(i), type,
                     graph.getResultAttrOfType<ArrayAttr>(
                         i, GraphOp::kDimParamsAttrName))))
      return failure();
  return success();
}

void ConvertCGraphToLinalgPass::runOnOperation() {
  ModuleOp module = getOperation();
  kernelsByType.clear();
  for (GraphOp graph : module.getOps<GraphOp>())
    if (failed(checkStaticSignature(graph)))
      return signalPassFailure();
  // Loops are checked (a trip count; scan outputs they fill) and marked
  // while their constants are still visible.
  WalkResult loops = module.walk([](LoopOp op) {
    return failed(mcg::prepareLoopLowering(op)) ? WalkResult::interrupt()
                                                : WalkResult::advance();
  });
  if (loops.wasInterrupted())
    return signalPassFailure();
  SmallVector<GraphOp> graphs(module.getOps<GraphOp>());
  for (GraphOp graph : graphs)
    if (failed(outlineGraph(graph)))
      return signalPassFailure();

  MLIRContext *ctx = &getContext();
  RewritePatternSet patterns(ctx);
  mcg::populateCGraphElementwiseToLinalgPatterns(patterns);
  mcg::populateCGraphContractionToLinalgPatterns(patterns);
  mcg::populateCGraphReductionToLinalgPatterns(patterns);
  mcg::populateCGraphDataMovementToLinalgPatterns(patterns);
  mcg::populateCGraphControlFlowToLinalgPatterns(patterns);
  patterns.add<ConstantLowering>(ctx);

  ConversionTarget target(*ctx);
  target.addIllegalDialect<CGraphDialect>();
  target.addLegalDialect<func::FuncDialect, linalg::LinalgDialect,
                         tensor::TensorDialect, arith::ArithDialect,
                         math::MathDialect, scf::SCFDialect>();
  if (failed(applyPartialConversion(module, target, std::move(patterns))))
    signalPassFailure();
}

} // namespace
