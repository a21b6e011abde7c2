//===- ImportONNXNodes.cpp - ONNX nodes to cgraph ops ---------------------===//
//
// One handler per ONNX op family. A node becomes one cgraph op where one
// fits, or a short fixed sequence (variadic Max/Min/Sum/Mean as a chain of
// binary ops, Squeeze/Unsqueeze as reshape, Shape as a constant, the
// composite reductions as reduce_sum around elementwise ops). Result types
// come from the cgraph ops' own type inference, so a shape mismatch in the
// file is reported by the op that sees it, and the op's verifier decides
// which element types it takes. Every attribute a node carries must be
// understood: one the importer does not know is an error, never ignored.
//
//===----------------------------------------------------------------------===//

#include "Importer.h"

#include "mcg/Dialect/CGraph/IR/CGraph.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "llvm/ADT/StringSet.h"

#include <cmath>
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

/// The bytes of the constant tensor feeding input `input`, and the tensor.
FailureOr<std::string> Importer::constantBytes(const Node &n, unsigned input,
                                               const onnx::TensorProto *&t) {
  const std::string &name = n.proto.input(input);
  auto it = constants.find(name);
  if (it == constants.end())
    return nodeError(n, "input '" + name +
                            "' is not an initializer or Constant, which is "
                            "not supported; mcg needs it at import time");
  t = it->second;
  return tensorBytes(*t, n.loc);
}

/// Reads a constant int64 or int32 tensor input as integers.
FailureOr<SmallVector<int64_t>> Importer::constantInts(const Node &n,
                                                       unsigned input) {
  const std::string &name = n.proto.input(input);
  if (auto known = knownInts.find(name); known != knownInts.end())
    return known->second;
  const onnx::TensorProto *t = nullptr;
  FailureOr<std::string> bytes = constantBytes(n, input, t);
  if (failed(bytes))
    return failure();
  SmallVector<int64_t> out;
  if (t->data_type() == onnx::TensorProto::INT64) {
    out.resize(bytes->size() / sizeof(int64_t));
    memcpy(out.data(), bytes->data(), out.size() * sizeof(int64_t));
  } else if (t->data_type() == onnx::TensorProto::INT32) {
    SmallVector<int32_t> v(bytes->size() / sizeof(int32_t));
    memcpy(v.data(), bytes->data(), v.size() * sizeof(int32_t));
    out.assign(v.begin(), v.end());
  } else {
    return nodeError(n, "input '" + name +
                            "' must be an int64 or int32 "
                            "tensor");
  }
  return out;
}

/// Reads a constant one-element tensor input as a double.
FailureOr<double> Importer::constantScalar(const Node &n, unsigned input) {
  const std::string &name = n.proto.input(input);
  const onnx::TensorProto *t = nullptr;
  FailureOr<std::string> bytes = constantBytes(n, input, t);
  if (failed(bytes))
    return failure();
  auto read = [&](auto x) -> FailureOr<double> {
    if (bytes->size() != sizeof(x))
      return nodeError(n, "input '" + name + "' must hold one element");
    memcpy(&x, bytes->data(), sizeof(x));
    return static_cast<double>(x);
  };
  switch (t->data_type()) {
  case onnx::TensorProto::FLOAT:
    return read(float());
  case onnx::TensorProto::DOUBLE:
    return read(double());
  case onnx::TensorProto::INT64:
    return read(int64_t());
  case onnx::TensorProto::INT32:
    return read(int32_t());
  default:
    return nodeError(n, "input '" + name + "' has an unsupported type");
  }
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
                                  ValueRange operands) {
  OperationState state(n.loc, opName);
  state.addOperands(operands);
  state.addAttributes(n.named);
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
      {"MatMul", "cgraph.matmul"},
      {"LeakyRelu", "cgraph.leaky_relu"},
      {"GlobalAveragePool", "cgraph.global_avg_pool"}};
  static const llvm::StringSet<> binary = {"Add", "Sub", "Mul",
                                           "Div", "Pow", "MatMul"};
  const std::string &type = n.proto.op_type();
  int arity = binary.contains(type) ? 2 : 1;
  if (failed(checkArity(n, arity, arity)))
    return failure();
  if (type == "LeakyRelu")
    n.named.push_back(
        b.getNamedAttr("alpha", b.getF64FloatAttr(n.attrs.f("alpha", 0.01f))));
  return finish(n, ops.at(type), n.inputs);
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
    if (n.has(i) && !constants.count(n.proto.input(i)))
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

  // Elementwise ops take no attributes: build them without n.named.
  auto unary = [&](StringRef op, Value x) {
    SmallVector<NamedAttribute> saved = std::move(n.named);
    n.named.clear();
    FailureOr<Value> v = create(n, op, x);
    n.named = std::move(saved);
    return v;
  };
  Value x = n.inputs[0];
  FailureOr<Value> pre = x;
  if (type == "ReduceL1")
    pre = unary("cgraph.abs", x);
  else if (type == "ReduceL2" || type == "ReduceSumSquare") {
    SmallVector<NamedAttribute> saved = std::move(n.named);
    n.named.clear();
    pre = create(n, "cgraph.mul", {x, x});
    n.named = std::move(saved);
  } else if (type == "ReduceLogSumExp")
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

