// kohya LoRA module names from outside files to the SDXL weights they change, and to the UNet
// block the energy plot groups them by: any name, no crash, and only real targets.
#include "fuzz.h"
#include "models/kohya_names.h"

HL_FUZZ_TARGET() {
  static const hl::ClipTextConfig te1;
  static const hl::ClipTextConfig te2 = [] {
    hl::ClipTextConfig c;
    c.hiddenSize = 1280, c.intermediateSize = 5120, c.numHeads = 20, c.numLayers = 32,
    c.projectionDim = 1280;
    c.hiddenAct = "gelu", c.withProjection = true;
    return c;
  }();
  static const hl::LoraTargets targets(hl::UnetConfig::sdxlBase(), &te1, &te2);
  const std::string name = hl::fuzz::text(data, size);
  if (const auto* t = targets.find(name)) {
    hl::fuzz::require(t->component >= 0 && t->component <= 2, "a known component");
    hl::fuzz::require(
        t->weight.size() > 7 && t->weight.compare(t->weight.size() - 7, 7, ".weight") == 0,
        "a target is a weight");
  }
  const std::string block = hl::unetBlockOf(name);
  if (!block.empty())
    hl::fuzz::require(block.rfind("down_blocks.", 0) == 0 || block.rfind("mid_block.", 0) == 0 ||
                          block.rfind("up_blocks.", 0) == 0,
                      "a block of the UNet");
  return 0;
}
