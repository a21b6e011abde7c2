//===- ModelWriter.h - ONNX model serialization with weights ----*- C++ -*-===//
//
// The second half of ONNX export (ExportONNX.cpp builds the graph): the
// model's identity, and the weights placed and streamed. Private to
// lib/Target/ONNX.
//
//===----------------------------------------------------------------------===//

#ifndef MCG_LIB_TARGET_ONNX_MODELWRITER_H
#define MCG_LIB_TARGET_ONNX_MODELWRITER_H

#include "mcg/Target/ONNX/ExportONNX.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/ArrayRef.h"

#include "onnx/onnx_pb.h"

#include <memory>
#include <string>
#include <vector>

namespace mcg {

/// Constants up to this size are written inline always (the importer
/// makes dense literals of them; they have no data file to stay in).
constexpr size_t kSmallWeightBytes = 256;

/// A weight (a constant over kSmallWeightBytes) whose bytes the model
/// writer places: inline, in place in its data file, or in a new one.
struct Weight {
  /// Name, element type and dims; no data.
  onnx::TensorProto header;
  llvm::ArrayRef<char> bytes;
  /// Backs `bytes` when the attribute holds them in another form (a
  /// splat, packed i1).
  std::unique_ptr<std::string> owned;
};

/// Writes the model around `graph` (the exported graph without
/// `weights`) to `os`: the identity the module carries, then the graph,
/// with each weight placed as `options` says. `path` is the file `os`
/// writes ("" or "-" for a stream), the directory data locations are
/// relative to.
mlir::LogicalResult writeModel(mlir::ModuleOp module, onnx::GraphProto &graph,
                               std::vector<Weight> &weights,
                               const ONNXExportOptions &options,
                               llvm::raw_ostream &os, llvm::StringRef path);

} // namespace mcg

#endif // MCG_LIB_TARGET_ONNX_MODELWRITER_H
