//===- TensorSize.cpp - the largest tensor mcg accepts --------------------===//

#include "mcg/Dialect/CGraph/IR/TensorSize.h"

#include "llvm/Support/CheckedArithmetic.h"

#include <limits>

using namespace mlir;

namespace mcg::cgraph {

std::optional<int64_t> boundedByteSize(ArrayRef<int64_t> shape,
                                       unsigned elementBits) {
  std::optional<int64_t> bytes = (static_cast<int64_t>(elementBits) + 7) / 8;
  for (int64_t d : shape) {
    if (ShapedType::isDynamic(d) || d == 0)
      continue;
    if (d < 0)
      return std::nullopt;
    bytes = llvm::checkedMul(*bytes, d);
    if (!bytes)
      return std::nullopt;
  }
  return bytes;
}

bool fitsTensorSizeLimit(Type type) {
  auto shaped = dyn_cast<ShapedType>(type);
  if (!shaped || !shaped.hasRank() || !shaped.getElementType().isIntOrFloat())
    return true;
  return boundedByteSize(shaped.getShape(),
                         shaped.getElementType().getIntOrFloatBitWidth())
      .has_value();
}

LogicalResult verifyTensorSize(Operation *op, StringRef what, Type type) {
  if (fitsTensorSizeLimit(type))
    return success();
  return op->emitOpError() << what << " " << type
                           << " is too large: its size in bytes does not fit "
                              "in 64 bits";
}

int64_t saturatingMul(int64_t a, int64_t b) {
  return llvm::checkedMul(a, b).value_or(std::numeric_limits<int64_t>::max());
}

int64_t saturatingAdd(int64_t a, int64_t b) {
  return llvm::checkedAdd(a, b).value_or(std::numeric_limits<int64_t>::max());
}

} // namespace mcg::cgraph
