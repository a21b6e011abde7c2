//===- ContractionStrategies.h - kernel families of vectorize-contractions ===//
//
// The rewrites vectorize-contractions applies per kernel family before it
// gives contractions register tiles, one file each. Private to
// lib/Codegen.
//
//===----------------------------------------------------------------------===//

#ifndef MCG_LIB_CODEGEN_CONTRACTIONSTRATEGIES_H
#define MCG_LIB_CODEGEN_CONTRACTIONSTRATEGIES_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/PatternMatch.h"

namespace mcg::codegen {

/// The elementwise generic that is the only reader of the contraction's
/// result (a fused group's epilogue: bias, activation, residual add),
/// reading it at the same indices, or null.
mlir::linalg::GenericOp elementwiseEpilogue(mlir::linalg::LinalgOp contraction);

/// out += ins[0] * ins[1] over the loops `kinds`, as a linalg.generic.
mlir::linalg::GenericOp
multiplyAccumulate(mlir::OpBuilder &builder, mlir::Location loc,
                   mlir::ValueRange ins, mlir::Value out,
                   llvm::ArrayRef<mlir::AffineMap> maps,
                   llvm::ArrayRef<mlir::utils::IteratorType> kinds);

/// A 1x1, unit-stride NCHW convolution whose output map has a multiple of
/// `lanes` positions, as a matrix product over the flattened map
/// (PointwiseConvolution.cpp): O[n, f, p] += W[f, c] X[n, c, p] with
/// p = h * W + w. Its elementwise epilogue, and the op that initializes its
/// accumulator, are flattened the same way, so that the product's register
/// tiles (32 positions x 8 channels) carry the epilogue. Fails, changing
/// nothing, for any other convolution.
mlir::LogicalResult rewritePointwiseConvolution(
    mlir::RewriterBase &rewriter, mlir::linalg::Conv2DNchwFchwOp conv,
    int64_t lanes);

} // namespace mcg::codegen

#endif // MCG_LIB_CODEGEN_CONTRACTIONSTRATEGIES_H
