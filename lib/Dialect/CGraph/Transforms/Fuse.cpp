//===- Fuse.cpp - form cgraph.fused groups --------------------------------===//
//
// `--fuse`: groups a contraction with its elementwise epilogue, a
// normalization with its elementwise prologue, and chains of elementwise
// ops into cgraph.fused regions. A group grows by the users of its result
// only when, after the step, every member but the last is read inside the
// group alone, so graph outputs and values read outside the group are
// never fused away (x * sigmoid(x) joins as a whole). `max-groups=N` stops
// after the first N groups (mcg-check bisects with it).
//
//===----------------------------------------------------------------------===//

#include "mcg/Dialect/CGraph/IR/CGraph.h"
#include "mcg/Dialect/CGraph/Transforms/JSONReport.h"
#include "mcg/Dialect/CGraph/Transforms/Passes.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/IRMapping.h"
#include "llvm/ADT/SetVector.h"

namespace mcg::cgraph {
#define GEN_PASS_DEF_FUSE
#include "mcg/Dialect/CGraph/Transforms/Passes.h.inc"
} // namespace mcg::cgraph

using namespace mlir;
using namespace mcg::cgraph;

namespace {

bool isContraction(Operation *op) {
  return isa<Conv2DOp, ConvTranspose2DOp, MatmulOp, GemmOp>(op);
}

bool isActivation(Operation *op) {
  return isa<ReluOp, ClipOp, SigmoidOp, TanhOp, GeluOp, LeakyReluOp>(op);
}

bool isElementwise(Operation *op) {
  return isBinaryArithmetic(op) || isActivation(op) ||
         isa<NegOp, AbsOp, ExpOp, LogOp, SqrtOp, RsqrtOp, ErfOp, CastOp>(op);
}

/// The single user of `op`'s only result, if it has exactly one use and that
/// user is in the same block.
Operation *soleUser(Operation *op) {
  if (op->getNumResults() != 1 || !op->getResult(0).hasOneUse())
    return nullptr;
  Operation *user = *op->getResult(0).getUsers().begin();
  return user->getBlock() == op->getBlock() ? user : nullptr;
}

struct FusePass : public mcg::cgraph::impl::FuseBase<FusePass> {
  using Base::Base;

  void runOnOperation() override;

private:
  /// Ops already moved into a group (and erased). The snapshots of the
  /// block taken before a phase may still list them; they are checked here
  /// by address before anything else touches them.
  llvm::DenseSet<Operation *> grouped;
  /// For the report: each group's kind and the source names of its ops.
  llvm::json::Array groups;
  int64_t numOpsFused = 0;

  bool available(Operation *op) {
    return !grouped.contains(op) && op->getParentOp() == getOperation();
  }

  /// Extends `group` (in block order, its last op the group's result)
  /// while the users of that result can join: all of them, plus the ops
  /// that must come along so that every member but the new last op is read
  /// only inside the group (x * sigmoid(x) takes both the sigmoid and the
  /// multiply). Each joining op must pass `accept(producer, op)`; a step
  /// that would leave a member's value visible outside the group, or needs
  /// more than kMaxStep ops, is not taken.
  template <typename Accept>
  void growForward(SmallVectorImpl<Operation *> &group, Accept accept) {
    constexpr size_t kMaxStep = 8;
    llvm::SmallPtrSet<Operation *, 16> members(group.begin(), group.end());
    while (group.back()->getNumResults() == 1) {
      Operation *last = group.back();
      llvm::SetVector<Operation *> step;
      auto join = [&](Operation *from, Operation *user) {
        if (members.contains(user) || step.contains(user))
          return true;
        if (user->getBlock() != last->getBlock() || !available(user) ||
            user->getNumResults() != 1 || step.size() == kMaxStep ||
            !accept(from, user))
          return false;
        step.insert(user);
        return true;
      };
      for (Operation *user : last->getResult(0).getUsers())
        if (!join(last, user))
          return;
      if (step.empty())
        return;
      // Close the step: each joined op but the latest must be read only
      // inside the group.
      for (bool changed = true; changed;) {
        changed = false;
        Operation *latest =
            *llvm::max_element(step, [](Operation *a, Operation *b) {
              return a->isBeforeInBlock(b);
            });
        for (size_t i = 0; i < step.size(); ++i) {
          Operation *op = step[i];
          if (op == latest)
            continue;
          for (Operation *user : op->getResult(0).getUsers()) {
            bool known = members.contains(user) || step.contains(user);
            if (!join(op, user))
              return;
            changed |= !known;
          }
        }
      }
      SmallVector<Operation *> joined(step.begin(), step.end());
      llvm::sort(joined, [](Operation *a, Operation *b) {
        return a->isBeforeInBlock(b);
      });
      group.append(joined);
      members.insert(joined.begin(), joined.end());
    }
  }

