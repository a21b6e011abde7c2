//===- ShapeOps.cpp - reductions and data movement ------------------------===//
//
// Shape inference and verification of reductions, reshape, transpose,
// concat, slice, pad, gather and flatten.
//
//===----------------------------------------------------------------------===//

#include "InferShape.h"
#include "mcg/Dialect/CGraph/IR/CGraph.h"
#include "mcg/Dialect/CGraph/IR/TensorSize.h"

#include "llvm/ADT/SmallBitVector.h"
#include "llvm/Support/CheckedArithmetic.h"

using namespace mlir;
using namespace mcg::cgraph;
using namespace mcg::cgraph::detail;

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

template <typename OpTy>
static LogicalResult inferReduce(std::optional<Location> loc,
                                 typename OpTy::Adaptor adaptor,
                                 SmallVectorImpl<Type> &inferred) {
  RankedTensorType input = rankedType(adaptor.getInput());
  int64_t rank = input.getRank();
  llvm::SmallBitVector reduced(rank, adaptor.getAxes().empty());
  for (int64_t axis : adaptor.getAxes()) {
    FailureOr<int64_t> a =
        resolveAxis(loc, OpTy::getOperationName(), axis, input);
    if (failed(a))
      return failure();
    if (reduced.test(*a))
      return inferError(loc, OpTy::getOperationName(), "axis ", axis,
                        " is listed twice in ", formatList(adaptor.getAxes()));
    reduced.set(*a);
  }
  SmallVector<int64_t> shape;
  for (int64_t i = 0; i < rank; ++i) {
    if (!reduced.test(i))
      shape.push_back(input.getDimSize(i));
    else if (adaptor.getKeepdims())
      shape.push_back(1);
  }
  inferred.push_back(RankedTensorType::get(shape, input.getElementType()));
  return success();
}

#define CGRAPH_REDUCE(OP)                                                      \
  LogicalResult OP::inferReturnTypes(                                          \
      MLIRContext *, std::optional<Location> loc, Adaptor adaptor,             \
      SmallVectorImpl<Type> &inferred) {                                       \
    return inferReduce<OP>(loc, adaptor, inferred);                            \
  }                                                                            \
  int64_t OP::getFlopCount() {                                                 \
    return staticNumElements(getInput().getType()).value_or(0);                \
  }

CGRAPH_REDUCE(ReduceSumOp)
CGRAPH_REDUCE(ReduceMeanOp)
CGRAPH_REDUCE(ReduceMaxOp)
CGRAPH_REDUCE(ReduceMinOp)

#undef CGRAPH_REDUCE

template <typename OpTy>
static LogicalResult inferArgReduce(std::optional<Location> loc,
                                    typename OpTy::Adaptor adaptor,
                                    SmallVectorImpl<Type> &inferred) {
  RankedTensorType input = rankedType(adaptor.getInput());
  auto attrAxis = static_cast<int64_t>(adaptor.getAxis());
  FailureOr<int64_t> axis =
      resolveAxis(loc, OpTy::getOperationName(), attrAxis, input);
  if (failed(axis))
    return failure();
  if (input.getDimSize(*axis) == 0)
    return inferError(loc, OpTy::getOperationName(), "axis ", attrAxis, " of ",
                      input, " is empty: there is no index to return");
  SmallVector<int64_t> shape(input.getShape());
  if (adaptor.getKeepdims())
    shape[*axis] = 1;
  else
    shape.erase(shape.begin() + *axis);
  inferred.push_back(
      RankedTensorType::get(shape, IntegerType::get(input.getContext(), 64)));
  return success();
}

#define CGRAPH_ARG_REDUCE(OP)                                                  \
  LogicalResult OP::inferReturnTypes(                                          \
      MLIRContext *, std::optional<Location> loc, Adaptor adaptor,             \
      SmallVectorImpl<Type> &inferred) {                                       \
    return inferArgReduce<OP>(loc, adaptor, inferred);                         \
  }                                                                            \
  int64_t OP::getFlopCount() {                                                 \
    return staticNumElements(getInput().getType()).value_or(0);                \
  }

