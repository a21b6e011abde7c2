//===- FoldConstants.cpp - evaluate constant subgraphs under a budget -----===//
//
// `--fold-constants`: folds batch_norm into the weights of the conv2d, gemm
// or matmul before it, then evaluates every op whose operands are all
// constant, in program order (so chains fold in one sweep), keeping the net
// size of the graph's constants within `max-bytes` of where it started. A
// cgraph.if on a constant condition becomes the ops of its taken branch.
// `max-folds=N` stops after the first N folds of that order (mcg-check
// bisects with it).
//
//===----------------------------------------------------------------------===//

#include "mcg/Dialect/CGraph/IR/CGraph.h"
#include "mcg/Dialect/CGraph/IR/ConstantEval.h"
#include "mcg/Dialect/CGraph/IR/TensorSize.h"
#include "mcg/Dialect/CGraph/Transforms/JSONReport.h"
#include "mcg/Dialect/CGraph/Transforms/Passes.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/Matchers.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/StringExtras.h"

#include <cmath>

namespace mcg::cgraph {
#define GEN_PASS_DEF_FOLDCONSTANTS
#include "mcg/Dialect/CGraph/Transforms/Passes.h.inc"
} // namespace mcg::cgraph

using namespace mlir;
using namespace mcg::cgraph;

