//===- StridedPhases.cpp - strided inputs split into their phases ---------===//
//
// A window (a convolution's, a depthwise convolution's, a pool's) of
// strides sh x sw reads every sh-th row and sw-th column. Its input P is
// split once into its phases, Q[n, c, a, b, i, j] = P[n, c, sh i + a,
// sw j + b], and tap (kh, kw) then reads phase (kh mod sh, kw mod sw) at
// offset (kh floordiv sh, kw floordiv sw) with unit stride, so the kernels
// tile as for stride 1.
//
// The split reads each input row in chunks of sw vectors and separates
// its columns by their remainder modulo sw with vector.deinterleave (twice
// for stride 4) or, for odd strides, vector.shuffle (as a generic reading
// every sw-th column, each element was a gather). When P is a constant
// padding of X (a tensor.pad, as convolutions and pools are lowered), the
// split reads X itself and writes the padding value around it: one pass
// over the input instead of a padding copy and a phase copy (two passes
// over a 96 x 114 x 114 buffer, larger than the cache, for mobilenet_v2's
// first stride-2 depthwise convolution).
//
//===----------------------------------------------------------------------===//

#include "ContractionStrategies.h"

#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/UB/IR/UBOps.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;
using namespace mcg::codegen;

SmallVector<AffineExpr> mcg::codegen::phaseRead(AffineExpr n, AffineExpr c,
                                                AffineExpr oh, AffineExpr ow,
                                                AffineExpr kh, AffineExpr kw,
                                                ArrayRef<int64_t> strides) {
  return {n,
          c,
          kh % strides[0],
          kw % strides[1],
          oh + kh.floorDiv(strides[0]),
          ow + kw.floorDiv(strides[1])};
}

bool mcg::codegen::canSplitPhases(DenseIntElementsAttr strides,
                                  DenseIntElementsAttr dilations, Value input,
                                  ArrayRef<int64_t> window) {
  auto type = cast<RankedTensorType>(input.getType());
  SmallVector<int64_t> s(strides.getValues<int64_t>());
  // Strides above 2 only for overlapping windows: where a window is no
  // larger than its stride (a 16 x 16 / 16 patch embedding), im2col copies
  // no more than the split and leaves one long reduction.
  auto splits = [&](unsigned d) {
    return s[d] >= 1 && (s[d] <= 2 || window[d] > s[d]);
  };
  return s.size() == 2 && window.size() == 2 && (s[0] > 1 || s[1] > 1) &&
         splits(0) && splits(1) &&
         llvm::all_of(dilations.getValues<int64_t>(),
                      [](int64_t d) { return d == 1; }) &&
         type.hasStaticShape();
}

PaddedInput mcg::codegen::asPadded(OpBuilder &b, Location loc, Value input) {
  if (auto pad = input.getDefiningOp<tensor::PadOp>()) {
    ArrayRef<int64_t> low = pad.getStaticLow(), high = pad.getStaticHigh();
    Value value = pad.getConstantPaddingValue();
    if (value && !pad.getNofold() &&
        !llvm::any_of(low, ShapedType::isDynamic) &&
        !llvm::any_of(high, ShapedType::isDynamic) && low[0] == 0 &&
        low[1] == 0 && high[0] == 0 && high[1] == 0 &&
        cast<RankedTensorType>(pad.getSource().getType()).hasStaticShape())
      return {pad.getSource(), low[2], low[3], value};
  }
  Type element = cast<RankedTensorType>(input.getType()).getElementType();
  return {input, 0, 0,
          arith::ConstantOp::create(b, loc, b.getZeroAttr(element))};
}

