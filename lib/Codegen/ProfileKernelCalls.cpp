//===- ProfileKernelCalls.cpp - time every kernel call --------------------===//
//
// Wraps each described kernel call (`mcg.profile`, from
// convert-cgraph-to-linalg{profile=true}) in calls to two runtime hooks that
// receive the call's id, and moves the descriptions into one table on the
// module, indexed by that id, for the tool that defines the hooks.
//
//===----------------------------------------------------------------------===//

#include "mcg/Codegen/KernelProfile.h"
#include "mcg/Codegen/Passes.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/SymbolTable.h"

namespace mcg {
#define GEN_PASS_DEF_PROFILEKERNELCALLS
#include "mcg/Codegen/Passes.h.inc"
} // namespace mcg

using namespace mlir;

namespace {

struct ProfileKernelCallsPass
    : public mcg::impl::ProfileKernelCallsBase<ProfileKernelCallsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<func::CallOp> calls;
    module.walk([&](func::CallOp call) {
      if (call->hasAttr(mcg::kProfileAttrName))
        calls.push_back(call);
    });
    if (calls.empty())
      return;
    if (module->hasAttr(mcg::kProfileAttrName)) {
      module.emitError("profile-kernel-calls: the module already holds a "
                       "kernel profile table ('")
          << mcg::kProfileAttrName << "')";
      return signalPassFailure();
    }
    FailureOr<func::FuncOp> enter = declareHook(module, mcg::kProfileEnterHook);
    FailureOr<func::FuncOp> exit = declareHook(module, mcg::kProfileExitHook);
    if (failed(enter) || failed(exit))
      return signalPassFailure();

    SmallVector<Attribute> table;
    for (func::CallOp call : calls) {
      auto description =
          dyn_cast<DictionaryAttr>(call->getAttr(mcg::kProfileAttrName));
      if (!description) {
        call.emitError("profile-kernel-calls: '")
            << mcg::kProfileAttrName << "' must be a dictionary, got "
            << call->getAttr(mcg::kProfileAttrName);
        return signalPassFailure();
      }
      OpBuilder b(call);
      NamedAttrList entry(description);
      entry.set(mcg::kProfileKernelKey, call.getCalleeAttr().getAttr());
      Value id = arith::ConstantIntOp::create(
          b, call.getLoc(), static_cast<int64_t>(table.size()), /*width=*/64);
      table.push_back(entry.getDictionary(&getContext()));
      func::CallOp::create(b, call.getLoc(), *enter, id);
      b.setInsertionPointAfter(call);
      func::CallOp::create(b, call.getLoc(), *exit, id);
      call->removeAttr(mcg::kProfileAttrName);
    }
    module->setAttr(mcg::kProfileAttrName,
                    ArrayAttr::get(&getContext(), table));
  }

  /// The declaration `func.func private @name(i64)`, added at the start of
  /// the module unless a function of that name and type exists.
  static FailureOr<func::FuncOp> declareHook(ModuleOp module, StringRef name) {
    MLIRContext *ctx = module.getContext();
    auto type = FunctionType::get(ctx, {IntegerType::get(ctx, 64)}, {});
    if (Operation *existing = SymbolTable::lookupSymbolIn(module, name)) {
      auto func = dyn_cast<func::FuncOp>(existing);
      if (!func || func.getFunctionType() != type)
        return existing->emitError("profile-kernel-calls: @")
               << name << " is the runtime hook's name; it must be a "
               << "func.func of type " << type;
      return func;
    }
    OpBuilder b = OpBuilder::atBlockBegin(module.getBody());
    auto func = func::FuncOp::create(b, module.getLoc(), name, type);
    func.setPrivate();
    return func;
  }
};

} // namespace
