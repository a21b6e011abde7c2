//===- KnownTensor.cpp - tensors the ONNX importer knows ------------------===//
//
// Known tensors: element kinds, and decoding ONNX tensor protos into them.
//
//===----------------------------------------------------------------------===//

#include "KnownTensor.h"

#include <cstring>

using namespace llvm;

namespace mcg {
namespace onnx_import {

static int64_t numElements(ArrayRef<int64_t> shape) {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

KnownTensor KnownTensor::make(KnownKind kind, ArrayRef<int64_t> shape) {
  KnownTensor t;
  t.kind = kind;
  t.shape.assign(shape.begin(), shape.end());
  if (t.isFloat())
    t.floats.resize(numElements(shape));
  else
    t.ints.resize(numElements(shape));
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

std::optional<KnownTensor> decodeInline(const onnx::TensorProto &t) {
  if (t.data_location() == onnx::TensorProto::EXTERNAL)
    return std::nullopt;
  if (t.has_raw_data())
    return decodeKnown(t, t.raw_data());
  std::optional<KnownKind> kind = knownKind(t.data_type());
  if (!kind)
    return std::nullopt;
  SmallVector<int64_t> shape(t.dims().begin(), t.dims().end());
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
