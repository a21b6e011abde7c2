//===- VectorizeContractions.cpp - register tiles for contractions --------===//
//
// Direct tiling of NCHW convolutions (unit stride, or stride 2 through the
// input's phases; with an elementwise epilogue fused into the tile loops),
// im2col for the other strided ones, then tiling of every contraction to
// m x n x k register tiles with scf.for, and vectorization of each tile.
//
//===----------------------------------------------------------------------===//

#include "mcg/Codegen/Passes.h"

#include "ContractionStrategies.h"

#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Dialect/Vector/Transforms/LoweringPatterns.h"
#include "mlir/Dialect/Vector/Transforms/VectorRewritePatterns.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mcg {
#define GEN_PASS_DEF_VECTORIZECONTRACTIONS
#include "mcg/Codegen/Passes.h.inc"
} // namespace mcg

using namespace mlir;
using namespace mcg::codegen;

namespace {

/// The bytes of a channels-last convolution's filter slice that one step of
/// its input-channel loop reads (computeChannelsOnLanes): half of a 48 KB
/// L1 data cache, so the slice stays there beside the input rows.
constexpr int64_t kFilterSliceBytes = 24 * 1024;

/// Whether every stride of `conv` is 1.
bool hasUnitStrides(linalg::Conv2DNchwFchwOp conv) {
  return llvm::all_of(conv.getStrides().getValues<int64_t>(),
                      [](int64_t s) { return s == 1; });
}

/// The strides of `conv`.
SmallVector<int64_t> stridesOf(linalg::Conv2DNchwFchwOp conv) {
  return llvm::to_vector(conv.getStrides().getValues<int64_t>());
}

struct VectorizeContractionsPass
    : public mcg::impl::VectorizeContractionsBase<VectorizeContractionsPass> {
  using Base::Base;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (mTile < 1 || nTile < 1 || kTile < 1 || lanes < 1) {
      func.emitError("vectorize-contractions: tile sizes must be positive, "
                     "got m-tile=")
          << int64_t(mTile) << " n-tile=" << int64_t(nTile)
          << " k-tile=" << int64_t(kTile) << " lanes=" << int64_t(lanes);
      return signalPassFailure();
    }
    if (threads < 1) {
      func.emitError("vectorize-contractions: threads must be positive, got ")
          << int64_t(threads);
      return signalPassFailure();
    }
    IRRewriter rewriter(&getContext());

    // 1. Convolutions. With unit strides, tiles of f x ow x c (one output
    //    row, one filter tap) read the input rows contiguously: each tile is
    //    a small matrix product, with no im2col copy. Strided ones read
    //    their input through its phases (splitPhases) the same way, except
    //    strides above 2 whose windows do not overlap, which become im2col
    //    + a batched matrix product.
    SmallVector<linalg::Conv2DNchwFchwOp> convs;
    func.walk([&](linalg::Conv2DNchwFchwOp op) { convs.push_back(op); });
    for (linalg::Conv2DNchwFchwOp conv : convs) {
      if (!conv.hasPureTensorSemantics())
        continue;
      rewriter.setInsertionPoint(conv);
      if (succeeded(
              mcg::codegen::rewritePointwiseConvolution(rewriter, conv, lanes)))
        continue;
      ArrayRef<int64_t> filterShape =
          cast<RankedTensorType>(conv.getDpsInputs()[1].getType()).getShape();
      if (hasUnitStrides(conv) ||
          canSplitPhases(conv.getStrides(), conv.getDilations(),
                         conv.getDpsInputs()[0], filterShape.drop_front(2)))
        (void)tileConvolution(rewriter, conv);
      else
        (void)linalg::rewriteInIm2Col(rewriter, conv);
    }

    // 1a. Depthwise convolutions: rows x columns of one channel per tile,
    //     one filter tap at a time.
    SmallVector<linalg::DepthwiseConv2DNchwChwOp> depthwise;
    func.walk(
        [&](linalg::DepthwiseConv2DNchwChwOp op) { depthwise.push_back(op); });
    for (linalg::DepthwiseConv2DNchwChwOp conv : depthwise)
      (void)tileDepthwiseConvolution(rewriter, conv, mTile, nTile, lanes,
                                     threads);
    // Max and sum pooling: the same tiles with a max or add.
    SmallVector<linalg::LinalgOp> pools;
    func.walk([&](linalg::LinalgOp op) {
      if (isa<linalg::PoolingNchwMaxOp, linalg::PoolingNchwSumOp>(op))
        pools.push_back(op);
    });
    for (linalg::LinalgOp pool : pools)
      (void)tilePooling(rewriter, pool, mTile, nTile, lanes, threads);

    // 1b. Grouped convolutions: f x ow x c tiles of one group.
    SmallVector<linalg::Conv2DNgchwGfchwOp> grouped;
    func.walk([&](linalg::Conv2DNgchwGfchwOp op) { grouped.push_back(op); });
    for (linalg::Conv2DNgchwGfchwOp conv : grouped)
      (void)tileGroupedConvolution(rewriter, conv, mTile, nTile, kTile, lanes);

    // 1c. Matrix products (MatrixProducts.cpp): rows spread over several
    //     dimensions gathered into one, 2-D product generics (gemm) as
    //     linalg.matmul, and large right operands packed into panels of
    //     n-tile contiguous columns.
    SmallVector<linalg::GenericOp> products;
    func.walk([&](linalg::GenericOp op) {
      if (op.hasPureTensorSemantics() && !op->getParentOfType<scf::ForOp>() &&
          linalg::isaContractionOpInterface(op))
        products.push_back(op);
    });
    PackingOptions packing{mTile, nTile, lanes, packN, packK, packMinBytes};
    for (linalg::GenericOp op : products)
      if (failed(matrixVector(rewriter, op, packing)) &&
          failed(gatherRows(rewriter, op)))
        (void)asMatmul(rewriter, op);
    SmallVector<linalg::MatmulOp> matmuls;
    func.walk([&](linalg::MatmulOp op) { matmuls.push_back(op); });
    for (linalg::MatmulOp op : matmuls)
      (void)packMatmul(rewriter, op, packing);

    // 2. Register tiles.
    SmallVector<linalg::LinalgOp> contractions;
    func.walk([&](linalg::LinalgOp op) {
      if (op.hasPureTensorSemantics() && linalg::isaContractionOpInterface(op))
        contractions.push_back(op);
    });
    for (linalg::LinalgOp op : contractions)
      (void)tile(rewriter, op);
    if (failed(peelPartialTiles(rewriter, func, threads)))
      return signalPassFailure();

    // 3. The tiles' unit (batch) dimensions are dropped, so that a tile of
    //    a batched product (im2col) is a plain 2-D matrix product. Only
    //    the ops inside tile loops: rank-reducing a whole-tensor op (a
    //    convolution's tensor.pad) would wrap it in an insert_slice into a
    //    fresh tensor, i.e. one more copy of the padded input.
    {
      RewritePatternSet patterns(&getContext());
      linalg::ControlDropUnitDims control;
      control.rankReductionStrategy = linalg::ControlDropUnitDims::
          RankReductionStrategy::ExtractInsertSlice;
      linalg::populateFoldUnitExtentDimsPatterns(patterns, control);
      SmallVector<Operation *> inTiles;
      func.walk([&](linalg::LinalgOp op) {
        if (op->getParentOfType<scf::ForOp>())
          inTiles.push_back(op);
      });
      GreedyRewriteConfig config;
      config.setStrictness(GreedyRewriteStrictness::ExistingAndNewOps);
      if (failed(applyOpPatternsGreedily(inTiles, std::move(patterns), config)))
        return signalPassFailure();
    }

    // 4. Each tile becomes a named matmul where it is one, then a
    //    vector.contract.
    SmallVector<linalg::LinalgOp> tiles;
    func.walk([&](linalg::LinalgOp op) {
      if (op.hasPureTensorSemantics() &&
          linalg::isaContractionOpInterface(op) && isTile(op))
        tiles.push_back(op);
    });
    for (linalg::LinalgOp op : tiles)
      (void)vectorizeTile(rewriter, op);
    // The epilogue tiles of fused contractions, and their accumulators'
    // initial values: elementwise generics and fills of at most one
    // register tile inside the tile loops.
    SmallVector<linalg::LinalgOp> epilogues;
    func.walk([&](linalg::LinalgOp op) {
      if (isa<linalg::GenericOp, linalg::FillOp>(op) &&
          op.hasPureTensorSemantics() &&
          op.getNumParallelLoops() == op.getNumLoops() &&
          isa<scf::ForOp>(op->getParentOp()) && isTile(op))
        epilogues.push_back(op);
    });
    for (linalg::LinalgOp op : epilogues)
      (void)vectorizeInPlace(rewriter, op);

    // 5. Drop leading unit dimensions from the vectors and turn remaining
    //    mul + multi_reduction products into vector.contract.
    RewritePatternSet patterns(&getContext());
    vector::populateCastAwayVectorLeadingOneDimPatterns(patterns);
    vector::populateVectorReductionToContractPatterns(patterns);
    if (failed(applyPatternsGreedily(func, std::move(patterns))))
      return signalPassFailure();

    // 6. A contraction whose operands are read with broadcasts (a
    //    channels-last convolution tile's input, read as [c, ow] for an
    //    (ow, f, c) product): the broadcasts become vector.broadcast ops and
    //    then the contraction's own indexing maps, so it lowers to outer
    //    products of the operands, not of broadcast copies.
    SmallVector<Operation *> broadcastReads;
    func.walk([&](vector::ContractionOp contract) {
      size_t before = broadcastReads.size();
      for (Value operand : {contract.getLhs(), contract.getRhs()})
        if (auto read = operand.getDefiningOp<vector::TransferReadOp>();
            read && !read.getPermutationMap().isMinorIdentity())
          broadcastReads.push_back(read);
      if (broadcastReads.size() != before)
        broadcastReads.push_back(contract);
    });
    if (broadcastReads.empty())
      return;
    RewritePatternSet folding(&getContext());
    vector::populateVectorTransferPermutationMapLoweringPatterns(folding);
    vector::populateVectorReductionToContractPatterns(folding);
    GreedyRewriteConfig config;
    config.setStrictness(GreedyRewriteStrictness::ExistingAndNewOps);
    if (failed(applyOpPatternsGreedily(broadcastReads, std::move(folding),
                                       config)))
      signalPassFailure();
  }

