//===- VectorizeContractions.cpp - register tiles for contractions --------===//
//
// im2col for NCHW convolutions, then tiling of every contraction to
// m x n x k register tiles with scf.for, and vectorization of each tile.
//
//===----------------------------------------------------------------------===//

#include "mcg/Codegen/Passes.h"

#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Dialect/Vector/Transforms/VectorRewritePatterns.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mcg {
#define GEN_PASS_DEF_VECTORIZECONTRACTIONS
#include "mcg/Codegen/Passes.h.inc"
} // namespace mcg

using namespace mlir;

namespace {

/// The largest divisor of `size` that is at most `limit`.
int64_t divisorAtMost(int64_t size, int64_t limit) {
  for (int64_t t = std::min(size, limit); t > 1; --t)
    if (size % t == 0)
      return t;
  return 1;
}

struct VectorizeContractionsPass
    : public mcg::impl::VectorizeContractionsBase<VectorizeContractionsPass> {
  using Base::Base;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    IRRewriter rewriter(&getContext());

    // 1. Convolutions as im2col + batched matrix product.
    SmallVector<linalg::Conv2DNchwFchwOp> convs;
    func.walk([&](linalg::Conv2DNchwFchwOp op) { convs.push_back(op); });
    for (linalg::Conv2DNchwFchwOp conv : convs) {
      if (!conv.hasPureTensorSemantics())
        continue;
      rewriter.setInsertionPoint(conv);
      (void)linalg::rewriteInIm2Col(rewriter, conv);
    }

    // 2. Register tiles.
    SmallVector<linalg::LinalgOp> contractions;
    func.walk([&](linalg::LinalgOp op) {
      if (op.hasPureTensorSemantics() && linalg::isaContractionOpInterface(op))
        contractions.push_back(op);
    });
    for (linalg::LinalgOp op : contractions)
      (void)tile(rewriter, op);

    // 3. The tiles' unit (batch) dimensions are dropped, so that a tile of
    //    a batched product (im2col) is a plain 2-D matrix product.
    {
      RewritePatternSet patterns(&getContext());
      linalg::ControlDropUnitDims control;
      control.rankReductionStrategy = linalg::ControlDropUnitDims::
          RankReductionStrategy::ExtractInsertSlice;
      linalg::populateFoldUnitExtentDimsPatterns(patterns, control);
      if (failed(applyPatternsGreedily(func, std::move(patterns))))
        return signalPassFailure();
    }

    // 4. Each tile becomes a named matmul where it is one, then a
    //    vector.contract.
    SmallVector<linalg::LinalgOp> tiles;
    func.walk([&](linalg::LinalgOp op) {
      if (op.hasPureTensorSemantics() &&
          linalg::isaContractionOpInterface(op) && isTile(op))
        tiles.push_back(op);
    });
    for (linalg::LinalgOp op : tiles)
      (void)vectorizeTile(rewriter, op);

    // 5. Drop leading unit dimensions from the vectors and turn remaining
    //    mul + multi_reduction products into vector.contract.
    RewritePatternSet patterns(&getContext());
    vector::populateCastAwayVectorLeadingOneDimPatterns(patterns);
    vector::populateVectorReductionToContractPatterns(patterns);
    if (failed(applyPatternsGreedily(func, std::move(patterns))))
      signalPassFailure();
  }

  /// Whether every loop of `op` is within a register tile.
  bool isTile(linalg::LinalgOp op) {
    SmallVector<int64_t> bounds = op.getStaticLoopRanges();
    int64_t volume = 1;
    for (int64_t b : bounds) {
      if (ShapedType::isDynamic(b))
        return false;
      volume *= b;
    }
    return volume <= mTile * nTile * kTile;
  }

  LogicalResult vectorizeTile(IRRewriter &rewriter, linalg::LinalgOp op) {
    Operation *target = op;
    if (auto generic = dyn_cast<linalg::GenericOp>(op.getOperation())) {
      rewriter.setInsertionPoint(generic);
      FailureOr<linalg::LinalgOp> named =
          linalg::specializeGenericOp(rewriter, generic);
      if (succeeded(named))
        target = *named;
    }
    rewriter.setInsertionPoint(target);
    // A plain matmul goes straight to vector.contract; anything else (a
    // transposed operand) through mul + multi_reduction, which step 5 turns
    // into a vector.contract with the right maps. (Vectorizing a matmul with
    // user-defined maps straight to vector.contract loses the transposition
    // in MLIR 22.)
    auto matmul = dyn_cast<linalg::MatmulOp>(target);
    bool named = matmul && !matmul.hasUserDefinedMaps();
    FailureOr<linalg::VectorizationResult> vectorized = linalg::vectorize(
        rewriter, target, /*inputVectorSizes=*/{}, /*inputScalableVecDims=*/{},
        /*vectorizeNDExtract=*/false, /*flatten1DDepthwiseConv=*/false,
        /*assumeDynamicDimsMatchVecSizes=*/false,
        /*createNamedContraction=*/named);
    if (failed(vectorized))
      return failure();
    rewriter.replaceOp(target, vectorized->replacements);
    return success();
  }

  LogicalResult tile(IRRewriter &rewriter, linalg::LinalgOp op) {
    FailureOr<linalg::ContractionDimensions> dims =
        linalg::inferContractionDims(op);
    if (failed(dims) || dims->m.empty() || dims->n.empty() ||
        dims->k.size() != 1)
      return failure();
    SmallVector<int64_t> bounds = op.getStaticLoopRanges();
    if (llvm::any_of(bounds, ShapedType::isDynamic))
      return failure();
    // The innermost n dimension must be the innermost loop of the result
    // (contiguous lanes).
    unsigned nDim = dims->n.back(), mDim = dims->m.back();
    AffineMap out = op.getIndexingMapMatchingResult(op->getResult(0));
    if (out.getNumResults() == 0 ||
        out.getResults().back() != rewriter.getAffineDimExpr(nDim))
      return failure();
    SmallVector<int64_t> tiles(bounds.size(), 1);
    tiles[nDim] = divisorAtMost(bounds[nDim], nTile);
    tiles[mDim] = divisorAtMost(bounds[mDim], mTile);
    tiles[dims->k.front()] = divisorAtMost(bounds[dims->k.front()], kTile);
    for (unsigned d : dims->m)
      if (d != mDim)
        tiles[d] = 1;
    for (unsigned d : dims->n)
      if (d != nDim)
        tiles[d] = 1;
    scf::SCFTilingOptions options;
    options.setTileSizes(getAsIndexOpFoldResult(&getContext(), tiles));
    rewriter.setInsertionPoint(op);
    FailureOr<scf::SCFTilingResult> tiled = scf::tileUsingSCF(
        rewriter, cast<TilingInterface>(op.getOperation()), options);
    if (failed(tiled))
      return failure();
    rewriter.replaceOp(op, tiled->replacements);
    return success();
  }
};

} // namespace
