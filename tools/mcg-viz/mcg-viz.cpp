//===- mcg-viz.cpp - pictures of producer graphs and their slices ---------===//
//
// mcg-viz MODEL -o FILE.svg|FILE.dot [--highlight=OUT,...] [--collapse=N]
//
// Reads a model (.mlir or .onnx), optionally runs --prune-to /
// --fold-constants / --fuse as mcg-run does, and draws its graph: DOT text
// (GraphPicture) for `.dot` or `-`, or an SVG laid out by Graphviz's `dot`
// program for `.svg`. The program is run rather than libgvc linked: the DOT
// text is needed for `.dot` anyway, so one code path serves both, and the
// layout engine's plugins and configuration stay Debian's business.
//
//===----------------------------------------------------------------------===//

#include "mcg/Dialect/CGraph/IR/CGraph.h"
#include "mcg/Target/ONNX/ImportONNX.h"
#include "mcg/Tools/Model.h"
#include "mcg/Viz/GraphPicture.h"

#include "mlir/IR/Diagnostics.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/WithColor.h"

using namespace llvm;

static cl::OptionCategory category("mcg-viz options");
static cl::opt<std::string> modelPath(cl::Positional,
                                      cl::desc("<model.mlir or .onnx>"),
                                      cl::Required, cl::cat(category));
static cl::opt<std::string>
    outputPath("o",
               cl::desc("Write the picture here: FILE.svg (laid out by "
                        "Graphviz's dot), FILE.dot or - (DOT text)"),
               cl::value_desc("file"), cl::Required, cl::cat(category));
static cl::list<std::string>
    highlight("highlight",
              cl::desc("Colour these outputs' min_consumer slices, one "
                       "colour each (comma separated)"),
              cl::CommaSeparated, cl::value_desc("out,..."), cl::cat(category));
static cl::opt<unsigned>
    collapse("collapse",
             cl::desc("Draw the ops whose source names share their first N "
                      "'/'-separated parts as one box"),
             cl::value_desc("N"), cl::init(0), cl::cat(category));
static cl::opt<std::string>
    pruneTo("prune-to", cl::desc("Run --prune-to first (as mcg-opt)"),
            cl::cat(category));
static cl::opt<bool> foldConstants("fold-constants",
                                   cl::desc("Run --fold-constants first"),
                                   cl::cat(category));
static cl::opt<bool>
    fuse("fuse",
         cl::desc("Run --fuse first: each fused group is drawn as one box"),
         cl::cat(category));

static const char *const kOverview =
    R"(mcg graph pictures: the producer graph, each op one box (constants as
its weight count), with each highlighted output's min_consumer slice in its
own colour, ops several of them need as shared, and the rest greyed out.

  mcg-viz examples/multihead.mlir --highlight=det,seg,cls -o out/multihead.svg
  mcg-viz resnet50.onnx --highlight=logits --collapse=2 -o resnet50.svg
  mcg-viz model.mlir --fuse -o model.dot

An .svg needs Graphviz's dot program (Debian package graphviz). See
docs/viz.md.
)";

static int fail(const Twine &message) {
  WithColor::error(errs(), "mcg-viz") << message << "\n";
  return 1;
}

/// Lays `dot` text out as SVG into `path` with Graphviz's dot program.
static int runDot(StringRef dotText, StringRef path) {
  ErrorOr<std::string> program = sys::findProgramByName("dot");
  if (!program)
    return fail("cannot find Graphviz's 'dot' program to write '" + path +
                "' (Debian package graphviz); write a .dot file instead");
  SmallString<128> input;
  int fd;
  if (std::error_code ec =
          sys::fs::createTemporaryFile("mcg-viz", "dot", fd, input))
    return fail("cannot create a temporary file: " + ec.message());
  FileRemover remover(input);
  {
    raw_fd_ostream os(fd, /*shouldClose=*/true);
    os << dotText;
    if (os.has_error())
      return fail("cannot write '" + input + "'");
  }
  std::string error;
  SmallVector<StringRef> args = {"dot", "-Tsvg", "-o", path, input};
  int status = sys::ExecuteAndWait(*program, args, /*Env=*/std::nullopt,
                                   /*Redirects=*/{}, /*SecondsToWait=*/0,
                                   /*MemoryLimit=*/0, &error);
  if (status != 0)
    return fail("Graphviz's dot failed on the picture of '" + modelPath + "'" +
                (error.empty() ? "" : ": " + error));
  return 0;
}

int main(int argc, char **argv) {
  InitLLVM init(argc, argv);
  mcg::registerONNXImportOptions();
  cl::HideUnrelatedOptions({&category, &mcg::onnxImportOptionCategory()});
  cl::ParseCommandLineOptions(argc, argv, kOverview);
  mcg::initializeTools();

  StringRef out = outputPath;
  bool svg = out.ends_with(".svg");
  if (!svg && !out.ends_with(".dot") && out != "-")
    return fail("-o '" + out +
                "': the picture is FILE.svg, FILE.dot, or - for DOT text");

  mlir::MLIRContext context;
  mcg::prepareContext(context);
  SourceMgr sourceMgr;
  mlir::SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context);
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mcg::loadModel(modelPath, sourceMgr, context);
  if (!module)
    return 1;
  if (failed(mcg::runGraphPasses(*module, {pruneTo, foldConstants, fuse})))
    return 1;
  SmallVector<mcg::cgraph::GraphOp> graphs(
      module->getOps<mcg::cgraph::GraphOp>());
  if (graphs.size() != 1)
    return fail("'" + modelPath + "' holds " + Twine(graphs.size()) +
                " graphs; mcg-viz draws a module with exactly one");

  mcg::viz::PictureOptions options;
  options.highlight.assign(highlight.begin(), highlight.end());
  options.collapseDepth = collapse;
  std::string dot;
  raw_string_ostream os(dot);
  if (failed(mcg::viz::writeDot(graphs.front(), options, os)))
    return 1;

  // As mcg-compile and mcg-run --output-dir: the directory is made.
  StringRef dir = sys::path::parent_path(out);
  if (out != "-" && !dir.empty())
    if (std::error_code ec = sys::fs::create_directories(dir))
      return fail("cannot create '" + dir + "': " + ec.message());
  if (svg) {
    if (int status = runDot(dot, out))
      return status;
  } else {
    std::error_code ec;
    ToolOutputFile file(out, ec, sys::fs::OF_Text);
    if (ec)
      return fail("cannot write '" + out + "': " + ec.message());
    file.os() << dot;
    file.keep();
  }
  if (out != "-")
    outs() << "wrote " << out << "\n";
  return 0;
}
