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

namespace mcg {

/// Parses `bytes` as an ONNX ModelProto and returns a module holding one
/// cgraph.graph named after the ONNX graph. External tensor data is read
/// relative to `baseDir` (the model file's directory). Emits a diagnostic at
/// `loc` and returns null for a malformed file, an opset outside 6-17, a
/// dynamic shape, or a node mcg does not support (naming op type, node and
/// opset).
mlir::OwningOpRef<mlir::ModuleOp>
importONNX(llvm::StringRef bytes, mlir::Location loc, llvm::StringRef baseDir);

/// Registers `--import-onnx` with mlir-translate style drivers.
void registerImportONNXTranslation();

} // namespace mcg

#endif // MCG_TARGET_ONNX_IMPORTONNX_H
