//===- GraphPicture.cpp - a cgraph.graph as a Graphviz picture ------------===//
//
// One pass over the graph's body makes the boxes: each op that is not a
// constant becomes a box (or joins its group's box, when its source name is
// longer than the collapse depth), and the constants it reads add to its
// weight count. A second pass over the operands makes the edges between
// boxes. The class of each op (the one highlighted output that needs it,
// shared, or not needed) comes from OutputCones; a group whose ops fall in
// several classes is drawn striped.
//
//===----------------------------------------------------------------------===//

#include "mcg/Viz/GraphPicture.h"
#include "mcg/Dialect/CGraph/Analysis/OutputCones.h"
#include "mcg/Dialect/CGraph/Transforms/JSONReport.h"

#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FormatVariadic.h"

#include <array>
#include <set>

using namespace mlir;
using namespace mcg;
using namespace mcg::cgraph;

// Pastel fills that black text reads on, told apart by people with the
// common colour-vision deficiencies (ColorBrewer "Paired", light halves).
static const llvm::StringRef kPalette[] = {"#a6cee3", "#fdbf6f", "#b2df8a",
                                           "#fb9a99", "#ffff99", "#80cdc1"};
const char *const mcg::viz::kSharedColour = "#cab2d6";
const char *const mcg::viz::kUnneededColour = "#f2f2f2";

namespace {

/// Which highlighted outputs need an op: one of them (its position in the
/// highlight list, >= 0), several, none, or no highlighting at all.
enum Class : int { kPlain = -3, kUnneeded = -2, kShared = -1 };

/// One box of the picture: an op, or a group of ops with a common source
/// name prefix.
struct Box {
  std::string id;
  /// The group's prefix; empty for a single op.
  std::string prefix;
  /// The op kinds in the box and how many of each, in first-seen order.
  std::vector<std::pair<std::string, unsigned>> kinds;

  void addKind(const std::string &kind) {
    for (auto &[k, n] : kinds)
      if (k == kind) {
        ++n;
        return;
      }
    kinds.push_back({kind, 1});
  }
  unsigned numOps = 0;
  /// The last op's result types and source name.
  std::string shape, sourceName;
  int64_t weights = 0, weightBytes = 0;
  llvm::SetVector<int> classes;
};

/// `1x64x56x56xf32` for a ranked tensor, MLIR's text otherwise.
std::string typeText(Type t) {
  std::string s;
  llvm::raw_string_ostream os(s);
  auto tensor = dyn_cast<RankedTensorType>(t);
  if (!tensor) {
    os << t;
    return s;
  }
  for (int64_t d : tensor.getShape())
    os << (ShapedType::isDynamic(d) ? std::string("?") : std::to_string(d))
       << "x";
  os << tensor.getElementType();
  return s;
}

/// The result types of an op.
std::string shapeOf(Operation *op) {
  std::string s;
  for (Type t : op->getResultTypes())
    s += (s.empty() ? "" : ", ") + typeText(t);
  return s;
}

/// The op's name without the dialect; for an op with regions (a fused
/// group, a cgraph.if), also the ops inside: `fused(conv2d+add+relu)`.
std::string kindOf(Operation *op) {
  std::string kind = op->getName().stripDialect().str();
  if (op->getNumRegions() == 0)
    return kind;
  std::string inner;
  for (Region &region : op->getRegions())
    for (Operation &nested : region.getOps())
      if (!nested.hasTrait<OpTrait::IsTerminator>())
        inner += (inner.empty() ? "" : "+") + kindOf(&nested);
  return kind + "(" + inner + ")";
}

/// The group of an op named `name`: the name cut after its `depth`-th
/// `/`-separated component (a leading `/`, as in ONNX names from PyTorch,
/// is kept), or the whole name when it has no more components. So `seg/up`
/// and `seg/up/relu` share the group `seg/up` at depth 2, and the ops of
/// one ONNX node (which share its name) share a group.
std::string prefixOf(StringRef name, unsigned depth) {
  size_t pos = name.starts_with("/") ? 1 : 0;
  for (unsigned i = 0; i < depth; ++i) {
    size_t slash = name.find('/', pos);
    if (slash == StringRef::npos)
      return name.str();
    pos = slash + 1;
  }
  return name.take_front(pos - 1).str();
}

/// DOT's quoted strings: `"` and `\` escaped, newlines as DOT's `\n`.
std::string quote(StringRef s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    if (c == '"' || c == '\\')
      out += '\\';
    out += c;
  }
  return out + "\"";
}

