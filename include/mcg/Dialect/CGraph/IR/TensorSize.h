//===- TensorSize.h - the largest tensor mcg accepts ------------*- C++ -*-===//
//
// mcg indexes tensors with int64 (shape inference, the constant evaluators,
// linalg's index type, byte offsets in the memory plan). A tensor is
// accepted only if its byte size fits in int64 when every zero dimension is
// counted as 1: then the element count, the byte size and every partial
// product of the dimensions (strides, flattened sizes) fit too, even for an
// empty tensor whose other dimensions are huge. The ONNX importer, the op
// verifiers and the graph verifier all apply this bound.
//
//===----------------------------------------------------------------------===//

#ifndef MCG_DIALECT_CGRAPH_IR_TENSORSIZE_H
#define MCG_DIALECT_CGRAPH_IR_TENSORSIZE_H

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Operation.h"

#include <optional>

namespace mcg::cgraph {

/// The byte size bound of a tensor of `shape` with elements of
/// `elementBits` bits (sub-byte elements take a byte): the product of the
/// dimensions, zeros and dynamic dimensions counted as 1, times the element
/// size. nullopt when it does not fit in int64 or a static dimension is
/// negative.
std::optional<int64_t> boundedByteSize(llvm::ArrayRef<int64_t> shape,
                                       unsigned elementBits);

/// Whether `type` (a shaped type of int or float elements) is within the
/// bound; other types are.
bool fitsTensorSizeLimit(mlir::Type type);

/// Emits "'<op>' op <what> <type> is too large: its size in bytes does not
/// fit in 64 bits" on `op` unless `type` fits; `what` names the value
/// ("result", "input 'x'").
llvm::LogicalResult verifyTensorSize(mlir::Operation *op, llvm::StringRef what,
                                     mlir::Type type);

/// a * b and a + b for non-negative counts (FLOPs, bytes), saturating at
/// INT64_MAX instead of overflowing.
int64_t saturatingMul(int64_t a, int64_t b);
int64_t saturatingAdd(int64_t a, int64_t b);

} // namespace mcg::cgraph

#endif // MCG_DIALECT_CGRAPH_IR_TENSORSIZE_H
