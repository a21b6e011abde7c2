//===- Library.h - a graph as a shared library and a C header ---*- C++ -*-===//
//
// What mcg-compile and the Python module's compile_library share: lower a
// graph for a CPU, compile it to machine code, link DIR/libNAME.so (which
// needs only libc and libm, and libomp with threads) with the weights
// embedded, and write DIR/NAME.h describing its function and buffers.
//
//===----------------------------------------------------------------------===//

#ifndef MCG_TOOLS_LIBRARY_H
#define MCG_TOOLS_LIBRARY_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Support/Timing.h"
#include "llvm/Support/Error.h"

#include <string>

namespace mcg {

/// How a library is built.
struct LibraryOptions {
  /// OpenMP threads for the contractions (> 1 links libomp).
  unsigned threads = 1;
  /// The CPU to generate code for, as LLVM names it (empty: the host's).
  std::string mcpu;
  /// The C compiler that links the library (empty: clang next to LLVM,
  /// then clang, then cc).
  std::string linker;
  /// The module holds one graph per entry (mcg/Tools/Entries.h), each
  /// already named as its function is exported; otherwise it holds one
  /// graph, exported under the library's name.
  bool entries = false;
  /// Where the graph came from, for the header's first line ("mcg-compile
  /// from model.onnx (--prune-to=cls)").
  std::string provenance;
};

/// The files a library build wrote.
struct LibraryFiles {
  std::string library, header;
};

/// Splits `path` ("DIR/NAME" or "NAME") into its directory and library
/// name; false if it names no file (empty, ".", "..", or ends in '/').
bool splitLibraryPath(llvm::StringRef path, std::string &dir,
                      std::string &name);

/// The C identifier the library NAME's function is named after (with
/// entries, the prefix of each function's name): NAME with every character
/// other than a letter, digit or '_' made '_', and a leading '_' if it
/// starts with a digit.
std::string libraryFunctionName(llvm::StringRef name);

/// Builds DIR/libNAME.so and DIR/NAME.h from `module` (one cgraph.graph
/// after any graph passes, or with `options.entries` one per entry; it is
/// lowered in place) and creates DIR. A single function is named after NAME
/// (made a C identifier); entries keep their graphs' names. Weights with
/// the same bytes are stored once. Failures of the lowering are diagnostics (a
/// DiagnosedError, mcg/Tools/Jit.h); the others are string errors. `timer`
/// times each phase.
llvm::Expected<LibraryFiles>
compileLibrary(mlir::ModuleOp module, llvm::StringRef dir, llvm::StringRef name,
               const LibraryOptions &options, mlir::TimingScope &timer);

} // namespace mcg

#endif // MCG_TOOLS_LIBRARY_H
