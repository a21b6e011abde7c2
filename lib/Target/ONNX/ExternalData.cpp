//===- ExternalData.cpp - ONNX external tensor data, mapped ---------------===//
//
// Each data file is mapped once, read-only, however many tensors it holds;
// a tensor's constant is a blob over its range of the mapping (no copy, no
// read until something touches the bytes). A location is a path relative
// to the model's directory that does not climb out of it with `..`.
//
//===----------------------------------------------------------------------===//

#include "mcg/Target/ONNX/ExternalData.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/Path.h"

using namespace llvm;

namespace mcg {

ArrayRef<char> ExternalDataFiles::Mapped::data() const {
  if (!region)
    return {};
  return ArrayRef<char>(region->const_data(), region->size());
}

Expected<ArrayRef<char>>
ExternalDataFiles::read(StringRef location, uint64_t offset,
                        std::optional<uint64_t> length) {
  if (location.empty() || sys::path::is_absolute(location) ||
      is_contained(
          make_range(sys::path::begin(location), sys::path::end(location)),
          ".."))
    return createStringError("external data location '" + location +
                             "' must be a relative path below the model's "
                             "directory");
  SmallString<256> path(modelDir);
  sys::path::append(path, location);
  auto [it, inserted] = files.try_emplace(path);
  Mapped &file = it->second;
  if (inserted) {
    file.path = path.str().str();
    auto fail = [&](std::error_code ec) {
      files.erase(it);
      return createStringError("cannot read external data '" + path +
                               "': " + ec.message());
    };
    Expected<sys::fs::file_t> fd = sys::fs::openNativeFileForRead(path);
    if (!fd)
      return fail(errorToErrorCode(fd.takeError()));
    sys::fs::file_status status;
    std::error_code ec = sys::fs::status(*fd, status);
    if (!ec && status.type() != sys::fs::file_type::regular_file)
      ec = std::make_error_code(std::errc::invalid_argument);
    if (!ec && status.getSize() > 0) {
      file.region = std::make_shared<sys::fs::mapped_file_region>(
          *fd, sys::fs::mapped_file_region::readonly, status.getSize(), 0, ec);
      if (ec)
        file.region.reset();
    }
    sys::fs::closeFile(*fd);
    if (ec)
      return fail(ec);
  }
  ArrayRef<char> data = file.data();
  if (offset > data.size() || (length && *length > data.size() - offset))
    return createStringError(
        "external data '" + path + "' has " + Twine(data.size()) +
        " bytes, fewer than offset " + Twine(offset) +
        (length ? " + length " + Twine(*length) : Twine()) + " needs");
  return data.slice(offset, length ? *length : data.size() - offset);
}

mlir::AsmResourceBlob ExternalDataFiles::blob(ArrayRef<char> bytes) const {
  std::optional<Origin> origin = find(bytes);
  std::shared_ptr<sys::fs::mapped_file_region> region =
      origin ? files.find(origin->path)->second.region : nullptr;
  size_t align = std::min<size_t>(
      16,
      size_t(1) << countr_zero(reinterpret_cast<uintptr_t>(bytes.data()) | 16));
  return mlir::UnmanagedAsmResourceBlob::allocateWithAlign(
      bytes, align, [region](void *, size_t, size_t) {});
}

std::optional<ExternalDataFiles::Origin>
ExternalDataFiles::find(ArrayRef<char> bytes) const {
  for (const auto &entry : files) {
    ArrayRef<char> data = entry.second.data();
    if (data.empty() || bytes.data() < data.data() ||
        bytes.data() + bytes.size() > data.data() + data.size())
      continue;
    return Origin{entry.second.path,
                  static_cast<uint64_t>(bytes.data() - data.data())};
  }
  return std::nullopt;
}

bool ExternalDataFiles::isMapped(StringRef path) const {
  return any_of(files, [&](const auto &entry) {
    return sys::fs::equivalent(entry.second.path, path);
  });
}

} // namespace mcg
