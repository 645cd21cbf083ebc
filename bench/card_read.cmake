# Included from bench/CMakeLists.txt. Runs as root: it starts its own pcscd (see card_rig.hpp).
add_executable(card_read_bench
  ${CMAKE_CURRENT_LIST_DIR}/card_read.cpp
  ${PROJECT_SOURCE_DIR}/tests/integration/card/card_rig.cpp)
target_link_libraries(card_read_bench PRIVATE madoguchi_drivers madoguchi_warnings)
target_compile_definitions(card_read_bench PRIVATE MYNACARD_SIM="$<TARGET_FILE:mynacard-sim>")
add_dependencies(card_read_bench mynacard-sim)
