//===- Passes.td - cgraph transformation passes ------------*- tablegen -*-===//

#ifndef MCG_DIALECT_CGRAPH_TRANSFORMS_PASSES_TD
#define MCG_DIALECT_CGRAPH_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def PruneTo : Pass<"prune-to", "::mlir::ModuleOp"> {
  let summary = "Cut a graph down to the min_consumer subgraph of named outputs";
  let description = [{
    Keeps the named outputs of a `cgraph.graph` and exactly the ops they
    transitively need, and removes everything else: the other outputs, the
    ops only they needed (weights included), and the graph inputs that no
    kept op reads (unless `keep-unused-inputs` is set, for a fixed ABI).
    Values that a region of `cgraph.if`, `cgraph.loop` or `cgraph.scan`
    captures from outside count as operands of the ops inside it. A kept
    control-flow op loses the results nothing uses (a loop or scan also
    the loop-carried values only those results need), and ops inside its
    regions that do not reach the `cgraph.yield` are removed too. Ops with
    side effects are always kept.

    The names can be given bare, as `mcg-opt` passes them after `=`
    (`--prune-to=cls,seg`, `prune-to{cls,seg}`), or as the `outputs` option
    (`prune-to{outputs=cls,seg}`). Kept outputs stay in the graph's order.
    An unknown name is an error that lists the graph's outputs, and nothing
    is changed.

    `inputs=feat,stage3/relu` cuts the graph at inner values as well: each
    named value (an op's source name, i.e. its ONNX node name or location,
    an ONNX tensor name, or an output name) becomes a new graph input of
    the same type and name, appended after the original inputs; every use
    of the value reads the input, so the ops that only fed it go. Original
    inputs that a kept op still reads stay. An unknown name is an error
    that lists the nearest names.

    A module holding one graph prunes that graph. A module holding several
    needs `graph=NAME` to select one; the others are left as they are.

    `report=FILE` writes a JSON report: for every output of the original
    graph, the ops, weight bytes and FLOPs of its cone, split into what is
    exclusive to it and what it shares with other outputs, and the totals
    before and after pruning, and which inputs were kept, removed and added
    (see docs/prune.md).

    Example, `--prune-to=cls`:

    ```mlir
    // Before
    cgraph.graph @m(%x: tensor<4xf32> as "x", %y: tensor<4xf32> as "y")
        -> (tensor<4xf32> as "cls", tensor<4xf32> as "seg") {
      %a = cgraph.relu %x : tensor<4xf32>
      %b = cgraph.add %a, %y : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
      cgraph.output %a, %b : tensor<4xf32>, tensor<4xf32>
    }
    // After
    cgraph.graph @m(%x: tensor<4xf32> as "x") -> (tensor<4xf32> as "cls") {
      %a = cgraph.relu %x : tensor<4xf32>
      cgraph.output %a : tensor<4xf32>
    }
    ```
  }];
  let dependentDialects = [];
  let options = [
    ListOption<"outputs", "outputs", "std::string",
               "Names of the graph outputs to keep (comma separated)">,
    ListOption<"inputs", "inputs", "std::string",
               "Inner values that become new graph inputs (op source names, "
               "ONNX tensor names or output names, comma separated)">,
    Option<"graphName", "graph", "std::string", /*default=*/"\"\"",
           "The graph to prune when the module holds several">,
    Option<"keepUnusedInputs", "keep-unused-inputs", "bool",
           /*default=*/"false",
           "Keep graph inputs that no kept op reads (fixed ABI)">,
    Option<"reportFile", "report", "std::string", /*default=*/"\"\"",
           "Write a JSON report of what each output needs to this file "
           "('-' for stdout)">,
  ];
}

def FoldConstants : Pass<"fold-constants", "::mcg::cgraph::GraphOp"> {
  let summary = "Evaluate ops on constants and fold batch_norm into weights";
  let description = [{
    Evaluates, at compile time, every op of the graph whose operands are all
    `cgraph.constant`: elementwise ops (with broadcasting), casts, reshape,
    flatten, transpose, slice, concat, pad, gather, reductions, matmul and
    gemm. The folded value replaces the op; constants that only it used are
    removed. Values are computed in double and rounded once to the result
    element type. A `cgraph.if` on a constant condition is replaced by the
    ops of its taken branch.

    It also folds an inference `batch_norm` into the op that produces its
    input, when that op has no other user and its weights are constant:

    - `batch_norm(conv2d(x, W, b))` -> `conv2d(x, W', b')`
    - `batch_norm(gemm(x, W, c))` -> `gemm(x, W', c')`
    - `batch_norm(matmul(x, W))` -> `add(matmul(x, W'), b')` (2-D)

    with `f = scale / sqrt(var + epsilon)`, `W'` = `W` scaled by `f` per
    output channel, and `b' = (b - mean) * f + bias`. A `batch_norm` with
    constant parameters that no producer takes (its input is a
    concatenation, a pool or a graph input, as in pre-activation networks
    such as densenet) becomes `add(mul(x, f), bias - mean * f)` with
    per-channel constants of shape `C x 1 x ... x 1`: one multiply-add per
    element, which `--fuse` joins with the activation after it.

    **Budget.** Folding must not bloat a model. The pass keeps a running net
    size: each fold adds the bytes of the constants it creates and subtracts
    the bytes of the constants it frees (those only the folded op used). A
    fold that would take the net above `max-bytes` (default 1 MiB) is
    skipped, so a scalar broadcast to a large tensor stays an op. Folds that
    shrink the model are always done.

    Every op that has only constant operands but is not folded gets a remark
    saying why (over budget, an op kind that is not evaluated, an unreadable
    constant). `report=FILE` writes the counts (folds, batch_norm folds,
    bytes created and freed, net growth), every fold done in order
    (`applied`) and every skipped fold with its reason as JSON.

    **A prefix of the folds.** `max-folds=N` does only the first N folds
    (the batch_norm folds, into a producer or to a multiply-add, in
    program order, then the evaluated ops in program order) and leaves the
    rest of the graph as it is; the first N folds are the same as without
    the limit. `mcg-check` bisects with it to
    find the fold that changes a model's numbers (see docs/check.md).

    ```mlir
    // Before
    %s = cgraph.constant dense<[2, 8]> : tensor<2xi64>
    %t = cgraph.constant dense<2> : tensor<2xi64>
    %p = cgraph.mul %s, %t : (tensor<2xi64>, tensor<2xi64>) -> tensor<2xi64>
    // After
    %p = cgraph.constant dense<[4, 16]> : tensor<2xi64>
    ```
  }];
  let options = [
    Option<"maxBytes", "max-bytes", "int64_t", /*default=*/"1048576",
           "Largest net growth, in bytes, that folding may add to the graph">,
    Option<"reportFile", "report", "std::string", /*default=*/"\"\"",
           "Write a JSON report (counts, bytes, folds done, skipped folds "
           "and why) to this file ('-' for stdout, %g for the graph's name)">,
    Option<"maxFolds", "max-folds", "int64_t", /*default=*/"-1",
           "Do only the first N folds, in the order the report lists them "
           "(-1: all)">,
    Option<"testWrongFold", "test-wrong-fold", "std::string",
           /*default=*/"\"\"",
           "Test only: the fold of the op with this source name (a folded "
           "batch_norm's or its producer's) adds one to the value it computes "
           "(tests of mcg-check's bisection)">,
  ];
}