//===----------------------------------------------------------------------===//
// Data movement and shapes
//===----------------------------------------------------------------------===//

/// Identity, and Dropout in inference mode: the output is the input.
LogicalResult Importer::importPassThrough(Node &n) {
  bool dropout = n.proto.op_type() == "Dropout";
  if (failed(checkArity(n, 1, dropout ? 3 : 1)))
    return failure();
  if (n.has(2)) {
    // training_mode (opset 12+): only a constant false is inference.
    FailureOr<double> training = constantScalar(n, 2);
    if (failed(training))
      return failure();
    if (*training != 0)
      return nodeError(n, "training_mode is not supported");
  }
  n.attrs.take("seed");
  n.attrs.take("ratio");
  if (n.attrs.i("is_test", 1) != 1)
    return nodeError(n, "training mode is not supported");
  if (const onnx::AttributeProto *a = n.attrs.leftover())
    return nodeError(n, "attribute '" + a->name() + "' is not supported");
  values[n.proto.output(0)] = n.inputs[0];
  return success();
}

LogicalResult Importer::importConstant(Node &n) {
  const onnx::AttributeProto *value = n.attrs.take("value");
  if (!value || n.attrs.leftover())
    return nodeError(n,
                     "a Constant other than a 'value' tensor is not supported");
  FailureOr<Value> c = constant(value->t(), n.loc);
  if (failed(c))
    return failure();
  constants[n.proto.output(0)] = &value->t();
  values[n.proto.output(0)] = *c;
  return success();
}

/// Shape: shapes are static, so the result is a constant, also known at
/// import time to a Reshape or Expand that reads it.
LogicalResult Importer::importShape(Node &n) {
  if (failed(checkArity(n, 1, 1)))
    return failure();
  ArrayRef<int64_t> shape = n.type(0).getShape();
  int64_t rank = shape.size();
  auto clampDim = [&](int64_t d) {
    return std::clamp<int64_t>(d < 0 ? d + rank : d, 0, rank);
  };
  int64_t start = clampDim(n.attrs.i("start", 0));
  int64_t end = clampDim(n.attrs.i("end", rank));
  if (const onnx::AttributeProto *a = n.attrs.leftover())
    return nodeError(n, "attribute '" + a->name() + "' is not supported");
  SmallVector<int64_t> dims(shape.slice(start, std::max(start, end) - start));
  auto type = RankedTensorType::get({static_cast<int64_t>(dims.size())},
                                    b.getI64Type());
  values[n.proto.output(0)] =
      cgraph::ConstantOp::create(
          b, n.loc, DenseElementsAttr::get(type, ArrayRef<int64_t>(dims)))
          .getResult();
  knownInts[n.proto.output(0)] = dims;
  return success();
}

/// Builds a reshape of `x` to `shape` for the node's output.
static Value reshape(OpBuilder &b, Location loc, Value x,
                     ArrayRef<int64_t> shape) {
  auto type = RankedTensorType::get(
      shape, cast<RankedTensorType>(x.getType()).getElementType());
  if (type == x.getType())
    return x;
  return cgraph::ReshapeOp::create(b, loc, type, x).getResult();
}

