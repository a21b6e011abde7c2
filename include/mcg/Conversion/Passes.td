//===- Passes.td - mcg conversion passes -------------------*- tablegen -*-===//

#ifndef MCG_CONVERSION_PASSES_TD
#define MCG_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertCGraphToLinalg : Pass<"convert-cgraph-to-linalg", "::mlir::ModuleOp"> {
  let summary = "Lower cgraph graphs to func, linalg, tensor, arith and math";
  let description = [{
    Turns every `cgraph.graph @g` into a `func.func @g` with the same
    inputs and results (i1 stored as i8, see below), and every op of the graph into its own kernel
    function (`@g__k<N>_<op>`, private) called from `@g`: production
    compilers' dispatch regions, which keep bufferization and the later
    passes per kernel, so compile time stays linear in graph size.
    Constants stay in `@g` as `arith.constant`.

    Inside the kernels each cgraph op becomes linalg on tensors: named ops
    where they fit (`linalg.matmul`, `linalg.batch_matmul`,
    `linalg.conv_2d_nchw_fchw`, `linalg.conv_2d_ngchw_gfchw`,
    `linalg.pooling_nchw_max/sum`, `linalg.transpose`) and `linalg.generic`
    elsewhere (elementwise ops with broadcasting, normalizations, softmax,
    reductions, gather, edge/reflect padding), plus `tensor` ops for
    reshapes, slices, concatenation and constant padding. A `cgraph.fused`
    group becomes one kernel holding its ops. `cgraph.if` becomes `scf.if`.
    An op that cannot be lowered is an error naming it; nothing is skipped.

    i1 masks (comparisons, `select` conditions, bool graph inputs and
    outputs) cross function boundaries as i8, one byte per element: `@g`'s
    and the kernels' arguments and results and i1 constants become i8, a
    kernel converts its i8 operands to i1 and its i1 results back
    (`cgraph.cast`, elementwise generics that the elementwise fusion merges
    into the op's own), and reshapes, transposes, concatenations, slices,
    pads and gathers run on the i8 storage directly. (The vector lowering
    stores `vector<Nxi1>` as packed bits, so an i1 buffer written by a
    vectorized kernel could not be read by another.)

    The names of the inputs and outputs are not carried into `@g` (its
    arguments and results keep the graph's order, with i1 stored as i8);
    tools read them from the graph before lowering.

    With `profile=true` (what `mcg-run --profile` asks for), each kernel
    call also carries an `mcg.profile` dictionary, recorded while the
    cgraph ops are still visible, for `profile-kernel-calls`: the source
    names of the ops it computes (`ops`, from their NameLocs, or
    file:line:col), their shapes as text (`shape`; `input * filter ->
    result` when the call holds a matmul, gemm or convolution), that
    contraction's floating-point operations (`flops`, the ops'
    `FlopCountOpInterface` summed over the group) and the bytes of the
    call's arguments and results (`bytes`). Shared kernels are described
    per call, so each call keeps its own names.

    ```mlir
    %0 = call @g__k0_conv2d(%x, %w) {mcg.profile = {
        bytes = 2224 : i64, flops = 13824 : i64, ops = ["stem/conv"],
        shape = "1x3x8x8 * 4x3x3x3 -> 1x4x8x8"}} : ...
    ```
  }];
  let options = [
    Option<"profile", "profile", "bool", /*default=*/"false",
           "Describe each kernel call in an `mcg.profile` attribute">,
  ];
  let dependentDialects = [
    "::mlir::func::FuncDialect", "::mlir::linalg::LinalgDialect",
    "::mlir::tensor::TensorDialect", "::mlir::arith::ArithDialect",
    "::mlir::math::MathDialect", "::mlir::scf::SCFDialect"
  ];
}

def ConvertMemRefCopyToLinalg
    : Pass<"convert-memref-copy-to-linalg", "::mlir::func::FuncOp"> {
  let summary = "Turn strided memref.copy into linalg.copy";
  let description = [{
    `memref.copy` between contiguous buffers lowers to `llvm.memcpy`, but a
    copy into or out of a strided view (what bufferization makes of
    `tensor.insert_slice` and `tensor.extract_slice`) lowers to a call to
    `memrefCopy` from MLIR's C runner utilities, a library that compiled
    models must not need. This pass rewrites every `memref.copy` whose
    operands are not both contiguous into `linalg.copy`, which then lowers to
    loops; contiguous copies are left for the memcpy lowering.

    ```mlir
    // Before
    memref.copy %a, %b : memref<2x2xf32, strided<[8, 1], offset: 4>> to memref<2x2xf32>
    // After
    linalg.copy ins(%a : memref<2x2xf32, strided<[8, 1], offset: 4>>) outs(%b : memref<2x2xf32>)
    ```
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect"];
}

#endif // MCG_CONVERSION_PASSES_TD
