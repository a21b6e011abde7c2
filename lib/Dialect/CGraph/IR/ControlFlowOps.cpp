//===- ControlFlowOps.cpp - if, loop, scan --------------------------------===//
//
// Verification of the control-flow ops: the types their regions take and
// yield against their operands and results.
//
//===----------------------------------------------------------------------===//

#include "mcg/Dialect/CGraph/IR/CGraph.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/PatternMatch.h"
#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/SmallPtrSet.h"

using namespace mlir;
using namespace mcg::cgraph;

/// The region's `cgraph.yield`, or an error on `op`.
static FailureOr<YieldOp> yieldOf(Operation *op, Region &region) {
  auto yield = dyn_cast<YieldOp>(region.front().getTerminator());
  if (!yield)
    return op->emitOpError() << "regions must end with 'cgraph.yield'";
  return yield;
}

/// The `cgraph.yield` of a loop's or scan's `body`, after checking that its
/// arguments have the types `expected`; or an error on `op`.
static FailureOr<YieldOp> bodyYield(Operation *op, Region &body,
                                    TypeRange expected) {
  TypeRange args = body.front().getArgumentTypes();
  if (args != expected)
    return op->emitOpError() << "body arguments (" << args << ") do not match ("
                             << expected << ")";
  return yieldOf(op, body);
}

/// Checks that the scan output `result` stacks slices of type `slice`
/// along `axis` (`length` slices, when known).
static LogicalResult verifyStacked(Operation *op, unsigned index, Type result,
                                   Type slice, int64_t axis,
                                   std::optional<int64_t> length) {
  auto r = cast<RankedTensorType>(result);
  auto s = cast<RankedTensorType>(slice);
  SmallVector<int64_t> shape(s.getShape());
  if (axis < 0 || axis > s.getRank())
    return op->emitOpError() << "result #" << index << ": scan axis " << axis
                             << " is outside [0, " << s.getRank() << "]";
  shape.insert(shape.begin() + axis,
               length ? *length
                      : (r.getRank() > axis ? r.getDimSize(axis)
                                            : ShapedType::kDynamic));
  if (r.getElementType() != s.getElementType() ||
      r.getShape() != ArrayRef<int64_t>(shape))
    return op->emitOpError()
           << "result #" << index << " has type " << result
           << " but stacking the body's slices of type " << slice
           << (length ? "" : " (along an axis of any length)") << " gives "
           << RankedTensorType::get(shape, s.getElementType());
  return success();
}

namespace {
/// Canonicalization: the control-flow ops drop the results nothing uses.
struct DropUnusedResults : public RewritePattern {
  DropUnusedResults(StringRef opName, MLIRContext *ctx)
      : RewritePattern(opName, /*benefit=*/1, ctx) {}
  LogicalResult matchAndRewrite(Operation *op,
                                PatternRewriter &rewriter) const override {
    return success(dropUnusedResults(rewriter, op) != op);
  }
};
} // namespace

void IfOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                       MLIRContext *ctx) {
  results.add<DropUnusedResults>(getOperationName(), ctx);
}
void LoopOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                         MLIRContext *ctx) {
  results.add<DropUnusedResults>(getOperationName(), ctx);
}
void ScanOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                         MLIRContext *ctx) {
  results.add<DropUnusedResults>(getOperationName(), ctx);
}

//===----------------------------------------------------------------------===//
// IfOp
//===----------------------------------------------------------------------===//

LogicalResult IfOp::verifyRegions() {
  for (Region *region : {&getThenRegion(), &getElseRegion()}) {
    FailureOr<YieldOp> yield = yieldOf(*this, *region);
    if (failed(yield))
      return failure();
    if (yield->getOperandTypes() != getResultTypes())
      return yield->emitOpError() << "yields (" << yield->getOperandTypes()
                                  << ") but the enclosing 'cgraph.if' returns ("
                                  << getResultTypes() << ")";
  }
  return success();
}

//===----------------------------------------------------------------------===//
// LoopOp
//===----------------------------------------------------------------------===//

