#include "text/bpe_vocab.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <sstream>

#include "util/error.h"
#include "util/fs.h"
#include "util/json.h"
#include "util/utf8.h"

namespace hl {
namespace {

const char* kBos = "<|startoftext|>";
const char* kEos = "<|endoftext|>";

}  // namespace

const std::vector<std::string>& byteToUnicode() {
  static const std::vector<std::string> table = [] {
    std::vector<unsigned> cps(256, 0);
    std::vector<bool> printable(256, false);
    for (unsigned b = '!'; b <= '~'; ++b) printable[b] = true;
    for (unsigned b = 0xA1; b <= 0xAC; ++b) printable[b] = true;
    for (unsigned b = 0xAE; b <= 0xFF; ++b) printable[b] = true;
    unsigned n = 0;
    for (unsigned b = 0; b < 256; ++b) cps[b] = printable[b] ? b : 256 + n++;
    std::vector<std::string> out(256);
    for (unsigned b = 0; b < 256; ++b) appendUtf8(out[b], char32_t(cps[b]));
    return out;
  }();
  return table;
}

BpeVocab loadBpeVocab(const std::string& vocabJson, const std::string& mergesTxt) {
  BpeVocab v;
  json::Value doc = json::parseFile(vocabJson);
  if (!doc.isObject()) throw Error(vocabJson + ": expected a JSON object of token -> id");
  v.idToToken.assign(doc.size(), std::string());
  std::vector<bool> seen(doc.size(), false);
  for (const auto& [tok, idv] : doc.members()) {
    if (!idv.isInteger()) throw Error(vocabJson + ": token \"" + tok + "\" has a non-integer id");
    int64_t id = idv.asInt();
    if (id < 0 || id >= int64_t(doc.size()))
      throw Error(vocabJson + ": token \"" + tok + "\" has id " + std::to_string(id) +
                  ", outside 0.." + std::to_string(doc.size() - 1));
    if (seen[size_t(id)])
      throw Error(vocabJson + ": id " + std::to_string(id) + " is used twice (\"" +
                  v.idToToken[size_t(id)] + "\" and \"" + tok + "\")");
    seen[size_t(id)] = true;
    v.idToToken[size_t(id)] = tok;
    v.tokenToId.emplace(tok, id);
  }
  auto special = [&](const char* name) {
    auto it = v.tokenToId.find(name);
    if (it == v.tokenToId.end()) throw Error(vocabJson + ": special token " + name + " missing");
    return it->second;
  };
  v.bosId = special(kBos);
  v.eosId = special(kEos);

  std::istringstream in(fs::readText(mergesTxt));
  std::string line;
  int lineNo = 0;
  while (std::getline(in, line)) {
    ++lineNo;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || (lineNo == 1 && line.rfind("#version", 0) == 0)) continue;
    size_t sp = line.find(' ');
    if (sp == std::string::npos || sp == 0 || sp + 1 >= line.size() ||
        line.find(' ', sp + 1) != std::string::npos)
      throw Error(mergesTxt + ": line " + std::to_string(lineNo) +
                  ": expected two symbols separated by one space");
    std::string a = line.substr(0, sp), b = line.substr(sp + 1);
    for (const std::string* part : {&a, &b})
      if (!v.tokenToId.count(*part) && !v.tokenToId.count(*part + "</w>"))
        throw Error(mergesTxt + ": line " + std::to_string(lineNo) + ": symbol \"" + *part +
                    "\" is not in " + vocabJson);
    if (!v.tokenToId.count(a + b))
      throw Error(mergesTxt + ": line " + std::to_string(lineNo) + ": merged symbol \"" + a + b +
                  "\" is not in " + vocabJson);
    v.merges.emplace_back(std::move(a), std::move(b));
  }
  return v;
}

