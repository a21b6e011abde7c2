//===- ImportONNX.cpp - ONNX model to cgraph ------------------------------===//
//
// Reads an ONNX ModelProto with libonnx's generated protobuf classes and
// builds one cgraph.graph. Every node maps to one cgraph op (Identity and
// inference-mode Dropout map to their input); result types come from the
// cgraph ops' own type inference, so a shape mismatch in the file is reported
// by the op that sees it. Every attribute a node carries must be understood:
// an attribute the importer does not know is an error, never ignored.
//
//===----------------------------------------------------------------------===//

#include "mcg/Target/ONNX/ImportONNX.h"

#include "mcg/Dialect/CGraph/IR/CGraph.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Tools/mlir-translate/Translation.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"

#include "onnx/onnx_pb.h"

#include <map>

using namespace mlir;

namespace mcg {
namespace {

/// Tensors up to this size become dense literals; larger ones dense_resource
/// blobs, so printed models stay readable.
constexpr size_t kInlineConstantBytes = 256;

/// The attributes of one node; handlers take what they understand and the
/// importer rejects whatever is left.
class NodeAttrs {
public:
  explicit NodeAttrs(const onnx::NodeProto &node) {
    for (const onnx::AttributeProto &a : node.attribute())
      attrs[a.name()] = &a;
  }
  const onnx::AttributeProto *take(const std::string &name) {
    auto it = attrs.find(name);
    if (it == attrs.end())
      return nullptr;
    const onnx::AttributeProto *a = it->second;
    attrs.erase(it);
    return a;
  }
  int64_t i(const std::string &name, int64_t dflt) {
    const onnx::AttributeProto *a = take(name);
    return a ? a->i() : dflt;
  }
  float f(const std::string &name, float dflt) {
    const onnx::AttributeProto *a = take(name);
    return a ? a->f() : dflt;
  }
  std::string s(const std::string &name, const std::string &dflt) {
    const onnx::AttributeProto *a = take(name);
    return a ? a->s() : dflt;
  }
  std::optional<SmallVector<int64_t>> ints(const std::string &name) {
    const onnx::AttributeProto *a = take(name);
    if (!a)
      return std::nullopt;
    return SmallVector<int64_t>(a->ints().begin(), a->ints().end());
  }
  /// The first attribute nobody took, if any.
  const onnx::AttributeProto *leftover() const {
    return attrs.empty() ? nullptr : attrs.begin()->second;
  }

private:
  std::map<std::string, const onnx::AttributeProto *> attrs;
};

class Importer {
public:
  Importer(MLIRContext *ctx, Location fileLoc)
      : ctx(ctx), fileLoc(fileLoc), b(ctx) {}

  OwningOpRef<ModuleOp> run(const onnx::ModelProto &model);

private:
  InFlightDiagnostic error(Location loc) { return emitError(loc); }
  FailureOr<Type> elementType(int32_t onnxType, const std::string &name,
                              Location loc);
  FailureOr<RankedTensorType> valueType(const onnx::ValueInfoProto &info);
  FailureOr<Value> constant(const onnx::TensorProto &t, Location loc);
  FailureOr<SmallVector<int64_t>> constantInts(const std::string &name,
                                               Location loc);
  FailureOr<Value> lookup(const std::string &name, Location loc);
  FailureOr<Value> create(StringRef opName, ValueRange operands,
                          ArrayRef<NamedAttribute> attrs, Location loc);
  LogicalResult importNode(const onnx::NodeProto &node);
  InFlightDiagnostic unsupported(const onnx::NodeProto &node, Location loc,
                                 const Twine &what);

