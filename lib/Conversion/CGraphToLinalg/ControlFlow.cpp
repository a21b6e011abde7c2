//===- ControlFlow.cpp - cgraph.if, loop and scan to scf ------------------===//
//
// Inside the kernel a control-flow op was outlined into: cgraph.if becomes
// scf.if, cgraph.loop an scf.while over the iteration number, the
// condition and the loop-carried tensors, cgraph.scan an scf.for over the
// scan length. A scan output is a tensor the loop carries too, each
// iteration inserting its slice. The region's ops move into the scf
// region and are lowered like any other.
//
//===----------------------------------------------------------------------===//

#include "mcg/Conversion/CGraphToLinalg/CGraphToLinalg.h"

#include "mcg/Dialect/CGraph/IR/CGraph.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"

using namespace mlir;
using namespace mcg::cgraph;

namespace {

/// cgraph.if -> scf.if on the extracted condition, with the regions moved.
struct IfLowering : public OpRewritePattern<IfOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(IfOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value cond = tensor::ExtractOp::create(rewriter, loc, op.getCondition(),
                                           ValueRange{});
    auto ifOp = scf::IfOp::create(rewriter, loc, op.getResultTypes(), cond,
                                  /*withElseRegion=*/true);
    for (auto [from, to] : {std::pair<Region *, Region *>{
                                &op.getThenRegion(), &ifOp.getThenRegion()},
                            {&op.getElseRegion(), &ifOp.getElseRegion()}}) {
      rewriter.eraseBlock(&to->front());
      rewriter.inlineRegionBefore(*from, *to, to->end());
    }
    rewriter.replaceOp(op, ifOp.getResults());
    return success();
  }
};

/// cgraph.yield inside an scf.if (after IfLowering) -> scf.yield.
struct YieldLowering : public OpRewritePattern<YieldOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(YieldOp op,
                                PatternRewriter &rewriter) const override {
    if (!isa<scf::IfOp>(op->getParentOp()))
      return failure();
    rewriter.replaceOpWithNewOp<scf::YieldOp>(op, op.getOperands());
    return success();
  }
};

/// Offsets, sizes and strides of the slice of `type` at `index` along
/// `axis` (size 1 there, the whole dimension elsewhere).
void sliceAt(OpBuilder &b, RankedTensorType type, int64_t axis, Value index,
             SmallVectorImpl<OpFoldResult> &offsets,
             SmallVectorImpl<OpFoldResult> &sizes,
             SmallVectorImpl<OpFoldResult> &strides) {
  for (int64_t d = 0; d < type.getRank(); ++d) {
    offsets.push_back(d == axis ? OpFoldResult(index) : b.getIndexAttr(0));
    sizes.push_back(b.getIndexAttr(d == axis ? 1 : type.getDimSize(d)));
    strides.push_back(b.getIndexAttr(1));
  }
}

/// `slice` inserted into `into` at `index` along `axis`.
Value insertAt(OpBuilder &b, Location loc, Value slice, Value into,
               int64_t axis, Value index) {
  SmallVector<OpFoldResult> offsets, sizes, strides;
  sliceAt(b, cast<RankedTensorType>(into.getType()), axis, index, offsets,
          sizes, strides);
  return tensor::InsertSliceOp::create(b, loc, slice, into, offsets, sizes,
                                       strides);
}

/// The index an iteration reads or writes: `i`, or `length - 1 - i`
/// backward.
Value directed(OpBuilder &b, Location loc, Value i, int64_t length,
               bool backward) {
  if (!backward)
    return i;
  Value last = arith::ConstantIndexOp::create(b, loc, length - 1);
  return arith::SubIOp::create(b, loc, last, i);
}

/// Moves `body` (a cgraph region's block) before `before` with its
/// arguments replaced by `args`, and returns its cgraph.yield.
YieldOp inlineBody(PatternRewriter &rewriter, Block &body, Operation *before,
                   ValueRange args) {
  auto yield = cast<YieldOp>(body.getTerminator());
  rewriter.inlineBlockBefore(&body, before, args);
  return yield;
}

/// The attribute prepareLoopLowering puts on a loop that nothing can stop
/// before its trip count: its iterations need no test of the condition.
constexpr llvm::StringLiteral kRunsToTripCount = "cgraph.runs_to_trip_count";

