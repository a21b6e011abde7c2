//===- mcg-run.cpp - compile a model in memory, run it on .npy inputs -----===//
//
// mcg-run MODEL [--prune-to=...] [--fold-constants] [--fuse]
//         [--input NAME=FILE.npy ...] [--random-inputs[=SEED]]
//         [--random-dist NAME=DIST ...]
//         [--output NAME=FILE.npy ...] [--output-dir DIR]
//         [--check NAME=REF.npy ... --rtol R --atol A] [--repeat N]
//         [--profile[=ROWS]]
//
// JIT-compiles the graph (ExecutionEngine), runs it on inputs read from
// .npy files or generated (RandomInputs.h), writes outputs, checks them
// against references (numpy.allclose semantics: |out - ref| <= atol +
// rtol * |ref|), times repeated runs and, with --profile, every kernel call
// of the timed runs.
//
//===----------------------------------------------------------------------===//

#include "mcg/Tools/RandomInputs.h"

#include "mcg/Tools/Compare.h"
#include "mcg/Tools/Inputs.h"
#include "mcg/Tools/Jit.h"
#include "mcg/Tools/Model.h"
#include "mcg/Tools/Npy.h"
#include "mcg/Tools/Profile.h"

#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/WithColor.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

using namespace llvm;

static cl::OptionCategory category("mcg-run options");
static cl::opt<std::string> modelPath(cl::Positional,
                                      cl::desc("<model.mlir or .onnx>"),
                                      cl::Required, cl::cat(category));
static cl::opt<std::string>
    pruneTo("prune-to", cl::desc("Keep only these outputs (as mcg-opt)"),
            cl::cat(category));
static cl::opt<bool> foldConstants("fold-constants",
                                   cl::desc("Run --fold-constants"),
                                   cl::cat(category));
static cl::opt<bool> fuse("fuse", cl::desc("Run --fuse"), cl::cat(category));
static cl::list<std::string> inputs("input", cl::desc("NAME=FILE.npy"),
                                    cl::cat(category));
static cl::opt<std::string> randomInputs(
    "random-inputs", cl::ValueOptional,
    cl::desc("Generate every input not given with --input (floats uniform in "
             "[0, 1), integers 0 or 1, booleans false or true; the same SEED, "
             "default 0, gives the same values)"),
    cl::value_desc("seed"), cl::cat(category));
static cl::list<std::string>
    randomDists("random-dist",
                cl::desc("NAME=uniform:LO,HI or NAME=normal:MEAN,STDDEV: how "
                         "--random-inputs draws input NAME"),
                cl::cat(category));
static cl::list<std::string> outputs("output", cl::desc("NAME=FILE.npy"),
                                     cl::cat(category));
static cl::opt<std::string>
    outputDir("output-dir",
              cl::desc("Write every output to DIR/NAME.npy (characters other "
                       "than letters, digits, '.', '-', '_' become '_')"),
              cl::value_desc("dir"), cl::cat(category));
static cl::list<std::string> checks("check", cl::desc("NAME=REF.npy"),
                                    cl::cat(category));
static cl::opt<double> relTol("rtol", cl::desc("Relative tolerance (1e-5)"),
                              cl::init(1e-5), cl::cat(category));
static cl::opt<double> absTol("atol", cl::desc("Absolute tolerance (1e-6)"),
                              cl::init(1e-6), cl::cat(category));
static cl::opt<unsigned> repeat("repeat",
                                cl::desc("Time N runs after the warm-up"),
                                cl::init(0), cl::cat(category));
static cl::opt<std::string>
    mcpu("mcpu",
         cl::desc("The CPU to generate code for, as LLVM names it (default: "
                  "this host's; it must not need features the host lacks)"),
         cl::value_desc("name"), cl::cat(category));
static cl::opt<unsigned> warmup("warmup",
                                cl::desc("Untimed runs before timing (2)"),
                                cl::init(2), cl::cat(category));
