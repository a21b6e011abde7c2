//===- Passes.h - cgraph transformation passes ------------------*- C++ -*-===//
//
// Declares the cgraph passes (generated from Passes.td) and their
// registration.
//
//===----------------------------------------------------------------------===//

#ifndef MCG_DIALECT_CGRAPH_TRANSFORMS_PASSES_H
#define MCG_DIALECT_CGRAPH_TRANSFORMS_PASSES_H

#include "mcg/Dialect/CGraph/IR/CGraph.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace mcg::cgraph {

#define GEN_PASS_DECL
#include "mcg/Dialect/CGraph/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "mcg/Dialect/CGraph/Transforms/Passes.h.inc"

} // namespace mcg::cgraph

#endif // MCG_DIALECT_CGRAPH_TRANSFORMS_PASSES_H
