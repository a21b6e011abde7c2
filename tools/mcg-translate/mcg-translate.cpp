//===- mcg-translate.cpp - translations with the cgraph dialect -----------===//
//
// The translation driver of mcg: every upstream translation, of which
// --mlir-to-llvmir turns the output of `mcg-opt --cgraph-to-llvm` into LLVM
// IR. (ONNX import and export will live here too.)
//
//===----------------------------------------------------------------------===//

#include "mlir/InitAllTranslations.h"
#include "mlir/Tools/mlir-translate/MlirTranslateMain.h"

int main(int argc, char **argv) {
  mlir::registerAllTranslations();
  return mlir::failed(
      mlir::mlirTranslateMain(argc, argv, "mcg translation driver\n"));
}
