//===- mlir-passes-fuzzer.cpp - MLIR text -> parse -> passes -> verify ----===//
//
// Text in the cgraph dialect (the seeds are the lit tests' inputs): what
// parses and verifies goes through --prune-to, --fold-constants, --fuse
// and -canonicalize, and must stay valid after each.
//
//===----------------------------------------------------------------------===//

#include "FuzzSupport.h"

#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  mlir::MLIRContext &ctx = mcg::fuzz::context();
  mlir::ParserConfig config(&ctx, /*verifyAfterParse=*/true);
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceString<mlir::ModuleOp>(
          llvm::StringRef(reinterpret_cast<const char *>(data), size), config);
  if (module)
    mcg::fuzz::runPasses(*module);
  return 0;
}
