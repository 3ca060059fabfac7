// Every `text_encoder` case: all hidden states, the final state and the pooled output.
#include "check.h"
#include "golden.h"
#include "sdxl_cases.h"

using namespace hl;

HL_TEST(everyTextEncoderCase) {
  const golden::GoldenSet& g = golden::set();
  auto cases = g.casesOfKind("text_encoder");
  HL_CHECK(!cases.empty());
  for (const golden::Case* c : cases) {
    const json::Value& e = *c->entry;
    ClipTextEncoder enc =
        ClipTextEncoder::load(g.path(e.at("config").asString()), g.path(e.at("weights").asString()),
                              golden::testPlace(Component::TextEncoders).dtype, golden::testPlace(Component::TextEncoders).device);
    golden::Comparator cmp = golden::runTextEncoderCase(g, *c, enc);
    HL_CHECK_MSG(cmp.ok(), (c->name + ":\n" + cmp.report()).c_str());
    hl::test::infof("%s: %s", c->name.c_str(), cmp.report().c_str());
  }
}
