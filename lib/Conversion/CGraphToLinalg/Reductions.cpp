//===- Reductions.cpp - pooling, normalization, softmax, reductions -------===//
//
// max_pool2d / avg_pool2d -> tensor.pad + linalg.pooling_nchw_max / _sum
// (the average divides by a window count computed the same way from a
// tensor of ones, which handles padding and ceil mode exactly);
// global_avg_pool, reduce_* -> reduction linalg.generic; batch_norm -> one
// elementwise generic; layer_norm and softmax -> reductions plus
// elementwise generics; argmax / argmin -> a reduction generic carrying
// the extremum and its index.
//
//===----------------------------------------------------------------------===//

#include "LoweringHelpers.h"
#include "mcg/Conversion/CGraphToLinalg/CGraphToLinalg.h"
#include "mcg/Dialect/CGraph/IR/CGraph.h"

#include "mlir/Dialect/Math/IR/Math.h"

#include <limits>

using namespace mlir;
using namespace mcg::cgraph;
using namespace mcg::lowering;

namespace {

/// The padding at the end of each spatial dimension that makes every
/// output window of `out` fit (ceil mode needs more than the declared pads).
SmallVector<int64_t> endPadding(RankedTensorType in, RankedTensorType out,
                                ArrayRef<int64_t> kernel,
                                ArrayRef<int64_t> strides,
                                ArrayRef<int64_t> pads,
                                ArrayRef<int64_t> dilations) {
  SmallVector<int64_t> hi;
  for (int i = 0; i < 2; ++i) {
    int64_t needed = (out.getDimSize(2 + i) - 1) * strides[i] +
                     dilations[i] * (kernel[i] - 1) + 1;
    int64_t have = in.getDimSize(2 + i) + pads[i];
    hi.push_back(std::max<int64_t>(needed - have, 0));
  }
  return hi;
}

/// A pooling op over `input` (already padded) into `init`.
template <typename PoolOp>
Value pool(OpBuilder &b, Location loc, Value input, Value init,
           ArrayRef<int64_t> kernel, ArrayRef<int64_t> strides,
           ArrayRef<int64_t> dilations) {
  Type elem = tensorType(input).getElementType();
  Value window = tensor::EmptyOp::create(b, loc, kernel, elem);
  SmallVector<NamedAttribute> attrs = {
      b.getNamedAttr("strides", b.getI64TensorAttr(strides)),
      b.getNamedAttr("dilations", b.getI64TensorAttr(dilations))};
  return PoolOp::create(b, loc, TypeRange{init.getType()},
                        ValueRange{input, window}, ValueRange{init}, attrs)
      .getResult(0);
}

struct MaxPoolLowering : public OpRewritePattern<MaxPool2DOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(MaxPool2DOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = cast<RankedTensorType>(op.getType());
    RankedTensorType in = tensorType(op.getInput());
    ArrayRef<int64_t> pads = op.getPads();
    SmallVector<int64_t> hi =
        endPadding(in, type, op.getKernelShape(), op.getStrides(), pads,
                   op.getDilations());
    double lowest = -std::numeric_limits<double>::infinity();
    Value padded = padSpatial(rewriter, loc, op.getInput(), {pads[0], pads[1]},
                              hi, lowest);
    Value init = filled(rewriter, loc, type, lowest);
    rewriter.replaceOp(op, pool<linalg::PoolingNchwMaxOp>(
                               rewriter, loc, padded, init, op.getKernelShape(),
                               op.getStrides(), op.getDilations()));
    return success();
  }
};

