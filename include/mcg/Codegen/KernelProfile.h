//===- KernelProfile.h - names shared by the kernel profile -----*- C++ -*-===//
//
// `mcg-run --profile` times every kernel call of a graph. Three parts agree
// on the names below: convert-cgraph-to-linalg{profile=true} describes each
// kernel call, profile-kernel-calls wraps the calls in runtime hooks and
// moves the descriptions into a table on the module, and the tool defines
// the hooks and prints the table with the times.
//
//===----------------------------------------------------------------------===//

#ifndef MCG_CODEGEN_KERNELPROFILE_H
#define MCG_CODEGEN_KERNELPROFILE_H

#include "llvm/ADT/StringRef.h"

namespace mcg {

/// On a kernel `func.call`: a dictionary describing the call (`ops`: the
/// source names of the cgraph ops it computes; `shape`: the shapes as text;
/// `flops`: for a call that holds a contraction, its floating-point
/// operations; `bytes`: the bytes of its operands and results). On the
/// module, after profile-kernel-calls: an array of those dictionaries, each
/// with the callee's name added as `kernel`, indexed by the id the hooks
/// receive.
constexpr llvm::StringLiteral kProfileAttrName = "mcg.profile";

/// The dictionary keys of a description.
constexpr llvm::StringLiteral kProfileOpsKey = "ops";
constexpr llvm::StringLiteral kProfileShapeKey = "shape";
constexpr llvm::StringLiteral kProfileFlopsKey = "flops";
constexpr llvm::StringLiteral kProfileBytesKey = "bytes";
constexpr llvm::StringLiteral kProfileKernelKey = "kernel";
/// Set (a unit) by plan-memory on the entry of a call it erased, because
/// the call would copy nothing (a concatenation whose inputs were placed
/// inside its result); the hooks around that call go with it.
constexpr llvm::StringLiteral kProfileNotCalledKey = "not_called";

/// `void mcg_profile_enter(int64_t id)`, called right before the kernel call
/// number `id`, and `void mcg_profile_exit(int64_t id)`, right after it, on
/// the thread that runs the graph function.
constexpr llvm::StringLiteral kProfileEnterHook = "mcg_profile_enter";
constexpr llvm::StringLiteral kProfileExitHook = "mcg_profile_exit";

} // namespace mcg

#endif // MCG_CODEGEN_KERNELPROFILE_H
