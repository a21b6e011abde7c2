//===- mcg-check.cpp - is a transformed model still the model? ------------===//
//
// mcg-check MODEL [--prune-to=...] [--fold-constants[=OPTIONS]]
//           [--fuse[=OPTIONS]] [--input NAME=FILE.npy ...]
//           [--rtol R --atol A] [--seed N --samples K] [--bisect-dir DIR]
//
// Runs the model as given (the reference) and transformed by the graph
// passes on the same inputs (given, or K random samples from the seed),
// and compares every output the transformed graph keeps. When one is out
// of tolerance it bisects to the first pass and the first rewrite of that
// pass (a fold, a fusion group) that changes the numbers, and writes the
// graph before and after that rewrite (Check.h).
//
//===----------------------------------------------------------------------===//

#include "mcg/Tools/Check.h"

#include "mcg/Tools/Inputs.h"
#include "mcg/Tools/RandomInputs.h"

#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/WithColor.h"

#include <cmath>

using namespace llvm;

static cl::OptionCategory category("mcg-check options");
static cl::opt<std::string> modelPath(cl::Positional,
                                      cl::desc("<model.mlir or .onnx>"),
                                      cl::Required, cl::cat(category));
static cl::opt<std::string>
    pruneTo("prune-to", cl::desc("Keep only these outputs (as mcg-opt)"),
            cl::value_desc("out,..."), cl::cat(category));
static cl::opt<std::string> foldConstants(
    "fold-constants", cl::ValueOptional,
    cl::desc("Run --fold-constants (=OPTIONS: its options, as mcg-opt takes "
             "them)"),
    cl::value_desc("options"), cl::cat(category));
static cl::opt<std::string>
    fuse("fuse", cl::ValueOptional,
         cl::desc("Run --fuse (=OPTIONS: its options, as mcg-opt takes them)"),
         cl::value_desc("options"), cl::cat(category));
static cl::list<std::string> inputs(
    "input",
    cl::desc("NAME=FILE.npy: the values of input NAME (the others are drawn "
             "as mcg-run --random-inputs draws them)"),
    cl::cat(category));
static cl::opt<double> relTol("rtol", cl::desc("Relative tolerance (1e-4)"),
                              cl::init(1e-4), cl::cat(category));
static cl::opt<double> absTol("atol", cl::desc("Absolute tolerance (1e-5)"),
                              cl::init(1e-5), cl::cat(category));
static cl::opt<uint64_t>
    seed("seed",
         cl::desc("Seed of the generated inputs (0); sample i uses SEED + i"),
         cl::init(0), cl::cat(category));
static cl::opt<unsigned>
    samples("samples",
            cl::desc("Compare on K samples of the generated inputs (1)"),
            cl::value_desc("K"), cl::init(1), cl::cat(category));
static cl::opt<std::string> bisectDir(
    "bisect-dir",
    cl::desc("Where a bisection writes the graph before and after the guilty "
             "rewrite (before.mlir, after.mlir; default mcg-check-bisect)"),
    cl::value_desc("dir"), cl::init("mcg-check-bisect"), cl::cat(category));

static const char *const kOverview =
    R"(mcg equivalence check: runs a model as given and as --prune-to,
--fold-constants and --fuse transform it, on the same inputs, and compares
every output kept; on a mismatch, bisects to the pass and the rewrite (the
fold, the fusion group) that changed the numbers. Exit status: 0 within
tolerance, 2 out of tolerance (after the bisection), 1 on errors.

  mcg-check model.onnx --prune-to=cls --fold-constants --fuse
  mcg-check model.mlir --fuse --input image=image.npy --rtol 1e-3 --atol 1e-4

See docs/check.md.)";

static int fail(const Twine &message) {
  WithColor::error(errs(), "mcg-check") << message << "\n";
  return 1;
}

