//===- VectorizeCopies.cpp - vector loops for strided buffer copies -------===//
//
// Bufferization turns a tensor.insert_slice into a copy into a strided
// view: a convolution's padded input is the input copied into the middle
// of a zero-filled buffer. As linalg.copy lowered to loops, each element
// was a scalar load and store (LLVM, not knowing the two buffers apart,
// left the unrolled loop scalar): for a 144 x 56 x 56 depthwise
// convolution the padding copy took 0.14 of its 0.32 ms. Here every
// linalg.copy of static shape becomes loops over its outer dimensions and
// vector transfers along its innermost one: tiles of up to two vectors
// and a partial last one. A linalg.map that fills a buffer with one value
// (bufferization's tensor.pad: -inf around a max pool's input) becomes the
// same loops of broadcast vectors. A fill followed by a copy into the
// middle of the same buffer (a padded input) becomes one loop nest over
// the buffer's rows: each row is filled, and overwritten by its copied
// part right away, while its cache lines are in L1, instead of one pass
// writing the whole buffer and a second one writing its middle again.
//
//===----------------------------------------------------------------------===//

#include "mcg/Codegen/Passes.h"

#include "ContractionStrategies.h"

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

namespace mcg {
#define GEN_PASS_DEF_VECTORIZECOPIES
#include "mcg/Codegen/Passes.h.inc"
} // namespace mcg

using namespace mlir;
using namespace mcg::codegen;

