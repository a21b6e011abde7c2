//===- InlineFunctions.cpp - model-local ONNX functions, inlined ----------===//
//
// A model may define functions of its own (`ModelProto.functions`, e.g.
// torch.onnx.export(..., export_modules_as_functions=...)) and call them
// as nodes of their domain, in the main graph or inside If, Loop and Scan
// bodies. The importer handles ONNX ops only, so each call is replaced by
// the function's nodes before import:
//
// - the function's inputs and outputs become the call's (an input the call
//   leaves out is an omitted optional input, "");
// - every other value of the body gets the call's name as a prefix
//   (`call/value`), and so does every body node's name, so that two calls
//   of one function do not collide;
// - an attribute that refers to one of the function's (`ref_attr_name`)
//   takes the call's value, under the body attribute's own name, or is
//   left out (the op's default) when the call does not give it;
// - calls inside a function's body are inlined in turn.
//
// The slice an extraction writes holds the inlined nodes, not the
// functions. What a function body may not do here (hold subgraphs, import
// another version of the ONNX opset than the model, call itself) is an
// error that names the function.
//
//===----------------------------------------------------------------------===//

#include "Importer.h"

#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"

#include <map>

using namespace mlir;

namespace mcg {
namespace onnx_import {

namespace {
class Inliner {
public:
  Inliner(const onnx::ModelProto &model, Location loc) : loc(loc) {
    for (const onnx::OperatorSetIdProto &id : model.opset_import())
      if (id.domain().empty() || id.domain() == "ai.onnx")
        modelOnnxOpset = id.version();
    for (const onnx::FunctionProto &f : model.functions())
      functions[{f.domain(), f.name()}] = &f;
  }

  LogicalResult checkFunctions();
  /// Replaces every call in `graph` and its subgraphs by the body.
  LogicalResult inlineGraph(onnx::GraphProto &graph);

private:
  /// Appends the body of `f`, which `call` calls, to `out`, with the calls
  /// in it inlined in turn. inlinedSize(f) has bounded what it writes.
  LogicalResult
  expand(const onnx::NodeProto &call, const onnx::FunctionProto &f,
         google::protobuf::RepeatedPtrField<onnx::NodeProto> &out);
  const onnx::FunctionProto *lookup(const onnx::NodeProto &node) const {
    auto it = functions.find({node.domain(), node.op_type()});
    return it == functions.end() ? nullptr : it->second;
  }

