//===- Passes.h - mcg code generation passes --------------------*- C++ -*-===//

#ifndef MCG_CODEGEN_PASSES_H
#define MCG_CODEGEN_PASSES_H

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/UB/IR/UBOps.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Pass/Pass.h"

namespace mcg {

#define GEN_PASS_DECL
#include "mcg/Codegen/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "mcg/Codegen/Passes.h.inc"

} // namespace mcg

#endif // MCG_CODEGEN_PASSES_H
