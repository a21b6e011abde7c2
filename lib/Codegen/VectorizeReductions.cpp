//===- VectorizeReductions.cpp - vector loops for row reductions ----------===//
//
// Reductions over a tensor's innermost dimensions (a global average pool
// over a map's rows and columns, a softmax's row maximum and sum, a layer
// norm's mean and variance) used to become scalar loops, one dependent add
// per element: a global average pool over 144 x 56 x 56 ran at 5 GB/s,
// 12x slower than onnxruntime's. Here the trailing reduction loops are
// flattened into one, the parallel loops tiled by 1, and each row reduced
// into a few vectors of partial results (independent lanes, no dependence
// between them) in tiles of whole vectors, a partial last tile peeled;
// the partial results are then reduced across their lanes once per row.
//
//===----------------------------------------------------------------------===//

#include "mcg/Codegen/Passes.h"

#include "ContractionStrategies.h"

#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Dialect/Vector/Transforms/LoweringPatterns.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mcg {
#define GEN_PASS_DEF_VECTORIZEREDUCTIONS
#include "mcg/Codegen/Passes.h.inc"
} // namespace mcg

using namespace mlir;
using namespace mcg::codegen;

namespace {

/// Rows of a matrix-vector product reduced together.
constexpr int64_t kMatrixVectorRows = 4;

/// The index of the first reduction loop of `op` if every loop from it on
/// is a reduction and there is one, else -1.
int64_t trailingReductions(linalg::GenericOp op) {
  SmallVector<utils::IteratorType> kinds = op.getIteratorTypesArray();
  int64_t first = kinds.size();
  while (first > 0 && kinds[first - 1] == utils::IteratorType::reduction)
    --first;
  if (first == static_cast<int64_t>(kinds.size()) ||
      llvm::any_of(ArrayRef(kinds).take_front(first),
                   [](utils::IteratorType t) {
                     return t == utils::IteratorType::reduction;
                   }))
    return -1;
  return first;
}

/// Whether every loop of `op` has a static size.
bool hasStaticLoops(linalg::LinalgOp op) {
  return !llvm::any_of(op.getStaticLoopRanges(), ShapedType::isDynamic);
}

/// `op` writing its result without the unit dimensions it keeps for
/// reduced ones (a global average pool's N x C x 1 x 1, whose output map
/// (d0, d1, 0, 0) no loop flattening can take), the result expanded back;
/// or `op` itself.
linalg::GenericOp dropKeptDimensions(RewriterBase &rewriter,
                                     linalg::GenericOp op) {
  AffineMap out = op.getIndexingMapsArray().back();
  if (out.isProjectedPermutation())
    return op;
  Value init = op.getDpsInits()[0];
  auto type = cast<RankedTensorType>(init.getType());
  SmallVector<AffineExpr> kept;
  SmallVector<ReassociationIndices> groups;
  ReassociationIndices leading;
  for (auto [i, e] : llvm::enumerate(out.getResults())) {
    if (auto c = dyn_cast<AffineConstantExpr>(e)) {
      if (c.getValue() != 0 || type.getDimSize(i) != 1)
        return op;
      (groups.empty() ? leading : groups.back()).push_back(i);
      continue;
    }
    if (!isa<AffineDimExpr>(e))
      return op;
    kept.push_back(e);
    groups.push_back(leading);
    groups.back().push_back(i);
    leading.clear();
  }
  // With no group left every result dimension is a kept unit one (a total
  // reduction with keepdims): the result is written 0-D, and the empty
  // reassociation expands it back. (Left as it was, the constant map
  // crashed the partial-reduction tiling; found by test/random.)
  Location loc = op.getLoc();
  rewriter.setInsertionPoint(op);
  Value flatInit = tensor::CollapseShapeOp::create(rewriter, loc, init, groups);
  SmallVector<AffineMap> maps = op.getIndexingMapsArray();
  maps.back() = AffineMap::get(out.getNumDims(), 0, kept, op.getContext());
  auto flat = linalg::GenericOp::create(
      rewriter, loc, TypeRange{flatInit.getType()}, op.getDpsInputs(),
      ValueRange{flatInit}, maps, op.getIteratorTypesArray());
  rewriter.inlineRegionBefore(op.getRegion(), flat.getRegion(),
                              flat.getRegion().begin());
  rewriter.replaceOpWithNewOp<tensor::ExpandShapeOp>(op, type,
                                                     flat.getResult(0), groups);
  return flat;
}

struct VectorizeReductionsPass
    : public mcg::impl::VectorizeReductionsBase<VectorizeReductionsPass> {
  using Base::Base;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (lanes < 1 || vectors < 1) {
      func.emitError("vectorize-reductions: lanes and vectors must be "
                     "positive, got lanes=")
          << int64_t(lanes) << " vectors=" << int64_t(vectors);
      return signalPassFailure();
    }
    SmallVector<linalg::GenericOp> ops;
    func.walk([&](linalg::GenericOp op) {
      if (op.hasPureTensorSemantics() && op.getNumDpsInits() == 1 &&
          !op->getParentOfType<LoopLikeOpInterface>() && hasStaticLoops(op) &&
          (!linalg::isaContractionOpInterface(op) || isMatrixVector(op)) &&
          trailingReductions(op) >= 0)
        ops.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    for (linalg::GenericOp op : ops)
      if (failed(vectorizeRows(rewriter, op)))
        return signalPassFailure();
    // The reductions across lanes: vector.reduction of each row (the LLVM
    // lowering takes no vector.multi_reduction).
    SmallVector<Operation *> reductions;
    func.walk(
        [&](vector::MultiDimReductionOp op) { reductions.push_back(op); });
    if (reductions.empty())
      return;
    RewritePatternSet patterns(&getContext());
    vector::populateVectorMultiReductionLoweringPatterns(
        patterns, vector::VectorMultiReductionLowering::InnerReduction);
    GreedyRewriteConfig config;
    config.setStrictness(GreedyRewriteStrictness::ExistingAndNewOps);
    if (failed(
            applyOpPatternsGreedily(reductions, std::move(patterns), config)))
      signalPassFailure();
  }

  /// Reduces each row of `op` (loops p..., r...) in vectors: the r loops
  /// flattened into one of size R, the p loops tiled by 1, and each row
  /// tiled by T = `vectors` x `lanes` (or `lanes` for rows of fewer than
  /// 2T elements) into a T-element partial result, the last tile peeled
  /// when T does not divide R, then reduced across T. Rows of fewer than
  /// two vectors are vectorized whole. Ops the vectorizer does not take
  /// (a body without a known combiner) are left as they are.
  LogicalResult vectorizeRows(IRRewriter &rewriter, linalg::GenericOp op) {
    if (failed(linalg::vectorizeOpPrecondition(op)))
      return success();
    op = dropKeptDimensions(rewriter, op);
    op = flattenTrailingLoops(rewriter, op, trailingReductions(op));
    SmallVector<int64_t> bounds = op.getStaticLoopRanges();
    int64_t rowLoop = bounds.size() - 1;
    // The flattened reduction is the last loop unless the maps kept the
    // reduction loops apart; then only the innermost one is vectorized.
    int64_t rowSize = bounds[rowLoop];
    SmallVector<int64_t> tiles(bounds.size(), 1);
    tiles[rowLoop] = rowSize;
    for (int64_t d = trailingReductions(op); d < rowLoop; ++d)
      tiles[d] = 1;
    // A matrix-vector product's rows (a weight's, read once from memory)
    // four at a time: four streams, and each vector of the shared operand
    // loaded once for them (one row at a time, alexnet's 4096 x 9216
    // classifier read at 19 GB/s).
    if (isMatrixVector(op) && bounds.size() == 2)
      tiles[0] = divisorAtMost(bounds[0], kMatrixVectorRows);
    Operation *row = tileInPlace(rewriter, cast<linalg::LinalgOp>(*op), tiles);
    if (!row)
      return success();
    if (rowSize < 2 * lanes) {
      (void)vectorizeInPlace(rewriter, row);
      return success();
    }
    int64_t width = rowSize >= 2 * vectors * lanes ? vectors * lanes : lanes;
    auto partial = dyn_cast<PartialReductionOpInterface>(row);
    if (!partial)
      return success();
    SmallVector<OpFoldResult> rowTiles(bounds.size(), rewriter.getIndexAttr(0));
    rowTiles[rowLoop] = rewriter.getIndexAttr(width);
    rewriter.setInsertionPoint(row);
    FailureOr<scf::SCFTilingResult> tiled =
        scf::tileReductionUsingScf(rewriter, partial, rowTiles);
    if (failed(tiled))
      return success();
    rewriter.replaceOp(row, tiled->replacements);
    scf::ForOp loop = dyn_cast<scf::ForOp>(tiled->loops.front().getOperation());
    if (!loop)
      return success();
    SmallVector<Operation *> initial(tiled->initialValues.size());
    for (auto [i, v] : llvm::enumerate(tiled->initialValues))
      initial[i] = v.getDefiningOp();
    SmallVector<Operation *> merges = tiled->mergeOps;
    // The row tiles: the loop's and its peeled part's.
    FailureOr<SmallVector<Operation *>> peeled = peelTiles(rewriter, loop);
    if (failed(peeled))
      return failure();
    SmallVector<Operation *> vectorizable = *peeled;
    // The partial results' initial fill and the cross-lane reduction.
    for (Operation *init : initial)
      if (isa_and_nonnull<linalg::LinalgOp>(init))
        vectorizable.push_back(init);
    llvm::append_range(vectorizable, merges);
    for (Operation *tile : vectorizable)
      (void)vectorizeInPlace(rewriter, tile);
    return success();
  }
};

} // namespace
