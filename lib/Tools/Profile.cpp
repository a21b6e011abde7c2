//===- Profile.cpp - per-kernel times for mcg-run --profile ---------------===//
//
// The hooks the profiled code calls around each kernel call take one clock
// reading each; durations are kept per call and per run, and the summary
// reports each call's median, so one slow run (a page fault, a preempted
// thread) does not move a row.
//
//===----------------------------------------------------------------------===//

#include "mcg/Tools/Profile.h"
#include "mcg/Codegen/KernelProfile.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"

#include <algorithm>
#include <chrono>
#include <numeric>

using namespace mlir;

namespace {
/// The timer the hooks report to (set by KernelTimer::activate).
mcg::KernelTimer *activeTimer = nullptr;

int64_t nowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}
} // namespace

extern "C" {
/// Called by the generated code right before kernel call `id`.
static void mcg_profile_enter(int64_t id) {
  if (activeTimer)
    activeTimer->enter(id);
}
/// Called by the generated code right after kernel call `id`.
static void mcg_profile_exit(int64_t id) {
  if (activeTimer)
    activeTimer->exit(id);
}
}

namespace mcg {

FailureOr<std::vector<KernelCall>> takeKernelProfile(ModuleOp module) {
  auto table = module->getAttrOfType<ArrayAttr>(kProfileAttrName);
  if (!table)
    return module.emitError("no kernel profile table ('")
           << kProfileAttrName << "') on the lowered module";
  std::vector<KernelCall> calls;
  for (Attribute a : table) {
    auto entry = dyn_cast<DictionaryAttr>(a);
    auto kernel = entry ? entry.getAs<StringAttr>(kProfileKernelKey) : nullptr;
    auto ops = entry ? entry.getAs<ArrayAttr>(kProfileOpsKey) : nullptr;
    auto shape = entry ? entry.getAs<StringAttr>(kProfileShapeKey) : nullptr;
    auto bytes = entry ? entry.getAs<IntegerAttr>(kProfileBytesKey) : nullptr;
    if (!kernel || !ops || !shape || !bytes ||
        !llvm::all_of(ops, llvm::IsaPred<StringAttr>))
      return module.emitError("malformed kernel profile entry ") << a;
    KernelCall call;
    call.kernel = kernel.str();
    for (Attribute name : ops)
      call.ops.push_back(cast<StringAttr>(name).str());
    call.shape = shape.str();
    if (auto flops = entry.getAs<IntegerAttr>(kProfileFlopsKey))
      call.flops = flops.getInt();
    call.bytes = bytes.getInt();
    call.called = !entry.get(kProfileNotCalledKey);
    calls.push_back(std::move(call));
  }
  module->removeAttr(kProfileAttrName);
  return calls;
}

KernelTimer::KernelTimer(size_t numCalls)
    : startedNs(numCalls), samplesNs(numCalls) {}

KernelTimer::~KernelTimer() {
  if (activeTimer == this)
    activeTimer = nullptr;
}

void KernelTimer::activate() { activeTimer = this; }

void KernelTimer::startRecording(unsigned runs) {
  for (std::vector<int64_t> &samples : samplesNs)
    samples.reserve(samples.size() + runs);
  recording = true;
}

void KernelTimer::stopRecording() { recording = false; }

void KernelTimer::enter(int64_t id) {
  if (id >= 0 && static_cast<size_t>(id) < startedNs.size())
    startedNs[id] = nowNs();
}

void KernelTimer::exit(int64_t id) {
  int64_t end = nowNs();
  if (recording && id >= 0 && static_cast<size_t>(id) < startedNs.size())
    samplesNs[id].push_back(end - startedNs[id]);
}

std::vector<double> KernelTimer::medianMs() const {
  std::vector<double> medians;
  for (std::vector<int64_t> samples : samplesNs) {
    if (samples.empty()) {
      medians.push_back(0);
      continue;
    }
    std::sort(samples.begin(), samples.end());
    size_t n = samples.size();
    double ns =
        n % 2 ? samples[n / 2] : (samples[n / 2 - 1] + samples[n / 2]) / 2.0;
    medians.push_back(ns * 1e-6);
  }
  return medians;
}

llvm::StringMap<void *> kernelProfileHooks() {
  llvm::StringMap<void *> hooks;
  hooks[kProfileEnterHook] = reinterpret_cast<void *>(&mcg_profile_enter);
  hooks[kProfileExitHook] = reinterpret_cast<void *>(&mcg_profile_exit);
  return hooks;
}

namespace {

/// The ops' names with their longest common path prefix written once:
/// `/layer1/layer1.0/{conv1/Conv, relu/Relu}`.
std::string formatOps(llvm::ArrayRef<std::string> ops) {
  if (ops.size() < 2)
    return ops.empty() ? "" : ops.front();
  StringRef first = ops.front();
  size_t common = first.size();
  for (StringRef op : ops.drop_front()) {
    size_t i = 0;
    while (i < common && i < op.size() && op[i] == first[i])
      ++i;
    common = i;
  }
  size_t slash = first.take_front(common).rfind('/');
  bool factor =
      slash != StringRef::npos && slash > 0 &&
      llvm::all_of(ops, [&](StringRef op) { return op.size() > slash + 1; });
  if (!factor)
    return llvm::join(ops, ", ");
  std::vector<std::string> rests;
  for (StringRef op : ops)
    rests.push_back(op.drop_front(slash + 1).str());
  return (first.take_front(slash + 1) + "{" + llvm::join(rests, ", ") + "}")
      .str();
}

std::string formatRate(const KernelCall &call, double ms) {
  if (!call.called)
    return "not called";
  if (ms <= 0)
    return "-";
  // Per millisecond, 1e6 of them make a G per second.
  if (call.flops)
    return llvm::formatv("{0:F1} GFLOP/s", *call.flops / ms / 1e6).str();
  return llvm::formatv("{0:F1} GB/s", call.bytes / ms / 1e6).str();
}

/// One printed row: the numbers, then the text columns.
struct Row {
  double ms, share, cumulative;
  std::string rate, kernel, shape, ops;
};

} // namespace

void printKernelProfile(llvm::raw_ostream &os, llvm::ArrayRef<KernelCall> calls,
                        llvm::ArrayRef<double> medianMs, double latencyMs,
                        unsigned runs, unsigned threads, unsigned top) {
  std::vector<size_t> order(calls.size());
  std::iota(order.begin(), order.end(), 0);
  // Slowest first; equal times in program order.
  llvm::sort(order, [&](size_t a, size_t b) {
    return medianMs[a] != medianMs[b] ? medianMs[a] > medianMs[b] : a < b;
  });
  double total = 0;
  int64_t totalFlops = 0;
  llvm::StringSet<> kernels;
  size_t notCalled = 0;
  for (size_t i = 0; i < calls.size(); ++i) {
    total += medianMs[i];
    totalFlops += calls[i].flops.value_or(0);
    if (calls[i].called)
      kernels.insert(calls[i].kernel);
    else
      ++notCalled;
  }
  auto percent = [&](double ms) { return total > 0 ? 100 * ms / total : 0; };

  std::vector<Row> rows;
  double cumulative = 0;
  size_t shown = top ? std::min<size_t>(top, calls.size()) : calls.size();
  for (size_t i : llvm::ArrayRef(order).take_front(shown)) {
    cumulative += medianMs[i];
    rows.push_back({medianMs[i], percent(medianMs[i]), percent(cumulative),
                    formatRate(calls[i], medianMs[i]), calls[i].kernel,
                    calls[i].shape, formatOps(calls[i].ops)});
  }
  if (shown < calls.size()) {
    double rest = total - cumulative;
    rows.push_back(
        {rest, percent(rest), 100.0, "",
         llvm::formatv("({0} more kernel calls)", calls.size() - shown).str(),
         "", ""});
  }

  size_t rateWidth = 4, kernelWidth = 6, shapeWidth = 5;
  for (const Row &row : rows) {
    rateWidth = std::max(rateWidth, row.rate.size());
    kernelWidth = std::max(kernelWidth, row.kernel.size());
    shapeWidth = std::max(shapeWidth, row.shape.size());
  }
  auto count = [](size_t n, StringRef noun) {
    return std::to_string(n) + " " + noun.str() + (n == 1 ? "" : "s");
  };
  os << "kernel profile: " << count(calls.size() - notCalled, "kernel call")
     << " (" << count(kernels.size(), "kernel") << "), median of "
     << count(runs, "run") << " each, " << count(threads, "thread");
  // Calls the compiler erased: they would have copied nothing.
  if (notCalled)
    os << "; " << notCalled << " not called (their inputs are in place)";
  os << "\n";
  os << llvm::formatv("{0,9}  {1,6}  {2,6}  {3}  {4}  {5}  ops\n", "ms",
                      "share", "cum", llvm::right_justify("rate", rateWidth),
                      llvm::left_justify("kernel", kernelWidth),
                      llvm::left_justify("shape", shapeWidth));
  for (const Row &row : rows) {
    std::string line =
        llvm::formatv("{0,9:F4}  {1,5:F1}%  {2,5:F1}%  {3}  {4}  {5}  {6}",
                      row.ms, row.share, row.cumulative,
                      llvm::right_justify(row.rate, rateWidth),
                      llvm::left_justify(row.kernel, kernelWidth),
                      llvm::left_justify(row.shape, shapeWidth), row.ops)
            .str();
    os << StringRef(line).rtrim() << "\n";
  }
  std::string rate =
      totalFlops && total > 0
          ? llvm::formatv("{0:F1} GFLOP/s", totalFlops / total / 1e6).str()
          : "";
  std::string line =
      llvm::formatv("{0,9:F4}  {1,5:F1}%  {2,6}  {3}  total (sum of the "
                    "medians); a whole run: {4:F4} ms (median)",
                    total, total > 0 ? 100.0 : 0.0, "",
                    llvm::right_justify(rate, rateWidth), latencyMs)
          .str();
  os << line << "\n";
}

} // namespace mcg
