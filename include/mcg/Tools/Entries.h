//===- Entries.h - several min_consumer slices in one module ----*- C++ -*-===//
//
// `mcg-compile --entry NAME=OUT[,OUT...]` (repeatable): one library with one
// function per entry, each running only the slice `--prune-to=OUT,...`
// keeps. The model's graph is replaced by one graph per entry, cut and
// transformed exactly as a separate build of that slice would be, so the
// lowering shares what the slices have in common: every weight is one
// global, and kernels that are alike are compiled once.
//
//===----------------------------------------------------------------------===//

#ifndef MCG_TOOLS_ENTRIES_H
#define MCG_TOOLS_ENTRIES_H

#include "mcg/Tools/Model.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace mcg {

/// One function of a multi-entry library.
struct EntrySpec {
  /// The entry's name (a C identifier); the function is `LIB_NAME`.
  std::string name;
  /// What follows `NAME=`: the slice, in `--prune-to`'s syntax (`cls,seg`,
  /// `cls inputs=stage2/block/relu`, ...).
  std::string slice;
};

/// Parses the values of `--entry` ("NAME=OUT[,OUT...] [inputs=...]"). An
/// error names the offending value: no `=`, an empty name or slice, a name
/// that is not a C identifier or holds `__` (kernels are named
/// `FUNCTION__k...`), or a name given twice.
llvm::Expected<std::vector<EntrySpec>>
parseEntries(llvm::ArrayRef<std::string> values);

/// Replaces the module's single cgraph.graph by one graph per entry, in the
/// order given, named `prefix` + "_" + the entry's name: each one cut to its
/// slice (the prune-to pass with the entry's text) and then folded and
/// fused as `passes` asks (its pruneTo must be empty). A failure was
/// reported as diagnostics; an error inside a slice carries a note naming
/// the entry.
mlir::LogicalResult buildEntryGraphs(mlir::ModuleOp module,
                                     llvm::ArrayRef<EntrySpec> entries,
                                     llvm::StringRef prefix,
                                     const GraphPassOptions &passes);

} // namespace mcg

#endif // MCG_TOOLS_ENTRIES_H
