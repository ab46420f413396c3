// Program::load_method: resolves operators and backends, then builds the
// value table, tensors, delegates and instruction list of one method in the
// caller's method arena. Every index and size taken from the file is checked
// here, so the executor can trust what it finds.
#include <stdint.h>
#include <string.h>

#include "runtime/checked_math.h"
#include "runtime/method_internal.h"
#include "wick/log.h"

namespace wick {
namespace {

constexpr size_t kMaxOpName = 128;

}  // namespace

struct MethodLoader {
  const Program& program;
  const schema::ExecutionPlan* plan;
  MemoryManager& memory;
  const Registry& registry;
  const DataMap* external;
  Method& method;

  // Pools carved from the method block.
  Tensor* tensors = nullptr;
  int32_t* dims = nullptr;
  uint8_t* dim_orders = nullptr;
  EValue** int_list_boxed = nullptr;
  int64_t* int_list_unboxed = nullptr;
  Tensor** tensor_list_items = nullptr;
  EValue** instruction_args = nullptr;
  CompileSpec* compile_specs = nullptr;
  char* names = nullptr;

  Error check_registry() {
    bool missing = false;
    const auto* operators = plan->operators();
    for (flatbuffers::uoffset_t i = 0; operators != nullptr && i < operators->size(); ++i) {
      char name[kMaxOpName];
      if (method.meta().operator_name(i, name, sizeof(name)) != Error::Ok) {
        WICK_LOG(Error, "invalid .pte: operator %lu has no usable name",
                 static_cast<unsigned long>(i));
        return Error::InvalidProgram;
      }
      bool found = false;
      find_kernel(registry, name, Span<EValue* const>(), &found);
      if (!found) {
        WICK_LOG(Error, "missing operator: [%lu] %s", static_cast<unsigned long>(i), name);
        missing = true;
      }
    }
    bool missing_backend = false;
    const auto* delegates = plan->delegates();
    for (flatbuffers::uoffset_t i = 0; delegates != nullptr && i < delegates->size(); ++i) {
      const auto* id = delegates->Get(i)->id();
      if (id == nullptr) return Error::InvalidProgram;
      if (find_backend(registry, id->c_str()) == nullptr) {
        WICK_LOG(Error, "missing backend: delegate [%lu] needs '%s', which this build lacks",
                 static_cast<unsigned long>(i), id->c_str());
        missing_backend = true;
      }
    }
    if (missing) return Error::OperatorMissing;
    if (missing_backend) return Error::NotFound;
    return Error::Ok;
  }

  Error check_planned_buffers() {
    const MethodMeta& meta = method.meta();
    if (memory.planned_buffers.size() < meta.num_planned_buffers()) {
      WICK_LOG(Error, "method '%s' needs %lu planned buffers, %lu were provided",
               meta.name(), static_cast<unsigned long>(meta.num_planned_buffers()),
               static_cast<unsigned long>(memory.planned_buffers.size()));
      return Error::MemoryAllocationFailed;
    }
    for (size_t i = 0; i < meta.num_planned_buffers(); ++i) {
      WICK_TRY_ASSIGN(size_t needed, meta.planned_buffer_size(i));
      if (memory.planned_buffers[i].size() < needed) {
        WICK_LOG(Error, "planned buffer %lu is too small: method '%s' needs %lu bytes, got %lu",
                 static_cast<unsigned long>(i), meta.name(), static_cast<unsigned long>(needed),
                 static_cast<unsigned long>(memory.planned_buffers[i].size()));
        return Error::MemoryAllocationFailed;
      }
      method.planned_bytes_ += needed;
    }
    return Error::Ok;
  }

