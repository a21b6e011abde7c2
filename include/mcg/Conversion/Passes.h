//===- Passes.h - mcg conversion passes -------------------------*- C++ -*-===//

#ifndef MCG_CONVERSION_PASSES_H
#define MCG_CONVERSION_PASSES_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace mcg {

#define GEN_PASS_DECL
#include "mcg/Conversion/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "mcg/Conversion/Passes.h.inc"

} // namespace mcg

#endif // MCG_CONVERSION_PASSES_H
