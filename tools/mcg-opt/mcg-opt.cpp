//===- mcg-opt.cpp - mlir-opt with the cgraph dialect and passes ----------===//
//
// MlirOptMain with every upstream dialect, extension and pass, plus cgraph.
// An input file ending in .onnx is imported first (as mcg-translate
// --import-onnx would), so `mcg-opt model.onnx --prune-to=cls` works.
//
//===----------------------------------------------------------------------===//

#include "mcg/Codegen/Passes.h"
#include "mcg/Conversion/Passes.h"
#include "mcg/Dialect/CGraph/IR/CGraph.h"
#include "mcg/Dialect/CGraph/Transforms/Passes.h"
#include "mcg/Pipelines/Pipelines.h"
#include "mcg/Target/ONNX/ImportONNX.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"

using namespace mlir;

/// Imports the ONNX model at `path` and returns it printed as MLIR, with
/// its locations (node names), or null after printing the diagnostics.
static std::unique_ptr<llvm::MemoryBuffer>
importToBuffer(StringRef path, DialectRegistry &registry) {
  MLIRContext context(registry);
  llvm::SourceMgr sourceMgr;
  SourceMgrDiagnosticHandler handler(sourceMgr, &context);
  std::string error;
  std::unique_ptr<llvm::MemoryBuffer> file = openInputFile(path, &error);
  if (!file) {
    llvm::errs() << "mcg-opt: cannot read '" << path << "': " << error << "\n";
    return nullptr;
  }
  StringRef dir = llvm::sys::path::parent_path(path);
  OwningOpRef<ModuleOp> module = mcg::importONNX(
      file->getBuffer(), FileLineColLoc::get(&context, path, 0, 0),
      dir.empty() ? "." : dir, mcg::onnxImportOptionsFromCommandLine());
  if (!module)
    return nullptr;
  std::string text;
  llvm::raw_string_ostream os(text);
  module->print(os, OpPrintingFlags().enableDebugInfo());
  return llvm::MemoryBuffer::getMemBufferCopy(text, path);
}

int main(int argc, char **argv) {
  registerAllPasses();
  mcg::cgraph::registerCGraphPasses();
  mcg::registerConversionPasses();
  mcg::registerCodegenPasses();
  mcg::registerCGraphPipelines();

  mcg::registerONNXImportOptions();
  DialectRegistry registry;
  registerAllDialects(registry);
  registerAllExtensions(registry);
  registry.insert<mcg::cgraph::CGraphDialect>();

  auto [input, output] = registerAndParseCLIOptions(
      argc, argv,
      "mcg optimizer driver: the cgraph dialect and passes (input: .mlir or "
      ".onnx)\n",
      registry);
  if (!StringRef(input).ends_with(".onnx")) {
    if (!mcg::onnxImportOptionsFromCommandLine().empty()) {
      llvm::errs() << "mcg-opt: --input-shape and --dim apply to .onnx "
                      "models; '"
                   << input << "' is not one\n";
      return EXIT_FAILURE;
    }
    return asMainReturnCode(MlirOptMain(argc, argv, input, output, registry));
  }

  std::unique_ptr<llvm::MemoryBuffer> buffer = importToBuffer(input, registry);
  if (!buffer)
    return EXIT_FAILURE;
  std::string error;
  std::unique_ptr<llvm::ToolOutputFile> out = openOutputFile(output, &error);
  if (!out) {
    llvm::errs() << "mcg-opt: " << error << "\n";
    return EXIT_FAILURE;
  }
  if (failed(MlirOptMain(out->os(), std::move(buffer), registry,
                         MlirOptMainConfig::createFromCLOptions())))
    return EXIT_FAILURE;
  out->keep();
  return EXIT_SUCCESS;
}