  // Carves every array from one zeroed block, laid out as the footprint says.
  Error carve(const MethodFootprint& f) {
    if (memory.method_arena == nullptr) return Error::InvalidArgument;
    size_t offsets[MethodFootprint::kNumArrays];
    const size_t bytes = f.layout(offsets);
    uint8_t* base = static_cast<uint8_t*>(memory.method_arena->allocate(bytes, 16));
    if (base == nullptr) {
      WICK_LOG(Error, "method arena too small: method '%s' needs %lu bytes, %lu are free",
               method.meta().name(), static_cast<unsigned long>(bytes),
               static_cast<unsigned long>(memory.method_arena->size() -
                                          memory.method_arena->used()));
      return Error::MemoryAllocationFailed;
    }
    memset(base, 0, bytes);
    void* at[MethodFootprint::kNumArrays];
    for (size_t a = 0; a < MethodFootprint::kNumArrays; ++a) {
      at[a] = f.count[a] > 0 ? base + offsets[a] : nullptr;
    }
    method.values_ = static_cast<EValue*>(at[MethodFootprint::kValues]);
    method.num_values_ = f.count[MethodFootprint::kValues];
    tensors = static_cast<Tensor*>(at[MethodFootprint::kTensors]);
    dims = static_cast<int32_t*>(at[MethodFootprint::kDims]);
    dim_orders = static_cast<uint8_t*>(at[MethodFootprint::kDimOrders]);
    int_list_boxed = static_cast<EValue**>(at[MethodFootprint::kIntListBoxed]);
    int_list_unboxed = static_cast<int64_t*>(at[MethodFootprint::kIntListUnboxed]);
    tensor_list_items = static_cast<Tensor**>(at[MethodFootprint::kTensorListItems]);
    method.instructions_ = static_cast<Method::Instruction*>(at[MethodFootprint::kInstructions]);
    method.num_instructions_ = f.count[MethodFootprint::kInstructions];
    instruction_args = static_cast<EValue**>(at[MethodFootprint::kInstructionArgs]);
    method.delegates_ = static_cast<Method::Delegate*>(at[MethodFootprint::kDelegates]);
    compile_specs = static_cast<CompileSpec*>(at[MethodFootprint::kCompileSpecs]);
    names = static_cast<char*>(at[MethodFootprint::kNameChars]);
    method.input_set_ = static_cast<bool*>(at[MethodFootprint::kInputSet]);
    return Error::Ok;
  }

  // Where a tensor's bytes live (pte-format §3.2).
  Error place_tensor(size_t value_index, const schema::Tensor* t, Tensor& tensor) {
    const size_t nbytes = tensor.numel_bound * tensor.element_size();
    const schema::AllocationDetails* allocation = t->allocation_info();
    const schema::ExtraTensorInfo* extra = t->extra_tensor_info();
    if (allocation != nullptr) {
      const uint32_t id = allocation->memory_id();
      if (id == 0 || id > memory.planned_buffers.size()) {
        WICK_LOG(Error, "invalid .pte: value %lu uses planned buffer %lu, which does not exist",
                 static_cast<unsigned long>(value_index), static_cast<unsigned long>(id));
        return Error::InvalidProgram;
      }
      if (sizeof(size_t) < 8 && allocation->memory_offset_high() != 0) {
        WICK_LOG(Error, "value %lu lies beyond 4 GB of planned memory",
                 static_cast<unsigned long>(value_index));
        return Error::NotSupported;
      }
      const uint64_t offset = (static_cast<uint64_t>(allocation->memory_offset_high()) << 32) |
                              allocation->memory_offset_low();
      const Span<uint8_t>& buffer = memory.planned_buffers[id - 1];
      uint64_t end = 0;
      if (!checked_add<uint64_t>(offset, nbytes, &end) || end > buffer.size()) {
        WICK_LOG(Error,
                 "invalid .pte: value %lu (%lu bytes at offset %llu) overflows planned buffer %lu "
                 "(%lu bytes)",
                 static_cast<unsigned long>(value_index), static_cast<unsigned long>(nbytes),
                 static_cast<unsigned long long>(offset), static_cast<unsigned long>(id - 1),
                 static_cast<unsigned long>(buffer.size()));
        return Error::MemoryAllocationFailed;
      }
      tensor.data = buffer.data() + offset;
      if (!aligned_for(value_index, tensor)) return Error::InvalidProgram;
    }

    const bool external =
        extra != nullptr && extra->location() == schema::TensorDataLocation::EXTERNAL;
    Span<const uint8_t> initial;
    bool has_initial = false;
    if (external) {
      const auto* fqn = extra->fully_qualified_name();
      if (fqn == nullptr) return Error::InvalidProgram;
      Result<Span<const uint8_t>> found = Error::NotFound;
      if (this->external != nullptr) found = this->external->get(fqn->c_str(), fqn->size());
      if (!found.ok()) found = program.named_data().get(fqn->c_str(), fqn->size());
      if (!found.ok()) {
        WICK_LOG(Error, "external tensor '%s' not found: pass the .ptd file that holds it",
                 fqn->c_str());
        return Error::NotFound;
      }
      initial = *found;
      has_initial = true;
    } else if (t->data_buffer_idx() > 0) {
      if (allocation != nullptr) {
        const uint64_t list = extra != nullptr ? extra->mutable_data_segments_idx() : 0;
        WICK_TRY_ASSIGN(initial, program.mutable_data(list, t->data_buffer_idx()));
      } else {
        WICK_TRY_ASSIGN(initial, program.constant_data(t->data_buffer_idx()));
      }
      has_initial = true;
    }
    if (!has_initial) return Error::Ok;
    const Error bad_data = external ? Error::InvalidExternalData : Error::InvalidProgram;
    if (initial.size() < nbytes) {
      WICK_LOG(Error, "invalid .pte: value %lu needs %lu bytes of data, the file holds %lu",
               static_cast<unsigned long>(value_index), static_cast<unsigned long>(nbytes),
               static_cast<unsigned long>(initial.size()));
      return bad_data;
    }
    if (!bool_bytes_valid(tensor.dtype, initial.data(), tensor.numel)) {
      WICK_LOG(Error, "invalid .pte: Bool value %lu holds a byte other than 0 or 1",
               static_cast<unsigned long>(value_index));
      return bad_data;
    }
    if (allocation != nullptr) {
      if (nbytes > 0) memcpy(tensor.data, initial.data(), nbytes);
    } else {
      // Constants stay in the file (flash on a device); kernels never write
      // their inputs.
      tensor.data = const_cast<uint8_t*>(initial.data());
      if (!aligned_for(value_index, tensor)) return bad_data;
    }
    return Error::Ok;
  }

