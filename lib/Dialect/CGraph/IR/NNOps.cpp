//===- NNOps.cpp - contractions, pooling, normalization -------------------===//
//
// Shape inference (which is also the shape verifier) and FLOP counts of
// matmul, gemm, convolutions, pooling, normalizations and softmax.
//
//===----------------------------------------------------------------------===//

#include "InferShape.h"
#include "mcg/Dialect/CGraph/IR/CGraph.h"
#include "mcg/Dialect/CGraph/IR/TensorSize.h"

#include "llvm/Support/CheckedArithmetic.h"

using namespace mlir;
using namespace mcg::cgraph;
using namespace mcg::cgraph::detail;

static int64_t numElements(Type t) { return staticNumElements(t).value_or(0); }

/// Product of `a` and `b`, dynamic if either is (or if it overflows, which
/// then never equals a static dimension).
static int64_t mulDims(int64_t a, int64_t b) {
  if (ShapedType::isDynamic(a) || ShapedType::isDynamic(b))
    return kDyn;
  return llvm::checkedMul(a, b).value_or(kDyn);
}

//===----------------------------------------------------------------------===//
// matmul
//===----------------------------------------------------------------------===//

LogicalResult MatmulOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &inferred) {
  RankedTensorType lhs = rankedType(adaptor.getLhs());
  RankedTensorType rhs = rankedType(adaptor.getRhs());
  if (lhs.getRank() < 2 || rhs.getRank() < 2)
    return inferError(loc, getOperationName(),
                      "operands must have rank 2 or more, got ", lhs, " and ",
                      rhs);
  if (lhs.getElementType() != rhs.getElementType())
    return inferError(loc, getOperationName(), "element types differ: ", lhs,
                      " and ", rhs);
  ArrayRef<int64_t> ls = lhs.getShape(), rs = rhs.getShape();
  int64_t k = ls.back(), k2 = rs[rs.size() - 2];
  if (!ShapedType::isDynamic(k) && !ShapedType::isDynamic(k2) && k != k2)
    return inferError(loc, getOperationName(),
                      "contracting dimensions differ: ", "lhs ", lhs, " has ",
                      k, " columns but rhs ", rhs, " has ", k2, " rows");
  std::optional<SmallVector<int64_t>> batch =
      broadcastShapes(ls.drop_back(2), rs.drop_back(2));
  if (!batch)
    return inferError(loc, getOperationName(), "batch dimensions of ", lhs,
                      " and ", rhs, " are not broadcast-compatible");
  SmallVector<int64_t> shape = *batch;
  shape.push_back(ls[ls.size() - 2]);
  shape.push_back(rs.back());
  inferred.push_back(RankedTensorType::get(shape, lhs.getElementType()));
  return success();
}

int64_t MatmulOp::getFlopCount() {
  int64_t k = rankedType(getLhs()).getShape().back();
  return ShapedType::isDynamic(k)
             ? 0
             : saturatingMul(saturatingMul(2, k), numElements(getType()));
}

//===----------------------------------------------------------------------===//
// gemm
//===----------------------------------------------------------------------===//

LogicalResult GemmOp::inferReturnTypes(MLIRContext *,
                                       std::optional<Location> loc,
                                       Adaptor adaptor,
                                       SmallVectorImpl<Type> &inferred) {
  RankedTensorType a = rankedType(adaptor.getA());
  RankedTensorType b = rankedType(adaptor.getB());
  if (a.getRank() != 2 || b.getRank() != 2)
    return inferError(loc, getOperationName(), "a and b must be 2-D, got ", a,
                      " and ", b);
  int64_t m = adaptor.getTransA() ? a.getDimSize(1) : a.getDimSize(0);
  int64_t ka = adaptor.getTransA() ? a.getDimSize(0) : a.getDimSize(1);
  int64_t kb = adaptor.getTransB() ? b.getDimSize(1) : b.getDimSize(0);
  int64_t n = adaptor.getTransB() ? b.getDimSize(0) : b.getDimSize(1);
  if (!ShapedType::isDynamic(ka) && !ShapedType::isDynamic(kb) && ka != kb)
    return inferError(loc, getOperationName(),
                      "contracting dimensions differ: ", "op(a) of ", a,
                      " has ", ka, " columns but op(b) of ", b, " has ", kb,
                      " rows (trans_a = ", adaptor.getTransA(),
                      ", trans_b = ", adaptor.getTransB(), ")");
  if (Value c = adaptor.getC()) {
    RankedTensorType ct = rankedType(c);
    int64_t target[2] = {m, n};
    // c broadcasts one way, to the m x n result.
    bool ok = ct.getRank() <= 2;
    for (int64_t i = 0; ok && i < ct.getRank(); ++i) {
      int64_t d = ct.getShape()[ct.getRank() - 1 - i];
      int64_t t = target[1 - i];
      ok = d == 1 || d == t || ShapedType::isDynamic(d) ||
           ShapedType::isDynamic(t);
    }
    if (!ok)
      return inferError(loc, getOperationName(), "c ", ct,
                        " does not broadcast to the ", m, "x", n, " result");
  }
  inferred.push_back(RankedTensorType::get({m, n}, a.getElementType()));
  return success();
}