namespace {

/// A name for a folded constant, from the op's source name when it has one.
std::string nameHint(Operation *op, StringRef suffix) {
  std::string name = "folded";
  if (auto loc = dyn_cast<NameLoc>(op->getLoc()))
    name = (loc.getName().getValue() + suffix).str();
  // Keep resource keys bare identifiers, as the example models write them.
  for (char &c : name)
    if (!llvm::isAlnum(c) && c != '_')
      c = '_';
  return name;
}

/// The constant payload bytes that erasing `users` would free: constants
/// among `values` whose every user is in `users`.
int64_t bytesFreedBy(ArrayRef<Value> values, ArrayRef<Operation *> users) {
  llvm::SmallPtrSet<Operation *, 4> seen;
  int64_t freed = 0;
  for (Value v : values) {
    auto cst = v.getDefiningOp<ConstantOp>();
    if (!cst || !seen.insert(cst).second)
      continue;
    if (llvm::all_of(cst->getUsers(), [&](Operation *user) {
          return llvm::is_contained(users, user);
        }))
      freed += cst.getPayloadBytes();
  }
  return freed;
}

FailureOr<ConstTensor> readOperand(Value v, std::string &whyNot) {
  auto cst = v.getDefiningOp<ConstantOp>();
  if (!cst) {
    whyNot = "an operand is not constant";
    return failure();
  }
  return readConstant(cst.getValue(), whyNot);
}

struct FoldConstantsPass
    : public mcg::cgraph::impl::FoldConstantsBase<FoldConstantsPass> {
  using Base::Base;

  void runOnOperation() override;

private:
  /// Net bytes added so far (created minus freed).
  int64_t net = 0;
  /// Counts for the report.
  int64_t numFolded = 0, numBatchNormFolded = 0, bytesCreated = 0,
          bytesFreed = 0;
  llvm::json::Array skipped;
  /// For the report: each fold done, in order.
  llvm::json::Array applied;

  /// Whether `max-folds` folds are done already.
  bool atLimit() const {
    return maxFolds >= 0 && numFolded + numBatchNormFolded >= maxFolds;
  }

  /// Records a fold that was done, in the report's `applied` list.
  void recordFold(StringRef kind, Operation *op, Operation *into = nullptr) {
    llvm::json::Object fold{{"kind", kind.str()},
                            {"op", op->getName().getStringRef().str()},
                            {"loc", describeLocation(op->getLoc())}};
    if (into)
      fold["into"] = describeLocation(into->getLoc());
    applied.push_back(std::move(fold));
  }

  /// Whether `test-wrong-fold` names one of `ops`: their fold must then
  /// compute a wrong value (a test of mcg-check, never a real fold).
  bool breaks(ArrayRef<Operation *> ops) const {
    return !testWrongFold.empty() && llvm::any_of(ops, [&](Operation *op) {
      return describeLocation(op->getLoc()) == testWrongFold;
    });
  }

  /// Records that `op` was not folded, as a remark and in the report.
  void skip(Operation *op, const Twine &reason) {
    op->emitRemark() << "not folded: " << reason;
    skipped.push_back(
        llvm::json::Object{{"op", op->getName().getStringRef().str()},
                           {"loc", describeLocation(op->getLoc())},
                           {"reason", reason.str()}});
  }
  /// Constants that may have become unused.
  llvm::SetVector<Operation *> maybeDead;

  /// Whether a fold that creates `created` bytes and frees `freed` fits the
  /// budget; if not, remarks why on `op`.
  bool fitsBudget(Operation *op, int64_t created, int64_t freed) {
    int64_t growth = created - freed;
    if (growth <= 0 || saturatingAdd(net, growth) <= maxBytes)
      return true;
    skip(op, "it would add " + Twine(growth) +
                 " bytes of constants, over the budget (max-bytes = " +
                 Twine(static_cast<int64_t>(maxBytes)) + ", " +
                 Twine(std::max<int64_t>(0, maxBytes - net)) + " left)");
    return false;
  }

  /// Records a fold that was done.
  void commit(int64_t created, int64_t freed) {
    net += created - freed;
    bytesCreated += created;
    bytesFreed += freed;
  }

  ConstantOp makeConstant(OpBuilder &b, Location loc, Type type,
                          const ConstTensor &value, StringRef name) {
    return ConstantOp::create(
        b, loc, type, buildConstant(cast<ShapedType>(type), value, name));
  }

  LogicalResult foldBatchNorm(BatchNormOp bn);
  LogicalResult foldBatchNormToAffine(BatchNormOp bn);
  void foldOp(Operation *op);
  /// Replaces a cgraph.if on a constant condition by its taken branch.
  void foldIf(IfOp op);
};

//===----------------------------------------------------------------------===//
// batch_norm folding
//===----------------------------------------------------------------------===//

/// out = f * x + shift per channel, with f = scale / sqrt(var + eps) and
/// shift = bias - mean * f, when the parameters are constant and not empty.
struct ChannelAffine {
  std::vector<double> f, shift;
};
FailureOr<ChannelAffine> channelAffine(BatchNormOp bn) {
  std::string whyNot;
  SmallVector<ConstTensor> params;
  for (Value v : {bn.getScale(), bn.getBias(), bn.getMean(), bn.getVar()}) {
    FailureOr<ConstTensor> t = readOperand(v, whyNot);
    if (failed(t))
      return failure();
    params.push_back(std::move(*t));
  }
  int64_t channels = params[0].size();
  if (channels == 0) // Nothing to fold (and no per-channel size).
    return failure();
  double eps = bn.getEpsilon().convertToDouble();
  ChannelAffine affine{std::vector<double>(channels),
                       std::vector<double>(channels)};
  for (int64_t c = 0; c < channels; ++c) {
    affine.f[c] = params[0].data[c] / std::sqrt(params[3].data[c] + eps);
    affine.shift[c] = params[1].data[c] - params[2].data[c] * affine.f[c];
  }
  return affine;
}

LogicalResult FoldConstantsPass::foldBatchNorm(BatchNormOp bn) {
  Operation *producer = bn.getInput().getDefiningOp();
  if (!producer || !producer->hasOneUse() ||
      !isa<Conv2DOp, GemmOp, MatmulOp>(producer) || atLimit())
    return failure();
  FailureOr<ChannelAffine> affine = channelAffine(bn);
  if (failed(affine))
    return failure();
  std::vector<double> &f = affine->f, &shift = affine->shift;
  auto channels = static_cast<int64_t>(f.size());
  std::string whyNot;
  if (breaks({bn.getOperation(), producer}))
    for (double &s : shift)
      s += 1;

  OpBuilder b(bn);
  Location loc = bn.getLoc();
  Value weightValue = producer->getOperand(1);
  FailureOr<ConstTensor> weight = readOperand(weightValue, whyNot);
  if (failed(weight))
    return failure();
  auto weightType = cast<ShapedType>(weightValue.getType());
  ConstTensor newWeight = *weight;
  ConstTensor newBias{{channels}, std::vector<double>(channels)};
  SmallVector<Value> consumed = {bn.getScale(), bn.getBias(), bn.getMean(),
                                 bn.getVar(), weightValue};
  Value result;

  if (auto conv = dyn_cast<Conv2DOp>(producer)) {
    // Weight O x C/g x KH x KW: scale each output channel's filter.
    int64_t per = weight->size() / channels;
    for (int64_t o = 0; o < channels; ++o)
      for (int64_t i = 0; i < per; ++i)
        newWeight.data[o * per + i] *= f[o];
    ConstTensor oldBias{{channels}, std::vector<double>(channels, 0.0)};
    if (conv.getBias()) {
      FailureOr<ConstTensor> bias = readOperand(conv.getBias(), whyNot);
      if (failed(bias))
        return failure();
      oldBias = *bias;
      consumed.push_back(conv.getBias());
    }
    for (int64_t o = 0; o < channels; ++o)
      newBias.data[o] = oldBias.data[o] * f[o] + shift[o];
    int64_t created = constantBytes(weightType) +
                      channels * (weightType.getElementTypeBitWidth() / 8);
    int64_t freed = bytesFreedBy(consumed, {bn, conv});
    if (!fitsBudget(bn, created, freed))
      return failure();
    commit(created, freed);
    Value w = makeConstant(b, conv.getWeight().getLoc(), weightType, newWeight,
                           nameHint(conv, ".weight.bn"));
    Value bias = makeConstant(
        b, loc, RankedTensorType::get({channels}, weightType.getElementType()),
        newBias, nameHint(conv, ".bias.bn"));
    auto folded =
        Conv2DOp::create(b, b.getFusedLoc({conv.getLoc(), loc}),
                         conv.getInput(), w, bias, conv.getStrides(),
                         conv.getPads(), conv.getDilations(), conv.getGroups());
    result = folded.getResult();
  } else if (auto gemm = dyn_cast<GemmOp>(producer)) {
    // op(B) is K x N; channel n scales column n of op(B).
    int64_t rows = weightType.getDimSize(0), cols = weightType.getDimSize(1);
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t c = 0; c < cols; ++c)
        newWeight.data[r * cols + c] *= f[gemm.getTransB() ? r : c];
    // c must be a per-column vector (broadcast over rows) to stay 1-D.
    double beta = gemm.getBeta().convertToDouble();
    std::vector<double> oldC(channels, 0.0);
    if (gemm.getC()) {
      auto cType = cast<ShapedType>(gemm.getC().getType());
      if (cType.getRank() == 2 && cType.getDimSize(0) != 1)
        return failure();
      FailureOr<ConstTensor> c = readOperand(gemm.getC(), whyNot);
      if (failed(c))
        return failure();
      for (int64_t n = 0; n < channels; ++n)
        oldC[n] = c->data[c->size() == 1 ? 0 : n];
      consumed.push_back(gemm.getC());
    }
    for (int64_t n = 0; n < channels; ++n)
      newBias.data[n] = beta * oldC[n] * f[n] + shift[n];
    int64_t created = constantBytes(weightType) +
                      channels * (weightType.getElementTypeBitWidth() / 8);
    int64_t freed = bytesFreedBy(consumed, {bn, gemm});
    if (!fitsBudget(bn, created, freed))
      return failure();
    commit(created, freed);
    Value w = makeConstant(b, gemm.getB().getLoc(), weightType, newWeight,
                           nameHint(gemm, ".weight.bn"));
    Value c = makeConstant(
        b, loc, RankedTensorType::get({channels}, weightType.getElementType()),
        newBias, nameHint(gemm, ".bias.bn"));
    auto folded = GemmOp::create(
        b, b.getFusedLoc({gemm.getLoc(), loc}), gemm.getA(), w, c,
        gemm.getAlpha(), APFloat(1.0f), gemm.getTransA(), gemm.getTransB());
    result = folded.getResult();
  } else {
    auto matmul = cast<MatmulOp>(producer);
    if (weightType.getRank() != 2 ||
        cast<ShapedType>(matmul.getType()).getRank() != 2)
      return failure();
    int64_t rows = weightType.getDimSize(0);
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t c = 0; c < channels; ++c)
        newWeight.data[r * channels + c] *= f[c];
    newBias.data = shift;
    int64_t created = constantBytes(weightType) +
                      channels * (weightType.getElementTypeBitWidth() / 8);
    int64_t freed = bytesFreedBy(consumed, {bn, matmul});
    if (!fitsBudget(bn, created, freed))
      return failure();
    commit(created, freed);
    Value w = makeConstant(b, matmul.getRhs().getLoc(), weightType, newWeight,
                           nameHint(matmul, ".weight.bn"));
    Value bias = makeConstant(
        b, loc, RankedTensorType::get({channels}, weightType.getElementType()),
        newBias, nameHint(matmul, ".bias.bn"));
    Location fused = b.getFusedLoc({matmul.getLoc(), loc});
    Value product = MatmulOp::create(b, fused, matmul.getLhs(), w);
    result = AddOp::create(b, fused, product, bias);
  }

  recordFold("batch_norm", bn, producer);
  bn.getResult().replaceAllUsesWith(result);
  bn.erase();
  producer->erase();
  for (Value v : consumed)
    if (Operation *def = v.getDefiningOp())
      maybeDead.insert(def);
  ++numBatchNormFolded;
  return success();
}

