//===- Profile.h - per-kernel times for mcg-run --profile -------*- C++ -*-===//
//
// The tool's side of the kernel profile: the table of kernel calls that
// profile-kernel-calls leaves on the lowered module, the runtime hooks the
// generated code calls around each kernel call, and the printed summary.
//
//===----------------------------------------------------------------------===//

#ifndef MCG_TOOLS_PROFILE_H
#define MCG_TOOLS_PROFILE_H

#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/raw_ostream.h"

#include <optional>
#include <string>
#include <vector>

namespace mcg {

/// One kernel call of a profiled graph function, as
/// convert-cgraph-to-linalg and profile-kernel-calls described it.
struct KernelCall {
  /// The kernel function called (shared by calls of ops that are alike).
  std::string kernel;
  /// Source names of the cgraph ops the call computes.
  std::vector<std::string> ops;
  /// `input * filter -> result` for a contraction, else the results.
  std::string shape;
  /// Floating-point operations, for a call that holds a contraction.
  std::optional<int64_t> flops;
  /// Bytes of the call's arguments and results.
  int64_t bytes = 0;
  /// False when the compiler erased the call (it would have copied
  /// nothing): it is listed, not timed.
  bool called = true;
};

/// Reads the kernel-call table of a module lowered with
/// `CodegenOptions::profile` (the module's `mcg.profile` array, indexed by
/// the hooks' ids) and removes it from the module. Fails with a diagnostic
/// if the table is missing or malformed.
mlir::FailureOr<std::vector<KernelCall>> takeKernelProfile(mlir::ModuleOp);

/// Collects the duration of every kernel call. While a timer is active,
/// the runtime hooks report to it; it records durations only between
/// startRecording and stopRecording (the timed runs, not the warm-up).
class KernelTimer {
public:
  explicit KernelTimer(size_t numCalls);
  ~KernelTimer();
  KernelTimer(const KernelTimer &) = delete;
  KernelTimer &operator=(const KernelTimer &) = delete;

  /// Makes the hooks report to this timer (one timer at a time).
  void activate();
  /// Records from now on; `runs` sizes the storage so that the hooks do
  /// not allocate.
  void startRecording(unsigned runs);
  void stopRecording();

  void enter(int64_t id);
  void exit(int64_t id);

  /// Each call's median recorded duration in milliseconds (0 if none).
  std::vector<double> medianMs() const;

private:
  std::vector<int64_t> startedNs;
  std::vector<std::vector<int64_t>> samplesNs;
  bool recording = false;
};

/// The runtime hooks by symbol name (`mcg_profile_enter`,
/// `mcg_profile_exit`), for the JIT's symbol map.
llvm::StringMap<void *> kernelProfileHooks();

/// Prints the summary table: one row per kernel call, slowest first
/// (at most `top` rows when `top` > 0, the rest summed in one row), with
/// its median time, share of the kernels' total, cumulative share, rate
/// (GFLOP/s for contractions, GB/s for the rest), kernel, shapes and
/// source ops; then the total. `runs` and `threads` describe the
/// measurement, `latencyMs` is the median time of a whole run.
void printKernelProfile(llvm::raw_ostream &os, llvm::ArrayRef<KernelCall> calls,
                        llvm::ArrayRef<double> medianMs, double latencyMs,
                        unsigned runs, unsigned threads, unsigned top);

} // namespace mcg

#endif // MCG_TOOLS_PROFILE_H
