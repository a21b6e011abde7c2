//===- FuzzSupport.cpp - shared setup of the libFuzzer targets ------------===//

#include "FuzzSupport.h"

#include "mcg/Dialect/CGraph/IR/CGraph.h"
#include "mcg/Dialect/CGraph/Transforms/Passes.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>

using namespace mlir;

namespace mcg::fuzz {

std::unique_ptr<MLIRContext> newContext() {
  static const bool registered = [] {
    cgraph::registerCGraphPasses();
    registerCanonicalizerPass();
    return true;
  }();
  (void)registered;
  DialectRegistry registry;
  registry.insert<cgraph::CGraphDialect>();
  auto ctx =
      std::make_unique<MLIRContext>(registry, MLIRContext::Threading::DISABLED);
  ctx->loadAllAvailableDialects();
  ctx->getDiagEngine().registerHandler([](Diagnostic &) { return success(); });
  return ctx;
}

void requireValid(ModuleOp module, StringRef stage) {
  // Print the verifier's complaint, which the swallowing handler hides.
  ScopedDiagnosticHandler show(module.getContext(), [](Diagnostic &d) {
    llvm::errs() << d << "\n";
    return success();
  });
  if (succeeded(verify(module)))
    return;
  llvm::errs() << "fuzz: invalid IR after " << stage << "\n";
  module.print(llvm::errs());
  std::abort();
}

/// Runs one textual pipeline on `module`; false if the pass failed.
static bool runPipeline(ModuleOp module, const std::string &pipeline) {
  PassManager pm(module.getContext());
  // Verification is done by requireValid, so that invalid IR aborts
  // while a pass that fails (an answer) does not.
  pm.enableVerifier(false);
  if (failed(parsePassPipeline(pipeline, pm)))
    return false;
  bool ok = succeeded(pm.run(module));
  requireValid(module, pipeline);
  return ok;
}

void runPasses(ModuleOp module) {
  std::string keep;
  module.walk([&](cgraph::GraphOp g) {
    if (keep.empty() && g.getNumResults() > 0)
      keep = g.getOutputName(0).str();
  });
  // A name with pipeline syntax in it would not parse; it is not the
  // pass under test then.
  if (!keep.empty() && keep.find_first_of("{},=\"' ") == std::string::npos)
    runPipeline(module, "builtin.module(prune-to{outputs=" + keep + "})");
  runPipeline(module, "builtin.module(cgraph.graph(fold-constants))");
  runPipeline(module, "builtin.module(cgraph.graph(fuse))");
  runPipeline(module, "builtin.module(canonicalize)");
}

} // namespace mcg::fuzz
