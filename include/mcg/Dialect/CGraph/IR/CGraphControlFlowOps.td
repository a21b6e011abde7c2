//===- CGraphControlFlowOps.td - if, loop, scan ------------*- tablegen -*-===//
//
// Control flow: ONNX If, Loop and Scan. Their regions are not isolated:
// they may use values defined before the op (captures), which --prune-to
// follows like ordinary operands.
//
//===----------------------------------------------------------------------===//

#ifndef MCG_DIALECT_CGRAPH_IR_CGRAPHCONTROLFLOWOPS_TD
#define MCG_DIALECT_CGRAPH_IR_CGRAPHCONTROLFLOWOPS_TD

include "mcg/Dialect/CGraph/IR/CGraphBase.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def CGraph_IfOp : CGraph_Op<"if", [
    RecursiveMemoryEffects, NoRegionArguments]> {
  let summary = "choose between two regions on a boolean scalar";
  let description = [{
    Evaluates `then` when the scalar `condition` is true and `else`
    otherwise; the results are the operands of the taken region's
    `cgraph.yield`. The regions are not isolated: they may use any value
    defined before the `cgraph.if` in the graph (captures), which
    `--prune-to` follows like ordinary operands. ONNX `If` imports to it.

    ```mlir
    %r = cgraph.if %flag : tensor<i1> -> (tensor<4xf32>) {
      %a = cgraph.relu %x : (tensor<4xf32>) -> tensor<4xf32>
      cgraph.yield %a : tensor<4xf32>
    } else {
      cgraph.yield %x : tensor<4xf32>
    }
    ```
  }];
  let arguments = (ins CGraph_BoolScalarTensor:$condition);
  let results = (outs Variadic<AnyRankedTensor>:$results);
  let regions = (region SizedRegion<1>:$thenRegion, SizedRegion<1>:$elseRegion);
  let assemblyFormat = [{
    $condition `:` type($condition) (`->` `(` type($results)^ `)`)?
    $thenRegion `else` $elseRegion attr-dict
  }];
  let hasRegionVerifier = 1;
  let hasCanonicalizer = 1;
}

def CGraph_LoopOp : CGraph_Op<"loop", [
    RecursiveMemoryEffects, AttrSizedOperandSegments]> {
  let summary = "ONNX Loop: a body run while a trip count and a condition allow";
  let description = [{
    The body runs for iterations 0, 1, ... while the iteration number is
    below `max_trip_count` (when given) and the condition is true (the
    `condition` operand for the first iteration, when given, then the
    body's first yielded value). The body's block arguments are the
    iteration number (`tensor<i64>`), the condition (`tensor<i1>`) and the
    loop-carried values, which start as `initial`. The body yields the next
    condition, the next loop-carried values (of the same types) and one
    slice per scan output.

    The results are the final loop-carried values, then the scan outputs:
    each stacks its slices of every iteration along a new first dimension,
    whose size is the number of iterations. mcg needs that number static:
    the importer accepts scan outputs only when the trip count is a
    constant and nothing can stop the loop early.

    The body is not isolated: it may use values defined before the loop
    (captures). Code generation runs a loop with a trip count as an
    `scf.for` (a while loop, with none, is rejected).

    ```mlir
    %h, %s = cgraph.loop trip(%n : tensor<i64>) (%x) : (tensor<2x8xf32>)
        -> (tensor<2x8xf32>, tensor<3x2x8xf32>) {
    ^bb0(%i: tensor<i64>, %c: tensor<i1>, %v: tensor<2x8xf32>):
      %t = cgraph.tanh %v : tensor<2x8xf32>
      cgraph.yield %c, %t, %t : tensor<i1>, tensor<2x8xf32>, tensor<2x8xf32>
    }
    ```
  }];
  let arguments = (ins Optional<0DTensorOf<[I64]>>:$max_trip_count,
                   Optional<CGraph_BoolScalarTensor>:$condition,
                   Variadic<AnyRankedTensor>:$initial);
  let results = (outs Variadic<AnyRankedTensor>:$results);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = [{
    (`trip` `(` $max_trip_count^ `:` type($max_trip_count) `)`)?
    (`cond` `(` $condition^ `:` type($condition) `)`)?
    `(` $initial `)` attr-dict `:` functional-type($initial, $results) $body
  }];
  let extraClassDeclaration = [{
    /// The number of scan outputs (results after the loop-carried values).
    unsigned getNumScanOutputs() {
      return getNumResults() - getInitial().size();
    }
  }];
  let hasRegionVerifier = 1;
  let hasCanonicalizer = 1;
}

def CGraph_ScanOp : CGraph_Op<"scan", [RecursiveMemoryEffects]> {
  let summary = "ONNX Scan: a body run once per slice of the scan inputs";
  let description = [{
    The first `inputs` are the initial state values, the last
    `num_scan_inputs` are the scan inputs. All scan inputs have the same
    length along their `scan_input_axes`, and the body runs once per index
    of it, in the order `scan_input_directions` gives (0 forward, 1
    backward) for each input. The body's block arguments are the state
    values, then one slice of each scan input (its axis removed). It
    yields the next state values, then one slice per scan output.

    The results are the final state values, then the scan outputs: the
    slices of every iteration stacked along `scan_output_axes`, in the
    order of `scan_output_directions`. The attributes are ONNX's, with
    axes made non-negative and every default written out.

    The body is not isolated: it may use values defined before the scan
    (captures). Code generation runs it as an `scf.for`.

    ```mlir
    %sum, %run = cgraph.scan (%zero, %x) {num_scan_inputs = 1 : i64,
        scan_input_axes = array<i64: 0>, scan_input_directions = array<i64: 0>,
        scan_output_axes = array<i64: 0>, scan_output_directions = array<i64: 0>}
        : (tensor<4xf32>, tensor<3x4xf32>) -> (tensor<4xf32>, tensor<3x4xf32>) {
    ^bb0(%acc: tensor<4xf32>, %row: tensor<4xf32>):
      %s = cgraph.add %acc, %row
          : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
      cgraph.yield %s, %s : tensor<4xf32>, tensor<4xf32>
    }
    ```
  }];
  let arguments = (ins Variadic<AnyRankedTensor>:$inputs,
                   I64Attr:$num_scan_inputs,
                   DenseI64ArrayAttr:$scan_input_axes,
                   DenseI64ArrayAttr:$scan_input_directions,
                   DenseI64ArrayAttr:$scan_output_axes,
                   DenseI64ArrayAttr:$scan_output_directions);
  let results = (outs Variadic<AnyRankedTensor>:$results);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = [{
    `(` $inputs `)` attr-dict `:` functional-type($inputs, $results) $body
  }];
  let extraClassDeclaration = [{
    /// The number of state values (inputs before the scan inputs, and
    /// results before the scan outputs).
    unsigned getNumStates() {
      return getInputs().size() - getNumScanInputs();
    }
    unsigned getNumScanOutputs() { return getNumResults() - getNumStates(); }
  }];
  let hasVerifier = 1;
  let hasRegionVerifier = 1;
  let hasCanonicalizer = 1;
}

#endif // MCG_DIALECT_CGRAPH_IR_CGRAPHCONTROLFLOWOPS_TD
