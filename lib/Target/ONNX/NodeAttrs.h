//===- NodeAttrs.h - the attributes of one ONNX node ------------*- C++ -*-===//
//
// Shared by the node importers and the import-time evaluator: both take
// the attributes they understand, and whatever is left over is rejected
// (importers) or left to the importers (evaluator). Private to
// lib/Target/ONNX.
//
//===----------------------------------------------------------------------===//

#ifndef MCG_LIB_TARGET_ONNX_NODEATTRS_H
#define MCG_LIB_TARGET_ONNX_NODEATTRS_H

#include "llvm/ADT/SmallVector.h"

#include "onnx/onnx_pb.h"

#include <map>
#include <optional>
#include <string>

namespace mcg {
namespace onnx_import {

/// The attributes of one node; handlers take what they understand and the
/// importer rejects whatever is left.
class NodeAttrs {
public:
  explicit NodeAttrs(const onnx::NodeProto &node) {
    for (const onnx::AttributeProto &a : node.attribute())
      attrs[a.name()] = &a;
  }
  const onnx::AttributeProto *take(const std::string &name) {
    auto it = attrs.find(name);
    if (it == attrs.end())
      return nullptr;
    const onnx::AttributeProto *a = it->second;
    attrs.erase(it);
    return a;
  }
  int64_t i(const std::string &name, int64_t dflt) {
    const onnx::AttributeProto *a = take(name);
    return a ? a->i() : dflt;
  }
  float f(const std::string &name, float dflt) {
    const onnx::AttributeProto *a = take(name);
    return a ? a->f() : dflt;
  }
  std::string s(const std::string &name, const std::string &dflt) {
    const onnx::AttributeProto *a = take(name);
    return a ? a->s() : dflt;
  }
  std::optional<llvm::SmallVector<int64_t>> ints(const std::string &name) {
    const onnx::AttributeProto *a = take(name);
    if (!a)
      return std::nullopt;
    return llvm::SmallVector<int64_t>(a->ints().begin(), a->ints().end());
  }
  /// Transpose's `perm`: the attribute, or the dimensions of a `rank`-D
  /// tensor reversed (ONNX's default).
  llvm::SmallVector<int64_t> permutation(int64_t rank) {
    if (auto perm = ints("perm"))
      return *perm;
    llvm::SmallVector<int64_t> reversed;
    for (int64_t d = rank - 1; d >= 0; --d)
      reversed.push_back(d);
    return reversed;
  }
  /// The first attribute nobody took, if any.
  const onnx::AttributeProto *leftover() const {
    return attrs.empty() ? nullptr : attrs.begin()->second;
  }

private:
  std::map<std::string, const onnx::AttributeProto *> attrs;
};

} // namespace onnx_import
} // namespace mcg

#endif // MCG_LIB_TARGET_ONNX_NODEATTRS_H
