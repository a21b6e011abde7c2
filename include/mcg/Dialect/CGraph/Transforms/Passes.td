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
    Values that a `cgraph.if` region captures from outside count as operands
    of the `cgraph.if`; ops inside a kept region that do not reach its
    `cgraph.yield` are removed too. Ops with side effects are always kept.

    The names can be given bare, as `mcg-opt` passes them after `=`
    (`--prune-to=cls,seg`, `prune-to{cls,seg}`), or as the `outputs` option
    (`prune-to{outputs=cls,seg}`). Kept outputs stay in the graph's order.
    An unknown name is an error that lists the graph's outputs, and nothing
    is changed.

    A module holding one graph prunes that graph. A module holding several
    needs `graph=NAME` to select one; the others are left as they are.

    `report=FILE` writes a JSON report: for every output of the original
    graph, the ops, weight bytes and FLOPs of its cone, split into what is
    exclusive to it and what it shares with other outputs, and the totals
    before and after pruning (see docs/prune.md).

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
    Option<"graphName", "graph", "std::string", /*default=*/"\"\"",
           "The graph to prune when the module holds several">,
    Option<"keepUnusedInputs", "keep-unused-inputs", "bool",
           /*default=*/"false",
           "Keep graph inputs that no kept op reads (fixed ABI)">,
    Option<"reportFile", "report", "std::string", /*default=*/"\"\"",
           "Write a JSON report of what each output needs to this file "
           "('-' for stdout)">,
  ];
  let statistics = [
    Statistic<"numOpsErased", "ops-erased", "Ops removed">,
    Statistic<"numInputsErased", "inputs-erased", "Graph inputs removed">,
    Statistic<"numOutputsErased", "outputs-erased", "Graph outputs removed">,
  ];
}

#endif // MCG_DIALECT_CGRAPH_TRANSFORMS_PASSES_TD
