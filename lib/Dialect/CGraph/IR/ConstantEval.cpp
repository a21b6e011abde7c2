//===- ConstantEval.cpp - evaluate cgraph ops on constants ----------------===//
//
// Reference semantics of the cgraph ops that constant folding evaluates:
// elementwise ops with broadcasting, casts, data movement, reductions,
// matmul and gemm. Values are computed in double and rounded once to the
// result's element type, which for f32 add/sub/mul/div/sqrt gives the
// correctly rounded f32 result.
//
//===----------------------------------------------------------------------===//

#include "mcg/Dialect/CGraph/IR/ConstantEval.h"
#include "mcg/Dialect/CGraph/IR/CGraph.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "llvm/ADT/TypeSwitch.h"

#include <cmath>
#include <cstring>

using namespace mlir;
using namespace mcg::cgraph;

//===----------------------------------------------------------------------===//
// Reading and building constants
//===----------------------------------------------------------------------===//

/// The largest integer magnitude below which every integer is a double.
static constexpr double kMaxExactInteger = 9007199254740992.0; // 2^53

int64_t mcg::cgraph::constantBytes(ShapedType type) {
  if (!type.hasStaticShape())
    return 0;
  return type.getNumElements() * ((type.getElementTypeBitWidth() + 7) / 8);
}

/// Decodes `count` elements of `elem` from little-endian raw bytes.
static LogicalResult decodeRaw(ArrayRef<char> raw, Type elem, int64_t count,
                               std::vector<double> &out, std::string &whyNot) {
  unsigned bits = elem.getIntOrFloatBitWidth();
  size_t bytes = (bits + 7) / 8;
  if (raw.size() != bytes * count) {
    whyNot = "its dense_resource blob has " + std::to_string(raw.size()) +
             " bytes, not " + std::to_string(bytes * count);
    return failure();
  }
  out.reserve(count);
  for (int64_t i = 0; i < count; ++i) {
    const char *p = raw.data() + i * bytes;
    uint64_t word = 0;
    std::memcpy(&word, p, bytes);
    if (auto ft = dyn_cast<FloatType>(elem)) {
      APFloat v(ft.getFloatSemantics(), APInt(bits, word));
      bool lost;
      v.convert(APFloat::IEEEdouble(), APFloat::rmNearestTiesToEven, &lost);
      out.push_back(v.convertToDouble());
    } else {
      out.push_back(static_cast<double>(
          bits == 1 ? (word & 1) : APInt(bits, word).getSExtValue()));
    }
  }
  return success();
}

FailureOr<ConstTensor> mcg::cgraph::readConstant(ElementsAttr attr,
                                                 std::string &whyNot) {
  auto type = cast<ShapedType>(attr.getType());
  if (!type.hasStaticShape()) {
    whyNot = "its shape is dynamic";
    return failure();
  }
  Type elem = type.getElementType();
  if (!elem.isIntOrFloat() || elem.getIntOrFloatBitWidth() > 64) {
    whyNot = "its element type is not a float or integer of at most 64 bits";
    return failure();
  }
  ConstTensor t;
  t.shape.assign(type.getShape().begin(), type.getShape().end());
  int64_t count = type.getNumElements();
  // A splat's elements exist only when read: a tiny literal can stand for
  // terabytes.
  if (isa<DenseElementsAttr>(attr) && cast<DenseElementsAttr>(attr).isSplat() &&
      count > kMaxSplatElements) {
    whyNot = "it is a splat of " + std::to_string(count) +
             " elements, more than the " + std::to_string(kMaxSplatElements) +
             " the evaluator expands";
    return failure();
  }
  if (auto dense = dyn_cast<DenseElementsAttr>(attr)) {
    t.data.reserve(count);
    if (isa<FloatType>(elem)) {
      for (APFloat v : dense.getValues<APFloat>()) {
        bool lost;
        v.convert(APFloat::IEEEdouble(), APFloat::rmNearestTiesToEven, &lost);
        t.data.push_back(v.convertToDouble());
      }
    } else {
      bool isBool = elem.isInteger(1);
      for (const APInt &v : dense.getValues<APInt>())
        t.data.push_back(
            static_cast<double>(isBool ? v.getZExtValue() : v.getSExtValue()));
    }
    return t;
  }
  if (auto res = dyn_cast<DenseResourceElementsAttr>(attr)) {
    AsmResourceBlob *blob = res.getRawHandle().getBlob();
    if (!blob) {
      whyNot = "its dense_resource blob is not loaded";
      return failure();
    }
    if (failed(decodeRaw(blob->getData(), elem, count, t.data, whyNot)))
      return failure();
    return t;
  }
  whyNot = "it is neither a dense literal nor a dense_resource blob";
  return failure();
}

