//===- LoweringHelpers.h - builders shared by the cgraph lowerings -*- C++ -*-//
//
// Builders for the linalg.generic shapes every op family needs: numpy
// broadcasting maps, filled tensors, elementwise generics and reductions.
// Private to the CGraphToLinalg library.
//
//===----------------------------------------------------------------------===//

#ifndef MCG_LIB_CONVERSION_CGRAPHTOLINALG_LOWERINGHELPERS_H
#define MCG_LIB_CONVERSION_CGRAPHTOLINALG_LOWERINGHELPERS_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"

namespace mcg::lowering {

using ScalarBody = llvm::function_ref<mlir::Value(
    mlir::OpBuilder &, mlir::Location, mlir::ValueRange)>;

/// The map from the loops of a result of shape `resultShape` to the
/// elements of `operand`, with numpy broadcasting (size-1 dimensions read
/// index 0; missing leading dimensions are dropped).
mlir::AffineMap broadcastMap(mlir::MLIRContext *ctx,
                             mlir::RankedTensorType operand,
                             llvm::ArrayRef<int64_t> resultShape);

/// A scalar constant of `type` (float or integer).
mlir::Value scalar(mlir::OpBuilder &b, mlir::Location loc, mlir::Type type,
                   double value);

/// A tensor of `type` filled with `value`.
mlir::Value filled(mlir::OpBuilder &b, mlir::Location loc,
                   mlir::RankedTensorType type, double value);

/// A linalg.generic computing `body` elementwise over `resultType` from
/// `inputs`, which are broadcast to it.
mlir::Value elementwise(mlir::OpBuilder &b, mlir::Location loc,
                        mlir::RankedTensorType resultType,
                        mlir::ValueRange inputs, ScalarBody body);

/// Reduces `input` over the dimensions set in `reduced` (the result keeps
/// them as size 1 when `keepDims`), starting from `init` and combining with
/// `combine(acc, x)`.
mlir::Value
reduce(mlir::OpBuilder &b, mlir::Location loc, mlir::Value input,
       llvm::ArrayRef<bool> reduced, bool keepDims, double init,
       llvm::function_ref<mlir::Value(mlir::OpBuilder &, mlir::Location,
                                      mlir::Value, mlir::Value)>
           combine);

/// As `reduce`, starting from the exact value `init` (an integer type's
/// extremes do not survive a trip through double).
mlir::Value
reduce(mlir::OpBuilder &b, mlir::Location loc, mlir::Value input,
       llvm::ArrayRef<bool> reduced, bool keepDims, mlir::TypedAttr init,
       llvm::function_ref<mlir::Value(mlir::OpBuilder &, mlir::Location,
                                      mlir::Value, mlir::Value)>
           combine);

/// Pads the two trailing (spatial) dimensions of an NCHW tensor with
/// `value`: `low` = {top, left}, `high` = {bottom, right}.
mlir::Value padSpatial(mlir::OpBuilder &b, mlir::Location loc,
                       mlir::Value input, llvm::ArrayRef<int64_t> low,
                       llvm::ArrayRef<int64_t> high, double value);

/// The ranked tensor type of `v` (cgraph operands are ranked tensors).
inline mlir::RankedTensorType tensorType(mlir::Value v) {
  return llvm::cast<mlir::RankedTensorType>(v.getType());
}

/// Float addition and multiplication of scalars, for generic bodies.
inline mlir::Value addF(mlir::OpBuilder &b, mlir::Location l, mlir::Value x,
                        mlir::Value y) {
  return mlir::arith::AddFOp::create(b, l, x, y);
}
inline mlir::Value mulF(mlir::OpBuilder &b, mlir::Location l, mlir::Value x,
                        mlir::Value y) {
  return mlir::arith::MulFOp::create(b, l, x, y);
}

/// Whether the element type of `v` is a float type.
bool isFloat(mlir::Value v);

/// The normalized (non-negative) form of `axis` for rank `rank`.
inline int64_t normAxis(int64_t axis, int64_t rank) {
  return axis < 0 ? axis + rank : axis;
}

} // namespace mcg::lowering

#endif // MCG_LIB_CONVERSION_CGRAPHTOLINALG_LOWERINGHELPERS_H