/// cgraph.loop -> scf.for over [0, trip count), carrying the condition,
/// the loop-carried tensors and the scan-output tensors; an iteration runs
/// the body only while the condition holds (an scf.if, unless the loop
/// runs to its trip count). scf.while would stop at once, but its
/// bufferized form (a copy in the condition region) does not lower to LLVM
/// in this pipeline: prepareLoopLowering rejects loops without a trip count.
struct LoopLowering : public OpRewritePattern<LoopOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(LoopOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Type i64 = rewriter.getI64Type(), i1 = rewriter.getI1Type();
    if (!op.getMaxTripCount())
      return failure();
    Value trip = tensor::ExtractOp::create(rewriter, loc, op.getMaxTripCount(),
                                           ValueRange{});
    // A negative trip count runs no iteration.
    trip = arith::MaxSIOp::create(
        rewriter, loc, trip,
        arith::ConstantIntOp::create(rewriter, loc, i64, 0));
    Value end = arith::IndexCastOp::create(rewriter, loc,
                                           rewriter.getIndexType(), trip);
    Value first =
        op.getCondition()
            ? tensor::ExtractOp::create(rewriter, loc, op.getCondition(),
                                        ValueRange{})
                  .getResult()
            : arith::ConstantIntOp::create(rewriter, loc, i1, 1).getResult();
    unsigned carried = op.getInitial().size();
    SmallVector<Value> inits = {first};
    llvm::append_range(inits, op.getInitial());
    for (Type t : TypeRange(op.getResultTypes()).drop_front(carried)) {
      auto type = cast<RankedTensorType>(t);
      inits.push_back(tensor::EmptyOp::create(rewriter, loc, type.getShape(),
                                              type.getElementType()));
    }
    Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
    Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
    auto loop = scf::ForOp::create(rewriter, loc, zero, end, one, inits);
    Block *body = loop.getBody();
    ValueRange state = body->getArguments().drop_front();
    rewriter.setInsertionPointToEnd(body);
    if (!op->hasAttr(kRunsToTripCount)) {
      // The condition may turn false: an iteration then changes nothing.
      auto run = scf::IfOp::create(rewriter, loc, TypeRange(state), state[0],
                                   /*withElseRegion=*/true);
      scf::YieldOp::create(rewriter, loc, run.getResults());
      rewriter.setInsertionPointToStart(&run.getElseRegion().front());
      scf::YieldOp::create(rewriter, loc, state);
      rewriter.setInsertionPointToStart(&run.getThenRegion().front());
    }
    // One iteration of the body, on tensors of the scalars.
    Value row = loop.getInductionVar();
    Value iter = arith::IndexCastOp::create(rewriter, loc, i64, row);
    auto scalarTensor = [&](Value v) {
      return tensor::FromElementsOp::create(
          rewriter, loc, RankedTensorType::get({}, v.getType()), v);
    };
    SmallVector<Value> args = {scalarTensor(iter), scalarTensor(state[0])};
    llvm::append_range(args, state.slice(1, carried));
    auto marker = scf::YieldOp::create(rewriter, loc);
    YieldOp yield = inlineBody(rewriter, op.getBody().front(), marker, args);
    rewriter.setInsertionPoint(marker);
    SmallVector<Value> next = {tensor::ExtractOp::create(
        rewriter, loc, yield.getOperand(0), ValueRange{})};
    llvm::append_range(next, yield.getOperands().slice(1, carried));
    for (unsigned k = 0, e = op.getNumScanOutputs(); k < e; ++k)
      next.push_back(insertAt(rewriter, loc, yield.getOperand(1 + carried + k),
                              state[1 + carried + k], 0, row));
    rewriter.replaceOpWithNewOp<scf::YieldOp>(marker, next);
    rewriter.eraseOp(yield);
    rewriter.replaceOp(op, loop.getResults().drop_front());
    return success();
  }
};

