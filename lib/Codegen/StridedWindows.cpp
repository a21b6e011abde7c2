//===- StridedWindows.cpp - strided window kernels without phase copies ---===//
//
// A max or sum pool or a depthwise convolution of column stride sw
// (squeezenet's, googlenet's, resnet's 3x3 / 2 max pools, vgg's 2x2 / 2,
// mobilenet_v2's 3x3 / 2 and mnasnet's 5x5 / 2 depthwise layers) reads
// every sw-th column of each input row per window tap. Through its phases
// (splitPhases) that is one more copy of the input, written and read
// again: squeezenet's first pool reads a 64 x 111 x 111 map (3.2 MB, more
// than the core's L2) three times over. Here each tap instead reads sw
// vectors of a row at once and keeps every sw-th element (one permute for
// sw = 2, as the phase split does), into accumulators that stay in
// registers across the taps: one pass over the input.
//
// A depthwise convolution of column stride 1 (the 3x3 / 1 and 5x5 / 1
// layers of mobilenet_v2, mnasnet and efficientnet) comes here too, for
// its padding: read in place, it needs no padded copy of its input (a
// pass of its own: 72 x 58 x 58 floats written and read again for each
// of mnasnet's 56 x 56 layers), and its taps are plain unaligned loads.
//
// A pool's window is separable: each tap row's taps are combined first
// (max(even, odd) then the even elements from column 2: LLVM cannot fold
// the permutes through the NaN-propagating max), then an output row
// combines its tap rows, carrying those it shares with the next output
// row (1 of 3 for 3x3 / 2). A depthwise convolution multiplies each tap by
// its weight (one broadcast per channel and tap) into the accumulators,
// which start from the bias; its fused epilogue (ReLU6) runs on them
// before they are stored. It computes blocks of output rows together
// (about eight vector accumulators), each input row read once for every
// row of the block whose window holds it: one row at a time, a row of 7
// columns was one chain of kh x kw dependent multiply-adds.
//
// Row strides need nothing: a tap row is just another address. Padding
// is read as the padding value: after the last column (ceil mode) by
// masked loads past the row's end, before the first (pad 1) by shifting
// the first vector of a row read from column 0, and rows before the first
// or past the last one as whole padding rows. Rows of more than eight
// vectors with padding before their columns, and epilogues that are not
// elementwise arithmetic on the result, keep the phases
// (WindowKernels.cpp).
//
// With threads, each thread takes a block of whole output rows of every
// channel (not a share of the channels): the strided convolution or pool
// before such a window splits its rows the same way, and so does the 1x1
// convolution after it, so each thread reads mostly rows it wrote. Rows
// shorter than a vector split channels instead.
//
//===----------------------------------------------------------------------===//

#include "ContractionStrategies.h"

#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/UB/IR/UBOps.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;
using namespace mcg::codegen;

