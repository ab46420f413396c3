#include "tools/host_registry.h"

#include "backends/tosa/tosa_backend.h"
#include "kernels/cortex_m/op_table.h"
#include "kernels/portable/op_table.h"
#include "kernels/prim/op_table.h"
#include "kernels/quantized/op_table.h"

namespace wick {
namespace tools {

const Registry& host_registry() {
  static const OpTable tables[] = {
      prim::op_table(),
      portable::op_table(),
      quantized::op_table(),
      cortex_m::op_table(),
  };
  static const Registry registry{Span<const OpTable>(tables), tosa::backend_table()};
  return registry;
}

}  // namespace tools
}  // namespace wick
