// CLIP tokenizer files (vocab.json + merges.txt, split at the first NUL of the input), then a
// prompt through the tokenizer they make.
#include "fuzz.h"
#include "text/bpe_vocab.h"
#include "text/clip_tokenizer.h"

HL_FUZZ_TARGET() {
  const std::string all = hl::fuzz::text(data, size);
  const size_t z = all.find('\0');
  const std::string vocab = hl::fuzz::scratchFile("vocab.json", all.substr(0, z));
  const std::string merges = hl::fuzz::scratchFile("merges.txt", z == std::string::npos ? "" : all.substr(z + 1));
  try {
    const hl::ClipTokenizer tok = hl::ClipTokenizer::fromFiles(vocab, merges, "<|endoftext|>");
    (void)tok.encode("a portrait photo, (soft light:1.2)");
  } catch (const hl::Error&) {
  }
  return 0;
}
