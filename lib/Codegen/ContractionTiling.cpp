//===- ContractionTiling.cpp - tiling shared by the contraction kernels ---===//
//
// The tile-size choices, the stride-2 phase split, the fusion of a
// contraction into its epilogue's tile loops and the parallel-loop marks
// that every kernel family of vectorize-contractions uses.
//
//===----------------------------------------------------------------------===//

#include "ContractionStrategies.h"

#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/SCF/Transforms/Transforms.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

using namespace mlir;

linalg::GenericOp mcg::codegen::multiplyAccumulate(
    OpBuilder &builder, Location loc, ValueRange ins, Value out,
    ArrayRef<AffineMap> maps, ArrayRef<utils::IteratorType> kinds) {
  return linalg::GenericOp::create(
      builder, loc, out.getType(), ins, out, maps, kinds,
      [](OpBuilder &b, Location loc, ValueRange args) {
        Value mul = arith::MulFOp::create(b, loc, args[0], args[1]);
        linalg::YieldOp::create(
            b, loc, Value(arith::AddFOp::create(b, loc, args[2], mul)));
      });
}

linalg::GenericOp
mcg::codegen::elementwiseEpilogue(linalg::LinalgOp contraction) {
  Value result = contraction->getResult(0);
  if (!result.hasOneUse())
    return nullptr;
  auto epilogue = dyn_cast<linalg::GenericOp>(*result.getUsers().begin());
  if (!epilogue || !epilogue.hasPureTensorSemantics() ||
      epilogue.getNumDpsInits() != 1 ||
      epilogue.getNumParallelLoops() != epilogue.getNumLoops() ||
      epilogue.getResultTypes()[0] != result.getType())
    return nullptr;
  for (OpOperand &operand : epilogue->getOpOperands())
    if (operand.get() == result &&
        (epilogue.isDpsInit(&operand) ||
         !epilogue.getMatchingIndexingMap(&operand).isIdentity()))
      return nullptr;
  return epilogue;
}

/// The largest divisor of `size` that is at most `limit`.
int64_t mcg::codegen::divisorAtMost(int64_t size, int64_t limit) {
  for (int64_t t = std::min(size, limit); t > 1; --t)
    if (size % t == 0)
      return t;
  return 1;
}

/// The columns of a register tile along a dimension of `size`: a divisor
/// of `size` of at most `limit`, preferably a multiple of the vector's
/// `lanes` or at most one vector. A tile that straddles registers (28
/// columns on 16 lanes) ran 3x slower per column than one of 14 (a 64 ->
/// 64 channel 3x3 convolution on 56 x 56: 8.2 ms against 2.4 ms), so such
/// a tile counts a third of its width; the widest tile by that measure.
int64_t mcg::codegen::columnsAtMost(int64_t size, int64_t limit,
                                    int64_t lanes) {
  int64_t best = 1, bestScore = 3;
  for (int64_t t = std::min(size, limit); t > 1; --t) {
    if (size % t != 0)
      continue;
    int64_t score = (t % lanes == 0 || t <= lanes) ? 3 * t : t;
    if (score > bestScore) {
      best = t;
      bestScore = score;
    }
  }
  return best;
}

int64_t mcg::codegen::rowsAtMost(int64_t size, int64_t limit) {
  if (size <= limit)
    return size;
  int64_t divisor = divisorAtMost(size, limit);
  return divisor >= limit - 1 ? divisor : limit;
}

int64_t mcg::codegen::columnsWithRemainder(int64_t size, int64_t limit,
                                           int64_t lanes) {
  int64_t columns = columnsAtMost(size, limit, lanes);
  if (size <= limit || 2 * columns >= lanes)
    return columns;
  return limit;
}

int64_t mcg::codegen::productColumns(int64_t size, int64_t limit,
                                     int64_t lanes) {
  int64_t columns = columnsWithRemainder(size, limit, lanes);
  if (size <= limit || columns == limit)
    return columns;
  auto vectors = [&](int64_t width) { return llvm::divideCeil(width, lanes); };
  int64_t divisorVectors = size / columns * vectors(columns);
  int64_t remainderVectors =
      size / limit * vectors(limit) + vectors(size % limit);
  return remainderVectors < divisorVectors ? limit : columns;
}

