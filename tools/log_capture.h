// Collects the runtime's log lines during one operation, so host tools can
// print them as one error message (or raise them as a Python exception).
#pragma once

#include <string>

#include "platform/host/log.h"

namespace wick {
namespace tools {

class LogCapture {
 public:
  LogCapture() {
    host::set_log_sink(
        [](LogLevel, const char* message, void* user) {
          std::string* text = static_cast<std::string*>(user);
          if (!text->empty()) *text += "\n";
          *text += message;
        },
        &text_);
  }
  ~LogCapture() { host::set_log_sink(nullptr, nullptr); }
  LogCapture(const LogCapture&) = delete;
  LogCapture& operator=(const LogCapture&) = delete;

  const std::string& text() const { return text_; }
  // "what: <Error>" plus the captured lines.
  std::string message(const std::string& what, Error error) const {
    std::string out = what + ": " + error_name(error);
    if (!text_.empty()) out += "\n" + text_;
    return out;
  }

 private:
  std::string text_;
};

}  // namespace tools
}  // namespace wick
