// Prompts as artists type them: A1111 weighting syntax, any bytes (invalid UTF-8 included),
// CLIP's text cleaning and NFC, BPE tokenisation into 77-token chunks.
#include "fuzz.h"
#include "text/bpe_vocab.h"
#include "text/clip_tokenizer.h"
#include "text/prompt.h"
#include "text/text_clean.h"

HL_FUZZ_TARGET() {
  static const hl::ClipTokenizer tok(
      hl::trainBpeVocab("a portrait photo of a woman, (masterpiece:1.2), [blurry], studio light, 85mm", 60),
      "<|endoftext|>");
  const std::string prompt = hl::fuzz::text(data, size);
  try {
    (void)hl::parsePromptWeights(prompt);
    (void)hl::isPlainPrompt(prompt);
    (void)hl::stripPromptWeights(prompt);
    (void)hl::text::cleanForClip(prompt);
    for (hl::PromptSyntax s : {hl::PromptSyntax::A1111, hl::PromptSyntax::Literal}) {
      const auto chunks = hl::tokenizePrompt(tok, prompt, 77, s);
      hl::fuzz::require(!chunks.empty(), "no chunk");
      for (const auto& c : chunks) hl::fuzz::require(c.ids.size() == 77 && c.weights.size() == 77, "chunk size");
    }
  } catch (const hl::Error&) {
  }
  return 0;
}
