//===- Compare.h - outputs against references within a tolerance -*- C++
//-*-===//
//
// What mcg-run --check and mcg-check share: numpy.allclose semantics
// (an element matches when |got - want| <= atol + rtol * |want|; NaN
// matches NaN only, an infinity only itself), the largest errors, and the
// one line that reports them.
//
//===----------------------------------------------------------------------===//

#ifndef MCG_TOOLS_COMPARE_H
#define MCG_TOOLS_COMPARE_H

#include "mcg/Tools/Npy.h"

#include <cstdint>
#include <string>

namespace mcg {

struct Tolerance {
  double rtol = 1e-5;
  double atol = 1e-6;
};

/// How far an array is from its reference.
struct Comparison {
  double maxAbs = 0, maxRel = 0;
  /// Elements outside the tolerance, and all elements compared.
  int64_t outside = 0, elements = 0;

  bool ok() const { return outside == 0; }
  /// Accumulates another comparison (of another sample of the same output).
  void merge(const Comparison &other);
};

/// Compares `got` with `want` element by element (same number of elements;
/// both widened to double).
Comparison compareArrays(const NpyArray &got, const NpyArray &want,
                         const Tolerance &tolerance);

/// "max abs error 8.94e-08, max rel error 1.9e-06, ok", or with "FAIL (3 of
/// 4 elements outside atol 1e-06 + rtol 1e-05)" at the end.
std::string describeComparison(const Comparison &comparison,
                               const Tolerance &tolerance);

/// A number as a user would type it (1e-05, 0.5).
std::string shortNumber(double value);

} // namespace mcg

#endif // MCG_TOOLS_COMPARE_H
