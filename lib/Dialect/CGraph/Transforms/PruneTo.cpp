//===- PruneTo.cpp - keep the min_consumer subgraph of named outputs ------===//
//
// `--prune-to=cls[,seg]`: output-driven dead-op elimination on a
// cgraph.graph. The outputs that are not kept are dropped from the
// terminator; then one reverse sweep over the body (and the regions of kept
// cgraph.if ops, whose captures are ordinary operands) erases every op that
// nothing kept needs, and finally the inputs nothing reads are removed.
// `inputs=` first makes named inner values new graph inputs (every use reads
// the input instead), so the sweep removes what only fed them. The optional
// report computes each output's backward cone on the unpruned graph.
//
//===----------------------------------------------------------------------===//

#include "mcg/Dialect/CGraph/Analysis/OutputCones.h"
#include "mcg/Dialect/CGraph/IR/CGraph.h"
#include "mcg/Dialect/CGraph/Transforms/JSONReport.h"
#include "mcg/Dialect/CGraph/Transforms/Passes.h"

#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/JSON.h"

namespace mcg::cgraph {
#define GEN_PASS_DEF_PRUNETO
#include "mcg/Dialect/CGraph/Transforms/Passes.h.inc"
} // namespace mcg::cgraph

using namespace mlir;
using namespace mcg::cgraph;

namespace {

/// The per-output part of the report, computed on the unpruned graph (after
/// the `inputs=` cuts, so each cone stops at the new inputs).
llvm::json::Array describeOutputs(GraphOp graph,
                                  const llvm::BitVector &keptOutputs) {
  OutputCones cones(graph);
  llvm::json::Array result;
  for (unsigned i = 0, e = cones.getOutputs().size(); i < e; ++i) {
    llvm::json::Object entry = cones.describe(i);
    entry["kept"] = keptOutputs.test(i);
    result.push_back(std::move(entry));
  }
  return result;
}

/// An inner value that `inputs=` makes a new graph input, and the name the
/// user gave it (which becomes the input's name).
struct Cut {
  std::string name;
  Value value;
};

/// The names an op answers to in `inputs=`: its source name (NameLoc), the
/// ONNX tensor name the importer nests in it (`loc("node"("tensor"(f)))`),
/// and for a fused location each of its parts (a fused op answers to the
/// names of the ops it groups).
void collectSourceNames(Location loc, SmallVectorImpl<StringRef> &names) {
  if (auto name = dyn_cast<NameLoc>(loc)) {
    names.push_back(name.getName().getValue());
    collectSourceNames(name.getChildLoc(), names);
  } else if (auto fused = dyn_cast<FusedLoc>(loc)) {
    for (Location inner : fused.getLocations())
      collectSourceNames(inner, names);
  }
}

/// Erases the ops of `block` that nothing needs: no result is used and the
/// op has no side effects. The sweep runs in reverse: in an SSA block every
/// user of a value comes after its definition (ops in nested regions
/// included), so by the time an op is visited its unneeded users are gone
/// and `use_empty()` decides. The regions of a kept op are swept before the
/// sweep moves past the op, so a value captured only by dead ops inside them
/// is unused by then. A kept cgraph.if, cgraph.loop or cgraph.scan first
/// loses the results nothing uses (and a loop the loop-carried values only
/// those need). Linear in the number of ops, with no side tables.
void eraseUnneededOps(Block &block) {
  for (Operation &op : llvm::make_early_inc_range(llvm::reverse(block))) {
    if (op.hasTrait<OpTrait::IsTerminator>())
      continue;
    if (op.use_empty() && isMemoryEffectFree(&op)) {
      op.erase();
      continue;
    }
    Operation *kept = &op;
    if (isa<IfOp, LoopOp, ScanOp>(op)) {
      IRRewriter rewriter(op.getContext());
      kept = dropUnusedResults(rewriter, &op);
    }
    for (Region &region : kept->getRegions())
      for (Block &nested : region)
        eraseUnneededOps(nested);
  }
}

// Errors are emitted at the graph's (or module's) location rather than on
// the op, so that mlir-opt does not attach the whole graph to the message as
// a "see current operation" note.

struct PruneToPass : public mcg::cgraph::impl::PruneToBase<PruneToPass> {
  using Base::Base;

  /// mlir-opt hands the text after `--prune-to=` to the pass as its option
  /// string, so a bare list of names (`cls,seg`, optionally followed by
  /// other options) means `outputs=cls,seg`.
  LogicalResult initializeOptions(
      StringRef options,
      function_ref<LogicalResult(const Twine &)> errorHandler) override {
    StringRef trimmed = options.trim();
    StringRef first = trimmed.take_until([](char c) { return c == ' '; });
    if (!trimmed.empty() && !first.contains('='))
      return Base::initializeOptions(("outputs=" + trimmed).str(),
                                     errorHandler);
    return Base::initializeOptions(options, errorHandler);
  }

