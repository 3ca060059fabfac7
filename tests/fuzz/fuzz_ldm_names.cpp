// Single-file (LDM/SGM) tensor names to diffusers names and back: any key, no crash; a mapped
// UNet key maps back to itself.
#include "fuzz.h"
#include "models/ldm_names.h"

HL_FUZZ_TARGET() {
  const std::string key = hl::fuzz::text(data, size);
  static const hl::UnetConfig sdxl = hl::UnetConfig::sdxlBase();
  try {
    const std::string d = hl::ldmUnetToDiffusers(key, sdxl.layersPerBlock);
    if (!d.empty()) (void)hl::diffusersUnetToLdm(d, sdxl);
    const std::string v = hl::ldmVaeToDiffusers(key, 4);
    if (!v.empty()) (void)hl::diffusersVaeToLdm(v, 4);
  } catch (const hl::Error&) {
  }
  return 0;
}