namespace {

using Words = std::map<std::vector<std::string>, int>;  // a word's symbols -> its count
using SymbolPair = std::pair<std::string, std::string>;

// Words: maximal runs of letters/digits, or single other non-space bytes (lower-cased), as
// byte-level symbols with "</w>" on the last.
Words countWords(const std::string& corpus) {
  const auto& b2u = byteToUnicode();
  Words words;
  std::string cur;
  auto flush = [&] {
    if (cur.empty()) return;
    std::vector<std::string> syms;
    for (unsigned char c : cur) syms.push_back(b2u[c]);
    syms.back() += "</w>";
    ++words[syms];
    cur.clear();
  };
  for (char ch : corpus) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (std::isalnum(c)) {
      cur += char(std::tolower(c));
    } else {
      flush();
      if (!std::isspace(c)) {
        cur += char(c);
        flush();
      }
    }
  }
  flush();
  return words;
}

// CLIP's id order: the printable bytes first, then the remapped ones (so "!" is id 0); each
// byte again with "</w>" after all of them.
std::vector<std::string> baseTokens() {
  const auto& b2u = byteToUnicode();
  std::vector<std::string> base;
  for (int pass = 0; pass < 2; ++pass)
    for (unsigned b = 0; b < 256; ++b) {
      const bool printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || b >= 0xAE;
      if (printable == (pass == 0)) base.push_back(b2u[b]);
    }
  std::vector<std::string> tokens = base;
  for (const auto& s : base) tokens.push_back(s + "</w>");
  return tokens;
}

// The most frequent adjacent pair; ties broken by the pair's text so the result is reproducible.
// False when no word has two symbols left.
bool mostFrequentPair(const Words& words, SymbolPair& best) {
  std::map<SymbolPair, int> counts;
  for (const auto& [syms, n] : words)
    for (size_t i = 0; i + 1 < syms.size(); ++i) counts[{syms[i], syms[i + 1]}] += n;
  if (counts.empty()) return false;
  best = std::max_element(counts.begin(), counts.end(), [](const auto& x, const auto& y) {
           return x.second != y.second ? x.second < y.second : x.first > y.first;
         })->first;
  return true;
}

Words applyMerge(const Words& words, const SymbolPair& pair) {
  Words next;
  for (const auto& [syms, n] : words) {
    std::vector<std::string> out;
    for (size_t i = 0; i < syms.size(); ++i) {
      if (i + 1 < syms.size() && syms[i] == pair.first && syms[i + 1] == pair.second) {
        out.push_back(pair.first + pair.second);
        ++i;
      } else {
        out.push_back(syms[i]);
      }
    }
    next[out] += n;
  }
  return next;
}

}  // namespace

BpeVocab trainBpeVocab(const std::string& corpus, int numMerges) {
  Words words = countWords(corpus);
  BpeVocab v;
  v.idToToken = baseTokens();
  std::set<std::string> known(v.idToToken.begin(), v.idToToken.end());
  SymbolPair pair;
  for (int m = 0; m < numMerges && mostFrequentPair(words, pair); ++m) {
    v.merges.push_back(pair);
    // Two different splits can merge into the same symbol: it gets one id.
    if (known.insert(pair.first + pair.second).second)
      v.idToToken.push_back(pair.first + pair.second);
    words = applyMerge(words, pair);
  }
  v.idToToken.push_back(kBos);
  v.idToToken.push_back(kEos);
  for (size_t i = 0; i < v.idToToken.size(); ++i) v.tokenToId.emplace(v.idToToken[i], int64_t(i));
  v.bosId = v.size() - 2;
  v.eosId = v.size() - 1;
  return v;
}

std::string bpeVocabJson(const BpeVocab& v) {
  json::Value doc = json::Value::object();
  for (size_t i = 0; i < v.idToToken.size(); ++i) doc.set(v.idToToken[i], int64_t(i));
  return json::dump(doc);
}

std::string bpeMergesText(const BpeVocab& v) {
  std::string s = "#version: 0.2\n";
  for (const auto& [a, b] : v.merges) s += a + " " + b + "\n";
  return s;
}

}  // namespace hl
