# The CLI generates a PNG on the demo pack whose "parameters" chunk parses back.
file(REMOVE_RECURSE "${DIR}")
execute_process(COMMAND "${CLI}" make-demo-pack "${DIR}/pack" RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "make-demo-pack failed")
endif()
execute_process(COMMAND "${CLI}" generate --model "${DIR}/pack" --prompt "a (portrait:1.2) photo"
                        --negative "blurry" --width 128 --height 96 --steps 3 --cfg 4.5
                        --sampler euler_ancestral --seed 1234 --out "${DIR}/out.png"
                RESULT_VARIABLE rc ERROR_VARIABLE err)
message("${err}")
if(NOT rc EQUAL 0 OR NOT err MATCHES "3/3")
  message(FATAL_ERROR "generate failed (${rc})")
endif()
execute_process(COMMAND "${CLI}" png-info "${DIR}/out.png" RESULT_VARIABLE rc OUTPUT_VARIABLE info)
message("${info}")
if(NOT info MATCHES "a \\(portrait:1.2\\) photo\nNegative prompt: blurry\nSteps: 3, Sampler: Euler a, CFG scale: 4.5, Seed: 1234, Size: 128x96, Model hash: [0-9a-f]+, Model: sdxl-demo")
  message(FATAL_ERROR "the parameters chunk does not parse back")
endif()
# Same seed, same settings: the same image, byte for byte.
execute_process(COMMAND "${CLI}" generate --model "${DIR}/pack" --prompt "a (portrait:1.2) photo"
                        --negative "blurry" --width 128 --height 96 --steps 3 --cfg 4.5
                        --sampler euler_ancestral --seed 1234 --out "${DIR}/again.png"
                RESULT_VARIABLE rc ERROR_QUIET)
file(SHA256 "${DIR}/out.png" h1)
file(SHA256 "${DIR}/again.png" h2)
if(NOT h1 STREQUAL h2)
  message(FATAL_ERROR "one seed and one set of settings gave two different images")
endif()
# Conditioning from the command line: a ControlNet with Canny edges, inpainting, the hires fix.
execute_process(COMMAND "${CLI}" generate --model "${DIR}/pack" --prompt "a sign" --steps 3 --seed 7
                        --control "${DIR}/pack/controlnet/demo-controlnet-sdxl:${DIR}/out.png:0.7:0:0.7"
                        --control-preprocess canny --canny 50:150
                        --init-image "${DIR}/out.png" --mask "${DIR}/again.png" --strength 0.6
                        --out "${DIR}/inpaint.png" RESULT_VARIABLE rc ERROR_VARIABLE err)
execute_process(COMMAND "${CLI}" png-info "${DIR}/inpaint.png" OUTPUT_VARIABLE info)
if(NOT rc EQUAL 0 OR NOT info MATCHES "Size: 128x96" OR NOT info MATCHES "Denoising strength: 0.6, Mask blur: 4"
   OR NOT info MATCHES "ControlNet 0: \"Module: canny, Model: demo-controlnet-sdxl, Weight: 0.7, Threshold A: 50, Threshold B: 150, Guidance Start: 0.0, Guidance End: 0.7\"")
  message(FATAL_ERROR "generate with --control and --mask failed:\n${err}\n${info}")
endif()
execute_process(COMMAND "${CLI}" generate --model "${DIR}/pack" --prompt "a sign" --steps 2 --width 64 --height 64
                        --hires 2 --hires-denoise 0.5 --sampler euler_trailing --cfg 1 --out "${DIR}/hires.png"
                RESULT_VARIABLE rc ERROR_VARIABLE err)
execute_process(COMMAND "${CLI}" png-info "${DIR}/hires.png" OUTPUT_VARIABLE info)
if(NOT rc EQUAL 0 OR NOT err MATCHES "generated 128x128" OR NOT info MATCHES "Sampler: Euler, Schedule type: SGM Uniform, CFG scale: 1.0"
   OR NOT info MATCHES "Denoising strength: 0.5, Hires upscale: 2.0, Hires upscaler: Lanczos")
  message(FATAL_ERROR "generate --hires failed:\n${err}\n${info}")
endif()
# A union/ProMax ControlNet (single file, config inferred): two typed images fused in one call.
set(UNION "${DIR}/pack/controlnet/demo-controlnet-union-promax.safetensors")
execute_process(COMMAND "${CLI}" generate --model "${DIR}/pack" --prompt "a sign" --steps 2 --seed 7
                        --width 64 --height 64 --control "${UNION}:${DIR}/out.png:0.8" --control-type depth
                        --control "${UNION}:${DIR}/out.png:0.5" --control-preprocess canny
                        --out "${DIR}/union.png" RESULT_VARIABLE rc ERROR_VARIABLE err)
