//===- Pipelines.h - mcg pass pipelines -------------------------*- C++ -*-===//
//
// The registered pipelines: `cgraph-to-llvm`, from cgraph to the LLVM
// dialect.
//
//===----------------------------------------------------------------------===//

#ifndef MCG_PIPELINES_PIPELINES_H
#define MCG_PIPELINES_PIPELINES_H

#include "mlir/Pass/PassManager.h"

namespace mcg {

/// What the code is generated for.
struct CodegenOptions {
  /// OpenMP threads (> 1: the code then needs the OpenMP runtime).
  unsigned threads = 1;
  /// Register tile of contractions: rows x columns (contiguous lanes) x
  /// reduction steps. The default suits AVX-512 (two 16-lane registers of
  /// columns, sixteen accumulators); mcg-run and mcg-compile choose it for
  /// their target CPU (mcg::codegenOptionsFor).
  int64_t mTile = 8, nTile = 32, kTile = 8;
  /// f32 lanes of one vector register (16: AVX-512).
  int64_t lanes = 16;
  /// The target has fused multiply-add instructions (pin-multiply-add).
  bool fusedMultiplyAdd = true;
  /// Time every kernel call (mcg-run --profile): the graph functions call
  /// `mcg_profile_enter` / `mcg_profile_exit`, which the tool defines, and
  /// the module holds a description of each call (mcg/Codegen/KernelProfile.h).
  bool profile = false;
};

/// Adds the passes that lower cgraph (after any prune / fold / fuse) to the
/// LLVM dialect: convert-cgraph-to-linalg, elementwise fusion per kernel,
/// register tiles for contractions, one-shot bufferization across function
/// boundaries, results as output parameters, one memory arena per call,
/// loops, and the conversions to LLVM with the bare-pointer calling
/// convention (a graph becomes `void g(const T *in0, ..., T *out0, ...)`).
/// With `threads` > 1, tile loops and large loop nests run on that many
/// OpenMP threads.
void buildCGraphToLLVMPipeline(mlir::OpPassManager &pm,
                               const CodegenOptions &options = {});

/// Registers `cgraph-to-llvm` with the pass registry.
void registerCGraphPipelines();

} // namespace mcg

#endif // MCG_PIPELINES_PIPELINES_H