LogicalResult mcg::codegen::peelPartialTiles(RewriterBase &rewriter,
                                             Operation *root) {
  auto isPartial = [](scf::ForOp loop) {
    std::optional<int64_t> lb = getConstantIntValue(loop.getLowerBound()),
                           ub = getConstantIntValue(loop.getUpperBound()),
                           step = getConstantIntValue(loop.getStep());
    return lb && ub && step && *ub - *lb > *step && (*ub - *lb) % *step != 0;
  };
  // Outermost loops first; the loops nested in a peeled one (in both of its
  // parts) are found by the next round.
  SmallVector<Operation *> peeled;
  while (true) {
    scf::ForOp next;
    root->walk<WalkOrder::PreOrder>([&](scf::ForOp loop) {
      if (!isPartial(loop))
        return WalkResult::advance();
      next = loop;
      return WalkResult::interrupt();
    });
    if (!next)
      break;
    scf::ForOp partial;
    rewriter.setInsertionPoint(next);
    if (failed(scf::peelForLoopAndSimplifyBounds(rewriter, next, partial)))
      return next.emitError("cannot peel the partial "
                            "tile of this loop");
    peeled.push_back(next);
    peeled.push_back(partial);
  }
  if (peeled.empty())
    return success();
  // Fold the peeled loops' sizes: the partial iteration runs once, its
  // affine.min becomes a constant, and the slices and tiles static types.
  SmallVector<Operation *> ops;
  for (Operation *loop : peeled)
    loop->walk([&](Operation *op) { ops.push_back(op); });
  MLIRContext *ctx = root->getContext();
  RewritePatternSet patterns(ctx);
  for (Dialect *dialect : ctx->getLoadedDialects())
    dialect->getCanonicalizationPatterns(patterns);
  for (RegisteredOperationName op : ctx->getRegisteredOperations())
    op.getCanonicalizationPatterns(patterns, ctx);
  GreedyRewriteConfig config;
  config.setStrictness(GreedyRewriteStrictness::ExistingAndNewOps);
  return applyOpPatternsGreedily(ops, std::move(patterns), config);
}

/// The input read of a stride-2 convolution through its phases (see
/// splitPhases): Q[n, c, kh mod 2, kw mod 2, oh + kh floordiv 2,
/// ow + kw floordiv 2], unit stride in ow.
SmallVector<AffineExpr> mcg::codegen::phaseRead(AffineExpr n, AffineExpr c,
                                                AffineExpr oh, AffineExpr ow,
                                                AffineExpr kh, AffineExpr kw) {
  return {n, c, kh % 2, kw % 2, oh + kh.floorDiv(2), ow + kw.floorDiv(2)};
}

/// Whether a strided convolution can read its input through 2 x 2
/// phases (splitPhases): strides 2, no dilation, a static padded input.
bool mcg::codegen::canSplitPhases(DenseIntElementsAttr strides,
                                  DenseIntElementsAttr dilations, Value input) {
  auto type = cast<RankedTensorType>(input.getType());
  return llvm::all_of(strides.getValues<int64_t>(),
                      [](int64_t s) { return s == 2; }) &&
         llvm::all_of(dilations.getValues<int64_t>(),
                      [](int64_t d) { return d == 1; }) &&
         type.hasStaticShape();
}

/// `input` (N x C x H x W) with one more row and column where H or W is
/// odd, so that its 2 x 2 phases split evenly; no window reads them.
static Value evenPadded(OpBuilder &b, Location loc, Value input) {
  auto type = cast<RankedTensorType>(input.getType());
  int64_t h = type.getDimSize(2) % 2, w = type.getDimSize(3) % 2;
  if (h == 0 && w == 0)
    return input;
  SmallVector<OpFoldResult> low(4, b.getIndexAttr(0));
  SmallVector<OpFoldResult> high = {b.getIndexAttr(0), b.getIndexAttr(0),
                                    b.getIndexAttr(h), b.getIndexAttr(w)};
  Value zero =
      arith::ConstantOp::create(b, loc, b.getZeroAttr(type.getElementType()));
  return tensor::PadOp::create(
      b, loc,
      RankedTensorType::get({type.getDimSize(0), type.getDimSize(1),
                             type.getDimSize(2) + h, type.getDimSize(3) + w},
                            type.getElementType()),
      input, low, high, zero);
}

