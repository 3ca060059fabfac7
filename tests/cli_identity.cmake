# make-lora and generate --ref through the CLI: the demo pack + the fetched test-only face models.
if(NOT EXISTS "${DATA}/fr_detect.onnx")
  if("$ENV{CI}" STREQUAL "true")
    message(FATAL_ERROR "no face test data in ${DATA}")
  endif()
  message("SKIPPED: no face test data")
  return()
endif()
file(REMOVE_RECURSE "${DIR}")
execute_process(COMMAND "${CLI}" make-demo-pack "${DIR}/pack" RESULT_VARIABLE rc OUTPUT_QUIET)
execute_process(COMMAND "${CLI}" make-lora --models "${DIR}/pack" --faces "${DATA}"
                        --ref "${DATA}/astronaut.png" --ref "${DATA}/grace_hopper.jpg" --out "${DIR}/id.safetensors"
                RESULT_VARIABLE rc ERROR_VARIABLE err)
message("${err}")
if(NOT rc EQUAL 0 OR NOT err MATCHES "astronaut.png: 1 face" OR NOT err MATCHES "identity A from 2 of 2")
  message(FATAL_ERROR "make-lora failed (${rc})")
endif()
execute_process(COMMAND "${CLI}" inspect "${DIR}/id.safetensors" OUTPUT_VARIABLE info)
if(NOT info MATCHES "lora_unet_down_blocks_1_attentions_0_transformer_blocks_0_attn1_to_out_0.lora_down.weight +F16"
   OR NOT info MATCHES "alpha +F32 +\\[\\]")
  message(FATAL_ERROR "the exported LoRA is not in the official format:\n${info}")
endif()
# The exported LoRA loads like any kohya LoRA, and an identity drives generate directly.
execute_process(COMMAND "${CLI}" generate --model "${DIR}/pack" --lora "${DIR}/id.safetensors:0.85"
                        --prompt "a portrait" --width 64 --height 64 --steps 2 --out "${DIR}/a.png"
                RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0 OR NOT err MATCHES "136 layers merged")
  message(FATAL_ERROR "generate with the exported LoRA failed:\n${err}")
endif()
execute_process(COMMAND "${CLI}" generate --model "${DIR}/pack" --faces "${DATA}" --ref "${DATA}/astronaut.png"
                        --prompt "a portrait" --width 64 --height 64 --steps 2 --out "${DIR}/b.png"
                RESULT_VARIABLE rc ERROR_VARIABLE err)
execute_process(COMMAND "${CLI}" png-info "${DIR}/b.png" OUTPUT_VARIABLE png)
if(NOT rc EQUAL 0 OR NOT png MATCHES "^parameters:\nfcsks fxhks fhyks, a portrait\n.*HyperLoRA strength: 0.85")
  message(FATAL_ERROR "generate --ref failed:\n${err}\n${png}")
endif()
# No usable face: a clear message naming each photo, and a failure exit.
execute_process(COMMAND "${CLI}" make-lora --models "${DIR}/pack" --faces "${DATA}"
                        --ref "${DIR}/a.png" --ref "${DIR}/missing.jpg" --out "${DIR}/x.safetensors"
                RESULT_VARIABLE rc ERROR_VARIABLE err)
if(rc EQUAL 0 OR NOT err MATCHES "no usable face in any reference photo" OR NOT err MATCHES "missing.jpg: image file not found")
  message(FATAL_ERROR "photos without faces were not reported clearly:\n${err}")
endif()
# Base-LoRA: the demo variant has one, so ID + Base both merge (twice the layers of the ID alone).
execute_process(COMMAND "${CLI}" generate --model "${DIR}/pack" --faces "${DATA}" --ref "${DATA}/grace_hopper.jpg"
                        --base-lora --prompt "a portrait" --width 64 --height 64 --steps 2 --out "${DIR}/c.png"
                RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0 OR NOT err MATCHES "LoRA: 272 layers merged")
  message(FATAL_ERROR "generate --base-lora failed:\n${err}")
endif()
