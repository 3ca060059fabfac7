// Prompt syntax artists use, A1111-compatible: "(word)" x1.1, "[word]" /1.1, "(word:1.3)",
// nesting multiplies, "\(" escapes, "BREAK" starts a new 75-token chunk. Long prompts are split
// into 75-token chunks (a word of up to 8 tokens is never cut), each encoded as bos+75+eos.
//
// Weighting rule (as ComfyUI applies it): for each token position j of a chunk,
//   z[j] = (z[j] - z_empty[j]) * weight[j] + z_empty[j]
// where z_empty is the encoder's output for the empty prompt. Weight 1 leaves z unchanged, so
// unweighted prompts encode exactly as diffusers does; the pooled vector comes from chunk 0.
#pragma once

#include <string>
#include <vector>

namespace hl {

class ClipTokenizer;

struct PromptFragment {
  std::string text;
  double weight = 1.0;
  bool isBreak = false;
};

// A1111's parse_prompt_attention. Adjacent fragments of equal weight are merged.
std::vector<PromptFragment> parsePromptWeights(const std::string& prompt);
// True when the prompt uses no weighting/BREAK syntax (so it is tokenised as one text).
bool isPlainPrompt(const std::string& prompt);

// How prompt text is read. A1111 (the default for people): the syntax above. Literal: plain
// text, as diffusers reads it - parentheses are characters, and a prompt longer than one chunk
// is truncated to bos + 75 tokens + eos (what the reference cases expect).
enum class PromptSyntax { A1111, Literal };
const char* promptSyntaxName(PromptSyntax s);     // "a1111", "literal"
PromptSyntax parsePromptSyntax(const std::string& s);

struct TokenChunk {
  std::vector<int64_t> ids;     // bos + content + eos + padding, maxLength long
  std::vector<float> weights;   // one per id; 1 for bos/eos/padding
};

// Tokenises the parsed prompt into chunks for one tokenizer. Always at least one chunk.
std::vector<TokenChunk> tokenizePrompt(const ClipTokenizer& tok, const std::string& prompt,
                                       int maxLength = 77,
                                       PromptSyntax syntax = PromptSyntax::A1111);

// Text with the weighting syntax removed (for the history and the PNG "parameters" text).
std::string stripPromptWeights(const std::string& prompt);

}  // namespace hl
