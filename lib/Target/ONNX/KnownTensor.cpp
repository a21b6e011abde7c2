//===- KnownTensor.cpp - tensors the ONNX importer knows ------------------===//
//
// Known tensors: element kinds, and decoding ONNX tensor protos into them.
//
//===----------------------------------------------------------------------===//

#include "KnownTensor.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/ErrorHandling.h"

#include <cstring>
#include <limits>

using namespace llvm;

namespace mcg {
namespace onnx_import {

/// The element count of `shape` if it is at most `limit`; nullopt when a
/// dimension is negative or the count is above the limit.
static std::optional<int64_t> countUpTo(ArrayRef<int64_t> shape,
                                        int64_t limit) {
  if (llvm::any_of(shape, [](int64_t d) { return d < 0; }))
    return std::nullopt;
  if (llvm::is_contained(shape, 0))
    return 0;
  int64_t n = 1;
  for (int64_t d : shape) {
    if (n > limit / d)
      return std::nullopt;
    n *= d;
  }
  return n;
}

KnownTensor KnownTensor::make(KnownKind kind, ArrayRef<int64_t> shape) {
  KnownTensor t;
  t.kind = kind;
  t.shape.assign(shape.begin(), shape.end());
  // Callers bound the shapes they compute from data (kMaxKnownElements);
  // a shape past int64 here is a bug in the evaluator, not a bad model.
  std::optional<int64_t> count =
      countUpTo(shape, std::numeric_limits<int64_t>::max());
  if (!count)
    llvm::report_fatal_error("known tensor with an invalid shape");
  if (t.isFloat())
    t.floats.resize(*count);
  else
    t.ints.resize(*count);
  return t;
}

std::optional<KnownKind> knownKind(int32_t type) {
  switch (type) {
  case onnx::TensorProto::FLOAT:
    return KnownKind::F32;
  case onnx::TensorProto::DOUBLE:
    return KnownKind::F64;
  case onnx::TensorProto::INT64:
    return KnownKind::I64;
  case onnx::TensorProto::INT32:
    return KnownKind::I32;
  case onnx::TensorProto::BOOL:
    return KnownKind::Bool;
  default:
    return std::nullopt;
  }
}

int32_t onnxType(KnownKind kind) {
  switch (kind) {
  case KnownKind::F32:
    return onnx::TensorProto::FLOAT;
  case KnownKind::F64:
    return onnx::TensorProto::DOUBLE;
  case KnownKind::I64:
    return onnx::TensorProto::INT64;
  case KnownKind::I32:
    return onnx::TensorProto::INT32;
  case KnownKind::Bool:
    return onnx::TensorProto::BOOL;
  }
  return onnx::TensorProto::UNDEFINED;
}

template <typename T> static void decodeAs(StringRef bytes, KnownTensor &t) {
  size_t count = bytes.size() / sizeof(T);
  for (size_t i = 0; i < count; ++i) {
    T x;
    std::memcpy(&x, bytes.data() + i * sizeof(T), sizeof(T));
    if (t.isFloat())
      t.floats[i] = static_cast<double>(x);
    else
      t.ints[i] = static_cast<int64_t>(x);
  }
}

std::optional<KnownTensor> decodeKnown(const onnx::TensorProto &proto,
                                       StringRef bytes) {
  std::optional<KnownKind> kind = knownKind(proto.data_type());
  if (!kind)
    return std::nullopt;
  SmallVector<int64_t> shape(proto.dims().begin(), proto.dims().end());
  if (!countUpTo(shape, kMaxKnownElements))
    return std::nullopt;
  KnownTensor t = KnownTensor::make(*kind, shape);
  size_t eltBytes = *kind == KnownKind::F64 || *kind == KnownKind::I64 ? 8
                    : *kind == KnownKind::Bool                         ? 1
                                                                       : 4;
  if (bytes.size() != static_cast<size_t>(t.size()) * eltBytes)
    return std::nullopt;
  switch (*kind) {
  case KnownKind::F32:
    decodeAs<float>(bytes, t);
    break;
  case KnownKind::F64:
    decodeAs<double>(bytes, t);
    break;
  case KnownKind::I64:
    decodeAs<int64_t>(bytes, t);
    break;
  case KnownKind::I32:
    decodeAs<int32_t>(bytes, t);
    break;
  case KnownKind::Bool:
    decodeAs<uint8_t>(bytes, t);
    for (int64_t &v : t.ints)
      v = v != 0;
    break;
  }
  return t;
}

template <typename T, typename Values>
static std::string rawBytes(const Values &values) {
  std::string bytes;
  for (auto v : values) {
    T x = static_cast<T>(v);
    bytes.append(reinterpret_cast<const char *>(&x), sizeof(T));
  }
  return bytes;
}

onnx::TensorProto encodeKnown(const std::string &name, const KnownTensor &t) {
  onnx::TensorProto proto;
  proto.set_name(name);
  proto.set_data_type(onnxType(t.kind));
  for (int64_t d : t.shape)
    proto.add_dims(d);
  switch (t.kind) {
  case KnownKind::F32:
    proto.set_raw_data(rawBytes<float>(t.floats));
    break;
  case KnownKind::F64:
    proto.set_raw_data(rawBytes<double>(t.floats));
    break;
  case KnownKind::I64:
    proto.set_raw_data(rawBytes<int64_t>(t.ints));
    break;
  case KnownKind::I32:
    proto.set_raw_data(rawBytes<int32_t>(t.ints));
    break;
  case KnownKind::Bool:
    proto.set_raw_data(rawBytes<uint8_t>(t.ints));
    break;
  }
  return proto;
}

std::optional<KnownTensor> decodeInline(const onnx::TensorProto &t) {
  if (t.data_location() == onnx::TensorProto::EXTERNAL)
    return std::nullopt;
  if (t.has_raw_data())
    return decodeKnown(t, t.raw_data());
  std::optional<KnownKind> kind = knownKind(t.data_type());
  if (!kind)
    return std::nullopt;
  SmallVector<int64_t> shape(t.dims().begin(), t.dims().end());
  if (!countUpTo(shape, kMaxKnownElements))
    return std::nullopt;
  KnownTensor k = KnownTensor::make(*kind, shape);
  auto fill = [&](const auto &field) -> bool {
    if (field.size() != k.size())
      return false;
    for (int64_t i = 0; i < k.size(); ++i) {
      if (k.isFloat())
        k.floats[i] = static_cast<double>(field.Get(i));
      else
        k.ints[i] = static_cast<int64_t>(field.Get(i));
    }
    return true;
  };
  bool ok;
  switch (*kind) {
  case KnownKind::F32:
    ok = fill(t.float_data());
    break;
  case KnownKind::F64:
    ok = fill(t.double_data());
    break;
  case KnownKind::I64:
    ok = fill(t.int64_data());
    break;
  default: // int32 and bool live in int32_data.
    ok = fill(t.int32_data());
    break;
  }
  if (!ok)
    return std::nullopt;
  return k;
}

} // namespace onnx_import
} // namespace mcg
