//===- RandomInputs.cpp - mcg-run's generated inputs ----------------------===//

#include "mcg/Tools/RandomInputs.h"

#include "llvm/ADT/APFloat.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>

using namespace llvm;

namespace mcg {

static Error error(const Twine &message) {
  return createStringError(inconvertibleErrorCode(), message);
}

/// A number as a user would type it back ("0.5", "1e-06", "-3").
static std::string number(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%g", v);
  return buffer;
}

Expected<uint64_t> parseSeed(StringRef text) {
  uint64_t seed = 0;
  if (!text.empty() && text.getAsInteger(10, seed))
    return error("--random-inputs expects a seed, a non-negative integer "
                 "below 2^64, got '" +
                 text + "'");
  return seed;
}

Expected<Distribution> parseDistribution(StringRef text) {
  auto [kind, params] = text.split(':');
  auto [first, second] = params.split(',');
  Distribution dist;
  if (kind == "uniform")
    dist.kind = Distribution::Kind::Uniform;
  else if (kind == "normal")
    dist.kind = Distribution::Kind::Normal;
  else
    return error("unknown distribution '" + text +
                 "': expected uniform:LO,HI or normal:MEAN,STDDEV");
  if (first.trim().getAsDouble(dist.a) || second.trim().getAsDouble(dist.b) ||
      !std::isfinite(dist.a) || !std::isfinite(dist.b))
    return error("distribution '" + text + "' needs two finite numbers: " +
                 (dist.kind == Distribution::Kind::Uniform
                      ? "uniform:LO,HI"
                      : "normal:MEAN,STDDEV"));
  if (dist.kind == Distribution::Kind::Uniform &&
      !(dist.a < dist.b && std::isfinite(dist.b - dist.a)))
    return error("distribution '" + text +
                 "': LO must be below HI (and HI - LO finite)");
  if (dist.kind == Distribution::Kind::Normal && !(dist.b > 0))
    return error("distribution '" + text + "': STDDEV must be positive");
  return dist;
}

static bool isFloat(const TensorSpec &spec) {
  return spec.dtype.front() == 'f';
}
static bool isBool(const TensorSpec &spec) { return spec.dtype == "b1"; }

Distribution defaultDistribution(const TensorSpec &spec) {
  Distribution dist;
  if (!isFloat(spec) && !isBool(spec))
    dist.b = 2;
  return dist;
}

Error checkDistribution(const TensorSpec &spec, const Distribution &dist) {
  if (isFloat(spec))
    return Error::success();
  std::string what;
  raw_string_ostream(what) << "input '" << spec.name << "' ("
                           << formatShape(spec.shape) << " " << spec.elementType
                           << ")";
  if (isBool(spec))
    return error(what +
                 " is boolean: it takes false or true with equal odds, no "
                 "other distribution");
  if (dist.kind == Distribution::Kind::Normal)
    return error(what + " holds integers: only uniform:LO,HI applies");
  // Bounds as doubles are exact up to 2^53, which also bounds 64-bit ones.
  unsigned bits = spec.elementType.getIntOrFloatBitWidth();
  int exponent = std::min<int>(bits - 1, 53);
  double min = -std::ldexp(1.0, exponent), max = std::ldexp(1.0, exponent);
  if (dist.a != std::floor(dist.a) || dist.b != std::floor(dist.b) ||
      dist.a < min || dist.b > max)
    return error(what + " holds " + Twine(bits) +
                 "-bit integers: uniform bounds must be integers in [" +
                 number(min) + ", " + number(max) + "], got [" +
                 number(dist.a) + ", " + number(dist.b) + ")");
  return Error::success();
}

std::string describeDistribution(const TensorSpec &spec,
                                 const Distribution &dist) {
  if (isBool(spec))
    return "false or true with equal odds";
  if (dist.kind == Distribution::Kind::Normal)
    return "normal, mean " + number(dist.a) + ", stddev " + number(dist.b);
  return std::string(isFloat(spec) ? "uniform" : "integers uniform") + " in [" +
         number(dist.a) + ", " + number(dist.b) + ")";
}

namespace {
/// SplitMix64 (Steele, Lea and Flood, 2014): a 64-bit state advanced by a
/// constant and hashed on output. Small, fast, and exactly specified, so the
/// values do not depend on the standard library as std::uniform_*
/// distributions do.
class SplitMix64 {
public:
  explicit SplitMix64(uint64_t seed) : state(seed) {}

