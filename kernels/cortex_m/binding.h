// Argument unpacking shared by the cortex_m (and quantized) bindings.
//
// Every helper checks one argument, and on a mismatch logs a line naming the
// operator (ctx.op_name()), the argument and the problem, calls ctx.fail()
// and returns false / nullptr. Bindings stop at the first failure.
//
// The helpers are out of line, passing case included: each inlined check
// cost 20-40 bytes at every call site, and the few instructions a call adds
// matter only to the smallest layers, whose arguments a kernel's prepare
// step checks once at load (quantized_linear). They take args by reference:
// a by-value Span is copied to the stack before every call.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include <initializer_list>

#include "kernels/cortex_m/params.h"
#include "kernels/cortex_m/requantize.h"
#include "kernels/cortex_m/strided.h"
#include "wick/kernel.h"

namespace wick {
namespace cortex_m {

// Logs fmt (an Error line; pass ctx.op_name() for its leading "%s: "),
// fails ctx with InvalidArgument and returns false: every rejected argument
// ends here, so each check site costs one call.
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
bool reject(KernelContext& ctx, const char* fmt, ...);

// Temp memory of `bytes` (16-byte aligned), or nullptr after logging the
// shortfall and failing ctx with MemoryAllocationFailed: one out-of-line copy
// of the allocation and its message for every binding.
void* temp_memory(KernelContext& ctx, size_t bytes);

// args.size() must be one of `allowed` (schema args + out + returned out):
// the current schema's count first, then older schemas' (the message names
// the first).
bool check_arg_count(KernelContext& ctx, const Span<EValue*>& args,
                     std::initializer_list<size_t> allowed);

// Tensor argument i with data (or no elements), or nullptr (after failing ctx).
Tensor* tensor_arg(KernelContext& ctx, const Span<EValue*>& args, size_t i, const char* name);

// tensor_arg of dtype `dtype`, or nullptr (after failing ctx).
Tensor* typed_tensor_arg(KernelContext& ctx, const Span<EValue*>& args, size_t i, const char* name,
                         ScalarType dtype);

// Optional tensor argument: *tensor becomes null for None. Returns false
// when the value is neither None nor a Tensor.
bool optional_tensor_arg(KernelContext& ctx, const Span<EValue*>& args, size_t i, const char* name,
                         Tensor** tensor);

// Integer (or Scalar: Int, Double truncated, Bool) argument within [lo, hi].
bool int_arg(KernelContext& ctx, const Span<EValue*>& args, size_t i, const char* name, int32_t lo,
             int32_t hi, int32_t* out);
bool int64_arg(KernelContext& ctx, Span<EValue*> args, size_t i, const char* name, int64_t* out);

// Float (Scalar) argument: a Double, or an Int or Bool converted.
bool double_arg(KernelContext& ctx, const Span<EValue*>& args, size_t i, const char* name,
                double* out);

// Bool argument (an Int 0/1 is accepted too).
bool bool_arg(KernelContext& ctx, Span<EValue*> args, size_t i, const char* name, bool* out);

// Int list argument of exactly `count` items, each within [lo, hi].
bool int_list_arg(KernelContext& ctx, Span<EValue*> args, size_t i, const char* name, size_t count,
                  int64_t lo, int64_t hi, int32_t* out);

// One row of a table of integer-valued arguments (see int_args): argument
// `index` is, by `items`: a Scalar within [lo, hi] (kScalarArg, as int_arg);
// a Scalar within [previous value, hi] (kAtLeastPreviousArg: activation_max
// >= activation_min) or equal to the previous value (kSameAsPreviousArg: a
// max pool's output zero point), never the first row; a bool (kBoolArg, as
// bool_arg, giving 0 / 1); or an int list of `items` values, each within
// [lo, hi] (as int_list_arg).
// Bindings describe their scalar arguments as one constexpr table instead
// of one call per argument: a call costs 20-30 bytes of code, a row 12
// bytes of read-only data, and the checks and messages stay the same.
constexpr uint8_t kScalarArg = 0;
constexpr uint8_t kSameAsPreviousArg = 0xfd;
constexpr uint8_t kAtLeastPreviousArg = 0xfe;
constexpr uint8_t kBoolArg = 0xff;
struct IntArg {
  uint8_t index;
  uint8_t items;
  int32_t lo;
  int32_t hi;
  const char* name;
};

// Checks the table's arguments in order, writing their values one after
// the other to out (lists take `items` slots); stops at the first mismatch
// (logged, ctx failed) and returns false.
bool int_args(KernelContext& ctx, const Span<EValue*>& args, Span<const IntArg> table,
              int32_t* out);

bool check_dtype(KernelContext& ctx, const Tensor& t, const char* name, ScalarType dtype);

// True when t's bytes are laid out as its sizes taken in `order` (outermost
// first). Dims of size 1 are ignored, because their position in the
// dim_order does not change the bytes.
bool dense_in_order(const Tensor& t, const uint8_t* order);

// Rank-4 int8 activation whose bytes are NHWC (logical sizes are NCHW).
bool nhwc_activation(KernelContext& ctx, const Tensor& t, const char* name, Dims4* dims);

// Rank-4 int8 filter stored with its sizes in memory order (OHWI or 1HWC).
bool filter_dims(KernelContext& ctx, const Tensor& t, const char* name, Dims4* dims);

// int32 tensor of exactly `count` elements (bias, multipliers, shifts).
bool int32_vector(KernelContext& ctx, const Tensor& t, const char* name, int32_t count);

// Every shift in [-31, 31].
bool check_shifts(KernelContext& ctx, const int32_t* shifts, int32_t count, const char* name);

// Resizes out to `sizes` (usually its planned shape already), failing when
// its planned shape cannot hold them.
bool set_output_sizes(KernelContext& ctx, Tensor& out, Span<const int32_t> sizes);

// Output of a same-shape elementwise op: out gets in's sizes and must share
// its dim_order, so both can be walked linearly.
bool same_layout_output(KernelContext& ctx, const Tensor& in, Tensor& out);

// Broadcasts a and b (numpy rules, right-aligned), resizes out to the result
// and describes the walk in out's memory order: operand 0 = a, 1 = b, 2 = out.
bool broadcast_binary(KernelContext& ctx, const Tensor& a, const Tensor& b, Tensor& out,
                      StridedShape* shape);

// Largest kernel extent, stride, padding and dilation a window argument may
// have: far above any real layer, low enough that no size arithmetic on
// them overflows 32 bits.
constexpr int32_t kMaxWindow = 1 << 16;

// Output dims of sliding a kernel window (stride, padding at top / left,
// dilation) over `in`, `channels` deep, as PyTorch counts them (ceil_mode
// for pooling; convolutions pass false), or false (logged) when the window
// does not fit the padded input. Shared by convolutions and pooling.
bool window_output_dims(KernelContext& ctx, const Dims4& in, const HeightWidth& kernel,
                        const HeightWidth& stride, const HeightWidth& padding,
                        const HeightWidth& dilation, bool ceil_mode, int32_t channels, Dims4* out);

// Optional int32 tensor of `count` elements (a bias, a kernel sum): *data is
// null for None.
bool optional_int32_vector(KernelContext& ctx, const Span<EValue*>& args, size_t i,
                           const char* name, int32_t count, const int32_t** data);

// Per-channel multipliers and shifts: int32 tensors of `channels` elements.
bool per_channel_quant_args(KernelContext& ctx, Span<EValue*> args, size_t multipliers_index,
                            size_t shifts_index, int32_t channels, PerChannelQuant* quant);

// Activation clamp [min, max] within the int8 range (indices of min and max).
bool activation_args(KernelContext& ctx, const Span<EValue*>& args, size_t min_index,
                     size_t max_index, Activation* activation);

// Resizes out to NCHW [n, c, h, w] and checks that its bytes are NHWC.
bool nhwc_output(KernelContext& ctx, Tensor& out, const Dims4& dims);

// Pooling window rules PyTorch applies: kernel area <= 65536 and padding at
// most half the kernel; false (logged) otherwise.
bool pool_window_fits(KernelContext& ctx, const PoolParams& params);

// Output dims of pooling `input_dims` with params (ceil_mode as PyTorch), or
// false (logged) when nothing fits.
inline bool pool_output_dims(KernelContext& ctx, const PoolParams& p, bool ceil_mode,
                             const Dims4& input_dims, Dims4* output_dims) {
  return window_output_dims(ctx, input_dims, p.kernel, p.stride, p.padding, p.dilation, ceil_mode,
                            input_dims.c, output_dims);
}

}  // namespace cortex_m
}  // namespace wick
