// Unicode NFC (canonical decomposition, canonical ordering, canonical composition) from tables
// generated out of Python's unicodedata, the normalisation ftfy applies to every prompt.
#include <algorithm>
#include <iterator>

#include "text/text_clean.h"

namespace hl::text {
namespace {

struct Decomposition {
  char32_t cp, first, second;  // second 0 for a singleton
};
struct CombiningClass {
  char32_t lo, hi;
  int ccc;
};
struct Composition {
  char32_t first, second, cp;
};
#include "text/unicode_nfc.inc"

constexpr char32_t kSBase = 0xAC00, kLBase = 0x1100, kVBase = 0x1161, kTBase = 0x11A7;
constexpr int kLCount = 19, kVCount = 21, kTCount = 28, kNCount = kVCount * kTCount,
              kSCount = kLCount * kNCount;

int combiningClass(char32_t c) {
  const CombiningClass* it =
      std::upper_bound(std::begin(kCombiningClasses), std::end(kCombiningClasses), c,
                       [](char32_t v, const CombiningClass& r) { return v < r.lo; });
  if (it == std::begin(kCombiningClasses)) return 0;
  --it;
  return c <= it->hi ? it->ccc : 0;
}

void decompose(char32_t c, std::u32string& out) {
  if (c >= kSBase && c < kSBase + kSCount) {
    const int s = int(c - kSBase);
    out += char32_t(kLBase + s / kNCount);
    out += char32_t(kVBase + (s % kNCount) / kTCount);
    if (s % kTCount) out += char32_t(kTBase + s % kTCount);
    return;
  }
  const Decomposition* it =
      std::lower_bound(std::begin(kDecompositions), std::end(kDecompositions), c,
                       [](const Decomposition& d, char32_t v) { return d.cp < v; });
  if (it == std::end(kDecompositions) || it->cp != c) {
    out += c;
    return;
  }
  decompose(it->first, out);
  if (it->second) decompose(it->second, out);
}

// The primary composite of a pair, or 0.
char32_t compose(char32_t a, char32_t b) {
  if (a >= kLBase && a < kLBase + kLCount && b >= kVBase && b < kVBase + kVCount)
    return kSBase + char32_t(((a - kLBase) * kVCount + (b - kVBase)) * kTCount);
  if (a >= kSBase && a < kSBase + kSCount && (a - kSBase) % kTCount == 0 && b > kTBase &&
      b < kTBase + kTCount)
    return a + (b - kTBase);
  const Composition* it =
      std::lower_bound(std::begin(kCompositions), std::end(kCompositions), std::make_pair(a, b),
                       [](const Composition& c, const std::pair<char32_t, char32_t>& v) {
                         return c.first < v.first || (c.first == v.first && c.second < v.second);
                       });
  return it != std::end(kCompositions) && it->first == a && it->second == b ? it->cp : 0;
}

}  // namespace

std::u32string toNfc(const std::u32string& s) {
  std::u32string d;
  for (char32_t c : s) decompose(c, d);
  // Canonical ordering: marks between starters sorted by combining class, stably.
  for (size_t i = 0; i < d.size();) {
    if (!combiningClass(d[i])) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < d.size() && combiningClass(d[j])) ++j;
    std::stable_sort(d.begin() + std::ptrdiff_t(i), d.begin() + std::ptrdiff_t(j),
                     [](char32_t a, char32_t b) { return combiningClass(a) < combiningClass(b); });
    i = j;
  }
  // Canonical composition: each mark joins the last starter unless a mark of the same or a
  // higher class stands between them.
  std::u32string out;
  size_t starter = std::u32string::npos;
  int lastClass = -1;
  for (char32_t c : d) {
    const int cc = combiningClass(c);
    if (starter != std::u32string::npos &&
        (lastClass < cc || (lastClass == 0 && cc == 0 && out.size() == starter + 1))) {
      if (char32_t p = compose(out[starter], c)) {
        out[starter] = p;
        continue;
      }
    }
    if (cc == 0) starter = out.size();
    lastClass = cc;
    out += c;
  }
  return out;
}

}  // namespace hl::text
