//===- mcg-compile.cpp - a model to a shared library and a C header -------===//
//
// mcg-compile MODEL [--prune-to=...] [--fold-constants] [--fuse] -o DIR/NAME
// mcg-compile MODEL --entry E=OUT[,OUT...] [--entry ...] ... -o DIR/NAME
//
// Writes DIR/libNAME.so, exporting `void NAME(const T *in0, ..., T *out0,
// ...)` over contiguous row-major buffers in the graph's order, with the
// weights embedded, and DIR/NAME.h describing the names, shapes and element
// types. The library needs only libc and libm at run time. With --entry it
// exports one function NAME_E per entry instead, each running only the
// slice --prune-to=OUT,... keeps, with the weights stored once.
//
//===----------------------------------------------------------------------===//

#include "mcg/Tools/Entries.h"
#include "mcg/Tools/HugePages.h"
#include "mcg/Tools/Jit.h"
#include "mcg/Tools/Library.h"
#include "mcg/Tools/Model.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/Support/Timing.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/WithColor.h"

using namespace llvm;

static cl::OptionCategory category("mcg-compile options");
static cl::opt<std::string> modelPath(cl::Positional,
                                      cl::desc("<model.mlir or .onnx>"),
                                      cl::Required, cl::cat(category));
static cl::opt<std::string> outputPath("o", cl::desc("DIR/NAME"), cl::Required,
                                       cl::cat(category));
static cl::opt<std::string>
    pruneTo("prune-to", cl::desc("Keep only these outputs (as mcg-opt)"),
            cl::cat(category));
static cl::list<std::string>
    entries("entry",
            cl::desc("One function NAME_E of the library per entry, running "
                     "the slice --prune-to=OUT[,OUT...] keeps (repeatable; "
                     "the text after E= is --prune-to's, inputs= included)"),
            cl::value_desc("E=OUT[,OUT...]"), cl::cat(category));
static cl::opt<bool> foldConstants("fold-constants",
                                   cl::desc("Run --fold-constants"),
                                   cl::cat(category));
static cl::opt<bool> fuse("fuse", cl::desc("Run --fuse"), cl::cat(category));
static cl::opt<bool>
    timing("timing", cl::desc("Print the wall time of each compilation phase"),
           cl::cat(category));
static cl::opt<std::string>
    mcpu("mcpu",
         cl::desc("The CPU to generate code for, as LLVM names it "
                  "(default: this host's)"),
         cl::value_desc("name"), cl::cat(category));
static cl::opt<std::string>
    linker("linker",
           cl::desc("The C compiler that links the shared library "
                    "(default: clang next to LLVM, then cc)"),
           cl::cat(category));

static const char *const kOverview =
    R"(mcg ahead-of-time compiler: a model (.mlir or .onnx) to a shared library
that exports one C function (or one per --entry), and a C header describing
their buffers.

  mcg-compile model.onnx --prune-to=cls --fold-constants --fuse -o out/cls
      (writes out/libcls.so, which needs only libc and libm, and out/cls.h)
  mcg-compile model.onnx --entry cls=cls --entry seg=seg -o out/heads
      (out/libheads.so exports heads_cls and heads_seg, sharing weights)

See docs/codegen.md and examples/c/cls_demo.c.)";

static int fail(const Twine &message) {
  WithColor::error(errs(), "mcg-compile") << message << "\n";
  return 1;
}

int main(int argc, char **argv) {
  // argv as given (parseToolCommandLine takes --threads out of it), to
  // start over with huge pages for a large model.
  std::vector<char *> givenArgv(argv, argv + argc + 1);
  InitLLVM init(argc, argv);
  Expected<unsigned> threadsFlag =
      mcg::parseToolCommandLine(argc, argv, category, kOverview);
  if (!threadsFlag)
    return fail(toString(threadsFlag.takeError()));
  unsigned threads = *threadsFlag;
  mcg::reexecWithHugePages(modelPath, givenArgv.data());

  std::string dir, name;
  if (!mcg::splitLibraryPath(outputPath, dir, name))
    return fail("-o expects DIR/NAME, got '" + outputPath + "'");
  if (!entries.empty() && pruneTo.getNumOccurrences())
    return fail("--entry and --prune-to exclude each other: each entry names "
                "its own slice (--entry E=OUT[,OUT...])");
  Expected<std::vector<mcg::EntrySpec>> entrySpecs = mcg::parseEntries(entries);
  if (!entrySpecs)
    return fail(toString(entrySpecs.takeError()));

  if (timing && mcg::startedWithHugePages())
    WithColor::note(errs(), "mcg-compile")
        << "a model of " << (mcg::kHugePagesModelBytes >> 20)
        << " MB or more: malloc asks for transparent huge pages "
           "(GLIBC_TUNABLES=glibc.malloc.hugetlb=1)\n";
  mlir::DefaultTimingManager timingManager;
  timingManager.setEnabled(timing);
  mlir::TimingScope rootTimer = timingManager.getRootScope();
  mlir::TimingScope phase = rootTimer.nest("load the model");

  mlir::MLIRContext context;
  mcg::prepareContext(context);
  SourceMgr sourceMgr;
  mlir::SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context);
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mcg::loadModel(modelPath, sourceMgr, context);
  if (!module)
    return 1;
  phase = rootTimer.nest("graph passes (prune, fold, fuse)");
  if (entrySpecs->empty()
          ? failed(mcg::runGraphPasses(*module, {pruneTo, foldConstants, fuse}))
          : failed(mcg::buildEntryGraphs(*module, *entrySpecs,
                                         mcg::libraryFunctionName(name),
                                         {"", foldConstants, fuse})))
    return 1;
  phase.stop();
  mcg::LibraryOptions options;
  options.entries = !entrySpecs->empty();
  options.threads = threads;
  options.mcpu = mcpu;
  options.linker = linker;
  options.provenance = "mcg-compile from " + modelPath;
  if (!pruneTo.empty())
    options.provenance += " (--prune-to=" + pruneTo + ")";
  if (options.entries) {
    SmallVector<std::string> flags;
    for (const mcg::EntrySpec &entry : *entrySpecs)
      flags.push_back("--entry " + entry.name + "=" + entry.slice);
    options.provenance += " (" + join(flags, " ") + ")";
  }
  Expected<mcg::LibraryFiles> files =
      mcg::compileLibrary(*module, dir, name, options, rootTimer);
  if (!files) {
    if (Error rest =
            handleErrors(files.takeError(), [](const mcg::DiagnosedError &) {}))
      return fail(toString(std::move(rest)));
    return 1;
  }
  outs() << "wrote " << files->library << " and " << files->header;
  for (auto [i, entry] : llvm::enumerate(*entrySpecs))
    outs() << (i ? ", " : ": ") << mcg::libraryFunctionName(name) << "_"
           << entry.name;
  outs() << "\n";
  return 0;
}
