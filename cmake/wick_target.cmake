# wick_device_library(name sources...): a library that may run on the device,
# built with the runtime rules (no exceptions, no RTTI).
function(wick_device_library name)
  add_library(${name} STATIC ${ARGN})
  target_include_directories(${name} PUBLIC ${CMAKE_SOURCE_DIR}/include ${CMAKE_SOURCE_DIR})
  target_compile_options(${name} PRIVATE ${WICK_DEVICE_FLAGS} ${WICK_WARNINGS})
  set_target_properties(${name} PROPERTIES POSITION_INDEPENDENT_CODE ON)
endfunction()