  // Kernels read elements as their type (a misaligned float load faults on
  // Cortex-M), so data placed by the file must suit the element size.
  bool aligned_for(size_t value_index, const Tensor& tensor) const {
    const size_t align = tensor.element_size();
    if (align <= 1 || reinterpret_cast<uintptr_t>(tensor.data) % align == 0) return true;
    WICK_LOG(Error, "invalid .pte: the data of value %lu (%s) is not aligned to %lu bytes",
             static_cast<unsigned long>(value_index), scalar_type_name(tensor.dtype),
             static_cast<unsigned long>(align));
    return false;
  }

  Error parse_tensor(size_t value_index, const schema::Tensor* t, Tensor& tensor,
                     size_t* dim_cursor) {
    const ScalarType dtype = static_cast<ScalarType>(t->scalar_type());
    if (element_size(dtype) == 0) {
      WICK_LOG(Error, "invalid .pte: value %lu has unknown dtype %d",
               static_cast<unsigned long>(value_index), static_cast<int>(t->scalar_type()));
      return Error::InvalidProgram;
    }
    const size_t rank = t->sizes() != nullptr ? t->sizes()->size() : 0;
    const size_t order_rank = t->dim_order() != nullptr ? t->dim_order()->size() : 0;
    if (rank > static_cast<size_t>(kMaxRank) || order_rank != rank) {
      WICK_LOG(Error, "invalid .pte: value %lu has rank %lu and a dim order of %lu entries",
               static_cast<unsigned long>(value_index), static_cast<unsigned long>(rank),
               static_cast<unsigned long>(order_rank));
      return Error::InvalidProgram;
    }
    if (t->storage_offset() != 0) {
      WICK_LOG(Error, "invalid .pte: value %lu has a storage offset",
               static_cast<unsigned long>(value_index));
      return Error::InvalidProgram;
    }
    const auto dynamism = static_cast<ShapeDynamism>(t->shape_dynamism());
    if (dynamism == ShapeDynamism::DynamicUnbound) {
      WICK_LOG(Error, "value %lu has an unbounded dynamic shape, which needs a heap",
               static_cast<unsigned long>(value_index));
      return Error::NotSupported;
    }
    if (static_cast<uint8_t>(dynamism) > 2) return Error::InvalidProgram;
    tensor.dtype = dtype;
    tensor.dim = static_cast<uint8_t>(rank);
    tensor.dynamism = dynamism;
    tensor.sizes = dims + *dim_cursor * 2;
    tensor.strides = tensor.sizes + rank;
    tensor.dim_order = dim_orders + *dim_cursor;
    *dim_cursor += rank;
    bool seen[kMaxRank] = {};
    for (size_t d = 0; d < rank; ++d) {
      tensor.sizes[d] = t->sizes()->Get(static_cast<flatbuffers::uoffset_t>(d));
      const uint8_t order = t->dim_order()->Get(static_cast<flatbuffers::uoffset_t>(d));
      if (order >= rank || seen[order]) {
        WICK_LOG(Error, "invalid .pte: value %lu has a dim order that is not a permutation",
                 static_cast<unsigned long>(value_index));
        return Error::InvalidProgram;
      }
      seen[order] = true;
      tensor.dim_order[d] = order;
    }
    size_t numel = 0;
    size_t nbytes = 0;
    if (!checked_numel(tensor.sizes, static_cast<int>(rank), &numel) ||
        !checked_mul(numel, element_size(dtype), &nbytes) || !strides_fit(tensor.sizes, static_cast<int>(rank))) {
      WICK_LOG(Error, "invalid .pte: value %lu has negative or overflowing sizes",
               static_cast<unsigned long>(value_index));
      return Error::InvalidProgram;
    }
    tensor.numel = numel;
    tensor.numel_bound = numel;
    compute_strides(tensor.sizes, tensor.dim_order, static_cast<int>(rank), tensor.strides);
    return place_tensor(value_index, t, tensor);
  }