  void formGroup(ArrayRef<Operation *> chain, FusionKind kind);
};

/// An epilogue op keeps the contraction's shape: an activation, or a binary
/// op whose other operand comes from outside the chain and whose result has
/// the type of the chain value (a bias or residual, never a broadcast of the
/// contraction result to a larger tensor).
bool acceptEpilogue(Operation *prev, Operation *user) {
  if (isActivation(user))
    return true;
  if (!isBinaryArithmetic(user))
    return false;
  Value chained = prev->getResult(0);
  return user->getResult(0).getType() == chained.getType() &&
         !(user->getOperand(0) == chained && user->getOperand(1) == chained);
}

void FusePass::formGroup(ArrayRef<Operation *> chain, FusionKind kind) {
  if (maxGroups >= 0 && static_cast<int64_t>(groups.size()) >= maxGroups)
    return;
  llvm::SmallPtrSet<Operation *, 8> members(chain.begin(), chain.end());
  llvm::SetVector<Value> inputs;
  SmallVector<Location> locs;
  for (Operation *op : chain) {
    locs.push_back(op->getLoc());
    for (Value v : op->getOperands())
      if (!members.contains(v.getDefiningOp()))
        inputs.insert(v);
  }
  Operation *last = chain.back();
  OpBuilder b(last);
  auto fused = FusedOp::create(b, b.getFusedLoc(locs), last->getResultTypes(),
                               kind, inputs.getArrayRef());
  Block *body = b.createBlock(&fused.getBody());
  IRMapping mapping;
  for (Value v : inputs)
    mapping.map(v, body->addArgument(v.getType(), v.getLoc()));
  for (Operation *op : chain)
    b.clone(*op, mapping);
  Value result = mapping.lookup(last->getResult(0));
  // test-wrong-fusion: a deliberately wrong group, for tests of mcg-check.
  if (!testWrongFusion.empty() && llvm::any_of(chain, [&](Operation *op) {
        return describeLocation(op->getLoc()) == testWrongFusion;
      }))
    result = NegOp::create(b, last->getLoc(), result);
  YieldOp::create(b, last->getLoc(), ValueRange{result});
  last->getResult(0).replaceAllUsesWith(fused.getResult(0));
  for (Operation *op : llvm::reverse(chain)) {
    op->erase();
    grouped.insert(op);
  }
  llvm::json::Array names;
  for (Location loc : locs)
    names.push_back(describeLocation(loc));
  groups.push_back(llvm::json::Object{{"kind", stringifyFusionKind(kind).str()},
                                      {"ops", std::move(names)}});
  numOpsFused += chain.size();
}

void FusePass::runOnOperation() {
  GraphOp graph = getOperation();
  // One instance may run on several graphs.
  grouped.clear();
  groups = llvm::json::Array();
  numOpsFused = 0;
  if (maxGroups < -1) {
    graph.emitError() << "fuse: max-groups must be -1 (no limit) or a number "
                         "of groups, got "
                      << static_cast<int64_t>(maxGroups);
    return signalPassFailure();
  }
  Block &block = graph.getBody().front();
  auto snapshot = [&] {
    SmallVector<Operation *> ops;
    for (Operation &op : block.without_terminator())
      ops.push_back(&op);
    return ops;
  };

  // 1. Contractions with their epilogue.
  if (contractionEpilogue) {
    for (Operation *op : snapshot()) {
      if (!available(op) || !isContraction(op))
        continue;
      SmallVector<Operation *> chain = {op};
      growForward(chain, acceptEpilogue);
      if (chain.size() > 1)
        formGroup(chain, FusionKind::contraction_epilogue);
    }
  }

  // 2. softmax / layer_norm with the elementwise chain producing its input.
  if (normalization) {
    for (Operation *op : snapshot()) {
      if (!available(op) || !isa<SoftmaxOp, LayerNormOp>(op))
        continue;
      SmallVector<Operation *> prologue;
      Operation *cur = op;
      while (Operation *producer = cur->getOperand(0).getDefiningOp()) {
        if (!available(producer) || !isElementwise(producer) ||
            soleUser(producer) != cur)
          break;
        prologue.push_back(producer);
        cur = producer;
      }
      if (prologue.empty())
        continue;
      SmallVector<Operation *> chain(llvm::reverse(prologue));
      chain.push_back(op);
      formGroup(chain, FusionKind::normalization);
    }
  }

  // 3. Maximal chains of elementwise ops.
  if (elementwise) {
    for (Operation *op : snapshot()) {
      if (!available(op) || !isElementwise(op))
        continue;
      SmallVector<Operation *> chain = {op};
      growForward(chain, [](Operation *, Operation *user) {
        return isElementwise(user);
      });
      if (chain.size() > 1)
        formGroup(chain, FusionKind::elementwise);
    }
  }

  if (!reportFile.empty()) {
    llvm::json::Object report{{"graph", graph.getSymName().str()},
                              {"groups", static_cast<int64_t>(groups.size())},
                              {"ops_fused", numOpsFused},
                              {"group_list", std::move(groups)}};
    if (failed(writeJSONReport(reportFile, graph, "fuse", /*perGraph=*/true,
                               std::move(report))))
      return signalPassFailure();
  }
}

} // namespace
