#include "text/text_clean.h"

#include "util/utf8.h"

#include <algorithm>
#include <cstring>

namespace hl::text {
namespace {

struct CodeRange {
  char32_t lo, hi;
};
struct LowerMapping {
  char32_t cp;
  char32_t to[3];
};
struct HtmlEntity {
  const char* name;
  const char* utf8;
};
#include "text/html_entities.inc"
#include "text/unicode_tables.inc"

template <size_t N>
bool inRanges(const CodeRange (&r)[N], char32_t c) {
  const CodeRange* it = std::upper_bound(std::begin(r), std::end(r), c,
                                         [](char32_t v, const CodeRange& x) { return v < x.lo; });
  return it != std::begin(r) && c <= (it - 1)->hi;
}

// Windows-1252's 0x80..0x9F, as Python's codecs map them (undefined bytes keep their C1 value,
// which is how ftfy's "sloppy" codec treats them).
const char32_t kCp1252High[32] = {
    0x20AC, 0x81,   0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x8D,   0x017D, 0x8F,   0x90,   0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D,   0x017E, 0x0178};

// The byte a character stands for when UTF-8 was wrongly decoded as Windows-1252/Latin-1.
int sloppyByte(char32_t c) {
  if (c < 0x80) return int(c);
  if (c >= 0xA0 && c <= 0xFF) return int(c);
  for (int i = 0; i < 32; ++i)
    if (kCp1252High[i] == c) return 0x80 + i;
  return -1;
}

// Replaces runs that are valid multi-byte UTF-8 once mapped back to bytes ("cafÃ©" -> "café").
std::u32string fixMojibake(const std::u32string& s) {
  std::u32string out;
  size_t i = 0;
  while (i < s.size()) {
    const int b0 = sloppyByte(s[i]);
    int len = b0 >= 0xC2 && b0 <= 0xDF ? 2 : b0 >= 0xE0 && b0 <= 0xEF ? 3 : b0 >= 0xF0 && b0 <= 0xF4 ? 4 : 0;
    if (len && i + size_t(len) <= s.size()) {
      std::string bytes(1, char(b0));
      bool ok = true;
      for (int k = 1; k < len && ok; ++k) {
        const int b = sloppyByte(s[i + size_t(k)]);
        ok = b >= 0x80 && b <= 0xBF;
        bytes += char(b);
      }
      if (ok) {
        std::u32string dec = utf8ToU32(bytes);
        if (dec.size() == 1 && dec[0] != 0xFFFD && dec[0] >= 0x80) {
          out += dec;
          i += size_t(len);
          continue;
        }
      }
    }
    out += s[i++];
  }
  return out;
}

const HtmlEntity* findEntity(const std::string& name) {
  const HtmlEntity* it = std::lower_bound(
      std::begin(kHtmlEntities), std::end(kHtmlEntities), name,
      [](const HtmlEntity& e, const std::string& n) { return std::strcmp(e.name, n.c_str()) < 0; });
  return (it != std::end(kHtmlEntities) && name == it->name) ? it : nullptr;
}

bool isAsciiAlnum(char32_t c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// ftfy: "&#?[0-9A-Za-z]{1,24};" entities, named ones through the HTML5 table (also tried in
// lower case), numeric ones as code points.
std::u32string unescapeHtml(const std::u32string& s) {
  std::u32string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '&') {
      out += s[i];
      continue;
    }
    size_t j = i + 1;
    const bool numeric = j < s.size() && s[j] == '#';
    if (numeric) ++j;
    size_t k = j;
    while (k < s.size() && k - j < 24 && isAsciiAlnum(s[k])) ++k;
    if (k == j || k >= s.size() || s[k] != ';') {
      out += s[i];
      continue;
    }
    std::string name;
    for (size_t m = j; m < k; ++m) name += char(s[m]);
    std::u32string rep;
    if (numeric) {
      unsigned long v = 0;
      bool ok = true;
      if (name[0] == 'x' || name[0] == 'X') {
        ok = name.size() > 1 && name.find_first_not_of("0123456789abcdefABCDEF", 1) == std::string::npos;
        if (ok) v = std::stoul(name.substr(1), nullptr, 16);
      } else {
        ok = name.find_first_not_of("0123456789") == std::string::npos && name.size() < 9;
        if (ok) v = std::stoul(name);
      }
      if (ok && v > 0 && v <= 0x10FFFF && !(v >= 0xD800 && v <= 0xDFFF)) rep = char32_t(v);
    } else {
      const HtmlEntity* e = findEntity(name);
      if (!e) {
        std::string lower = name;
        for (char& c : lower) c = char(std::tolower(static_cast<unsigned char>(c)));
        e = findEntity(lower);
      }
      if (e) rep = utf8ToU32(e->utf8);
    }
    if (rep.empty()) {
      out += s[i];
      continue;
    }
    out += rep;
    i = k;
  }
  return out;
}

}  // namespace

