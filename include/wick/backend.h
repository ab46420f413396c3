// Delegate interface: a backend compiles nothing at run time; it receives the
// blob the exporter produced for it (INLINE or SEGMENT data) and executes it.
// Backends are listed in constexpr tables, like kernels.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "wick/arena.h"
#include "wick/data_map.h"
#include "wick/error.h"
#include "wick/evalue.h"
#include "wick/result.h"
#include "wick/span.h"

namespace wick {

struct CompileSpec {
  const char* key;  // not NUL-terminated; key_size bytes
  size_t key_size;
  Span<const uint8_t> value;
};

struct BackendInitContext {
  Arena* method_arena;       // lives as long as the method
  const DataMap* named_data; // program named_data merged with an external .ptd
  const char* method_name;
};

struct BackendExecuteContext {
  Arena* temp_arena;  // reset after the call
  const char* method_name;
};

using DelegateHandle = void;

struct Backend {
  const char* id;  // BackendDelegate.id, e.g. "TOSABackend"
  // `processed` stays valid for the program's lifetime (zero-copy).
  Result<DelegateHandle*> (*init)(BackendInitContext& ctx, Span<const uint8_t> processed,
                                  Span<const CompileSpec> specs);
  // args: the delegate's flattened inputs followed by its outputs.
  Error (*execute)(BackendExecuteContext& ctx, DelegateHandle* handle, Span<EValue*> args);
  void (*destroy)(DelegateHandle* handle);  // may be null
};

using BackendTable = Span<const Backend>;

}  // namespace wick
