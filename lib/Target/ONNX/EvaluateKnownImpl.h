//===- EvaluateKnownImpl.h - helpers of the import-time evaluator -*- C++
//-*-===//
//
// Shared by EvaluateKnown.cpp (elementwise ops, dispatch) and
// EvaluateKnownShapes.cpp (shape and data movement ops): the node being
// evaluated and the broadcasting and indexing helpers. Private to
// lib/Target/ONNX.
//
//===----------------------------------------------------------------------===//

#ifndef MCG_LIB_TARGET_ONNX_EVALUATEKNOWNIMPL_H
#define MCG_LIB_TARGET_ONNX_EVALUATEKNOWNIMPL_H

#include "KnownTensor.h"
#include "NodeAttrs.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/CheckedArithmetic.h"

#include <limits>

#include <map>

namespace mcg {
namespace onnx_import {

using llvm::ArrayRef;
using llvm::SmallVector;
using llvm::SmallVectorImpl;
using llvm::StringRef;
using llvm::Twine;

/// The element count of `shape`, INT64_MAX when a dimension is negative or
/// the count overflows (so that "> kMaxKnownElements" rejects it).
inline int64_t numElements(ArrayRef<int64_t> shape) {
  int64_t n = 1;
  for (int64_t d : shape) {
    if (d < 0)
      return std::numeric_limits<int64_t>::max();
    n = llvm::checkedMul(n, d).value_or(std::numeric_limits<int64_t>::max());
  }
  return n;
}

/// Two's complement arithmetic on int64 (ONNX integer ops wrap).
inline int64_t wrappingAdd(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) +
                              static_cast<uint64_t>(b));
}
inline int64_t wrappingSub(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) -
                              static_cast<uint64_t>(b));
}
inline int64_t wrappingMul(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) *
                              static_cast<uint64_t>(b));
}

/// One node being evaluated: its inputs, outputs and the attributes not yet
/// read. A step returns Invalid with a message, or NotEvaluated.
struct Eval {
  const onnx::NodeProto &node;
  int64_t opset;
  ArrayRef<const KnownTensor *> in;
  SmallVectorImpl<KnownTensor> &out;
  std::string &message;
  NodeAttrs attrs;

  EvalStatus invalid(const Twine &why) {
    message = why.str();
    return EvalStatus::Invalid;
  }
  bool has(unsigned i) const { return i < in.size() && in[i]; }
  /// Integer list from input `i` (from `sinceOpset`) or attribute `attr`.
  std::optional<SmallVector<int64_t>>
  intsInputOrAttr(int64_t sinceOpset, unsigned i, const std::string &attr) {
    if (opset < sinceOpset)
      return attrs.ints(attr);
    if (!has(i))
      return std::nullopt;
    SmallVector<int64_t> v;
    for (int64_t k = 0; k < in[i]->size(); ++k)
      v.push_back(in[i]->asInt(k));
    return v;
  }
  EvalStatus done(KnownTensor t) {
    out.push_back(std::move(t));
    return EvalStatus::Evaluated;
  }
};

inline SmallVector<int64_t> stridesOf(ArrayRef<int64_t> shape) {
  SmallVector<int64_t> s(shape.size(), 1);
  for (int64_t d = static_cast<int64_t>(shape.size()) - 2; d >= 0; --d)
    s[d] = s[d + 1] * shape[d + 1];
  return s;
}

/// Numpy broadcasting of `shapes`; false if they do not broadcast.
inline bool broadcastShapes(ArrayRef<ArrayRef<int64_t>> shapes,
                            SmallVectorImpl<int64_t> &result) {
  size_t rank = 0;
  for (ArrayRef<int64_t> s : shapes)
    rank = std::max(rank, s.size());
  result.assign(rank, 1);
  for (ArrayRef<int64_t> s : shapes) {
    size_t off = rank - s.size();
    for (size_t d = 0; d < s.size(); ++d) {
      int64_t &r = result[off + d];
      if (s[d] == r || s[d] == 1)
        continue;
      if (r != 1)
        return false;
      r = s[d];
    }
  }
  return true;
}

/// The linear indices `base + sum_d pos[d] * strides[d]` for every position
/// `pos` of `shape`, in row-major order.
inline std::vector<int64_t> strided(ArrayRef<int64_t> shape, int64_t base,
                                    ArrayRef<int64_t> strides) {
  int64_t rank = shape.size(), count = numElements(shape);
  std::vector<int64_t> index(count);
  SmallVector<int64_t> pos(rank, 0);
  int64_t at = base;
  for (int64_t i = 0; i < count; ++i) {
    index[i] = at;
    for (int64_t d = rank - 1; d >= 0; --d) {
      at += strides[d];
      if (++pos[d] < shape[d])
        break;
      at -= strides[d] * shape[d];
      pos[d] = 0;
    }
  }
  return index;
}

/// For each element of `outShape`, the linear index of the element of a
/// tensor of `shape` that broadcasts to it.
inline std::vector<int64_t> broadcastIndex(ArrayRef<int64_t> shape,
                                           ArrayRef<int64_t> outShape) {
  size_t rank = outShape.size(), off = rank - shape.size();
  SmallVector<int64_t> inStrides = stridesOf(shape);
  SmallVector<int64_t> strides(rank, 0);
  for (size_t d = 0; d < shape.size(); ++d)
    strides[off + d] = shape[d] == 1 ? 0 : inStrides[d];
  return strided(outShape, 0, strides);
}

/// `in`'s elements at `index` (one per element of `shape`).
inline KnownTensor takeElements(const KnownTensor &in, ArrayRef<int64_t> shape,
                                ArrayRef<int64_t> index) {
  KnownTensor t = KnownTensor::make(in.kind, shape);
  for (size_t i = 0; i < index.size(); ++i) {
    if (t.isFloat())
      t.floats[i] = in.floats[index[i]];
    else
      t.ints[i] = in.ints[index[i]];
  }
  return t;
}

/// Rounds a computed value to the element type of `kind`.
inline double roundFloat(KnownKind kind, double v) {
  return kind == KnownKind::F32 ? static_cast<double>(static_cast<float>(v))
                                : v;
}
inline int64_t wrapInt(KnownKind kind, int64_t v) {
  if (kind == KnownKind::I32)
    return static_cast<int32_t>(static_cast<uint32_t>(v));
  if (kind == KnownKind::Bool)
    return v != 0;
  return v;
}

inline int64_t normalizeAxis(int64_t axis, int64_t rank) {
  return axis < 0 ? axis + rank : axis;
}

// EvaluateKnownShapes.cpp
EvalStatus evalReshape(Eval &e);
EvalStatus evalSqueeze(Eval &e, bool squeeze);
EvalStatus evalFlatten(Eval &e);
EvalStatus evalTranspose(Eval &e);
EvalStatus evalConcat(Eval &e);
EvalStatus evalGather(Eval &e);
EvalStatus evalSlice(Eval &e);
EvalStatus evalExpand(Eval &e);
EvalStatus evalTile(Eval &e);
EvalStatus evalRange(Eval &e);
EvalStatus evalConstantOfShape(Eval &e);
EvalStatus evalScatterND(Eval &e);
EvalStatus evalReduce(Eval &e, StringRef type);
EvalStatus evalArgReduce(Eval &e, bool isMax);
EvalStatus evalShape(Eval &e);

} // namespace onnx_import
} // namespace mcg

#endif // MCG_LIB_TARGET_ONNX_EVALUATEKNOWNIMPL_H
