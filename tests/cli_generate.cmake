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
