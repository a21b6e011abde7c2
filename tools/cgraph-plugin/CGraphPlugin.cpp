//===- CGraphPlugin.cpp - cgraph as an mlir-opt plugin --------------------===//
//
// Exposes the cgraph dialect (mlirGetDialectPluginInfo) and its passes
// (mlirGetPassPluginInfo) to a stock mlir-opt.
//
//===----------------------------------------------------------------------===//

#include "mcg/Codegen/Passes.h"
#include "mcg/Conversion/Passes.h"
#include "mcg/Dialect/CGraph/IR/CGraph.h"
#include "mcg/Dialect/CGraph/Transforms/Passes.h"
#include "mcg/Pipelines/Pipelines.h"

#include "mlir/Tools/Plugins/DialectPlugin.h"
#include "mlir/Tools/Plugins/PassPlugin.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/Compiler.h"

extern "C" LLVM_ATTRIBUTE_WEAK mlir::DialectPluginLibraryInfo
mlirGetDialectPluginInfo() {
  return {MLIR_PLUGIN_API_VERSION, "CGraph", LLVM_VERSION_STRING,
          [](mlir::DialectRegistry *registry) {
            registry->insert<mcg::cgraph::CGraphDialect>();
          }};
}

extern "C" LLVM_ATTRIBUTE_WEAK mlir::PassPluginLibraryInfo
mlirGetPassPluginInfo() {
  return {MLIR_PLUGIN_API_VERSION, "CGraphPasses", LLVM_VERSION_STRING, []() {
            mcg::cgraph::registerCGraphPasses();
            mcg::registerConversionPasses();
            mcg::registerCodegenPasses();
            mcg::registerCGraphPipelines();
          }};
}