/// A batch_norm that no producer takes (its input is a concatenation, a
/// pool, a graph input: pre-activation networks) -> x * f + shift, with
/// per-channel constants f = scale / sqrt(var + eps) and shift = bias -
/// mean * f shaped C x 1 x ... x 1. One multiply-add per element instead
/// of a subtraction, two products and a square root, and `--fuse` then
/// joins the two with the activation after them into one kernel.
LogicalResult FoldConstantsPass::foldBatchNormToAffine(BatchNormOp bn) {
  auto type = cast<ShapedType>(bn.getType());
  if (atLimit() || !type.hasRank() || type.getRank() < 2)
    return failure();
  FailureOr<ChannelAffine> affine = channelAffine(bn);
  if (failed(affine) ||
      type.getDimSize(1) != static_cast<int64_t>(affine->f.size()))
    return failure();
  auto channels = static_cast<int64_t>(affine->f.size());
  SmallVector<int64_t> shape(type.getRank() - 1, 1);
  shape[0] = channels;
  ConstTensor f{shape, std::move(affine->f)};
  ConstTensor shift{shape, std::move(affine->shift)};
  if (breaks({bn.getOperation()}))
    for (double &s : shift.data)
      s += 1;
  auto paramType = RankedTensorType::get(shape, type.getElementType());
  int64_t created = 2 * constantBytes(paramType);
  int64_t freed = bytesFreedBy(
      {bn.getScale(), bn.getBias(), bn.getMean(), bn.getVar()}, {bn});
  if (!fitsBudget(bn, created, freed))
    return failure();
  commit(created, freed);
  OpBuilder b(bn);
  Location loc = bn.getLoc();
  Value factor = makeConstant(b, loc, paramType, f, nameHint(bn, ".factor"));
  Value offset = makeConstant(b, loc, paramType, shift, nameHint(bn, ".shift"));
  Value scaled = MulOp::create(b, loc, bn.getInput(), factor);
  Value result = AddOp::create(b, loc, scaled, offset);
  recordFold("batch_norm_affine", bn);
  for (Value v : {bn.getScale(), bn.getBias(), bn.getMean(), bn.getVar()})
    if (Operation *def = v.getDefiningOp())
      maybeDead.insert(def);
  bn.getResult().replaceAllUsesWith(result);
  bn.erase();
  ++numBatchNormFolded;
  return success();
}