struct AvgPoolLowering : public OpRewritePattern<AvgPool2DOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(AvgPool2DOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = cast<RankedTensorType>(op.getType());
    RankedTensorType in = tensorType(op.getInput());
    Type elem = type.getElementType();
    ArrayRef<int64_t> pads = op.getPads(), kernel = op.getKernelShape(),
                      strides = op.getStrides();
    SmallVector<int64_t> ones = {1, 1};
    SmallVector<int64_t> hi = endPadding(in, type, kernel, strides, pads, ones);
    Value padded =
        padSpatial(rewriter, loc, op.getInput(), {pads[0], pads[1]}, hi, 0.0);
    Value sum = pool<linalg::PoolingNchwSumOp>(rewriter, loc, padded,
                                               filled(rewriter, loc, type, 0.0),
                                               kernel, strides, ones);
    // The divisor per output position: the same window sum over a 1x1xHxW
    // tensor of ones, whose declared padding counts only with
    // count_include_pad (ceil-mode padding never counts).
    auto onesType =
        RankedTensorType::get({1, 1, in.getDimSize(2), in.getDimSize(3)}, elem);
    Value count = filled(rewriter, loc, onesType, 1.0);
    double padValue = op.getCountIncludePad() ? 1.0 : 0.0;
    count = padSpatial(rewriter, loc, count, {pads[0], pads[1]},
                       {pads[2], pads[3]}, padValue);
    SmallVector<int64_t> extra = {hi[0] - pads[2], hi[1] - pads[3]};
    count = padSpatial(
        rewriter, loc, count, {0, 0},
        {std::max<int64_t>(extra[0], 0), std::max<int64_t>(extra[1], 0)}, 0.0);
    auto countType = RankedTensorType::get(
        {1, 1, type.getDimSize(2), type.getDimSize(3)}, elem);
    Value divisor = pool<linalg::PoolingNchwSumOp>(
        rewriter, loc, count, filled(rewriter, loc, countType, 0.0), kernel,
        strides, ones);
    rewriter.replaceOp(
        op, elementwise(rewriter, loc, type, ValueRange{sum, divisor},
                        [](OpBuilder &b, Location l, ValueRange a) -> Value {
                          return arith::DivFOp::create(b, l, a[0], a[1]);
                        }));
    return success();
  }
};

/// Sum over `reduced` dims (kept as size 1), divided by their element count.
Value mean(OpBuilder &b, Location loc, Value input, ArrayRef<bool> reduced) {
  auto type = tensorType(input);
  int64_t count = 1;
  for (int64_t d = 0; d < type.getRank(); ++d)
    if (reduced[d])
      count *= type.getDimSize(d);
  Value sum = reduce(b, loc, input, reduced, /*keepDims=*/true, 0.0, addF);
  Type elem = type.getElementType();
  return elementwise(b, loc, tensorType(sum), ValueRange{sum},
                     [&](OpBuilder &nb, Location l, ValueRange a) -> Value {
                       return arith::DivFOp::create(nb, l, a[0],
                                                    scalar(nb, l, elem, count));
                     });
}

struct GlobalAvgPoolLowering : public OpRewritePattern<GlobalAvgPoolOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(GlobalAvgPoolOp op,
                                PatternRewriter &rewriter) const override {
    int64_t rank = tensorType(op.getInput()).getRank();
    SmallVector<bool> reduced(rank, true);
    reduced[0] = reduced[1] = false;
    rewriter.replaceOp(op, mean(rewriter, op.getLoc(), op.getInput(), reduced));
    return success();
  }
};