ArrayRef<char> mcg::cgraph::rawElementBytes(ElementsAttr attr) {
  if (auto dense = dyn_cast<DenseElementsAttr>(attr))
    return dense.isSplat() ? ArrayRef<char>() : dense.getRawData();
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(attr))
    if (AsmResourceBlob *blob = resource.getRawHandle().getBlob())
      return blob->getData();
  return {};
}

/// Rounds `v` to an APInt of `width` bits (i1: non-zero is true).
static APInt toAPInt(double v, unsigned width) {
  if (width == 1)
    return APInt(1, v != 0.0);
  return APInt(width, static_cast<uint64_t>(static_cast<int64_t>(v)),
               /*isSigned=*/true, /*implicitTrunc=*/true);
}

static APFloat toAPFloat(double v, FloatType ft) {
  APFloat f(v);
  bool lost;
  f.convert(ft.getFloatSemantics(), APFloat::rmNearestTiesToEven, &lost);
  return f;
}

ElementsAttr mcg::cgraph::buildConstant(ShapedType type,
                                        const ConstTensor &value,
                                        StringRef nameHint,
                                        int64_t resourceThreshold) {
  Type elem = type.getElementType();
  auto ft = dyn_cast<FloatType>(elem);
  unsigned bits = elem.getIntOrFloatBitWidth();
  bool splat = !value.data.empty() && llvm::all_of(value.data, [&](double v) {
    return v == value.data.front() &&
           std::signbit(v) == std::signbit(value.data.front());
  });
  if (splat) {
    if (ft)
      return DenseElementsAttr::get(type, toAPFloat(value.data.front(), ft));
    return DenseElementsAttr::get(type, toAPInt(value.data.front(), bits));
  }
  if (value.size() > resourceThreshold && bits % 8 == 0) {
    // Large results become a blob, like the weights they usually are.
    size_t bytes = bits / 8;
    std::vector<char> raw(value.size() * bytes);
    for (int64_t i = 0; i < value.size(); ++i) {
      uint64_t word =
          ft ? toAPFloat(value.data[i], ft).bitcastToAPInt().getZExtValue()
             : toAPInt(value.data[i], bits).getZExtValue();
      std::memcpy(raw.data() + i * bytes, &word, bytes);
    }
    AsmResourceBlob blob =
        HeapAsmResourceBlob::allocateAndCopyWithAlign(raw, alignof(uint64_t));
    return DenseResourceElementsAttr::get(type, nameHint, std::move(blob));
  }
  if (ft) {
    SmallVector<APFloat> values;
    values.reserve(value.size());
    for (double v : value.data)
      values.push_back(toAPFloat(v, ft));
    return DenseElementsAttr::get(type, values);
  }
  SmallVector<APInt> values;
  values.reserve(value.size());
  for (double v : value.data)
    values.push_back(toAPInt(v, bits));
  return DenseElementsAttr::get(type, values);
}

//===----------------------------------------------------------------------===//
// Index helpers
//===----------------------------------------------------------------------===//

static SmallVector<int64_t> stridesOf(ArrayRef<int64_t> shape) {
  SmallVector<int64_t> strides(shape.size(), 1);
  for (int64_t i = static_cast<int64_t>(shape.size()) - 2; i >= 0; --i)
    strides[i] = strides[i + 1] * shape[i + 1];
  return strides;
}