  /// Whether a channels-last convolution of `blocks` filter blocks puts
  /// output rows outermost (one filter slice per row and step) instead of
  /// its blocks, and splits them on threads. One or two blocks (32 or 64
  /// output channels) do: one block leaves threads nothing to split; with
  /// two, each thread took one block and read the whole input, half of it
  /// from the other core. Split by rows, each thread reads the rows it
  /// needs (resnet18's four 64 -> 64 layers on 56 x 56, `mcg-run
  /// --profile`: 3.6-4.1 -> 3.0-3.2 ms on two threads, 5.1 -> 4.7-4.8 on
  /// one). Four blocks measured the same both ways. So do block counts
  /// that the threads do not divide: three blocks on two threads gave one
  /// thread twice the other's work (96 -> 96 channels on 35 x 35:
  /// 0.95-0.96 ms on one thread, 0.99 on two; split by rows 0.66-0.69 on
  /// two, but 1.05-1.09 on one, so one thread keeps the blocks). A strided
  /// input's phase split then splits its rows too.
  bool rowsOuterFor(int64_t blocks) {
    return blocks <= 2 || (threads > 1 && blocks % threads != 0);
  }

  /// Whether `conv`'s input has more elements than its filter: strided,
  /// such a convolution splits output rows on threads.
  static bool inputOutweighsFilter(linalg::Conv2DNchwFchwOp conv) {
    return cast<ShapedType>(conv.getDpsInputs()[0].getType()).getNumElements() >
           cast<ShapedType>(conv.getDpsInputs()[1].getType()).getNumElements();
  }

