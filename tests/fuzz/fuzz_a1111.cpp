// A1111 "parameters" texts from any tool: parse never throws, and the settings it read survive
// format() and a second parse (free text such as prompts may be normalised on the way).
#include "fuzz.h"
#include "studio/a1111.h"

HL_FUZZ_TARGET() {
  const hl::A1111Parameters p = hl::A1111Parameters::parse(hl::fuzz::text(data, size));
  const hl::A1111Parameters q = hl::A1111Parameters::parse(p.format());
  hl::fuzz::require(q.steps == p.steps && q.width == p.width && q.height == p.height && q.seed == p.seed,
                    "steps, size or seed changed in a round trip");
  hl::fuzz::require(q.cfgScale == p.cfgScale || (q.cfgScale != q.cfgScale && p.cfgScale != p.cfgScale),
                    "CFG scale changed in a round trip");
  return 0;
}