LogicalResult LoopOp::verifyRegions() {
  Builder b(getContext());
  auto i64 = RankedTensorType::get({}, b.getI64Type());
  auto i1 = RankedTensorType::get({}, b.getI1Type());
  TypeRange carried = getInitial().getTypes();
  if (getNumResults() < carried.size())
    return emitOpError() << "has " << getNumResults()
                         << " results, fewer than its " << carried.size()
                         << " loop-carried values";
  if (TypeRange(getResultTypes()).take_front(carried.size()) != carried)
    return emitOpError()
           << "the final loop-carried values ("
           << TypeRange(getResultTypes()).take_front(carried.size())
           << ") do not have the initial values' types (" << carried << ")";
  SmallVector<Type> args = {i64, i1};
  llvm::append_range(args, carried);
  FailureOr<YieldOp> yield = bodyYield(*this, getBody(), args);
  if (failed(yield))
    return failure();
  TypeRange yielded = yield->getOperandTypes();
  if (yielded.size() != 1 + getNumResults() || yielded.front() != i1 ||
      yielded.slice(1, carried.size()) != carried)
    return yield->emitOpError()
           << "yields (" << yielded
           << ") but the enclosing 'cgraph.loop' needs the condition "
              "(tensor<i1>), the "
           << carried.size() << " loop-carried values (" << carried << ") and "
           << getNumScanOutputs() << " scan slices";
  for (unsigned k = 0, e = getNumScanOutputs(); k < e; ++k) {
    unsigned index = carried.size() + k;
    if (failed(verifyStacked(*this, index, getResult(index).getType(),
                             yielded[1 + index], 0, std::nullopt)))
      return failure();
  }
  return success();
}

//===----------------------------------------------------------------------===//
// ScanOp
//===----------------------------------------------------------------------===//

/// Checks that `values` has `count` entries, each in [0, ranks[i]], or
/// 0 or 1 (directions) when `ranks` is empty.
static LogicalResult verifyAxes(Operation *op, StringRef name,
                                ArrayRef<int64_t> values, size_t count,
                                ArrayRef<int64_t> ranks) {
  if (values.size() != count)
    return op->emitOpError()
           << "'" << name << "' has " << values.size()
           << " entries but there are " << count
           << (name.starts_with("scan_input") ? " scan inputs"
                                              : " scan outputs");
  for (auto [i, v] : llvm::enumerate(values)) {
    int64_t hi = ranks.empty() ? 1 : ranks[i];
    if (v < 0 || v > hi)
      return op->emitOpError() << "'" << name << "'[" << i << "] = " << v
                               << " is outside [0, " << hi << "]";
  }
  return success();
}

LogicalResult ScanOp::verify() {
  int64_t m = getNumScanInputs();
  if (m < 1 || m > int64_t(getInputs().size()))
    return emitOpError() << "num_scan_inputs = " << m << " is outside [1, "
                         << getInputs().size() << "]";
  unsigned n = getNumStates();
  if (getNumResults() < n)
    return emitOpError() << "has " << getNumResults()
                         << " results, fewer than its " << n << " state values";
  SmallVector<int64_t> inRanks, directions;
  for (Value v : getInputs().drop_front(n))
    inRanks.push_back(cast<RankedTensorType>(v.getType()).getRank() - 1);
  if (failed(verifyAxes(*this, "scan_input_axes", getScanInputAxes(), m,
                        inRanks)) ||
      failed(verifyAxes(*this, "scan_input_directions",
                        getScanInputDirections(), m, {})) ||
      failed(verifyAxes(*this, "scan_output_directions",
                        getScanOutputDirections(), getNumScanOutputs(), {})))
    return failure();
  if (getScanOutputAxes().size() != getNumScanOutputs())
    return emitOpError() << "'scan_output_axes' has "
                         << getScanOutputAxes().size()
                         << " entries but there are " << getNumScanOutputs()
                         << " scan outputs";
  std::optional<int64_t> length;
  for (auto [i, v] : llvm::enumerate(getInputs().drop_front(n))) {
    auto t = cast<RankedTensorType>(v.getType());
    if (t.getRank() == 0)
      return emitOpError() << "scan input #" << i << " is a scalar";
    int64_t len = t.getDimSize(getScanInputAxes()[i]);
    if (length && *length != len)
      return emitOpError() << "scan input #" << i << " has length " << len
                           << " along its axis, the first has " << *length;
    length = len;
  }
  if (TypeRange(getResultTypes()).take_front(n) !=
      getInputs().take_front(n).getTypes())
    return emitOpError() << "the final state values do not have the initial "
                            "values' types";
  return success();
}

