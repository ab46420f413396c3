// libFuzzer: a TOSA flatbuffer as TOSABackend receives it (the delegate blob):
// init (verify, parse, every ERROR_IF), then execute with zero-filled inputs
// and outputs shaped as the graph declares them. Any crash, leak, hang or
// sanitizer report is a finding.
#include <stdint.h>
#include <string.h>

#include <memory>
#include <vector>

#include "backends/tosa/graph.h"
#include "backends/tosa/tosa_backend.h"
#include "platform/host/file.h"
#include "tools/log_capture.h"
#include "wick/tensor.h"

namespace {

// The fuzzer's memory budget: method arena, temp arena, and bound tensors.
constexpr size_t kArenaBytes = size_t{4} << 20;
constexpr size_t kIoBytes = size_t{2} << 20;

// One delegate argument with its own storage, shaped like a graph tensor.
struct BoundTensor {
  int32_t sizes[wick::tosa::kMaxRank] = {};
  uint8_t dim_order[wick::tosa::kMaxRank] = {};
  int32_t strides[wick::tosa::kMaxRank] = {};
  std::vector<uint8_t> bytes;
  wick::Tensor tensor;
  wick::EValue value;

  void shape_as(const wick::tosa::TensorRef& ref) {
    for (int d = 0; d < ref.rank; ++d) {
      sizes[d] = ref.shape[d];
      dim_order[d] = static_cast<uint8_t>(d);
    }
    wick::compute_strides(sizes, dim_order, ref.rank, strides);
    tensor.dim = ref.rank;
    tensor.dtype = wick::tosa::wick_scalar_type(ref.dtype);
    tensor.sizes = sizes;
    tensor.dim_order = dim_order;
    tensor.strides = strides;
    tensor.numel = tensor.numel_bound = ref.numel;
    bytes.assign(tensor.nbytes() + 1, 0);  // +1: a zero-size tensor still has an address
    tensor.data = bytes.data();
    value = wick::EValue::from_tensor(&tensor);
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // Messages are still formatted (their arguments are fuzzed too), not printed.
  wick::tools::LogCapture quiet;
  const wick::Backend& backend = wick::tosa::backend_table()[0];
  wick::host::AlignedBuffer blob(size);  // delegate blobs are 16-byte aligned in a .pte
  if (size > 0) memcpy(blob.data(), data, size);
  std::unique_ptr<uint8_t[]> method_bytes(new uint8_t[kArenaBytes]);
  std::unique_ptr<uint8_t[]> temp_bytes(new uint8_t[kArenaBytes]);
  wick::Arena method_arena(method_bytes.get(), kArenaBytes);
  wick::Arena temp_arena(temp_bytes.get(), kArenaBytes);
  wick::BackendInitContext init{&method_arena, nullptr, "forward"};
  wick::Result<wick::DelegateHandle*> handle =
      backend.init(init, wick::Span<const uint8_t>(blob.data(), size), {});
  if (!handle.ok()) return 0;
  const auto* graph = static_cast<const wick::tosa::Graph*>(*handle);

  const size_t num_args = graph->num_inputs + graph->num_outputs;
  size_t io_bytes = 0;
  for (size_t i = 0; i < num_args; ++i) {
    const uint32_t index = i < graph->num_inputs ? graph->inputs[i]
                                                 : graph->outputs[i - graph->num_inputs];
    io_bytes += graph->tensors[index].nbytes;
    if (io_bytes > kIoBytes) return 0;
  }
  std::vector<BoundTensor> bound(num_args);
  std::vector<wick::EValue*> args(num_args);
  for (size_t i = 0; i < num_args; ++i) {
    const uint32_t index = i < graph->num_inputs ? graph->inputs[i]
                                                 : graph->outputs[i - graph->num_inputs];
    bound[i].shape_as(graph->tensors[index]);
    args[i] = &bound[i].value;
  }
  wick::BackendExecuteContext execute{&temp_arena, "forward"};
  (void)backend.execute(execute, *handle, wick::Span<wick::EValue*>(args.data(), args.size()));
  if (backend.destroy != nullptr) backend.destroy(*handle);
  return 0;
}
