//===- ApproximateMath.cpp - transcendental functions as polynomials ------===//
//
// Replaces f32 math.exp, expm1, log, log1p, log2, tanh and erf (scalar or
// vector) by MLIR's polynomial approximations: arithmetic, bit casts and
// selects only. As libm calls they ran one element at a time (22% of
// efficientnet_b0's time was scalar `expf`); as arithmetic, a vector
// epilogue stays a vector and a scalar elementwise loop is vectorized by
// LLVM.
//
//===----------------------------------------------------------------------===//

#include "mcg/Codegen/Passes.h"

#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Math/Transforms/Approximation.h"
#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "llvm/ADT/StringSet.h"

namespace mcg {
#define GEN_PASS_DEF_APPROXIMATEMATH
#include "mcg/Codegen/Passes.h.inc"
} // namespace mcg

using namespace mlir;

namespace {

struct ApproximateMath
    : public mcg::impl::ApproximateMathBase<ApproximateMath> {
  void runOnOperation() override {
    static const llvm::StringSet<> approximated = {
        math::ExpOp::getOperationName(),  math::ExpM1Op::getOperationName(),
        math::LogOp::getOperationName(),  math::Log1pOp::getOperationName(),
        math::Log2Op::getOperationName(), math::TanhOp::getOperationName(),
        math::ErfOp::getOperationName()};
    RewritePatternSet patterns(&getContext());
    populateMathPolynomialApproximationPatterns(
        patterns, [](StringRef name) { return approximated.contains(name); });
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