struct BatchNormLowering : public OpRewritePattern<BatchNormOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(BatchNormOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = getContext();
    auto type = cast<RankedTensorType>(op.getType());
    int64_t rank = type.getRank();
    Type elem = type.getElementType();
    double eps = op.getEpsilon().convertToDouble();
    AffineMap identity = rewriter.getMultiDimIdentityMap(rank);
    AffineMap channel =
        AffineMap::get(rank, 0, {getAffineDimExpr(1, ctx)}, ctx);
    SmallVector<AffineMap> maps = {identity, channel, channel,
                                   channel,  channel, identity};
    Value init = tensor::EmptyOp::create(rewriter, loc, type.getShape(), elem);
    SmallVector<utils::IteratorType> par(rank, utils::IteratorType::parallel);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{type},
        ValueRange{op.getInput(), op.getScale(), op.getBias(), op.getMean(),
                   op.getVar()},
        ValueRange{init}, maps, par,
        [&](OpBuilder &b, Location l, ValueRange a) {
          // scale * (x - mean) / sqrt(var + eps) + bias
          Value inv = math::RsqrtOp::create(
              b, l, addF(b, l, a[4], scalar(b, l, elem, eps)));
          Value centered = arith::SubFOp::create(b, l, a[0], a[3]);
          Value scaled = arith::MulFOp::create(
              b, l, centered, arith::MulFOp::create(b, l, a[1], inv));
          linalg::YieldOp::create(b, l, addF(b, l, scaled, a[2]));
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

struct LayerNormLowering : public OpRewritePattern<LayerNormOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(LayerNormOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = cast<RankedTensorType>(op.getType());
    int64_t rank = type.getRank();
    Type elem = type.getElementType();
    int64_t axis = normAxis(static_cast<int64_t>(op.getAxis()), rank);
    SmallVector<bool> reduced(rank, false);
    for (int64_t d = axis; d < rank; ++d)
      reduced[d] = true;
    Value mu = mean(rewriter, loc, op.getInput(), reduced);
    Value centered =
        elementwise(rewriter, loc, type, ValueRange{op.getInput(), mu},
                    [](OpBuilder &b, Location l, ValueRange a) -> Value {
                      return arith::SubFOp::create(b, l, a[0], a[1]);
                    });
    Value squares =
        elementwise(rewriter, loc, type, ValueRange{centered},
                    [](OpBuilder &b, Location l, ValueRange a) -> Value {
                      return arith::MulFOp::create(b, l, a[0], a[0]);
                    });
    Value var = mean(rewriter, loc, squares, reduced);
    double eps = op.getEpsilon().convertToDouble();
    SmallVector<Value> inputs = {centered, var, op.getScale()};
    if (op.getBias())
      inputs.push_back(op.getBias());
    rewriter.replaceOp(
        op, elementwise(rewriter, loc, type, inputs,
                        [&](OpBuilder &b, Location l, ValueRange a) -> Value {
                          Value inv = math::RsqrtOp::create(
                              b, l, addF(b, l, a[1], scalar(b, l, elem, eps)));
                          Value v = arith::MulFOp::create(
                              b, l, arith::MulFOp::create(b, l, a[0], inv),
                              a[2]);
                          return a.size() > 3 ? addF(b, l, v, a[3]) : v;
                        }));
    return success();
  }
};

struct SoftmaxLowering : public OpRewritePattern<SoftmaxOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(SoftmaxOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = cast<RankedTensorType>(op.getType());
    int64_t rank = type.getRank();
    SmallVector<bool> reduced(rank, false);
    reduced[normAxis(static_cast<int64_t>(op.getAxis()), rank)] = true;
    Value max =
        reduce(rewriter, loc, op.getInput(), reduced, true,
               -std::numeric_limits<double>::infinity(),
               [](OpBuilder &b, Location l, Value acc, Value x) {
                 return arith::MaximumFOp::create(b, l, acc, x).getResult();
               });
    Value exps =
        elementwise(rewriter, loc, type, ValueRange{op.getInput(), max},
                    [](OpBuilder &b, Location l, ValueRange a) -> Value {
                      return math::ExpOp::create(
                          b, l, arith::SubFOp::create(b, l, a[0], a[1]));
                    });
    Value sum = reduce(rewriter, loc, exps, reduced, true, 0.0, addF);
    rewriter.replaceOp(
        op, elementwise(rewriter, loc, type, ValueRange{exps, sum},
                        [](OpBuilder &b, Location l, ValueRange a) -> Value {
                          return arith::DivFOp::create(b, l, a[0], a[1]);
                        }));
    return success();
  }
};

