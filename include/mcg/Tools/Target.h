//===- Target.h - the CPU that mcg-run and mcg-compile generate code for --===//
//
// The host CPU or one named with --mcpu, its target machine, and the
// register tile that suits it.
//
//===----------------------------------------------------------------------===//

#ifndef MCG_TOOLS_TARGET_H
#define MCG_TOOLS_TARGET_H

#include "mcg/Pipelines/Pipelines.h"

#include "llvm/Support/CodeGen.h"
#include "llvm/Support/Error.h"
#include "llvm/Target/TargetMachine.h"

#include <memory>
#include <string>
#include <vector>

namespace mcg {

/// A CPU of the host's architecture, as LLVM names it, and its features
/// ("+avx2,+fma,..." for the host; empty for a named CPU: its defaults).
struct TargetCPU {
  std::string triple;
  std::string cpu;
  std::string features;
};

/// The host CPU when `cpu` is empty, else the CPU LLVM calls `cpu` (an
/// error names an unknown one).
llvm::Expected<TargetCPU> resolveTargetCPU(llvm::StringRef cpu);

/// The instruction-set extensions (vector, bit manipulation) that code for
/// `target` may use and the host lacks: code that runs here must have none.
std::vector<std::string> featuresMissingOnHost(const TargetCPU &target);

/// An optimizing (O3) target machine for `target`.
llvm::Expected<std::unique_ptr<llvm::TargetMachine>>
createTargetMachine(const TargetCPU &target, llvm::Reloc::Model reloc);

/// Code generation options for `machine`'s CPU on `threads` threads: its
/// widest legal f32 vector of L lanes and its R vector registers give
/// register tiles of (R / 4) rows x 2L columns x 8 reduction steps, so half
/// the registers hold accumulators and the rest the operands (AVX-512:
/// 8 x 32, AVX2: 4 x 16, SSE: 4 x 8), and `lanes` = L.
CodegenOptions codegenOptionsFor(llvm::TargetMachine &machine,
                                 unsigned threads);

} // namespace mcg

#endif // MCG_TOOLS_TARGET_H
