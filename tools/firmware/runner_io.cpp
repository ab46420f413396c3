#include "tools/firmware/runner_io.h"

#include <stdio.h>
#include <string.h>

#include "platform/cortex_m/platform.h"
#include "platform/cortex_m/semihosting.h"
#include "tools/firmware/runner_npy.h"
#include "wick/log.h"

namespace wick {
namespace runner {
namespace {

using platform::printf;

void make_contiguous(HostTensor* t, ScalarType dtype, Span<const int32_t> sizes,
                     void* data) {
  for (size_t d = 0; d < sizes.size(); ++d) {
    t->sizes[d] = sizes[d];
    t->dim_order[d] = static_cast<uint8_t>(d);
  }
  t->tensor = Tensor{};
  t->tensor.dtype = dtype;
  t->tensor.dim = static_cast<uint8_t>(sizes.size());
  t->tensor.sizes = t->sizes;
  t->tensor.dim_order = t->dim_order;
  t->tensor.strides = t->strides;
  compute_strides(t->sizes, t->dim_order, t->tensor.dim, t->strides);
  checked_numel(t->sizes, t->tensor.dim, &t->tensor.numel);
  t->tensor.numel_bound = t->tensor.numel;
  t->tensor.data = data;
}

void print_shape(const int32_t* sizes, size_t dim) {
  for (size_t d = 0; d < dim; ++d) printf(d ? ",%ld" : "%ld", static_cast<long>(sizes[d]));
}

// Reads a whole file into newly allocated bytes of `arena`.
Result<Span<uint8_t>> read_into(const char* path, Arena& arena) {
  const int32_t handle = semihosting::open(path, semihosting::OpenMode::ReadBinary);
  if (handle < 0) {
    WICK_LOG(Error, "runner: cannot open '%s'", path);
    return Error::AccessFailed;
  }
  const int32_t length = semihosting::file_length(handle);
  semihosting::close(handle);
  if (length < 0) {
    WICK_LOG(Error, "runner: cannot get the length of '%s'", path);
    return Error::AccessFailed;
  }
  uint8_t* bytes = static_cast<uint8_t*>(arena.allocate(static_cast<size_t>(length)));
  if (bytes == nullptr && length != 0) {
    WICK_LOG(Error, "runner: '%s' has %ld bytes, %u are left for files", path,
             static_cast<long>(length), static_cast<unsigned>(arena.size() - arena.used()));
    return Error::OutOfResources;
  }
  const Span<uint8_t> dest(bytes, static_cast<size_t>(length));
  WICK_TRY(semihosting::read_file(path, dest).error());
  return dest;
}

// A primitive input from a 0-d .npy: Long -> Int, Double -> Double, Bool.
Result<EValue> scalar_from(const NpyView& view, const char* path) {
  if (view.dim == 0 && view.dtype == ScalarType::Long) {
    int64_t v;
    memcpy(&v, view.data.data(), sizeof(v));
    return EValue::from_int(v);
  }
  if (view.dim == 0 && view.dtype == ScalarType::Double) {
    double v;
    memcpy(&v, view.data.data(), sizeof(v));
    return EValue::from_double(v);
  }
  if (view.dim == 0 && view.dtype == ScalarType::Bool) {
    return EValue::from_bool(view.data[0] != 0);
  }
  WICK_LOG(Error, "runner: '%s' is a rank-%u %s array; a primitive input needs a 0-d int64, "
           "float64 or bool array", path, static_cast<unsigned>(view.dim),
           scalar_type_name(view.dtype));
  return Error::InvalidArgument;
}

Error set_file_input(Method& method, size_t index, const char* path, Arena& files,
                     HostTensor& host) {
  WICK_TRY_ASSIGN(Span<uint8_t> bytes, read_into(path, files));
  WICK_TRY_ASSIGN(NpyView view, parse_npy(bytes));
  printf("WICK input index=%u dtype=%s shape=", static_cast<unsigned>(index),
         scalar_type_name(view.dtype));
  print_shape(view.sizes, view.dim);
  printf(" source=%s\n", path);
  if (!method.input(index).is_tensor()) {
    WICK_TRY_ASSIGN(EValue value, scalar_from(view, path));
    return method.set_input(index, value);
  }
  // The runtime may keep pointing at unplanned input data: it stays in `files`.
  make_contiguous(&host, view.dtype, Span<const int32_t>(view.sizes, view.dim),
                  const_cast<uint8_t*>(view.data.data()));
  return method.set_input(index, host.tensor);
}

// Gives every input a zero-filled buffer of its own shape and dtype;
// primitive inputs keep the value the program was traced with.
Error set_zero_input(Method& method, size_t index, Arena& files, HostTensor& host) {
  const EValue& slot = method.input(index);
  printf("WICK input index=%u ", static_cast<unsigned>(index));
  if (!slot.is_tensor()) {
    printf("dtype=%s shape= source=value\n", tag_name(slot.tag));
    return method.set_input(index, slot);
  }
  const Tensor& planned = slot.to_tensor();
  void* zeros = files.allocate(planned.nbytes());
  if (zeros == nullptr && planned.nbytes() != 0) {
    WICK_LOG(Error, "runner: no room for zero input %u (%u bytes)", static_cast<unsigned>(index),
             static_cast<unsigned>(planned.nbytes()));
    return Error::OutOfResources;
  }
  memset(zeros, 0, planned.nbytes());
  make_contiguous(&host, planned.dtype, Span<const int32_t>(planned.sizes, planned.dim), zeros);
  printf("dtype=%s shape=", scalar_type_name(planned.dtype));
  print_shape(planned.sizes, planned.dim);
  printf(" source=zeros\n");
  return method.set_input(index, host.tensor);
}

// Writes `header` then `data` to `path`.
Error write_npy_file(const char* path, Span<const char> header, Span<const uint8_t> data) {
  using namespace wick::semihosting;
  const int32_t handle = open(path, OpenMode::WriteBinary);
  if (handle < 0) {
    WICK_LOG(Error, "runner: cannot create '%s' (does the output directory exist?)", path);
    return Error::AccessFailed;
  }
  const bool written = write(handle, header.data(), header.size()) == 0 &&
                       write(handle, data.data(), data.size()) == 0;
  close(handle);
  if (!written) {
    WICK_LOG(Error, "runner: short write to '%s'", path);
    return Error::AccessFailed;
  }
  return Error::Ok;
}

// Output `index` as C-ordered bytes in `files`: tensors are copied out of
// their dim order; scalars become 0-d arrays as in wick-run.
Error output_array(const EValue& value, size_t index, Arena& files,
                   HostTensor* array) {
  if (value.is_tensor()) {
    const Tensor& t = value.to_tensor();
    void* bytes = files.allocate(t.nbytes());
    if (bytes == nullptr && t.nbytes() != 0) {
      WICK_LOG(Error, "runner: output %u needs %u bytes, %u are left for files",
               static_cast<unsigned>(index), static_cast<unsigned>(t.nbytes()),
               static_cast<unsigned>(files.size() - files.used()));
      return Error::OutOfResources;
    }
    make_contiguous(array, t.dtype, Span<const int32_t>(t.sizes, t.dim), bytes);
    return copy_tensor_data(t, array->tensor);
  }
  void* bytes = files.allocate(8);
  if (bytes == nullptr) return Error::OutOfResources;
  switch (value.tag) {
    case Tag::Int: {
      const int64_t v = value.to_int();
      memcpy(bytes, &v, sizeof(v));
      make_contiguous(array, ScalarType::Long, Span<const int32_t>(), bytes);
      return Error::Ok;
    }
    case Tag::Double: {
      const double v = value.to_double();
      memcpy(bytes, &v, sizeof(v));
      make_contiguous(array, ScalarType::Double, Span<const int32_t>(), bytes);
      return Error::Ok;
    }
    case Tag::Bool:
      *static_cast<uint8_t*>(bytes) = value.to_bool() ? 1 : 0;
      make_contiguous(array, ScalarType::Bool, Span<const int32_t>(), bytes);
      return Error::Ok;
    default:
      WICK_LOG(Error, "runner: output %u is a %s, which has no array form",
               static_cast<unsigned>(index), tag_name(value.tag));
      return Error::NotSupported;
  }
}

}  // namespace

Error set_inputs(Method& method, const Args& args, Arena& files, Span<HostTensor> storage) {
  if (args.num_inputs != 0 && args.num_inputs != method.num_inputs()) {
    WICK_LOG(Error, "runner: the method takes %u inputs, runner_args.txt names %u",
             static_cast<unsigned>(method.num_inputs()),
             static_cast<unsigned>(args.num_inputs));
    return Error::InvalidArgument;
  }
  if (method.num_inputs() > storage.size()) {
    WICK_LOG(Error, "runner: the method takes %u inputs, the runner handles %u",
             static_cast<unsigned>(method.num_inputs()),
             static_cast<unsigned>(storage.size()));
    return Error::NotSupported;
  }
  for (size_t i = 0; i < method.num_inputs(); ++i) {
    WICK_TRY(args.num_inputs != 0 ? set_file_input(method, i, args.inputs[i], files, storage[i])
                                  : set_zero_input(method, i, files, storage[i]));
  }
  return Error::Ok;
}

Error write_outputs(const Method& method, const char* output_dir, Arena& files) {
  for (size_t i = 0; i < method.num_outputs(); ++i) {
    HostTensor array;
    WICK_TRY(output_array(method.output(i), i, files, &array));
    const Tensor& t = array.tensor;
    printf("WICK output index=%u dtype=%s shape=", static_cast<unsigned>(i),
           scalar_type_name(t.dtype));
    print_shape(t.sizes, t.dim);
    if (output_dir[0] == '\0') {
      printf(" path=-\n");
      continue;
    }
    char path[kMaxPath + 32];
    snprintf(path, sizeof(path), "%s/output_%u.npy", output_dir, static_cast<unsigned>(i));
    printf(" path=%s\n", path);
    char header[256];
    WICK_TRY_ASSIGN(size_t header_size,
                    encode_npy_header(
                        t.dtype, Span<const int32_t>(t.sizes, t.dim), Span<char>(header)));
    WICK_TRY(write_npy_file(path, Span<const char>(header, header_size),
                            Span<const uint8_t>(static_cast<const uint8_t*>(t.data), t.nbytes())));
  }
  return Error::Ok;
}

}  // namespace runner
}  // namespace wick
