//===- mcg-compile.cpp - a model to a shared library and a C header -------===//
//
// mcg-compile MODEL [--prune-to=...] [--fold-constants] [--fuse] -o DIR/NAME
//
// Writes DIR/libNAME.so, exporting `void NAME(const T *in0, ..., T *out0,
// ...)` over contiguous row-major buffers in the graph's order, with the
// weights embedded, and DIR/NAME.h describing the names, shapes and element
// types. The library needs only libc and libm at run time.
//
//===----------------------------------------------------------------------===//

#include "mcg/Tools/Jit.h"
#include "mcg/Tools/Library.h"
#include "mcg/Tools/Model.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/Support/Timing.h"
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
that exports one C function, and a C header describing its buffers.

  mcg-compile model.onnx --prune-to=cls --fold-constants --fuse -o out/cls
      (writes out/libcls.so, which needs only libc and libm, and out/cls.h)

See docs/codegen.md and examples/c/cls_demo.c.)";

static int fail(const Twine &message) {
  WithColor::error(errs(), "mcg-compile") << message << "\n";
  return 1;
}

int main(int argc, char **argv) {
  InitLLVM init(argc, argv);
  Expected<unsigned> threadsFlag =
      mcg::parseToolCommandLine(argc, argv, category, kOverview);
  if (!threadsFlag)
    return fail(toString(threadsFlag.takeError()));
  unsigned threads = *threadsFlag;

  std::string dir, name;
  if (!mcg::splitLibraryPath(outputPath, dir, name))
    return fail("-o expects DIR/NAME, got '" + outputPath + "'");

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
  if (failed(mcg::runGraphPasses(*module, {pruneTo, foldConstants, fuse})))
    return 1;
  phase.stop();
  mcg::LibraryOptions options;
  options.threads = threads;
  options.mcpu = mcpu;
  options.linker = linker;
  options.provenance = "mcg-compile from " + modelPath;
  if (!pruneTo.empty())
    options.provenance += " (--prune-to=" + pruneTo + ")";
  Expected<mcg::LibraryFiles> files =
      mcg::compileLibrary(*module, dir, name, options, rootTimer);
  if (!files) {
    if (Error rest =
            handleErrors(files.takeError(), [](const mcg::DiagnosedError &) {}))
      return fail(toString(std::move(rest)));
    return 1;
  }
  outs() << "wrote " << files->library << " and " << files->header << "\n";
  return 0;
}