/// Strides for reading a tensor of `shape` at the indices of a broadcast
/// result of shape `out` (0 along broadcast dimensions).
static SmallVector<int64_t> broadcastStrides(ArrayRef<int64_t> shape,
                                             ArrayRef<int64_t> out) {
  SmallVector<int64_t> own = stridesOf(shape);
  SmallVector<int64_t> result(out.size(), 0);
  size_t offset = out.size() - shape.size();
  for (size_t i = 0; i < shape.size(); ++i)
    result[offset + i] = shape[i] == 1 ? 0 : own[i];
  return result;
}

/// Calls `fn(index)` for every index of `shape` in row-major order.
template <typename Fn>
static void forEachIndex(ArrayRef<int64_t> shape, Fn fn) {
  for (int64_t d : shape)
    if (d == 0)
      return;
  SmallVector<int64_t> idx(shape.size(), 0);
  while (true) {
    fn(ArrayRef<int64_t>(idx));
    int64_t d = static_cast<int64_t>(shape.size()) - 1;
    for (; d >= 0; --d) {
      if (++idx[d] < shape[d])
        break;
      idx[d] = 0;
    }
    if (d < 0)
      return;
  }
}

static int64_t dot(ArrayRef<int64_t> a, ArrayRef<int64_t> b) {
  int64_t s = 0;
  for (size_t i = 0; i < a.size(); ++i)
    s += a[i] * b[i];
  return s;
}

static int64_t normalizedAxis(int64_t axis, int64_t rank) {
  return axis < 0 ? axis + rank : axis;
}

//===----------------------------------------------------------------------===//
// Op semantics
//===----------------------------------------------------------------------===//

namespace {
struct Evaluator {
  Operation *op;
  ArrayRef<ConstTensor> in;
  ConstTensor out;
  std::string &whyNot;
  bool isInt;

  Evaluator(Operation *op, ArrayRef<ConstTensor> in, std::string &whyNot)
      : op(op), in(in), whyNot(whyNot) {
    auto type = cast<ShapedType>(op->getResult(0).getType());
    out.shape.assign(type.getShape().begin(), type.getShape().end());
    out.data.assign(type.getNumElements(), 0.0);
    isInt = isa<IntegerType>(type.getElementType());
  }

  template <typename Fn> void binary(Fn fn) {
    SmallVector<int64_t> sa = broadcastStrides(in[0].shape, out.shape);
    SmallVector<int64_t> sb = broadcastStrides(in[1].shape, out.shape);
    int64_t i = 0;
    forEachIndex(out.shape, [&](ArrayRef<int64_t> idx) {
      out.data[i++] = fn(in[0].data[dot(idx, sa)], in[1].data[dot(idx, sb)]);
    });
  }

  template <typename Fn> void unary(Fn fn) {
    for (int64_t i = 0; i < out.size(); ++i)
      out.data[i] = fn(in[0].data[i]);
  }

  void transpose(ArrayRef<int64_t> perm) {
    SmallVector<int64_t> inStrides = stridesOf(in[0].shape);
    SmallVector<int64_t> strides(perm.size());
    for (size_t i = 0; i < perm.size(); ++i)
      strides[i] = inStrides[perm[i]];
    int64_t i = 0;
    forEachIndex(out.shape, [&](ArrayRef<int64_t> idx) {
      out.data[i++] = in[0].data[dot(idx, strides)];
    });
  }

  void slice(ArrayRef<int64_t> starts, ArrayRef<int64_t> steps) {
    SmallVector<int64_t> inStrides = stridesOf(in[0].shape);
    int64_t i = 0;
    forEachIndex(out.shape, [&](ArrayRef<int64_t> idx) {
      int64_t src = 0;
      for (size_t d = 0; d < idx.size(); ++d)
        src += (starts[d] + idx[d] * steps[d]) * inStrides[d];
      out.data[i++] = in[0].data[src];
    });
  }

  void concat(int64_t axis) {
    SmallVector<int64_t> outStrides = stridesOf(out.shape);
    int64_t offset = 0;
    for (const ConstTensor &t : in) {
      int64_t j = 0;
      forEachIndex(t.shape, [&](ArrayRef<int64_t> idx) {
        SmallVector<int64_t> o(idx);
        o[axis] += offset;
        out.data[dot(o, outStrides)] = t.data[j++];
      });
      offset += t.shape[axis];
    }
  }

