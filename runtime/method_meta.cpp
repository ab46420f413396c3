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

// Bytes per element of each array, in MethodFootprint::Array order.
constexpr size_t kElementSize[MethodFootprint::kNumArrays] = {
    sizeof(EValue),                // kValues
    sizeof(Tensor),                // kTensors
    2 * sizeof(int32_t),           // kDims
    sizeof(uint8_t),               // kDimOrders
    sizeof(EValue*),               // kIntListBoxed
    sizeof(int64_t),               // kIntListUnboxed
    sizeof(Tensor*),               // kTensorListItems
    sizeof(Method::Instruction),   // kInstructions
    sizeof(EValue*),               // kInstructionArgs
    sizeof(Method::Delegate),      // kDelegates
    sizeof(CompileSpec),           // kCompileSpecs
    sizeof(char),                  // kNameChars
    sizeof(bool),                  // kInputSet
};

size_t MethodFootprint::layout(size_t offsets[kNumArrays]) const {
  // The block starts with 16 bytes of slack, as it always has: the sizes
  // reported by method_arena_bytes() stay what they were.
  size_t size = 16;
  for (size_t a = 0; a < kNumArrays; ++a) {
    offsets[a] = size;
    size += round_up_16(count[a] * kElementSize[a]);
  }
  return size;
}

size_t MethodFootprint::bytes() const {
  size_t offsets[kNumArrays];
  return layout(offsets);
}

Result<MethodFootprint> compute_footprint(const schema::ExecutionPlan* plan) {
  MethodFootprint f;
  const auto* values = plan->values();
  if (values == nullptr) {
    WICK_LOG(Error, "invalid .pte: method '%s' has no value table", MethodMeta(plan).name());
    return Error::InvalidProgram;
  }
  f.count[MethodFootprint::kValues] = values->size();
  for (flatbuffers::uoffset_t i = 0; i < values->size(); ++i) {
    const schema::EValue* v = values->Get(i);
    // The table of the type switched on (val_as_*() would test it again).
    const void* table = v->val();
    switch (v->val_type()) {
      case schema::KernelTypes::Tensor: {
        const auto* sizes = static_cast<const schema::Tensor*>(table)->sizes();
        const size_t rank = sizes != nullptr ? sizes->size() : 0;
        f.count[MethodFootprint::kTensors] += 1;
        f.count[MethodFootprint::kDims] += rank;
        f.count[MethodFootprint::kDimOrders] += rank;
        break;
      }
      case schema::KernelTypes::IntList: {
        const size_t n = size_of(static_cast<const schema::IntList*>(table)->items());
        f.count[MethodFootprint::kIntListBoxed] += n;
        f.count[MethodFootprint::kIntListUnboxed] += n;
        break;
      }
      case schema::KernelTypes::TensorList: {
        const auto* items = static_cast<const schema::TensorList*>(table)->items();
        f.count[MethodFootprint::kTensorListItems] += size_of(items);
        break;
      }
      case schema::KernelTypes::OptionalTensorList: {
        const auto* items = static_cast<const schema::OptionalTensorList*>(table)->items();
        f.count[MethodFootprint::kTensorListItems] += size_of(items);
        break;
      }
      default:
        break;
    }
  }
  const auto* chains = plan->chains();
  if (chains != nullptr && chains->size() > 0 && chains->Get(0)->instructions() != nullptr) {
    const auto* instructions = chains->Get(0)->instructions();
    f.count[MethodFootprint::kInstructions] = instructions->size();
    for (flatbuffers::uoffset_t i = 0; i < instructions->size(); ++i) {
      const schema::Instruction* instruction = instructions->Get(i);
      const flatbuffers::Vector<int32_t>* args = nullptr;
      if (const auto* call = instruction->instr_args_as_KernelCall()) args = call->args();
      if (const auto* call = instruction->instr_args_as_DelegateCall()) args = call->args();
      f.count[MethodFootprint::kInstructionArgs] += vector_size(args);
    }
  }
  const auto* operators = plan->operators();
  for (flatbuffers::uoffset_t i = 0; operators != nullptr && i < operators->size(); ++i) {
    const auto* op = operators->Get(i);
    f.count[MethodFootprint::kNameChars] += size_of(op->name()) + size_of(op->overload()) + 2;
  }
  const auto* delegates = plan->delegates();
  const size_t num_delegates = size_of(delegates);
  f.count[MethodFootprint::kDelegates] = num_delegates;
  for (flatbuffers::uoffset_t i = 0; i < num_delegates; ++i) {
    const auto* delegate = delegates->Get(i);
    f.count[MethodFootprint::kCompileSpecs] += size_of(delegate->compile_specs());
    f.count[MethodFootprint::kNameChars] += size_of(delegate->id()) + sizeof("delegate:");
  }
  f.count[MethodFootprint::kInputSet] = vector_size(plan->inputs());
  return f;
}

}  // namespace wick
