# Common warning flags for every target the project owns. Third-party headers come in as SYSTEM
# includes so that -Werror applies to our code only.
function(trocar_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow=local
                                           -Wno-deprecated-declarations)
  if(TROCAR_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

# trocar_module(NAME <name> SOURCES ... [PUBLIC_DEPS ...] [PRIVATE_DEPS ...])
# Makes the library target trocar_<name> with the alias trocar::<name>; public headers live in
# modules/<name>/include/trocar/<name>/.
function(trocar_module)
  cmake_parse_arguments(M "" "NAME" "SOURCES;PUBLIC_DEPS;PRIVATE_DEPS" ${ARGN})
  set(target trocar_${M_NAME})
  add_library(${target} STATIC ${M_SOURCES})
  add_library(trocar::${M_NAME} ALIAS ${target})
  target_include_directories(${target} PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/include)
  target_link_libraries(${target} PUBLIC ${M_PUBLIC_DEPS} PRIVATE ${M_PRIVATE_DEPS})
  set_target_properties(${target} PROPERTIES POSITION_INDEPENDENT_CODE ON)
  trocar_set_warnings(${target})
endfunction()
