//===- Elementwise.cpp - cgraph elementwise ops to linalg.generic ---------===//
//
// Unary and binary elementwise ops (numpy broadcasting through the indexing
// maps), comparisons, logic on i1 masks, select and casts, each as one
// linalg.generic with an arith/math body.
//
//===----------------------------------------------------------------------===//

#include "LoweringHelpers.h"
#include "mcg/Conversion/CGraphToLinalg/CGraphToLinalg.h"
#include "mcg/Dialect/CGraph/IR/CGraph.h"

#include "mlir/Dialect/Math/IR/Math.h"

#include <cmath>

using namespace mlir;
using namespace mcg::cgraph;
using namespace mcg::lowering;

namespace {

/// Lowers an elementwise op whose scalar semantics `scalarOf` gives.
template <typename OpTy>
struct ElementwiseLowering : public OpRewritePattern<OpTy> {
  using ScalarFn =
      std::function<Value(OpTy, OpBuilder &, Location, ValueRange, Type)>;
  ElementwiseLowering(MLIRContext *ctx, ScalarFn fn)
      : OpRewritePattern<OpTy>(ctx), scalarOf(std::move(fn)) {}

  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    auto type = cast<RankedTensorType>(op->getResult(0).getType());
    Type elem = type.getElementType();
    Value result =
        elementwise(rewriter, op.getLoc(), type, op->getOperands(),
                    [&](OpBuilder &b, Location loc, ValueRange args) {
                      return scalarOf(op, b, loc, args, elem);
                    });
    rewriter.replaceOp(op, result);
    return success();
  }

  ScalarFn scalarOf;
};

template <typename FloatOp, typename IntOp>
Value floatOrInt(OpBuilder &b, Location loc, ValueRange a, Type elem) {
  if (isa<FloatType>(elem))
    return FloatOp::create(b, loc, a[0], a[1]);
  return IntOp::create(b, loc, a[0], a[1]);
}

Value gelu(OpBuilder &b, Location loc, Value x, Type t,
           GeluApproximation approx) {
  Value half = scalar(b, loc, t, 0.5), one = scalar(b, loc, t, 1.0);
  Value inner;
  if (approx == GeluApproximation::tanh) {
    // tanh(sqrt(2/pi) * (x + 0.044715 x^3))
    Value x3 =
        arith::MulFOp::create(b, loc, x, arith::MulFOp::create(b, loc, x, x));
    Value poly = arith::AddFOp::create(
        b, loc, x,
        arith::MulFOp::create(b, loc, scalar(b, loc, t, 0.044715), x3));
    inner = math::TanhOp::create(
        b, loc,
        arith::MulFOp::create(b, loc, scalar(b, loc, t, std::sqrt(2.0 / M_PI)),
                              poly));
  } else {
    inner = math::ErfOp::create(
        b, loc, arith::MulFOp::create(b, loc, x, scalar(b, loc, t, M_SQRT1_2)));
  }
  return arith::MulFOp::create(b, loc, arith::MulFOp::create(b, loc, half, x),
                               arith::AddFOp::create(b, loc, one, inner));
}

Value castScalar(OpBuilder &b, Location loc, Value x, Type to) {
  Type from = x.getType();
  if (from == to)
    return x;
  auto fromF = dyn_cast<FloatType>(from);
  auto toF = dyn_cast<FloatType>(to);
  if (fromF && toF)
    return fromF.getWidth() < toF.getWidth()
               ? (Value)arith::ExtFOp::create(b, loc, to, x)
               : (Value)arith::TruncFOp::create(b, loc, to, x);
  // Float to bool is "nonzero" (NaN is true), as in numpy and ONNX.
  if (fromF && to.isInteger(1))
    return arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNE, x,
                                 scalar(b, loc, from, 0.0));
  if (fromF)
    return arith::FPToSIOp::create(b, loc, to, x);
  if (toF) {
    if (from.isInteger(1))
      return arith::UIToFPOp::create(b, loc, to, x);
    return arith::SIToFPOp::create(b, loc, to, x);
  }
  unsigned fw = from.getIntOrFloatBitWidth(), tw = to.getIntOrFloatBitWidth();
  if (tw == 1)
    return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, x,
                                 scalar(b, loc, from, 0));
  if (fw < tw)
    return fw == 1 ? (Value)arith::ExtUIOp::create(b, loc, to, x)
                   : (Value)arith::ExtSIOp::create(b, loc, to, x);
  return arith::TruncIOp::create(b, loc, to, x);
}

