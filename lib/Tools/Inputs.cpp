//===- Inputs.cpp - NAME=FILE flags and input files of the tools ----------===//

#include "mcg/Tools/Inputs.h"

using namespace llvm;

namespace mcg {

static Error error(const Twine &message) {
  return createStringError(inconvertibleErrorCode(), message);
}

Expected<StringMap<std::string>>
parseNamePairs(ArrayRef<std::string> items, StringRef flag, StringRef value) {
  StringMap<std::string> map;
  for (const std::string &item : items) {
    auto [name, rhs] = StringRef(item).split('=');
    if (name.empty() || rhs.empty())
      return error("--" + flag + " expects NAME=" + value + ", got '" + item +
                   "'");
    if (!map.try_emplace(name, rhs.str()).second)
      return error("--" + flag + " names '" + name + "' twice");
  }
  return map;
}

std::string joinNames(const std::vector<TensorSpec> &specs) {
  std::string s;
  for (const TensorSpec &t : specs)
    s += (s.empty() ? "" : ", ") + t.name;
  return s;
}

Expected<NpyArray> readInputArray(const TensorSpec &spec, StringRef path) {
  Expected<NpyArray> array = readNpy(path);
  if (!array)
    return array.takeError();
  if (array->dtype != spec.dtype || array->shape != spec.shape)
    return error("input '" + spec.name + "' from '" + path + "' is " +
                 formatShape(array->shape) + " " + array->dtype +
                 ", but the graph expects " + formatShape(spec.shape) + " " +
                 spec.dtype);
  return array;
}

} // namespace mcg
