// Host log sink: stderr by default; tools and the Python binding can capture
// messages instead (to attach the runtime's words to an exception).
#pragma once

#include <stddef.h>

#include "wick/log.h"

namespace wick {
namespace host {

using LogSink = void (*)(LogLevel level, const char* message, void* user);

// Null sink restores stderr. Not thread-safe: set it before loading.
void set_log_sink(LogSink sink, void* user);

// Messages below this level are dropped (default Info).
void set_log_level(LogLevel level);

}  // namespace host
}  // namespace wick
