//===- ImportONNXResize.cpp - ONNX Resize to gathers ----------------------===//
//
// Resize in `nearest` and `linear` modes, one resized axis at a time (both
// are separable). Every output index maps, through the coordinate
// transformation, to input coordinates computed here at import:
//   nearest: one index per output position: a gather with a constant table;
//   linear:  the two neighbours i0 = floor(c), i1 = min(i0 + 1, in - 1) of
//            the coordinate c (clamped to [0, in - 1], which is what ONNX's
//            edge-clamped neighbours, onnxruntime and torch compute) and
//            weights 1 - (c - i0) and c - i0: two gathers, each multiplied
//            by its constant weights broadcast along the axis, and added.
// Scales and sizes must be known at import time.
//
//===----------------------------------------------------------------------===//

#include "Importer.h"

#include "mcg/Dialect/CGraph/IR/CGraph.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "llvm/ADT/StringSet.h"

#include <cmath>

using namespace mlir;

namespace mcg {
namespace onnx_import {

/// The input coordinate of output index `i` along an axis of `in` elements
/// resized with `scale`. The resized length in the align_corners and
/// pytorch_half_pixel formulas is `in * scale`, not rounded (as ONNX's
/// reference computes it; with sizes given, it is the size).
static double sourceCoordinate(StringRef transform, int64_t i, int64_t in,
                               double scale, double out) {
  if (transform == "half_pixel")
    return (i + 0.5) / scale - 0.5;
  if (transform == "pytorch_half_pixel")
    return out > 1 ? (i + 0.5) / scale - 0.5 : 0.0;
  if (transform == "align_corners")
    return out == 1 ? 0.0 : i * static_cast<double>(in - 1) / (out - 1);
  if (transform == "asymmetric")
    return i / scale;
  // tf_half_pixel_for_nn
  return (i + 0.5) / scale;
}

LogicalResult Importer::resizeAxis(Node &n, Value &x, size_t axis, int64_t out,
                                   double scale, double length, bool linear,
                                   StringRef transform, StringRef rounding) {
  auto inType = cast<RankedTensorType>(x.getType());
  int64_t in = inType.getDimSize(axis);
  auto indexType = RankedTensorType::get({out}, b.getI64Type());
  NamedAttribute axisAttr =
      b.getNamedAttr("axis", b.getI64IntegerAttr(static_cast<int64_t>(axis)));
  auto gather = [&](ArrayRef<int64_t> index) {
    Value table = cgraph::ConstantOp::create(
                      b, n.loc, DenseElementsAttr::get(indexType, index))
                      .getResult();
    return create(n, "cgraph.gather", {x, table}, axisAttr);
  };
  if (!linear) {
    SmallVector<int64_t> index(out);
    for (int64_t i = 0; i < out; ++i) {
      double c = sourceCoordinate(transform, i, in, scale, length), r;
      if (rounding == "floor")
        r = std::floor(c);
      else if (rounding == "ceil")
        r = std::ceil(c);
      else if (c - std::floor(c) == 0.5)
        r = rounding == "round_prefer_floor" ? std::floor(c) : std::ceil(c);
      else
        r = std::round(c);
      index[i] = std::clamp<int64_t>(static_cast<int64_t>(r), 0, in - 1);
    }
    FailureOr<Value> g = gather(index);
    if (failed(g))
      return failure();
    x = *g;
    return success();
  }
  SmallVector<int64_t> lo(out), hi(out);
  SmallVector<float> wLo(out), wHi(out);
  for (int64_t i = 0; i < out; ++i) {
    double c = std::clamp(sourceCoordinate(transform, i, in, scale, length),
                          0.0, static_cast<double>(in - 1));
    lo[i] = static_cast<int64_t>(std::floor(c));
    hi[i] = std::min(lo[i] + 1, in - 1);
    wHi[i] = static_cast<float>(c - lo[i]);
    wLo[i] = static_cast<float>(1.0 - (c - lo[i]));
  }
  // The weights vary along `axis` and broadcast along the others.
  SmallVector<int64_t> wShape(inType.getRank(), 1);
  wShape[axis] = out;
  auto wType = RankedTensorType::get(wShape, inType.getElementType());
  if (!inType.getElementType().isF32())
    return nodeError(n, "linear mode on a non-f32 tensor is not supported");
  auto weights = [&](ArrayRef<float> w) {
    return cgraph::ConstantOp::create(b, n.loc,
                                      DenseElementsAttr::get(wType, w))
        .getResult();
  };
  FailureOr<Value> g0 = gather(lo);
  FailureOr<Value> g1 = gather(hi);
  if (failed(g0) || failed(g1))
    return failure();
  FailureOr<Value> p0 = create(n, "cgraph.mul", {*g0, weights(wLo)}, {});
  FailureOr<Value> p1 = create(n, "cgraph.mul", {*g1, weights(wHi)}, {});
  if (failed(p0) || failed(p1))
    return failure();
  FailureOr<Value> sum = create(n, "cgraph.add", {*p0, *p1}, {});
  if (failed(sum))
    return failure();
  x = *sum;
  return success();
}

LogicalResult Importer::importResize(Node &n) {
  if (opset < 11)
    return nodeError(n, "Resize before opset 11 is not supported");
  if (failed(checkArity(n, 1, 4)))
    return failure();
  std::string mode = n.attrs.s("mode", "nearest");
  if (mode != "nearest" && mode != "linear")
    return nodeError(n, "mode '" + mode +
                            "' is not supported (only nearest and linear)");
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
  if (!transforms.contains(transform) ||
      (mode == "linear" && StringRef(transform).starts_with("tf_")))
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
    FailureOr<const KnownTensor *> t = requireKnown(n, 2);
    if (failed(t))
      return failure();
    if ((*t)->kind != KnownKind::F32 ||
        (*t)->size() != static_cast<int64_t>(rank))
      return nodeError(n, "scales must be float, one per dimension");
    for (size_t d = 0; d < rank; ++d) {
      scales[d] = (*t)->floats[d];
      out[d] = static_cast<int64_t>(std::floor(in[d] * scales[d]));
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
    // With sizes the resized length is the size; with scales, in * scale.
    double length = n.has(3) ? out[d] : in[d] * scales[d];
    if (failed(resizeAxis(n, x, d, out[d], scales[d], length, mode == "linear",
                          transform, rounding)))
      return failure();
  }
  values[n.proto.output(0)] = x;
  return success();
}

} // namespace onnx_import
} // namespace mcg