//===----------------------------------------------------------------------===//
// Evaluating ops on constants
//===----------------------------------------------------------------------===//

void FoldConstantsPass::foldOp(Operation *op) {
  if (op->getNumOperands() == 0 || op->getNumRegions() != 0 ||
      op->getNumResults() != 1 || atLimit() ||
      !llvm::all_of(op->getOperands(),
                    [](Value v) { return v.getDefiningOp<ConstantOp>(); }))
    return;
  std::string whyNot;
  SmallVector<ConstTensor> operands;
  for (Value v : op->getOperands()) {
    FailureOr<ConstTensor> t = readOperand(v, whyNot);
    if (failed(t)) {
      skip(op, "an operand cannot be read: " + whyNot);
      return;
    }
    operands.push_back(std::move(*t));
  }
  auto type = cast<ShapedType>(op->getResult(0).getType());
  // Check the budget before doing the work.
  int64_t created = constantBytes(type);
  int64_t freed = bytesFreedBy(SmallVector<Value>(op->getOperands()), {op});
  if (!fitsBudget(op, created, freed))
    return;
  FailureOr<ConstTensor> value = evaluateOnConstants(op, operands, whyNot);
  if (failed(value)) {
    skip(op, whyNot);
    return;
  }
  commit(created, freed);
  if (breaks(op))
    for (double &v : value->data)
      v += 1;
  recordFold("evaluate", op);
  OpBuilder b(op);
  ConstantOp cst =
      makeConstant(b, op->getLoc(), type, *value, nameHint(op, ".folded"));
  for (Value v : op->getOperands())
    maybeDead.insert(v.getDefiningOp());
  op->getResult(0).replaceAllUsesWith(cst.getResult());
  op->erase();
  ++numFolded;
}

