//===- ParallelizeTiles.cpp - tile loops and large loop nests on threads --===//
//
// Marked tile loops of contractions become scf.parallel; large linalg ops
// at a function's top level are split into one chunk per thread.
//
//===----------------------------------------------------------------------===//

#include "mcg/Codegen/Passes.h"

#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/PatternMatch.h"

namespace mcg {
#define GEN_PASS_DEF_PARALLELIZETILES
#include "mcg/Codegen/Passes.h.inc"
} // namespace mcg

using namespace mlir;

namespace {
/// A rough count of the element operations `op` does: each vector value
/// it makes or stores counts its lanes, each scalar op 1, a linalg op its
/// iterations times its operands, and a loop its body times its trip
/// count. Unknown trip counts and shapes count as `kUnknown`, which is
/// always enough to run on threads. Splitting work across threads costs a
/// fork and a join (~2 us here, and the other core's caches hold half of
/// what the next op reads), so loops with less work than that stay serial.
constexpr int64_t kUnknown = int64_t(1) << 40;

int64_t saturatingMul(int64_t a, int64_t b) {
  return (b != 0 && a > kUnknown / b) ? kUnknown : a * b;
}

int64_t estimateWork(Operation *op);

int64_t estimateWork(Block &block) {
  int64_t work = 0;
  for (Operation &op : block)
    work = std::min(kUnknown, work + estimateWork(&op));
  return work;
}

int64_t estimateWork(Operation *op) {
  if (auto loop = dyn_cast<scf::ForOp>(op)) {
    std::optional<int64_t> lb = getConstantIntValue(loop.getLowerBound());
    std::optional<int64_t> ub = getConstantIntValue(loop.getUpperBound());
    std::optional<int64_t> step = getConstantIntValue(loop.getStep());
    if (!lb || !ub || !step || *step <= 0)
      return kUnknown;
    int64_t trips = *ub > *lb ? llvm::divideCeil(*ub - *lb, *step) : 0;
    return saturatingMul(trips, estimateWork(*loop.getBody()));
  }
  if (auto linalgOp = dyn_cast<linalg::LinalgOp>(op)) {
    int64_t iterations = 1;
    for (int64_t bound : linalgOp.getStaticLoopRanges()) {
      if (ShapedType::isDynamic(bound))
        return kUnknown;
      iterations = saturatingMul(iterations, bound);
    }
    return saturatingMul(iterations, linalgOp->getNumOperands());
  }
  int64_t work = 1;
  auto lanes = [&](Type type) {
    if (auto vector = dyn_cast<VectorType>(type))
      work = std::max(work, vector.getNumElements());
  };
  for (Type type : op->getResultTypes())
    lanes(type);
  if (isa<vector::TransferWriteOp, vector::StoreOp, vector::MaskedStoreOp>(
          op))
    lanes(op->getOperand(0).getType());
  // Both branches of an scf.if count: an upper bound.
  for (Region &region : op->getRegions())
    for (Block &block : region)
      work = std::min(kUnknown, work + estimateWork(block));
  return work;
}

struct ParallelizeTilesPass
    : public mcg::impl::ParallelizeTilesBase<ParallelizeTilesPass> {
  using Base::Base;

  void runOnOperation() override {
    if (numThreads < 1 || minWork < 0) {
      getOperation().emitError("parallelize-tiles: num-threads must be "
                               "positive and min-work not negative");
      return signalPassFailure();
    }
    parallelizeMarkedLoops();
    splitLargeOps();
  }

  /// 1. Marked tile loops without loop-carried values and with at least
  /// `min-work` of work -> scf.parallel.
  void parallelizeMarkedLoops() {
    SmallVector<scf::ForOp> loops;
    getOperation().walk([&](scf::ForOp loop) {
      if (loop->hasAttr("mcg.parallel") && loop.getInitArgs().empty() &&
          estimateWork(loop) >= minWork)
        loops.push_back(loop);
    });
    for (scf::ForOp loop : loops) {
      OpBuilder b(loop);
      auto parallel = scf::ParallelOp::create(
          b, loop.getLoc(), ValueRange{loop.getLowerBound()},
          ValueRange{loop.getUpperBound()}, ValueRange{loop.getStep()});
      Block *body = parallel.getBody();
      IRMapping map;
      map.map(loop.getInductionVar(), parallel.getInductionVars()[0]);
      b.setInsertionPointToStart(body);
      for (Operation &op : loop.getBody()->without_terminator())
        b.clone(op, map);
      loop.erase();
    }
  }

  /// Whether loop `d` of `op` appears in its indexing maps only outside
  /// floordiv, ceildiv and mod: a chunk's operand slices are then the same
  /// maps shifted by the chunk's offset. An im2col copy reads
  /// `d1 floordiv 16`; split along d1 at 24, its second chunk read channel
  /// (24 + i) floordiv 16 as 1 + i floordiv 16 (wrong from i = 8), which
  /// broke every model with a stride-4 stem on two threads.
  static bool isShiftInvariant(linalg::LinalgOp op, unsigned d) {
    bool invariant = true;
    for (AffineMap map : op.getIndexingMapsArray())
      for (AffineExpr result : map.getResults())
        result.walk([&](AffineExpr e) {
          auto bin = dyn_cast<AffineBinaryOpExpr>(e);
          if (bin &&
              (e.getKind() == AffineExprKind::FloorDiv ||
               e.getKind() == AffineExprKind::CeilDiv ||
               e.getKind() == AffineExprKind::Mod) &&
              bin.getLHS().isFunctionOfDim(d))
            invariant = false;
        });
    return invariant;
  }

  /// 2. Large linalg ops of the function body -> one chunk per thread.
  void splitLargeOps() {
    func::FuncOp func = getOperation();
    if (numThreads < 2 || func.isExternal())
      return;
    SmallVector<linalg::LinalgOp> ops;
    for (Operation &op : func.getBody().front())
      if (auto linalgOp = dyn_cast<linalg::LinalgOp>(op);
          linalgOp && linalgOp.hasPureBufferSemantics())
        ops.push_back(linalgOp);
    IRRewriter rewriter(&getContext());
    for (linalg::LinalgOp op : ops) {
      SmallVector<int64_t> bounds = op.getStaticLoopRanges();
      if (llvm::any_of(bounds, ShapedType::isDynamic) ||
          estimateWork(op) < minWork)
        continue;
      SmallVector<utils::IteratorType> kinds = op.getIteratorTypesArray();
      std::optional<unsigned> dim;
      for (unsigned d = 0; d < bounds.size(); ++d)
        if (kinds[d] == utils::IteratorType::parallel &&
            bounds[d] >= numThreads && isShiftInvariant(op, d)) {
          dim = d;
          break;
        }
      if (!dim)
        continue;
      SmallVector<int64_t> tiles(bounds.size(), 0);
      tiles[*dim] = llvm::divideCeil(bounds[*dim], numThreads);
      linalg::LinalgTilingOptions options;
      options.setTileSizes(tiles).setLoopType(
          linalg::LinalgTilingLoopType::ParallelLoops);
      rewriter.setInsertionPoint(op);
      if (failed(linalg::tileLinalgOp(rewriter, op, options)))
        continue;
      rewriter.eraseOp(op);
    }
  }
};
} // namespace
