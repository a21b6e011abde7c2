//===- CGraphTraits.h - cgraph op traits ------------------------*- C++ -*-===//
//
// Op traits of the cgraph dialect.
//
//===----------------------------------------------------------------------===//

#ifndef MCG_DIALECT_CGRAPH_IR_CGRAPHTRAITS_H
#define MCG_DIALECT_CGRAPH_IR_CGRAPHTRAITS_H

#include "mcg/Dialect/CGraph/IR/TensorSize.h"

#include "mlir/IR/OpDefinition.h"

namespace mcg::cgraph::CGraphTrait {

/// Runs the op's shape inference as a verifier before InferTypeOpInterface
/// does. Shape inference emits one precise diagnostic (op, operands, shapes);
/// running it first (and checking the declared result types here) means the
/// verifier stops with that one error, instead of adding the interface's
/// generic "failed to infer returned types" as a second one. A result
/// beyond the tensor size limit (TensorSize.h) is an error too.
template <typename ConcreteType>
class VerifyShapeFirst
    : public mlir::OpTrait::TraitBase<ConcreteType, VerifyShapeFirst> {
public:
  static llvm::LogicalResult verifyTrait(mlir::Operation *op) {
    llvm::SmallVector<mlir::Type> types;
    auto concrete = llvm::cast<ConcreteType>(op);
    if (failed(ConcreteType::inferReturnTypes(
            op->getContext(), op->getLoc(),
            typename ConcreteType::Adaptor(concrete), types)))
      return llvm::failure();
    if (mlir::TypeRange(types) != op->getResultTypes())
      return op->emitOpError()
             << "result type " << op->getResultTypes()
             << " does not match the inferred type " << mlir::TypeRange(types);
    for (mlir::Type type : types)
      if (failed(verifyTensorSize(op, "result", type)))
        return llvm::failure();
    return llvm::success();
  }
};

} // namespace mcg::cgraph::CGraphTrait

#endif // MCG_DIALECT_CGRAPH_IR_CGRAPHTRAITS_H
