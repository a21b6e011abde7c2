//===- EvaluateKnownShapes.cpp - shape ops evaluated at import
//-------------===//
//
// The shape and data movement ops of the import-time evaluator, as the ONNX
// definitions state them: Shape, Size, Reshape, Squeeze, Unsqueeze,
// Flatten, Transpose, Concat, Gather, Slice (negative steps included),
// Expand, Tile, Range, ConstantOfShape, ScatterND and the reductions.
//
//===----------------------------------------------------------------------===//

#include "EvaluateKnownImpl.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/Sequence.h"

#include <algorithm>
#include <cmath>

using namespace llvm;

namespace mcg {
namespace onnx_import {

/// Shape and Size of a known tensor (of a runtime one: ImportONNXShapes.cpp).
EvalStatus evalShape(Eval &e) {
  ArrayRef<int64_t> shape = e.in[0]->shape;
  if (e.node.op_type() == "Size") {
    KnownTensor t = KnownTensor::make(KnownKind::I64, {});
    t.ints[0] = e.in[0]->size();
    return e.done(std::move(t));
  }
  int64_t rank = shape.size();
  auto clampDim = [&](int64_t d) {
    return std::clamp<int64_t>(d < 0 ? d + rank : d, 0, rank);
  };
  int64_t start = clampDim(e.attrs.i("start", 0));
  int64_t end = std::max(start, clampDim(e.attrs.i("end", rank)));
  KnownTensor t = KnownTensor::make(KnownKind::I64, {end - start});
  t.ints.assign(shape.begin() + start, shape.begin() + end);
  return e.done(std::move(t));
}

static EvalStatus reshapeTo(Eval &e, const KnownTensor &a,
                            ArrayRef<int64_t> shape) {
  if (numElements(shape) != a.size())
    return e.invalid("the new shape has " + Twine(numElements(shape)) +
                     " elements, the input " + Twine(a.size()));
  KnownTensor t = a;
  t.shape.assign(shape.begin(), shape.end());
  return e.done(std::move(t));
}

EvalStatus evalReshape(Eval &e) {
  const KnownTensor &a = *e.in[0];
  bool allowZero = e.attrs.i("allowzero", 0) != 0;
  SmallVector<int64_t> shape;
  for (int64_t k = 0; k < e.in[1]->size(); ++k)
    shape.push_back(e.in[1]->asInt(k));
  int64_t known = 1, infer = -1;
  for (size_t d = 0; d < shape.size(); ++d) {
    if (shape[d] == 0 && !allowZero) {
      if (d >= a.shape.size())
        return e.invalid("shape entry 0 past the input rank");
      shape[d] = a.shape[d];
    }
    if (shape[d] == -1) {
      if (infer >= 0)
        return e.invalid("more than one -1 in the shape");
      infer = d;
      continue;
    }
    if (shape[d] < 0)
      return e.invalid("shape entry " + Twine(shape[d]));
    known = numElements({known, shape[d]}); // INT64_MAX if it overflows.
  }
  if (infer >= 0) {
    if (known == 0 || a.size() % known != 0)
      return e.invalid("the -1 dimension does not divide the element count");
    shape[infer] = a.size() / known;
  }
  return reshapeTo(e, a, shape);
}

EvalStatus evalSqueeze(Eval &e, bool squeeze) {
  const KnownTensor &a = *e.in[0];
  SmallVector<int64_t> axes =
      e.intsInputOrAttr(13, 1, "axes").value_or(SmallVector<int64_t>());
  int64_t rank = a.shape.size();
  int64_t axisRank = squeeze ? rank : rank + axes.size();
  SmallVector<bool> marked(axisRank, false);
  for (int64_t ax : axes) {
    int64_t d = normalizeAxis(ax, axisRank);
    if (d < 0 || d >= axisRank || marked[d])
      return e.invalid("axis " + Twine(ax) + " is out of range or repeated");
    if (squeeze && a.shape[d] != 1)
      return e.invalid("axis " + Twine(ax) + " has size " + Twine(a.shape[d]) +
                       ", not 1");
    marked[d] = true;
  }
  SmallVector<int64_t> shape;
  if (squeeze) {
    for (int64_t d = 0; d < rank; ++d)
      if (!(axes.empty() ? a.shape[d] == 1 : marked[d]))
        shape.push_back(a.shape[d]);
  } else {
    const int64_t *next = a.shape.begin();
    for (int64_t d = 0; d < axisRank; ++d)
      shape.push_back(marked[d] ? 1 : *next++);
  }
  return reshapeTo(e, a, shape);
}

EvalStatus evalFlatten(Eval &e) {
  const KnownTensor &a = *e.in[0];
  int64_t rank = a.shape.size();
  int64_t axis = normalizeAxis(e.attrs.i("axis", 1), rank);
  if (axis < 0 || axis > rank)
    return e.invalid("axis out of range");
  int64_t outer = numElements(ArrayRef(a.shape).take_front(axis));
  return reshapeTo(e, a, {outer, outer ? a.size() / outer : 0});
}

EvalStatus evalTranspose(Eval &e) {
  const KnownTensor &a = *e.in[0];
  int64_t rank = a.shape.size();
  SmallVector<int64_t> perm = e.attrs.permutation(rank);
  if (static_cast<int64_t>(perm.size()) != rank)
    return e.invalid("perm does not match the rank");
  SmallVector<int64_t> shape, inStrides = stridesOf(a.shape), strides;
  SmallVector<bool> seen(rank, false);
  for (int64_t p : perm) {
    if (p < 0 || p >= rank)
      return e.invalid("perm entry out of range");
    // A repeated entry would read a [5, 0] tensor as [5, 5].
    if (seen[p])
      return e.invalid("perm entry " + Twine(p) + " is repeated");
    seen[p] = true;
    shape.push_back(a.shape[p]);
    strides.push_back(inStrides[p]);
  }
  return e.done(takeElements(a, shape, strided(shape, 0, strides)));
}

EvalStatus evalConcat(Eval &e) {
  const onnx::AttributeProto *axisAttr = e.attrs.take("axis");
  if (!axisAttr || e.in.empty())
    return e.invalid("a Concat needs inputs and an axis");
  const KnownTensor &first = *e.in[0];
  int64_t rank = first.shape.size();
  int64_t axis = normalizeAxis(axisAttr->i(), rank);
  if (axis < 0 || axis >= rank)
    return e.invalid("axis out of range");
  SmallVector<int64_t> shape(first.shape);
  shape[axis] = 0;
  for (const KnownTensor *t : e.in) {
    if (!t || t->kind != first.kind ||
        static_cast<int64_t>(t->shape.size()) != rank)
      return e.invalid("inputs differ in element type or rank");
    for (int64_t d = 0; d < rank; ++d)
      if (d != axis && t->shape[d] != first.shape[d])
        return e.invalid("inputs differ in a dimension other than the axis");
    shape[axis] += t->shape[axis]; // Each is at most kMaxKnownElements.
  }
  if (numElements(shape) > kMaxKnownElements)
    return EvalStatus::NotEvaluated;
  KnownTensor t = KnownTensor::make(first.kind, shape);
  // An empty result copies nothing; its dimensions before the axis may
  // still multiply to 2^40 loop iterations (onnx-graph-fuzzer: a timeout).
  if (numElements(shape) == 0)
    return e.done(std::move(t));
  int64_t outer = numElements(ArrayRef(shape).take_front(axis));
  int64_t inner = numElements(ArrayRef(shape).drop_front(axis + 1));
  int64_t at = 0;
  for (int64_t o = 0; o < outer; ++o) {
    for (const KnownTensor *src : e.in) {
      int64_t chunk = src->shape[axis] * inner;
      for (int64_t k = 0; k < chunk; ++k, ++at) {
        if (t.isFloat())
          t.floats[at] = src->floats[o * chunk + k];
        else
          t.ints[at] = src->ints[o * chunk + k];
      }
    }
  }
  return e.done(std::move(t));
}

EvalStatus evalGather(Eval &e) {
  const KnownTensor &data = *e.in[0], &indices = *e.in[1];
  int64_t rank = data.shape.size();
  int64_t axis = normalizeAxis(e.attrs.i("axis", 0), rank);
  if (axis < 0 || axis >= rank || indices.isFloat())
    return e.invalid("axis out of range or float indices");
  SmallVector<int64_t> shape(ArrayRef(data.shape).take_front(axis));
  shape.append(indices.shape.begin(), indices.shape.end());
  shape.append(data.shape.begin() + axis + 1, data.shape.end());
  if (numElements(shape) > kMaxKnownElements)
    return EvalStatus::NotEvaluated;
  int64_t outer = numElements(ArrayRef(data.shape).take_front(axis));
  int64_t inner = numElements(ArrayRef(data.shape).drop_front(axis + 1));
  int64_t dim = data.shape[axis];
  for (int64_t k = 0; k < indices.size(); ++k)
    if (indices.ints[k] < -dim || indices.ints[k] >= dim)
      return e.invalid("index " + Twine(indices.ints[k]) +
                       " is out of range for a dimension of " + Twine(dim));
  std::vector<int64_t> index;
  // An empty result: no loop over dimensions that may multiply to 2^40.
  if (numElements(shape) == 0)
    outer = 0;
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t k = 0; k < indices.size(); ++k) {
      int64_t i = indices.ints[k] < 0 ? indices.ints[k] + dim : indices.ints[k];
      for (int64_t j = 0; j < inner; ++j)
        index.push_back((o * dim + i) * inner + j);
    }
  return e.done(takeElements(data, shape, index));
}

EvalStatus evalSlice(Eval &e) {
  const KnownTensor &a = *e.in[0];
  int64_t rank = a.shape.size();
  auto starts = e.intsInputOrAttr(10, 1, "starts");
  auto ends = e.intsInputOrAttr(10, 2, "ends");
  auto axes = e.intsInputOrAttr(10, 3, "axes");
  auto steps = e.opset >= 10 ? e.intsInputOrAttr(10, 4, "steps")
                             : std::optional<SmallVector<int64_t>>();
  if (!starts || !ends)
    return e.invalid("a Slice without starts or ends");
  size_t count = starts->size();
  if (!axes)
    axes.emplace(llvm::to_vector(llvm::seq<int64_t>(0, count)));
  if (!steps)
    steps.emplace(count, 1);
  if (ends->size() != count || axes->size() != count || steps->size() != count)
    return e.invalid("starts, ends, axes and steps differ in length");
  SmallVector<int64_t> lo(rank, 0), step(rank, 1), shape(a.shape);
  for (size_t i = 0; i < count; ++i) {
    int64_t axis = normalizeAxis((*axes)[i], rank);
    if (axis < 0 || axis >= rank)
      return e.invalid("axis out of range");
    int64_t dim = a.shape[axis], s = (*steps)[i];
    if (s == 0)
      return e.invalid("a step of 0");
    int64_t b = (*starts)[i], en = (*ends)[i];
    if (b < 0)
      b += dim;
    if (en < 0)
      en += dim;
    // Clamp as the ONNX definition does: [0, dim] for positive steps,
    // [-1, dim - 1] for negative ones.
    // ceil(|en - b| / |s|), in forms that cannot overflow for any step.
    if (s > 0) {
      b = std::clamp<int64_t>(b, 0, dim);
      en = std::clamp<int64_t>(en, 0, dim);
      shape[axis] = en > b ? (en - b - 1) / s + 1 : 0;
    } else {
      b = std::clamp<int64_t>(b, -1, dim - 1);
      en = std::clamp<int64_t>(en, -1, dim - 1);
      uint64_t stride = 0 - static_cast<uint64_t>(s);
      shape[axis] = b > en ? static_cast<int64_t>(
                                 static_cast<uint64_t>(b - en - 1) / stride) +
                                 1
                           : 0;
    }
    lo[axis] = b;
    // With one element (or none) taken the step is never applied.
    step[axis] = shape[axis] > 1 ? s : 1;
  }
  SmallVector<int64_t> inStrides = stridesOf(a.shape), strides;
  int64_t base = 0;
  for (int64_t d = 0; d < rank; ++d) {
    base += lo[d] * inStrides[d];
    strides.push_back(step[d] * inStrides[d]);
  }
  return e.done(takeElements(a, shape, strided(shape, base, strides)));
}

EvalStatus evalExpand(Eval &e) {
  const KnownTensor &a = *e.in[0];
  SmallVector<int64_t> target, shape;
  for (int64_t k = 0; k < e.in[1]->size(); ++k)
    target.push_back(e.in[1]->asInt(k));
  if (llvm::any_of(target, [](int64_t d) { return d < 0; }))
    return e.invalid("a negative dimension in the shape");
  if (!broadcastShapes({a.shape, target}, shape))
    return e.invalid("the shape does not broadcast with the input's");
  if (numElements(shape) > kMaxKnownElements)
    return EvalStatus::NotEvaluated;
  return e.done(takeElements(a, shape, broadcastIndex(a.shape, shape)));
}

EvalStatus evalTile(Eval &e) {
  const KnownTensor &a = *e.in[0];
  int64_t rank = a.shape.size();
  if (e.in[1]->size() != rank)
    return e.invalid("repeats must have one entry per dimension");
  SmallVector<int64_t> shape;
  for (int64_t d = 0; d < rank; ++d) {
    int64_t repeats = e.in[1]->asInt(d);
    if (repeats < 0)
      return e.invalid("a negative repeat count");
    shape.push_back(numElements({a.shape[d], repeats}));
  }
  if (numElements(shape) > kMaxKnownElements)
    return EvalStatus::NotEvaluated;
  // Output dimension d is (copy, element) pairs: copies do not move.
  SmallVector<int64_t> inStrides = stridesOf(a.shape), pairs, strides;
  for (int64_t d = 0; d < rank; ++d) {
    pairs.append({shape[d] / std::max<int64_t>(a.shape[d], 1), a.shape[d]});
    strides.append({0, inStrides[d]});
  }
  return e.done(takeElements(a, shape, strided(pairs, 0, strides)));
}

EvalStatus evalRange(Eval &e) {
  const KnownTensor &start = *e.in[0], &limit = *e.in[1], &delta = *e.in[2];
  if (start.size() != 1 || limit.size() != 1 || delta.size() != 1 ||
      start.kind != limit.kind || start.kind != delta.kind)
    return e.invalid("start, limit and delta must be scalars of one type");
  double d = delta.asDouble(0);
  if (d == 0)
    return e.invalid("a delta of 0");
  double n = std::ceil((limit.asDouble(0) - start.asDouble(0)) / d);
  if (std::isnan(n))
    return e.invalid("start, limit or delta is NaN");
  // Compared in double: n may be far outside int64.
  if (n > static_cast<double>(kMaxKnownElements))
    return EvalStatus::NotEvaluated;
  int64_t count = n > 0 ? static_cast<int64_t>(n) : 0;
  KnownTensor t = KnownTensor::make(start.kind, {count});
  for (int64_t k = 0; k < count; ++k) {
    if (t.isFloat())
      t.floats[k] = roundFloat(t.kind, start.floats[0] + k * delta.floats[0]);
    else
      t.ints[k] = wrapInt(
          t.kind, wrappingAdd(start.ints[0], wrappingMul(k, delta.ints[0])));
  }
  return e.done(std::move(t));
}

EvalStatus evalConstantOfShape(Eval &e) {
  SmallVector<int64_t> shape;
  for (int64_t k = 0; k < e.in[0]->size(); ++k) {
    shape.push_back(e.in[0]->asInt(k));
    if (shape.back() < 0)
      return e.invalid("a negative dimension");
  }
  if (numElements(shape) > kMaxKnownElements)
    return EvalStatus::NotEvaluated;
  KnownTensor value = KnownTensor::make(KnownKind::F32, {1});
  if (const onnx::AttributeProto *a = e.attrs.take("value")) {
    std::optional<KnownTensor> v = decodeInline(a->t());
    if (!v)
      return EvalStatus::NotEvaluated;
    if (v->size() != 1)
      return e.invalid("the value tensor must hold one element");
    value = *v;
  }
  value.shape.clear();
  return e.done(
      takeElements(value, shape, std::vector<int64_t>(numElements(shape), 0)));
}

EvalStatus evalScatterND(Eval &e) {
  if (e.attrs.s("reduction", "none") != "none")
    return EvalStatus::NotEvaluated;
  const KnownTensor &data = *e.in[0], &indices = *e.in[1], &updates = *e.in[2];
  if (indices.isFloat() || updates.kind != data.kind || indices.shape.empty())
    return e.invalid("integer indices and updates of the data's type needed");
  int64_t k = indices.shape.back();
  int64_t rank = data.shape.size();
  if (k > rank)
    return e.invalid("index tuples longer than the data's rank");
  int64_t slice = numElements(ArrayRef(data.shape).drop_front(k));
  int64_t tuples = indices.size() / std::max<int64_t>(k, 1);
  if (updates.size() != tuples * slice)
    return e.invalid("updates do not match the indices");
  SmallVector<int64_t> strides = stridesOf(data.shape);
  KnownTensor t = data;
  for (int64_t i = 0; i < tuples; ++i) {
    int64_t at = 0;
    for (int64_t d = 0; d < k; ++d) {
      int64_t v = indices.ints[i * k + d];
      if (v < 0)
        v += data.shape[d];
      if (v < 0 || v >= data.shape[d])
        return e.invalid("index out of range");
      at += v * strides[d];
    }
    for (int64_t j = 0; j < slice; ++j) {
      if (t.isFloat())
        t.floats[at + j] = updates.floats[i * slice + j];
      else
        t.ints[at + j] = updates.ints[i * slice + j];
    }
  }
  return e.done(std::move(t));
}

/// ReduceProd, ReduceSum, ReduceMax, ReduceMin (axes an input from opset 13
/// for ReduceSum, 18 for the others).
EvalStatus evalReduce(Eval &e, StringRef type) {
  const KnownTensor &a = *e.in[0];
  int64_t rank = a.shape.size();
  std::optional<SmallVector<int64_t>> axes =
      e.intsInputOrAttr(type == "ReduceSum" ? 13 : 18, 1, "axes");
  bool keepdims = e.attrs.i("keepdims", 1) != 0;
  bool noop = e.attrs.i("noop_with_empty_axes", 0) != 0;
  if (!axes || axes->empty()) {
    if (noop)
      return e.done(a);
    axes.emplace(llvm::to_vector(llvm::seq<int64_t>(0, rank)));
  }
  SmallVector<bool> reduced(rank, false);
  for (int64_t ax : *axes) {
    int64_t d = normalizeAxis(ax, rank);
    if (d < 0 || d >= rank)
      return e.invalid("axis out of range");
    reduced[d] = true;
  }
  SmallVector<int64_t> kept(a.shape), shape;
  for (int64_t d = 0; d < rank; ++d) {
    if (reduced[d])
      kept[d] = 1;
    if (!reduced[d] || keepdims)
      shape.push_back(kept[d]);
  }
  if (a.size() == 0 && (type == "ReduceMax" || type == "ReduceMin"))
    return EvalStatus::NotEvaluated;
  // Reducing an empty axis of an empty input fills the other dimensions
  // with the identity: [0, 2^32] reduced over axis 0 has 2^32 elements.
  if (numElements(kept) > kMaxKnownElements)
    return EvalStatus::NotEvaluated;
  KnownTensor t = KnownTensor::make(a.kind, kept);
  SmallVector<bool> seen(t.size(), false);
  SmallVector<int64_t> outStrides = stridesOf(kept);
  SmallVector<int64_t> pos(rank, 0);
  for (int64_t k = 0; k < a.size(); ++k) {
    int64_t at = 0;
    for (int64_t d = 0; d < rank; ++d)
      at += (reduced[d] ? 0 : pos[d]) * outStrides[d];
    auto combine = [&](double acc, double v) {
      if (type == "ReduceProd")
        return acc * v;
      if (type == "ReduceSum")
        return acc + v;
      if (type == "ReduceMax")
        return std::max(acc, v);
      return std::min(acc, v);
    };
    // Integer products and sums wrap, as in the generated code.
    auto combineInts = [&](int64_t acc, int64_t v) {
      if (type == "ReduceProd")
        return wrappingMul(acc, v);
      if (type == "ReduceSum")
        return wrappingAdd(acc, v);
      if (type == "ReduceMax")
        return std::max(acc, v);
      return std::min(acc, v);
    };
    if (t.isFloat())
      t.floats[at] =
          seen[at] ? combine(t.floats[at], a.floats[k]) : a.floats[k];
    else
      t.ints[at] = seen[at] ? combineInts(t.ints[at], a.ints[k]) : a.ints[k];
    seen[at] = true;
    for (int64_t d = rank - 1; d >= 0; --d) {
      if (++pos[d] < a.shape[d])
        break;
      pos[d] = 0;
    }
  }
  // An empty reduction: the identity of the product or sum.
  for (int64_t k = 0; k < t.size(); ++k)
    if (!seen[k]) {
      if (t.isFloat())
        t.floats[k] = type == "ReduceProd";
      else
        t.ints[k] = type == "ReduceProd";
    }
  for (int64_t k = 0; k < t.size(); ++k) {
    if (t.isFloat())
      t.floats[k] = roundFloat(t.kind, t.floats[k]);
    else
      t.ints[k] = wrapInt(t.kind, t.ints[k]);
  }
  t.shape = shape;
  return e.done(std::move(t));
}

/// ArgMax / ArgMin: int64 indices along `axis`; NaN counts as the
/// extremum, as in numpy.
EvalStatus evalArgReduce(Eval &e, bool isMax) {
  const KnownTensor &a = *e.in[0];
  int64_t rank = a.shape.size();
  int64_t axis = normalizeAxis(e.attrs.i("axis", 0), rank);
  bool keepdims = e.attrs.i("keepdims", 1) != 0;
  bool last = e.attrs.i("select_last_index", 0) != 0;
  if (axis < 0 || axis >= rank)
    return e.invalid("axis out of range");
  if (a.shape[axis] == 0)
    return e.invalid("the axis is empty");
  if (a.kind == KnownKind::Bool)
    return e.invalid("a bool input is not allowed");
  SmallVector<int64_t> shape(a.shape);
  int64_t n = shape[axis];
  int64_t outer = numElements(ArrayRef<int64_t>(shape).take_front(axis));
  int64_t inner = numElements(ArrayRef<int64_t>(shape).drop_front(axis + 1));
  if (keepdims)
    shape[axis] = 1;
  else
    shape.erase(shape.begin() + axis);
  KnownTensor t = KnownTensor::make(KnownKind::I64, shape);
  // An empty input: no loop over dimensions that may multiply to 2^40.
  if (inner == 0)
    outer = 0;
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t j = 0; j < inner; ++j) {
      int64_t base = o * n * inner + j, best = 0;
      for (int64_t k = 1; k < n; ++k) {
        double x = a.asDouble(base + k * inner);
        double acc = a.asDouble(base + best * inner);
        bool take;
        if (a.isFloat() && std::isnan(acc))
          take = last && std::isnan(x);
        else if (a.isFloat() && std::isnan(x))
          take = true;
        else if (!a.isFloat()) {
          int64_t xi = a.ints[base + k * inner],
                  ai = a.ints[base + best * inner];
          take =
              isMax ? (last ? xi >= ai : xi > ai) : (last ? xi <= ai : xi < ai);
        } else
          take =
              isMax ? (last ? x >= acc : x > acc) : (last ? x <= acc : x < acc);
        if (take)
          best = k;
      }
      t.ints[o * inner + j] = best;
    }
  return e.done(std::move(t));
}

} // namespace onnx_import
} // namespace mcg
