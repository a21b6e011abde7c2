//===- ExportONNX.cpp - cgraph to ONNX model ------------------------------===//
//
// Walks one cgraph.graph in order and writes one ONNX node per cgraph op
// (the ops inside a cgraph.fused group are written in place of the group),
// constants as initializers, and an Identity per graph output so that the
// output names are exactly the graph's. The op mapping is the inverse of
// ImportONNX.cpp's; an op outside it is an error naming the op.
//
//===----------------------------------------------------------------------===//

#include "mcg/Target/ONNX/ExportONNX.h"

#include "ModelWriter.h"

#include "mcg/Dialect/CGraph/IR/CGraph.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/Tools/mlir-translate/Translation.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/ToolOutputFile.h"

using namespace mlir;

namespace mcg {
namespace {

/// Where the importer keeps graph and node doc strings (docs/onnx.md).
constexpr llvm::StringLiteral kDocString = "onnx.doc_string";

class Exporter {
public:
  explicit Exporter(onnx::GraphProto &graph) : graph(graph) {}

  LogicalResult exportGraph(cgraph::GraphOp g);
  /// The weights exportGraph left for the model writer, in order.
  std::vector<Weight> &getWeights() { return weights; }

private:
  LogicalResult exportOp(Operation *op);
  LogicalResult exportConstant(Value result, ElementsAttr value, Location loc);
  FailureOr<int32_t> onnxType(Type t, Location loc);
  /// `dimParams` (a graph's `cgraph.dim_params`) names dynamic dimensions;
  /// an unnamed one is written unknown.
  LogicalResult valueInfo(onnx::ValueInfoProto *info, StringRef name, Type t,
                          Location loc, ArrayAttr dimParams = {});
  std::string name(Value v);
  /// A value name nothing in the graph uses yet.
  std::string fresh() {
    std::string n;
    do
      n = "v" + std::to_string(counter++);
    while (!taken.insert(n).second);
    return n;
  }
  /// A new float scalar initializer holding `x`.
  std::string scalar(float x);
  /// A new 1-D int64 initializer holding `values`.
  std::string int64s(ArrayRef<int64_t> values);
  /// A new scalar initializer of element type `elt` holding `x`.
  FailureOr<std::string> scalarOf(Type elt, double x, Location loc);
  /// Writes the ops whose ONNX form takes operands where cgraph has
  /// attributes (Clip, Reshape, Slice, Pad, the reductions), or an
  /// attribute of another kind (Cast). Returns false for other ops.
  FailureOr<bool> exportSpecial(Operation *op, onnx::NodeProto *node);
  /// Writes cgraph.if, cgraph.loop and cgraph.scan as ONNX If, Loop and
  /// Scan with their regions as subgraphs.
  LogicalResult exportControlFlow(Operation *op);
  /// Writes `block` as the subgraph `sub`: its arguments are the inputs,
  /// its ops the nodes, its cgraph.yield the outputs.
  LogicalResult exportRegion(Block &block, onnx::GraphProto *sub,
                             const std::string &subName);

