//===- Folding.cpp - cgraph fold hook and constant materializer -----------===//
//
// The dialect's fold hook evaluates ops whose operands are all constant,
// through the same evaluator as --fold-constants, but only when the result
// is small: -canonicalize has no size budget, so a fold there must never
// bloat a model (a scalar broadcast to a huge tensor stays an op). Larger
// folds are --fold-constants' job, under its budget.
//
//===----------------------------------------------------------------------===//

#include "mcg/Dialect/CGraph/IR/CGraph.h"
#include "mcg/Dialect/CGraph/IR/ConstantEval.h"

#include "mlir/IR/Builders.h"
#include "mlir/Interfaces/FoldInterfaces.h"

using namespace mlir;
using namespace mcg::cgraph;

/// Results up to this size are folded by the fold hook (and so by
/// -canonicalize): shape arithmetic and small vectors.
static constexpr int64_t kFoldHookMaxBytes = 4096;
/// Operands up to this size are read by the fold hook.
static constexpr int64_t kFoldHookMaxOperandBytes = 1 << 20;

namespace {
struct CGraphFoldInterface : public DialectFoldInterface {
  using DialectFoldInterface::DialectFoldInterface;

  LogicalResult fold(Operation *op, ArrayRef<Attribute> operands,
                     SmallVectorImpl<OpFoldResult> &results) const final {
    if (!isFoldableKind(op) || op->getNumResults() != 1)
      return failure();
    auto type = dyn_cast<ShapedType>(op->getResult(0).getType());
    if (!type || !type.hasStaticShape() ||
        constantBytes(type) > kFoldHookMaxBytes)
      return failure();
    SmallVector<ConstTensor> values;
    std::string whyNot;
    for (Attribute attr : operands) {
      auto elements = dyn_cast_if_present<ElementsAttr>(attr);
      if (!elements)
        return failure();
      // A small result may still read a huge operand (a reduction).
      if (constantBytes(cast<ShapedType>(elements.getType())) >
          kFoldHookMaxOperandBytes)
        return failure();
      FailureOr<ConstTensor> value = readConstant(elements, whyNot);
      if (failed(value))
        return failure();
      values.push_back(std::move(*value));
    }
    FailureOr<ConstTensor> result = evaluateOnConstants(op, values, whyNot);
    if (failed(result))
      return failure();
    results.push_back(buildConstant(type, *result, "folded",
                                    /*resourceThreshold=*/INT64_MAX));
    return success();
  }
};
} // namespace

void CGraphDialect::registerFoldInterface() {
  addInterfaces<CGraphFoldInterface>();
}

Operation *CGraphDialect::materializeConstant(OpBuilder &builder,
                                              Attribute value, Type type,
                                              Location loc) {
  auto elements = dyn_cast<ElementsAttr>(value);
  if (!elements || elements.getType() != type || !isa<RankedTensorType>(type))
    return nullptr;
  return ConstantOp::create(builder, loc, type, elements);
}