  MLIRContext *ctx;
  Location fileLoc;
  OpBuilder b;
  int64_t opset = 0;
  llvm::StringMap<Value> values;
  /// Initializers and Constant node values, for operands ONNX requires to be
  /// known at import time (Reshape's shape, Clip's bounds).
  llvm::StringMap<const onnx::TensorProto *> constants;
};

FailureOr<Type> Importer::elementType(int32_t onnxType, const std::string &name,
                                      Location loc) {
  switch (onnxType) {
  case onnx::TensorProto::FLOAT:
    return Type(b.getF32Type());
  case onnx::TensorProto::DOUBLE:
    return Type(b.getF64Type());
  case onnx::TensorProto::INT64:
    return Type(b.getI64Type());
  case onnx::TensorProto::INT32:
    return Type(b.getI32Type());
  default:
    error(loc) << "'" << name << "' has unsupported ONNX element type "
               << onnx::TensorProto::DataType_Name(
                      static_cast<onnx::TensorProto::DataType>(onnxType));
    return failure();
  }
}

FailureOr<RankedTensorType>
Importer::valueType(const onnx::ValueInfoProto &info) {
  Location loc = NameLoc::get(b.getStringAttr(info.name()), fileLoc);
  if (!info.type().has_tensor_type() ||
      !info.type().tensor_type().has_shape()) {
    error(loc) << "graph value '" << info.name()
               << "' has no tensor type with a shape";
    return failure();
  }
  const onnx::TypeProto::Tensor &tt = info.type().tensor_type();
  FailureOr<Type> elt = elementType(tt.elem_type(), info.name(), loc);
  if (failed(elt))
    return failure();
  SmallVector<int64_t> shape;
  for (const onnx::TensorShapeProto::Dimension &d : tt.shape().dim()) {
    if (!d.has_dim_value() || d.dim_value() < 0) {
      error(loc) << "graph value '" << info.name()
                 << "' has a dynamic dimension"
                 << (d.has_dim_param() ? " '" + d.dim_param() + "'" : "")
                 << "; mcg needs static shapes";
      return failure();
    }
    shape.push_back(d.dim_value());
  }
  return RankedTensorType::get(shape, *elt);
}

/// Appends the little-endian bytes of the repeated field `data`, converted
/// to `T`.
template <typename T, typename Field>
static void appendAs(const Field &data, std::vector<char> &out) {
  for (auto v : data) {
    T x = static_cast<T>(v);
    const char *p = reinterpret_cast<const char *>(&x);
    out.insert(out.end(), p, p + sizeof(T));
  }
}

FailureOr<Value> Importer::constant(const onnx::TensorProto &t, Location loc) {
  if (t.data_location() == onnx::TensorProto::EXTERNAL) {
    error(loc) << "tensor '" << t.name()
               << "' uses external data, which the importer does not read yet";
    return failure();
  }
  FailureOr<Type> elt = elementType(t.data_type(), t.name(), loc);
  if (failed(elt))
    return failure();
  SmallVector<int64_t> shape(t.dims().begin(), t.dims().end());
  auto type = RankedTensorType::get(shape, *elt);
  size_t eltBytes = elt->getIntOrFloatBitWidth() / 8;
  std::vector<char> bytes;
  if (t.has_raw_data()) {
    bytes.assign(t.raw_data().begin(), t.raw_data().end());
  } else {
    switch (t.data_type()) {
    case onnx::TensorProto::FLOAT:
      appendAs<float>(t.float_data(), bytes);
      break;
    case onnx::TensorProto::DOUBLE:
      appendAs<double>(t.double_data(), bytes);
      break;
    case onnx::TensorProto::INT64:
      appendAs<int64_t>(t.int64_data(), bytes);
      break;
    default:
      appendAs<int32_t>(t.int32_data(), bytes);
      break;
    }
  }
  if (bytes.size() != static_cast<size_t>(type.getNumElements()) * eltBytes) {
    error(loc) << "tensor '" << t.name() << "' holds " << bytes.size()
               << " bytes of data; its type " << type << " needs "
               << type.getNumElements() * eltBytes;
    return failure();
  }
  ElementsAttr value;
  if (bytes.size() <= kInlineConstantBytes) {
    value = DenseElementsAttr::getFromRawBuffer(type, bytes);
  } else {
    std::string key;
    for (char c : t.name())
      key.push_back(llvm::isAlnum(c) ? c : '_');
    if (key.empty() || llvm::isDigit(key[0]))
      key.insert(key.begin(), 'w');
    value = DenseResourceElementsAttr::get(
        type, key,
        HeapAsmResourceBlob::allocateAndCopyWithAlign(bytes, alignof(double)));
  }
  return cgraph::ConstantOp::create(b, loc, value).getResult();
}

FailureOr<SmallVector<int64_t>> Importer::constantInts(const std::string &name,
                                                       Location loc) {
  auto it = constants.find(name);
  if (it == constants.end()) {
    error(loc) << "'" << name
               << "' must be an initializer or Constant; mcg needs it at "
                  "import time";
    return failure();
  }
  const onnx::TensorProto &t = *it->second;
  if (t.data_type() != onnx::TensorProto::INT64) {
    error(loc) << "'" << name << "' must be an int64 tensor";
    return failure();
  }
  SmallVector<int64_t> out;
  if (t.has_raw_data()) {
    out.resize(t.raw_data().size() / sizeof(int64_t));
    memcpy(out.data(), t.raw_data().data(), out.size() * sizeof(int64_t));
  } else {
    out.assign(t.int64_data().begin(), t.int64_data().end());
  }
  return out;
}

FailureOr<Value> Importer::lookup(const std::string &name, Location loc) {
  auto it = values.find(name);
  if (it == values.end()) {
    error(loc) << "value '" << name
               << "' is used before it is defined (nodes must be in "
                  "topological order)";
    return failure();
  }
  return it->second;
}

FailureOr<Value> Importer::create(StringRef opName, ValueRange operands,
                                  ArrayRef<NamedAttribute> attrs,
                                  Location loc) {
  // Build with a placeholder result type, then ask the op for its type; the
  // inherent attributes land in the op's properties on creation.
  OperationState state(loc, opName);
  state.addOperands(operands);
  state.addAttributes(attrs);
  state.addTypes(NoneType::get(ctx));
  Operation *op = b.create(state);
  auto infer = dyn_cast<InferTypeOpInterface>(op);
  SmallVector<Type> types;
  if (!infer ||
      failed(infer.inferReturnTypes(
          ctx, loc, op->getOperands(), op->getRawDictionaryAttrs(),
          op->getPropertiesStorage(), op->getRegions(), types)) ||
      types.size() != 1) {
    op->erase();
    return failure();
  }
  op->getResult(0).setType(types[0]);
  return op->getResult(0);
}

InFlightDiagnostic Importer::unsupported(const onnx::NodeProto &node,
                                         Location loc, const Twine &what) {
  return error(loc) << what << " (ONNX op '" << node.op_type() << "', node '"
                    << node.name() << "', opset " << opset << ")";
}

LogicalResult Importer::importNode(const onnx::NodeProto &node) {
  Location loc =
      node.name().empty()
          ? fileLoc
          : Location(NameLoc::get(b.getStringAttr(node.name()), fileLoc));
  const std::string &type = node.op_type();
  if (!node.domain().empty() && node.domain() != "ai.onnx")
    return unsupported(node, loc, "unsupported domain '" + node.domain() + "'");

  SmallVector<Value> inputs;
  for (const std::string &name : node.input()) {
    if (name.empty()) {
      inputs.push_back(Value());
      continue;
    }
    FailureOr<Value> v = lookup(name, loc);
    if (failed(v))
      return failure();
    inputs.push_back(*v);
  }
  // Outputs past the first must be unused (Dropout's mask, MaxPool's
  // indices, BatchNormalization's training statistics).
  for (int i = 1; i < node.output_size(); ++i)
    if (!node.output(i).empty())
      return unsupported(node, loc,
                         "output " + Twine(i) + " ('" + node.output(i) +
                             "') is not supported");
  if (node.output_size() != 1)
    return unsupported(node, loc, "expected one output");

  NodeAttrs attrs(node);
  SmallVector<NamedAttribute> named;
  auto i64s = [&](StringRef name, ArrayRef<int64_t> v) {
    named.push_back(b.getNamedAttr(name, b.getDenseI64ArrayAttr(v)));
  };

  auto arity = [&](int lo, int hi) {
    return static_cast<int>(inputs.size()) >= lo &&
           static_cast<int>(inputs.size()) <= hi &&
           llvm::all_of(ArrayRef(inputs).take_front(lo),
                        [](Value v) { return v != nullptr; });
  };
  auto checkArity = [&](int lo, int hi) -> LogicalResult {
    if (arity(lo, hi))
      return success();
    return unsupported(node, loc,
                       "expected " + Twine(lo) +
                           (hi != lo ? " to " + Twine(hi) : Twine("")) +
                           " inputs, got " + Twine(inputs.size()));
  };

  // Convolution and pooling: NCHW with explicit padding only.
  auto checkWindowed = [&]() -> LogicalResult {
    if (cast<ShapedType>(inputs[0].getType()).getRank() != 4)
      return unsupported(node, loc, "only 2-D (NCHW) windows are supported");
    if (attrs.s("auto_pad", "NOTSET") != "NOTSET")
      return unsupported(node, loc,
                         "auto_pad other than NOTSET is not supported");
    return success();
  };

  static const llvm::StringMap<StringRef> simple = {
      {"Add", "cgraph.add"},
      {"Sub", "cgraph.sub"},
      {"Mul", "cgraph.mul"},
      {"Div", "cgraph.div"},
      {"Pow", "cgraph.pow"},
      {"Max", "cgraph.max"},
      {"Min", "cgraph.min"},
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
      {"GlobalAveragePool", "cgraph.global_avg_pool"}};
  static const llvm::StringSet<> binary = {"Add", "Sub", "Mul", "Div",
                                           "Pow", "Max", "Min", "MatMul"};

  StringRef opName;
  SmallVector<Value> operands;
  if (type == "Identity" || type == "Dropout") {
    if (failed(checkArity(1, type == "Dropout" ? 3 : 1)))
      return failure();
    if (inputs.size() == 3 && inputs[2])
      return unsupported(node, loc, "training_mode is not supported");
    attrs.take("seed");
    attrs.take("ratio");
    if (attrs.i("is_test", 1) != 1)
      return unsupported(node, loc, "training mode is not supported");
    if (const onnx::AttributeProto *a = attrs.leftover())
      return unsupported(node, loc,
                         "unsupported attribute '" + a->name() + "'");
    values[node.output(0)] = inputs[0];
    return success();
  }
  if (auto it = simple.find(type); it != simple.end()) {
    int n = binary.contains(type) ? 2 : 1;
    if (failed(checkArity(n, n)))
      return failure();
    opName = it->second;
    operands = inputs;
  } else if (type == "LeakyRelu") {
    if (failed(checkArity(1, 1)))
      return failure();
    opName = "cgraph.leaky_relu";
    operands = inputs;
    named.push_back(
        b.getNamedAttr("alpha", b.getF64FloatAttr(attrs.f("alpha", 0.01f))));
  } else if (type == "Gemm") {
    if (failed(checkArity(2, 3)))
      return failure();
    opName = "cgraph.gemm";
    operands = inputs;
    if (operands.size() == 3 && !operands[2])
      operands.pop_back();
    named.push_back(
        b.getNamedAttr("alpha", b.getF32FloatAttr(attrs.f("alpha", 1.0f))));
    named.push_back(
        b.getNamedAttr("beta", b.getF32FloatAttr(attrs.f("beta", 1.0f))));
    named.push_back(
        b.getNamedAttr("trans_a", b.getBoolAttr(attrs.i("transA", 0))));
    named.push_back(
        b.getNamedAttr("trans_b", b.getBoolAttr(attrs.i("transB", 0))));
  } else if (type == "Conv" || type == "ConvTranspose") {
    if (failed(checkArity(2, 3)) || failed(checkWindowed()))
      return failure();
    if (attrs.take("output_shape"))
      return unsupported(node, loc, "output_shape is not supported");
    opName = type == "Conv" ? "cgraph.conv2d" : "cgraph.conv_transpose2d";
    operands = inputs;
    if (operands.size() == 3 && !operands[2])
      operands.pop_back();
    // The kernel shape is the weight's; ONNX repeats it as an attribute.
    if (auto kernel = attrs.ints("kernel_shape")) {
      auto weight = cast<ShapedType>(inputs[1].getType());
      if (weight.getRank() != 4 ||
          ArrayRef<int64_t>(*kernel) != weight.getShape().drop_front(2))
        return unsupported(node, loc,
                           "kernel_shape does not match the weight's shape");
    }
    for (const char *name : {"strides", "pads", "dilations"})
      if (auto v = attrs.ints(name))
        i64s(name, *v);
    if (type == "ConvTranspose")
      if (auto v = attrs.ints("output_padding"))
        i64s("output_padding", *v);
    named.push_back(
        b.getNamedAttr("groups", b.getI64IntegerAttr(attrs.i("group", 1))));
  } else if (type == "MaxPool" || type == "AveragePool") {
    if (failed(checkArity(1, 1)) || failed(checkWindowed()))
      return failure();
    if (attrs.i("storage_order", 0) != 0)
      return unsupported(node, loc, "storage_order 1 is not supported");
    opName = type == "MaxPool" ? "cgraph.max_pool2d" : "cgraph.avg_pool2d";
    operands = inputs;
    auto kernel = attrs.ints("kernel_shape");
    if (!kernel)
      return unsupported(node, loc, "kernel_shape is required");
    i64s("kernel_shape", *kernel);
    for (const char *name : {"strides", "pads"})
      if (auto v = attrs.ints(name))
        i64s(name, *v);
    if (type == "MaxPool") {
      if (auto v = attrs.ints("dilations"))
        i64s("dilations", *v);
    } else {
      named.push_back(b.getNamedAttr(
          "count_include_pad", b.getBoolAttr(attrs.i("count_include_pad", 0))));
    }
    named.push_back(
        b.getNamedAttr("ceil_mode", b.getBoolAttr(attrs.i("ceil_mode", 0))));
  } else if (type == "BatchNormalization") {
    if (failed(checkArity(5, 5)))
      return failure();
    if (attrs.i("training_mode", 0) != 0)
      return unsupported(node, loc, "training_mode is not supported");
    if (attrs.i("spatial", 1) != 1)
      return unsupported(node, loc, "spatial=0 is not supported");
    attrs.take("momentum"); // Only used in training.
    attrs.take("is_test");
    opName = "cgraph.batch_norm";
    operands = inputs;
    named.push_back(b.getNamedAttr(
        "epsilon", b.getF32FloatAttr(attrs.f("epsilon", 1e-5f))));
  } else if (type == "Softmax") {
    if (failed(checkArity(1, 1)))
      return failure();
    int64_t rank = cast<ShapedType>(inputs[0].getType()).getRank();
    int64_t axis = attrs.i("axis", opset >= 13 ? -1 : 1);
    if (axis < 0)
      axis += rank;
    // Before opset 13 Softmax flattened to 2-D at `axis`; that equals the
    // per-axis softmax only when `axis` is the last dimension.
    if (opset < 13 && axis != rank - 1)
      return unsupported(node, loc,
                         "Softmax before opset 13 with axis != rank-1 "
                         "(a softmax over flattened trailing dimensions) is "
                         "not supported");
    opName = "cgraph.softmax";
    operands = inputs;
    named.push_back(b.getNamedAttr("axis", b.getI64IntegerAttr(axis)));
  } else if (type == "Flatten") {
    if (failed(checkArity(1, 1)))
      return failure();
    opName = "cgraph.flatten";
    operands = inputs;
    named.push_back(
        b.getNamedAttr("axis", b.getI64IntegerAttr(attrs.i("axis", 1))));
  } else if (type == "Transpose") {
    if (failed(checkArity(1, 1)))
      return failure();
    int64_t rank = cast<ShapedType>(inputs[0].getType()).getRank();
    SmallVector<int64_t> perm;
    if (auto v = attrs.ints("perm"))
      perm = *v;
    else
      for (int64_t d = rank - 1; d >= 0; --d)
        perm.push_back(d);
    opName = "cgraph.transpose";
    operands = inputs;
    i64s("perm", perm);
  } else if (type == "Concat") {
    if (inputs.empty() || llvm::is_contained(inputs, Value()))
      return unsupported(node, loc, "expected at least one input");
    opName = "cgraph.concat";
    operands = inputs;
    const onnx::AttributeProto *axis = attrs.take("axis");
    if (!axis)
      return unsupported(node, loc, "axis is required");
    int64_t a = axis->i();
    if (a < 0)
      a += cast<ShapedType>(inputs[0].getType()).getRank();
    named.push_back(b.getNamedAttr("axis", b.getI64IntegerAttr(a)));
  } else if (type == "Reshape") {
    if (failed(checkArity(2, 2)))
      return failure();
    if (attrs.i("allowzero", 0) != 0)
      return unsupported(node, loc, "allowzero=1 is not supported");
    if (const onnx::AttributeProto *a = attrs.leftover())
      return unsupported(node, loc,
                         "unsupported attribute '" + a->name() + "'");
    FailureOr<SmallVector<int64_t>> shape = constantInts(node.input(1), loc);
    if (failed(shape))
      return failure();
    auto inType = cast<RankedTensorType>(inputs[0].getType());
    int64_t known = 1, infer = -1;
    for (auto [i, d] : llvm::enumerate(*shape)) {
      if (d == 0) {
        if (static_cast<int64_t>(i) >= inType.getRank())
          return unsupported(node, loc, "shape entry 0 past the input rank");
        d = inType.getDimSize(i);
      }
      if (d == -1) {
        if (infer >= 0)
          return unsupported(node, loc, "more than one -1 in the shape");
        infer = i;
        continue;
      }
      if (d < 0)
        return unsupported(node, loc, "negative shape entry " + Twine(d));
      known *= d;
    }
    if (infer >= 0) {
      if (known == 0 || inType.getNumElements() % known != 0)
        return unsupported(node, loc, "cannot infer the -1 dimension");
      (*shape)[infer] = inType.getNumElements() / known;
    }
    auto outType = RankedTensorType::get(*shape, inType.getElementType());
    values[node.output(0)] =
        cgraph::ReshapeOp::create(b, loc, outType, inputs[0]).getResult();
    return success();
  } else if (type == "Clip") {
    if (failed(checkArity(1, 3)))
      return failure();
    float lo = attrs.f("min", -std::numeric_limits<float>::infinity());
    float hi = attrs.f("max", std::numeric_limits<float>::infinity());
    for (int i : {1, 2}) {
      if (static_cast<int>(inputs.size()) <= i || !inputs[i])
        continue;
      auto it = constants.find(node.input(i));
      if (it == constants.end() ||
          it->second->data_type() != onnx::TensorProto::FLOAT)
        return unsupported(node, loc, "Clip bounds must be float initializers");
      const onnx::TensorProto &t = *it->second;
      float v;
      if (t.has_raw_data() && t.raw_data().size() == sizeof(float))
        memcpy(&v, t.raw_data().data(), sizeof(float));
      else if (t.float_data_size() == 1)
        v = t.float_data(0);
      else
        return unsupported(node, loc, "Clip bounds must be scalars");
      (i == 1 ? lo : hi) = v;
    }
    opName = "cgraph.clip";
    operands = {inputs[0]};
    named.push_back(b.getNamedAttr("min", b.getF64FloatAttr(lo)));
    named.push_back(b.getNamedAttr("max", b.getF64FloatAttr(hi)));
  } else if (type == "Constant") {
    const onnx::AttributeProto *value = attrs.take("value");
    if (!value || attrs.leftover())
      return unsupported(node, loc,
                         "only Constant with a 'value' tensor is supported");
    FailureOr<Value> c = constant(value->t(), loc);
    if (failed(c))
      return failure();
    constants[node.output(0)] = &value->t();
    values[node.output(0)] = *c;
    return success();
  } else {
    return unsupported(node, loc, "unsupported op");
  }

  if (const onnx::AttributeProto *a = attrs.leftover())
    return unsupported(node, loc, "unsupported attribute '" + a->name() + "'");
  FailureOr<Value> result = create(opName, operands, named, loc);
  if (failed(result))
    return failure();
  values[node.output(0)] = *result;
  return success();
}

OwningOpRef<ModuleOp> Importer::run(const onnx::ModelProto &model) {
  for (const onnx::OperatorSetIdProto &id : model.opset_import())
    if (id.domain().empty() || id.domain() == "ai.onnx")
      opset = id.version();
  if (opset < 7 || opset > 17) {
    error(fileLoc) << "ONNX opset " << opset
                   << " is not supported (mcg imports opsets 7 to 17)";
    return nullptr;
  }
  const onnx::GraphProto &graph = model.graph();
  OwningOpRef<ModuleOp> module = ModuleOp::create(fileLoc);
  b.setInsertionPointToEnd(module->getBody());

  llvm::StringSet<> initNames;
  for (const onnx::TensorProto &t : graph.initializer())
    initNames.insert(t.name());
  SmallVector<Type> inTypes, outTypes;
  SmallVector<StringRef> inNames, outNames;
  for (const onnx::ValueInfoProto &in : graph.input()) {
    if (initNames.contains(in.name()))
      continue; // Pre-IR-4 models list initializers as inputs too.
    FailureOr<RankedTensorType> t = valueType(in);
    if (failed(t))
      return nullptr;
    inTypes.push_back(*t);
    inNames.push_back(in.name());
  }
  for (const onnx::ValueInfoProto &out : graph.output()) {
    FailureOr<RankedTensorType> t = valueType(out);
    if (failed(t))
      return nullptr;
    outTypes.push_back(*t);
    outNames.push_back(out.name());
  }
  std::string graphName = graph.name().empty() ? "main" : graph.name();
  auto g = cgraph::GraphOp::create(b, fileLoc, graphName,
                                   b.getFunctionType(inTypes, outTypes),
                                   inNames, outNames);
  Block *body = &g.getBody().front();
  for (auto [arg, name] : llvm::zip(body->getArguments(), inNames)) {
    arg.setLoc(NameLoc::get(b.getStringAttr(name), fileLoc));
    values[name] = arg;
  }
  b.setInsertionPointToStart(body);
  for (const onnx::TensorProto &t : graph.initializer()) {
    Location loc = NameLoc::get(b.getStringAttr(t.name()), fileLoc);
    FailureOr<Value> c = constant(t, loc);
    if (failed(c))
      return nullptr;
    values[t.name()] = *c;
    constants[t.name()] = &t;
  }
  for (const onnx::NodeProto &node : graph.node())
    if (failed(importNode(node)))
      return nullptr;

  SmallVector<Value> results;
  for (auto [name, type] : llvm::zip(outNames, outTypes)) {
    FailureOr<Value> v = lookup(name.str(), fileLoc);
    if (failed(v))
      return nullptr;
    if (v->getType() != type) {
      error(v->getLoc()) << "graph output '" << name << "' is declared as "
                         << type << " but computes " << v->getType();
      return nullptr;
    }
    results.push_back(*v);
  }
  cgraph::OutputOp::create(b, fileLoc, results);
  if (failed(verify(*module)))
    return nullptr;
  return module;
}

} // namespace

OwningOpRef<ModuleOp> importONNX(StringRef bytes, Location loc) {
  GOOGLE_PROTOBUF_VERIFY_VERSION;
  onnx::ModelProto model;
  if (bytes.empty() ||
      !model.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    emitError(loc) << "not a valid ONNX model: the protobuf does not parse "
                      "(truncated or corrupt file?)";
    return nullptr;
  }
  if (!model.has_graph()) {
    emitError(loc) << "not a valid ONNX model: no graph";
    return nullptr;
  }
  loc.getContext()->loadDialect<cgraph::CGraphDialect>();
  return Importer(loc.getContext(), loc).run(model);
}

void registerImportONNXTranslation() {
  TranslateToMLIRRegistration registration(
      "import-onnx", "import an ONNX model into the cgraph dialect",
      [](llvm::SourceMgr &sourceMgr,
         MLIRContext *ctx) -> OwningOpRef<Operation *> {
        const llvm::MemoryBuffer *buf =
            sourceMgr.getMemoryBuffer(sourceMgr.getMainFileID());
        Location loc = FileLineColLoc::get(ctx, buf->getBufferIdentifier(),
                                           /*line=*/0, /*column=*/0);
        return importONNX(buf->getBuffer(), loc);
      },
      [](DialectRegistry &registry) {
        registry.insert<cgraph::CGraphDialect>();
      });
}

} // namespace mcg
