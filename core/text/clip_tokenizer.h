// CLIP's byte-level BPE tokenizer (vocab.json + merges.txt), matching transformers'
// CLIPTokenizer: ftfy-style clean-up, lower case, CLIP's pre-tokeniser, BPE with "</w>".
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "text/bpe_vocab.h"

namespace hl {

class ClipTokenizer {
 public:
  // `padToken` is the token text used for padding ("<|endoftext|>" for SDXL's tokenizer, "!"
  // for tokenizer_2); throws hl::Error if it is not in the vocabulary.
  ClipTokenizer(BpeVocab vocab, const std::string& padToken);
  static ClipTokenizer fromFiles(const std::string& vocabJson, const std::string& mergesTxt,
                                 const std::string& padToken = "<|endoftext|>");
  // The pad token a tokenizer folder's tokenizer_config.json names, or `fallback`.
  static std::string padTokenFromConfig(const std::string& tokenizerConfigJson,
                                        const std::string& fallback);

  // Content token ids, no bos/eos, no truncation.
  std::vector<int64_t> encode(const std::string& text) const;
  // encode(), grouped by pre-tokeniser word (for chunking that keeps words whole).
  std::vector<std::vector<int64_t>> encodeWords(const std::string& text) const;
  // The BPE symbols of encode(), for debugging and tests.
  std::vector<std::string> bpeTokens(const std::string& text) const;
  // bos + at most maxLength-2 content tokens + eos, padded with the pad id to maxLength.
  std::vector<int64_t> encodePadded(const std::string& text, int maxLength = 77) const;
  // Wraps already-encoded content ids the same way.
  std::vector<int64_t> wrap(const std::vector<int64_t>& content, int maxLength = 77) const;

  int64_t bosId() const { return vocab_.bosId; }
  int64_t eosId() const { return vocab_.eosId; }
  int64_t padId() const { return padId_; }
  int64_t vocabSize() const { return vocab_.size(); }

 private:
  std::vector<std::string> bpe(const std::string& byteEncodedWord) const;
  void encodePiece(const std::string& cleanText, std::vector<std::vector<std::string>>* words) const;
  std::vector<std::vector<std::string>> wordsOf(const std::string& text) const;
  std::vector<std::string> symbolsOf(const std::string& text) const;
  int64_t idOf(const std::string& symbol) const;

  BpeVocab vocab_;
  std::map<std::pair<std::string, std::string>, size_t> ranks_;
  int64_t padId_ = 0;
  std::vector<std::string> specials_;  // split out of raw text before BPE
  std::unique_ptr<std::mutex> cacheMutex_ = std::make_unique<std::mutex>();
  mutable std::unordered_map<std::string, std::vector<std::string>> cache_;
};

}  // namespace hl