void FoldConstantsPass::foldIf(IfOp op) {
  if (atLimit() || !op.getCondition().getDefiningOp<ConstantOp>())
    return;
  std::string whyNot;
  FailureOr<ConstTensor> cond = readOperand(op.getCondition(), whyNot);
  if (failed(cond) || cond->data.size() != 1) {
    skip(op, "the condition cannot be read: " + whyNot);
    return;
  }
  recordFold("if", op);
  Block &taken =
      (cond->data[0] != 0 ? op.getThenRegion() : op.getElseRegion()).front();
  Operation *yield = taken.getTerminator();
  op->getResults().replaceAllUsesWith(yield->getOperands());
  op->getBlock()->getOperations().splice(Block::iterator(op),
                                         taken.getOperations(), taken.begin(),
                                         Block::iterator(yield));
  // The other branch goes with the op: its ops were visited already (the
  // walk is post-order), and none may stay a candidate for erasure.
  op->walk([&](Operation *inner) { maybeDead.remove(inner); });
  maybeDead.insert(op.getCondition().getDefiningOp());
  op->erase();
  ++numFolded;
}

void FoldConstantsPass::runOnOperation() {
  GraphOp graph = getOperation();
  // One instance may run on several graphs: the budget and the report are
  // per graph.
  net = numFolded = numBatchNormFolded = bytesCreated = bytesFreed = 0;
  skipped = llvm::json::Array();
  applied = llvm::json::Array();
  maybeDead.clear();
  if (maxFolds < -1) {
    graph.emitError() << "fold-constants: max-folds must be -1 (no limit) or "
                         "a number of folds, got "
                      << static_cast<int64_t>(maxFolds);
    return signalPassFailure();
  }

  SmallVector<BatchNormOp> norms;
  graph.walk([&](BatchNormOp bn) { norms.push_back(bn); });
  for (BatchNormOp bn : norms)
    if (failed(foldBatchNorm(bn)))
      (void)foldBatchNormToAffine(bn);

  SmallVector<Operation *> ops;
  graph.getBody().walk([&](Operation *op) {
    if (!isa<ConstantOp>(op) && !op->hasTrait<OpTrait::IsTerminator>() &&
        isa<CGraphDialect>(op->getDialect()))
      ops.push_back(op);
  });
  for (Operation *op : ops) {
    if (auto ifOp = dyn_cast<IfOp>(op))
      foldIf(ifOp);
    else
      foldOp(op);
  }

  for (Operation *op : maybeDead)
    if (op->use_empty())
      op->erase();

  if (!reportFile.empty()) {
    llvm::json::Object report{{"graph", graph.getSymName().str()},
                              {"max_bytes", static_cast<int64_t>(maxBytes)},
                              {"folded", numFolded},
                              {"batch_norms_folded", numBatchNormFolded},
                              {"bytes_created", bytesCreated},
                              {"bytes_freed", bytesFreed},
                              {"net_bytes", net},
                              {"skipped", std::move(skipped)},
                              {"applied", std::move(applied)}};
    if (failed(writeJSONReport(reportFile, graph, "fold-constants",
                               /*perGraph=*/true, std::move(report))))
      return signalPassFailure();
  }
}

} // namespace
