// Registry: what an executable links in. The loader resolves every operator
// and delegate of a method against it, once, at load time.
#pragma once

#include "wick/backend.h"
#include "wick/kernel.h"
#include "wick/span.h"

namespace wick {

struct Registry {
  // Searched in order; within a table, the first entry whose name matches and
  // whose `accepts` (if any) accepts the arguments wins. Put specialised
  // tables (e.g. Helium kernels) before reference ones.
  Span<const OpTable> op_tables;
  Span<const Backend> backends;
};

// Formats "name.overload" (or "name" when overload is empty) into out.
// Returns false when it does not fit.
bool format_op_name(const char* name, size_t name_size, const char* overload,
                    size_t overload_size, char* out, size_t out_size);

}  // namespace wick
