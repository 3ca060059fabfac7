#include "text/prompt.h"

#include <cctype>
#include <cstdlib>

#include "text/clip_tokenizer.h"
#include "util/error.h"

namespace hl {
namespace {

constexpr double kParen = 1.1;
constexpr size_t kMaxWordTokens = 8;

bool isWordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// Splits plain text on the word BREAK (whole word, upper case), as A1111 does.
void appendWithBreaks(std::vector<PromptFragment>& out, const std::string& text) {
  size_t start = 0, search = 0;
  for (;;) {
    const size_t pos = text.find("BREAK", search);
    if (pos == std::string::npos) break;
    const size_t end = pos + 5;
    if ((pos > 0 && isWordChar(text[pos - 1])) || (end < text.size() && isWordChar(text[end]))) {
      search = pos + 1;
      continue;
    }
    size_t l = pos, r = end;
    while (l > start && std::isspace(static_cast<unsigned char>(text[l - 1]))) --l;
    while (r < text.size() && std::isspace(static_cast<unsigned char>(text[r]))) ++r;
    out.push_back({text.substr(start, l - start), 1.0, false});
    out.push_back({"BREAK", -1.0, true});
    start = search = r;
  }
  out.push_back({text.substr(start), 1.0, false});
}

}  // namespace

std::vector<PromptFragment> parsePromptWeights(const std::string& s) {
  std::vector<PromptFragment> res;
  std::vector<size_t> round, square;
  auto multiply = [&](size_t from, double m) {
    for (size_t i = from; i < res.size(); ++i) res[i].weight *= m;
  };
  size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    if (c == '\\') {
      if (i + 1 < s.size() && std::string("()[]\\").find(s[i + 1]) != std::string::npos) {
        res.push_back({std::string(1, s[i + 1]), 1.0, false});
        i += 2;
      } else {
        ++i;  // a lone backslash contributes nothing, as in A1111
      }
      continue;
    }
    if (c == '(') { round.push_back(res.size()); ++i; continue; }
    if (c == '[') { square.push_back(res.size()); ++i; continue; }
    if (c == ':') {
      // ":<number>)" closes the innermost round bracket with that weight.
      size_t j = i + 1;
      while (j < s.size() && std::isspace(static_cast<unsigned char>(s[j]))) ++j;
      size_t k = j;
      if (k < s.size() && (s[k] == '+' || s[k] == '-')) ++k;
      while (k < s.size() && (std::isdigit(static_cast<unsigned char>(s[k])) || s[k] == '.')) ++k;
      size_t e = k;
      while (e < s.size() && std::isspace(static_cast<unsigned char>(s[e]))) ++e;
      const bool hasNumber = k > j && std::string("+-.").find(s[k - 1]) == std::string::npos;
      if (hasNumber && e < s.size() && s[e] == ')' && !round.empty()) {
        multiply(round.back(), std::strtod(s.substr(j, k - j).c_str(), nullptr));
        round.pop_back();
        i = e + 1;
        continue;
      }
      appendWithBreaks(res, ":");
      ++i;
      continue;
    }
    if (c == ')' && !round.empty()) { multiply(round.back(), kParen); round.pop_back(); ++i; continue; }
    if (c == ']' && !square.empty()) { multiply(square.back(), 1.0 / kParen); square.pop_back(); ++i; continue; }
    // Plain text up to the next special character.
    size_t j = i + (c == ')' || c == ']' ? 1 : 0);
    while (j < s.size() && std::string("\\()[]:").find(s[j]) == std::string::npos) ++j;
    appendWithBreaks(res, s.substr(i, j - i));
    i = j;
  }
  for (size_t pos : round) multiply(pos, kParen);
  for (size_t pos : square) multiply(pos, 1.0 / kParen);
  // Merge neighbours of equal weight; drop empty text.
  std::vector<PromptFragment> merged;
  for (auto& f : res) {
    if (!f.isBreak && f.text.empty()) continue;
    if (!merged.empty() && !f.isBreak && !merged.back().isBreak && merged.back().weight == f.weight)
      merged.back().text += f.text;
    else
      merged.push_back(f);
  }
  if (merged.empty()) merged.push_back({"", 1.0, false});
  return merged;
}

bool isPlainPrompt(const std::string& p) {
  if (p.find_first_of("()[]\\") != std::string::npos) return false;
  auto f = parsePromptWeights(p);
  return f.size() == 1 && !f[0].isBreak && f[0].weight == 1.0;
}

std::string stripPromptWeights(const std::string& p) {
  std::string out;
  for (const auto& f : parsePromptWeights(p)) out += f.isBreak ? " BREAK " : f.text;
  return out;
}

const char* promptSyntaxName(PromptSyntax s) {
  return s == PromptSyntax::Literal ? "literal" : "a1111";
}

PromptSyntax parsePromptSyntax(const std::string& s) {
  if (s == "a1111") return PromptSyntax::A1111;
  if (s == "literal") return PromptSyntax::Literal;
  throw Error("unknown prompt syntax \"" + s + "\" (expected a1111 or literal)");
}

std::vector<TokenChunk> tokenizePrompt(const ClipTokenizer& tok, const std::string& prompt,
                                       int maxLength, PromptSyntax syntax) {
  if (syntax == PromptSyntax::Literal) {
    TokenChunk t;
    t.ids = tok.encodePadded(prompt, maxLength);
    t.weights.assign(t.ids.size(), 1.0f);
    return {t};
  }
  const size_t content = size_t(maxLength - 2);
  std::vector<std::vector<std::pair<int64_t, float>>> chunks(1);
  auto newChunk = [&] { chunks.emplace_back(); };
  auto pushWord = [&](const std::vector<int64_t>& ids, float w) {
    if (chunks.back().size() + ids.size() > content && ids.size() <= kMaxWordTokens &&
        !chunks.back().empty())
      newChunk();  // keep short words whole
    for (int64_t id : ids) {
      if (chunks.back().size() >= content) newChunk();
      chunks.back().push_back({id, w});
    }
  };
  if (isPlainPrompt(prompt)) {
    for (const auto& word : tok.encodeWords(prompt)) pushWord(word, 1.0f);
  } else {
    for (const auto& f : parsePromptWeights(prompt)) {
      if (f.isBreak) {
        if (!chunks.back().empty()) newChunk();
        continue;
      }
      for (const auto& word : tok.encodeWords(f.text)) pushWord(word, float(f.weight));
    }
  }
  if (chunks.size() > 1 && chunks.back().empty()) chunks.pop_back();
  std::vector<TokenChunk> out;
  for (const auto& c : chunks) {
    TokenChunk t;
    std::vector<int64_t> ids;
    for (const auto& [id, w] : c) ids.push_back(id);
    t.ids = tok.wrap(ids, maxLength);
    t.weights.assign(size_t(maxLength), 1.0f);
    for (size_t k = 0; k < c.size(); ++k) t.weights[k + 1] = c[k].second;
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace hl
