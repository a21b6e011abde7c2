//===- InferShape.h - shared helpers for cgraph shape inference -*- C++ -*-===//
//
// Small helpers used by the op families' inferReturnTypes implementations.
// Private to the IR library.
//
//===----------------------------------------------------------------------===//

#ifndef MCG_LIB_DIALECT_CGRAPH_IR_INFERSHAPE_H
#define MCG_LIB_DIALECT_CGRAPH_IR_INFERSHAPE_H

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Value.h"
#include "llvm/ADT/SmallVector.h"

#include <optional>

namespace mcg::cgraph::detail {

/// Emits "'<opName>' op <args...>" at `loc` when a location is given, and
/// returns failure. Shape inference runs both from the verifier (with a
/// location) and from builders probing types (without one).
template <typename... Args>
llvm::LogicalResult inferError(std::optional<mlir::Location> loc,
                               llvm::StringRef opName, Args &&...args) {
  return mlir::emitOptionalError(loc, "'", opName, "' op ",
                                 std::forward<Args>(args)...);
}

/// Numpy broadcast of two shapes; nullopt when a pair of static dimensions
/// is incompatible. A dynamic dimension against 1 or itself stays dynamic.
std::optional<llvm::SmallVector<int64_t>>
broadcastShapes(llvm::ArrayRef<int64_t> a, llvm::ArrayRef<int64_t> b);

/// Normalizes `axis` into [0, rank + extra), where a negative axis counts
/// from the end of `type`'s rank dimensions; on failure emits "axis A is out
/// of range for <what> <type>" for `opName`.
llvm::FailureOr<int64_t> resolveAxis(std::optional<mlir::Location> loc,
                                     llvm::StringRef opName, int64_t axis,
                                     mlir::RankedTensorType type,
                                     llvm::StringRef what = "input",
                                     int64_t extra = 0);

/// The ranked tensor type of `v` (operands are verified to be ranked).
inline mlir::RankedTensorType rankedType(mlir::Value v) {
  return llvm::cast<mlir::RankedTensorType>(v.getType());
}

constexpr int64_t kDyn = mlir::ShapedType::kDynamic;

/// Number of elements of a static shape, or nullopt when a dimension is
/// dynamic.
std::optional<int64_t> staticNumElements(mlir::Type type);

/// Formats an int64 list as "[a, b, c]" for diagnostics.
std::string formatList(llvm::ArrayRef<int64_t> values);

} // namespace mcg::cgraph::detail

#endif // MCG_LIB_DIALECT_CGRAPH_IR_INFERSHAPE_H
