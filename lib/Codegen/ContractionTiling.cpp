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
#include "mlir/IR/IRMapping.h"
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

int64_t mcg::codegen::convolutionColumns(int64_t size, int64_t limit) {
  int64_t rows = rowsAtMost(size, limit);
  auto short_ = [&](int64_t tile) {
    int64_t rest = size % tile;
    return rest != 0 && 4 * rest < limit;
  };
  if (size > limit && short_(rows) && !short_(limit + 1))
    return limit + 1;
  return rows;
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

int64_t mcg::codegen::fullTilesFirst(int64_t size, int64_t columns,
                                     int64_t limit, int64_t lanes) {
  if (columns < limit && size > limit && size % lanes == 0 &&
      limit % lanes == 0)
    return limit;
  return columns;
}

/// The iterations of `loop` (static bounds, after peeling: whole tiles).
static int64_t fullTiles(scf::ForOp loop) {
  std::optional<int64_t> lb = getConstantIntValue(loop.getLowerBound()),
                         ub = getConstantIntValue(loop.getUpperBound()),
                         step = getConstantIntValue(loop.getStep());
  return lb && ub && step && *step > 0 ? (*ub - *lb) / *step : 0;
}

/// `full` (a loop of whole tiles) and `partial` (its peeled last, partial
/// tile, one iteration) as one loop of their trip counts whose last
/// iteration runs the partial tile, so that a parallel loop splits it among
/// the threads with the others. peelPartialTiles does this when the
/// threads do not divide the whole tiles: a static split then leaves one
/// thread a tile short, and the partial tile fills that gap instead of
/// running on one thread after both are done. (When they divide them, the
/// extra iteration would give one thread a whole tile more: densenet121's
/// 14 x 14 layers, six tiles of 32 and one of 4, ran slower.)
static scf::ForOp lastIterationInside(RewriterBase &rewriter, scf::ForOp full,
                                      scf::ForOp partial) {
  Location loc = full.getLoc();
  rewriter.setInsertionPoint(full);
  auto merged = scf::ForOp::create(
      rewriter, loc, full.getLowerBound(), partial.getUpperBound(),
      full.getStep(), full.getInitArgs(),
      [&](OpBuilder &b, Location loc, Value iv, ValueRange args) {
        Value isFull = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt,
                                             iv, full.getUpperBound());
        auto branch = scf::IfOp::create(b, loc, full.getResultTypes(), isFull,
                                        /*addThenBlock=*/true,
                                        /*addElseBlock=*/true);
        // The partial tile's body knows its induction variable: it runs
        // only at the partial loop's lower bound.
        auto clone = [&](scf::ForOp loop, Block *into, Value at) {
          OpBuilder inside = OpBuilder::atBlockBegin(into);
          IRMapping map;
          map.map(loop.getInductionVar(), at);
          map.map(loop.getRegionIterArgs(), args);
          for (Operation &op : loop.getBody()->without_terminator())
            inside.clone(op, map);
          auto yield = cast<scf::YieldOp>(loop.getBody()->getTerminator());
          SmallVector<Value> results;
          for (Value v : yield.getOperands())
            results.push_back(map.lookupOrDefault(v));
          scf::YieldOp::create(inside, loc, results);
        };
        clone(full, branch.thenBlock(), iv);
        clone(partial, branch.elseBlock(), partial.getLowerBound());
        scf::YieldOp::create(b, loc, branch.getResults());
      });
  merged->setAttrs(full->getAttrs());
  rewriter.replaceOp(partial, merged.getResults());
  rewriter.eraseOp(full);
  return merged;
}

