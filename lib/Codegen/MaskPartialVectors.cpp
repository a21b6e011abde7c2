//===- MaskPartialVectors.cpp - one masked access for a part-filled vector ===//
//
// A tile whose rows are not a power of two wide (14 columns of a 56-wide
// map, 7 of a 7-wide one) reads and writes vector<...x14xf32>. LLVM
// splits such a load into loads of 8, 4 and 2 elements and inserts, and
// the store likewise: a depthwise convolution's tile, one load per
// multiply-add, spent three loads and two inserts on each. With AVX-512,
// a masked load or store of a whole vector is one instruction. Here each
// such transfer on a memref becomes a masked transfer of the next power of
// two of elements (at most `lanes`), the value narrowed
// (vector.extract_strided_slice) or widened (vector.insert_strided_slice)
// to the original width; the arithmetic on the part-filled vector is one
// full-width instruction in LLVM already.
//
//===----------------------------------------------------------------------===//

#include "mcg/Codegen/Passes.h"

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/UB/IR/UBOps.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/PatternMatch.h"

namespace mcg {
#define GEN_PASS_DEF_MASKPARTIALVECTORS
#include "mcg/Codegen/Passes.h.inc"
} // namespace mcg

using namespace mlir;

namespace {

/// The vector type a transfer (on a memref, minor identity, in bounds,
/// unmasked) is widened to, or null to leave it.
template <typename TransferOp>
VectorType widenedType(TransferOp op, int64_t lanes) {
  VectorType type = op.getVectorType();
  if (!isa<MemRefType>(op.getShapedType()) || op.getMask() ||
      type.isScalable() || type.getRank() == 0 ||
      !op.getPermutationMap().isMinorIdentity() ||
      !llvm::all_of(op.getInBoundsValues(), [](bool b) { return b; }))
    return nullptr;
  int64_t width = type.getShape().back();
  int64_t widened = width > lanes
                        ? llvm::alignTo(width, lanes)
                        : static_cast<int64_t>(llvm::PowerOf2Ceil(width));
  if (width <= 2 || width == widened)
    return nullptr;
  SmallVector<int64_t> shape(type.getShape());
  shape.back() = widened;
  return VectorType::get(shape, type.getElementType());
}

/// The mask of a widened transfer: all of every dimension, the first
/// `width` elements of the last.
Value rowMask(OpBuilder &b, Location loc, VectorType wide, int64_t width) {
  SmallVector<int64_t> sizes(wide.getShape());
  sizes.back() = width;
  auto maskType = VectorType::get(wide.getShape(), b.getI1Type());
  return vector::ConstantMaskOp::create(b, loc, maskType, sizes);
}

struct MaskPartialVectorsPass
    : public mcg::impl::MaskPartialVectorsBase<MaskPartialVectorsPass> {
  using Base::Base;

  void runOnOperation() override {
    if (lanes < 1) {
      getOperation().emitError("mask-partial-vectors: lanes must be "
                               "positive, got ")
          << int64_t(lanes);
      return signalPassFailure();
    }
    SmallVector<vector::TransferReadOp> reads;
    SmallVector<vector::TransferWriteOp> writes;
    getOperation().walk([&](Operation *op) {
      if (auto read = dyn_cast<vector::TransferReadOp>(op))
        reads.push_back(read);
      else if (auto write = dyn_cast<vector::TransferWriteOp>(op))
        writes.push_back(write);
    });
    IRRewriter rewriter(&getContext());
    for (vector::TransferReadOp read : reads)
      widenRead(rewriter, read);
    for (vector::TransferWriteOp write : writes)
      widenWrite(rewriter, write);
  }

  void widenRead(IRRewriter &rewriter, vector::TransferReadOp read) {
    VectorType type = read.getVectorType(), wide = widenedType(read, lanes);
    if (!wide)
      return;
    Location loc = read.getLoc();
    rewriter.setInsertionPoint(read);
    // In bounds: the masked-off elements are not accessed.
    SmallVector<bool> inBounds(type.getRank(), true);
    auto masked = vector::TransferReadOp::create(
        rewriter, loc, wide, read.getBase(), read.getIndices(),
        read.getPermutationMapAttr(), read.getPadding(),
        rowMask(rewriter, loc, wide, type.getShape().back()),
        rewriter.getBoolArrayAttr(inBounds));
    SmallVector<int64_t> zeros(type.getRank(), 0), ones(type.getRank(), 1);
    rewriter.replaceOpWithNewOp<vector::ExtractStridedSliceOp>(
        read, masked, zeros, type.getShape(), ones);
  }

  void widenWrite(IRRewriter &rewriter, vector::TransferWriteOp write) {
    VectorType type = write.getVectorType(), wide = widenedType(write, lanes);
    if (!wide)
      return;
    Location loc = write.getLoc();
    rewriter.setInsertionPoint(write);
    Value poison = ub::PoisonOp::create(rewriter, loc, wide);
    SmallVector<int64_t> zeros(type.getRank(), 0), ones(type.getRank(), 1);
    Value value = vector::InsertStridedSliceOp::create(
        rewriter, loc, write.getVector(), poison, zeros, ones);
    SmallVector<bool> inBounds(type.getRank(), true);
    rewriter.replaceOpWithNewOp<vector::TransferWriteOp>(
        write, value, write.getBase(), write.getIndices(),
        write.getPermutationMapAttr(),
        rowMask(rewriter, loc, wide, type.getShape().back()),
        rewriter.getBoolArrayAttr(inBounds));
  }
};

} // namespace
