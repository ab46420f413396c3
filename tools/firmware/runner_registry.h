// The kernels and delegate backends the runner firmware resolves a program
// against. CMake links exactly one definition: runner_registry.cpp (the
// reference families) or, when the Helium kernels are built (target
// wick_kernels_cortex_m_mve), runner_registry_mve.cpp (the same with the
// Helium table searched first); a runner with a model linked in uses the
// registry select_ops generates for that model.
#pragma once

#include <stddef.h>

#include "wick/backend.h"
#include "wick/kernel.h"
#include "wick/registry.h"

namespace wick {
namespace runner {

struct KernelTables {
  static constexpr size_t kMaxTables = 8;
  OpTable tables[kMaxTables];
  size_t count = 0;
  BackendTable backends;

  Registry registry() const { return Registry{Span<const OpTable>(tables, count), backends}; }
};

KernelTables kernel_tables();

}  // namespace runner
}  // namespace wick
