//===- FuzzSupport.h - shared setup of the libFuzzer targets ----*- C++ -*-===//
//
// One MLIRContext per input with the cgraph dialect, diagnostics
// swallowed (a diagnostic is a correct answer to a bad input), and the
// check every target ends with: whatever mcg accepted must verify.
//
//===----------------------------------------------------------------------===//

#ifndef MCG_FUZZ_FUZZSUPPORT_H
#define MCG_FUZZ_FUZZSUPPORT_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/ADT/StringRef.h"

#include <memory>

namespace mcg::fuzz {

/// A new context for one input: the cgraph dialect (and builtin), no
/// unregistered dialects, multithreading off, diagnostics discarded. Each
/// input gets its own, because a context keeps every resource blob made in
/// it (the importer's large constants) until it is destroyed: one shared
/// context grew to the fuzzer's memory limit after 456,879 graphs.
std::unique_ptr<mlir::MLIRContext> newContext();

/// Aborts (a crash the fuzzer reports) if `module` does not verify:
/// `stage` says what produced it.
void requireValid(mlir::ModuleOp module, llvm::StringRef stage);

/// Runs --prune-to (the first output of the first graph, when there is
/// one), --fold-constants, --fuse and -canonicalize on `module`, one pass
/// at a time; a pass may fail (an answer), but what it leaves must verify.
void runPasses(mlir::ModuleOp module);

} // namespace mcg::fuzz

#endif // MCG_FUZZ_FUZZSUPPORT_H