CGRAPH_ARG_REDUCE(ArgMaxOp)
CGRAPH_ARG_REDUCE(ArgMinOp)

#undef CGRAPH_ARG_REDUCE

//===----------------------------------------------------------------------===//
// reshape
//===----------------------------------------------------------------------===//

LogicalResult ReshapeOp::verify() {
  auto in = rankedType(getInput());
  auto out = cast<RankedTensorType>(getType());
  if (failed(verifyTensorSize(*this, "result", out)))
    return failure();
  if (in.getElementType() != out.getElementType())
    return emitOpError() << "changes the element type: input " << in
                         << ", result " << out;
  std::optional<int64_t> inCount = staticNumElements(in);
  std::optional<int64_t> outCount = staticNumElements(out);
  if (inCount && outCount && *inCount != *outCount)
    return emitOpError() << "changes the element count: input " << in << " has "
                         << *inCount << " elements, result " << out << " has "
                         << *outCount;
  return success();
}

//===----------------------------------------------------------------------===//
// transpose
//===----------------------------------------------------------------------===//

LogicalResult TransposeOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &inferred) {
  RankedTensorType input = rankedType(adaptor.getInput());
  ArrayRef<int64_t> perm = adaptor.getPerm();
  int64_t rank = input.getRank();
  llvm::SmallBitVector seen(rank);
  bool ok = static_cast<int64_t>(perm.size()) == rank;
  for (int64_t p : perm) {
    if (!ok)
      break;
    ok = p >= 0 && p < rank && !seen.test(p);
    if (ok)
      seen.set(p);
  }
  if (!ok)
    return inferError(loc, getOperationName(), "perm ", formatList(perm),
                      " is not a permutation of the ", rank,
                      " dimensions of input ", input);
  SmallVector<int64_t> shape;
  for (int64_t p : perm)
    shape.push_back(input.getDimSize(p));
  inferred.push_back(RankedTensorType::get(shape, input.getElementType()));
  return success();
}

//===----------------------------------------------------------------------===//
// concat
//===----------------------------------------------------------------------===//

LogicalResult ConcatOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &inferred) {
  ValueRange inputs = adaptor.getInputs();
  if (inputs.empty())
    return inferError(loc, getOperationName(), "needs at least one input");
  RankedTensorType first = rankedType(inputs.front());
  int64_t rank = first.getRank();
  FailureOr<int64_t> axis = resolveAxis(
      loc, getOperationName(), static_cast<int64_t>(adaptor.getAxis()), first);
  if (failed(axis))
    return failure();
  SmallVector<int64_t> shape(first.getShape());
  for (auto [i, value] : llvm::enumerate(inputs.drop_front())) {
    RankedTensorType type = rankedType(value);
    if (type.getRank() != rank)
      return inferError(loc, getOperationName(), "input #", i + 1, " ", type,
                        " has a different rank than input #0 ", first);
    for (int64_t d = 0; d < rank; ++d) {
      int64_t a = shape[d], b = type.getDimSize(d);
      if (d == *axis) {
        if (ShapedType::isDynamic(a) || ShapedType::isDynamic(b)) {
          shape[d] = kDyn;
          continue;
        }
        std::optional<int64_t> sum = llvm::checkedAdd(a, b);
        if (!sum)
          return inferError(loc, getOperationName(), "concatenating input #",
                            i + 1, " ", type, " overflows 64-bit sizes");
        shape[d] = *sum;
      } else if (!ShapedType::isDynamic(a) && !ShapedType::isDynamic(b) &&
                 a != b) {
        return inferError(loc, getOperationName(), "input #", i + 1, " ", type,
                          " differs from input #0 ", first, " in dimension ", d,
                          ", which is not the axis ", *axis);
      }
    }
  }
  inferred.push_back(RankedTensorType::get(shape, first.getElementType()));
  return success();
}

