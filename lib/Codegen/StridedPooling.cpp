//===- StridedPooling.cpp - strided pools that read their input directly --===//
//
// A max or sum pool of column stride sw (squeezenet's, googlenet's,
// alexnet's and inception_v3's 3x3 / 2 max pools, vgg's 2x2 / 2) reads
// every sw-th column of each input row per window tap. Through its phases
// (splitPhases) that is one more copy of the input, written and read
// again: squeezenet's first pool reads a 64 x 111 x 111 map (3.2 MB, more
// than the core's L2) three times over. Here each tap instead reads sw
// vectors of a row at once and keeps every sw-th element (one permute for
// sw = 2, as the phase split does), into accumulators that stay in
// registers across the taps: one pass over the input.
//
// Row strides need nothing: a tap row is just another address. Padding
// is read as the padding value: after the last column (ceil mode) by
// masked loads past the row's end, before the first (resnet's and
// densenet's 3x3 / 2 pad 1) by shifting the first vector of a row read
// from column 0, and rows before the first or past the last one as whole
// padding rows. Pools with a fused epilogue (an average's division) keep
// the phases (WindowKernels.cpp), and so do rows of more than eight
// vectors with padding before their columns.
//
// With threads, each thread takes a block of whole output rows of every
// channel (not a share of the channels): the strided convolution or pool
// before such a pool splits its rows the same way, and so does the 1x1
// convolution after it, so each thread reads mostly rows it wrote.
//
//===----------------------------------------------------------------------===//

#include "ContractionStrategies.h"

#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/UB/IR/UBOps.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;
using namespace mcg::codegen;

namespace {

/// One vector of output columns of a row: its first column, its width and
/// whether every tap's read of sw x width input columns lies in the row.
struct Chunk {
  int64_t first, width;
  bool inBounds;
};

} // namespace

