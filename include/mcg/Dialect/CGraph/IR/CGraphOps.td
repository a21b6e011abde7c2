//===- CGraphOps.td - all cgraph ops -----------------------*- tablegen -*-===//
//
// The root TableGen file of the cgraph dialect; the ops live in one file per
// family.
//
//===----------------------------------------------------------------------===//

#ifndef MCG_DIALECT_CGRAPH_IR_CGRAPHOPS_TD
#define MCG_DIALECT_CGRAPH_IR_CGRAPHOPS_TD

include "mcg/Dialect/CGraph/IR/CGraphBase.td"
include "mcg/Dialect/CGraph/IR/CGraphStructureOps.td"
include "mcg/Dialect/CGraph/IR/CGraphControlFlowOps.td"
include "mcg/Dialect/CGraph/IR/CGraphElementwiseOps.td"
include "mcg/Dialect/CGraph/IR/CGraphNNOps.td"
include "mcg/Dialect/CGraph/IR/CGraphShapeOps.td"

#endif // MCG_DIALECT_CGRAPH_IR_CGRAPHOPS_TD
