//===- VectorizeTransposes.cpp - transposes in blocks of lanes x lanes ----===//
//
// A linalg.transpose that is still there once constant weights have been
// transposed at compile time moves data at run time: the two transposes
// around a channels-last convolution (its initial value into N x OH x OW
// x F and its result back to NCHW), an ONNX Transpose. Lowered to loops,
// the one that moves the innermost dimension read or wrote one element at
// a time (LLVM made the writes scatters): 30% of the time of a 32 -> 64
// channel 3x3 convolution over 147 x 147. Here it is tiled into blocks of
// lanes x lanes elements (the output's innermost dimension by the one the
// input reads contiguously), each block read as `lanes` contiguous rows,
// transposed in registers (`vector.transpose`, as 16 x 16 shuffles where
// the block is one) and written as `lanes` contiguous rows; partial blocks
// are peeled. A transpose that keeps the innermost dimension in place
// copies rows, tiled like an elementwise op.
//
//===----------------------------------------------------------------------===//

#include "mcg/Codegen/Passes.h"

#include "ContractionStrategies.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/Vector/Transforms/LoweringPatterns.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mcg {
#define GEN_PASS_DEF_VECTORIZETRANSPOSES
#include "mcg/Codegen/Passes.h.inc"
} // namespace mcg

using namespace mlir;
using namespace mcg::codegen;

