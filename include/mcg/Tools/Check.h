//===- Check.h - equivalence of a model and its transformation --*- C++ -*-===//
//
// mcg-check's engine: run a model as given (the reference) and as the graph
// passes transform it on the same inputs, compare every output the
// transformed graph keeps, and, when they differ, bisect to the first pass
// and the first rewrite of that pass (a fold, a fusion group) that takes
// them out of tolerance.
//
//===----------------------------------------------------------------------===//

#ifndef MCG_TOOLS_CHECK_H
#define MCG_TOOLS_CHECK_H

#include "mcg/Tools/Compare.h"
#include "mcg/Tools/Jit.h"
#include "mcg/Tools/Model.h"
#include "mcg/Tools/Npy.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

#include <memory>
#include <string>
#include <vector>

namespace mcg {

/// A graph pass that a check applies, with the options the user gave it.
struct CheckPass {
  enum class Kind { PruneTo, FoldConstants, Fuse };
  Kind kind;
  /// The text after `=` on the command line: the pass's options (for
  /// prune-to, the outputs to keep).
  std::string options;

  /// The flag as a user types it: "--prune-to=cls", "--fuse".
  std::string flag() const;
  /// The pass option that limits it to its first N rewrites ("max-folds",
  /// "max-groups"), or "" when its work is not a list of rewrites
  /// (prune-to).
  llvm::StringRef limitOption() const;
  /// What one rewrite is called ("fold", "group").
  llvm::StringRef rewriteNoun() const;
};

/// The pipeline text (nested in a module pass manager) that runs `passes` in
/// order, the last of them limited to `limit` rewrites (when >= 0) and
/// writing its report to `report` (when not empty).
std::string checkPipeline(llvm::ArrayRef<CheckPass> passes, int64_t limit = -1,
                          llvm::StringRef report = "");

/// A copy of `model` transformed by `pipeline`. The passes' remarks are
/// dropped (a bisection runs them many times); their errors go to the
/// context's handler and make it fail.
mlir::FailureOr<mlir::OwningOpRef<mlir::ModuleOp>>
applyPipeline(mlir::ModuleOp model, llvm::StringRef pipeline);

/// One output's comparison over every sample.
struct OutputCheck {
  std::string name;
  Comparison comparison;
};

bool allWithinTolerance(llvm::ArrayRef<OutputCheck> checks);

/// "cls, seg": the outputs out of tolerance.
std::string failingOutputs(llvm::ArrayRef<OutputCheck> checks);

/// Runs graphs on the inputs a reference graph ran on and compares their
/// outputs with the reference's.
class EquivalenceChecker {
public:
  /// Compiles and runs (a copy of) `reference` on every sample; `samples[s]`
  /// holds one array per input of the reference, in order.
  static llvm::Expected<std::unique_ptr<EquivalenceChecker>>
  create(mlir::ModuleOp reference, std::vector<std::vector<NpyArray>> samples,
         const JitOptions &options, const Tolerance &tolerance);

  /// An error unless `candidate`'s inputs are inputs of the reference, of
  /// the same types, and its outputs are outputs of the reference.
  llvm::Error checkComparable(const GraphSignature &candidate) const;

  /// Compiles (a copy of) `candidate`, runs it on every sample and compares
  /// each of its outputs with the reference's output of the same name.
  llvm::Expected<std::vector<OutputCheck>>
  compare(mlir::ModuleOp candidate) const;

  const Tolerance &tolerance() const { return tol; }

private:
  EquivalenceChecker() = default;

  GraphSignature reference;
  std::vector<std::vector<NpyArray>> samples;
  /// referenceOutputs[s][i]: output i of the reference on sample s.
  std::vector<std::vector<NpyArray>> referenceOutputs;
  JitOptions jitOptions;
  Tolerance tol;
};

/// What a bisection found: the first rewrite that takes the outputs out of
/// tolerance.
struct BisectResult {
  /// The guilty pass (an index into the passes).
  size_t pass = 0;
  /// The rewrite of that pass (1-based) and the number it applies; both 0
  /// for a pass that is not a list of rewrites (prune-to).
  int64_t rewrite = 0, rewrites = 0;
  /// The rewrite as the pass's report lists it: the op (kind and source
  /// name) a fold replaced, the ops of a fusion group.
  std::string description;
  /// The outputs with the passes before it and the rewrites up to it.
  std::vector<OutputCheck> checks;
};

/// Bisects a check whose outputs with every pass applied (`fullChecks`)
/// are out of tolerance: applies the passes one more at a time until the
/// outputs leave the tolerance, then halves the number of rewrites that
/// pass may apply. Writes the graph before and after the guilty rewrite to
/// `beforeFile` and `afterFile`, and each step to `log`.
llvm::Expected<BisectResult>
bisect(const EquivalenceChecker &checker, mlir::ModuleOp model,
       llvm::ArrayRef<CheckPass> passes, llvm::ArrayRef<OutputCheck> fullChecks,
       llvm::StringRef beforeFile, llvm::StringRef afterFile,
       llvm::raw_ostream &log);

} // namespace mcg

#endif // MCG_TOOLS_CHECK_H
