//===- Jit.cpp - a graph compiled in memory for this CPU ------------------===//
//
// The code is generated for the CPU the target machine describes (its
// vector extensions and registers decide the register tiles), as
// mcg-compile does. The weights bypass LLVM: they are copied once into
// memory aligned as the code expects and their addresses given to the JIT.
//
//===----------------------------------------------------------------------===//

#include "mcg/Tools/Jit.h"
#include "mcg/Tools/Target.h"

#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h"
#include "llvm/Support/Alignment.h"
#include "llvm/TargetParser/SubtargetFeature.h"

#include <algorithm>
#include <cassert>
#include <chrono>
#include <cstring>

using namespace llvm;

namespace mcg {

char DiagnosedError::ID = 0;

void DiagnosedError::log(raw_ostream &os) const {
  os << "failed (reported as diagnostics)";
}

std::error_code DiagnosedError::convertToErrorCode() const {
  return inconvertibleErrorCode();
}

static Error error(const Twine &message) {
  return createStringError(inconvertibleErrorCode(), message);
}

/// Weights need at most this alignment (a cache line).
constexpr size_t kWeightAlign = 64;

Expected<std::unique_ptr<JitGraph>>
JitGraph::create(mlir::ModuleOp module, const JitOptions &options) {
  std::unique_ptr<JitGraph> jit(new JitGraph());
  FailureOr<GraphSignature> sig = describeGraph(module);
  if (failed(sig))
    return make_error<DiagnosedError>();
  jit->sig = std::move(*sig);

  std::string omp;
  if (options.threads > 1 && (omp = openMPRuntimePath()).empty())
    return error("--threads needs the OpenMP runtime (libomp-22-dev)");
  Expected<TargetCPU> cpu = resolveTargetCPU(options.mcpu);
  if (!cpu)
    return cpu.takeError();
  if (std::vector<std::string> missing = featuresMissingOnHost(*cpu);
      !missing.empty())
    return error("code for the CPU " + cpu->cpu +
                 " cannot run here: the host lacks " + join(missing, ", "));
  jit->cpuName = cpu->cpu;
  orc::JITTargetMachineBuilder builder{Triple(cpu->triple)};
  builder.setCPU(cpu->cpu);
  builder.addFeatures(SubtargetFeatures(cpu->features).getFeatures());
  builder.setCodeGenOptLevel(CodeGenOptLevel::Aggressive);
  auto machine = builder.createTargetMachine();
  if (!machine)
    return error("cannot create a target machine for " + cpu->cpu + ": " +
                 toString(machine.takeError()));
  jit->codegen = codegenOptionsFor(**machine, options.threads);
  jit->codegen.profile = options.profile;
  if (failed(lowerToLLVM(module, jit->codegen)))
    return make_error<DiagnosedError>();
  if (options.profile) {
    FailureOr<std::vector<KernelCall>> table = takeKernelProfile(module);
    if (failed(table))
      return make_error<DiagnosedError>();
    jit->calls = std::move(*table);
  }

  SmallVector<WeightBlob> weights = externalizeWeights(module);
  SmallVector<size_t> offsets;
  size_t bytes = 0;
  for (const WeightBlob &w : weights) {
    if (w.alignment > kWeightAlign)
      return error("weight '" + w.symbol + "' needs an alignment above 64");
    bytes = alignTo(bytes, w.alignment);
    offsets.push_back(bytes);
    bytes += w.bytes.size();
  }
  jit->weightStore.resize(bytes + kWeightAlign);
  char *base = reinterpret_cast<char *>(
      alignAddr(jit->weightStore.data(), Align(kWeightAlign)));
  for (auto [w, offset] : llvm::zip(weights, offsets))
    memcpy(base + offset, w.bytes.data(), w.bytes.size());

  // ExecutionEngineOptions::transformer is a function_ref: the transformer
  // itself must outlive ExecutionEngine::create.
  auto transformer = mlir::makeOptimizingTransformer(3, 0, machine->get());
  mlir::ExecutionEngineOptions engineOptions;
  engineOptions.transformer = transformer;
  engineOptions.jitCodeGenOptLevel = CodeGenOptLevel::Aggressive;
  SmallVector<StringRef> libraries;
  if (!omp.empty())
    libraries.push_back(omp);
  engineOptions.sharedLibPaths = libraries;
  auto engine =
      mlir::ExecutionEngine::create(module, engineOptions, std::move(*machine));
  if (!engine)
    return error("JIT compilation failed: " + toString(engine.takeError()));
  jit->engine = std::move(*engine);
  bool profile = options.profile;
  jit->engine->registerSymbols([&](orc::MangleAndInterner interner) {
    orc::SymbolMap map;
    for (auto [w, offset] : llvm::zip(weights, offsets))
      map[interner(w.symbol)] = {orc::ExecutorAddr::fromPtr(base + offset),
                                 JITSymbolFlags::Exported};
    if (profile)
      for (auto &hook : kernelProfileHooks())
        map[interner(hook.getKey())] = {
            orc::ExecutorAddr::fromPtr(hook.getValue()),
            JITSymbolFlags::Exported};
    return map;
  });
  // Looked up once, so that run() only calls native code.
  auto entry = jit->engine->lookupPacked(jit->sig.name);
  if (!entry)
    return error("JIT compilation failed: no entry point for @" +
                 jit->sig.name + ": " + toString(entry.takeError()));
  jit->entry = *entry;
  return jit;
}

JitGraph::~JitGraph() = default;

void JitGraph::run(ArrayRef<void *> buffers) const {
  assert(buffers.size() == sig.inputs.size() + sig.outputs.size() &&
         "one buffer per input and output");
  SmallVector<void *> pointers(buffers);
  SmallVector<void *> args;
  for (void *&p : pointers)
    args.push_back(&p);
  entry(args.data());
}

std::vector<double> timeRuns(const JitGraph &jit, ArrayRef<void *> buffers,
                             unsigned warmup, unsigned repeat,
                             KernelTimer *timer) {
  for (unsigned i = 0; i < warmup; ++i)
    jit.run(buffers);
  std::vector<double> ms;
  ms.reserve(repeat);
  if (timer)
    timer->startRecording(repeat);
  for (unsigned i = 0; i < repeat; ++i) {
    auto start = std::chrono::steady_clock::now();
    jit.run(buffers);
    auto end = std::chrono::steady_clock::now();
    ms.push_back(
        std::chrono::duration<double, std::milli>(end - start).count());
  }
  if (timer)
    timer->stopRecording();
  std::sort(ms.begin(), ms.end());
  return ms;
}

double medianOf(ArrayRef<double> sorted) {
  if (sorted.empty())
    return 0;
  size_t n = sorted.size();
  return n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

} // namespace mcg
