//===- KnownTensor.h - tensors the ONNX importer knows ----------*- C++ -*-===//
//
// A tensor whose value the importer knows (an initializer, a Constant, a
// Shape of a static tensor, or the result of a node whose inputs are all
// known) and the evaluator of ONNX nodes on such tensors. Real exports
// compute shapes, slice bounds and masks in small integer subgraphs; the
// importer evaluates them so the runtime graph sees constants. Private to
// lib/Target/ONNX.
//
//===----------------------------------------------------------------------===//

#ifndef MCG_LIB_TARGET_ONNX_KNOWNTENSOR_H
#define MCG_LIB_TARGET_ONNX_KNOWNTENSOR_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

#include "onnx/onnx_pb.h"

#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mcg {
namespace onnx_import {

/// Element types a known tensor can have.
enum class KnownKind { F32, F64, I64, I32, Bool };

/// A known tensor, row-major. Integer and boolean elements live in `ints`
/// (exact for all of int64, which shape code uses: INT64_MAX as "to the
/// end"); float elements in `floats`, f32 ones already rounded to f32.
struct KnownTensor {
  KnownKind kind = KnownKind::I64;
  llvm::SmallVector<int64_t> shape;
  std::vector<int64_t> ints;
  std::vector<double> floats;

  bool isFloat() const {
    return kind == KnownKind::F32 || kind == KnownKind::F64;
  }
  int64_t size() const {
    return isFloat() ? static_cast<int64_t>(floats.size())
                     : static_cast<int64_t>(ints.size());
  }
  double asDouble(int64_t i) const {
    return isFloat() ? floats[i] : static_cast<double>(ints[i]);
  }
  /// Element `i` as an integer; a float is truncated, saturating at the
  /// int64 range (NaN is 0) instead of being undefined.
  int64_t asInt(int64_t i) const {
    if (!isFloat())
      return ints[i];
    double v = floats[i];
    if (std::isnan(v))
      return 0;
    if (v >= 9223372036854775807.0)
      return INT64_MAX;
    if (v <= -9223372036854775808.0)
      return INT64_MIN;
    return static_cast<int64_t>(v);
  }
  /// An empty tensor of `kind` and `shape` with storage for its elements.
  static KnownTensor make(KnownKind kind, llvm::ArrayRef<int64_t> shape);
};

/// The known kind of an ONNX element type, if it has one.
std::optional<KnownKind> knownKind(int32_t onnxType);

/// The ONNX element type of a kind.
int32_t onnxType(KnownKind kind);

/// Decodes `bytes` (raw little-endian data of `t`'s type) into a known
/// tensor; nullopt for element types without a known kind.
std::optional<KnownTensor> decodeKnown(const onnx::TensorProto &t,
                                       llvm::StringRef bytes);

/// Encodes `t` as a tensor proto named `name` (raw little-endian data).
onnx::TensorProto encodeKnown(const std::string &name, const KnownTensor &t);

/// Decodes a tensor whose data is in the proto itself (a Constant's or an
/// attribute's value); nullopt for external data or other element types.
std::optional<KnownTensor> decodeInline(const onnx::TensorProto &t);

/// The largest tensor (in elements) the importer evaluates or decodes:
/// shape arithmetic is tiny; weights are left to --fold-constants.
constexpr int64_t kMaxKnownElements = 1 << 20;

/// What evaluateNode did.
enum class EvalStatus {
  /// The outputs are computed.
  Evaluated,
  /// The evaluator does not handle this node (op type, attribute, size):
  /// the importer builds runtime ops for it instead.
  NotEvaluated,
  /// The node is invalid on these inputs; `message` says why.
  Invalid,
};

/// Evaluates `node` (default domain, at `opset`) on `inputs` (null for an
/// omitted optional input), writing one tensor per output.
EvalStatus evaluateNode(const onnx::NodeProto &node, int64_t opset,
                        llvm::ArrayRef<const KnownTensor *> inputs,
                        llvm::SmallVectorImpl<KnownTensor> &outputs,
                        std::string &message);

} // namespace onnx_import
} // namespace mcg

#endif // MCG_LIB_TARGET_ONNX_KNOWNTENSOR_H
