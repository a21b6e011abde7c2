//===- Canonicalize.cpp - cgraph canonicalization patterns ----------------===//
//
// Rewrites that simplify a graph without changing any value bit for bit:
//   reshape(reshape(x)) -> reshape(x)      reshape/flatten to x's type -> x
//   transpose(transpose(x)) -> transpose(x, composed perm)  (or x)
//   transpose(x, identity) -> x            slice of all of x -> x
//   pad(x, all zero) -> x                  cast(x) to x's type -> x
//   x + (-0.0) -> x, x + 0 (integers) -> x x - (+0.0) -> x, x - 0 -> x
//   x * 1 -> x                             x / 1 -> x
//   x * 0 -> 0 (integers only)             max(x, x) -> x, min(x, x) -> x
//   neg(neg(x)) -> x                       relu(relu(x)) -> relu(x)
// Float x + (+0.0) is not folded (it turns -0.0 into +0.0), nor is float
// x * 0 (NaN, infinities and -0.0 differ). Identity rewrites fire only when
// the result type equals x's type, i.e. the constant does not broadcast x.
//
//===----------------------------------------------------------------------===//

#include "mcg/Dialect/CGraph/IR/CGraph.h"

#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"

#include <cmath>

using namespace mlir;
using namespace mcg::cgraph;

namespace {

/// The value of a splat constant, if `v` is one.
std::optional<double> splatValue(Value v) {
  DenseElementsAttr attr;
  if (!matchPattern(v, m_Constant(&attr)) || !attr.isSplat())
    return std::nullopt;
  if (isa<FloatType>(attr.getElementType()))
    return attr.getSplatValue<APFloat>().convertToDouble();
  if (attr.getElementType().isInteger(1))
    return static_cast<double>(attr.getSplatValue<APInt>().getZExtValue());
  return static_cast<double>(attr.getSplatValue<APInt>().getSExtValue());
}

bool isFloat(Value v) {
  return isa<FloatType>(cast<ShapedType>(v.getType()).getElementType());
}

/// Whether `v` is a splat constant equal to `expected`; for floats a zero
/// must also have the given sign.
bool isSplat(Value v, double expected, bool negativeZero = false) {
  std::optional<double> value = splatValue(v);
  if (!value || *value != expected)
    return false;
  return expected != 0.0 || !isFloat(v) || std::signbit(*value) == negativeZero;
}

/// Replaces `op` by `x` when that keeps the type (no broadcast).
LogicalResult replaceByIfSameType(PatternRewriter &rewriter, Operation *op,
                                  Value x) {
  if (x.getType() != op->getResult(0).getType())
    return failure();
  rewriter.replaceOp(op, x);
  return success();
}

/// x op c -> x (and c op x -> x when `commutative`) for an identity c.
template <typename OpTy>
struct RemoveIdentityOperand : public OpRewritePattern<OpTy> {
  RemoveIdentityOperand(MLIRContext *ctx, std::function<bool(Value)> isIdentity,
                        bool commutes)
      : OpRewritePattern<OpTy>(ctx), isIdentity(std::move(isIdentity)),
        commutes(commutes) {}

  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    if (isIdentity(op.getRhs()) &&
        succeeded(replaceByIfSameType(rewriter, op, op.getLhs())))
      return success();
    if (commutes && isIdentity(op.getLhs()))
      return replaceByIfSameType(rewriter, op, op.getRhs());
    return failure();
  }

  std::function<bool(Value)> isIdentity;
  bool commutes;
};

/// max(x, x) -> x, min(x, x) -> x.
template <typename OpTy> struct SameOperands : public OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;
  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    if (op.getLhs() != op.getRhs())
      return failure();
    return replaceByIfSameType(rewriter, op, op.getLhs());
  }
};

/// Integer x * 0 -> a zero constant of the result type.
struct IntegerMulByZero : public OpRewritePattern<MulOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(MulOp op,
                                PatternRewriter &rewriter) const override {
    if (isFloat(op.getResult()) ||
        !(isSplat(op.getLhs(), 0.0) || isSplat(op.getRhs(), 0.0)))
      return failure();
    auto type = cast<RankedTensorType>(op.getType());
    if (!type.hasStaticShape())
      return failure();
    auto zero = DenseElementsAttr::get(
        type, APInt::getZero(type.getElementTypeBitWidth()));
    rewriter.replaceOpWithNewOp<ConstantOp>(op, type, zero);
    return success();
  }
};

/// reshape(reshape(x)) -> reshape(x); reshape(flatten(x)) -> reshape(x);
/// a reshape or flatten to x's own type -> x.
template <typename OpTy>
struct SimplifyReshape : public OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;
  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    Value input = op.getInput();
    if (input.getType() == op.getType()) {
      rewriter.replaceOp(op, input);
      return success();
    }
    Operation *producer = input.getDefiningOp();
    if (!isa_and_present<ReshapeOp, FlattenOp>(producer))
      return failure();
    rewriter.replaceOpWithNewOp<ReshapeOp>(op, op.getType(),
                                           producer->getOperand(0));
    return success();
  }
};

