//===- HoistVectorTransfers.cpp - keep register tiles in registers --------===//
//
// Transfers through a memref.expand_shape are rewritten onto its source
// and small copies become transfers (hoisting leaves transfers of views,
// and of memrefs that have views, alone), then loop-invariant
// transfer_read / transfer_write pairs move out of their loops, and the
// transfers of contiguous tiles become 1-D.
//
//===----------------------------------------------------------------------===//

#include "mcg/Codegen/Passes.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Hoisting.h"
#include "mlir/Dialect/MemRef/Transforms/Transforms.h"
#include "mlir/Dialect/Vector/Transforms/VectorRewritePatterns.h"
#include "mlir/Dialect/Vector/Transforms/VectorTransforms.h"
#include "mlir/IR/Dominance.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/CSE.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "llvm/ADT/SetVector.h"

namespace mcg {
#define GEN_PASS_DEF_HOISTVECTORTRANSFERS
#include "mcg/Codegen/Passes.h.inc"
} // namespace mcg

using namespace mlir;

namespace {

/// The indices and permutation map of a transfer of `expand` (a static
/// memref.expand_shape) as a transfer of its source, or failure. Each
/// reassociation group's indices are linearized; only the innermost
/// dimension of a group may be a vector dimension (so that a vector row
/// stays a contiguous run of the source), and the transfer must be in
/// bounds without a mask.
template <typename TransferOp>
static LogicalResult onSource(TransferOp op, memref::ExpandShapeOp expand,
                              OpBuilder &b, SmallVector<Value> &indices,
                              AffineMap &map) {
  auto expanded = cast<MemRefType>(expand.getResult().getType());
  if (op.getMask() || !expanded.hasStaticShape() ||
      !op.getPermutationMap().isProjectedPermutation() ||
      llvm::any_of(op.getInBoundsValues(), [](bool b) { return !b; }))
    return failure();
  SmallVector<ReassociationIndices> groups = expand.getReassociationIndices();
  SmallVector<int64_t> groupOf(expanded.getRank());
  for (auto [g, group] : llvm::enumerate(groups))
    for (int64_t d : group)
      groupOf[d] = g;
  SmallVector<AffineExpr> results;
  for (AffineExpr e : op.getPermutationMap().getResults()) {
    int64_t d = cast<AffineDimExpr>(e).getPosition();
    if (d != groups[groupOf[d]].back())
      return failure();
    results.push_back(b.getAffineDimExpr(groupOf[d]));
  }
  map = AffineMap::get(groups.size(), 0, results, b.getContext());
  for (const ReassociationIndices &group : groups) {
    AffineExpr linear = b.getAffineConstantExpr(0);
    int64_t stride = 1;
    SmallVector<Value> operands;
    for (int64_t d : llvm::reverse(group)) {
      linear = linear + b.getAffineSymbolExpr(operands.size()) * stride;
      operands.push_back(op.getIndices()[d]);
      stride *= expanded.getDimSize(d);
    }
    indices.push_back(affine::makeComposedAffineApply(
                          b, op.getLoc(),
                          AffineMap::get(0, operands.size(), linear),
                          getAsOpFoldResult(operands))
                          .getResult());
  }
  return success();
}

/// The transfer `op` rebuilt on `source` with `indices` and `map`.
static void rebuild(PatternRewriter &rewriter, vector::TransferReadOp op,
                    Value source, ValueRange indices, AffineMap map) {
  rewriter.replaceOpWithNewOp<vector::TransferReadOp>(
      op, op.getVectorType(), source, indices, op.getPadding(), map,
      op.getInBoundsValues());
}
static void rebuild(PatternRewriter &rewriter, vector::TransferWriteOp op,
                    Value source, ValueRange indices, AffineMap map) {
  rewriter.replaceOpWithNewOp<vector::TransferWriteOp>(
      op, op.getVector(), source, indices, map, op.getInBoundsValues());
}

/// A transfer_read or transfer_write of a memref.expand_shape, as one of its
/// source.
template <typename TransferOp>
struct TransferThroughExpandShape : OpRewritePattern<TransferOp> {
  using OpRewritePattern<TransferOp>::OpRewritePattern;
  LogicalResult matchAndRewrite(TransferOp op,
                                PatternRewriter &rewriter) const override {
    auto expand = op.getBase().template getDefiningOp<memref::ExpandShapeOp>();
    SmallVector<Value> indices;
    AffineMap map;
    if (!expand || failed(onSource(op, expand, rewriter, indices, map)))
      return failure();
    rebuild(rewriter, op, expand.getSrc(), indices, map);
    return success();
  }
};

/// A fill of a whole expanded view fills its source (hoisting refuses a
/// memref with view users, and this is the other user a packed product's
/// accumulator has).
struct FillThroughExpandShape : OpRewritePattern<linalg::FillOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(linalg::FillOp op,
                                PatternRewriter &rewriter) const override {
    auto expand = op.getDpsInits()[0].getDefiningOp<memref::ExpandShapeOp>();
    if (!expand || !op.hasPureBufferSemantics())
      return failure();
    rewriter.replaceOpWithNewOp<linalg::FillOp>(op, op.getDpsInputs()[0],
                                                expand.getSrc());
    return success();
  }
};

