// Program: header parsing, verification and bounds-checked access to the
// file's segments. Nothing is copied; every range is checked against the
// caller's buffer before a pointer into it is handed out.
#include "wick/program.h"

#include <string.h>

#include "runtime/checked_math.h"
#include "runtime/method_internal.h"
#include "wick/log.h"

namespace wick {
namespace {

constexpr size_t kHeaderOffset = 8;
constexpr size_t kMinExtendedHeaderLength = 24;
// The Verifier's table budget: far above any real program, low enough that a
// hostile file cannot make verification run for long.
constexpr flatbuffers::uoffset_t kMaxTables = 1u << 22;
constexpr flatbuffers::uoffset_t kMaxDepth = 64;

uint32_t read_u32(const uint8_t* p) {
  return static_cast<uint32_t>(p[0]) | (static_cast<uint32_t>(p[1]) << 8) |
         (static_cast<uint32_t>(p[2]) << 16) | (static_cast<uint32_t>(p[3]) << 24);
}
uint64_t read_u64(const uint8_t* p) {
  return static_cast<uint64_t>(read_u32(p)) | (static_cast<uint64_t>(read_u32(p + 4)) << 32);
}

struct ExtendedHeader {
  uint64_t program_size = 0;
  uint64_t segment_base_offset = 0;
  uint64_t segment_data_size = 0;
};

// The four identifier bytes as one little-endian word.
constexpr uint32_t fourcc(const char (&s)[5]) {
  return static_cast<uint32_t>(static_cast<uint8_t>(s[0])) |
         (static_cast<uint32_t>(static_cast<uint8_t>(s[1])) << 8) |
         (static_cast<uint32_t>(static_cast<uint8_t>(s[2])) << 16) |
         (static_cast<uint32_t>(static_cast<uint8_t>(s[3])) << 24);
}

Error identify(Span<const uint8_t> file) {
  if (file.size() < kHeaderOffset) {
    WICK_LOG(Error, "not a .pte: the file is only %lu bytes",
             static_cast<unsigned long>(file.size()));
    return Error::InvalidProgram;
  }
  const uint8_t* id = file.data() + 4;
  const uint32_t word = read_u32(id);
  if (word == fourcc("ET12")) return Error::Ok;
  if (word == fourcc("BP08")) {
    WICK_LOG(Error, "this is a bundled program (.bpte), not a .pte: load it as a bundled program");
    return Error::InvalidProgram;
  }
  if (word == fourcc("FT01")) {
    WICK_LOG(Error, "this is an external-data file (.ptd), not a .pte: pass it as external data");
    return Error::InvalidProgram;
  }
  if (id[0] == 'E' && id[1] == 'T') {
    WICK_LOG(Error, "unsupported .pte version '%c%c%c%c' (Wick reads ET12)", id[0], id[1], id[2],
             id[3]);
    return Error::NotSupported;
  }
  WICK_LOG(Error, "not a .pte: no ET12 identifier at bytes 4..7");
  return Error::InvalidProgram;
}

// Parses the optional "eh00" header; absent means the whole file is the
// flatbuffer.
Result<ExtendedHeader> parse_extended_header(Span<const uint8_t> file) {
  ExtendedHeader header;
  header.program_size = file.size();
  if (file.size() < kHeaderOffset + 8 || read_u32(file.data() + kHeaderOffset) != fourcc("eh00")) {
    return header;
  }
  const uint32_t length = read_u32(file.data() + kHeaderOffset + 4);
  if (length < kMinExtendedHeaderLength || kHeaderOffset + length > file.size()) {
    WICK_LOG(Error, "corrupt .pte: extended header length %lu", static_cast<unsigned long>(length));
    return Error::InvalidProgram;
  }
  header.program_size = read_u64(file.data() + kHeaderOffset + 8);
  header.segment_base_offset = read_u64(file.data() + kHeaderOffset + 16);
  if (length >= 32) header.segment_data_size = read_u64(file.data() + kHeaderOffset + 24);

  if (header.program_size < kHeaderOffset + length || header.program_size > file.size()) {
    WICK_LOG(Error, "truncated .pte: header says the program is %llu bytes, the file has %lu",
             static_cast<unsigned long long>(header.program_size),
             static_cast<unsigned long>(file.size()));
    return Error::InvalidProgram;
  }
  if (header.segment_base_offset != 0 && header.segment_base_offset < header.program_size) {
    WICK_LOG(Error, "corrupt .pte: segments start inside the program data");
    return Error::InvalidProgram;
  }
  uint64_t end = 0;
  if (header.segment_data_size > 0 &&
      (!checked_add(header.segment_base_offset, header.segment_data_size, &end) ||
       end > file.size())) {
    WICK_LOG(Error, "truncated .pte: segment data ends at byte %llu, the file has %lu",
             static_cast<unsigned long long>(header.segment_base_offset +
                                             header.segment_data_size),
             static_cast<unsigned long>(file.size()));
    return Error::InvalidProgram;
  }
  return header;
}

// What the flatbuffer Verifier leaves to the reader. A union whose type is
// set may have no table. And the Verifier checks only that a vector's length
// word is 4-byte aligned, while the runtime reads 64-bit elements in place
// (and hands double lists to kernels as spans), so those vectors must be
// 8-byte aligned as well; a builder always writes them so.
template <typename T>
bool aligned_8(const flatbuffers::Vector<T>* v) {
  return v == nullptr || reinterpret_cast<uintptr_t>(v->Data()) % 8 == 0;
}

bool plan_complete(const schema::ExecutionPlan* plan, bool* aligned) {
  *aligned = *aligned && aligned_8(plan->non_const_buffer_sizes());
  const auto* values = plan->values();
  for (flatbuffers::uoffset_t i = 0; values != nullptr && i < values->size(); ++i) {
    const schema::EValue* v = values->Get(i);
    if (v->val_type() != schema::KernelTypes::NONE && v->val() == nullptr) return false;
    *aligned = *aligned &&
               (v->val_type() != schema::KernelTypes::IntList ||
                aligned_8(v->val_as_IntList()->items())) &&
               (v->val_type() != schema::KernelTypes::DoubleList ||
                aligned_8(v->val_as_DoubleList()->items()));
  }
  const auto* chains = plan->chains();
  for (flatbuffers::uoffset_t c = 0; chains != nullptr && c < chains->size(); ++c) {
    const auto* instructions = chains->Get(c)->instructions();
    for (flatbuffers::uoffset_t i = 0; instructions != nullptr && i < instructions->size(); ++i) {
      const schema::Instruction* in = instructions->Get(i);
      if (in->instr_args_type() != schema::InstructionArguments::NONE &&
          in->instr_args() == nullptr) {
        return false;
      }
    }
  }
  return true;
}

Error check_structure(const schema::Program* program) {
  bool aligned = program->constant_segment() == nullptr ||
                 aligned_8(program->constant_segment()->offsets());
  const auto* mutables = program->mutable_data_segments();
  for (flatbuffers::uoffset_t i = 0; mutables != nullptr && i < mutables->size(); ++i) {
    aligned = aligned && aligned_8(mutables->Get(i)->offsets());
  }
  const auto* plans = program->execution_plan();
  for (flatbuffers::uoffset_t m = 0; m < plans->size(); ++m) {
    if (plans->Get(m)->name() == nullptr || !plan_complete(plans->Get(m), &aligned)) {
      WICK_LOG(Error, "invalid .pte: method %lu has no name, or a value or instruction with a "
               "type but no table", static_cast<unsigned long>(m));
      return Error::InvalidProgram;
    }
  }
  if (!aligned) {
    WICK_LOG(Error, "corrupt .pte: a 64-bit vector (segment offsets, buffer sizes, an int or "
             "double list) is not 8-byte aligned");
    return Error::InvalidProgram;
  }
  return Error::Ok;
}

// The constant segment, if the program keeps its constants there: an offsets
// list of only the placeholder entry 0 means it does not (pte-format §1.2).
const schema::SubsegmentOffsets* used_constant_segment(const schema::Program* program) {
  const auto* constants = program->constant_segment();
  if (constants == nullptr || constants->offsets() == nullptr ||
      constants->offsets()->size() <= 1) {
    return nullptr;
  }
  return constants;
}

// Entry `index` of an offsets list into one segment (`what` names the list
// in errors): its bytes up to the end of the segment.
Result<Span<const uint8_t>> offset_entry(const Program& program,
                                         const schema::SubsegmentOffsets* list, uint32_t index,
                                         const char* what) {
  const auto* offsets = list->offsets();
  if (offsets == nullptr || index >= offsets->size()) {
    WICK_LOG(Error, "invalid .pte: %s %lu is out of range (%lu %ss)", what,
             static_cast<unsigned long>(index),
             static_cast<unsigned long>(offsets != nullptr ? offsets->size() : 0), what);
    return Error::InvalidProgram;
  }
  WICK_TRY_ASSIGN(Span<const uint8_t> data, program.segment(list->segment_index()));
  const uint64_t offset = offsets->Get(index);
  if (offset > data.size()) {
    WICK_LOG(Error, "invalid .pte: %s %lu starts beyond its segment", what,
             static_cast<unsigned long>(index));
    return Error::InvalidProgram;
  }
  return data.subspan(static_cast<size_t>(offset), data.size() - static_cast<size_t>(offset));
}

bool string_equals(const flatbuffers::String* s, const char* name) {
  return s != nullptr && strcmp(s->c_str(), name) == 0;
}

}  // namespace

Program::Program(Program&& other) noexcept
    : file_(other.file_), program_(other.program_), segment_base_(other.segment_base_) {
  named_data_.owner = this;
}

Result<Program> Program::load(Span<const uint8_t> file, Verification verification) {
  if (file.data() == nullptr) return Error::InvalidArgument;
  if (reinterpret_cast<uintptr_t>(file.data()) % 16 != 0) {
    WICK_LOG(Error, "the program buffer must be 16-byte aligned");
    return Error::InvalidArgument;
  }
  WICK_TRY(identify(file));
  WICK_TRY_ASSIGN(ExtendedHeader header, parse_extended_header(file));

  const size_t flatbuffer_size = static_cast<size_t>(header.program_size);
  if (verification == Verification::Full) {
    flatbuffers::Verifier verifier(file.data(), flatbuffer_size, kMaxDepth, kMaxTables);
    // identify() has checked the "ET12" identifier already.
    if (!verifier.VerifyBuffer<schema::Program>(nullptr)) {
      WICK_LOG(Error, "corrupt or truncated .pte: the flatbuffer does not verify");
      return Error::InvalidProgram;
    }
  }

  Program program;
  program.file_ = file;
  program.program_ = schema::GetProgram(file.data());
  program.segment_base_ = header.segment_base_offset;
  program.named_data_.owner = &program;
  if (program.program_->execution_plan() == nullptr) {
    WICK_LOG(Error, "invalid .pte: no execution plans");
    return Error::InvalidProgram;
  }
  if (verification == Verification::Full) {
    WICK_TRY(check_structure(program.program_));
    // Every declared segment must lie inside the file.
    const auto* segments = program.program_->segments();
    for (size_t i = 0; segments != nullptr && i < segments->size(); ++i) {
      WICK_TRY_ASSIGN(Span<const uint8_t> unused, program.segment(i));
      (void)unused;
    }
    if (used_constant_segment(program.program_) != nullptr &&
        program.program_->constant_buffer() != nullptr &&
        program.program_->constant_buffer()->size() > 1) {
      WICK_LOG(Error, "invalid .pte: both constant_buffer and constant_segment hold data");
      return Error::InvalidProgram;
    }
  }
  return program;
}

size_t Program::num_methods() const { return program_->execution_plan()->size(); }

Result<const char*> Program::method_name(size_t index) const {
  const auto* plans = program_->execution_plan();
  if (index >= plans->size()) return Error::InvalidArgument;
  const auto* name = plans->Get(static_cast<flatbuffers::uoffset_t>(index))->name();
  if (name == nullptr) return Error::InvalidProgram;
  return name->c_str();
}

const schema::ExecutionPlan* find_plan(const schema::Program* program, const char* name) {
  const auto* plans = program->execution_plan();
  for (flatbuffers::uoffset_t i = 0; i < plans->size(); ++i) {
    if (string_equals(plans->Get(i)->name(), name)) return plans->Get(i);
  }
  WICK_LOG(Error, "the program has no method '%s'", name);
  return nullptr;
}

Result<MethodMeta> Program::method_meta(const char* name) const {
  const schema::ExecutionPlan* plan = find_plan(program_, name);
  if (plan == nullptr) return Error::NotFound;
  return MethodMeta(plan);
}

Result<Span<const uint8_t>> Program::segment(size_t index) const {
  const auto* segments = program_->segments();
  if (segments == nullptr || index >= segments->size()) {
    WICK_LOG(Error, "invalid .pte: segment %lu does not exist", static_cast<unsigned long>(index));
    return Error::InvalidProgram;
  }
  const auto* segment = segments->Get(static_cast<flatbuffers::uoffset_t>(index));
  const uint64_t offset = segment->offset();
  const uint64_t size = segment->size();
  if (size == 0) return Span<const uint8_t>(file_.data(), 0);
  // Bytes of the file from the segment base on; comparing against it cannot
  // overflow.
  const uint64_t available = segment_base_ <= file_.size() ? file_.size() - segment_base_ : 0;
  if (segment_base_ == 0 || offset > available || size > available - offset) {
    WICK_LOG(Error, "invalid .pte: segment %lu (offset %llu, %llu bytes) lies outside the file",
             static_cast<unsigned long>(index), static_cast<unsigned long long>(offset),
             static_cast<unsigned long long>(size));
    return Error::InvalidProgram;
  }
  return Span<const uint8_t>(file_.data() + segment_base_ + offset, static_cast<size_t>(size));
}

Result<Span<const uint8_t>> Program::constant_data(uint32_t index) const {
  const auto* constants = used_constant_segment(program_);
  if (constants != nullptr) return offset_entry(*this, constants, index, "constant");
  const auto* buffers = program_->constant_buffer();
  if (buffers != nullptr && index < buffers->size()) {
    const auto* storage = buffers->Get(index)->storage();
    if (storage == nullptr) return Span<const uint8_t>(file_.data(), 0);
    return Span<const uint8_t>(storage->data(), storage->size());
  }
  WICK_LOG(Error, "invalid .pte: constant %lu does not exist", static_cast<unsigned long>(index));
  return Error::InvalidProgram;
}

Result<Span<const uint8_t>> Program::mutable_data(uint64_t list_index, uint32_t index) const {
  const auto* lists = program_->mutable_data_segments();
  if (lists == nullptr || list_index >= lists->size()) {
    WICK_LOG(Error, "invalid .pte: mutable data list %llu does not exist",
             static_cast<unsigned long long>(list_index));
    return Error::InvalidProgram;
  }
  return offset_entry(*this, lists->Get(static_cast<flatbuffers::uoffset_t>(list_index)), index,
                      "mutable tensor");
}

size_t Program::constant_bytes() const {
  const auto* constants = used_constant_segment(program_);
  if (constants != nullptr) {
    Result<Span<const uint8_t>> data = segment(constants->segment_index());
    return data.ok() ? data->size() : 0;
  }
  size_t total = 0;
  const auto* buffers = program_->constant_buffer();
  for (flatbuffers::uoffset_t i = 0; buffers != nullptr && i < buffers->size(); ++i) {
    const auto* storage = buffers->Get(i)->storage();
    total += storage != nullptr ? storage->size() : 0;
  }
  return total;
}

Result<Span<const uint8_t>> Program::NamedData::get(const char* key, size_t key_size) const {
  const auto* entries = owner->program_->named_data();
  for (flatbuffers::uoffset_t i = 0; entries != nullptr && i < entries->size(); ++i) {
    const auto* entry = entries->Get(i);
    const auto* entry_key = entry->key();
    if (entry_key != nullptr && entry_key->size() == key_size &&
        memcmp(entry_key->data(), key, key_size) == 0) {
      return owner->segment(entry->segment_index());
    }
  }
  return Error::NotFound;
}

}  // namespace wick
