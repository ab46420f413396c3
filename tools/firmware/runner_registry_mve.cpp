// Every kernel family with the Helium (MVE) kernels searched first: a Helium
// entry whose `accepts` declines its arguments falls through to the
// reference cortex_m:: kernel of the same name.
#include "kernels/cortex_m/mve/op_table.h"
#include "backends/tosa/tosa_backend.h"
#include "kernels/cortex_m/op_table.h"
#include "kernels/portable/op_table.h"
#include "kernels/prim/op_table.h"
#include "kernels/quantized/op_table.h"
#include "tools/firmware/runner_registry.h"

namespace wick {
namespace runner {

KernelTables kernel_tables() {
  return KernelTables{{cortex_m::mve::op_table(), prim::op_table(), portable::op_table(),
                       quantized::op_table(), cortex_m::op_table()},
                      5, tosa::backend_table()};
}

}  // namespace runner
}  // namespace wick
