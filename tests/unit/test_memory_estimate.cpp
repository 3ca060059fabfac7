// The activation estimate that refuses impossible sizes before allocation: its figures for SDXL
// worked out by hand, and the refusal message.
#include "check.h"
#include "sdxl/memory_estimate.h"
#include "util/error.h"

using namespace hl;

HL_TEST(sdxl1024Bf16ByHand) {
  EstimateInput in;
  in.width = in.height = 1024;
  in.batch = 2;
  in.elementBytes = 2;
  in.decodeTile = 96;
  const ActivationEstimate e = estimateActivations(UnetConfig::sdxlBase(), VaeConfig{}, in);
  // Latent 128x128. Kept for the up path: conv_in 320x128x128, two layers at each level
  // (320x128x128, 640x64x64, 1280x32x32), downsamplers 320x64x64 and 640x32x32.
  const int64_t skips =
      320 * 16384 + 2 * 320 * 16384 + 2 * 640 * 4096 + 2 * 1280 * 1024 + 320 * 4096 + 640 * 1024;
  HL_CHECK_EQ(skips, int64_t(25559040));
  HL_CHECK_EQ(e.unetBytes, int64_t(2 * 2) * (skips + 11 * 320 * 16384));
  // One 96x96-latent tile = 768x768 pixels with 256 + 256 + 128 channels, and the 1024x1024
  // image as float (two copies) and 8-bit.
  HL_CHECK_EQ(e.decodeBytes, int64_t(2) * 768 * 768 * 640 + int64_t(1024) * 1024 * 3 * 9);
  HL_CHECK_EQ(e.total(), int64_t(332922880) + int64_t(783286272));
}

HL_TEST(scalesWithBatchControlNetsAndTiles) {
  EstimateInput in;
  in.width = 2048, in.height = 1536, in.elementBytes = 4;
  const UnetConfig u = UnetConfig::sdxlBase();
  const ActivationEstimate cfg = estimateActivations(u, VaeConfig{}, in);
  in.batch = 1;
  const ActivationEstimate one = estimateActivations(u, VaeConfig{}, in);
  HL_CHECK_EQ(one.unetBytes * 2, cfg.unetBytes);  // CFG 1: half the UNet work
  in.controlNets = 2;
  HL_CHECK(estimateActivations(u, VaeConfig{}, in).unetBytes > one.unetBytes);
  in.controlNets = 0;
  in.decodeTile = 96;
  HL_CHECK(estimateActivations(u, VaeConfig{}, in).decodeBytes <
           one.decodeBytes);  // tiles bound the decode
}

HL_TEST(refusesWithWhatToDo) {
  ActivationEstimate e;
  e.unetBytes = 3'000'000'000;
  e.decodeBytes = 1'500'000'000;
  requireActivationsFit(e, DeviceMemory{}, "cpu", 4096, 4096);  // free memory unknown: no refusal
  requireActivationsFit(e, DeviceMemory{5'000'000'000, 8'000'000'000}, "cpu", 4096, 4096);
  HL_CHECK_THROWS_WITH(
      "4096x3072 needs at least 4.5 GB for its activations (UNet 3.0 GB, decode 1.5 GB) but "
      "cuda:0 has 2.0 GB free of 8.0 GB; nothing was started. Try a smaller size",
      requireActivationsFit(e, DeviceMemory{2'000'000'000, 8'000'000'000}, "cuda:0", 4096, 3072));
  try {
    requireActivationsFit(e, DeviceMemory{1, 2}, "cpu", 8, 8);
    HL_FAIL("not refused");
  } catch (const OutOfMemory&) {
  }
}