  /// The convolution's input map over the phases of `strides`, for loops
  /// (n, f, oh, ow, c, kh, kw).
  AffineMap phaseInputMap(unsigned numDims, ArrayRef<int64_t> strides) {
    MLIRContext *ctx = &getContext();
    AffineExpr n, f, oh, ow, c, kh, kw;
    bindDims(ctx, n, f, oh, ow, c, kh, kw);
    return AffineMap::get(numDims, 0, phaseRead(n, c, oh, ow, kh, kw, strides),
                          ctx);
  }

  /// Tiles an NCHW convolution (loops n, f, oh, ow, c, kh, kw) of unit
  /// stride, or strided and read through the input's phases, to
  /// 1 x m x 1 x n x k x 1 x 1 and generalizes the tile, whose unit
  /// dimensions step 3 then drops.
  LogicalResult tileConvolution(IRRewriter &rewriter,
                                linalg::Conv2DNchwFchwOp conv) {
    SmallVector<int64_t> bounds = conv.getStaticLoopRanges();
    if (bounds.size() != 7 || llvm::any_of(bounds, ShapedType::isDynamic))
      return failure();
    // When output columns leave more than a tenth of the lanes of their
    // vectors empty (a 56-wide map takes tiles of 14 columns on 16 lanes, a
    // 7-wide one 7, a 35-wide one 32 + 3) and the output channels fill
    // them, put the channels there instead (computeChannelsOnLanes): a 64
    // -> 64 channel 3x3 convolution on 56 x 56 2.55-2.77 -> 2.43-2.48 ms,
    // 7 x 7 maps of 512 channels 6.0 -> 2.5 ms, resnet18 41.2-41.9 -> 38.8
    // ms; 96 channels on 35 x 35 2.22 -> 1.81 ms, 80 -> 192 on 71 x 71
    // (5 vectors a row, 89%) 13.8 -> 12.7 ms once its transposes were
    // vectorized. Full rows stay: 64 x 64 2.68-2.69 against 2.71 ms, 32 ->
    // 64 on 112 x 112 4.15-4.17 against 4.29-4.33.
    int64_t columns = columnsWithRemainder(bounds[3], nTile, lanes);
    // Rows of whole vectors that the full tile does not divide (112 = 3 x
    // 32 + 16) take full tiles and one of the remaining vectors, not tiles
    // of one vector: twice the accumulators per broadcast filter value. A
    // 64 -> 128 channel 3x3 layer on 112 x 112: 14.3 -> 10.1 ms; vgg11
    // 97.5 -> 92.4 ms. (A remainder of part of a vector, 55 = 32 + 23, is
    // slower than tiles of 11: columnsWithRemainder keeps those.)
    columns = fullTilesFirst(bounds[3], columns, nTile, lanes);
    int64_t vectors = bounds[3] / columns * llvm::divideCeil(columns, lanes) +
                      llvm::divideCeil(bounds[3] % columns, lanes);
    if (bounds[1] % lanes == 0 && 10 * bounds[3] < 9 * vectors * lanes)
      return computeChannelsOnLanes(rewriter, conv, bounds);
    // The filter is read as KH x KW x F x C: each tap's f x c block is then
    // contiguous rows (as OIHW, a block would be gathered with stride
    // KH*KW). The transposed copy is made once per call, or at compile time
    // (fold-constant-transposes).
    Location loc = conv.getLoc();
    Value filter =
        transposed(rewriter, loc, conv.getDpsInputs()[1], {2, 3, 0, 1});
    bool strided = !hasUnitStrides(conv);
    SmallVector<int64_t> strides = stridesOf(conv);
    // On threads, a strided convolution whose input outweighs its filter
    // splits its output rows, and its phase split the rows too: each
    // thread reads about half of the input, the phase rows it wrote itself.
    // Split by filters, every thread read the whole input, which both had
    // written (mnasnet's 3 -> 32 channel 3x3 / 2 stem on 224 x 224: 0.13-0.15
    // ms on one thread, 0.20 on two).
    bool rowsOuter = strided && threads > 1 && inputOutweighsFilter(conv);
    FailureOr<linalg::GenericOp> generic =
        linalg::generalizeNamedOp(rewriter, conv);
    if (failed(generic))
      return failure();
    SmallVector<AffineMap> maps = generic->getIndexingMapsArray();
    AffineMap w = maps[1];
    maps[1] = AffineMap::get(
        w.getNumDims(), 0,
        {w.getResult(2), w.getResult(3), w.getResult(0), w.getResult(1)},
        &getContext());
    generic->getDpsInputOperand(1)->set(filter);
    Value input = generic->getDpsInputs()[0];
    // Strided: read the input through its phases, so every tap reads
    // contiguous rows again.
    if (strided) {
      rewriter.setInsertionPoint(*generic);
      maps[0] = phaseInputMap(maps[0].getNumDims(), strides);
      generic->getDpsInputOperand(0)->set(
          splitPhases(rewriter, loc, input, strides, lanes, rowsOuter));
    }
    generic->setIndexingMapsAttr(rewriter.getAffineMapArrayAttr(maps));

    SmallVector<int64_t> tiles = {1,       divisorAtMost(bounds[1], mTile), 1,
                                  columns, divisorAtMost(bounds[4], kTile), 1,
                                  1};
    SmallVector<int64_t> interchange;
    if (rowsOuter)
      interchange = {2, 0, 1, 3, 4, 5, 6};
    if (linalg::GenericOp epilogue = elementwiseEpilogue(*generic))
      return fuseIntoEpilogue(
          rewriter, *generic, epilogue, ArrayRef(tiles).take_front(4),
          {0, 0, 0, 0, tiles[4], 1, 1}, ArrayRef(interchange).take_front(4));
    return success(tileInPlace(rewriter, *generic, tiles, interchange) !=
                   nullptr);
  }