LogicalResult mcg::codegen::poolStrided(RewriterBase &rewriter,
                                        linalg::LinalgOp pool, Value input,
                                        ArrayRef<int64_t> window,
                                        ArrayRef<int64_t> strides,
                                        ArrayRef<int64_t> dilations,
                                        PoolCombine combine, int64_t lanes,
                                        int64_t threads) {
  Value init = pool.getDpsInits()[0];
  auto outType = cast<RankedTensorType>(init.getType());
  auto padded = cast<RankedTensorType>(input.getType());
  if (!outType.hasStaticShape() || !padded.hasStaticShape() ||
      !isa<FloatType>(outType.getElementType()) || window.size() != 2 ||
      strides.size() != 2 || llvm::any_of(window, ShapedType::isDynamic) ||
      llvm::any_of(dilations, [](int64_t d) { return d != 1; }))
    return failure();
  int64_t sh = strides[0], sw = strides[1];
  // Every sw-th of sw vectors: up to four (one to three permutes).
  if (sh < 1 || sw < 2 || sw * lanes > 64)
    return failure();
  if (elementwiseEpilogue(pool))
    return failure();

  int64_t outCols = outType.getDimSize(3);
  // Padding before the columns is shifted into the first vector of a row,
  // whose reads are then static: rows of more than eight vectors, which
  // loop over theirs, must not have any.
  if (auto pad = input.getDefiningOp<tensor::PadOp>())
    if (llvm::divideCeil(outCols, lanes) > 8 && pad.getStaticLow().back() != 0)
      return failure();

  Location loc = pool.getLoc();
  rewriter.setInsertionPoint(pool);
  PaddedInput in = asPadded(rewriter, loc, input);
  auto type = cast<RankedTensorType>(in.source.getType());
  Type element = outType.getElementType();
  int64_t batch = outType.getDimSize(0), channels = outType.getDimSize(1),
          outRows = outType.getDimSize(2);
  int64_t rows = type.getDimSize(2), cols = type.getDimSize(3);
  int64_t kh = window[0], kw = window[1];

  // The accumulators start from the init's fill value, or read it.
  Value start, dest = init;
  if (auto fill = init.getDefiningOp<linalg::FillOp>()) {
    start = fill.getInputs()[0];
    dest = fill.getOutputs()[0];
  }

  // Chunk columns [first, first + width) read sw x width input columns
  // from sw x (first + q) - left for q < ceil(kw / sw).
  int64_t reads = llvm::divideCeil(kw, sw);
  SmallVector<Chunk> chunks;
  for (int64_t first = 0; first < outCols; first += lanes) {
    int64_t width = std::min(lanes, outCols - first);
    chunks.push_back(
        {first, width, sw * (first + reads - 1 + width) - in.left <= cols});
  }

  auto index = [&](OpBuilder &b, int64_t v) -> Value {
    return arith::ConstantIndexOp::create(b, loc, v);
  };
  // The window's combination over tap row `i` of output row `oh`, for
  // each chunk of `group` at `base` + its first column: tap sw q + p is
  // piece p of the q-th read. A row before the first or past the last one
  // is the padding value.
  auto rowWindow = [&](OpBuilder &b, Value n, Value c, Value oh, int64_t i,
                       Value base,
                       ArrayRef<Chunk> group) -> SmallVector<Value> {
    Value row = arith::SubIOp::create(
        b, loc,
        arith::AddIOp::create(b, loc,
                              arith::MulIOp::create(b, loc, oh, index(b, sh)),
                              index(b, i)),
        index(b, in.top));
    std::optional<int64_t> base0 = getConstantIntValue(base);
    auto taps = [&](OpBuilder &rb) {
      SmallVector<Value> h;
      for (const Chunk &chunk : group) {
        Value acc;
        auto segType = VectorType::get({sw * chunk.width}, element);
        for (int64_t q = 0; q < reads; ++q) {
          int64_t start = sw * (chunk.first + q) - in.left;
          Value seg;
          if (base0 && *base0 == 0 && start < 0) {
            // Columns from `start` < 0: those from 0, shifted right by
            // -start with the padding value before them.
            Value from0 = vector::TransferReadOp::create(
                rb, loc, segType, in.source,
                ValueRange{n, c, row, index(rb, 0)}, in.value,
                ArrayRef<bool>{sw * chunk.width <= cols});
            Value padding =
                vector::BroadcastOp::create(rb, loc, segType, in.value);
            SmallVector<int64_t> mask;
            for (int64_t e = 0; e < sw * chunk.width; ++e)
              mask.push_back(e + start >= 0 ? e + start : sw * chunk.width + e);
            seg = vector::ShuffleOp::create(rb, loc, from0, padding, mask);
          } else {
            Value col = arith::AddIOp::create(
                rb, loc, arith::MulIOp::create(rb, loc, base, index(rb, sw)),
                index(rb, start));
            seg = vector::TransferReadOp::create(
                rb, loc, segType, in.source, ValueRange{n, c, row, col},
                in.value, ArrayRef<bool>{chunk.inBounds});
          }
          SmallVector<Value> pieces = byRemainder(rb, loc, seg, sw);
          for (int64_t p = 0; p < sw && sw * q + p < kw; ++p)
            acc = acc ? combine(rb, loc, acc, pieces[p]) : pieces[p];
        }
        h.push_back(acc);
      }
      return h;
    };
    bool before = i < in.top, after = sh * (outRows - 1) + i - in.top >= rows;
    if (!before && !after)
      return taps(b);
    Value inside = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, row,
                                         index(b, rows));
    if (before)
      inside = arith::AndIOp::create(
          b, loc, inside,
          arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sge, row,
                                index(b, 0)));
    SmallVector<Type> types;
    for (const Chunk &chunk : group)
      types.push_back(VectorType::get({chunk.width}, element));
    auto rowIf = scf::IfOp::create(
        b, loc, inside,
        [&](OpBuilder &tb, Location) {
          scf::YieldOp::create(tb, loc, taps(tb));
        },
        [&](OpBuilder &eb, Location) {
          SmallVector<Value> padding;
          for (Type type : types)
            padding.push_back(
                vector::BroadcastOp::create(eb, loc, type, in.value));
          scf::YieldOp::create(eb, loc, padding);
        });
    return SmallVector<Value>(rowIf.getResults());
  };
  // Output row (n, c, oh) of `group`, from the row windows of its tap rows,
  // those in `known` (its first ones) already computed; writes it into
  // `t` and returns the row windows of its last `shared` tap rows.
  int64_t shared = std::max<int64_t>(0, kh - sh);
  auto outputRow = [&](OpBuilder &b, Value &t, Value n, Value c, Value oh,
                       Value base, ArrayRef<Chunk> group,
                       ArrayRef<SmallVector<Value>> known)
      -> SmallVector<SmallVector<Value>> {
    SmallVector<SmallVector<Value>> windows(known);
    for (int64_t i = known.size(); i < kh; ++i)
      windows.push_back(rowWindow(b, n, c, oh, i, base, group));
    for (auto [k, chunk] : llvm::enumerate(group)) {
      auto vecType = VectorType::get({chunk.width}, element);
      Value col = arith::AddIOp::create(b, loc, base, index(b, chunk.first));
      Value acc =
          start
              ? vector::BroadcastOp::create(b, loc, vecType, start).getResult()
              : vector::TransferReadOp::create(
                    b, loc, vecType, init, ValueRange{n, c, oh, col},
                    ub::PoisonOp::create(b, loc, element), ArrayRef<bool>{true})
                    .getResult();
      for (const SmallVector<Value> &window : windows)
        acc = combine(b, loc, acc, window[k]);
      t = vector::TransferWriteOp::create(
              b, loc, acc, t, ValueRange{n, c, oh, col}, ArrayRef<bool>{true})
              .getResult();
    }
    return SmallVector<SmallVector<Value>>(
        ArrayRef<SmallVector<Value>>(windows).take_back(shared));
  };

  // Output rows [first, last) of channel (n, c). Rows of at most eight
  // vectors are unrolled and carry the row windows that the next output
  // row shares; wider ones loop over groups of four whole in-bounds
  // vectors, then unroll the rest, computing every tap row.
  constexpr int64_t kGroup = 4;
  auto outputRows = [&](OpBuilder &b, Value t, Value n, Value c, Value first,
                        Value last) -> Value {
    ArrayRef<Chunk> all = chunks;
    Value zero = index(b, 0), one = index(b, 1);
    if (all.size() <= 8) {
      // The first row computes every tap row; the others reuse `shared`.
      SmallVector<SmallVector<Value>> carried =
          outputRow(b, t, n, c, first, zero, all, {});
      SmallVector<Value> inits = {t};
      for (const SmallVector<Value> &window : carried)
        inits.append(window);
      auto loop = scf::ForOp::create(
          b, loc, arith::AddIOp::create(b, loc, first, one), last, one, inits,
          [&](OpBuilder &fb, Location, Value oh, ValueRange it) {
            Value tt = it[0];
            SmallVector<SmallVector<Value>> known;
            for (int64_t r = 0; r < shared; ++r)
              known.push_back(
                  SmallVector<Value>(it.slice(1 + r * all.size(), all.size())));
            SmallVector<SmallVector<Value>> next =
                outputRow(fb, tt, n, c, oh, zero, all, known);
            SmallVector<Value> yields = {tt};
            for (const SmallVector<Value> &window : next)
              yields.append(window);
            scf::YieldOp::create(fb, loc, yields);
          });
      return loop.getResult(0);
    }
    int64_t looped = 0;
    while (looped < int64_t(all.size()) && all[looped].inBounds &&
           all[looped].width == lanes)
      ++looped;
    looped = looped / kGroup * kGroup;
    auto rowLoop = scf::ForOp::create(
        b, loc, first, last, one, ValueRange{t},
        [&](OpBuilder &rb, Location, Value oh, ValueRange rowIt) {
          Value tt = rowIt[0];
          if (looped > 0)
            tt = scf::ForOp::create(
                     rb, loc, zero, index(rb, looped * lanes),
                     index(rb, kGroup * lanes), ValueRange{tt},
                     [&](OpBuilder &fb, Location, Value base, ValueRange it) {
                       Value ft = it[0];
                       outputRow(fb, ft, n, c, oh, base, all.take_front(kGroup),
                                 {});
                       scf::YieldOp::create(fb, loc, ft);
                     })
                     .getResult(0);
          outputRow(rb, tt, n, c, oh, zero, all.drop_front(looped), {});
          scf::YieldOp::create(rb, loc, tt);
        });
    return rowLoop.getResult(0);
  };

  // Loops (n, c); with threads (n, block of rows, c). Each runs over its
  // output rows.
  bool rowBlocks = threads > 1 && outRows >= threads;
  int64_t blockRows = llvm::divideCeil(outRows, threads);
  SmallVector<int64_t> bounds = {batch, channels};
  if (rowBlocks)
    bounds = {batch, int64_t(llvm::divideCeil(outRows, blockRows)), channels};
  SmallVector<Value> lbs(bounds.size(), index(rewriter, 0)),
      steps(bounds.size(), index(rewriter, 1)), ubs;
  for (int64_t bound : bounds)
    ubs.push_back(index(rewriter, bound));
  scf::LoopNest nest = scf::buildLoopNest(
      rewriter, loc, lbs, ubs, steps, ValueRange{dest},
      [&](OpBuilder &b, Location l, ValueRange ivs,
          ValueRange args) -> scf::ValueVector {
        if (!rowBlocks)
          return {outputRows(b, args[0], ivs[0], ivs[1], index(b, 0),
                             index(b, outRows))};
        Value first = arith::MulIOp::create(b, l, ivs[1], index(b, blockRows));
        Value last = arith::MinSIOp::create(
            b, l, arith::AddIOp::create(b, l, first, index(b, blockRows)),
            index(b, outRows));
        return {outputRows(b, args[0], ivs[0], ivs[2], first, last)};
      });
  SmallVector<LoopLikeOpInterface> loops(nest.loops.begin(), nest.loops.end());
  markParallel(loops, bounds, SmallVector<int64_t>(bounds.size(), 1),
               SmallVector<utils::IteratorType>(bounds.size(),
                                                utils::IteratorType::parallel));
  rewriter.replaceOp(pool, nest.results.front());
  return success();
}
