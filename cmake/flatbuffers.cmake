# Generates the schema readers with Debian's flatc and exposes the headers as
# the interface library `wick_schema`.
find_program(FLATC flatc REQUIRED)
set(WICK_SCHEMA_DIR ${CMAKE_SOURCE_DIR}/runtime/schema)
set(WICK_SCHEMA_OUT ${CMAKE_BINARY_DIR}/generated/wick/schema)
set(WICK_SCHEMAS scalar_type program bundled_program flat_tensor flat_tensor_legacy)
set(generated)
foreach(s ${WICK_SCHEMAS})
  list(APPEND generated ${WICK_SCHEMA_OUT}/${s}_generated.h)
endforeach()
set(schema_files)
foreach(s ${WICK_SCHEMAS})
  list(APPEND schema_files ${WICK_SCHEMA_DIR}/${s}.fbs)
endforeach()
add_custom_command(
  OUTPUT ${generated}
  COMMAND ${FLATC} --cpp --scoped-enums -o ${WICK_SCHEMA_OUT} ${schema_files}
  DEPENDS ${schema_files}
  COMMENT "flatc: generating schema readers")
add_custom_target(wick_schema_gen DEPENDS ${generated})

# The cross compiler must see only the flatbuffers headers, never the host's
# /usr/include (it would pull in glibc headers).
set(WICK_FB_INCLUDE ${CMAKE_BINARY_DIR}/flatbuffers_include)
file(MAKE_DIRECTORY ${WICK_FB_INCLUDE})
if(NOT EXISTS ${WICK_FB_INCLUDE}/flatbuffers)
  file(CREATE_LINK /usr/include/flatbuffers ${WICK_FB_INCLUDE}/flatbuffers SYMBOLIC)
endif()

add_library(wick_schema INTERFACE)
add_dependencies(wick_schema wick_schema_gen)
target_include_directories(wick_schema INTERFACE ${CMAKE_BINARY_DIR}/generated ${WICK_FB_INCLUDE})
