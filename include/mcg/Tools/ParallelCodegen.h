//===- ParallelCodegen.h - O3 and machine code on several threads --------===//
//
// The LLVM half of writing a library (mcg-compile, the Python module's
// compile_library): the module split into parts (llvm::SplitModule), each
// optimized at O3 and compiled to an object file on a thread of its own, in
// an LLVM context of its own.
//
//===----------------------------------------------------------------------===//

#ifndef MCG_TOOLS_PARALLELCODEGEN_H
#define MCG_TOOLS_PARALLELCODEGEN_H

#include "mcg/Tools/Target.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/Error.h"

#include <string>

namespace mcg {

/// Optimizes `module` at O3 for `cpu` and writes it as object files: the
/// module split into at most `parts` parts (one if 1), each optimized and
/// compiled on its own thread. Returns the paths of the object files
/// (temporary files named after `stem`; the caller removes them).
llvm::Expected<llvm::SmallVector<std::string>>
compileObjects(std::unique_ptr<llvm::Module> module, const TargetCPU &cpu,
               unsigned parts, llvm::StringRef stem);

} // namespace mcg

#endif // MCG_TOOLS_PARALLELCODEGEN_H