LogicalResult ScanOp::verifyRegions() {
  unsigned n = getNumStates();
  SmallVector<Type> args(getInputs().take_front(n).getTypes());
  int64_t length = 0;
  for (auto [i, v] : llvm::enumerate(getInputs().drop_front(n))) {
    auto t = cast<RankedTensorType>(v.getType());
    SmallVector<int64_t> shape(t.getShape());
    length = shape[getScanInputAxes()[i]];
    shape.erase(shape.begin() + getScanInputAxes()[i]);
    args.push_back(RankedTensorType::get(shape, t.getElementType()));
  }
  FailureOr<YieldOp> yield = bodyYield(*this, getBody(), args);
  if (failed(yield))
    return failure();
  TypeRange yielded = yield->getOperandTypes();
  if (yielded.size() != getNumResults() ||
      yielded.take_front(n) != TypeRange(args).take_front(n))
    return yield->emitOpError()
           << "yields (" << yielded
           << ") but the enclosing 'cgraph.scan' needs the " << n
           << " state values (" << TypeRange(args).take_front(n) << ") and "
           << getNumScanOutputs() << " scan slices";
  for (unsigned k = 0, e = getNumScanOutputs(); k < e; ++k)
    if (failed(verifyStacked(*this, n + k, getResult(n + k).getType(),
                             yielded[n + k], getScanOutputAxes()[k], length)))
      return failure();
  return success();
}

//===----------------------------------------------------------------------===//
// Dropping unused results
//===----------------------------------------------------------------------===//

namespace {
/// Where the loop-carried values sit in a cgraph.loop or cgraph.scan: the
/// body arguments, yield operands and results before them, how many there
/// are, and how many scan outputs follow them.
struct CarriedLayout {
  unsigned argOffset, yieldOffset, count, scans;
};

CarriedLayout layoutOf(Operation *op) {
  if (auto loop = dyn_cast<LoopOp>(op))
    return {2, 1, static_cast<unsigned>(loop.getInitial().size()),
            loop.getNumScanOutputs()};
  auto scan = cast<ScanOp>(op);
  return {0, 0, scan.getNumStates(), scan.getNumScanOutputs()};
}

/// Which loop-carried values the kept results need: a value whose final
/// result is used, and any value the body reads to compute a needed yield
/// operand (the next condition of a loop always is).
llvm::BitVector neededCarried(Operation *op, const llvm::BitVector &keep) {
  CarriedLayout l = layoutOf(op);
  Block &body = op->getRegion(0).front();
  Operation *yield = body.getTerminator();
  llvm::BitVector needed(l.count);
  SmallVector<Value> work;
  for (unsigned i = 0; i < l.yieldOffset; ++i)
    work.push_back(yield->getOperand(i));
  for (unsigned i = 0; i < l.count + l.scans; ++i)
    if (keep[i]) {
      work.push_back(yield->getOperand(l.yieldOffset + i));
      if (i < l.count)
        needed.set(i);
    }
  llvm::SmallPtrSet<Operation *, 16> seen;
  while (!work.empty()) {
    Value v = work.pop_back_val();
    if (auto arg = dyn_cast<BlockArgument>(v)) {
      unsigned i = arg.getArgNumber();
      if (arg.getOwner() == &body && i >= l.argOffset &&
          i < l.argOffset + l.count && !needed.test(i - l.argOffset)) {
        needed.set(i - l.argOffset);
        work.push_back(yield->getOperand(l.yieldOffset + i - l.argOffset));
      }
      continue;
    }
    Operation *def = v.getDefiningOp();
    if (!body.getParent()->isAncestor(def->getParentRegion()) ||
        !seen.insert(def).second)
      continue;
    // Operands, and what nested regions capture.
    def->walk([&](Operation *inner) {
      for (Value operand : inner->getOperands())
        work.push_back(operand);
    });
  }
  return needed;
}
} // namespace