int64_t GemmOp::getFlopCount() {
  RankedTensorType a = rankedType(getA());
  int64_t k = getTransA() ? a.getDimSize(0) : a.getDimSize(1);
  int64_t mn = numElements(getType());
  if (ShapedType::isDynamic(k))
    return 0;
  return saturatingAdd(saturatingMul(saturatingMul(2, k), mn),
                       getC() ? saturatingMul(2, mn) : 0);
}

//===----------------------------------------------------------------------===//
// Window helpers (convolution and pooling)
//===----------------------------------------------------------------------===//

namespace {
/// The spatial attributes of a 2-D windowed op, checked for well-formedness.
struct Window {
  ArrayRef<int64_t> kernel, strides, pads, dilations;
};
} // namespace

static LogicalResult verifyWindow(std::optional<Location> loc, StringRef opName,
                                  const Window &w) {
  if (w.kernel.size() != 2 ||
      llvm::any_of(w.kernel, [](int64_t k) { return k < 1; }))
    return inferError(loc, opName,
                      "kernel size must be 2 positive values, got ",
                      formatList(w.kernel));
  if (w.strides.size() != 2 ||
      llvm::any_of(w.strides, [](int64_t s) { return s < 1; }))
    return inferError(loc, opName, "strides must be 2 positive values, got ",
                      formatList(w.strides));
  if (w.dilations.size() != 2 ||
      llvm::any_of(w.dilations, [](int64_t d) { return d < 1; }))
    return inferError(loc, opName, "dilations must be 2 positive values, got ",
                      formatList(w.dilations));
  if (w.pads.size() != 4 ||
      llvm::any_of(w.pads, [](int64_t p) { return p < 0; }))
    return inferError(loc, opName,
                      "pads must be 4 non-negative values [top, left, bottom, "
                      "right], got ",
                      formatList(w.pads));
  return success();
}

/// Output size of a sliding window along spatial dimension `i`; `ceilMode`
/// rounds the window count up but never starts a window in the end padding.
/// 0 when the window does not fit; nullopt when the arithmetic overflows
/// int64 (huge pads or dilations).
static std::optional<int64_t> windowOutSize(int64_t in, const Window &w,
                                            unsigned i, bool ceilMode) {
  if (ShapedType::isDynamic(in))
    return kDyn;
  std::optional<int64_t> span = llvm::checkedMulAdd(
      w.dilations[i], w.kernel[i] - 1, static_cast<int64_t>(1));
  std::optional<int64_t> padded = llvm::checkedAdd(in, w.pads[i]);
  if (padded)
    padded = llvm::checkedAdd(*padded, w.pads[i + 2]);
  if (!span || !padded)
    return std::nullopt;
  int64_t avail = *padded - *span;
  if (avail < 0)
    return 0;
  int64_t s = w.strides[i];
  int64_t steps = avail / s + (ceilMode && avail % s != 0 ? 1 : 0);
  // The last window must start inside the input or its begin padding.
  if (ceilMode) {
    std::optional<int64_t> start = llvm::checkedMul(steps, s);
    if (!start || *start >= in + w.pads[i])
      --steps;
  }
  return steps + 1;
}

