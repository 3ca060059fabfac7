// The command line's identity options, read into the core's plain settings.
#pragma once
#include <string>
#include <vector>

#include "studio/record.h"
#include "studio/session.h"

namespace hl::cli {

// Reads "--flag VALUE" pairs into the settings of one command; the parsers below consume
// their own flags and leave the rest.
struct Args {
  const std::vector<std::string>& items;
  size_t i = 0;
  const std::string& flag() const { return items[i]; }
  std::string value();  // the flag's value (advances); throws naming the flag when absent
};
double number(const std::string& flag, const std::string& v);  // finite
// A whole number from `lo` to `hi`, or an error naming the flag and the range.
long long wholeNumber(const std::string& flag, const std::string& v, long long lo, long long hi);
// Refuses, before anything is loaded or computed, an --out that does not end in `ext` (`why`
// says what the format carries) or that cannot be written: its folder is made and probed.
void checkOutput(const std::string& out, const std::string& ext, const std::string& why);

// --ref PHOTO, --ref-b PHOTO, --identity A.hlid, --identity-b B.hlid, --mix T, --id-strength X,
// --base-lora, --no-trigger. False when the flag is not one of them.
bool parseIdentityOption(Args& a, studio::IdentityRecord& id);
// Refuses identity options that would be ignored (--mix without identity B, B without A).
void checkIdentityOptions(const studio::IdentityRecord& id);
// --device, --precision, --threads, --memory, --lora-apply, --cuda-graphs on|off,
// --place COMPONENT=DEVICE[:PRECISION],..., --faces DIR, --tokenizer DIR.
bool parseModelOption(Args& a, studio::ModelChoice& choice);

// Builds identities A and B in the session (when given), printing each photo's result.
void buildIdentities(studio::StudioSession& session, const studio::IdentityRecord& id);

int makeLora(const std::vector<std::string>& args);

}  // namespace hl::cli