execute_process(COMMAND "${CLI}" png-info "${DIR}/union.png" OUTPUT_VARIABLE info)
if(NOT rc EQUAL 0 OR NOT info MATCHES "ControlNet 0: \"Module: none, Model: demo-controlnet-union-promax, Weight: 0.8, Union Control Type: depth, Guidance Start: 0.0"
   OR NOT info MATCHES "ControlNet 1: \"Module: canny, Model: demo-controlnet-union-promax, Weight: 0.5, Threshold A: 100, Threshold B: 200, Guidance Start")
  message(FATAL_ERROR "generate with a union ControlNet failed:\n${err}\n${info}")
endif()
execute_process(COMMAND "${CLI}" generate --model "${DIR}/pack" --prompt "x" --steps 1 --width 64 --height 64
                        --control "${DIR}/pack/controlnet/demo-controlnet-sdxl:${DIR}/out.png" --control-type depth
                        --out "${DIR}/x.png" RESULT_VARIABLE rc ERROR_VARIABLE err)
if(rc EQUAL 0 OR NOT err MATCHES "control type \"depth\" is for union ControlNets")
  message(FATAL_ERROR "a control type on a plain ControlNet was not refused clearly:\n${err}")
endif()
execute_process(COMMAND "${CLI}" generate --model "${DIR}/pack" --prompt "x" --control "${UNION}:${DIR}/out.png"
                        --control-type sketchy --out "${DIR}/x.png" RESULT_VARIABLE rc ERROR_VARIABLE err)
if(rc EQUAL 0 OR NOT err MATCHES "unknown control type \"sketchy\" \\(expected auto, openpose, depth")
  message(FATAL_ERROR "an unknown control type was not refused clearly:\n${err}")
endif()
# Bad input: a precise message, a failure exit.
# Settings that cannot run are refused before the model loads, not after a first pass.
execute_process(COMMAND "${CLI}" generate --model "${DIR}/pack" --prompt "x" --steps 1 --width 64 --height 64
                        --face-detail --face-detail-denoise 0 --out "${DIR}/x.png"
                RESULT_VARIABLE rc ERROR_VARIABLE err)
if(rc EQUAL 0 OR NOT err MATCHES "face detail: the denoise must be above 0" OR err MATCHES "loaded in")
  message(FATAL_ERROR "--face-detail-denoise 0 was not refused before loading:\n${err}")
endif()
execute_process(COMMAND "${CLI}" generate --model "${DIR}/pack" --prompt "x" --steps 1 --width 64 --height 64
                        --lora "${DIR}/no-such-lora.safetensors:0.8" --out "${DIR}/x.png"
                RESULT_VARIABLE rc ERROR_VARIABLE err)
if(rc EQUAL 0 OR NOT err MATCHES "no-such-lora.safetensors: LoRA file not found" OR err MATCHES "loaded in")
  message(FATAL_ERROR "a missing LoRA was not refused before loading:\n${err}")
endif()
# strtod reads "nan" and "inf": a flag's number must be finite (CFG NaN silently meant no CFG).
execute_process(COMMAND "${CLI}" generate --model "${DIR}/pack" --prompt "x" --steps 1 --width 64 --height 64
                        --cfg nan --out "${DIR}/x.png" RESULT_VARIABLE rc ERROR_VARIABLE err)
if(rc EQUAL 0 OR NOT err MATCHES "--cfg expects a number, got \"nan\"")
  message(FATAL_ERROR "--cfg nan was not refused:\n${err}")
endif()
# An output the CLI cannot write is refused before the model loads, not after the generation.
file(WRITE "${DIR}/a-file" "")
foreach(case "out.jpg|images are written as PNG" "a-file/x.png|a-file: cannot create folder"
             "pack.png|is a folder, not a file")
  string(REPLACE "|" ";" parts "${case}")
  list(GET parts 0 out)
  list(GET parts 1 expected)
  if(out STREQUAL "pack.png")
    file(MAKE_DIRECTORY "${DIR}/pack.png")
  endif()
  execute_process(COMMAND "${CLI}" generate --model "${DIR}/pack" --prompt "x" --steps 1 --width 64
                          --height 64 --out "${DIR}/${out}" RESULT_VARIABLE rc ERROR_VARIABLE err)
  if(rc EQUAL 0 OR NOT err MATCHES "${expected}" OR err MATCHES "loaded in")
    message(FATAL_ERROR "--out ${out} was not refused before loading:\n${err}")
  endif()
endforeach()
execute_process(COMMAND "${CLI}" generate --model "${DIR}/pack" --prompt "x" --control "${DIR}/nothing:${DIR}/out.png"
                        --out "${DIR}/x.png" RESULT_VARIABLE rc ERROR_VARIABLE err)
if(rc EQUAL 0 OR NOT err MATCHES "nothing: ControlNet not found")
  message(FATAL_ERROR "a missing ControlNet was not reported clearly:\n${err}")
endif()
