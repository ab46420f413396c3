// The prim op family: scalar arithmetic and shape ops every program may use.
#pragma once

#include "wick/kernel.h"

namespace wick {
namespace prim {

OpTable op_table();

}  // namespace prim
}  // namespace wick
