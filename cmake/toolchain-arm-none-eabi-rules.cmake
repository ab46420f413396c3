# Loaded by toolchain-arm-none-eabi.cmake after CMake's compiler rules (which
# append -O3 to Release and add -fPIC for position-independent targets).
foreach(lang C CXX)
  # Release is for speed (kernels, instruction counts), as in docs/anchors.md;
  # MinSizeRel is for size reports.
  set(CMAKE_${lang}_FLAGS_RELEASE_INIT "-O2 -DNDEBUG")
  set(CMAKE_${lang}_FLAGS_MINSIZEREL_INIT "-Os -DNDEBUG")
  set(CMAKE_${lang}_FLAGS_RELWITHDEBINFO_INIT "-O2 -g -DNDEBUG")
  set(CMAKE_${lang}_FLAGS_DEBUG_INIT "-Og -g")
endforeach()
# A statically linked bare-metal image has no use for position-independent
# code, which costs GOT loads.
foreach(lang C CXX ASM)
  set(CMAKE_${lang}_COMPILE_OPTIONS_PIC "")
  set(CMAKE_${lang}_COMPILE_OPTIONS_PIE "")
endforeach()
