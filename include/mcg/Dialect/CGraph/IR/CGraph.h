//===- CGraph.h - cgraph dialect and ops ------------------------*- C++ -*-===//
//
// Declares the cgraph dialect, its attributes, interfaces and ops.
//
//===----------------------------------------------------------------------===//

#ifndef MCG_DIALECT_CGRAPH_IR_CGRAPH_H
#define MCG_DIALECT_CGRAPH_IR_CGRAPH_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/CallInterfaces.h"
#include "mlir/Interfaces/ControlFlowInterfaces.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "mcg/Dialect/CGraph/IR/CGraphTraits.h"

#include <limits>

#include "mcg/Dialect/CGraph/IR/CGraphOpsDialect.h.inc"

#include "mcg/Dialect/CGraph/IR/CGraphEnums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "mcg/Dialect/CGraph/IR/CGraphAttrs.h.inc"

#include "mcg/Dialect/CGraph/IR/CGraphInterfaces.h.inc"

#define GET_OP_CLASSES
#include "mcg/Dialect/CGraph/IR/CGraphOps.h.inc"

namespace mlir {
class RewriterBase;
} // namespace mlir

namespace mcg::cgraph {
/// Rebuilds a cgraph.if, cgraph.loop or cgraph.scan without the results
/// nothing uses and, for the loops, without the loop-carried values only
/// those results need (with what computes them in the body). Returns the
/// new op, or `op` when every result is needed or the op has side effects.
mlir::Operation *dropUnusedResults(mlir::RewriterBase &rewriter,
                                   mlir::Operation *op);

/// Whether `op` is one of the binary arithmetic ops (add, sub, mul, div,
/// max, min, pow), each computed elementwise with numpy broadcasting.
bool isBinaryArithmetic(mlir::Operation *op);
} // namespace mcg::cgraph

#endif // MCG_DIALECT_CGRAPH_IR_CGRAPH_H