  /// The main graph: weights (over kSmallWeightBytes) are initializers of
  /// it, which subgraphs read as values of an enclosing scope.
  onnx::GraphProto &graph;
  /// Where nodes and small initializers go: the main graph, or the branch
  /// or body being written.
  onnx::GraphProto *nodes = &graph;
  std::vector<Weight> weights;
  llvm::DenseMap<Value, std::string> names;
  unsigned counter = 0;
  /// Every value name given so far, the graph's inputs and outputs first.
  llvm::StringSet<> taken;
  /// Node names written so far: an ONNX node name is unique in the model,
  /// and an op the importer expanded into several keeps its node's name.
  llvm::StringSet<> nodeNames;
  /// `name`, or `name_1`, `name_2`... if a node already has it.
  std::string uniqueNodeName(StringRef name) {
    std::string n = name.str();
    for (unsigned i = 1; !nodeNames.insert(n).second; ++i)
      n = name.str() + "_" + std::to_string(i);
    return n;
  }
};

/// The ONNX tensor name the importer kept for `v`: the name nested in the
/// location of the op that computes it (`loc("node"("tensor"))`), or an
/// initializer's name (`loc("weight")` on a constant). Empty if none.
static StringRef sourceTensorName(Value v) {
  Operation *op = v.getDefiningOp();
  if (!op || op->getNumResults() != 1)
    return {};
  auto loc = dyn_cast<NameLoc>(op->getLoc());
  if (!loc)
    return {};
  if (auto tensor = dyn_cast<NameLoc>(loc.getChildLoc()))
    return tensor.getName();
  return isa<cgraph::ConstantOp>(op) ? loc.getName().strref() : StringRef();
}

std::string Exporter::name(Value v) {
  auto it = names.find(v);
  if (it != names.end())
    return it->second;
  // The model's own name for the value where it has one and nothing else
  // took it (ONNX values have one name each, SSA).
  StringRef source = sourceTensorName(v);
  if (!source.empty() && taken.insert(source).second)
    return names[v] = source.str();
  return names[v] = fresh();
}

FailureOr<int32_t> Exporter::onnxType(Type t, Location loc) {
  if (t.isF32())
    return int32_t(onnx::TensorProto::FLOAT);
  if (t.isF64())
    return int32_t(onnx::TensorProto::DOUBLE);
  if (t.isSignlessInteger(64))
    return int32_t(onnx::TensorProto::INT64);
  if (t.isSignlessInteger(32))
    return int32_t(onnx::TensorProto::INT32);
  if (t.isSignlessInteger(1))
    return int32_t(onnx::TensorProto::BOOL);
  return emitError(loc) << "cannot export element type " << t << " to ONNX";
}

LogicalResult Exporter::valueInfo(onnx::ValueInfoProto *info, StringRef name,
                                  Type t, Location loc, ArrayAttr dimParams) {
  auto type = dyn_cast<RankedTensorType>(t);
  if (!type)
    return emitError(loc) << "cannot export " << t
                          << " to ONNX: a ranked tensor type is needed";
  FailureOr<int32_t> elt = onnxType(type.getElementType(), loc);
  if (failed(elt))
    return failure();
  info->set_name(name.str());
  onnx::TypeProto::Tensor *tt = info->mutable_type()->mutable_tensor_type();
  tt->set_elem_type(*elt);
  // A 0-D tensor has a shape with no dimensions: without the (empty) shape
  // field ONNX means "rank unknown".
  onnx::TensorShapeProto *shape = tt->mutable_shape();
  for (auto [i, d] : llvm::enumerate(type.getShape())) {
    onnx::TensorShapeProto::Dimension *dim = shape->add_dim();
    if (!ShapedType::isDynamic(d)) {
      dim->set_dim_value(d);
      continue;
    }
    StringRef param = cgraph::GraphOp::getDimParam(dimParams, i);
    if (!param.empty())
      dim->set_dim_param(param.str());
  }
  return success();
}

std::string Exporter::scalar(float x) {
  onnx::TensorProto *t = nodes->add_initializer();
  t->set_name(fresh());
  t->set_data_type(onnx::TensorProto::FLOAT);
  t->add_float_data(x);
  return t->name();
}

std::string Exporter::int64s(ArrayRef<int64_t> values) {
  onnx::TensorProto *t = nodes->add_initializer();
  t->set_name(fresh());
  t->set_data_type(onnx::TensorProto::INT64);
  t->add_dims(values.size());
  for (int64_t v : values)
    t->add_int64_data(v);
  return t->name();
}

FailureOr<std::string> Exporter::scalarOf(Type elt, double x, Location loc) {
  FailureOr<int32_t> type = onnxType(elt, loc);
  if (failed(type))
    return failure();
  onnx::TensorProto *t = nodes->add_initializer();
  t->set_name(fresh());
  t->set_data_type(*type);
  if (elt.isF32())
    t->add_float_data(static_cast<float>(x));
  else if (elt.isF64())
    t->add_double_data(x);
  else if (elt.isSignlessInteger(64))
    t->add_int64_data(static_cast<int64_t>(x));
  else
    t->add_int32_data(static_cast<int32_t>(x));
  return t->name();
}

LogicalResult Exporter::exportConstant(Value result, ElementsAttr value,
                                       Location loc) {
  auto type = cast<RankedTensorType>(value.getType());
  FailureOr<int32_t> elt = onnxType(type.getElementType(), loc);
  if (failed(elt))
    return failure();
  size_t eltBytes = type.getElementTypeBitWidth() / 8;
  size_t bytes = eltBytes * type.getNumElements();
  Weight w;
  if (type.getElementType().isInteger(1)) {
    // ONNX bools are one byte each; MLIR packs i1 literals.
    auto dense = dyn_cast<DenseElementsAttr>(value);
    if (!dense)
      return emitError(loc) << "cannot export an i1 constant that is not a "
                               "dense literal";
    w.owned = std::make_unique<std::string>();
    for (bool bit : dense.getValues<bool>())
      w.owned->push_back(bit ? 1 : 0);
    bytes = w.owned->size();
  } else if (auto dense = dyn_cast<DenseElementsAttr>(value)) {
    ArrayRef<char> data = dense.getRawData();
    if (dense.isSplat()) {
      w.owned = std::make_unique<std::string>();
      w.owned->reserve(bytes);
      for (int64_t i = 0; i < type.getNumElements(); ++i)
        w.owned->append(data.data(), eltBytes);
    } else {
      w.bytes = data;
    }
  } else if (auto resource = dyn_cast<DenseResourceElementsAttr>(value)) {
    AsmResourceBlob *blob = resource.getRawHandle().getBlob();
    if (!blob)
      return emitError(loc) << "cannot export a dense_resource constant "
                               "whose blob is missing";
    // The blob's bytes where they are (an imported weight aliases the
    // parsed model or the mapped data file): the writer streams them.
    w.bytes = blob->getData();
  }
  if (w.owned)
    w.bytes = ArrayRef<char>(w.owned->data(), w.owned->size());
  if (w.bytes.size() != bytes)
    return emitError(loc) << "cannot export constant of type " << type
                          << " to ONNX: unsupported attribute kind";
  onnx::TensorProto *t =
      bytes <= kSmallWeightBytes ? nodes->add_initializer() : &w.header;
  t->set_name(name(result));
  t->set_data_type(*elt);
  for (int64_t d : type.getShape())
    t->add_dims(d);
  if (bytes <= kSmallWeightBytes)
    t->set_raw_data(w.bytes.data(), w.bytes.size());
  else
    weights.push_back(std::move(w));
  return success();
}

/// cgraph mnemonic -> ONNX op type for ops whose attributes, if any, are
/// handled below.
static const llvm::StringMap<StringRef> &opTypes() {
  static const llvm::StringMap<StringRef> map = {
      {"cgraph.add", "Add"},
      {"cgraph.sub", "Sub"},
      {"cgraph.mul", "Mul"},
      {"cgraph.div", "Div"},
      {"cgraph.pow", "Pow"},
      {"cgraph.max", "Max"},
      {"cgraph.min", "Min"},
      {"cgraph.neg", "Neg"},
      {"cgraph.abs", "Abs"},
      {"cgraph.exp", "Exp"},
      {"cgraph.log", "Log"},
      {"cgraph.sqrt", "Sqrt"},
      {"cgraph.tanh", "Tanh"},
      {"cgraph.sigmoid", "Sigmoid"},
      {"cgraph.relu", "Relu"},
      {"cgraph.erf", "Erf"},
      {"cgraph.leaky_relu", "LeakyRelu"},
      {"cgraph.clip", "Clip"},
      {"cgraph.matmul", "MatMul"},
      {"cgraph.gemm", "Gemm"},
      {"cgraph.conv2d", "Conv"},
      {"cgraph.conv_transpose2d", "ConvTranspose"},
      {"cgraph.max_pool2d", "MaxPool"},
      {"cgraph.avg_pool2d", "AveragePool"},
      {"cgraph.global_avg_pool", "GlobalAveragePool"},
      {"cgraph.batch_norm", "BatchNormalization"},
      {"cgraph.softmax", "Softmax"},
      {"cgraph.flatten", "Flatten"},
      {"cgraph.transpose", "Transpose"},
      {"cgraph.concat", "Concat"},
      {"cgraph.reshape", "Reshape"},
      {"cgraph.cast", "Cast"},
      {"cgraph.layer_norm", "LayerNormalization"},
      {"cgraph.reduce_sum", "ReduceSum"},
      {"cgraph.reduce_mean", "ReduceMean"},
      {"cgraph.reduce_max", "ReduceMax"},
      {"cgraph.reduce_min", "ReduceMin"},
      {"cgraph.equal", "Equal"},
      {"cgraph.less", "Less"},
      {"cgraph.less_equal", "LessOrEqual"},
      {"cgraph.greater", "Greater"},
      {"cgraph.greater_equal", "GreaterOrEqual"},
      {"cgraph.and", "And"},
      {"cgraph.or", "Or"},
      {"cgraph.xor", "Xor"},
      {"cgraph.not", "Not"},
      {"cgraph.select", "Where"},
      {"cgraph.argmax", "ArgMax"},
      {"cgraph.argmin", "ArgMin"},
      {"cgraph.slice", "Slice"},
      {"cgraph.pad", "Pad"},
      {"cgraph.gather", "Gather"}};
  return map;
}

/// cgraph attribute name -> ONNX attribute name, where they differ.
static StringRef onnxAttrName(StringRef name) {
  return llvm::StringSwitch<StringRef>(name)
      .Case("groups", "group")
      .Case("trans_a", "transA")
      .Case("trans_b", "transB")
      .Default(name);
}

FailureOr<bool> Exporter::exportSpecial(Operation *op, onnx::NodeProto *node) {
  auto intAttr = [&](StringRef name, int64_t v) {
    onnx::AttributeProto *a = node->add_attribute();
    a->set_name(name.str());
    a->set_type(onnx::AttributeProto::INT);
    a->set_i(v);
  };
  auto resultType = cast<RankedTensorType>(op->getResult(0).getType());
  if (auto clip = dyn_cast<cgraph::ClipOp>(op)) {
    // Opset 11+ takes Clip's bounds as inputs.
    node->add_input(scalar(clip.getMin().convertToDouble()));
    node->add_input(scalar(clip.getMax().convertToDouble()));
    return true;
  }
  if (isa<cgraph::ReshapeOp>(op)) {
    // One dynamic dimension is ONNX's -1 (what the others leave); more
    // cannot be said with a constant shape.
    SmallVector<int64_t> shape(resultType.getShape());
    if (resultType.getNumDynamicDims() > 1)
      return op->emitError() << "cannot export a reshape to " << resultType
                             << " to ONNX: a constant target shape has at "
                                "most one dynamic (-1) dimension";
    for (int64_t &d : shape)
      if (ShapedType::isDynamic(d))
        d = -1;
    node->add_input(int64s(shape));
    return true;
  }
  if (isa<cgraph::CastOp>(op)) {
    FailureOr<int32_t> to = onnxType(resultType.getElementType(), op->getLoc());
    if (failed(to))
      return failure();
    intAttr("to", *to);
    return true;
  }
  if (isa<cgraph::ReduceSumOp, cgraph::ReduceMeanOp, cgraph::ReduceMaxOp,
          cgraph::ReduceMinOp>(op)) {
    auto axes = op->getAttrOfType<DenseI64ArrayAttr>("axes");
    auto keepdims = op->getAttrOfType<BoolAttr>("keepdims");
    intAttr("keepdims", !keepdims || keepdims.getValue());
    if (!axes || axes.empty())
      return true; // ONNX's default reduces every dimension too.
    if (isa<cgraph::ReduceSumOp>(op)) { // Opset 13+: axes is an input.
      node->add_input(int64s(axes.asArrayRef()));
      return true;
    }
    onnx::AttributeProto *a = node->add_attribute();
    a->set_name("axes");
    a->set_type(onnx::AttributeProto::INTS);
    for (int64_t x : axes.asArrayRef())
      a->add_ints(x);
    return true;
  }
  if (auto slice = dyn_cast<cgraph::SliceOp>(op)) {
    SmallVector<int64_t> axes =
        llvm::to_vector(llvm::seq<int64_t>(0, resultType.getRank()));
    node->add_input(int64s(slice.getStarts()));
    node->add_input(int64s(slice.getEnds()));
    node->add_input(int64s(axes));
    node->add_input(int64s(slice.getSteps()));
    return true;
  }
  if (auto pad = dyn_cast<cgraph::PadOp>(op)) {
    node->add_input(int64s(pad.getPads()));
    onnx::AttributeProto *a = node->add_attribute();
    a->set_name("mode");
    a->set_type(onnx::AttributeProto::STRING);
    a->set_s(cgraph::stringifyPadMode(pad.getMode()).str());
    if (pad.getMode() == cgraph::PadMode::constant) {
      FailureOr<std::string> value =
          scalarOf(resultType.getElementType(),
                   pad.getValue().convertToDouble(), op->getLoc());
      if (failed(value))
        return failure();
      node->add_input(*value);
    }
    return true;
  }
  return false;
}

LogicalResult Exporter::exportOp(Operation *op) {
  Location loc = op->getLoc();
  if (auto c = dyn_cast<cgraph::ConstantOp>(op)) {
    // A constant nothing reads (an imported shape operand, say) would be
    // an unused initializer, which onnxruntime warns about.
    if (c.getResult().use_empty())
      return success();
    return exportConstant(c.getResult(), c.getValue(), loc);
  }
  if (isa<cgraph::IfOp, cgraph::LoopOp, cgraph::ScanOp>(op))
    return exportControlFlow(op);
  if (auto fused = dyn_cast<cgraph::FusedOp>(op)) {
    Block &body = fused.getBody().front();
    for (auto [arg, input] : llvm::zip(body.getArguments(), fused.getInputs()))
      names[arg] = name(input);
    for (Operation &inner : body.without_terminator())
      if (failed(exportOp(&inner)))
        return failure();
    for (auto [result, yielded] :
         llvm::zip(fused.getResults(), body.getTerminator()->getOperands()))
      names[result] = name(yielded);
    return success();
  }
  auto it = opTypes().find(op->getName().getStringRef());
  if (it == opTypes().end())
    return op->emitError() << "cannot export '" << op->getName()
                           << "' to ONNX yet";
  if (op->getNumResults() != 1)
    return op->emitError() << "cannot export a multi-result op to ONNX";

  onnx::NodeProto *node = nodes->add_node();
  node->set_op_type(it->second.str());
  if (auto nameLoc = dyn_cast<NameLoc>(loc))
    node->set_name(uniqueNodeName(nameLoc.getName()));
  if (auto doc = op->getAttrOfType<StringAttr>(kDocString))
    node->set_doc_string(doc.str());
  for (Value v : op->getOperands())
    node->add_input(name(v));
  node->add_output(name(op->getResult(0)));

  FailureOr<bool> special = exportSpecial(op, node);
  if (failed(special))
    return failure();
  if (*special)
    return success();
  StringRef opName = op->getName().getStringRef();
  if (opName == "cgraph.conv2d" || opName == "cgraph.conv_transpose2d") {
    auto weight = cast<RankedTensorType>(op->getOperand(1).getType());
    onnx::AttributeProto *a = node->add_attribute();
    a->set_name("kernel_shape");
    a->set_type(onnx::AttributeProto::INTS);
    for (int64_t d : weight.getShape().drop_front(2))
      a->add_ints(d);
  }
  // Every inherent attribute is written (the cgraph names are ONNX's except
  // for the few onnxAttrName renames); cgraph's defaults equal ONNX's.
  auto props = dyn_cast_or_null<DictionaryAttr>(op->getPropertiesAsAttribute());
  for (NamedAttribute attr :
       props ? props.getValue() : ArrayRef<NamedAttribute>()) {
    onnx::AttributeProto *a = node->add_attribute();
    a->set_name(onnxAttrName(attr.getName().strref()).str());
    Attribute v = attr.getValue();
    if (auto ints = dyn_cast<DenseI64ArrayAttr>(v)) {
      a->set_type(onnx::AttributeProto::INTS);
      for (int64_t x : ints.asArrayRef())
        a->add_ints(x);
    } else if (auto b = dyn_cast<BoolAttr>(v)) {
      a->set_type(onnx::AttributeProto::INT);
      a->set_i(b.getValue());
    } else if (auto i = dyn_cast<IntegerAttr>(v)) {
      a->set_type(onnx::AttributeProto::INT);
      a->set_i(i.getInt());
    } else if (auto f = dyn_cast<FloatAttr>(v)) {
      a->set_type(onnx::AttributeProto::FLOAT);
      a->set_f(static_cast<float>(f.getValueAsDouble()));
    } else {
      return op->emitError()
             << "cannot export attribute '" << attr.getName() << "' to ONNX";
    }
  }
  return success();
}

LogicalResult Exporter::exportRegion(Block &block, onnx::GraphProto *sub,
                                     const std::string &subName) {
  sub->set_name(subName);
  for (BlockArgument arg : block.getArguments()) {
    // The body input's name in the model where it had one.
    auto loc = dyn_cast<NameLoc>(arg.getLoc());
    std::string argName = loc && taken.insert(loc.getName().strref()).second
                              ? loc.getName().str()
                              : fresh();
    names[arg] = argName;
    if (failed(
            valueInfo(sub->add_input(), argName, arg.getType(), arg.getLoc())))
      return failure();
  }
  onnx::GraphProto *outer = nodes;
  nodes = sub;
  llvm::scope_exit restore([&] { nodes = outer; });
  for (Operation &op : block.without_terminator())
    if (failed(exportOp(&op)))
      return failure();
  // An output is a value the subgraph computes, named once; a value of an
  // enclosing scope, an input, or a value yielded twice goes through an
  // Identity.
  Operation *yield = block.getTerminator();
  for (auto [i, v] : llvm::enumerate(yield->getOperands())) {
    Operation *def = v.getDefiningOp();
    bool own = def && def->getBlock() == &block &&
               !isa<cgraph::ConstantOp>(def) &&
               llvm::count(yield->getOperands().take_front(i), v) == 0;
    std::string outName = name(v);
    if (!own) {
      onnx::NodeProto *node = sub->add_node();
      node->set_op_type("Identity");
      node->add_input(outName);
      outName = fresh();
      node->add_output(outName);
    }
    if (failed(valueInfo(sub->add_output(), outName, v.getType(),
                         yield->getLoc())))
      return failure();
  }
  return success();
}

LogicalResult Exporter::exportControlFlow(Operation *op) {
  onnx::NodeProto *node = nodes->add_node();
  if (auto nameLoc = dyn_cast<NameLoc>(op->getLoc()))
    node->set_name(uniqueNodeName(nameLoc.getName()));
  if (auto doc = op->getAttrOfType<StringAttr>(kDocString))
    node->set_doc_string(doc.str());
  auto input = [&](Value v) { node->add_input(v ? name(v) : std::string()); };
  auto graphAttr = [&](StringRef attrName) {
    onnx::AttributeProto *a = node->add_attribute();
    a->set_name(attrName.str());
    a->set_type(onnx::AttributeProto::GRAPH);
    return a->mutable_g();
  };
  auto ints = [&](StringRef attrName, ArrayRef<int64_t> values) {
    onnx::AttributeProto *a = node->add_attribute();
    a->set_name(attrName.str());
    a->set_type(onnx::AttributeProto::INTS);
    for (int64_t v : values)
      a->add_ints(v);
  };
  // Subgraph names: the node's, or a fresh one, with the attribute's.
  std::string base = node->name().empty() ? fresh() : node->name();
  if (auto ifOp = dyn_cast<cgraph::IfOp>(op)) {
    node->set_op_type("If");
    input(ifOp.getCondition());
    if (failed(exportRegion(ifOp.getThenRegion().front(),
                            graphAttr("then_branch"), base + "/then")) ||
        failed(exportRegion(ifOp.getElseRegion().front(),
                            graphAttr("else_branch"), base + "/else")))
      return failure();
  } else if (auto loop = dyn_cast<cgraph::LoopOp>(op)) {
    node->set_op_type("Loop");
    input(loop.getMaxTripCount());
    input(loop.getCondition());
    for (Value v : loop.getInitial())
      input(v);
    if (failed(exportRegion(loop.getBody().front(), graphAttr("body"),
                            base + "/body")))
      return failure();
  } else {
    auto scan = cast<cgraph::ScanOp>(op);
    node->set_op_type("Scan");
    for (Value v : scan.getInputs())
      input(v);
    onnx::AttributeProto *m = node->add_attribute();
    m->set_name("num_scan_inputs");
    m->set_type(onnx::AttributeProto::INT);
    m->set_i(scan.getNumScanInputs());
    ints("scan_input_axes", scan.getScanInputAxes());
    ints("scan_input_directions", scan.getScanInputDirections());
    ints("scan_output_axes", scan.getScanOutputAxes());
    ints("scan_output_directions", scan.getScanOutputDirections());
    if (failed(exportRegion(scan.getBody().front(), graphAttr("body"),
                            base + "/body")))
      return failure();
  }
  for (Value r : op->getResults())
    node->add_output(name(r));
  return success();
}

LogicalResult Exporter::exportGraph(cgraph::GraphOp g) {
  graph.set_name(g.getSymName().str());
  if (auto doc = g->getAttrOfType<StringAttr>(kDocString))
    graph.set_doc_string(doc.str());
  Block &body = g.getBody().front();
  for (unsigned i = 0, e = g.getNumArguments(); i < e; ++i)
    taken.insert(g.getInputName(i));
  for (unsigned i = 0, e = g.getNumResults(); i < e; ++i)
    taken.insert(g.getOutputName(i));
  // An output computed by an op whose tensor had the output's name in the
  // model is written under that name, without an Identity.
  cgraph::OutputOp out = g.getOutputOp();
  SmallVector<bool> direct(out.getNumOperands(), false);
  for (auto [i, v] : llvm::enumerate(out.getOperands()))
    if (sourceTensorName(v) == g.getOutputName(i) &&
        llvm::count(out.getOperands(), v) == 1) {
      names[v] = g.getOutputName(i).str();
      direct[i] = true;
    }
  for (auto [i, arg] : llvm::enumerate(body.getArguments())) {
    names[arg] = g.getInputName(i).str();
    if (failed(valueInfo(graph.add_input(), g.getInputName(i), arg.getType(),
                         arg.getLoc(),
                         g.getArgAttrOfType<ArrayAttr>(
                             i, cgraph::GraphOp::kDimParamsAttrName))))
      return failure();
  }
  for (Operation &op : body.without_terminator())
    if (failed(exportOp(&op)))
      return failure();
  for (auto [i, v] : llvm::enumerate(out.getOperands())) {
    if (!direct[i]) {
      onnx::NodeProto *node = graph.add_node();
      node->set_op_type("Identity");
      node->add_input(name(v));
      node->add_output(g.getOutputName(i).str());
    }
    if (failed(valueInfo(graph.add_output(), g.getOutputName(i), v.getType(),
                         out.getLoc(),
                         g.getResultAttrOfType<ArrayAttr>(
                             i, cgraph::GraphOp::kDimParamsAttrName))))
      return failure();
  }
  return success();
}

} // namespace

/// Exports the module's one graph into `graph` and `weights`.
static LogicalResult exportModule(ModuleOp module, onnx::GraphProto &graph,
                                  std::vector<Weight> &weights) {
  SmallVector<cgraph::GraphOp> graphs(module.getOps<cgraph::GraphOp>());
  if (graphs.size() != 1)
    return module.emitError()
           << "ONNX export needs exactly one cgraph.graph, found "
           << graphs.size();
  Exporter exporter(graph);
  if (failed(exporter.exportGraph(graphs.front())))
    return failure();
  weights = std::move(exporter.getWeights());
  return success();
}

LogicalResult exportONNX(ModuleOp module, llvm::raw_ostream &os) {
  onnx::GraphProto graph;
  std::vector<Weight> weights;
  if (failed(exportModule(module, graph, weights)))
    return failure();
  ONNXExportOptions options;
  options.weights = ONNXWeights::Inline;
  return writeModel(module, graph, weights, options, os, "");
}

LogicalResult exportONNXFile(ModuleOp module, StringRef path,
                             const ONNXExportOptions &options) {
  onnx::GraphProto graph;
  std::vector<Weight> weights;
  if (failed(exportModule(module, graph, weights)))
    return failure();
  std::error_code ec;
  llvm::ToolOutputFile out(path, ec, llvm::sys::fs::OF_None);
  if (ec)
    return module.emitError()
           << "cannot write '" << path << "': " << ec.message();
  if (failed(writeModel(module, graph, weights, options, out.os(), path)))
    return failure();
  out.keep();
  return success();
}

void registerExportONNXTranslation() {
  TranslateFromMLIRRegistration registration(
      "export-onnx", "export a cgraph.graph as an ONNX model",
      [](Operation *op, llvm::raw_ostream &os) -> LogicalResult {
        auto module = dyn_cast<ModuleOp>(op);
        if (!module)
          return op->emitError() << "ONNX export expects a module";
        return exportONNX(module, os);
      },
      [](DialectRegistry &registry) {
        registry.insert<cgraph::CGraphDialect>();
      });
}

} // namespace mcg
