// Delegate entry points: init parses and checks the graph into the method
// arena; execute binds the delegate's tensors, places intermediates in the
// temp arena and runs the operators in order.
#include "backends/tosa/tosa_backend.h"

#include <string.h>

#include "backends/tosa/graph.h"
#include "backends/tosa/ops/op.h"
#include "wick/log.h"
#include "wick/tensor.h"

namespace wick {
namespace tosa {
namespace {

Error bind(const TensorRef& ref, EValue* value, const char* role, size_t index, Tensor** out) {
  if (value == nullptr || !value->is_tensor()) {
    WICK_LOG(Error, "TOSABackend: %s %lu is not a tensor", role, static_cast<unsigned long>(index));
    return Error::InvalidArgument;
  }
  Tensor& t = value->to_tensor();
  bool same = t.dim == ref.rank && t.dtype == wick_scalar_type(ref.dtype) && t.is_contiguous();
  for (int d = 0; same && d < ref.rank; ++d) same = t.sizes[d] == ref.shape[d];
  if (!same || (t.data == nullptr && ref.nbytes > 0)) {
    WICK_LOG(Error,
             "TOSABackend: %s %lu ('%s') must be a contiguous %s tensor of rank %d matching the "
             "TOSA shape; got %s rank %d",
             role, static_cast<unsigned long>(index), ref.name, dtype_name(ref.dtype), ref.rank,
             scalar_type_name(t.dtype), t.dim);
    return Error::InvalidArgument;
  }
  *out = &t;
  return Error::Ok;
}

OpArgs op_args(const Graph& graph, const OpNode& node, TensorRef** refs) {
  for (size_t k = 0; k < static_cast<size_t>(node.num_inputs + node.num_outputs); ++k) {
    refs[k] = &graph.tensors[graph.args[node.first_arg + k]];
  }
  return OpArgs{node.op,         node.node, refs, node.num_inputs, refs + node.num_inputs,
                node.num_outputs};
}

Result<DelegateHandle*> init(BackendInitContext& ctx, Span<const uint8_t> processed,
                             Span<const CompileSpec> specs) {
  if (ctx.method_arena == nullptr) return Error::InvalidArgument;
  Result<Graph*> graph = parse_graph(processed, *ctx.method_arena);
  if (!graph.ok()) return graph.error();
  return static_cast<DelegateHandle*>(graph.value());
}

Error execute(BackendExecuteContext& ctx, DelegateHandle* handle, Span<EValue*> args) {
  Graph* graph = static_cast<Graph*>(handle);
  if (graph == nullptr) return Error::DelegateInvalidHandle;
  if (args.size() != graph->num_inputs + graph->num_outputs) {
    WICK_LOG(Error,
             "TOSABackend: delegate call has %lu arguments, the graph needs %lu inputs + %lu "
             "outputs",
             static_cast<unsigned long>(args.size()), static_cast<unsigned long>(graph->num_inputs),
             static_cast<unsigned long>(graph->num_outputs));
    return Error::InvalidArgument;
  }
  Tensor* bound = nullptr;
  for (size_t i = 0; i < graph->num_inputs; ++i) {
    TensorRef& ref = graph->tensors[graph->inputs[i]];
    WICK_TRY(bind(ref, args[i], "input", i, &bound));
    ref.data = bound->data;
  }
  Tensor* outputs[64];
  if (graph->num_outputs > sizeof(outputs) / sizeof(outputs[0])) return Error::NotSupported;
  for (size_t i = 0; i < graph->num_outputs; ++i) {
    TensorRef& ref = graph->tensors[graph->outputs[i]];
    WICK_TRY(bind(ref, args[graph->num_inputs + i], "output", i, &outputs[i]));
    if (!graph->output_is_copy[i]) ref.data = outputs[i]->data;
  }
  uint8_t* scratch = nullptr;
  if (graph->scratch_bytes > 0) {
    if (ctx.temp_arena == nullptr || (scratch = static_cast<uint8_t*>(ctx.temp_arena->allocate(
                                          graph->scratch_bytes, 16))) == nullptr) {
      WICK_LOG(Error, "TOSABackend: temp arena cannot hold %lu bytes of intermediates",
               static_cast<unsigned long>(graph->scratch_bytes));
      return Error::MemoryAllocationFailed;
    }
  }
  for (size_t t = 0; t < graph->num_tensors; ++t) {
    TensorRef& ref = graph->tensors[t];
    if (ref.storage == Storage::Intermediate) ref.data = scratch + ref.offset;
  }
  for (size_t i = 0; i < graph->num_ops; ++i) {
    const OpNode& node = graph->ops[i];
    if (node.skip) continue;  // computed by the convolution before it
    TensorRef* refs[128];
    TensorRef* next_refs[128];
    const OpArgs op = op_args(*graph, node, refs);
    OpArgs fused = op;
    if (node.fused_with_next) {
      const OpArgs rescale = op_args(*graph, graph->ops[i + 1], next_refs);
      fused.fused_rescale = &rescale;
      WICK_TRY(find_op(node.op)(fused, Phase::Run));
      continue;
    }
    WICK_TRY(find_op(node.op)(op, Phase::Run));
  }
  for (size_t i = 0; i < graph->num_outputs; ++i) {
    if (!graph->output_is_copy[i]) continue;
    const TensorRef& ref = graph->tensors[graph->outputs[i]];
    memcpy(outputs[i]->data, ref.data, ref.nbytes);
  }
  return Error::Ok;
}

constexpr Backend kBackends[] = {{"TOSABackend", &init, &execute, nullptr}};

}  // namespace

BackendTable backend_table() { return BackendTable(kBackends); }

}  // namespace tosa
}  // namespace wick