/// cgraph.scan -> scf.for over the scan length, carrying the states and
/// the scan-output tensors.
struct ScanLowering : public OpRewritePattern<ScanOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ScanOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    unsigned states = op.getNumStates();
    ArrayRef<int64_t> inAxes = op.getScanInputAxes();
    ArrayRef<int64_t> inDirs = op.getScanInputDirections();
    ArrayRef<int64_t> outAxes = op.getScanOutputAxes();
    ArrayRef<int64_t> outDirs = op.getScanOutputDirections();
    ValueRange scanInputs = op.getInputs().drop_front(states);
    int64_t length = cast<RankedTensorType>(scanInputs.front().getType())
                         .getDimSize(inAxes[0]);
    SmallVector<Value> inits(op.getInputs().take_front(states));
    for (Type t : TypeRange(op.getResultTypes()).drop_front(states)) {
      auto type = cast<RankedTensorType>(t);
      inits.push_back(tensor::EmptyOp::create(rewriter, loc, type.getShape(),
                                              type.getElementType()));
    }
    Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
    Value end = arith::ConstantIndexOp::create(rewriter, loc, length);
    Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
    auto loop = scf::ForOp::create(rewriter, loc, zero, end, one, inits);
    Block *body = loop.getBody();
    rewriter.setInsertionPointToEnd(body);
    Operation *marker = scf::YieldOp::create(rewriter, loc);
    rewriter.setInsertionPoint(marker);
    Value i = loop.getInductionVar();
    SmallVector<Value> args(body->getArguments().slice(1, states));
    Block &scanBody = op.getBody().front();
    for (auto [j, input] : llvm::enumerate(scanInputs)) {
      auto type = cast<RankedTensorType>(input.getType());
      SmallVector<OpFoldResult> offsets, sizes, strides;
      sliceAt(rewriter, type, inAxes[j],
              directed(rewriter, loc, i, length, inDirs[j]), offsets, sizes,
              strides);
      auto sliceType =
          cast<RankedTensorType>(scanBody.getArgument(states + j).getType());
      args.push_back(tensor::ExtractSliceOp::create(
          rewriter, loc, sliceType, input, offsets, sizes, strides));
    }
    YieldOp yield = inlineBody(rewriter, scanBody, marker, args);
    rewriter.setInsertionPoint(marker);
    SmallVector<Value> next(yield.getOperands().take_front(states));
    for (unsigned k = 0, e = op.getNumScanOutputs(); k < e; ++k)
      next.push_back(insertAt(rewriter, loc, yield.getOperand(states + k),
                              body->getArgument(1 + states + k), outAxes[k],
                              directed(rewriter, loc, i, length, outDirs[k])));
    rewriter.replaceOpWithNewOp<scf::YieldOp>(marker, next);
    rewriter.eraseOp(yield);
    rewriter.replaceOp(op, loop.getResults());
    return success();
  }
};

} // namespace

void mcg::populateCGraphControlFlowToLinalgPatterns(
    RewritePatternSet &patterns) {
  patterns.add<IfLowering, YieldLowering, LoopLowering, ScanLowering>(
      patterns.getContext());
}

/// The value of a splat integer or bool constant, if `v` is one.
static std::optional<int64_t> constantInt(Value v) {
  auto c = v ? v.getDefiningOp<ConstantOp>() : ConstantOp();
  auto dense =
      c ? dyn_cast<DenseIntElementsAttr>(c.getValue()) : DenseIntElementsAttr();
  if (!dense || !dense.isSplat())
    return std::nullopt;
  return dense.getSplatValue<APInt>().getSExtValue();
}

LogicalResult mcg::prepareLoopLowering(LoopOp op) {
  // Each iteration up to the trip count is a step of an scf.for: a loop
  // needs a trip count, and not the "no limit" of a while loop (torch
  // writes INT64_MAX).
  std::optional<int64_t> trip = constantInt(op.getMaxTripCount());
  if (!op.getMaxTripCount() || (trip && *trip > (int64_t(1) << 31)))
    return op.emitError()
           << "code generation of a 'cgraph.loop' without a trip count (a "
              "while loop) is not supported yet; cut it away with --prune-to, "
              "or export the slice to ONNX instead";
  // Nothing stops it early: no condition or a constant true one, and a body
  // that passes its condition on or yields a constant true.
  Block &body = op.getBody().front();
  Value next = body.getTerminator()->getOperand(0);
  auto isTrue = [](std::optional<int64_t> v) { return v && *v != 0; };
  bool toTripCount =
      (!op.getCondition() || isTrue(constantInt(op.getCondition()))) &&
      (next == body.getArgument(1) || isTrue(constantInt(next)));
  if (toTripCount)
    op->setAttr(kRunsToTripCount, UnitAttr::get(op.getContext()));
  // A scan output has a slice per iteration: its static length must be the
  // number of iterations.
  if (op.getNumScanOutputs() == 0)
    return success();
  int64_t length =
      cast<RankedTensorType>(op.getResult(op.getInitial().size()).getType())
          .getDimSize(0);
  if (toTripCount && trip == length)
    return success();
  return op.emitError()
         << "code generation of a 'cgraph.loop' with scan outputs is not "
            "supported unless it runs exactly their length: a constant trip "
            "count of "
         << length
         << ", no condition operand or a constant true one, and a body "
            "that yields its condition argument or a constant true";
}
