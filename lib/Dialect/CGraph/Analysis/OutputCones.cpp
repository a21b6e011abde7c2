//===- OutputCones.cpp - what each output of a graph needs ----------------===//
//
// One backward walk per output from its `cgraph.output` operand, each into
// its own set; a count per op of how many outputs reached it splits each
// cone into exclusive and shared ops. About one graph walk per output.
//
//===----------------------------------------------------------------------===//

#include "mcg/Dialect/CGraph/Analysis/OutputCones.h"
#include "mcg/Dialect/CGraph/IR/TensorSize.h"

#include "mlir/Interfaces/SideEffectInterfaces.h"

using namespace mlir;
using namespace mcg::cgraph;

void ConeBuilder::addValue(Value v) {
  if (boundary.contains(v)) {
    reachedBoundary.insert(v);
    return;
  }
  if (Operation *def = v.getDefiningOp())
    addOp(def);
}

void ConeBuilder::addOp(Operation *op) {
  if (live.insert(op).second)
    worklist.push_back(op);
}

OpSet ConeBuilder::run() {
  while (!worklist.empty()) {
    Operation *op = worklist.pop_back_val();
    for (Value operand : op->getOperands())
      addValue(operand);
    // An op inside a region is only needed if its parent is; make sure the
    // parent chain is live (it is when we came through a yield, but a
    // side-effecting nested op may be a root).
    if (Operation *parent = op->getParentOp(); parent && !isa<GraphOp>(parent))
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

void Cost::add(Operation *op) {
  if (op->hasTrait<OpTrait::IsTerminator>())
    return;
  ++ops;
  if (auto cst = dyn_cast<ConstantOp>(op))
    weightBytes = saturatingAdd(weightBytes, cst.getPayloadBytes());
  if (auto counted = dyn_cast<FlopCountOpInterface>(op))
    flops = saturatingAdd(flops, counted.getFlopCount());
}

llvm::json::Object Cost::toJSON() const {
  return llvm::json::Object{
      {"ops", ops}, {"weight_bytes", weightBytes}, {"flops", flops}};
}

Cost mcg::cgraph::costOfGraph(GraphOp graph) {
  Cost cost;
  graph.getBody().walk([&](Operation *op) { cost.add(op); });
  return cost;
}

OutputCones::OutputCones(GraphOp graph, ArrayRef<unsigned> selected)
    : graph(graph) {
  OutputOp output = graph.getOutputOp();
  if (selected.empty())
    for (unsigned i = 0, e = output.getNumOperands(); i < e; ++i)
      outputs.push_back(i);
  else
    outputs.assign(selected.begin(), selected.end());
  cones.resize(outputs.size());
  for (auto [i, index] : llvm::enumerate(outputs)) {
    ConeBuilder builder;
    builder.addValue(output.getOperand(index));
    cones[i] = builder.run();
    for (Operation *op : cones[i]) {
      ++users[op];
      owner[op] = i;
    }
  }
}

std::optional<unsigned> OutputCones::getExclusiveOwner(Operation *op) const {
  if (getNumUsers(op) != 1)
    return std::nullopt;
  return owner.lookup(op);
}

Cost OutputCones::getTotal(unsigned i) const {
  Cost cost;
  for (Operation *op : cones[i])
    cost.add(op);
  return cost;
}

Cost OutputCones::getExclusive(unsigned i) const {
  Cost cost;
  for (Operation *op : cones[i])
    if (getNumUsers(op) == 1)
      cost.add(op);
  return cost;
}

Cost OutputCones::getShared(unsigned i) const {
  Cost cost;
  for (Operation *op : cones[i])
    if (getNumUsers(op) > 1)
      cost.add(op);
  return cost;
}

llvm::json::Object OutputCones::describe(unsigned i) const {
  llvm::json::Object entry = getTotal(i).toJSON();
  entry["name"] = GraphOp(graph).getOutputName(outputs[i]).str();
  entry["exclusive"] = getExclusive(i).toJSON();
  entry["shared"] = getShared(i).toJSON();
  return entry;
}