/// A comparison of two scalars of the operands' element type: ordered
/// float predicates (NaN compares false), signed integer ones.
Value compare(OpBuilder &b, Location loc, ValueRange a, arith::CmpFPredicate f,
              arith::CmpIPredicate i) {
  if (isa<FloatType>(a[0].getType()))
    return arith::CmpFOp::create(b, loc, f, a[0], a[1]);
  return arith::CmpIOp::create(b, loc, i, a[0], a[1]);
}

template <typename OpTy>
void addCompare(RewritePatternSet &p, arith::CmpFPredicate f,
                arith::CmpIPredicate i) {
  p.add<ElementwiseLowering<OpTy>>(
      p.getContext(), [f, i](OpTy, OpBuilder &b, Location l, ValueRange a,
                             Type) { return compare(b, l, a, f, i); });
}

} // namespace

void mcg::populateCGraphElementwiseToLinalgPatterns(RewritePatternSet &p) {
  MLIRContext *ctx = p.getContext();
  // Comparisons, logic and select on i1 masks.
  using F = arith::CmpFPredicate;
  using I = arith::CmpIPredicate;
  addCompare<EqualOp>(p, F::OEQ, I::eq);
  addCompare<LessOp>(p, F::OLT, I::slt);
  addCompare<LessEqualOp>(p, F::OLE, I::sle);
  addCompare<GreaterOp>(p, F::OGT, I::sgt);
  addCompare<GreaterEqualOp>(p, F::OGE, I::sge);
  p.add<ElementwiseLowering<AndOp>>(
      ctx, [](AndOp, OpBuilder &b, Location l, ValueRange a, Type) -> Value {
        return arith::AndIOp::create(b, l, a[0], a[1]);
      });
  p.add<ElementwiseLowering<OrOp>>(
      ctx, [](OrOp, OpBuilder &b, Location l, ValueRange a, Type) -> Value {
        return arith::OrIOp::create(b, l, a[0], a[1]);
      });
  p.add<ElementwiseLowering<XorOp>>(
      ctx, [](XorOp, OpBuilder &b, Location l, ValueRange a, Type) -> Value {
        return arith::XOrIOp::create(b, l, a[0], a[1]);
      });
  p.add<ElementwiseLowering<NotOp>>(
      ctx, [](NotOp, OpBuilder &b, Location l, ValueRange a, Type t) -> Value {
        return arith::XOrIOp::create(b, l, a[0], scalar(b, l, t, 1));
      });
  p.add<ElementwiseLowering<SelectOp>>(
      ctx, [](SelectOp, OpBuilder &b, Location l, ValueRange a, Type) -> Value {
        return arith::SelectOp::create(b, l, a[0], a[1], a[2]);
      });
  // Binary ops.
  p.add<ElementwiseLowering<AddOp>>(
      ctx, [](AddOp, OpBuilder &b, Location l, ValueRange a, Type t) {
        return floatOrInt<arith::AddFOp, arith::AddIOp>(b, l, a, t);
      });
  p.add<ElementwiseLowering<SubOp>>(
      ctx, [](SubOp, OpBuilder &b, Location l, ValueRange a, Type t) {
        return floatOrInt<arith::SubFOp, arith::SubIOp>(b, l, a, t);
      });
  p.add<ElementwiseLowering<MulOp>>(
      ctx, [](MulOp, OpBuilder &b, Location l, ValueRange a, Type t) {
        return floatOrInt<arith::MulFOp, arith::MulIOp>(b, l, a, t);
      });
  p.add<ElementwiseLowering<DivOp>>(
      ctx, [](DivOp, OpBuilder &b, Location l, ValueRange a, Type t) {
        return floatOrInt<arith::DivFOp, arith::DivSIOp>(b, l, a, t);
      });
  p.add<ElementwiseLowering<MaxOp>>(
      ctx, [](MaxOp, OpBuilder &b, Location l, ValueRange a, Type t) {
        return floatOrInt<arith::MaximumFOp, arith::MaxSIOp>(b, l, a, t);
      });
  p.add<ElementwiseLowering<MinOp>>(
      ctx, [](MinOp, OpBuilder &b, Location l, ValueRange a, Type t) {
        return floatOrInt<arith::MinimumFOp, arith::MinSIOp>(b, l, a, t);
      });
  p.add<ElementwiseLowering<PowOp>>(
      ctx, [](PowOp, OpBuilder &b, Location l, ValueRange a, Type) -> Value {
        return math::PowFOp::create(b, l, a[0], a[1]);
      });
  // Unary ops.
  p.add<ElementwiseLowering<NegOp>>(
      ctx, [](NegOp, OpBuilder &b, Location l, ValueRange a, Type t) -> Value {
        if (isa<FloatType>(t))
          return arith::NegFOp::create(b, l, a[0]);
        return arith::SubIOp::create(b, l, scalar(b, l, t, 0), a[0]);
      });
  p.add<ElementwiseLowering<AbsOp>>(
      ctx, [](AbsOp, OpBuilder &b, Location l, ValueRange a, Type t) -> Value {
        if (isa<FloatType>(t))
          return math::AbsFOp::create(b, l, a[0]);
        // max(x, 0 - x), not math.absi: the LLVM lowering of math.absi
        // takes no vector of rank 2 or more, which a fused group's tiles
        // can be (found by test/random). The minimum integer stays itself.
        Value negated = arith::SubIOp::create(b, l, scalar(b, l, t, 0), a[0]);
        return arith::MaxSIOp::create(b, l, a[0], negated);
      });
  p.add<ElementwiseLowering<ExpOp>>(
      ctx, [](ExpOp, OpBuilder &b, Location l, ValueRange a, Type) -> Value {
        return math::ExpOp::create(b, l, a[0]);
      });
  p.add<ElementwiseLowering<LogOp>>(
      ctx, [](LogOp, OpBuilder &b, Location l, ValueRange a, Type) -> Value {
        return math::LogOp::create(b, l, a[0]);
      });
  p.add<ElementwiseLowering<SqrtOp>>(
      ctx, [](SqrtOp, OpBuilder &b, Location l, ValueRange a, Type) -> Value {
        return math::SqrtOp::create(b, l, a[0]);
      });
  p.add<ElementwiseLowering<RsqrtOp>>(
      ctx, [](RsqrtOp, OpBuilder &b, Location l, ValueRange a, Type) -> Value {
        return math::RsqrtOp::create(b, l, a[0]);
      });
  p.add<ElementwiseLowering<TanhOp>>(
      ctx, [](TanhOp, OpBuilder &b, Location l, ValueRange a, Type) -> Value {
        return math::TanhOp::create(b, l, a[0]);
      });
  p.add<ElementwiseLowering<ErfOp>>(
      ctx, [](ErfOp, OpBuilder &b, Location l, ValueRange a, Type) -> Value {
        return math::ErfOp::create(b, l, a[0]);
      });
  p.add<ElementwiseLowering<SigmoidOp>>(
      ctx,
      [](SigmoidOp, OpBuilder &b, Location l, ValueRange a, Type t) -> Value {
        // 1 / (1 + exp(-x))
        Value e = math::ExpOp::create(b, l, arith::NegFOp::create(b, l, a[0]));
        return arith::DivFOp::create(
            b, l, scalar(b, l, t, 1.0),
            arith::AddFOp::create(b, l, scalar(b, l, t, 1.0), e));
      });
  p.add<ElementwiseLowering<ReluOp>>(
      ctx, [](ReluOp, OpBuilder &b, Location l, ValueRange a, Type t) -> Value {
        return arith::MaximumFOp::create(b, l, a[0], scalar(b, l, t, 0.0));
      });
  p.add<ElementwiseLowering<GeluOp>>(
      ctx, [](GeluOp op, OpBuilder &b, Location l, ValueRange a, Type t) {
        return gelu(b, l, a[0], t, op.getApproximation());
      });
  p.add<ElementwiseLowering<ClipOp>>(
      ctx,
      [](ClipOp op, OpBuilder &b, Location l, ValueRange a, Type t) -> Value {
        Value lo = scalar(b, l, t, op.getMin().convertToDouble());
        Value hi = scalar(b, l, t, op.getMax().convertToDouble());
        return arith::MinimumFOp::create(
            b, l, arith::MaximumFOp::create(b, l, a[0], lo), hi);
      });
  p.add<ElementwiseLowering<LeakyReluOp>>(
      ctx,
      [](LeakyReluOp op, OpBuilder &b, Location l, ValueRange a,
         Type t) -> Value {
        Value alpha = scalar(b, l, t, op.getAlpha().convertToDouble());
        Value neg = arith::MulFOp::create(b, l, a[0], alpha);
        Value pos = arith::CmpFOp::create(b, l, arith::CmpFPredicate::OGE, a[0],
                                          scalar(b, l, t, 0.0));
        return arith::SelectOp::create(b, l, pos, a[0], neg);
      });
  p.add<ElementwiseLowering<CastOp>>(
      ctx, [](CastOp, OpBuilder &b, Location l, ValueRange a, Type t) {
        return castScalar(b, l, a[0], t);
      });
}
