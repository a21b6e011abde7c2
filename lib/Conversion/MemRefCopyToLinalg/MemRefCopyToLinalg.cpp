//===- MemRefCopyToLinalg.cpp - strided memref.copy to linalg.copy --------===//
//
// Keeps compiled models free of MLIR's runtime library: only contiguous
// copies stay memref.copy (llvm.memcpy); the others become linalg.copy.
//
//===----------------------------------------------------------------------===//

#include "mcg/Conversion/Passes.h"

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mcg {
#define GEN_PASS_DEF_CONVERTMEMREFCOPYTOLINALG
#include "mcg/Conversion/Passes.h.inc"
} // namespace mcg

using namespace mlir;

namespace {

bool isContiguous(Value v) {
  auto type = dyn_cast<MemRefType>(v.getType());
  return type && type.getLayout().isIdentity();
}

struct StridedCopy : public OpRewritePattern<memref::CopyOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(memref::CopyOp op,
                                PatternRewriter &rewriter) const override {
    if (isContiguous(op.getSource()) && isContiguous(op.getTarget()))
      return failure();
    rewriter.replaceOpWithNewOp<linalg::CopyOp>(op, op.getSource(),
                                                op.getTarget());
    return success();
  }
};

struct ConvertMemRefCopyToLinalgPass
    : public mcg::impl::ConvertMemRefCopyToLinalgBase<
          ConvertMemRefCopyToLinalgPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<StridedCopy>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
