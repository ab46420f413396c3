#include "examples/tiny_rps/firmware/game_args.h"

#include <string.h>

#include "wick/log.h"

namespace tiny_rps {
namespace {

bool parse_u64(const char* text, size_t length, uint64_t* value) {
  if (length == 0 || length > 19) return false;
  uint64_t v = 0;
  for (size_t i = 0; i < length; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    v = v * 10 + static_cast<uint64_t>(text[i] - '0');
  }
  *value = v;
  return true;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r'; }

}  // namespace

wick::Error parse_game_args(wick::Span<const char> text, GameArgs* args) {
  size_t pos = 0;
  int line_number = 0;
  while (pos < text.size()) {
    size_t end = pos;
    while (end < text.size() && text[end] != '\n') ++end;
    ++line_number;
    size_t a = pos;
    size_t b = end;
    pos = end + 1;
    while (a < b && is_space(text[a])) ++a;
    while (b > a && is_space(text[b - 1])) --b;
    if (a == b || text[a] == '#') continue;
    size_t key_end = a;
    while (key_end < b && !is_space(text[key_end])) ++key_end;
    size_t value = key_end;
    while (value < b && is_space(text[value])) ++value;
    const char* key = text.data() + a;
    const size_t key_length = key_end - a;
    const char* val = text.data() + value;
    const size_t val_length = b - value;
    uint64_t number = 0;
    auto is_key = [&](const char* name) {
      return key_length == strlen(name) && memcmp(key, name, key_length) == 0;
    };
    if (is_key("seed") && parse_u64(val, val_length, &number)) {
      args->seed = number;
    } else if (is_key("auto") && parse_u64(val, val_length, &number) && number > 0 &&
               number <= 1000000) {
      args->auto_rounds = static_cast<uint32_t>(number);
    } else if (is_key("art") && parse_u64(val, val_length, &number) && number <= UINT32_MAX) {
      args->art_rounds = static_cast<uint32_t>(number);
    } else if (is_key("record") && val_length > 0 && val_length < sizeof(args->record)) {
      memcpy(args->record, val, val_length);
      args->record[val_length] = '\0';
    } else {
      WICK_LOG(Error,
               "tiny_rps_game.txt line %d: expected 'seed N', 'auto N' (1..1000000), "
               "'art N' or 'record PATH' (< %d bytes)",
               line_number, kMaxPath);
      return wick::Error::InvalidArgument;
    }
  }
  return wick::Error::Ok;
}

}  // namespace tiny_rps
