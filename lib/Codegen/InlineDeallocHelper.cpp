//===- InlineDeallocHelper.cpp - no dynamic memrefs across calls ----------===//
//
// bufferization-lower-deallocations generates `@dealloc_helper` for the
// deallocations whose buffers' ownership is decided at run time; it takes
// memref<?xindex> and memref<?xi1> arguments, which the bare-pointer
// calling convention cannot pass. Its calls are inlined here and the
// helper is erased, so nothing dynamic crosses a call.
//
//===----------------------------------------------------------------------===//

#include "mcg/Codegen/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Transforms/InliningUtils.h"

namespace mcg {
#define GEN_PASS_DEF_INLINEDEALLOCHELPER
#include "mcg/Codegen/Passes.h.inc"
} // namespace mcg

using namespace mlir;

namespace {

/// What LowerDeallocations names the function it generates.
constexpr llvm::StringLiteral kHelperName = "dealloc_helper";

struct InlineDeallocHelperPass
    : public mcg::impl::InlineDeallocHelperBase<InlineDeallocHelperPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    auto helper = module.lookupSymbol<func::FuncOp>(kHelperName);
    if (!helper || helper.isExternal())
      return;
    SmallVector<func::CallOp> calls;
    module.walk([&](func::CallOp call) {
      if (call.getCallee() == kHelperName)
        calls.push_back(call);
    });
    InlinerInterface interface(&getContext());
    auto clone = [](OpBuilder &, Region *src, Block *inlineBlock,
                    Block *postInsertBlock, IRMapping &mapper,
                    bool shouldCloneInlinedRegion) {
      Region *into = inlineBlock->getParent();
      src->cloneInto(into, postInsertBlock->getIterator(), mapper);
    };
    for (func::CallOp call : calls) {
      if (failed(
              inlineCall(interface, clone, call, helper, &helper.getBody()))) {
        call.emitError() << "cannot inline the buffer-deallocation helper";
        return signalPassFailure();
      }
      call.erase();
    }
    helper.erase();
  }
};

} // namespace
