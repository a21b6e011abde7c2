//===- WindowKernels.cpp - depthwise convolutions and pooling -------------===//
//
// Kernels that slide a window over each channel on its own: depthwise
// convolutions (one filter per channel) and max / sum pooling. Neither has
// a reduction over channels: each output row is a combination of KH x KW
// shifted input rows. Left to the loop lowering, depthwise convolutions
// ran at 4-24 GFLOP/s and max pooling at 1-5 GB/s. Here each becomes a
// generic over (n, c, oh, ow, kh, kw), tiled to rows x columns of one
// channel and one tap at a time: each tile is a vector operation (a fused
// multiply-add by a broadcast tap, or a max / add) of a block of input
// rows into an accumulator that stays in registers across the taps, and
// the fused epilogue (bias, ReLU6, an average's division) runs on the
// tile. Column strides of 2 to 4 read the input rows directly
// (StridedWindows.cpp) where they can; otherwise stride 2 reads the input
// through its 2 x 2 phases, as for dense convolutions.
//
//===----------------------------------------------------------------------===//

#include "ContractionStrategies.h"

#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"

using namespace mlir;
using namespace mcg::codegen;

namespace {

/// The body of a window kernel's generic: args are the input element,
/// the filter tap (or the pooling window's unused element) and the
/// accumulator.
using WindowBody = function_ref<Value(OpBuilder &, Location, ValueRange)>;

/// Replaces `op` (a window kernel over the padded NCHW `input`, with the
/// C x KH x KW `filter` or a KH x KW window, accumulating into `init`) by
/// a generic
/// over (n, c, oh, ow, kh, kw) with `body`, tiled to `rowTile` x
/// columns of one channel and one tap, its epilogue on the tile.
LogicalResult tileWindow(RewriterBase &rewriter, Operation *op, Value input,
                         Value filter, Value init, ArrayRef<int64_t> window,
                         DenseIntElementsAttr stridesAttr,
                         DenseIntElementsAttr dilationsAttr, WindowBody body,
                         int64_t rowTile, int64_t columnTile, int64_t lanes) {
  auto outType = cast<RankedTensorType>(init.getType());
  auto inType = cast<RankedTensorType>(input.getType());
  if (!outType.hasStaticShape() || !inType.hasStaticShape() ||
      !isa<FloatType>(outType.getElementType()) ||
      llvm::any_of(window, ShapedType::isDynamic))
    return failure();
  SmallVector<int64_t> strides(stridesAttr.getValues<int64_t>());
  SmallVector<int64_t> dilations(dilationsAttr.getValues<int64_t>());
  bool unit = llvm::all_of(strides, [](int64_t s) { return s == 1; });
  bool phases =
      !unit && canSplitPhases(stridesAttr, dilationsAttr, input, window);
  if (!unit && !phases)
    return failure();

  MLIRContext *ctx = rewriter.getContext();
  Location loc = op->getLoc();
  rewriter.setInsertionPoint(op);
  AffineExpr n, c, oh, ow, kh, kw;
  bindDims(ctx, n, c, oh, ow, kh, kw);
  AffineMap inputMap = AffineMap::get(
      6, 0, {n, c, oh + kh * dilations[0], ow + kw * dilations[1]}, ctx);
  if (phases) {
    inputMap =
        AffineMap::get(6, 0, phaseRead(n, c, oh, ow, kh, kw, strides), ctx);
    input = splitPhases(rewriter, loc, input, strides, lanes);
  }
  // The filter (C x KH x KW), or a pooling op's window (KH x KW, which
  // only gives the taps' loops their bounds).
  SmallVector<Value> ins = {input, filter};
  SmallVector<AffineExpr> taps = {kh, kw};
  if (cast<RankedTensorType>(filter.getType()).getRank() == 3)
    taps.insert(taps.begin(), c);
  SmallVector<AffineMap> maps = {inputMap, AffineMap::get(6, 0, taps, ctx),
                                 AffineMap::get(6, 0, {n, c, oh, ow}, ctx)};
  SmallVector<utils::IteratorType> kinds(4, utils::IteratorType::parallel);
  kinds.append(2, utils::IteratorType::reduction);
  auto product = linalg::GenericOp::create(
      rewriter, loc, outType, ins, init, maps, kinds,
      [&](OpBuilder &b, Location l, ValueRange args) {
        linalg::YieldOp::create(b, l, body(b, l, args));
      });
  rewriter.replaceOp(op, product.getResult(0));

  // As many vectors of accumulators as rowTile rows of one vector: with
  // 8 rows of 27 columns (two vectors each) LLVM, which unrolls the taps
  // and reuses the input rows they share, spilled (10 GFLOP/s against 47
  // for 8 rows of 14).
  ArrayRef<int64_t> shape = outType.getShape();
  int64_t columns = columnsWithRemainder(shape[3], columnTile, lanes);
  int64_t rows =
      std::max<int64_t>(1, rowTile / llvm::divideCeil(columns, lanes));
  SmallVector<int64_t> tiles = {1, 1, rowsAtMost(shape[2], rows), columns};
  if (linalg::GenericOp epilogue = elementwiseEpilogue(product))
    return fuseIntoEpilogue(rewriter, product, epilogue, tiles,
                            {0, 0, 0, 0, 1, 1});
  tiles.append({1, 1});
  return success(tileWithFill(rewriter, product, tiles) != nullptr);
}

} // namespace