  void pad(ArrayRef<int64_t> pads, PadMode mode, double value) {
    size_t rank = out.shape.size();
    SmallVector<int64_t> inStrides = stridesOf(in[0].shape);
    int64_t i = 0;
    forEachIndex(out.shape, [&](ArrayRef<int64_t> idx) {
      int64_t src = 0;
      bool outside = false;
      for (size_t d = 0; d < rank; ++d) {
        int64_t n = in[0].shape[d];
        int64_t x = idx[d] - pads[d];
        if (x < 0 || x >= n) {
          if (mode == PadMode::constant) {
            outside = true;
            break;
          }
          if (mode == PadMode::edge)
            x = x < 0 ? 0 : n - 1;
          else // reflect, without repeating the edge
            x = x < 0 ? -x : 2 * (n - 1) - x;
        }
        src += x * inStrides[d];
      }
      out.data[i++] = outside ? value : in[0].data[src];
    });
  }

  LogicalResult gather(int64_t axis) {
    const ConstTensor &data = in[0], &indices = in[1];
    int64_t n = data.shape[axis];
    int64_t outer = 1, inner = 1;
    for (int64_t d = 0; d < axis; ++d)
      outer *= data.shape[d];
    for (size_t d = axis + 1; d < data.shape.size(); ++d)
      inner *= data.shape[d];
    int64_t i = 0;
    for (int64_t o = 0; o < outer; ++o)
      for (double raw : indices.data) {
        // Checked in double: raw may be outside int64 (the verifier only
        // sees dense literals).
        if (!(raw >= -static_cast<double>(n) && raw < static_cast<double>(n))) {
          whyNot = "gather index " + std::to_string(raw) +
                   " is out of range for a dimension of " + std::to_string(n);
          return failure();
        }
        int64_t k = static_cast<int64_t>(raw);
        if (k < 0)
          k += n;
        for (int64_t j = 0; j < inner; ++j)
          out.data[i++] = data.data[(o * n + k) * inner + j];
      }
    return success();
  }

  template <typename Fn>
  void reduce(ArrayRef<int64_t> axes, double init, Fn combine, bool mean) {
    size_t rank = in[0].shape.size();
    SmallVector<bool> reduced(rank, axes.empty());
    for (int64_t a : axes)
      reduced[normalizedAxis(a, rank)] = true;
    // Strides into the output, as if reduced dimensions were kept as 1.
    SmallVector<int64_t> keptShape;
    for (size_t d = 0; d < rank; ++d)
      keptShape.push_back(reduced[d] ? 1 : in[0].shape[d]);
    SmallVector<int64_t> keptStrides = stridesOf(keptShape);
    for (size_t d = 0; d < rank; ++d)
      if (reduced[d])
        keptStrides[d] = 0;
    std::fill(out.data.begin(), out.data.end(), init);
    int64_t i = 0;
    forEachIndex(in[0].shape, [&](ArrayRef<int64_t> idx) {
      double &acc = out.data[dot(idx, keptStrides)];
      acc = combine(acc, in[0].data[i++]);
    });
    if (mean && out.size()) {
      double count = static_cast<double>(in[0].size()) / out.size();
      for (double &v : out.data)
        v /= count;
    }
  }

  /// argmax / argmin along `axis`; NaN counts as the extremum (numpy).
  void argReduce(int64_t axis, bool isMax, bool lastIndex) {
    ArrayRef<int64_t> shape = in[0].shape;
    int64_t n = shape[axis], outer = 1, inner = 1;
    for (int64_t d = 0; d < axis; ++d)
      outer *= shape[d];
    for (size_t d = axis + 1; d < shape.size(); ++d)
      inner *= shape[d];
    for (int64_t o = 0; o < outer; ++o)
      for (int64_t j = 0; j < inner; ++j) {
        const double *row = in[0].data.data() + o * n * inner + j;
        int64_t best = 0;
        for (int64_t k = 1; k < n; ++k) {
          double x = row[k * inner], acc = row[best * inner];
          bool take;
          if (std::isnan(acc))
            take = lastIndex && std::isnan(x);
          else if (std::isnan(x))
            take = true;
          else
            take = isMax ? (lastIndex ? x >= acc : x > acc)
                         : (lastIndex ? x <= acc : x < acc);
          if (take)
            best = k;
        }
        out.data[o * inner + j] = static_cast<double>(best);
      }
  }

