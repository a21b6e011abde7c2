//===- PointwiseConvolution.cpp - 1x1 convolutions as matrix products -----===//
//
// A 1x1 convolution is a matrix product over the flattened output map:
// O[n, f, p] += W[f, c] X[n, c, p], p = h * W + w. Tiled as a
// convolution, its register tiles span one output row (14 columns of a
// 56-wide map, less than the 16 lanes), so vectorize-contractions used to
// compute it channels-last with a transpose on each side and the epilogue
// as a separate pass; as a product its tiles are 32 contiguous positions x
// 8 output channels, and the epilogue (bias, activation, residual add) runs
// on the tile. A 64 -> 256 channel 1x1 convolution + ReLU on 56 x 56 went
// from 4.65 to 1.68 ms, 24 -> 144 channels from 0.91 to 0.26 ms
// (`mcg-run --fuse --repeat 50`, best of two runs). A strided one (a
// residual network's downsampling shortcut) first copies the positions it
// reads into a map of their own: 256 -> 512 channels from 56 x 56 to
// 28 x 28 went from 58 to 93 GFLOP/s against reading all of the input's
// phases.
//
//===----------------------------------------------------------------------===//

#include "ContractionStrategies.h"

#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

namespace {

/// Loop or tensor dimensions (n, f, h, w) with the map flattened.
const SmallVector<ReassociationIndices> kFlatMap = {{0}, {1}, {2, 3}};

/// `op` (4 loops, the last two a map's rows and columns) with its map
/// dimensions flattened into one, or null if some operand does not read
/// them as one contiguous run.
linalg::LinalgOp flattenMapLoops(RewriterBase &rewriter, linalg::LinalgOp op) {
  if (op.getNumLoops() != 4 ||
      !linalg::areDimSequencesPreserved(op.getIndexingMapsArray(), kFlatMap))
    return nullptr;
  FailureOr<linalg::CollapseResult> collapsed =
      linalg::collapseOpIterationDims(op, kFlatMap, rewriter);
  if (failed(collapsed))
    return nullptr;
  rewriter.replaceOp(op, collapsed->results);
  return collapsed->collapsedOp;
}

/// `value` filled over the N x F x P flattening of the N x F x H x W `type`.
Value flatFill(RewriterBase &rewriter, Location loc, RankedTensorType type,
               Value value) {
  auto flatType = tensor::CollapseShapeOp::inferCollapsedType(type, kFlatMap);
  Value empty = tensor::EmptyOp::create(rewriter, loc, flatType.getShape(),
                                        type.getElementType());
  return linalg::FillOp::create(rewriter, loc, value, empty).getResult(0);
}

/// The convolution's initial accumulator (zeros, or the bias broadcast) as
/// N x F x P: the op that makes it is flattened too, so that each tile
/// still computes its own slice of it.
Value flatAccumulator(RewriterBase &rewriter, Location loc, Value init) {
  auto type = cast<RankedTensorType>(init.getType());
  Operation *def = init.getDefiningOp();
  if (def && def->hasOneUse()) {
    if (auto fill = dyn_cast<linalg::FillOp>(def))
      return flatFill(rewriter, loc, type, fill.getInputs()[0]);
    if (auto generic = dyn_cast<linalg::GenericOp>(def)) {
      OpBuilder::InsertionGuard guard(rewriter);
      rewriter.setInsertionPoint(generic);
      if (linalg::LinalgOp flat = flattenMapLoops(rewriter, generic))
        return flat->getResult(0);
    }
  }
  return tensor::CollapseShapeOp::create(rewriter, loc, init, kFlatMap);
}

/// The 1-D bias that `init` broadcasts along the channels of an N x F x H x
/// W accumulator (a generic that only yields it), if it is used only there.
Value broadcastBias(Value init) {
  auto generic = init.getDefiningOp<linalg::GenericOp>();
  if (!generic || !generic->hasOneUse() || generic.getNumDpsInputs() != 1 ||
      generic.getNumLoops() != 4 ||
      !isa<FloatType>(getElementTypeOrSelf(init.getType())))
    return Value();
  OpOperand *input = generic.getDpsInputOperand(0);
  MLIRContext *ctx = generic.getContext();
  auto yield = cast<linalg::YieldOp>(generic.getBody()->getTerminator());
  if (generic.getMatchingIndexingMap(input) !=
          AffineMap::get(4, 0, getAffineDimExpr(1, ctx)) ||
      !generic.getMatchingIndexingMap(generic.getDpsInitOperand(0))
           .isIdentity() ||
      yield.getValues().size() != 1 ||
      yield.getValues()[0] != generic.getBody()->getArgument(0))
    return Value();
  return input->get();
}

/// S[n, c, i, j] = X[n, c, i * strides[0], j * strides[1]] for the
/// `outShape` positions a strided 1x1 convolution reads: a copy of a
/// quarter of X at stride 2, where reading X through its phases
/// (splitPhases) would copy all of it for one phase.
Value subsampled(OpBuilder &builder, Location loc, Value input,
                 ArrayRef<int64_t> strides, ArrayRef<int64_t> outShape) {
  auto type = cast<RankedTensorType>(input.getType());
  SmallVector<int64_t> shape = {type.getDimSize(0), type.getDimSize(1),
                                outShape[2], outShape[3]};
  Value empty =
      tensor::EmptyOp::create(builder, loc, shape, type.getElementType());
  MLIRContext *ctx = builder.getContext();
  AffineExpr n, c, i, j;
  bindDims(ctx, n, c, i, j);
  AffineMap read =
      AffineMap::get(4, 0, {n, c, i * strides[0], j * strides[1]}, ctx);
  AffineMap write = AffineMap::getMultiDimIdentityMap(4, ctx);
  return linalg::GenericOp::create(
             builder, loc, empty.getType(), input, empty,
             ArrayRef<AffineMap>{read, write},
             SmallVector<utils::IteratorType>(4, utils::IteratorType::parallel),
             [](OpBuilder &b, Location loc, ValueRange args) {
               linalg::YieldOp::create(b, loc, args[0]);
             })
      .getResult(0);
}

} // namespace

