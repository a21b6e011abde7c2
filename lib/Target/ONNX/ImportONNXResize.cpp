//===- ImportONNXResize.cpp - ONNX Resize to gathers ----------------------===//
//
// Resize in `nearest`, `linear` and `cubic` modes, one resized axis at a
// time (all are separable). Every output index maps, through the coordinate
// transformation, to input coordinates computed here at import:
//   nearest: one index per output position: a gather with a constant table;
//   linear:  the two neighbours i0 = floor(c), i1 = min(i0 + 1, in - 1) of
//            the coordinate c (clamped to [0, in - 1], which is what ONNX's
//            edge-clamped neighbours, onnxruntime and torch compute) and
//            weights 1 - (c - i0) and c - i0: two gathers, each multiplied
//            by its constant weights broadcast along the axis, and added;
//   cubic:   four neighbours floor(c) - 1 .. floor(c) + 2 (edge-clamped)
//            with the weights of ONNX's cubic kernel: four gathers, the
//            same way.
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

/// The longest resized dimension: the import builds index and weight
/// tables of this many entries per resized axis.
constexpr int64_t kMaxResizedLength = int64_t(1) << 20;

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
                                   double scale, double length, StringRef mode,
                                   StringRef transform, StringRef rounding,
                                   double cubicA, bool excludeOutside) {
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
  if (mode == "nearest") {
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
      // Clamped in double first: a coordinate may be far outside int64.
      index[i] =
          static_cast<int64_t>(std::clamp(r, 0.0, static_cast<double>(in - 1)));
    }
    FailureOr<Value> g = gather(index);
    if (failed(g))
      return failure();
    x = *g;
    return success();
  }
  if (!inType.getElementType().isF32())
    return nodeError(n, mode + " mode on a non-f32 tensor is not supported");
  // Per output index, `taps` input indices and their weights.
  int64_t taps = mode == "linear" ? 2 : 4;
  SmallVector<SmallVector<int64_t>> index(taps, SmallVector<int64_t>(out));
  SmallVector<SmallVector<float>> weight(taps, SmallVector<float>(out));
  for (int64_t i = 0; i < out; ++i) {
    double c = sourceCoordinate(transform, i, in, scale, length);
    if (mode == "linear") {
      c = std::clamp(c, 0.0, static_cast<double>(in - 1));
      int64_t lo = static_cast<int64_t>(std::floor(c));
      index[0][i] = lo;
      index[1][i] = std::min(lo + 1, in - 1);
      weight[0][i] = static_cast<float>(1.0 - (c - lo));
      weight[1][i] = static_cast<float>(c - lo);
      continue;
    }
    // Cubic: the neighbours floor(c) - 1 .. floor(c) + 2 at distances
    // 1 + r, r, 1 - r, 2 - r (r = c - floor(c)), the kernel of the ONNX
    // definition with coefficient cubicA; a neighbour outside the input
    // repeats the edge, or with exclude_outside gets weight 0 and the
    // others are renormalized.
    double fl = std::floor(c), r = c - fl;
    // Only the neighbours' positions relative to [0, in) matter.
    fl = std::clamp(fl, -3.0, static_cast<double>(in) + 2);
    double w[4], total = 0;
    for (int64_t t = 0; t < 4; ++t) {
      double d = std::fabs(t - 1 - r);
      double a = cubicA;
      w[t] = d <= 1  ? ((a + 2) * d - (a + 3)) * d * d + 1
             : d < 2 ? ((a * d - 5 * a) * d + 8 * a) * d - 4 * a
                     : 0.0;
      int64_t at = static_cast<int64_t>(fl) - 1 + t;
      if (excludeOutside && (at < 0 || at >= in))
        w[t] = 0;
      total += w[t];
      index[t][i] = std::clamp<int64_t>(at, 0, in - 1);
    }
    for (int64_t t = 0; t < 4; ++t)
      weight[t][i] = static_cast<float>(excludeOutside ? w[t] / total : w[t]);
  }
  // The weights vary along `axis` and broadcast along the others.
  SmallVector<int64_t> wShape(inType.getRank(), 1);
  wShape[axis] = out;
  auto wType = RankedTensorType::get(wShape, inType.getElementType());
  Value acc;
  for (int64_t t = 0; t < taps; ++t) {
    FailureOr<Value> g = gather(index[t]);
    if (failed(g))
      return failure();
    Value w = cgraph::ConstantOp::create(
                  b, n.loc, DenseElementsAttr::get(wType, ArrayRef(weight[t])))
                  .getResult();
    FailureOr<Value> p = create(n, "cgraph.mul", {*g, w}, {});
    if (succeeded(p) && acc)
      p = create(n, "cgraph.add", {acc, *p}, {});
    if (failed(p))
      return failure();
    acc = *p;
  }
  x = acc;
  return success();
}

