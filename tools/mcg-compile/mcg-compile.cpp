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

#include "mcg/Dialect/CGraph/IR/CGraph.h"
#include "mcg/Tools/Model.h"
#include "mcg/Tools/Target.h"

#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/Support/Timing.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Target/TargetMachine.h"

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

static std::string cType(mlir::Type t) {
  if (t.isF32())
    return "float";
  if (t.isF64())
    return "double";
  if (t.isInteger(64))
    return "int64_t";
  if (t.isInteger(32))
    return "int32_t";
  if (t.isInteger(8))
    return "int8_t";
  if (t.isInteger(1))
    return "bool";
  return "";
}

static std::string identifier(StringRef name) {
  std::string id;
  for (char c : name)
    id += isAlnum(c) ? c : '_';
  if (id.empty() || isDigit(id[0]))
    id = "_" + id;
  return id;
}

/// Writes the blobs to BIN and an assembly file ASM that defines each
/// symbol as its slice of BIN (`.incbin`), for the C compiler to assemble.
static std::error_code writeWeights(ArrayRef<mcg::WeightBlob> blobs,
                                    StringRef bin, StringRef asmPath) {
  std::error_code ec;
  raw_fd_ostream data(bin, ec, sys::fs::OF_None);
  if (ec)
    return ec;
  raw_fd_ostream as(asmPath, ec, sys::fs::OF_Text);
  if (ec)
    return ec;
  as << "\t.section .rodata.mcg_weights,\"a\",@progbits\n";
  uint64_t offset = 0;
  for (const mcg::WeightBlob &blob : blobs) {
    as << "\t.p2align " << Log2_64(std::max<uint64_t>(blob.alignment, 1))
       << "\n\t.globl " << blob.symbol << "\n\t.hidden " << blob.symbol
       << "\n\t.type " << blob.symbol << ",@object\n\t.size " << blob.symbol
       << ", " << blob.bytes.size() << "\n"
       << blob.symbol << ":\n\t.incbin \"" << bin << "\", " << offset << ", "
       << blob.bytes.size() << "\n";
    data.write(blob.bytes.data(), blob.bytes.size());
    offset += blob.bytes.size();
  }
  as << "\t.section .note.GNU-stack,\"\",@progbits\n";
  return std::error_code();
}

/// Writes NAME.h: the function and a description of its buffers.
static void writeHeader(raw_ostream &os, StringRef name,
                        const mcg::GraphSignature &sig, StringRef cpu,
                        const mcg::CodegenOptions &codegen) {
  std::string guard = "MCG_" + StringRef(identifier(name)).upper() + "_H";
  os << "/* Generated by mcg-compile from " << modelPath;
  if (!pruneTo.empty())
    os << " (--prune-to=" << pruneTo << ")";
  os << ",\n * for the CPU " << cpu << " (register tiles " << codegen.mTile
     << " x " << codegen.nTile << " x " << codegen.kTile << ", "
     << codegen.threads << (codegen.threads == 1 ? " thread" : " threads")
     << "). */\n#ifndef " << guard << "\n#define " << guard << "\n\n"
     << "#include <stdbool.h>\n#include <stdint.h>\n\n"
     << "#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n";
  auto describe = [&](StringRef kind,
                      const std::vector<mcg::TensorSpec> &specs) {
    os << "/* " << kind << ", contiguous and row-major, in this order:\n";
    for (const mcg::TensorSpec &t : specs) {
      os << " *   " << t.name << ": " << cType(t.elementType);
      for (int64_t d : t.shape)
        os << "[" << d << "]";
      os << "\n";
    }
    os << " */\n";
  };
  describe("Inputs", sig.inputs);
  describe("Outputs", sig.outputs);
  std::string id = identifier(name);
  os << "enum { " << id << "_num_inputs = " << sig.inputs.size() << ", " << id
     << "_num_outputs = " << sig.outputs.size() << " };\n";
  auto arrays = [&](StringRef kind, const std::vector<mcg::TensorSpec> &specs) {
    os << "static const char *const " << id << "_" << kind << "_names[] = {";
    for (auto [i, t] : llvm::enumerate(specs))
      os << (i ? ", " : "") << "\"" << t.name << "\"";
    os << "};\n";
    for (const mcg::TensorSpec &t : specs) {
      os << "static const int64_t " << id << "_" << identifier(t.name)
         << "_shape[" << std::max<size_t>(t.shape.size(), 1) << "] = {";
      for (auto [i, d] : llvm::enumerate(t.shape))
        os << (i ? ", " : "") << d;
      os << "};\n";
    }
  };
  arrays("input", sig.inputs);
  arrays("output", sig.outputs);
  os << "\n/* Runs the model. It keeps no state between calls, so calls from\n"
     << " * several threads at once are safe. */\n"
     << "void " << id << "(";
  bool first = true;
  for (const mcg::TensorSpec &t : sig.inputs) {
    os << (first ? "" : ", ") << "const " << cType(t.elementType) << " *"
       << identifier(t.name);
    first = false;
  }
  for (const mcg::TensorSpec &t : sig.outputs) {
    os << (first ? "" : ", ") << cType(t.elementType) << " *"
       << identifier(t.name);
    first = false;
  }
  os << ");\n\n#ifdef __cplusplus\n}\n#endif\n\n#endif /* " << guard << " */\n";
}

