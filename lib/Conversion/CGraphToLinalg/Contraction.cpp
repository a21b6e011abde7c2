//===- Contraction.cpp - matmul, gemm and convolutions to linalg ----------===//
//
// matmul -> linalg.matmul (2-D) or a batched linalg.generic with broadcast
// batch dimensions; gemm -> linalg.transpose of transposed operands and one
// linalg.generic product (alpha in the body, beta * c as the initial
// accumulator); conv2d ->
// tensor.pad + linalg.conv_2d_nchw_fchw (groups = 1),
// linalg.depthwise_conv_2d_nchw_chw (one channel per group) or
// linalg.conv_2d_ngchw_gfchw (other groups), accumulating into the broadcast
// bias; conv_transpose2d -> a stride-1 convolution of the zero-upsampled,
// padded input with the flipped, transposed weight.
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

struct MatmulLowering : public OpRewritePattern<MatmulOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(MatmulOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = cast<RankedTensorType>(op.getType());
    Value init = filled(rewriter, loc, type, 0.0);
    RankedTensorType lhs = tensorType(op.getLhs()),
                     rhs = tensorType(op.getRhs());
    if (lhs.getRank() == 2 && rhs.getRank() == 2) {
      rewriter.replaceOp(
          op, linalg::MatmulOp::create(rewriter, loc, TypeRange{type},
                                       ValueRange{op.getLhs(), op.getRhs()},
                                       ValueRange{init})
                  .getResult(0));
      return success();
    }
    // Loops: batch..., m, n, k.
    MLIRContext *ctx = getContext();
    int64_t batch = type.getRank() - 2;
    int64_t loops = batch + 3;
    ArrayRef<int64_t> outShape = type.getShape();
    auto operandMap = [&](RankedTensorType t, AffineExpr rowExpr,
                          AffineExpr colExpr) {
      SmallVector<AffineExpr> exprs;
      int64_t tb = t.getRank() - 2, offset = batch - tb;
      for (int64_t i = 0; i < tb; ++i)
        exprs.push_back(t.getDimSize(i) == 1 && outShape[offset + i] != 1
                            ? getAffineConstantExpr(0, ctx)
                            : getAffineDimExpr(offset + i, ctx));
      exprs.push_back(rowExpr);
      exprs.push_back(colExpr);
      return AffineMap::get(loops, 0, exprs, ctx);
    };
    AffineExpr m = getAffineDimExpr(batch, ctx),
               n = getAffineDimExpr(batch + 1, ctx),
               k = getAffineDimExpr(batch + 2, ctx);
    SmallVector<AffineExpr> outExprs;
    for (int64_t i = 0; i < batch + 2; ++i)
      outExprs.push_back(getAffineDimExpr(i, ctx));
    SmallVector<AffineMap> maps = {operandMap(lhs, m, k), operandMap(rhs, k, n),
                                   AffineMap::get(loops, 0, outExprs, ctx)};
    SmallVector<utils::IteratorType> iterators(loops,
                                               utils::IteratorType::parallel);
    iterators.back() = utils::IteratorType::reduction;
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{type}, ValueRange{op.getLhs(), op.getRhs()},
        ValueRange{init}, maps, iterators,
        [&](OpBuilder &b, Location l, ValueRange a) {
          linalg::YieldOp::create(b, l,
                                  addF(b, l, a[2], mulF(b, l, a[0], a[1])));
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

struct GemmLowering : public OpRewritePattern<GemmOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(GemmOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = getContext();
    auto type = cast<RankedTensorType>(op.getType());
    Type elem = type.getElementType();
    double alpha = op.getAlpha().convertToDouble();
    double beta = op.getBeta().convertToDouble();
    // The accumulator starts as beta * c (broadcast), or zero.
    Value init;
    if (op.getC() && beta != 0.0) {
      init = elementwise(rewriter, loc, type, ValueRange{op.getC()},
                         [&](OpBuilder &b, Location l, ValueRange a) {
                           return beta == 1.0 ? a[0]
                                              : mulF(b, l, a[0],
                                                     scalar(b, l, elem, beta));
                         });
    } else {
      init = filled(rewriter, loc, type, 0.0);
    }
    // Transposed operands are transposed in memory first, so that the
    // product reads B along contiguous rows of n (what vectorizes well;
    // weights are usually stored n x k, as ONNX Gemm with transB).
    auto transposed = [&](Value v) -> Value {
      RankedTensorType t = tensorType(v);
      Value init = tensor::EmptyOp::create(rewriter, loc,
                                           {t.getDimSize(1), t.getDimSize(0)},
                                           t.getElementType());
      return linalg::TransposeOp::create(rewriter, loc, v, init,
                                         ArrayRef<int64_t>{1, 0})
          .getResult()[0];
    };
    Value a = op.getTransA() ? transposed(op.getA()) : op.getA();
    Value bMat = op.getTransB() ? transposed(op.getB()) : op.getB();
    AffineExpr m = getAffineDimExpr(0, ctx), n = getAffineDimExpr(1, ctx),
               k = getAffineDimExpr(2, ctx);
    auto map = [&](AffineExpr r, AffineExpr c) {
      return AffineMap::get(3, 0, {r, c}, ctx);
    };
    SmallVector<AffineMap> maps = {map(m, k), map(k, n), map(m, n)};
    SmallVector<utils::IteratorType> iterators = {
        utils::IteratorType::parallel, utils::IteratorType::parallel,
        utils::IteratorType::reduction};
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{type}, ValueRange{a, bMat}, ValueRange{init},
        maps, iterators, [&](OpBuilder &b, Location l, ValueRange a) {
          Value p = mulF(b, l, a[0], a[1]);
          if (alpha != 1.0)
            p = mulF(b, l, p, scalar(b, l, elem, alpha));
          linalg::YieldOp::create(b, l, addF(b, l, a[2], p));
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

/// The bias broadcast over an NCHW result, or zeros.
Value convInit(OpBuilder &b, Location loc, RankedTensorType type, Value bias) {
  if (!bias)
    return filled(b, loc, type, 0.0);
  MLIRContext *ctx = b.getContext();
  Value empty =
      tensor::EmptyOp::create(b, loc, type.getShape(), type.getElementType());
  SmallVector<AffineMap> maps = {
      AffineMap::get(4, 0, {getAffineDimExpr(1, ctx)}, ctx),
      b.getMultiDimIdentityMap(4)};
  SmallVector<utils::IteratorType> iterators(4, utils::IteratorType::parallel);
  return linalg::GenericOp::create(b, loc, TypeRange{type}, ValueRange{bias},
                                   ValueRange{empty}, maps, iterators,
                                   [](OpBuilder &nb, Location l, ValueRange a) {
                                     linalg::YieldOp::create(nb, l, a[0]);
                                   })
      .getResult(0);
}

/// A convolution of an already padded NCHW input, accumulating into `init`.
Value convolve(OpBuilder &b, Location loc, Value input, Value weight,
               Value init, int64_t groups, ArrayRef<int64_t> strides,
               ArrayRef<int64_t> dilations) {
  auto outType = cast<RankedTensorType>(init.getType());
  SmallVector<NamedAttribute> attrs = {
      b.getNamedAttr("strides", b.getI64TensorAttr(strides)),
      b.getNamedAttr("dilations", b.getI64TensorAttr(dilations))};
  if (groups == 1)
    return linalg::Conv2DNchwFchwOp::create(b, loc, TypeRange{outType},
                                            ValueRange{input, weight},
                                            ValueRange{init}, attrs)
        .getResult(0);
  auto in = cast<RankedTensorType>(input.getType());
  auto w = cast<RankedTensorType>(weight.getType());
  // Depthwise (one input and one output channel per group): the filter as
  // C x KH x KW, a kernel family of its own in vectorize-contractions.
  if (groups == in.getDimSize(1) && groups == w.getDimSize(0)) {
    Value filter = tensor::CollapseShapeOp::create(
        b, loc, weight, SmallVector<ReassociationIndices>{{0, 1}, {2}, {3}});
    return linalg::DepthwiseConv2DNchwChwOp::create(
               b, loc, TypeRange{outType}, ValueRange{input, filter},
               ValueRange{init}, attrs)
        .getResult(0);
  }
  // Grouped: N x G x C/G x H x W input, G x O/G x C/G x KH x KW weight.
  Type elem = in.getElementType();
  int64_t g = groups;
  auto inG = RankedTensorType::get({in.getDimSize(0), g, in.getDimSize(1) / g,
                                    in.getDimSize(2), in.getDimSize(3)},
                                   elem);
  auto wG = RankedTensorType::get({g, w.getDimSize(0) / g, w.getDimSize(1),
                                   w.getDimSize(2), w.getDimSize(3)},
                                  elem);
  auto outG = RankedTensorType::get(
      {outType.getDimSize(0), g, outType.getDimSize(1) / g,
       outType.getDimSize(2), outType.getDimSize(3)},
      elem);
  SmallVector<ReassociationIndices> nchw = {{0}, {1, 2}, {3}, {4}};
  SmallVector<ReassociationIndices> oihw = {{0, 1}, {2}, {3}, {4}};
  Value inE = tensor::ExpandShapeOp::create(b, loc, inG, input, nchw);
  Value wE = tensor::ExpandShapeOp::create(b, loc, wG, weight, oihw);
  Value initE = tensor::ExpandShapeOp::create(b, loc, outG, init, nchw);
  Value conv = linalg::Conv2DNgchwGfchwOp::create(b, loc, TypeRange{outG},
                                                  ValueRange{inE, wE},
                                                  ValueRange{initE}, attrs)
                   .getResult(0);
  return tensor::CollapseShapeOp::create(b, loc, outType, conv, nchw);
}

struct Conv2DLowering : public OpRewritePattern<Conv2DOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(Conv2DOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = cast<RankedTensorType>(op.getType());
    if (!type.hasStaticShape() || !tensorType(op.getInput()).hasStaticShape())
      return rewriter.notifyMatchFailure(op, "dynamic shapes");
    ArrayRef<int64_t> pads = op.getPads();
    Value input = padSpatial(rewriter, loc, op.getInput(), {pads[0], pads[1]},
                             {pads[2], pads[3]}, 0.0);
    Value init = convInit(rewriter, loc, type, op.getBias());
    rewriter.replaceOp(op, convolve(rewriter, loc, input, op.getWeight(), init,
                                    static_cast<int64_t>(op.getGroups()),
                                    op.getStrides(), op.getDilations()));
    return success();
  }
};

struct ConvTranspose2DLowering : public OpRewritePattern<ConvTranspose2DOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ConvTranspose2DOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = getContext();
    auto type = cast<RankedTensorType>(op.getType());
    RankedTensorType in = tensorType(op.getInput());
    RankedTensorType w = tensorType(op.getWeight());
    if (!type.hasStaticShape() || !in.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "dynamic shapes");
    Type elem = in.getElementType();
    ArrayRef<int64_t> s = op.getStrides(), d = op.getDilations(),
                      pads = op.getPads(), outPad = op.getOutputPadding();
    int64_t g = static_cast<int64_t>(op.getGroups());
    int64_t n = in.getDimSize(0), c = in.getDimSize(1);
    int64_t kh = w.getDimSize(2), kw = w.getDimSize(3);
    int64_t og = w.getDimSize(1), cg = c / g, o = og * g;

    // 1. Upsample: input pixels at multiples of the stride, zeros between.
    auto upType =
        RankedTensorType::get({n, c, (in.getDimSize(2) - 1) * s[0] + 1,
                               (in.getDimSize(3) - 1) * s[1] + 1},
                              elem);
    Value up = filled(rewriter, loc, upType, 0.0);
    SmallVector<int64_t> zeros(4, 0), ones = {1, 1, s[0], s[1]};
    up = tensor::InsertSliceOp::create(
        rewriter, loc, op.getInput(), up, getAsIndexOpFoldResult(ctx, zeros),
        getAsIndexOpFoldResult(ctx, in.getShape()),
        getAsIndexOpFoldResult(ctx, ones));

    // 2. Pad by d*(k-1) - pad (+ output_padding at the end); negative
    //    amounts crop instead.
    SmallVector<int64_t> lo = {d[0] * (kh - 1) - pads[0],
                               d[1] * (kw - 1) - pads[1]};
    SmallVector<int64_t> hi = {d[0] * (kh - 1) - pads[2] + outPad[0],
                               d[1] * (kw - 1) - pads[3] + outPad[1]};
    Value padded = padSpatial(
        rewriter, loc, up,
        {std::max<int64_t>(lo[0], 0), std::max<int64_t>(lo[1], 0)},
        {std::max<int64_t>(hi[0], 0), std::max<int64_t>(hi[1], 0)}, 0.0);
    if (llvm::any_of(lo, [](int64_t v) { return v < 0; }) ||
        llvm::any_of(hi, [](int64_t v) { return v < 0; })) {
      auto pt = cast<RankedTensorType>(padded.getType());
      SmallVector<int64_t> offsets = {0, 0, std::max<int64_t>(-lo[0], 0),
                                      std::max<int64_t>(-lo[1], 0)};
      SmallVector<int64_t> sizes = {
          n, c, pt.getDimSize(2) - offsets[2] - std::max<int64_t>(-hi[0], 0),
          pt.getDimSize(3) - offsets[3] - std::max<int64_t>(-hi[1], 0)};
      SmallVector<int64_t> unit(4, 1);
      padded = tensor::ExtractSliceOp::create(
          rewriter, loc, RankedTensorType::get(sizes, elem), padded,
          getAsIndexOpFoldResult(ctx, offsets),
          getAsIndexOpFoldResult(ctx, sizes),
          getAsIndexOpFoldResult(ctx, unit));
    }

    // 3. W'[o, c', ky, kx] = W[g(o)*C/g + c', o mod O/g, KH-1-ky, KW-1-kx].
    auto wType = RankedTensorType::get({o, cg, kh, kw}, elem);
    AffineExpr eo = getAffineDimExpr(0, ctx), ec = getAffineDimExpr(1, ctx),
               ey = getAffineDimExpr(2, ctx), ex = getAffineDimExpr(3, ctx);
    AffineMap readW = AffineMap::get(
        4, 0,
        {ec + eo.floorDiv(og) * cg, eo % og, (kh - 1) - ey, (kw - 1) - ex},
        ctx);
    Value wEmpty =
        tensor::EmptyOp::create(rewriter, loc, wType.getShape(), elem);
    SmallVector<utils::IteratorType> par(4, utils::IteratorType::parallel);
    Value flipped =
        linalg::GenericOp::create(
            rewriter, loc, TypeRange{wType}, ValueRange{op.getWeight()},
            ValueRange{wEmpty},
            SmallVector<AffineMap>{readW, rewriter.getMultiDimIdentityMap(4)},
            par,
            [](OpBuilder &b, Location l, ValueRange a) {
              linalg::YieldOp::create(b, l, a[0]);
            })
            .getResult(0);

    // 4. A stride-1 convolution with the same dilation.
    Value init = convInit(rewriter, loc, type, op.getBias());
    rewriter.replaceOp(
        op, convolve(rewriter, loc, padded, flipped, init, g, {1, 1}, d));
    return success();
  }
};

} // namespace

void mcg::populateCGraphContractionToLinalgPatterns(RewritePatternSet &p) {
  p.add<MatmulLowering, GemmLowering, Conv2DLowering, ConvTranspose2DLowering>(
      p.getContext());
}
