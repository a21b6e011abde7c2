//===- Library.cpp - a graph as a shared library and a C header -----------===//
//
// The graph is lowered for the target CPU, translated to LLVM IR with its
// weights taken out (they are assembled from a binary file with .incbin),
// optimized and compiled in parts on several threads (ParallelCodegen.h),
// and linked by the system C compiler against libc and libm only.
//
//===----------------------------------------------------------------------===//

#include "mcg/Tools/Library.h"
#include "mcg/Dialect/CGraph/IR/CGraph.h"
#include "mcg/Tools/Jit.h"
#include "mcg/Tools/Model.h"
#include "mcg/Tools/ParallelCodegen.h"
#include "mcg/Tools/Target.h"

#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/Threading.h"
#include "llvm/Target/TargetMachine.h"

#include <optional>

using namespace llvm;

namespace mcg {

static Error error(const Twine &message) {
  return createStringError(inconvertibleErrorCode(), message);
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
/// Blobs that hold the same bytes (a weight that several entries' slices
/// folded alike, a filter transposed for two kernels) are stored once, at
/// the strictest of their alignments, with every symbol at that place.
static std::error_code writeWeights(ArrayRef<WeightBlob> blobs, StringRef bin,
                                    StringRef asmPath) {
  std::error_code ec;
  raw_fd_ostream data(bin, ec, sys::fs::OF_None);
  if (ec)
    return ec;
  raw_fd_ostream as(asmPath, ec, sys::fs::OF_Text);
  if (ec)
    return ec;
  // The blobs grouped by content (DenseMap<StringRef> hashes and compares
  // the bytes), in the order of their first occurrence.
  DenseMap<StringRef, unsigned> groupOf;
  SmallVector<SmallVector<const WeightBlob *, 1>> groups;
  for (const WeightBlob &blob : blobs) {
    auto [it, inserted] = groupOf.try_emplace(
        StringRef(blob.bytes.data(), blob.bytes.size()), groups.size());
    if (inserted)
      groups.emplace_back();
    groups[it->second].push_back(&blob);
  }
  as << "\t.section .rodata.mcg_weights,\"a\",@progbits\n";
  uint64_t offset = 0;
  for (ArrayRef<const WeightBlob *> group : groups) {
    ArrayRef<char> bytes = group.front()->bytes;
    uint64_t alignment = 1;
    for (const WeightBlob *blob : group)
      alignment = std::max<uint64_t>(alignment, blob->alignment);
    as << "\t.p2align " << Log2_64(alignment) << "\n";
    for (const WeightBlob *blob : group)
      as << "\t.globl " << blob->symbol << "\n\t.hidden " << blob->symbol
         << "\n\t.type " << blob->symbol << ",@object\n\t.size " << blob->symbol
         << ", " << bytes.size() << "\n"
         << blob->symbol << ":\n";
    as << "\t.incbin \"" << bin << "\", " << offset << ", " << bytes.size()
       << "\n";
    data.write(bytes.data(), bytes.size());
    offset += bytes.size();
  }
  as << "\t.section .note.GNU-stack,\"\",@progbits\n";
  return std::error_code();
}

/// Writes one function's part of the header: its buffers (under "Inputs"
/// and "Outputs", or for an entry of a multi-entry library under
/// "heads_cls: inputs" ...), their names and shapes, and its prototype.
static void writeFunction(raw_ostream &os, const GraphSignature &sig,
                          bool entry) {
  std::string id = identifier(sig.name);
  auto describe = [&](StringRef kind, const std::vector<TensorSpec> &specs) {
    os << "/* " << (entry ? id + ": " + kind.lower() : kind.str())
       << ", contiguous and row-major, in this order:\n";
    for (const TensorSpec &t : specs) {
      os << " *   " << t.name << ": " << cType(t.elementType);
      for (int64_t d : t.shape)
        os << "[" << d << "]";
      os << "\n";
    }
    os << " */\n";
  };
  describe("Inputs", sig.inputs);
  describe("Outputs", sig.outputs);
  os << "enum { " << id << "_num_inputs = " << sig.inputs.size() << ", " << id
     << "_num_outputs = " << sig.outputs.size() << " };\n";
  auto arrays = [&](StringRef kind, const std::vector<TensorSpec> &specs) {
    os << "static const char *const " << id << "_" << kind << "_names[] = {";
    for (auto [i, t] : llvm::enumerate(specs))
      os << (i ? ", " : "") << "\"" << t.name << "\"";
    os << "};\n";
    for (const TensorSpec &t : specs) {
      os << "static const int64_t " << id << "_" << identifier(t.name)
         << "_shape[" << std::max<size_t>(t.shape.size(), 1) << "] = {";
      for (auto [i, d] : llvm::enumerate(t.shape))
        os << (i ? ", " : "") << d;
      os << "};\n";
    }
  };
  arrays("input", sig.inputs);
  arrays("output", sig.outputs);
  if (entry)
    os << "\n/* Runs this entry's slice of the model. It keeps no state "
          "between\n"
       << " * calls, so calls from several threads at once, of this function "
          "or\n"
       << " * the library's others, are safe. */\n";
  else
    os << "\n/* Runs the model. It keeps no state between calls, so calls "
          "from\n"
       << " * several threads at once are safe. */\n";
  os << "void " << id << "(";
  bool first = true;
  for (const TensorSpec &t : sig.inputs) {
    os << (first ? "" : ", ") << "const " << cType(t.elementType) << " *"
       << identifier(t.name);
    first = false;
  }
  for (const TensorSpec &t : sig.outputs) {
    os << (first ? "" : ", ") << cType(t.elementType) << " *"
       << identifier(t.name);
    first = false;
  }
  os << ");\n";
}

/// Writes NAME.h: each function and a description of its buffers.
static void writeHeader(raw_ostream &os, StringRef name, StringRef provenance,
                        ArrayRef<GraphSignature> sigs, bool entries,
                        StringRef cpu, const CodegenOptions &codegen) {
  std::string guard = "MCG_" + StringRef(identifier(name)).upper() + "_H";
  os << "/* Generated by " << provenance << ",\n * for the CPU " << cpu
     << " (register tiles " << codegen.mTile << " x " << codegen.nTile << " x "
     << codegen.kTile << ", " << codegen.threads
     << (codegen.threads == 1 ? " thread" : " threads") << "). */\n#ifndef "
     << guard << "\n#define " << guard << "\n\n"
     << "#include <stdbool.h>\n#include <stdint.h>\n\n"
     << "#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n";
  for (auto [i, sig] : llvm::enumerate(sigs)) {
    os << (i ? "\n" : "");
    writeFunction(os, sig, entries);
  }
  os << "\n#ifdef __cplusplus\n}\n#endif\n\n#endif /* " << guard << " */\n";
}

std::string libraryFunctionName(StringRef name) { return identifier(name); }

bool splitLibraryPath(StringRef path, std::string &dir, std::string &name) {
  StringRef file = sys::path::filename(path);
  if (path.empty() || file.empty() || file == "." || file == ".." ||
      sys::path::is_separator(path.back()))
    return false;
  dir = sys::path::parent_path(path).str();
  name = file.str();
  return true;
}

Expected<LibraryFiles> compileLibrary(mlir::ModuleOp module, StringRef dir,
                                      StringRef name,
                                      const LibraryOptions &options,
                                      mlir::TimingScope &timer) {
  std::string fn = identifier(name);
  // One function named after the library, or one per entry, named already.
  if (!options.entries) {
    if (failed(describeGraph(module)))
      return make_error<DiagnosedError>();
    (*module.getOps<cgraph::GraphOp>().begin()).setSymName(fn);
  }
  FailureOr<std::vector<GraphSignature>> sigs = describeGraphs(module);
  if (failed(sigs))
    return make_error<DiagnosedError>();
  StringSet<> exported;
  for (const GraphSignature &sig : *sigs) {
    exported.insert(sig.name);
    for (const auto *specs : {&sig.inputs, &sig.outputs})
      for (const TensorSpec &t : *specs)
        if (cType(t.elementType).empty())
          return error("'" + t.name + "' has no C element type");
  }
  std::string omp;
  if (options.threads > 1 && (omp = openMPRuntimePath()).empty())
    return error("--threads needs the OpenMP runtime (libomp-22-dev)");
  // The target CPU decides the register tiles.
  Expected<TargetCPU> cpu = resolveTargetCPU(options.mcpu);
  if (!cpu)
    return cpu.takeError();
  Expected<std::unique_ptr<TargetMachine>> machine =
      createTargetMachine(*cpu, Reloc::PIC_);
  if (!machine)
    return machine.takeError();
  CodegenOptions codegen = codegenOptionsFor(**machine, options.threads);
  mlir::TimingScope phase = timer.nest("lower to the LLVM dialect");
  if (failed(lowerToLLVM(module, codegen)))
    return make_error<DiagnosedError>();

  phase = timer.nest("translate to LLVM IR");
  SmallVector<WeightBlob> weights = externalizeWeights(module);

  // LLVM IR for the target CPU, optimized, as an object file.
  LLVMContext llvmContext;
  std::unique_ptr<Module> llvmModule =
      mlir::translateModuleToLLVMIR(module, llvmContext, name);
  if (!llvmModule)
    return error("translation to LLVM IR failed");
  // Only the model's entry points are exported; the kernels are internal.
  for (Function &f : *llvmModule)
    if (!f.isDeclaration() && !exported.contains(f.getName()))
      f.setLinkage(GlobalValue::InternalLinkage);
  llvmModule->setDataLayout((*machine)->createDataLayout());
  llvmModule->setTargetTriple(Triple(cpu->triple));
  if (!dir.empty())
    if (std::error_code ec = sys::fs::create_directories(dir))
      return error("cannot create '" + dir + "': " + ec.message());
  // The kernels in parts, each optimized and compiled on a thread.
  unsigned parts = llvm::hardware_concurrency().compute_thread_count();
  phase = timer.nest("optimize LLVM IR (O3) and generate machine code");
  Expected<SmallVector<std::string>> objects =
      compileObjects(std::move(llvmModule), *cpu, parts, "mcg-" + fn);
  if (!objects)
    return objects.takeError();
  // FileRemover removes on copy too: one each, never moved.
  SmallVector<std::unique_ptr<FileRemover>> removeObjects;
  for (const std::string &object : *objects)
    removeObjects.push_back(std::make_unique<FileRemover>(object));

  // Link with the system C compiler: libc and libm only.
  phase = timer.nest("link");
  std::string cc = options.linker;
  if (cc.empty()) {
    for (StringRef candidate : {"/usr/lib/llvm-22/bin/clang", "clang", "cc"})
      if (auto found = sys::findProgramByName(candidate)) {
        cc = *found;
        break;
      }
  }
  if (cc.empty())
    return error("no C compiler found to link the library (use --linker)");
  SmallString<128> library(dir);
  sys::path::append(library, "lib" + name + ".so");
  SmallVector<StringRef> args = {cc, "-shared", "-o", library};
  // LLVM's linker when the default compiler is clang and lld is there: it
  // links vgg11's 507 MB of weights in 8.9 s where the system's ld.bfd
  // took 15.0 s (mcg-compile --timing, "link").
  if (options.linker.empty() && sys::path::filename(cc) == "clang" &&
      sys::findProgramByName("ld.lld", {sys::path::parent_path(cc)}))
    args.push_back("-fuse-ld=lld");
  for (const std::string &object : *objects)
    args.push_back(object);
  SmallString<128> weightsBin, weightsAsm;
  std::optional<FileRemover> removeBin, removeAsm;
  if (!weights.empty()) {
    if (std::error_code ec =
            sys::fs::createTemporaryFile("mcg-" + fn, "bin", weightsBin))
      return error("cannot create a temporary file: " + ec.message());
    removeBin.emplace(weightsBin);
    if (std::error_code ec =
            sys::fs::createTemporaryFile("mcg-" + fn, "s", weightsAsm))
      return error("cannot create a temporary file: " + ec.message());
    removeAsm.emplace(weightsAsm);
    if (std::error_code ec = writeWeights(weights, weightsBin, weightsAsm))
      return error("cannot write the weights: " + ec.message());
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
    return error("linking '" + library + "' failed" +
                 (linkError.empty() ? "" : ": " + linkError));

  phase.stop();
  SmallString<128> headerPath(dir);
  sys::path::append(headerPath, name + ".h");
  std::error_code ec;
  raw_fd_ostream header(headerPath, ec);
  if (ec)
    return error("cannot write '" + headerPath + "': " + ec.message());
  writeHeader(header, name, options.provenance, *sigs, options.entries,
              cpu->cpu, codegen);
  LibraryFiles files;
  files.library = library.str().str();
  files.header = headerPath.str().str();
  return files;
}

} // namespace mcg