namespace {

/// Rows of at most this many vectors are unrolled (their reads static);
/// wider ones loop over groups of kGroup vectors.
constexpr int64_t kUnrolled = 8, kGroup = 4;

/// A convolution's block of output rows holds about this many vector
/// accumulators (rows x vectors a row).
constexpr int64_t kBlockAccumulators = 8;

/// One vector of output columns of a row: its first column, its width and
/// whether every tap's read of sw x width input columns lies in the row.
struct Chunk {
  int64_t first, width;
  bool inBounds;
};

/// Whether each operand of `epilogue` other than `result` is read by a map
/// of dimensions and constants with the column dimension (3) last or
/// absent, and its body is elementwise arithmetic (and constants) that
/// does not read its output.
bool vectorizable(linalg::GenericOp epilogue, Value result) {
  for (OpOperand *operand : epilogue.getDpsInputOperands()) {
    if (operand->get() == result)
      continue;
    AffineMap map = epilogue.getMatchingIndexingMap(operand);
    ArrayRef<AffineExpr> exprs = map.getResults();
    for (auto [k, expr] : llvm::enumerate(exprs)) {
      auto dim = dyn_cast<AffineDimExpr>(expr);
      if (!dim && !isa<AffineConstantExpr>(expr))
        return false;
      if (dim && dim.getPosition() == 3 && k + 1 != exprs.size())
        return false;
    }
  }
  Block &body = epilogue.getRegion().front();
  if (!body.getArguments().back().use_empty())
    return false;
  for (Operation &op : body.without_terminator())
    if (!op.hasTrait<OpTrait::ConstantLike>() &&
        (!OpTrait::hasElementwiseMappableTraits(&op) ||
         op.getNumResults() != 1 || op.getNumRegions() != 0))
      return false;
  return true;
}

/// `epilogue`'s body on `acc` (its operand `result` at (n, c, oh, col) and
/// the next `width` columns): other operands read as vectors along the
/// columns, or broadcast where their map does not read columns.
Value applyEpilogue(OpBuilder &b, Location loc, linalg::GenericOp epilogue,
                    Value result, Value acc, ArrayRef<Value> at,
                    int64_t width) {
  Block &body = epilogue.getRegion().front();
  IRMapping map;
  for (OpOperand *operand : epilogue.getDpsInputOperands()) {
    Value arg = body.getArgument(operand->getOperandNumber());
    if (operand->get() == result) {
      map.map(arg, acc);
      continue;
    }
    SmallVector<Value> indices;
    bool columns = false;
    for (AffineExpr expr :
         epilogue.getMatchingIndexingMap(operand).getResults()) {
      if (auto dim = dyn_cast<AffineDimExpr>(expr)) {
        indices.push_back(at[dim.getPosition()]);
        columns = dim.getPosition() == 3;
      } else {
        indices.push_back(arith::ConstantIndexOp::create(
            b, loc, cast<AffineConstantExpr>(expr).getValue()));
      }
    }
    auto vecType = VectorType::get({width}, arg.getType());
    Value v =
        columns
            ? vector::TransferReadOp::create(
                  b, loc, vecType, operand->get(), indices,
                  ub::PoisonOp::create(b, loc, arg.getType()),
                  ArrayRef<bool>{true})
                  .getResult()
            : vector::BroadcastOp::create(
                  b, loc, vecType,
                  tensor::ExtractOp::create(b, loc, operand->get(), indices))
                  .getResult();
    map.map(arg, v);
  }
  for (Operation &op : body.without_terminator()) {
    // A constant inside the body: a scalar, broadcast where it is used.
    if (op.hasTrait<OpTrait::ConstantLike>()) {
      map.map(op.getResult(0), b.clone(op)->getResult(0));
      continue;
    }
    SmallVector<Value> operands;
    for (Value operand : op.getOperands()) {
      Value mapped = map.lookupOrDefault(operand);
      if (!isa<VectorType>(mapped.getType()))
        mapped = vector::BroadcastOp::create(
            b, loc, VectorType::get({width}, operand.getType()), mapped);
      operands.push_back(mapped);
    }
    OperationState state(loc, op.getName());
    state.addOperands(operands);
    state.addTypes(VectorType::get({width}, op.getResult(0).getType()));
    state.addAttributes(op.getAttrs());
    map.map(op.getResult(0), b.create(state)->getResult(0));
  }
  Value yielded = map.lookupOrDefault(body.getTerminator()->getOperand(0));
  if (!isa<VectorType>(yielded.getType()))
    yielded = vector::BroadcastOp::create(
        b, loc, VectorType::get({width}, yielded.getType()), yielded);
  return yielded;
}

/// The bias of a depthwise convolution's accumulator: the 1-D tensor that
/// the generic `init` broadcasts along channels, or null.
Value broadcastBias(Value init) {
  auto generic = init.getDefiningOp<linalg::GenericOp>();
  if (!generic || generic.getNumDpsInputs() != 1 ||
      generic.getNumParallelLoops() != generic.getNumLoops())
    return nullptr;
  OpOperand *in = generic.getDpsInputOperand(0);
  AffineMap map = generic.getMatchingIndexingMap(in);
  Block &body = generic.getRegion().front();
  if (map.getNumResults() != 1 ||
      map.getResult(0) != getAffineDimExpr(1, map.getContext()) ||
      body.getTerminator()->getOperand(0) != body.getArgument(0))
    return nullptr;
  return in->get();
}

} // namespace