  void runOnOperation() override;

private:
  FailureOr<GraphOp> selectGraph();
  FailureOr<llvm::BitVector> resolveOutputs(GraphOp graph);
  FailureOr<SmallVector<Cut>> resolveCuts(GraphOp graph,
                                          const llvm::BitVector &kept);
  FailureOr<Value> resolveCut(GraphOp graph, StringRef name,
                              const llvm::StringMap<Operation *> &byName,
                              const llvm::StringSet<> &nestedNames);
  LogicalResult applyCuts(GraphOp graph, ArrayRef<Cut> cuts);
  LogicalResult writeReport(GraphOp graph, llvm::json::Array outputs,
                            const Cost &before, llvm::json::Object inputs);
};

FailureOr<GraphOp> PruneToPass::selectGraph() {
  ModuleOp module = getOperation();
  SmallVector<GraphOp> graphs(module.getOps<GraphOp>());
  if (!graphName.empty()) {
    for (GraphOp graph : graphs)
      if (graph.getSymName() == graphName)
        return graph;
    InFlightDiagnostic diag = mlir::emitError(module.getLoc())
                              << "prune-to: no cgraph.graph named '"
                              << graphName << "'";
    diag << "; the module holds: ";
    llvm::interleaveComma(graphs, diag,
                          [&](GraphOp g) { diag << g.getSymName(); });
    return failure();
  }
  if (graphs.size() == 1)
    return graphs.front();
  if (graphs.empty()) {
    mlir::emitError(module.getLoc())
        << "prune-to: the module holds no cgraph.graph";
    return failure();
  }
  InFlightDiagnostic diag = mlir::emitError(module.getLoc())
                            << "prune-to: the module holds " << graphs.size()
                            << " graphs; select one with graph=NAME: ";
  llvm::interleaveComma(graphs, diag,
                        [&](GraphOp g) { diag << g.getSymName(); });
  return failure();
}

FailureOr<llvm::BitVector> PruneToPass::resolveOutputs(GraphOp graph) {
  if (outputs.empty()) {
    mlir::emitError(graph.getLoc())
        << "prune-to: no output names given; the graph's "
           "outputs are: "
        << graph.getOutputNames();
    return failure();
  }
  llvm::BitVector kept(graph.getNumResults());
  llvm::StringSet<> seen;
  for (const std::string &name : outputs) {
    if (!seen.insert(name).second) {
      mlir::emitError(graph.getLoc())
          << "prune-to: output '" << name << "' is named more than once";
      return failure();
    }
    std::optional<unsigned> index = graph.lookupOutput(name);
    if (!index) {
      InFlightDiagnostic diag = mlir::emitError(graph.getLoc())
                                << "prune-to: graph @" << graph.getSymName()
                                << " has no output named '" << name
                                << "'; its outputs are: ";
      llvm::interleaveComma(graph.getOutputNames(), diag, [&](Attribute a) {
        diag << cast<StringAttr>(a).getValue();
      });
      return failure();
    }
    kept.set(*index);
  }
  return kept;
}

/// The names the graph answers to in `inputs=`, nearest to `name` first
/// (edit distance), at most five.
static std::string nearestNames(StringRef name,
                                const llvm::StringMap<Operation *> &byName,
                                GraphOp graph) {
  SmallVector<std::pair<unsigned, StringRef>> candidates;
  for (const auto &entry : byName)
    candidates.push_back({name.edit_distance(entry.getKey()), entry.getKey()});
  for (Attribute a : graph.getOutputNames()) {
    StringRef output = cast<StringAttr>(a).getValue();
    if (!byName.contains(output))
      candidates.push_back({name.edit_distance(output), output});
  }
  llvm::sort(candidates);
  std::string result;
  llvm::raw_string_ostream os(result);
  for (auto [i, candidate] :
       llvm::enumerate(ArrayRef(candidates).take_front(5)))
    os << (i ? ", " : "") << candidate.second;
  return result;
}

/// Resolves one `inputs=` name: an output name, or the source name of an op
/// of the graph's body (when several ops carry it, as when one ONNX node
/// became several ops, the last one: it produces the node's result).
FailureOr<Value>
PruneToPass::resolveCut(GraphOp graph, StringRef name,
                        const llvm::StringMap<Operation *> &byName,
                        const llvm::StringSet<> &nestedNames) {
  if (graph.lookupInput(name)) {
    mlir::emitError(graph.getLoc())
        << "prune-to: '" << name << "' is already an input of graph @"
        << graph.getSymName();
    return failure();
  }
  if (std::optional<unsigned> output = graph.lookupOutput(name)) {
    Value v = graph.getOutputOp().getOperand(*output);
    if (auto arg = dyn_cast<BlockArgument>(v)) {
      mlir::emitError(graph.getLoc())
          << "prune-to: output '" << name << "' is the graph input '"
          << graph.getInputName(arg.getArgNumber()) << "'";
      return failure();
    }
    return v;
  }
  if (Operation *op = byName.lookup(name)) {
    if (op->getNumResults() != 1) {
      mlir::emitError(graph.getLoc())
          << "prune-to: '" << name << "' names a '" << op->getName()
          << "' op with " << op->getNumResults()
          << " results; inputs= takes ops with one result";
      return failure();
    }
    return op->getResult(0);
  }
  if (nestedNames.contains(name)) {
    mlir::emitError(graph.getLoc())
        << "prune-to: '" << name
        << "' names an op inside a region (cgraph.if or cgraph.fused); only "
           "values of the graph's body can become inputs";
    return failure();
  }
  mlir::emitError(graph.getLoc())
      << "prune-to: graph @" << graph.getSymName() << " has no value named '"
      << name
      << "' (an op's source name, an ONNX tensor name or an output name); "
         "the nearest are: "
      << nearestNames(name, byName, graph);
  return failure();
}

FailureOr<SmallVector<Cut>>
PruneToPass::resolveCuts(GraphOp graph, const llvm::BitVector &kept) {
  SmallVector<Cut> cuts;
  if (inputs.empty())
    return cuts;
  llvm::StringMap<Operation *> byName;
  llvm::StringSet<> nestedNames;
  SmallVector<StringRef> names;
  graph.getBody().walk([&](Operation *op) {
    names.clear();
    collectSourceNames(op->getLoc(), names);
    bool top = op->getParentOp() == graph.getOperation();
    for (StringRef name : names) {
      if (top && !op->hasTrait<OpTrait::IsTerminator>())
        byName[name] = op; // the walk is in order: the last op wins
      else
        nestedNames.insert(name);
    }
  });

  llvm::DenseMap<Value, StringRef> named;
  for (const std::string &name : inputs) {
    FailureOr<Value> value = resolveCut(graph, name, byName, nestedNames);
    if (failed(value))
      return failure();
    auto [it, inserted] = named.insert({*value, name});
    if (!inserted) {
      mlir::emitError(graph.getLoc())
          << "prune-to: "
          << (it->second == name
                  ? "input '" + name + "' is named more than once"
                  : "'" + it->second.str() + "' and '" + name +
                        "' name the same value");
      return failure();
    }
    cuts.push_back({name, *value});
  }

  // A cut that no kept output reads (past the other cuts) would become an
  // input that is dropped at once: certainly not what was asked.
  ConeBuilder cone;
  for (const Cut &cut : cuts)
    cone.addBoundary(cut.value);
  OutputOp output = graph.getOutputOp();
  for (unsigned i : kept.set_bits())
    cone.addValue(output.getOperand(i));
  (void)cone.run();
  for (const Cut &cut : cuts) {
    if (cone.reached(cut.value))
      continue;
    InFlightDiagnostic diag = mlir::emitError(graph.getLoc())
                              << "prune-to: '" << cut.name
                              << "' feeds none of the kept outputs (";
    llvm::interleaveComma(kept.set_bits(), diag,
                          [&](unsigned i) { diag << graph.getOutputName(i); });
    diag << ")";
    if (cuts.size() > 1)
      diag << " once the other inputs= values are cut";
    return failure();
  }
  return cuts;
}

/// Appends one graph input per cut, named as the user named it, and makes
/// every use of the cut value read that input.
LogicalResult PruneToPass::applyCuts(GraphOp graph, ArrayRef<Cut> cuts) {
  if (cuts.empty())
    return success();
  MLIRContext *ctx = &getContext();
  Block &entry = graph.getBody().front();
  SmallVector<Attribute> names(graph.getInputNames().getValue());
  for (const Cut &cut : cuts) {
    unsigned index = entry.getNumArguments();
    StringAttr name = StringAttr::get(ctx, cut.name);
    if (failed(graph.insertArgument(index, cut.value.getType(), {},
                                    NameLoc::get(name)))) {
      mlir::emitError(graph.getLoc())
          << "prune-to: cannot add the input '" << cut.name << "'";
      return failure();
    }
    Value(cut.value).replaceAllUsesWith(entry.getArgument(index));
    names.push_back(name);
  }
  graph.setInputNamesAttr(ArrayAttr::get(ctx, names));
  return success();
}

LogicalResult PruneToPass::writeReport(GraphOp graph, llvm::json::Array outputs,
                                       const Cost &before,
                                       llvm::json::Object inputs) {
  Cost after = costOfGraph(graph);
  llvm::json::Object removed{
      {"ops", before.ops - after.ops},
      {"weight_bytes", before.weightBytes - after.weightBytes},
      {"flops", before.flops - after.flops}};
  // After pruning, the graph's outputs are exactly the kept ones.
  llvm::json::Array keptNames;
  for (unsigned i = 0, e = graph.getNumResults(); i < e; ++i)
    keptNames.push_back(graph.getOutputName(i).str());
  llvm::json::Object report{{"graph", graph.getSymName().str()},
                            {"kept_outputs", std::move(keptNames)},
                            {"before", before.toJSON()},
                            {"after", after.toJSON()},
                            {"removed", std::move(removed)},
                            {"inputs", std::move(inputs)},
                            {"outputs", std::move(outputs)}};

  return writeJSONReport(reportFile, graph, "prune-to", /*perGraph=*/false,
                         llvm::json::Value(std::move(report)));
}

void PruneToPass::runOnOperation() {
  FailureOr<GraphOp> selected = selectGraph();
  if (failed(selected))
    return signalPassFailure();
  GraphOp graph = *selected;
  FailureOr<llvm::BitVector> kept = resolveOutputs(graph);
  if (failed(kept))
    return signalPassFailure();
  FailureOr<SmallVector<Cut>> cuts = resolveCuts(graph, *kept);
  if (failed(cuts))
    return signalPassFailure();
  // Everything is resolved: from here on the graph changes.

  unsigned numOriginalInputs = graph.getNumArguments();
  SmallVector<Attribute> originalInputs(graph.getInputNames().getValue());
  Cost before;
  if (!reportFile.empty())
    before = costOfGraph(graph);
  if (failed(applyCuts(graph, *cuts)))
    return signalPassFailure();
  llvm::json::Array outputReport;
  if (!reportFile.empty())
    outputReport = describeOutputs(graph, *kept);

  // Drop the outputs that are not kept.
  OutputOp output = graph.getOutputOp();
  llvm::BitVector dropOutputs = *kept;
  dropOutputs.flip();
  if (dropOutputs.any()) {
    SmallVector<Attribute> names;
    for (unsigned i : kept->set_bits())
      names.push_back(graph.getOutputNames()[i]);
    output->eraseOperands(dropOutputs);
    if (failed(graph.eraseResults(dropOutputs))) {
      mlir::emitError(graph.getLoc())
          << "prune-to: cannot erase the graph's results";
      return signalPassFailure();
    }
    graph.setOutputNamesAttr(ArrayAttr::get(&getContext(), names));
  }

  // Now every op that a kept output needs has a use, and nothing else does:
  // one reverse sweep erases the rest.
  eraseUnneededOps(graph.getBody().front());

  // Drop the inputs nothing reads any more.
  if (!keepUnusedInputs) {
    Block &entry = graph.getBody().front();
    llvm::BitVector dropInputs(entry.getNumArguments());
    SmallVector<Attribute> names;
    for (BlockArgument arg : entry.getArguments()) {
      if (arg.use_empty())
        dropInputs.set(arg.getArgNumber());
      else
        names.push_back(graph.getInputNames()[arg.getArgNumber()]);
    }
    if (dropInputs.any()) {
      if (failed(graph.eraseArguments(dropInputs))) {
        mlir::emitError(graph.getLoc())
            << "prune-to: cannot erase the graph's inputs";
        return signalPassFailure();
      }
      graph.setInputNamesAttr(ArrayAttr::get(&getContext(), names));
    }
  }

  if (reportFile.empty())
    return;
  // Which original inputs the kept outputs still read (a cut that does not
  // separate an output from an input keeps that input), which went, and the
  // new ones.
  llvm::StringSet<> remaining;
  for (Attribute a : graph.getInputNames())
    remaining.insert(cast<StringAttr>(a).getValue());
  llvm::json::Array keptInputs, removedInputs, newInputs;
  for (Attribute a : ArrayRef(originalInputs).take_front(numOriginalInputs)) {
    StringRef name = cast<StringAttr>(a).getValue();
    (remaining.contains(name) ? keptInputs : removedInputs)
        .push_back(name.str());
  }
  for (const Cut &cut : *cuts)
    newInputs.push_back(cut.name);
  llvm::json::Object inputReport{{"kept", std::move(keptInputs)},
                                 {"new", std::move(newInputs)},
                                 {"removed", std::move(removedInputs)}};
  if (failed(writeReport(graph, std::move(outputReport), before,
                         std::move(inputReport))))
    return signalPassFailure();
}

} // namespace
