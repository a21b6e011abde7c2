//===- InferShape.cpp - shared helpers for cgraph shape inference ---------===//

#include "InferShape.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

namespace mcg::cgraph::detail {

std::optional<SmallVector<int64_t>> broadcastShapes(ArrayRef<int64_t> a,
                                                    ArrayRef<int64_t> b) {
  size_t rank = std::max(a.size(), b.size());
  SmallVector<int64_t> result(rank);
  for (size_t i = 0; i < rank; ++i) {
    // Align at the trailing dimension; a missing leading dimension is 1.
    int64_t da = i < rank - a.size() ? 1 : a[i - (rank - a.size())];
    int64_t db = i < rank - b.size() ? 1 : b[i - (rank - b.size())];
    if (da == db || db == 1)
      result[i] = da;
    else if (da == 1)
      result[i] = db;
    else if (ShapedType::isDynamic(da) || ShapedType::isDynamic(db))
      result[i] = ShapedType::kDynamic;
    else
      return std::nullopt;
  }
  return result;
}

static std::optional<int64_t> normalizeAxis(int64_t axis, int64_t rank,
                                            int64_t extra) {
  if (axis < -rank || axis >= rank + extra)
    return std::nullopt;
  return axis < 0 ? axis + rank : axis;
}

FailureOr<int64_t> resolveAxis(std::optional<Location> loc, StringRef opName,
                               int64_t axis, RankedTensorType type,
                               StringRef what, int64_t extra) {
  std::optional<int64_t> normalized =
      normalizeAxis(axis, type.getRank(), extra);
  if (!normalized)
    return inferError(loc, opName, "axis ", axis, " is out of range for ", what,
                      " ", type);
  return *normalized;
}

std::optional<int64_t> staticNumElements(Type type) {
  auto shaped = dyn_cast<ShapedType>(type);
  if (!shaped || !shaped.hasStaticShape())
    return std::nullopt;
  return shaped.getNumElements();
}

std::string formatList(ArrayRef<int64_t> values) {
  std::string s;
  llvm::raw_string_ostream os(s);
  os << '[';
  llvm::interleaveComma(values, os);
  os << ']';
  return s;
}

} // namespace mcg::cgraph::detail