  void matmul() {
    const ConstTensor &a = in[0], &b = in[1];
    size_t rank = out.shape.size();
    int64_t m = out.shape[rank - 2], n = out.shape[rank - 1];
    int64_t k = a.shape.back();
    ArrayRef<int64_t> batch = ArrayRef<int64_t>(out.shape).drop_back(2);
    SmallVector<int64_t> sa =
        broadcastStrides(ArrayRef<int64_t>(a.shape).drop_back(2), batch);
    SmallVector<int64_t> sb =
        broadcastStrides(ArrayRef<int64_t>(b.shape).drop_back(2), batch);
    int64_t i = 0;
    auto body = [&](ArrayRef<int64_t> idx) {
      const double *pa = a.data.data() + dot(idx, sa) * m * k;
      const double *pb = b.data.data() + dot(idx, sb) * k * n;
      for (int64_t r = 0; r < m; ++r)
        for (int64_t c = 0; c < n; ++c) {
          double s = 0;
          for (int64_t t = 0; t < k; ++t)
            s += pa[r * k + t] * pb[t * n + c];
          out.data[i++] = s;
        }
    };
    if (batch.empty())
      body({});
    else
      forEachIndex(batch, body);
  }

  void gemm(GemmOp g) {
    const ConstTensor &a = in[0], &b = in[1];
    int64_t m = out.shape[0], n = out.shape[1];
    int64_t k = g.getTransA() ? a.shape[0] : a.shape[1];
    double alpha = g.getAlpha().convertToDouble();
    double beta = g.getBeta().convertToDouble();
    SmallVector<int64_t> sc;
    if (in.size() > 2)
      sc = broadcastStrides(in[2].shape, out.shape);
    for (int64_t r = 0; r < m; ++r)
      for (int64_t c = 0; c < n; ++c) {
        double s = 0;
        for (int64_t t = 0; t < k; ++t) {
          double x = g.getTransA() ? a.data[t * m + r] : a.data[r * k + t];
          double y = g.getTransB() ? b.data[c * k + t] : b.data[t * n + c];
          s += x * y;
        }
        s *= alpha;
        if (in.size() > 2)
          s += beta * in[2].data[r * sc[0] + c * sc[1]];
        out.data[r * n + c] = s;
      }
  }

  LogicalResult run();
};
} // namespace

static double gelu(double x, GeluApproximation approx) {
  if (approx == GeluApproximation::tanh)
    return 0.5 * x *
           (1.0 +
            std::tanh(std::sqrt(2.0 / M_PI) * (x + 0.044715 * x * x * x)));
  return 0.5 * x * (1.0 + std::erf(x / std::sqrt(2.0)));
}