  /// A convolution whose output columns do not fill the vector lanes, with
  /// a multiple of the lanes as output channels, computed channels-last
  /// with channels in blocks of nf (the tile's columns):
  /// T[n, oh, ow, fo, fi] += X[n, c, oh + kh, ow + kw] *
  /// Wb[fo, kh, kw, c, fi], where T is the output as N x OH x OW x F/nf x nf
  /// and Wb the filter in blocks of nf output channels (each block one
  /// contiguous run: an expand_shape and a transpose, done at compile time
  /// for constant weights). Tiles of m-tile output columns x nf channels x
  /// k-tile input channels for one output row and one tap, so each register
  /// row holds nf channels of one output column; the loops run block by
  /// block (fo outermost), and in each block over steps of input channels
  /// whose filter slice fits half of L1 (kFilterSliceBytes), so the slice
  /// stays in L1 for every output row and column. T starts as the
  /// transposed initial value (bias), computed block by block inside the
  /// parallel loops (blockedStart), and is transposed back to NCHW at the
  /// end. Strided inputs (those canSplitPhases accepts: the caller sends
  /// the others to im2col) are read through their phases as above.
  LogicalResult computeChannelsOnLanes(IRRewriter &rewriter,
                                       linalg::Conv2DNchwFchwOp conv,
                                       ArrayRef<int64_t> bounds) {
    bool strided = !hasUnitStrides(conv);
    MLIRContext *ctx = &getContext();
    Location loc = conv.getLoc();
    int64_t batch = bounds[0], channels = bounds[1], rows = bounds[2],
            cols = bounds[3], inChannels = bounds[4], kernelH = bounds[5],
            kernelW = bounds[6];
    int64_t block = columnsAtMost(channels, nTile, lanes);
    int64_t blocks = channels / block;
    Value input = conv.getDpsInputs()[0];
    Value init = conv.getDpsInits()[0];
    auto initType = cast<RankedTensorType>(init.getType());
    Type element = initType.getElementType();

    // Wb[fo, kh, kw, c, fi] = W[fo * nf + fi, c, kh, kw].
    Value filter = conv.getDpsInputs()[1];
    Value filter5 = tensor::ExpandShapeOp::create(
        rewriter, loc,
        RankedTensorType::get({blocks, block, inChannels, kernelH, kernelW},
                              element),
        filter, SmallVector<ReassociationIndices>{{0, 1}, {2}, {3}, {4}});
    Value blocked = transposed(rewriter, loc, filter5, {0, 3, 4, 2, 1});
    // T = the initial value as N x OH x OW x F, viewed with F in blocks.
    Value last = transposed(rewriter, loc, init, {0, 2, 3, 1});
    Type lastType = last.getType();
    SmallVector<ReassociationIndices> split = {{0}, {1}, {2}, {3, 4}};
    auto blockedType =
        RankedTensorType::get({batch, rows, cols, blocks, block}, element);
    Value lastBlocked =
        tensor::ExpandShapeOp::create(rewriter, loc, blockedType, last, split);

    // Loops (n, oh, ow, fo, fi, c, kh, kw): a tile's dimensions are then
    // (ow, fi, c), and its vectors ow rows of fi lanes.
    AffineExpr n, oh, ow, fo, fi, c, kh, kw;
    bindDims(ctx, n, oh, ow, fo, fi, c, kh, kw);
    int64_t sh = conv.getStrides().getValues<int64_t>()[0];
    int64_t sw = conv.getStrides().getValues<int64_t>()[1];
    int64_t dh = conv.getDilations().getValues<int64_t>()[0];
    int64_t dw = conv.getDilations().getValues<int64_t>()[1];
    AffineMap inputMap =
        AffineMap::get(8, 0, {n, c, oh * sh + kh * dh, ow * sw + kw * dw}, ctx);
    // A strided input that outweighs its filter splits rows on threads,
    // as in tileConvolution: its phases are then split by rows too, and
    // each thread reads the phase rows it wrote.
    bool rowsOuter = rowsOuterFor(blocks) ||
                     (strided && threads > 1 && inputOutweighsFilter(conv));
    bool rowsOnThreads = rowsOuter && threads > 1;
    // Rows on threads: the padded copy of a unit-stride input is written
    // row by row too (splitPhases with unit strides), so that each thread
    // reads the rows it wrote. Left to tensor.pad, the copy split channels,
    // and each thread's rows were half written by the other core. Alone on
    // two threads (`mcg-run --repeat 1000`, three alternating rounds):
    // densenet's 128 -> 32 layers on 56 x 56 0.88-0.97 -> 0.72-0.82 ms, on
    // 28 x 28 0.23-0.26 -> 0.19-0.23 ms, inception's 64 -> 96 on 35 x 35
    // 0.50-0.52 -> 0.46-0.49 ms; on 14 x 14 no change, and on 7 x 7 rows
    // shorter than a vector made it slower (0.025-0.027 -> 0.029-0.031 ms),
    // so those keep the channel split.
    bool rowsCopy = !strided && rowsOnThreads && dh == 1 && dw == 1 &&
                    cols >= lanes &&
                    cast<ShapedType>(input.getType()).hasStaticShape();
    if (strided || rowsCopy) {
      inputMap =
          AffineMap::get(8, 0, phaseRead(n, c, oh, ow, kh, kw, {sh, sw}), ctx);
      input = splitPhases(rewriter, loc, input, {sh, sw}, lanes, rowsOnThreads);
    }
    SmallVector<AffineMap> maps = {
        inputMap, AffineMap::get(8, 0, {fo, kh, kw, c, fi}, ctx),
        AffineMap::get(8, 0, {n, oh, ow, fo, fi}, ctx)};
    SmallVector<utils::IteratorType> kinds(5, utils::IteratorType::parallel);
    kinds.append(3, utils::IteratorType::reduction);
    linalg::GenericOp product = multiplyAccumulate(
        rewriter, loc, {input, blocked}, lastBlocked, maps, kinds);
    Operation *start = blockedStart(rewriter, product);
    // Two levels. Outer loops: filter block fo, then input channels in
    // steps of cBlock, so that the filter's slice (KH x KW x cBlock x nf)
    // stays in L1 while every output row and column passes over it; the
    // accumulators are reloaded once per step. With c inside the register
    // tiles' loops, each tile of 7 columns streamed the whole block (590 KB
    // for 512 channels) from L2.
    int64_t elementBytes = element.getIntOrFloatBitWidth() / 8;
    int64_t kStep = divisorAtMost(inChannels, kTile);
    int64_t steps =
        std::max<int64_t>(1, kFilterSliceBytes / (kernelH * kernelW * block *
                                                  elementBytes * kStep));
    int64_t cBlock = kStep * divisorAtMost(inChannels / kStep, steps);
    // The parallel loops (rows or not, then blocks), with the accumulator's
    // initial value computed on each block's slice inside them: each
    // thread fills the slice it accumulates into, right before it does
    // (filled in a pass of its own, split by rows, half of each thread's
    // slice came from the other core, and a 56 x 56 x 192 accumulator
    // (2.4 MB) went through memory once more).
    scf::SCFTileAndFuseOptions outerOptions;
    outerOptions.tilingOptions.setTileSizes(getAsIndexOpFoldResult(
        ctx, ArrayRef<int64_t>{0, rowsOuter ? 1 : 0, 0, 1, 0, 0, 0, 0}));
    outerOptions.tilingOptions.setInterchange({1, 3, 5, 0, 2, 4, 6, 7});
    outerOptions.setFusionControlFn(fuseOnly({start}));
    FailureOr<scf::SCFTileAndFuseResult> outer =
        scf::tileConsumerAndFuseProducersUsingSCF(
            rewriter, cast<TilingInterface>(product.getOperation()),
            outerOptions);
    if (failed(outer))
      return failure();
    linalg::LinalgOp blockProduct;
    for (Operation *op : outer->tiledAndFusedOps) {
      auto l = dyn_cast<linalg::LinalgOp>(op);
      if (l && l.getNumReductionLoops() > 0)
        blockProduct = l;
      else if (l)
        vectorizeRows(rewriter, l);
    }
    SmallVector<int64_t> outerBounds = {blocks}, outerSteps = {1};
    if (rowsOuter) {
      outerBounds.insert(outerBounds.begin(), rows);
      outerSteps.insert(outerSteps.begin(), 1);
    }
    markParallel(outer->loops, outerBounds, outerSteps,
                 SmallVector<utils::IteratorType>(
                     outerBounds.size(), utils::IteratorType::parallel));
    Value result = outer->replacements.lookup(product->getResult(0));
    rewriter.replaceAllUsesWith(product->getResult(0), result);
    rewriter.eraseOp(product);
    if (start && start->use_empty())
      rewriter.eraseOp(start);
    if (!blockProduct)
      return failure();
    // Inside: input channels in steps of cBlock, then register tiles of
    // m-tile output columns x nf channels x k-tile input channels, for one
    // output row and one tap. Blocks narrower than the tile's columns (16
    // channels: 208 = 13 x 16) take as many more output columns, so that
    // the tile keeps its accumulators (seven, for rows of 14, left the
    // multiply-adds waiting on their latency).
    int64_t tileRows =
        convolutionColumns(cols, mTile * std::max<int64_t>(1, nTile / block));
    FailureOr<scf::SCFTilingResult> stepped = tileAndReplace(
        rewriter, blockProduct.getOperation(), {0, 0, 0, 0, 0, cBlock, 0, 0});
    if (failed(stepped) ||
        failed(tileAndReplace(rewriter, stepped->tiledOps.front(),
                              {1, 1, tileRows, 1, block, kStep, 1, 1})))
      return failure();
    rewriter.setInsertionPointAfter(outer->loops.front());
    Value flat =
        tensor::CollapseShapeOp::create(rewriter, loc, lastType, result, split);
    Value back = transposed(rewriter, loc, flat, {0, 3, 1, 2});
    // Rows on threads: so is the transpose back to NCHW (split by channel
    // blocks, each thread read half of its rows from the other core).
    if (auto transpose = back.getDefiningOp<linalg::TransposeOp>();
        transpose && rowsOnThreads)
      transpose->setAttr(kSplitLoopAttrName, rewriter.getI64IntegerAttr(2));
    rewriter.replaceOp(conv, back);
    // An initial value that transposed() computed channels-last instead
    // (the bias broadcast) is left unused: drop it rather than vectorize it.
    if (Operation *old = init.getDefiningOp(); old && isOpTriviallyDead(old))
      rewriter.eraseOp(old);
    return success();
  }

