# wick_cortex_m_platform(<target> MEMORY <memory.ld> INSTRUCTIONS_PER_TICK <num> <shift>)
#
# Defines the platform library of one Cortex-M board: start-up, semihosting,
# wick::platform_log, instruction counter, stack high-water mark and the heap
# trap, with the board's linker script as INTERFACE link options.
#
# It is an OBJECT library so that every object reaches the link ahead of the
# C library: the vector table needs no reference to be pulled in, and the
# heap trap replaces newlib's allocator even for references from inside newlib.
set(WICK_CORTEX_M_DIR ${CMAKE_CURRENT_LIST_DIR})

function(wick_cortex_m_platform target)
  cmake_parse_arguments(P "" "MEMORY" "INSTRUCTIONS_PER_TICK" ${ARGN})
  list(GET P_INSTRUCTIONS_PER_TICK 0 num)
  list(GET P_INSTRUCTIONS_PER_TICK 1 shift)
  set(dir ${WICK_CORTEX_M_DIR})
  add_library(${target} OBJECT
    ${dir}/startup.cpp
    ${dir}/instruction_counter.cpp
    ${dir}/stack.cpp
    ${dir}/semihosting.cpp
    ${dir}/log.cpp
    ${dir}/heap_trap.cpp
    ${dir}/runtime_support.cpp)
  target_include_directories(${target} PUBLIC ${CMAKE_SOURCE_DIR}/include ${CMAKE_SOURCE_DIR})
  target_compile_options(${target} PRIVATE ${WICK_DEVICE_FLAGS} ${WICK_WARNINGS})
  target_compile_definitions(${target} PRIVATE
    WICK_INSTRUCTIONS_PER_TICK_NUM=${num}u WICK_INSTRUCTIONS_PER_TICK_SHIFT=${shift})
  # The full newlib, not nano: nano's printf cannot format long long (%lld),
  # which the runtime's messages use. nosys: stubs for the POSIX calls
  # nothing here makes. No crt0: startup.cpp starts.
  target_link_options(${target} INTERFACE
    -nostartfiles --specs=nosys.specs
    -T${P_MEMORY} -L${dir} -Wl,--gc-sections)
  set_property(TARGET ${target} APPEND PROPERTY INTERFACE_LINK_DEPENDS
    ${P_MEMORY} ${dir}/sections.ld)
endfunction()