/// Infers `N x channels x OH x OW` for a windowed op over NCHW `input`.
static LogicalResult inferWindowed(std::optional<Location> loc,
                                   StringRef opName, RankedTensorType input,
                                   int64_t channels, const Window &w,
                                   bool ceilMode,
                                   SmallVectorImpl<Type> &inferred) {
  SmallVector<int64_t> shape = {input.getDimSize(0), channels};
  for (unsigned i = 0; i < 2; ++i) {
    std::optional<int64_t> size =
        windowOutSize(input.getDimSize(2 + i), w, i, ceilMode);
    if (!size)
      return inferError(loc, opName, "window of kernel ", formatList(w.kernel),
                        ", dilations ", formatList(w.dilations), " and pads ",
                        formatList(w.pads), " over input ", input,
                        " overflows 64-bit sizes");
    if (*size == 0)
      return inferError(loc, opName, "window of kernel ", formatList(w.kernel),
                        ", dilations ", formatList(w.dilations), " and pads ",
                        formatList(w.pads), " does not fit input ", input);
    shape.push_back(*size);
  }
  inferred.push_back(RankedTensorType::get(shape, input.getElementType()));
  return success();
}

static LogicalResult verifyNCHW(std::optional<Location> loc, StringRef opName,
                                StringRef what, RankedTensorType type) {
  if (type.getRank() != 4)
    return inferError(loc, opName, what, " must be 4-D, got ", type);
  return success();
}

/// Checks a 1-D per-channel operand of `expected` elements.
static LogicalResult verifyChannelVector(std::optional<Location> loc,
                                         StringRef opName, StringRef what,
                                         Value value, int64_t expected) {
  RankedTensorType type = rankedType(value);
  if (type.getRank() != 1 || (!ShapedType::isDynamic(expected) &&
                              !ShapedType::isDynamic(type.getDimSize(0)) &&
                              type.getDimSize(0) != expected))
    return inferError(loc, opName, what, " must be 1-D of ", expected,
                      " elements, got ", type);
  return success();
}

//===----------------------------------------------------------------------===//
// conv2d
//===----------------------------------------------------------------------===//

LogicalResult Conv2DOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &inferred) {
  StringRef name = getOperationName();
  RankedTensorType input = rankedType(adaptor.getInput());
  RankedTensorType weight = rankedType(adaptor.getWeight());
  if (failed(verifyNCHW(loc, name, "input", input)) ||
      failed(verifyNCHW(loc, name, "weight", weight)))
    return failure();
  Window w{weight.getShape().drop_front(2), adaptor.getStrides(),
           adaptor.getPads(), adaptor.getDilations()};
  if (weight.isDynamicDim(2) || weight.isDynamicDim(3))
    return inferError(loc, name, "weight ", weight,
                      " must have a static kernel size");
  if (failed(verifyWindow(loc, name, w)))
    return failure();
  int64_t groups = static_cast<int64_t>(adaptor.getGroups());
  int64_t c = input.getDimSize(1), o = weight.getDimSize(0);
  if (groups < 1)
    return inferError(loc, name, "groups must be positive, got ", groups);
  if (!ShapedType::isDynamic(c) &&
      (c % groups != 0 || mulDims(weight.getDimSize(1), groups) != c))
    return inferError(loc, name, "input ", input, " has ", c,
                      " channels but weight ", weight,
                      " with groups = ", groups, " expects ",
                      mulDims(weight.getDimSize(1), groups));
  if (!ShapedType::isDynamic(o) && o % groups != 0)
    return inferError(loc, name, "weight ", weight, " has ", o,
                      " output channels, not divisible by groups = ", groups);
  if (Value bias = adaptor.getBias())
    if (failed(verifyChannelVector(loc, name, "bias", bias, o)))
      return failure();
  return inferWindowed(loc, name, input, o, w, /*ceilMode=*/false, inferred);
}

int64_t Conv2DOp::getFlopCount() {
  RankedTensorType weight = rankedType(getWeight());
  std::optional<int64_t> perOutput = staticNumElements(RankedTensorType::get(
      weight.getShape().drop_front(), weight.getElementType()));
  int64_t out = numElements(getType());
  if (!perOutput)
    return 0;
  return saturatingMul(
      out, saturatingAdd(saturatingMul(2, *perOutput), getBias() ? 1 : 0));
}

//===----------------------------------------------------------------------===//
// conv_transpose2d
//===----------------------------------------------------------------------===//

