//===- mcg-opt.cpp - mlir-opt with the cgraph dialect and passes ----------===//
//
// MlirOptMain with every upstream dialect, extension and pass, plus cgraph.
//
//===----------------------------------------------------------------------===//

#include "mcg/Codegen/Passes.h"
#include "mcg/Conversion/Passes.h"
#include "mcg/Dialect/CGraph/IR/CGraph.h"
#include "mcg/Dialect/CGraph/Transforms/Passes.h"
#include "mcg/Pipelines/Pipelines.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::registerAllPasses();
  mcg::cgraph::registerCGraphPasses();
  mcg::registerConversionPasses();
  mcg::registerCodegenPasses();
  mcg::registerCGraphPipelines();

  mlir::DialectRegistry registry;
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  registry.insert<mcg::cgraph::CGraphDialect>();

  return mlir::asMainReturnCode(mlir::MlirOptMain(
      argc, argv, "mcg optimizer driver: the cgraph dialect and passes\n",
      registry));
}
