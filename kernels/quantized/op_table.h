// The quantized_decomposed:: operator family (q/dq at float boundaries).
#pragma once

#include "wick/kernel.h"

namespace wick {
namespace quantized {

OpTable op_table();

}  // namespace quantized
}  // namespace wick