/// Q[n, c, a, b, i, j] = P[n, c, 2i + a, 2j + b]: the four phases of the
/// (padded) input P, one copy of it; an odd P first gets one more row or
/// column, which no stride-2 window reads.
Value mcg::codegen::splitPhases(OpBuilder &rewriter, Location loc, Value input,
                                int64_t lanes) {
  input = evenPadded(rewriter, loc, input);
  auto type = cast<RankedTensorType>(input.getType());
  ArrayRef<int64_t> p = type.getShape();
  Type element = type.getElementType();
  Value empty = tensor::EmptyOp::create(
      rewriter, loc, {p[0], p[1], 2, 2, p[2] / 2, p[3] / 2}, element);
  // Each input row, read contiguously in chunks of two vectors, is split
  // into its even and odd columns (vector.deinterleave) and written to
  // phases (a, 0) and (a, 1), a = row mod 2. As a generic reading every
  // other column, each element was a gather.
  int64_t half = p[3] / 2;
  int64_t chunk = std::min(lanes, half);
  int64_t full = half / chunk * chunk;
  auto index = [&](OpBuilder &b, int64_t v) -> Value {
    return arith::ConstantIndexOp::create(b, loc, v);
  };
  SmallVector<Value> lbs(3, index(rewriter, 0)), steps(3, index(rewriter, 1));
  SmallVector<Value> ubs = {index(rewriter, p[0]), index(rewriter, p[1]),
                            index(rewriter, p[2])};
  scf::LoopNest nest = scf::buildLoopNest(
      rewriter, loc, lbs, ubs, steps, ValueRange{empty},
      [&](OpBuilder &b, Location l, ValueRange ivs,
          ValueRange args) -> scf::ValueVector {
        Value two = index(b, 2);
        Value a = arith::RemUIOp::create(b, l, ivs[2], two);
        Value i = arith::DivUIOp::create(b, l, ivs[2], two);
        Value pad = ub::PoisonOp::create(b, l, element);
        // Columns [j, j + width) of both phases of row ivs[2].
        auto splitRow = [&](OpBuilder &cb, Value q, Value j,
                            int64_t width) -> Value {
          Value col = arith::MulIOp::create(cb, l, j, two);
          auto rowType = VectorType::get({2 * width}, element);
          Value row = vector::TransferReadOp::create(
              cb, l, rowType, input, ValueRange{ivs[0], ivs[1], ivs[2], col},
              pad, ArrayRef<bool>{true});
          auto split = vector::DeinterleaveOp::create(cb, l, row);
          SmallVector<Value, 2> halves = {split.getRes1(), split.getRes2()};
          for (auto [phase, v] : llvm::enumerate(halves))
            q = vector::TransferWriteOp::create(
                    cb, l, v, q,
                    ValueRange{ivs[0], ivs[1], a,
                               index(cb, static_cast<int64_t>(phase)), i, j},
                    ArrayRef<bool>{true})
                    .getResult();
          return q;
        };
        Value q = args[0];
        if (full > chunk) {
          q = scf::ForOp::create(
                  b, l, index(b, 0), index(b, full), index(b, chunk),
                  ValueRange{q},
                  [&](OpBuilder &fb, Location, Value j, ValueRange inner) {
                    scf::YieldOp::create(fb, l,
                                         splitRow(fb, inner[0], j, chunk));
                  })
                  .getResult(0);
        } else {
          q = splitRow(b, q, index(b, 0), chunk);
        }
        if (full < half)
          q = splitRow(b, q, index(b, full), half - full);
        return {q};
      });
  // Rows of channels on threads, like the kernels' tiles.
  SmallVector<LoopLikeOpInterface> loops(nest.loops.begin(), nest.loops.end());
  markParallel(
      loops, {p[0], p[1], p[2]}, {1, 1, 1},
      SmallVector<utils::IteratorType>(3, utils::IteratorType::parallel));
  return nest.results.front();
}

