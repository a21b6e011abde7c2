//===- StridedPhases.cpp - stride-2 inputs split into their 2 x 2 phases --===//
//
// A stride-2 window (a convolution's, a depthwise convolution's, a pool's)
// reads every other row and column. Its input P is split once into its
// phases, Q[n, c, a, b, i, j] = P[n, c, 2i + a, 2j + b], and tap (kh, kw)
// then reads phase (kh mod 2, kw mod 2) at offset (kh floordiv 2,
// kw floordiv 2) with unit stride, so the kernels tile as for stride 1.
//
// The split reads each input row in chunks of two vectors and separates
// even and odd columns with vector.deinterleave (as a generic reading every
// other column, each element was a gather). When P is a constant padding
// of X (a tensor.pad, as convolutions and pools are lowered), the split
// reads X itself and writes the padding value around it: one pass over
// the input instead of a padding copy and a phase copy (two passes over a
// 96 x 114 x 114 buffer, larger than the cache, for mobilenet_v2's first
// stride-2 depthwise convolution).
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
                                                AffineExpr kh, AffineExpr kw) {
  return {n, c, kh % 2, kw % 2, oh + kh.floorDiv(2), ow + kw.floorDiv(2)};
}

bool mcg::codegen::canSplitPhases(DenseIntElementsAttr strides,
                                  DenseIntElementsAttr dilations, Value input) {
  auto type = cast<RankedTensorType>(input.getType());
  return llvm::all_of(strides.getValues<int64_t>(),
                      [](int64_t s) { return s == 2; }) &&
         llvm::all_of(dilations.getValues<int64_t>(),
                      [](int64_t d) { return d == 1; }) &&
         type.hasStaticShape();
}