template <typename OpTy> struct ReduceLowering : public OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;
  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto in = tensorType(op.getInput());
    int64_t rank = in.getRank();
    bool isF = isa<FloatType>(in.getElementType());
    SmallVector<bool> reduced(rank, op.getAxes().empty());
    for (int64_t a : op.getAxes())
      reduced[normAxis(a, rank)] = true;
    bool keep = op.getKeepdims();
    Value result;
    if constexpr (std::is_same_v<OpTy, ReduceMaxOp> ||
                  std::is_same_v<OpTy, ReduceMinOp>) {
      constexpr bool isMax = std::is_same_v<OpTy, ReduceMaxOp>;
      // The identity: -inf / +inf, or the element type's own extremes
      // (int64's, truncated to i32, were 0).
      Type elem = in.getElementType();
      TypedAttr init;
      if (isF) {
        init = rewriter.getFloatAttr(
            elem, (isMax ? -1 : 1) * std::numeric_limits<double>::infinity());
      } else {
        unsigned width = elem.getIntOrFloatBitWidth();
        init = rewriter.getIntegerAttr(elem,
                                       isMax ? APInt::getSignedMinValue(width)
                                             : APInt::getSignedMaxValue(width));
      }
      result =
          reduce(rewriter, loc, op.getInput(), reduced, keep, init,
                 [isF](OpBuilder &b, Location l, Value acc, Value x) -> Value {
                   if (isMax)
                     return isF ? (Value)arith::MaximumFOp::create(b, l, acc, x)
                                : (Value)arith::MaxSIOp::create(b, l, acc, x);
                   return isF ? (Value)arith::MinimumFOp::create(b, l, acc, x)
                              : (Value)arith::MinSIOp::create(b, l, acc, x);
                 });
    } else {
      auto add = [isF](OpBuilder &b, Location l, Value acc, Value x) -> Value {
        return isF ? (Value)arith::AddFOp::create(b, l, acc, x)
                   : (Value)arith::AddIOp::create(b, l, acc, x);
      };
      result = reduce(rewriter, loc, op.getInput(), reduced, keep, 0.0, add);
      if constexpr (std::is_same_v<OpTy, ReduceMeanOp>) {
        int64_t count = 1;
        for (int64_t d = 0; d < rank; ++d)
          if (reduced[d])
            count *= in.getDimSize(d);
        Type elem = in.getElementType();
        result = elementwise(
            rewriter, loc, tensorType(result), ValueRange{result},
            [&](OpBuilder &b, Location l, ValueRange a) -> Value {
              Value c = scalar(b, l, elem, count);
              return isF ? (Value)arith::DivFOp::create(b, l, a[0], c)
                         : (Value)arith::DivSIOp::create(b, l, a[0], c);
            });
      }
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// Whether `x` replaces the running extremum `acc` of argmax (`isMax`) or
/// argmin. NaN counts as the extremum, as in numpy: a NaN `acc` is never
/// replaced by a number, and a NaN `x` always replaces a number.
/// `lastIndex` lets an equal value (or a later NaN) win.
Value argTakes(OpBuilder &b, Location l, Value x, Value acc, bool isMax,
               bool lastIndex) {
  if (!isa<FloatType>(x.getType())) {
    using P = arith::CmpIPredicate;
    P pred =
        isMax ? (lastIndex ? P::sge : P::sgt) : (lastIndex ? P::sle : P::slt);
    return arith::CmpIOp::create(b, l, pred, x, acc);
  }
  using P = arith::CmpFPredicate;
  // With `acc` a number, the unordered predicates are "x is NaN or x
  // beats acc".
  P pred =
      isMax ? (lastIndex ? P::UGE : P::UGT) : (lastIndex ? P::ULE : P::ULT);
  Value beats = arith::CmpFOp::create(b, l, pred, x, acc);
  Value accIsNumber = arith::CmpFOp::create(b, l, P::ORD, acc, acc);
  Value take = arith::AndIOp::create(b, l, accIsNumber, beats);
  if (!lastIndex)
    return take;
  Value xIsNaN = arith::CmpFOp::create(b, l, P::UNO, x, x);
  return arith::OrIOp::create(b, l, xIsNaN, take);
}

/// argmax / argmin: one reduction linalg.generic over `axis` carrying two
/// accumulators, the extremum so far and its index (from linalg.index).
template <typename OpTy>
struct ArgReduceLowering : public OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;
  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    constexpr bool isMax = std::is_same_v<OpTy, ArgMaxOp>;
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    RankedTensorType in = tensorType(op.getInput());
    auto type = cast<RankedTensorType>(op.getType());
    int64_t rank = in.getRank();
    int64_t axis = normAxis(static_cast<int64_t>(op.getAxis()), rank);
    Type elem = in.getElementType();
    SmallVector<AffineExpr> outExprs;
    SmallVector<utils::IteratorType> iterators;
    for (int64_t d = 0; d < rank; ++d) {
      iterators.push_back(d == axis ? utils::IteratorType::reduction
                                    : utils::IteratorType::parallel);
      if (d != axis)
        outExprs.push_back(getAffineDimExpr(d, ctx));
      else if (op.getKeepdims())
        outExprs.push_back(getAffineConstantExpr(0, ctx));
    }
    // The running extremum starts at the identity of the comparison: an
    // element equal to it still wins at index 0 (or at the last index).
    TypedAttr init;
    if (auto ft = dyn_cast<FloatType>(elem)) {
      init = rewriter.getFloatAttr(
          ft, APFloat::getInf(ft.getFloatSemantics(), /*Negative=*/isMax));
    } else {
      unsigned width = elem.getIntOrFloatBitWidth();
      init = rewriter.getIntegerAttr(elem,
                                     isMax ? APInt::getSignedMinValue(width)
                                           : APInt::getSignedMaxValue(width));
    }
    auto valueType = RankedTensorType::get(type.getShape(), elem);
    Value values =
        linalg::FillOp::create(
            rewriter, loc,
            arith::ConstantOp::create(rewriter, loc, init).getResult(),
            tensor::EmptyOp::create(rewriter, loc, type.getShape(), elem)
                .getResult())
            .getResult(0);
    Value indices = filled(rewriter, loc, type, 0.0);
    AffineMap outMap = AffineMap::get(rank, 0, outExprs, ctx);
    SmallVector<AffineMap> maps = {rewriter.getMultiDimIdentityMap(rank),
                                   outMap, outMap};
    bool last = op.getSelectLastIndex();
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{valueType, type}, ValueRange{op.getInput()},
        ValueRange{values, indices}, maps, iterators,
        [&](OpBuilder &b, Location l, ValueRange a) {
          Value index = arith::IndexCastOp::create(
              b, l, b.getI64Type(), linalg::IndexOp::create(b, l, axis));
          Value take = argTakes(b, l, a[0], a[1], isMax, last);
          linalg::YieldOp::create(
              b, l,
              ValueRange{arith::SelectOp::create(b, l, take, a[0], a[1]),
                         arith::SelectOp::create(b, l, take, index, a[2])});
        });
    rewriter.replaceOp(op, generic.getResult(1));
    return success();
  }
};

} // namespace

void mcg::populateCGraphReductionToLinalgPatterns(RewritePatternSet &p) {
  p.add<MaxPoolLowering, AvgPoolLowering, GlobalAvgPoolLowering,
        BatchNormLowering, LayerNormLowering, SoftmaxLowering,
        ReduceLowering<ReduceSumOp>, ReduceLowering<ReduceMeanOp>,
        ReduceLowering<ReduceMaxOp>, ReduceLowering<ReduceMinOp>,
        ArgReduceLowering<ArgMaxOp>, ArgReduceLowering<ArgMinOp>>(
      p.getContext());
}
