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
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"

/// --input-shape and --dim only mean something to --import-onnx; with any
/// other translation they would be ignored, so they are an error.
static bool onnxFlagsWithoutImport(int argc, char **argv) {
  bool flags = false, import = false;
  for (int i = 1; i < argc; ++i) {
    llvm::StringRef arg = llvm::StringRef(argv[i]).ltrim('-');
    flags |= arg.starts_with("input-shape") || arg == "dim" ||
             arg.starts_with("dim=");
    import |= arg == "import-onnx";
  }
  return flags && !import;
}

int main(int argc, char **argv) {
  if (onnxFlagsWithoutImport(argc, argv)) {
    llvm::errs() << "mcg-translate: --input-shape and --dim apply to "
                    "--import-onnx only\n";
    return 1;
  }
  mlir::registerAllTranslations();
  mcg::registerImportONNXTranslation();
  mcg::registerExportONNXTranslation();
  return mlir::failed(
      mlir::mlirTranslateMain(argc, argv, "mcg translation driver\n"));
}
