//===- ImportONNXControlFlow.cpp - If, Loop and Scan ----------------------===//
//
// ONNX If, Loop and Scan carry their branches and bodies as graph
// attributes. A subgraph imports into a region of cgraph.if, cgraph.loop
// or cgraph.scan with the same node handlers as the main graph; it may read
// any value of the enclosing graphs (a capture), and what it defines is
// visible only inside it. An If whose condition is known at import (a
// constant, or computed from static shapes) imports as its taken branch:
// with static shapes, the other branch is often not even well typed.
//
//===----------------------------------------------------------------------===//

#include "Importer.h"

#include "mcg/Dialect/CGraph/IR/CGraph.h"

#include "llvm/ADT/StringExtras.h"

using namespace mlir;

namespace mcg {
namespace onnx_import {

namespace {
/// The types of `values`.
SmallVector<Type> typesOf(ArrayRef<Value> values) {
  SmallVector<Type> types;
  for (Value v : values)
    types.push_back(v.getType());
  return types;
}
} // namespace

void collectUsed(const onnx::GraphProto &graph, llvm::StringSet<> &used) {
  for (const onnx::NodeProto &node : graph.node()) {
    for (const std::string &in : node.input())
      used.insert(in);
    for (const onnx::AttributeProto &a : node.attribute()) {
      if (a.has_g())
        collectUsed(a.g(), used);
      for (const onnx::GraphProto &g : a.graphs())
        collectUsed(g, used);
    }
  }
  for (const onnx::ValueInfoProto &out : graph.output())
    used.insert(out.name());
}

FailureOr<const onnx::GraphProto *>
Importer::graphAttr(Node &n, const std::string &name) {
  const onnx::AttributeProto *a = n.attrs.take(name);
  if (!a || !a->has_g())
    return nodeError(n, "the graph attribute '" + name + "' is missing");
  return &a->g();
}

/// The value of a one-element input (a trip count, a condition) as a 0-D
/// tensor, which is what the cgraph ops take; null if `name` is empty.
FailureOr<Value> Importer::scalarInput(Node &n, const std::string &name,
                                       Type elementType, StringRef what) {
  if (name.empty())
    return Value();
  FailureOr<Value> v = lookup(name, n.loc);
  if (failed(v))
    return failure();
  auto type = cast<RankedTensorType>(v->getType());
  if (type.getElementType() != elementType || type.getNumElements() != 1)
    return nodeError(n,
                     (what + " '" + name + "' must hold one " +
                      (elementType.isInteger(1) ? "bool" : "int64") + " value")
                         .str());
  return reshape(*v, {}, n.loc);
}

FailureOr<SmallVector<Value>>
Importer::importSubgraph(Node &n, const onnx::GraphProto &graph, Block &block,
                         ArrayRef<BlockArgument> args, StringRef what) {
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToEnd(&block);
  if (graph.input_size() != static_cast<int>(args.size()))
    return nodeError(n, (what + " has " + Twine(graph.input_size()) +
                         " inputs but must have " + Twine(args.size()))
                            .str());
  SmallVector<Operation *> initializers;
  for (auto [info, a] : llvm::zip(graph.input(), args)) {
    BlockArgument arg = a;
    if (!producers.try_emplace(info.name(), what.str() + " input").second)
      return nodeError(n, (what + " input '" + info.name() +
                           "' is already defined by " + producers[info.name()])
                              .str());
    // The declared type, when there is one, must agree where it is
    // static: exporters often leave symbolic dimensions in bodies.
    if (info.type().has_tensor_type()) {
      FailureOr<TensorType> declared = declaredType(info);
      if (failed(declared))
        return failure();
      auto got = cast<RankedTensorType>(arg.getType());
      bool agrees = declared->getElementType() == got.getElementType();
      if (auto ranked = dyn_cast<RankedTensorType>(*declared)) {
        agrees &= ranked.getRank() == got.getRank();
        for (int64_t d = 0; agrees && d < got.getRank(); ++d)
          agrees = ranked.isDynamicDim(d) ||
                   ranked.getDimSize(d) == got.getDimSize(d);
      }
      if (!agrees) {
        std::string text;
        llvm::raw_string_ostream os(text);
        os << what << " input '" << info.name() << "' is declared as "
           << *declared << " but receives " << got;
        return nodeError(n, text);
      }
    }
    arg.setLoc(NameLoc::get(b.getStringAttr(info.name()), fileLoc));
    values[info.name()] = arg;
  }
  for (const onnx::TensorProto &t : graph.initializer()) {
    if (!producers.try_emplace(t.name(), what.str() + " initializer").second)
      return nodeError(n, (what + " initializer '" + t.name() +
                           "' is already defined by " + producers[t.name()])
                              .str());
    constants[t.name()] = &t;
    if (t.data_type() == onnx::TensorProto::BOOL)
      continue;
    FailureOr<Value> c =
        constant(t, NameLoc::get(b.getStringAttr(t.name()), fileLoc));
    if (failed(c))
      return failure();
    values[t.name()] = *c;
    initializers.push_back(c->getDefiningOp());
  }
  for (const onnx::NodeProto &node : graph.node()) {
    if (failed(importNode(node)))
      return failure();
    keepTensorNames(node);
  }
  SmallVector<Value> results;
  for (const onnx::ValueInfoProto &out : graph.output()) {
    FailureOr<Value> v = lookup(out.name(), n.loc);
    if (failed(v))
      return failure();
    results.push_back(*v);
  }
  // Initializers that only import-time computations read.
  for (Operation *op : initializers)
    if (op->use_empty())
      op->erase();
  return results;
}

void Importer::endSubgraph(const onnx::GraphProto &graph, Region *region) {
  auto forget = [&](const std::string &name) {
    values.erase(name);
    known.erase(name);
    constants.erase(name);
    producers.erase(name);
  };
  for (const onnx::ValueInfoProto &in : graph.input())
    forget(in.name());
  for (const onnx::TensorProto &t : graph.initializer())
    forget(t.name());
  for (const onnx::NodeProto &node : graph.node())
    for (const std::string &out : node.output())
      if (!out.empty())
        forget(out);
  // Values of enclosing graphs that a lookup inside made (a known tensor
  // read there becomes a constant in the region): outside, they are out of
  // scope.
  if (!region)
    return;
  SmallVector<StringRef> inside;
  for (auto &entry : values)
    if (region->isAncestor(entry.second.getParentRegion()))
      inside.push_back(entry.first());
  for (StringRef name : inside)
    values.erase(name);
}

/// Binds the node's outputs to `results`, in order.
LogicalResult Importer::defineAll(Node &n, ValueRange results) {
  if (n.proto.output_size() != static_cast<int>(results.size()))
    return nodeError(n, "has " + Twine(n.proto.output_size()) +
                            " outputs but computes " + Twine(results.size()));
  for (auto [name, v] : llvm::zip(n.proto.output(), results))
    if (!name.empty())
      values[name] = v;
  return success();
}

/// Moves the imported `body` into `op`'s region, ends it with a
/// cgraph.yield of `results`, and binds the node's outputs.
LogicalResult Importer::finishBody(Node &n, Operation *op, Region &body,
                                   ValueRange results) {
  op->getRegion(0).takeBody(body);
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToEnd(&op->getRegion(0).front());
    cgraph::YieldOp::create(b, n.loc, results);
  }
  return defineAll(n, op->getResults());
}

LogicalResult Importer::importIf(Node &n) {
  if (n.proto.input_size() != 1)
    return nodeError(n, Twine(n.proto.input_size()) +
                            " inputs are not supported (expected 1)");
  FailureOr<const onnx::GraphProto *> thenGraph = graphAttr(n, "then_branch");
  if (failed(thenGraph))
    return failure();
  FailureOr<const onnx::GraphProto *> elseGraph = graphAttr(n, "else_branch");
  if (failed(elseGraph))
    return failure();
  if (const onnx::AttributeProto *a = n.attrs.leftover())
    return nodeError(n, "attribute '" + a->name() + "' is not supported");
  for (const onnx::GraphProto *g : {*thenGraph, *elseGraph})
    if (g->output_size() != n.proto.output_size())
      return nodeError(n, "a branch has " + Twine(g->output_size()) +
                              " outputs but the node has " +
                              Twine(n.proto.output_size()));

  const std::string &condName = n.proto.input(0);
  if (const KnownTensor *cond = knownTensor(condName)) {
    if (cond->size() != 1)
      return nodeError(n,
                       "the condition '" + condName + "' must hold one value");
    // Known at import: the taken branch is imported in place.
    const onnx::GraphProto &taken =
        cond->asDouble(0) != 0 ? **thenGraph : **elseGraph;
    FailureOr<SmallVector<Value>> results = importSubgraph(
        n, taken, *b.getInsertionBlock(), {},
        cond->asDouble(0) != 0 ? "the then branch" : "the else branch");
    if (failed(results))
      return failure();
    endSubgraph(taken, nullptr);
    return defineAll(n, *results);
  }

  FailureOr<Value> cond =
      scalarInput(n, condName, b.getI1Type(), "the condition");
  if (failed(cond))
    return failure();
  Region thenRegion, elseRegion;
  SmallVector<SmallVector<Value>> yielded;
  for (auto [graph, region, what] :
       {std::tuple(*thenGraph, &thenRegion, "the then branch"),
        std::tuple(*elseGraph, &elseRegion, "the else branch")}) {
    Block *block = new Block();
    region->push_back(block);
    FailureOr<SmallVector<Value>> results =
        importSubgraph(n, *graph, *block, {}, what);
    if (failed(results))
      return failure();
    endSubgraph(*graph, region);
    yielded.push_back(*results);
  }
  SmallVector<Type> types = typesOf(yielded[0]);
  for (auto [i, t] : llvm::enumerate(typesOf(yielded[1])))
    if (t != types[i]) {
      std::string text;
      llvm::raw_string_ostream os(text);
      os << "output " << i << " ('" << n.proto.output(i) << "') is " << types[i]
         << " in the then branch but " << t
         << " in the else branch; mcg needs both branches to give the same "
            "static type";
      return nodeError(n, text);
    }
  auto op = cgraph::IfOp::create(b, n.loc, types, *cond);
  for (auto [from, to, results] :
       {std::tuple(&thenRegion, &op.getThenRegion(), yielded[0]),
        std::tuple(&elseRegion, &op.getElseRegion(), yielded[1])}) {
    to->takeBody(*from);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToEnd(&to->front());
    cgraph::YieldOp::create(b, n.loc, results);
  }
  return defineAll(n, op.getResults());
}

LogicalResult Importer::importLoop(Node &n) {
  if (n.proto.input_size() < 2)
    return nodeError(n, Twine(n.proto.input_size()) +
                            " inputs are not supported (expected at least "
                            "2: the trip count and the condition, either "
                            "may be empty)");
  FailureOr<const onnx::GraphProto *> body = graphAttr(n, "body");
  if (failed(body))
    return failure();
  if (const onnx::AttributeProto *a = n.attrs.leftover())
    return nodeError(n, "attribute '" + a->name() + "' is not supported");

  const std::string &tripName = n.proto.input(0);
  const std::string &condName = n.proto.input(1);
  FailureOr<Value> trip =
      scalarInput(n, tripName, b.getI64Type(), "the trip count");
  if (failed(trip))
    return failure();
  FailureOr<Value> cond =
      scalarInput(n, condName, b.getI1Type(), "the condition");
  if (failed(cond))
    return failure();
  SmallVector<Value> initial;
  for (int i = 2; i < n.proto.input_size(); ++i) {
    if (n.proto.input(i).empty())
      return nodeError(n, "loop-carried input " + Twine(i - 2) +
                              " is empty; an ONNX Loop needs all of them");
    FailureOr<Value> v = lookup(n.proto.input(i), n.loc);
    if (failed(v))
      return failure();
    initial.push_back(*v);
  }
  unsigned carried = initial.size();
  if (n.proto.output_size() < static_cast<int>(carried))
    return nodeError(n, "has " + Twine(n.proto.output_size()) +
                            " outputs, fewer than its " + Twine(carried) +
                            " loop-carried values");

  Region region;
  Block *block = new Block();
  region.push_back(block);
  block->addArgument(RankedTensorType::get({}, b.getI64Type()), n.loc);
  block->addArgument(RankedTensorType::get({}, b.getI1Type()), n.loc);
  for (Value v : initial)
    block->addArgument(v.getType(), n.loc);
  FailureOr<SmallVector<Value>> results =
      importSubgraph(n, **body, *block, block->getArguments(), "the loop body");
  if (failed(results))
    return failure();
  unsigned scans = n.proto.output_size() - carried;
  if (results->size() != 1 + carried + scans) {
    endSubgraph(**body, &region);
    return nodeError(n, "the loop body has " + Twine(results->size()) +
                            " outputs but must have " +
                            Twine(1 + carried + scans) +
                            " (the condition, the loop-carried values and "
                            "the scan outputs)");
  }
  // The number of iterations, when the import knows it: none if the
  // condition is known false; otherwise the trip count, if it is known and
  // neither the condition input nor the body can stop the loop early (the
  // body passes its condition on, or computes a known true).
  std::optional<int64_t> iterations;
  auto knownBool = [&](const std::string &name) -> std::optional<bool> {
    const KnownTensor *t = name.empty() ? nullptr : knownTensor(name);
    if (!t || t->size() != 1)
      return std::nullopt;
    return t->asDouble(0) != 0;
  };
  const std::string &nextName = (*body)->output(0).name();
  const KnownTensor *m = tripName.empty() ? nullptr : knownTensor(tripName);
  std::optional<bool> first =
      condName.empty() ? std::optional<bool>(true) : knownBool(condName);
  if (first == false)
    iterations = 0;
  else if (m && m->size() == 1 && !m->isFloat() && first == true &&
           ((*results)[0] == block->getArgument(1) ||
            knownBool(nextName) == true))
    iterations = std::max<int64_t>(0, m->asInt(0));
  endSubgraph(**body, &region);
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToEnd(block);
    Value next = (*results)[0];
    auto nextType = cast<RankedTensorType>(next.getType());
    if (!nextType.getElementType().isInteger(1) ||
        nextType.getNumElements() != 1)
      return nodeError(n, "the loop body's first output '" + nextName +
                              "' (the next condition) must hold one bool");
    (*results)[0] = reshape(next, {}, n.loc);
  }
  for (unsigned i = 0; i < carried; ++i)
    if ((*results)[1 + i].getType() != initial[i].getType()) {
      std::string text;
      llvm::raw_string_ostream os(text);
      os << "loop-carried value " << i << " ('" << n.proto.input(2 + i)
         << "') enters as " << initial[i].getType() << " but the body gives "
         << (*results)[1 + i].getType()
         << "; mcg needs it to keep its static type";
      return nodeError(n, text);
    }
  SmallVector<Type> types(typesOf(initial));
  for (unsigned k = 0; k < scans; ++k) {
    if (!iterations)
      return nodeError(
          n, "scan output '" + n.proto.output(carried + k) +
                 "' has one slice per iteration, and the number of "
                 "iterations is known only at run time (no trip count known "
                 "at import, or a condition that may stop the loop early); "
                 "mcg needs static shapes (symbolic dimensions are not "
                 "supported yet)");
    auto slice = cast<RankedTensorType>((*results)[1 + carried + k].getType());
    SmallVector<int64_t> shape = {*iterations};
    llvm::append_range(shape, slice.getShape());
    if (failed(checkShapeSize(n, shape, slice.getElementType())))
      return failure();
    types.push_back(RankedTensorType::get(shape, slice.getElementType()));
  }
  auto op = cgraph::LoopOp::create(b, n.loc, types, *trip, *cond, initial);
  return finishBody(n, op, region, *results);
}