namespace {

/// Writes `width` elements at [outer..., column] of `target` as one vector
/// transfer: read from `source` (a memref of the same shape), or `source`
/// itself (a scalar) broadcast.
void copyRow(OpBuilder &b, Location loc, Value source, Value target,
             ValueRange outer, Value column, int64_t width) {
  Type element = cast<MemRefType>(target.getType()).getElementType();
  SmallVector<Value> indices(outer);
  indices.push_back(column);
  auto type = VectorType::get({width}, element);
  Value row;
  if (isa<MemRefType>(source.getType())) {
    Value pad = ub::PoisonOp::create(b, loc, element);
    row = vector::TransferReadOp::create(b, loc, type, source, indices, pad,
                                         ArrayRef<bool>{true});
  } else {
    row = vector::BroadcastOp::create(b, loc, type, source);
  }
  vector::TransferWriteOp::create(b, loc, row, target, indices,
                                  ArrayRef<bool>{true});
}

/// The value a linalg.map with no inputs writes everywhere (a padded
/// buffer's fill, as bufferization makes a tensor.pad's: its body's
/// linalg.index ops unused), or null.
Value fillValue(linalg::MapOp map) {
  if (!map.getInputs().empty() || !map.hasPureBufferSemantics())
    return {};
  Block &body = map.getMapper().front();
  auto yield = cast<linalg::YieldOp>(body.getTerminator());
  if (yield.getNumOperands() != 1)
    return {};
  Value value = yield.getOperand(0);
  if (value.getParentRegion() != &map.getMapper())
    return value;
  // A constant inside the body (whatever else it computes is unused).
  if (Operation *def = value.getDefiningOp();
      def && def->hasTrait<OpTrait::ConstantLike>())
    return value;
  return {};
}

/// `value` (fillValue of `map`) usable at `b`'s insertion point: a
/// constant inside the map's body is cloned there.
Value hoistedFillValue(OpBuilder &b, linalg::MapOp map, Value value) {
  if (value.getParentRegion() != &map.getMapper())
    return value;
  return b.clone(*value.getDefiningOp())->getResult(0);
}

struct VectorizeCopiesPass
    : public mcg::impl::VectorizeCopiesBase<VectorizeCopiesPass> {
  using Base::Base;

  void runOnOperation() override {
    if (lanes < 1) {
      getOperation().emitError("vectorize-copies: lanes must be positive, got ")
          << int64_t(lanes);
      return signalPassFailure();
    }
    SmallVector<linalg::CopyOp> copies;
    getOperation().walk([&](linalg::CopyOp copy) {
      auto source = dyn_cast<MemRefType>(copy.getInputs()[0].getType());
      auto target = dyn_cast<MemRefType>(copy.getOutputs()[0].getType());
      if (source && target && source.hasStaticShape() &&
          source.getShape() == target.getShape() && source.getRank() > 0 &&
          source.getElementType() == target.getElementType() &&
          source.getElementType().isIntOrFloat())
        copies.push_back(copy);
    });
    // Fills left as linalg.map (a max pool's -inf padding): as loops, LLVM
    // vectorized them across rows with scatters (30-wide rows of a 3x3
    // max pool's padded input: a quarter of its time).
    SmallVector<std::pair<linalg::MapOp, Value>> fills;
    getOperation().walk([&](linalg::MapOp map) {
      auto target = dyn_cast<MemRefType>(map.getInit().getType());
      Value value = fillValue(map);
      if (value && target && target.hasStaticShape() && target.getRank() > 0 &&
          target.getElementType().isIntOrFloat())
        fills.emplace_back(map, value);
    });
    // A fill whose next op with memory effects is a copy into a static
    // window of the same buffer: one pass over the rows.
    llvm::SmallPtrSet<Operation *, 8> fused;
    for (auto [map, value] : fills)
      if (linalg::CopyOp copy = paddingCopy(map);
          copy && llvm::is_contained(copies, copy) &&
          fillAndCopy(map, value, copy)) {
        fused.insert(copy);
        fused.insert(map);
      }
    for (linalg::CopyOp copy : copies)
      if (!fused.contains(copy))
        vectorize(copy, copy.getInputs()[0], copy.getOutputs()[0]);
    for (auto [map, value] : fills) {
      if (fused.contains(map))
        continue;
      OpBuilder b(map);
      value = hoistedFillValue(b, map, value);
      // A contiguous buffer is filled as [N x C, H x W]: long rows of full
      // vectors (a zero fill's loop then becomes a memset). Row by row, the
      // rows of 66 of a padded 16 x 64 x 64 input took LLVM's scheduler
      // 5 s to compile.
      Value target = map.getInit();
      auto type = cast<MemRefType>(target.getType());
      if (type.getLayout().isIdentity() && type.getRank() > 2) {
        SmallVector<ReassociationIndices> groups(2);
        for (int64_t d = 0; d < type.getRank(); ++d)
          groups[d < type.getRank() - 2 ? 0 : 1].push_back(d);
        target =
            memref::CollapseShapeOp::create(b, map.getLoc(), target, groups);
      }
      vectorize(map, value, target);
    }
  }

  /// The copy into a window of `fill`'s buffer that follows it, with only
  /// ops free of memory effects (the window's subview) in between, or null.
  static linalg::CopyOp paddingCopy(linalg::MapOp fill) {
    Value buffer = fill.getInit();
    for (Operation *op = fill->getNextNode(); op; op = op->getNextNode()) {
      if (auto copy = dyn_cast<linalg::CopyOp>(op)) {
        auto window = copy.getOutputs()[0].getDefiningOp<memref::SubViewOp>();
        return window && window.getSource() == buffer ? copy : linalg::CopyOp();
      }
      if (!isMemoryEffectFree(op))
        return {};
    }
    return {};
  }

  /// Replaces `fill` (of `value`) and `copy` (into a window of the filled
  /// buffer with static offsets, sizes and unit strides) by one loop nest
  /// over the buffer's rows: the row's fill, then, for a row inside the
  /// window, its copied part. False, changing nothing, if the window is
  /// not of that form or the buffer is not rank 2 or more.
  bool fillAndCopy(linalg::MapOp fill, Value value, linalg::CopyOp copy) {
    auto window = copy.getOutputs()[0].getDefiningOp<memref::SubViewOp>();
    Value buffer = fill.getInit();
    auto type = cast<MemRefType>(buffer.getType());
    int64_t rank = type.getRank();
    if (rank < 2 || window.getSourceType().getRank() != rank ||
        window.getType().getRank() != rank ||
        llvm::any_of(window.getStaticStrides(),
                     [](int64_t s) { return s != 1; }) ||
        llvm::any_of(window.getStaticOffsets(), ShapedType::isDynamic) ||
        llvm::any_of(window.getStaticSizes(), ShapedType::isDynamic))
      return false;
    ArrayRef<int64_t> offsets = window.getStaticOffsets();
    ArrayRef<int64_t> sizes = window.getStaticSizes();
    ArrayRef<int64_t> shape = type.getShape();
    Value source = copy.getInputs()[0];
    OpBuilder b(copy);
    Location loc = copy.getLoc();
    value = hoistedFillValue(b, fill, value);
    rowLoops(
        b, loc, shape, isa<FunctionOpInterface>(copy->getParentOp()),
        [&](OpBuilder &nb, Location nloc, ValueRange outer) {
          writeRow(nb, nloc, value, buffer, outer, shape.back());
          // Inside the window along every outer dimension it does not
          // cover whole: copy the row's middle.
          Value inside;
          SmallVector<Value> at;
          for (int64_t d = 0; d + 1 < rank; ++d) {
            if (offsets[d] == 0) {
              at.push_back(outer[d]);
              if (sizes[d] == shape[d])
                continue;
            } else {
              at.push_back(arith::SubIOp::create(
                  nb, nloc, outer[d],
                  arith::ConstantIndexOp::create(nb, nloc, offsets[d])));
            }
            // 0 <= at < size, as one unsigned compare.
            Value in = arith::CmpIOp::create(
                nb, nloc, arith::CmpIPredicate::ult, at.back(),
                arith::ConstantIndexOp::create(nb, nloc, sizes[d]));
            inside =
                inside ? arith::AndIOp::create(nb, nloc, inside, in).getResult()
                       : in;
          }
          auto body = [&](OpBuilder &ib, Location iloc) {
            writeRow(ib, iloc, source, copy.getOutputs()[0], at, sizes.back());
          };
          if (!inside) {
            body(nb, nloc);
            return;
          }
          scf::IfOp::create(nb, nloc, inside,
                            [&](OpBuilder &ib, Location iloc) {
                              body(ib, iloc);
                              scf::YieldOp::create(ib, iloc);
                            });
        });
    copy->erase();
    fill->erase();
    return true;
  }

  /// Loops over every row of a buffer of `shape` (all dimensions but the
  /// innermost), with `body` on each row. At the kernel's top level (a
  /// convolution's input into its padded buffer) the rows may run on
  /// threads: the outermost loop of more than one iteration is marked for
  /// parallelize-tiles, which splits it into contiguous chunks as it splits
  /// the convolution's channels after it, so each thread writes the rows
  /// it reads next. Left serial, the main thread wrote the other thread's
  /// half of the buffer (0.21 -> 0.37 ms for a 144 x 56 x 56 depthwise
  /// convolution on two threads).
  static void
  rowLoops(OpBuilder &b, Location loc, ArrayRef<int64_t> shape, bool topLevel,
           function_ref<void(OpBuilder &, Location, ValueRange)> body) {
    SmallVector<Value> lbs, ubs, steps;
    for (int64_t size : shape.drop_back()) {
      lbs.push_back(arith::ConstantIndexOp::create(b, loc, 0));
      ubs.push_back(arith::ConstantIndexOp::create(b, loc, size));
      steps.push_back(arith::ConstantIndexOp::create(b, loc, 1));
    }
    scf::LoopNest nest = scf::buildLoopNest(b, loc, lbs, ubs, steps, body);
    if (topLevel)
      markParallel(SmallVector<LoopLikeOpInterface>(nest.loops.begin(),
                                                    nest.loops.end()),
                   shape.drop_back(), SmallVector<int64_t>(shape.size() - 1, 1),
                   SmallVector<utils::IteratorType>(
                       shape.size() - 1, utils::IteratorType::parallel));
  }

  /// Writes row `outer` of `target` (`width` elements) in vector tiles of
  /// up to two vectors and a partial last one: read from the same row of
  /// `source` (a memref of `target`'s shape), or `source` (a scalar)
  /// broadcast.
  void writeRow(OpBuilder &b, Location loc, Value source, Value target,
                ValueRange outer, int64_t width) {
    int64_t tile = productColumns(width, 2 * lanes, lanes);
    int64_t full = width / tile * tile;
    Value zero = arith::ConstantIndexOp::create(b, loc, 0);
    if (full == tile) {
      copyRow(b, loc, source, target, outer, zero, tile);
    } else if (full > 0) {
      scf::ForOp::create(
          b, loc, zero, arith::ConstantIndexOp::create(b, loc, full),
          arith::ConstantIndexOp::create(b, loc, tile), ValueRange{},
          [&](OpBuilder &ib, Location iloc, Value column, ValueRange) {
            copyRow(ib, iloc, source, target, outer, column, tile);
            scf::YieldOp::create(ib, iloc);
          });
    }
    if (full < width)
      copyRow(b, loc, source, target, outer,
              arith::ConstantIndexOp::create(b, loc, full), width - full);
  }

  /// Replaces `op` (a copy, or a fill of `source` when it is a scalar) by
  /// vector loops writing `target`.
  void vectorize(Operation *op, Value source, Value target) {
    OpBuilder b(op);
    Location loc = op->getLoc();
    ArrayRef<int64_t> shape = cast<MemRefType>(target.getType()).getShape();
    rowLoops(b, loc, shape, isa<FunctionOpInterface>(op->getParentOp()),
             [&](OpBuilder &nb, Location nloc, ValueRange outer) {
               writeRow(nb, nloc, source, target, outer, shape.back());
             });
    op->erase();
  }
};

} // namespace
