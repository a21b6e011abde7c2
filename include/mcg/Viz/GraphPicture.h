//===- GraphPicture.h - a cgraph.graph as a Graphviz picture ----*- C++ -*-===//
//
// Draws a producer graph in the DOT language: one box per op (constants
// folded into their users' boxes as a weight count), coloured by which
// highlighted outputs need it, with ops grouped by source-name prefix when
// asked, and a legend with each highlighted output's cost. The colours come
// from OutputCones, the computation behind `--prune-to`'s report.
//
//===----------------------------------------------------------------------===//

#ifndef MCG_VIZ_GRAPHPICTURE_H
#define MCG_VIZ_GRAPHPICTURE_H

#include "mcg/Dialect/CGraph/IR/CGraph.h"

#include "llvm/Support/raw_ostream.h"

#include <string>
#include <vector>

namespace mcg::viz {

struct PictureOptions {
  /// Outputs to colour, each with its own colour (none: no colours).
  std::vector<std::string> highlight;
  /// Draw ops whose source names share their first `collapseDepth`
  /// `/`-separated components as one box (a shorter name is a group of its
  /// own); 0: one box per op.
  unsigned collapseDepth = 0;
};

/// The fill of an op that several highlighted outputs need, and of one that
/// none needs.
extern const char *const kSharedColour;
extern const char *const kUnneededColour;

/// Writes `graph` as a DOT digraph to `os`. Unknown or repeated highlight
/// names are errors, emitted at the graph's location.
mlir::LogicalResult writeDot(cgraph::GraphOp graph,
                             const PictureOptions &options,
                             llvm::raw_ostream &os);

} // namespace mcg::viz

#endif // MCG_VIZ_GRAPHPICTURE_H
