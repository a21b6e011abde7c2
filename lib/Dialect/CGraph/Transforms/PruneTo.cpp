//===- PruneTo.cpp - keep the min_consumer subgraph of named outputs ------===//
//
// `--prune-to=cls[,seg]`: output-driven dead-op elimination on a
// cgraph.graph. The outputs that are not kept are dropped from the
// terminator; then one reverse sweep over the body (and the regions of kept
// cgraph.if ops, whose captures are ordinary operands) erases every op that
// nothing kept needs, and finally the inputs nothing reads are removed. The
// optional report computes each output's backward cone on the unpruned
// graph.
//
//===----------------------------------------------------------------------===//

#include "mcg/Dialect/CGraph/IR/CGraph.h"
#include "mcg/Dialect/CGraph/IR/TensorSize.h"
#include "mcg/Dialect/CGraph/Transforms/JSONReport.h"
#include "mcg/Dialect/CGraph/Transforms/Passes.h"

#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/JSON.h"

namespace mcg::cgraph {
#define GEN_PASS_DEF_PRUNETO
#include "mcg/Dialect/CGraph/Transforms/Passes.h.inc"
} // namespace mcg::cgraph

using namespace mlir;
using namespace mcg::cgraph;

namespace {

using OpSet = llvm::DenseSet<Operation *>;

/// Computes the set of ops that `roots` (values and ops) transitively need
/// inside a graph; used for the per-output part of the report. An op is needed
/// when one of its results is; a needed op needs its operands, the terminators
/// of its regions, and any op with side effects nested in it. Values captured
/// by a region are operands of the ops inside it, so captures are followed like
/// any other use.
class ConeBuilder {
public:
  void addValue(Value v) {
    if (Operation *def = v.getDefiningOp())
      addOp(def);
  }

  void addOp(Operation *op) {
    if (live.insert(op).second)
      worklist.push_back(op);
  }

  OpSet run() {
    while (!worklist.empty()) {
      Operation *op = worklist.pop_back_val();
      for (Value operand : op->getOperands())
        addValue(operand);
      // An op inside a region is only needed if its parent is; make sure the
      // parent chain is live (it is when we came through a yield, but a
      // side-effecting nested op may be a root).
      if (Operation *parent = op->getParentOp();
          parent && !isa<GraphOp>(parent))
        addOp(parent);
      for (Region &region : op->getRegions())
        for (Block &block : region) {
          addOp(block.getTerminator());
          for (Operation &nested : block)
            if (!isMemoryEffectFree(&nested))
              addOp(&nested);
        }
    }
    return std::move(live);
  }

private:
  OpSet live;
  SmallVector<Operation *> worklist;
};

/// Ops, weight bytes and FLOPs of a set of ops.
struct Cost {
  int64_t ops = 0;
  int64_t weightBytes = 0;
  int64_t flops = 0;

  void add(Operation *op) {
    if (op->hasTrait<OpTrait::IsTerminator>())
      return;
    ++ops;
    if (auto cst = dyn_cast<ConstantOp>(op))
      weightBytes = saturatingAdd(weightBytes, cst.getPayloadBytes());
    if (auto counted = dyn_cast<FlopCountOpInterface>(op))
      flops = saturatingAdd(flops, counted.getFlopCount());
  }

  llvm::json::Object toJSON() const {
    return llvm::json::Object{
        {"ops", ops}, {"weight_bytes", weightBytes}, {"flops", flops}};
  }
};

Cost costOfGraph(GraphOp graph) {
  Cost cost;
  graph.getBody().walk([&](Operation *op) { cost.add(op); });
  return cost;
}

/// The per-output part of the report, computed on the unpruned graph.
llvm::json::Array describeOutputs(GraphOp graph,
                                  const llvm::BitVector &keptOutputs) {
  OutputOp output = graph.getOutputOp();
  unsigned numOutputs = output.getNumOperands();
  std::vector<OpSet> cones(numOutputs);
  llvm::DenseMap<Operation *, unsigned> users;
  for (unsigned i = 0; i < numOutputs; ++i) {
    ConeBuilder builder;
    builder.addValue(output.getOperand(i));
    cones[i] = builder.run();
    for (Operation *op : cones[i])
      ++users[op];
  }
  llvm::json::Array result;
  for (unsigned i = 0; i < numOutputs; ++i) {
    Cost total, exclusive, shared;
    for (Operation *op : cones[i]) {
      total.add(op);
      (users[op] == 1 ? exclusive : shared).add(op);
    }
    llvm::json::Object entry = total.toJSON();
    entry["name"] = graph.getOutputName(i).str();
    entry["kept"] = keptOutputs.test(i);
    entry["exclusive"] = exclusive.toJSON();
    entry["shared"] = shared.toJSON();
    result.push_back(std::move(entry));
  }
  return result;
}

/// Erases the ops of `block` that nothing needs: no result is used and the
/// op has no side effects. The sweep runs in reverse: in an SSA block every
/// user of a value comes after its definition (ops in nested regions
/// included), so by the time an op is visited its unneeded users are gone
/// and `use_empty()` decides. The regions of a kept op are swept before the
/// sweep moves past the op, so a value captured only by dead ops inside them
/// is unused by then. Linear in the number of ops, with no side tables.
void eraseUnneededOps(Block &block) {
  for (Operation &op : llvm::make_early_inc_range(llvm::reverse(block))) {
    if (op.hasTrait<OpTrait::IsTerminator>())
      continue;
    if (op.use_empty() && isMemoryEffectFree(&op)) {
      op.erase();
      continue;
    }
    for (Region &region : op.getRegions())
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
  LogicalResult writeReport(GraphOp graph, llvm::json::Array outputs,
                            const Cost &before);
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

LogicalResult PruneToPass::writeReport(GraphOp graph, llvm::json::Array outputs,
                                       const Cost &before) {
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

  llvm::json::Array outputReport;
  Cost before;
  if (!reportFile.empty()) {
    outputReport = describeOutputs(graph, *kept);
    before = costOfGraph(graph);
  }

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

  if (!reportFile.empty() &&
      failed(writeReport(graph, std::move(outputReport), before)))
    return signalPassFailure();
}

} // namespace
