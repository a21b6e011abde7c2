//===- HoistVectorTransfers.cpp - keep register tiles in registers --------===//

#include "mcg/Codegen/Passes.h"

#include "mlir/Dialect/Linalg/Transforms/Hoisting.h"

namespace mcg {
#define GEN_PASS_DEF_HOISTVECTORTRANSFERS
#include "mcg/Codegen/Passes.h.inc"
} // namespace mcg

using namespace mlir;

namespace {
struct HoistVectorTransfersPass
    : public mcg::impl::HoistVectorTransfersBase<HoistVectorTransfersPass> {
  void runOnOperation() override {
    linalg::hoistRedundantVectorTransfers(getOperation());
  }
};
} // namespace