LogicalResult Importer::importScan(Node &n) {
  if (opset < 9)
    return nodeError(n, "Scan before opset 9 (with a batch axis and "
                        "sequence_lens) is not supported");
  FailureOr<const onnx::GraphProto *> body = graphAttr(n, "body");
  if (failed(body))
    return failure();
  const onnx::AttributeProto *numAttr = n.attrs.take("num_scan_inputs");
  int64_t m = numAttr ? numAttr->i() : -1;
  int64_t inputs = n.proto.input_size();
  if (m < 1 || m > inputs)
    return nodeError(n, "num_scan_inputs must be between 1 and the " +
                            Twine(inputs) + " inputs");
  int64_t states = inputs - m;
  int64_t scans = n.proto.output_size() - states;
  if (scans < 0)
    return nodeError(n, "has " + Twine(n.proto.output_size()) +
                            " outputs, fewer than its " + Twine(states) +
                            " state values");
  auto listOr = [&](const std::string &name, int64_t count,
                    int64_t dflt) -> FailureOr<SmallVector<int64_t>> {
    std::optional<SmallVector<int64_t>> v = n.attrs.ints(name);
    if (!v)
      return SmallVector<int64_t>(count, dflt);
    if (static_cast<int64_t>(v->size()) != count)
      return nodeError(n, "'" + name + "' has " + Twine(v->size()) +
                              " entries but must have " + Twine(count));
    return *v;
  };
  FailureOr<SmallVector<int64_t>> inAxes = listOr("scan_input_axes", m, 0);
  FailureOr<SmallVector<int64_t>> inDirs =
      listOr("scan_input_directions", m, 0);
  FailureOr<SmallVector<int64_t>> outAxes =
      listOr("scan_output_axes", scans, 0);
  FailureOr<SmallVector<int64_t>> outDirs =
      listOr("scan_output_directions", scans, 0);
  if (failed(inAxes) || failed(inDirs) || failed(outAxes) || failed(outDirs))
    return failure();
  if (const onnx::AttributeProto *a = n.attrs.leftover())
    return nodeError(n, "attribute '" + a->name() + "' is not supported");
  for (int64_t d : llvm::concat<int64_t>(*inDirs, *outDirs))
    if (d != 0 && d != 1)
      return nodeError(n, "a scan direction is " + Twine(d) +
                              "; it must be 0 (forward) or 1 (backward)");

  SmallVector<Value> operands;
  for (const std::string &name : n.proto.input()) {
    if (name.empty())
      return nodeError(n, "an input is empty; an ONNX Scan needs all of them");
    FailureOr<Value> v = lookup(name, n.loc);
    if (failed(v))
      return failure();
    operands.push_back(*v);
  }
  Region region;
  Block *block = new Block();
  region.push_back(block);
  for (Value v : ArrayRef(operands).take_front(states))
    block->addArgument(v.getType(), n.loc);
  std::optional<int64_t> length;
  for (int64_t i = 0; i < m; ++i) {
    auto t = cast<RankedTensorType>(operands[states + i].getType());
    int64_t rank = t.getRank(), axis = (*inAxes)[i];
    if (rank == 0 || axis < -rank || axis >= rank)
      return nodeError(
          n, "scan input axis " + Twine(axis) + " is outside the rank of '" +
                 n.proto.input(states + i) + "' (" + Twine(rank) + ")");
    axis = (*inAxes)[i] = axis < 0 ? axis + rank : axis;
    if (length && *length != t.getDimSize(axis))
      return nodeError(n, "scan input '" + n.proto.input(states + i) +
                              "' has length " + Twine(t.getDimSize(axis)) +
                              " along its axis, the first has " +
                              Twine(*length));
    length = t.getDimSize(axis);
    SmallVector<int64_t> shape(t.getShape());
    shape.erase(shape.begin() + axis);
    block->addArgument(RankedTensorType::get(shape, t.getElementType()), n.loc);
  }
  FailureOr<SmallVector<Value>> results =
      importSubgraph(n, **body, *block, block->getArguments(), "the scan body");
  if (failed(results))
    return failure();
  endSubgraph(**body, &region);
  if (static_cast<int64_t>(results->size()) != states + scans)
    return nodeError(n, "the scan body has " + Twine(results->size()) +
                            " outputs but must have " + Twine(states + scans) +
                            " (the state values and the scan outputs)");
  SmallVector<Type> types(typesOf(ArrayRef(operands).take_front(states)));
  for (int64_t i = 0; i < states; ++i)
    if ((*results)[i].getType() != types[i]) {
      std::string text;
      llvm::raw_string_ostream os(text);
      os << "state value " << i << " ('" << n.proto.input(i) << "') enters as "
         << types[i] << " but the body gives " << (*results)[i].getType()
         << "; mcg needs it to keep its static type";
      return nodeError(n, text);
    }
  for (int64_t k = 0; k < scans; ++k) {
    auto slice = cast<RankedTensorType>((*results)[states + k].getType());
    int64_t rank = slice.getRank() + 1, axis = (*outAxes)[k];
    if (axis < -rank || axis >= rank)
      return nodeError(
          n, "scan output axis " + Twine(axis) + " is outside the rank of '" +
                 n.proto.output(states + k) + "' (" + Twine(rank) + ")");
    axis = (*outAxes)[k] = axis < 0 ? axis + rank : axis;
    SmallVector<int64_t> shape(slice.getShape());
    shape.insert(shape.begin() + axis, *length);
    if (failed(checkShapeSize(n, shape, slice.getElementType())))
      return failure();
    types.push_back(RankedTensorType::get(shape, slice.getElementType()));
  }
  auto op = cgraph::ScanOp::create(
      b, n.loc, types, operands, b.getI64IntegerAttr(m),
      b.getDenseI64ArrayAttr(*inAxes), b.getDenseI64ArrayAttr(*inDirs),
      b.getDenseI64ArrayAttr(*outAxes), b.getDenseI64ArrayAttr(*outDirs));
  return finishBody(n, op, region, *results);
}

} // namespace onnx_import
} // namespace mcg
