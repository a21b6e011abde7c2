//===- Passes.td - mcg code generation passes --------------*- tablegen -*-===//

#ifndef MCG_CODEGEN_PASSES_TD
#define MCG_CODEGEN_PASSES_TD

include "mlir/Pass/PassBase.td"

def VectorizeContractions
    : Pass<"vectorize-contractions", "::mlir::func::FuncOp"> {
  let summary = "Register-tile and vectorize matmuls and convolutions";
  let description = [{
    Prepares contractions for the CPU, on tensors (before bufferization):

    1. A 1x1 unit-stride `linalg.conv_2d_nchw_fchw` whose output map has a
       multiple of `lanes` positions becomes a matrix product over the
       flattened map, `O[n, f, p] += W[f, c] X[n, c, p]` (collapse_shape of
       the operands, expand_shape of the result); the op that initializes
       its accumulator and its elementwise epilogue are flattened the same
       way, so step 3 gives it register tiles of `n-tile` positions x
       `m-tile` channels with the epilogue on the tile. Any other
       unit-stride `linalg.conv_2d_nchw_fchw` is tiled to `m-tile`
       output channels x 1 output row x `n-tile` output columns x `k-tile`
       input channels x one filter tap: each tile is a small matrix product
       that reads the input rows contiguously (no im2col copy), and the
       filter, transposed once per call to KH x KW x F x C, as contiguous
       rows too. When the convolution's only reader is an elementwise
       `linalg.generic` at the same indices (a fused group's bias,
       activation or residual add), that epilogue is tiled instead and the
       convolution, with the op that initializes its accumulator, is
       computed per tile inside the epilogue's loops (reduction loops
       innermost); the epilogue tile is vectorized, so it runs on the tile
       in registers rather than as a second pass over the output. A
       strided convolution (no dilation; each stride 2 or below, or smaller
       than the window) first copies the input into its sh x sw phases,
       `Q[n, c, a, b, i, j] = P[n, c, sh i + a, sw j + b]` (padded to a
       multiple of the strides), and then reads
       `Q[n, c, kh mod sh, kw mod sw, oh + kh floordiv sh,
       ow + kw floordiv sw]`: unit stride, tiled the same way (with
       `threads` above 1 and an input larger than the filter, output rows
       outermost and split, and the phases split by rows). Other
       strided convolutions (windows that do not overlap) become an im2col
       copy and a batched matrix product (`linalg::rewriteInIm2Col`). A convolution whose column tiles
       cannot fill the vector (`lanes`; a 56-wide map takes tiles of 14)
       and whose output channels are a multiple of `lanes` is computed
       channels-last instead, `T[n, oh, ow, fo, fi]` with the filter in
       blocks of `n-tile` output channels, `Wb[fo, kh, kw, c, fi]`, in
       tiles of `m-tile` output columns x `n-tile` channels (channels on
       the lanes), block by block, from the transposed initial value and
       transposed back to NCHW; its epilogue is not fused. The block loop
       is the one split across threads, unless there are one or two
       blocks, or (with `threads` above 1) a count that does not divide
       among the threads: then output rows are. Contractions
       whose operands are read with broadcasts get those folded into their
       indexing maps. A grouped `linalg.conv_2d_ngchw_gfchw` (several
       channels per group) is tiled the same way, to f x ow x c tiles of
       one group, its filter read transposed to G x KH x KW x F x C (unit
       stride, or strided through the phases; other strides stay loops).
       Depthwise convolutions and `linalg.pooling_nchw_max` / `_sum` are
       tiled to output rows x columns of one channel and one window tap,
       each tile a vector FMA, max or add into its accumulator. Those of
       column stride 2 to 4 are instead loops over output rows in vectors
       of `lanes` columns whose taps read sw vectors of an input row and
       keep every sw-th element, with no phase copy: a pool combines each
       tap row first and carries the rows the next output row shares; a
       depthwise convolution starts from its bias and runs its
       elementwise epilogue on the accumulators. Padding is read as the
       padding value (masked loads, a shifted first vector, padding rows).
       With `threads` above 1 and rows of at least `lanes` columns, each
       thread takes a block of output rows of every channel. Rows of more
       than eight vectors with padding before them, and epilogues that are
       not elementwise arithmetic, keep the phases.
    2. Matrix products: a contraction generic whose rows span several
       dimensions, `C[r0, .., rj, n] += A[r0, .., rj, k] B[k, n]` (a
       transformer's 1 x 197 x 768 activations times a weight), becomes
       one `linalg.matmul` over the gathered rows, its elementwise epilogue
       collapsed the same way; a product of one row with the transpose of
       a weight V (a batch-1 Gemm with `trans_b`), `C[0, n] += A[0, k]
       V[n, k]`, becomes dot products of V's rows with A's row over V as
       stored (no transpose; `vectorize-reductions` reduces each row: a
       1000 x 1280 classifier 0.46 -> 0.32 ms, read column by column it
       missed the cache every row); a 2-D product generic (a gemm) becomes a
       `linalg.matmul`. A `linalg.matmul` C = A B with at least 2 x `m-tile` rows whose right
       operand has at least `pack-min-bytes` and whose columns divide into
       `n-tile` panels packs B once per call (or at compile time, when B is
       a constant: `fold-constant-transposes`) into panels
       `Bp[N / n-tile, K, n-tile]` (an expand_shape and a transpose) and
       computes `C3[i, jo, ji] += A[i, k] Bp[jo, k, ji]` over C viewed as
       M x N/n-tile x n-tile, in blocks of `pack-n` columns x `pack-k`
       reduction steps: one block of panels stays in cache while every row
       of A passes over it, and each register tile reads its panel's rows
       contiguously (not K rows N floats apart). A matmul whose only reader
       is an elementwise epilogue is not blocked over K: the epilogue is
       expanded to C's M x N/n-tile x n-tile view and runs on each register
       tile of step 3, whose loops then run over panels outermost.
    3. Every linalg op with contraction semantics (one or more parallel
       `m` and `n` dimensions and one reduction) whose innermost `n`
       dimension is contiguous is tiled with `scf.for` to register tiles of
       `m-tile` x `n-tile` x `k-tile` (batch dimensions 1) and each tile is
       vectorized into a `vector.contract`: with `n-tile` = 32 f32 lanes (two
       AVX-512 registers) and `m-tile` = 8, sixteen accumulators. Rows (of
       the innermost `m` dimension with more than one) shrink to a divisor
       of at least `m-tile` - 1, columns to a divisor that fills at least
       half a vector; failing that, tiles keep their full size and the
       partial last tile is peeled into loops of its own (197 rows: 24
       tiles of 8, then one of 5), with static shapes, so no masking is
       needed. As for
       convolutions, a contraction whose only reader is an elementwise
       epilogue at the same indices (a fused matmul or gemm with bias,
       activation) is computed per tile inside the epilogue's tile loops,
       starting from its own slice of the accumulator's initial value
       (zeros or the bias broadcast), and the epilogue runs on the tile.
    4. Unit dimensions of the tiles are dropped and a 2-D product tile
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
    Option<"lanes", "lanes", "int64_t", /*default=*/"16",
           "f32 lanes of a vector register: a tile's columns are a multiple "
           "of it or at most one vector">,
    Option<"packN", "pack-n", "int64_t", /*default=*/"256",
           "Columns of a cache block of a packed matrix product">,
    Option<"packK", "pack-k", "int64_t", /*default=*/"256",
           "Reduction steps of a cache block of a packed matrix product">,
    Option<"packMinBytes", "pack-min-bytes", "int64_t",
           /*default=*/"1048576",
           "Smallest right operand (bytes) of a matrix product that is "
           "packed">,
    Option<"threads", "threads", "int64_t", /*default=*/"1",
           "Threads that parallelize-tiles will split the tile loops over: "
           "a channels-last convolution whose filter blocks do not divide "
           "among them, and (above 1) a strided convolution whose input "
           "outweighs its filter, split their output rows">,
  ];
  let dependentDialects = [
    "::mlir::scf::SCFDialect", "::mlir::vector::VectorDialect",
    "::mlir::tensor::TensorDialect", "::mlir::linalg::LinalgDialect",
    "::mlir::arith::ArithDialect", "::mlir::affine::AffineDialect"
  ];
}

def FoldConstantTransposes
    : Pass<"fold-constant-transposes", "::mlir::ModuleOp"> {
  let summary = "Transpose constant kernel operands at compile time";
  let description = [{
    On tensors, after `vectorize-contractions`: a `linalg.transpose` of a
    `cgraph.kernel` function's argument (a convolution's filter, read as
    KH x KW x F x C) whose every call passes an `arith.constant` is done at
    compile time: each call site passes the transposed constant instead,
    the argument takes the transposed type and the transpose disappears.
    The weights of a model are then laid out once, not on every call. A
    transpose of the argument's `tensor.expand_shape` (a packed matrix
    product's panels) folds the same way.

    ```mlir
    // Before
    %w = arith.constant dense_resource<w> : tensor<16x8x3x3xf32>
    call @k(%x, %w)
    func.func private @k(%x: ..., %f: tensor<16x8x3x3xf32>) {
      %t = linalg.transpose ins(%f ...) ... permutation = [2, 3, 0, 1]
    // After
    %w = arith.constant dense_resource<...> : tensor<3x3x16x8xf32>
    call @k(%x, %w)
    func.func private @k(%x: ..., %t: tensor<3x3x16x8xf32>) {
    ```
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect"];
}

def HoistVectorTransfers
    : Pass<"hoist-vector-transfers", "::mlir::func::FuncOp"> {
  let summary = "Keep loop-carried vector tiles in registers";
  let description = [{
    On bufferized code:

    1. A `vector.transfer_read` / `transfer_write` of a `memref.expand_shape`
       (a packed product's accumulator, C viewed as M x N/n x n) becomes a
       transfer of the source, its indices linearized per reassociation
       group (only the innermost dimension of a group may be a vector
       dimension); a `linalg.fill` of the whole view fills the source.
       Hoisting leaves transfers of views, and memrefs with view users,
       alone. So a `memref.copy` of at most 256 elements between static
       memrefs (a tile's slice of the bias, copied into a subview of its
       accumulator) becomes a transfer_read / transfer_write pair, and
       views are folded into the transfers' indices
       (`memref::populateFoldMemRefAliasOpPatterns`).
    2. A transfer_read / transfer_write pair of the same memref slice moves
       out of the loops that do not change it
       (`linalg::hoistRedundantVectorTransfers`), so that a register tile is
       read once before the reduction loop and written once after it.
    3. A transfer of a tile whose rows are contiguous in memory (a packed
       panel) becomes one 1-D transfer of a collapsed view and a
       `vector.shape_cast` (`vector::populateFlattenVectorTransferPatterns`);
       as a loop of row transfers through a stack copy it became a memcpy
       into the stack that LLVM did not promote to registers.
  }];
}

def VectorizeTransposes : Pass<"vectorize-transposes", "::mlir::func::FuncOp"> {
  let summary = "Run-time transposes in blocks of lanes x lanes";
  let description = [{
    After `vectorize-contractions`, on the transposes that move data at run
    time (those around a channels-last convolution, an ONNX Transpose; a
    transpose of a constant kernel argument is left to
    `fold-constant-transposes`): each `linalg.transpose` becomes a generic
    and is fused into its elementwise user when it has one (the ReLU after
    the convolution). Every elementwise generic that reads an operand
    transposed (its innermost dimension is another loop than the
    innermost) is then tiled to `lanes` x `lanes` blocks of those two
    loops (partial blocks peeled), each block read as `lanes` contiguous
    rows, transposed in registers (`vector.transpose`, lowered to shuffles
    of whole rows when the block is 16 x 16), computed, and written as
    contiguous rows. A transpose that keeps the innermost dimension is a
    copy of rows, left to `vectorize-elementwise`. As loops, the
    element-by-element reads and scatters took 30% of a 32 -> 64 channel
    3x3 convolution over 147 x 147.

    ```mlir
    // Before
    %t = linalg.transpose ins(%x : tensor<1x147x147x64xf32>)
        outs(%e : tensor<1x64x147x147xf32>) permutation = [0, 3, 1, 2]
    // After: blocks of 16 channels x 16 columns
    scf.for %f = %c0 to %c64 step %c16 {
      scf.for %h = %c0 to %c147 step %c1 {
        scf.for %w = %c0 to %c144 step %c16 {
          %v = vector.transfer_read %x[%c0, %h, %w, %f] ...
              : tensor<1x147x147x64xf32>, vector<16x16xf32>
          %s = vector.shuffle ... // 16 x 16 transpose
          vector.transfer_write %t, %y[%c0, %f, %h, %w] ...
        }
        // the partial block: 16 channels x 3 columns
    ```
  }];
  let options = [
    Option<"lanes", "lanes", "int64_t", /*default=*/"16",
           "f32 lanes of a vector register">,
  ];
  let dependentDialects = ["::mlir::vector::VectorDialect",
                           "::mlir::scf::SCFDialect"];
}

def VectorizeCopies : Pass<"vectorize-copies", "::mlir::func::FuncOp"> {
  let summary = "Vector loops for buffer copies";
  let description = [{
    On bufferized code, after `convert-memref-copy-to-linalg`: every
    `linalg.copy` of memrefs of one static shape (a copy into or out of a
    strided view: a convolution's input into its zero-padded buffer)
    becomes `scf.for` loops over its outer dimensions and, along the
    innermost one, `vector.transfer_read` / `transfer_write` pairs of up to
    2 x `lanes` elements (as for a matrix product's register tiles, a
    partial last transfer where that takes fewer vectors). As scalar loops
    (LLVM could not tell the buffers apart) a 144 x 56 x 56 padding copy
    took 0.14 ms. A `linalg.map` with no inputs that writes one value (a
    constant, or a value from outside its body: the fill bufferization
    makes for a `tensor.pad`, -inf around a max pool's input) becomes the
    same loops of `vector.broadcast` and `transfer_write`, a contiguous
    buffer collapsed to [N x C, H x W] first (long rows of whole vectors;
    a zero fill's loop then becomes a memset); as scalar loops, LLVM
    vectorized a -inf fill across rows with scatters.

    ```mlir
    // Before
    linalg.copy ins(%x : memref<8x56xf32>)
        outs(%p : memref<8x56xf32, strided<[58, 1], offset: 59>>)
    // After
    scf.for %i = %c0 to %c8 step %c1 {
      %v = vector.transfer_read %x[%i, %c0], %pad {in_bounds = [true]}
          : memref<8x56xf32>, vector<32xf32>
      vector.transfer_write %v, %p[%i, %c0] {in_bounds = [true]} : ...
      %w = vector.transfer_read %x[%i, %c32], %pad {in_bounds = [true]}
          : memref<8x56xf32>, vector<24xf32>
      ...
    ```
  }];
  let options = [
    Option<"lanes", "lanes", "int64_t", /*default=*/"16",
           "f32 lanes of a vector register">,
  ];
  let dependentDialects = ["::mlir::scf::SCFDialect",
                           "::mlir::vector::VectorDialect",
                           "::mlir::arith::ArithDialect",
                           "::mlir::ub::UBDialect"];
}

def MaskPartialVectors
    : Pass<"mask-partial-vectors", "::mlir::func::FuncOp"> {
  let summary = "One masked access for each part-filled vector";
  let description = [{
    On bufferized code, after `hoist-vector-transfers`: every
    `vector.transfer_read` / `transfer_write` of a memref (minor identity,
    in bounds, unmasked) whose innermost vector dimension is not a power of
    two, more than 2 and less than `lanes` wide (14 columns of a 56-wide
    map) becomes a transfer of the next power of two of elements with a
    constant mask of the original width, its value narrowed with
    `vector.extract_strided_slice` (a read) or widened with
    `vector.insert_strided_slice` into poison (a write). LLVM split such a
    transfer into loads or stores of 8, 4 and 2 elements; a masked one is
    one instruction with AVX-512. Rows wider than `lanes` but not whole
    vectors (27) are read and written as whole vectors (32) the same way.

    First, an accumulator tile whose rows are more than a vector but not
    whole vectors (17 columns: the rest of a 1x1 convolution's 49
    positions after a tile of 32), carried by an `scf.for` only into the
    accumulator of a `vector.contract` ((m, k) x (k, n)) whose result is
    only yielded, is widened to whole vectors for the loop: its start
    padded with zeros (`vector.insert_strided_slice`), the operand row read
    masked at full width, the result narrowed once after the loop. As
    vector<8x17xf32>, LLVM split each multiply-add into a vector and a
    scalar one and narrowed every read through the stack; a 440 -> 440
    channel 1x1 convolution on 7 x 7 went from 0.23 to 0.13 ms.

    ```mlir
    // Before
    %v = vector.transfer_read %m[%i, %j], %pad {in_bounds = [true, true]}
        : memref<8x58xf32>, vector<8x14xf32>
    // After
    %mask = vector.constant_mask [8, 14] : vector<8x16xi1>
    %w = vector.transfer_read %m[%i, %j], %pad, %mask {in_bounds = [true, true]}
        : memref<8x58xf32>, vector<8x16xf32>
    %v = vector.extract_strided_slice %w {offsets = [0, 0], sizes = [8, 14],
        strides = [1, 1]} : vector<8x16xf32> to vector<8x14xf32>
    ```
  }];
  let options = [
    Option<"lanes", "lanes", "int64_t", /*default=*/"16",
           "f32 lanes of a vector register (the widest masked access)">,
  ];
  let dependentDialects = ["::mlir::vector::VectorDialect",
                           "::mlir::ub::UBDialect",
                           "::mlir::arith::ArithDialect"];
}

def ParallelizeTiles : Pass<"parallelize-tiles", "::mlir::func::FuncOp"> {
  let summary = "Run tile loops and large loop nests on threads";
  let description = [{
    On bufferized code, before loops are lowered; `convert-scf-to-openmp`
    then runs each `scf.parallel` it makes on `num-threads` OpenMP threads.

    1. `vectorize-contractions` marks, in each tile nest, the outermost
       loop over a parallel dimension with more than one tile
       (`mcg.parallel`). Each marked `scf.for` that carries no values and
       does at least `min-work` of work becomes an `scf.parallel` (its
       iterations write disjoint tiles of the result). Unmarked loops are
       left alone.
    2. Every other linalg op in a function's body (elementwise ops,
       padding fills and copies, pooling, the phase split of strided
       convolutions) with at least `min-work` of work is split along its
       outermost parallel dimension of at least `num-threads` iterations
       into `num-threads` (or fewer) chunks, one `scf.parallel` iteration
       each. A dimension that an indexing map reads inside a floordiv,
       ceildiv or mod (the im2col copy's `d1 floordiv 16`) is never split:
       a chunk's slice would shift it. Ops inside loops, and ops with no
       such dimension, stay serial.

    Work is estimated, not measured: each vector value an op makes or
    stores counts its lanes, a scalar op counts 1, a linalg op its
    iterations times its operands, and a loop its body times its trip
    count (both branches of an `scf.if` count). Each `scf.parallel` costs
    a fork and a join of the OpenMP team (1.8-2.6 us measured on the
    2-core machine), more than a loop with less work saves.
  }];
  let options = [
    Option<"numThreads", "num-threads", "int64_t", /*default=*/"2",
           "Threads the chunks of a split linalg op are made for">,
    Option<"minWork", "min-work", "int64_t",
           /*default=*/"16384",
           "Least work (element operations, estimated) a marked loop or a "
           "linalg op must do to run on threads">,
  ];
  let dependentDialects = ["::mlir::scf::SCFDialect",
                           "::mlir::memref::MemRefDialect",
                           "::mlir::affine::AffineDialect"];
}

def PlanMemory : Pass<"plan-memory", "::mlir::ModuleOp"> {
  let summary = "Place a graph's intermediate buffers and its kernels' "
                "temporaries in one arena";
  let description = [{
    On bufferized code. First, in every `cgraph.kernel` function, a
    statically shaped `memref.alloc` of at most 64 KiB directly inside a
    loop body (a register tile that bufferization could not compute in
    place) becomes a `memref.alloca` in a `memref.alloca_scope` that wraps
    the rest of the loop body: the stack is released every iteration, each
    thread has its own copy, and `buffer-loop-hoisting`, which runs after
    deallocations are placed, cannot hoist the allocation away from its
    release. Then each `cgraph.kernel` function that is only
    called (by `func.call`): its statically shaped `memref.alloc`s of the
    entry block are planned as below into one scratch buffer that the
    kernel takes as a new last argument (`memref<Nxi8>`), and every call
    allocates that scratch right before the call. Then each graph function:
    an allocation whose last use is a `memref.copy` into an output
    parameter of the same type with no other use (a result that
    `buffer-results-to-out-params` copied out) becomes that parameter, so
    the kernel writes the output in place; then
    every statically shaped `memref.alloc` of the entry block (the values
    between kernels and the kernels' scratch buffers) gets an offset in one
    64-byte-aligned arena, allocated once at the start of the function, so
    one call of the graph makes one allocation. The scratch buffers, each
    live only during its call, all share one region after the others. Buffers whose live ranges (from the
    allocation to the last op that uses it, in program order) do not
    overlap share bytes: offsets are assigned first-fit in order of
    allocation. An input of a call to a kernel marked `cgraph.concat_axis`
    (a concatenation) that is such a buffer, written by one other call and
    read only by the concatenation, is placed inside the concatenation's
    result when every dimension before the axis is 1: the two are planned
    as one buffer over both live ranges, and a concatenation call all of
    whose inputs are placed is erased. Each allocation becomes a
    `memref.view` of the arena; the deallocation passes that follow free
    the arena once. An arena of 4 MiB or more is marked for transparent
    huge pages (a call to `madvise(start, length, MADV_HUGEPAGE)` over its
    whole 4 KB pages, declared as `func.func private @madvise`): malloc
    maps so large a block afresh on every call, and faulting it in 4 KB
    pages took more time than the model (vgg13_bn: 375 against 170 ms per
    call).

    ```mlir
    // Before: %a dies before %c is allocated
    %a = memref.alloc() : memref<256xf32>
    call @k0(%x, %a) : ...
    %b = memref.alloc() : memref<256xf32>
    call @k1(%a, %b) : ...
    %c = memref.alloc() : memref<256xf32>
    call @k2(%b, %c) : ...
    // After: 2048 bytes instead of 3072; %c reuses %a's bytes
    %arena = memref.alloc() {alignment = 64 : i64} : memref<2048xi8>
    %a = memref.view %arena[%c0][] : memref<2048xi8> to memref<256xf32>
    %b = memref.view %arena[%c1024][] : memref<2048xi8> to memref<256xf32>
    %c = memref.view %arena[%c0][] : memref<2048xi8> to memref<256xf32>
    ```
  }];
  let dependentDialects = ["::mlir::memref::MemRefDialect",
                           "::mlir::arith::ArithDialect",
                           "::mlir::func::FuncDialect"];
}

def ApproximateMath : Pass<"approximate-math"> {
  let summary = "Compute f32 exp, log, tanh, erf and powf without libm";
  let description = [{
    Replaces f32 `math.exp`, `math.expm1`, `math.log`, `math.log1p`,
    `math.log2`, `math.tanh` and `math.erf`, scalar or vector, by MLIR's
    polynomial approximations (`populateMathPolynomialApproximationPatterns`):
    fused multiply-adds, bit casts and selects, no libm call. A vectorized
    epilogue stays vectorized, and LLVM vectorizes a scalar elementwise
    loop, which it cannot do around a call to `expf`.

    f32 `math.powf` becomes multiplications when its exponent is a constant
    integer of magnitude 64 or less (by squaring; a negative one divides 1
    by the result), a square root when it is the constant 1/2, and
    `exp(y * log|x|)` otherwise, approximated in turn, with selects for
    the sign of an odd integer power of a negative base, NaN for a
    non-integer power of one, and C's results for `y = +-0`, `x = 1`,
    `x = -1` with `y = +-inf`, `x = -0` and `x = -inf`.

    Other element types and math ops are left alone (they still call
    libm).

    The largest relative errors, measured by `test/e2e/op_cases.py`
    against numpy in float64, are listed in docs/codegen.md.

    ```mlir
    // Before
    %y = math.exp %x : vector<16xf32>
    // After: range reduction x = k ln2 + r, a polynomial in r, 2^k by
    // building the exponent bits
    %k = math.floor ... ; %p = math.fma ... ; %e = arith.shli ... ;
    %y = arith.mulf %p, (arith.bitcast %e) : vector<16xf32>
    ```
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::math::MathDialect",
                           "::mlir::vector::VectorDialect"];
}

def VectorizeElementwise
    : Pass<"vectorize-elementwise", "::mlir::func::FuncOp"> {
  let summary = "Vector loops for elementwise linalg.generic ops";
  let description = [{
    On tensors, after `vectorize-contractions`: every all-parallel
    `linalg.generic` with static shapes that is not inside a loop (so not
    a contraction's epilogue tile) gets its trailing loops flattened as far
    as every indexing map reads them as one contiguous run (a per-channel
    bias allows the map's rows and columns), its innermost loop tiled by
    at most 2 x `lanes` elements chosen as for a matrix product's register
    tiles (a divisor that is a multiple of the lanes or at most one
    vector, or two vectors and a peeled partial tile when that takes fewer
    vectors: 196 elements take 6 tiles of 32 and one of 4, 197 elements 6
    of 32 and one of 5), the outer loops by 1 (the outermost loop with
    several tiles marked `mcg.parallel`), and each tile vectorized. As scalar loops
    LLVM did not vectorize them (a SiLU over 672 x 14 x 14 cost 3.3 ns per
    element). A `linalg.fill` outside the loops (a max pool's -inf start)
    is vectorized the same way, without flattening (a collapse_shape of the
    kernel's result buffer is a view, and `hoist-vector-transfers` leaves
    buffers with views alone: the pool's accumulator stayed in memory); as
    loops LLVM vectorized it across rows with scatters, a quarter of a
    64 x 111 x 111 max pool's time.

    ```mlir
    // Before: a ReLU over 1 x 8 x 7 x 8
    %r = linalg.generic {... ["parallel", "parallel", "parallel", "parallel"]}
    // After: over 1 x 8 x 56, tiles of 14
    scf.for %i = %c0 to %c8 step %c1 {
      scf.for %j = %c0 to %c56 step %c14 {
        %v = vector.transfer_read ... : vector<1x1x14xf32>
        arith.maximumf ... : vector<1x1x14xf32>
    ```
  }];
  let options = [
    Option<"lanes", "lanes", "int64_t", /*default=*/"16",
           "f32 lanes of a vector register (tiles are at most two vectors)">,
  ];
  let dependentDialects = [
    "::mlir::scf::SCFDialect", "::mlir::vector::VectorDialect",
    "::mlir::tensor::TensorDialect", "::mlir::linalg::LinalgDialect",
    "::mlir::arith::ArithDialect", "::mlir::affine::AffineDialect"
  ];
}

def VectorizeReductions
    : Pass<"vectorize-reductions", "::mlir::func::FuncOp"> {
  let summary = "Vector loops for reductions over innermost dimensions";
  let description = [{
    On tensors, after `vectorize-elementwise`: every `linalg.generic` with
    static shapes, not inside a loop and not a contraction (except a
    matrix-vector product's dot products, which have no rows to tile), whose
    reduction loops are its innermost ones (a global average pool over a
    map, a softmax's row maximum and sum, a layer norm's mean and
    variance) gets those loops flattened as far as every indexing map
    reads them as one contiguous run, its parallel loops tiled by 1 (the
    outermost one with several tiles marked `mcg.parallel`), and each row
    reduced into a partial result of `vectors` x `lanes` elements (`lanes`
    for rows shorter than twice that) by tiles of that width
    (`tileReductionUsingScf`), the partial last tile peeled; the tiles,
    the partial result's initial fill and the final reduction across it
    are vectorized. Rows shorter than two vectors are vectorized whole.
    As scalar loops they ran one dependent add per element (a global
    average pool over 144 x 56 x 56 at 5 GB/s).

    ```mlir
    // Before: sums of 8 rows of 197
    %s = linalg.generic {... ["parallel", "reduction"]} ins(%x : tensor<8x197xf32>)
    // After: 16-lane partial sums, 12 tiles and a peeled one of 5
    scf.for %i = %c0 to %c8 step %c1 {
      scf.for %j = %c0 to %c192 step %c16 {
        arith.addf ... : vector<1x16xf32>
      ...
      arith.addf ... : vector<1x5xf32>
      vector.multi_reduction <add>, ... [1] : vector<1x16xf32> to vector<1xf32>
    ```
  }];
  let options = [
    Option<"lanes", "lanes", "int64_t", /*default=*/"16",
           "f32 lanes of a vector register">,
    Option<"vectors", "vectors", "int64_t", /*default=*/"4",
           "vectors of partial results per row (independent add chains)">,
  ];
  let dependentDialects = [
    "::mlir::scf::SCFDialect", "::mlir::vector::VectorDialect",
    "::mlir::tensor::TensorDialect", "::mlir::linalg::LinalgDialect",
    "::mlir::arith::ArithDialect", "::mlir::affine::AffineDialect"
  ];
}

def ProfileKernelCalls : Pass<"profile-kernel-calls", "::mlir::ModuleOp"> {
  let summary = "Time every kernel call through two runtime hooks";
  let description = [{
    For `mcg-run --profile`, right after `convert-cgraph-to-linalg` with
    `profile=true`: each `func.call` that carries an `mcg.profile`
    description (a kernel call of a graph function) gets the id N, counted
    in program order over the module, a call `mcg_profile_enter(N)` right before it
    and `mcg_profile_exit(N)` right after it (`i64` arguments; the
    functions are declared, the tool defines them), and loses the
    attribute. The descriptions move, with the callee's name added as
    `kernel`, into the module's `mcg.profile` array at index N, which the
    tool reads after lowering. The hooks run on the thread that runs the
    graph function (OpenMP regions stay inside the kernels), one clock read
    each. Without descriptions the pass changes nothing, and the pipeline
    runs it only when profiling, so code built without `--profile` is
    unchanged.

    The calls are wrapped on tensors because `buffer-results-to-out-params`
    rebuilds calls without their attributes. Nothing later moves code
    across the hooks (calls to external functions); the allocation of a
    call's results and scratch, a view of the arena after `plan-memory`,
    lands inside the pair.

    ```mlir
    // Before
    %0 = call @g__k0_relu(%x) {mcg.profile = {bytes = 32 : i64,
        ops = ["relu"], shape = "4"}} : (tensor<4xf32>) -> tensor<4xf32>
    // After
    %c0_i64 = arith.constant 0 : i64
    call @mcg_profile_enter(%c0_i64) : (i64) -> ()
    %0 = call @g__k0_relu(%x) : (tensor<4xf32>) -> tensor<4xf32>
    call @mcg_profile_exit(%c0_i64) : (i64) -> ()
    // and the module's mcg.profile array holds at index 0:
    //   {bytes = 32 : i64, kernel = "g__k0_relu", ops = ["relu"], shape = "4"}
    ```
  }];
  let dependentDialects = ["::mlir::func::FuncDialect",
                           "::mlir::arith::ArithDialect"];
}

def InlineDeallocHelper : Pass<"inline-dealloc-helper", "::mlir::ModuleOp"> {
  let summary = "Inline the buffer-deallocation helper into its callers";
  let description = [{
    After `bufferization-lower-deallocations`: a `bufferization.dealloc`
    of several buffers whose ownership is known only at run time (a loop
    carrying two tensors, a branch yielding a constant next to a new
    buffer) becomes a call to the generated `func.func private
    @dealloc_helper`, which takes `memref<?x...>` arguments. The
    bare-pointer calling convention of mcg's functions cannot pass those,
    so the helper did not lower and its calls were left undefined. Each
    call is inlined (the helper's loops then see the static sizes of the
    caller's buffers) and the helper erased.
  }];
}

def PinMultiplyAdd : Pass<"pin-multiply-add", "::mlir::ModuleOp"> {
  let summary = "Make every multiply-add either always fused or never";
  let description = [{
    On the LLVM dialect, after the conversions: every `llvm.intr.fmuladd`
    (what `vector.fma` and the outer-product lowering of `vector.contract`
    become) is replaced by `llvm.intr.fma` when the target has fused
    multiply-add instructions (`fused`, the default), or by `llvm.fmul` and
    `llvm.fadd` when it has not.

    `fmuladd` lets LLVM choose per call site whether to fuse, and it
    chooses by context: a kernel inlined where an operand is a known
    constant had its product folded and rounded, while the same kernel
    called elsewhere fused it. A pruned slice then differed from the full
    graph in the last bit (test/random, seed 4, graph 621); the kernel's
    code must compute the same bits wherever it runs.

    ```mlir
    // Before
    %r = llvm.intr.fmuladd(%a, %b, %c) : (vector<16xf32>, vector<16xf32>, vector<16xf32>) -> vector<16xf32>
    // After (fused = true)
    %r = llvm.intr.fma(%a, %b, %c) : (vector<16xf32>, vector<16xf32>, vector<16xf32>) -> vector<16xf32>
    ```
  }];
  let options = [
    Option<"fused", "fused", "bool", /*default=*/"true",
           "the target has fused multiply-add instructions">,
  ];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}

#endif // MCG_CODEGEN_PASSES_TD