LogicalResult
ConvTranspose2DOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                    Adaptor adaptor,
                                    SmallVectorImpl<Type> &inferred) {
  StringRef name = getOperationName();
  RankedTensorType input = rankedType(adaptor.getInput());
  RankedTensorType weight = rankedType(adaptor.getWeight());
  if (failed(verifyNCHW(loc, name, "input", input)) ||
      failed(verifyNCHW(loc, name, "weight", weight)))
    return failure();
  if (weight.isDynamicDim(2) || weight.isDynamicDim(3))
    return inferError(loc, name, "weight ", weight,
                      " must have a static kernel size");
  Window w{weight.getShape().drop_front(2), adaptor.getStrides(),
           adaptor.getPads(), adaptor.getDilations()};
  if (failed(verifyWindow(loc, name, w)))
    return failure();
  ArrayRef<int64_t> outPad = adaptor.getOutputPadding();
  if (outPad.size() != 2)
    return inferError(loc, name, "output_padding must have 2 values, got ",
                      formatList(outPad));
  for (unsigned i = 0; i < 2; ++i)
    if (outPad[i] < 0 ||
        (outPad[i] >= w.strides[i] && outPad[i] >= w.dilations[i]))
      return inferError(loc, name, "output_padding ", formatList(outPad),
                        " must be non-negative and smaller than the stride or "
                        "the dilation");
  int64_t groups = static_cast<int64_t>(adaptor.getGroups());
  if (groups < 1)
    return inferError(loc, name, "groups must be positive, got ", groups);
  int64_t c = input.getDimSize(1);
  if (!ShapedType::isDynamic(c) && !weight.isDynamicDim(0) &&
      (weight.getDimSize(0) != c || c % groups != 0))
    return inferError(loc, name, "input ", input, " has ", c,
                      " channels but weight ", weight, " expects ",
                      weight.getDimSize(0), " (divisible by groups = ", groups,
                      ")");
  int64_t o = mulDims(weight.getDimSize(1), groups);
  if (!weight.isDynamicDim(1) && ShapedType::isDynamic(o))
    return inferError(loc, name, "weight ", weight, " with groups = ", groups,
                      " has more output channels than fit in 64 bits");
  if (Value bias = adaptor.getBias())
    if (failed(verifyChannelVector(loc, name, "bias", bias, o)))
      return failure();
  SmallVector<int64_t> shape = {input.getDimSize(0), o};
  for (unsigned i = 0; i < 2; ++i) {
    int64_t in = input.getDimSize(2 + i);
    if (ShapedType::isDynamic(in)) {
      shape.push_back(kDyn);
      continue;
    }
    // (in - 1) * stride - pads + dilation * (kernel - 1) + output_padding
    // + 1, every step checked: the attributes may be anything.
    std::optional<int64_t> size = llvm::checkedMul(in - 1, w.strides[i]);
    for (int64_t term : {-w.pads[i], -w.pads[i + 2], outPad[i] + 1})
      if (size)
        size = llvm::checkedAdd(*size, term);
    if (size)
      size = llvm::checkedMulAdd(w.dilations[i], w.kernel[i] - 1, *size);
    if (!size)
      return inferError(loc, name, "output size of input ", input,
                        " with strides ", formatList(w.strides), ", pads ",
                        formatList(w.pads), " and dilations ",
                        formatList(w.dilations), " overflows 64-bit sizes");
    if (*size < 1)
      return inferError(loc, name, "pads ", formatList(w.pads),
                        " leave no output for input ", input);
    shape.push_back(*size);
  }
  inferred.push_back(RankedTensorType::get(shape, input.getElementType()));
  return success();
}

int64_t ConvTranspose2DOp::getFlopCount() {
  RankedTensorType weight = rankedType(getWeight());
  std::optional<int64_t> perInput = staticNumElements(RankedTensorType::get(
      weight.getShape().drop_front(), weight.getElementType()));
  int64_t in = numElements(getInput().getType());
  int64_t bias = getBias() ? numElements(getType()) : 0;
  if (!perInput)
    return 0;
  return saturatingAdd(saturatingMul(saturatingMul(2, in), *perInput), bias);
}

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

LogicalResult MaxPool2DOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &inferred) {
  RankedTensorType input = rankedType(adaptor.getInput());
  Window w{adaptor.getKernelShape(), adaptor.getStrides(), adaptor.getPads(),
           adaptor.getDilations()};
  if (failed(verifyNCHW(loc, getOperationName(), "input", input)) ||
      failed(verifyWindow(loc, getOperationName(), w)))
    return failure();
  return inferWindowed(loc, getOperationName(), input, input.getDimSize(1), w,
                       adaptor.getCeilMode(), inferred);
}