/// A failure of the check library: diagnostics already printed, or a
/// message to print.
static int fail(Error error) {
  if (Error rest =
          handleErrors(std::move(error), [](const mcg::DiagnosedError &) {}))
    return fail(toString(std::move(rest)));
  return 1;
}

/// The passes asked for, in the order they run.
static std::vector<mcg::CheckPass> requestedPasses() {
  std::vector<mcg::CheckPass> passes;
  using Kind = mcg::CheckPass::Kind;
  if (pruneTo.getNumOccurrences())
    passes.push_back({Kind::PruneTo, pruneTo});
  if (foldConstants.getNumOccurrences())
    passes.push_back({Kind::FoldConstants, foldConstants});
  if (fuse.getNumOccurrences())
    passes.push_back({Kind::Fuse, fuse});
  return passes;
}

/// The inputs of every sample: the --input arrays, and the others drawn
/// with seed + sample (printing what is drawn).
static Expected<std::vector<std::vector<mcg::NpyArray>>>
makeSamples(const mcg::GraphSignature &sig) {
  auto error = [](const Twine &message) {
    return createStringError(inconvertibleErrorCode(), message);
  };
  auto files = mcg::parseNamePairs(
      std::vector<std::string>(inputs.begin(), inputs.end()), "input");
  if (!files)
    return files.takeError();
  std::vector<mcg::NpyArray> given(sig.inputs.size());
  std::vector<bool> isGiven(sig.inputs.size());
  for (auto &file : *files) {
    auto it = llvm::find_if(sig.inputs, [&](const mcg::TensorSpec &t) {
      return t.name == file.getKey();
    });
    if (it == sig.inputs.end())
      return error("--input names '" + file.getKey() + "', but graph @" +
                   sig.name + " has inputs: " + mcg::joinNames(sig.inputs));
    Expected<mcg::NpyArray> array = mcg::readInputArray(*it, file.getValue());
    if (!array)
      return array.takeError();
    size_t i = it - sig.inputs.begin();
    given[i] = std::move(*array);
    isGiven[i] = true;
  }
  if (llvm::all_of(isGiven, [](bool b) { return b; })) {
    if (samples > 1)
      return error("--samples " + Twine(samples.getValue()) +
                   " needs generated inputs, but every input is given with "
                   "--input");
    if (seed.getNumOccurrences())
      return error("--seed applies to generated inputs, but every input is "
                   "given with --input");
  }
  std::vector<std::vector<mcg::NpyArray>> result(samples);
  for (auto [i, spec] : llvm::enumerate(sig.inputs)) {
    if (isGiven[i]) {
      for (std::vector<mcg::NpyArray> &sample : result)
        sample.push_back(given[i]);
      continue;
    }
    mcg::Distribution d = mcg::defaultDistribution(spec);
    std::string type;
    raw_string_ostream(type) << spec.elementType;
    outs() << "random input " << spec.name << ": "
           << mcg::formatShape(spec.shape) << " " << type << ", "
           << mcg::describeDistribution(spec, d);
    if (samples == 1)
      outs() << " (seed " << seed << ")\n";
    else
      outs() << " (seeds " << seed << " to " << seed + samples - 1 << ")\n";
    for (auto [s, sample] : llvm::enumerate(result))
      sample.push_back(mcg::generateInput(spec, d, seed + s));
  }
  return result;
}

static void printChecks(ArrayRef<mcg::OutputCheck> checks,
                        const mcg::Tolerance &tolerance, StringRef indent) {
  for (const mcg::OutputCheck &c : checks)
    outs() << indent << c.name << ": "
           << mcg::describeComparison(c.comparison, tolerance) << "\n";
}

