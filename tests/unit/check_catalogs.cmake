# Extracts every tr() string from the sources and checks that each catalog has all of
# them, fully translated.
file(GLOB_RECURSE sources RELATIVE ${SOURCE_DIR}
  ${SOURCE_DIR}/kiosk/*.cpp ${SOURCE_DIR}/screens/*.cpp ${SOURCE_DIR}/drivers/*.cpp)
execute_process(
  COMMAND ${XGETTEXT} --language=C++ --from-code=UTF-8 --keyword=tr
          -o ${WORK_DIR}/extracted.pot ${sources}
  WORKING_DIRECTORY ${SOURCE_DIR} RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "xgettext failed")
endif()
file(GLOB catalogs ${SOURCE_DIR}/assets/i18n/*.po)
foreach(po ${catalogs})
  execute_process(COMMAND ${MSGCMP} ${po} ${WORK_DIR}/extracted.pot RESULT_VARIABLE result ERROR_VARIABLE errors)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "${po} lacks strings the code shows:\n${errors}")
  endif()
  execute_process(COMMAND ${MSGFMT} --check --statistics -o /dev/null ${po} ERROR_VARIABLE stats RESULT_VARIABLE result)
  if(NOT result EQUAL 0 OR stats MATCHES "untranslated|fuzzy")
    message(FATAL_ERROR "${po} is not fully translated: ${stats}")
  endif()
endforeach()
message(STATUS "catalogs complete")
