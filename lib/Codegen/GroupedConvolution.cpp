//===- GroupedConvolution.cpp - register tiles for grouped convolutions ---===//
//
// A grouped convolution with several channels per group (regnet's and
// resnext's 3x3 layers: 8 to 32 channels per group) is a small dense
// convolution per group. Left to the loop lowering it ran at 3.8 GFLOP/s
// (regnet_y_400mf spent 39 of its 41 ms there). Here it becomes a generic
// over (n, g, f, oh, ow, c, kh, kw) tiled like a dense convolution: f x ow
// x c tiles of one group, one output row and one filter tap, each a small
// matrix product of contiguous input rows by a block of the filter, which
// is read transposed to G x KH x KW x F x C so that each tap's block is
// contiguous (once per call, or at compile time for constant weights).
// Stride 2 reads the input through its 2 x 2 phases.
//
//===----------------------------------------------------------------------===//

#include "ContractionStrategies.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

LogicalResult mcg::codegen::tileGroupedConvolution(
    RewriterBase &rewriter, linalg::Conv2DNgchwGfchwOp conv, int64_t mTile,
    int64_t nTile, int64_t kTile, int64_t lanes) {
  if (!conv.hasPureTensorSemantics())
    return failure();
  Value input = conv.getDpsInputs()[0], filter = conv.getDpsInputs()[1];
  Value init = conv.getDpsInits()[0];
  auto inType = cast<RankedTensorType>(input.getType());
  auto outType = cast<RankedTensorType>(init.getType());
  auto filterType = cast<RankedTensorType>(filter.getType());
  if (!inType.hasStaticShape() || !outType.hasStaticShape() ||
      !filterType.hasStaticShape() || !isa<FloatType>(outType.getElementType()))
    return failure();
  SmallVector<int64_t> strides(conv.getStrides().getValues<int64_t>());
  SmallVector<int64_t> dilations(conv.getDilations().getValues<int64_t>());
  bool unit = llvm::all_of(strides, [](int64_t s) { return s == 1; });

  MLIRContext *ctx = rewriter.getContext();
  Location loc = conv.getLoc();
  rewriter.setInsertionPoint(conv);
  // The input as N x C x H x W, for the phases.
  ArrayRef<int64_t> in = inType.getShape();
  SmallVector<ReassociationIndices> groupsOf = {{0}, {1, 2}, {3}, {4}};
  Value flat;
  bool phases = false;
  if (!unit) {
    flat = tensor::CollapseShapeOp::create(rewriter, loc, input, groupsOf);
    phases = canSplitPhases(conv.getStrides(), conv.getDilations(), flat,
                            filterType.getShape().drop_front(3));
    if (!phases) {
      rewriter.eraseOp(flat.getDefiningOp());
      return failure();
    }
  }

  // Loops (n, g, f, oh, ow, c, kh, kw).
  AffineExpr n, g, f, oh, ow, c, kh, kw;
  bindDims(ctx, n, g, f, oh, ow, c, kh, kw);
  AffineMap inputMap = AffineMap::get(
      8, 0, {n, g, c, oh + kh * dilations[0], ow + kw * dilations[1]}, ctx);
  if (phases) {
    // Q[n, g, c, a, b, i, j] = P[n, g * C/G + c, sh i + a, sw j + b].
    Value q = splitPhases(rewriter, loc, flat, strides, lanes);
    auto qType = cast<RankedTensorType>(q.getType());
    ArrayRef<int64_t> qs = qType.getShape();
    input = tensor::ExpandShapeOp::create(
        rewriter, loc,
        RankedTensorType::get({qs[0], in[1], in[2], qs[2], qs[3], qs[4], qs[5]},
                              qType.getElementType()),
        q, SmallVector<ReassociationIndices>{{0}, {1, 2}, {3}, {4}, {5}, {6}});
    SmallVector<AffineExpr> read = phaseRead(n, c, oh, ow, kh, kw, strides);
    read.insert(read.begin() + 1, g);
    inputMap = AffineMap::get(8, 0, read, ctx);
  }
  // The filter as G x KH x KW x F x C: each tap's f x c block contiguous.
  Value blocks = transposed(rewriter, loc, filter, {0, 3, 4, 1, 2});
  SmallVector<utils::IteratorType> kinds(5, utils::IteratorType::parallel);
  kinds.append(3, utils::IteratorType::reduction);
  linalg::GenericOp product = multiplyAccumulate(
      rewriter, loc, {blocks, input}, init,
      {AffineMap::get(8, 0, {g, kh, kw, f, c}, ctx), inputMap,
       AffineMap::get(8, 0, {n, g, f, oh, ow}, ctx)},
      kinds);
  rewriter.replaceOp(conv, product.getResult(0));

  ArrayRef<int64_t> out = outType.getShape();
  int64_t perGroupIn = filterType.getDimSize(2);
  SmallVector<int64_t> tiles = {1,
                                1,
                                rowsAtMost(out[2], mTile),
                                1,
                                columnsWithRemainder(out[4], nTile, lanes),
                                divisorAtMost(perGroupIn, kTile),
                                1,
                                1};
  return success(tileInPlace(rewriter, product, tiles) != nullptr);
}
