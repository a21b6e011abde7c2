//===- MatrixProducts.cpp - matrix products: rows gathered, B in panels ---===//
//
// The matrix-product kernel family of vectorize-contractions. A product
// whose rows span several dimensions (a transformer's 1 x 197 x 768
// activations times a 768 x 3072 weight, or 197 x 1 x 768) is one matrix
// product over the gathered rows; a product of one row with a transposed
// weight is a matrix-vector product over the weight's rows; a 2-D
// product generic (a gemm) is a linalg.matmul; and a large right operand is
// packed into panels of n-tile contiguous columns, with the product's
// elementwise epilogue, if it has one, computed on each register tile over the
// panels.
//
// vit_b_16's 1 x 197 x 768 * 768 x 3072 + bias ran at 11 GFLOP/s as
// tiles of one row (197 has no divisor near 8) and 72 GFLOP/s with peeled
// 8-row tiles; see docs/benchmarks.md for what the panels add.
//
//===----------------------------------------------------------------------===//

#include "ContractionStrategies.h"
#include "mcg/Conversion/CGraphToLinalg/CGraphToLinalg.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

using namespace mlir;
using namespace mcg::codegen;

bool mcg::codegen::isConstantArgument(Value value) {
  while (Operation *def = value.getDefiningOp()) {
    if (!isa<linalg::TransposeOp, tensor::ExpandShapeOp,
             tensor::CollapseShapeOp>(def))
      return false;
    value = def->getOperand(0);
  }
  auto arg = dyn_cast<BlockArgument>(value);
  auto func = arg ? dyn_cast<func::FuncOp>(arg.getOwner()->getParentOp())
                  : func::FuncOp();
  return func && func.getArgAttr(arg.getArgNumber(), mcg::kConstantArgAttrName);
}

bool mcg::codegen::isMatrixVector(linalg::LinalgOp op) {
  FailureOr<linalg::ContractionDimensions> dims =
      linalg::inferContractionDims(op);
  return succeeded(dims) && dims->m.empty() && dims->batch.empty() &&
         !dims->n.empty() && !dims->k.empty();
}

LogicalResult mcg::codegen::matrixVector(RewriterBase &rewriter,
                                         linalg::GenericOp generic,
                                         const PackingOptions &packing) {
  MLIRContext *ctx = rewriter.getContext();
  AffineExpr m, n, k;
  bindDims(ctx, m, n, k);
  SmallVector<AffineMap> expected = {AffineMap::get(3, 0, {m, k}, ctx),
                                     AffineMap::get(3, 0, {k, n}, ctx),
                                     AffineMap::get(3, 0, {m, n}, ctx)};
  if (generic.getNumDpsInputs() != 2 || generic.getNumDpsInits() != 1 ||
      !linalg::isaContractionOpInterface(generic) ||
      generic.getIndexingMapsArray() != expected)
    return failure();
  SmallVector<int64_t> bounds = generic.getStaticLoopRanges();
  auto transpose =
      generic.getDpsInputs()[1].getDefiningOp<linalg::TransposeOp>();
  if (bounds[0] != 1 || llvm::any_of(bounds, ShapedType::isDynamic) ||
      !transpose || transpose.getPermutation() != ArrayRef<int64_t>{1, 0})
    return failure();
  int64_t bytes = bounds[1] * bounds[2] *
                  getElementTypeOrSelf(transpose.getInput().getType())
                      .getIntOrFloatBitWidth() /
                  8;
  if (bounds[1] % packing.nTile == 0 && bytes >= packing.minBytes)
    return failure();
  Location loc = generic.getLoc();
  rewriter.setInsertionPoint(generic);
  SmallVector<ReassociationIndices> flat = {{0, 1}};
  Value a = tensor::CollapseShapeOp::create(rewriter, loc,
                                            generic.getDpsInputs()[0], flat);
  Value c = tensor::CollapseShapeOp::create(rewriter, loc,
                                            generic.getDpsInits()[0], flat);
  AffineExpr row, col;
  bindDims(ctx, row, col);
  SmallVector<AffineMap> maps = {AffineMap::get(2, 0, {col}, ctx),
                                 AffineMap::get(2, 0, {row, col}, ctx),
                                 AffineMap::get(2, 0, {row}, ctx)};
  auto dots = linalg::GenericOp::create(
      rewriter, loc, TypeRange{c.getType()},
      ValueRange{a, transpose.getInput()}, ValueRange{c}, maps,
      {utils::IteratorType::parallel, utils::IteratorType::reduction});
  IRMapping mapping;
  generic.getRegion().cloneInto(&dots.getRegion(), mapping);
  rewriter.replaceOpWithNewOp<tensor::ExpandShapeOp>(
      generic, generic.getResult(0).getType(), dots.getResult(0), flat);
  if (transpose->use_empty())
    rewriter.eraseOp(transpose);
  return success();
}

