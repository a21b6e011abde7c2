//===- Model.h - loading, transforming and lowering a model -----*- C++ -*-===//
//
// What mcg-run and mcg-compile share: read a model, apply --prune-to /
// --fold-constants / --fuse, describe the graph's inputs and outputs, and
// lower it to the LLVM dialect.
//
//===----------------------------------------------------------------------===//

#ifndef MCG_TOOLS_MODEL_H
#define MCG_TOOLS_MODEL_H

#include "mcg/Pipelines/Pipelines.h"
#include "mcg/Target/ONNX/ImportONNX.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/SourceMgr.h"

#include <string>
#include <vector>

namespace mcg {

/// The graph-level passes a user asked for, in the order they run.
struct GraphPassOptions {
  /// The text after `--prune-to=` (empty: no pruning).
  std::string pruneTo;
  bool foldConstants = false;
  bool fuse = false;
};

/// One input or output of a graph.
struct TensorSpec {
  std::string name;
  llvm::SmallVector<int64_t> shape;
  mlir::Type elementType;
  /// NumPy's dtype string for the element type ("f4", "i8", "b1").
  std::string dtype;

  int64_t numElements() const;
  int64_t bytes() const;
};

struct GraphSignature {
  std::string name;
  std::vector<TensorSpec> inputs, outputs;
};

/// What every mcg tool does first: registers mcg's passes and pipelines
/// (so that pipelines such as `prune-to{cls}` parse) and the native target.
void initializeTools();

/// Removes `--threads=N` / `--threads N` from argv and returns N (1 when
/// absent). libLLVM already registers a hidden command-line option named
/// `threads`, so the tools read theirs before LLVM's parser sees argv.
llvm::Expected<unsigned> takeThreadsFlag(int &argc, char **argv);

/// The start of a tool's main: takes `--threads`, registers --input-shape
/// and --dim, shows only `category`'s options and those, parses argv with
/// `overview` (plus a line on --threads), and calls initializeTools. Returns
/// the thread count.
llvm::Expected<unsigned>
parseToolCommandLine(int &argc, char **argv, llvm::cl::OptionCategory &category,
                     llvm::StringRef overview);

/// A context with every dialect, extension and translation mcg needs.
void prepareContext(mlir::MLIRContext &context);

/// Parses a model (.mlir) into `sourceMgr` (which must outlive the
/// module, so that diagnostics can quote the model's lines), or imports an
/// ONNX model (.onnx) with the dimensions `onnxOptions` pins (an error with
/// a .mlir model).
mlir::OwningOpRef<mlir::ModuleOp>
loadModel(llvm::StringRef path, llvm::SourceMgr &sourceMgr,
          mlir::MLIRContext &context, const ONNXImportOptions &onnxOptions);

/// loadModel with the --input-shape / --dim of the command line (registered
/// by parseToolCommandLine).
mlir::OwningOpRef<mlir::ModuleOp> loadModel(llvm::StringRef path,
                                            llvm::SourceMgr &sourceMgr,
                                            mlir::MLIRContext &context);

/// Runs the requested graph passes (prune, then fold, then fuse).
mlir::LogicalResult runGraphPasses(mlir::ModuleOp module,
                                   const GraphPassOptions &options);

/// Describes the module's single cgraph.graph (an error if it holds none or
/// several) with static shapes.
mlir::FailureOr<GraphSignature> describeGraph(mlir::ModuleOp module);

/// Describes every cgraph.graph of the module (an error if it holds none),
/// in the module's order, with static shapes.
mlir::FailureOr<std::vector<GraphSignature>>
describeGraphs(mlir::ModuleOp module);

/// Lowers the module to the LLVM dialect (the cgraph-to-llvm pipeline with
/// `options`).
mlir::LogicalResult lowerToLLVM(mlir::ModuleOp module,
                                const CodegenOptions &options);

/// A constant global taken out of the LLVM module.
struct WeightBlob {
  std::string symbol;
  uint64_t alignment;
  llvm::ArrayRef<char> bytes; // Owned by the MLIR context.
};

/// On a module in the LLVM dialect: turns every constant global of 1 KiB
/// or more into a hidden external declaration and returns the bytes it
/// held, for the caller to define (mcg-compile assembles them with
/// .incbin; mcg-run registers their addresses with the JIT). LLVM then
/// never sees the weights: translating, optimizing and emitting resnet18's
/// 46.7 MB as LLVM constants took half of its compile time.
llvm::SmallVector<WeightBlob> externalizeWeights(mlir::ModuleOp module);

/// The OpenMP runtime threaded code needs (libomp.so next to LLVM), or an
/// empty string if it is not installed.
std::string openMPRuntimePath();

} // namespace mcg

#endif // MCG_TOOLS_MODEL_H
