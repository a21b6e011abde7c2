//===- mcg-opt.cpp - mlir-opt with the cgraph dialect and passes ----------===//
//
// MlirOptMain with every upstream dialect, extension and pass, plus cgraph.
// An input file ending in .onnx is imported first (as mcg-translate
// --import-onnx would), so `mcg-opt model.onnx --prune-to=cls` works. An
// output file ending in .onnx is exported (as mcg-translate --export-onnx
// would) in the same process, so `mcg-opt model.onnx --prune-to=cls -o
// cls.onnx` extracts a slice without the weights ever becoming text: they
// stay in the parsed model or the mapped data files until they are
// written (docs/prune.md).
// --help opens with mcg's own passes (their summaries read from the pass
// registry), ahead of the several hundred upstream flags.
//
//===----------------------------------------------------------------------===//

#include "mcg/Codegen/Passes.h"
#include "mcg/Conversion/Passes.h"
#include "mcg/Dialect/CGraph/IR/CGraph.h"
#include "mcg/Dialect/CGraph/Transforms/Passes.h"
#include "mcg/Pipelines/Pipelines.h"
#include "mcg/Target/ONNX/ExportONNX.h"
#include "mcg/Target/ONNX/ExternalData.h"
#include "mcg/Target/ONNX/ImportONNX.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"

using namespace mlir;

/// --input-shape and --dim; the symbolic dimensions they leave stay
/// dynamic (mcg-opt's output is a model, not code).
static mcg::ONNXImportOptions importOptions() {
  mcg::ONNXImportOptions options = mcg::onnxImportOptionsFromCommandLine();
  options.keepSymbolicDims = true;
  return options;
}

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
      dir.empty() ? "." : dir, importOptions());
  if (!module)
    return nullptr;
  std::string text;
  llvm::raw_string_ostream os(text);
  module->print(os, OpPrintingFlags().enableDebugInfo());
  return llvm::MemoryBuffer::getMemBufferCopy(text, path);
}

/// Where an .onnx output's weights go (ExportONNX.h).
static llvm::cl::opt<mcg::ONNXWeights> onnxWeights(
    "onnx-weights",
    llvm::cl::desc("with an .onnx output (-o slice.onnx): where the weights "
                   "go (docs/prune.md)"),
    llvm::cl::values(
        clEnumValN(mcg::ONNXWeights::Keep, "keep",
                   "weights from external data stay references to their "
                   "files; the others inline (default)"),
        clEnumValN(mcg::ONNXWeights::DataFile, "data-file",
                   "every weight over 256 bytes in one new file, "
                   "OUTPUT.data"),
        clEnumValN(mcg::ONNXWeights::Inline, "inline",
                   "every weight inline (at most 2 GiB in all)")),
    llvm::cl::init(mcg::ONNXWeights::Keep));

/// Runs the command line's passes on `input` (.onnx or .mlir) and writes
/// the result as the ONNX model `output`, all in memory: the weights are
/// never printed as text. The flags that only make sense for text output
/// are errors here.
static int runToONNX(StringRef input, StringRef output,
                     DialectRegistry &registry) {
  MlirOptMainConfig config = MlirOptMainConfig::createFromCLOptions();
  if (config.shouldVerifyDiagnostics() || !config.inputSplitMarker().empty() ||
      config.shouldEmitBytecode() || config.shouldListPasses() ||
      config.shouldShowDialects() || config.shouldRunReproducer() ||
      !config.getIrdlFile().empty()) {
    llvm::errs() << "mcg-opt: --verify-diagnostics, --split-input-file, "
                    "--emit-bytecode, --list-passes, --show-dialects, "
                    "--run-reproducer and --irdl-file do not apply to an "
                    ".onnx output\n";
    return EXIT_FAILURE;
  }
  MLIRContext context(registry);
  context.allowUnregisteredDialects(config.shouldAllowUnregisteredDialects());
  context.loadDialect<mcg::cgraph::CGraphDialect>();
  llvm::SourceMgr sourceMgr;
  SourceMgrDiagnosticHandler handler(sourceMgr, &context);
  StringRef dir = llvm::sys::path::parent_path(input);
  mcg::ExternalDataFiles external(dir.empty() ? "." : dir);
  OwningOpRef<ModuleOp> module;
  if (input.ends_with(".onnx")) {
    module =
        mcg::importONNXFile(input, FileLineColLoc::get(&context, input, 0, 0),
                            importOptions(), &external);
  } else {
    std::string error;
    std::unique_ptr<llvm::MemoryBuffer> file = openInputFile(input, &error);
    if (!file) {
      llvm::errs() << "mcg-opt: cannot read '" << input << "': " << error
                   << "\n";
      return EXIT_FAILURE;
    }
    sourceMgr.AddNewSourceBuffer(std::move(file), llvm::SMLoc());
    module = parseSourceFile<ModuleOp>(sourceMgr, &context);
  }
  if (!module)
    return EXIT_FAILURE;
  PassManager pm(&context, ModuleOp::getOperationName(),
                 OpPassManager::Nesting::Implicit);
  pm.enableVerifier(config.shouldVerifyPasses());
  applyDefaultTimingPassManagerCLOptions(pm);
  if (failed(applyPassManagerCLOptions(pm)) ||
      failed(config.setupPassPipeline(pm)))
    return EXIT_FAILURE;
  if (config.shouldDumpPassPipeline())
    pm.dump();
  if (failed(pm.run(*module)))
    return EXIT_FAILURE;
  mcg::ONNXExportOptions options;
  options.weights = onnxWeights;
  options.external = &external;
  std::string pipeline;
  llvm::raw_string_ostream os(pipeline);
  pm.printAsTextualPipeline(os);
  options.note = "exported by mcg-opt";
  if (!pm.empty())
    options.note += " after " + pipeline;
  if (failed(mcg::exportONNXFile(*module, output, options)))
    return EXIT_FAILURE;
  return EXIT_SUCCESS;
}

