// Parsing a TOSA flatbuffer into a Graph. The blob may be hostile: the
// flatbuffer verifier bounds every offset, and every count, shape and payload
// size is checked here before use.
#include "backends/tosa/graph.h"

#include <string.h>

#include "backends/tosa/ops/op.h"
#include "wick/log.h"

namespace wick {
namespace tosa {
namespace {

// Bounds that keep a hostile file from asking for unbounded init work.
constexpr size_t kMaxTensors = 1u << 16;
constexpr size_t kMaxOperators = 1u << 16;
constexpr size_t kMaxOpArgs = 64;  // the 8K level's max_tensor_list_size
constexpr size_t kScratchAlign = 16;
// Elements per tensor: 2^28 keeps every byte count (8-byte INT48/SHAPE storage) below
// 2^31, so sizes and offsets stay exact with a 32-bit size_t.
constexpr size_t kMaxElements = size_t{1} << 28;
// Graph outputs the delegate binds at execute (see tosa_backend.cpp).
constexpr size_t kMaxGraphOutputs = 64;
// Offsets of placed intermediates stay below this (exact in a 32-bit size_t).
constexpr uint64_t kMaxScratch = uint64_t{1} << 31;

size_t file_element_size(fb::DType dtype) {
  return dtype == fb::DType::INT48 ? 6 : dtype_storage_size(dtype);
}

Error invalid(const char* what) {
  WICK_LOG(Error, "TOSA graph: %s", what);
  return Error::InvalidProgram;
}

class Parser {
 public:
  Parser(const fb::TosaBasicBlock& block, Arena& arena, Graph& graph)
      : block_(block), arena_(arena), graph_(graph) {}

  Error parse() {
    WICK_TRY(parse_tensors());
    WICK_TRY(bind_inputs());
    WICK_TRY(parse_operators());
    WICK_TRY(bind_outputs());
    WICK_TRY(check_operators());
    WICK_TRY(fuse_rescales());
    return plan_intermediates();
  }

 private:
  Result<uint32_t> find_tensor(const flatbuffers::String* name) {
    if (name == nullptr) return invalid("operator or block refers to an unnamed tensor");
    for (size_t i = 0; i < graph_.num_tensors; ++i) {
      if (strcmp(graph_.tensors[i].name, name->c_str()) == 0) return static_cast<uint32_t>(i);
    }
    WICK_LOG(Error, "TOSA graph: tensor '%s' is not declared", name->c_str());
    return Error::InvalidProgram;
  }

  Error parse_tensors() {
    const auto* tensors = block_.tensors();
    if (tensors == nullptr || tensors->size() == 0 || tensors->size() > kMaxTensors) {
      return invalid("block has no tensors or too many");
    }
    graph_.num_tensors = tensors->size();
    graph_.tensors = arena_.allocate_array<TensorRef>(graph_.num_tensors);
    if (graph_.tensors == nullptr) return Error::MemoryAllocationFailed;
    for (flatbuffers::uoffset_t i = 0; i < tensors->size(); ++i) {
      const fb::TosaTensor* src = tensors->Get(i);
      TensorRef* t = new (&graph_.tensors[i]) TensorRef();
      if (src->name() == nullptr) return invalid("tensor without a name");
      t->name = src->name()->c_str();
      t->dtype = src->type();
      if (dtype_storage_size(t->dtype) == 0) {
        WICK_LOG(Error, "TOSA graph: tensor '%s' has unsupported dtype %s", t->name,
                 dtype_name(t->dtype));
        return Error::NotSupported;
      }
      if (src->is_unranked() || src->variable()) {
        WICK_LOG(Error, "TOSA graph: tensor '%s' is unranked or a variable (not supported)",
                 t->name);
        return Error::NotSupported;
      }
      const auto* shape = src->shape();
      const size_t rank = shape != nullptr ? shape->size() : 0;
      if (rank > static_cast<size_t>(kMaxRank)) {
        WICK_LOG(Error, "TOSA graph: tensor '%s' has rank %lu (max %d)", t->name,
                 static_cast<unsigned long>(rank), kMaxRank);
        return Error::NotSupported;
      }
      t->rank = static_cast<uint8_t>(rank);
      size_t numel = 1;
      for (size_t d = 0; d < rank; ++d) {
        const int32_t dim = shape->Get(static_cast<flatbuffers::uoffset_t>(d));
        // A SHAPE tensor of shape [0] holds a rank-0 shape value.
        const bool empty_shape = dim == 0 && t->dtype == fb::DType::SHAPE && rank == 1;
        if ((dim < 1 && !empty_shape) ||
            (dim > 0 && numel > kMaxElements / static_cast<size_t>(dim))) {
          WICK_LOG(Error, "TOSA graph: tensor '%s' has invalid dimension %ld", t->name,
                   static_cast<long>(dim));
          return Error::InvalidProgram;
        }
        t->shape[d] = dim;
        numel *= static_cast<size_t>(dim);
      }
      t->numel = numel;
      t->nbytes = numel * dtype_storage_size(t->dtype);
      if (src->data() != nullptr && src->data()->size() > 0) WICK_TRY(load_constant(*src, *t));
    }
    return Error::Ok;
  }

