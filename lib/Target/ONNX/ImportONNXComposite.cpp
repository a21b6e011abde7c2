//===- ImportONNXComposite.cpp - ONNX ops as short cgraph sequences -------===//
//
// ONNX ops that cgraph has no op for but that compose exactly from its
// ops, as the ONNX definitions write them:
//   HardSigmoid  clip(alpha * x + beta, 0, 1); HardSwish: x * that with
//                alpha = 1/6, beta = 1/2;
//   PRelu        relu(x) + slope * min(x, 0) (before opset 7 a 1-D slope
//                runs along dimension 1);
//   Softplus     log(exp(x) + 1);
//   InstanceNormalization  (x - mean) / sqrt(var + epsilon) * scale + B over
//                the spatial axes (two reduce_means);
//   Split        one slice per output; Tile: concatenated copies;
//   DepthToSpace / SpaceToDepth  reshape, transpose, reshape;
//   MatMul       cgraph.matmul (batched, broadcast); 1-D operands are
//                reshaped to matrices and back, as numpy.matmul does;
//   Where        with a condition known at import: both values broadcast
//                (times ones), stacked, and one gather with the index
//                table the condition gives, so every element is copied
//                exactly (NaN and -0 included);
//   Einsum       one or two operands, no repeated label within one: labels
//                of one operand alone that the output drops are summed
//                (reduce_sum); then a transpose of each operand to (batch,
//                free, contracted), a reshape to matrices, a batched
//                matmul, a reshape and a transpose to the output's order.
//
//===----------------------------------------------------------------------===//

#include "Importer.h"

#include "llvm/Support/CheckedArithmetic.h"

#include "mcg/Dialect/CGraph/IR/CGraph.h"
#include "mcg/Dialect/CGraph/IR/TensorSize.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "llvm/ADT/Sequence.h"
#include "llvm/ADT/StringExtras.h"

using namespace mlir;

