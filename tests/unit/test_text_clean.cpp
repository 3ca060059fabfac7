// Text clean-up before CLIP's BPE: NFC composition of decomposed input (as ftfy normalises),
// checked against Python's unicodedata.normalize("NFC", ...) on decompositions, reorderings,
// blocked marks, singletons, exclusions and Hangul.
#include "check.h"
#include "text/text_clean.h"

using namespace hl::text;

namespace {
std::string hex(const std::u32string& s) {
  std::string out;
  for (char32_t c : s) out += (out.empty() ? "" : " ") + hl::test::format("%X", unsigned(c));
  return out;
}
}  // namespace

HL_TEST(nfcMatchesPython) {
  // Input -> unicodedata.normalize("NFC", input) (Python 3.11, Unicode 14).
  const std::pair<std::u32string, std::u32string> cases[] = {
      {U"cafe\u0301", U"caf\u00E9"},
      {U"A\u030A", U"\u00C5"},
      {U"\u1100\u1161\u11A8", U"\uAC01"},
      {U"e\u0323\u0302", U"\u1EC7"},
      {U"e\u0302\u0323", U"\u1EC7"},  // marks reordered by combining class first
      {U"o\u0308\u0304", U"\u022B"},
      {U"\u212B", U"\u00C5"},               // singleton decomposition
      {U"\u0344", U"\u0308\u0301"},         // a non-starter decomposition that never recomposes
      {U"a\u0301\u0301", U"\u00E1\u0301"},  // the second acute is blocked
      {U"A\u0328\u0301", U"\u0104\u0301"},
      {U"\u1E9B\u0323", U"\u1E9B\u0323"},
      {U"q\u0307\u0323", U"q\u0323\u0307"},
      {U"\u00C5\u0301", U"\u01FA"},
      {U"\u0958", U"\u0915\u093C"},  // composition exclusion
      {U"ni\u0303o", U"n\u0129o"},
      {U"\u0300a", U"\u0300a"},      // a leading mark stays
      {U"\uAC00\u11A8", U"\uAC01"},  // LV + T
      {U"\u05D0\u05B7\u05BC", U"\u05D0\u05B7\u05BC"},
  };
  for (const auto& [in, want] : cases) {
    hl::test::Scope scope(hex(in));
    HL_CHECK_EQ(hex(toNfc(in)), hex(want));
  }
}

HL_TEST(decomposedPromptsCleanLikeComposedOnes) {
  HL_CHECK_EQ(cleanForClip("Cafe\xCC\x81 au lait, nin\xCC\x83o"),
              cleanForClip("Caf\xC3\xA9 au lait, ni\xC3\xB1o"));
  HL_CHECK_EQ(cleanForClip("Cafe\xCC\x81"), std::string("caf\xC3\xA9"));
}
