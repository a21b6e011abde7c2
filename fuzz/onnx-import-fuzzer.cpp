//===- onnx-import-fuzzer.cpp - ONNX bytes -> import -> verify ------------===//
//
// Byte-level: any file must import to valid IR or be refused with a
// diagnostic. External data is looked up under a directory that does not
// exist, so the fuzzer reads no files. Inputs of odd length are imported
// as mcg-opt does, keeping symbolic dimensions (a second import and the
// merge of SymbolicDims.cpp); even ones as mcg-run does.
//
//===----------------------------------------------------------------------===//

#include "FuzzSupport.h"

#include "mcg/Target/ONNX/ImportONNX.h"

#include "mlir/IR/Location.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::unique_ptr<mlir::MLIRContext> owner = mcg::fuzz::newContext();
  mlir::MLIRContext &ctx = *owner;
  mcg::ONNXImportOptions options;
  options.keepSymbolicDims = size % 2 == 1;
  mlir::OwningOpRef<mlir::ModuleOp> module = mcg::importONNX(
      llvm::StringRef(reinterpret_cast<const char *>(data), size),
      mlir::UnknownLoc::get(&ctx), "/nonexistent-mcg-fuzz", options);
  if (module)
    mcg::fuzz::requireValid(*module, "import");
  return 0;
}