LogicalResult Importer::importReshape(Node &n) {
  if (opset < 5)
    return nodeError(n, "Reshape before opset 5 is not supported");
  if (failed(checkArity(n, 2, 2)))
    return failure();
  if (n.attrs.i("allowzero", 0) != 0)
    return nodeError(n, "allowzero=1 is not supported");
  if (const onnx::AttributeProto *a = n.attrs.leftover())
    return nodeError(n, "attribute '" + a->name() + "' is not supported");
  FailureOr<SmallVector<int64_t>> shape = constantInts(n, 1);
  if (failed(shape))
    return failure();
  RankedTensorType inType = n.type(0);
  int64_t known = 1, infer = -1;
  for (auto [i, d] : llvm::enumerate(*shape)) {
    if (d == 0) {
      if (static_cast<int64_t>(i) >= inType.getRank())
        return nodeError(n, "shape entry 0 past the input rank is invalid");
      d = inType.getDimSize(i);
    }
    if (d == -1) {
      if (infer >= 0)
        return nodeError(n, "more than one -1 in the shape is invalid");
      infer = i;
      continue;
    }
    if (d < 0)
      return nodeError(n, "shape entry " + Twine(d) + " is invalid");
    known *= d;
  }
  if (infer >= 0) {
    if (known == 0 || inType.getNumElements() % known != 0)
      return nodeError(n, "the -1 dimension does not divide the element "
                          "count");
    (*shape)[infer] = inType.getNumElements() / known;
  }
  if (ShapedType::getNumElements(*shape) != inType.getNumElements())
    return nodeError(n, "the shape's element count differs from the "
                        "input's");
  values[n.proto.output(0)] = reshape(b, n.loc, n.inputs[0], *shape);
  return success();
}

/// Squeeze and Unsqueeze: a reshape that drops or inserts size-1 dimensions
/// (axes became an input in opset 13).
LogicalResult Importer::importSqueeze(Node &n) {
  bool squeeze = n.proto.op_type() == "Squeeze";
  if (failed(checkArity(n, 1, 2)))
    return failure();
  FailureOr<SmallVector<int64_t>> axes = intsInputOrAttr(n, 13, 1, "axes");
  if (failed(axes))
    return failure();
  if (const onnx::AttributeProto *a = n.attrs.leftover())
    return nodeError(n, "attribute '" + a->name() + "' is not supported");
  ArrayRef<int64_t> in = n.type(0).getShape();
  int64_t outRank = squeeze ? in.size() : in.size() + axes->size();
  int64_t axisRank = squeeze ? in.size() : outRank;
  SmallVector<bool> marked(axisRank, false);
  for (int64_t a : *axes) {
    int64_t d = a < 0 ? a + axisRank : a;
    if (d < 0 || d >= axisRank || marked[d])
      return nodeError(n, "axis " + Twine(a) +
                              " is out of range or "
                              "repeated");
    if (squeeze && in[d] != 1)
      return nodeError(n, "axis " + Twine(a) + " has size " + Twine(in[d]) +
                              ", not 1");
    marked[d] = true;
  }
  SmallVector<int64_t> shape;
  if (squeeze) {
    for (auto [d, size] : llvm::enumerate(in))
      if (!(axes->empty() ? size == 1 : marked[d]))
        shape.push_back(size);
  } else {
    const int64_t *next = in.begin();
    for (int64_t d = 0; d < outRank; ++d)
      shape.push_back(marked[d] ? 1 : *next++);
  }
  values[n.proto.output(0)] = reshape(b, n.loc, n.inputs[0], shape);
  return success();
}

LogicalResult Importer::importFlatten(Node &n) {
  if (failed(checkArity(n, 1, 1)))
    return failure();
  n.named.push_back(
      b.getNamedAttr("axis", b.getI64IntegerAttr(n.attrs.i("axis", 1))));
  return finish(n, "cgraph.flatten", n.inputs);
}