  /// The initial value of `product`'s accumulator (an expand_shape of the
  /// channels-last initial value into filter blocks) computed in the
  /// blocked shape itself, so that it can be computed block by block: a
  /// fill on the blocked shape, or the elementwise generic (the bias
  /// broadcast) with its iteration space expanded. That op if it has no
  /// other use, or null.
  Operation *blockedStart(IRRewriter &rewriter, linalg::GenericOp product) {
    refillAccumulator(rewriter, product);
    auto expand =
        product.getDpsInits()[0].getDefiningOp<tensor::ExpandShapeOp>();
    if (expand) {
      RewritePatternSet patterns(&getContext());
      linalg::populateFoldReshapeOpsByExpansionPatterns(
          patterns, [&](OpOperand *operand) {
            return operand->getOwner() == expand.getOperation();
          });
      GreedyRewriteConfig config;
      config.setStrictness(GreedyRewriteStrictness::ExistingOps);
      (void)applyOpPatternsGreedily({expand.getOperation()},
                                    std::move(patterns), config);
    }
    Operation *start = product.getDpsInits()[0].getDefiningOp();
    // The expansion leaves the old shape's value as a collapse_shape of
    // the new op, unused here.
    if (start)
      for (Operation *user : llvm::make_early_inc_range(start->getUsers()))
        if (isa<tensor::CollapseShapeOp>(user) && isOpTriviallyDead(user))
          rewriter.eraseOp(user);
    auto op = dyn_cast_or_null<linalg::LinalgOp>(start);
    if (!op || !isa<linalg::GenericOp, linalg::FillOp>(start) ||
        !start->hasOneUse() || op.getNumParallelLoops() != op.getNumLoops())
      return nullptr;
    return start;
  }

