#include "text/clip_tokenizer.h"

#include <limits>

#include "text/text_clean.h"
#include "util/error.h"
#include "util/json.h"

namespace hl {
namespace {

const char* kSpecial[] = {"<|startoftext|>", "<|endoftext|>"};
const char32_t* kContractions[] = {U"'s", U"'t", U"'re", U"'ve", U"'m", U"'ll", U"'d"};

bool isOther(char32_t c) { return !text::isSpace(c) && !text::isLetter(c) && !text::isNumber(c); }

// CLIP's pre-tokeniser regex, tried in its alternation order at each match start:
// <|startoftext|>|<|endoftext|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+
std::vector<std::u32string> preTokenize(const std::u32string& s) {
  std::vector<std::u32string> out;
  size_t i = 0;
  while (i < s.size()) {
    bool matched = false;
    for (const char* sp : kSpecial) {
      const std::u32string special = text::utf8ToU32(sp);
      if (s.compare(i, special.size(), special) == 0) {
        out.push_back(special);
        i += special.size();
        matched = true;
        break;
      }
    }
    if (matched) continue;
    for (const char32_t* c : kContractions) {
      const std::u32string con(c);
      if (s.compare(i, con.size(), con) == 0) {
        out.push_back(con);
        i += con.size();
        matched = true;
        break;
      }
    }
    if (matched) continue;
    const char32_t c = s[i];
    size_t j = i + 1;
    if (text::isLetter(c)) {
      while (j < s.size() && text::isLetter(s[j])) ++j;
    } else if (text::isNumber(c)) {
      // a single digit
    } else if (isOther(c)) {
      while (j < s.size() && isOther(s[j])) ++j;
    } else {
      ++i;  // whitespace: not part of any match
      continue;
    }
    out.push_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

}  // namespace

ClipTokenizer::ClipTokenizer(BpeVocab vocab, const std::string& padToken) : vocab_(std::move(vocab)) {
  for (size_t r = 0; r < vocab_.merges.size(); ++r) ranks_.emplace(vocab_.merges[r], r);
  auto it = vocab_.tokenToId.find(padToken);
  if (it == vocab_.tokenToId.end())
    throw Error("tokenizer: pad token \"" + padToken + "\" is not in the vocabulary");
  padId_ = it->second;
  specials_ = {kSpecial[0], kSpecial[1]};
  if (padToken != kSpecial[0] && padToken != kSpecial[1]) specials_.push_back(padToken);
}

ClipTokenizer ClipTokenizer::fromFiles(const std::string& vocabJson, const std::string& mergesTxt,
                                       const std::string& padToken) {
  return ClipTokenizer(loadBpeVocab(vocabJson, mergesTxt), padToken);
}

std::string ClipTokenizer::padTokenFromConfig(const std::string& path, const std::string& fallback) {
  try {
    json::Value cfg = json::parseFile(path);
    const json::Value* pad = cfg.find("pad_token");
    if (!pad || pad->isNull()) return fallback;
    if (pad->isString()) return pad->asString();
    return pad->at("content").asString();
  } catch (const Error&) {
    return fallback;
  }
}

std::vector<std::string> ClipTokenizer::bpe(const std::string& token) const {
  {
    std::lock_guard<std::mutex> lock(*cacheMutex_);
    auto it = cache_.find(token);
    if (it != cache_.end()) return it->second;
  }
  // Split the byte-encoded token into its characters (each one UTF-8 sequence).
  std::vector<std::string> word;
  for (size_t i = 0; i < token.size();) {
    const unsigned char c = static_cast<unsigned char>(token[i]);
    size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : 4;
    word.push_back(token.substr(i, len));
    i += len;
  }
  if (word.empty()) return {};
  word.back() += "</w>";
  while (word.size() > 1) {
    size_t best = std::numeric_limits<size_t>::max();
    std::pair<std::string, std::string> bigram;
    for (size_t i = 0; i + 1 < word.size(); ++i) {
      auto it = ranks_.find({word[i], word[i + 1]});
      if (it != ranks_.end() && it->second < best) {
        best = it->second;
        bigram = it->first;
      }
    }
    if (best == std::numeric_limits<size_t>::max()) break;
    std::vector<std::string> next;
    for (size_t i = 0; i < word.size();) {
      if (i + 1 < word.size() && word[i] == bigram.first && word[i + 1] == bigram.second) {
        next.push_back(bigram.first + bigram.second);
        i += 2;
      } else {
        next.push_back(word[i++]);
      }
    }
    word.swap(next);
  }
  std::lock_guard<std::mutex> lock(*cacheMutex_);
  if (cache_.size() > 100000) cache_.clear();
  cache_.emplace(token, word);
  return word;
}

void ClipTokenizer::encodePiece(const std::string& clean,
                                std::vector<std::vector<std::string>>* words) const {
  const auto& b2u = byteToUnicode();
  for (const std::u32string& tok : preTokenize(text::utf8ToU32(clean))) {
    const std::string utf8 = text::u32ToUtf8(tok);
    if (utf8 == kSpecial[0] || utf8 == kSpecial[1]) {
      words->push_back({utf8});
      continue;
    }
    std::string encoded;
    for (unsigned char b : utf8) encoded += b2u[b];
    words->push_back(bpe(encoded));
  }
}

std::vector<std::vector<std::string>> ClipTokenizer::wordsOf(const std::string& input) const {
  // Like transformers' added-token handling: the special tokens (bos, eos and the pad token,
  // which for SDXL's tokenizer_2 is "!") are split out of the raw text first, wherever they
  // are, and the pieces between them are cleaned and tokenised. So "!!!" is three pad tokens
  // for tokenizer_2 but one BPE symbol for tokenizer.
  std::vector<std::vector<std::string>> symbols;
  size_t pos = 0;
  while (pos <= input.size()) {
    size_t next = std::string::npos;
    const std::string* which = nullptr;
    for (const std::string& sp : specials_) {
      size_t f = input.find(sp, pos);
      if (f < next || (f == next && f != std::string::npos && sp.size() > which->size())) {
        next = f;
        which = &sp;
      }
    }
    const std::string piece = input.substr(pos, next == std::string::npos ? std::string::npos : next - pos);
    encodePiece(text::cleanForClip(piece), &symbols);
    if (next == std::string::npos) break;
    symbols.push_back({*which});
    pos = next + which->size();
  }
  return symbols;
}

std::vector<std::string> ClipTokenizer::symbolsOf(const std::string& text) const {
  std::vector<std::string> out;
  for (auto& w : wordsOf(text))
    for (auto& s : w) out.push_back(std::move(s));
  return out;
}

std::vector<std::string> ClipTokenizer::bpeTokens(const std::string& text) const {
  return symbolsOf(text);
}

int64_t ClipTokenizer::idOf(const std::string& s) const {
  auto it = vocab_.tokenToId.find(s);
  // Every byte symbol is in a CLIP vocabulary, so this only fails for a broken vocabulary.
  if (it == vocab_.tokenToId.end()) throw Error("tokenizer: symbol \"" + s + "\" has no id");
  return it->second;
}

std::vector<int64_t> ClipTokenizer::encode(const std::string& text) const {
  std::vector<int64_t> ids;
  for (const auto& s : symbolsOf(text)) ids.push_back(idOf(s));
  return ids;
}

std::vector<std::vector<int64_t>> ClipTokenizer::encodeWords(const std::string& text) const {
  std::vector<std::vector<int64_t>> out;
  for (const auto& w : wordsOf(text)) {
    std::vector<int64_t> ids;
    for (const auto& s : w) ids.push_back(idOf(s));
    if (!ids.empty()) out.push_back(std::move(ids));
  }
  return out;
}

std::vector<int64_t> ClipTokenizer::wrap(const std::vector<int64_t>& content, int maxLength) const {
  std::vector<int64_t> ids{bosId()};
  for (size_t i = 0; i < content.size() && int(ids.size()) < maxLength - 1; ++i)
    ids.push_back(content[i]);
  ids.push_back(eosId());
  while (int(ids.size()) < maxLength) ids.push_back(padId_);
  return ids;
}

std::vector<int64_t> ClipTokenizer::encodePadded(const std::string& text, int maxLength) const {
  return wrap(encode(text), maxLength);
}

}  // namespace hl
