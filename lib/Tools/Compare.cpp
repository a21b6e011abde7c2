//===- Compare.cpp - outputs against references within a tolerance -------===//

#include "mcg/Tools/Compare.h"

#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdio>

namespace mcg {

void Comparison::merge(const Comparison &other) {
  maxAbs = std::max(maxAbs, other.maxAbs);
  maxRel = std::max(maxRel, other.maxRel);
  outside += other.outside;
  elements += other.elements;
}

Comparison compareArrays(const NpyArray &got, const NpyArray &want,
                         const Tolerance &tolerance) {
  assert(got.numElements() == want.numElements() && "arrays of one size");
  Comparison c;
  c.elements = got.numElements();
  for (int64_t i = 0; i < c.elements; ++i) {
    double g = got.at(i), w = want.at(i);
    if (g == w || (std::isnan(g) && std::isnan(w)))
      continue; // Equal, the same infinity, or NaN where the reference has NaN.
    double err = std::fabs(g - w);
    if (std::isnan(err))
      err = INFINITY; // NaN against a number, or opposite infinities.
    c.maxAbs = std::max(c.maxAbs, err);
    if (w != 0)
      c.maxRel = std::max(c.maxRel, err / std::fabs(w));
    if (!(err <= tolerance.atol + tolerance.rtol * std::fabs(w)))
      ++c.outside;
  }
  return c;
}

std::string describeComparison(const Comparison &comparison,
                               const Tolerance &tolerance) {
  std::string s;
  llvm::raw_string_ostream os(s);
  os << "max abs error " << llvm::format("%.3g", comparison.maxAbs)
     << ", max rel error " << llvm::format("%.3g", comparison.maxRel) << ", ";
  if (comparison.ok())
    os << "ok";
  else
    os << "FAIL (" << comparison.outside << " of " << comparison.elements
       << " elements outside atol " << shortNumber(tolerance.atol) << " + rtol "
       << shortNumber(tolerance.rtol) << ")";
  return s;
}

std::string shortNumber(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%g", value);
  return buffer;
}

} // namespace mcg