static cl::opt<std::string> profile(
    "profile", cl::ValueOptional,
    cl::desc("After the --repeat runs, print each kernel call's median time, "
             "share, rate, shapes and source ops, slowest first (=ROWS: only "
             "the ROWS slowest)"),
    cl::value_desc("rows"), cl::cat(category));

static const char *const kOverview =
    R"(mcg JIT runner: compiles a model (.mlir or .onnx) in memory for this CPU,
runs it on .npy inputs or generated ones, writes, checks and times outputs.

  mcg-run model.onnx --random-inputs --repeat 20
  mcg-run model.mlir --prune-to=cls --fuse --input image=image.npy \
      --check cls=cls_ref.npy --rtol 1e-4 --atol 1e-5 --output-dir out

See docs/codegen.md (running, profiling) and docs/onnx.md.)";

static int fail(const Twine &message) {
  WithColor::error(errs(), "mcg-run") << message << "\n";
  return 1;
}

/// Splits NAME=VALUE pairs, rejecting malformed and repeated names.
static Expected<StringMap<std::string>>
parsePairs(const cl::list<std::string> &list, StringRef flag,
           StringRef value = "FILE") {
  return mcg::parseNamePairs(std::vector<std::string>(list.begin(), list.end()),
                             flag, value);
}

static std::string names(const std::vector<mcg::TensorSpec> &specs) {
  return mcg::joinNames(specs);
}

/// Every input of the graph, in order: read from its --input file, or
/// drawn as --random-inputs / --random-dist say (printing what was drawn),
/// or else an error naming the missing input.
static Expected<std::vector<mcg::NpyArray>>
loadInputs(const mcg::GraphSignature &sig,
           const StringMap<std::string> &inputFiles,
           const StringMap<std::string> &dists) {
  auto error = [](const Twine &message) {
    return createStringError(inconvertibleErrorCode(), message);
  };
  bool random = randomInputs.getNumOccurrences() > 0;
  Expected<uint64_t> seed = mcg::parseSeed(randomInputs);
  if (!seed)
    return seed.takeError();
  if (!random && !dists.empty())
    return error("--random-dist applies to inputs that --random-inputs "
                 "generates; add --random-inputs");
  std::vector<mcg::NpyArray> arrays;
  unsigned generated = 0;
  for (const mcg::TensorSpec &spec : sig.inputs) {
    auto file = inputFiles.find(spec.name);
    auto dist = dists.find(spec.name);
    if (file != inputFiles.end() && dist != dists.end())
      return error("input '" + spec.name + "' is given with --input, so " +
                   "--random-dist " + spec.name + "=... would not apply");
    if (file == inputFiles.end()) {
      if (!random)
        return error("missing --input " + spec.name + "=FILE.npy (graph @" +
                     sig.name + " needs: " + names(sig.inputs) +
                     "), or --random-inputs to generate it");
      mcg::Distribution d = mcg::defaultDistribution(spec);
      if (dist != dists.end()) {
        Expected<mcg::Distribution> parsed =
            mcg::parseDistribution(dist->second);
        if (!parsed)
          return error("--random-dist " + spec.name + ": " +
                       toString(parsed.takeError()));
        d = *parsed;
        if (Error e = mcg::checkDistribution(spec, d))
          return error("--random-dist: " + toString(std::move(e)));
      }
      std::string type;
      raw_string_ostream(type) << spec.elementType;
      outs() << "random input " << spec.name << ": "
             << mcg::formatShape(spec.shape) << " " << type << ", "
             << mcg::describeDistribution(spec, d) << " (seed " << *seed
             << ")\n";
      arrays.push_back(mcg::generateInput(spec, d, *seed));
      ++generated;
      continue;
    }
    Expected<mcg::NpyArray> array = mcg::readInputArray(spec, file->second);
    if (!array)
      return array.takeError();
    arrays.push_back(std::move(*array));
  }
  if (random && generated == 0)
    outs() << "random inputs: none generated, every input is given with "
              "--input\n";
  return arrays;
}

