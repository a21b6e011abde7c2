//===- ImportONNX.h - ONNX model to cgraph ----------------------*- C++ -*-===//
//
// Builds a cgraph.graph from a serialized ONNX ModelProto.
//
//===----------------------------------------------------------------------===//

#ifndef MCG_TARGET_ONNX_IMPORTONNX_H
#define MCG_TARGET_ONNX_IMPORTONNX_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/CommandLine.h"

#include <string>
#include <vector>

namespace mcg {

/// Dimensions a model leaves symbolic, pinned by the user. The importer
/// parses and checks the entries (a malformed one, an unknown input name or
/// a rank mismatch is an error).
struct ONNXImportOptions {
  /// `NAME=D0xD1x...` (--input-shape): the whole shape of graph input NAME.
  std::vector<std::string> inputShapes;
  /// `SYMBOL=N` (--dim): every dimension named SYMBOL (`dim_param`) in the
  /// graph's inputs, outputs and value_info.
  std::vector<std::string> dims;

  /// Symbolic input dimensions left unpinned stay dynamic (`?`, named by
  /// the graph's `cgraph.dim_params`) instead of being an error: for tools
  /// whose output is a model (mcg-opt, mcg-translate), not compiled code.
  bool keepSymbolicDims = false;

  /// No --input-shape or --dim given.
  bool empty() const { return inputShapes.empty() && dims.empty(); }
};

/// Registers --input-shape and --dim (repeatable) with LLVM's command
/// line, in onnxImportOptionCategory(); call before parsing argv.
void registerONNXImportOptions();

/// The category of --input-shape and --dim (for HideUnrelatedOptions).
llvm::cl::OptionCategory &onnxImportOptionCategory();

/// The values of --input-shape and --dim (empty if never registered).
ONNXImportOptions onnxImportOptionsFromCommandLine();

class ExternalDataFiles;

/// Parses `bytes` as an ONNX ModelProto and returns a module holding one
/// cgraph.graph named after the ONNX graph. External tensor data is read
/// relative to `baseDir` (the model file's directory), through `external`
/// if given (it must have been made for `baseDir`; the exporter asks it
/// where a weight came from). Large weights alias the parsed model's bytes
/// and the mapped data files instead of being copied. Emits a diagnostic at
/// `loc` and returns null for a malformed file, an opset outside 6-17, a
/// graph input dimension left dynamic after `options` pinned dimensions, or
/// a node mcg does not support (naming op type, node and opset).
mlir::OwningOpRef<mlir::ModuleOp>
importONNX(llvm::StringRef bytes, mlir::Location loc, llvm::StringRef baseDir,
           const ONNXImportOptions &options = {},
           ExternalDataFiles *external = nullptr);

/// As importONNX, but parses the model straight from the file at `path`
/// (which is never held in memory whole beside the parsed model); external
/// data is read relative to the file's directory.
mlir::OwningOpRef<mlir::ModuleOp>
importONNXFile(llvm::StringRef path, mlir::Location loc,
               const ONNXImportOptions &options = {},
               ExternalDataFiles *external = nullptr);

/// Registers `--import-onnx` with mlir-translate style drivers, and the
/// --input-shape / --dim options it reads.
void registerImportONNXTranslation();

} // namespace mcg

#endif // MCG_TARGET_ONNX_IMPORTONNX_H