/// Tiles the epilogue with `tiles` (one per epilogue loop, i.e. per
/// dimension of the contraction's result) and computes each contraction
/// tile inside that loop nest, its reduction loops tiled with
/// `reductionTiles` (0 for the contraction's parallel loops) innermost:
/// the epilogue runs on the tile while it is in registers instead of as a
/// second pass over the whole output.
LogicalResult mcg::codegen::fuseIntoEpilogue(RewriterBase &rewriter,
                                             linalg::LinalgOp contraction,
                                             linalg::GenericOp epilogue,
                                             ArrayRef<int64_t> tiles,
                                             ArrayRef<int64_t> reductionTiles,
                                             ArrayRef<int64_t> interchange) {
  Operation *accumulatorInit = contraction.getDpsInits()[0].getDefiningOp();
  if (!isa_and_nonnull<linalg::GenericOp, linalg::FillOp>(accumulatorInit))
    accumulatorInit = nullptr;
  scf::SCFTileAndFuseOptions options;
  options.tilingOptions.setTileSizes(
      getAsIndexOpFoldResult(rewriter.getContext(), tiles));
  if (!interchange.empty())
    options.tilingOptions.setInterchange(interchange);
  options.setFusionControlFn(
      [&](tensor::ExtractSliceOp, OpResult producer,
          bool) -> std::optional<scf::SCFTileAndFuseOptions::ControlFnResult> {
        // The contraction, and what initializes its accumulator (zeros
        // or the bias broadcast): each tile then starts from its own
        // slice.
        if (producer.getOwner() == contraction.getOperation() ||
            producer.getOwner() == accumulatorInit)
          return scf::SCFTileAndFuseOptions::ControlFnResult{};
        return std::nullopt;
      });
  SmallVector<int64_t> bounds = epilogue.getStaticLoopRanges();
  rewriter.setInsertionPoint(epilogue);
  FailureOr<scf::SCFTileAndFuseResult> fused =
      scf::tileConsumerAndFuseProducersUsingSCF(
          rewriter, cast<TilingInterface>(epilogue.getOperation()), options);
  if (failed(fused))
    return failure();
  for (OpResult r : epilogue->getResults())
    rewriter.replaceAllUsesWith(r, fused->replacements.lookup(r));
  rewriter.eraseOp(epilogue);
  if (contraction->use_empty())
    rewriter.eraseOp(contraction);

  // The fused contraction tile still reduces over the whole reduction
  // dimensions: tile those loops too.
  linalg::LinalgOp contractionTile;
  for (Operation *op : fused->tiledAndFusedOps)
    if (auto l = dyn_cast<linalg::LinalgOp>(op);
        l && l.getNumReductionLoops() > 0)
      contractionTile = l;
  if (!contractionTile)
    return failure();
  scf::SCFTilingOptions reduction;
  reduction.setTileSizes(
      getAsIndexOpFoldResult(rewriter.getContext(), reductionTiles));
  rewriter.setInsertionPoint(contractionTile);
  FailureOr<scf::SCFTilingResult> tiled = scf::tileUsingSCF(
      rewriter, cast<TilingInterface>(contractionTile.getOperation()),
      reduction);
  if (failed(tiled))
    return failure();
  rewriter.replaceOp(contractionTile, tiled->replacements);
  // The loops follow the interchange.
  SmallVector<int64_t> loopBounds, loopTiles;
  for (size_t i = 0; i < tiles.size(); ++i) {
    size_t d = interchange.empty() ? i : interchange[i];
    loopBounds.push_back(bounds[d]);
    loopTiles.push_back(tiles[d]);
  }
  markParallel(fused->loops, loopBounds, loopTiles,
               SmallVector<utils::IteratorType>(tiles.size(),
                                                utils::IteratorType::parallel));
  return success();
}

/// Marks the outermost tile loop over a parallel dimension that has more
/// than one tile with `mcg.parallel` (see parallelize-tiles).
void mcg::codegen::markParallel(ArrayRef<LoopLikeOpInterface> loops,
                                ArrayRef<int64_t> bounds,
                                ArrayRef<int64_t> tiles,
                                ArrayRef<utils::IteratorType> kinds) {
  for (auto [loop, bound, tile, kind] :
       llvm::zip(loops, bounds, tiles, kinds)) {
    if (kind != utils::IteratorType::parallel)
      return;
    if (bound / tile > 1) {
      loop->setAttr("mcg.parallel", UnitAttr::get(loop->getContext()));
      return;
    }
  }
}

linalg::GenericOp mcg::codegen::flattenTrailingLoops(RewriterBase &rewriter,
                                                     linalg::GenericOp op,
                                                     int64_t from) {
  int64_t loops = op.getNumLoops();
  SmallVector<AffineMap> maps = op.getIndexingMapsArray();
  // A map with a constant result (a broadcast of a unit dimension, (0, d1))
  // would be flattened wrongly.
  if (!llvm::all_of(maps,
                    [](AffineMap m) { return m.isProjectedPermutation(); }))
    return op;
  for (int64_t first = from; first + 1 < loops; ++first) {
    SmallVector<ReassociationIndices> groups;
    for (int64_t d = 0; d < first; ++d)
      groups.push_back({d});
    groups.emplace_back();
    for (int64_t d = first; d < loops; ++d)
      groups.back().push_back(d);
    if (!linalg::areDimSequencesPreserved(maps, groups))
      continue;
    rewriter.setInsertionPoint(op);
    FailureOr<linalg::CollapseResult> collapsed =
        linalg::collapseOpIterationDims(op, groups, rewriter);
    if (failed(collapsed))
      return op;
    rewriter.replaceOp(op, collapsed->results);
    return cast<linalg::GenericOp>(collapsed->collapsedOp.getOperation());
  }
  return op;
}