std::u32string utf8ToU32(const std::string& s) {
  std::u32string out;
  size_t i = 0;
  while (i < s.size()) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (len == 0 || i + size_t(len) > s.size()) {
      out += char32_t(0xFFFD);
      ++i;
      continue;
    }
    char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
    bool ok = true;
    for (int k = 1; k < len; ++k) {
      const unsigned char cc = static_cast<unsigned char>(s[i + size_t(k)]);
      if ((cc & 0xC0) != 0x80) ok = false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if (!ok || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) ||
        (len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000)) {
      out += char32_t(0xFFFD);
      ++i;
      continue;
    }
    out += cp;
    i += size_t(len);
  }
  return out;
}

std::string u32ToUtf8(const std::u32string& s) {
  std::string out;
  for (char32_t cp : s) appendUtf8(out, cp);
  return out;
}

bool isLetter(char32_t c) { return inRanges(kLetterRanges, c); }
bool isNumber(char32_t c) { return inRanges(kNumberRanges, c); }
bool isSpace(char32_t c) { return inRanges(kSpaceRanges, c); }

std::u32string toLower(const std::u32string& s) {
  std::u32string out;
  out.reserve(s.size());
  for (char32_t c : s) {
    if (c < 0x80) {
      out += (c >= 'A' && c <= 'Z') ? char32_t(c + 32) : c;
      continue;
    }
    const LowerMapping* it = std::lower_bound(
        std::begin(kLowerMappings), std::end(kLowerMappings), c,
        [](const LowerMapping& m, char32_t v) { return m.cp < v; });
    if (it != std::end(kLowerMappings) && it->cp == c) {
      for (char32_t t : it->to)
        if (t) out += t;
    } else {
      out += c;
    }
  }
  return out;
}

std::u32string fixText(const std::u32string& in) {
  std::u32string s = in;
  // HTML entities only when the text does not look like HTML (ftfy's "auto").
  if (s.find(U'<') == std::u32string::npos) s = unescapeHtml(s);
  s = fixMojibake(s);
  std::u32string out;
  for (size_t i = 0; i < s.size(); ++i) {
    char32_t c = s[i];
    switch (c) {
      case 0x2018: case 0x2019: case 0x201A: case 0x201B: out += U'\''; continue;  // uncurl
      case 0x201C: case 0x201D: case 0x201E: case 0x201F: out += U'"'; continue;
      case 0xFB00: out += U"ff"; continue;  // Latin ligatures
      case 0xFB01: out += U"fi"; continue;
      case 0xFB02: out += U"fl"; continue;
      case 0xFB03: out += U"ffi"; continue;
      case 0xFB04: out += U"ffl"; continue;
      case 0xFB05: case 0xFB06: out += U"st"; continue;
      case 0x0132: out += U"IJ"; continue;
      case 0x0133: out += U"ij"; continue;
      case 0x01C7: out += U"LJ"; continue;
      case 0x01C8: out += U"Lj"; continue;
      case 0x01C9: out += U"lj"; continue;
      case 0x01CA: out += U"NJ"; continue;
      case 0x01CB: out += U"Nj"; continue;
      case 0x01CC: out += U"nj"; continue;
      case 0x3000: out += U' '; continue;  // ideographic space: full width -> normal
      case U'\r':  // line breaks
        out += U'\n';
        if (i + 1 < s.size() && s[i + 1] == U'\n') ++i;
        continue;
      case 0x2028: case 0x2029: case 0x0085: out += U'\n'; continue;
      default: break;
    }
    if (c >= 0xFF01 && c <= 0xFF5E) {  // full-width ASCII
      out += char32_t(c - 0xFF01 + 0x21);
      continue;
    }
    // Control characters ftfy removes (keeps \t \n \f and the printable ones).
    if ((c < 0x20 && c != U'\t' && c != U'\n' && c != U'\f') || c == 0x7F ||
        (c >= 0x80 && c <= 0x9F) || (c >= 0x200B && c <= 0x200F && c != 0x200D) ||
        c == 0xFEFF || (c >= 0xFFF9 && c <= 0xFFFC))
      continue;
    out += c;
  }
  return toNfc(out);  // ftfy's default normalisation: decomposed input composes
}

std::u32string collapseWhitespace(const std::u32string& s) {
  std::u32string out;
  bool pendingSpace = false;
  for (char32_t c : s) {
    if (isSpace(c)) {
      pendingSpace = !out.empty();
      continue;
    }
    if (pendingSpace) out += U' ';
    pendingSpace = false;
    out += c;
  }
  return out;
}

std::string cleanForClip(const std::string& utf8) {
  return u32ToUtf8(toLower(collapseWhitespace(fixText(utf8ToU32(utf8)))));
}

}  // namespace hl::text
