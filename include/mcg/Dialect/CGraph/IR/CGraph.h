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

#include "mcg/Dialect/CGraph/IR/CGraphOpsDialect.h.inc"

#include "mcg/Dialect/CGraph/IR/CGraphEnums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "mcg/Dialect/CGraph/IR/CGraphAttrs.h.inc"

#include "mcg/Dialect/CGraph/IR/CGraphInterfaces.h.inc"

#define GET_OP_CLASSES
#include "mcg/Dialect/CGraph/IR/CGraphOps.h.inc"

#endif // MCG_DIALECT_CGRAPH_IR_CGRAPH_H