SmallVector<Value> mcg::codegen::byRemainder(OpBuilder &b, Location loc,
                                             Value row, int64_t s) {
  if (s == 1)
    return {row};
  if (s % 2 == 0) {
    // Even columns are remainders 0, 2, ... of s; odd ones 1, 3, ...
    auto halves = vector::DeinterleaveOp::create(b, loc, row);
    SmallVector<Value> even = byRemainder(b, loc, halves.getRes1(), s / 2);
    SmallVector<Value> odd = byRemainder(b, loc, halves.getRes2(), s / 2);
    SmallVector<Value> pieces;
    for (int64_t u = 0; u < s / 2; ++u)
      pieces.append({even[u], odd[u]});
    return pieces;
  }
  int64_t width = cast<VectorType>(row.getType()).getNumElements() / s;
  SmallVector<Value> pieces;
  for (int64_t t = 0; t < s; ++t) {
    SmallVector<int64_t> mask;
    for (int64_t k = 0; k < width; ++k)
      mask.push_back(t + k * s);
    pieces.push_back(vector::ShuffleOp::create(b, loc, row, row, mask));
  }
  return pieces;
}

Value mcg::codegen::splitPhases(OpBuilder &rewriter, Location loc, Value input,
                                ArrayRef<int64_t> strides, int64_t lanes,
                                bool rowsOnThreads) {
  auto padded = cast<RankedTensorType>(input.getType());
  PaddedInput in = asPadded(rewriter, loc, input);
  auto type = cast<RankedTensorType>(in.source.getType());
  Type element = type.getElementType();
  int64_t batch = type.getDimSize(0), channels = type.getDimSize(1),
          rows = type.getDimSize(2), cols = type.getDimSize(3);
  int64_t sh = strides[0], sw = strides[1];
  // The phases of the padded input, with more rows or columns where its
  // size is not a multiple of the stride (padding that no window reads).
  int64_t phaseRows = llvm::divideCeil(padded.getDimSize(2), sh);
  int64_t phaseCols = llvm::divideCeil(padded.getDimSize(3), sw);
  Value q = tensor::EmptyOp::create(
      rewriter, loc, {batch, channels, sh, sw, phaseRows, phaseCols}, element);

  auto index = [&](OpBuilder &b, int64_t v) -> Value {
    return arith::ConstantIndexOp::create(b, loc, v);
  };
  // Source column x is padded column x + left: phase (left + x) mod sw at
  // (left + x) floordiv sw. So column t of each group of sw source columns
  // (x = sw k + t) goes to phase phase[t] at column at[t] + k; count[t]
  // source columns go there, the rest of the phase row is padding.
  SmallVector<int64_t> phase, at, count;
  for (int64_t t = 0; t < sw; ++t) {
    phase.push_back((in.left + t) % sw);
    at.push_back((in.left + t) / sw);
    count.push_back(t < cols ? llvm::divideCeil(cols - t, sw) : 0);
  }
  int64_t groups = cols / sw;
  auto fill = [&](OpBuilder &b, Value t, ArrayRef<Value> at,
                  int64_t width) -> Value {
    auto vecType = VectorType::get({width}, element);
    Value v = vector::BroadcastOp::create(b, loc, vecType, in.value);
    return vector::TransferWriteOp::create(b, loc, v, t, at,
                                           ArrayRef<bool>{true})
        .getResult();
  };
  // Writes the padding value at columns [from, to) of phase row (a, b, i).
  auto pad = [&](OpBuilder &b, Value t, ValueRange nc, Value a, int64_t phase,
                 Value i, int64_t from, int64_t to) -> Value {
    if (from < to)
      t = fill(b, t, {nc[0], nc[1], a, index(b, phase), i, index(b, from)},
               to - from);
    return t;
  };

  // Loops (n, c, padded row), or (n, padded row, c) with rows on threads.
  SmallVector<int64_t> bounds = {batch, channels, sh * phaseRows};
  if (rowsOnThreads)
    std::swap(bounds[1], bounds[2]);
  SmallVector<Value> lbs(3, index(rewriter, 0)), steps(3, index(rewriter, 1));
  SmallVector<Value> ubs = {index(rewriter, bounds[0]),
                            index(rewriter, bounds[1]),
                            index(rewriter, bounds[2])};
  scf::LoopNest nest = scf::buildLoopNest(
      rewriter, loc, lbs, ubs, steps, ValueRange{q},
      [&](OpBuilder &b, Location l, ValueRange ivs,
          ValueRange args) -> scf::ValueVector {
        Value row = rowsOnThreads ? ivs[1] : ivs[2];
        SmallVector<Value, 2> nc = {ivs[0], rowsOnThreads ? ivs[2] : ivs[1]};
        Value a = arith::RemUIOp::create(b, l, row, index(b, sh));
        Value i = arith::DivUIOp::create(b, l, row, index(b, sh));
        // Padded row `row` is source row `row` - top.
        Value source = arith::SubIOp::create(b, l, row, index(b, in.top));
        Value inside = arith::AndIOp::create(
            b, l,
            arith::CmpIOp::create(b, l, arith::CmpIPredicate::sge, row,
                                  index(b, in.top)),
            arith::CmpIOp::create(b, l, arith::CmpIPredicate::slt, row,
                                  index(b, in.top + rows)));
        auto rowIf = scf::IfOp::create(
            b, l, inside,
            [&](OpBuilder &tb, Location) {
              Value t = args[0];
              // Source columns [sw k, sw (k + width)) into every phase.
              auto split = [&](OpBuilder &cb, Value t, Value k,
                               int64_t width) -> Value {
                Value col = arith::MulIOp::create(cb, l, k, index(cb, sw));
                auto rowType = VectorType::get({sw * width}, element);
                Value row = vector::TransferReadOp::create(
                    cb, l, rowType, in.source,
                    ValueRange{nc[0], nc[1], source, col},
                    ub::PoisonOp::create(cb, l, element), ArrayRef<bool>{true});
                SmallVector<Value> pieces = byRemainder(cb, l, row, sw);
                for (int64_t r = 0; r < sw; ++r) {
                  Value j = arith::AddIOp::create(cb, l, k, index(cb, at[r]));
                  t = vector::TransferWriteOp::create(
                          cb, l, pieces[r], t,
                          ValueRange{nc[0], nc[1], a, index(cb, phase[r]), i,
                                     j},
                          ArrayRef<bool>{true})
                          .getResult();
                }
                return t;
              };
              int64_t chunk = std::min(lanes, groups);
              int64_t full = chunk > 0 ? groups / chunk * chunk : 0;
              if (full > chunk) {
                t = scf::ForOp::create(
                        tb, l, index(tb, 0), index(tb, full), index(tb, chunk),
                        ValueRange{t},
                        [&](OpBuilder &fb, Location, Value k, ValueRange it) {
                          scf::YieldOp::create(fb, l,
                                               split(fb, it[0], k, chunk));
                        })
                        .getResult(0);
              } else if (full > 0) {
                t = split(tb, t, index(tb, 0), chunk);
              }
              if (full < groups)
                t = split(tb, t, index(tb, full), groups - full);
              // The last columns, short of a whole group, one at a time.
              for (int64_t r = 0; r < cols - groups * sw; ++r) {
                auto one = VectorType::get({1}, element);
                Value last = vector::TransferReadOp::create(
                    tb, l, one, in.source,
                    ValueRange{nc[0], nc[1], source,
                               index(tb, groups * sw + r)},
                    ub::PoisonOp::create(tb, l, element), ArrayRef<bool>{true});
                t = vector::TransferWriteOp::create(
                        tb, l, last, t,
                        ValueRange{nc[0], nc[1], a, index(tb, phase[r]), i,
                                   index(tb, at[r] + groups)},
                        ArrayRef<bool>{true})
                        .getResult();
              }
              for (int64_t r = 0; r < sw; ++r) {
                t = pad(tb, t, nc, a, phase[r], i, 0, at[r]);
                t = pad(tb, t, nc, a, phase[r], i, at[r] + count[r], phaseCols);
              }
              scf::YieldOp::create(tb, l, t);
            },
            [&](OpBuilder &eb, Location) {
              // A padding row: all of its phase rows.
              Value t = args[0];
              for (int64_t col = 0; col < sw; ++col)
                t = pad(eb, t, nc, a, col, i, 0, phaseCols);
              scf::YieldOp::create(eb, l, t);
            });
        return {rowIf.getResult(0)};
      });
  // Channels (or rows) on threads, like the kernel's tiles after it.
  SmallVector<LoopLikeOpInterface> loops(nest.loops.begin(), nest.loops.end());
  markParallel(
      loops, bounds, {1, 1, 1},
      SmallVector<utils::IteratorType>(3, utils::IteratorType::parallel));
  return nest.results.front();
}