LogicalResult Importer::importResize(Node &n) {
  if (opset < 11)
    return nodeError(n, "Resize before opset 11 is not supported");
  if (failed(checkArity(n, 1, 4)))
    return failure();
  std::string mode = n.attrs.s("mode", "nearest");
  if (mode != "nearest" && mode != "linear" && mode != "cubic")
    return nodeError(n, "mode '" + mode + "' is invalid");
  std::string transform =
      n.attrs.s("coordinate_transformation_mode", "half_pixel");
  std::string rounding = n.attrs.s("nearest_mode", "round_prefer_floor");
  double cubicA = n.attrs.f("cubic_coeff_a", -0.75f);
  bool excludeOutside = n.attrs.i("exclude_outside", 0) != 0;
  // Only tf_crop_and_resize (rejected below) reads it.
  n.attrs.take("extrapolation_value");
  if (const onnx::AttributeProto *a = n.attrs.leftover())
    return nodeError(n, "attribute '" + a->name() + "' is not supported");
  static const llvm::StringSet<> transforms = {
      "half_pixel", "pytorch_half_pixel",        "align_corners",
      "asymmetric", "tf_half_pixel_for_nearest", "tf_half_pixel_for_nn"};
  if (!transforms.contains(transform) ||
      (mode != "nearest" && StringRef(transform).starts_with("tf_")))
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
      scales[d] = in[d] ? static_cast<double>(out[d]) / in[d] : 0.0;
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
      if (!std::isfinite(scales[d]) || scales[d] <= 0)
        return nodeError(n, "scale " + Twine(std::to_string(scales[d])) +
                                " is invalid (scales must be positive and "
                                "finite)");
      // Compared in double first: in * scale may be far outside int64.
      double size = std::floor(in[d] * scales[d]);
      out[d] = size > kMaxResizedLength ? kMaxResizedLength + 1
                                        : static_cast<int64_t>(size);
    }
  } else {
    return nodeError(n, "a Resize without scales or sizes is not valid");
  }

  Value x = n.inputs[0];
  for (size_t d = 0; d < rank; ++d) {
    if (out[d] <= 0)
      return nodeError(n, "an empty output is not supported");
    if (in[d] == 0)
      return nodeError(n, "resizing an empty dimension is not supported");
    // The import builds index and weight tables of this length.
    if (out[d] > kMaxResizedLength)
      return nodeError(n, "an output of more than " + Twine(kMaxResizedLength) +
                              " elements along a dimension is not supported");
    if (out[d] == in[d] && scales[d] == 1.0)
      continue;
    // With sizes the resized length is the size; with scales, in * scale.
    double length = n.has(3) ? out[d] : in[d] * scales[d];
    if (failed(resizeAxis(n, x, d, out[d], scales[d], length, mode, transform,
                          rounding, cubicA, excludeOutside)))
      return failure();
  }
  values[n.proto.output(0)] = x;
  return success();
}

} // namespace onnx_import
} // namespace mcg