  // Constant payloads are used in place when already aligned and in storage
  // format, otherwise copied into the method arena.
  Error load_constant(const fb::TosaTensor& src, TensorRef& t) {
    const auto* data = src.data();
    const size_t file_size = file_element_size(t.dtype);
    if (data->size() != t.numel * file_size) {
      WICK_LOG(Error, "TOSA graph: constant '%s' holds %lu bytes, its shape needs %lu", t.name,
               static_cast<unsigned long>(data->size()),
               static_cast<unsigned long>(t.numel * file_size));
      return Error::InvalidProgram;
    }
    const size_t size = dtype_storage_size(t.dtype);
    const uint8_t* bytes = data->data();
    if (file_size == size && reinterpret_cast<uintptr_t>(bytes) % size == 0) {
      t.data = const_cast<uint8_t*>(bytes);
    } else {
      uint8_t* copy = static_cast<uint8_t*>(arena_.allocate(t.nbytes, 8));
      if (copy == nullptr) return Error::MemoryAllocationFailed;
      if (t.dtype == fb::DType::INT48) {
        int64_t* out = reinterpret_cast<int64_t*>(copy);
        for (size_t i = 0; i < t.numel; ++i) {
          uint64_t v = 0;
          for (int b = 5; b >= 0; --b) v = (v << 8) | bytes[i * 6 + b];
          out[i] = static_cast<int64_t>(v << 16) >> 16;  // sign-extend 48 bits
        }
      } else {
        memcpy(copy, bytes, t.nbytes);
      }
      t.data = copy;
    }
    t.storage = Storage::Constant;
    return Error::Ok;
  }

  Error bind_inputs() {
    const auto* names = block_.inputs();
    graph_.num_inputs = names != nullptr ? names->size() : 0;
    graph_.inputs = arena_.allocate_array<uint32_t>(graph_.num_inputs + 1);
    if (graph_.inputs == nullptr) return Error::MemoryAllocationFailed;
    for (size_t i = 0; i < graph_.num_inputs; ++i) {
      WICK_TRY_ASSIGN(const uint32_t index,
                      find_tensor(names->Get(static_cast<flatbuffers::uoffset_t>(i))));
      TensorRef& t = graph_.tensors[index];
      if (t.produced || t.storage == Storage::Constant) {
        WICK_LOG(Error, "TOSA graph: input '%s' is listed twice or is a constant", t.name);
        return Error::InvalidProgram;
      }
      if (t.dtype == fb::DType::SHAPE || t.dtype == fb::DType::INT48) {
        WICK_LOG(Error, "TOSA graph: input '%s' has dtype %s", t.name, dtype_name(t.dtype));
        return Error::NotSupported;
      }
      t.storage = Storage::GraphInput;
      t.produced = true;
      graph_.inputs[i] = index;
    }
    return Error::Ok;
  }