LogicalResult Evaluator::run() {
  bool integer = isInt;
  auto divide = [integer](double x, double y) {
    return integer ? (y == 0 ? 0 : std::trunc(x / y)) : x / y;
  };
  return llvm::TypeSwitch<Operation *, LogicalResult>(op)
      .Case([&](AddOp) {
        return binary([](double x, double y) { return x + y; }), success();
      })
      .Case([&](SubOp) {
        return binary([](double x, double y) { return x - y; }), success();
      })
      .Case([&](MulOp) {
        return binary([](double x, double y) { return x * y; }), success();
      })
      .Case([&](DivOp) {
        if (integer && llvm::is_contained(in[1].data, 0.0)) {
          whyNot = "it divides by an integer zero";
          return failure();
        }
        return binary(divide), success();
      })
      .Case([&](MaxOp) {
        return binary([](double x, double y) {
                 return std::isnan(x) || std::isnan(y) ? NAN : std::max(x, y);
               }),
               success();
      })
      .Case([&](MinOp) {
        return binary([](double x, double y) {
                 return std::isnan(x) || std::isnan(y) ? NAN : std::min(x, y);
               }),
               success();
      })
      .Case([&](PowOp) {
        return binary([](double x, double y) { return std::pow(x, y); }),
               success();
      })
      .Case(
          [&](NegOp) { return unary([](double x) { return -x; }), success(); })
      .Case([&](AbsOp) {
        return unary([](double x) { return std::fabs(x); }), success();
      })
      .Case([&](ExpOp) {
        return unary([](double x) { return std::exp(x); }), success();
      })
      .Case([&](LogOp) {
        return unary([](double x) { return std::log(x); }), success();
      })
      .Case([&](SqrtOp) {
        return unary([](double x) { return std::sqrt(x); }), success();
      })
      .Case([&](RsqrtOp) {
        return unary([](double x) { return 1.0 / std::sqrt(x); }), success();
      })
      .Case([&](TanhOp) {
        return unary([](double x) { return std::tanh(x); }), success();
      })
      .Case([&](SigmoidOp) {
        return unary([](double x) { return 1.0 / (1.0 + std::exp(-x)); }),
               success();
      })
      .Case([&](ReluOp) {
        return unary([](double x) {
                 return x > 0 ? x : (std::isnan(x) ? x : 0.0);
               }),
               success();
      })
      .Case([&](ErfOp) {
        return unary([](double x) { return std::erf(x); }), success();
      })
      .Case([&](GeluOp g) {
        GeluApproximation approx = g.getApproximation();
        return unary([approx](double x) { return gelu(x, approx); }), success();
      })
      .Case([&](ClipOp c) {
        double lo = c.getMin().convertToDouble(),
               hi = c.getMax().convertToDouble();
        return unary([lo, hi](double x) {
                 return std::isnan(x) ? x : std::min(std::max(x, lo), hi);
               }),
               success();
      })
      .Case([&](LeakyReluOp l) {
        double alpha = l.getAlpha().convertToDouble();
        return unary([alpha](double x) { return x >= 0 ? x : alpha * x; }),
               success();
      })
      .Case([&](CastOp c) {
        // To bool: nonzero (NaN too), as numpy and ONNX.
        if (c.getType().getElementType().isInteger(1))
          return unary([](double x) { return x != 0 ? 1.0 : 0.0; }), success();
        bool toInt = isa<IntegerType>(c.getType().getElementType());
        if (toInt && llvm::any_of(in[0].data,
                                  [](double x) { return !std::isfinite(x); })) {
          whyNot = "it casts a non-finite value to an integer";
          return failure();
        }
        return unary([toInt](double x) { return toInt ? std::trunc(x) : x; }),
               success();
      })
      .Case<ReshapeOp, FlattenOp>([&](Operation *) {
        out.data = in[0].data;
        return success();
      })
      .Case([&](TransposeOp t) { return transpose(t.getPerm()), success(); })
      .Case([&](SliceOp s) {
        return slice(s.getStarts(), s.getSteps()), success();
      })
      .Case([&](ConcatOp c) {
        return concat(normalizedAxis(static_cast<int64_t>(c.getAxis()),
                                     out.shape.size())),
               success();
      })
      .Case([&](PadOp p) {
        return pad(p.getPads(), p.getMode(), p.getValue().convertToDouble()),
               success();
      })
      .Case([&](GatherOp g) {
        return gather(normalizedAxis(static_cast<int64_t>(g.getAxis()),
                                     in[0].shape.size()));
      })
      .Case([&](ReduceSumOp r) {
        return reduce(
                   r.getAxes(), 0.0, [](double a, double x) { return a + x; },
                   false),
               success();
      })
      .Case([&](ReduceMeanOp r) {
        return reduce(
                   r.getAxes(), 0.0, [](double a, double x) { return a + x; },
                   true),
               success();
      })
      .Case([&](ReduceMaxOp r) {
        return reduce(
                   r.getAxes(), -INFINITY,
                   [](double a, double x) { return std::max(a, x); }, false),
               success();
      })
      .Case([&](ReduceMinOp r) {
        return reduce(
                   r.getAxes(), INFINITY,
                   [](double a, double x) { return std::min(a, x); }, false),
               success();
      })
      .Case([&](EqualOp) {
        return binary([](double x, double y) { return double(x == y); }),
               success();
      })
      .Case([&](LessOp) {
        return binary([](double x, double y) { return double(x < y); }),
               success();
      })
      .Case([&](LessEqualOp) {
        return binary([](double x, double y) { return double(x <= y); }),
               success();
      })
      .Case([&](GreaterOp) {
        return binary([](double x, double y) { return double(x > y); }),
               success();
      })
      .Case([&](GreaterEqualOp) {
        return binary([](double x, double y) { return double(x >= y); }),
               success();
      })
      .Case([&](AndOp) {
        return binary([](double x, double y) { return double(x && y); }),
               success();
      })
      .Case([&](OrOp) {
        return binary([](double x, double y) { return double(x || y); }),
               success();
      })
      .Case([&](XorOp) {
        return binary([](double x, double y) { return double(!x != !y); }),
               success();
      })
      .Case([&](NotOp) {
        return unary([](double x) { return double(!x); }), success();
      })
      .Case([&](ArgMaxOp a) {
        return argReduce(normalizedAxis(a.getAxis(), in[0].shape.size()),
                         /*isMax=*/true, a.getSelectLastIndex()),
               success();
      })
      .Case([&](ArgMinOp a) {
        return argReduce(normalizedAxis(a.getAxis(), in[0].shape.size()),
                         /*isMax=*/false, a.getSelectLastIndex()),
               success();
      })
      .Case([&](MatmulOp) { return matmul(), success(); })
      .Case([&](GemmOp g) { return gemm(g), success(); })
      .Default([&](Operation *) {
        whyNot = "'" + op->getName().getStringRef().str() +
                 "' is not evaluated at compile time";
        return failure();
      });
}