def Fuse : Pass<"fuse", "::mcg::cgraph::GraphOp"> {
  let summary = "Group ops into cgraph.fused regions that run as one loop nest";
  let description = [{
    Forms `cgraph.fused` groups in the graph's body, in this order:

    1. **contraction-epilogue**: a `conv2d`, `conv_transpose2d`, `matmul` or
       `gemm` followed by its elementwise epilogue: binary ops whose other
       operand is available (a bias, a residual) and that do not broadcast
       the contraction's result to a larger shape, and activations (`relu`,
       `clip`, `sigmoid`, `tanh`, `gelu`, `leaky_relu`).
    2. **normalization**: a `softmax` or `layer_norm` with the chain of
       elementwise ops that produces its input (its prologue).
    3. **elementwise**: maximal chains of elementwise ops (unary, binary with
       broadcasting, cast).

    A group grows by the users of its result, all of them at once, together
    with the ops needed so that every member but the new last one is read
    only inside the group: `x * sigmoid(x)` (SiLU), `x * hardsigmoid(x)`
    and `0.5 * x * (1 + erf(x / sqrt 2))` join a contraction as one step.
    So a value that is a graph output, or that some op outside the group
    reads, is never fused away: the group ends there and the value stays
    visible. Cheap elementwise ops are **not**
    recomputed to fuse past a shared value. Groups have at least two ops.
    Ops keep their locations inside the group; the group's location fuses
    them. The graph's top-level block is fused; regions of `cgraph.if` are
    left as they are. `report=FILE` writes the number of groups and of ops
    fused, per kind, and each group's ops, as JSON.

    **A prefix of the groups.** `max-groups=N` forms only the first N
    groups, in the order the report lists them, and leaves the other ops
    unfused; the first N groups are the same as without the limit.
    `mcg-check` bisects with it to find the group that changes a model's
    numbers (see docs/check.md).

    ```mlir
    // Before
    %c = cgraph.conv2d %x, %w : (...) -> tensor<1x8x4x4xf32>
    %b = cgraph.add %c, %bias : (tensor<1x8x4x4xf32>, tensor<8x1x1xf32>) -> tensor<1x8x4x4xf32>
    %r = cgraph.relu %b : tensor<1x8x4x4xf32>
    // After
    %r = cgraph.fused <contraction_epilogue> (%x, %w, %bias) : (...) -> tensor<1x8x4x4xf32> {
    ^bb0(%a: ..., %b: ..., %c: ...):
      ... conv2d, add, relu ...
      cgraph.yield %relu : tensor<1x8x4x4xf32>
    }
    ```
  }];
  let options = [
    Option<"contractionEpilogue", "contraction-epilogue", "bool",
           /*default=*/"true", "Fuse contractions with their epilogue">,
    Option<"normalization", "normalization", "bool", /*default=*/"true",
           "Fuse softmax / layer_norm with their elementwise prologue">,
    Option<"elementwise", "elementwise", "bool", /*default=*/"true",
           "Fuse chains of elementwise ops">,
    Option<"reportFile", "report", "std::string", /*default=*/"\"\"",
           "Write a JSON report (groups, ops fused, each group's ops) to "
           "this file ('-' for stdout, %g for the graph's name)">,
    Option<"maxGroups", "max-groups", "int64_t", /*default=*/"-1",
           "Form only the first N groups, in the order the report lists them "
           "(-1: all)">,
    Option<"testWrongFusion", "test-wrong-fusion", "std::string",
           /*default=*/"\"\"",
           "Test only: the group holding the op with this source name negates "
           "its result (tests of mcg-check's bisection)">,
  ];
}

#endif // MCG_DIALECT_CGRAPH_TRANSFORMS_PASSES_TD
