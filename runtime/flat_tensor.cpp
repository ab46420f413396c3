// .ptd reader. The FH01 header gives where the flatbuffer and the segments
// are; the root table's field count tells the two FT01 layouts apart.
#include "wick/flat_tensor.h"

#include <string.h>

#include "runtime/checked_math.h"
#include "runtime/schema.h"
#include "wick/log.h"

namespace wick {
namespace {

namespace current = schema::flat_tensor;
namespace legacy = schema::flat_tensor_legacy;

constexpr size_t kHeaderOffset = 8;
constexpr uint32_t kMinHeaderLength = 40;
// Layout B's root has 3 fields (vtable of at most 4 + 2 * 3 bytes).
constexpr uint16_t kCurrentLayoutMaxVtable = 10;

uint64_t read_le(const uint8_t* p, int bytes) {
  uint64_t v = 0;
  for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

bool key_equals(const flatbuffers::String* s, const char* key, size_t key_size) {
  return s != nullptr && s->size() == key_size && memcmp(s->data(), key, key_size) == 0;
}

void fill_layout(TensorLayout& out, schema::ScalarType dtype,
                 const flatbuffers::Vector<int32_t>* sizes,
                 const flatbuffers::Vector<uint8_t>* dim_order) {
  out.dtype = static_cast<ScalarType>(dtype);
  const size_t rank = sizes != nullptr ? sizes->size() : 0;
  out.dim = static_cast<uint8_t>(rank < 16 ? rank : 16);
  for (size_t i = 0; i < out.dim; ++i) {
    out.sizes[i] = sizes->Get(static_cast<flatbuffers::uoffset_t>(i));
    out.dim_order[i] = dim_order != nullptr && i < dim_order->size()
                           ? dim_order->Get(static_cast<flatbuffers::uoffset_t>(i))
                           : static_cast<uint8_t>(i);
  }
  out.present = true;
}

}  // namespace

Result<FlatTensorDataMap> FlatTensorDataMap::load(Span<const uint8_t> file) {
  if (file.size() < kHeaderOffset + kMinHeaderLength || memcmp(file.data() + 4, "FT01", 4) != 0 ||
      memcmp(file.data() + kHeaderOffset, "FH01", 4) != 0) {
    WICK_LOG(Error, "not a .ptd file: no FT01/FH01 identifiers");
    return Error::InvalidExternalData;
  }
  if (reinterpret_cast<uintptr_t>(file.data()) % 16 != 0) return Error::InvalidArgument;
  const uint8_t* h = file.data() + kHeaderOffset;
  const uint64_t header_length = read_le(h + 4, 4);
  const uint64_t flatbuffer_size = read_le(h + 16, 8);
  const uint64_t segment_base = read_le(h + 24, 8);
  const uint64_t segment_data_size = read_le(h + 32, 8);
  uint64_t end = 0;
  if (header_length < kMinHeaderLength || flatbuffer_size > file.size() ||
      !checked_add(segment_base, segment_data_size, &end) || end > file.size()) {
    WICK_LOG(Error, "corrupt or truncated .ptd: header ranges exceed the file");
    return Error::InvalidExternalData;
  }
  // The flatbuffer includes the 8-byte prefix and the header.
  uint64_t fb_end64 = 0;
  if (!checked_add(read_le(h + 8, 8), flatbuffer_size, &fb_end64) || fb_end64 > file.size() ||
      fb_end64 < kHeaderOffset) {
    WICK_LOG(Error, "corrupt or truncated .ptd: header ranges exceed the file");
    return Error::InvalidExternalData;
  }
  const size_t fb_end = static_cast<size_t>(fb_end64);

  FlatTensorDataMap map;
  map.file_ = file;
  map.segment_base_ = segment_base;
  // Root table -> its vtable, to count fields before choosing a verifier.
  const uint32_t root = static_cast<uint32_t>(read_le(file.data(), 4));
  if (uint64_t{root} + 4 > fb_end) {  // 64-bit: a root near 4 GB must not wrap
    WICK_LOG(Error, "corrupt .ptd: root table offset %lu is outside the flatbuffer",
             static_cast<unsigned long>(root));
    return Error::InvalidExternalData;
  }
  const int32_t vtable_delta = static_cast<int32_t>(read_le(file.data() + root, 4));
  const int64_t vtable = static_cast<int64_t>(root) - vtable_delta;
  if (vtable < 0 || static_cast<uint64_t>(vtable) + 2 > fb_end) return Error::InvalidExternalData;
  const uint16_t vtable_size = static_cast<uint16_t>(read_le(file.data() + vtable, 2));
  map.legacy_ = vtable_size > kCurrentLayoutMaxVtable;

  flatbuffers::Verifier verifier(file.data(), fb_end, 64, 1u << 20);
  const bool verified = map.legacy_ ? verifier.VerifyBuffer<legacy::FlatTensor>("FT01")
                                    : verifier.VerifyBuffer<current::FlatTensor>("FT01");
  if (!verified) {
    WICK_LOG(Error, "corrupt .ptd: the flatbuffer does not verify");
    return Error::InvalidExternalData;
  }
  map.root_ = file.data() + root;
  return map;
}

Result<Span<const uint8_t>> FlatTensorDataMap::segment(uint32_t index) const {
  uint64_t offset = 0;
  uint64_t size = 0;
  if (legacy_) {
    const auto* segments = flatbuffers::GetRoot<legacy::FlatTensor>(file_.data())->segments();
    if (segments == nullptr || index >= segments->size()) return Error::InvalidExternalData;
    offset = segments->Get(index)->offset();
    size = segments->Get(index)->size();
  } else {
    const auto* segments = flatbuffers::GetRoot<current::FlatTensor>(file_.data())->segments();
    if (segments == nullptr || index >= segments->size()) return Error::InvalidExternalData;
    offset = segments->Get(index)->offset();
    size = segments->Get(index)->size();
  }
  uint64_t start = 0;
  uint64_t end = 0;
  if (!checked_add(segment_base_, offset, &start) || !checked_add(start, size, &end) ||
      end > file_.size()) {
    WICK_LOG(Error, "corrupt .ptd: segment %lu lies outside the file",
             static_cast<unsigned long>(index));
    return Error::InvalidExternalData;
  }
  return Span<const uint8_t>(file_.data() + start, static_cast<size_t>(size));
}

Result<Span<const uint8_t>> FlatTensorDataMap::get(const char* key, size_t key_size) const {
  if (legacy_) {
    const auto* root = flatbuffers::GetRoot<legacy::FlatTensor>(file_.data());
    const auto* tensors = root->tensors();
    for (flatbuffers::uoffset_t i = 0; tensors != nullptr && i < tensors->size(); ++i) {
      const auto* t = tensors->Get(i);
      if (!key_equals(t->fully_qualified_name(), key, key_size)) continue;
      WICK_TRY_ASSIGN(Span<const uint8_t> data, segment(t->segment_index()));
      if (t->offset() > data.size()) return Error::InvalidExternalData;
      const size_t offset = static_cast<size_t>(t->offset());
      return data.subspan(offset, data.size() - offset);
    }
    const auto* named = root->named_data();
    for (flatbuffers::uoffset_t i = 0; named != nullptr && i < named->size(); ++i) {
      if (key_equals(named->Get(i)->key(), key, key_size)) {
        return segment(named->Get(i)->segment_index());
      }
    }
    return Error::NotFound;
  }
  const auto* named = flatbuffers::GetRoot<current::FlatTensor>(file_.data())->named_data();
  for (flatbuffers::uoffset_t i = 0; named != nullptr && i < named->size(); ++i) {
    if (key_equals(named->Get(i)->key(), key, key_size)) {
      return segment(named->Get(i)->segment_index());
    }
  }
  return Error::NotFound;
}

Result<TensorLayout> FlatTensorDataMap::layout(const char* key, size_t key_size) const {
  TensorLayout out;
  if (legacy_) {
    const auto* tensors = flatbuffers::GetRoot<legacy::FlatTensor>(file_.data())->tensors();
    for (flatbuffers::uoffset_t i = 0; tensors != nullptr && i < tensors->size(); ++i) {
      const auto* t = tensors->Get(i);
      if (key_equals(t->fully_qualified_name(), key, key_size)) {
        fill_layout(out, t->scalar_type(), t->sizes(), t->dim_order());
        return out;
      }
    }
    return Error::NotFound;
  }
  const auto* named = flatbuffers::GetRoot<current::FlatTensor>(file_.data())->named_data();
  for (flatbuffers::uoffset_t i = 0; named != nullptr && i < named->size(); ++i) {
    const auto* entry = named->Get(i);
    if (!key_equals(entry->key(), key, key_size)) continue;
    if (entry->tensor_layout() == nullptr) return Error::NotFound;
    fill_layout(out, entry->tensor_layout()->scalar_type(), entry->tensor_layout()->sizes(),
                entry->tensor_layout()->dim_order());
    return out;
  }
  return Error::NotFound;
}

size_t FlatTensorDataMap::num_keys() const {
  if (legacy_) {
    const auto* root = flatbuffers::GetRoot<legacy::FlatTensor>(file_.data());
    return (root->tensors() ? root->tensors()->size() : 0) +
           (root->named_data() ? root->named_data()->size() : 0);
  }
  const auto* named = flatbuffers::GetRoot<current::FlatTensor>(file_.data())->named_data();
  return named != nullptr ? named->size() : 0;
}

Result<const char*> FlatTensorDataMap::key(size_t index) const {
  if (legacy_) {
    const auto* root = flatbuffers::GetRoot<legacy::FlatTensor>(file_.data());
    const size_t tensors = root->tensors() ? root->tensors()->size() : 0;
    if (index < tensors) {
      const auto* name = root->tensors()->Get(static_cast<flatbuffers::uoffset_t>(index))
                             ->fully_qualified_name();
      return name != nullptr ? name->c_str() : "";
    }
    index -= tensors;
    if (root->named_data() == nullptr || index >= root->named_data()->size()) {
      return Error::InvalidArgument;
    }
    const auto* k = root->named_data()->Get(static_cast<flatbuffers::uoffset_t>(index))->key();
    return k != nullptr ? k->c_str() : "";
  }
  const auto* named = flatbuffers::GetRoot<current::FlatTensor>(file_.data())->named_data();
  if (named == nullptr || index >= named->size()) return Error::InvalidArgument;
  const auto* k = named->Get(static_cast<flatbuffers::uoffset_t>(index))->key();
  return k != nullptr ? k->c_str() : "";
}

}  // namespace wick
