#include "platform/host/log.h"

#include <stdio.h>

namespace wick {
namespace {
host::LogSink g_sink = nullptr;
void* g_sink_user = nullptr;
LogLevel g_min_level = LogLevel::Info;
}  // namespace

namespace host {
void set_log_sink(LogSink sink, void* user) {
  g_sink = sink;
  g_sink_user = user;
}
void set_log_level(LogLevel level) { g_min_level = level; }
}  // namespace host

void platform_log(LogLevel level, const char* fmt, va_list args) {
  if (static_cast<int>(level) < static_cast<int>(g_min_level)) return;
  char message[512];
  vsnprintf(message, sizeof(message), fmt, args);
  if (g_sink != nullptr) {
    g_sink(level, message, g_sink_user);
    return;
  }
  static const char* const kPrefix[] = {"debug", "info", "error"};
  fprintf(stderr, "wick %s: %s\n", kPrefix[static_cast<int>(level)], message);
}

}  // namespace wick
