//===- JSONReport.cpp - the JSON reports of the cgraph passes -------------===//

#include "mcg/Dialect/CGraph/Transforms/JSONReport.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/ToolOutputFile.h"

using namespace mlir;

LogicalResult mcg::cgraph::writeJSONReport(StringRef path, GraphOp graph,
                                           StringRef passName, bool perGraph,
                                           llvm::json::Value report) {
  std::string file = path.str();
  size_t at = file.find("%g");
  if (at != std::string::npos) {
    file.replace(at, 2, graph.getSymName().str());
  } else if (auto module = dyn_cast_or_null<ModuleOp>(graph->getParentOp());
             perGraph && module) {
    auto graphs = module.getOps<GraphOp>();
    if (std::next(graphs.begin()) != graphs.end() && path != "-")
      return emitError(graph.getLoc())
             << passName << ": the module holds several graphs; put %g in "
             << "report=" << path << " to write one report per graph";
  }
  std::string error;
  std::unique_ptr<llvm::ToolOutputFile> out = openOutputFile(file, &error);
  if (!out)
    return emitError(graph.getLoc())
           << passName << ": cannot write report '" << file << "': " << error;
  out->os() << llvm::formatv("{0:2}", report) << "\n";
  out->keep();
  return success();
}

std::string mcg::cgraph::describeLocation(Location loc) {
  if (auto name = dyn_cast<NameLoc>(loc))
    return name.getName().str();
  if (auto fused = dyn_cast<FusedLoc>(loc))
    for (Location inner : fused.getLocations())
      if (isa<NameLoc>(inner))
        return describeLocation(inner);
  if (auto file = dyn_cast<FileLineColLoc>(loc))
    return llvm::formatv("{0}:{1}:{2}", file.getFilename().getValue(),
                         file.getLine(), file.getColumn())
        .str();
  std::string s;
  llvm::raw_string_ostream os(s);
  loc.print(os);
  return s;
}