/// Text inside an HTML-like label.
std::string escapeHTML(StringRef s) {
  std::string out;
  for (char c : s) {
    switch (c) {
    case '&':
      out += "&amp;";
      break;
    case '<':
      out += "&lt;";
      break;
    case '>':
      out += "&gt;";
      break;
    case '"':
      out += "&quot;";
      break;
    default:
      out += c;
    }
  }
  return out;
}

/// 1234567 -> "1,234,567", as the legend prints the report's numbers.
std::string grouped(int64_t n) {
  std::string digits = std::to_string(n < 0 ? -n : n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0)
      out += ',';
    out += digits[i];
  }
  return n < 0 ? "-" + out : out;
}

/// 23528 -> "23.5k": the weight count in a box.
std::string compact(int64_t n) {
  if (n < 1000)
    return std::to_string(n);
  if (n < 1000000)
    return llvm::formatv("{0:F1}k", n / 1e3).str();
  return llvm::formatv("{0:F1}M", n / 1e6).str();
}

class Picture {
public:
  Picture(GraphOp graph, const viz::PictureOptions &options)
      : graph(graph), options(options) {}

  LogicalResult write(llvm::raw_ostream &os);

private:
  LogicalResult resolveHighlight();
  int classify(Operation *op) const;
  StringRef fill(int cls) const;
  void addOp(Operation *op);
  std::string nodeOf(Value v) const;
  void writeBox(const Box &box, llvm::raw_ostream &os) const;
  void writeLegend(llvm::raw_ostream &os) const;

  /// Mutable: GraphOp's accessors are not const.
  mutable GraphOp graph;
  const viz::PictureOptions &options;
  SmallVector<unsigned> highlighted;
  std::optional<OutputCones> cones;
  std::vector<Box> boxes;
  llvm::StringMap<unsigned> groupIndex;
  llvm::DenseMap<Operation *, unsigned> boxOf;
};

LogicalResult Picture::resolveHighlight() {
  if (options.highlight.size() > std::size(kPalette))
    return emitError(graph.getLoc())
           << "mcg-viz: " << options.highlight.size()
           << " outputs to highlight; at most " << std::size(kPalette)
           << " have colours of their own";
  llvm::StringSet<> seen;
  for (const std::string &name : options.highlight) {
    if (!seen.insert(name).second)
      return emitError(graph.getLoc())
             << "mcg-viz: output '" << name << "' is highlighted twice";
    std::optional<unsigned> index = graph.lookupOutput(name);
    if (!index) {
      InFlightDiagnostic diag = emitError(graph.getLoc())
                                << "mcg-viz: graph @" << graph.getSymName()
                                << " has no output named '" << name
                                << "'; its outputs are: ";
      llvm::interleaveComma(graph.getOutputNames(), diag, [&](Attribute a) {
        diag << cast<StringAttr>(a).getValue();
      });
      return failure();
    }
    highlighted.push_back(*index);
  }
  if (!highlighted.empty())
    cones.emplace(graph, highlighted);
  return success();
}

int Picture::classify(Operation *op) const {
  if (!cones)
    return kPlain;
  unsigned users = cones->getNumUsers(op);
  if (users == 0)
    return kUnneeded;
  if (users > 1)
    return kShared;
  return static_cast<int>(*cones->getExclusiveOwner(op));
}

StringRef Picture::fill(int cls) const {
  switch (cls) {
  case kPlain:
    return "white";
  case kUnneeded:
    return viz::kUnneededColour;
  case kShared:
    return viz::kSharedColour;
  default:
    return kPalette[cls];
  }
}

