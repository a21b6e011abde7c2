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
// Wider than a vector but not whole vectors (17 columns: the rest of a 1x1
// convolution's 49 positions after a tile of 32), it is not: LLVM split
// each multiply-add of a vector<8x17xf32> tile into a vector and a scalar
// one, and narrowed every masked read through the stack (`perf annotate`
// of a 440 -> 440 channel 1x1 layer on 7 x 7: vfmadd213ss, vinsertps).
// So an accumulator tile carried through a reduction loop of
// vector.contract is widened to whole vectors for the loop: its start
// padded before, the operand row read masked at full width, the result
// narrowed once after the loop.
//
//===----------------------------------------------------------------------===//

#include "mcg/Codegen/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
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

/// Whether `width` elements are more than `lanes` but not whole vectors.
bool splitsVectors(int64_t width, int64_t lanes) {
  return width > lanes && width % lanes != 0;
}

/// The masked read of `read` at the widened type `wide` (the elements past
/// the original width are not accessed).
Value maskedRead(OpBuilder &b, vector::TransferReadOp read, VectorType wide) {
  SmallVector<bool> inBounds(wide.getRank(), true);
  return vector::TransferReadOp::create(
      b, read.getLoc(), wide, read.getBase(), read.getIndices(),
      read.getPermutationMapAttr(), read.getPadding(),
      rowMask(b, read.getLoc(), wide, read.getVectorType().getShape().back()),
      b.getBoolArrayAttr(inBounds));
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
    IRRewriter rewriter(&getContext());
    SmallVector<scf::ForOp> loops;
    getOperation().walk([&](scf::ForOp loop) { loops.push_back(loop); });
    for (scf::ForOp loop : loops)
      for (unsigned i = 0; i < loop.getNumRegionIterArgs(); ++i)
        widenAccumulator(rewriter, loop, i);
    SmallVector<vector::TransferReadOp> reads;
    SmallVector<vector::TransferWriteOp> writes;
    getOperation().walk([&](Operation *op) {
      if (auto read = dyn_cast<vector::TransferReadOp>(op))
        reads.push_back(read);
      else if (auto write = dyn_cast<vector::TransferWriteOp>(op))
        writes.push_back(write);
    });
    for (vector::TransferReadOp read : reads)
      widenRead(rewriter, read);
    for (vector::TransferWriteOp write : writes)
      widenWrite(rewriter, write);
  }

  /// Widens `loop`'s iter_arg `i` to whole vectors when it is an
  /// accumulator tile whose rows split a vector: used only as the
  /// accumulator of a vector.contract whose result is only yielded back,
  /// whose other operand along the rows' dimension is an in-bounds read of
  /// a memref (read masked at full width instead) and whose first operand
  /// does not span that dimension.
  void widenAccumulator(IRRewriter &rewriter, scf::ForOp loop, unsigned i) {
    BlockArgument acc = loop.getRegionIterArgs()[i];
    auto type = dyn_cast<VectorType>(acc.getType());
    if (!type || type.isScalable() || type.getRank() != 2 ||
        !isa<FloatType>(type.getElementType()) ||
        !splitsVectors(type.getShape().back(), lanes) || !acc.hasOneUse())
      return;
    auto contract = dyn_cast<vector::ContractionOp>(*acc.getUsers().begin());
    auto yield = cast<scf::YieldOp>(loop.getBody()->getTerminator());
    if (!contract || contract.getAcc() != acc ||
        yield.getOperand(i) != contract.getResult() ||
        !contract.getResult().hasOneUse() || contract->getParentOp() != loop)
      return;
    // Maps (m, k), (k, n), (m, n): the rows' dimension n only in the
    // second operand, as its innermost dimension.
    SmallVector<AffineMap> maps = contract.getIndexingMapsArray();
    MLIRContext *ctx = &getContext();
    AffineExpr m, n, k;
    bindDims(ctx, m, n, k);
    if (maps != SmallVector<AffineMap>{AffineMap::get(3, 0, {m, k}, ctx),
                                       AffineMap::get(3, 0, {k, n}, ctx),
                                       AffineMap::get(3, 0, {m, n}, ctx)})
      return;
    auto read = contract.getRhs().getDefiningOp<vector::TransferReadOp>();
    VectorType wide = read ? widenedType(read, lanes) : nullptr;
    if (!wide || !read->hasOneUse() || read->getParentOp() != loop)
      return;
    VectorType accWide =
        VectorType::get({type.getShape().front(), wide.getShape().back()},
                        type.getElementType());
    Location loc = loop.getLoc();
    SmallVector<int64_t> zeros = {0, 0}, ones = {1, 1};
    // The start, padded with zeros.
    rewriter.setInsertionPoint(loop);
    Value zero = arith::ConstantOp::create(rewriter, loc, accWide,
                                           rewriter.getZeroAttr(accWide));
    Value start = vector::InsertStridedSliceOp::create(
        rewriter, loc, loop.getInitArgs()[i], zero, zeros, ones);
    rewriter.modifyOpInPlace(loop,
                             [&] { loop.getInitArgsMutable()[i].set(start); });
    acc.setType(accWide);
    // The row read at full width, and the product on whole vectors.
    rewriter.setInsertionPoint(read);
    Value row = maskedRead(rewriter, read, wide);
    rewriter.setInsertionPoint(contract);
    auto product = vector::ContractionOp::create(
        rewriter, contract.getLoc(), contract.getLhs(), row, acc,
        contract.getIndexingMaps(), contract.getIteratorTypes(),
        contract.getKind());
    rewriter.modifyOpInPlace(
        yield, [&] { yield->setOperand(i, product.getResult()); });
    rewriter.eraseOp(contract);
    rewriter.eraseOp(read);
    // The result narrowed once, after the loop.
    Value result = loop.getResult(i);
    result.setType(accWide);
    rewriter.setInsertionPointAfter(loop);
    auto narrow = vector::ExtractStridedSliceOp::create(
        rewriter, loc, result, zeros, type.getShape(), ones);
    rewriter.replaceAllUsesExcept(result, narrow.getResult(), narrow);
  }

  void widenRead(IRRewriter &rewriter, vector::TransferReadOp read) {
    VectorType type = read.getVectorType(), wide = widenedType(read, lanes);
    if (!wide)
      return;
    rewriter.setInsertionPoint(read);
    // In bounds: the masked-off elements are not accessed.
    Value masked = maskedRead(rewriter, read, wide);
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
