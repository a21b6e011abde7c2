//===- OutputCones.h - what each output of a graph needs --------*- C++ -*-===//
//
// The backward cone of every output of a cgraph.graph, and the ops, weight
// bytes and FLOPs of each cone, split into what is exclusive to one output
// and what several share. `--prune-to`'s report and `mcg-viz`'s colours are
// both computed here, so the picture shows what the report says.
//
//===----------------------------------------------------------------------===//

#ifndef MCG_DIALECT_CGRAPH_ANALYSIS_OUTPUTCONES_H
#define MCG_DIALECT_CGRAPH_ANALYSIS_OUTPUTCONES_H

#include "mcg/Dialect/CGraph/IR/CGraph.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/Support/JSON.h"

namespace mcg::cgraph {

using OpSet = llvm::DenseSet<mlir::Operation *>;

/// Computes the set of ops that some roots (values and ops) transitively need
/// inside a graph. An op is needed when one of its results is; a needed op
/// needs its operands, the terminators of its regions, and any op with side
/// effects nested in it. Values captured by a region are operands of the ops
/// inside it, so captures are followed like any other use. A graph input
/// (block argument) ends the walk, and so does a value of the boundary (a
/// value about to become a graph input).
class ConeBuilder {
public:
  void addValue(mlir::Value v);
  void addOp(mlir::Operation *op);
  /// Stops the walk at `v`: its producer is not needed through it.
  void addBoundary(mlir::Value v) { boundary.insert(v); }
  /// Runs the walk and hands over the cone.
  OpSet run();
  /// Whether the walk reached boundary value `v` (valid after run()).
  bool reached(mlir::Value v) const { return reachedBoundary.contains(v); }

private:
  OpSet live;
  llvm::SmallVector<mlir::Operation *> worklist;
  llvm::DenseSet<mlir::Value> boundary, reachedBoundary;
};

/// Ops, weight bytes and FLOPs of a set of ops. Terminators are not counted;
/// weight bytes are the payloads of `cgraph.constant`, FLOPs come from
/// `FlopCountOpInterface`.
struct Cost {
  int64_t ops = 0;
  int64_t weightBytes = 0;
  int64_t flops = 0;

  void add(mlir::Operation *op);
  llvm::json::Object toJSON() const;
};

/// The cost of every op of a graph (nested ops included).
Cost costOfGraph(GraphOp graph);

/// The cones of some outputs of a graph (all of them by default). An op of a
/// cone is *exclusive* to its output when no other of these outputs needs
/// it, and *shared* otherwise.
class OutputCones {
public:
  /// The cones of `outputs` (indices into the graph's outputs); all outputs
  /// when empty.
  explicit OutputCones(GraphOp graph, llvm::ArrayRef<unsigned> outputs = {});

  /// The output indices, in the order given.
  llvm::ArrayRef<unsigned> getOutputs() const { return outputs; }
  /// The cone of the `i`-th of those outputs.
  const OpSet &getCone(unsigned i) const { return cones[i]; }
  /// How many of the outputs need `op` (0: none).
  unsigned getNumUsers(mlir::Operation *op) const { return users.lookup(op); }
  /// The position (in getOutputs()) of the one output that needs `op`, or
  /// nothing when none or several do.
  std::optional<unsigned> getExclusiveOwner(mlir::Operation *op) const;

  Cost getTotal(unsigned i) const;
  Cost getExclusive(unsigned i) const;
  Cost getShared(unsigned i) const;

  /// The report entry of the `i`-th output: name, ops, weight bytes, FLOPs,
  /// and the `exclusive` and `shared` parts.
  llvm::json::Object describe(unsigned i) const;

private:
  GraphOp graph;
  llvm::SmallVector<unsigned> outputs;
  std::vector<OpSet> cones;
  llvm::DenseMap<mlir::Operation *, unsigned> users;
  llvm::DenseMap<mlir::Operation *, unsigned> owner;
};

} // namespace mcg::cgraph

#endif // MCG_DIALECT_CGRAPH_ANALYSIS_OUTPUTCONES_H
