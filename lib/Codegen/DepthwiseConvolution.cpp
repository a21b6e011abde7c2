//===- DepthwiseConvolution.cpp - register tiles for depthwise convolutions ===//
//
// A depthwise convolution (one filter per channel) has no reduction over
// channels: each output row is a sum of KH x KW shifted input rows scaled
// by one filter tap each. Left to the loop lowering it ran at 4-24
// GFLOP/s. Here it becomes a generic over (n, c, oh, ow, kh, kw), tiled to
// rows x columns of one channel and one tap at a time: each tile is a
// vector fused multiply-add of a block of input rows by a broadcast tap
// into an accumulator that stays in registers across the taps, and the
// fused epilogue (bias, ReLU6, ...) runs on the tile. Stride 2 reads the
// input through its 2 x 2 phases, as for dense convolutions.
//
//===----------------------------------------------------------------------===//

#include "ContractionStrategies.h"

#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"

using namespace mlir;

LogicalResult mcg::codegen::tileDepthwiseConvolution(
    RewriterBase &rewriter, linalg::DepthwiseConv2DNchwChwOp conv,
    int64_t rowTile, int64_t columnTile, int64_t lanes) {
  if (!conv.hasPureTensorSemantics())
    return failure();
  Value input = conv.getDpsInputs()[0], filter = conv.getDpsInputs()[1];
  Value init = conv.getDpsInits()[0];
  auto outType = cast<RankedTensorType>(init.getType());
  auto filterType = cast<RankedTensorType>(filter.getType());
  if (!outType.hasStaticShape() || !filterType.hasStaticShape() ||
      !cast<RankedTensorType>(input.getType()).hasStaticShape() ||
      !isa<FloatType>(outType.getElementType()))
    return failure();
  SmallVector<int64_t> strides(conv.getStrides().getValues<int64_t>());
  SmallVector<int64_t> dilations(conv.getDilations().getValues<int64_t>());
  bool unit = llvm::all_of(strides, [](int64_t s) { return s == 1; });
  bool phases =
      !unit && canSplitPhases(conv.getStrides(), conv.getDilations(), input);
  if (!unit && !phases)
    return failure();

  MLIRContext *ctx = rewriter.getContext();
  Location loc = conv.getLoc();
  rewriter.setInsertionPoint(conv);
  AffineExpr n, c, oh, ow, kh, kw;
  bindDims(ctx, n, c, oh, ow, kh, kw);
  AffineMap inputMap = AffineMap::get(
      6, 0, {n, c, oh + kh * dilations[0], ow + kw * dilations[1]}, ctx);
  if (phases) {
    inputMap = AffineMap::get(6, 0, phaseRead(n, c, oh, ow, kh, kw), ctx);
    input = splitPhases(rewriter, loc, input);
  }
  SmallVector<utils::IteratorType> kinds(4, utils::IteratorType::parallel);
  kinds.append(2, utils::IteratorType::reduction);
  auto product = linalg::GenericOp::create(
      rewriter, loc, outType, ValueRange{input, filter}, init,
      ArrayRef<AffineMap>{inputMap, AffineMap::get(6, 0, {c, kh, kw}, ctx),
                          AffineMap::get(6, 0, {n, c, oh, ow}, ctx)},
      kinds, [](OpBuilder &b, Location loc, ValueRange args) {
        linalg::YieldOp::create(
            b, loc,
            Value(math::FmaOp::create(b, loc, args[0], args[1], args[2])));
      });
  rewriter.replaceOp(conv, product.getResult(0));

  ArrayRef<int64_t> shape = outType.getShape();
  SmallVector<int64_t> tiles = {1, 1, divisorAtMost(shape[2], rowTile),
                                columnsAtMost(shape[3], columnTile, lanes)};
  if (linalg::GenericOp epilogue = elementwiseEpilogue(product))
    return fuseIntoEpilogue(rewriter, product, epilogue, tiles,
                            {0, 0, 0, 0, 1, 1});
  tiles.append({1, 1});
  return success(tileInPlace(rewriter, product, tiles) != nullptr);
}