  Error parse_values() {
    const auto* values = plan->values();
    size_t tensor_cursor = 0;
    size_t dim_cursor = 0;
    // Pass 1: scalars, strings and tensors.
    for (flatbuffers::uoffset_t i = 0; i < values->size(); ++i) {
      const schema::EValue* v = values->Get(i);
      // The table of the type switched on (val_as_*() would test it again).
      const void* table = v->val();
      EValue& out = method.values_[i];
      switch (v->val_type()) {
        case schema::KernelTypes::NONE:
        case schema::KernelTypes::Null:
          out.tag = Tag::None;
          break;
        case schema::KernelTypes::Int:
          out.tag = Tag::Int;
          out.payload.as_int = static_cast<const schema::Int*>(table)->int_val();
          break;
        case schema::KernelTypes::Bool:
          out.tag = Tag::Bool;
          out.payload.as_bool = static_cast<const schema::Bool*>(table)->bool_val();
          break;
        case schema::KernelTypes::Double:
          out.tag = Tag::Double;
          out.payload.as_double = static_cast<const schema::Double*>(table)->double_val();
          break;
        case schema::KernelTypes::String: {
          const auto* s = static_cast<const schema::String*>(table)->string_val();
          out.tag = Tag::String;
          out.payload.as_string.data = s != nullptr ? s->c_str() : "";
          out.payload.as_string.size = s != nullptr ? s->size() : 0;
          break;
        }
        case schema::KernelTypes::Tensor: {
          Tensor& tensor = tensors[tensor_cursor++];
          WICK_TRY(parse_tensor(i, static_cast<const schema::Tensor*>(table), tensor, &dim_cursor));
          out.tag = Tag::Tensor;
          out.payload.as_tensor = &tensor;
          break;
        }
        case schema::KernelTypes::DoubleList: {
          const auto* items = static_cast<const schema::DoubleList*>(table)->items();
          out.tag = Tag::ListDouble;
          out.payload.as_double_list = items != nullptr
                                           ? Span<const double>(items->data(), items->size())
                                           : Span<const double>();
          break;
        }
        case schema::KernelTypes::BoolList: {
          const auto* items = static_cast<const schema::BoolList*>(table)->items();
          out.tag = Tag::ListBool;
          out.payload.as_bool_list =
              items != nullptr
                  ? Span<const bool>(reinterpret_cast<const bool*>(items->data()), items->size())
                  : Span<const bool>();
          break;
        }
        case schema::KernelTypes::IntList:
        case schema::KernelTypes::TensorList:
        case schema::KernelTypes::OptionalTensorList:
          break;  // pass 2: they refer to other values
        default:
          WICK_LOG(Error, "invalid .pte: value %lu has unknown type %d",
                   static_cast<unsigned long>(i), static_cast<int>(v->val_type()));
          return Error::InvalidProgram;
      }
    }
    // Pass 2: lists, whose items are indices of values of a given kind.
    size_t int_cursor = 0;
    size_t tensor_list_cursor = 0;
    for (flatbuffers::uoffset_t i = 0; i < values->size(); ++i) {
      const schema::EValue* v = values->Get(i);
      const void* table = v->val();
      EValue& out = method.values_[i];
      if (v->val_type() == schema::KernelTypes::IntList) {
        const auto* items = static_cast<const schema::IntList*>(table)->items();
        const size_t n = items != nullptr ? items->size() : 0;
        out.tag = Tag::ListInt;
        out.payload.as_int_list = IntList{int_list_boxed + int_cursor,
                                          int_list_unboxed + int_cursor, n};
        for (size_t k = 0; k < n; ++k) {
          const int64_t index = items->Get(static_cast<flatbuffers::uoffset_t>(k));
          if (index < 0 || static_cast<uint64_t>(index) >= method.num_values_ ||
              !method.values_[index].is_int()) {
            WICK_LOG(Error, "invalid .pte: int list %lu refers to value %lld, not an Int",
                     static_cast<unsigned long>(i), static_cast<long long>(index));
            return Error::InvalidProgram;
          }
          int_list_boxed[int_cursor + k] = &method.values_[index];
        }
        int_cursor += n;
      } else if (v->val_type() == schema::KernelTypes::TensorList ||
                 v->val_type() == schema::KernelTypes::OptionalTensorList) {
        const bool optional = v->val_type() == schema::KernelTypes::OptionalTensorList;
        const auto* items = optional
                                ? static_cast<const schema::OptionalTensorList*>(table)->items()
                                : static_cast<const schema::TensorList*>(table)->items();
        const size_t n = items != nullptr ? items->size() : 0;
        Tensor** list = tensor_list_items + tensor_list_cursor;
        for (size_t k = 0; k < n; ++k) {
          const int32_t index = items->Get(static_cast<flatbuffers::uoffset_t>(k));
          if (optional && index == -1) {
            list[k] = nullptr;
            continue;
          }
          if (index < 0 || static_cast<size_t>(index) >= method.num_values_ ||
              !method.values_[index].is_tensor()) {
            WICK_LOG(Error, "invalid .pte: tensor list %lu refers to value %ld, not a Tensor",
                     static_cast<unsigned long>(i), static_cast<long>(index));
            return Error::InvalidProgram;
          }
          list[k] = &method.values_[index].to_tensor();
        }
        tensor_list_cursor += n;
        if (optional) {
          out.tag = Tag::ListOptionalTensor;
          out.payload.as_optional_tensor_list = OptionalTensorList{list, n};
        } else {
          out.tag = Tag::ListTensor;
          out.payload.as_tensor_list = TensorList{list, n};
        }
      }
    }
    return Error::Ok;
  }

