# Builds the .deb with CPack and checks what it carries (files and dependencies).
execute_process(COMMAND ${CMAKE_COMMAND} -E env CPACK_THREADS=2 cpack -G DEB -B "${BUILD}/package"
                WORKING_DIRECTORY "${BUILD}" RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cpack failed:\n${out}\n${err}")
endif()
file(GLOB debs "${BUILD}/package/*.deb")
list(GET debs 0 deb)
execute_process(COMMAND dpkg-deb -c "${deb}" OUTPUT_VARIABLE files)
foreach(f usr/bin/hyperlora-studio usr/bin/hyperlora-cli usr/share/applications/hyperlora-studio.desktop
          usr/share/metainfo/io.github.hyperlora_studio.metainfo.xml usr/share/man/man1/hyperlora-cli.1
          usr/share/icons/hicolor/scalable/apps/hyperlora-studio.svg
          usr/share/icons/hicolor/256x256/apps/hyperlora-studio.png
          usr/share/hyperlora-studio/translations/hyperlora_studio_zh_CN.qm
          THIRD-PARTY-NOTICES.md)
  if(NOT files MATCHES "${f}")
    message(FATAL_ERROR "the package lacks ${f}:\n${files}")
  endif()
endforeach()
if(files MATCHES "\\.safetensors|\\.onnx")
  message(FATAL_ERROR "the package must not carry model weights")
endif()
execute_process(COMMAND dpkg-deb -f "${deb}" Depends OUTPUT_VARIABLE depends)
message("Depends: ${depends}")
foreach(d qt6-qpa-plugins libopenblas0-pthread libqt6sql6-sqlite libtorch libqt6widgets6 libopencv-dnn)
  if(NOT depends MATCHES "${d}")
    message(FATAL_ERROR "Depends lacks ${d}: ${depends}")
  endif()
endforeach()