Operation *mcg::codegen::tileInPlace(RewriterBase &rewriter,
                                     linalg::LinalgOp op,
                                     ArrayRef<int64_t> tiles) {
  scf::SCFTilingOptions options;
  options.setTileSizes(getAsIndexOpFoldResult(rewriter.getContext(), tiles));
  rewriter.setInsertionPoint(op);
  FailureOr<scf::SCFTilingResult> tiled = scf::tileUsingSCF(
      rewriter, cast<TilingInterface>(op.getOperation()), options);
  if (failed(tiled))
    return nullptr;
  // Loops follow the dimensions in order.
  markParallel(tiled->loops, op.getStaticLoopRanges(), tiles,
               op.getIteratorTypesArray());
  rewriter.replaceOp(op, tiled->replacements);
  return tiled->tiledOps.front();
}

FailureOr<SmallVector<Operation *>>
mcg::codegen::tileAndPeel(RewriterBase &rewriter, linalg::LinalgOp op,
                          ArrayRef<int64_t> tiles) {
  Operation *tile = tileInPlace(rewriter, op, tiles);
  if (!tile)
    return SmallVector<Operation *>{};
  Operation *root = tile;
  while (isa<scf::ForOp>(root->getParentOp()))
    root = root->getParentOp();
  if (root == tile)
    return SmallVector<Operation *>{tile};
  // Peeling puts the partial part of the outermost loop right after it,
  // and may fold a loop of one iteration away, the root included: the
  // tiles are what lies between the root's neighbours.
  Operation *prev = root->getPrevNode(), *next = root->getNextNode();
  Block *block = root->getBlock();
  if (failed(peelPartialTiles(rewriter, root)))
    return failure();
  SmallVector<Operation *> result;
  for (Operation *it = prev ? prev->getNextNode() : &block->front(); it != next;
       it = it->getNextNode())
    it->walk([&](linalg::LinalgOp t) { result.push_back(t); });
  return result;
}

Value mcg::codegen::transposed(OpBuilder &builder, Location loc, Value value,
                               ArrayRef<int64_t> perm) {
  auto type = cast<RankedTensorType>(value.getType());
  SmallVector<int64_t> shape;
  for (int64_t d : perm)
    shape.push_back(type.getDimSize(d));
  Value empty =
      tensor::EmptyOp::create(builder, loc, shape, type.getElementType());
  return linalg::TransposeOp::create(builder, loc, value, empty, perm)
      .getResult()[0];
}

void mcg::codegen::refillAccumulator(RewriterBase &rewriter,
                                     linalg::LinalgOp op) {
  OpOperand *init = op.getDpsInitOperand(0);
  Operation *reshape = init->get().getDefiningOp();
  if (!isa_and_nonnull<tensor::CollapseShapeOp, tensor::ExpandShapeOp>(reshape))
    return;
  auto fill = reshape->getOperand(0).getDefiningOp<linalg::FillOp>();
  if (!fill || !fill->hasOneUse())
    return;
  auto type = cast<RankedTensorType>(init->get().getType());
  OpBuilder::InsertionGuard guard(rewriter);
  rewriter.setInsertionPoint(op);
  Value empty = tensor::EmptyOp::create(rewriter, op.getLoc(), type.getShape(),
                                        type.getElementType());
  Value filled =
      linalg::FillOp::create(rewriter, op.getLoc(), fill.getInputs()[0], empty)
          .getResult(0);
  rewriter.modifyOpInPlace(op, [&] { init->set(filled); });
  if (reshape->use_empty()) {
    rewriter.eraseOp(reshape);
    rewriter.eraseOp(fill);
  }
}

void mcg::codegen::collapseEpilogue(RewriterBase &rewriter,
                                    linalg::GenericOp epilogue,
                                    tensor::ExpandShapeOp expand,
                                    ArrayRef<ReassociationIndices> groups) {
  if (!linalg::areDimSequencesPreserved(epilogue.getIndexingMapsArray(),
                                        groups))
    return;
  rewriter.setInsertionPoint(epilogue);
  FailureOr<linalg::CollapseResult> collapsed =
      linalg::collapseOpIterationDims(epilogue, groups, rewriter);
  if (failed(collapsed))
    return;
  rewriter.replaceOp(epilogue, collapsed->results);
  linalg::LinalgOp flat = collapsed->collapsedOp;
  for (OpOperand &operand : flat->getOpOperands())
    if (auto collapse = operand.get().getDefiningOp<tensor::CollapseShapeOp>();
        collapse && collapse.getSrc() == expand.getResult())
      rewriter.modifyOpInPlace(flat, [&] { operand.set(expand.getSrc()); });
  for (Operation *op : llvm::make_early_inc_range(expand->getUsers()))
    if (op->use_empty())
      rewriter.eraseOp(op);
  if (expand->use_empty())
    rewriter.eraseOp(expand);
}