LogicalResult Importer::importTranspose(Node &n) {
  if (failed(checkArity(n, 1, 1)))
    return failure();
  int64_t rank = n.type(0).getRank();
  SmallVector<int64_t> perm;
  if (auto v = n.attrs.ints("perm"))
    perm = *v;
  else
    for (int64_t d = rank - 1; d >= 0; --d)
      perm.push_back(d);
  n.named.push_back(b.getNamedAttr("perm", b.getDenseI64ArrayAttr(perm)));
  return finish(n, "cgraph.transpose", n.inputs);
}

LogicalResult Importer::importConcat(Node &n) {
  if (n.inputs.empty() || llvm::is_contained(n.inputs, Value()))
    return nodeError(n, "a missing input is not supported");
  const onnx::AttributeProto *axis = n.attrs.take("axis");
  if (!axis)
    return nodeError(n, "a Concat without 'axis' is not supported");
  int64_t a = axis->i();
  if (a < 0)
    a += n.type(0).getRank();
  n.named.push_back(b.getNamedAttr("axis", b.getI64IntegerAttr(a)));
  return finish(n, "cgraph.concat", n.inputs);
}

/// Slice: ONNX's optional axes, negative and out-of-range indices are
/// normalized to cgraph.slice's full-rank, in-range form.
LogicalResult Importer::importSlice(Node &n) {
  if (failed(checkArity(n, opset >= 10 ? 3 : 1, opset >= 10 ? 5 : 1)))
    return failure();
  FailureOr<SmallVector<int64_t>> starts = intsInputOrAttr(n, 10, 1, "starts");
  FailureOr<SmallVector<int64_t>> ends = intsInputOrAttr(n, 10, 2, "ends");
  FailureOr<SmallVector<int64_t>> axes = intsInputOrAttr(n, 10, 3, "axes");
  FailureOr<SmallVector<int64_t>> steps =
      opset >= 10 ? intsInputOrAttr(n, 10, 4, "steps")
                  : FailureOr<SmallVector<int64_t>>(SmallVector<int64_t>());
  if (failed(starts) || failed(ends) || failed(axes) || failed(steps))
    return failure();
  if (const onnx::AttributeProto *a = n.attrs.leftover())
    return nodeError(n, "attribute '" + a->name() + "' is not supported");
  ArrayRef<int64_t> shape = n.type(0).getShape();
  int64_t rank = shape.size();
  size_t count = starts->size();
  if (axes->empty())
    for (size_t i = 0; i < count; ++i)
      axes->push_back(i);
  if (steps->empty())
    steps->assign(count, 1);
  if (ends->size() != count || axes->size() != count || steps->size() != count)
    return nodeError(n, "starts, ends, axes and steps differ in length");
  SmallVector<int64_t> lo(rank, 0), hi(shape), step(rank, 1);
  SmallVector<bool> seen(rank, false);
  for (size_t i = 0; i < count; ++i) {
    int64_t axis = (*axes)[i] < 0 ? (*axes)[i] + rank : (*axes)[i];
    if (axis < 0 || axis >= rank || seen[axis])
      return nodeError(n, "axis " + Twine((*axes)[i]) +
                              " is out of range or repeated");
    seen[axis] = true;
    int64_t dim = shape[axis];
    if ((*steps)[i] <= 0)
      return nodeError(n, "a step of " + Twine((*steps)[i]) +
                              " is not supported (only positive steps)");
    auto clampIndex = [&](int64_t v) {
      if (v < 0)
        v += dim;
      return std::clamp<int64_t>(v, 0, dim);
    };
    lo[axis] = clampIndex((*starts)[i]);
    hi[axis] = std::max(lo[axis], clampIndex((*ends)[i]));
    step[axis] = (*steps)[i];
    if (hi[axis] == lo[axis])
      return nodeError(n, "an empty slice is not supported");
  }
  n.named.push_back(b.getNamedAttr("starts", b.getDenseI64ArrayAttr(lo)));
  n.named.push_back(b.getNamedAttr("ends", b.getDenseI64ArrayAttr(hi)));
  n.named.push_back(b.getNamedAttr("steps", b.getDenseI64ArrayAttr(step)));
  return define(n, create(n, "cgraph.slice", n.inputs[0]));
}

