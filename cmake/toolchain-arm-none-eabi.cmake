# Bare-metal Arm Cortex-M with Debian's arm-none-eabi-gcc 12 and newlib.
#
#   cmake -DCMAKE_TOOLCHAIN_FILE=cmake/toolchain-arm-none-eabi.cmake -DWICK_CPU=cortex-m4 ...
#
# WICK_CPU picks the core and its floating-point unit (always hard-float ABI):
#   cortex-m55  Helium (MVE) + FPU   -> QEMU mps3-an547 (platform corstone300)
#   cortex-m4   fpv4-sp-d16          -> QEMU mps2-an386 (platform mps2)
#   cortex-m7   fpv5-d16             -> QEMU mps2-an500 (platform mps2)
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR arm)

set(WICK_CPU "cortex-m55" CACHE STRING "cortex-m55 | cortex-m4 | cortex-m7")
# try_compile projects re-read this file without the cache; pass the CPU on.
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES WICK_CPU)
# There is no startup code for test executables: probe with static libraries.
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

find_program(WICK_ARM_GCC arm-none-eabi-gcc)
if(NOT WICK_ARM_GCC)
  message(FATAL_ERROR "arm-none-eabi-gcc is not on PATH: install Debian's gcc-arm-none-eabi, "
    "libnewlib-arm-none-eabi and libstdc++-arm-none-eabi-newlib (./wick does when it builds "
    "for m55, m4 or m7)")
endif()
set(CMAKE_C_COMPILER arm-none-eabi-gcc)
set(CMAKE_CXX_COMPILER arm-none-eabi-g++)
set(CMAKE_ASM_COMPILER arm-none-eabi-gcc)
set(CMAKE_AR arm-none-eabi-ar CACHE FILEPATH "")
set(CMAKE_RANLIB arm-none-eabi-ranlib CACHE FILEPATH "")
set(CMAKE_OBJCOPY arm-none-eabi-objcopy CACHE FILEPATH "")
set(CMAKE_SIZE arm-none-eabi-size CACHE FILEPATH "")
set(CMAKE_NM arm-none-eabi-nm CACHE FILEPATH "")

if(WICK_CPU STREQUAL "cortex-m55")
  set(WICK_CPU_FLAGS "-mcpu=cortex-m55 -mfloat-abi=hard")
elseif(WICK_CPU STREQUAL "cortex-m4")
  set(WICK_CPU_FLAGS "-mcpu=cortex-m4 -mfpu=fpv4-sp-d16 -mfloat-abi=hard")
elseif(WICK_CPU STREQUAL "cortex-m7")
  set(WICK_CPU_FLAGS "-mcpu=cortex-m7 -mfpu=fpv5-d16 -mfloat-abi=hard")
else()
  message(FATAL_ERROR "WICK_CPU=${WICK_CPU}: expected cortex-m55, cortex-m4 or cortex-m7")
endif()

# The CPU flags go on the link line too (CMake passes CMAKE_<LANG>_FLAGS to the
# linker driver), so gcc picks the matching newlib/libgcc multilib.
set(WICK_COMMON_FLAGS "${WICK_CPU_FLAGS} -mthumb -ffunction-sections -fdata-sections")
set(CMAKE_C_FLAGS_INIT "${WICK_COMMON_FLAGS}")
set(CMAKE_CXX_FLAGS_INIT "${WICK_COMMON_FLAGS}")
set(CMAKE_ASM_FLAGS_INIT "${WICK_CPU_FLAGS} -mthumb")

# Per-configuration optimisation (-O2 Release, -Os MinSizeRel) and no -fPIC:
# set after CMake's own compiler rules, which would append -O3.
set(CMAKE_USER_MAKE_RULES_OVERRIDE ${CMAKE_CURRENT_LIST_DIR}/toolchain-arm-none-eabi-rules.cmake)

# Host programs (flatc) from the host; headers and libraries never from the host.
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
