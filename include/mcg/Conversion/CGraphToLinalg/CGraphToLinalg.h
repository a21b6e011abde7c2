//===- CGraphToLinalg.h - cgraph to linalg patterns -------------*- C++ -*-===//
//
// The patterns that lower cgraph ops to linalg / tensor / arith / math, one
// populate function per op family.
//
//===----------------------------------------------------------------------===//

#ifndef MCG_CONVERSION_CGRAPHTOLINALG_CGRAPHTOLINALG_H
#define MCG_CONVERSION_CGRAPHTOLINALG_CGRAPHTOLINALG_H

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/DialectConversion.h"

namespace mcg {
namespace cgraph {
class LoopOp;
} // namespace cgraph

/// The argument attribute of a kernel function whose every call passes a
/// constant there (a weight): code generation may then lay that operand
/// out at compile time (fold-constant-transposes) for its kernel.
constexpr llvm::StringLiteral kConstantArgAttrName = "cgraph.constant";

/// The attribute of a concatenation's kernel function: the axis (not
/// negative) along which it joins its inputs, its arguments in order
/// followed by the result. plan-memory may place the inputs inside the
/// result and drop the call.
constexpr llvm::StringLiteral kConcatAxisAttrName = "cgraph.concat_axis";

/// Elementwise ops (unary, binary with broadcasting) and casts.
void populateCGraphElementwiseToLinalgPatterns(mlir::RewritePatternSet &);
/// matmul, gemm, conv2d, conv_transpose2d.
void populateCGraphContractionToLinalgPatterns(mlir::RewritePatternSet &);
/// Pooling, batch_norm, layer_norm, softmax and reductions.
void populateCGraphReductionToLinalgPatterns(mlir::RewritePatternSet &);
/// reshape, flatten, transpose, concat, slice, pad, gather.
void populateCGraphDataMovementToLinalgPatterns(mlir::RewritePatternSet &);
/// if (scf.if), loop and scan (scf.for), inside their kernels.
void populateCGraphControlFlowToLinalgPatterns(mlir::RewritePatternSet &);
/// Readies `op` (in its graph, before outlining, while its constants are
/// still visible) for the loop lowering: rejects a while loop (no trip
/// count) and scan outputs the loop may not fill, with an error, and marks
/// a loop nothing can stop before its trip count, whose iterations then
/// need no test of the condition.
mlir::LogicalResult prepareLoopLowering(cgraph::LoopOp op);

} // namespace mcg

#endif // MCG_CONVERSION_CGRAPHTOLINALG_CGRAPHTOLINALG_H
