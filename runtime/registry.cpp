#include <string.h>

#include "runtime/method_internal.h"
#include "wick/registry.h"

namespace wick {

bool format_op_name(const char* name, size_t name_size, const char* overload,
                    size_t overload_size, char* out, size_t out_size) {
  const size_t needed = name_size + (overload_size > 0 ? 1 + overload_size : 0) + 1;
  if (needed > out_size) return false;
  memcpy(out, name, name_size);
  size_t n = name_size;
  if (overload_size > 0) {
    out[n++] = '.';
    memcpy(out + n, overload, overload_size);
    n += overload_size;
  }
  out[n] = '\0';
  return true;
}

const OpEntry* find_kernel(const Registry& registry, const char* name, Span<EValue* const> args,
                           bool* name_found) {
  *name_found = false;
  for (const OpTable& table : registry.op_tables) {
    for (const OpEntry& entry : table) {
      if (strcmp(entry.name, name) != 0) continue;
      *name_found = true;
      if (entry.accepts == nullptr || entry.accepts(args)) return &entry;
    }
  }
  return nullptr;
}

const Backend* find_backend(const Registry& registry, const char* id) {
  for (const Backend& backend : registry.backends) {
    if (strcmp(backend.id, id) == 0) return &backend;
  }
  return nullptr;
}

}  // namespace wick
