//===- Passes.td - mcg code generation passes --------------*- tablegen -*-===//

#ifndef MCG_CODEGEN_PASSES_TD
#define MCG_CODEGEN_PASSES_TD

include "mlir/Pass/PassBase.td"

def VectorizeContractions
    : Pass<"vectorize-contractions", "::mlir::func::FuncOp"> {
  let summary = "Register-tile and vectorize matmuls and convolutions";
  let description = [{
    Prepares contractions for the CPU, on tensors (before bufferization):

    1. A unit-stride `linalg.conv_2d_nchw_fchw` is tiled to `m-tile`
       output channels x 1 output row x `n-tile` output columns x `k-tile`
       input channels x one filter tap: each tile is a small matrix product
       that reads the input rows contiguously (no im2col copy). A strided
       convolution becomes an im2col copy and a batched matrix product
       (`linalg::rewriteInIm2Col`).
    2. Every linalg op with contraction semantics (one or more parallel
       `m` and `n` dimensions and one reduction) whose innermost `n`
       dimension is contiguous is tiled with `scf.for` to register tiles of
       `m-tile` x `n-tile` x `k-tile` (batch dimensions 1) and each tile is
       vectorized into a `vector.contract`: with `n-tile` = 32 f32 lanes (two
       AVX-512 registers) and `m-tile` = 8, sixteen accumulators. Tile sizes
       shrink to divisors of the dimensions, so no masking is needed.
    3. Unit dimensions of the tiles are dropped and a 2-D product tile
       becomes `linalg.matmul` (operands in either order), so every tile
       vectorizes to a plain `vector.contract`.

    Run `hoist-vector-transfers` after bufferization so the accumulators
    stay in registers across the reduction loop, and lower `vector.contract`
    to outer products (FMAs).
  }];
  let options = [
    Option<"mTile", "m-tile", "int64_t", /*default=*/"8",
           "Rows of the register tile">,
    Option<"nTile", "n-tile", "int64_t", /*default=*/"32",
           "Columns (contiguous lanes) of the register tile">,
    Option<"kTile", "k-tile", "int64_t", /*default=*/"8",
           "Reduction steps per tile (unrolled into fused multiply-adds)">,
  ];
  let dependentDialects = [
    "::mlir::scf::SCFDialect", "::mlir::vector::VectorDialect",
    "::mlir::tensor::TensorDialect", "::mlir::linalg::LinalgDialect",
    "::mlir::arith::ArithDialect", "::mlir::affine::AffineDialect"
  ];
}

def HoistVectorTransfers
    : Pass<"hoist-vector-transfers", "::mlir::func::FuncOp"> {
  let summary = "Keep loop-carried vector tiles in registers";
  let description = [{
    On bufferized code, moves a `vector.transfer_read` / `transfer_write`
    pair of the same memref slice out of the loops that do not change it
    (`linalg::hoistRedundantVectorTransfers`), so that a register tile is
    read once before the reduction loop and written once after it.
  }];
}

#endif // MCG_CODEGEN_PASSES_TD
