//===- DataMovement.cpp - reshape, transpose, concat, slice, pad, gather --===//
//
// reshape / flatten -> tensor.collapse_shape to 1-D + tensor.expand_shape;
// transpose -> linalg.transpose; concat -> tensor.insert_slice into an
// empty tensor; slice -> tensor.extract_slice; constant pad -> tensor.pad;
// edge / reflect pad and gather -> linalg.generic reading the input with
// tensor.extract at computed indices.
//
//===----------------------------------------------------------------------===//

#include "LoweringHelpers.h"
#include "mcg/Conversion/CGraphToLinalg/CGraphToLinalg.h"
#include "mcg/Dialect/CGraph/IR/CGraph.h"

#include "mlir/Dialect/Utils/StaticValueUtils.h"

using namespace mlir;
using namespace mcg::cgraph;
using namespace mcg::lowering;

namespace {

/// Reshapes a static tensor through its 1-D form.
Value reshapeTo(OpBuilder &b, Location loc, Value input,
                RankedTensorType type) {
  auto in = tensorType(input);
  if (in == type)
    return input;
  auto flat = RankedTensorType::get({in.getNumElements()}, in.getElementType());
  Value v = input;
  if (in.getRank() != 1) {
    SmallVector<ReassociationIndices> all(1);
    for (int64_t d = 0; d < in.getRank(); ++d)
      all[0].push_back(d);
    if (in.getRank() == 0)
      all.clear();
    v = in.getRank() == 0
            ? (Value)tensor::ExpandShapeOp::create(b, loc, flat, v, all)
            : (Value)tensor::CollapseShapeOp::create(b, loc, flat, v, all);
  }
  if (type.getRank() == 1)
    return v;
  SmallVector<ReassociationIndices> all(1);
  for (int64_t d = 0; d < type.getRank(); ++d)
    all[0].push_back(d);
  if (type.getRank() == 0)
    return tensor::CollapseShapeOp::create(b, loc, type, v,
                                           ArrayRef<ReassociationIndices>{});
  return tensor::ExpandShapeOp::create(b, loc, type, v, all);
}

template <typename OpTy>
struct ReshapeLowering : public OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;
  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    auto type = cast<RankedTensorType>(op.getType());
    if (!type.hasStaticShape() || !tensorType(op.getInput()).hasStaticShape())
      return rewriter.notifyMatchFailure(op, "dynamic shapes");
    rewriter.replaceOp(op,
                       reshapeTo(rewriter, op.getLoc(), op.getInput(), type));
    return success();
  }
};

struct TransposeLowering : public OpRewritePattern<TransposeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(TransposeOp op,
                                PatternRewriter &rewriter) const override {
    auto type = cast<RankedTensorType>(op.getType());
    Value init = tensor::EmptyOp::create(rewriter, op.getLoc(), type.getShape(),
                                         type.getElementType());
    // A 0-D transpose is a copy: linalg.transpose with an empty permutation
    // crashes MLIR 22's verifier (found by test/random).
    if (type.getRank() == 0) {
      rewriter.replaceOp(op, linalg::CopyOp::create(rewriter, op.getLoc(),
                                                    op.getInput(), init)
                                 .getResult(0));
      return success();
    }
    rewriter.replaceOp(op, linalg::TransposeOp::create(rewriter, op.getLoc(),
                                                       op.getInput(), init,
                                                       op.getPerm())
                               .getResult()[0]);
    return success();
  }
};

struct ConcatLowering : public OpRewritePattern<ConcatOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ConcatOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = getContext();
    auto type = cast<RankedTensorType>(op.getType());
    int64_t rank = type.getRank();
    int64_t axis = normAxis(static_cast<int64_t>(op.getAxis()), rank);
    Value result = tensor::EmptyOp::create(rewriter, loc, type.getShape(),
                                           type.getElementType());
    int64_t offset = 0;
    SmallVector<int64_t> strides(rank, 1);
    for (Value in : op.getInputs()) {
      auto t = tensorType(in);
      SmallVector<int64_t> offsets(rank, 0);
      offsets[axis] = offset;
      result = tensor::InsertSliceOp::create(
          rewriter, loc, in, result, getAsIndexOpFoldResult(ctx, offsets),
          getAsIndexOpFoldResult(ctx, t.getShape()),
          getAsIndexOpFoldResult(ctx, strides));
      offset += t.getDimSize(axis);
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct SliceLowering : public OpRewritePattern<SliceOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(SliceOp op,
                                PatternRewriter &rewriter) const override {
    auto type = cast<RankedTensorType>(op.getType());
    MLIRContext *ctx = getContext();
    rewriter.replaceOp(op, tensor::ExtractSliceOp::create(
                               rewriter, op.getLoc(), type, op.getInput(),
                               getAsIndexOpFoldResult(ctx, op.getStarts()),
                               getAsIndexOpFoldResult(ctx, type.getShape()),
                               getAsIndexOpFoldResult(ctx, op.getSteps())));
    return success();
  }
};

Value indexConst(OpBuilder &b, Location l, int64_t v) {
  return arith::ConstantIndexOp::create(b, l, v);
}