LogicalResult Importer::importPad(Node &n) {
  if (failed(checkArity(n, 1, opset >= 11 ? 3 : 1)))
    return failure();
  FailureOr<SmallVector<int64_t>> pads = intsInputOrAttr(n, 11, 1, "pads");
  if (failed(pads))
    return failure();
  double value = opset >= 11 ? 0.0 : n.attrs.f("value", 0.0f);
  if (n.has(2)) {
    FailureOr<double> v = constantScalar(n, 2);
    if (failed(v))
      return failure();
    value = *v;
  }
  std::string mode = n.attrs.s("mode", "constant");
  std::optional<cgraph::PadMode> padMode = cgraph::symbolizePadMode(mode);
  if (!padMode)
    return nodeError(n, "mode '" + mode + "' is not supported");
  if (llvm::any_of(*pads, [](int64_t p) { return p < 0; }))
    return nodeError(n, "negative pads (cropping) are not supported");
  n.named.push_back(b.getNamedAttr("pads", b.getDenseI64ArrayAttr(*pads)));
  n.named.push_back(
      b.getNamedAttr("mode", cgraph::PadModeAttr::get(ctx, *padMode)));
  n.named.push_back(b.getNamedAttr("value", b.getF64FloatAttr(value)));
  return finish(n, "cgraph.pad", n.inputs[0]);
}

LogicalResult Importer::importGather(Node &n) {
  if (failed(checkArity(n, 2, 2)))
    return failure();
  int64_t axis = n.attrs.i("axis", 0);
  if (axis < 0)
    axis += n.type(0).getRank();
  n.named.push_back(b.getNamedAttr("axis", b.getI64IntegerAttr(axis)));
  return finish(n, "cgraph.gather", n.inputs);
}

/// Expand: bidirectional broadcast to a constant shape, as a multiplication
/// by a splat of ones (exact for every value, -0 and NaN included).
LogicalResult Importer::importExpand(Node &n) {
  if (failed(checkArity(n, 2, 2)))
    return failure();
  if (const onnx::AttributeProto *a = n.attrs.leftover())
    return nodeError(n, "attribute '" + a->name() + "' is not supported");
  FailureOr<SmallVector<int64_t>> shape = constantInts(n, 1);
  if (failed(shape))
    return failure();
  if (llvm::any_of(*shape, [](int64_t d) { return d < 0; }))
    return nodeError(n, "a negative dimension in the shape is invalid");
  Value ones = splat(RankedTensorType::get(*shape, n.type(0).getElementType()),
                     1.0, n.loc);
  return define(n, create(n, "cgraph.mul", {n.inputs[0], ones}));
}

