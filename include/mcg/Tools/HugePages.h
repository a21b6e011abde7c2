//===- HugePages.h - transparent huge pages for large models ----*- C++ -*-===//
//
// Loading, lowering and linking a model of hundreds of megabytes touches
// gigabytes of fresh memory in mcg-compile and in the compiler and linker it
// runs; with 4 KB pages, the page faults took more than half of vgg11's
// compile time. Part of the mcg tool support library.
//
//===----------------------------------------------------------------------===//

#ifndef MCG_TOOLS_HUGEPAGES_H
#define MCG_TOOLS_HUGEPAGES_H

#include "llvm/ADT/StringRef.h"

#include <cstdint>

namespace mcg {

/// The size of a model file from which reexecWithHugePages starts over.
constexpr uint64_t kHugePagesModelBytes = 32ull << 20;

/// When `modelPath` is a file of kHugePagesModelBytes or more, the C
/// library is glibc, the kernel offers transparent huge pages and
/// GLIBC_TUNABLES does not already choose glibc.malloc.hugetlb, executes
/// this program again (/proc/self/exe, `argv` as main received it) with
/// glibc.malloc.hugetlb=1 added to GLIBC_TUNABLES: malloc then asks for
/// huge pages for its large blocks, here and in the processes this one
/// starts (the C compiler, the linker). Returns only when it does not
/// (or when the exec fails); does nothing in sanitizer builds, whose
/// allocator is not glibc's.
void reexecWithHugePages(llvm::StringRef modelPath, char **argv);

/// Whether this process is the one reexecWithHugePages started (it sets
/// MCG_HUGE_PAGES=1 in its environment; the processes it starts inherit
/// that too).
bool startedWithHugePages();

} // namespace mcg

#endif // MCG_TOOLS_HUGEPAGES_H