namespace {

/// What the split reads: the unpadded input X, the padding before its rows
/// and columns, and the value around it.
struct PaddedInput {
  Value source;
  int64_t top = 0, left = 0;
  Value value;
};

/// `input` as X padded by a constant, looking through a tensor.pad of its
/// rows and columns only; else `input` padded by nothing.
PaddedInput asPadded(OpBuilder &b, Location loc, Value input) {
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

} // namespace

Value mcg::codegen::splitPhases(OpBuilder &rewriter, Location loc, Value input,
                                int64_t lanes) {
  auto padded = cast<RankedTensorType>(input.getType());
  PaddedInput in = asPadded(rewriter, loc, input);
  auto type = cast<RankedTensorType>(in.source.getType());
  Type element = type.getElementType();
  int64_t batch = type.getDimSize(0), channels = type.getDimSize(1),
          rows = type.getDimSize(2), cols = type.getDimSize(3);
  // The phases of the padded input, with one more row or column where it
  // is odd (padding that no stride-2 window reads).
  int64_t halfRows = llvm::divideCeil(padded.getDimSize(2), 2);
  int64_t half = llvm::divideCeil(padded.getDimSize(3), 2);
  Value q = tensor::EmptyOp::create(
      rewriter, loc, {batch, channels, 2, 2, halfRows, half}, element);

  auto index = [&](OpBuilder &b, int64_t v) -> Value {
    return arith::ConstantIndexOp::create(b, loc, v);
  };
  // Source column s is padded column s + left: phase (left + s) mod 2 at
  // (left + s) floordiv 2. So the even source columns go to phase
  // `evenPhase` from column `evenAt`, the odd ones to the other phase from
  // `oddAt`; the rest of each phase row is padding.
  int64_t evenPhase = in.left % 2, evenAt = in.left / 2;
  int64_t oddAt = (in.left + 1) / 2;
  int64_t evens = (cols + 1) / 2, odds = cols / 2;
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

  SmallVector<Value> lbs(3, index(rewriter, 0)), steps(3, index(rewriter, 1));
  SmallVector<Value> ubs = {index(rewriter, batch), index(rewriter, channels),
                            index(rewriter, 2 * halfRows)};
  scf::LoopNest nest = scf::buildLoopNest(
      rewriter, loc, lbs, ubs, steps, ValueRange{q},
      [&](OpBuilder &b, Location l, ValueRange ivs,
          ValueRange args) -> scf::ValueVector {
        Value two = index(b, 2);
        Value a = arith::RemUIOp::create(b, l, ivs[2], two);
        Value i = arith::DivUIOp::create(b, l, ivs[2], two);
        ValueRange nc = ivs.take_front(2);
        // Padded row ivs[2] is source row ivs[2] - top.
        Value source = arith::SubIOp::create(b, l, ivs[2], index(b, in.top));
        Value inside = arith::AndIOp::create(
            b, l,
            arith::CmpIOp::create(b, l, arith::CmpIPredicate::sge, ivs[2],
                                  index(b, in.top)),
            arith::CmpIOp::create(b, l, arith::CmpIPredicate::slt, ivs[2],
                                  index(b, in.top + rows)));
        auto rowIf = scf::IfOp::create(
            b, l, inside,
            [&](OpBuilder &tb, Location) {
              Value t = args[0];
              // Source columns [2k, 2k + 2 width) into both phases.
              auto split = [&](OpBuilder &cb, Value t, Value k,
                               int64_t width) -> Value {
                Value col = arith::MulIOp::create(cb, l, k, two);
                auto rowType = VectorType::get({2 * width}, element);
                Value row = vector::TransferReadOp::create(
                    cb, l, rowType, in.source,
                    ValueRange{nc[0], nc[1], source, col},
                    ub::PoisonOp::create(cb, l, element), ArrayRef<bool>{true});
                auto halves = vector::DeinterleaveOp::create(cb, l, row);
                Value even = arith::AddIOp::create(cb, l, k, index(cb, evenAt));
                Value odd = arith::AddIOp::create(cb, l, k, index(cb, oddAt));
                t = vector::TransferWriteOp::create(
                        cb, l, halves.getRes1(), t,
                        ValueRange{nc[0], nc[1], a, index(cb, evenPhase), i,
                                   even},
                        ArrayRef<bool>{true})
                        .getResult();
                return vector::TransferWriteOp::create(
                           cb, l, halves.getRes2(), t,
                           ValueRange{nc[0], nc[1], a, index(cb, 1 - evenPhase),
                                      i, odd},
                           ArrayRef<bool>{true})
                    .getResult();
              };
              int64_t chunk = std::min(lanes, odds);
              int64_t full = chunk > 0 ? odds / chunk * chunk : 0;
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
              if (full < odds)
                t = split(tb, t, index(tb, full), odds - full);
              // An odd width's last column has no odd partner.
              if (evens > odds) {
                auto one = VectorType::get({1}, element);
                Value last = vector::TransferReadOp::create(
                    tb, l, one, in.source,
                    ValueRange{nc[0], nc[1], source, index(tb, cols - 1)},
                    ub::PoisonOp::create(tb, l, element), ArrayRef<bool>{true});
                t = vector::TransferWriteOp::create(
                        tb, l, last, t,
                        ValueRange{nc[0], nc[1], a, index(tb, evenPhase), i,
                                   index(tb, evenAt + evens - 1)},
                        ArrayRef<bool>{true})
                        .getResult();
              }
              t = pad(tb, t, nc, a, evenPhase, i, 0, evenAt);
              t = pad(tb, t, nc, a, evenPhase, i, evenAt + evens, half);
              t = pad(tb, t, nc, a, 1 - evenPhase, i, 0, oddAt);
              t = pad(tb, t, nc, a, 1 - evenPhase, i, oddAt + odds, half);
              scf::YieldOp::create(tb, l, t);
            },
            [&](OpBuilder &eb, Location) {
              // A padding row: both of its phase rows.
              Value t = pad(eb, args[0], nc, a, 0, i, 0, half);
              scf::YieldOp::create(eb, l, pad(eb, t, nc, a, 1, i, 0, half));
            });
        return {rowIf.getResult(0)};
      });
  // Rows of channels on threads, like the kernels' tiles.
  SmallVector<LoopLikeOpInterface> loops(nest.loops.begin(), nest.loops.end());
  markParallel(
      loops, {batch, channels, 2 * halfRows}, {1, 1, 1},
      SmallVector<utils::IteratorType>(3, utils::IteratorType::parallel));
  return nest.results.front();
}
