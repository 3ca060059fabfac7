// Every `unet` case: the output and every recorded intermediate, by diffusers module path.
#include <map>

#include "check.h"
#include "golden.h"
#include "sdxl_cases.h"

using namespace hl;

HL_TEST(everyUnetCase) {
  const golden::GoldenSet& g = golden::set();
  auto cases = g.casesOfKind("unet");
  HL_CHECK(!cases.empty());
  for (const golden::Case* c : cases) {
    const json::Value& e = *c->entry;
    Unet unet = Unet::load(g.path(e.at("config").asString()), g.path(e.at("weights").asString()),
                           golden::testPlace(Component::Unet).dtype, golden::testPlace(Component::Unet).device);
    golden::Comparator cmp = golden::runUnetCase(g, *c, unet);
    HL_CHECK_MSG(cmp.ok(), (c->name + ":\n" + cmp.report()).c_str());
    hl::test::infof("%s: %s", c->name.c_str(), cmp.report().c_str());
  }
}