Operation *mcg::cgraph::dropUnusedResults(RewriterBase &rewriter,
                                          Operation *op) {
  llvm::BitVector keep(op->getNumResults());
  for (OpResult r : op->getResults())
    keep[r.getResultNumber()] = !r.use_empty();
  if (keep.all() || !isMemoryEffectFree(op))
    return op;
  auto keptTypes = [&](const llvm::BitVector &k) {
    SmallVector<Type> types;
    for (unsigned i : k.set_bits())
      types.push_back(op->getResult(i).getType());
    return types;
  };
  auto replaceKept = [&](Operation *replacement, const llvm::BitVector &k) {
    unsigned next = 0;
    for (unsigned i : k.set_bits())
      rewriter.replaceAllUsesWith(op->getResult(i),
                                  replacement->getResult(next++));
    rewriter.eraseOp(op);
    return replacement;
  };
  rewriter.setInsertionPoint(op);
  if (auto ifOp = dyn_cast<IfOp>(op)) {
    auto replacement = IfOp::create(rewriter, op->getLoc(), keptTypes(keep),
                                    ifOp.getCondition());
    for (auto [from, to] :
         {std::pair(&ifOp.getThenRegion(), &replacement.getThenRegion()),
          std::pair(&ifOp.getElseRegion(), &replacement.getElseRegion())}) {
      to->takeBody(*from);
      Operation *yield = to->front().getTerminator();
      SmallVector<Value> kept;
      for (unsigned i : keep.set_bits())
        kept.push_back(yield->getOperand(i));
      rewriter.modifyOpInPlace(yield, [&] { yield->setOperands(kept); });
    }
    return replaceKept(replacement, keep);
  }

  // A loop or a scan: the scan outputs nothing uses, and the loop-carried
  // values that only unused results need.
  CarriedLayout l = layoutOf(op);
  llvm::BitVector carried = neededCarried(op, keep);
  for (unsigned i = 0; i < l.count; ++i)
    keep[i] = carried[i];
  if (keep.all())
    return op;
  Block &body = op->getRegion(0).front();
  Operation *yield = body.getTerminator();
  SmallVector<Value> yielded(yield->getOperands().take_front(l.yieldOffset));
  for (unsigned i : keep.set_bits())
    yielded.push_back(yield->getOperand(l.yieldOffset + i));
  rewriter.modifyOpInPlace(yield, [&] { yield->setOperands(yielded); });
  // What computed the dropped values is dead now; then their arguments are
  // unused (the loop has no side effects, checked above).
  // (The block's own reverse iterator: erasing an op keeps it valid.)
  for (Operation &inner : llvm::make_early_inc_range(llvm::reverse(body)))
    if (&inner != yield && inner.use_empty() && isMemoryEffectFree(&inner))
      rewriter.eraseOp(&inner);
  llvm::BitVector droppedArgs(body.getNumArguments());
  for (unsigned i = 0; i < l.count; ++i)
    droppedArgs[l.argOffset + i] = !keep[i];
  body.eraseArguments(droppedArgs);

  Operation *replacement;
  if (auto loop = dyn_cast<LoopOp>(op)) {
    SmallVector<Value> initial;
    for (unsigned i = 0; i < l.count; ++i)
      if (keep[i])
        initial.push_back(loop.getInitial()[i]);
    replacement =
        LoopOp::create(rewriter, op->getLoc(), keptTypes(keep),
                       loop.getMaxTripCount(), loop.getCondition(), initial);
  } else {
    auto scan = cast<ScanOp>(op);
    SmallVector<Value> inputs;
    for (unsigned i = 0; i < l.count; ++i)
      if (keep[i])
        inputs.push_back(scan.getInputs()[i]);
    llvm::append_range(inputs, scan.getInputs().drop_front(l.count));
    SmallVector<int64_t> axes, directions;
    for (unsigned k = 0; k < l.scans; ++k)
      if (keep[l.count + k]) {
        axes.push_back(scan.getScanOutputAxes()[k]);
        directions.push_back(scan.getScanOutputDirections()[k]);
      }
    replacement = ScanOp::create(
        rewriter, op->getLoc(), keptTypes(keep), inputs,
        scan.getNumScanInputsAttr(), scan.getScanInputAxesAttr(),
        scan.getScanInputDirectionsAttr(), rewriter.getDenseI64ArrayAttr(axes),
        rewriter.getDenseI64ArrayAttr(directions));
  }
  replacement->getRegion(0).takeBody(op->getRegion(0));
  for (NamedAttribute a : op->getDiscardableAttrs())
    replacement->setAttr(a.getName(), a.getValue());
  return replaceKept(replacement, keep);
}
