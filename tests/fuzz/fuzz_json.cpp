// The JSON reader (model configs, hyper_lora_modules.json, tokenizer files, records): what it
// accepts, it writes back as text that reads back to the same value.
#include "fuzz.h"
#include "util/json.h"

HL_FUZZ_TARGET() {
  try {
    const hl::json::Value v = hl::json::parse(hl::fuzz::text(data, size), "fuzz.json");
    const std::string once = hl::json::dump(v);
    hl::fuzz::require(hl::json::dump(hl::json::parse(once, "dumped")) == once, "dump does not read back");
  } catch (const hl::Error&) {
  }
  return 0;
}
