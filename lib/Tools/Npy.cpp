//===- Npy.cpp - reading and writing .npy files ---------------------------===//

#include "mcg/Tools/Npy.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>
#include <cstring>

using namespace llvm;

namespace mcg {

int64_t npyElementSize(StringRef dtype) {
  if (dtype.size() != 2)
    return 0;
  char kind = dtype[0];
  int64_t size = dtype[1] - '0';
  if ((kind == 'f' && (size == 2 || size == 4 || size == 8)) ||
      (kind == 'i' && (size == 1 || size == 4 || size == 8)) ||
      (kind == 'u' && size == 1) || (kind == 'b' && size == 1))
    return size;
  return 0;
}

int64_t NpyArray::numElements() const {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

static float halfToFloat(uint16_t h) {
  uint32_t sign = (h >> 15) & 1, exp = (h >> 10) & 0x1f, mant = h & 0x3ff;
  float v;
  if (exp == 0)
    v = std::ldexp(static_cast<float>(mant), -24);
  else if (exp == 31)
    v = mant ? NAN : INFINITY;
  else
    v = std::ldexp(static_cast<float>(mant | 0x400),
                   static_cast<int>(exp) - 25);
  return sign ? -v : v;
}

double NpyArray::at(int64_t i) const {
  const char *p = data.data() + i * npyElementSize(dtype);
  auto load = [p](auto v) {
    std::memcpy(&v, p, sizeof(v));
    return v;
  };
  if (dtype == "f4")
    return load(float());
  if (dtype == "f8")
    return load(double());
  if (dtype == "f2")
    return halfToFloat(load(uint16_t()));
  if (dtype == "i8")
    return static_cast<double>(load(int64_t()));
  if (dtype == "i4")
    return load(int32_t());
  if (dtype == "i1")
    return load(int8_t());
  return load(uint8_t()); // u1, b1
}

std::string formatShape(ArrayRef<int64_t> shape) {
  if (shape.empty())
    return "scalar";
  std::string s;
  raw_string_ostream os(s);
  interleave(shape, os, "x");
  return s;
}

/// Reads the value of `key` in the header dictionary.
static StringRef headerValue(StringRef header, StringRef key) {
  size_t at = header.find(("'" + key + "'").str());
  if (at == StringRef::npos)
    return {};
  StringRef rest = header.drop_front(at + key.size() + 2).ltrim(" :");
  if (rest.starts_with("("))
    return rest.take_until([](char c) { return c == ')'; }).drop_front();
  if (rest.starts_with("'"))
    return rest.drop_front().take_until([](char c) { return c == '\''; });
  return rest.take_until([](char c) { return c == ',' || c == '}'; }).trim();
}

Expected<NpyArray> readNpy(StringRef path) {
  auto buffer = MemoryBuffer::getFile(path, /*IsText=*/false);
  if (!buffer)
    return createStringError(buffer.getError(), "cannot read '%s': %s",
                             path.str().c_str(),
                             buffer.getError().message().c_str());
  StringRef bytes = (*buffer)->getBuffer();
  auto bad = [&](const Twine &why) {
    return createStringError(inconvertibleErrorCode(),
                             "'" + path + "' is not a valid .npy file: " + why);
  };
  if (bytes.size() < 10 || !bytes.starts_with("\x93NUMPY"))
    return bad("missing the \\x93NUMPY magic");
  unsigned major = static_cast<unsigned char>(bytes[6]);
  size_t headerLen, offset;
  if (major == 1) {
    headerLen = static_cast<unsigned char>(bytes[8]) |
                (static_cast<unsigned char>(bytes[9]) << 8);
    offset = 10;
  } else if (major == 2 || major == 3) {
    if (bytes.size() < 12)
      return bad("truncated header");
    headerLen = 0;
    for (int i = 0; i < 4; ++i)
      headerLen |= static_cast<size_t>(static_cast<unsigned char>(bytes[8 + i]))
                   << (8 * i);
    offset = 12;
  } else {
    return bad("unknown format version " + Twine(major));
  }
  if (bytes.size() < offset + headerLen)
    return bad("truncated header");
  StringRef header = bytes.substr(offset, headerLen);
  NpyArray array;
  StringRef descr = headerValue(header, "descr");
  if (descr.size() == 3 &&
      (descr[0] == '<' || descr[0] == '|' || descr[0] == '='))
    descr = descr.drop_front();
  else if (descr.size() == 3)
    return bad("big-endian data ('" + descr + "') is not supported");
  if (!npyElementSize(descr))
    return bad("unsupported dtype '" + descr + "'");
  array.dtype = descr.str();
  if (headerValue(header, "fortran_order") != "False")
    return bad("Fortran-ordered arrays are not supported");
  SmallVector<StringRef> dims;
  headerValue(header, "shape").split(dims, ',', -1, /*KeepEmpty=*/false);
  for (StringRef d : dims) {
    int64_t v;
    if (d.trim().getAsInteger(10, v) || v < 0)
      return bad("bad shape entry '" + d.trim() + "'");
    array.shape.push_back(v);
  }
  size_t expected = array.numElements() * npyElementSize(array.dtype);
  StringRef payload = bytes.drop_front(offset + headerLen);
  if (payload.size() != expected)
    return bad("expected " + Twine(expected) + " bytes of data for shape " +
               formatShape(array.shape) + " of " + array.dtype + ", found " +
               Twine(payload.size()));
  array.data.assign(payload.begin(), payload.end());
  return array;
}

Error writeNpy(StringRef path, const NpyArray &array) {
  std::string dict = "{'descr': '";
  dict += (array.dtype[0] == 'b' || array.dtype == "u1" || array.dtype == "i1")
              ? "|"
              : "<";
  dict += array.dtype + "', 'fortran_order': False, 'shape': (";
  for (size_t i = 0; i < array.shape.size(); ++i)
    dict += (i ? ", " : "") + std::to_string(array.shape[i]);
  if (array.shape.size() == 1)
    dict += ",";
  dict += "), }";
  // Pad so that the data starts on a 64-byte boundary (10-byte preamble).
  size_t total = 10 + dict.size() + 1;
  dict.append((64 - total % 64) % 64, ' ');
  dict += '\n';
  std::error_code ec;
  raw_fd_ostream os(path, ec);
  if (ec)
    return createStringError(ec, "cannot write '%s': %s", path.str().c_str(),
                             ec.message().c_str());
  os << "\x93NUMPY" << '\x01' << '\x00';
  os << static_cast<char>(dict.size() & 0xff)
     << static_cast<char>((dict.size() >> 8) & 0xff);
  os << dict;
  os.write(array.data.data(), array.data.size());
  return Error::success();
}

} // namespace mcg
