//===- ApproximateMath.cpp - transcendental functions as polynomials ------===//
//
// Replaces f32 math.exp, expm1, log, log1p, log2, tanh and erf (scalar or
// vector) by MLIR's polynomial approximations, and f32 math.powf by
// multiplications (small integer exponents), a square root (1/2) or
// exp(y log|x|) with the signs and special cases of C's powf: arithmetic,
// bit casts and selects only. As libm calls they ran one element at a time
// (22% of efficientnet_b0's time was scalar `expf`); as arithmetic, a
// vector epilogue stays a vector and a scalar elementwise loop is
// vectorized by LLVM.
//
//===----------------------------------------------------------------------===//

#include "mcg/Codegen/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Math/Transforms/Approximation.h"
#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "llvm/ADT/StringSet.h"

#include <cmath>

namespace mcg {
#define GEN_PASS_DEF_APPROXIMATEMATH
#include "mcg/Codegen/Passes.h.inc"
} // namespace mcg

using namespace mlir;

namespace {

/// Integer exponents up to this magnitude become multiplications (at most
/// 2 log2(n) of them, each rounding once).
constexpr int64_t kMaxMultipliedExponent = 64;

/// `math.powf` on f32 without libm. A constant integer exponent n: x^|n| by
/// squaring (1 / x^|n| when n < 0; 1 when n = 0). A constant 1/2: sqrt(x),
/// made +0 at -0 and +inf at -inf as powf is. Otherwise exp(y * log|x|)
/// (both approximated in turn), with the sign of an odd integer power of a
/// negative x, NaN for a non-integer power of a finite negative one, and
/// powf's results for y = 0, x = 1 and |x| = 1 with y = +-inf.
struct ExpandPowF : public OpRewritePattern<math::PowFOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(math::PowFOp op,
                                PatternRewriter &rewriter) const override {
    Type type = op.getType();
    if (!getElementTypeOrSelf(type).isF32())
      return failure();
    Location loc = op.getLoc();
    auto c = [&](float v) -> Value {
      return createScalarOrSplatConstant(rewriter, loc, type, APFloat(v));
    };
    Value x = op.getLhs(), y = op.getRhs();

    APFloat exponent(0.0f);
    if (matchPattern(y, m_ConstantFloat(&exponent))) {
      double e = exponent.convertToDouble();
      if (e == std::trunc(e) && std::abs(e) <= kMaxMultipliedExponent) {
        rewriter.replaceOp(
            op, integerPower(rewriter, loc, x, static_cast<int64_t>(e), c));
        return success();
      }
      if (e == 0.5) {
        Value root = math::SqrtOp::create(rewriter, loc, x);
        // + 0 turns sqrt(-0) = -0 into +0.
        root = arith::AddFOp::create(rewriter, loc, root, c(0.0f));
        Value minusInf =
            cmp(rewriter, loc, arith::CmpFPredicate::OEQ, x, c(-INFINITY));
        rewriter.replaceOpWithNewOp<arith::SelectOp>(op, minusInf, c(INFINITY),
                                                     root);
        return success();
      }
    }

    using P = arith::CmpFPredicate;
    Value ax = math::AbsFOp::create(rewriter, loc, x);
    Value r = math::ExpOp::create(
        rewriter, loc,
        arith::MulFOp::create(rewriter, loc, y,
                              math::LogOp::create(rewriter, loc, ax)));
    // y an integer (+-inf counts: floor(inf) = inf), and an odd one.
    Value integer =
        cmp(rewriter, loc, P::OEQ, math::FloorOp::create(rewriter, loc, y), y);
    Value half = arith::MulFOp::create(rewriter, loc, y, c(0.5f));
    Value odd = arith::AndIOp::create(
        rewriter, loc, integer,
        cmp(rewriter, loc, P::ONE, math::FloorOp::create(rewriter, loc, half),
            half));
    // x's sign bit (-0 included): odd powers keep it.
    Type intType = bitsType(type);
    Value bits = arith::BitcastOp::create(rewriter, loc, intType, x);
    Value negative = arith::CmpIOp::create(
        rewriter, loc, arith::CmpIPredicate::slt, bits,
        createScalarOrSplatConstant(rewriter, loc, intType, 0));
    Value flip = arith::AndIOp::create(rewriter, loc, negative, odd);
    r = arith::SelectOp::create(rewriter, loc, flip,
                                arith::NegFOp::create(rewriter, loc, r), r);
    // A non-integer power of a finite negative x is NaN (of -inf, the
    // exp above already gives +inf or +0).
    Value finiteNegative = arith::AndIOp::create(
        rewriter, loc, cmp(rewriter, loc, P::OLT, x, c(0.0f)),
        cmp(rewriter, loc, P::ONE, x, c(-INFINITY)));
    Value nan = arith::AndIOp::create(
        rewriter, loc, finiteNegative,
        arith::XOrIOp::create(
            rewriter, loc, integer,
            createScalarOrSplatConstant(rewriter, loc, integer.getType(), 1)));
    r = arith::SelectOp::create(rewriter, loc, nan, c(NAN), r);
    // powf(x, +-0) = powf(1, y) = powf(-1, +-inf) = 1, NaNs included.
    Value one = arith::OrIOp::create(rewriter, loc,
                                     cmp(rewriter, loc, P::OEQ, y, c(0.0f)),
                                     cmp(rewriter, loc, P::OEQ, x, c(1.0f)));
    one = arith::OrIOp::create(
        rewriter, loc, one,
        arith::AndIOp::create(
            rewriter, loc, cmp(rewriter, loc, P::OEQ, ax, c(1.0f)),
            cmp(rewriter, loc, P::OEQ, math::AbsFOp::create(rewriter, loc, y),
                c(INFINITY))));
    rewriter.replaceOpWithNewOp<arith::SelectOp>(op, one, c(1.0f), r);
    return success();
  }

private:
  static Value integerPower(PatternRewriter &rewriter, Location loc, Value x,
                            int64_t n, function_ref<Value(float)> c) {
    Value result;
    Value square = x;
    for (uint64_t e = std::abs(n); e; e >>= 1) {
      if (e & 1)
        result = result ? arith::MulFOp::create(rewriter, loc, result, square)
                        : square;
      if (e > 1)
        square = arith::MulFOp::create(rewriter, loc, square, square);
    }
    if (!result)
      return c(1.0f);
    return n < 0 ? arith::DivFOp::create(rewriter, loc, c(1.0f), result)
                 : result;
  }

  static Type bitsType(Type type) {
    Type i32 = IntegerType::get(type.getContext(), 32);
    if (auto vec = dyn_cast<VectorType>(type))
      return vec.clone(i32);
    return i32;
  }

  static Value cmp(PatternRewriter &rewriter, Location loc,
                   arith::CmpFPredicate p, Value a, Value b) {
    return arith::CmpFOp::create(rewriter, loc, p, a, b);
  }
};

struct ApproximateMath
    : public mcg::impl::ApproximateMathBase<ApproximateMath> {
  void runOnOperation() override {
    static const llvm::StringSet<> approximated = {
        math::ExpOp::getOperationName(),  math::ExpM1Op::getOperationName(),
        math::LogOp::getOperationName(),  math::Log1pOp::getOperationName(),
        math::Log2Op::getOperationName(), math::TanhOp::getOperationName(),
        math::ErfOp::getOperationName()};
    RewritePatternSet patterns(&getContext());
    patterns.add<ExpandPowF>(&getContext());
    populateMathPolynomialApproximationPatterns(
        patterns, [](StringRef name) { return approximated.contains(name); });
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
