#include "tools/firmware/runner_args.h"

#include <string.h>

#include "wick/log.h"

namespace wick {
namespace runner {
namespace {

struct Line {
  const char* begin;
  const char* end;
};

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r'; }

Line trim(Line line) {
  while (line.begin < line.end && is_space(*line.begin)) ++line.begin;
  while (line.end > line.begin && is_space(line.end[-1])) --line.end;
  return line;
}

bool keyword_is(Line keyword, const char* name) {
  const size_t size = strlen(name);
  return static_cast<size_t>(keyword.end - keyword.begin) == size &&
         memcmp(keyword.begin, name, size) == 0;
}

Error copy_value(Line value, char (&dest)[kMaxPath], unsigned line_number) {
  const size_t size = static_cast<size_t>(value.end - value.begin);
  if (size == 0) {
    WICK_LOG(Error, "runner_args.txt:%u: the directive needs a value", line_number);
    return Error::InvalidArgument;
  }
  if (size >= kMaxPath) {
    WICK_LOG(Error, "runner_args.txt:%u: a value of %u bytes, at most %u fit", line_number,
             static_cast<unsigned>(size), static_cast<unsigned>(kMaxPath - 1));
    return Error::InvalidArgument;
  }
  memcpy(dest, value.begin, size);
  dest[size] = '\0';
  return Error::Ok;
}

Error parse_line(Line line, unsigned line_number, Args* args) {
  Line keyword{line.begin, line.begin};
  while (keyword.end < line.end && !is_space(*keyword.end)) ++keyword.end;
  const Line value = trim(Line{keyword.end, line.end});
  if (keyword_is(keyword, "program")) return copy_value(value, args->program, line_number);
  if (keyword_is(keyword, "method")) return copy_value(value, args->method, line_number);
  if (keyword_is(keyword, "output_dir")) return copy_value(value, args->output_dir, line_number);
  if (keyword_is(keyword, "input")) {
    if (args->num_inputs == kMaxInputs) {
      WICK_LOG(Error, "runner_args.txt:%u: more than %u inputs", line_number,
               static_cast<unsigned>(kMaxInputs));
      return Error::InvalidArgument;
    }
    WICK_TRY(copy_value(value, args->inputs[args->num_inputs], line_number));
    ++args->num_inputs;
    return Error::Ok;
  }
  if (keyword_is(keyword, "profile") && value.begin == value.end) {
    args->profile = true;
    return Error::Ok;
  }
  WICK_LOG(Error, "runner_args.txt:%u: unknown directive '%.*s'", line_number,
           static_cast<int>(line.end - line.begin), line.begin);
  return Error::InvalidArgument;
}

}  // namespace

Error parse_args(Span<const char> text, Args* args) {
  const char* p = text.data();
  const char* const end = text.data() + text.size();
  for (unsigned line_number = 1; p < end; ++line_number) {
    const char* eol = p;
    while (eol < end && *eol != '\n') ++eol;
    const Line line = trim(Line{p, eol});
    p = eol < end ? eol + 1 : end;
    if (line.begin == line.end || *line.begin == '#') continue;
    WICK_TRY(parse_line(line, line_number, args));
  }
  return Error::Ok;
}

}  // namespace runner
}  // namespace wick