FailureOr<linalg::MatmulOp> mcg::codegen::asMatmul(RewriterBase &rewriter,
                                                   linalg::GenericOp generic) {
  if (generic.getNumDpsInputs() != 2 || generic.getNumDpsInits() != 1 ||
      generic.getNumLoops() != 3)
    return failure();
  if (!linalg::isaContractionOpInterface(generic) ||
      generic.getNumReductionLoops() != 1)
    return failure();
  MLIRContext *ctx = rewriter.getContext();
  SmallVector<AffineMap> maps = generic.getIndexingMapsArray();
  // Rows and columns from the result's map, k is the reduction loop.
  AffineMap out = maps[2];
  if (out.getNumResults() != 2 || !out.isProjectedPermutation())
    return failure();
  unsigned m = cast<AffineDimExpr>(out.getResult(0)).getPosition();
  unsigned n = cast<AffineDimExpr>(out.getResult(1)).getPosition();
  unsigned k = 3 - m - n;
  auto map = [&](unsigned r, unsigned c) {
    return AffineMap::get(
        3, 0, {getAffineDimExpr(r, ctx), getAffineDimExpr(c, ctx)}, ctx);
  };
  if (m == n ||
      generic.getIteratorTypesArray()[k] != utils::IteratorType::reduction ||
      out != map(m, n))
    return failure();
  Value a, b;
  if (maps[0] == map(m, k) && maps[1] == map(k, n)) {
    a = generic.getDpsInputs()[0];
    b = generic.getDpsInputs()[1];
  } else if (maps[1] == map(m, k) && maps[0] == map(k, n)) {
    a = generic.getDpsInputs()[1];
    b = generic.getDpsInputs()[0];
  } else {
    return failure();
  }
  rewriter.setInsertionPoint(generic);
  auto matmul = linalg::MatmulOp::create(
      rewriter, generic.getLoc(), generic.getResultTypes(), ValueRange{a, b},
      generic.getDpsInits());
  rewriter.replaceOp(generic, matmul->getResults());
  return matmul;
}