void Picture::addOp(Operation *op) {
  std::string sourceName = describeLocation(op->getLoc());
  // Only source names group ops; a file location (an op without a name)
  // stays a box of its own.
  Location loc = op->getLoc();
  bool named = isa<NameLoc>(loc) ||
               (isa<FusedLoc>(loc) &&
                llvm::any_of(cast<FusedLoc>(loc).getLocations(),
                             [](Location l) { return isa<NameLoc>(l); }));
  std::string prefix = options.collapseDepth && named
                           ? prefixOf(sourceName, options.collapseDepth)
                           : "";
  unsigned index;
  auto found = prefix.empty() ? groupIndex.end() : groupIndex.find(prefix);
  if (found != groupIndex.end()) {
    index = found->second;
  } else {
    index = boxes.size();
    boxes.emplace_back();
    boxes.back().id = "n" + std::to_string(index);
    boxes.back().prefix = prefix;
    if (!prefix.empty())
      groupIndex[prefix] = index;
  }
  boxOf[op] = index;
  Box &box = boxes[index];
  ++box.numOps;
  box.addKind(kindOf(op));
  box.shape = shapeOf(op);
  box.sourceName = sourceName;
  box.classes.insert(classify(op));
  // The weights it reads, directly or from inside its regions.
  llvm::SmallPtrSet<Operation *, 4> constants;
  op->walk([&](Operation *inner) {
    for (Value v : inner->getOperands())
      if (auto cst = v.getDefiningOp<ConstantOp>())
        if (constants.insert(cst).second) {
          box.weights += cast<ShapedType>(cst.getType()).getNumElements();
          box.weightBytes += cst.getPayloadBytes();
        }
  });
}

std::string Picture::nodeOf(Value v) const {
  if (auto arg = dyn_cast<BlockArgument>(v))
    return "in" + std::to_string(arg.getArgNumber());
  auto it = boxOf.find(v.getDefiningOp());
  return it == boxOf.end() ? "" : boxes[it->second].id;
}

void Picture::writeBox(const Box &box, llvm::raw_ostream &os) const {
  std::string label;
  llvm::raw_string_ostream text(label);
  // Three lines at most, so that long chains stay compact: what (op kind,
  // or group and its op kinds), the result type, the source name, and the
  // weights read.
  std::string weights =
      box.weights ? compact(box.weights) + " weights" : std::string();
  if (box.numOps == 1) {
    text << box.kinds.front().first << " " << box.shape << "\n"
         << box.sourceName;
    if (!weights.empty())
      text << "\n" << weights;
  } else {
    text << box.prefix << " (" << box.numOps << " ops)\n";
    unsigned shown = 0;
    for (auto [kind, count] : box.kinds) {
      if (shown++ == 4) {
        text << ", ...";
        break;
      }
      text << (shown > 1 ? ", " : "")
           << (count > 1 ? std::to_string(count) + " " : "") << kind;
    }
    text << "\n" << box.shape << (weights.empty() ? "" : ", ") << weights;
  }
  os << "  " << box.id << " [label=" << quote(label);
  if (box.numOps > 1)
    os << ", peripheries=2";
  if (box.classes.size() == 1) {
    int cls = box.classes.front();
    os << ", style=" << (box.numOps > 1 ? "filled" : "\"rounded,filled\"")
       << ", fillcolor=" << quote(fill(cls));
    if (cls == kUnneeded)
      os << ", fontcolor=\"#999999\", color=\"#bbbbbb\"";
  } else {
    std::string stripes;
    for (int cls : box.classes)
      stripes += (stripes.empty() ? "" : ":") + fill(cls).str();
    os << ", style=striped, fillcolor=" << quote(stripes);
  }
  os << "];\n";
}