//===----------------------------------------------------------------------===//
// slice
//===----------------------------------------------------------------------===//

LogicalResult SliceOp::inferReturnTypes(MLIRContext *,
                                        std::optional<Location> loc,
                                        Adaptor adaptor,
                                        SmallVectorImpl<Type> &inferred) {
  RankedTensorType input = rankedType(adaptor.getInput());
  ArrayRef<int64_t> starts = adaptor.getStarts(), ends = adaptor.getEnds(),
                    steps = adaptor.getSteps();
  size_t rank = input.getRank();
  if (starts.size() != rank || ends.size() != rank || steps.size() != rank)
    return inferError(loc, getOperationName(),
                      "starts, ends and steps need one value per dimension of "
                      "input ",
                      input, ", got ", formatList(starts), ", ",
                      formatList(ends), " and ", formatList(steps));
  SmallVector<int64_t> shape;
  for (size_t d = 0; d < rank; ++d) {
    int64_t dim = input.getDimSize(d);
    if (steps[d] < 1)
      return inferError(loc, getOperationName(), "step ", steps[d],
                        " of dimension ", d, " must be positive");
    if (ShapedType::isDynamic(dim) && ends[d] == SliceOp::kToEnd &&
        starts[d] >= 0) {
      shape.push_back(ShapedType::kDynamic);
      continue;
    }
    if (starts[d] < 0 || starts[d] > ends[d] ||
        (!ShapedType::isDynamic(dim) && ends[d] > dim))
      return inferError(loc, getOperationName(), "window [", starts[d], ", ",
                        ends[d], ") of dimension ", d, " is not within [0, ",
                        dim, "] of input ", input);
    // ceil((end - start) / step), which cannot overflow.
    int64_t span = ends[d] - starts[d];
    shape.push_back(span == 0 ? 0 : (span - 1) / steps[d] + 1);
  }
  inferred.push_back(RankedTensorType::get(shape, input.getElementType()));
  return success();
}

//===----------------------------------------------------------------------===//
// pad
//===----------------------------------------------------------------------===//

LogicalResult PadOp::inferReturnTypes(MLIRContext *,
                                      std::optional<Location> loc,
                                      Adaptor adaptor,
                                      SmallVectorImpl<Type> &inferred) {
  RankedTensorType input = rankedType(adaptor.getInput());
  ArrayRef<int64_t> pads = adaptor.getPads();
  int64_t rank = input.getRank();
  if (static_cast<int64_t>(pads.size()) != 2 * rank ||
      llvm::any_of(pads, [](int64_t p) { return p < 0; }))
    return inferError(
        loc, getOperationName(), "pads ", formatList(pads), " must be ",
        2 * rank, " non-negative values (begins, then ends) for input ", input);
  SmallVector<int64_t> shape;
  for (int64_t d = 0; d < rank; ++d) {
    int64_t dim = input.getDimSize(d);
    if (adaptor.getMode() == PadMode::reflect && !ShapedType::isDynamic(dim) &&
        (pads[d] >= dim || pads[rank + d] >= dim))
      return inferError(loc, getOperationName(), "reflect padding of ", pads[d],
                        " and ", pads[rank + d], " in dimension ", d,
                        " needs more than ", dim, " elements in input ", input);
    if (adaptor.getMode() == PadMode::edge && dim == 0 &&
        (pads[d] || pads[rank + d]))
      return inferError(loc, getOperationName(),
                        "edge padding of an empty dimension ", d, " of ",
                        input);
    if (ShapedType::isDynamic(dim)) {
      shape.push_back(kDyn);
      continue;
    }
    std::optional<int64_t> size = llvm::checkedAdd(dim, pads[d]);
    if (size)
      size = llvm::checkedAdd(*size, pads[rank + d]);
    if (!size)
      return inferError(loc, getOperationName(), "pads ", formatList(pads),
                        " of input ", input, " overflow 64-bit sizes");
    shape.push_back(*size);
  }
  inferred.push_back(RankedTensorType::get(shape, input.getElementType()));
  return success();
}

