//===- Jit.h - a graph compiled in memory for this CPU ----------*- C++ -*-===//
//
// What mcg-run and the Python module share to run a model: lower a graph
// for the host CPU (or one it can run), JIT-compile it with its weights
// kept out of LLVM, and call it on caller-owned buffers.
//
//===----------------------------------------------------------------------===//

#ifndef MCG_TOOLS_JIT_H
#define MCG_TOOLS_JIT_H

#include "mcg/Tools/Model.h"
#include "mcg/Tools/Profile.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/Error.h"

#include <memory>
#include <string>
#include <vector>

namespace mlir {
class ExecutionEngine;
} // namespace mlir

namespace mcg {

/// How a graph is compiled for the JIT.
struct JitOptions {
  /// OpenMP threads for the contractions (> 1 needs libomp).
  unsigned threads = 1;
  /// The CPU to generate code for, as LLVM names it (empty: the host's). It
  /// must not need features the host lacks.
  std::string mcpu;
  /// Time every kernel call: the code calls the hooks of mcg/Tools/Profile.h
  /// (a KernelTimer must be active while it runs).
  bool profile = false;
};

/// The error JitGraph::create returns when the failure was already reported
/// as MLIR diagnostics (through the context's handler): nothing to add.
class DiagnosedError : public llvm::ErrorInfo<DiagnosedError> {
public:
  static char ID;
  void log(llvm::raw_ostream &os) const override;
  std::error_code convertToErrorCode() const override;
};

/// A graph JIT-compiled for this process. Calls keep no state between them
/// (each allocates its own arena), so run() may be called from several
/// threads at once.
class JitGraph {
public:
  /// Lowers `module` (one cgraph.graph after any graph passes; it is
  /// lowered in place to the LLVM dialect) and compiles it. Failures of the
  /// lowering are diagnostics (a DiagnosedError); the others (no OpenMP
  /// runtime, an unknown or unusable CPU, the JIT) are string errors.
  static llvm::Expected<std::unique_ptr<JitGraph>>
  create(mlir::ModuleOp module, const JitOptions &options);
  ~JitGraph();
  JitGraph(const JitGraph &) = delete;
  JitGraph &operator=(const JitGraph &) = delete;

  const GraphSignature &signature() const { return sig; }
  /// The CPU the code is for and the code generation options it chose.
  const std::string &cpu() const { return cpuName; }
  const CodegenOptions &codegenOptions() const { return codegen; }
  /// With JitOptions::profile: the kernel calls the hooks report, by id.
  llvm::ArrayRef<KernelCall> kernelCalls() const { return calls; }

  /// Runs the graph: `buffers` holds one pointer per input then one per
  /// output, in the signature's order, each to a contiguous row-major
  /// buffer of the spec's shape and element type.
  void run(llvm::ArrayRef<void *> buffers) const;

private:
  JitGraph() = default;

  GraphSignature sig;
  std::string cpuName;
  CodegenOptions codegen;
  std::vector<KernelCall> calls;
  /// The weights, aligned as the code expects; the JIT refers to them.
  std::vector<char> weightStore;
  std::unique_ptr<mlir::ExecutionEngine> engine;
  /// The graph's packed entry point: void(void **args).
  void (*entry)(void **) = nullptr;
};

/// Runs `jit` `warmup` times, then times `repeat` runs (which `timer`, if
/// given, records kernel by kernel) and returns their durations in
/// milliseconds, sorted.
std::vector<double> timeRuns(const JitGraph &jit,
                             llvm::ArrayRef<void *> buffers, unsigned warmup,
                             unsigned repeat, KernelTimer *timer = nullptr);

/// The median of sorted durations (0 if there are none).
double medianOf(llvm::ArrayRef<double> sorted);

} // namespace mcg

#endif // MCG_TOOLS_JIT_H
