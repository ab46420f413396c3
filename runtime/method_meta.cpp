// MethodMeta: read-only questions about a method, answered from the verified
// flatbuffer without allocating.
#include <string.h>

#include "runtime/checked_math.h"
#include "runtime/method_internal.h"
#include "wick/log.h"

namespace wick {
namespace {

const schema::EValue* value_at(const schema::ExecutionPlan* plan, int32_t index) {
  const auto* values = plan->values();
  if (values == nullptr || index < 0 || static_cast<uint32_t>(index) >= values->size()) {
    return nullptr;
  }
  return values->Get(static_cast<flatbuffers::uoffset_t>(index));
}

Tag tag_of(const schema::EValue* value) {
  switch (value->val_type()) {
    case schema::KernelTypes::Int: return Tag::Int;
    case schema::KernelTypes::Bool: return Tag::Bool;
    case schema::KernelTypes::Double: return Tag::Double;
    case schema::KernelTypes::Tensor: return Tag::Tensor;
    case schema::KernelTypes::String: return Tag::String;
    case schema::KernelTypes::IntList: return Tag::ListInt;
    case schema::KernelTypes::DoubleList: return Tag::ListDouble;
    case schema::KernelTypes::BoolList: return Tag::ListBool;
    case schema::KernelTypes::TensorList: return Tag::ListTensor;
    case schema::KernelTypes::OptionalTensorList: return Tag::ListOptionalTensor;
    default: return Tag::None;
  }
}

size_t vector_size(const flatbuffers::Vector<int32_t>* v) { return v == nullptr ? 0 : v->size(); }

template <typename T>
size_t size_of(const T* v) {
  return v == nullptr ? 0 : v->size();
}

}  // namespace

const char* MethodMeta::name() const {
  return plan_->name() != nullptr ? plan_->name()->c_str() : "";
}

size_t MethodMeta::num_inputs() const { return vector_size(plan_->inputs()); }
size_t MethodMeta::num_outputs() const { return vector_size(plan_->outputs()); }

Result<Tag> MethodMeta::input_tag(size_t index) const {
  if (index >= num_inputs()) return Error::InvalidArgument;
  const schema::EValue* value = value_at(plan_, plan_->inputs()->Get(index));
  if (value == nullptr) return Error::InvalidProgram;
  return tag_of(value);
}

Result<Tag> MethodMeta::output_tag(size_t index) const {
  if (index >= num_outputs()) return Error::InvalidArgument;
  const schema::EValue* value = value_at(plan_, plan_->outputs()->Get(index));
  if (value == nullptr) return Error::InvalidProgram;
  return tag_of(value);
}

Result<TensorInfo> MethodMeta::value_tensor_info(int32_t value_index) const {
  const schema::EValue* value = value_at(plan_, value_index);
  if (value == nullptr) return Error::InvalidProgram;
  const schema::Tensor* tensor = value->val_as_Tensor();
  if (tensor == nullptr) return Error::InvalidType;
  TensorInfo info;
  info.dtype = static_cast<ScalarType>(tensor->scalar_type());
  if (tensor->sizes() != nullptr) {
    info.sizes = Span<const int32_t>(tensor->sizes()->data(), tensor->sizes()->size());
  }
  if (tensor->dim_order() != nullptr) {
    info.dim_order = Span<const uint8_t>(tensor->dim_order()->data(), tensor->dim_order()->size());
  }
  info.memory_planned = tensor->allocation_info() != nullptr;
  info.dynamism = static_cast<ShapeDynamism>(tensor->shape_dynamism());
  size_t numel = 0;
  if (info.sizes.size() > static_cast<size_t>(kMaxRank) ||
      !checked_numel(info.sizes.data(), static_cast<int>(info.sizes.size()), &numel) ||
      !checked_mul(numel, element_size(info.dtype), &info.nbytes)) {
    return Error::InvalidProgram;
  }
  return info;
}

Result<TensorInfo> MethodMeta::input_tensor_info(size_t index) const {
  if (index >= num_inputs()) return Error::InvalidArgument;
  return value_tensor_info(plan_->inputs()->Get(index));
}

Result<TensorInfo> MethodMeta::output_tensor_info(size_t index) const {
  if (index >= num_outputs()) return Error::InvalidArgument;
  return value_tensor_info(plan_->outputs()->Get(index));
}

size_t MethodMeta::num_planned_buffers() const {
  const size_t n = size_of(plan_->non_const_buffer_sizes());
  return n > 0 ? n - 1 : 0;  // entry 0 is reserved
}

Result<size_t> MethodMeta::planned_buffer_size(size_t index) const {
  if (index >= num_planned_buffers()) return Error::InvalidArgument;
  const int64_t size = plan_->non_const_buffer_sizes()->Get(
      static_cast<flatbuffers::uoffset_t>(index + 1));
  if (size < 0 || static_cast<uint64_t>(size) > SIZE_MAX) {
    WICK_LOG(Error, "invalid .pte: planned buffer %lu has size %lld",
             static_cast<unsigned long>(index), static_cast<long long>(size));
    return Error::InvalidProgram;
  }
  return static_cast<size_t>(size);
}

size_t MethodMeta::num_instructions() const {
  const auto* chains = plan_->chains();
  if (chains == nullptr || chains->size() == 0) return 0;
  return size_of(chains->Get(0)->instructions());
}

size_t MethodMeta::num_operators() const { return size_of(plan_->operators()); }
size_t MethodMeta::num_delegates() const { return size_of(plan_->delegates()); }

Error MethodMeta::operator_name(size_t index, char* out, size_t out_size) const {
  if (index >= num_operators()) return Error::InvalidArgument;
  const auto* op = plan_->operators()->Get(static_cast<flatbuffers::uoffset_t>(index));
  if (op->name() == nullptr) return Error::InvalidProgram;
  const auto* overload = op->overload();
  if (!format_op_name(op->name()->c_str(), op->name()->size(),
                      overload != nullptr ? overload->c_str() : "",
                      overload != nullptr ? overload->size() : 0, out, out_size)) {
    return Error::InvalidProgram;
  }
  return Error::Ok;
}

Result<const char*> MethodMeta::delegate_id(size_t index) const {
  if (index >= num_delegates()) return Error::InvalidArgument;
  const auto* id = plan_->delegates()->Get(static_cast<flatbuffers::uoffset_t>(index))->id();
  if (id == nullptr) return Error::InvalidProgram;
  return id->c_str();
}

Result<size_t> MethodMeta::method_arena_bytes() const {
  WICK_TRY_ASSIGN(MethodFootprint footprint, compute_footprint(plan_));
  return footprint.bytes();
}

size_t MethodFootprint::bytes() const {
  // One 16-byte-rounded allocation per array, in the loader's order.
  return 16 + round_up_16(values * sizeof(EValue)) + round_up_16(tensors * sizeof(Tensor)) +
         round_up_16(total_dims * 2 * sizeof(int32_t)) + round_up_16(total_dims) +
         round_up_16(int_list_items * sizeof(EValue*)) +
         round_up_16(int_list_items * sizeof(int64_t)) +
         round_up_16(tensor_list_items * sizeof(Tensor*)) +
         round_up_16(instructions * sizeof(Method::Instruction)) +
         round_up_16(instruction_args * sizeof(EValue*)) +
         round_up_16(delegates * sizeof(Method::Delegate)) +
         round_up_16(compile_specs * sizeof(CompileSpec)) + round_up_16(name_chars) +
         round_up_16(inputs * sizeof(bool));
}

Result<MethodFootprint> compute_footprint(const schema::ExecutionPlan* plan) {
  MethodFootprint f;
  const auto* values = plan->values();
  if (values == nullptr) {
    WICK_LOG(Error, "invalid .pte: method '%s' has no value table",
             plan->name() != nullptr ? plan->name()->c_str() : "?");
    return Error::InvalidProgram;
  }
  f.values = values->size();
  for (flatbuffers::uoffset_t i = 0; i < values->size(); ++i) {
    const schema::EValue* v = values->Get(i);
    switch (v->val_type()) {
      case schema::KernelTypes::Tensor: {
        const auto* sizes = v->val_as_Tensor()->sizes();
        f.tensors += 1;
        f.total_dims += sizes != nullptr ? sizes->size() : 0;
        break;
      }
      case schema::KernelTypes::IntList: {
        const auto* items = v->val_as_IntList()->items();
        f.int_list_items += items != nullptr ? items->size() : 0;
        break;
      }
      case schema::KernelTypes::TensorList: {
        const auto* items = v->val_as_TensorList()->items();
        f.tensor_list_items += items != nullptr ? items->size() : 0;
        break;
      }
      case schema::KernelTypes::OptionalTensorList: {
        const auto* items = v->val_as_OptionalTensorList()->items();
        f.tensor_list_items += items != nullptr ? items->size() : 0;
        break;
      }
      default:
        break;
    }
  }
  const auto* chains = plan->chains();
  if (chains != nullptr && chains->size() > 0 && chains->Get(0)->instructions() != nullptr) {
    const auto* instructions = chains->Get(0)->instructions();
    f.instructions = instructions->size();
    for (flatbuffers::uoffset_t i = 0; i < instructions->size(); ++i) {
      const schema::Instruction* instruction = instructions->Get(i);
      const flatbuffers::Vector<int32_t>* args = nullptr;
      if (const auto* call = instruction->instr_args_as_KernelCall()) args = call->args();
      if (const auto* call = instruction->instr_args_as_DelegateCall()) args = call->args();
      f.instruction_args += vector_size(args);
    }
  }
  const auto* operators = plan->operators();
  for (flatbuffers::uoffset_t i = 0; operators != nullptr && i < operators->size(); ++i) {
    const auto* op = operators->Get(i);
    f.name_chars += size_of(op->name()) + size_of(op->overload()) + 2;
  }
  const auto* delegates = plan->delegates();
  f.delegates = size_of(delegates);
  for (flatbuffers::uoffset_t i = 0; i < f.delegates; ++i) {
    const auto* delegate = delegates->Get(i);
    f.compile_specs += size_of(delegate->compile_specs());
    f.name_chars += size_of(delegate->id()) + sizeof("delegate:");
  }
  f.inputs = vector_size(plan->inputs());
  return f;
}

}  // namespace wick