/// Window positions times the output size.
static int64_t windowFlops(Type result, ArrayRef<int64_t> kernel) {
  int64_t flops = numElements(result);
  for (int64_t k : kernel)
    flops = saturatingMul(flops, k);
  return flops;
}

int64_t MaxPool2DOp::getFlopCount() {
  return windowFlops(getType(), getKernelShape());
}

LogicalResult AvgPool2DOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &inferred) {
  RankedTensorType input = rankedType(adaptor.getInput());
  static const int64_t ones[] = {1, 1};
  Window w{adaptor.getKernelShape(), adaptor.getStrides(), adaptor.getPads(),
           ones};
  if (failed(verifyNCHW(loc, getOperationName(), "input", input)) ||
      failed(verifyWindow(loc, getOperationName(), w)))
    return failure();
  return inferWindowed(loc, getOperationName(), input, input.getDimSize(1), w,
                       adaptor.getCeilMode(), inferred);
}

int64_t AvgPool2DOp::getFlopCount() {
  return windowFlops(getType(), getKernelShape());
}

LogicalResult
GlobalAvgPoolOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                  Adaptor adaptor,
                                  SmallVectorImpl<Type> &inferred) {
  RankedTensorType input = rankedType(adaptor.getInput());
  if (input.getRank() < 3)
    return inferError(loc, getOperationName(),
                      "input must have a batch, a channel and at least one "
                      "spatial dimension, got ",
                      input);
  SmallVector<int64_t> shape(input.getShape());
  std::fill(shape.begin() + 2, shape.end(), 1);
  inferred.push_back(RankedTensorType::get(shape, input.getElementType()));
  return success();
}

int64_t GlobalAvgPoolOp::getFlopCount() {
  return numElements(getInput().getType());
}

//===----------------------------------------------------------------------===//
// Normalization and softmax
//===----------------------------------------------------------------------===//

LogicalResult BatchNormOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &inferred) {
  RankedTensorType input = rankedType(adaptor.getInput());
  if (input.getRank() < 2)
    return inferError(loc, getOperationName(),
                      "input must have a channel dimension (rank >= 2), got ",
                      input);
  int64_t c = input.getDimSize(1);
  if (failed(verifyChannelVector(loc, getOperationName(), "scale",
                                 adaptor.getScale(), c)) ||
      failed(verifyChannelVector(loc, getOperationName(), "bias",
                                 adaptor.getBias(), c)) ||
      failed(verifyChannelVector(loc, getOperationName(), "mean",
                                 adaptor.getMean(), c)) ||
      failed(verifyChannelVector(loc, getOperationName(), "var",
                                 adaptor.getVar(), c)))
    return failure();
  inferred.push_back(input);
  return success();
}

int64_t BatchNormOp::getFlopCount() {
  return saturatingMul(2, numElements(getType()));
}

LogicalResult LayerNormOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &inferred) {
  RankedTensorType input = rankedType(adaptor.getInput());
  FailureOr<int64_t> axis = resolveAxis(
      loc, getOperationName(), static_cast<int64_t>(adaptor.getAxis()), input);
  if (failed(axis))
    return failure();
  ArrayRef<int64_t> normalized = input.getShape().drop_front(*axis);
  for (auto [what, value] :
       {std::pair<StringRef, Value>{"scale", adaptor.getScale()},
        std::pair<StringRef, Value>{"bias", adaptor.getBias()}}) {
    if (!value)
      continue;
    RankedTensorType type = rankedType(value);
    if (type.getShape() != normalized)
      return inferError(loc, getOperationName(), what, " ", type,
                        " must have the normalized shape ",
                        formatList(normalized), " of input ", input);
  }
  inferred.push_back(input);
  return success();
}

int64_t LayerNormOp::getFlopCount() {
  return saturatingMul(7, numElements(getType()));
}

LogicalResult SoftmaxOp::inferReturnTypes(MLIRContext *,
                                          std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &inferred) {
  RankedTensorType input = rankedType(adaptor.getInput());
  if (failed(resolveAxis(loc, getOperationName(),
                         static_cast<int64_t>(adaptor.getAxis()), input)))
    return failure();
  inferred.push_back(input);
  return success();
}

int64_t SoftmaxOp::getFlopCount() {
  return saturatingMul(5, numElements(getType()));
}