/// The files --output-dir writes, one per output (DIR/NAME.npy with NAME
/// made a safe file name); creates DIR. Two outputs whose names become the
/// same file are an error.
static Expected<std::vector<std::string>>
outputDirFiles(const mcg::GraphSignature &sig, StringRef dir) {
  std::vector<std::string> files;
  StringMap<std::string> owner;
  for (const mcg::TensorSpec &spec : sig.outputs) {
    std::string file = spec.name;
    for (char &c : file)
      if (!isAlnum(c) && c != '.' && c != '-' && c != '_')
        c = '_';
    SmallString<128> path(dir);
    sys::path::append(path, file + ".npy");
    auto [it, fresh] = owner.try_emplace(path, spec.name);
    if (!fresh)
      return createStringError(inconvertibleErrorCode(),
                               "outputs '" + it->second + "' and '" +
                                   spec.name + "' would both be written to '" +
                                   path + "' by --output-dir");
    files.push_back(path.str().str());
  }
  if (std::error_code ec = sys::fs::create_directories(dir))
    return createStringError(ec, "cannot create --output-dir '" + dir +
                                     "': " + ec.message());
  if (!sys::fs::is_directory(dir))
    return createStringError(inconvertibleErrorCode(),
                             "--output-dir '" + dir + "' is not a directory");
  if (std::error_code ec = sys::fs::access(dir, sys::fs::AccessMode::Write))
    return createStringError(ec, "cannot write to --output-dir '" + dir +
                                     "': " + ec.message());
  return files;
}

