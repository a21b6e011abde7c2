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
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::unique_ptr<mlir::MLIRContext> owner = mcg::fuzz::newContext();
  mlir::MLIRContext &ctx = *owner;
  mlir::ParserConfig config(&ctx, /*verifyAfterParse=*/true);
  // MLIR's lexer stops at a NUL terminator, which libFuzzer's buffer lacks
  // (a file read by the tools has one): parse a NUL-terminated copy.
  std::string text(reinterpret_cast<const char *>(data), size);
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceString<mlir::ModuleOp>(text, config);
  if (module)
    mcg::fuzz::runPasses(*module);
  return 0;
}
