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

/// Normalizes `axis` into [0, rank + extra): a negative axis counts from the
/// end of the `rank` dimensions. nullopt when out of range.
std::optional<int64_t> normalizeAxis(int64_t axis, int64_t rank,
                                     int64_t extra = 0);

/// Number of elements of a static shape, or nullopt when a dimension is
/// dynamic.
std::optional<int64_t> staticNumElements(mlir::Type type);

/// Formats an int64 list as "[a, b, c]" for diagnostics.
std::string formatList(llvm::ArrayRef<int64_t> values);

} // namespace mcg::cgraph::detail

#endif // MCG_LIB_DIALECT_CGRAPH_IR_INFERSHAPE_H