  Error check_value_index(int32_t index, const char* what) {
    if (index < 0 || static_cast<size_t>(index) >= method.num_values_) {
      WICK_LOG(Error, "invalid .pte: %s refers to value %ld of %lu", what,
               static_cast<long>(index), static_cast<unsigned long>(method.num_values_));
      return Error::InvalidProgram;
    }
    return Error::Ok;
  }

  Error init_delegates(char** name_cursor) {
    const auto* delegates = plan->delegates();
    size_t spec_cursor = 0;
    for (flatbuffers::uoffset_t i = 0; i < method.meta().num_delegates(); ++i) {
      const schema::BackendDelegate* d = delegates->Get(i);
      const char* id = d->id()->c_str();  // check_registry() found the id and its backend
      const Backend* backend = find_backend(registry, id);
      const schema::BackendDelegateDataReference* processed = d->processed();
      if (processed == nullptr) return Error::InvalidProgram;
      const uint32_t data_index = processed->index();
      const schema::DataLocation location = processed->location();
      Span<const uint8_t> blob;
      if (location == schema::DataLocation::INLINE) {
        const auto* inline_data = program.schema()->backend_delegate_data();
        const flatbuffers::Vector<uint8_t>* data = nullptr;
        if (inline_data != nullptr && data_index < inline_data->size()) {
          data = inline_data->Get(data_index)->data();
        }
        if (data == nullptr) {
          WICK_LOG(Error, "invalid .pte: delegate %lu refers to missing inline data %lu",
                   static_cast<unsigned long>(i), static_cast<unsigned long>(data_index));
          return Error::InvalidProgram;
        }
        blob = Span<const uint8_t>(data->data(), data->size());
      } else if (location == schema::DataLocation::SEGMENT) {
        WICK_TRY_ASSIGN(blob, program.segment(data_index));
      } else {
        return Error::InvalidProgram;
      }
      const auto* specs = d->compile_specs();
      const size_t num_specs = specs != nullptr ? specs->size() : 0;
      CompileSpec* spec_list = compile_specs + spec_cursor;
      for (flatbuffers::uoffset_t k = 0; k < num_specs; ++k) {
        const schema::CompileSpec* s = specs->Get(k);
        const auto* key = s->key();
        const auto* value = s->value();
        spec_list[k].key = key != nullptr ? key->c_str() : "";
        spec_list[k].key_size = key != nullptr ? key->size() : 0;
        if (value != nullptr) {
          spec_list[k].value = Span<const uint8_t>(value->data(), value->size());
        }
      }
      spec_cursor += num_specs;
      BackendInitContext context{memory.method_arena, &program.named_data(), method.meta().name()};
      Result<DelegateHandle*> handle =
          backend->init(context, blob, Span<const CompileSpec>(spec_list, num_specs));
      if (!handle.ok()) {
        WICK_LOG(Error, "backend '%s' failed to initialise delegate %lu: %s", backend->id,
                 static_cast<unsigned long>(i), error_name(handle.error()));
        return handle.error();
      }
      method.delegates_[i] = Method::Delegate{backend, *handle};
      method.num_delegates_ = i + 1;  // destroy() only what was initialised
      const int written = snprintf_name(*name_cursor, "delegate:", id);
      *name_cursor += written;
    }
    return Error::Ok;
  }

