//===- JSONReport.h - the JSON reports of the cgraph passes -----*- C++ -*-===//
//
// Writing the `report=FILE` output of prune-to, fold-constants and fuse.
// (MLIR's pass statistics are compiled out of Debian's release libMLIR:
// llvm::Statistic is a no-op under NDEBUG, so -mlir-pass-statistics shows
// nothing. The reports are where mcg's passes put their counts.)
//
//===----------------------------------------------------------------------===//

#ifndef MCG_DIALECT_CGRAPH_TRANSFORMS_JSONREPORT_H
#define MCG_DIALECT_CGRAPH_TRANSFORMS_JSONREPORT_H

#include "mcg/Dialect/CGraph/IR/CGraph.h"

#include "llvm/Support/JSON.h"

namespace mcg::cgraph {

/// Writes `report` as indented JSON to `path` ("-" is stdout). A "%g" in
/// the path is replaced by the graph's name. A pass that runs on every graph
/// (`perGraph`) needs it when the module holds several graphs, so that they
/// do not overwrite each other's report. Errors are emitted at the graph's
/// location.
llvm::LogicalResult writeJSONReport(llvm::StringRef path, GraphOp graph,
                                    llvm::StringRef passName, bool perGraph,
                                    llvm::json::Value report);

/// The source name of an op (its NameLoc, or the first one inside a fused
/// location), or its printed location otherwise.
std::string describeLocation(mlir::Location loc);

} // namespace mcg::cgraph

#endif // MCG_DIALECT_CGRAPH_TRANSFORMS_JSONREPORT_H
