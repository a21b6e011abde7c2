//===- ImportONNXNodes.cpp - ONNX nodes to cgraph ops ---------------------===//
//
// The node helpers, the compute handlers (elementwise, contractions,
// windows, normalizations, reductions) and the dispatch by op type; the
// data-movement and shape handlers are in ImportONNXShapes.cpp. A node
// becomes one cgraph op where one fits, or a short fixed sequence (variadic
// Max/Min/Sum/Mean as a chain of binary ops, the composite reductions as
// reduce_sum around elementwise ops). Result types
// come from the cgraph ops' own type inference, so a shape mismatch in the
// file is reported by the op that sees it, and the op's verifier decides
// which element types it takes. Every attribute a node carries must be
// understood: one the importer does not know is an error, never ignored.
//
//===----------------------------------------------------------------------===//

#include "Importer.h"

#include "mcg/Dialect/CGraph/IR/CGraph.h"
#include "mcg/Dialect/CGraph/IR/TensorSize.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "llvm/ADT/StringSet.h"

#include <limits>

using namespace mlir;

namespace mcg {
namespace onnx_import {

InFlightDiagnostic Importer::nodeError(const Node &n, const Twine &what) {
  return error(n.loc) << what << " (ONNX op '" << n.proto.op_type()
                      << "', node '" << n.proto.name() << "', opset " << opset
                      << ")";
}

LogicalResult Importer::checkArity(const Node &n, int lo, int hi) {
  int count = static_cast<int>(n.inputs.size());
  bool ok = count >= lo && count <= hi;
  for (int i = 0; ok && i < lo; ++i)
    ok = static_cast<bool>(n.inputs[i]);
  if (ok)
    return success();
  return nodeError(n, Twine(count) + " inputs are not supported (expected " +
                          Twine(lo) + (hi != lo ? " to " + Twine(hi) : "") +
                          ")");
}

LogicalResult Importer::checkShapeSize(const Node &n, ArrayRef<int64_t> shape,
                                       Type elementType) {
  if (cgraph::boundedByteSize(shape, elementType.getIntOrFloatBitWidth()))
    return success();
  std::string dims;
  llvm::raw_string_ostream os(dims);
  llvm::interleave(shape, os, "x");
  return nodeError(n, "the shape " + dims + " of " +
                          Twine(elementType.getIntOrFloatBitWidth()) +
                          "-bit elements is too large: its size in bytes "
                          "does not fit in 64 bits");
}

LogicalResult Importer::claimOutput(const Node &n, const std::string &name) {
  auto [it, inserted] =
      producers.try_emplace(name, "node '" + n.proto.name() + "'");
  if (inserted)
    return success();
  return nodeError(n, "output '" + name + "' is already defined by " +
                          it->second +
                          "; an ONNX value has exactly one producer");
}

FailureOr<const KnownTensor *> Importer::requireKnown(const Node &n,
                                                      unsigned input) {
  const std::string &name = n.proto.input(input);
  if (const KnownTensor *t = knownTensor(name))
    return t;
  return nodeError(n, "input '" + name +
                          "' is computed at run time, which is not "
                          "supported; mcg needs it at import time");
}

/// Reads a known int64 or int32 tensor input as integers.
FailureOr<SmallVector<int64_t>> Importer::constantInts(const Node &n,
                                                       unsigned input) {
  FailureOr<const KnownTensor *> t = requireKnown(n, input);
  if (failed(t))
    return failure();
  if ((*t)->kind != KnownKind::I64 && (*t)->kind != KnownKind::I32)
    return nodeError(n, "input '" + n.proto.input(input) +
                            "' must be an int64 or int32 tensor");
  return SmallVector<int64_t>((*t)->ints.begin(), (*t)->ints.end());
}

/// Reads a known one-element tensor input as a double.
FailureOr<double> Importer::constantScalar(const Node &n, unsigned input) {
  FailureOr<const KnownTensor *> t = requireKnown(n, input);
  if (failed(t))
    return failure();
  if ((*t)->size() != 1)
    return nodeError(n, "input '" + n.proto.input(input) +
                            "' must hold one element");
  return (*t)->asDouble(0);
}

/// Evaluates the node at import if its inputs are all known and the
/// evaluator (EvaluateKnown.cpp) handles it; its outputs are then known
/// tensors, not ops.
FailureOr<bool> Importer::evaluateKnown(Node &n) {
  SmallVector<const KnownTensor *> inputs;
  for (const std::string &name : n.proto.input()) {
    if (name.empty()) {
      inputs.push_back(nullptr);
      continue;
    }
    const KnownTensor *t = knownTensor(name);
    if (!t)
      return false;
    inputs.push_back(t);
  }
  SmallVector<KnownTensor> outputs;
  std::string message;
  switch (evaluateNode(n.proto, opset, inputs, outputs, message)) {
  case EvalStatus::NotEvaluated:
    return false;
  case EvalStatus::Invalid:
    return nodeError(n,
                     "invalid on the inputs known at import time: " + message);
  case EvalStatus::Evaluated:
    break;
  }
  // An empty result may still have huge dimensions (a Reshape to
  // [0, 2^62, 8]): they must be within the tensor size limit too.
  for (const KnownTensor &t : outputs)
    if (failed(checkShapeSize(n, t.shape, knownType(t).getElementType())))
      return failure();
  for (auto [name, t] : llvm::zip(n.proto.output(), outputs))
    known[name] = std::move(t);
  return true;
}

/// Integer lists that moved from an attribute to an input at `sinceOpset`
/// (Squeeze's axes, Slice's starts, Pad's pads, ...). Absent: an empty list.
FailureOr<SmallVector<int64_t>>
Importer::intsInputOrAttr(Node &n, int64_t sinceOpset, unsigned input,
                          const std::string &attr) {
  if (opset < sinceOpset)
    return n.attrs.ints(attr).value_or(SmallVector<int64_t>());
  if (!n.has(input))
    return SmallVector<int64_t>();
  return constantInts(n, input);
}

/// Builds `opName` with a placeholder result type, then asks the op for its
/// type (the inherent attributes land in its properties on creation) and
/// runs its verifier, whose complaint (an element type the op does not
/// take, say) becomes an "is not supported" diagnostic for the node.
FailureOr<Value> Importer::create(Node &n, StringRef opName,
                                  ValueRange operands,
                                  ArrayRef<NamedAttribute> attrs) {
  OperationState state(n.loc, opName);
  state.addOperands(operands);
  state.addAttributes(attrs);
  state.addTypes(NoneType::get(ctx));
  Operation *op = b.create(state);
  auto infer = dyn_cast<InferTypeOpInterface>(op);
  SmallVector<Type> types;
  if (!infer ||
      failed(infer.inferReturnTypes(
          ctx, n.loc, op->getOperands(), op->getRawDictionaryAttrs(),
          op->getPropertiesStorage(), op->getRegions(), types)) ||
      types.size() != 1) {
    op->erase();
    return failure();
  }
  op->getResult(0).setType(types[0]);
  std::string complaint;
  {
    ScopedDiagnosticHandler capture(ctx, [&](Diagnostic &d) {
      if (complaint.empty())
        complaint = d.str();
      return success();
    });
    if (succeeded(verify(op, /*verifyRecursively=*/false)))
      return op->getResult(0);
  }
  op->erase();
  return nodeError(n, "these operands are not supported by '" + opName +
                          "': " + complaint);
}

LogicalResult Importer::define(Node &n, FailureOr<Value> v) {
  if (failed(v))
    return failure();
  values[n.proto.output(0)] = *v;
  return success();
}

/// Rejects attributes nobody took, then builds the op for the node's output.
LogicalResult Importer::finish(Node &n, StringRef opName, ValueRange operands) {
  if (const onnx::AttributeProto *a = n.attrs.leftover())
    return nodeError(n, "attribute '" + a->name() + "' is not supported");
  return define(n, create(n, opName, operands));
}

Value Importer::splat(RankedTensorType type, double value, Location loc) {
  Type elt = type.getElementType();
  Attribute v = isa<FloatType>(elt)
                    ? Attribute(b.getFloatAttr(elt, value))
                    : Attribute(b.getIntegerAttr(elt, (int64_t)value));
  return cgraph::ConstantOp::create(b, loc, DenseElementsAttr::get(type, v))
      .getResult();
}

//===----------------------------------------------------------------------===//
// Elementwise
//===----------------------------------------------------------------------===//

LogicalResult Importer::importElementwise(Node &n) {
  static const llvm::StringMap<StringRef> ops = {
      {"Add", "cgraph.add"},
      {"Sub", "cgraph.sub"},
      {"Mul", "cgraph.mul"},
      {"Div", "cgraph.div"},
      {"Pow", "cgraph.pow"},
      {"Neg", "cgraph.neg"},
      {"Abs", "cgraph.abs"},
      {"Exp", "cgraph.exp"},
      {"Log", "cgraph.log"},
      {"Sqrt", "cgraph.sqrt"},
      {"Tanh", "cgraph.tanh"},
      {"Sigmoid", "cgraph.sigmoid"},
      {"Relu", "cgraph.relu"},
      {"Erf", "cgraph.erf"},
      {"LeakyRelu", "cgraph.leaky_relu"},
      {"GlobalAveragePool", "cgraph.global_avg_pool"}};
  static const llvm::StringSet<> binary = {"Add", "Sub", "Mul", "Div", "Pow"};
  const std::string &type = n.proto.op_type();
  int arity = binary.contains(type) ? 2 : 1;
  if (failed(checkArity(n, arity, arity)))
    return failure();
  if (type == "LeakyRelu")
    n.named.push_back(
        b.getNamedAttr("alpha", b.getF64FloatAttr(n.attrs.f("alpha", 0.01f))));
  return finish(n, ops.at(type), n.inputs);
}

/// Comparisons and logic: i1 masks at run time (evaluated at import when
/// their inputs are known).
LogicalResult Importer::importCompare(Node &n) {
  static const llvm::StringMap<StringRef> ops = {
      {"Equal", "cgraph.equal"},
      {"Less", "cgraph.less"},
      {"LessOrEqual", "cgraph.less_equal"},
      {"Greater", "cgraph.greater"},
      {"GreaterOrEqual", "cgraph.greater_equal"},
      {"And", "cgraph.and"},
      {"Or", "cgraph.or"},
      {"Xor", "cgraph.xor"},
      {"Not", "cgraph.not"}};
  int arity = n.proto.op_type() == "Not" ? 1 : 2;
  if (failed(checkArity(n, arity, arity)))
    return failure();
  return finish(n, ops.at(n.proto.op_type()), n.inputs);
}

/// Max, Min, Sum, Mean: one or more inputs, broadcast together (from opset
/// 8; before that the shapes are equal, which is the same thing).
LogicalResult Importer::importVariadic(Node &n) {
  const std::string &type = n.proto.op_type();
  if (n.inputs.empty() || llvm::is_contained(n.inputs, Value()))
    return nodeError(n, "a missing input is not supported");
  if (const onnx::AttributeProto *a = n.attrs.leftover())
    return nodeError(n, "attribute '" + a->name() + "' is not supported");
  StringRef opName = type == "Max"   ? "cgraph.max"
                     : type == "Min" ? "cgraph.min"
                                     : "cgraph.add";
  Value acc = n.inputs[0];
  for (Value next : ArrayRef(n.inputs).drop_front()) {
    FailureOr<Value> v = create(n, opName, {acc, next});
    if (failed(v))
      return failure();
    acc = *v;
  }
  if (type == "Mean" && n.inputs.size() > 1) {
    auto t = cast<RankedTensorType>(acc.getType());
    Value count = splat(RankedTensorType::get({}, t.getElementType()),
                        static_cast<double>(n.inputs.size()), n.loc);
    return define(n, create(n, "cgraph.div", {acc, count}));
  }
  values[n.proto.output(0)] = acc;
  return success();
}

/// Clip: constant float bounds become cgraph.clip; bounds computed by the
/// graph (or an integer input) become max and min with the bound tensors.
LogicalResult Importer::importClip(Node &n) {
  if (failed(checkArity(n, 1, 3)))
    return failure();
  bool isFloat = isa<FloatType>(n.type(0).getElementType());
  double lo = n.attrs.f("min", -std::numeric_limits<float>::infinity());
  double hi = n.attrs.f("max", std::numeric_limits<float>::infinity());
  bool allConstant = true;
  for (unsigned i : {1u, 2u})
    if (n.has(i) && !knownTensor(n.proto.input(i)))
      allConstant = false;
  if (!isFloat || !allConstant) {
    if (const onnx::AttributeProto *a = n.attrs.leftover())
      return nodeError(n, "attribute '" + a->name() + "' is not supported");
    Value acc = n.inputs[0];
    for (unsigned i : {1u, 2u}) {
      if (!n.has(i))
        continue;
      FailureOr<Value> v =
          create(n, i == 1 ? "cgraph.max" : "cgraph.min", {acc, n.inputs[i]});
      if (failed(v))
        return failure();
      acc = *v;
    }
    values[n.proto.output(0)] = acc;
    return success();
  }
  for (unsigned i : {1u, 2u}) {
    if (!n.has(i))
      continue;
    FailureOr<double> v = constantScalar(n, i);
    if (failed(v))
      return failure();
    (i == 1 ? lo : hi) = *v;
  }
  n.named.push_back(b.getNamedAttr("min", b.getF64FloatAttr(lo)));
  n.named.push_back(b.getNamedAttr("max", b.getF64FloatAttr(hi)));
  return finish(n, "cgraph.clip", n.inputs[0]);
}

LogicalResult Importer::importCast(Node &n) {
  if (failed(checkArity(n, 1, 1)))
    return failure();
  const onnx::AttributeProto *to = n.attrs.take("to");
  if (!to)
    return nodeError(n, "a Cast without 'to' is not supported");
  if (n.attrs.i("saturate", 1) != 1)
    return nodeError(n, "saturate=0 is not supported");
  if (const onnx::AttributeProto *a = n.attrs.leftover())
    return nodeError(n, "attribute '" + a->name() + "' is not supported");
  FailureOr<Type> elt =
      elementType(static_cast<int32_t>(to->i()), n.proto.output(0), n.loc);
  if (failed(elt))
    return failure();
  auto type = RankedTensorType::get(n.type(0).getShape(), *elt);
  if (type == n.type(0)) {
    values[n.proto.output(0)] = n.inputs[0];
    return success();
  }
  values[n.proto.output(0)] =
      cgraph::CastOp::create(b, n.loc, type, n.inputs[0]).getResult();
  return success();
}

//===----------------------------------------------------------------------===//
// Contractions, windows and normalizations
//===----------------------------------------------------------------------===//

LogicalResult Importer::importGemm(Node &n) {
  if (failed(checkArity(n, 2, 3)))
    return failure();
  SmallVector<Value> operands = {n.inputs[0], n.inputs[1]};
  if (n.has(2))
    operands.push_back(n.inputs[2]);
  n.named.push_back(
      b.getNamedAttr("alpha", b.getF32FloatAttr(n.attrs.f("alpha", 1.0f))));
  n.named.push_back(
      b.getNamedAttr("beta", b.getF32FloatAttr(n.attrs.f("beta", 1.0f))));
  n.named.push_back(
      b.getNamedAttr("trans_a", b.getBoolAttr(n.attrs.i("transA", 0))));
  n.named.push_back(
      b.getNamedAttr("trans_b", b.getBoolAttr(n.attrs.i("transB", 0))));
  return finish(n, "cgraph.gemm", operands);
}

/// Convolutions and pooling: NCHW with explicit padding only.
LogicalResult Importer::checkWindowed(Node &n) {
  int64_t rank = n.type(0).getRank();
  if (rank != 4)
    return nodeError(n, Twine(rank - 2) +
                            "-D windows are not supported (only 2-D, NCHW)");
  if (n.attrs.s("auto_pad", "NOTSET") != "NOTSET")
    return nodeError(n, "auto_pad other than NOTSET is not supported");
  return success();
}

LogicalResult Importer::importConv(Node &n) {
  if (failed(checkArity(n, 2, 3)) || failed(checkWindowed(n)))
    return failure();
  const std::string &type = n.proto.op_type();
  if (n.attrs.take("output_shape"))
    return nodeError(n, "output_shape is not supported");
  SmallVector<Value> operands = {n.inputs[0], n.inputs[1]};
  if (n.has(2))
    operands.push_back(n.inputs[2]);
  // The kernel shape is the weight's; ONNX repeats it as an attribute.
  if (auto kernel = n.attrs.ints("kernel_shape")) {
    auto weight = n.type(1);
    if (weight.getRank() != 4 ||
        ArrayRef<int64_t>(*kernel) != weight.getShape().drop_front(2))
      return nodeError(
          n, "a kernel_shape other than the weight's shape is not supported");
  }
  SmallVector<std::string> names = {"strides", "pads", "dilations"};
  if (type == "ConvTranspose")
    names.push_back("output_padding");
  for (const std::string &name : names)
    if (auto v = n.attrs.ints(name))
      n.named.push_back(b.getNamedAttr(name, b.getDenseI64ArrayAttr(*v)));
  n.named.push_back(
      b.getNamedAttr("groups", b.getI64IntegerAttr(n.attrs.i("group", 1))));
  return finish(n, type == "Conv" ? "cgraph.conv2d" : "cgraph.conv_transpose2d",
                operands);
}

LogicalResult Importer::importPool(Node &n) {
  if (failed(checkArity(n, 1, 1)) || failed(checkWindowed(n)))
    return failure();
  bool isMax = n.proto.op_type() == "MaxPool";
  if (n.attrs.i("storage_order", 0) != 0)
    return nodeError(n, "storage_order 1 is not supported");
  auto kernel = n.attrs.ints("kernel_shape");
  if (!kernel)
    return nodeError(n, "a pool without kernel_shape is not supported");
  n.named.push_back(
      b.getNamedAttr("kernel_shape", b.getDenseI64ArrayAttr(*kernel)));
  SmallVector<std::string> names = {"strides", "pads"};
  if (isMax)
    names.push_back("dilations");
  for (const std::string &name : names)
    if (auto v = n.attrs.ints(name))
      n.named.push_back(b.getNamedAttr(name, b.getDenseI64ArrayAttr(*v)));
  if (!isMax)
    n.named.push_back(b.getNamedAttr(
        "count_include_pad", b.getBoolAttr(n.attrs.i("count_include_pad", 0))));
  n.named.push_back(
      b.getNamedAttr("ceil_mode", b.getBoolAttr(n.attrs.i("ceil_mode", 0))));
  return finish(n, isMax ? "cgraph.max_pool2d" : "cgraph.avg_pool2d",
                n.inputs[0]);
}

LogicalResult Importer::importNormalization(Node &n) {
  if (n.proto.op_type() == "LayerNormalization") {
    if (failed(checkArity(n, 2, 3)))
      return failure();
    if (n.attrs.i("stash_type", 1) != 1)
      return nodeError(n, "stash_type other than 1 (float) is not supported");
    n.named.push_back(
        b.getNamedAttr("axis", b.getI64IntegerAttr(n.attrs.i("axis", -1))));
    n.named.push_back(b.getNamedAttr(
        "epsilon", b.getF32FloatAttr(n.attrs.f("epsilon", 1e-5f))));
    SmallVector<Value> operands = {n.inputs[0], n.inputs[1]};
    if (n.has(2))
      operands.push_back(n.inputs[2]);
    return finish(n, "cgraph.layer_norm", operands);
  }
  if (failed(checkArity(n, 5, 5)))
    return failure();
  if (n.attrs.i("training_mode", 0) != 0)
    return nodeError(n, "training_mode is not supported");
  if (n.attrs.i("spatial", 1) != 1)
    return nodeError(n, "spatial=0 is not supported");
  n.attrs.take("momentum"); // Only used in training.
  if (n.attrs.i("is_test", 1) != 1)
    return nodeError(n, "is_test=0 (training) is not supported");
  n.named.push_back(b.getNamedAttr(
      "epsilon", b.getF32FloatAttr(n.attrs.f("epsilon", 1e-5f))));
  return finish(n, "cgraph.batch_norm", n.inputs);
}

LogicalResult Importer::importSoftmax(Node &n) {
  if (failed(checkArity(n, 1, 1)))
    return failure();
  int64_t rank = n.type(0).getRank();
  int64_t axis = n.attrs.i("axis", opset >= 13 ? -1 : 1);
  if (axis < 0)
    axis += rank;
  // Before opset 13 Softmax flattened to 2-D at `axis`; that equals the
  // per-axis softmax only when `axis` is the last dimension.
  if (opset < 13 && axis != rank - 1)
    return nodeError(n, "Softmax before opset 13 with axis != rank-1 "
                        "(a softmax over flattened trailing dimensions) is "
                        "not supported");
  n.named.push_back(b.getNamedAttr("axis", b.getI64IntegerAttr(axis)));
  return finish(n, "cgraph.softmax", n.inputs);
}

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

/// ReduceSum/Mean/Max/Min map to one op; ReduceL1, ReduceL2, ReduceSumSquare,
/// ReduceLogSum and ReduceLogSumExp are reduce_sum with elementwise ops
/// around it, as the ONNX definitions write them.
LogicalResult Importer::importReduce(Node &n) {
  const std::string &type = n.proto.op_type();
  // Axes became an input in opset 13 for ReduceSum (18 for the others).
  bool axesInput = type == "ReduceSum";
  if (failed(checkArity(n, 1, axesInput ? 2 : 1)))
    return failure();
  FailureOr<SmallVector<int64_t>> axes =
      intsInputOrAttr(n, axesInput ? 13 : 18, 1, "axes");
  if (failed(axes))
    return failure();
  bool keepdims = n.attrs.i("keepdims", 1) != 0;
  if (n.attrs.i("noop_with_empty_axes", 0) != 0 && axes->empty()) {
    if (const onnx::AttributeProto *a = n.attrs.leftover())
      return nodeError(n, "attribute '" + a->name() + "' is not supported");
    values[n.proto.output(0)] = n.inputs[0];
    return success();
  }
  if (const onnx::AttributeProto *a = n.attrs.leftover())
    return nodeError(n, "attribute '" + a->name() + "' is not supported");
  n.named.push_back(b.getNamedAttr("axes", b.getDenseI64ArrayAttr(*axes)));
  n.named.push_back(b.getNamedAttr("keepdims", b.getBoolAttr(keepdims)));

  static const llvm::StringMap<StringRef> direct = {
      {"ReduceSum", "cgraph.reduce_sum"},
      {"ReduceMean", "cgraph.reduce_mean"},
      {"ReduceMax", "cgraph.reduce_max"},
      {"ReduceMin", "cgraph.reduce_min"}};
  if (auto it = direct.find(type); it != direct.end())
    return define(n, create(n, it->second, n.inputs[0]));

  // The elementwise ops around the sum take no attributes.
  auto unary = [&](StringRef op, Value x) { return create(n, op, x, {}); };
  Value x = n.inputs[0];
  FailureOr<Value> pre = x;
  if (type == "ReduceL1")
    pre = unary("cgraph.abs", x);
  else if (type == "ReduceL2" || type == "ReduceSumSquare")
    pre = create(n, "cgraph.mul", {x, x}, {});
  else if (type == "ReduceLogSumExp")
    pre = unary("cgraph.exp", x);
  if (failed(pre))
    return failure();
  FailureOr<Value> sum = create(n, "cgraph.reduce_sum", *pre);
  if (failed(sum))
    return failure();
  if (type == "ReduceL2")
    return define(n, unary("cgraph.sqrt", *sum));
  if (type == "ReduceLogSum" || type == "ReduceLogSumExp")
    return define(n, unary("cgraph.log", *sum));
  return define(n, sum);
}

/// ArgMax / ArgMin: one cgraph op with ONNX's attributes (int64 result).
LogicalResult Importer::importArgReduce(Node &n) {
  if (failed(checkArity(n, 1, 1)))
    return failure();
  n.named.push_back(
      b.getNamedAttr("axis", b.getI64IntegerAttr(n.attrs.i("axis", 0))));
  n.named.push_back(
      b.getNamedAttr("keepdims", b.getBoolAttr(n.attrs.i("keepdims", 1))));
  n.named.push_back(b.getNamedAttr(
      "select_last_index", b.getBoolAttr(n.attrs.i("select_last_index", 0))));
  return finish(
      n, n.proto.op_type() == "ArgMax" ? "cgraph.argmax" : "cgraph.argmin",
      n.inputs[0]);
}

//===----------------------------------------------------------------------===//
// Dispatch
//===----------------------------------------------------------------------===//

LogicalResult Importer::importNode(const onnx::NodeProto &proto) {
  Location loc =
      proto.name().empty()
          ? fileLoc
          : Location(NameLoc::get(b.getStringAttr(proto.name()), fileLoc));
  Node n{proto, loc, {}, NodeAttrs(proto), {}};
  if (!proto.domain().empty() && proto.domain() != "ai.onnx")
    return nodeError(n, "domain '" + proto.domain() + "' is not supported");
  for (const std::string &out : proto.output())
    if (!out.empty() && failed(claimOutput(n, out)))
      return failure();
  if (proto.op_type() == "If")
    return importIf(n);
  if (proto.op_type() == "Loop")
    return importLoop(n);
  if (proto.op_type() == "Scan")
    return importScan(n);

  using Handler = LogicalResult (Importer::*)(Node &);
  static const llvm::StringMap<Handler> handlers = {
      {"Add", &Importer::importElementwise},
      {"Sub", &Importer::importElementwise},
      {"Mul", &Importer::importElementwise},
      {"Div", &Importer::importElementwise},
      {"Pow", &Importer::importElementwise},
      {"Neg", &Importer::importElementwise},
      {"Abs", &Importer::importElementwise},
      {"Exp", &Importer::importElementwise},
      {"Log", &Importer::importElementwise},
      {"Sqrt", &Importer::importElementwise},
      {"Tanh", &Importer::importElementwise},
      {"Sigmoid", &Importer::importElementwise},
      {"Relu", &Importer::importElementwise},
      {"Erf", &Importer::importElementwise},
      {"LeakyRelu", &Importer::importElementwise},
      {"MatMul", &Importer::importMatMul},
      {"Einsum", &Importer::importEinsum},
      {"Where", &Importer::importWhere},
      {"Equal", &Importer::importCompare},
      {"Less", &Importer::importCompare},
      {"LessOrEqual", &Importer::importCompare},
      {"Greater", &Importer::importCompare},
      {"GreaterOrEqual", &Importer::importCompare},
      {"And", &Importer::importCompare},
      {"Or", &Importer::importCompare},
      {"Xor", &Importer::importCompare},
      {"Not", &Importer::importCompare},
      {"HardSigmoid", &Importer::importHardSigmoid},
      {"HardSwish", &Importer::importHardSigmoid},
      {"PRelu", &Importer::importPRelu},
      {"Softplus", &Importer::importSoftplus},
      {"InstanceNormalization", &Importer::importInstanceNorm},
      {"Split", &Importer::importSplit},
      {"Tile", &Importer::importTile},
      {"DepthToSpace", &Importer::importDepthToSpace},
      {"SpaceToDepth", &Importer::importDepthToSpace},
      {"GlobalAveragePool", &Importer::importElementwise},
      {"Max", &Importer::importVariadic},
      {"Min", &Importer::importVariadic},
      {"Sum", &Importer::importVariadic},
      {"Mean", &Importer::importVariadic},
      {"Clip", &Importer::importClip},
      {"Cast", &Importer::importCast},
      {"Gemm", &Importer::importGemm},
      {"Conv", &Importer::importConv},
      {"ConvTranspose", &Importer::importConv},
      {"MaxPool", &Importer::importPool},
      {"AveragePool", &Importer::importPool},
      {"BatchNormalization", &Importer::importNormalization},
      {"LayerNormalization", &Importer::importNormalization},
      {"Softmax", &Importer::importSoftmax},
      {"ReduceSum", &Importer::importReduce},
      {"ReduceMean", &Importer::importReduce},
      {"ReduceMax", &Importer::importReduce},
      {"ReduceMin", &Importer::importReduce},
      {"ReduceL1", &Importer::importReduce},
      {"ReduceL2", &Importer::importReduce},
      {"ReduceSumSquare", &Importer::importReduce},
      {"ReduceLogSum", &Importer::importReduce},
      {"ReduceLogSumExp", &Importer::importReduce},
      {"ArgMax", &Importer::importArgReduce},
      {"ArgMin", &Importer::importArgReduce},
      {"Identity", &Importer::importPassThrough},
      {"Dropout", &Importer::importPassThrough},
      {"Constant", &Importer::importConstant},
      {"Shape", &Importer::importShape},
      {"Size", &Importer::importSize},
      {"Reshape", &Importer::importReshape},
      {"Squeeze", &Importer::importSqueeze},
      {"Unsqueeze", &Importer::importSqueeze},
      {"Flatten", &Importer::importFlatten},
      {"Transpose", &Importer::importTranspose},
      {"Concat", &Importer::importConcat},
      {"Slice", &Importer::importSlice},
      {"Pad", &Importer::importPad},
      {"Gather", &Importer::importGather},
      {"Expand", &Importer::importExpand},
      {"Resize", &Importer::importResize}};
  // Ops that real exports use on shapes and masks: evaluated at import
  // time, with no runtime form.
  static const llvm::StringSet<> importTimeOnly = {
      "ConstantOfShape", "Range", "Mod", "ScatterND",
      "ReduceProd",      "Floor", "Ceil"};
  auto handler = handlers.find(proto.op_type());
  if (handler == handlers.end() && !importTimeOnly.contains(proto.op_type()))
    return nodeError(n, "unsupported op");
  if (proto.op_type() != "Constant") {
    FailureOr<bool> evaluated = evaluateKnown(n);
    if (failed(evaluated))
      return failure();
    if (*evaluated)
      return success();
  }
  if (handler == handlers.end()) {
    for (const std::string &name : proto.input())
      if (!name.empty() && !knownTensor(name))
        return nodeError(n, "input '" + name +
                                "' is computed at run time, which is not "
                                "supported for this op (only inputs known "
                                "at import time)");
    return nodeError(n, "these inputs are not supported at import time");
  }

  for (const std::string &name : proto.input()) {
    if (name.empty()) {
      n.inputs.push_back(Value());
      continue;
    }
    FailureOr<Value> v = lookup(name, loc);
    if (failed(v))
      return failure();
    n.inputs.push_back(*v);
  }
  // Outputs past the first must be unused (Dropout's mask, MaxPool's
  // indices, BatchNormalization's training statistics): unnamed, or named
  // but read by no node and no graph output.
  for (int i = 1; i < proto.output_size() && proto.op_type() != "Split"; ++i)
    if (!proto.output(i).empty() && used.contains(proto.output(i)))
      return nodeError(n, "output " + Twine(i) + " ('" + proto.output(i) +
                              "') is not supported");
  if (proto.output_size() == 0)
    return nodeError(n, "a node without outputs is not supported");
  return (this->*handler->second)(n);
}

} // namespace onnx_import
} // namespace mcg
