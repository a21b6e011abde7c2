//===- ContractionStrategies.h - kernel families of vectorize-contractions ===//
//
// The rewrites vectorize-contractions applies per kernel family before it
// gives contractions register tiles, one file each, and the tiling they
// share (ContractionTiling.cpp). Private to lib/Codegen.
//
//===----------------------------------------------------------------------===//

#ifndef MCG_LIB_CODEGEN_CONTRACTIONSTRATEGIES_H
#define MCG_LIB_CODEGEN_CONTRACTIONSTRATEGIES_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/LoopLikeInterface.h"

namespace mcg::codegen {

/// The largest divisor of `size` that is at most `limit`.
int64_t divisorAtMost(int64_t size, int64_t limit);

/// The columns of a register tile along a dimension of `size`: a divisor
/// of `size` of at most `limit`, preferably a multiple of the vector's
/// `lanes` or at most one vector (a tile straddling registers counts a
/// third of its width).
int64_t columnsAtMost(int64_t size, int64_t limit, int64_t lanes);

/// The rows of a register tile along a dimension of `size`: `size` itself
/// when it is at most `limit`, else a divisor of `size` of at least
/// `limit` - 1, else `limit`: the last tile is then partial and
/// peelPartialTiles gives it loops of its own (197 rows: 24 tiles of 8
/// and one of 5, not 197 tiles of 1).
int64_t rowsAtMost(int64_t size, int64_t limit);

/// The output columns of a channels-last convolution's register tile (its
/// rows of accumulators) along an output row of `size`: those of
/// rowsAtMost, or `limit` + 1 when rowsAtMost would leave a last tile of
/// less than a quarter of `limit` and `limit` + 1 does not. One column
/// of accumulators makes a chain of dependent multiply-adds: rows of 17
/// (inception_v3's 17 x 17 layers) took tiles of 8, 8 and 1, and ran at
/// the 8 + 8 + 1 column tiles' pace plus half a tile; 9 + 8 keep every
/// accumulator independent (limit + 1 rows of accumulators still leave
/// registers for the operands: 18 + 3 of 32 for 9 x 32 channels).
int64_t convolutionColumns(int64_t size, int64_t limit);

/// The columns of a register tile along a dimension of `size`: those of
/// columnsAtMost when they fill at least half a vector or `size` is at most
/// `limit`, else `limit` with a partial last tile (197 columns on 16 lanes:
/// 6 tiles of 32 and one of 5, not 197 tiles of 1).
int64_t columnsWithRemainder(int64_t size, int64_t limit, int64_t lanes);

/// The columns of a matrix product's register tile along its column
/// dimension of `size`: those of columnsWithRemainder, or `limit` with a
/// partial last tile when that takes fewer vector registers per row of
/// tiles (196 columns: 6 tiles of 32 and one of 4, 13 vectors, not 14
/// tiles of 14; 169: 11 vectors, not 13 tiles of 13). The product's rows
/// are contiguous, so its partial tile is one short tile per row; a
/// convolution's output row of 55 or 147 columns ran 10-40% slower so
/// split (32 + 23, 4 x 32 + 19) than in tiles of 11 or 21, and keeps
/// columnsWithRemainder.
int64_t productColumns(int64_t size, int64_t limit, int64_t lanes);

/// The columns of a register tile of multiply-adds: `columns`, or `limit`
/// when `size` is whole vectors that full tiles of `limit` do not divide
/// (112 = 3 x 32 + 16, 784 = 24 x 32 + 16): full tiles and one tile of
/// the remaining vectors, not tiles of one vector, give each broadcast
/// operand twice the accumulators.
int64_t fullTilesFirst(int64_t size, int64_t columns, int64_t limit,
                       int64_t lanes);

/// Peels the partial last iteration off every `scf.for` under `root` whose
/// static step does not divide its static trip range (tiles of rowsAtMost
/// or columnsWithRemainder), then folds the peeled loops' tile sizes to
/// constants, so that every tile, partial ones included, has a static
/// shape and vectorizes without masks. With `threads` > 1, a loop marked
/// to run on threads whose whole tiles the threads do not divide keeps its
/// partial tile as its last iteration (an scf.if between the two tiles'
/// bodies), so that the threads share it.
mlir::LogicalResult peelPartialTiles(mlir::RewriterBase &rewriter,
                                     mlir::Operation *root,
                                     int64_t threads = 1);

/// Whether a strided window op (strides sh x sw, a KH x KW `window`) can
/// read its input through sh x sw phases (splitPhases, StridedPhases.cpp):
/// no dilation, a static padded input, and each stride 2 or below, or
/// smaller than the window (larger strides of windows that do not overlap
/// are left to im2col).
bool canSplitPhases(mlir::DenseIntElementsAttr strides,
                    mlir::DenseIntElementsAttr dilations, mlir::Value input,
                    llvm::ArrayRef<int64_t> window);

/// Q[n, c, a, b, i, j] = P[n, c, sh i + a, sw j + b]: the sh x sw phases
/// of the (padded) NCHW input P, one copy of it (a P whose size is not a
/// multiple of the strides gets more rows or columns of padding, which no
/// window reads), each row of P read in chunks of sw vectors of `lanes`
/// and split by column modulo sw. When P is a tensor.pad of X by a
/// constant, X is read and the padding written around it
/// (StridedPhases.cpp). The channel loop is the one marked for threads, or
/// with `rowsOnThreads` the row loop (for a kernel that splits its output
/// rows: each thread then writes the phase rows it reads).
mlir::Value splitPhases(mlir::OpBuilder &builder, mlir::Location loc,
                        mlir::Value input, llvm::ArrayRef<int64_t> strides,
                        int64_t lanes, bool rowsOnThreads = false);

/// What a window op reads: the unpadded input X, the padding before its
/// rows and columns, and the value around it.
struct PaddedInput {
  mlir::Value source;
  int64_t top = 0, left = 0;
  mlir::Value value;
};

/// `input` as X padded by a constant, looking through a tensor.pad of its
/// rows and columns only; else `input` padded by nothing (a zero `value`
/// made at the builder's insertion point).
PaddedInput asPadded(mlir::OpBuilder &builder, mlir::Location loc,
                     mlir::Value input);

/// The elements of the vector `row` by their position modulo `s`: piece t
/// holds row[t], row[t + s], ... (vector.deinterleave for even `s`,
/// vector.shuffle for odd ones).
llvm::SmallVector<mlir::Value> byRemainder(mlir::OpBuilder &builder,
                                           mlir::Location loc, mlir::Value row,
                                           int64_t s);

/// The input read of a strided window op through its phases:
/// Q[n, c, kh mod sh, kw mod sw, oh + kh floordiv sh, ow + kw floordiv sw],
/// unit stride in ow.
llvm::SmallVector<mlir::AffineExpr>
phaseRead(mlir::AffineExpr n, mlir::AffineExpr c, mlir::AffineExpr oh,
          mlir::AffineExpr ow, mlir::AffineExpr kh, mlir::AffineExpr kw,
          llvm::ArrayRef<int64_t> strides);

/// Tiles `epilogue` with `tiles` (one per epilogue loop, i.e. per
/// dimension of the contraction's result) and computes each contraction
/// tile, from its slice of the accumulator's initial value, inside that
/// loop nest, its reduction loops tiled with `reductionTiles` (0 for the
/// contraction's parallel loops) innermost: the epilogue runs on the tile
/// while it is in registers instead of as a second pass over the output.
/// `interchange`, if not empty, orders the tile loops (as
/// scf::SCFTilingOptions::setInterchange).
mlir::LogicalResult fuseIntoEpilogue(mlir::RewriterBase &rewriter,
                                     mlir::linalg::LinalgOp contraction,
                                     mlir::linalg::GenericOp epilogue,
                                     llvm::ArrayRef<int64_t> tiles,
                                     llvm::ArrayRef<int64_t> reductionTiles,
                                     llvm::ArrayRef<int64_t> interchange = {});

/// A fusion control function for tileConsumerAndFuseProducersUsingSCF
/// that fuses exactly `producers` (null ones ignored) into the tile loops.
mlir::scf::SCFTileAndFuseOptions::ControlFnTy
fuseOnly(llvm::ArrayRef<mlir::Operation *> producers);

/// Tiles `op` with `tiles` (scf::tileUsingSCF, one size per loop, 0 for
/// none; the loops in the order of `interchange` when given) and replaces
/// it by the loop nest, marking nothing for threads.
mlir::FailureOr<mlir::scf::SCFTilingResult>
tileAndReplace(mlir::RewriterBase &rewriter, mlir::Operation *op,
               llvm::ArrayRef<int64_t> tiles,
               llvm::ArrayRef<int64_t> interchange = {});

/// Tiles `op` (static loop bounds) with `tiles`, one size per loop (the
/// loops in the order of `interchange` when given), marks the outermost
/// parallel tile loop for threads (markParallel) and replaces `op` by the
/// loop nest. Returns the tile op (inside the loops), or null if tiling
/// failed (nothing changed then).
mlir::Operation *tileInPlace(mlir::RewriterBase &rewriter,
                             mlir::linalg::LinalgOp op,
                             llvm::ArrayRef<int64_t> tiles,
                             llvm::ArrayRef<int64_t> interchange = {});

/// tileInPlace for an op whose accumulator starts as a linalg.fill used
/// by nothing else: the fill is computed on each tile, which then starts
/// from its own few registers instead of reading a buffer that a separate
/// pass over the whole result filled. Reduction loops are tiled inside the
/// fused tile (the fill must not be repeated per reduction step). Returns
/// the innermost tile op, or null if tiling failed.
mlir::Operation *tileWithFill(mlir::RewriterBase &rewriter,
                              mlir::linalg::LinalgOp op,
                              llvm::ArrayRef<int64_t> tiles);

/// `op` with its trailing loops, from loop `from` on, flattened into one,
/// as many as every indexing map reads as one contiguous run (a bias read
/// as (d1) of (d0, d1, d2, d3) allows d2 and d3), or `op` itself. The
/// flattened loops must be of one kind (all parallel, or all reductions).
mlir::linalg::GenericOp flattenTrailingLoops(mlir::RewriterBase &rewriter,
                                             mlir::linalg::GenericOp op,
                                             int64_t from);

/// peelPartialTiles on `loop` (a tile loop nest's outermost loop): every
/// linalg op of the nest afterwards, the peeled partial tiles' included
/// (found between the loop's former neighbours: a loop of one iteration,
/// `loop` itself too, may be folded away).
mlir::FailureOr<llvm::SmallVector<mlir::Operation *>>
peelTiles(mlir::RewriterBase &rewriter, mlir::Operation *loop);

/// Vectorizes the linalg op `op` (static loop bounds) in place (linalg::
/// vectorize); false, changing nothing, if it cannot be.
bool vectorizeInPlace(mlir::RewriterBase &rewriter, mlir::Operation *op);

/// tileInPlace, then peelTiles on the tile loops: every tile op made (the
/// full tiles' and the partial ones'), none if tiling failed (nothing
/// changed then).
mlir::FailureOr<llvm::SmallVector<mlir::Operation *>>
tileAndPeel(mlir::RewriterBase &rewriter, mlir::linalg::LinalgOp op,
            llvm::ArrayRef<int64_t> tiles,
            llvm::ArrayRef<int64_t> interchange = {});

/// On a transpose (linalg.transpose, or the generic it becomes): the loop
/// of its result to split on threads, where the op that produced its
/// input split that loop (a channels-last convolution whose rows are on
/// threads, transposed back to NCHW).
constexpr llvm::StringLiteral kSplitLoopAttrName = "mcg.split_loop";

/// Marks the outermost tile loop over a parallel dimension that has more
/// than one tile with `mcg.parallel` (see parallelize-tiles).
void markParallel(llvm::ArrayRef<mlir::LoopLikeOpInterface> loops,
                  llvm::ArrayRef<int64_t> bounds, llvm::ArrayRef<int64_t> tiles,
                  llvm::ArrayRef<mlir::utils::IteratorType> kinds);

/// The elementwise generic that is the only reader of the contraction's
/// result (a fused group's epilogue: bias, activation, residual add),
/// reading it at the same indices, or null.
mlir::linalg::GenericOp elementwiseEpilogue(mlir::linalg::LinalgOp contraction);

/// out += ins[0] * ins[1] over the loops `kinds`, as a linalg.generic.
mlir::linalg::GenericOp
multiplyAccumulate(mlir::OpBuilder &builder, mlir::Location loc,
                   mlir::ValueRange ins, mlir::Value out,
                   llvm::ArrayRef<mlir::AffineMap> maps,
                   llvm::ArrayRef<mlir::utils::IteratorType> kinds);

/// Whether `value` is, through reshapes and transposes, an argument of
/// its kernel to which every call passes a constant (fold-constant-transposes
/// lays it out at compile time).
bool isConstantArgument(mlir::Value value);

/// `value` with its dimensions permuted (result dimension i is dimension
/// perm[i]), into a new tensor (linalg.transpose); or, when `value` is an
/// elementwise generic's result used only here, that generic computed in
/// the permuted order (the old one is left unused).
mlir::Value transposed(mlir::OpBuilder &builder, mlir::Location loc,
                       mlir::Value value, llvm::ArrayRef<int64_t> perm);

/// When `op`'s accumulator is a reshape (collapse_shape or expand_shape) of
/// a linalg.fill used only there, fills a tensor of the accumulator's type
/// instead, so that tiling still fuses the fill into each tile.
void refillAccumulator(mlir::RewriterBase &rewriter, mlir::linalg::LinalgOp op);

/// Collapses the loops of `epilogue` (an elementwise generic over the
/// result of `expand`) by `groups`, the grouping `expand` undoes, so that
/// it reads `expand`'s source directly and stays that contraction's only
/// reader, fused into its tiles. Changes nothing if some operand of the
/// epilogue does not read the grouped dimensions as one contiguous run.
void collapseEpilogue(mlir::RewriterBase &rewriter,
                      mlir::linalg::GenericOp epilogue,
                      mlir::tensor::ExpandShapeOp expand,
                      llvm::ArrayRef<mlir::ReassociationIndices> groups);

/// Rewrites a 2-D contraction generic whose operands are, in either order,
/// A(m, k) and B(k, n) into linalg.matmul(A, B) (MatrixProducts.cpp).
mlir::FailureOr<mlir::linalg::MatmulOp>
asMatmul(mlir::RewriterBase &rewriter, mlir::linalg::GenericOp generic);

/// A contraction generic C[r0, ..., rj, n] += A[r0, ..., rj, k] B[k, n]
/// (rows in several dimensions: a transformer's 1 x 197 x 768 activations
/// times a weight) as one linalg.matmul over the gathered rows, its
/// elementwise epilogue collapsed the same way (MatrixProducts.cpp).
mlir::FailureOr<mlir::linalg::MatmulOp>
gatherRows(mlir::RewriterBase &rewriter, mlir::linalg::GenericOp generic);

/// Sizes for packMatmul: the register tile, a cache block of panels, and
/// the smallest right operand that is packed.
struct PackingOptions {
  int64_t mTile, nTile, lanes, blockN, blockK, minBytes;
};

/// A product of one row, C[0, n] += A[0, k] B[k, n] with B the transpose
/// of V[n, k] (a batch-1 fully connected layer: ONNX Gemm with
/// trans_b), as dot products of V's rows with A's row: y[n] += a[k] V[n,
/// k], reading V as it is stored, row after row (vectorize-reductions
/// then reduces each row in vectors; MatrixProducts.cpp). Through the
/// transpose, a 1000 x 1280 V was read column by column, a cache miss per
/// row: 5.4 GFLOP/s. Not when `packing` would lay the weight out in whole
/// panels (N a multiple of n-tile, at least min-bytes): one sequential
/// stream of panels read alexnet's 4096 x 4096 layer at 28 GB/s, four rows
/// at a time at 23.
mlir::LogicalResult matrixVector(mlir::RewriterBase &rewriter,
                                 mlir::linalg::GenericOp generic,
                                 const PackingOptions &packing);

/// Whether `op` is a contraction without rows (matrixVector's dot
/// products: no loop indexes the first operand and the result only).
bool isMatrixVector(mlir::linalg::LinalgOp op);

/// A tile loop whose iterations run on threads (parallelize-tiles).
constexpr llvm::StringLiteral kParallelAttr = "mcg.parallel";

/// The attribute packMatmul puts on a product whose epilogue runs on its
/// tiles: register tiling then loops over panels outermost.
constexpr llvm::StringLiteral kPanelsOuter = "mcg.panels_outer";
/// The attribute rewritePointwiseConvolution puts on a 1x1 convolution's
/// product whose register tiles loop over output positions outermost (and
/// split them across threads), output channels inside.
constexpr llvm::StringLiteral kPositionsOuter = "mcg.positions_outer";

/// C = A B with B (K x N) too large for the cache, at least 2 x m-tile
/// rows, N a multiple of n-tile (or fewer rows and B a constant kernel
/// argument, in panels of columnsAtMost columns, if they fill half a
/// vector): B is
/// copied into panels Bp[N / n-tile, K, n-tile] and C computed as
/// C3[i, jo, ji] += A[i, k] Bp[jo, k, ji] over C viewed as
/// M x N/n-tile x n-tile (MatrixProducts.cpp). Without an epilogue, in
/// cache blocks of blockN columns x blockK reduction steps; with one, the
/// epilogue is expanded to C3's shape and the product marked kPanelsOuter.
mlir::LogicalResult packMatmul(mlir::RewriterBase &rewriter,
                               mlir::linalg::MatmulOp matmul,
                               const PackingOptions &options);

/// A 1x1 NCHW convolution as a matrix product over the flattened output
/// map (PointwiseConvolution.cpp): O[n, f, p] += W[f, c] X[n, c, p] with
/// p = h * W + w, X first subsampled when strided. Its elementwise
/// epilogue, and the op that initializes its accumulator, are flattened the
/// same way, so that the product's register tiles (32 positions x 8
/// channels, the last one partial where `lanes` do not divide the map)
/// carry the epilogue. Fails, changing nothing, for other convolutions and
/// for maps of fewer than two vectors, or with more than a tenth of the
/// lanes empty when the output channels fill them.
mlir::LogicalResult
rewritePointwiseConvolution(mlir::RewriterBase &rewriter,
                            mlir::linalg::Conv2DNchwFchwOp conv, int64_t lanes);

/// A depthwise NCHW convolution as stridedWindow builds it when it can
/// (`threads` is for its partition); else (unit stride, or stride 2
/// through the input's phases) as a generic over (n, c, oh, ow, kh, kw)
/// with a fused multiply-add body, tiled to `rowTile` output rows x
/// columns (at most `columnTile`, see columnsAtMost) of one channel and
/// one filter tap (WindowKernels.cpp); its elementwise epilogue runs on
/// each tile. Each tile is then an elementwise op that vectorizes to FMAs.
/// Fails, changing nothing, for other strides and dynamic shapes.
mlir::LogicalResult
tileDepthwiseConvolution(mlir::RewriterBase &rewriter,
                         mlir::linalg::DepthwiseConv2DNchwChwOp conv,
                         int64_t rowTile, int64_t columnTile, int64_t lanes,
                         int64_t threads);

/// A linalg.pooling_nchw_max or _sum as stridedWindow builds it when it
/// can (`threads` is for its partition); else (unit stride, or stride 2
/// through the input's phases) as a generic over (n, c, oh, ow, kh, kw)
/// with a max or add body, tiled like tileDepthwiseConvolution
/// (WindowKernels.cpp). Fails, changing nothing, for other ops, strides
/// and dynamic shapes.
mlir::LogicalResult tilePooling(mlir::RewriterBase &rewriter,
                                mlir::linalg::LinalgOp pool, int64_t rowTile,
                                int64_t columnTile, int64_t lanes,
                                int64_t threads);

/// How a pool combines its accumulator with an input vector (max, add).
using PoolCombine = llvm::function_ref<mlir::Value(
    mlir::OpBuilder &, mlir::Location, mlir::Value acc, mlir::Value x)>;

/// A pool (`combine`) or depthwise convolution (a C x KH x KW `filter`)
/// of column stride 2 to 4 over the (padded) NCHW `input` with a `window`,
/// as loops over output rows whose taps read sw vectors of an input row
/// and keep every sw-th element (StridedWindows.cpp): no phase copy. Its
/// elementwise epilogue runs on the accumulators. With `threads` above 1,
/// each thread takes a block of output rows of every channel (rows of at
/// least `lanes` columns; else a share of the channels). Fails,
/// changing nothing, for dilations, dynamic shapes, epilogues that are not
/// elementwise arithmetic, and rows of more than eight vectors with
/// padding before their columns.
mlir::LogicalResult
stridedWindow(mlir::RewriterBase &rewriter, mlir::linalg::LinalgOp op,
              mlir::Value input, mlir::Value filter,
              llvm::ArrayRef<int64_t> window, llvm::ArrayRef<int64_t> strides,
              llvm::ArrayRef<int64_t> dilations, PoolCombine combine,
              int64_t lanes, int64_t threads);

/// A grouped NCHW convolution with several channels per group (unit
/// stride, or stride 2 through the input's phases) as a generic over
/// (n, g, f, oh, ow, c, kh, kw), the filter read as G x KH x KW x F x C,
/// tiled to f x ow x c products of one group, one output row and one tap
/// (GroupedConvolution.cpp). Fails, changing nothing, for other strides
/// and dynamic shapes.
mlir::LogicalResult
tileGroupedConvolution(mlir::RewriterBase &rewriter,
                       mlir::linalg::Conv2DNgchwGfchwOp conv, int64_t mTile,
                       int64_t nTile, int64_t kTile, int64_t lanes);

} // namespace mcg::codegen

#endif // MCG_LIB_CODEGEN_CONTRACTIONSTRATEGIES_H