/// An allocation used only through one memref.collapse_shape (and freed)
/// becomes an allocation of the collapsed shape. Hoisting refuses the
/// transfers of a view, and a flattened 1x1 convolution's accumulator
/// (N x F x H*W of an N x F x H x W buffer) was one: its tile was stored
/// and reloaded at every reduction step and once more for the epilogue.
struct AllocThroughCollapseShape : OpRewritePattern<memref::CollapseShapeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(memref::CollapseShapeOp collapse,
                                PatternRewriter &rewriter) const override {
    auto alloc = collapse.getSrc().getDefiningOp<memref::AllocOp>();
    MemRefType flatType = collapse.getResultType();
    if (!alloc || !alloc.getType().hasStaticShape() ||
        !alloc.getType().getLayout().isIdentity() ||
        !flatType.getLayout().isIdentity())
      return failure();
    SmallVector<memref::DeallocOp> deallocs;
    for (Operation *user : alloc->getUsers()) {
      if (auto dealloc = dyn_cast<memref::DeallocOp>(user))
        deallocs.push_back(dealloc);
      else if (user != collapse)
        return failure();
    }
    rewriter.setInsertionPoint(alloc);
    auto flat = memref::AllocOp::create(rewriter, alloc.getLoc(), flatType,
                                        alloc.getAlignmentAttr());
    for (memref::DeallocOp dealloc : deallocs)
      rewriter.modifyOpInPlace(
          dealloc, [&] { dealloc.getMemrefMutable().assign(flat); });
    rewriter.replaceOp(collapse, flat.getResult());
    rewriter.eraseOp(alloc);
    return success();
  }
};

/// Copies of at most one register tile between static memrefs (a tile's
/// initial value, its slice of the bias) become a transfer_read and a
/// transfer_write, whose views are then folded into their indices. As a
/// copy it kept a subview of the tile's buffer, and hoisting leaves every
/// transfer of a memref with view users alone: a 1x1 convolution on 17 x
/// 17 (289 positions, tiles of 32 and a last column whose bias went
/// through such a copy) stored and reloaded its whole accumulator at every
/// reduction step.
constexpr int64_t kMaxCopyElements = 256;

LogicalResult smallCopiesAsTransfers(Operation *root, bool &changed) {
  SmallVector<memref::CopyOp> copies;
  root->walk([&](memref::CopyOp copy) {
    auto source = dyn_cast<MemRefType>(copy.getSource().getType());
    auto target = dyn_cast<MemRefType>(copy.getTarget().getType());
    if (source && target && source.hasStaticShape() &&
        source.getShape() == target.getShape() && source.getRank() > 0 &&
        source.getNumElements() <= kMaxCopyElements &&
        source.getElementType().isIntOrIndexOrFloat() &&
        source.getElementType() == target.getElementType())
      copies.push_back(copy);
  });
  if (copies.empty())
    return success();
  changed = true;
  IRRewriter rewriter(root->getContext());
  SmallVector<Operation *> transfers;
  llvm::SetVector<Operation *> views;
  for (memref::CopyOp copy : copies) {
    for (Value v : {copy.getSource(), copy.getTarget()})
      if (Operation *def = v.getDefiningOp<ViewLikeOpInterface>())
        views.insert(def);
    rewriter.setInsertionPoint(copy);
    Location loc = copy.getLoc();
    auto source = cast<MemRefType>(copy.getSource().getType());
    auto type = VectorType::get(source.getShape(), source.getElementType());
    Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
    SmallVector<Value> indices(source.getRank(), zero);
    SmallVector<bool> inBounds(source.getRank(), true);
    auto read = vector::TransferReadOp::create(
        rewriter, loc, type, copy.getSource(), indices, std::nullopt, inBounds);
    auto write = vector::TransferWriteOp::create(
        rewriter, loc, read.getResult(), copy.getTarget(), indices, inBounds);
    rewriter.eraseOp(copy);
    transfers.append({read, write});
  }
  RewritePatternSet patterns(root->getContext());
  memref::populateFoldMemRefAliasOpPatterns(patterns);
  GreedyRewriteConfig config;
  config.setStrictness(GreedyRewriteStrictness::ExistingAndNewOps);
  if (failed(applyOpPatternsGreedily(transfers, std::move(patterns), config)))
    return failure();
  // A view left without users still counts as one of its source's.
  for (Operation *view : llvm::reverse(views))
    if (view->use_empty())
      rewriter.eraseOp(view);
  return success();
}

