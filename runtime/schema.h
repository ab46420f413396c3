// The generated schema readers, with flatbuffers' internal asserts disabled:
// every malformed input must come back as an Error from the verifier or our
// own checks, never as an assert.
#pragma once

#define FLATBUFFERS_ASSERT(x) ((void)0)
#include "wick/schema/bundled_program_generated.h"
#include "wick/schema/flat_tensor_generated.h"
#include "wick/schema/flat_tensor_legacy_generated.h"
#include "wick/schema/program_generated.h"
