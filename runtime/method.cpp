// Method: inputs, outputs and the executor loop.
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "runtime/method_internal.h"
#include "wick/log.h"

namespace wick {
namespace {

// Guards against a file whose jumps loop forever.
constexpr size_t kMaxExecutedInstructions = 10000000;

const EValue kNone;

bool primitive_equals(const EValue& a, const EValue& b) {
  if (a.tag != b.tag) return false;
  switch (a.tag) {
    case Tag::None: return true;
    case Tag::Int: return a.to_int() == b.to_int();
    case Tag::Bool: return a.to_bool() == b.to_bool();
    case Tag::Double: {
      const double x = a.to_double();
      const double y = b.to_double();
      return fabs(x - y) <= 1e-4 + 1e-5 * fabs(y);
    }
    case Tag::String:
      return a.payload.as_string.size == b.payload.as_string.size &&
             memcmp(a.payload.as_string.data, b.payload.as_string.data,
                    a.payload.as_string.size) == 0;
    default: return false;
  }
}

bool same_dim_order(const Tensor& a, const Tensor& b) {
  if (a.dim != b.dim) return false;
  for (uint8_t d = 0; d < a.dim; ++d) {
    if (a.dim_order[d] != b.dim_order[d]) return false;
  }
  return true;
}

void format_shape(const Tensor& t, char* out, size_t size) {
  size_t n = static_cast<size_t>(snprintf(out, size, "["));
  for (uint8_t d = 0; d < t.dim && n < size; ++d) {
    n += static_cast<size_t>(snprintf(out + n, size - n, d ? ", %ld" : "%ld",
                                      static_cast<long>(t.sizes[d])));
  }
  if (n < size) snprintf(out + n, size - n, "]");
}

}  // namespace

Method::Method(Method&& other) noexcept
    : meta_(other.meta_),
      values_(other.values_),
      num_values_(other.num_values_),
      instructions_(other.instructions_),
      num_instructions_(other.num_instructions_),
      delegates_(other.delegates_),
      num_delegates_(other.num_delegates_),
      input_indices_(other.input_indices_),
      num_inputs_(other.num_inputs_),
      output_indices_(other.output_indices_),
      num_outputs_(other.num_outputs_),
      input_set_(other.input_set_),
      temp_arena_(other.temp_arena_),
      planned_bytes_(other.planned_bytes_) {
  other.num_delegates_ = 0;
}

Method::~Method() {
  for (size_t i = 0; i < num_delegates_; ++i) {
    if (delegates_[i].backend->destroy != nullptr) {
      delegates_[i].backend->destroy(delegates_[i].handle);
    }
  }
}

const EValue& Method::input(size_t index) const {
  return index < num_inputs_ ? values_[input_indices_[index]] : kNone;
}

const EValue& Method::output(size_t index) const {
  return index < num_outputs_ ? values_[output_indices_[index]] : kNone;
}

const char* Method::instruction_name(size_t index) const {
  return index < num_instructions_ ? instructions_[index].name : "";
}

Error Method::set_input(size_t index, const Tensor& value) {
  if (index >= num_inputs_) {
    WICK_LOG(Error, "input %lu does not exist: method '%s' takes %lu inputs",
             static_cast<unsigned long>(index), meta_.name(),
             static_cast<unsigned long>(num_inputs_));
    return Error::InvalidArgument;
  }
  EValue& slot = values_[input_indices_[index]];
  if (!slot.is_tensor()) {
    WICK_LOG(Error, "input %lu is a %s, not a tensor", static_cast<unsigned long>(index),
             tag_name(slot.tag));
    return Error::InvalidType;
  }
  Tensor& target = slot.to_tensor();
  if (value.dtype != target.dtype) {
    WICK_LOG(Error, "input %lu: expected dtype %s, got %s", static_cast<unsigned long>(index),
             scalar_type_name(target.dtype), scalar_type_name(value.dtype));
    return Error::InvalidArgument;
  }
  if (resize(target, Span<const int32_t>(value.sizes, value.dim)) != Error::Ok) {
    char expected[128];
    char got[128];
    format_shape(target, expected, sizeof(expected));
    format_shape(value, got, sizeof(got));
    WICK_LOG(Error, "input %lu: expected shape %s%s, got %s", static_cast<unsigned long>(index),
             expected, target.dynamism == ShapeDynamism::DynamicBound ? " (upper bound)" : "",
             got);
    return Error::InvalidArgument;
  }
  if (!bool_bytes_valid(value.dtype, value.data, value.numel)) {
    WICK_LOG(Error, "input %lu: a Bool tensor holds a byte other than 0 or 1",
             static_cast<unsigned long>(index));
    return Error::InvalidArgument;
  }
  if (target.data == nullptr || !meta_.input_tensor_info(index)->memory_planned) {
    // No planned memory: the input shares the caller's buffer, which kernels
    // read as typed elements (a misaligned float load faults on Cortex-M).
    if (!same_dim_order(value, target)) {
      WICK_LOG(Error, "input %lu has no planned memory and needs dim order of the program",
               static_cast<unsigned long>(index));
      return Error::NotSupported;
    }
    const size_t align = value.element_size();
    if (align > 1 && reinterpret_cast<uintptr_t>(value.data) % align != 0) {
      WICK_LOG(Error, "input %lu has no planned memory and its data is not aligned to %lu bytes",
               static_cast<unsigned long>(index), static_cast<unsigned long>(align));
      return Error::NotSupported;
    }
    target.data = value.data;
  } else {
    WICK_TRY(copy_tensor_data(value, target));
  }
  input_set_[index] = true;
  return Error::Ok;
}

Error Method::set_input(size_t index, const EValue& value) {
  if (value.is_tensor()) return set_input(index, value.to_tensor());
  if (index >= num_inputs_) return Error::InvalidArgument;
  const EValue& slot = values_[input_indices_[index]];
  if (slot.is_tensor()) {
    WICK_LOG(Error, "input %lu is a Tensor, got a %s", static_cast<unsigned long>(index),
             tag_name(value.tag));
    return Error::InvalidType;
  }
  if (!primitive_equals(slot, value)) {
    WICK_LOG(Error, "input %lu: the program was traced with a different %s value",
             static_cast<unsigned long>(index), tag_name(slot.tag));
    return Error::InvalidArgument;
  }
  input_set_[index] = true;
  return Error::Ok;
}

Error Method::set_output_data_ptr(size_t index, void* data, size_t size) {
  if (index >= num_outputs_) return Error::InvalidArgument;
  EValue& slot = values_[output_indices_[index]];
  if (!slot.is_tensor()) return Error::InvalidType;
  Tensor& t = slot.to_tensor();
  if (meta_.output_tensor_info(index)->memory_planned) {
    WICK_LOG(Error, "output %lu already has planned memory", static_cast<unsigned long>(index));
    return Error::InvalidState;
  }
  if (size < t.numel_bound * t.element_size()) {
    WICK_LOG(Error, "output %lu needs %lu bytes, got %lu", static_cast<unsigned long>(index),
             static_cast<unsigned long>(t.numel_bound * t.element_size()),
             static_cast<unsigned long>(size));
    return Error::InvalidArgument;
  }
  t.data = data;
  return Error::Ok;
}

Error Method::execute(ExecutionObserver* observer) {
  for (size_t i = 0; i < num_inputs_; ++i) {
    if (!input_set_[i]) {
      WICK_LOG(Error, "input %lu of method '%s' was not set", static_cast<unsigned long>(i),
               meta_.name());
      return Error::InvalidArgument;
    }
  }
  for (size_t i = 0; i < num_outputs_; ++i) {
    const EValue& out = output(i);
    if (out.is_tensor() && out.to_tensor().data == nullptr && out.to_tensor().numel_bound > 0) {
      WICK_LOG(Error, "output %lu has no memory: call set_output_data_ptr first",
               static_cast<unsigned long>(i));
      return Error::InvalidState;
    }
  }
  size_t executed = 0;
  size_t pc = 0;
  while (pc < num_instructions_) {
    if (++executed > kMaxExecutedInstructions) {
      WICK_LOG(Error, "method '%s' exceeded %lu executed instructions", meta_.name(),
               static_cast<unsigned long>(kMaxExecutedInstructions));
      return Error::InvalidState;
    }
    const Instruction& in = instructions_[pc];
    if (observer != nullptr) observer->on_instruction_start(pc);
    Error error = Error::Ok;
    size_t next = pc + 1;
    switch (in.kind) {
      case InstructionKind::Kernel: {
        KernelContext context(temp_arena_, in.name, in.prepared);
        in.fn(context, Span<EValue*>(in.args, in.num_args));
        error = context.failure();
        break;
      }
      case InstructionKind::Delegate: {
        const Delegate& d = delegates_[in.index];
        BackendExecuteContext context{temp_arena_, meta_.name()};
        error = d.backend->execute(context, d.handle, Span<EValue*>(in.args, in.num_args));
        break;
      }
      case InstructionKind::Move:
        values_[in.b] = values_[in.a];
        break;
      case InstructionKind::JumpFalse: {
        const EValue& cond = values_[in.a];
        bool value = false;
        if (cond.is_bool()) {
          value = cond.to_bool();
        } else if (cond.is_tensor() && cond.to_tensor().dtype == ScalarType::Bool &&
                   cond.to_tensor().numel == 1 && cond.to_tensor().data != nullptr) {
          value = *cond.to_tensor().data_as<bool>();
        } else {
          WICK_LOG(Error, "instruction %lu: jump condition is not a bool",
                   static_cast<unsigned long>(pc));
          error = Error::InvalidProgram;
        }
        if (!value) next = static_cast<size_t>(in.b);
        break;
      }
      case InstructionKind::Free:
        // Wick's tensors live in planned or constant memory, which a free
        // cannot release; clearing the pointer would only send a later read
        // (in this execution or the next) through null.
        break;
    }
    if (temp_arena_ != nullptr) temp_arena_->reset();
    if (observer != nullptr) observer->on_instruction_end(pc);
    if (error != Error::Ok) {
      WICK_LOG(Error, "instruction %lu (%s) failed: %s", static_cast<unsigned long>(pc), in.name,
               error_name(error));
      return error;
    }
    pc = next;
  }
  return Error::Ok;
}

}  // namespace wick
