//===- Pipelines.cpp - mcg pass pipelines ---------------------------------===//

#include "mcg/Pipelines/Pipelines.h"
#include "mcg/Codegen/Passes.h"
#include "mcg/Conversion/Passes.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

void mcg::buildCGraphToLLVMPipeline(OpPassManager &pm,
                                    const CodegenOptions &options) {
  unsigned threads = options.threads;
  mcg::ConvertCGraphToLinalgOptions convert;
  convert.profile = options.profile;
  pm.addPass(mcg::createConvertCGraphToLinalg(convert));
  // mcg-run --profile: hooks around each kernel call, added on tensors
  // (buffer-results-to-out-params rebuilds calls without their attributes).
  if (options.profile)
    pm.addPass(mcg::createProfileKernelCalls());
  // Kernels hold one op or one fusion group: fusing elementwise generics
  // inside a kernel turns a group into one loop nest.
  pm.addNestedPass<func::FuncOp>(createLinalgElementwiseOpFusionPass());
  pm.addPass(createCanonicalizerPass());
  // Contractions: im2col, register tiles, vector.contract.
  mcg::VectorizeContractionsOptions tiles;
  tiles.mTile = options.mTile;
  tiles.nTile = options.nTile;
  tiles.kTile = options.kTile;
  tiles.lanes = options.lanes;
  tiles.threads = threads;
  pm.addNestedPass<func::FuncOp>(mcg::createVectorizeContractions(tiles));
  // Run-time transposes (around channels-last convolutions, ONNX
  // Transpose) in blocks of lanes x lanes through registers: as loops,
  // element by element, 30% of a convolution over 147 x 147.
  mcg::VectorizeTransposesOptions transposes;
  transposes.lanes = options.lanes;
  pm.addNestedPass<func::FuncOp>(mcg::createVectorizeTransposes(transposes));
  // Elementwise ops no contraction tile took: as scalar loops LLVM did not
  // vectorize them (a SiLU over 672 x 14 x 14 cost 3.3 ns per element).
  mcg::VectorizeElementwiseOptions elementwise;
  elementwise.lanes = options.lanes;
  pm.addNestedPass<func::FuncOp>(mcg::createVectorizeElementwise(elementwise));
  // Reductions over innermost dimensions (pools, softmax, layer norm): as
  // scalar loops one dependent add per element.
  mcg::VectorizeReductionsOptions reductions;
  reductions.lanes = options.lanes;
  pm.addNestedPass<func::FuncOp>(mcg::createVectorizeReductions(reductions));
  // Filters transposed for the tiles are constants: transpose them once.
  pm.addPass(mcg::createFoldConstantTransposes());
  pm.addPass(createCanonicalizerPass());

  bufferization::OneShotBufferizePassOptions bufferize;
  bufferize.bufferizeFunctionBoundaries = true;
  bufferize.functionBoundaryTypeConversion =
      bufferization::LayoutMapOption::IdentityLayoutMap;
  // A loop's body (cgraph.loop, cgraph.scan) computes the next loop-carried
  // value into a new buffer; only the kernels of those ops yield one.
  bufferize.allowReturnAllocsFromLoops = true;
  // A tile's tensor.empty (a fused convolution's accumulator) becomes a
  // slice of the buffer its result is finally written to, so the tile is
  // computed in place instead of in a per-tile allocation.
  pm.addPass(bufferization::createEmptyTensorEliminationPass());
  pm.addPass(bufferization::createOneShotBufferizePass(bufferize));
  // A loop nest that writes a kernel's result in place yields its memref
  // unchanged; folding those iter_args makes the function return the
  // allocation itself, which the next pass turns into the out-parameter.
  pm.addPass(createCanonicalizerPass());
  // Results become output parameters, written in place (no copy) where the
  // result buffer has a static shape.
  bufferization::BufferResultsToOutParamsPassOptions outParams;
  outParams.hoistStaticAllocs = true;
  outParams.modifyPublicFunctions = true;
  pm.addPass(bufferization::createBufferResultsToOutParamsPass(outParams));
  // Bufferizing a tiled loop writes each tile back through a second,
  // identical subview; CSE makes it the same value and canonicalization
  // drops the resulting self-copy, which lets the tile be hoisted.
  pm.addPass(createCSEPass());
  pm.addPass(createCanonicalizerPass());
  // Transfers through subviews are never hoisted (they might alias): fold
  // the subviews into the transfers' indices first, and move what became
  // loop-invariant out, so the accumulator tile stays in registers across
  // every reduction loop (channels and filter taps), not just the innermost.
  pm.addNestedPass<func::FuncOp>(memref::createFoldMemRefAliasOpsPass());
  // Folding gives the read and the write of a tile separate (identical)
  // index computations; hoisting needs them to be the same values.
  pm.addPass(createCSEPass());
  pm.addPass(createLoopInvariantCodeMotionPass());
  pm.addNestedPass<func::FuncOp>(mcg::createHoistVectorTransfers());
  // One arena per graph call for the buffers between kernels and the
  // kernels' temporaries. After hoisting: a temporary becomes a view of the
  // scratch buffer, and hoisting leaves transfers of views alone (a fused
  // convolution whose accumulator is a temporary ran 20% slower).
  pm.addPass(mcg::createPlanMemory());
  bufferization::BufferDeallocationPipelineOptions dealloc;
  bufferization::buildBufferDeallocationPipeline(pm, dealloc);
  // Its helper takes dynamic memrefs, which bare-pointer calls cannot pass.
  pm.addPass(mcg::createInlineDeallocHelper());
  pm.addNestedPass<func::FuncOp>(mcg::createConvertMemRefCopyToLinalg());
  // Strided copies (padding) as vector loops: LLVM left them scalar.
  mcg::VectorizeCopiesOptions copies;
  copies.lanes = options.lanes;
  pm.addNestedPass<func::FuncOp>(mcg::createVectorizeCopies(copies));
  // Part-filled vectors (rows of 14) as one masked access, not 3 pieces.
  mcg::MaskPartialVectorsOptions masks;
  masks.lanes = options.lanes;
  pm.addNestedPass<func::FuncOp>(mcg::createMaskPartialVectors(masks));
  if (threads > 1) {
    mcg::ParallelizeTilesOptions parallel;
    parallel.numThreads = threads;
    pm.addNestedPass<func::FuncOp>(mcg::createParallelizeTiles(parallel));
    ConvertSCFToOpenMPPassOptions omp;
    omp.numThreads = threads;
    pm.addPass(createConvertSCFToOpenMPPass(omp));
  }
  pm.addPass(createConvertLinalgToLoopsPass());
  pm.addPass(createConvertVectorToSCFPass());
  // Transfers that go through memory (transposed or broadcast reads) get a
  // memref.alloca in the innermost loop; without a stack restore per
  // iteration the stack then grows with the trip count (a 13x38x38 conv
  // output overflowed 8 MiB). Hoist them out of the loops; in threaded
  // code they stay inside the per-iteration memref.alloca_scope.
  pm.addNestedPass<func::FuncOp>(bufferization::createBufferLoopHoistingPass());
  // Subviews become affine index arithmetic: expand them before lowering
  // affine.
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  // f32 exp, log, tanh and erf as polynomials: as libm calls they ran one
  // element at a time (22% of efficientnet_b0's time was scalar expf).
  pm.addPass(mcg::createApproximateMath());
  // Math first: what LLVM has no intrinsic for (other element types, other
  // functions) calls libm, one element at a time through vector.extract /
  // insert when it is a vector, which the vector lowering then handles.
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createConvertMathToLibmPass());
  ConvertVectorToLLVMPassOptions vectorOptions;
  vectorOptions.vectorContractLowering =
      vector::VectorContractLowering::OuterProduct;
  vectorOptions.vectorTransposeLowering =
      vector::VectorTransposeLowering::Shuffle1D;
  // A row reduction's final sum across its partial-result lanes as a tree,
  // not 64 dependent adds (vectorize-reductions already reorders the sum).
  vectorOptions.reassociateFPReductions = true;
  pm.addPass(createConvertVectorToLLVMPass(vectorOptions));
  pm.addPass(createFinalizeMemRefToLLVMConversionPass());
  // After the memref lowering, which inlines the single-block
  // memref.alloca_scope that OpenMP's loops carry.
  pm.addPass(createSCFToControlFlowPass());
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createConvertIndexToLLVMPass());
  ConvertFuncToLLVMPassOptions func;
  func.useBarePtrCallConv = true;
  pm.addPass(createConvertFuncToLLVMPass(func));
  pm.addPass(createConvertControlFlowToLLVMPass());
  if (threads > 1)
    pm.addPass(createConvertOpenMPToLLVMPass());
  pm.addPass(createUBToLLVMConversionPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
  // Multiply-adds fused everywhere or nowhere: LLVM's choice by context
  // broke the pruned slice's bitwise equality with the full graph.
  mcg::PinMultiplyAddOptions multiplyAdd;
  multiplyAdd.fused = options.fusedMultiplyAdd;
  pm.addPass(mcg::createPinMultiplyAdd(multiplyAdd));
}