  /// Vectorizes `op` (an accumulator's initial value inside a parallel
  /// tile loop) as rows of its innermost dimension, in tile loops not
  /// marked for threads.
  void vectorizeRows(IRRewriter &rewriter, linalg::LinalgOp op) {
    SmallVector<int64_t> bounds = op.getStaticLoopRanges();
    if (bounds.empty() || llvm::any_of(bounds, ShapedType::isDynamic))
      return;
    SmallVector<int64_t> tiles(bounds.size(), 1);
    tiles.back() = 0;
    FailureOr<scf::SCFTilingResult> tiled =
        tileAndReplace(rewriter, op.getOperation(), tiles);
    if (succeeded(tiled))
      (void)vectorizeInPlace(rewriter, tiled->tiledOps.front());
  }

  /// Whether every loop of `op` is within a register tile (of at most
  /// m-tile + 1 rows: convolutionColumns).
  bool isTile(linalg::LinalgOp op) {
    SmallVector<int64_t> bounds = op.getStaticLoopRanges();
    int64_t volume = 1;
    for (int64_t b : bounds) {
      if (ShapedType::isDynamic(b))
        return false;
      volume *= b;
    }
    return volume <= (mTile + 1) * nTile * kTile;
  }

  LogicalResult vectorizeTile(IRRewriter &rewriter, linalg::LinalgOp op) {
    Operation *target = op;
    if (auto generic = dyn_cast<linalg::GenericOp>(op.getOperation()))
      if (FailureOr<linalg::MatmulOp> matmul = asMatmul(rewriter, generic);
          succeeded(matmul))
        target = *matmul;
    rewriter.setInsertionPoint(target);
    // A plain matmul goes straight to vector.contract; anything else (a
    // transposed operand) through mul + multi_reduction, which step 5 turns
    // into a vector.contract with the right maps. (Vectorizing a matmul with
    // user-defined maps straight to vector.contract loses the transposition
    // in MLIR 22.)
    auto matmul = dyn_cast<linalg::MatmulOp>(target);
    bool named = matmul && !matmul.hasUserDefinedMaps();
    FailureOr<linalg::VectorizationResult> vectorized = linalg::vectorize(
        rewriter, target, /*inputVectorSizes=*/{}, /*inputScalableVecDims=*/{},
        /*vectorizeNDExtract=*/false, /*flatten1DDepthwiseConv=*/false,
        /*assumeDynamicDimsMatchVecSizes=*/false,
        /*createNamedContraction=*/named);
    if (failed(vectorized))
      return failure();
    rewriter.replaceOp(target, vectorized->replacements);
    return success();
  }

