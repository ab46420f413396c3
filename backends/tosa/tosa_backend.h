// The TOSA 1.0 interpreter delegate (backend id "TOSABackend"): executes the
// TOSA flatbuffer the exporter stored as the delegate blob, with the
// specification's integer semantics (PRO-INT bit-exact) and fp32 (PRO-FP).
#pragma once

#include "wick/backend.h"

namespace wick {
namespace tosa {

// A one-entry table for a Registry's `backends`.
BackendTable backend_table();

}  // namespace tosa
}  // namespace wick
