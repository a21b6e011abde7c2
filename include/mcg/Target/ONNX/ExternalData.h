//===- ExternalData.h - ONNX external tensor data, mapped -------*- C++ -*-===//
//
// The files an ONNX model keeps its weights in (`external_data`), mapped
// read-only once each. The importer's constants alias the mapping, so a
// weight is read from disk only when something reads its bytes; the
// exporter asks where a constant's bytes live, to write a reference to
// the same file and offset instead of the bytes.
//
//===----------------------------------------------------------------------===//

#ifndef MCG_TARGET_ONNX_EXTERNALDATA_H
#define MCG_TARGET_ONNX_EXTERNALDATA_H

#include "mlir/IR/AsmState.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/FileSystem.h"

#include <memory>
#include <optional>
#include <string>

namespace mcg {

/// The external data files of one model, each mapped once, read-only.
/// Blobs made by `blob` keep their file's mapping alive, so the files may
/// outlive this object.
class ExternalDataFiles {
public:
  /// Files are resolved against `modelDir`, the model file's directory.
  explicit ExternalDataFiles(llvm::StringRef modelDir) : modelDir(modelDir) {}

  /// Where the bytes of a tensor live in a data file.
  struct Origin {
    /// The file's path as the importer opened it (model directory joined
    /// with the tensor's `location`).
    std::string path;
    uint64_t offset = 0;
  };

  /// The bytes `[offset, offset + length)` of `location` (the whole rest
  /// of the file without `length`). Fails with a message saying why: a
  /// location that is absolute or climbs out of the model's directory, a
  /// file that cannot be read, a range outside the file.
  llvm::Expected<llvm::ArrayRef<char>> read(llvm::StringRef location,
                                            uint64_t offset,
                                            std::optional<uint64_t> length);

  /// A resource blob over `bytes` (which `read` returned) that keeps the
  /// mapping alive. The blob's alignment is what the address gives, at
  /// most 16 bytes.
  mlir::AsmResourceBlob blob(llvm::ArrayRef<char> bytes) const;

  /// The file and offset `bytes` come from if they lie in one of the
  /// mapped files, else nothing.
  std::optional<Origin> find(llvm::ArrayRef<char> bytes) const;

  /// True if `path` is one of the mapped files (the same file, by inode).
  bool isMapped(llvm::StringRef path) const;

private:
  struct Mapped {
    std::string path;
    std::shared_ptr<llvm::sys::fs::mapped_file_region> region;
    llvm::ArrayRef<char> data() const;
  };
  std::string modelDir;
  llvm::StringMap<Mapped> files;
};

} // namespace mcg

#endif // MCG_TARGET_ONNX_EXTERNALDATA_H
