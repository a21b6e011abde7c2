//===- Pipelines.h - mcg pass pipelines -------------------------*- C++ -*-===//
//
// The registered pipelines: `cgraph-to-llvm`, from cgraph to the LLVM
// dialect for the host CPU.
//
//===----------------------------------------------------------------------===//

#ifndef MCG_PIPELINES_PIPELINES_H
#define MCG_PIPELINES_PIPELINES_H

#include "mlir/Pass/PassManager.h"

namespace mcg {

/// Adds the passes that lower cgraph (after any prune / fold / fuse) to the
/// LLVM dialect: convert-cgraph-to-linalg, elementwise fusion per kernel,
/// one-shot bufferization across function boundaries, results as output
/// parameters, deallocation, loops, and the conversions to LLVM with the
/// bare-pointer calling convention (a graph becomes
/// `void g(const T *in0, ..., T *out0, ...)`).
/// With `threads` > 1, the tiled contractions run their outer tile loop on
/// that many OpenMP threads (the code then needs the OpenMP runtime).
void buildCGraphToLLVMPipeline(mlir::OpPassManager &pm, unsigned threads = 1);

/// Registers `cgraph-to-llvm` with the pass registry.
void registerCGraphPipelines();

} // namespace mcg

#endif // MCG_PIPELINES_PIPELINES_H