int main(int argc, char **argv) {
  InitLLVM init(argc, argv);
  Expected<unsigned> threads =
      mcg::parseToolCommandLine(argc, argv, category, kOverview);
  if (!threads)
    return fail(threads.takeError());

  for (auto [flag, value] : {std::pair("rtol", relTol.getValue()),
                             std::pair("atol", absTol.getValue())})
    if (!std::isfinite(value) || value < 0)
      return fail("--" + Twine(flag) + " must be a finite number >= 0, got " +
                  mcg::shortNumber(value));
  if (samples == 0)
    return fail("--samples must be at least 1");
  std::vector<mcg::CheckPass> passes = requestedPasses();
  if (passes.empty())
    return fail("nothing to check: give --prune-to, --fold-constants or "
                "--fuse (the model as given is the reference)");
  if (pruneTo.getNumOccurrences() && pruneTo.empty())
    return fail("--prune-to needs the outputs to keep");

  mlir::MLIRContext context;
  mcg::prepareContext(context);
  SourceMgr sourceMgr;
  mlir::SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context);
  mlir::OwningOpRef<mlir::ModuleOp> model =
      mcg::loadModel(modelPath, sourceMgr, context);
  if (!model)
    return 1;
  mlir::FailureOr<mcg::GraphSignature> sig = mcg::describeGraph(*model);
  if (failed(sig))
    return 1;

  // Transform first: a wrong output name or pass option is reported before
  // anything is compiled.
  mlir::FailureOr<mlir::OwningOpRef<mlir::ModuleOp>> transformed =
      mcg::applyPipeline(*model, mcg::checkPipeline(passes));
  if (failed(transformed))
    return 1;
  mlir::FailureOr<mcg::GraphSignature> transformedSig =
      mcg::describeGraph(**transformed);
  if (failed(transformedSig))
    return 1;
  Expected<std::vector<std::vector<mcg::NpyArray>>> inputArrays =
      makeSamples(*sig);
  if (!inputArrays)
    return fail(inputArrays.takeError());

  mcg::Tolerance tolerance{relTol, absTol};
  mcg::JitOptions jitOptions;
  jitOptions.threads = *threads;
  Expected<std::unique_ptr<mcg::EquivalenceChecker>> checker =
      mcg::EquivalenceChecker::create(*model, std::move(*inputArrays),
                                      jitOptions, tolerance);
  if (!checker)
    return fail(checker.takeError());
  if (Error e = (*checker)->checkComparable(*transformedSig))
    return fail(std::move(e));

  std::string flags;
  for (const mcg::CheckPass &p : passes)
    flags += (flags.empty() ? "" : " ") + p.flag();
  outs() << "reference: the model as given; transformed: " << flags << "; "
         << samples << " sample" << (samples == 1 ? "" : "s") << "\n";
  Expected<std::vector<mcg::OutputCheck>> checks =
      (*checker)->compare(**transformed);
  if (!checks)
    return fail(checks.takeError());
  printChecks(*checks, tolerance, "check ");
  if (mcg::allWithinTolerance(*checks))
    return 0;

  if (std::error_code ec = sys::fs::create_directories(bisectDir))
    return fail("cannot create --bisect-dir '" + bisectDir +
                "': " + ec.message());
  SmallString<128> before(bisectDir), after(bisectDir);
  sys::path::append(before, "before.mlir");
  sys::path::append(after, "after.mlir");
  outs().flush();
  Expected<mcg::BisectResult> found =
      mcg::bisect(**checker, *model, passes, *checks, before, after, outs());
  if (!found)
    return fail(found.takeError());
  const mcg::CheckPass &guilty = passes[found->pass];
  if (found->rewrite > 0)
    outs() << "first bad rewrite: " << guilty.flag() << ", "
           << guilty.rewriteNoun() << " " << found->rewrite << " of "
           << found->rewrites << ": " << found->description << "\n";
  else if (guilty.limitOption().empty())
    outs() << "first bad pass: " << guilty.flag()
           << " (its result is not a list of rewrites to bisect)\n";
  else
    outs() << "first bad pass: " << guilty.flag()
           << " (out of tolerance before its first " << guilty.rewriteNoun()
           << ")\n";
  printChecks(found->checks, tolerance, "  ");
  outs() << "graph before and after it: " << before << ", " << after << "\n";
  return 2;
}
