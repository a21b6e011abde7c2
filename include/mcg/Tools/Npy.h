//===- Npy.h - reading and writing .npy files -------------------*- C++ -*-===//
//
// The subset of NumPy's .npy format (versions 1-3) that mcg-run needs:
// C-ordered arrays of f32, f64, f16, i64, i32, i8, u8 and bool.
//
//===----------------------------------------------------------------------===//

#ifndef MCG_TOOLS_NPY_H
#define MCG_TOOLS_NPY_H

#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace mcg {

struct NpyArray {
  /// NumPy's type string without the byte-order mark: "f4", "i8", "b1", ...
  std::string dtype;
  llvm::SmallVector<int64_t> shape;
  std::vector<char> data;

  int64_t numElements() const;
  /// Element `i` widened to double.
  double at(int64_t i) const;
};

/// Bytes per element of a dtype ("f4" -> 4), 0 if unsupported.
int64_t npyElementSize(llvm::StringRef dtype);

llvm::Expected<NpyArray> readNpy(llvm::StringRef path);
llvm::Error writeNpy(llvm::StringRef path, const NpyArray &array);

/// "1x3x64x64" for diagnostics.
std::string formatShape(llvm::ArrayRef<int64_t> shape);

} // namespace mcg

#endif // MCG_TOOLS_NPY_H
