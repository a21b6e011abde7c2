//===- RandomInputs.h - generated inputs (mcg-run, Python) ------*- C++ -*-===//
//
// `mcg-run --random-inputs[=SEED]` feeds every input not given with --input
// with values drawn from a distribution: by default uniform in [0, 1) for
// floating-point inputs, 0 or 1 with equal odds for integer inputs (valid
// indices into any dimension of two or more, and valid masks) and false or
// true for boolean ones; `--random-dist NAME=DIST` chooses another one for
// an input.
//
// The values are reproducible: each input has its own generator (SplitMix64)
// seeded from the seed and the input's name, so an input's values depend on
// the seed, its name, shape, element type and distribution only, not on
// which other inputs are given or generated, nor on the C++ library.
//
//===----------------------------------------------------------------------===//

#ifndef MCG_TOOLS_RANDOMINPUTS_H
#define MCG_TOOLS_RANDOMINPUTS_H

#include "mcg/Tools/Model.h"
#include "mcg/Tools/Npy.h"

#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>

namespace mcg {

/// How the values of one generated input are drawn.
struct Distribution {
  enum class Kind { Uniform, Normal };
  Kind kind = Kind::Uniform;
  /// Uniform: the interval [a, b) (integers: a, a + 1, ..., b - 1).
  /// Normal: mean a, standard deviation b.
  double a = 0, b = 1;
};

/// Parses the seed after `--random-inputs=` (empty: seed 0).
llvm::Expected<uint64_t> parseSeed(llvm::StringRef text);

/// Parses `uniform:LO,HI` or `normal:MEAN,STDDEV`.
llvm::Expected<Distribution> parseDistribution(llvm::StringRef text);

/// The distribution of an input that --random-dist does not name.
Distribution defaultDistribution(const TensorSpec &spec);

/// An error if `dist` cannot be drawn for `spec`'s element type: integers
/// need integral uniform bounds, booleans take only the default.
llvm::Error checkDistribution(const TensorSpec &spec, const Distribution &dist);

/// "uniform in [0, 1)", "integers uniform in [0, 2)", "normal, mean 0,
/// stddev 1", "false or true with equal odds".
std::string describeDistribution(const TensorSpec &spec,
                                 const Distribution &dist);

/// Draws an array of `spec`'s shape and element type.
NpyArray generateInput(const TensorSpec &spec, const Distribution &dist,
                       uint64_t seed);

} // namespace mcg

#endif // MCG_TOOLS_RANDOMINPUTS_H
