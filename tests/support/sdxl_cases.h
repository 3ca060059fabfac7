// Runs reference cases of the SDXL kinds against given components, so the same check serves
// the diffusers-folder weights and the single-file weights (kind `single_file`).
#pragma once

#include "golden.h"
#include "sdxl/clip_text.h"
#include "sdxl/controlnet.h"
#include "sdxl/pipeline.h"
#include "sdxl/unet.h"
#include "sdxl/vae.h"

namespace hl::golden {

Comparator runTextEncoderCase(const GoldenSet& g, const Case& c, const ClipTextEncoder& enc);
// `unet` and the case's unet inputs; compares output.sample and every intermediate that the
// forward pass records (merged-weight intermediates are checked by the caller).
Comparator runUnetCase(const GoldenSet& g, const Case& c, const Unet& unet);
Comparator runVaeCase(const GoldenSet& g, const Case& c, const Vae& vae);
// The request of a case of kind pipeline, pipeline_img2img, pipeline_inpaint or (with
// `controlnet`) pipeline_controlnet, every random draw taken from the case.
GenerateRequest pipelineRequest(const GoldenSet& g, const Case& c,
                                const ControlNet* controlnet = nullptr);
// Runs such a case and compares everything the case holds.
Comparator runPipelineCase(const GoldenSet& g, const Case& c, SdxlPipeline& p,
                           const ControlNet* controlnet = nullptr);
// Kinds controlnet and unet_controlnet (the residuals the UNet adds come from the case).
Comparator runControlNetCase(const GoldenSet& g, const Case& c, const ControlNet& net);
Comparator runUnetControlNetCase(const GoldenSet& g, const Case& c, const Unet& unet);

}  // namespace hl::golden
