//===- ElementwiseOps.cpp - elementwise ops: inference and verification ---===//

#include "InferShape.h"
#include "mcg/Dialect/CGraph/IR/CGraph.h"
#include "mcg/Dialect/CGraph/IR/TensorSize.h"

using namespace mlir;
using namespace mcg::cgraph;
using namespace mcg::cgraph::detail;

/// Result type of a numpy-broadcast binary op.
template <typename OpTy>
static LogicalResult inferBinary(std::optional<Location> loc,
                                 typename OpTy::Adaptor adaptor,
                                 SmallVectorImpl<Type> &inferred) {
  auto lhs = cast<RankedTensorType>(adaptor.getLhs().getType());
  auto rhs = cast<RankedTensorType>(adaptor.getRhs().getType());
  std::optional<SmallVector<int64_t>> shape =
      broadcastShapes(lhs.getShape(), rhs.getShape());
  if (!shape)
    return inferError(loc, OpTy::getOperationName(), "operands ", lhs, " and ",
                      rhs, " are not broadcast-compatible");
  inferred.push_back(RankedTensorType::get(*shape, lhs.getElementType()));
  return success();
}

#define CGRAPH_BINARY_INFER(OP)                                                \
  LogicalResult OP::inferReturnTypes(                                          \
      MLIRContext *, std::optional<Location> loc, Adaptor adaptor,             \
      SmallVectorImpl<Type> &inferred) {                                       \
    return inferBinary<OP>(loc, adaptor, inferred);                            \
  }

CGRAPH_BINARY_INFER(AddOp)
CGRAPH_BINARY_INFER(SubOp)
CGRAPH_BINARY_INFER(MulOp)
CGRAPH_BINARY_INFER(DivOp)
CGRAPH_BINARY_INFER(MaxOp)
CGRAPH_BINARY_INFER(MinOp)
CGRAPH_BINARY_INFER(PowOp)
CGRAPH_BINARY_INFER(AndOp)
CGRAPH_BINARY_INFER(OrOp)
CGRAPH_BINARY_INFER(XorOp)

#undef CGRAPH_BINARY_INFER

/// Comparisons: the broadcast shape, as an i1 mask.
#define CGRAPH_COMPARE_INFER(OP)                                               \
  LogicalResult OP::inferReturnTypes(                                          \
      MLIRContext *ctx, std::optional<Location> loc, Adaptor adaptor,          \
      SmallVectorImpl<Type> &inferred) {                                       \
    if (failed(inferBinary<OP>(loc, adaptor, inferred)))                       \
      return failure();                                                        \
    inferred[0] =                                                              \
        cast<RankedTensorType>(inferred[0]).clone(IntegerType::get(ctx, 1));   \
    return success();                                                          \
  }

CGRAPH_COMPARE_INFER(EqualOp)
CGRAPH_COMPARE_INFER(LessOp)
CGRAPH_COMPARE_INFER(LessEqualOp)
CGRAPH_COMPARE_INFER(GreaterOp)
CGRAPH_COMPARE_INFER(GreaterEqualOp)

#undef CGRAPH_COMPARE_INFER

LogicalResult SelectOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &inferred) {
  auto cond = cast<RankedTensorType>(adaptor.getCondition().getType());
  auto onTrue = cast<RankedTensorType>(adaptor.getOnTrue().getType());
  auto onFalse = cast<RankedTensorType>(adaptor.getOnFalse().getType());
  std::optional<SmallVector<int64_t>> shape =
      broadcastShapes(onTrue.getShape(), onFalse.getShape());
  if (shape)
    shape = broadcastShapes(cond.getShape(), *shape);
  if (!shape)
    return inferError(loc, SelectOp::getOperationName(), "operands ", cond,
                      ", ", onTrue, " and ", onFalse,
                      " are not broadcast-compatible");
  inferred.push_back(RankedTensorType::get(*shape, onTrue.getElementType()));
  return success();
}

LogicalResult ClipOp::verify() {
  if (getMin().convertToDouble() > getMax().convertToDouble())
    return emitOpError() << "min " << getMin().convertToDouble()
                         << " is greater than max "
                         << getMax().convertToDouble();
  return success();
}

LogicalResult CastOp::verify() {
  auto in = cast<RankedTensorType>(getInput().getType());
  auto out = cast<RankedTensorType>(getType());
  if (in.getShape() != out.getShape())
    return emitOpError() << "changes the shape: input " << in << ", result "
                         << out;
  // A wider element type may take the result over the limit.
  return verifyTensorSize(*this, "result", out);
}

bool mcg::cgraph::isBinaryArithmetic(Operation *op) {
  return isa<AddOp, SubOp, MulOp, DivOp, MaxOp, MinOp, PowOp>(op);
}