  Error parse_operators() {
    const auto* ops = block_.operators();
    const size_t count = ops != nullptr ? ops->size() : 0;
    if (count > kMaxOperators) return invalid("too many operators");
    graph_.ops = arena_.allocate_array<OpNode>(count + 1);
    size_t total_args = 0;
    for (size_t i = 0; i < count; ++i) {
      const fb::TosaOperator* op = ops->Get(static_cast<flatbuffers::uoffset_t>(i));
      total_args +=
          (op->inputs() ? op->inputs()->size() : 0) + (op->outputs() ? op->outputs()->size() : 0);
    }
    graph_.args = arena_.allocate_array<uint32_t>(total_args + 1);
    if (graph_.ops == nullptr || graph_.args == nullptr) return Error::MemoryAllocationFailed;
    uint32_t cursor = 0;
    for (size_t i = 0; i < count; ++i) {
      const fb::TosaOperator* op = ops->Get(static_cast<flatbuffers::uoffset_t>(i));
      const size_t num_in = op->inputs() ? op->inputs()->size() : 0;
      const size_t num_out = op->outputs() ? op->outputs()->size() : 0;
      if (num_in > kMaxOpArgs || num_out == 0 || num_out > kMaxOpArgs) {
        WICK_LOG(Error, "TOSA graph: operator %lu (%s) has %lu inputs and %lu outputs",
                 static_cast<unsigned long>(i), op_name(op->op()),
                 static_cast<unsigned long>(num_in), static_cast<unsigned long>(num_out));
        return Error::InvalidProgram;
      }
      if (op->attribute_type() != fb::Attribute::NONE &&
          static_cast<uint32_t>(op->attribute_type()) != static_cast<uint32_t>(op->op())) {
        WICK_LOG(Error, "TOSA graph: operator %lu (%s) carries the attribute of another op",
                 static_cast<unsigned long>(i), op_name(op->op()));
        return Error::InvalidProgram;
      }
      if (op->op() == fb::Op::CONST || op->op() == fb::Op::CONST_SHAPE) {
        WICK_TRY(parse_constant_op(*op, num_in, num_out));
        continue;
      }
      if (find_op(op->op()) == nullptr) {
        WICK_LOG(Error, "TOSA graph: operator %s is not implemented by Wick's interpreter",
                 op_name(op->op()));
        return Error::NotSupported;
      }
      OpNode& node = *new (&graph_.ops[graph_.num_ops++]) OpNode();
      node.op = op->op();
      node.node = op;
      node.first_arg = cursor;
      node.num_inputs = static_cast<uint16_t>(num_in);
      node.num_outputs = static_cast<uint16_t>(num_out);
      for (size_t k = 0; k < num_in; ++k) {
        WICK_TRY_ASSIGN(const uint32_t index,
                        find_tensor(op->inputs()->Get(static_cast<flatbuffers::uoffset_t>(k))));
        if (!graph_.tensors[index].produced) {
          WICK_LOG(Error, "TOSA graph: %s reads '%s' before anything writes it", op_name(op->op()),
                   graph_.tensors[index].name);
          return Error::InvalidProgram;
        }
        graph_.args[cursor++] = index;
      }
      for (size_t k = 0; k < num_out; ++k) {
        WICK_TRY_ASSIGN(const uint32_t index,
                        find_tensor(op->outputs()->Get(static_cast<flatbuffers::uoffset_t>(k))));
        TensorRef& t = graph_.tensors[index];
        if (t.produced || t.dtype == fb::DType::SHAPE || t.storage == Storage::Constant) {
          WICK_LOG(Error,
                   "TOSA graph: %s writes '%s', which is already written, a shape or a constant",
                   op_name(op->op()), t.name);
          return Error::InvalidProgram;
        }
        t.produced = true;
        graph_.args[cursor++] = index;
      }
    }
    return Error::Ok;
  }

  Error parse_constant_op(const fb::TosaOperator& op, size_t num_in, size_t num_out) {
    if (num_in != 0 || num_out != 1) return invalid("CONST needs no inputs and one output");
    WICK_TRY_ASSIGN(const uint32_t index, find_tensor(op.outputs()->Get(0)));
    TensorRef& t = graph_.tensors[index];
    const bool is_shape = op.op() == fb::Op::CONST_SHAPE;
    if (is_shape != (t.dtype == fb::DType::SHAPE)) {
      WICK_LOG(Error, "TOSA graph: %s output '%s' has dtype %s", op_name(op.op()), t.name,
               dtype_name(t.dtype));
      return Error::InvalidProgram;
    }
    // A rank-0 shape value has no data; anything else must carry its payload.
    const bool empty_shape = is_shape && t.numel == 0;
    if (t.produced || (t.storage != Storage::Constant && !empty_shape)) {
      WICK_LOG(Error, "TOSA graph: constant '%s' has no payload or is written twice", t.name);
      return Error::InvalidProgram;
    }
    t.produced = true;
    return Error::Ok;
  }

  Error bind_outputs() {
    const auto* names = block_.outputs();
    graph_.num_outputs = names != nullptr ? names->size() : 0;
    if (graph_.num_outputs == 0 || graph_.num_outputs > kMaxGraphOutputs) {
      return invalid("block has no outputs or too many");
    }
    graph_.outputs = arena_.allocate_array<uint32_t>(graph_.num_outputs);
    graph_.output_is_copy = arena_.allocate_array<bool>(graph_.num_outputs);
    if (graph_.outputs == nullptr || graph_.output_is_copy == nullptr) {
      return Error::MemoryAllocationFailed;
    }
    for (size_t i = 0; i < graph_.num_outputs; ++i) {
      WICK_TRY_ASSIGN(const uint32_t index,
                      find_tensor(names->Get(static_cast<flatbuffers::uoffset_t>(i))));
      TensorRef& t = graph_.tensors[index];
      if (!t.produced || t.dtype == fb::DType::SHAPE || t.dtype == fb::DType::INT48) {
        WICK_LOG(Error, "TOSA graph: output '%s' is never written or has dtype %s", t.name,
                 dtype_name(t.dtype));
        return Error::InvalidProgram;
      }
      graph_.outputs[i] = index;
      graph_.output_is_copy[i] = t.storage != Storage::Intermediate;
      if (t.storage == Storage::Intermediate) t.storage = Storage::GraphOutput;
    }
    return Error::Ok;
  }