namespace mcg {
namespace onnx_import {

Value Importer::scalar(Value like, double value, Location loc) {
  auto t = cast<RankedTensorType>(like.getType());
  return splat(RankedTensorType::get({}, t.getElementType()), value, loc);
}

LogicalResult Importer::importHardSigmoid(Node &n) {
  if (failed(checkArity(n, 1, 1)))
    return failure();
  bool swish = n.proto.op_type() == "HardSwish";
  double alpha = swish ? 1.0 / 6 : n.attrs.f("alpha", 0.2f);
  double beta = swish ? 0.5 : n.attrs.f("beta", 0.5f);
  if (const onnx::AttributeProto *a = n.attrs.leftover())
    return nodeError(n, "attribute '" + a->name() + "' is not supported");
  Value x = n.inputs[0];
  FailureOr<Value> t =
      create(n, "cgraph.mul", {x, scalar(x, alpha, n.loc)}, {});
  if (succeeded(t))
    t = create(n, "cgraph.add", {*t, scalar(x, beta, n.loc)}, {});
  if (failed(t))
    return failure();
  NamedAttribute bounds[] = {b.getNamedAttr("min", b.getF64FloatAttr(0.0)),
                             b.getNamedAttr("max", b.getF64FloatAttr(1.0))};
  t = create(n, "cgraph.clip", *t, bounds);
  if (succeeded(t) && swish)
    t = create(n, "cgraph.mul", {x, *t}, {});
  return define(n, t);
}

LogicalResult Importer::importPRelu(Node &n) {
  if (failed(checkArity(n, 2, 2)))
    return failure();
  if (const onnx::AttributeProto *a = n.attrs.leftover())
    return nodeError(n, "attribute '" + a->name() + "' is not supported");
  Value x = n.inputs[0];
  Value slope = n.inputs[1];
  // Before opset 7 a 1-D slope ran along the channels (dimension 1).
  RankedTensorType xType = n.type(0), slopeType = n.type(1);
  if (opset < 7 && slopeType.getRank() == 1 && xType.getRank() >= 2 &&
      slopeType.getDimSize(0) == xType.getDimSize(1) &&
      slopeType.getDimSize(0) != 1) {
    SmallVector<int64_t> shape(xType.getRank() - 1, 1);
    shape[0] = slopeType.getDimSize(0);
    slope = reshape(slope, shape, n.loc);
  }
  FailureOr<Value> pos = create(n, "cgraph.relu", x, {});
  FailureOr<Value> neg =
      create(n, "cgraph.min", {x, scalar(x, 0.0, n.loc)}, {});
  if (failed(pos) || failed(neg))
    return failure();
  FailureOr<Value> scaled = create(n, "cgraph.mul", {*neg, slope}, {});
  if (failed(scaled))
    return failure();
  if (cast<RankedTensorType>(scaled->getType()).getShape() !=
      n.type(0).getShape())
    return nodeError(n, "the slope does not broadcast to the input's shape");
  return define(n, create(n, "cgraph.add", {*pos, *scaled}, {}));
}

LogicalResult Importer::importSoftplus(Node &n) {
  if (failed(checkArity(n, 1, 1)))
    return failure();
  if (const onnx::AttributeProto *a = n.attrs.leftover())
    return nodeError(n, "attribute '" + a->name() + "' is not supported");
  Value x = n.inputs[0];
  FailureOr<Value> t = create(n, "cgraph.exp", x, {});
  if (succeeded(t))
    t = create(n, "cgraph.add", {*t, scalar(x, 1.0, n.loc)}, {});
  if (succeeded(t))
    t = create(n, "cgraph.log", *t, {});
  return define(n, t);
}

LogicalResult Importer::importInstanceNorm(Node &n) {
  if (failed(checkArity(n, 3, 3)))
    return failure();
  double epsilon = n.attrs.f("epsilon", 1e-5f);
  if (const onnx::AttributeProto *a = n.attrs.leftover())
    return nodeError(n, "attribute '" + a->name() + "' is not supported");
  Value x = n.inputs[0];
  RankedTensorType type = n.type(0);
  int64_t rank = type.getRank();
  if (rank < 3)
    return nodeError(n, "an input of rank " + Twine(rank) + " is invalid");
  int64_t channels = type.getDimSize(1);
  for (unsigned i : {1u, 2u})
    if (n.type(i).getShape() != ArrayRef<int64_t>{channels})
      return nodeError(n, "scale and B must have one element per channel");
  SmallVector<int64_t> axes;
  for (int64_t d = 2; d < rank; ++d)
    axes.push_back(d);
  NamedAttribute reduce[] = {
      b.getNamedAttr("axes", b.getDenseI64ArrayAttr(axes)),
      b.getNamedAttr("keepdims", b.getBoolAttr(true))};
  FailureOr<Value> mean = create(n, "cgraph.reduce_mean", x, reduce);
  if (failed(mean))
    return failure();
  FailureOr<Value> d = create(n, "cgraph.sub", {x, *mean}, {});
  if (failed(d))
    return failure();
  FailureOr<Value> sq = create(n, "cgraph.mul", {*d, *d}, {});
  FailureOr<Value> var =
      succeeded(sq) ? create(n, "cgraph.reduce_mean", *sq, reduce) : sq;
  FailureOr<Value> den =
      succeeded(var)
          ? create(n, "cgraph.add", {*var, scalar(x, epsilon, n.loc)}, {})
          : var;
  if (succeeded(den))
    den = create(n, "cgraph.sqrt", *den, {});
  FailureOr<Value> y =
      succeeded(den) ? create(n, "cgraph.div", {*d, *den}, {}) : den;
  if (failed(y))
    return failure();
  SmallVector<int64_t> perChannel(rank - 1, 1);
  perChannel[0] = channels;
  y = create(n, "cgraph.mul", {*y, reshape(n.inputs[1], perChannel, n.loc)},
             {});
  if (succeeded(y))
    y = create(n, "cgraph.add", {*y, reshape(n.inputs[2], perChannel, n.loc)},
               {});
  return define(n, y);
}

LogicalResult Importer::importSplit(Node &n) {
  if (failed(checkArity(n, 1, opset >= 13 ? 2 : 1)))
    return failure();
  RankedTensorType type = n.type(0);
  int64_t rank = type.getRank();
  int64_t axis = n.attrs.i("axis", 0);
  if (axis < 0)
    axis += rank;
  if (axis < 0 || axis >= rank)
    return nodeError(n, "axis " + Twine(axis) + " is out of range");
  FailureOr<SmallVector<int64_t>> split = intsInputOrAttr(n, 13, 1, "split");
  if (failed(split))
    return failure();
  if (const onnx::AttributeProto *a = n.attrs.leftover())
    return nodeError(n, "attribute '" + a->name() + "' is not supported");
  int64_t dim = type.getDimSize(axis);
  int64_t parts = n.proto.output_size();
  if (split->empty()) {
    if (dim % parts != 0)
      return nodeError(n, "dimension " + Twine(dim) + " does not split into " +
                              Twine(parts) + " equal parts");
    split->assign(parts, dim / parts);
  }
  int64_t total = 0;
  for (int64_t s : *split) {
    if (s < 0)
      return nodeError(n, "a negative split size " + Twine(s) + " is invalid");
    total = llvm::checkedAdd(total, s).value_or(-1);
    if (total < 0)
      return nodeError(n, "split sizes overflow 64 bits");
  }
  if (static_cast<int64_t>(split->size()) != parts || total != dim)
    return nodeError(n, "split sizes do not add up to the dimension or do "
                        "not match the outputs");
  int64_t start = 0;
  for (int64_t i = 0; i < parts; ++i) {
    int64_t size = (*split)[i];
    const std::string &name = n.proto.output(i);
    if (name.empty() || size == 0) {
      if (!name.empty() && used.contains(name))
        return nodeError(n, "an empty output is not supported");
      start += size;
      continue;
    }
    SmallVector<int64_t> lo(rank, 0), hi(type.getShape()), step(rank, 1);
    lo[axis] = start;
    hi[axis] = start + size;
    start += size;
    NamedAttribute attrs[] = {
        b.getNamedAttr("starts", b.getDenseI64ArrayAttr(lo)),
        b.getNamedAttr("ends", b.getDenseI64ArrayAttr(hi)),
        b.getNamedAttr("steps", b.getDenseI64ArrayAttr(step))};
    FailureOr<Value> s = create(n, "cgraph.slice", n.inputs[0], attrs);
    if (failed(s))
      return failure();
    values[name] = *s;
  }
  return success();
}

/// The largest Tile repeat count imported (as a concat of that many
/// operands).
constexpr int64_t kMaxTileRepeats = 1 << 16;

LogicalResult Importer::importTile(Node &n) {
  if (failed(checkArity(n, 2, 2)))
    return failure();
  if (const onnx::AttributeProto *a = n.attrs.leftover())
    return nodeError(n, "attribute '" + a->name() + "' is not supported");
  FailureOr<SmallVector<int64_t>> repeats = constantInts(n, 1);
  if (failed(repeats))
    return failure();
  int64_t rank = n.type(0).getRank();
  if (static_cast<int64_t>(repeats->size()) != rank)
    return nodeError(n, "repeats must have one entry per dimension");
  Value x = n.inputs[0];
  for (int64_t d = 0; d < rank; ++d) {
    int64_t r = (*repeats)[d];
    if (r < 1)
      return nodeError(n, "a repeat of " + Twine(r) + " is not supported");
    if (r == 1)
      continue;
    // A tile is a concat of r copies: r operands.
    if (r > kMaxTileRepeats)
      return nodeError(n, "a repeat of " + Twine(r) +
                              " is not supported (at most " +
                              Twine(kMaxTileRepeats) + ")");
    SmallVector<Value> copies(r, x);
    NamedAttribute axis = b.getNamedAttr("axis", b.getI64IntegerAttr(d));
    FailureOr<Value> c = create(n, "cgraph.concat", copies, axis);
    if (failed(c))
      return failure();
    x = *c;
  }
  values[n.proto.output(0)] = x;
  return success();
}

/// DepthToSpace (DCR or CRD) and SpaceToDepth on NCHW: a reshape to 6-D, a
/// transpose and a reshape back, as the ONNX definitions write them.
LogicalResult Importer::importDepthToSpace(Node &n) {
  if (failed(checkArity(n, 1, 1)))
    return failure();
  bool toSpace = n.proto.op_type() == "DepthToSpace";
  const onnx::AttributeProto *blockAttr = n.attrs.take("blocksize");
  std::string mode = toSpace ? n.attrs.s("mode", "DCR") : "DCR";
  if (const onnx::AttributeProto *a = n.attrs.leftover())
    return nodeError(n, "attribute '" + a->name() + "' is not supported");
  if (!blockAttr || blockAttr->i() < 1)
    return nodeError(n, "a positive 'blocksize' is required");
  // The new dimensions (C * blocksize^2, H * blocksize, ...) fit in int64
  // when blocksize^2 times the input's size bound does.
  RankedTensorType inType = n.type(0);
  std::optional<int64_t> bound = cgraph::boundedByteSize(
      inType.getShape(), inType.getElementType().getIntOrFloatBitWidth());
  std::optional<int64_t> square =
      llvm::checkedMul(blockAttr->i(), blockAttr->i());
  if (!bound || !square || !llvm::checkedMul(*square, *bound))
    return nodeError(n, "blocksize " + Twine(blockAttr->i()) +
                            " is too large: the new dimensions overflow 64 "
                            "bits");
  if (mode != "DCR" && mode != "CRD")
    return nodeError(n, "mode '" + mode + "' is invalid");
  int64_t bs = blockAttr->i();
  RankedTensorType type = n.type(0);
  if (type.getRank() != 4)
    return nodeError(n, "an input of rank " + Twine(type.getRank()) +
                            " is not supported (only 4-D, NCHW)");
  int64_t N = type.getDimSize(0), C = type.getDimSize(1),
          H = type.getDimSize(2), W = type.getDimSize(3);
  SmallVector<int64_t> wide, perm, result;
  if (toSpace) {
    if (C % (bs * bs) != 0)
      return nodeError(n, "the channels are not a multiple of blocksize^2");
    int64_t c = C / (bs * bs);
    if (mode == "DCR") {
      wide = {N, bs, bs, c, H, W};
      perm = {0, 3, 4, 1, 5, 2};
    } else {
      wide = {N, c, bs, bs, H, W};
      perm = {0, 1, 4, 2, 5, 3};
    }
    result = {N, c, H * bs, W * bs};
  } else {
    if (H % bs != 0 || W % bs != 0)
      return nodeError(n, "the height or width is not a multiple of "
                          "blocksize");
    wide = {N, C, H / bs, bs, W / bs, bs};
    perm = {0, 3, 5, 1, 2, 4};
    result = {N, C * bs * bs, H / bs, W / bs};
  }
  Value x = reshape(n.inputs[0], wide, n.loc);
  FailureOr<Value> t =
      create(n, "cgraph.transpose", x,
             b.getNamedAttr("perm", b.getDenseI64ArrayAttr(perm)));
  if (failed(t))
    return failure();
  values[n.proto.output(0)] = reshape(*t, result, n.loc);
  return success();
}

LogicalResult Importer::importMatMul(Node &n) {
  if (failed(checkArity(n, 2, 2)))
    return failure();
  if (const onnx::AttributeProto *a = n.attrs.leftover())
    return nodeError(n, "attribute '" + a->name() + "' is not supported");
  Value lhs = n.inputs[0], rhs = n.inputs[1];
  bool vecL = n.type(0).getRank() == 1, vecR = n.type(1).getRank() == 1;
  if (vecL)
    lhs = reshape(lhs, {1, n.type(0).getDimSize(0)}, n.loc);
  if (vecR)
    rhs = reshape(rhs, {n.type(1).getDimSize(0), 1}, n.loc);
  FailureOr<Value> r = create(n, "cgraph.matmul", {lhs, rhs}, {});
  if (failed(r) || (!vecL && !vecR))
    return define(n, r);
  // Drop the dimensions the vectors gained.
  SmallVector<int64_t> shape(cast<RankedTensorType>(r->getType()).getShape());
  if (vecR)
    shape.pop_back();
  if (vecL)
    shape.erase(shape.end() - (vecR ? 1 : 2));
  values[n.proto.output(0)] = reshape(*r, shape, n.loc);
  return success();
}

/// Where: a condition known at import becomes an index table over the two
/// values (exact, no runtime mask); one computed at run time a
/// cgraph.select.
LogicalResult Importer::importWhere(Node &n) {
  if (failed(checkArity(n, 3, 3)))
    return failure();
  if (const onnx::AttributeProto *a = n.attrs.leftover())
    return nodeError(n, "attribute '" + a->name() + "' is not supported");
  const KnownTensor *cond = knownTensor(n.proto.input(0));
  if (!cond)
    return define(n, create(n, "cgraph.select", n.inputs));
  if (cond->kind != KnownKind::Bool)
    return nodeError(n, "the condition must be a bool tensor");
  // The result shape: all three broadcast together (numpy rules).
  Value x = n.inputs[1], y = n.inputs[2];
  SmallVector<ArrayRef<int64_t>> shapes = {n.type(1).getShape(),
                                           n.type(2).getShape(), cond->shape};
  size_t rank = 0;
  for (ArrayRef<int64_t> dims : shapes)
    rank = std::max(rank, dims.size());
  SmallVector<int64_t> shape(rank, 1);
  for (ArrayRef<int64_t> dims : shapes)
    for (size_t d = 0; d < dims.size(); ++d) {
      int64_t &r = shape[rank - dims.size() + d];
      if (dims[d] != 1 && r != 1 && dims[d] != r)
        return nodeError(n, "the condition and the values do not broadcast "
                            "together");
      if (dims[d] != 1)
        r = dims[d];
    }
  auto outType = RankedTensorType::get(shape, n.type(1).getElementType());
  // Index table: element i comes from x (i) or y (count + i).
  int64_t count = outType.getNumElements();
  SmallVector<int64_t> strides(shape.size(), 0), pos(shape.size(), 0);
  {
    int64_t s = 1;
    for (int64_t d = cond->shape.size() - 1; d >= 0; --d) {
      size_t od = shape.size() - cond->shape.size() + d;
      strides[od] = cond->shape[d] == 1 ? 0 : s;
      s *= cond->shape[d];
    }
  }
  SmallVector<int64_t> index(count);
  bool allX = true, allY = true;
  for (int64_t i = 0, at = 0; i < count; ++i) {
    bool pick = cond->ints[at] != 0;
    allX &= pick;
    allY &= !pick;
    index[i] = pick ? i : count + i;
    for (int64_t d = shape.size() - 1; d >= 0; --d) {
      at += strides[d];
      if (++pos[d] < shape[d])
        break;
      at -= strides[d] * shape[d];
      pos[d] = 0;
    }
  }
  // The values broadcast to the result shape (times ones: exact).
  auto full = [&](Value v) -> FailureOr<Value> {
    if (v.getType() == outType)
      return v;
    return create(n, "cgraph.mul", {v, splat(outType, 1.0, n.loc)}, {});
  };
  if (allX || allY)
    return define(n, full(allX ? x : y));
  FailureOr<Value> fx = full(x), fy = full(y);
  if (failed(fx) || failed(fy))
    return failure();
  FailureOr<Value> both =
      create(n, "cgraph.concat",
             {reshape(*fx, {count}, n.loc), reshape(*fy, {count}, n.loc)},
             b.getNamedAttr("axis", b.getI64IntegerAttr(0)));
  if (failed(both))
    return failure();
  auto indexType = RankedTensorType::get({count}, b.getI64Type());
  Value table =
      cgraph::ConstantOp::create(
          b, n.loc, DenseElementsAttr::get(indexType, ArrayRef(index)))
          .getResult();
  FailureOr<Value> picked =
      create(n, "cgraph.gather", {*both, table},
             b.getNamedAttr("axis", b.getI64IntegerAttr(0)));
  if (failed(picked))
    return failure();
  values[n.proto.output(0)] = reshape(*picked, shape, n.loc);
  return success();
}

/// Parses one einsum term ("bhid", or "B G H I D" as torch writes some)
/// into its labels; false for ellipses, other characters or a repeated
/// label.
static bool einsumLabels(StringRef term, SmallVectorImpl<char> &labels) {
  for (char c : term) {
    if (c == ' ')
      continue;
    if (!llvm::isAlpha(c) || llvm::is_contained(labels, c))
      return false;
    labels.push_back(c);
  }
  return true;
}

LogicalResult Importer::importEinsum(Node &n) {
  const onnx::AttributeProto *eq = n.attrs.take("equation");
  if (const onnx::AttributeProto *a = n.attrs.leftover())
    return nodeError(n, "attribute '" + a->name() + "' is not supported");
  if (!eq)
    return nodeError(n, "an Einsum without 'equation' is invalid");
  StringRef equation = eq->s();
  auto [lhs, out] = equation.split("->");
  SmallVector<StringRef> terms;
  lhs.split(terms, ',');
  SmallVector<SmallVector<char>> labels(terms.size());
  SmallVector<char> o;
  bool ok = (terms.size() == 1 || terms.size() == 2) &&
            terms.size() == n.inputs.size();
  for (size_t t = 0; ok && t < terms.size(); ++t)
    ok = einsumLabels(terms[t], labels[t]);
  if (ok && equation.contains("->")) {
    ok = einsumLabels(out, o);
  } else if (ok) {
    // Implicit output: the labels that appear once, in alphabetical order.
    for (char c = 'A'; c <= 'z'; ++c) {
      int count = 0;
      for (const auto &l : labels)
        count += llvm::is_contained(l, c);
      if (count == 1)
        o.push_back(c);
    }
  }
  if (!ok)
    return nodeError(n, "equation '" + equation +
                            "' is not supported (one or two operands, "
                            "letters only, no repeated label within a "
                            "term)");
  for (size_t t = 0; t < terms.size(); ++t)
    if (n.type(t).getRank() != static_cast<int64_t>(labels[t].size()))
      return nodeError(n, "the equation's terms do not match the operands' "
                          "ranks");
  for (char c : o)
    if (!llvm::any_of(labels,
                      [&](auto &l) { return llvm::is_contained(l, c); }))
      return nodeError(n, "output label '" + Twine(c) + "' is in no operand");
  // Transposes `x` (labelled `have`) to `want` order.
  auto permute = [&](Value x, ArrayRef<char> have,
                     ArrayRef<char> want) -> FailureOr<Value> {
    SmallVector<int64_t> perm;
    for (char c : want)
      perm.push_back(llvm::find(have, c) - have.begin());
    if (llvm::equal(perm, llvm::seq<int64_t>(0, perm.size())))
      return x;
    return create(n, "cgraph.transpose", x,
                  b.getNamedAttr("perm", b.getDenseI64ArrayAttr(perm)));
  };
  // A label of one operand alone that the output drops is summed first.
  SmallVector<Value> operands(n.inputs.begin(), n.inputs.end());
  for (size_t t = 0; t < terms.size(); ++t) {
    SmallVector<int64_t> axes;
    SmallVector<char> kept;
    for (auto [d, c] : llvm::enumerate(labels[t])) {
      bool elsewhere =
          llvm::is_contained(o, c) ||
          (terms.size() == 2 && llvm::is_contained(labels[1 - t], c));
      if (elsewhere)
        kept.push_back(c);
      else
        axes.push_back(d);
    }
    if (axes.empty())
      continue;
    NamedAttribute attrs[] = {
        b.getNamedAttr("axes", b.getDenseI64ArrayAttr(axes)),
        b.getNamedAttr("keepdims", b.getBoolAttr(false))};
    FailureOr<Value> r = create(n, "cgraph.reduce_sum", operands[t], attrs);
    if (failed(r))
      return failure();
    operands[t] = *r;
    labels[t] = kept;
  }
  if (terms.size() == 1)
    return define(n, permute(operands[0], labels[0], o));

  ArrayRef<char> a = labels[0], bl = labels[1];
  auto typeA = cast<RankedTensorType>(operands[0].getType());
  auto typeB = cast<RankedTensorType>(operands[1].getType());
  // Classify the labels: batch (A, B, out), free in A (A, out), free in B
  // (B, out), contracted (A, B, not out).
  SmallVector<char> batch, freeA, freeB, contracted;
  for (char c : a) {
    bool inB = llvm::is_contained(bl, c), inO = llvm::is_contained(o, c);
    if (inB && inO)
      batch.push_back(c);
    else if (inO)
      freeA.push_back(c);
    else
      contracted.push_back(c);
  }
  for (char c : bl)
    if (!llvm::is_contained(a, c))
      freeB.push_back(c);
  auto sizeA = [&](char c) {
    return typeA.getDimSize(llvm::find(a, c) - a.begin());
  };
  auto sizeB = [&](char c) {
    return typeB.getDimSize(llvm::find(bl, c) - bl.begin());
  };
  auto sizeOf = [&](char c) {
    return llvm::is_contained(a, c) ? sizeA(c) : sizeB(c);
  };
  for (ArrayRef<char> shared :
       {ArrayRef<char>(batch), ArrayRef<char>(contracted)})
    for (char c : shared)
      if (sizeA(c) != sizeB(c))
        return nodeError(n, "label '" + Twine(c) +
                                "' has different sizes in the operands (or "
                                "broadcasts, which is not supported)");
  auto product = [&](ArrayRef<char> ls) {
    int64_t p = 1;
    for (char c : ls)
      p *= sizeOf(c);
    return p;
  };
  SmallVector<int64_t> batchShape;
  for (char c : batch)
    batchShape.push_back(sizeOf(c));
  int64_t m = product(freeA), k = product(contracted), nn = product(freeB);
  SmallVector<char> orderA(batch), orderB(batch);
  orderA.append(freeA);
  orderA.append(contracted);
  orderB.append(contracted);
  orderB.append(freeB);
  FailureOr<Value> ta = permute(operands[0], a, orderA);
  FailureOr<Value> tb = permute(operands[1], bl, orderB);
  if (failed(ta) || failed(tb))
    return failure();
  SmallVector<int64_t> shapeA(batchShape), shapeB(batchShape);
  shapeA.append({m, k});
  shapeB.append({k, nn});
  FailureOr<Value> prod =
      create(n, "cgraph.matmul",
             {reshape(*ta, shapeA, n.loc), reshape(*tb, shapeB, n.loc)}, {});
  if (failed(prod))
    return failure();
  SmallVector<char> produced(batch);
  produced.append(freeA);
  produced.append(freeB);
  SmallVector<int64_t> shape;
  for (char c : produced)
    shape.push_back(sizeOf(c));
  return define(n, permute(reshape(*prod, shape, n.loc), produced, o));
}

} // namespace onnx_import
} // namespace mcg
