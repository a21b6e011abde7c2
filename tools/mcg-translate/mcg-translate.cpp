//===- mcg-translate.cpp - translations with the cgraph dialect -----------===//
//
// The translation driver of mcg: --import-onnx reads an ONNX model into a
// cgraph.graph, --export-onnx writes one back, and --mlir-to-llvmir turns
// the output of `mcg-opt --cgraph-to-llvm` into LLVM IR. Of upstream's
// translations only that one applies to what mcg produces, so only it is
// registered; and the hundreds of LLVM backend options that libLLVM
// registers are hidden from --help (they stay accepted).
//
//===----------------------------------------------------------------------===//

#include "mcg/Target/ONNX/ExportONNX.h"
#include "mcg/Target/ONNX/ImportONNX.h"

#include "mlir/InitAllTranslations.h"
#include "mlir/Tools/mlir-translate/MlirTranslateMain.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/raw_ostream.h"

static const char *const kOverview =
    R"(mcg translation driver: ONNX in and out of the cgraph dialect, and
MLIR's LLVM dialect to LLVM IR.

  mcg-translate --import-onnx model.onnx -o model.mlir
  mcg-translate --import-onnx det.onnx --input-shape image=1x3x640x640
  mcg-opt model.mlir --prune-to=cls | mcg-translate --export-onnx -o cls.onnx
  mcg-opt model.mlir --cgraph-to-llvm | mcg-translate --mlir-to-llvmir

mcg-opt, mcg-run and mcg-compile read .onnx files directly; --import-onnx
shows what they see. See docs/onnx.md.
)";

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
  // Everything registered so far that is not ours comes from libLLVM's
  // static initializers (code generator tuning for every target). The
  // options mlirTranslateMain registers itself (-o, the translations,
  // printing, timing) come later and stay visible.
  mcg::registerONNXImportOptions();
  llvm::cl::HideUnrelatedOptions(mcg::onnxImportOptionCategory());
  mlir::registerToLLVMIRTranslation();
  mcg::registerImportONNXTranslation();
  mcg::registerExportONNXTranslation();
  return mlir::failed(mlir::mlirTranslateMain(argc, argv, kOverview));
}