/// mcg's passes as a user meets them: the graph passes in the order they
/// usually run, then lowering, then the code generator's steps.
static const char *const kGraphPasses[] = {"prune-to", "fold-constants", "fuse",
                                           "convert-cgraph-to-linalg",
                                           "cgraph-to-llvm"};
// In pipeline order (lib/Pipelines/Pipelines.cpp); profile-kernel-calls
// runs only for mcg-run --profile.
static const char *const kCodegenPasses[] = {"vectorize-contractions",
                                             "vectorize-transposes",
                                             "vectorize-elementwise",
                                             "vectorize-reductions",
                                             "fold-constant-transposes",
                                             "hoist-vector-transfers",
                                             "plan-memory",
                                             "inline-dealloc-helper",
                                             "convert-memref-copy-to-linalg",
                                             "vectorize-copies",
                                             "mask-partial-vectors",
                                             "parallelize-tiles",
                                             "approximate-math",
                                             "pin-multiply-add",
                                             "profile-kernel-calls"};

/// The --help overview: what the tool is, an example, and mcg's passes
/// (read from the registry, so a registered pass's summary is what shows).
static std::string overview() {
  std::string text =
      R"(mcg optimizer driver: mlir-opt with the cgraph dialect and mcg's passes
(every upstream dialect and pass too). Input: .mlir or .onnx.

  mcg-opt model.onnx --prune-to=cls --fold-constants --fuse -o cls.mlir
  mcg-opt model.onnx --prune-to=cls -o cls.onnx [--onnx-weights=data-file]
  mcg-opt cls.mlir --cgraph-to-llvm | mcg-translate --mlir-to-llvmir

mcg's passes (docs/prune.md, docs/passes.md, docs/codegen.md):
)";
  llvm::raw_string_ostream os(text);
  auto describe = [](StringRef arg) -> StringRef {
    if (const PassInfo *pass = PassInfo::lookup(arg))
      return pass->getPassDescription();
    if (const PassPipelineInfo *pipeline = PassPipelineInfo::lookup(arg))
      return pipeline->getPassDescription();
    return "(not registered)";
  };
  for (StringRef arg : kGraphPasses)
    os << llvm::formatv("  --{0,-30} {1}\n", arg, describe(arg));
  os << "code generation steps (--cgraph-to-llvm runs them):\n";
  for (StringRef arg : kCodegenPasses)
    os << llvm::formatv("  --{0,-30} {1}\n", arg, describe(arg));
  return text;
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

  auto [input, output] =
      registerAndParseCLIOptions(argc, argv, overview(), registry);
  if (StringRef(output).ends_with(".onnx"))
    return runToONNX(input, output, registry);
  if (onnxWeights.getNumOccurrences()) {
    llvm::errs() << "mcg-opt: --onnx-weights applies to an .onnx output (-o "
                    "slice.onnx); '"
                 << output << "' is not one\n";
    return EXIT_FAILURE;
  }
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
