//===- ConstantEval.h - evaluate cgraph ops on constants --------*- C++ -*-===//
//
// A reference evaluator for cgraph ops whose operands are all constant. It
// backs the dialect's fold hook (used by -canonicalize) and the
// --fold-constants pass.
//
//===----------------------------------------------------------------------===//

#ifndef MCG_DIALECT_CGRAPH_IR_CONSTANTEVAL_H
#define MCG_DIALECT_CGRAPH_IR_CONSTANTEVAL_H

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Operation.h"

#include <string>

namespace mcg::cgraph {

/// A constant tensor in a form that is easy to compute on: row-major values
/// widened to double (exact for f32/f16/bf16 and for integers below 2^53).
struct ConstTensor {
  llvm::SmallVector<int64_t> shape;
  std::vector<double> data;

  int64_t size() const { return static_cast<int64_t>(data.size()); }
};

/// The largest splat readConstant expands (a non-splat constant's elements
/// are in memory already).
constexpr int64_t kMaxSplatElements = int64_t(1) << 24;

/// Reads a constant (a dense literal or a dense_resource blob) of float or
/// integer elements. Fails with a reason for element types or resources it
/// cannot read, and for splats of more than kMaxSplatElements.
llvm::FailureOr<ConstTensor> readConstant(mlir::ElementsAttr attr,
                                          std::string &whyNot);

/// The bytes of a non-splat dense literal or of a loaded dense_resource
/// blob, as stored (row-major, little-endian); empty for anything else.
llvm::ArrayRef<char> rawElementBytes(mlir::ElementsAttr attr);

/// Builds an attribute of `type` holding `value`, rounding to the element
/// type. Tensors of more than `resourceThreshold` elements become a
/// dense_resource blob named after `nameHint`.
mlir::ElementsAttr buildConstant(mlir::ShapedType type,
                                 const ConstTensor &value,
                                 llvm::StringRef nameHint,
                                 int64_t resourceThreshold = 16);

/// Evaluates `op` on the constant `operands` (one per operand, all
/// present). Fails with a reason when the op kind, element type or a
/// dynamic shape is not supported.
llvm::FailureOr<ConstTensor>
evaluateOnConstants(mlir::Operation *op, llvm::ArrayRef<ConstTensor> operands,
                    std::string &whyNot);

/// Whether `op` is a kind that evaluateOnConstants handles.
bool isFoldableKind(mlir::Operation *op);

/// Bytes of a constant of `type` (elements times element size).
int64_t constantBytes(mlir::ShapedType type);

} // namespace mcg::cgraph

#endif // MCG_DIALECT_CGRAPH_IR_CONSTANTEVAL_H
