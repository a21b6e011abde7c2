//===- ParallelizeTiles.cpp - marked tile loops to scf.parallel -----------===//

#include "mcg/Codegen/Passes.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/IRMapping.h"

namespace mcg {
#define GEN_PASS_DEF_PARALLELIZETILES
#include "mcg/Codegen/Passes.h.inc"
} // namespace mcg

using namespace mlir;

namespace {
struct ParallelizeTilesPass
    : public mcg::impl::ParallelizeTilesBase<ParallelizeTilesPass> {
  void runOnOperation() override {
    SmallVector<scf::ForOp> loops;
    getOperation().walk([&](scf::ForOp loop) {
      if (loop->hasAttr("mcg.parallel") && loop.getInitArgs().empty())
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
};
} // namespace
