#pragma once
#include <memory>
#include <string>
#include <vector>

#include "hyperlora/hyper_lora.h"
#include "models/discovery.h"

namespace hl::cli {

// The identity part of a command line: --ref (repeatable), --ref-b, --mix, --faces.
struct IdentityOptions {
  std::vector<std::string> refs, refsB;
  double mix = 0.0;
  std::string faces;
  bool any() const { return !refs.empty(); }
};
// Consumes identity flags at args[i] (advancing i); false when args[i] is not one of them.
bool parseIdentityOption(const std::vector<std::string>& args, size_t& i, IdentityOptions& o);

struct BuiltIdentity {
  std::unique_ptr<HyperLora> hyper;
  IdentityTokens a, b;
  at::Tensor tokens;  // what the LoRA is made from (A, or A mixed with B)
  IdentityTokens base;      // A's Base-LoRA tokens (empty when the variant has no Base-LoRA)
};
// Runs the face stack, CLIP and HyperLoRA on the reference photos, printing what happened.
BuiltIdentity buildIdentity(const ModelSet& set, const IdentityOptions& o);

int makeLora(const std::vector<std::string>& args);

}  // namespace hl::cli