  static int snprintf_name(char* out, const char* prefix, const char* name) {
    const size_t a = strlen(prefix);
    const size_t b = strlen(name);
    memcpy(out, prefix, a);
    memcpy(out + a, name, b);
    out[a + b] = '\0';
    return static_cast<int>(a + b + 1);
  }

  Error init_instructions(char* name_cursor) {
    // Operator names, formatted once.
    const size_t num_ops = method.meta().num_operators();
    const char* op_names[256];
    if (num_ops > sizeof(op_names) / sizeof(op_names[0])) {
      WICK_LOG(Error, "method '%s' uses %lu distinct operators; at most 256 are supported",
               method.meta().name(), static_cast<unsigned long>(num_ops));
      return Error::NotSupported;
    }
    for (size_t i = 0; i < num_ops; ++i) {
      const auto* op = plan->operators()->Get(static_cast<flatbuffers::uoffset_t>(i));
      const size_t capacity = op->name()->size() + (op->overload() ? op->overload()->size() : 0) + 2;
      WICK_TRY(method.meta().operator_name(i, name_cursor, capacity));
      op_names[i] = name_cursor;
      name_cursor += capacity;
    }
    const auto* chains = plan->chains();
    if (chains != nullptr && chains->size() > 1) {
      WICK_LOG(Error, "method '%s' has %lu chains; Wick runs single-chain methods",
               method.meta().name(), static_cast<unsigned long>(chains->size()));
      return Error::NotSupported;
    }
    if (method.num_instructions_ == 0) return Error::Ok;
    const auto* instructions = chains->Get(0)->instructions();
    size_t arg_cursor = 0;
    for (flatbuffers::uoffset_t i = 0; i < instructions->size(); ++i) {
      const schema::Instruction* in = instructions->Get(i);
      // The table of the type switched on (instr_args_as_*() would test it again).
      const void* table = in->instr_args();
      Method::Instruction& out = method.instructions_[i];
      const flatbuffers::Vector<int32_t>* args = nullptr;
      switch (in->instr_args_type()) {
        case schema::InstructionArguments::KernelCall: {
          const auto* call = static_cast<const schema::KernelCall*>(table);
          const int32_t op = call->op_index();
          if (op < 0 || static_cast<size_t>(op) >= num_ops) {
            WICK_LOG(Error, "invalid .pte: instruction %lu calls operator %ld of %lu",
                     static_cast<unsigned long>(i), static_cast<long>(op),
                     static_cast<unsigned long>(num_ops));
            return Error::InvalidProgram;
          }
          out.kind = InstructionKind::Kernel;
          out.index = static_cast<uint32_t>(op);
          out.name = op_names[op];
          args = call->args();
          break;
        }
        case schema::InstructionArguments::DelegateCall: {
          const auto* call = static_cast<const schema::DelegateCall*>(table);
          const int32_t delegate = call->delegate_index();
          if (delegate < 0 || static_cast<size_t>(delegate) >= method.num_delegates_) {
            WICK_LOG(Error, "invalid .pte: instruction %lu calls delegate %ld",
                     static_cast<unsigned long>(i), static_cast<long>(delegate));
            return Error::InvalidProgram;
          }
          out.kind = InstructionKind::Delegate;
          out.index = static_cast<uint32_t>(delegate);
          out.name = delegate_name(out.index);
          args = call->args();
          break;
        }
        case schema::InstructionArguments::MoveCall: {
          const auto* call = static_cast<const schema::MoveCall*>(table);
          out.kind = InstructionKind::Move;
          out.a = call->move_from();
          out.b = call->move_to();
          out.name = "move";
          WICK_TRY(check_value_index(out.a, "a move"));
          WICK_TRY(check_value_index(out.b, "a move"));
          break;
        }
        case schema::InstructionArguments::JumpFalseCall: {
          const auto* call = static_cast<const schema::JumpFalseCall*>(table);
          out.kind = InstructionKind::JumpFalse;
          out.a = call->cond_value_index();
          out.b = call->destination_instruction();
          out.name = "jump_false";
          WICK_TRY(check_value_index(out.a, "a jump"));
          if (out.b < 0 || static_cast<size_t>(out.b) > instructions->size()) {
            WICK_LOG(Error, "invalid .pte: instruction %lu jumps to %ld",
                     static_cast<unsigned long>(i), static_cast<long>(out.b));
            return Error::InvalidProgram;
          }
          break;
        }
        case schema::InstructionArguments::FreeCall: {
          out.kind = InstructionKind::Free;
          out.a = static_cast<const schema::FreeCall*>(table)->value_index();
          out.name = "free";
          WICK_TRY(check_value_index(out.a, "a free"));
          break;
        }
        default:
          WICK_LOG(Error, "invalid .pte: instruction %lu has unknown type %d",
                   static_cast<unsigned long>(i), static_cast<int>(in->instr_args_type()));
          return Error::InvalidProgram;
      }
      // A call without an argument list still needs its kernel resolved.
      const flatbuffers::uoffset_t num_args = args != nullptr ? args->size() : 0;
      out.args = instruction_args + arg_cursor;
      out.num_args = num_args;
      for (flatbuffers::uoffset_t k = 0; k < num_args; ++k) {
        WICK_TRY(check_value_index(args->Get(k), "an instruction argument"));
        out.args[k] = &method.values_[args->Get(k)];
      }
      arg_cursor += num_args;
      if (out.kind == InstructionKind::Kernel) {
        bool found = false;
        const OpEntry* entry =
            find_kernel(registry, out.name, Span<EValue* const>(out.args, out.num_args), &found);
        if (entry == nullptr) {
          WICK_LOG(Error, "no kernel for %s accepts the argument types of instruction %lu",
                   out.name, static_cast<unsigned long>(i));
          return Error::OperatorMissing;
        }
        out.fn = entry->fn;
        out.prepared = nullptr;
        if (entry->prepare != nullptr) {
          PrepareContext context{memory.method_arena, memory.planned_buffers, out.name, nullptr};
          WICK_TRY(entry->prepare(context, Span<EValue* const>(out.args, out.num_args)));
          out.prepared = context.prepared;
        }
      }
    }
    return Error::Ok;
  }

