//===- HugePages.cpp - transparent huge pages for large models ------------===//
//
// glibc's malloc takes its large blocks straight from mmap, 4 KB pages
// that each cost a page fault on first touch. With the tunable
// glibc.malloc.hugetlb=1 it asks the kernel for transparent huge pages
// (madvise) instead. Tunables are read when a process starts, so the tool
// executes itself again with the tunable set, once it knows its model is
// large (the exec costs about a tenth of a second: not worth it for small
// models, and the test suite runs the tools thousands of times).
//
//===----------------------------------------------------------------------===//

#include "mcg/Tools/HugePages.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"

#include <cstdlib>
#include <string>

#if defined(__linux__)
#include <unistd.h>
#endif

#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer) ||     \
    __has_feature(thread_sanitizer)
#define MCG_SANITIZED_ALLOCATOR 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define MCG_SANITIZED_ALLOCATOR 1
#endif

/// Set in the environment of the process reexecWithHugePages starts.
static const char *const kHugePagesMarker = "MCG_HUGE_PAGES";

bool mcg::startedWithHugePages() {
  const char *marker = std::getenv(kHugePagesMarker);
  return marker && llvm::StringRef(marker) == "1";
}

void mcg::reexecWithHugePages(llvm::StringRef modelPath, char **argv) {
#if defined(__linux__) && defined(__GLIBC__) &&                                \
    !defined(MCG_SANITIZED_ALLOCATOR)
  const char *tunables = std::getenv("GLIBC_TUNABLES");
  std::string current = tunables ? tunables : "";
  if (current.find("glibc.malloc.hugetlb") != std::string::npos)
    return;
  uint64_t size = 0;
  if (modelPath.empty() || modelPath == "-" ||
      llvm::sys::fs::file_size(modelPath, size) || size < kHugePagesModelBytes)
    return;
  // "always" or "madvise" (glibc madvises its blocks); not "never".
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> thp =
      llvm::MemoryBuffer::getFileAsStream(
          "/sys/kernel/mm/transparent_hugepage/enabled");
  if (!thp || (*thp)->getBuffer().contains("[never]"))
    return;
  std::string value = current.empty() ? "glibc.malloc.hugetlb=1"
                                      : current + ":glibc.malloc.hugetlb=1";
  if (setenv("GLIBC_TUNABLES", value.c_str(), /*overwrite=*/1) != 0 ||
      setenv(kHugePagesMarker, "1", /*overwrite=*/1) != 0)
    return;
  execv("/proc/self/exe", argv);
  // The exec failed: go on as before, without the tunable.
  if (tunables)
    setenv("GLIBC_TUNABLES", tunables, 1);
  else
    unsetenv("GLIBC_TUNABLES");
  unsetenv(kHugePagesMarker);
#else
  (void)modelPath;
  (void)argv;
#endif
}