/// transpose(x, identity) -> x; transpose(transpose(x, p), q) ->
/// transpose(x, p o q).
struct SimplifyTranspose : public OpRewritePattern<TransposeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(TransposeOp op,
                                PatternRewriter &rewriter) const override {
    ArrayRef<int64_t> perm = op.getPerm();
    auto isIdentity = [](ArrayRef<int64_t> p) {
      for (auto [i, v] : llvm::enumerate(p))
        if (static_cast<int64_t>(i) != v)
          return false;
      return true;
    };
    if (isIdentity(perm)) {
      rewriter.replaceOp(op, op.getInput());
      return success();
    }
    auto inner = op.getInput().getDefiningOp<TransposeOp>();
    if (!inner)
      return failure();
    // out[i] = mid[perm[i]] = in[innerPerm[perm[i]]].
    SmallVector<int64_t> composed;
    for (int64_t p : perm)
      composed.push_back(inner.getPerm()[p]);
    if (isIdentity(composed)) {
      rewriter.replaceOp(op, inner.getInput());
      return success();
    }
    rewriter.replaceOpWithNewOp<TransposeOp>(op, inner.getInput(), composed);
    return success();
  }
};

/// A slice that takes all of x -> x.
struct RemoveFullSlice : public OpRewritePattern<SliceOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(SliceOp op,
                                PatternRewriter &rewriter) const override {
    auto type = cast<RankedTensorType>(op.getInput().getType());
    for (int64_t d = 0; d < type.getRank(); ++d)
      if (op.getStarts()[d] != 0 || op.getSteps()[d] != 1 ||
          type.isDynamicDim(d) || op.getEnds()[d] != type.getDimSize(d))
        return failure();
    rewriter.replaceOp(op, op.getInput());
    return success();
  }
};

/// A pad of zero everywhere -> x.
struct RemoveZeroPad : public OpRewritePattern<PadOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(PadOp op,
                                PatternRewriter &rewriter) const override {
    if (llvm::any_of(op.getPads(), [](int64_t p) { return p != 0; }))
      return failure();
    rewriter.replaceOp(op, op.getInput());
    return success();
  }
};

/// A cast to the input's own type -> x.
struct RemoveNoOpCast : public OpRewritePattern<CastOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(CastOp op,
                                PatternRewriter &rewriter) const override {
    return replaceByIfSameType(rewriter, op, op.getInput());
  }
};

/// neg(neg(x)) -> x.
struct RemoveDoubleNeg : public OpRewritePattern<NegOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(NegOp op,
                                PatternRewriter &rewriter) const override {
    auto inner = op.getInput().getDefiningOp<NegOp>();
    if (!inner)
      return failure();
    rewriter.replaceOp(op, inner.getInput());
    return success();
  }
};

/// relu(relu(x)) -> relu(x).
struct RemoveDoubleRelu : public OpRewritePattern<ReluOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ReluOp op,
                                PatternRewriter &rewriter) const override {
    if (!op.getInput().getDefiningOp<ReluOp>())
      return failure();
    rewriter.replaceOp(op, op.getInput());
    return success();
  }
};

} // namespace

void CGraphDialect::getCanonicalizationPatterns(
    RewritePatternSet &patterns) const {
  MLIRContext *ctx = getContext();
  // x + 0: exact for integers and for float -0.0 only.
  auto isAddIdentity = [](Value v) {
    return isSplat(v, 0.0, /*negativeZero=*/true);
  };
  // x - 0: exact for integers and for float +0.0 only.
  auto isSubIdentity = [](Value v) {
    return isSplat(v, 0.0, /*negativeZero=*/false);
  };
  auto isOne = [](Value v) { return isSplat(v, 1.0); };
  patterns.add<RemoveIdentityOperand<AddOp>>(ctx, isAddIdentity, true);
  patterns.add<RemoveIdentityOperand<SubOp>>(ctx, isSubIdentity, false);
  patterns.add<RemoveIdentityOperand<MulOp>>(ctx, isOne, true);
  patterns.add<RemoveIdentityOperand<DivOp>>(ctx, isOne, false);
  patterns.add<SameOperands<MaxOp>, SameOperands<MinOp>, IntegerMulByZero,
               SimplifyReshape<ReshapeOp>, SimplifyReshape<FlattenOp>,
               SimplifyTranspose, RemoveFullSlice, RemoveZeroPad,
               RemoveNoOpCast, RemoveDoubleNeg, RemoveDoubleRelu>(ctx);
}
