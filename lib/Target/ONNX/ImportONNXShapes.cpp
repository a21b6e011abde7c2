//===- ImportONNXShapes.cpp - ONNX data movement and shape nodes ----------===//
//
// The handlers for ONNX ops that move data or compute shapes: Identity and
// inference-mode Dropout (their input), Constant, Shape (a constant, since
// shapes are static), Reshape/Squeeze/Unsqueeze (cgraph.reshape), Flatten,
// Transpose, Concat, Slice and Pad (normalized to cgraph's full-rank forms),
// Gather and Expand (a multiplication by a splat of ones).
//
//===----------------------------------------------------------------------===//

#include "Importer.h"

#include "llvm/Support/CheckedArithmetic.h"

#include "mcg/Dialect/CGraph/IR/CGraph.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "llvm/ADT/StringSet.h"

#include <cmath>

using namespace mlir;

namespace mcg {
namespace onnx_import {

/// Identity, and Dropout in inference mode: the output is the input.
LogicalResult Importer::importPassThrough(Node &n) {
  bool dropout = n.proto.op_type() == "Dropout";
  if (failed(checkArity(n, 1, dropout ? 3 : 1)))
    return failure();
  if (n.has(2)) {
    // training_mode (opset 12+): a constant false is inference, and so is
    // training with a known ratio of 0 (torch exports F.dropout(p=0.0,
    // training=True) so): nothing is dropped, the scale is 1.
    FailureOr<double> training = constantScalar(n, 2);
    if (failed(training))
      return failure();
    bool ratioZero = false;
    if (n.has(1)) {
      FailureOr<double> ratio = constantScalar(n, 1);
      if (failed(ratio))
        return failure();
      ratioZero = *ratio == 0;
    }
    if (*training != 0 && !ratioZero)
      return nodeError(n, "training_mode with a nonzero ratio is not "
                          "supported");
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

/// Constant: known at import; it becomes a cgraph.constant only where a
/// runtime op reads it.
LogicalResult Importer::importConstant(Node &n) {
  const std::string &out = n.proto.output(0);
  if (const onnx::AttributeProto *value = n.attrs.take("value")) {
    if (n.attrs.leftover())
      return nodeError(n, "a Constant with more than one value is invalid");
    if (!knownKind(value->t().data_type()))
      return nodeError(n, "element type " +
                              onnx::TensorProto::DataType_Name(
                                  static_cast<onnx::TensorProto::DataType>(
                                      value->t().data_type())) +
                              " is not supported");
    constants[out] = &value->t();
    return success();
  }
  KnownTensor t;
  if (const onnx::AttributeProto *a = n.attrs.take("value_float")) {
    t = KnownTensor::make(KnownKind::F32, {});
    t.floats[0] = a->f();
  } else if (const onnx::AttributeProto *a = n.attrs.take("value_floats")) {
    t = KnownTensor::make(KnownKind::F32, {a->floats_size()});
    t.floats.assign(a->floats().begin(), a->floats().end());
  } else if (const onnx::AttributeProto *a = n.attrs.take("value_int")) {
    t = KnownTensor::make(KnownKind::I64, {});
    t.ints[0] = a->i();
  } else if (const onnx::AttributeProto *a = n.attrs.take("value_ints")) {
    t = KnownTensor::make(KnownKind::I64, {a->ints_size()});
    t.ints.assign(a->ints().begin(), a->ints().end());
  } else {
    return nodeError(n, "a Constant other than a 'value' tensor or "
                        "'value_float(s)' / 'value_int(s)' is not supported");
  }
  if (n.attrs.leftover())
    return nodeError(n, "a Constant with more than one value is invalid");
  known[out] = std::move(t);
  return success();
}

/// Shape: shapes are static, so the result is known at import time.
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
  KnownTensor t =
      KnownTensor::make(KnownKind::I64, {std::max(start, end) - start});
  t.ints.assign(shape.begin() + start, shape.begin() + std::max(start, end));
  known[n.proto.output(0)] = std::move(t);
  return success();
}

/// Size: the element count, known at import time.
LogicalResult Importer::importSize(Node &n) {
  if (failed(checkArity(n, 1, 1)))
    return failure();
  if (const onnx::AttributeProto *a = n.attrs.leftover())
    return nodeError(n, "attribute '" + a->name() + "' is not supported");
  KnownTensor t = KnownTensor::make(KnownKind::I64, {});
  t.ints[0] = n.type(0).getNumElements();
  known[n.proto.output(0)] = std::move(t);
  return success();
}

Value Importer::reshape(Value x, ArrayRef<int64_t> shape, Location loc) {
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
    known = llvm::checkedMul(known, d).value_or(-1);
    if (known < 0)
      return nodeError(n, "the shape's element count overflows 64 bits");
  }
  if (infer >= 0) {
    if (known == 0 || inType.getNumElements() % known != 0)
      return nodeError(n, "the -1 dimension does not divide the element "
                          "count");
    (*shape)[infer] = inType.getNumElements() / known;
  }
  if (failed(checkShapeSize(n, *shape, inType.getElementType())))
    return failure();
  if (ShapedType::getNumElements(*shape) != inType.getNumElements())
    return nodeError(n, "the shape's element count differs from the "
                        "input's");
  values[n.proto.output(0)] = reshape(n.inputs[0], *shape, n.loc);
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
  values[n.proto.output(0)] = reshape(n.inputs[0], shape, n.loc);
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
  SmallVector<int64_t> perm = n.attrs.permutation(n.type(0).getRank());
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
  RankedTensorType data = n.type(0);
  int64_t axis = n.attrs.i("axis", 0);
  if (axis < 0)
    axis += data.getRank();
  // ONNX makes an index outside [-n, n) an error: one known here is
  // reported (a runtime one is clamped by the generated code).
  const KnownTensor *indices = knownTensor(n.proto.input(1));
  if (indices && !indices->isFloat() && axis >= 0 && axis < data.getRank()) {
    int64_t dim = data.getDimSize(axis);
    for (int64_t index : indices->ints)
      if (index < -dim || index >= dim)
        return nodeError(n, "index " + Twine(index) + " is out of range [" +
                                Twine(-dim) + ", " + Twine(dim) +
                                ") for axis " + Twine(axis) + " of input '" +
                                n.proto.input(0) + "'");
  }
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
  if (failed(checkShapeSize(n, *shape, n.type(0).getElementType())))
    return failure();
  Value ones = splat(RankedTensorType::get(*shape, n.type(0).getElementType()),
                     1.0, n.loc);
  return define(n, create(n, "cgraph.mul", {n.inputs[0], ones}));
}

} // namespace onnx_import
} // namespace mcg