struct PadLowering : public OpRewritePattern<PadOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(PadOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = getContext();
    auto type = cast<RankedTensorType>(op.getType());
    auto in = tensorType(op.getInput());
    int64_t rank = type.getRank();
    ArrayRef<int64_t> pads = op.getPads();
    if (op.getMode() == PadMode::constant) {
      Value v = scalar(rewriter, loc, type.getElementType(),
                       op.getValue().convertToDouble());
      rewriter.replaceOp(
          op, tensor::PadOp::create(
                  rewriter, loc, type, op.getInput(),
                  getAsIndexOpFoldResult(ctx, pads.take_front(rank)),
                  getAsIndexOpFoldResult(ctx, pads.drop_front(rank)), v));
      return success();
    }
    // edge / reflect: out[i] = in[source(i - pad)] per dimension.
    bool reflect = op.getMode() == PadMode::reflect;
    Value init = tensor::EmptyOp::create(rewriter, loc, type.getShape(),
                                         type.getElementType());
    SmallVector<utils::IteratorType> par(rank, utils::IteratorType::parallel);
    Value input = op.getInput();
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{type}, ValueRange{}, ValueRange{init},
        SmallVector<AffineMap>{rewriter.getMultiDimIdentityMap(rank)}, par,
        [&](OpBuilder &b, Location l, ValueRange) {
          SmallVector<Value> idx;
          for (int64_t d = 0; d < rank; ++d) {
            int64_t n = in.getDimSize(d);
            Value i =
                arith::SubIOp::create(b, l, linalg::IndexOp::create(b, l, d),
                                      indexConst(b, l, pads[d]));
            Value zero = indexConst(b, l, 0), last = indexConst(b, l, n - 1);
            if (reflect) {
              // i < 0 -> -i; i > n-1 -> 2(n-1) - i.
              Value neg = arith::SubIOp::create(b, l, zero, i);
              Value low = arith::CmpIOp::create(b, l, arith::CmpIPredicate::slt,
                                                i, zero);
              i = arith::SelectOp::create(b, l, low, neg, i);
              Value high = arith::CmpIOp::create(
                  b, l, arith::CmpIPredicate::sgt, i, last);
              Value mirrored =
                  arith::SubIOp::create(b, l, indexConst(b, l, 2 * (n - 1)), i);
              i = arith::SelectOp::create(b, l, high, mirrored, i);
            } else {
              i = arith::MaxSIOp::create(b, l, i, zero);
              i = arith::MinSIOp::create(b, l, i, last);
            }
            idx.push_back(i);
          }
          linalg::YieldOp::create(
              b, l, tensor::ExtractOp::create(b, l, input, idx).getResult());
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

struct GatherLowering : public OpRewritePattern<GatherOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(GatherOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = getContext();
    auto type = cast<RankedTensorType>(op.getType());
    auto data = tensorType(op.getData());
    auto indices = tensorType(op.getIndices());
    int64_t rank = type.getRank();
    int64_t axis = normAxis(static_cast<int64_t>(op.getAxis()), data.getRank());
    int64_t ir = indices.getRank();
    // Result dims: [0, axis) data, [axis, axis + ir) indices, rest data.
    SmallVector<AffineExpr> idxExprs;
    for (int64_t j = 0; j < ir; ++j)
      idxExprs.push_back(getAffineDimExpr(axis + j, ctx));
    SmallVector<AffineMap> maps = {AffineMap::get(rank, 0, idxExprs, ctx),
                                   rewriter.getMultiDimIdentityMap(rank)};
    Value init = tensor::EmptyOp::create(rewriter, loc, type.getShape(),
                                         type.getElementType());
    SmallVector<utils::IteratorType> par(rank, utils::IteratorType::parallel);
    Value dataValue = op.getData();
    int64_t n = data.getDimSize(axis);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{type}, ValueRange{op.getIndices()},
        ValueRange{init}, maps, par,
        [&](OpBuilder &b, Location l, ValueRange a) {
          Value k = arith::IndexCastOp::create(b, l, b.getIndexType(), a[0]);
          // A negative index counts from the end of the axis.
          Value neg = arith::CmpIOp::create(b, l, arith::CmpIPredicate::slt, k,
                                            indexConst(b, l, 0));
          k = arith::SelectOp::create(
              b, l, neg, arith::AddIOp::create(b, l, k, indexConst(b, l, n)),
              k);
          // An index still outside [0, n) (only possible at run time: the
          // verifier rejects constant ones) is clamped, so the kernel never
          // reads outside `data`. n > 0 here: gathering a non-empty result
          // from an empty axis does not verify.
          k = arith::MaxSIOp::create(b, l, k, indexConst(b, l, 0));
          k = arith::MinSIOp::create(b, l, k, indexConst(b, l, n - 1));
          SmallVector<Value> idx;
          for (int64_t d = 0; d < axis; ++d)
            idx.push_back(linalg::IndexOp::create(b, l, d));
          idx.push_back(k);
          for (int64_t d = axis + ir; d < rank; ++d)
            idx.push_back(linalg::IndexOp::create(b, l, d));
          linalg::YieldOp::create(
              b, l,
              tensor::ExtractOp::create(b, l, dataValue, idx).getResult());
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

} // namespace

void mcg::populateCGraphDataMovementToLinalgPatterns(RewritePatternSet &p) {
  p.add<ReshapeLowering<ReshapeOp>, ReshapeLowering<FlattenOp>,
        TransposeLowering, ConcatLowering, SliceLowering, PadLowering,
        GatherLowering>(p.getContext());
}