LogicalResult mcg::codegen::peelPartialTiles(RewriterBase &rewriter,
                                             Operation *root, int64_t threads) {
  auto isPartial = [](scf::ForOp loop) {
    std::optional<int64_t> lb = getConstantIntValue(loop.getLowerBound()),
                           ub = getConstantIntValue(loop.getUpperBound()),
                           step = getConstantIntValue(loop.getStep());
    return lb && ub && step && *ub - *lb > *step && (*ub - *lb) % *step != 0;
  };
  // Outermost loops first; the loops nested in a peeled one (in both of its
  // parts) are found by the next round. When `root` itself is peeled, its
  // partial part (beside it) is searched too.
  SmallVector<Operation *> peeled, roots = {root};
  // Loops that run their partial tile as their last iteration.
  llvm::SmallPtrSet<Operation *, 4> merged;
  while (true) {
    scf::ForOp next;
    for (Operation *r : roots) {
      r->walk<WalkOrder::PreOrder>([&](scf::ForOp loop) {
        if (merged.contains(loop) || !isPartial(loop))
          return WalkResult::advance();
        next = loop;
        return WalkResult::interrupt();
      });
      if (next)
        break;
    }
    if (!next)
      break;
    scf::ForOp partial;
    rewriter.setInsertionPoint(next);
    if (failed(scf::peelForLoopAndSimplifyBounds(rewriter, next, partial)))
      return next.emitError("cannot peel the partial "
                            "tile of this loop");
    bool isRoot = llvm::is_contained(roots, next.getOperation());
    if (threads > 1 && next->hasAttr(kParallelAttr) &&
        fullTiles(next) % threads != 0) {
      scf::ForOp loop = lastIterationInside(rewriter, next, partial);
      merged.insert(loop);
      peeled.push_back(loop);
      if (isRoot)
        roots.push_back(loop);
      continue;
    }
    peeled.push_back(next);
    peeled.push_back(partial);
    if (isRoot)
      roots.push_back(partial);
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
  // The contraction, and what initializes its accumulator (zeros or the
  // bias broadcast): each tile then starts from its own slice.
  options.setFusionControlFn(
      fuseOnly({contraction.getOperation(), accumulatorInit}));
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
  if (failed(tileAndReplace(rewriter, contractionTile.getOperation(),
                            reductionTiles)))
    return failure();
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

scf::SCFTileAndFuseOptions::ControlFnTy
mcg::codegen::fuseOnly(ArrayRef<Operation *> producers) {
  SmallVector<Operation *> ops;
  for (Operation *op : producers)
    if (op)
      ops.push_back(op);
  return [ops](tensor::ExtractSliceOp, OpResult producer, bool)
             -> std::optional<scf::SCFTileAndFuseOptions::ControlFnResult> {
    if (llvm::is_contained(ops, producer.getOwner()))
      return scf::SCFTileAndFuseOptions::ControlFnResult{};
    return std::nullopt;
  };
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
      loop->setAttr(kParallelAttr, UnitAttr::get(loop->getContext()));
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

FailureOr<scf::SCFTilingResult>
mcg::codegen::tileAndReplace(RewriterBase &rewriter, Operation *op,
                             ArrayRef<int64_t> tiles,
                             ArrayRef<int64_t> interchange) {
  scf::SCFTilingOptions options;
  options.setTileSizes(getAsIndexOpFoldResult(rewriter.getContext(), tiles));
  if (!interchange.empty())
    options.setInterchange(interchange);
  rewriter.setInsertionPoint(op);
  FailureOr<scf::SCFTilingResult> tiled =
      scf::tileUsingSCF(rewriter, cast<TilingInterface>(op), options);
  if (failed(tiled))
    return failure();
  rewriter.replaceOp(op, tiled->replacements);
  return tiled;
}

Operation *mcg::codegen::tileInPlace(RewriterBase &rewriter,
                                     linalg::LinalgOp op,
                                     ArrayRef<int64_t> tiles,
                                     ArrayRef<int64_t> interchange) {
  SmallVector<int64_t> bounds = op.getStaticLoopRanges();
  SmallVector<utils::IteratorType> kinds = op.getIteratorTypesArray();
  FailureOr<scf::SCFTilingResult> tiled =
      tileAndReplace(rewriter, op.getOperation(), tiles, interchange);
  if (failed(tiled))
    return nullptr;
  // The loops follow the interchange (of the tiled dimensions: untiled
  // ones make no loop, and markParallel skips tiles of the whole bound).
  SmallVector<int64_t> loopBounds, loopTiles;
  SmallVector<utils::IteratorType> loopKinds;
  for (size_t i = 0; i < tiles.size(); ++i) {
    size_t d = interchange.empty() ? i : interchange[i];
    if (tiles[d] == 0)
      continue;
    loopBounds.push_back(bounds[d]);
    loopTiles.push_back(tiles[d]);
    loopKinds.push_back(kinds[d]);
  }
  markParallel(tiled->loops, loopBounds, loopTiles, loopKinds);
  return tiled->tiledOps.front();
}

Operation *mcg::codegen::tileWithFill(RewriterBase &rewriter,
                                      linalg::LinalgOp op,
                                      ArrayRef<int64_t> tiles) {
  auto fill = op.getNumDpsInits() == 1
                  ? op.getDpsInits()[0].getDefiningOp<linalg::FillOp>()
                  : linalg::FillOp();
  if (!fill || !fill->hasOneUse())
    return tileInPlace(rewriter, op, tiles);
  SmallVector<int64_t> bounds = op.getStaticLoopRanges();
  SmallVector<utils::IteratorType> kinds = op.getIteratorTypesArray();
  SmallVector<int64_t> outer(tiles), inner(tiles.size(), 0);
  SmallVector<int64_t> loopBounds, loopTiles;
  for (size_t d = 0; d < tiles.size(); ++d) {
    if (kinds[d] == utils::IteratorType::reduction)
      std::swap(outer[d], inner[d]);
    else if (tiles[d] != 0) {
      loopBounds.push_back(bounds[d]);
      loopTiles.push_back(tiles[d]);
    }
  }
  scf::SCFTileAndFuseOptions options;
  options.tilingOptions.setTileSizes(
      getAsIndexOpFoldResult(rewriter.getContext(), outer));
  options.setFusionControlFn(fuseOnly({fill.getOperation()}));
  rewriter.setInsertionPoint(op);
  FailureOr<scf::SCFTileAndFuseResult> fused =
      scf::tileConsumerAndFuseProducersUsingSCF(
          rewriter, cast<TilingInterface>(op.getOperation()), options);
  if (failed(fused))
    return nullptr;
  linalg::LinalgOp tile;
  for (Operation *t : fused->tiledAndFusedOps)
    if (auto l = dyn_cast<linalg::LinalgOp>(t); l && !isa<linalg::FillOp>(t))
      tile = l;
  for (OpResult r : op->getResults())
    rewriter.replaceAllUsesWith(r, fused->replacements.lookup(r));
  rewriter.eraseOp(op);
  if (fill->use_empty())
    rewriter.eraseOp(fill);
  markParallel(fused->loops, loopBounds, loopTiles,
               SmallVector<utils::IteratorType>(loopTiles.size(),
                                                utils::IteratorType::parallel));
  if (!tile || llvm::all_of(inner, [](int64_t t) { return t == 0; }))
    return tile;
  FailureOr<scf::SCFTilingResult> tiled =
      tileAndReplace(rewriter, tile.getOperation(), inner);
  return failed(tiled) ? nullptr : tiled->tiledOps.front();
}

FailureOr<SmallVector<Operation *>>
mcg::codegen::peelTiles(RewriterBase &rewriter, Operation *loop) {
  // Peeling puts the partial part of the loop right after it, and may fold
  // a loop of one iteration away, `loop` included: the tiles are what lies
  // between the loop's neighbours.
  Operation *prev = loop->getPrevNode(), *next = loop->getNextNode();
  Block *block = loop->getBlock();
  if (failed(peelPartialTiles(rewriter, loop)))
    return failure();
  SmallVector<Operation *> result;
  for (Operation *it = prev ? prev->getNextNode() : &block->front(); it != next;
       it = it->getNextNode())
    it->walk([&](linalg::LinalgOp t) { result.push_back(t); });
  return result;
}

FailureOr<SmallVector<Operation *>>
mcg::codegen::tileAndPeel(RewriterBase &rewriter, linalg::LinalgOp op,
                          ArrayRef<int64_t> tiles,
                          ArrayRef<int64_t> interchange) {
  Operation *tile = tileInPlace(rewriter, op, tiles, interchange);
  if (!tile)
    return SmallVector<Operation *>{};
  Operation *root = tile;
  while (isa<scf::ForOp>(root->getParentOp()))
    root = root->getParentOp();
  if (root == tile)
    return SmallVector<Operation *>{tile};
  return peelTiles(rewriter, root);
}

bool mcg::codegen::vectorizeInPlace(RewriterBase &rewriter, Operation *op) {
  if (llvm::any_of(cast<linalg::LinalgOp>(op).getStaticLoopRanges(),
                   ShapedType::isDynamic) ||
      failed(linalg::vectorizeOpPrecondition(op)))
    return false;
  rewriter.setInsertionPoint(op);
  FailureOr<linalg::VectorizationResult> vectorized =
      linalg::vectorize(rewriter, op);
  if (failed(vectorized))
    return false;
  rewriter.replaceOp(op, vectorized->replacements);
  return true;
}

/// `value`'s producer computed in the permuted order, when it is an
/// elementwise generic used only here that writes its result whole (a
/// convolution's bias broadcast): the generic then writes the transposed
/// tensor itself. Null otherwise.
static Value permutedProducer(OpBuilder &builder, Location loc, Value value,
                              ArrayRef<int64_t> perm, ArrayRef<int64_t> shape) {
  auto producer = value.getDefiningOp<linalg::GenericOp>();
  if (!producer || !value.hasOneUse() || producer->getNumResults() != 1 ||
      producer.getNumParallelLoops() != producer.getNumLoops() ||
      producer.getNumLoops() != perm.size() ||
      !producer.getIndexingMapMatchingResult(producer->getResult(0))
           .isIdentity() ||
      producer.payloadUsesValueFromOperand(producer.getDpsInitOperand(0)) ||
      !producer.getBody()->getOps<linalg::IndexOp>().empty())
    return nullptr;
  // New loop i is old loop perm[i]: an input map reads old loop j as new
  // loop inverse[j].
  MLIRContext *ctx = builder.getContext();
  SmallVector<AffineExpr> oldLoops(perm.size());
  for (auto [i, d] : llvm::enumerate(perm))
    oldLoops[d] = getAffineDimExpr(i, ctx);
  AffineMap toOld = AffineMap::get(perm.size(), 0, oldLoops, ctx);
  SmallVector<AffineMap> maps;
  for (OpOperand *input : producer.getDpsInputOperands())
    maps.push_back(producer.getMatchingIndexingMap(input).compose(toOld));
  maps.push_back(AffineMap::getMultiDimIdentityMap(perm.size(), ctx));
  Type element = cast<RankedTensorType>(value.getType()).getElementType();
  Value empty = tensor::EmptyOp::create(builder, loc, shape, element);
  auto permuted = linalg::GenericOp::create(
      builder, loc, empty.getType(), producer.getDpsInputs(), empty, maps,
      producer.getIteratorTypesArray());
  IRMapping mapping;
  producer.getRegion().cloneInto(&permuted.getRegion(), mapping);
  return permuted.getResult(0);
}

Value mcg::codegen::transposed(OpBuilder &builder, Location loc, Value value,
                               ArrayRef<int64_t> perm) {
  auto type = cast<RankedTensorType>(value.getType());
  SmallVector<int64_t> shape;
  for (int64_t d : perm)
    shape.push_back(type.getDimSize(d));
  if (Value permuted = permutedProducer(builder, loc, value, perm, shape))
    return permuted;
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
  // A map with a constant result (a per-channel scale read as
  // (d0, d1, 0, 0)) cannot be collapsed (collapseOpIterationDims crashed).
  SmallVector<AffineMap> maps = epilogue.getIndexingMapsArray();
  if (!llvm::all_of(maps,
                    [](AffineMap m) { return m.isProjectedPermutation(); }) ||
      !linalg::areDimSequencesPreserved(maps, groups))
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
