# make-demo-pack, then check: every file of the pack must validate.
file(REMOVE_RECURSE "${DIR}")
execute_process(COMMAND "${CLI}" make-demo-pack "${DIR}" RESULT_VARIABLE rc OUTPUT_VARIABLE out)
if(NOT rc EQUAL 0 OR NOT out MATCHES "images are noise")
  message(FATAL_ERROR "make-demo-pack failed (${rc}): ${out}")
endif()
execute_process(COMMAND "${CLI}" check "${DIR}" RESULT_VARIABLE rc OUTPUT_VARIABLE out)
message("${out}")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "check of the demo pack failed (${rc})")
endif()
if(out MATCHES "\\[error\\]" OR NOT out MATCHES "\\[ok\\]    UNet")
  message(FATAL_ERROR "check output is not all ok")
endif()
if(NOT out MATCHES "missing\\] Face models")
  message(FATAL_ERROR "the demo pack must report its face models as missing")
endif()
# to-single-file takes a models folder as the other commands do: discovery finds the SDXL folder.
execute_process(COMMAND "${CLI}" to-single-file "${DIR}" "${DIR}/single/demo.safetensors" fp16
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
execute_process(COMMAND "${CLI}" inspect "${DIR}/single/demo.safetensors" OUTPUT_VARIABLE info)
if(NOT rc EQUAL 0 OR NOT err MATCHES "converting .*sdxl-demo"
   OR NOT info MATCHES "model.diffusion_model.input_blocks.0.0.weight +F16"
   OR NOT info MATCHES "first_stage_model.decoder.conv_in.weight +F16")
  message(FATAL_ERROR "to-single-file on the pack's root failed (${rc}):\n${err}\n${info}")
endif()
# Bad input is refused before anything is written: precision, output name, a file already single.
foreach(case "${DIR}|${DIR}/x.safetensors|f16|precision \"f16\" is not fp16, bf16 or fp32"
             "${DIR}|${DIR}/x.ckpt|fp16|give the file a .safetensors name"
             "${DIR}/single/demo.safetensors|${DIR}/y.safetensors|fp16|a single file already")
  string(REPLACE "|" ";" parts "${case}")
  list(GET parts 0 in)
  list(GET parts 1 to)
  list(GET parts 2 precision)
  list(GET parts 3 expected)
  execute_process(COMMAND "${CLI}" to-single-file "${in}" "${to}" ${precision}
                  RESULT_VARIABLE rc ERROR_VARIABLE err)
  if(rc EQUAL 0 OR NOT err MATCHES "${expected}" OR EXISTS "${to}")
    message(FATAL_ERROR "to-single-file ${in} ${to} ${precision} was not refused clearly:\n${err}")
  endif()
endforeach()
