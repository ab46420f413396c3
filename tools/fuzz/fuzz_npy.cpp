// libFuzzer: the .npy parser the host tools use for inputs.
#include <stdint.h>

#include <string>

#include "tools/host_session.h"
#include "tools/npy.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  wick::tools::NpyArray array;
  std::string error;
  if (wick::tools::parse_npy(data, size, &array, &error)) {
    // The tensor view wick run and the Python binding pass to set_input.
    const wick::tools::NpyTensorView view(array);
    if (view.tensor.nbytes() != array.data.size()) __builtin_trap();
    // Round trip: what we parse, we can write and parse again identically.
    const std::vector<uint8_t> bytes =
        wick::tools::encode_npy(array.dtype, array.shape, array.data.data(), array.data.size());
    wick::tools::NpyArray again;
    if (!wick::tools::parse_npy(bytes.data(), bytes.size(), &again, &error) ||
        again.data != array.data || again.shape != array.shape) {
      __builtin_trap();
    }
  }
  return 0;
}