LogicalResult
mcg::codegen::stridedWindow(RewriterBase &rewriter, linalg::LinalgOp op,
                            Value input, Value filter, ArrayRef<int64_t> window,
                            ArrayRef<int64_t> strides,
                            ArrayRef<int64_t> dilations, PoolCombine combine,
                            int64_t lanes, int64_t threads) {
  Value init = op.getDpsInits()[0];
  auto outType = cast<RankedTensorType>(init.getType());
  auto padded = cast<RankedTensorType>(input.getType());
  if (!outType.hasStaticShape() || !padded.hasStaticShape() ||
      !isa<FloatType>(outType.getElementType()) || window.size() != 2 ||
      strides.size() != 2 || llvm::any_of(window, ShapedType::isDynamic) ||
      llvm::any_of(dilations, [](int64_t d) { return d != 1; }) ||
      (filter && !cast<RankedTensorType>(filter.getType()).hasStaticShape()))
    return failure();
  int64_t sh = strides[0], sw = strides[1];
  // Every sw-th of sw vectors: up to four (one to three permutes). Unit
  // column strides only for depthwise convolutions (see the top).
  if (sh < 1 || sw < 1 || (sw == 1 && !filter) || sw * lanes > 64)
    return failure();
  linalg::GenericOp epilogue = elementwiseEpilogue(op);
  if (epilogue && !vectorizable(epilogue, op->getResult(0)))
    return failure();

  int64_t outCols = outType.getDimSize(3);
  // Padding before the columns is shifted into the first vector of a row,
  // whose reads are then static: rows of more than eight vectors, which
  // loop over theirs, must not have any.
  if (auto pad = input.getDefiningOp<tensor::PadOp>())
    if (int64_t(llvm::divideCeil(outCols, lanes)) > kUnrolled &&
        pad.getStaticLow().back() != 0)
      return failure();

  Location loc = op.getLoc();
  rewriter.setInsertionPoint(epilogue ? epilogue.getOperation()
                                      : op.getOperation());
  PaddedInput in = asPadded(rewriter, loc, input);
  auto type = cast<RankedTensorType>(in.source.getType());
  Type element = outType.getElementType();
  int64_t batch = outType.getDimSize(0), channels = outType.getDimSize(1),
          outRows = outType.getDimSize(2);
  int64_t rows = type.getDimSize(2), cols = type.getDimSize(3);
  int64_t kh = window[0], kw = window[1];

  // The accumulators start from the init's fill value, a per-channel
  // bias, or read it; the result goes into the epilogue's output, else
  // into the init.
  Value start, bias, dest = init;
  if (auto fill = init.getDefiningOp<linalg::FillOp>()) {
    start = fill.getInputs()[0];
    dest = fill.getOutputs()[0];
  } else if ((bias = broadcastBias(init))) {
    dest = init.getDefiningOp<linalg::GenericOp>().getDpsInits()[0];
  }
  if (epilogue)
    dest = epilogue.getDpsInits()[0];

  // With threads, each takes blocks of whole output rows for rows of at
  // least a vector (mobilenet_v2's 576 x 14 x 14 -> 7 x 7 layer on two
  // threads: 0.036 ms split by channels, 0.090 by rows); a channel's loop
  // then runs over at most maxRows rows.
  bool rowBlocks = threads > 1 && outRows >= threads && outCols >= lanes;
  int64_t blockRows = llvm::divideCeil(outRows, threads);
  int64_t maxRows = rowBlocks ? blockRows : outRows;

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
  // The per-channel values: the start (a bias) and the weights.
  struct Channel {
    Value n, c, start;
    SmallVector<Value> weights; // kh x kw, for a convolution
  };
  // Tap (i, j) of `x` into `acc`: the pool's combination (x itself where
  // acc is null), or acc + w[i, j] x.
  auto tap = [&](OpBuilder &b, const Channel &ch, Value acc, Value x, int64_t i,
                 int64_t j) -> Value {
    if (!filter)
      return acc ? combine(b, loc, acc, x) : x;
    Value w = vector::BroadcastOp::create(b, loc, x.getType(),
                                          ch.weights[i * kw + j]);
    return math::FmaOp::create(b, loc, x, w, acc);
  };
  // What `values(b, padding)` builds for input row `row`: with padding
  // false, or under a test of the row (padding true where it lies outside)
  // when it may lie before the first row or past the last.
  auto whereRowInside =
      [&](OpBuilder &b, Value row, bool before, bool after,
          function_ref<SmallVector<Value>(OpBuilder &, bool)> values)
      -> SmallVector<Value> {
    if (!before && !after)
      return values(b, false);
    Value inside = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, row,
                                         index(b, rows));
    if (before)
      inside = arith::AndIOp::create(
          b, loc, inside,
          arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sge, row,
                                index(b, 0)));
    auto rowIf = scf::IfOp::create(
        b, loc, inside,
        [&](OpBuilder &tb, Location) {
          scf::YieldOp::create(tb, loc, values(tb, false));
        },
        [&](OpBuilder &eb, Location) {
          scf::YieldOp::create(eb, loc, values(eb, true));
        });
    return SmallVector<Value>(rowIf.getResults());
  };
  // The q-th read of `chunk` (at `base` + its first column) from input row
  // `row`, split into its sw pieces (piece p is tap sw q + p).
  auto readPieces = [&](OpBuilder &rb, const Channel &ch, Value row, Value base,
                        const Chunk &chunk, int64_t q) -> SmallVector<Value> {
    auto segType = VectorType::get({sw * chunk.width}, element);
    std::optional<int64_t> base0 = getConstantIntValue(base);
    int64_t start = sw * (chunk.first + q) - in.left;
    Value seg;
    if (base0 && *base0 == 0 && start < 0) {
      // Columns from `start` < 0: those from 0, shifted right by -start
      // with the padding value before them.
      Value from0 = vector::TransferReadOp::create(
          rb, loc, segType, in.source,
          ValueRange{ch.n, ch.c, row, index(rb, 0)}, in.value,
          ArrayRef<bool>{sw * chunk.width <= cols});
      Value value = vector::BroadcastOp::create(rb, loc, segType, in.value);
      SmallVector<int64_t> mask;
      for (int64_t e = 0; e < sw * chunk.width; ++e)
        mask.push_back(e + start >= 0 ? e + start : sw * chunk.width + e);
      seg = vector::ShuffleOp::create(rb, loc, from0, value, mask);
    } else {
      Value col = arith::AddIOp::create(
          rb, loc, arith::MulIOp::create(rb, loc, base, index(rb, sw)),
          index(rb, start));
      seg = vector::TransferReadOp::create(
          rb, loc, segType, in.source, ValueRange{ch.n, ch.c, row, col},
          in.value, ArrayRef<bool>{chunk.inBounds});
    }
    return byRemainder(rb, loc, seg, sw);
  };
  // Input row oh sh + i - top.
  auto inputRow = [&](OpBuilder &b, Value oh, int64_t i) -> Value {
    return arith::SubIOp::create(
        b, loc,
        arith::AddIOp::create(b, loc,
                              arith::MulIOp::create(b, loc, oh, index(b, sh)),
                              index(b, i)),
        index(b, in.top));
  };
  // Tap row `i` of output row `oh` into `acc` (one per chunk of `group` at
  // `base` + its first column; null for a pool's row window). A row before
  // the first or past the last one is the padding value.
  auto rowTaps = [&](OpBuilder &b, const Channel &ch, Value oh, int64_t i,
                     Value base, ArrayRef<Chunk> group,
                     SmallVector<Value> acc) -> SmallVector<Value> {
    Value row = inputRow(b, oh, i);
    auto taps = [&](OpBuilder &rb, bool padding) {
      SmallVector<Value> out;
      for (auto [chunk, accIn] : llvm::zip(group, acc)) {
        // A copy: both branches of a row test start from `acc`.
        Value a = accIn;
        if (padding) {
          Value value = vector::BroadcastOp::create(
              rb, loc, VectorType::get({chunk.width}, element), in.value);
          for (int64_t j = 0; j < kw; ++j)
            a = tap(rb, ch, a, value, i, j);
          out.push_back(a);
          continue;
        }
        for (int64_t q = 0; q < reads; ++q) {
          SmallVector<Value> pieces = readPieces(rb, ch, row, base, chunk, q);
          for (int64_t p = 0; p < sw && sw * q + p < kw; ++p)
            a = tap(rb, ch, a, pieces[p], i, sw * q + p);
        }
        out.push_back(a);
      }
      return out;
    };
    return whereRowInside(b, row, i < in.top,
                          sh * (outRows - 1) + i - in.top >= rows, taps);
  };
  // The accumulator of `chunk` of output row `oh`, before the taps.
  auto startAcc = [&](OpBuilder &b, const Channel &ch, Value oh, Value col,
                      const Chunk &chunk) -> Value {
    auto vecType = VectorType::get({chunk.width}, element);
    if (ch.start)
      return vector::BroadcastOp::create(b, loc, vecType, ch.start);
    return vector::TransferReadOp::create(
        b, loc, vecType, init, ValueRange{ch.n, ch.c, oh, col},
        ub::PoisonOp::create(b, loc, element), ArrayRef<bool>{true});
  };
  // `acc`, through the epilogue, written into `t` at (n, c, oh, col).
  auto store = [&](OpBuilder &b, Value &t, const Channel &ch, Value oh,
                   Value col, const Chunk &chunk, Value acc) {
    SmallVector<Value> at = {ch.n, ch.c, oh, col};
    if (epilogue)
      acc = applyEpilogue(b, loc, epilogue, op->getResult(0), acc, at,
                          chunk.width);
    t = vector::TransferWriteOp::create(b, loc, acc, t, at,
                                        ArrayRef<bool>{true})
            .getResult();
  };
  // Output row (n, c, oh) of `group`, written into `t`. A pool combines the
  // windows of its tap rows, those in `known` (its first ones) already
  // computed, and returns those of its last `shared` tap rows.
  int64_t shared = filter ? 0 : std::max<int64_t>(0, kh - sh);
  auto outputRow = [&](OpBuilder &b, Value &t, const Channel &ch, Value oh,
                       Value base, ArrayRef<Chunk> group,
                       ArrayRef<SmallVector<Value>> known)
      -> SmallVector<SmallVector<Value>> {
    SmallVector<Value> acc;
    SmallVector<Value> cols;
    for (const Chunk &chunk : group) {
      Value col = arith::AddIOp::create(b, loc, base, index(b, chunk.first));
      cols.push_back(col);
      acc.push_back(startAcc(b, ch, oh, col, chunk));
    }
    SmallVector<SmallVector<Value>> windows(known);
    for (int64_t i = known.size(); i < kh; ++i) {
      if (filter) {
        acc = rowTaps(b, ch, oh, i, base, group, acc);
        continue;
      }
      windows.push_back(
          rowTaps(b, ch, oh, i, base, group, SmallVector<Value>(group.size())));
    }
    for (auto [k, chunk] : llvm::enumerate(group)) {
      Value a = acc[k];
      for (const SmallVector<Value> &window : windows)
        a = combine(b, loc, a, window[k]);
      store(b, t, ch, oh, cols[k], chunk, a);
    }
    return SmallVector<SmallVector<Value>>(
        ArrayRef<SmallVector<Value>>(windows).take_back(shared));
  };

  // Output rows [oh, oh + count) of a convolution, together: each input
  // row is read once for the output rows whose windows hold it (the
  // padding value where it lies before the first row or past the last),
  // and count x chunks independent chains of multiply-adds hide each
  // other's latency (a single row of 7 columns is one chain of kh x kw
  // dependent multiply-adds). Blocks start at most at output row `lastOh`.
  auto rowBlock = [&](OpBuilder &b, Value &t, const Channel &ch, Value oh,
                      int64_t count, int64_t lastOh) {
    Value zero = index(b, 0);
    SmallVector<Value> ohs;
    SmallVector<SmallVector<Value>> acc(count);
    for (int64_t k = 0; k < count; ++k) {
      ohs.push_back(
          k ? arith::AddIOp::create(b, loc, oh, index(b, k)).getResult() : oh);
      for (const Chunk &chunk : chunks)
        acc[k].push_back(startAcc(b, ch, ohs[k], index(b, chunk.first), chunk));
    }
    for (int64_t j = 0; j < sh * (count - 1) + kh; ++j) {
      Value row = inputRow(b, oh, j);
      // Every read of the row: chunk by chunk, read by read, its pieces.
      auto readRow = [&](OpBuilder &rb, bool padding) {
        SmallVector<Value> pieces;
        for (const Chunk &chunk : chunks)
          for (int64_t q = 0; q < reads; ++q) {
            if (!padding) {
              pieces.append(readPieces(rb, ch, row, zero, chunk, q));
              continue;
            }
            Value value = vector::BroadcastOp::create(
                rb, loc, VectorType::get({chunk.width}, element), in.value);
            pieces.append(sw, value);
          }
        return pieces;
      };
      SmallVector<Value> pieces = whereRowInside(
          b, row, j < in.top, sh * lastOh + j - in.top >= rows, readRow);
      for (int64_t m = 0; m < int64_t(chunks.size()); ++m)
        for (int64_t q = 0; q < reads; ++q)
          for (int64_t k = 0; k < count; ++k) {
            int64_t i = j - sh * k;
            if (i < 0 || i >= kh)
              continue;
            for (int64_t p = 0; p < sw && sw * q + p < kw; ++p)
              acc[k][m] = tap(b, ch, acc[k][m],
                              pieces[(m * reads + q) * sw + p], i, sw * q + p);
          }
    }
    for (int64_t k = 0; k < count; ++k)
      for (auto [m, chunk] : llvm::enumerate(chunks))
        store(b, t, ch, ohs[k], index(b, chunk.first), chunk, acc[k][m]);
  };

  // Output rows [first, last) of channel (n, c). Rows of at most eight
  // vectors are unrolled: a convolution's in blocks of rows (rowBlock), a
  // pool's one at a time, carrying the row windows that the next output
  // row shares; wider ones loop over groups of four whole in-bounds
  // vectors, then unroll the rest, computing every tap row.
  auto outputRows = [&](OpBuilder &b, Value t, Value n, Value c, Value first,
                        Value last) -> Value {
    Channel ch{n, c, start, {}};
    if (bias)
      ch.start = tensor::ExtractOp::create(b, loc, bias, ValueRange{c});
    if (filter)
      for (int64_t i = 0; i < kh; ++i)
        for (int64_t j = 0; j < kw; ++j)
          ch.weights.push_back(tensor::ExtractOp::create(
              b, loc, filter, ValueRange{c, index(b, i), index(b, j)}));
    ArrayRef<Chunk> all = chunks;
    Value zero = index(b, 0), one = index(b, 1);
    if (filter && int64_t(all.size()) <= kUnrolled) {
      // A convolution: blocks of `count` rows, then the rows they leave (as
      // one block when the rows are all the output's). `count` is the row count
      // of the fewest blocks of at most the target that cover maxRows (14 rows:
      // two blocks of 7).
      int64_t target = std::clamp<int64_t>(
          kBlockAccumulators / int64_t(all.size()), 1, maxRows);
      int64_t count =
          llvm::divideCeil(maxRows, llvm::divideCeil(maxRows, target));
      auto blocks = [&](Value from, Value to, int64_t size) {
        t = scf::ForOp::create(
                b, loc, from, to, index(b, size), ValueRange{t},
                [&](OpBuilder &fb, Location, Value oh, ValueRange it) {
                  Value tt = it[0];
                  rowBlock(fb, tt, ch, oh, size, outRows - size);
                  scf::YieldOp::create(fb, loc, tt);
                })
                .getResult(0);
      };
      Value blockEnd = arith::AddIOp::create(
          b, loc, first,
          arith::MulIOp::create(
              b, loc,
              arith::DivUIOp::create(b, loc,
                                     arith::SubIOp::create(b, loc, last, first),
                                     index(b, count)),
              index(b, count)));
      blocks(first, blockEnd, count);
      if (rowBlocks)
        blocks(blockEnd, last, 1);
      else if (int64_t rest = outRows % count)
        rowBlock(b, t, ch, blockEnd, rest, outRows - rest);
      return t;
    }
    if (int64_t(all.size()) <= kUnrolled) {
      // The first row computes every tap row; the others reuse `shared`.
      SmallVector<SmallVector<Value>> carried =
          outputRow(b, t, ch, first, zero, all, {});
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
                outputRow(fb, tt, ch, oh, zero, all, known);
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
                       outputRow(fb, ft, ch, oh, base, all.take_front(kGroup),
                                 {});
                       scf::YieldOp::create(fb, loc, ft);
                     })
                     .getResult(0);
          outputRow(rb, tt, ch, oh, zero, all.drop_front(looped), {});
          scf::YieldOp::create(rb, loc, tt);
        });
    return rowLoop.getResult(0);
  };

  // Loops (n, c); with threads (n, block of rows, c) (above). Each runs
  // over its output rows.
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
  if (epilogue) {
    rewriter.replaceOp(epilogue, nest.results.front());
    rewriter.eraseOp(op);
  } else {
    rewriter.replaceOp(op, nest.results.front());
  }
  return success();
}
