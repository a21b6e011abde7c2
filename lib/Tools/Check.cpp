//===- Check.cpp - equivalence of a model and its transformation ----------===//
//
// The reference runs once per sample; every candidate (the model with some
// prefix of the passes, the last one limited to its first N rewrites) is
// compiled and run on the same samples. A bisection first finds the pass
// (the passes are applied one more at a time), then the rewrite within it:
// the pass with N rewrites is out of tolerance and with N - 1 within it.
// The passes apply their first N rewrites exactly as without a limit
// (`max-folds`, `max-groups`), and their JSON report lists the rewrites in
// that order, which names the guilty one.
//
//===----------------------------------------------------------------------===//

#include "mcg/Tools/Check.h"
#include "mcg/Tools/Inputs.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/OperationSupport.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/ToolOutputFile.h"

#include <optional>

using namespace llvm;
using namespace mlir;

namespace mcg {

static Error error(const Twine &message) {
  return createStringError(inconvertibleErrorCode(), message);
}

//===----------------------------------------------------------------------===//
// Passes and pipelines
//===----------------------------------------------------------------------===//

static StringRef passName(CheckPass::Kind kind) {
  switch (kind) {
  case CheckPass::Kind::PruneTo:
    return "prune-to";
  case CheckPass::Kind::FoldConstants:
    return "fold-constants";
  case CheckPass::Kind::Fuse:
    return "fuse";
  }
  llvm_unreachable("unknown pass");
}

std::string CheckPass::flag() const {
  std::string s = ("--" + passName(kind)).str();
  if (!options.empty())
    s += "=" + options;
  return s;
}

StringRef CheckPass::limitOption() const {
  switch (kind) {
  case Kind::PruneTo:
    return "";
  case Kind::FoldConstants:
    return "max-folds";
  case Kind::Fuse:
    return "max-groups";
  }
  llvm_unreachable("unknown pass");
}

StringRef CheckPass::rewriteNoun() const {
  return kind == Kind::Fuse ? "group" : "fold";
}

std::string checkPipeline(ArrayRef<CheckPass> passes, int64_t limit,
                          StringRef report) {
  std::string pipeline;
  for (auto [i, pass] : llvm::enumerate(passes)) {
    // The options the check adds come after the user's, so they win.
    std::string options = pass.options;
    auto add = [&](const Twine &option) {
      options += (options.empty() ? "" : " ") + option.str();
    };
    if (i + 1 == passes.size()) {
      if (limit >= 0 && !pass.limitOption().empty())
        add(pass.limitOption() + "=" + Twine(limit));
      if (!report.empty())
        add("report=" + report);
    }
    std::string text = (passName(pass.kind) + "{" + options + "}").str();
    if (pass.kind != CheckPass::Kind::PruneTo)
      text = "cgraph.graph(" + text + ")";
    pipeline += (pipeline.empty() ? "" : ",") + text;
  }
  return pipeline;
}

FailureOr<OwningOpRef<ModuleOp>> applyPipeline(ModuleOp model,
                                               StringRef pipeline) {
  OwningOpRef<ModuleOp> module = model.clone();
  if (pipeline.empty())
    return module;
  MLIRContext *context = model.getContext();
  ScopedDiagnosticHandler dropRemarks(context, [](Diagnostic &diag) {
    return success(diag.getSeverity() == DiagnosticSeverity::Remark);
  });
  PassManager pm(context);
  std::string parseErrors;
  raw_string_ostream errors(parseErrors);
  if (failed(parsePassPipeline(pipeline, pm, errors))) {
    emitError(model.getLoc())
        << "cannot run '" << pipeline << "': " << parseErrors;
    return failure();
  }
  if (failed(pm.run(*module)))
    return failure();
  return module;
}

//===----------------------------------------------------------------------===//
// Comparing with the reference
//===----------------------------------------------------------------------===//

bool allWithinTolerance(ArrayRef<OutputCheck> checks) {
  return llvm::all_of(checks,
                      [](const OutputCheck &c) { return c.comparison.ok(); });
}

std::string failingOutputs(ArrayRef<OutputCheck> checks) {
  std::string s;
  for (const OutputCheck &c : checks)
    if (!c.comparison.ok())
      s += (s.empty() ? "" : ", ") + c.name;
  return s;
}

/// The JIT of a copy of `module` (JitGraph lowers what it compiles).
static Expected<std::unique_ptr<JitGraph>> compile(ModuleOp module,
                                                   const JitOptions &options) {
  OwningOpRef<ModuleOp> copy = module.clone();
  return JitGraph::create(*copy, options);
}

/// Fresh output arrays for `sig`, and the buffer list (inputs, then outputs)
/// that JitGraph::run takes.
static std::vector<NpyArray> runOnce(const JitGraph &jit,
                                     ArrayRef<const NpyArray *> inputs) {
  const GraphSignature &sig = jit.signature();
  std::vector<NpyArray> outputs;
  for (const TensorSpec &spec : sig.outputs)
    outputs.push_back(
        {spec.dtype, spec.shape, std::vector<char>(spec.bytes())});
  SmallVector<void *> buffers;
  // The graph reads its inputs only; JitGraph::run takes plain pointers.
  for (const NpyArray *a : inputs)
    buffers.push_back(const_cast<char *>(a->data.data()));
  for (NpyArray &a : outputs)
    buffers.push_back(a.data.data());
  jit.run(buffers);
  return outputs;
}

Expected<std::unique_ptr<EquivalenceChecker>> EquivalenceChecker::create(
    ModuleOp reference, std::vector<std::vector<NpyArray>> samples,
    const JitOptions &options, const Tolerance &tolerance) {
  std::unique_ptr<EquivalenceChecker> checker(new EquivalenceChecker());
  checker->samples = std::move(samples);
  checker->jitOptions = options;
  checker->tol = tolerance;
  Expected<std::unique_ptr<JitGraph>> jit = compile(reference, options);
  if (!jit)
    return jit.takeError();
  checker->reference = (*jit)->signature();
  for (const std::vector<NpyArray> &sample : checker->samples) {
    assert(sample.size() == checker->reference.inputs.size() &&
           "one array per reference input");
    SmallVector<const NpyArray *> inputs;
    for (const NpyArray &a : sample)
      inputs.push_back(&a);
    checker->referenceOutputs.push_back(runOnce(**jit, inputs));
  }
  return checker;
}

/// The index of the spec named `name`, or -1.
static int indexOf(const std::vector<TensorSpec> &specs, StringRef name) {
  for (auto [i, spec] : llvm::enumerate(specs))
    if (spec.name == name)
      return static_cast<int>(i);
  return -1;
}

Error EquivalenceChecker::checkComparable(const GraphSignature &sig) const {
  auto typeOf = [](const TensorSpec &t) {
    std::string s;
    raw_string_ostream(s) << formatShape(t.shape) << " " << t.elementType;
    return s;
  };
  for (const TensorSpec &in : sig.inputs) {
    int i = indexOf(reference.inputs, in.name);
    if (i < 0)
      return error("the transformed graph has an input '" + in.name +
                   "' that the model has not (the model's inputs are: " +
                   joinNames(reference.inputs) +
                   "); both must run on the same inputs");
    if (typeOf(reference.inputs[i]) != typeOf(in))
      return error("input '" + in.name + "' is " + typeOf(reference.inputs[i]) +
                   " in the model but " + typeOf(in) +
                   " in the transformed graph");
  }
  for (const TensorSpec &out : sig.outputs) {
    int i = indexOf(reference.outputs, out.name);
    if (i < 0)
      return error("the transformed graph has an output '" + out.name +
                   "' that the model has not (the model's outputs are: " +
                   joinNames(reference.outputs) + ")");
    if (typeOf(reference.outputs[i]) != typeOf(out))
      return error("output '" + out.name + "' is " +
                   typeOf(reference.outputs[i]) + " in the model but " +
                   typeOf(out) + " in the transformed graph");
  }
  return Error::success();
}

Expected<std::vector<OutputCheck>>
EquivalenceChecker::compare(ModuleOp candidate) const {
  Expected<std::unique_ptr<JitGraph>> jit = compile(candidate, jitOptions);
  if (!jit)
    return jit.takeError();
  const GraphSignature &sig = (*jit)->signature();
  if (Error e = checkComparable(sig))
    return std::move(e);
  std::vector<OutputCheck> checks;
  for (const TensorSpec &out : sig.outputs)
    checks.push_back({out.name, Comparison()});
  for (auto [sample, expected] : llvm::zip(samples, referenceOutputs)) {
    SmallVector<const NpyArray *> inputs;
    for (const TensorSpec &in : sig.inputs)
      inputs.push_back(&sample[indexOf(reference.inputs, in.name)]);
    std::vector<NpyArray> outputs = runOnce(**jit, inputs);
    for (auto [check, got] : llvm::zip(checks, outputs))
      check.comparison.merge(compareArrays(
          got, expected[indexOf(reference.outputs, check.name)], tol));
  }
  return checks;
}

//===----------------------------------------------------------------------===//
// Bisection
//===----------------------------------------------------------------------===//

/// The rewrites a pass's report lists, in the order it applied them.
static Expected<json::Array> readRewrites(const CheckPass &pass,
                                          StringRef reportFile) {
  auto buffer = MemoryBuffer::getFile(reportFile);
  if (!buffer)
    return error("cannot read the report of " + pass.flag() + " ('" +
                 reportFile + "'): " + buffer.getError().message());
  Expected<json::Value> report = json::parse((*buffer)->getBuffer());
  if (!report)
    return report.takeError();
  StringRef key = pass.kind == CheckPass::Kind::Fuse ? "group_list" : "applied";
  json::Object *object = report->getAsObject();
  json::Array *rewrites = object ? object->getArray(key) : nullptr;
  if (!rewrites)
    return error("the report of " + pass.flag() + " has no '" + key + "' list");
  return std::move(*rewrites);
}

/// One rewrite of a report, in words: "cgraph.batch_norm 'stem/bn' folded
/// into 'stem/conv'", "contraction_epilogue group of stem/conv, stem/relu".
static std::string describeRewrite(const CheckPass &pass,
                                   const json::Value &rewrite) {
  const json::Object *o = rewrite.getAsObject();
  if (!o)
    return "?";
  auto str = [&](StringRef key) {
    return o->getString(key).value_or("?").str();
  };
  if (pass.kind == CheckPass::Kind::Fuse) {
    std::vector<std::string> ops;
    if (const json::Array *names = o->getArray("ops"))
      for (const json::Value &n : *names)
        ops.push_back(n.getAsString().value_or("?").str());
    return str("kind") + " group of " + join(ops, ", ");
  }
  std::string s = str("op") + " '" + str("loc") + "'";
  if (str("kind") == "batch_norm")
    return s + " folded into '" + str("into") + "'";
  if (str("kind") == "batch_norm_affine")
    return s + " became a per-channel multiply-add";
  return s + " evaluated to a constant";
}

static Error writeModule(ModuleOp module, StringRef path) {
  std::string message;
  std::unique_ptr<ToolOutputFile> out = openOutputFile(path, &message);
  if (!out)
    return error("cannot write '" + path + "': " + message);
  // With locations: they carry the ops' source names.
  module->print(out->os(), OpPrintingFlags().enableDebugInfo());
  out->os() << "\n";
  out->keep();
  return Error::success();
}

/// Checks `module` with the first `count` of `passes` applied (the last of
/// them limited to `limit` rewrites), logging "`what`: ok" or FAIL.
static Expected<std::vector<OutputCheck>>
checkPrefix(const EquivalenceChecker &checker, ModuleOp module,
            ArrayRef<CheckPass> passes, int64_t limit, const Twine &what,
            raw_ostream &log) {
  FailureOr<OwningOpRef<ModuleOp>> candidate =
      applyPipeline(module, checkPipeline(passes, limit));
  if (failed(candidate))
    return make_error<DiagnosedError>();
  Expected<std::vector<OutputCheck>> checks = checker.compare(**candidate);
  if (!checks)
    return checks.takeError();
  log << "bisect: " << what << ": "
      << (allWithinTolerance(*checks)
              ? "ok"
              : "FAIL (" + failingOutputs(*checks) + ")")
      << "\n";
  return checks;
}

Expected<BisectResult> bisect(const EquivalenceChecker &checker, ModuleOp model,
                              ArrayRef<CheckPass> passes,
                              ArrayRef<OutputCheck> fullChecks,
                              StringRef beforeFile, StringRef afterFile,
                              raw_ostream &log) {
  BisectResult result;
  // 1. The pass: the first prefix of the passes out of tolerance.
  result.pass = passes.size() - 1;
  result.checks.assign(fullChecks.begin(), fullChecks.end());
  for (size_t n = 1; n < passes.size(); ++n) {
    std::string what;
    for (const CheckPass &p : passes.take_front(n))
      what += (what.empty() ? "" : " ") + p.flag();
    Expected<std::vector<OutputCheck>> checks =
        checkPrefix(checker, model, passes.take_front(n), -1, what, log);
    if (!checks)
      return checks.takeError();
    if (!allWithinTolerance(*checks)) {
      result.pass = n - 1;
      result.checks = std::move(*checks);
      break;
    }
  }
  const CheckPass &guilty = passes[result.pass];

  // The graph the guilty pass starts from.
  FailureOr<OwningOpRef<ModuleOp>> start =
      applyPipeline(model, checkPipeline(passes.take_front(result.pass)));
  if (failed(start))
    return make_error<DiagnosedError>();
  ArrayRef<CheckPass> alone = passes.slice(result.pass, 1);
  // Writes the graph the pass starts from with `before` rewrites (none: as
  // it starts) and with `after` rewrites (-1: all of them).
  auto writeBoth = [&](std::optional<int64_t> before, int64_t after) -> Error {
    FailureOr<OwningOpRef<ModuleOp>> graph = applyPipeline(
        **start, before ? checkPipeline(alone, *before) : std::string());
    if (failed(graph))
      return make_error<DiagnosedError>();
    if (Error e = writeModule(**graph, beforeFile))
      return e;
    graph = applyPipeline(**start, checkPipeline(alone, after));
    if (failed(graph))
      return make_error<DiagnosedError>();
    return writeModule(**graph, afterFile);
  };
  if (guilty.limitOption().empty()) {
    if (Error e = writeBoth(std::nullopt, -1))
      return std::move(e);
    return result;
  }

  // 2. The rewrite: the pass's report lists them; N rewrites fail, N - 1
  // pass (0 is the graph it starts from, within tolerance).
  SmallString<128> report;
  if (std::error_code ec =
          sys::fs::createTemporaryFile("mcg-check", "json", report))
    return error("cannot create a temporary file: " + ec.message());
  FileRemover removeReport(report);
  if (failed(applyPipeline(**start, checkPipeline(alone, -1, report))))
    return make_error<DiagnosedError>();
  Expected<json::Array> rewrites = readRewrites(guilty, report);
  if (!rewrites)
    return rewrites.takeError();
  result.rewrites = rewrites->size();
  log << "bisect: " << guilty.flag() << " applies " << result.rewrites << " "
      << guilty.rewriteNoun() << (result.rewrites == 1 ? "" : "s") << "\n";
  int64_t good = 0, bad = result.rewrites;
  while (bad - good > 1) {
    int64_t mid = good + (bad - good) / 2;
    Expected<std::vector<OutputCheck>> checks =
        checkPrefix(checker, **start, alone, mid,
                    guilty.flag() + ", its first " + Twine(mid) + " " +
                        guilty.rewriteNoun() + (mid == 1 ? "" : "s"),
                    log);
    if (!checks)
      return checks.takeError();
    if (allWithinTolerance(*checks)) {
      good = mid;
    } else {
      bad = mid;
      result.checks = std::move(*checks);
    }
  }
  if (bad == 0) { // The pass changes the numbers without a listed rewrite.
    if (Error e = writeBoth(std::nullopt, -1))
      return std::move(e);
    return result;
  }
  result.rewrite = bad;
  result.description = describeRewrite(guilty, (*rewrites)[bad - 1]);
  if (Error e = writeBoth(bad - 1, bad))
    return std::move(e);
  return result;
}

} // namespace mcg