/// The legend: one column per highlighted output, in its colour, with the
/// numbers of `--prune-to`'s report (ops, weight bytes, FLOPs of the whole
/// cone, and of its exclusive and shared parts), then the two other fills.
void Picture::writeLegend(llvm::raw_ostream &os) const {
  unsigned columns = highlighted.size() + 1;
  os << "  legend [shape=plaintext, margin=0, fontsize=9, label=<<table "
        "border=\"0\" cellborder=\"1\" cellspacing=\"0\" "
        "cellpadding=\"2\">\n"
     << "    <tr><td align=\"left\"><b>min_consumer slice</b></td>";
  for (unsigned i = 0, e = highlighted.size(); i < e; ++i)
    os << "<td bgcolor=\"" << kPalette[i] << "\"><b>"
       << escapeHTML(graph.getOutputName(highlighted[i])) << "</b></td>";
  os << "</tr>\n";
  SmallVector<std::array<Cost, 3>> costs;
  for (unsigned i = 0, e = highlighted.size(); i < e; ++i)
    costs.push_back(
        {cones->getTotal(i), cones->getExclusive(i), cones->getShared(i)});
  static const char *const parts[] = {"", "exclusive ", "shared "};
  for (unsigned part = 0; part < 3; ++part)
    for (unsigned metric = 0; metric < 3; ++metric) {
      os << "    <tr><td align=\"left\">" << parts[part]
         << (metric == 0   ? "ops"
             : metric == 1 ? "weight bytes"
                           : "FLOPs")
         << "</td>";
      for (const std::array<Cost, 3> &c : costs) {
        const Cost &cost = c[part];
        int64_t n = metric == 0   ? cost.ops
                    : metric == 1 ? cost.weightBytes
                                  : cost.flops;
        os << "<td align=\"right\">" << grouped(n) << "</td>";
      }
      os << "</tr>\n";
    }
  os << "    <tr><td bgcolor=\"" << viz::kSharedColour << "\" colspan=\""
     << columns << "\">shared: several of them need it</td></tr>\n"
     << "    <tr><td bgcolor=\"" << viz::kUnneededColour << "\" colspan=\""
     << columns << "\">none of them needs it</td></tr>\n"
     << "  </table>>];\n";
}

LogicalResult Picture::write(llvm::raw_ostream &os) {
  if (failed(resolveHighlight()))
    return failure();
  Block &body = graph.getBody().front();
  for (Operation &op : body.without_terminator())
    if (!isa<ConstantOp>(op))
      addOp(&op);

  os << "digraph " << quote(graph.getSymName()) << " {\n"
     << "  graph [rankdir=TB, nodesep=0.2, ranksep=0.25, fontname=Helvetica, "
        "label="
     << quote("@" + graph.getSymName().str()) << ", labelloc=t];\n"
     << "  node [shape=box, fontname=Helvetica, fontsize=10, "
        "margin=\"0.1,0.04\"];\n"
     << "  edge [color=\"#666666\", arrowsize=0.6];\n";
  if (cones) {
    writeLegend(os);
  }
  for (BlockArgument arg : body.getArguments())
    os << "  in" << arg.getArgNumber() << " [shape=ellipse, label="
       << quote("input " + graph.getInputName(arg.getArgNumber()).str() + "\n" +
                typeText(arg.getType()))
       << "];\n";
  for (const Box &box : boxes)
    writeBox(box, os);
  OutputOp output = graph.getOutputOp();
  for (unsigned i = 0, e = output.getNumOperands(); i < e; ++i) {
    auto at = llvm::find(highlighted, i);
    StringRef colour = at != highlighted.end()
                           ? kPalette[at - highlighted.begin()]
                           : (cones ? viz::kUnneededColour : "white");
    os << "  out" << i
       << " [shape=ellipse, style=filled, fillcolor=" << quote(colour)
       << ", label=" << quote("output " + graph.getOutputName(i).str())
       << "];\n";
  }

  // Edges between boxes, once per pair, in order of first use; values
  // captured by regions count as operands.
  using Edge = std::pair<std::string, std::string>;
  llvm::SetVector<Edge, std::vector<Edge>, std::set<Edge>> edges;
  for (Operation &op : body.without_terminator()) {
    auto it = boxOf.find(&op);
    if (it == boxOf.end())
      continue;
    const std::string &to = boxes[it->second].id;
    op.walk([&](Operation *inner) {
      for (Value v : inner->getOperands()) {
        if (v.getParentBlock() != &body)
          continue;
        std::string from = nodeOf(v);
        if (!from.empty() && from != to)
          edges.insert({from, to});
      }
    });
  }
  for (auto [i, v] : llvm::enumerate(output.getOperands())) {
    std::string from = nodeOf(v);
    if (!from.empty())
      edges.insert({from, "out" + std::to_string(i)});
  }
  for (auto &[from, to] : edges)
    os << "  " << from << " -> " << to << ";\n";
  os << "}\n";
  return success();
}

} // namespace

LogicalResult mcg::viz::writeDot(GraphOp graph, const PictureOptions &options,
                                 llvm::raw_ostream &os) {
  return Picture(graph, options).write(os);
}
