find_package(GTest REQUIRED)
include(GoogleTest)

# trocar_test(NAME <name> SOURCES ... LIBS ... LABELS ... [XVFB])
# One GoogleTest executable; each TEST becomes its own ctest entry with the given labels.
# GUI tests run under `xvfb-run -a` so they work on a machine with no display.
function(trocar_test)
  cmake_parse_arguments(T "XVFB" "NAME" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(${T_NAME} ${T_SOURCES})
  target_link_libraries(${T_NAME} PRIVATE ${T_LIBS} trocar_test_support GTest::gtest GTest::gtest_main)
  trocar_set_warnings(${T_NAME})
  if(T_XVFB)
    set_target_properties(${T_NAME} PROPERTIES CROSSCOMPILING_EMULATOR "xvfb-run;-a")
  endif()
  gtest_discover_tests(${T_NAME}
    DISCOVERY_TIMEOUT 60
    WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})
  # Labels are set after discovery, from a CTest include file over the discovered list: passing a
  # list through gtest_discover_tests' PROPERTIES loses all labels but the first.
  # GUI tests measure the UI thread's responsiveness: they run alone (RUN_SERIAL), so that another
  # test process does not take the cores they are timing.
  set(extra_properties "")
  if(T_XVFB)
    set(extra_properties " RUN_SERIAL TRUE")
  endif()
  set(label_file ${CMAKE_CURRENT_BINARY_DIR}/${T_NAME}_labels.cmake)
  file(WRITE ${label_file}
       "foreach(test_name IN LISTS ${T_NAME}_TESTS)\n"
       "  set_tests_properties(\"\${test_name}\" PROPERTIES LABELS \"${T_LABELS}\"${extra_properties})\n"
       "endforeach()\n")
  set_property(DIRECTORY APPEND PROPERTY TEST_INCLUDE_FILES ${label_file})
endfunction()