//===----------------------------------------------------------------------===//
// gather
//===----------------------------------------------------------------------===//

LogicalResult GatherOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &inferred) {
  RankedTensorType data = rankedType(adaptor.getData());
  RankedTensorType indices = rankedType(adaptor.getIndices());
  FailureOr<int64_t> axis =
      resolveAxis(loc, getOperationName(),
                  static_cast<int64_t>(adaptor.getAxis()), data, "data");
  if (failed(axis))
    return failure();
  // No index is valid on an empty axis.
  std::optional<int64_t> count = staticNumElements(indices);
  if (data.getDimSize(*axis) == 0 && count.value_or(1) != 0)
    return inferError(loc, getOperationName(), "axis ", adaptor.getAxis(),
                      " of data ", data,
                      " is empty: there is nothing to gather from");
  SmallVector<int64_t> shape(data.getShape().take_front(*axis));
  llvm::append_range(shape, indices.getShape());
  llvm::append_range(shape, data.getShape().drop_front(*axis + 1));
  inferred.push_back(RankedTensorType::get(shape, data.getElementType()));
  return success();
}

//===----------------------------------------------------------------------===//
// flatten
//===----------------------------------------------------------------------===//

LogicalResult FlattenOp::inferReturnTypes(MLIRContext *,
                                          std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &inferred) {
  RankedTensorType input = rankedType(adaptor.getInput());
  // The axis may equal the rank (everything goes to the first dimension).
  FailureOr<int64_t> axis =
      resolveAxis(loc, getOperationName(),
                  static_cast<int64_t>(adaptor.getAxis()), input, "input",
                  /*extra=*/1);
  if (failed(axis))
    return failure();
  // The input is within the size limit, so the products fit.
  auto product = [](ArrayRef<int64_t> dims) {
    int64_t p = 1;
    for (int64_t d : dims) {
      if (ShapedType::isDynamic(d))
        return kDyn;
      p = llvm::checkedMul(p, d).value_or(kDyn);
    }
    return p;
  };
  ArrayRef<int64_t> shape = input.getShape();
  inferred.push_back(RankedTensorType::get(
      {product(shape.take_front(*axis)), product(shape.drop_front(*axis))},
      input.getElementType()));
  return success();
}

/// An index in a dense literal outside [-n, n) is an error (as in ONNX);
/// one computed at run time (or in a dense_resource blob) is clamped into
/// the axis by the lowering.
LogicalResult GatherOp::verify() {
  auto cst = getIndices().getDefiningOp<ConstantOp>();
  auto dense = cst ? dyn_cast<DenseIntElementsAttr>(cst.getValue()) : nullptr;
  RankedTensorType data = rankedType(getData());
  int64_t rank = data.getRank();
  int64_t axis = static_cast<int64_t>(getAxis());
  if (!dense || axis < -rank || axis >= rank)
    return success();
  int64_t n = data.getDimSize(axis < 0 ? axis + rank : axis);
  if (ShapedType::isDynamic(n))
    return success();
  auto check = [&](const APInt &raw) -> LogicalResult {
    int64_t index = raw.getSExtValue();
    if (index >= -n && index < n)
      return success();
    return emitOpError() << "constant index " << index << " is out of range ["
                         << -n << ", " << n << ") for axis " << axis
                         << " of data " << data;
  };
  if (dense.isSplat())
    return dense.getNumElements() == 0 ? success()
                                       : check(dense.getSplatValue<APInt>());
  for (const APInt &raw : dense.getValues<APInt>())
    if (failed(check(raw)))
      return failure();
  return success();
}
