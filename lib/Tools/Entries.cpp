//===- Entries.cpp - several min_consumer slices in one module ------------===//
//
// Each entry's graph comes from a copy of the whole model module, run
// through the same graph passes (prune-to with the entry's text, then
// fold-constants and fuse) as `mcg-compile --prune-to=TEXT` runs: the slice
// is the one a separate build compiles, whatever the others hold. The
// graphs then meet in the model's module; what they share is shared by the
// lowering (one global per constant, one kernel per set of alike ops) and
// by the weights file (identical bytes stored once, mcg/Tools/Library.h).
//
//===----------------------------------------------------------------------===//

#include "mcg/Tools/Entries.h"
#include "mcg/Dialect/CGraph/IR/CGraph.h"

#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"

using namespace llvm;

namespace mcg {

static Error entryError(StringRef value, const Twine &why) {
  return createStringError(inconvertibleErrorCode(),
                           "--entry '" + value + "': " + why);
}

static bool isCIdentifier(StringRef name) {
  return !name.empty() && !isDigit(name.front()) &&
         llvm::all_of(name, [](char c) { return isAlnum(c) || c == '_'; });
}

Expected<std::vector<EntrySpec>> parseEntries(ArrayRef<std::string> values) {
  std::vector<EntrySpec> entries;
  StringSet<> seen;
  for (StringRef value : values) {
    auto [name, slice] = value.split('=');
    if (!value.contains('='))
      return entryError(value, "expected NAME=OUT[,OUT...]");
    if (name.empty())
      return entryError(value, "the entry has no name (expected "
                               "NAME=OUT[,OUT...])");
    if (!isCIdentifier(name))
      return entryError(value, "the entry name '" + name +
                                   "' is not a C identifier (letters, "
                                   "digits and '_', not starting with a "
                                   "digit)");
    if (name.contains("__"))
      return entryError(value, "the entry name '" + name +
                                   "' holds '__', which the library's "
                                   "internal kernels use");
    if (slice.trim().empty())
      return entryError(value, "the entry names no outputs (expected "
                               "NAME=OUT[,OUT...])");
    if (!seen.insert(name).second)
      return entryError(value, "an entry named '" + name +
                                   "' is given "
                                   "already");
    entries.push_back({name.str(), slice.trim().str()});
  }
  return entries;
}

mlir::LogicalResult buildEntryGraphs(mlir::ModuleOp module,
                                     ArrayRef<EntrySpec> entries,
                                     StringRef prefix,
                                     const GraphPassOptions &passes) {
  assert(passes.pruneTo.empty() && "each entry prunes to its own slice");
  SmallVector<cgraph::GraphOp> graphs(module.getOps<cgraph::GraphOp>());
  if (graphs.size() != 1)
    return mlir::emitError(module.getLoc())
           << "--entry needs a model with exactly one cgraph.graph, found "
           << graphs.size();
  cgraph::GraphOp model = graphs.front();
  // Each entry starts from the model as loaded, whatever entries `module`
  // holds already.
  mlir::OwningOpRef<mlir::ModuleOp> original = module.clone();
  for (const EntrySpec &entry : entries) {
    // The pass diagnostics speak of the model's graph; say which entry.
    mlir::ScopedDiagnosticHandler note(
        module.getContext(), [&](mlir::Diagnostic &diag) {
          if (diag.getSeverity() == mlir::DiagnosticSeverity::Error)
            diag.attachNote(model.getLoc())
                << "in --entry " << entry.name << "=" << entry.slice;
          return mlir::failure(); // Then printed as usual.
        });
    mlir::OwningOpRef<mlir::ModuleOp> copy = original->clone();
    GraphPassOptions slice = passes;
    slice.pruneTo = entry.slice;
    if (failed(runGraphPasses(*copy, slice)))
      return mlir::failure();
    cgraph::GraphOp graph = *copy->getOps<cgraph::GraphOp>().begin();
    graph.setSymName((prefix + "_" + entry.name).str());
    graph->moveBefore(model);
  }
  model.erase();
  return mlir::success();
}

} // namespace mcg
