//===- ExportONNX.h - cgraph to ONNX model ----------------------*- C++ -*-===//
//
// Writes a cgraph.graph as a serialized ONNX ModelProto (opset 17).
//
//===----------------------------------------------------------------------===//

#ifndef MCG_TARGET_ONNX_EXPORTONNX_H
#define MCG_TARGET_ONNX_EXPORTONNX_H

#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/raw_ostream.h"

namespace mcg {

/// Serializes the one cgraph.graph in `module` (before or after prune,
/// fold and fuse; a fused group exports as its ops) to `os`. Emits a
/// diagnostic and fails on an op or type ONNX export does not cover.
mlir::LogicalResult exportONNX(mlir::ModuleOp module, llvm::raw_ostream &os);

/// Registers `--export-onnx` with mlir-translate style drivers.
void registerExportONNXTranslation();

} // namespace mcg

#endif // MCG_TARGET_ONNX_EXPORTONNX_H