/// Resize in `nearest` mode: every output index maps to one input index per
/// axis, so the resize is one gather per resized axis with the index table
/// computed here, as the ONNX definition computes it (coordinate transform,
/// then rounding, clamped to the input).
LogicalResult Importer::importResize(Node &n) {
  if (opset < 11)
    return nodeError(n, "Resize before opset 11 is not supported");
  if (failed(checkArity(n, 1, 4)))
    return failure();
  std::string mode = n.attrs.s("mode", "nearest");
  if (mode != "nearest")
    return nodeError(n, "mode '" + mode + "' is not supported (only nearest)");
  std::string transform =
      n.attrs.s("coordinate_transformation_mode", "half_pixel");
  std::string rounding = n.attrs.s("nearest_mode", "round_prefer_floor");
  // Only cubic mode and tf_crop_and_resize read these.
  n.attrs.take("cubic_coeff_a");
  n.attrs.take("exclude_outside");
  n.attrs.take("extrapolation_value");
  if (const onnx::AttributeProto *a = n.attrs.leftover())
    return nodeError(n, "attribute '" + a->name() + "' is not supported");
  static const llvm::StringSet<> transforms = {
      "half_pixel", "pytorch_half_pixel",        "align_corners",
      "asymmetric", "tf_half_pixel_for_nearest", "tf_half_pixel_for_nn"};
  if (!transforms.contains(transform))
    return nodeError(n, "coordinate_transformation_mode '" + transform +
                            "' is not supported");
  static const llvm::StringSet<> roundings = {
      "round_prefer_floor", "round_prefer_ceil", "floor", "ceil"};
  if (!roundings.contains(rounding))
    return nodeError(n, "nearest_mode '" + rounding + "' is not supported");

  ArrayRef<int64_t> in = n.type(0).getShape();
  size_t rank = in.size();
  SmallVector<int64_t> out(in);
  SmallVector<double> scales(rank, 1.0);
  if (n.has(3)) {
    FailureOr<SmallVector<int64_t>> sizes = constantInts(n, 3);
    if (failed(sizes))
      return failure();
    if (sizes->size() != rank)
      return nodeError(n, "sizes must have one entry per dimension");
    for (size_t d = 0; d < rank; ++d) {
      out[d] = (*sizes)[d];
      scales[d] = static_cast<double>(out[d]) / in[d];
    }
  } else if (n.has(2)) {
    if (!constants.count(n.proto.input(2)))
      return nodeError(n, "scales computed by the graph are not supported");
    const onnx::TensorProto *t = nullptr;
    FailureOr<std::string> bytes = constantBytes(n, 2, t);
    if (failed(bytes))
      return failure();
    if (t->data_type() != onnx::TensorProto::FLOAT ||
        bytes->size() != rank * sizeof(float))
      return nodeError(n, "scales must be float, one per dimension");
    for (size_t d = 0; d < rank; ++d) {
      float f;
      memcpy(&f, bytes->data() + d * sizeof(float), sizeof(float));
      scales[d] = f;
      out[d] = static_cast<int64_t>(std::floor(in[d] * static_cast<double>(f)));
    }
  } else {
    return nodeError(n, "a Resize without scales or sizes is not valid");
  }

  Value x = n.inputs[0];
  for (size_t d = 0; d < rank; ++d) {
    if (out[d] <= 0)
      return nodeError(n, "an empty output is not supported");
    if (out[d] == in[d] && scales[d] == 1.0)
      continue;
    SmallVector<int64_t> index(out[d]);
    for (int64_t i = 0; i < out[d]; ++i) {
      double s = scales[d], xo;
      if (transform == "half_pixel")
        xo = (i + 0.5) / s - 0.5;
      else if (transform == "pytorch_half_pixel")
        xo = out[d] > 1 ? (i + 0.5) / s - 0.5 : 0.0;
      else if (transform == "align_corners")
        xo = out[d] == 1 ? 0.0
                         : i * static_cast<double>(in[d] - 1) / (out[d] - 1);
      else if (transform == "asymmetric")
        xo = i / s;
      else
        xo = (i + 0.5) / s;
      double r;
      if (rounding == "floor")
        r = std::floor(xo);
      else if (rounding == "ceil")
        r = std::ceil(xo);
      else if (xo - std::floor(xo) == 0.5)
        r = rounding == "round_prefer_floor" ? std::floor(xo) : std::ceil(xo);
      else
        r = std::round(xo);
      index[i] = std::clamp<int64_t>(static_cast<int64_t>(r), 0, in[d] - 1);
    }
    auto indexType = RankedTensorType::get({out[d]}, b.getI64Type());
    Value table =
        cgraph::ConstantOp::create(
            b, n.loc, DenseElementsAttr::get(indexType, ArrayRef(index)))
            .getResult();
    n.named.assign(
        {b.getNamedAttr("axis", b.getI64IntegerAttr(static_cast<int64_t>(d)))});
    FailureOr<Value> g = create(n, "cgraph.gather", {x, table});
    if (failed(g))
      return failure();
    x = *g;
  }
  values[n.proto.output(0)] = x;
  return success();
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
      {"MatMul", &Importer::importElementwise},
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
      {"Identity", &Importer::importPassThrough},
      {"Dropout", &Importer::importPassThrough},
      {"Constant", &Importer::importConstant},
      {"Shape", &Importer::importShape},
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
  auto handler = handlers.find(proto.op_type());
  if (handler == handlers.end())
    return nodeError(n, "unsupported op");

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
  // indices, BatchNormalization's training statistics).
  for (int i = 1; i < proto.output_size(); ++i)
    if (!proto.output(i).empty())
      return nodeError(n, "output " + Twine(i) + " ('" + proto.output(i) +
                              "') is not supported");
  if (proto.output_size() != 1)
    return nodeError(n, "a node without outputs is not supported");
  return (this->*handler->second)(n);
}

} // namespace onnx_import
} // namespace mcg