  uint64_t next() {
    uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }

  /// A double in [0, 1) from the top 53 bits.
  double unit() { return static_cast<double>(next() >> 11) * 0x1p-53; }

private:
  uint64_t state;
};
} // namespace

/// The generator of one input: the seed mixed with a hash of its name
/// (FNV-1a), so each input draws its own sequence.
static SplitMix64 generatorFor(StringRef name, uint64_t seed) {
  uint64_t hash = 0xcbf29ce484222325ULL;
  for (unsigned char c : name)
    hash = (hash ^ c) * 0x100000001b3ULL;
  SplitMix64 mixer(seed ^ hash);
  return SplitMix64(mixer.next());
}

/// One floating-point value of `dist`, in double.
static double drawReal(SplitMix64 &rng, const Distribution &dist) {
  if (dist.kind == Distribution::Kind::Uniform)
    return dist.a + rng.unit() * (dist.b - dist.a);
  // Box-Muller: 1 - unit() is in (0, 1], so the logarithm is finite.
  double u1 = 1.0 - rng.unit(), u2 = rng.unit();
  return dist.a +
         dist.b * std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * u2);
}

/// Rounding to a narrower type can reach a uniform interval's open upper
/// end; such a value becomes the largest one below it.
template <typename T> static T belowUpper(T v, const Distribution &dist) {
  if (dist.kind == Distribution::Kind::Uniform && v >= static_cast<T>(dist.b))
    return std::nextafter(static_cast<T>(dist.b), static_cast<T>(dist.a));
  return v;
}

template <typename T> static void store(char *p, T v) {
  std::memcpy(p, &v, sizeof(T));
}

NpyArray generateInput(const TensorSpec &spec, const Distribution &dist,
                       uint64_t seed) {
  NpyArray array{spec.dtype, spec.shape, std::vector<char>(spec.bytes())};
  SplitMix64 rng = generatorFor(spec.name, seed);
  int64_t size = npyElementSize(spec.dtype);
  // Integer bounds were checked to be integers within +-2^53.
  bool integral = !isFloat(spec) && !isBool(spec);
  int64_t low = integral ? static_cast<int64_t>(dist.a) : 0;
  uint64_t span =
      integral ? static_cast<uint64_t>(static_cast<int64_t>(dist.b) - low) : 0;
  for (int64_t i = 0, e = spec.numElements(); i < e; ++i) {
    char *p = array.data.data() + i * size;
    if (spec.dtype == "f4") {
      store(p, belowUpper(static_cast<float>(drawReal(rng, dist)), dist));
    } else if (spec.dtype == "f8") {
      store(p, belowUpper(drawReal(rng, dist), dist));
    } else if (spec.dtype == "f2") {
      // The value rounded to half precision, and kept below the upper end
      // in that precision.
      APFloat half(static_cast<float>(drawReal(rng, dist)));
      bool lost;
      half.convert(APFloat::IEEEhalf(), APFloat::rmNearestTiesToEven, &lost);
      if (dist.kind == Distribution::Kind::Uniform &&
          half.convertToFloat() >= dist.b)
        half.next(/*nextDown=*/true);
      store(p, static_cast<uint16_t>(half.bitcastToAPInt().getZExtValue()));
    } else if (spec.dtype == "b1") {
      store(p, static_cast<uint8_t>(rng.next() >> 63));
    } else {
      // Integers in [a, b): the modulo's bias is below span / 2^64.
      int64_t v = low + static_cast<int64_t>(rng.next() % span);
      if (spec.dtype == "i8")
        store(p, v);
      else if (spec.dtype == "i4")
        store(p, static_cast<int32_t>(v));
      else
        store(p, static_cast<int8_t>(v));
    }
  }
  return array;
}

} // namespace mcg
