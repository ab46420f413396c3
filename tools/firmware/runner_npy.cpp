#include "tools/firmware/runner_npy.h"

#include <stdio.h>
#include <string.h>

#include "wick/log.h"

namespace wick {
namespace runner {
namespace {

struct DtypeCode {
  const char* code;  // numpy's descr without the byte-order character
  ScalarType type;
};

constexpr DtypeCode kDtypes[] = {
    {"f4", ScalarType::Float}, {"f8", ScalarType::Double},  {"f2", ScalarType::Half},
    {"i1", ScalarType::Char},  {"u1", ScalarType::Byte},    {"i2", ScalarType::Short},
    {"i4", ScalarType::Int},   {"i8", ScalarType::Long},    {"b1", ScalarType::Bool},
    {"u2", ScalarType::UInt16}, {"u4", ScalarType::UInt32}, {"u8", ScalarType::UInt64},
};

// The header text, a Python dict literal, as a bounded character range.
struct Text {
  const char* begin;
  const char* end;
};

// Position just after "'key':" and any spaces, or nullptr.
const char* find_value(Text header, const char* key) {
  const size_t key_size = strlen(key);
  for (const char* p = header.begin; p + key_size + 2 <= header.end; ++p) {
    if (p[0] != '\'' || memcmp(p + 1, key, key_size) != 0 || p[key_size + 1] != '\'') continue;
    const char* q = p + key_size + 2;
    while (q < header.end && *q == ' ') ++q;
    if (q >= header.end || *q != ':') return nullptr;
    ++q;
    while (q < header.end && *q == ' ') ++q;
    return q < header.end ? q : nullptr;
  }
  return nullptr;
}

Error parse_descr(Text header, ScalarType* type) {
  const char* p = find_value(header, "descr");
  if (p == nullptr || *p != '\'') {
    WICK_LOG(Error, "npy: no 'descr' in the header");
    return Error::InvalidArgument;
  }
  const char* begin = p + 1;
  const char* end = begin;
  while (end < header.end && *end != '\'') ++end;
  if (end >= header.end) {
    WICK_LOG(Error, "npy: unterminated 'descr'");
    return Error::InvalidArgument;
  }
  if (end > begin && *begin == '>') {
    WICK_LOG(Error, "npy: big-endian data is not supported");
    return Error::NotSupported;
  }
  if (end > begin && (*begin == '<' || *begin == '|' || *begin == '=')) ++begin;
  const size_t size = static_cast<size_t>(end - begin);
  if (size == 1 && *begin == '?') {
    *type = ScalarType::Bool;
    return Error::Ok;
  }
  for (const DtypeCode& d : kDtypes) {
    if (size == strlen(d.code) && memcmp(begin, d.code, size) == 0) {
      *type = d.type;
      return Error::Ok;
    }
  }
  WICK_LOG(Error, "npy: unsupported dtype '%.*s'", static_cast<int>(size), begin);
  return Error::NotSupported;
}

Error parse_shape(Text header, NpyView* view) {
  const char* p = find_value(header, "shape");
  if (p == nullptr || *p != '(') {
    WICK_LOG(Error, "npy: no 'shape' in the header");
    return Error::InvalidArgument;
  }
  ++p;
  view->dim = 0;
  for (;;) {
    while (p < header.end && (*p == ' ' || *p == ',')) ++p;
    if (p >= header.end) {
      WICK_LOG(Error, "npy: unterminated 'shape'");
      return Error::InvalidArgument;
    }
    if (*p == ')') return Error::Ok;
    if (*p < '0' || *p > '9') {
      WICK_LOG(Error, "npy: malformed 'shape' at '%c'", *p);
      return Error::InvalidArgument;
    }
    if (view->dim == kMaxRank) {
      WICK_LOG(Error, "npy: more than %d dimensions", kMaxRank);
      return Error::InvalidArgument;
    }
    int64_t value = 0;
    while (p < header.end && *p >= '0' && *p <= '9') {
      value = value * 10 + (*p - '0');
      if (value > INT32_MAX) {
        WICK_LOG(Error, "npy: dimension %u is larger than %ld", static_cast<unsigned>(view->dim),
                 static_cast<long>(INT32_MAX));
        return Error::InvalidArgument;
      }
      ++p;
    }
    view->sizes[view->dim++] = static_cast<int32_t>(value);
  }
}

bool is_fortran_order(Text header) {
  const char* p = find_value(header, "fortran_order");
  return p != nullptr && header.end - p >= 4 && memcmp(p, "True", 4) == 0;
}

const char* descr_of(ScalarType type) {
  switch (type) {
    case ScalarType::Float: return "<f4";
    case ScalarType::Double: return "<f8";
    case ScalarType::Half: return "<f2";
    case ScalarType::Char: return "|i1";
    case ScalarType::Byte: return "|u1";
    case ScalarType::Short: return "<i2";
    case ScalarType::Int: return "<i4";
    case ScalarType::Long: return "<i8";
    case ScalarType::Bool: return "|b1";
    case ScalarType::UInt16: return "<u2";
    case ScalarType::UInt32: return "<u4";
    case ScalarType::UInt64: return "<u8";
    default: return nullptr;
  }
}

}  // namespace

Result<NpyView> parse_npy(Span<const uint8_t> file) {
  static const uint8_t kMagic[] = {0x93, 'N', 'U', 'M', 'P', 'Y'};
  if (file.size() < 10 || memcmp(file.data(), kMagic, sizeof(kMagic)) != 0) {
    WICK_LOG(Error, "npy: not a .npy file (no \\x93NUMPY magic)");
    return Error::InvalidArgument;
  }
  const uint8_t major = file[6];
  size_t header_start = 10;
  size_t header_size = file[8] | (static_cast<size_t>(file[9]) << 8);
  if (major == 2 || major == 3) {
    if (file.size() < 12) {
      WICK_LOG(Error, "npy: truncated header");
      return Error::InvalidArgument;
    }
    header_start = 12;
    header_size = header_size | (static_cast<size_t>(file[10]) << 16) |
                  (static_cast<size_t>(file[11]) << 24);
  } else if (major != 1) {
    WICK_LOG(Error, "npy: unsupported format version %u", static_cast<unsigned>(major));
    return Error::NotSupported;
  }
  if (header_size > file.size() - header_start) {
    WICK_LOG(Error, "npy: header of %u bytes overruns the %u-byte file",
             static_cast<unsigned>(header_size), static_cast<unsigned>(file.size()));
    return Error::InvalidArgument;
  }
  const char* text = reinterpret_cast<const char*>(file.data() + header_start);
  const Text header{text, text + header_size};

  NpyView view;
  WICK_TRY(parse_descr(header, &view.dtype));
  WICK_TRY(parse_shape(header, &view));
  if (is_fortran_order(header)) {
    WICK_LOG(Error, "npy: Fortran-ordered arrays are not supported");
    return Error::NotSupported;
  }
  if (!checked_numel(view.sizes, view.dim, &view.numel)) {
    WICK_LOG(Error, "npy: the shape's element count overflows");
    return Error::InvalidArgument;
  }
  const size_t element = element_size(view.dtype);
  const size_t available = file.size() - header_start - header_size;
  if (view.numel > available / element) {
    WICK_LOG(Error, "npy: %u elements of %u bytes need more than the %u data bytes present",
             static_cast<unsigned>(view.numel), static_cast<unsigned>(element),
             static_cast<unsigned>(available));
    return Error::InvalidArgument;
  }
  view.data = file.subspan(header_start + header_size, view.numel * element);
  return view;
}

Result<size_t> encode_npy_header(ScalarType dtype, Span<const int32_t> sizes, Span<char> out) {
  const char* descr = descr_of(dtype);
  if (descr == nullptr) {
    WICK_LOG(Error, "npy: no .npy dtype for %s", scalar_type_name(dtype));
    return Error::NotSupported;
  }
  constexpr size_t kPrefix = 10;  // magic, version, header length
  if (out.size() < kPrefix + 64) return Error::OutOfResources;
  char* dict = out.data() + kPrefix;
  const size_t room = out.size() - kPrefix;
  int n = snprintf(dict, room, "{'descr': '%s', 'fortran_order': False, 'shape': (", descr);
  // numpy's tuple spelling: (), (5,), (1, 12).
  for (size_t i = 0; i < sizes.size() && n > 0 && static_cast<size_t>(n) < room; ++i) {
    const char* separator = sizes.size() == 1 ? "," : (i + 1 < sizes.size() ? ", " : "");
    n += snprintf(dict + n, room - n, "%ld%s", static_cast<long>(sizes[i]), separator);
  }
  if (n > 0 && static_cast<size_t>(n) < room) n += snprintf(dict + n, room - n, "), }");
  // Pad with spaces so that magic + header + '\n' is a multiple of 64 bytes.
  const size_t unpadded = kPrefix + static_cast<size_t>(n) + 1;
  const size_t total = (unpadded + 63) / 64 * 64;
  if (n <= 0 || total > out.size()) {
    WICK_LOG(Error, "npy: a rank-%u header does not fit %u bytes",
             static_cast<unsigned>(sizes.size()), static_cast<unsigned>(out.size()));
    return Error::OutOfResources;
  }
  memset(dict + n, ' ', total - unpadded);
  out[total - 1] = '\n';
  static const uint8_t kMagic[] = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};
  memcpy(out.data(), kMagic, sizeof(kMagic));
  const size_t header_size = total - kPrefix;
  out[8] = static_cast<char>(header_size & 0xff);
  out[9] = static_cast<char>(header_size >> 8);
  return total;
}

}  // namespace runner
}  // namespace wick