LogicalResult mcg::codegen::tileDepthwiseConvolution(
    RewriterBase &rewriter, linalg::DepthwiseConv2DNchwChwOp conv,
    int64_t rowTile, int64_t columnTile, int64_t lanes, int64_t threads) {
  if (!conv.hasPureTensorSemantics())
    return failure();
  Value filter = conv.getDpsInputs()[1];
  auto filterType = cast<RankedTensorType>(filter.getType());
  if (!filterType.hasStaticShape())
    return failure();
  SmallVector<int64_t> strides(conv.getStrides().getValues<int64_t>());
  SmallVector<int64_t> dilations(conv.getDilations().getValues<int64_t>());
  if (succeeded(stridedWindow(rewriter, conv, conv.getDpsInputs()[0], filter,
                              filterType.getShape().drop_front(), strides,
                              dilations, nullptr, lanes, threads)))
    return success();
  return tileWindow(
      rewriter, conv, conv.getDpsInputs()[0], filter, conv.getDpsInits()[0],
      filterType.getShape().drop_front(), conv.getStrides(),
      conv.getDilations(),
      [](OpBuilder &b, Location loc, ValueRange args) -> Value {
        return math::FmaOp::create(b, loc, args[0], args[1], args[2]);
      },
      rowTile, columnTile, lanes);
}

template <typename PoolOp>
static LogicalResult
tilePool(RewriterBase &rewriter, PoolOp pool, WindowBody body, int64_t rowTile,
         int64_t columnTile, int64_t lanes, int64_t threads) {
  if (!pool.hasPureTensorSemantics())
    return failure();
  Value window = pool.getDpsInputs()[1];
  ArrayRef<int64_t> shape = cast<RankedTensorType>(window.getType()).getShape();
  SmallVector<int64_t> strides(pool.getStrides().template getValues<int64_t>());
  SmallVector<int64_t> dilations(
      pool.getDilations().template getValues<int64_t>());
  if (succeeded(stridedWindow(
          rewriter, pool, pool.getDpsInputs()[0], Value(), shape, strides,
          dilations,
          [&](OpBuilder &b, Location loc, Value acc, Value x) {
            return body(b, loc, {x, Value(), acc});
          },
          lanes, threads)))
    return success();
  return tileWindow(rewriter, pool, pool.getDpsInputs()[0], window,
                    pool.getDpsInits()[0], shape, pool.getStrides(),
                    pool.getDilations(), body, rowTile, columnTile, lanes);
}

LogicalResult mcg::codegen::tilePooling(RewriterBase &rewriter,
                                        linalg::LinalgOp pool, int64_t rowTile,
                                        int64_t columnTile, int64_t lanes,
                                        int64_t threads) {
  if (auto max = dyn_cast<linalg::PoolingNchwMaxOp>(pool.getOperation()))
    return tilePool(
        rewriter, max,
        [](OpBuilder &b, Location loc, ValueRange args) -> Value {
          return arith::MaximumFOp::create(
              b, loc, args[2], args[0],
              arith::FastMathFlagsAttr::get(b.getContext(),
                                            arith::FastMathFlags::nsz));
        },
        rowTile, columnTile, lanes, threads);
  if (auto sum = dyn_cast<linalg::PoolingNchwSumOp>(pool.getOperation()))
    return tilePool(
        rewriter, sum,
        [](OpBuilder &b, Location loc, ValueRange args) -> Value {
          return arith::AddFOp::create(b, loc, args[2], args[0]);
        },
        rowTile, columnTile, lanes, threads);
  return failure();
}