  LogicalResult tile(IRRewriter &rewriter, linalg::LinalgOp op) {
    FailureOr<linalg::ContractionDimensions> dims =
        linalg::inferContractionDims(op);
    if (failed(dims) || dims->m.empty() || dims->n.empty() ||
        dims->k.size() != 1)
      return failure();
    SmallVector<int64_t> bounds = op.getStaticLoopRanges();
    if (llvm::any_of(bounds, ShapedType::isDynamic))
      return failure();
    // The innermost n dimension must be the innermost loop of the result
    // (contiguous lanes).
    unsigned nDim = dims->n.back(), mDim = dims->m.back();
    // Rows along the innermost m dimension that has more than one (a
    // 197 x 1 x 768 operand has its rows in the outer one).
    for (unsigned d : llvm::reverse(dims->m))
      if (bounds[d] > 1) {
        mDim = d;
        break;
      }
    AffineMap out = op.getIndexingMapMatchingResult(op->getResult(0));
    if (out.getNumResults() == 0 ||
        out.getResults().back() != rewriter.getAffineDimExpr(nDim))
      return failure();
    SmallVector<int64_t> tiles(bounds.size(), 1);
    // Whole vectors in full tiles first, as for convolution rows: a 1x1
    // convolution on 28 x 28 (784 positions, 49 tiles of 16, eight
    // accumulators each, a broadcast load per multiply-add) took 0.74-0.77
    // ms for 128 -> 512 channels, in 24 tiles of 32 and one of 16 0.53
    // (`mcg-run --fold-constants --fuse --repeat 300`, alternating).
    tiles[nDim] = fullTilesFirst(
        bounds[nDim], productColumns(bounds[nDim], nTile, lanes), nTile, lanes);
    tiles[mDim] = rowsAtMost(bounds[mDim], mTile);
    tiles[dims->k.front()] = divisorAtMost(bounds[dims->k.front()], kTile);
    for (unsigned d : dims->m)
      if (d != mDim)
        tiles[d] = 1;
    for (unsigned d : dims->n)
      if (d != nDim)
        tiles[d] = 1;
    // A fused group's epilogue runs on each register tile.
    if (linalg::GenericOp epilogue = elementwiseEpilogue(op)) {
      SmallVector<int64_t> epilogueTiles, reductionTiles(tiles);
      for (AffineExpr e : out.getResults())
        epilogueTiles.push_back(tiles[cast<AffineDimExpr>(e).getPosition()]);
      for (auto [t, kind] :
           llvm::zip(reductionTiles, op.getIteratorTypesArray()))
        if (kind == utils::IteratorType::parallel)
          t = 0;
      // A packed product: panels outermost, so that each panel stays in
      // cache while every row tile passes over it.
      SmallVector<int64_t> interchange;
      if (op->hasAttr(kPanelsOuter) && dims->n.size() == 2) {
        for (auto [i, e] : llvm::enumerate(out.getResults()))
          if (cast<AffineDimExpr>(e).getPosition() == dims->n.front())
            interchange.push_back(i);
        for (auto [i, e] : llvm::enumerate(out.getResults()))
          if (cast<AffineDimExpr>(e).getPosition() != dims->n.front())
            interchange.push_back(i);
      }
      // A 1x1 convolution with positions outermost: every loop of the
      // result before the rows' (output channels').
      if (op->hasAttr(kPositionsOuter) && interchange.empty()) {
        for (auto [i, e] : llvm::enumerate(out.getResults()))
          if (cast<AffineDimExpr>(e).getPosition() != mDim)
            interchange.push_back(i);
        for (auto [i, e] : llvm::enumerate(out.getResults()))
          if (cast<AffineDimExpr>(e).getPosition() == mDim)
            interchange.push_back(i);
      }
      if (out.isProjectedPermutation())
        return fuseIntoEpilogue(rewriter, op, epilogue, epilogueTiles,
                                reductionTiles, interchange);
    }
    return success(tileInPlace(rewriter, op, tiles) != nullptr);
  }
};

} // namespace