FailureOr<linalg::MatmulOp>
mcg::codegen::gatherRows(RewriterBase &rewriter, linalg::GenericOp generic) {
  if (!generic.hasPureTensorSemantics() || generic.getNumDpsInputs() != 2 ||
      generic.getNumDpsInits() != 1 ||
      !linalg::isaContractionOpInterface(generic))
    return failure();
  FailureOr<linalg::ContractionDimensions> dims =
      linalg::inferContractionDims(generic);
  if (failed(dims) || !dims->batch.empty() || dims->m.size() < 2 ||
      dims->n.size() != 1 || dims->k.size() != 1 ||
      llvm::any_of(generic.getStaticLoopRanges(), ShapedType::isDynamic))
    return failure();
  // Loops (r0, ..., rj, n, k): A[r..., k], B[k, n], C[r..., n].
  unsigned rows = dims->m.size(), loops = generic.getNumLoops();
  if (loops != rows + 2 || dims->n[0] != rows || dims->k[0] != rows + 1)
    return failure();
  for (auto [i, d] : llvm::enumerate(dims->m))
    if (d != i)
      return failure();
  MLIRContext *ctx = rewriter.getContext();
  SmallVector<AffineExpr> a, c;
  for (unsigned d = 0; d < rows; ++d) {
    a.push_back(getAffineDimExpr(d, ctx));
    c.push_back(getAffineDimExpr(d, ctx));
  }
  a.push_back(getAffineDimExpr(rows + 1, ctx));
  c.push_back(getAffineDimExpr(rows, ctx));
  AffineMap b = AffineMap::get(
      loops, 0, {getAffineDimExpr(rows + 1, ctx), getAffineDimExpr(rows, ctx)},
      ctx);
  SmallVector<AffineMap> maps = generic.getIndexingMapsArray();
  if (maps[0] != AffineMap::get(loops, 0, a, ctx) || maps[1] != b ||
      maps[2] != AffineMap::get(loops, 0, c, ctx))
    return failure();

  linalg::GenericOp epilogue = elementwiseEpilogue(generic);
  ReassociationIndices gathered = llvm::to_vector(llvm::seq<int64_t>(0, rows));
  SmallVector<ReassociationIndices> loopGroups = {gathered, {rows}, {rows + 1}};
  SmallVector<ReassociationIndices> resultGroups = {gathered, {rows}};
  rewriter.setInsertionPoint(generic);
  FailureOr<linalg::CollapseResult> collapsed =
      linalg::collapseOpIterationDims(generic, loopGroups, rewriter);
  if (failed(collapsed))
    return failure();
  auto expand = collapsed->results[0].getDefiningOp<tensor::ExpandShapeOp>();
  rewriter.replaceOp(generic, collapsed->results);
  auto product = cast<linalg::GenericOp>(collapsed->collapsedOp.getOperation());
  refillAccumulator(rewriter, product);
  if (epilogue && expand)
    collapseEpilogue(rewriter, epilogue, expand, resultGroups);
  return asMatmul(rewriter, product);
}