bool mcg::cgraph::isFoldableKind(Operation *op) {
  return isa<AddOp, SubOp, MulOp, DivOp, MaxOp, MinOp, PowOp, NegOp, AbsOp,
             ExpOp, LogOp, SqrtOp, RsqrtOp, TanhOp, SigmoidOp, ReluOp, ErfOp,
             GeluOp, ClipOp, LeakyReluOp, CastOp, ReshapeOp, FlattenOp,
             TransposeOp, SliceOp, ConcatOp, PadOp, GatherOp, ReduceSumOp,
             ReduceMeanOp, ReduceMaxOp, ReduceMinOp, ArgMaxOp, ArgMinOp,
             EqualOp, LessOp, LessEqualOp, GreaterOp, GreaterEqualOp, AndOp,
             OrOp, XorOp, NotOp, MatmulOp, GemmOp>(op);
}

FailureOr<ConstTensor>
mcg::cgraph::evaluateOnConstants(Operation *op, ArrayRef<ConstTensor> operands,
                                 std::string &whyNot) {
  if (op->getNumResults() != 1) {
    whyNot = "it does not have exactly one result";
    return failure();
  }
  auto type = dyn_cast<ShapedType>(op->getResult(0).getType());
  if (!type || !type.hasStaticShape()) {
    whyNot = "its result shape is not static";
    return failure();
  }
  if (!type.getElementType().isIntOrFloat() ||
      type.getElementTypeBitWidth() > 64) {
    whyNot = "its result element type is not a float or integer";
    return failure();
  }
  // Integers are exact in double up to 2^53; past that a fold could differ
  // from what the generated code computes (and converting back would
  // overflow int64).
  auto inexact = [](const ConstTensor &t) {
    return llvm::any_of(
        t.data, [](double v) { return !(std::fabs(v) <= kMaxExactInteger); });
  };
  for (auto [value, operand] : llvm::zip(operands, op->getOperands()))
    if (isa<IntegerType>(getElementTypeOrSelf(operand.getType())) &&
        inexact(value)) {
      whyNot = "an integer operand is beyond 2^53, where evaluation in "
               "double is not exact";
      return failure();
    }
  Evaluator eval(op, operands, whyNot);
  if (failed(eval.run()))
    return failure();
  if (isa<IntegerType>(type.getElementType()) && inexact(eval.out)) {
    whyNot = "an integer result is beyond 2^53, where evaluation in double "
             "is not exact";
    return failure();
  }
  return std::move(eval.out);
}
