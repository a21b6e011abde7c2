//===- mcg-translate.cpp - translations with the cgraph dialect -----------===//
//
// The translation driver of mcg: --import-onnx reads an ONNX model into a
// cgraph.graph, --export-onnx writes one back, and every upstream
// translation is there too, of which --mlir-to-llvmir turns the output of
// `mcg-opt --cgraph-to-llvm` into LLVM IR.
//
//===----------------------------------------------------------------------===//

#include "mcg/Target/ONNX/ExportONNX.h"
#include "mcg/Target/ONNX/ImportONNX.h"

#include "mlir/InitAllTranslations.h"
#include "mlir/Tools/mlir-translate/MlirTranslateMain.h"

int main(int argc, char **argv) {
  mlir::registerAllTranslations();
  mcg::registerImportONNXTranslation();
  mcg::registerExportONNXTranslation();
  return mlir::failed(
      mlir::mlirTranslateMain(argc, argv, "mcg translation driver\n"));
}