  Location loc;
  int64_t modelOnnxOpset = -1;
  std::map<std::pair<std::string, std::string>, const onnx::FunctionProto *>
      functions;
  /// Calls without a node name get `name#N`.
  unsigned unnamed = 0;
  /// The number of nodes inlining `f` writes (at most kMaxNodes + 1), found
  /// before anything is copied: functions that call others twice each grow
  /// exponentially with their depth. Fails for a function that calls
  /// itself or calls nested over kMaxDepth deep.
  FailureOr<uint64_t> inlinedSize(const onnx::FunctionProto *f, unsigned depth);
  /// Nodes the calls inlined so far wrote.
  uint64_t inlined = 0;
  /// inlinedSize's results; kInProgress while a function's body is counted.
  llvm::DenseMap<const onnx::FunctionProto *, uint64_t> sizes;
  static constexpr uint64_t kInProgress = ~uint64_t(0);
};

/// Far more nodes than a real model makes (a 7B transformer exported with
/// its layers as functions inlines to a few thousand); a 1.5 KB file
/// calling functions nested 21 deep makes 2^21.
constexpr uint64_t kMaxNodes = 200'000;

/// Deep enough for any real nesting of calls.
constexpr unsigned kMaxDepth = 64;

/// How errors name a function.
std::string describe(const onnx::FunctionProto &f) {
  return "ONNX function '" + f.name() + "' (domain '" + f.domain() + "')";
}

LogicalResult Inliner::checkFunctions() {
  for (const auto &[key, f] : functions) {
    std::string what = describe(*f);
    for (const onnx::OperatorSetIdProto &id : f->opset_import())
      if ((id.domain().empty() || id.domain() == "ai.onnx") &&
          id.version() != modelOnnxOpset)
        return emitError(loc)
               << what << " imports opset " << id.version()
               << " of the ONNX domain but the model imports " << modelOnnxOpset
               << "; a function body is imported at the model's opset";
    for (const onnx::NodeProto &node : f->node())
      for (const onnx::AttributeProto &a : node.attribute())
        if (a.has_g() || a.graphs_size() > 0 ||
            a.type() == onnx::AttributeProto::GRAPH ||
            a.type() == onnx::AttributeProto::GRAPHS)
          return emitError(loc)
                 << what << ": node '" << node.name() << "' (" << node.op_type()
                 << ") has a subgraph; functions with If, Loop or Scan in "
                    "their body are not supported";
  }
  return success();
}

FailureOr<uint64_t> Inliner::inlinedSize(const onnx::FunctionProto *f,
                                         unsigned depth) {
  auto [it, inserted] = sizes.try_emplace(f, kInProgress);
  if (!inserted) {
    if (it->second == kInProgress)
      return emitError(loc) << describe(*f) << " calls itself";
    return it->second;
  }
  if (depth >= kMaxDepth)
    return emitError(loc) << describe(*f) << ": calls nest more than "
                          << kMaxDepth << " deep";
  uint64_t n = 0;
  for (const onnx::NodeProto &node : f->node()) {
    uint64_t add = 1;
    if (const onnx::FunctionProto *callee = lookup(node)) {
      FailureOr<uint64_t> size = inlinedSize(callee, depth + 1);
      if (failed(size))
        return failure();
      add = *size;
    }
    n = std::min(n + add, kMaxNodes + 1);
  }
  sizes[f] = n;
  return n;
}

LogicalResult
Inliner::expand(const onnx::NodeProto &call, const onnx::FunctionProto &f,
                google::protobuf::RepeatedPtrField<onnx::NodeProto> &out) {
  if (call.input_size() > f.input_size() ||
      call.output_size() > f.output_size())
    return emitError(loc) << "node '" << call.name() << "' calls "
                          << describe(f) << " with " << call.input_size()
                          << " inputs and " << call.output_size()
                          << " outputs; it has " << f.input_size() << " and "
                          << f.output_size();
  std::string prefix =
      (call.name().empty() ? f.name() + "#" + std::to_string(unnamed++)
                           : call.name()) +
      "/";
  llvm::StringMap<std::string> names;
  for (int i = 0; i < f.input_size(); ++i)
    names[f.input(i)] = i < call.input_size() ? call.input(i) : "";
  for (int i = 0; i < f.output_size(); ++i)
    names[f.output(i)] = i < call.output_size() ? call.output(i) : "";
  auto rename = [&](const std::string &name) -> std::string {
    if (name.empty())
      return name;
    auto it = names.find(name);
    if (it != names.end())
      return it->second;
    return prefix + name;
  };
  llvm::StringMap<const onnx::AttributeProto *> given;
  for (const onnx::AttributeProto &a : call.attribute())
    given[a.name()] = &a;

  for (const onnx::NodeProto &node : f.node()) {
    onnx::NodeProto body = node;
    if (!body.name().empty())
      body.set_name(prefix + body.name());
    for (std::string &in : *body.mutable_input())
      in = rename(in);
    for (std::string &o : *body.mutable_output())
      o = rename(o);
    google::protobuf::RepeatedPtrField<onnx::AttributeProto> attrs;
    for (const onnx::AttributeProto &a : node.attribute()) {
      if (a.ref_attr_name().empty()) {
        *attrs.Add() = a;
        continue;
      }
      auto it = given.find(a.ref_attr_name());
      if (it == given.end())
        continue; // The op's default.
      onnx::AttributeProto *copy = attrs.Add();
      *copy = *it->second;
      copy->set_name(a.name());
    }
    *body.mutable_attribute() = std::move(attrs);
    if (const onnx::FunctionProto *callee = lookup(body)) {
      if (failed(expand(body, *callee, out)))
        return failure();
    } else {
      *out.Add() = std::move(body);
    }
  }
  return success();
}

LogicalResult Inliner::inlineGraph(onnx::GraphProto &graph) {
  google::protobuf::RepeatedPtrField<onnx::NodeProto> nodes;
  for (onnx::NodeProto &node : *graph.mutable_node()) {
    for (onnx::AttributeProto &a : *node.mutable_attribute()) {
      if (a.has_g() && failed(inlineGraph(*a.mutable_g())))
        return failure();
      for (onnx::GraphProto &g : *a.mutable_graphs())
        if (failed(inlineGraph(g)))
          return failure();
    }
    const onnx::FunctionProto *f = lookup(node);
    if (!f) {
      *nodes.Add() = std::move(node);
      continue;
    }
    // What the call writes is counted before anything is copied.
    FailureOr<uint64_t> size = inlinedSize(f, 0);
    if (failed(size))
      return failure();
    inlined += *size;
    if (inlined > kMaxNodes)
      return emitError(loc) << "inlining the model's ONNX functions makes "
                               "more than "
                            << kMaxNodes << " nodes";
    if (failed(expand(node, *f, nodes)))
      return failure();
  }
  *graph.mutable_node() = std::move(nodes);
  return success();
}
} // namespace

LogicalResult inlineFunctions(onnx::ModelProto &model, Location loc) {
  if (model.functions_size() == 0)
    return success();
  Inliner inliner(model, loc);
  if (failed(inliner.checkFunctions()) ||
      failed(inliner.inlineGraph(*model.mutable_graph())))
    return failure();
  model.clear_functions();
  return success();
}

} // namespace onnx_import
} // namespace mcg