  const char* delegate_name(uint32_t delegate_index) {
    // Delegate names were written first into the name pool, in order.
    const char* p = names;
    for (uint32_t k = 0; k < delegate_index; ++k) p += strlen(p) + 1;
    return p;
  }

  Error check_io() {
    const auto* inputs = plan->inputs();
    const auto* outputs = plan->outputs();
    method.input_indices_ = inputs != nullptr ? inputs->data() : nullptr;
    method.num_inputs_ = inputs != nullptr ? inputs->size() : 0;
    method.output_indices_ = outputs != nullptr ? outputs->data() : nullptr;
    method.num_outputs_ = outputs != nullptr ? outputs->size() : 0;
    for (size_t i = 0; i < method.num_inputs_; ++i) {
      WICK_TRY(check_value_index(method.input_indices_[i], "a method input"));
    }
    for (size_t i = 0; i < method.num_outputs_; ++i) {
      WICK_TRY(check_value_index(method.output_indices_[i], "a method output"));
    }
    return Error::Ok;
  }

  bool is_method_io(size_t value_index) const {
    for (size_t k = 0; k < method.num_inputs_; ++k) {
      if (static_cast<size_t>(method.input_indices_[k]) == value_index) return true;
    }
    for (size_t k = 0; k < method.num_outputs_; ++k) {
      if (static_cast<size_t>(method.output_indices_[k]) == value_index) return true;
    }
    return false;
  }

