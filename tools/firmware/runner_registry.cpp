// Every kernel family and the TOSA delegate, in the host tools' order (tools/host_registry.cpp):
// the families define disjoint operator names, so the order only matters
// once a specialised table is added in front (runner_registry_mve.cpp).
#include "backends/tosa/tosa_backend.h"
#include "kernels/cortex_m/op_table.h"
#include "kernels/portable/op_table.h"
#include "kernels/prim/op_table.h"
#include "kernels/quantized/op_table.h"
#include "tools/firmware/runner_registry.h"

namespace wick {
namespace runner {

KernelTables kernel_tables() {
  return KernelTables{
      {prim::op_table(), portable::op_table(), quantized::op_table(), cortex_m::op_table()}, 4,
      tosa::backend_table()};
}

}  // namespace runner
}  // namespace wick
