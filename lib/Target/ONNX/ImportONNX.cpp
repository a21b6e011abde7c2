//===- ImportONNX.cpp - ONNX model to cgraph ------------------------------===//
//
// Reads an ONNX ModelProto with libonnx's generated protobuf classes and
// builds one cgraph.graph: graph inputs and outputs with their names,
// initializers (inline or external data) as constants, then one handler call
// per node (ImportONNXNodes.cpp).
//
//===----------------------------------------------------------------------===//

#include "mcg/Target/ONNX/ImportONNX.h"

#include "Importer.h"

#include "mcg/Dialect/CGraph/IR/CGraph.h"
#include "mcg/Dialect/CGraph/IR/TensorSize.h"
#include "mcg/Target/ONNX/ExternalData.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Tools/mlir-translate/Translation.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/bit.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"

#include "onnx/defs/schema.h"
#include "onnx/shape_inference/implementation.h"

using namespace mlir;

namespace mcg {
namespace onnx_import {

/// Tensors up to this size become dense literals; larger ones dense_resource
/// blobs, so printed models stay readable.
constexpr size_t kInlineConstantBytes = 256;

/// Where the model's identity and doc strings travel (docs/onnx.md).
constexpr llvm::StringLiteral kONNXModel = "onnx.model";
constexpr llvm::StringLiteral kDocString = "onnx.doc_string";

/// The MLIR element type of an ONNX one mcg supports, or null.
static Type mlirElementType(int32_t onnxType, Builder &b) {
  switch (onnxType) {
  case onnx::TensorProto::FLOAT:
    return b.getF32Type();
  case onnx::TensorProto::DOUBLE:
    return b.getF64Type();
  case onnx::TensorProto::INT64:
    return b.getI64Type();
  case onnx::TensorProto::INT32:
    return b.getI32Type();
  case onnx::TensorProto::BOOL:
    return b.getI1Type();
  default:
    return nullptr;
  }
}

FailureOr<Type> Importer::elementType(int32_t onnxType, const std::string &name,
                                      Location loc) {
  if (Type t = mlirElementType(onnxType, b))
    return t;
  error(loc) << "'" << name << "' has unsupported ONNX element type "
             << onnx::TensorProto::DataType_Name(
                    static_cast<onnx::TensorProto::DataType>(onnxType));
  return failure();
}

FailureOr<RankedTensorType>
Importer::valueType(const onnx::ValueInfoProto &info) {
  Location loc = NameLoc::get(b.getStringAttr(info.name()), fileLoc);
  if (!info.type().has_tensor_type() ||
      !info.type().tensor_type().has_shape()) {
    if (info.type().has_tensor_type())
      error(loc) << "graph input '" << info.name()
                 << "' is a tensor of unknown rank; mcg needs static shapes: "
                    "give it one with --input-shape "
                 << info.name() << "=D0xD1x...";
    else
      error(loc) << "graph value '" << info.name()
                 << "' is not a tensor (sequence, map and optional values are "
                    "not supported); mcg needs static shapes";
    return failure();
  }
  const onnx::TypeProto::Tensor &tt = info.type().tensor_type();
  FailureOr<Type> elt = elementType(tt.elem_type(), info.name(), loc);
  if (failed(elt))
    return failure();
  SmallVector<int64_t> shape;
  for (const onnx::TensorShapeProto::Dimension &d : tt.shape().dim()) {
    if (!d.has_dim_value() || d.dim_value() < 0) {
      error(loc) << "graph input '" << info.name()
                 << "' has a dynamic dimension"
                 << (d.has_dim_param() ? " '" + d.dim_param() + "'" : "")
                 << " (dimension " << shape.size()
                 << "); mcg needs static shapes: pin it with --input-shape "
                 << info.name() << "=D0xD1x..."
                 << (d.has_dim_param() ? " or --dim " + d.dim_param() + "=N"
                                       : "");
      return failure();
    }
    shape.push_back(d.dim_value());
  }
  auto type = RankedTensorType::get(shape, *elt);
  if (!cgraph::fitsTensorSizeLimit(type)) {
    error(loc) << "graph input '" << info.name() << "' of type " << type
               << " is too large: its size in bytes does not fit in 64 bits";
    return failure();
  }
  return type;
}

FailureOr<TensorType> Importer::declaredType(const onnx::ValueInfoProto &info) {
  Location loc = NameLoc::get(b.getStringAttr(info.name()), fileLoc);
  if (!info.type().has_tensor_type()) {
    error(loc) << "graph value '" << info.name()
               << "' is not a tensor (sequence, map and optional values are "
                  "not supported)";
    return failure();
  }
  const onnx::TypeProto::Tensor &tt = info.type().tensor_type();
  FailureOr<Type> elt = elementType(tt.elem_type(), info.name(), loc);
  if (failed(elt))
    return failure();
  if (!tt.has_shape())
    return TensorType(UnrankedTensorType::get(*elt));
  SmallVector<int64_t> shape;
  for (const onnx::TensorShapeProto::Dimension &d : tt.shape().dim())
    shape.push_back(d.has_dim_value() && d.dim_value() >= 0
                        ? d.dim_value()
                        : ShapedType::kDynamic);
  return TensorType(RankedTensorType::get(shape, *elt));
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

FailureOr<ArrayRef<char>> Importer::tensorBytes(const onnx::TensorProto &t,
                                                Location loc,
                                                std::string &scratch) {
  if (t.data_location() != onnx::TensorProto::EXTERNAL) {
    if (t.has_raw_data())
      return ArrayRef<char>(t.raw_data().data(), t.raw_data().size());
    std::vector<char> bytes;
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
    case onnx::TensorProto::BOOL:
      appendAs<uint8_t>(t.int32_data(), bytes);
      break;
    default:
      appendAs<int32_t>(t.int32_data(), bytes);
      break;
    }
    scratch.assign(bytes.begin(), bytes.end());
    return ArrayRef<char>(scratch.data(), scratch.size());
  }
  // External data: `location` relative to the model's directory, optional
  // `offset` and `length` in bytes.
  std::string location;
  uint64_t offset = 0;
  std::optional<uint64_t> length;
  for (const onnx::StringStringEntryProto &e : t.external_data()) {
    if (e.key() == "location") {
      location = e.value();
    } else if (e.key() == "offset" || e.key() == "length") {
      uint64_t v;
      if (StringRef(e.value()).getAsInteger(10, v)) {
        error(loc) << "tensor '" << t.name() << "' has a malformed external "
                   << e.key() << " '" << e.value() << "'";
        return failure();
      }
      (e.key() == "offset" ? offset : length.emplace()) = v;
    } else if (e.key() != "checksum") {
      error(loc) << "tensor '" << t.name() << "': external data key '"
                 << e.key() << "' is not supported";
      return failure();
    }
  }
  llvm::Expected<ArrayRef<char>> data = external.read(location, offset, length);
  if (!data) {
    error(loc) << "tensor '" << t.name()
               << "': " << llvm::toString(data.takeError());
    return failure();
  }
  return *data;
}

/// The alignment `p` has, up to 16 bytes.
static size_t alignmentOf(const char *p) {
  return size_t(1) << llvm::countr_zero(reinterpret_cast<uintptr_t>(p) | 16);
}

FailureOr<Value> Importer::constant(const onnx::TensorProto &t, Location loc) {
  FailureOr<Type> elt = elementType(t.data_type(), t.name(), loc);
  if (failed(elt))
    return failure();
  SmallVector<int64_t> shape(t.dims().begin(), t.dims().end());
  if (llvm::any_of(shape, [](int64_t d) { return d < 0; }) ||
      !cgraph::boundedByteSize(shape, elt->getIntOrFloatBitWidth())) {
    std::string dims;
    llvm::raw_string_ostream os(dims);
    llvm::interleave(shape, os, "x");
    error(loc) << "tensor '" << t.name() << "' has dimensions " << dims
               << ", which are negative or too large (its size in bytes "
                  "must fit in 64 bits)";
    return failure();
  }
  auto type = RankedTensorType::get(shape, *elt);
  // Bools are one byte each in ONNX (and in mcg's buffers).
  size_t eltBytes = std::max(elt->getIntOrFloatBitWidth() / 8, 1u);
  std::string scratch;
  FailureOr<ArrayRef<char>> data = tensorBytes(t, loc, scratch);
  if (failed(data))
    return failure();
  ArrayRef<char> bytes = *data;
  if (bytes.size() != static_cast<size_t>(type.getNumElements()) * eltBytes) {
    error(loc) << "tensor '" << t.name() << "' holds " << bytes.size()
               << " bytes of data; its type " << type << " needs "
               << type.getNumElements() * eltBytes;
    return failure();
  }
  if (elt->isInteger(1)) {
    SmallVector<bool> bits(
        llvm::map_range(bytes, [](char c) { return c != 0; }));
    return cgraph::ConstantOp::create(
               b, loc, DenseElementsAttr::get(type, ArrayRef(bits)))
        .getResult();
  }
  // A weight's blob aliases its bytes where they already are (the parsed
  // model's raw_data, or the mapped external data file) when they are
  // aligned for the element type: the weights are never copied.
  if (!scratch.empty() || alignmentOf(bytes.data()) < eltBytes)
    return constantFromBytes(type, bytes, t.name(), loc);
  bool isExternal = t.data_location() == onnx::TensorProto::EXTERNAL;
  auto alias = [&]() -> AsmResourceBlob {
    if (isExternal)
      return external.blob(bytes);
    return UnmanagedAsmResourceBlob::allocateWithAlign(
        bytes, alignmentOf(bytes.data()),
        [owner = modelOwner](void *, size_t, size_t) {});
  };
  return constantFromBytes(type, bytes, t.name(), loc, alias);
}

Value Importer::constantFromBytes(RankedTensorType type, ArrayRef<char> bytes,
                                  const std::string &name, Location loc,
                                  llvm::function_ref<AsmResourceBlob()> alias) {
  ElementsAttr value;
  if (bytes.size() <= kInlineConstantBytes) {
    value = DenseElementsAttr::getFromRawBuffer(type, bytes);
  } else {
    std::string key;
    for (char c : name)
      key.push_back(llvm::isAlnum(c) ? c : '_');
    if (key.empty() || llvm::isDigit(key[0]))
      key.insert(key.begin(), 'w');
    value = DenseResourceElementsAttr::get(
        type, key,
        alias ? alias()
              : HeapAsmResourceBlob::allocateAndCopyWithAlign(bytes,
                                                              alignof(double)));
  }
  return cgraph::ConstantOp::create(b, loc, value).getResult();
}

const KnownTensor *Importer::knownTensor(const std::string &name) {
  if (auto it = known.find(name); it != known.end())
    return &it->second;
  auto it = constants.find(name);
  if (it == constants.end())
    return nullptr;
  const onnx::TensorProto &t = *it->second;
  // Invalid dimensions are reported when the tensor becomes a constant.
  int64_t count = 1;
  for (int64_t d : t.dims()) {
    if (d < 0 || (d > 0 && count > kMaxKnownElements / d))
      return nullptr;
    count *= d;
  }
  if (count > kMaxKnownElements || !knownKind(t.data_type()))
    return nullptr;
  std::string scratch;
  FailureOr<ArrayRef<char>> bytes = tensorBytes(t, fileLoc, scratch);
  if (failed(bytes))
    return nullptr;
  std::optional<KnownTensor> decoded =
      decodeKnown(t, StringRef(bytes->data(), bytes->size()));
  if (!decoded)
    return nullptr;
  return &(known[name] = std::move(*decoded));
}

RankedTensorType Importer::knownType(const KnownTensor &t) {
  Type elt;
  switch (t.kind) {
  case KnownKind::F32:
    elt = b.getF32Type();
    break;
  case KnownKind::F64:
    elt = b.getF64Type();
    break;
  case KnownKind::I64:
    elt = b.getI64Type();
    break;
  case KnownKind::I32:
    elt = b.getI32Type();
    break;
  case KnownKind::Bool:
    elt = b.getI1Type();
    break;
  }
  return RankedTensorType::get(t.shape, elt);
}

FailureOr<Value> Importer::materialize(const std::string &name,
                                       const KnownTensor &t, Location loc) {
  if (t.kind == KnownKind::Bool) {
    SmallVector<bool> bits(t.ints.begin(), t.ints.end());
    return cgraph::ConstantOp::create(
               b, loc, DenseElementsAttr::get(knownType(t), ArrayRef(bits)))
        .getResult();
  }
  std::vector<char> bytes;
  switch (t.kind) {
  case KnownKind::F32:
    appendAs<float>(t.floats, bytes);
    break;
  case KnownKind::F64:
    appendAs<double>(t.floats, bytes);
    break;
  case KnownKind::I64:
    appendAs<int64_t>(t.ints, bytes);
    break;
  default:
    appendAs<int32_t>(t.ints, bytes);
    break;
  }
  return constantFromBytes(knownType(t), bytes, name, loc);
}

FailureOr<Value> Importer::lookup(const std::string &name, Location loc) {
  if (auto it = values.find(name); it != values.end())
    return it->second;
  // A Constant node, or a node evaluated at import, that a runtime op
  // reads: it becomes a cgraph.constant here, before that op.
  Location at = NameLoc::get(b.getStringAttr(name), fileLoc);
  FailureOr<Value> v = failure();
  auto c = constants.find(name);
  bool isBool =
      c != constants.end() && c->second->data_type() == onnx::TensorProto::BOOL;
  if (const KnownTensor *k =
          known.count(name) || isBool ? knownTensor(name) : nullptr)
    v = materialize(name, *k, at);
  else if (c != constants.end())
    v = constant(*c->second, at);
  else
    return error(loc) << "value '" << name
                      << "' is used before it is defined (nodes must be in "
                         "topological order)";
  if (failed(v))
    return failure();
  return values[name] = *v;
}

/// libonnx 1.12 sizes a ceil-mode MaxPool / AveragePool without the rule
/// that no window starts in the end padding (ONNX 1.16 and PyTorch have
/// it, and so has cgraph: windowOutSize in NNOps.cpp), so it may count one
/// window more along a spatial dimension than the import does. Such a
/// difference is not an error; values computed from the pool are then not
/// cross-checked.
static bool isCeilPoolLastWindow(const onnx::NodeProto &node, Type got,
                                 RankedTensorType want) {
  if (node.op_type() != "MaxPool" && node.op_type() != "AveragePool")
    return false;
  bool ceil = llvm::any_of(node.attribute(), [](const onnx::AttributeProto &a) {
    return a.name() == "ceil_mode" && a.i() != 0;
  });
  auto have = dyn_cast<RankedTensorType>(got);
  if (!ceil || !have || have.getRank() != 4 || want.getRank() != 4 ||
      have.getElementType() != want.getElementType())
    return false;
  for (int64_t d = 0; d < 4; ++d) {
    int64_t extra = want.getDimSize(d) - have.getDimSize(d);
    if (extra != 0 && (d < 2 || extra != 1))
      return false;
  }
  return true;
}

/// The static tensor types ONNX's own shape inference gives the graph's
/// values: an independent check of the importer's result types. A model
/// ONNX's inference throws on gets a warning and no check. Nodes the
/// importer evaluated (shape arithmetic) are given to it as initializers
/// holding their values, instead of through its data propagation: that
/// makes the same shapes static, and libonnx's data propagation does not
/// survive hostile values (a Slice step of INT64_MIN allocates forever).
llvm::StringMap<RankedTensorType>
Importer::inferredTypes(const onnx::ModelProto &model) {
  llvm::StringMap<RankedTensorType> types;
  // Shape inference reads initializers' types and, for data propagation,
  // the values of small ones: the copy it works on leaves out the bytes of
  // large initializers (the weights) instead of duplicating them.
  onnx::ModelProto inferred;
  inferred.set_ir_version(model.ir_version());
  *inferred.mutable_opset_import() = model.opset_import();
  const onnx::GraphProto &graph = model.graph();
  onnx::GraphProto &copy = *inferred.mutable_graph();
  for (const onnx::NodeProto &node : graph.node()) {
    bool evaluated = llvm::all_of(node.output(), [&](const std::string &out) {
      return out.empty() || known.count(out);
    });
    if (!evaluated) {
      *copy.add_node() = node;
      continue;
    }
    for (const std::string &out : node.output())
      if (!out.empty())
        *copy.add_initializer() = encodeKnown(out, known.find(out)->second);
  }
  *copy.mutable_input() = graph.input();
  *copy.mutable_output() = graph.output();
  *copy.mutable_value_info() = graph.value_info();
  for (const onnx::TensorProto &t : graph.initializer()) {
    onnx::TensorProto &c = *copy.add_initializer();
    if (t.ByteSizeLong() <= kInlineConstantBytes) {
      c = t;
      continue;
    }
    c.set_name(t.name());
    c.set_data_type(t.data_type());
    *c.mutable_dims() = t.dims();
  }
  try {
    onnx::ShapeInferenceOptions options(/*check_type=*/false,
                                        /*strict_mode=*/0,
                                        /*data_prop=*/false);
    onnx::shape_inference::InferShapes(
        inferred, onnx::OpSchemaRegistry::Instance(), options);
  } catch (const std::exception &e) {
    emitWarning(fileLoc) << "ONNX shape inference failed (" << e.what()
                         << "); result types are not cross-checked";
    return types;
  }
  for (const onnx::ValueInfoProto &info : inferred.graph().value_info()) {
    if (!info.type().has_tensor_type() ||
        !info.type().tensor_type().has_shape())
      continue;
    const onnx::TypeProto::Tensor &tt = info.type().tensor_type();
    Type elt = mlirElementType(tt.elem_type(), b);
    if (!elt)
      continue;
    SmallVector<int64_t> shape;
    bool known = true;
    for (const onnx::TensorShapeProto::Dimension &d : tt.shape().dim()) {
      known &= d.has_dim_value();
      shape.push_back(d.dim_value());
    }
    if (known)
      types[info.name()] = RankedTensorType::get(shape, elt);
  }
  return types;
}

DictionaryAttr Importer::modelIdentity(const onnx::ModelProto &model) {
  NamedAttrList fields;
  auto text = [&](StringRef name, const std::string &value) {
    if (!value.empty())
      fields.append(name, b.getStringAttr(value));
  };
  auto number = [&](StringRef name, int64_t value) {
    if (value != 0)
      fields.append(name, b.getI64IntegerAttr(value));
  };
  number("ir_version", model.ir_version());
  text("producer_name", model.producer_name());
  text("producer_version", model.producer_version());
  text("domain", model.domain());
  number("model_version", model.model_version());
  text("doc_string", model.doc_string());
  SmallVector<Attribute> opsets, props;
  for (const onnx::OperatorSetIdProto &id : model.opset_import())
    opsets.push_back(b.getArrayAttr(
        {b.getStringAttr(id.domain()), b.getI64IntegerAttr(id.version())}));
  for (const onnx::StringStringEntryProto &e : model.metadata_props())
    props.push_back(
        b.getArrayAttr({b.getStringAttr(e.key()), b.getStringAttr(e.value())}));
  if (!opsets.empty())
    fields.append("opset_import", b.getArrayAttr(opsets));
  if (!props.empty())
    fields.append("metadata_props", b.getArrayAttr(props));
  return fields.getDictionary(ctx);
}

void Importer::keepTensorNames(const onnx::NodeProto &node) {
  if (node.name().empty())
    return;
  for (const std::string &out : node.output()) {
    auto value = values.find(out);
    if (out.empty() || value == values.end())
      continue;
    // Only an op made for this node: an Identity passes its input's
    // producer on, which keeps its own name.
    Operation *op = value->second.getDefiningOp();
    auto loc = op ? dyn_cast<NameLoc>(op->getLoc()) : NameLoc();
    if (!loc || loc.getName() != node.name() || loc.getChildLoc() != fileLoc)
      continue;
    op->setLoc(NameLoc::get(loc.getName(),
                            NameLoc::get(b.getStringAttr(out), fileLoc)));
    if (!node.doc_string().empty())
      op->setAttr(kDocString, b.getStringAttr(node.doc_string()));
  }
}

OwningOpRef<ModuleOp> Importer::run(const onnx::ModelProto &model) {
  for (const onnx::OperatorSetIdProto &id : model.opset_import())
    if (id.domain().empty() || id.domain() == "ai.onnx")
      opset = id.version();
  if (opset < 6 || opset > 17) {
    error(fileLoc) << "ONNX opset " << opset
                   << " is not supported (mcg imports opsets 6 to 17)";
    return nullptr;
  }
  const onnx::GraphProto &graph = model.graph();
  OwningOpRef<ModuleOp> module = ModuleOp::create(fileLoc);
  (*module)->setAttr(kONNXModel, modelIdentity(model));
  b.setInsertionPointToEnd(module->getBody());

  llvm::StringSet<> initNames;
  for (const onnx::TensorProto &t : graph.initializer())
    initNames.insert(t.name());
  SmallVector<Type> inTypes, outTypes;
  SmallVector<StringRef> inNames, outNames;
  for (const onnx::TensorProto &t : graph.initializer())
    if (!producers.try_emplace(t.name(), "an initializer").second) {
      error(NameLoc::get(b.getStringAttr(t.name()), fileLoc))
          << "initializer '" << t.name() << "' is defined twice";
      return nullptr;
    }
  for (const onnx::ValueInfoProto &in : graph.input()) {
    if (initNames.contains(in.name()))
      continue; // Pre-IR-4 models list initializers as inputs too.
    if (!producers.try_emplace(in.name(), "a graph input").second) {
      error(NameLoc::get(b.getStringAttr(in.name()), fileLoc))
          << "graph input '" << in.name() << "' is declared twice";
      return nullptr;
    }
    FailureOr<RankedTensorType> t = valueType(in);
    if (failed(t))
      return nullptr;
    inTypes.push_back(*t);
    inNames.push_back(in.name());
  }
  // An output's declared shape may be missing or symbolic (exporters leave
  // `Gemmlogits_dim_0`): the computed type fills it in; declared static
  // dimensions and the element type are checked against it.
  SmallVector<TensorType> declared;
  for (const onnx::ValueInfoProto &out : graph.output()) {
    FailureOr<TensorType> t = declaredType(out);
    if (failed(t))
      return nullptr;
    declared.push_back(*t);
    outTypes.push_back(*t);
    outNames.push_back(out.name());
  }
  std::string graphName = graph.name().empty() ? "main" : graph.name();
  auto g = cgraph::GraphOp::create(b, fileLoc, graphName,
                                   b.getFunctionType(inTypes, outTypes),
                                   inNames, outNames);
  if (!graph.doc_string().empty())
    g->setAttr(kDocString, b.getStringAttr(graph.doc_string()));
  Block *body = &g.getBody().front();
  for (auto [arg, name] : llvm::zip(body->getArguments(), inNames)) {
    arg.setLoc(NameLoc::get(b.getStringAttr(name), fileLoc));
    values[name] = arg;
  }
  b.setInsertionPointToStart(body);
  for (const onnx::TensorProto &t : graph.initializer()) {
    Location loc = NameLoc::get(b.getStringAttr(t.name()), fileLoc);
    constants[t.name()] = &t;
    // A bool initializer (a mask) is mostly for import-time use; `lookup`
    // makes an i1 constant of it if a runtime op reads it.
    if (t.data_type() == onnx::TensorProto::BOOL)
      continue;
    FailureOr<Value> c = constant(t, loc);
    if (failed(c))
      return nullptr;
    values[t.name()] = *c;
  }
  collectUsed(graph, used);
  for (const onnx::NodeProto &node : graph.node()) {
    if (failed(importNode(node)))
      return nullptr;
    keepTensorNames(node);
  }
  // ONNX's shape inference runs only on a graph the importer accepted:
  // libonnx trusts attributes (a stride of 0 divides by zero in it), and
  // every node's attributes have been checked by now.
  llvm::StringMap<RankedTensorType> expected = inferredTypes(model);
  // Values whose ONNX-inferred type is not comparable: computed from a
  // ceil-mode pool that libonnx sizes differently (see below).
  llvm::StringSet<> uncheckable;
  for (const onnx::NodeProto &node : graph.node()) {
    if (llvm::any_of(node.input(), [&](const std::string &in) {
          return uncheckable.contains(in);
        })) {
      for (const std::string &out : node.output())
        uncheckable.insert(out);
      continue;
    }
    // Every value ONNX's shape inference typed must have that type here.
    for (const std::string &out : node.output()) {
      auto want = expected.find(out);
      if (out.empty() || want == expected.end())
        continue;
      Type got;
      Location where = fileLoc;
      if (auto v = values.find(out); v != values.end())
        got = v->second.getType(), where = v->second.getLoc();
      else if (auto k = known.find(out); k != known.end())
        got = knownType(k->second);
      else
        continue;
      if (got != want->second &&
          isCeilPoolLastWindow(node, got, want->second)) {
        uncheckable.insert(out);
        continue;
      }
      if (got != want->second) {
        error(where) << "ONNX shape inference types '" << out << "' as "
                     << want->second << " but the import computes " << got
                     << " (ONNX op '" << node.op_type() << "', node '"
                     << node.name() << "')";
        return nullptr;
      }
    }
  }

  SmallVector<Value> results;
  SmallVector<Type> resultTypes;
  for (auto [name, type] : llvm::zip(outNames, declared)) {
    FailureOr<Value> v = lookup(name.str(), fileLoc);
    if (failed(v))
      return nullptr;
    auto got = cast<RankedTensorType>(v->getType());
    bool agrees = got.getElementType() == type.getElementType();
    if (auto ranked = dyn_cast<RankedTensorType>(type)) {
      agrees &= got.getRank() == ranked.getRank();
      for (int64_t d = 0; agrees && d < ranked.getRank(); ++d)
        agrees =
            ranked.isDynamicDim(d) || ranked.getDimSize(d) == got.getDimSize(d);
    }
    if (!agrees) {
      error(v->getLoc()) << "graph output '" << name << "' is declared as "
                         << type << " but computes " << got;
      return nullptr;
    }
    results.push_back(*v);
    resultTypes.push_back(got);
  }
  g.setFunctionType(b.getFunctionType(inTypes, resultTypes));
  cgraph::OutputOp::create(b, fileLoc, results);
  // Initializers that only shape computations read at import time.
  for (Operation &op : llvm::make_early_inc_range(*body))
    if (isa<cgraph::ConstantOp>(op) && op.use_empty())
      op.erase();
  if (failed(verify(*module)))
    return nullptr;
  return module;
}

} // namespace onnx_import

/// Imports a parsed model. Weights alias its raw_data (the blobs share
/// ownership of it) and `external`'s mappings.
static OwningOpRef<ModuleOp>
importModel(std::shared_ptr<onnx::ModelProto> model, Location loc,
            StringRef baseDir, const ONNXImportOptions &options,
            ExternalDataFiles *external) {
  if (!model->has_graph()) {
    emitError(loc) << "not a valid ONNX model: no graph";
    return nullptr;
  }
  if (failed(onnx_import::inlineFunctions(*model, loc)) ||
      failed(onnx_import::pinShapes(*model, options, loc)))
    return nullptr;
  loc.getContext()->loadDialect<cgraph::CGraphDialect>();
  ExternalDataFiles local(baseDir);
  auto import = [&] {
    return onnx_import::Importer(loc.getContext(), loc,
                                 external ? *external : local, model)
        .run(*model);
  };
  if (options.keepSymbolicDims)
    return onnx_import::importKeepingSymbolicDims(*model, loc, import);
  return import();
}

/// The error for a model the protobuf library does not parse.
static void notParsed(Location loc, uint64_t size) {
  InFlightDiagnostic diag = emitError(loc);
  diag << "not a valid ONNX model: the protobuf does not parse";
  if (size > uint64_t(INT32_MAX))
    diag << " (the file has " << size
         << " bytes; a protobuf over 2 GiB cannot be read: such a model "
            "keeps its weights in external data files)";
  else
    diag << " (truncated or corrupt file?)";
}

OwningOpRef<ModuleOp> importONNX(StringRef bytes, Location loc,
                                 StringRef baseDir,
                                 const ONNXImportOptions &options,
                                 ExternalDataFiles *external) {
  GOOGLE_PROTOBUF_VERIFY_VERSION;
  auto model = std::make_shared<onnx::ModelProto>();
  if (bytes.empty() || bytes.size() > size_t(INT32_MAX) ||
      !model->ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    notParsed(loc, bytes.size());
    return nullptr;
  }
  return importModel(std::move(model), loc, baseDir, options, external);
}

OwningOpRef<ModuleOp> importONNXFile(StringRef path, Location loc,
                                     const ONNXImportOptions &options,
                                     ExternalDataFiles *external) {
  GOOGLE_PROTOBUF_VERIFY_VERSION;
  llvm::Expected<llvm::sys::fs::file_t> fd =
      llvm::sys::fs::openNativeFileForRead(path);
  if (!fd) {
    emitError(loc) << "cannot read '" << path
                   << "': " << llvm::toString(fd.takeError());
    return nullptr;
  }
  // Parsed from the file through protobuf's small buffer: the file is not
  // held in memory beside the parsed model.
  uint64_t size = 0;
  llvm::sys::fs::file_size(path, size);
  auto model = std::make_shared<onnx::ModelProto>();
  bool parsed = size > 0 && model->ParseFromFileDescriptor(*fd);
  llvm::sys::fs::closeFile(*fd);
  if (!parsed) {
    notParsed(loc, size);
    return nullptr;
  }
  StringRef dir = llvm::sys::path::parent_path(path);
  return importModel(std::move(model), loc, dir.empty() ? "." : dir, options,
                     external);
}

void registerImportONNXTranslation() {
  registerONNXImportOptions();
  TranslateToMLIRRegistration registration(
      "import-onnx", "import an ONNX model into the cgraph dialect",
      [](llvm::SourceMgr &sourceMgr,
         MLIRContext *ctx) -> OwningOpRef<Operation *> {
        const llvm::MemoryBuffer *buf =
            sourceMgr.getMemoryBuffer(sourceMgr.getMainFileID());
        Location loc = FileLineColLoc::get(ctx, buf->getBufferIdentifier(),
                                           /*line=*/0, /*column=*/0);
        StringRef name = buf->getBufferIdentifier();
        StringRef dir =
            name == "<stdin>" ? "." : llvm::sys::path::parent_path(name);
        // The translation's output is a model: symbolic dimensions the
        // flags leave stay dynamic.
        ONNXImportOptions options = onnxImportOptionsFromCommandLine();
        options.keepSymbolicDims = true;
        return importONNX(buf->getBuffer(), loc, dir.empty() ? "." : dir,
                          options);
      },
      [](DialectRegistry &registry) {
        registry.insert<cgraph::CGraphDialect>();
      });
}

} // namespace mcg
