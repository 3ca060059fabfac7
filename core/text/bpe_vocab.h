// CLIP byte-level BPE vocabulary files: reading and validating vocab.json + merges.txt, and
// training a small vocabulary of the same format for the demo pack.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace hl {

struct BpeVocab {
  std::vector<std::string> idToToken;                 // index = id
  std::unordered_map<std::string, int64_t> tokenToId;
  std::vector<std::pair<std::string, std::string>> merges;  // in priority order
  int64_t bosId = -1;  // <|startoftext|>
  int64_t eosId = -1;  // <|endoftext|>
  int64_t size() const { return int64_t(idToToken.size()); }
};

// The 256-entry byte -> printable unicode table of GPT-2/CLIP, as UTF-8 strings.
const std::vector<std::string>& byteToUnicode();

// Reads and checks both files: ids unique and contiguous from 0, both special tokens present,
// every merge's parts and result in the vocabulary. Errors name the file and the entry.
BpeVocab loadBpeVocab(const std::string& vocabJson, const std::string& mergesTxt);

// Trains `numMerges` merges on `corpus` (CLIP pre-tokenisation: lower case, words end in
// "</w>"), deterministic. The result has CLIP's layout: 256 byte symbols, the same with
// "</w>", the merged symbols, then <|startoftext|> and <|endoftext|>.
BpeVocab trainBpeVocab(const std::string& corpus, int numMerges);

std::string bpeVocabJson(const BpeVocab& v);    // vocab.json text
std::string bpeMergesText(const BpeVocab& v);  // merges.txt text with the "#version" line

}  // namespace hl
