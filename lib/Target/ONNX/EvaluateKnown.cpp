//===- EvaluateKnown.cpp - ONNX nodes evaluated at import -----------------===//
//
// Evaluates an ONNX node whose inputs are all known to the importer, as the
// ONNX operator definitions state: here elementwise arithmetic, comparisons
// and logic with numpy broadcasting, Where and Cast, and the dispatch; the
// shape and data movement ops real exports use on shapes are in
// EvaluateKnownShapes.cpp. Integers are computed exactly in int64 (int32
// results wrap as int32 would); floats in double, rounded once to f32 for
// f32 results, which for + - * / and sqrt is the correctly rounded f32
// result a runtime op computes. A node this file does not know, with an
// attribute it does not know or a result above kMaxKnownElements is left
// to the importer's runtime handlers (NotEvaluated).
//
//===----------------------------------------------------------------------===//

#include "EvaluateKnownImpl.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/Sequence.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/ADT/Twine.h"

#include <cmath>
#include <cstring>
#include <functional>
#include <map>

using namespace llvm;

namespace mcg {
namespace onnx_import {

//===----------------------------------------------------------------------===//
// Elementwise
//===----------------------------------------------------------------------===//

using FloatFn = std::function<double(double, double)>;
using IntFn = std::function<std::optional<int64_t>(int64_t, int64_t)>;

/// A binary elementwise op with broadcasting. `resultBool` ops (the
/// comparisons) compare in double when either operand is float.
static EvalStatus binary(Eval &e, const FloatFn &f, const IntFn &i,
                         bool resultBool = false) {
  const KnownTensor &a = *e.in[0], &b = *e.in[1];
  if (a.kind != b.kind)
    return e.invalid("operands of different element types");
  SmallVector<int64_t> shape;
  if (!broadcastShapes({a.shape, b.shape}, shape))
    return e.invalid("operand shapes do not broadcast");
  if (numElements(shape) > kMaxKnownElements)
    return EvalStatus::NotEvaluated;
  std::vector<int64_t> ia = broadcastIndex(a.shape, shape);
  std::vector<int64_t> ib = broadcastIndex(b.shape, shape);
  KnownTensor t =
      KnownTensor::make(resultBool ? KnownKind::Bool : a.kind, shape);
  for (size_t k = 0; k < ia.size(); ++k) {
    if (a.isFloat()) {
      double v = f(a.floats[ia[k]], b.floats[ib[k]]);
      if (resultBool)
        t.ints[k] = v != 0;
      else
        t.floats[k] = roundFloat(a.kind, v);
      continue;
    }
    if (!i)
      return EvalStatus::NotEvaluated;
    std::optional<int64_t> v = i(a.ints[ia[k]], b.ints[ib[k]]);
    if (!v)
      return e.invalid("integer division by zero");
    t.ints[k] = wrapInt(t.kind, *v);
  }
  return e.done(std::move(t));
}

static EvalStatus unary(Eval &e, double (*f)(double), int64_t (*i)(int64_t)) {
  const KnownTensor &a = *e.in[0];
  KnownTensor t = KnownTensor::make(a.kind, a.shape);
  for (int64_t k = 0; k < a.size(); ++k) {
    if (a.isFloat())
      t.floats[k] = roundFloat(a.kind, f(a.floats[k]));
    else if (i)
      t.ints[k] = wrapInt(a.kind, i(a.ints[k]));
    else
      return EvalStatus::NotEvaluated;
  }
  return e.done(std::move(t));
}

static EvalStatus evalElementwise(Eval &e, StringRef type) {
  // Integer arithmetic wraps in two's complement, as the generated code's
  // does (INT64_MIN negates to itself): wrapping* never overflow in C++.
  if (type == "Neg")
    return unary(
        e, [](double x) { return -x; },
        [](int64_t x) { return wrappingSub(0, x); });
  if (type == "Abs")
    return unary(
        e, [](double x) { return std::fabs(x); },
        [](int64_t x) { return x < 0 ? wrappingSub(0, x) : x; });
  if (type == "Sqrt")
    return unary(
        e, [](double x) { return std::sqrt(x); }, nullptr);
  if (type == "Floor")
    return unary(
        e, [](double x) { return std::floor(x); }, nullptr);
  if (type == "Ceil")
    return unary(
        e, [](double x) { return std::ceil(x); }, nullptr);
  if (type == "Not") {
    if (e.in[0]->kind != KnownKind::Bool)
      return e.invalid("Not needs a bool operand");
    return unary(e, nullptr, [](int64_t x) -> int64_t { return !x; });
  }
  if (type == "Add")
    return binary(
        e, [](double a, double b) { return a + b; },
        [](int64_t a, int64_t b) -> std::optional<int64_t> {
          return wrappingAdd(a, b);
        });
  if (type == "Sub")
    return binary(
        e, [](double a, double b) { return a - b; },
        [](int64_t a, int64_t b) -> std::optional<int64_t> {
          return wrappingSub(a, b);
        });
  if (type == "Mul")
    return binary(
        e, [](double a, double b) { return a * b; },
        [](int64_t a, int64_t b) -> std::optional<int64_t> {
          return wrappingMul(a, b);
        });
  // Integer Div truncates, as onnxruntime's does.
  if (type == "Div")
    return binary(
        e, [](double a, double b) { return a / b; },
        [](int64_t a, int64_t b) -> std::optional<int64_t> {
          if (b == 0)
            return std::nullopt;
          // INT64_MIN / -1 traps on x86; it wraps to INT64_MIN.
          if (b == -1)
            return wrappingSub(0, a);
          return a / b;
        });
  if (type == "Mod") {
    bool fmod = e.attrs.i("fmod", 0) != 0;
    if (e.in[0]->isFloat() && !fmod)
      return e.invalid("a float Mod needs fmod=1");
    return binary(
        e, [](double a, double b) { return std::fmod(a, b); },
        [fmod](int64_t a, int64_t b) -> std::optional<int64_t> {
          if (b == 0)
            return std::nullopt;
          if (b == -1) // INT64_MIN % -1 traps on x86.
            return 0;
          int64_t r = a % b;
          // fmod=0: the result takes the divisor's sign (Python's %).
          if (!fmod && r != 0 && ((r < 0) != (b < 0)))
            r += b;
          return r;
        });
  }
  if (type == "Max" || type == "Min") {
    bool max = type == "Max";
    if (e.in.size() != 2)
      return EvalStatus::NotEvaluated;
    return binary(
        e,
        [max](double a, double b) {
          if (std::isnan(a) || std::isnan(b))
            return std::nan("");
          return max ? std::max(a, b) : std::min(a, b);
        },
        [max](int64_t a, int64_t b) -> std::optional<int64_t> {
          return max ? std::max(a, b) : std::min(a, b);
        });
  }
  using Cmp = bool (*)(double, double);
  Cmp cmp =
      StringSwitch<Cmp>(type)
          .Case("Equal", [](double a, double b) { return a == b; })
          .Case("Less", [](double a, double b) { return a < b; })
          .Case("Greater", [](double a, double b) { return a > b; })
          .Case("LessOrEqual", [](double a, double b) { return a <= b; })
          .Case("GreaterOrEqual", [](double a, double b) { return a >= b; })
          .Default(nullptr);
  if (cmp) {
    // Integers compare exactly (int64 values need not fit a double).
    std::string t = type.str();
    return binary(
        e, [cmp](double a, double b) -> double { return cmp(a, b); },
        [t](int64_t a, int64_t b) -> std::optional<int64_t> {
          if (t == "Equal")
            return a == b;
          if (t == "Less")
            return a < b;
          if (t == "Greater")
            return a > b;
          if (t == "LessOrEqual")
            return a <= b;
          return a >= b;
        },
        /*resultBool=*/true);
  }
  if (type == "And" || type == "Or" || type == "Xor") {
    if (e.in[0]->kind != KnownKind::Bool || e.in[1]->kind != KnownKind::Bool)
      return e.invalid(Twine(type) + " needs bool operands");
    std::string t = type.str();
    return binary(e, nullptr,
                  [t](int64_t a, int64_t b) -> std::optional<int64_t> {
                    if (t == "And")
                      return a && b;
                    if (t == "Or")
                      return a || b;
                    return a != b;
                  });
  }
  return EvalStatus::NotEvaluated;
}

static EvalStatus evalWhere(Eval &e) {
  const KnownTensor &c = *e.in[0], &x = *e.in[1], &y = *e.in[2];
  if (c.kind != KnownKind::Bool || x.kind != y.kind)
    return e.invalid("Where needs a bool condition and two values of one "
                     "element type");
  SmallVector<int64_t> shape;
  if (!broadcastShapes({c.shape, x.shape, y.shape}, shape))
    return e.invalid("operand shapes do not broadcast");
  if (numElements(shape) > kMaxKnownElements)
    return EvalStatus::NotEvaluated;
  std::vector<int64_t> ic = broadcastIndex(c.shape, shape);
  std::vector<int64_t> ix = broadcastIndex(x.shape, shape);
  std::vector<int64_t> iy = broadcastIndex(y.shape, shape);
  KnownTensor t = KnownTensor::make(x.kind, shape);
  for (size_t k = 0; k < ic.size(); ++k) {
    bool pick = c.ints[ic[k]] != 0;
    if (t.isFloat())
      t.floats[k] = pick ? x.floats[ix[k]] : y.floats[iy[k]];
    else
      t.ints[k] = pick ? x.ints[ix[k]] : y.ints[iy[k]];
  }
  return e.done(std::move(t));
}

static KnownTensor castTo(const KnownTensor &a, KnownKind kind) {
  KnownTensor t = KnownTensor::make(kind, a.shape);
  for (int64_t k = 0; k < a.size(); ++k) {
    if (t.isFloat())
      t.floats[k] = roundFloat(kind, a.asDouble(k));
    else if (kind == KnownKind::Bool)
      t.ints[k] = a.asDouble(k) != 0;
    else if (a.isFloat())
      t.ints[k] = wrapInt(kind, static_cast<int64_t>(std::trunc(a.floats[k])));
    else
      t.ints[k] = wrapInt(kind, a.ints[k]);
  }
  return t;
}

static EvalStatus evalCast(Eval &e) {
  const onnx::AttributeProto *to = e.attrs.take("to");
  if (!to)
    return e.invalid("a Cast without 'to'");
  std::optional<KnownKind> kind = knownKind(static_cast<int32_t>(to->i()));
  if (!kind)
    return EvalStatus::NotEvaluated;
  // Float to int of a value out of range is undefined in ONNX; leave it.
  const KnownTensor &a = *e.in[0];
  if (a.isFloat() && *kind != KnownKind::Bool &&
      (*kind == KnownKind::I64 || *kind == KnownKind::I32))
    for (double v : a.floats)
      if (!std::isfinite(v) || std::fabs(v) >= 9.2e18)
        return EvalStatus::NotEvaluated;
  return e.done(castTo(a, *kind));
}

//===----------------------------------------------------------------------===//
// Dispatch
//===----------------------------------------------------------------------===//

EvalStatus evaluateNode(const onnx::NodeProto &node, int64_t opset,
                        ArrayRef<const KnownTensor *> inputs,
                        SmallVectorImpl<KnownTensor> &outputs,
                        std::string &message) {
  Eval e{node, opset, inputs, outputs, message, NodeAttrs(node)};
  StringRef type = node.op_type();
  // Arity: the inputs each op needs present.
  static const StringMap<unsigned> required = {{"Identity", 1},
                                               {"Neg", 1},
                                               {"Abs", 1},
                                               {"Sqrt", 1},
                                               {"Floor", 1},
                                               {"Ceil", 1},
                                               {"Not", 1},
                                               {"Add", 2},
                                               {"Sub", 2},
                                               {"Mul", 2},
                                               {"Div", 2},
                                               {"Mod", 2},
                                               {"Max", 2},
                                               {"Min", 2},
                                               {"Equal", 2},
                                               {"Less", 2},
                                               {"Greater", 2},
                                               {"LessOrEqual", 2},
                                               {"GreaterOrEqual", 2},
                                               {"And", 2},
                                               {"Or", 2},
                                               {"Xor", 2},
                                               {"Where", 3},
                                               {"Cast", 1},
                                               {"Reshape", 2},
                                               {"Squeeze", 1},
                                               {"Unsqueeze", 1},
                                               {"Flatten", 1},
                                               {"Transpose", 1},
                                               {"Concat", 1},
                                               {"Gather", 2},
                                               {"Slice", 1},
                                               {"Expand", 2},
                                               {"Tile", 2},
                                               {"Range", 3},
                                               {"ConstantOfShape", 1},
                                               {"ScatterND", 3},
                                               {"ReduceProd", 1},
                                               {"ReduceSum", 1},
                                               {"ReduceMax", 1},
                                               {"ReduceMin", 1},
                                               {"ArgMax", 1},
                                               {"ArgMin", 1},
                                               {"Shape", 1},
                                               {"Size", 1}};
  auto it = required.find(type);
  if (it == required.end() || node.output_size() != 1)
    return EvalStatus::NotEvaluated;
  for (unsigned i = 0; i < it->second; ++i)
    if (!e.has(i))
      return EvalStatus::NotEvaluated;
  for (const KnownTensor *t : inputs)
    if (t && t->size() > kMaxKnownElements)
      return EvalStatus::NotEvaluated;

  EvalStatus status;
  if (type == "Shape" || type == "Size") {
    status = evalShape(e);
  } else if (type == "Identity")
    status = e.done(*inputs[0]);
  else if (type == "Where")
    status = evalWhere(e);
  else if (type == "Cast")
    status = evalCast(e);
  else if (type == "Reshape")
    status = evalReshape(e);
  else if (type == "Squeeze" || type == "Unsqueeze")
    status = evalSqueeze(e, type == "Squeeze");
  else if (type == "Flatten")
    status = evalFlatten(e);
  else if (type == "Transpose")
    status = evalTranspose(e);
  else if (type == "Concat")
    status = evalConcat(e);
  else if (type == "Gather")
    status = evalGather(e);
  else if (type == "Slice")
    status = evalSlice(e);
  else if (type == "Expand")
    status = evalExpand(e);
  else if (type == "Tile")
    status = evalTile(e);
  else if (type == "Range")
    status = evalRange(e);
  else if (type == "ConstantOfShape")
    status = evalConstantOfShape(e);
  else if (type == "ScatterND")
    status = evalScatterND(e);
  else if (type == "ArgMax" || type == "ArgMin")
    status = evalArgReduce(e, type == "ArgMax");
  else if (type.starts_with("Reduce"))
    status = evalReduce(e, type);
  else
    status = evalElementwise(e, type);
  // An attribute nobody read: leave the node to the handlers, which
  // diagnose it.
  if (status == EvalStatus::Evaluated && e.attrs.leftover()) {
    outputs.clear();
    return EvalStatus::NotEvaluated;
  }
  return status;
}

} // namespace onnx_import
} // namespace mcg