int main(int argc, char **argv) {
  InitLLVM init(argc, argv);
  Expected<unsigned> threadsFlag =
      mcg::parseToolCommandLine(argc, argv, category, kOverview);
  if (!threadsFlag)
    return fail(toString(threadsFlag.takeError()));
  unsigned threads = *threadsFlag;

  mlir::MLIRContext context;
  mcg::prepareContext(context);
  SourceMgr sourceMgr;
  mlir::SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context);
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mcg::loadModel(modelPath, sourceMgr, context);
  if (!module)
    return 1;
  mcg::GraphPassOptions passes{pruneTo, foldConstants, fuse};
  if (failed(mcg::runGraphPasses(*module, passes)))
    return 1;
  FailureOr<mcg::GraphSignature> sig = mcg::describeGraph(*module);
  if (failed(sig))
    return 1;

  // --profile[=ROWS]: rows 0 prints every kernel call.
  bool profiling = profile.getNumOccurrences() > 0;
  unsigned profileRows = 0;
  if (profiling) {
    if (!profile.empty() &&
        (StringRef(profile).getAsInteger(10, profileRows) || profileRows == 0))
      return fail("--profile expects a positive number of rows, got '" +
                  profile + "'");
    if (repeat == 0)
      return fail("--profile needs --repeat N: it reports each kernel call's "
                  "median over the N timed runs");
  }

  auto inputFiles = parsePairs(inputs, "input");
  auto outputFiles = parsePairs(outputs, "output");
  auto checkFiles = parsePairs(checks, "check");
  for (auto *e : {&inputFiles, &outputFiles, &checkFiles})
    if (!*e)
      return fail(toString(e->takeError()));
  // `kind` is what the flag names: inputs or outputs.
  auto known = [&](StringMap<std::string> &map, StringRef flag, StringRef kind,
                   const std::vector<mcg::TensorSpec> &specs) -> bool {
    for (auto &entry : map)
      if (llvm::none_of(specs, [&](const mcg::TensorSpec &t) {
            return t.name == entry.getKey();
          })) {
        fail("--" + flag + " names '" + entry.getKey() + "', but graph @" +
             sig->name + " has " + kind + "s: " + names(specs));
        return false;
      }
    return true;
  };
  if (!known(*inputFiles, "input", "input", sig->inputs) ||
      !known(*outputFiles, "output", "output", sig->outputs) ||
      !known(*checkFiles, "check", "output", sig->outputs))
    return 1;

  // Load, generate and validate every input, and make the output
  // directory, before compiling.
  auto dists = parsePairs(randomDists, "random-dist", "DIST");
  if (!dists)
    return fail(toString(dists.takeError()));
  if (!known(*dists, "random-dist", "input", sig->inputs))
    return 1;
  std::vector<std::string> dirFiles;
  if (!outputDir.empty()) {
    Expected<std::vector<std::string>> files = outputDirFiles(*sig, outputDir);
    if (!files)
      return fail(toString(files.takeError()));
    dirFiles = std::move(*files);
  } else if (outputDir.getNumOccurrences()) {
    return fail("--output-dir needs a directory");
  }

  Expected<std::vector<mcg::NpyArray>> inputArrays =
      loadInputs(*sig, *inputFiles, *dists);
  if (!inputArrays)
    return fail(toString(inputArrays.takeError()));

  mcg::JitOptions jitOptions;
  jitOptions.threads = threads;
  jitOptions.mcpu = mcpu;
  jitOptions.profile = profiling;
  Expected<std::unique_ptr<mcg::JitGraph>> jit =
      mcg::JitGraph::create(*module, jitOptions);
  if (!jit) {
    if (Error rest =
            handleErrors(jit.takeError(), [](const mcg::DiagnosedError &) {}))
      return fail(toString(std::move(rest)));
    return 1;
  }
  // The kernel calls the profile hooks report, by id.
  ArrayRef<mcg::KernelCall> kernelCalls = (*jit)->kernelCalls();
  mcg::KernelTimer kernelTimer(kernelCalls.size());
  if (profiling)
    kernelTimer.activate();

  std::vector<mcg::NpyArray> outputArrays;
  for (const mcg::TensorSpec &spec : sig->outputs)
    outputArrays.push_back(
        {spec.dtype, spec.shape, std::vector<char>(spec.bytes())});
  SmallVector<void *> pointers;
  for (mcg::NpyArray &a : *inputArrays)
    pointers.push_back(a.data.data());
  for (mcg::NpyArray &a : outputArrays)
    pointers.push_back(a.data.data());
  (*jit)->run(pointers);

  for (auto [spec, array] : llvm::zip(sig->outputs, outputArrays)) {
    auto it = outputFiles->find(spec.name);
    if (it != outputFiles->end())
      if (Error e = mcg::writeNpy(it->second, array))
        return fail(toString(std::move(e)));
  }
  if (!dirFiles.empty()) {
    for (auto [file, array] : llvm::zip(dirFiles, outputArrays))
      if (Error e = mcg::writeNpy(file, array))
        return fail(toString(std::move(e)));
    outs() << "wrote " << join(dirFiles, ", ") << "\n";
  }

  int status = 0;
  for (auto [spec, array] : llvm::zip(sig->outputs, outputArrays)) {
    auto it = checkFiles->find(spec.name);
    if (it == checkFiles->end())
      continue;
    Expected<mcg::NpyArray> ref = mcg::readNpy(it->second);
    if (!ref)
      return fail(toString(ref.takeError()));
    if (ref->shape != spec.shape)
      return fail("reference '" + it->second + "' for '" + spec.name + "' is " +
                  mcg::formatShape(ref->shape) + ", but the output is " +
                  mcg::formatShape(spec.shape));
    mcg::Tolerance tolerance{relTol, absTol};
    mcg::Comparison comparison = mcg::compareArrays(array, *ref, tolerance);
    outs() << "check " << spec.name << ": "
           << mcg::describeComparison(comparison, tolerance) << "\n";
    if (!comparison.ok())
      status = 2;
  }

  if (repeat > 0) {
    std::vector<double> ms = mcg::timeRuns(**jit, pointers, warmup, repeat,
                                           profiling ? &kernelTimer : nullptr);
    double median = mcg::medianOf(ms);
    outs() << "latency: median " << format("%.4f", median) << " ms, min "
           << format("%.4f", ms.front()) << " ms\n";
    if (profiling)
      mcg::printKernelProfile(outs(), kernelCalls, kernelTimer.medianMs(),
                              median, repeat, threads, profileRows);
  }
  return status;
}
