//===- ExportONNX.h - cgraph to ONNX model ----------------------*- C++ -*-===//
//
// Writes a cgraph.graph as a serialized ONNX ModelProto, its weights
// streamed from where they are (never through text, never copied whole
// into a second buffer), inline, in place in the data files they came
// from, or in a new data file.
//
//===----------------------------------------------------------------------===//

#ifndef MCG_TARGET_ONNX_EXPORTONNX_H
#define MCG_TARGET_ONNX_EXPORTONNX_H

#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/raw_ostream.h"

#include <string>

namespace mcg {

class ExternalDataFiles;

/// Where an exported model's weights (constants over 256 bytes) go.
enum class ONNXWeights {
  /// A weight imported from an external data file stays a reference to
  /// the same file and offset; every other weight is written inline.
  Keep,
  /// Every weight goes into one new data file beside the model, named
  /// after it (`slice.onnx` -> `slice.onnx.data`), holding exactly the
  /// exported weights, each at an offset aligned to 16 bytes.
  DataFile,
  /// Every weight is written inline (a model over 2 GiB is an error).
  Inline,
};

struct ONNXExportOptions {
  ONNXWeights weights = ONNXWeights::Keep;
  /// The data files the module's weights were imported from (Keep refers
  /// to them); null if none.
  const ExternalDataFiles *external = nullptr;
  /// mcg's note on the export, written as the `metadata_props` entry
  /// `mcg` (replacing one the model had).
  std::string note = "exported by mcg";
};

/// Serializes the one cgraph.graph in `module` (before or after prune,
/// fold and fuse; a fused group exports as its ops) to `os`, every weight
/// inline, with the identity (`onnx.model`, `onnx.doc_string`, value
/// names) the importer kept. Emits a diagnostic and fails on an op or type
/// ONNX export does not cover, or a model over 2 GiB.
mlir::LogicalResult exportONNX(mlir::ModuleOp module, llvm::raw_ostream &os);

/// As exportONNX, to the file `path`, the weights placed as
/// `options.weights` says; data file locations are relative to `path`'s
/// directory. Keep fails on a weight whose data file is not below that
/// directory (ONNX locations cannot climb out of it); DataFile fails if
/// the new data file would replace one the model reads.
mlir::LogicalResult exportONNXFile(mlir::ModuleOp module, llvm::StringRef path,
                                   const ONNXExportOptions &options = {});

/// Registers `--export-onnx` with mlir-translate style drivers.
void registerExportONNXTranslation();

} // namespace mcg

#endif // MCG_TARGET_ONNX_EXPORTONNX_H