namespace {

/// The loop that `op` (all parallel, identity result map) reads innermost
/// in an input whose innermost dimension is another loop while it also
/// reads along the innermost loop (a transposed read, strided along the
/// lanes), or -1.
int64_t transposedLoop(linalg::GenericOp op) {
  int64_t last = op.getNumLoops() - 1;
  for (OpOperand *input : op.getDpsInputOperands()) {
    AffineMap map = op.getMatchingIndexingMap(input);
    if (map.getNumResults() < 2 || !map.isProjectedPermutation() ||
        !map.isFunctionOfDim(last))
      continue;
    auto inner = cast<AffineDimExpr>(map.getResults().back()).getPosition();
    if (inner != last)
      return inner;
  }
  return -1;
}

/// Whether `op` is an elementwise generic (all parallel, one result
/// written whole, static) outside any tile loop.
bool isElementwise(linalg::GenericOp op) {
  return op.hasPureTensorSemantics() && op.getNumDpsInits() == 1 &&
         op.getNumLoops() > 0 && op.getNumParallelLoops() == op.getNumLoops() &&
         op.getIndexingMapMatchingResult(op->getResult(0)).isIdentity() &&
         !llvm::any_of(op.getStaticLoopRanges(), ShapedType::isDynamic) &&
         !op->getParentOfType<LoopLikeOpInterface>();
}

struct VectorizeTransposesPass
    : public mcg::impl::VectorizeTransposesBase<VectorizeTransposesPass> {
  using Base::Base;

  void runOnOperation() override {
    if (lanes < 1) {
      getOperation().emitError("vectorize-transposes: lanes must be "
                               "positive, got ")
          << int64_t(lanes);
      return signalPassFailure();
    }
    IRRewriter rewriter(&getContext());
    // Run-time transposes (constant weights are transposed at compile time
    // by fold-constant-transposes) as generics, each fused into its
    // elementwise user (the ReLU after a channels-last convolution): the
    // user then reads its operand transposed, block by block.
    SmallVector<linalg::TransposeOp> transposes;
    getOperation().walk([&](linalg::TransposeOp op) {
      if (op.hasPureTensorSemantics() &&
          !op->getParentOfType<LoopLikeOpInterface>() &&
          !isConstantArgument(op.getInput()))
        transposes.push_back(op);
    });
    for (linalg::TransposeOp op : transposes) {
      rewriter.setInsertionPoint(op);
      Attribute split = op->getAttr(kSplitLoopAttrName);
      FailureOr<linalg::GenericOp> generic =
          linalg::generalizeNamedOp(rewriter, op);
      if (failed(generic))
        continue;
      if (split)
        (*generic)->setAttr(kSplitLoopAttrName, split);
      if (!generic->getResult(0).hasOneUse())
        continue;
      OpOperand &use = *generic->getResult(0).getUses().begin();
      auto user = dyn_cast<linalg::GenericOp>(use.getOwner());
      if (!user || !isElementwise(user) ||
          !linalg::areElementwiseOpsFusable(&use))
        continue;
      rewriter.setInsertionPoint(user);
      FailureOr<linalg::ElementwiseOpFusionResult> fused =
          linalg::fuseElementwiseOps(rewriter, &use);
      if (failed(fused))
        continue;
      if (split)
        fused->fusedOp->setAttr(kSplitLoopAttrName, split);
      for (auto [from, to] : fused->replacements)
        rewriter.replaceAllUsesExcept(from, to, fused->fusedOp);
      if (user->use_empty())
        rewriter.eraseOp(user);
      if (generic->use_empty())
        rewriter.eraseOp(*generic);
    }

    SmallVector<linalg::GenericOp> ops;
    getOperation().walk([&](linalg::GenericOp op) {
      if (isElementwise(op) && transposedLoop(op) >= 0 &&
          op.getDpsInits()[0].getDefiningOp<tensor::EmptyOp>())
        ops.push_back(op);
    });
    SmallVector<Operation *> vectorOps;
    for (linalg::GenericOp op : ops)
      if (failed(vectorize(rewriter, op, vectorOps)))
        return signalPassFailure();
    // A block's transposed read becomes a read of its rows and a
    // vector.transpose; 16 x 16 transposes become shuffles of whole rows.
    RewritePatternSet patterns(&getContext());
    vector::populateVectorTransferPermutationMapLoweringPatterns(patterns);
    vector::populateVectorTransposeLoweringPatterns(
        patterns, vector::VectorTransposeLowering::Shuffle16x16);
    GreedyRewriteConfig config;
    config.setStrictness(GreedyRewriteStrictness::ExistingAndNewOps);
    if (failed(applyOpPatternsGreedily(vectorOps, std::move(patterns), config)))
      signalPassFailure();
  }

  /// Tiles `op` to blocks of its innermost loop x the loop its transposed
  /// operand reads innermost, lanes x lanes, and vectorizes each block.
  LogicalResult vectorize(IRRewriter &rewriter, linalg::GenericOp op,
                          SmallVectorImpl<Operation *> &vectorOps) {
    SmallVector<int64_t> bounds = op.getStaticLoopRanges();
    int64_t read = transposedLoop(op);
    SmallVector<int64_t> tiles(bounds.size(), 1);
    tiles.back() = std::min<int64_t>(bounds.back(), lanes);
    tiles[read] = std::min<int64_t>(bounds[read], lanes);
    // The loop a producer split on threads (kSplitLoopAttrName) goes
    // outermost, where markParallel finds it.
    SmallVector<int64_t> interchange;
    if (auto split = op->getAttrOfType<IntegerAttr>(kSplitLoopAttrName)) {
      int64_t first = split.getInt();
      if (first >= 0 && first < static_cast<int64_t>(bounds.size())) {
        interchange.push_back(first);
        for (int64_t d = 0; d < static_cast<int64_t>(bounds.size()); ++d)
          if (d != first)
            interchange.push_back(d);
      }
    }
    FailureOr<SmallVector<Operation *>> tileOps =
        tileAndPeel(rewriter, op, tiles, interchange);
    if (failed(tileOps))
      return op.emitError("vectorize-transposes: could not tile the block");
    for (Operation *tile : *tileOps) {
      Block *block = tile->getBlock();
      Operation *before = tile->getPrevNode();
      if (!vectorizeInPlace(rewriter, tile))
        continue;
      for (Operation *it = before ? before->getNextNode() : &block->front(); it;
           it = it->getNextNode())
        if (isa<vector::TransferReadOp, vector::TransposeOp>(it))
          vectorOps.push_back(it);
    }
    return success();
  }
};

} // namespace
