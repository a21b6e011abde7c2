//===- Model.cpp - loading, transforming and lowering a model -------------===//

#include "mcg/Tools/Model.h"

#include "mcg/Codegen/Passes.h"
#include "mcg/Conversion/Passes.h"
#include "mcg/Dialect/CGraph/IR/CGraph.h"
#include "mcg/Dialect/CGraph/IR/ConstantEval.h"
#include "mcg/Dialect/CGraph/Transforms/Passes.h"
#include "mcg/Pipelines/Pipelines.h"
#include "mcg/Target/ONNX/ImportONNX.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/OpenMP/OpenMPToLLVMIRTranslation.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/TargetSelect.h"

using namespace mlir;

namespace mcg {

int64_t TensorSpec::numElements() const {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

int64_t TensorSpec::bytes() const {
  return numElements() * ((elementType.getIntOrFloatBitWidth() + 7) / 8);
}

void initializeTools() {
  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();
  cgraph::registerCGraphPasses();
  registerConversionPasses();
  registerCodegenPasses();
  registerCGraphPipelines();
}

llvm::Expected<unsigned> takeThreadsFlag(int &argc, char **argv) {
  unsigned threads = 1;
  int out = 1;
  for (int i = 1; i < argc; ++i) {
    StringRef arg = argv[i];
    StringRef value;
    if (arg == "--threads" || arg == "-threads") {
      if (i + 1 == argc)
        return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                       "--threads needs a value");
      value = argv[++i];
    } else if (arg.consume_front("--threads=") ||
               arg.consume_front("-threads=")) {
      value = arg;
    } else {
      argv[out++] = argv[i];
      continue;
    }
    if (value.getAsInteger(10, threads) || threads == 0)
      return llvm::createStringError(
          llvm::inconvertibleErrorCode(),
          "--threads expects a positive number, got '" + value + "'");
  }
  argc = out;
  return threads;
}

llvm::Expected<unsigned>
parseToolCommandLine(int &argc, char **argv, llvm::cl::OptionCategory &category,
                     StringRef overview) {
  llvm::Expected<unsigned> threads = takeThreadsFlag(argc, argv);
  if (!threads)
    return threads.takeError();
  registerONNXImportOptions();
  llvm::cl::HideUnrelatedOptions({&category, &onnxImportOptionCategory()});
  std::string text =
      (overview + "\n\n  --threads=N  run contractions on N OpenMP threads "
                  "(default 1)\n")
          .str();
  llvm::cl::ParseCommandLineOptions(argc, argv, text);
  initializeTools();
  return threads;
}

void prepareContext(MLIRContext &context) {
  DialectRegistry registry;
  registerAllDialects(registry);
  registerAllExtensions(registry);
  registry.insert<cgraph::CGraphDialect>();
  registerBuiltinDialectTranslation(registry);
  registerLLVMDialectTranslation(registry);
  registerOpenMPDialectTranslation(registry);
  context.appendDialectRegistry(registry);
  context.loadAllAvailableDialects();
}

OwningOpRef<ModuleOp> loadModel(StringRef path, llvm::SourceMgr &sourceMgr,
                                MLIRContext &context) {
  return loadModel(path, sourceMgr, context,
                   onnxImportOptionsFromCommandLine());
}

OwningOpRef<ModuleOp> loadModel(StringRef path, llvm::SourceMgr &sourceMgr,
                                MLIRContext &context,
                                const ONNXImportOptions &onnxOptions) {
  std::string error;
  auto file = openInputFile(path, &error);
  if (!file) {
    emitError(UnknownLoc::get(&context))
        << "cannot read '" << path << "': " << error;
    return nullptr;
  }
  if (path.ends_with(".onnx")) {
    // Parsed from the file, not from `file`: the weights are held once.
    file.reset();
    return importONNXFile(path, FileLineColLoc::get(&context, path, 0, 0),
                          onnxOptions);
  }
  if (!onnxOptions.empty()) {
    emitError(UnknownLoc::get(&context))
        << "--input-shape and --dim apply to .onnx models; '" << path
        << "' is not one";
    return nullptr;
  }
  if (!path.ends_with(".mlir")) {
    emitError(UnknownLoc::get(&context))
        << "'" << path << "': a model must be a .mlir or .onnx file";
    return nullptr;
  }
  sourceMgr.AddNewSourceBuffer(std::move(file), llvm::SMLoc());
  return parseSourceFile<ModuleOp>(sourceMgr, &context);
}

LogicalResult runGraphPasses(ModuleOp module, const GraphPassOptions &options) {
  // The passes nest under the module PassManager below, so the text has no
  // builtin.module(...) anchor of its own.
  std::string pipeline;
  llvm::raw_string_ostream os(pipeline);
  bool first = true;
  auto add = [&](const std::string &pass) {
    os << (first ? "" : ",") << pass;
    first = false;
  };
  if (!options.pruneTo.empty())
    add("prune-to{" + options.pruneTo + "}");
  if (options.foldConstants)
    add("cgraph.graph(fold-constants)");
  if (options.fuse)
    add("cgraph.graph(fuse)");
  if (first)
    return success();
  PassManager pm(module.getContext());
  if (failed(parsePassPipeline(pipeline, pm, llvm::errs())))
    return failure();
  return pm.run(module);
}

static std::string dtypeOf(Type t) {
  if (t.isF32())
    return "f4";
  if (t.isF64())
    return "f8";
  if (t.isF16())
    return "f2";
  if (t.isInteger(64))
    return "i8";
  if (t.isInteger(32))
    return "i4";
  if (t.isInteger(8))
    return "i1";
  if (t.isInteger(1))
    return "b1";
  return "";
}

/// Describes `graph` with static shapes.
static FailureOr<GraphSignature> describeOne(cgraph::GraphOp graph) {
  GraphSignature sig;
  sig.name = graph.getSymName().str();
  auto describe = [&](Type type, StringRef name,
                      std::vector<TensorSpec> &out) -> LogicalResult {
    auto tensor = dyn_cast<RankedTensorType>(type);
    if (!tensor || !tensor.hasStaticShape())
      return emitError(graph.getLoc())
             << "'" << name << "' has type " << type
             << "; only statically shaped tensors can be compiled";
    std::string dtype = dtypeOf(tensor.getElementType());
    if (dtype.empty())
      return emitError(graph.getLoc())
             << "'" << name << "' has element type " << tensor.getElementType()
             << ", which has no .npy dtype";
    out.push_back({name.str(), SmallVector<int64_t>(tensor.getShape()),
                   tensor.getElementType(), dtype});
    return success();
  };
  for (unsigned i = 0; i < graph.getNumArguments(); ++i)
    if (failed(describe(graph.getArgumentTypes()[i], graph.getInputName(i),
                        sig.inputs)))
      return failure();
  for (unsigned i = 0; i < graph.getNumResults(); ++i)
    if (failed(describe(graph.getResultTypes()[i], graph.getOutputName(i),
                        sig.outputs)))
      return failure();
  return sig;
}

FailureOr<GraphSignature> describeGraph(ModuleOp module) {
  SmallVector<cgraph::GraphOp> graphs(module.getOps<cgraph::GraphOp>());
  if (graphs.size() != 1)
    return emitError(module.getLoc())
           << "expected exactly one cgraph.graph, found " << graphs.size();
  return describeOne(graphs.front());
}

FailureOr<std::vector<GraphSignature>> describeGraphs(ModuleOp module) {
  std::vector<GraphSignature> sigs;
  for (cgraph::GraphOp graph : module.getOps<cgraph::GraphOp>()) {
    FailureOr<GraphSignature> sig = describeOne(graph);
    if (failed(sig))
      return failure();
    sigs.push_back(std::move(*sig));
  }
  if (sigs.empty())
    return emitError(module.getLoc()) << "the module holds no cgraph.graph";
  return sigs;
}

LogicalResult lowerToLLVM(ModuleOp module, const CodegenOptions &options) {
  PassManager pm(module.getContext());
  buildCGraphToLLVMPipeline(pm, options);
  return pm.run(module);
}

std::string openMPRuntimePath() {
  const char *path = "/usr/lib/llvm-22/lib/libomp.so";
  return llvm::sys::fs::exists(path) ? path : "";
}

/// Constants of at least this many bytes (the weights) bypass LLVM.
constexpr size_t kExternalBytes = 1024;

SmallVector<WeightBlob> externalizeWeights(ModuleOp module) {
  SmallVector<WeightBlob> blobs;
  module.walk([&](LLVM::GlobalOp global) {
    auto value = dyn_cast_or_null<ElementsAttr>(global.getValueAttr());
    if (!global.getConstant() || !value ||
        value.getElementType().getIntOrFloatBitWidth() % 8 != 0)
      return;
    ArrayRef<char> bytes = cgraph::rawElementBytes(value);
    if (bytes.size() < kExternalBytes)
      return;
    blobs.push_back(
        {global.getSymName().str(), global.getAlignment().value_or(16), bytes});
    global.removeValueAttr();
    global.setLinkage(LLVM::Linkage::External);
    global.setVisibility_(LLVM::Visibility::Hidden);
  });
  return blobs;
}

} // namespace mcg