  Error check_operators() {
    for (size_t i = 0; i < graph_.num_ops; ++i) {
      const OpNode& node = graph_.ops[i];
      TensorRef* refs[2 * kMaxOpArgs];
      for (size_t k = 0; k < static_cast<size_t>(node.num_inputs + node.num_outputs); ++k) {
        refs[k] = &graph_.tensors[graph_.args[node.first_arg + k]];
      }
      const OpArgs args{node.op,         node.node, refs, node.num_inputs, refs + node.num_inputs,
                        node.num_outputs};
      WICK_TRY(find_op(node.op)(args, Phase::Check));
    }
    return Error::Ok;
  }

  // CONV2D / DEPTHWISE_CONV2D -> RESCALE (i32 -> i8) where the int32 tensor has no
  // other reader: the convolution rescales each accumulator as it produces it, so the
  // int32 tensor is never stored (the results are the same, bit for bit).
  Error fuse_rescales() {
    uint32_t* readers = arena_.allocate_array<uint32_t>(graph_.num_tensors);
    if (readers == nullptr) return Error::MemoryAllocationFailed;
    for (size_t t = 0; t < graph_.num_tensors; ++t) readers[t] = 0;
    for (size_t i = 0; i < graph_.num_ops; ++i) {
      const OpNode& node = graph_.ops[i];
      for (size_t k = 0; k < node.num_inputs; ++k) ++readers[graph_.args[node.first_arg + k]];
    }
    for (size_t i = 0; i + 1 < graph_.num_ops; ++i) {
      OpNode& conv = graph_.ops[i];
      OpNode& rescale = graph_.ops[i + 1];
      if ((conv.op != fb::Op::CONV2D && conv.op != fb::Op::DEPTHWISE_CONV2D) ||
          rescale.op != fb::Op::RESCALE || conv.skip) {
        continue;
      }
      const uint32_t acc = graph_.args[conv.first_arg + conv.num_inputs];
      const uint32_t result = graph_.args[rescale.first_arg + rescale.num_inputs];
      TensorRef& t = graph_.tensors[acc];
      if (t.storage != Storage::Intermediate || t.dtype != fb::DType::INT32 || readers[acc] != 1 ||
          graph_.args[rescale.first_arg] != acc ||
          graph_.tensors[result].dtype != fb::DType::INT8) {
        continue;
      }
      conv.fused_with_next = true;
      rescale.skip = true;
      t.storage = Storage::Fused;
    }
    return Error::Ok;
  }

  // First-fit placement of intermediates by lifetime (producer .. last reader).
  Error plan_intermediates() {
    size_t* first = arena_.allocate_array<size_t>(graph_.num_tensors);
    size_t* last = arena_.allocate_array<size_t>(graph_.num_tensors);
    if (first == nullptr || last == nullptr) return Error::MemoryAllocationFailed;
    for (size_t t = 0; t < graph_.num_tensors; ++t) first[t] = last[t] = 0;
    for (size_t i = 0; i < graph_.num_ops; ++i) {
      const OpNode& node = graph_.ops[i];
      // A fused RESCALE runs inside the convolution before it: same step.
      const size_t step = node.skip ? i - 1 : i;
      for (size_t k = 0; k < node.num_inputs; ++k) last[graph_.args[node.first_arg + k]] = step;
      for (size_t k = 0; k < node.num_outputs; ++k) {
        const uint32_t t = graph_.args[node.first_arg + node.num_inputs + k];
        first[t] = step;
        if (last[t] < step) last[t] = step;
      }
    }
    uint64_t total = 0;
    for (size_t i = 0; i < graph_.num_ops; ++i) {
      const OpNode& node = graph_.ops[i];
      for (size_t k = 0; k < node.num_outputs; ++k) {
        const uint32_t t = graph_.args[node.first_arg + node.num_inputs + k];
        TensorRef& ref = graph_.tensors[t];
        if (ref.storage != Storage::Intermediate) continue;
        const uint64_t offset = first_fit(t, first, last);
        const uint64_t end = offset + ref.nbytes;
        if (end > kMaxScratch) {
          WICK_LOG(Error, "TOSA graph: intermediates need more than %lu bytes",
                   static_cast<unsigned long>(kMaxScratch));
          return Error::OutOfResources;
        }
        ref.offset = static_cast<size_t>(offset);
        if (end > total) total = end;
      }
    }
    graph_.scratch_bytes = static_cast<size_t>(total);
    return Error::Ok;
  }