int main(int argc, char **argv) {
  InitLLVM init(argc, argv);
  Expected<unsigned> threadsFlag = mcg::parseToolCommandLine(
      argc, argv, category, kOverview);
  if (!threadsFlag)
    return fail(toString(threadsFlag.takeError()));
  unsigned threads = *threadsFlag;

  StringRef dir = sys::path::parent_path(outputPath);
  StringRef name = sys::path::filename(outputPath);
  if (name.empty() || name == "." || name == ".." ||
      sys::path::is_separator(outputPath.getValue().back()))
    return fail("-o expects DIR/NAME, got '" + outputPath + "'");
  std::string fn = identifier(name);

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
  FailureOr<mcg::GraphSignature> sig = mcg::describeGraph(*module);
  if (failed(sig))
    return 1;
  for (const auto *specs : {&sig->inputs, &sig->outputs})
    for (const mcg::TensorSpec &t : *specs)
      if (cType(t.elementType).empty())
        return fail("'" + t.name + "' has no C element type");
  // The exported function is named after the library.
  (*module->getOps<mcg::cgraph::GraphOp>().begin()).setSymName(fn);
  std::string omp;
  if (threads > 1 && (omp = mcg::openMPRuntimePath()).empty())
    return fail("--threads needs the OpenMP runtime (libomp-22-dev)");
  // The target CPU decides the register tiles.
  Expected<mcg::TargetCPU> cpu = mcg::resolveTargetCPU(mcpu);
  if (!cpu)
    return fail(toString(cpu.takeError()));
  Expected<std::unique_ptr<TargetMachine>> machine =
      mcg::createTargetMachine(*cpu, Reloc::PIC_);
  if (!machine)
    return fail(toString(machine.takeError()));
  mcg::CodegenOptions codegen = mcg::codegenOptionsFor(**machine, threads);
  phase = rootTimer.nest("lower to the LLVM dialect");
  if (failed(mcg::lowerToLLVM(*module, codegen)))
    return 1;

  phase = rootTimer.nest("translate to LLVM IR");
  SmallVector<mcg::WeightBlob> weights = mcg::externalizeWeights(*module);

  // LLVM IR for the target CPU, optimized, as an object file.
  LLVMContext llvmContext;
  std::unique_ptr<Module> llvmModule =
      mlir::translateModuleToLLVMIR(*module, llvmContext, name);
  if (!llvmModule)
    return fail("translation to LLVM IR failed");
  // Only the model's entry point is exported; the kernels are internal.
  for (Function &f : *llvmModule)
    if (!f.isDeclaration() && f.getName() != fn)
      f.setLinkage(GlobalValue::InternalLinkage);
  llvmModule->setDataLayout((*machine)->createDataLayout());
  llvmModule->setTargetTriple(Triple(cpu->triple));
  phase = rootTimer.nest("optimize LLVM IR (O3)");
  if (Error e = mlir::makeOptimizingTransformer(3, 0, machine->get())(
          llvmModule.get()))
    return fail("optimizing LLVM IR failed: " + toString(std::move(e)));

  if (!dir.empty())
    if (std::error_code ec = sys::fs::create_directories(dir))
      return fail("cannot create '" + dir + "': " + ec.message());
  SmallString<128> object;
  if (std::error_code ec =
          sys::fs::createTemporaryFile("mcg-" + fn, "o", object))
    return fail("cannot create a temporary file: " + ec.message());
  FileRemover removeObject(object);
  {
    std::error_code ec;
    raw_fd_ostream os(object, ec, sys::fs::OF_None);
    if (ec)
      return fail("cannot write '" + object + "': " + ec.message());
    phase = rootTimer.nest("generate machine code");
    legacy::PassManager pm;
    if ((*machine)->addPassesToEmitFile(pm, os, nullptr,
                                        CodeGenFileType::ObjectFile))
      return fail("the target cannot emit object files");
    pm.run(*llvmModule);
  }

  // Link with the system C compiler: libc and libm only.
  phase = rootTimer.nest("link");
  std::string cc = linker;
  if (cc.empty()) {
    for (StringRef candidate : {"/usr/lib/llvm-22/bin/clang", "clang", "cc"})
      if (auto found = sys::findProgramByName(candidate)) {
        cc = *found;
        break;
      }
  }
  if (cc.empty())
    return fail("no C compiler found to link the library (use --linker)");
  SmallString<128> library(dir);
  sys::path::append(library, "lib" + name + ".so");
  SmallVector<StringRef> args = {cc, "-shared", "-o", library, object};
  SmallString<128> weightsBin, weightsAsm;
  std::optional<FileRemover> removeBin, removeAsm;
  if (!weights.empty()) {
    if (std::error_code ec =
            sys::fs::createTemporaryFile("mcg-" + fn, "bin", weightsBin))
      return fail("cannot create a temporary file: " + ec.message());
    removeBin.emplace(weightsBin);
    if (std::error_code ec =
            sys::fs::createTemporaryFile("mcg-" + fn, "s", weightsAsm))
      return fail("cannot create a temporary file: " + ec.message());
    removeAsm.emplace(weightsAsm);
    if (std::error_code ec = writeWeights(weights, weightsBin, weightsAsm))
      return fail("cannot write the weights: " + ec.message());
    args.push_back(weightsAsm);
  }
  args.push_back("-lm");
  std::string ompDir, ompRpath;
  if (!omp.empty()) {
    ompDir = ("-L" + sys::path::parent_path(omp)).str();
    ompRpath = ("-Wl,-rpath," + sys::path::parent_path(omp)).str();
    args.append({ompDir, ompRpath, "-lomp"});
  }
  std::string linkError;
  if (sys::ExecuteAndWait(cc, args, std::nullopt, {}, 0, 0, &linkError) != 0)
    return fail("linking '" + library + "' failed" +
                (linkError.empty() ? "" : ": " + linkError));

  phase.stop();
  SmallString<128> headerPath(dir);
  sys::path::append(headerPath, name + ".h");
  std::error_code ec;
  raw_fd_ostream header(headerPath, ec);
  if (ec)
    return fail("cannot write '" + headerPath + "': " + ec.message());
  writeHeader(header, name, *sig, cpu->cpu, codegen);
  outs() << "wrote " << library << " and " << headerPath << "\n";
  return 0;
}
