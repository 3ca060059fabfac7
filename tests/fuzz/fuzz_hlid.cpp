// .hlid identity files: a bad file is an hl::Error naming it, never a crash.
#include "fuzz.h"
#include "studio/identity_file.h"

HL_FUZZ_TARGET() {
  const std::string path = hl::fuzz::scratchFile("identity.hlid", hl::fuzz::text(data, size));
  try {
    (void)hl::studio::loadIdentityFile(path);
  } catch (const hl::Error&) {
  }
  return 0;
}
