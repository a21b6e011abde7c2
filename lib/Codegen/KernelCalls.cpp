//===- KernelCalls.cpp - the call sites of every kernel -------------------===//

#include "KernelCalls.h"

#include "mlir/IR/SymbolTable.h"
#include "llvm/ADT/DenseSet.h"

using namespace mlir;

llvm::DenseMap<StringAttr, SmallVector<func::CallOp>>
mcg::codegen::callsByCallee(ModuleOp module) {
  llvm::DenseMap<StringAttr, SmallVector<func::CallOp>> calls;
  llvm::DenseSet<StringAttr> otherUses;
  if (std::optional<SymbolTable::UseRange> uses =
          SymbolTable::getSymbolUses(&module.getBodyRegion()))
    for (const SymbolTable::SymbolUse &use : *uses) {
      StringAttr name = use.getSymbolRef().getRootReference();
      if (auto call = dyn_cast<func::CallOp>(use.getUser()))
        calls[name].push_back(call);
      else
        otherUses.insert(name);
    }
  for (StringAttr name : otherUses)
    calls.erase(name);
  return calls;
}