namespace {
struct CGraphToLLVMOptions : public PassPipelineOptions<CGraphToLLVMOptions> {
  Option<unsigned> threads{*this, "threads", llvm::cl::desc("OpenMP threads"),
                           llvm::cl::init(1)};
  Option<int64_t> mTile{*this, "m-tile",
                        llvm::cl::desc("Rows of the register tile"),
                        llvm::cl::init(mcg::CodegenOptions().mTile)};
  Option<int64_t> nTile{
      *this, "n-tile",
      llvm::cl::desc("Columns (contiguous lanes) of the register tile"),
      llvm::cl::init(mcg::CodegenOptions().nTile)};
  Option<int64_t> kTile{*this, "k-tile",
                        llvm::cl::desc("Reduction steps of the register tile"),
                        llvm::cl::init(mcg::CodegenOptions().kTile)};
  Option<int64_t> lanes{*this, "lanes",
                        llvm::cl::desc("f32 lanes of a vector register"),
                        llvm::cl::init(mcg::CodegenOptions().lanes)};
  Option<bool> fma{*this, "fma",
                   llvm::cl::desc("the target has fused multiply-add"),
                   llvm::cl::init(mcg::CodegenOptions().fusedMultiplyAdd)};
};
} // namespace

void mcg::registerCGraphPipelines() {
  PassPipelineRegistration<CGraphToLLVMOptions>(
      "cgraph-to-llvm",
      "Lower cgraph to the LLVM dialect (kernels per op, register tiles, "
      "bufferized, bare-pointer calling convention)",
      [](OpPassManager &pm, const CGraphToLLVMOptions &options) {
        mcg::CodegenOptions codegen;
        codegen.threads = options.threads;
        codegen.mTile = options.mTile;
        codegen.nTile = options.nTile;
        codegen.kTile = options.kTile;
        codegen.lanes = options.lanes;
        codegen.fusedMultiplyAdd = options.fma;
        buildCGraphToLLVMPipeline(pm, codegen);
      });
}