LogicalResult mcg::codegen::rewritePointwiseConvolution(
    RewriterBase &rewriter, linalg::Conv2DNchwFchwOp conv, int64_t lanes) {
  if (!conv.hasPureTensorSemantics())
    return failure();
  Value input = conv.getDpsInputs()[0], filter = conv.getDpsInputs()[1];
  auto inType = cast<RankedTensorType>(input.getType());
  auto filterType = cast<RankedTensorType>(filter.getType());
  auto outType = cast<RankedTensorType>(conv->getResult(0).getType());
  if (!inType.hasStaticShape() || !filterType.hasStaticShape() ||
      !outType.hasStaticShape() || filterType.getDimSize(2) != 1 ||
      filterType.getDimSize(3) != 1)
    return failure();
  SmallVector<int64_t> strides(conv.getStrides().getValues<int64_t>());
  bool unitStrides = llvm::all_of(strides, [](int64_t s) { return s == 1; });
  if (unitStrides &&
      inType.getShape().drop_front(2) != outType.getShape().drop_front(2))
    return failure();
  // Positions that are not a multiple of the lanes take a partial last
  // tile (columnsWithRemainder). A map that would leave more than a tenth
  // of the lanes empty is left to the convolution tiles when they can put
  // output channels on the lanes instead: a 7 x 7 map (49 positions in 4
  // vectors) of 512 -> 2048 channels ran at 51 GFLOP/s as a product and
  // 98 channels-last; 13 x 13 and 14 x 14 maps (169 and 196 positions in
  // 11 and 13 vectors) gain as products: 256 -> 1024 channels on 14 x 14
  // 62 -> 102 GFLOP/s, 64 -> 256 on 13 x 13 56 -> 91.
  int64_t positions = outType.getDimSize(2) * outType.getDimSize(3);
  int64_t slots = llvm::divideCeil(positions, lanes) * lanes;
  bool channelsOnLanes = outType.getDimSize(1) % lanes == 0;
  if (positions % lanes != 0 &&
      (positions < 2 * lanes ||
       (channelsOnLanes && 10 * positions < 9 * slots)))
    return failure();
  linalg::GenericOp epilogue = elementwiseEpilogue(conv);

  MLIRContext *ctx = rewriter.getContext();
  Location loc = conv.getLoc();
  rewriter.setInsertionPoint(conv);
  if (!unitStrides)
    input = subsampled(rewriter, loc, input, strides, outType.getShape());
  Value x = tensor::CollapseShapeOp::create(rewriter, loc, input, kFlatMap);
  Value w = tensor::CollapseShapeOp::create(
      rewriter, loc, filter, SmallVector<ReassociationIndices>{{0}, {1, 2, 3}});
  // Without an activation after it, the bias becomes the epilogue: the
  // tiles start from zero, keep the sum in registers, add the bias and
  // write the output once. Tiled in place, the product wrote the bias
  // broadcast over the whole output first and read it back at each
  // reduction step: a 32 -> 16 channel 1x1 convolution on 112 x 112 took
  // 0.10 ms on one thread and 0.22-0.31 on two.
  Value bias = epilogue ? Value() : broadcastBias(conv.getDpsInits()[0]);
  Value acc =
      bias ? flatFill(rewriter, loc, outType,
                      arith::ConstantOp::create(
                          rewriter, loc,
                          rewriter.getZeroAttr(outType.getElementType())))
           : flatAccumulator(rewriter, loc, conv.getDpsInits()[0]);
  // W first: the product's m dimension is then f and its n dimensions n and
  // p, so its register tiles put positions on the lanes.
  AffineExpr n, f, p, c;
  bindDims(ctx, n, f, p, c);
  linalg::GenericOp product = multiplyAccumulate(
      rewriter, loc, {w, x}, acc,
      {AffineMap::get(4, 0, {f, c}, ctx), AffineMap::get(4, 0, {n, c, p}, ctx),
       AffineMap::get(4, 0, {n, f, p}, ctx)},
      {utils::IteratorType::parallel, utils::IteratorType::parallel,
       utils::IteratorType::parallel, utils::IteratorType::reduction});
  // Positions outermost when the filter (F x C) is no larger than the
  // input map (C x P): each thread then takes half of the map's positions
  // for every output channel and reads only the input positions it
  // writes, as the elementwise ops and the next 1x1 convolution split
  // them, and each input tile (C x 32 positions) stays in L1 while every
  // channel block passes over it. Split by output channels, every thread
  // read the whole input, half of it from the other core's cache. With
  // larger filters (the 14 x 14 and 7 x 7 maps of deep layers) each
  // channel block of the filter stays in cache instead. resnet50 (`mcg-run
  // --fold-constants --fuse`, chrt -f 50, medians of two runs each):
  // 1t 55.7-56.1 -> 47.8-48.0 ms, 2t 33.7-34.8 -> 32.8-33.7 ms;
  // mobilenet_v2 2t 4.93-5.03 -> 4.39-4.62 ms.
  if (outType.getDimSize(1) <= positions)
    product->setAttr(kPositionsOuter, rewriter.getUnitAttr());
  auto expand = tensor::ExpandShapeOp::create(rewriter, loc, outType,
                                              product.getResult(0), kFlatMap);
  if (bias) {
    AffineMap identity = AffineMap::getMultiDimIdentityMap(4, ctx);
    Value empty = tensor::EmptyOp::create(rewriter, loc, outType.getShape(),
                                          outType.getElementType());
    epilogue = linalg::GenericOp::create(
        rewriter, loc, outType, ValueRange{expand.getResult(), bias}, empty,
        ArrayRef<AffineMap>{
            identity, AffineMap::get(4, 0, getAffineDimExpr(1, ctx)), identity},
        SmallVector<utils::IteratorType>(4, utils::IteratorType::parallel),
        [](OpBuilder &b, Location l, ValueRange args) {
          linalg::YieldOp::create(
              b, l, arith::AddFOp::create(b, l, args[0], args[1]).getResult());
        });
    rewriter.replaceOp(conv, epilogue.getResult(0));
  } else {
    rewriter.replaceOp(conv, expand.getResult());
  }
  if (!epilogue)
    return success();

  // The epilogue over the flattened map reads the product directly (not
  // through the expand_shape), so that it stays the product's only reader
  // and is fused into its tiles.
  collapseEpilogue(rewriter, epilogue, expand, kFlatMap);
  return success();
}