LogicalResult mcg::codegen::packMatmul(RewriterBase &rewriter,
                                       linalg::MatmulOp matmul,
                                       const PackingOptions &options) {
  if (!matmul.hasPureTensorSemantics() || matmul.hasUserDefinedMaps())
    return failure();
  Value a = matmul.getDpsInputs()[0], b = matmul.getDpsInputs()[1];
  Value c = matmul.getDpsInits()[0];
  auto aType = cast<RankedTensorType>(a.getType());
  auto bType = cast<RankedTensorType>(b.getType());
  auto cType = cast<RankedTensorType>(c.getType());
  Type element = cType.getElementType();
  if (!aType.hasStaticShape() || !bType.hasStaticShape() ||
      !cType.hasStaticShape() || aType.getElementType() != element ||
      bType.getElementType() != element || !isa<FloatType>(element))
    return failure();
  int64_t m = cType.getDimSize(0), n = cType.getDimSize(1),
          k = aType.getDimSize(1);
  int64_t bytes = k * n * element.getIntOrFloatBitWidth() / 8;
  if (bytes < options.minBytes)
    return failure();
  // Panels of n-tile columns pay for their copy when rows reuse them. A
  // product of a few rows (a batch-1 fully connected layer) streams its
  // right operand once, at memory bandwidth if it reads it contiguously:
  // its panels are laid out at compile time, so only a constant operand
  // is packed, in panels as wide as the register tile's columns (1000
  // classes: 10 columns).
  int64_t nTile = options.nTile;
  if (m < 2 * options.mTile) {
    if (!isConstantArgument(b))
      return failure();
    if (n % nTile != 0)
      nTile = columnsAtMost(n, nTile, options.lanes);
    if (2 * nTile < options.lanes)
      return failure();
  } else if (n % nTile != 0) {
    return failure();
  }
  int64_t panels = n / nTile;
  linalg::GenericOp epilogue = elementwiseEpilogue(matmul);

  MLIRContext *ctx = rewriter.getContext();
  Location loc = matmul.getLoc();
  rewriter.setInsertionPoint(matmul);
  SmallVector<ReassociationIndices> split = {{0}, {1, 2}};
  // Bp[jo, k, ji] = B[k, jo * n + ji]; when B is a transposed N x K weight
  // (ONNX Gemm's transB), = W[jo * n + ji, k], one transpose of W's rows.
  Value packed;
  auto transpose = b.getDefiningOp<linalg::TransposeOp>();
  if (transpose && transpose.getPermutation() == ArrayRef<int64_t>{1, 0}) {
    Value w3 = tensor::ExpandShapeOp::create(
        rewriter, loc, RankedTensorType::get({panels, nTile, k}, element),
        transpose.getInput(), SmallVector<ReassociationIndices>{{0, 1}, {2}});
    packed = transposed(rewriter, loc, w3, {0, 2, 1});
  } else {
    Value b3 = tensor::ExpandShapeOp::create(
        rewriter, loc, RankedTensorType::get({k, panels, nTile}, element), b,
        split);
    packed = transposed(rewriter, loc, b3, {1, 0, 2});
  }
  auto c3Type = RankedTensorType::get({m, panels, nTile}, element);
  Value c3 = tensor::ExpandShapeOp::create(rewriter, loc, c3Type, c, split);
  AffineExpr i, jo, ji, kk;
  bindDims(ctx, i, jo, ji, kk);
  SmallVector<AffineMap> maps = {AffineMap::get(4, 0, {i, kk}, ctx),
                                 AffineMap::get(4, 0, {jo, kk, ji}, ctx),
                                 AffineMap::get(4, 0, {i, jo, ji}, ctx)};
  linalg::GenericOp product = multiplyAccumulate(
      rewriter, loc, {a, packed}, c3, maps,
      {utils::IteratorType::parallel, utils::IteratorType::parallel,
       utils::IteratorType::parallel, utils::IteratorType::reduction});

  if (epilogue) {
    // The epilogue, over C viewed as M x N/n x n too, stays the product's
    // only reader: register tiling then computes it on each tile, panel by
    // panel (the panel stays in cache while every row tile passes over it).
    product->setAttr(kPanelsOuter, UnitAttr::get(ctx));
    auto result = tensor::CollapseShapeOp::create(rewriter, loc, cType,
                                                  product.getResult(0), split);
    rewriter.replaceOp(matmul, result.getResult());
    refillAccumulator(rewriter, product);
    RewritePatternSet patterns(ctx);
    linalg::populateFoldReshapeOpsByExpansionPatterns(
        patterns,
        [&](OpOperand *operand) { return operand->getOwner() == epilogue; });
    GreedyRewriteConfig config;
    config.setStrictness(GreedyRewriteStrictness::ExistingOps);
    if (failed(applyOpPatternsGreedily({epilogue.getOperation()},
                                       std::move(patterns), config)))
      return failure();
    if (result->use_empty())
      rewriter.eraseOp(result);
    if (transpose && transpose->use_empty())
      rewriter.eraseOp(transpose);
    return success();
  }

  // Without an epilogue: blocks of pack-n columns x pack-k reduction steps,
  // so that one block of panels stays in cache while every row of A passes
  // over it.
  int64_t blockPanels =
      divisorAtMost(panels, std::max<int64_t>(1, options.blockN / nTile));
  if (transpose && transpose->use_empty())
    rewriter.eraseOp(transpose);
  int64_t blockK = divisorAtMost(k, options.blockK);
  scf::SCFTilingOptions tiling;
  tiling.setTileSizes(getAsIndexOpFoldResult(
      ctx, ArrayRef<int64_t>{0, blockPanels, 0, blockK}));
  FailureOr<scf::SCFTilingResult> blocked = scf::tileUsingSCF(
      rewriter, cast<TilingInterface>(product.getOperation()), tiling);
  if (failed(blocked))
    return failure();
  rewriter.eraseOp(product);
  Value result = tensor::CollapseShapeOp::create(
      rewriter, loc, cType, blocked->replacements[0], split);
  rewriter.replaceOp(matmul, result);
  return success();
}
