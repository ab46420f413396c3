#include "tools/npy.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

namespace wick {
namespace tools {
namespace {

constexpr size_t kMaxHeader = 1 << 20;

struct DtypeName {
  const char* descr;  // without the byte-order character
  ScalarType type;
};

constexpr DtypeName kDtypes[] = {
    {"f4", ScalarType::Float}, {"f8", ScalarType::Double}, {"f2", ScalarType::Half},
    {"i1", ScalarType::Char},  {"u1", ScalarType::Byte},   {"i2", ScalarType::Short},
    {"i4", ScalarType::Int},   {"i8", ScalarType::Long},   {"b1", ScalarType::Bool},
    {"u2", ScalarType::UInt16}, {"u4", ScalarType::UInt32}, {"u8", ScalarType::UInt64},
};

// Finds the value text after 'key': in the header dict.
bool find_value(const std::string& header, const char* key, size_t* pos) {
  const std::string quoted = std::string("'") + key + "'";
  size_t p = header.find(quoted);
  if (p == std::string::npos) return false;
  p = header.find(':', p + quoted.size());
  if (p == std::string::npos) return false;
  ++p;
  while (p < header.size() && header[p] == ' ') ++p;
  *pos = p;
  return p < header.size();
}

bool parse_descr(const std::string& header, ScalarType* type, std::string* error) {
  size_t p = 0;
  if (!find_value(header, "descr", &p) || header[p] != '\'') {
    *error = "no 'descr' in the .npy header";
    return false;
  }
  const size_t end = header.find('\'', p + 1);
  if (end == std::string::npos) {
    *error = "unterminated 'descr'";
    return false;
  }
  std::string descr = header.substr(p + 1, end - p - 1);
  if (!descr.empty() && (descr[0] == '<' || descr[0] == '|' || descr[0] == '=')) {
    descr = descr.substr(1);
  } else if (!descr.empty() && descr[0] == '>') {
    *error = "big-endian .npy data is not supported; save with dtype '<" + descr.substr(1) + "'";
    return false;
  }
  if (descr == "?") descr = "b1";
  for (const DtypeName& d : kDtypes) {
    if (descr == d.descr) {
      *type = d.type;
      return true;
    }
  }
  *error = "unsupported .npy dtype '" + descr + "'";
  return false;
}

bool parse_shape(const std::string& header, std::vector<int64_t>* shape, std::string* error) {
  size_t p = 0;
  if (!find_value(header, "shape", &p) || header[p] != '(') {
    *error = "no 'shape' in the .npy header";
    return false;
  }
  const size_t end = header.find(')', p);
  if (end == std::string::npos) {
    *error = "unterminated 'shape'";
    return false;
  }
  shape->clear();
  size_t i = p + 1;
  while (i < end) {
    while (i < end && (header[i] == ' ' || header[i] == ',')) ++i;
    if (i >= end) break;
    if (header[i] < '0' || header[i] > '9') {
      *error = "malformed 'shape'";
      return false;
    }
    int64_t v = 0;
    while (i < end && header[i] >= '0' && header[i] <= '9') {
      v = v * 10 + (header[i] - '0');
      if (v > (int64_t{1} << 40)) {
        *error = "'shape' dimension too large";
        return false;
      }
      ++i;
    }
    shape->push_back(v);
    if (shape->size() > 16) {
      *error = "more than 16 dimensions";
      return false;
    }
  }
  return true;
}

}  // namespace

size_t NpyArray::numel() const {
  size_t n = 1;
  for (int64_t s : shape) n *= static_cast<size_t>(s);
  return n;
}

bool parse_npy(const uint8_t* bytes, size_t size, NpyArray* out, std::string* error) {
  static const uint8_t kMagic[] = {0x93, 'N', 'U', 'M', 'P', 'Y'};
  if (size < 10 || memcmp(bytes, kMagic, sizeof(kMagic)) != 0) {
    *error = "not a .npy file (no \\x93NUMPY magic)";
    return false;
  }
  const uint8_t major = bytes[6];
  size_t header_len = 0;
  size_t header_start = 0;
  if (major == 1) {
    header_len = bytes[8] | (bytes[9] << 8);
    header_start = 10;
  } else if (major == 2 || major == 3) {
    if (size < 12) {
      *error = "truncated .npy header";
      return false;
    }
    header_len = static_cast<size_t>(bytes[8]) | (static_cast<size_t>(bytes[9]) << 8) |
                 (static_cast<size_t>(bytes[10]) << 16) | (static_cast<size_t>(bytes[11]) << 24);
    header_start = 12;
  } else {
    *error = "unsupported .npy version " + std::to_string(major);
    return false;
  }
  if (header_len > kMaxHeader || header_start + header_len > size) {
    *error = "truncated .npy header";
    return false;
  }
  const std::string header(reinterpret_cast<const char*>(bytes + header_start), header_len);
  if (!parse_descr(header, &out->dtype, error) || !parse_shape(header, &out->shape, error)) {
    return false;
  }
  size_t p = 0;
  out->fortran_order = find_value(header, "fortran_order", &p) && header.compare(p, 4, "True") == 0;
  if (out->fortran_order) {
    *error = "Fortran-ordered .npy arrays are not supported; save with np.ascontiguousarray";
    return false;
  }
  size_t numel = 1;
  int64_t nonzero_product = 1;  // tensors hold int32 sizes and strides
  for (int64_t s : out->shape) {
    if (s > INT32_MAX || (s != 0 && (nonzero_product *= s) > INT32_MAX)) {
      *error = "shape has more than 2^31 - 1 elements";
      return false;
    }
    numel *= static_cast<size_t>(s);
  }
  const size_t elem = element_size(out->dtype);
  const size_t available = size - header_start - header_len;
  if (numel > available / elem) {
    *error = "truncated .npy data: the shape needs " + std::to_string(numel * elem) +
             " bytes, the file has " + std::to_string(available);
    return false;
  }
  const uint8_t* data = bytes + header_start + header_len;
  out->data.assign(data, data + numel * elem);
  return true;
}

bool read_npy(const std::string& path, NpyArray* out, std::string* error) {
  FILE* f = fopen(path.c_str(), "rb");
  if (f == nullptr) {
    *error = "cannot open " + path + ": " + strerror(errno);
    return false;
  }
  std::vector<uint8_t> bytes;
  uint8_t chunk[65536];
  size_t n = 0;
  while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) bytes.insert(bytes.end(), chunk, chunk + n);
  fclose(f);
  if (!parse_npy(bytes.data(), bytes.size(), out, error)) {
    *error = path + ": " + *error;
    return false;
  }
  return true;
}

std::vector<uint8_t> encode_npy(ScalarType dtype, const std::vector<int64_t>& shape,
                                const void* data, size_t nbytes) {
  const char* descr = "f4";
  for (const DtypeName& d : kDtypes) {
    if (d.type == dtype) {
      descr = d.descr;
      break;
    }
  }
  std::string shape_text = "(";
  for (size_t i = 0; i < shape.size(); ++i) {
    shape_text += std::to_string(shape[i]);
    if (shape.size() == 1 || i + 1 < shape.size()) shape_text += ",";
    if (i + 1 < shape.size()) shape_text += " ";
  }
  shape_text += ")";
  const char order = dtype == ScalarType::Bool ? '|' : (element_size(dtype) == 1 ? '|' : '<');
  std::string header = std::string("{'descr': '") + order +
                       (dtype == ScalarType::Bool ? "b1" : descr) +
                       "', 'fortran_order': False, 'shape': " + shape_text + ", }";
  const size_t total = 10 + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header.push_back('\n');
  std::vector<uint8_t> out = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0,
                              static_cast<uint8_t>(header.size() & 0xff),
                              static_cast<uint8_t>(header.size() >> 8)};
  out.insert(out.end(), header.begin(), header.end());
  const uint8_t* p = static_cast<const uint8_t*>(data);
  out.insert(out.end(), p, p + nbytes);
  return out;
}

bool write_npy(const std::string& path, ScalarType dtype, const std::vector<int64_t>& shape,
               const void* data, size_t nbytes, std::string* error) {
  const std::vector<uint8_t> bytes = encode_npy(dtype, shape, data, nbytes);
  FILE* f = fopen(path.c_str(), "wb");
  if (f == nullptr) {
    *error = "cannot write " + path + ": " + strerror(errno);
    return false;
  }
  const bool ok = fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
  fclose(f);
  if (!ok) *error = "short write to " + path;
  return ok;
}

}  // namespace tools
}  // namespace wick