/// Erases every allocation of `root` that is only written (through
/// views), with its writes, views and deallocation. (MLIR 22's
/// memref::eraseDeadAllocAndStores freed an op twice on mobilenet_v2.)
void eraseWriteOnlyAllocs(Operation *root) {
  SmallVector<memref::AllocOp> allocs;
  root->walk([&](memref::AllocOp alloc) { allocs.push_back(alloc); });
  for (memref::AllocOp alloc : allocs) {
    llvm::SetVector<Operation *> dead;
    SmallVector<Value> worklist = {alloc.getResult()};
    bool onlyWritten = true;
    while (!worklist.empty() && onlyWritten) {
      Value memref = worklist.pop_back_val();
      for (OpOperand &use : memref.getUses()) {
        Operation *user = use.getOwner();
        if (auto view = dyn_cast<ViewLikeOpInterface>(user);
            view && view.getViewSource() == memref) {
          worklist.push_back(user->getResult(0));
        } else if (auto write = dyn_cast<vector::TransferWriteOp>(user);
                   write && write.getBase() == memref) {
        } else if (isa<memref::DeallocOp>(user)) {
        } else {
          onlyWritten = false;
          break;
        }
        dead.insert(user);
      }
    }
    if (!onlyWritten)
      continue;
    // Users before the views they use.
    for (Operation *op : llvm::reverse(dead))
      op->erase();
    alloc->erase();
  }
}

struct HoistVectorTransfersPass
    : public mcg::impl::HoistVectorTransfersBase<HoistVectorTransfersPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<TransferThroughExpandShape<vector::TransferReadOp>,
                 TransferThroughExpandShape<vector::TransferWriteOp>,
                 FillThroughExpandShape, AllocThroughCollapseShape>(
        &getContext());
    bool copied = false, changed = false;
    if (failed(smallCopiesAsTransfers(getOperation(), copied)) ||
        failed(applyPatternsGreedily(getOperation(), std::move(patterns),
                                     GreedyRewriteConfig(), &changed)))
      return signalPassFailure();
    changed |= copied;
    // The rewritten read and write of a tile compute their indices
    // separately: make them one value (hoisting moves it out of the loops
    // itself, and needs the read's and the write's indices to be equal).
    if (changed) {
      IRRewriter rewriter(&getContext());
      DominanceInfo dominance;
      eliminateCommonSubExpressions(rewriter, dominance, getOperation());
    }
    linalg::hoistRedundantVectorTransfers(getOperation());
    // A hoisted accumulator tile is written and read back right after (the
    // bias before the reduction, the epilogue after it): forward the
    // stores, and drop a temporary buffer that is then never read (a 1x1
    // convolution's accumulator, as large as its output).
    {
      IRRewriter rewriter(&getContext());
      vector::transferOpflowOpt(rewriter, getOperation());
      eraseWriteOnlyAllocs(getOperation());
    }
    // What is left in the loops: a transfer of a tile whose rows are
    // contiguous in memory (a packed panel) becomes one 1-D transfer of the
    // whole tile. Transfers of several rows are otherwise lowered to a loop
    // over a stack copy, which LLVM turned into a memcpy into a stack
    // buffer and never promoted to registers (a 1024^3 packed product ran
    // 2.4x slower).
    // Only transfers with a minor identity map (no broadcast) and no more
    // vector than memref dimensions: upstream's isContiguousSlice reads
    // past the memref's shape otherwise (a broadcast read of a 1-D operand
    // into a 2-D tile crashed the compiler in MLIR 22).
    SmallVector<Operation *> transfers;
    getOperation().walk([&](VectorTransferOpInterface op) {
      auto memref = dyn_cast<MemRefType>(op.getShapedType());
      if (memref && op.getPermutationMap().isMinorIdentity() &&
          op.getVectorType().getRank() <= memref.getRank())
        transfers.push_back(op);
    });
    RewritePatternSet flatten(&getContext());
    vector::populateFlattenVectorTransferPatterns(flatten);
    GreedyRewriteConfig config;
    config.setStrictness(GreedyRewriteStrictness::ExistingOps);
    if (failed(applyOpPatternsGreedily(transfers, std::move(flatten), config)))
      return signalPassFailure();
  }
};
} // namespace
