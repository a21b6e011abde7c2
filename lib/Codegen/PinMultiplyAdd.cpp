//===- PinMultiplyAdd.cpp - fused everywhere or nowhere -------------------===//
//
// llvm.intr.fmuladd may be fused or not, at LLVM's choice per call site,
// and LLVM chooses by context: with a constant operand after inlining it
// folds the product and rounds it. The same kernel then computed other
// last bits in a pruned slice than in the full graph. Each fmuladd becomes
// llvm.intr.fma on a target with FMA instructions, llvm.fmul + llvm.fadd
// on one without: the same bits wherever the kernel runs.
//
//===----------------------------------------------------------------------===//

#include "mcg/Codegen/Passes.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/PatternMatch.h"

namespace mcg {
#define GEN_PASS_DEF_PINMULTIPLYADD
#include "mcg/Codegen/Passes.h.inc"
} // namespace mcg

using namespace mlir;

namespace {

struct PinMultiplyAddPass
    : public mcg::impl::PinMultiplyAddBase<PinMultiplyAddPass> {
  using Base::Base;

  void runOnOperation() override {
    IRRewriter rewriter(&getContext());
    getOperation().walk([&](LLVM::FMulAddOp op) {
      rewriter.setInsertionPoint(op);
      Value a = op.getA(), b = op.getB(), c = op.getC();
      Value result;
      if (fused) {
        result = LLVM::FMAOp::create(rewriter, op.getLoc(), a, b, c,
                                     op.getFastmathFlags());
      } else {
        Value product = LLVM::FMulOp::create(rewriter, op.getLoc(), a, b,
                                             op.getFastmathFlags());
        result = LLVM::FAddOp::create(rewriter, op.getLoc(), product, c,
                                      op.getFastmathFlags());
      }
      rewriter.replaceOp(op, result);
    });
  }
};

} // namespace
