//===- FoldConstantTransposes.cpp - transpose constant operands once ------===//
//
// A kernel that transposes one of its arguments (a convolution's filter)
// gets the transposed constant from its callers instead, when every caller
// passes a constant: the permutation is applied to the bytes at compile
// time.
//
//===----------------------------------------------------------------------===//

#include "mcg/Codegen/Passes.h"
#include "mcg/Conversion/CGraphToLinalg/CGraphToLinalg.h"
#include "mcg/Dialect/CGraph/IR/ConstantEval.h"

#include "KernelCalls.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/SymbolTable.h"

namespace mcg {
#define GEN_PASS_DEF_FOLDCONSTANTTRANSPOSES
#include "mcg/Codegen/Passes.h.inc"
} // namespace mcg

using namespace mlir;

namespace {

/// Constants up to this size stay dense literals; larger ones become
/// dense_resource blobs, as the ONNX importer makes them.
constexpr size_t kInlineBytes = 256;

/// `value`, read with the row-major shape `inShape` (its own or an
/// expansion of it), with its dimensions permuted (result dimension i is
/// input dimension perm[i]), or null when its bytes are not available.
ElementsAttr transposeConstant(ElementsAttr value, ArrayRef<int64_t> inShape,
                               ArrayRef<int64_t> perm,
                               RankedTensorType resultType) {
  auto type = cast<RankedTensorType>(value.getType());
  unsigned bits = type.getElementTypeBitWidth();
  if (bits % 8 != 0)
    return nullptr;
  if (auto dense = dyn_cast<DenseElementsAttr>(value); dense && dense.isSplat())
    return dense.reshape(resultType);
  ArrayRef<char> in = mcg::cgraph::rawElementBytes(value);
  size_t eltBytes = bits / 8;
  if (in.size() != type.getNumElements() * eltBytes)
    return nullptr;
  int64_t rank = inShape.size();
  SmallVector<int64_t> inStrides(rank, 1);
  for (int64_t d = rank - 2; d >= 0; --d)
    inStrides[d] = inStrides[d + 1] * inShape[d + 1];
  std::vector<char> out(in.size());
  SmallVector<int64_t> index(rank, 0); // Over the result's dimensions.
  for (int64_t linear = 0, e = type.getNumElements(); linear < e; ++linear) {
    int64_t source = 0;
    for (int64_t d = 0; d < rank; ++d)
      source += index[d] * inStrides[perm[d]];
    memcpy(out.data() + linear * eltBytes, in.data() + source * eltBytes,
           eltBytes);
    for (int64_t d = rank - 1; d >= 0; --d) {
      if (++index[d] < resultType.getDimSize(d))
        break;
      index[d] = 0;
    }
  }
  if (out.size() <= kInlineBytes)
    return DenseElementsAttr::getFromRawBuffer(resultType, out);
  return DenseResourceElementsAttr::get(
      resultType, "transposed",
      HeapAsmResourceBlob::allocateAndCopyWithAlign(ArrayRef<char>(out),
                                                    alignof(double)));
}

struct FoldConstantTransposesPass
    : public mcg::impl::FoldConstantTransposesBase<FoldConstantTransposesPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    auto callsOf = mcg::codegen::callsByCallee(module);
    for (func::FuncOp kernel : module.getOps<func::FuncOp>()) {
      if (!kernel->hasAttr("cgraph.kernel") || kernel.isExternal())
        continue;
      // The weights' layout is decided from here on: the marks of constant
      // arguments (for vectorize-contractions) have no meaning in LLVM.
      for (unsigned i = 0, e = kernel.getNumArguments(); i < e; ++i)
        kernel.removeArgAttr(i, mcg::kConstantArgAttrName);
      auto calls = callsOf.find(kernel.getSymNameAttr());
      if (calls == callsOf.end())
        continue;
      for (BlockArgument arg : kernel.getArguments())
        foldArgument(kernel, arg, calls->second);
    }
  }

  /// Folds the transpose of `arg` (directly, or of its expand_shape: a
  /// packed matrix product's panels) if that is the argument's only use and
  /// every call passes a constant whose bytes are known.
  void foldArgument(func::FuncOp kernel, BlockArgument arg,
                    ArrayRef<func::CallOp> calls) {
    if (!arg.hasOneUse())
      return;
    Operation *user = *arg.getUsers().begin();
    auto expand = dyn_cast<tensor::ExpandShapeOp>(user);
    if (expand) {
      if (!expand->hasOneUse())
        return;
      user = *expand->getUsers().begin();
    }
    Value input = expand ? expand.getResult() : Value(arg);
    auto transpose = dyn_cast<linalg::TransposeOp>(user);
    if (!transpose || transpose.getInput() != input ||
        !transpose.hasPureTensorSemantics())
      return;
    ArrayRef<int64_t> inShape =
        cast<RankedTensorType>(input.getType()).getShape();
    auto resultType =
        cast<RankedTensorType>(transpose.getResult()[0].getType());
    SmallVector<ElementsAttr> transposed;
    // Calls that pass the same weight (the entries of a multi-entry library
    // calling a kernel they share) get the same transposed constant, and so
    // one global.
    llvm::DenseMap<Attribute, ElementsAttr> done;
    for (func::CallOp call : calls) {
      auto cst = call.getOperand(arg.getArgNumber())
                     .getDefiningOp<arith::ConstantOp>();
      auto value = cst ? dyn_cast<ElementsAttr>(cst.getValue()) : nullptr;
      if (!value)
        return;
      ElementsAttr &folded = done[value];
      if (!folded)
        folded = transposeConstant(value, inShape, transpose.getPermutation(),
                                   resultType);
      if (!folded)
        return;
      transposed.push_back(folded);
    }
    for (auto [constCall, value] : llvm::zip(calls, transposed)) {
      func::CallOp call = constCall;
      OpBuilder b(call);
      Value cst = arith::ConstantOp::create(b, call.getLoc(), value);
      call->setOperand(arg.getArgNumber(), cst);
    }
    arg.setType(resultType);
    transpose.getResult()[0].replaceAllUsesWith(arg);
    transpose->erase();
    if (expand)
      expand->erase();
    SmallVector<Type> inputs(kernel.getBody().getArgumentTypes());
    kernel.setType(FunctionType::get(kernel.getContext(), inputs,
                                     kernel.getResultTypes()));
  }
};

} // namespace
