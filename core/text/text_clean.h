// Prompt text clean-up as transformers' CLIPTokenizer does it (ftfy.fix_text, whitespace
// clean-up, lower-casing), plus the Unicode character classes of CLIP's pre-tokeniser.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace hl::text {

std::u32string utf8ToU32(const std::string& s);  // invalid bytes become U+FFFD
std::string u32ToUtf8(const std::u32string& s);

bool isLetter(char32_t c);  // Unicode category L*
bool isNumber(char32_t c);  // Unicode category N*
bool isSpace(char32_t c);   // Python str.isspace()
std::u32string toLower(const std::u32string& s);  // Python str.lower()

// The parts of ftfy.fix_text (v6, default config) that change prompts: HTML entities (only
// when the text has no '<'), mojibake (UTF-8 read as Windows-1252/Latin-1), curly quotes,
// Latin ligatures, full-width ASCII, line breaks, control characters, then NFC.
std::u32string fixText(const std::u32string& s);

// Unicode normalisation form C (Python's unicodedata.normalize("NFC", s)).
std::u32string toNfc(const std::u32string& s);

// Runs of whitespace become one space, then the ends are stripped.
std::u32string collapseWhitespace(const std::u32string& s);

// fixText, collapseWhitespace, toLower: the text CLIP's BPE sees.
std::string cleanForClip(const std::string& utf8);

}  // namespace hl::text
