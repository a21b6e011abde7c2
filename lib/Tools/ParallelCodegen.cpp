//===- ParallelCodegen.cpp - O3 and machine code on several threads ------===//
//
// densenet121's library took 32 s to build, 15 s of it in O3 and 7.5 s in
// machine code generation, one thread: the model's 100-odd kernels are
// independent functions. Split into as many modules as there are threads
// (the kernels, internal to the library, made visible across the parts by
// SplitModule), each part is serialized to bitcode, read back into an
// LLVM context of its own on its own thread (an LLVMContext is not shared
// between threads), optimized and compiled to its own object file; the
// linker joins them.
//
//===----------------------------------------------------------------------===//

#include "mcg/Tools/ParallelCodegen.h"

#include "mlir/ExecutionEngine/OptUtils.h"
#include "llvm/Bitcode/BitcodeReader.h"
#include "llvm/Bitcode/BitcodeWriter.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/ThreadPool.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/Transforms/Utils/SplitModule.h"

#include <mutex>

using namespace llvm;

/// Optimizes and compiles the bitcode `part` into the object file `path`;
/// an empty string on success, else what failed.
static std::string compilePart(StringRef part, const mcg::TargetCPU &cpu,
                               StringRef path) {
  LLVMContext context;
  Expected<std::unique_ptr<Module>> module =
      parseBitcodeFile(MemoryBufferRef(part, path), context);
  if (!module)
    return "reading a part back failed: " + toString(module.takeError());
  Expected<std::unique_ptr<TargetMachine>> machine =
      mcg::createTargetMachine(cpu, Reloc::PIC_);
  if (!machine)
    return toString(machine.takeError());
  if (Error e =
          mlir::makeOptimizingTransformer(3, 0, machine->get())(module->get()))
    return "optimizing LLVM IR failed: " + toString(std::move(e));
  std::error_code ec;
  raw_fd_ostream os(path, ec, sys::fs::OF_None);
  if (ec)
    return ("cannot write '" + path + "': " + ec.message()).str();
  legacy::PassManager pm;
  if ((*machine)->addPassesToEmitFile(pm, os, nullptr,
                                      CodeGenFileType::ObjectFile))
    return "the target cannot emit object files";
  pm.run(**module);
  return "";
}

Expected<SmallVector<std::string>>
mcg::compileObjects(std::unique_ptr<Module> module, const TargetCPU &cpu,
                    unsigned parts, StringRef stem) {
  SmallVector<SmallString<0>> bitcode;
  auto keep = [&](std::unique_ptr<Module> part) {
    raw_svector_ostream os(bitcode.emplace_back());
    WriteBitcodeToFile(*part, os);
  };
  if (parts > 1)
    SplitModule(*module, parts, keep, /*PreserveLocals=*/false);
  else
    keep(std::move(module));

  SmallVector<std::string> objects;
  for (size_t i = 0; i < bitcode.size(); ++i) {
    SmallString<128> path;
    if (std::error_code ec =
            sys::fs::createTemporaryFile(stem + "-" + Twine(i), "o", path)) {
      for (const std::string &made : objects)
        sys::fs::remove(made);
      return createStringError(ec, "cannot create a temporary file: " +
                                       ec.message());
    }
    objects.push_back(path.str().str());
  }
  std::mutex mutex;
  std::string failure;
  {
    DefaultThreadPool pool(hardware_concurrency(bitcode.size()));
    for (size_t i = 0; i < bitcode.size(); ++i)
      pool.async([&, i] {
        std::string error = compilePart(bitcode[i], cpu, objects[i]);
        std::lock_guard<std::mutex> lock(mutex);
        if (!error.empty() && failure.empty())
          failure = error;
      });
    pool.wait();
  }
  if (!failure.empty()) {
    for (const std::string &made : objects)
      sys::fs::remove(made);
    return createStringError(inconvertibleErrorCode(), failure);
  }
  return objects;
}