  // An et_view output has no memory of its own (ExecuTorch's exporter leaves
  // it unplanned): the view points it at its input's data when it runs. That
  // is safe when the first instruction mentioning it is the et_view defining
  // it (as its last argument), in a method without jumps, which could skip
  // the definition. Runs on the parsed, checked instructions.
  bool is_defined_by_view(size_t value_index) const {
    const EValue* value = &method.values_[value_index];
    for (size_t i = 0; i < method.num_instructions_; ++i) {
      if (method.instructions_[i].kind == InstructionKind::JumpFalse) return false;
    }
    for (size_t i = 0; i < method.num_instructions_; ++i) {
      const Method::Instruction& in = method.instructions_[i];
      bool mentioned = in.kind == InstructionKind::Move &&
                       (static_cast<size_t>(in.a) == value_index ||
                        static_cast<size_t>(in.b) == value_index);
      for (uint32_t k = 0; k < in.num_args; ++k) mentioned = mentioned || in.args[k] == value;
      if (!mentioned) continue;
      return in.kind == InstructionKind::Kernel && in.num_args >= 2 &&
             in.args[in.num_args - 1] == value && in.args[0] != value &&
             strcmp(in.name, "executorch_prim::et_view.default") == 0;
    }
    return false;  // never used
  }

  // A tensor that is neither planned, constant, nor a method input or output
  // (whose memory the caller provides) has nowhere to live: a kernel would
  // read or write through a null pointer. The exception: an et_view output.
  Error check_tensor_memory() const {
    for (size_t i = 0; i < method.num_values_; ++i) {
      const EValue& v = method.values_[i];
      if (!v.is_tensor() || v.to_tensor().data != nullptr || v.to_tensor().numel_bound == 0 ||
          is_method_io(i) || is_defined_by_view(i)) {
        continue;
      }
      WICK_LOG(Error,
               "invalid .pte: value %lu is a tensor with no memory (not planned, not a constant, "
               "not a method input or output)",
               static_cast<unsigned long>(i));
      return Error::InvalidProgram;
    }
    return Error::Ok;
  }

  Error load() {
    WICK_TRY(check_registry());
    WICK_TRY_ASSIGN(MethodFootprint footprint, compute_footprint(plan));
    WICK_TRY(check_planned_buffers());
    WICK_TRY(carve(footprint));
    WICK_TRY(parse_values());
    WICK_TRY(check_io());
    char* name_cursor = names;
    WICK_TRY(init_delegates(&name_cursor));
    WICK_TRY(init_instructions(name_cursor));
    WICK_TRY(check_tensor_memory());
    method.temp_arena_ = memory.temp_arena;
    return Error::Ok;
  }
};

Result<Method> Program::load_method(const char* name, MemoryManager& memory,
                                    const Registry& registry, const DataMap* external_data) const {
  const schema::ExecutionPlan* plan = find_plan(program_, name);
  if (plan == nullptr) return Error::NotFound;
  Method method(plan);
  MethodLoader loader{*this, plan, memory, registry, external_data, method};
  const Error error = loader.load();
  if (error != Error::Ok) return error;  // ~Method destroys initialised delegates
  return method;
}

}  // namespace wick
