// Every kernel family and backend the host tools link.
#pragma once

#include "wick/registry.h"

namespace wick {
namespace tools {

const Registry& host_registry();

}  // namespace tools
}  // namespace wick
