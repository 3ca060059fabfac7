# The CLI (demo pack, a generation, a check) and the studio (started offscreen on the demo pack,
# kept running 8 s) with internet sockets refused and logged: the log must stay empty. The shim
# sees every socket() a program or library calls (Qt, curl, ...); glibc's own resolver uses an
# internal entry point, so name lookups alone would pass unseen.
set(LOG "${DIR}/network.log")
file(REMOVE_RECURSE "${DIR}")
file(MAKE_DIRECTORY "${DIR}")
set(ENV{LD_PRELOAD} "${SHIM}")
set(ENV{HL_NETWORK_LOG} "${LOG}")
set(ENV{QT_QPA_PLATFORM} offscreen)
set(ENV{HOME} "${DIR}/home")
set(ENV{XDG_RUNTIME_DIR} "${DIR}")
execute_process(COMMAND "${CLI}" make-demo-pack "${DIR}/pack" RESULT_VARIABLE rc OUTPUT_QUIET)
execute_process(COMMAND "${CLI}" check "${DIR}/pack" RESULT_VARIABLE rc2 OUTPUT_QUIET)
execute_process(COMMAND "${CLI}" generate --model "${DIR}/pack" --prompt "no network" --width 64 --height 64
                        --steps 2 --out "${DIR}/out.png" RESULT_VARIABLE rc3 OUTPUT_QUIET ERROR_QUIET)
if(NOT rc EQUAL 0 OR NOT rc2 EQUAL 0 OR NOT rc3 EQUAL 0)
  message(FATAL_ERROR "the CLI failed without network: ${rc} ${rc2} ${rc3}")
endif()
execute_process(COMMAND timeout 8 "${STUDIO}" --models "${DIR}/pack" RESULT_VARIABLE rc4 OUTPUT_QUIET ERROR_QUIET)
if(NOT rc4 EQUAL 124)
  message(FATAL_ERROR "the studio did not keep running without network (exit ${rc4})")
endif()
if(EXISTS "${LOG}")
  file(READ "${LOG}" opened)
  message(FATAL_ERROR "internet sockets were opened:\n${opened}")
endif()
# The shim itself works: a program that does open one is caught.
execute_process(COMMAND bash -c "echo > /dev/tcp/127.0.0.1/9" RESULT_VARIABLE ignored OUTPUT_QUIET ERROR_QUIET)
if(NOT EXISTS "${LOG}")
  message(FATAL_ERROR "the shim logged nothing for bash's /dev/tcp, so it would not see the programs either")
endif()
message("internet sockets opened by the CLI and the studio: none (bash's /dev/tcp, as a control: caught)")