  uint64_t first_fit(uint32_t t, const size_t* first, const size_t* last) const {
    const uint64_t size = graph_.tensors[t].nbytes;
    uint64_t candidate = 0;
    for (bool moved = true; moved;) {
      moved = false;
      for (size_t o = 0; o < graph_.num_tensors; ++o) {
        const TensorRef& other = graph_.tensors[o];
        if (o == t || other.storage != Storage::Intermediate || !other.produced) continue;
        if (!placed(o, t, first) || last[o] < first[t] || first[o] > last[t]) continue;
        const uint64_t end = uint64_t{other.offset} + other.nbytes;
        if (candidate < end && other.offset < candidate + size) {
          candidate = (end + kScratchAlign - 1) & ~uint64_t{kScratchAlign - 1};
          moved = true;
        }
      }
    }
    return candidate;
  }

  // Tensors are placed in producer order, so `o` is placed iff produced first.
  static bool placed(size_t o, size_t t, const size_t* first) {
    return first[o] < first[t] || (first[o] == first[t] && o < t);
  }

  const fb::TosaBasicBlock& block_;
  Arena& arena_;
  Graph& graph_;
};

}  // namespace

size_t dtype_storage_size(fb::DType dtype) {
  switch (dtype) {
    case fb::DType::BOOL:
    case fb::DType::INT8:
      return 1;
    case fb::DType::INT16:
      return 2;
    case fb::DType::INT32:
    case fb::DType::FP32:
      return 4;
    case fb::DType::INT48:
    case fb::DType::SHAPE:
      return 8;
    default:
      return 0;
  }
}

ScalarType wick_scalar_type(fb::DType dtype) {
  switch (dtype) {
    case fb::DType::BOOL:
      return ScalarType::Bool;
    case fb::DType::INT8:
      return ScalarType::Char;
    case fb::DType::INT16:
      return ScalarType::Short;
    case fb::DType::INT32:
      return ScalarType::Int;
    default:
      return ScalarType::Float;
  }
}

const char* dtype_name(fb::DType dtype) {
  const char* name = fb::EnumNameDType(dtype);
  return name[0] != '\0' ? name : "UNKNOWN";
}

Result<Graph*> parse_graph(Span<const uint8_t> blob, Arena& arena) {
  if (blob.size() < 8 || !fb::TosaGraphBufferHasIdentifier(blob.data())) {
    return invalid("delegate blob is not a TOSA flatbuffer (identifier 'TOSA')");
  }
  flatbuffers::Verifier verifier(blob.data(), blob.size(), /*max_depth=*/64,
                                 /*max_tables=*/1u << 20);
  if (!fb::VerifyTosaGraphBuffer(verifier)) return invalid("flatbuffer verification failed");
  const fb::TosaGraph* root = fb::GetTosaGraph(blob.data());
  const fb::Version* version = root->version();
  if (version->_major() != 1 || version->_minor() != 0) {
    WICK_LOG(Error, "TOSA graph: version %ld.%ld is not 1.0", static_cast<long>(version->_major()),
             static_cast<long>(version->_minor()));
    return Error::DelegateInvalidCompatibility;
  }
  const auto* regions = root->regions();
  if (regions == nullptr || regions->size() == 0) return invalid("no regions");
  const auto* blocks = regions->Get(0)->blocks();
  if (blocks == nullptr || blocks->size() == 0) return invalid("main region has no blocks");
  const fb::TosaBasicBlock* block = blocks->Get(0);
  for (flatbuffers::uoffset_t i = 0; i < blocks->size(); ++i) {
    const auto* name = blocks->Get(i)->name();
    if (name != nullptr && strcmp(name->c_str(), "main") == 0) block = blocks->Get(i);
  }
  Graph* graph = arena.allocate_array<Graph>(1);
  if (graph == nullptr) return Error::MemoryAllocationFailed;
  new (graph) Graph();
  Parser parser(*block, arena, *graph);
  WICK_TRY(parser.parse());
  return graph;
}

}  // namespace tosa
}  // namespace wick
