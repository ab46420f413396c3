// Helium conv2d_s8: same results as kernels/cortex_m/conv2d_s8.cpp.
//
// Output pixels go in blocks; each block is multiplied by every output
// channel's weight row into int32 sums, which are then requantized with
// channels in the vector lanes (conv_block.h). By shape:
//   1x1, no padding, one group: three pixels per block, straight from the
//     input (no copy), through dot3x2 (three pixels, two channels per pass);
//   kh*kw*c_in <= 16, one group (first layers, 1-3 input channels): one
//     16-byte im2col vector per pixel (a byte gather for interior pixels),
//     four pixels held in registers across all channels;
//   otherwise: an im2col block of three rows in scratch through dot3x2.
// Every argument the binding accepts runs here: its input_offset range
// keeps the padding fill -input_offset within int8, and requantize_rows
// reproduces the reference for multipliers of INT32_MIN.
#include <arm_mve.h>

#include "kernels/cortex_m/mve/conv_block.h"
#include "kernels/cortex_m/mve/im2col.h"
#include "kernels/cortex_m/mve/kernels.h"

namespace wick {
namespace cortex_m {
namespace mve {
namespace {

// Pixels per block: three for dot3x2, four for the first-layer path.
constexpr int32_t kBlock = 3;
constexpr int32_t kShortBlock = 4;
// Bytes of the first-layer path's four im2col rows (16 each).
constexpr int32_t kShortRowsBytes = 16 * kShortBlock;

// One block of three rows through `count` channels whose weight rows start
// at w: acc[r * stride + c] for c < count, two channels at a time. An odd
// count starts with channel 0 in both columns (they write the same sums),
// so that one loop, and one copy of dot3x2, covers every count. Out of line
// so that the dot loop has the registers to itself.
__attribute__((noinline)) void channel_pass(const int8_t* const* rows, const int8_t* w,
                                            int32_t depth, int32_t count, const int32_t* kernel_sum,
                                            int32_t* acc, int32_t stride) {
  const int8_t* r0 = rows[0];
  const int8_t* r1 = rows[1];
  const int8_t* r2 = rows[2];
  const int32_t second = 1 - (count & 1);  // channel of the first pass's second column
  const int8_t* w1 = w + second * depth;
  const int32_t* k1 = kernel_sum + second;
  int32_t* a1 = acc + second;
  for (int32_t pairs = (count + 1) >> 1; pairs > 0; --pairs) {
    dot3x2(w, w1, r0, r1, r2, depth, *kernel_sum, *k1, acc, a1, stride);
    w = w1 + depth;
    w1 = w + depth;
    kernel_sum = k1 + 1;
    k1 = kernel_sum + 1;
    acc = a1 + 1;
    a1 = acc + 1;
  }
}

// Four im2col rows of <= 16 bytes (16 apart in `rows`) through every
// channel's 16-byte zero-padded weight row: acc[r * channels + c].
__attribute__((noinline)) void short_rows_pass(const int8_t* rows, const int8_t* w16,
                                               int32_t channels, const int32_t* kernel_sum,
                                               int32_t* acc) {
  // Lanes past depth (and rows past the block's active ones) hold stale
  // bytes; the weights are zero there and inactive rows are not stored.
  const int8x16_t x0 = vldrbq_s8(rows);
  const int8x16_t x1 = vldrbq_s8(rows + 16);
  const int8x16_t x2 = vldrbq_s8(rows + 32);
  const int8x16_t x3 = vldrbq_s8(rows + 48);
  int32_t* a0 = acc;
  int32_t* a1 = acc + channels;
  int32_t* a2 = acc + 2 * channels;
  int32_t* a3 = acc + 3 * channels;
  for (int32_t c = 0; c < channels; ++c, w16 += 16) {
    const int8x16_t wv = vldrbq_s8(w16);
    const int32_t k = kernel_sum[c];
    a0[c] = vmladavaq_s8(k, x0, wv);
    a1[c] = vmladavaq_s8(k, x1, wv);
    a2[c] = vmladavaq_s8(k, x2, wv);
    a3[c] = vmladavaq_s8(k, x3, wv);
  }
}

// The rows of a block: straight from the input (kDirect: 1x1 window, no
// padding, one group), or im2col rows in scratch, three pixels of `depth`
// bytes for dot3x2 (kIm2col) or four 16-byte vectors for short_rows_pass
// (kShortRows: depth <= 16, one group), an interior pixel's vector one byte
// gather when `gather` holds its tap offsets.
enum class Rows { kDirect, kIm2col, kShortRows };

struct Gather {
  uint8x16_t offsets;  // of the taps from the window origin, each <= 255
  bool usable;
};

// Runs group g's output channels over every block of pixels of every image.
// One loop for the three row sources: a branch per pixel costs nothing next
// to the block's channel pass, two loops cost flash. The walk keeps each
// pixel's window origin (iy0, ix0) in the input. acc holds up to
// kShortBlock rows of out.c int32 sums. Offsets are int32: each lies inside
// a tensor in this 32-bit core's memory.
void run_blocks(const ConvShape& s, const int8_t* input, const int8_t* filter,
                const ChannelTables& t, int32_t g, Rows source, const Gather& gather,
                int32_t* acc, int8_t* im2col, int8_t* output) {
  const bool short_rows = source == Rows::kShortRows;
  const int32_t block = short_rows ? kShortBlock : kBlock;
  const int32_t row_stride = short_rows ? 16 : s.depth;
  const int32_t out_c = s.out.c;
  const int32_t count = out_c / (s.in.c / s.group_in);  // output channels per group
  const int32_t first_oc = g * count;
  const int32_t depth = s.depth;
  const int32_t pixels = s.out.h * s.out.w;
  const int32_t out_w = s.out.w;
  const int32_t stride_h = s.p.stride.h;
  const int32_t stride_w = s.p.stride.w;
  const int32_t pad_h = s.p.padding.h;
  const int32_t pad_w = s.p.padding.w;
  const int32_t in_c = s.in.c;
  const int32_t line_bytes = s.in.w * in_c;
  const int32_t image_bytes = s.in.h * line_bytes;
  const mve_pred16_t taps = vctp8q(static_cast<uint32_t>(depth));
  const uint8x16_t offsets = gather.offsets;
  // A pixel gathers when its window lies inside the input (ConvShape's ends).
  const uint32_t y_end = gather.usable ? s.y_end : 0;
  const uint32_t x_end = gather.usable ? s.x_end : 0;
  // The im2col rows; for a block of fewer than three pixels the pass
  // multiplies stale rows too, into sums that are never requantized.
  const int8_t* rows[kBlock] = {im2col, im2col + depth, im2col + 2 * depth};
  for (int32_t n = 0; n < s.out.n; ++n) {
    const int8_t* image = input + n * image_bytes + g * s.group_in;
    int32_t ox = 0;
    int32_t iy0 = -pad_h;
    int32_t ix0 = -pad_w;
    for (int32_t first = 0; first < pixels; first += block) {
      const int32_t active = pixels - first < block ? pixels - first : block;
      for (int32_t r = 0; r < active; ++r) {
        int8_t* row = im2col + r * row_stride;
        if (source == Rows::kDirect) {
          rows[r] = image + iy0 * line_bytes + ix0 * in_c;
        } else if (static_cast<uint32_t>(iy0) < y_end && static_cast<uint32_t>(ix0) < x_end) {
          const int8_t* origin = image + iy0 * line_bytes + ix0 * in_c;
          vstrbq_s8(row, vldrbq_gather_offset_z_s8(origin, offsets, taps));
        } else {
          im2col_row(s, image, iy0, ix0, row);
        }
        ix0 += stride_w;
        if (++ox == out_w) {
          ox = 0;
          ix0 = -pad_w;
          iy0 += stride_h;
        }
      }
      if (short_rows) {
        short_rows_pass(im2col, im2col + kShortRowsBytes, count, t.kernel_sum, acc);
      } else {
        // kDirect: a pixel past the last is the first one again.
        if (source == Rows::kDirect) {
          for (int32_t r = active; r < kBlock; ++r) rows[r] = rows[0];
        }
        channel_pass(rows, filter + first_oc * depth, depth, count, t.kernel_sum + first_oc,
                     acc + first_oc, out_c);
      }
      requantize_rows(t, acc, out_c, first_oc, count, active, s.p.output_offset, s.p.activation,
                      output + (n * pixels + first) * out_c, out_c);
    }
  }
}

int32_t depth_of(const Dims4& f) { return f.h * f.w * f.c; }

}  // namespace

size_t conv2d_s8_scratch_bytes(const Dims4& input_dims, const Dims4& filter_dims,
                               const Dims4& output_dims) {
  const size_t rows = static_cast<size_t>(depth_of(filter_dims)) * kBlock;
  const size_t short_rows_bytes = kShortRowsBytes;
  const size_t rows_padded = rows < short_rows_bytes ? short_rows_bytes : (rows + 15) & ~size_t{15};
  const size_t sums = sizeof(int32_t) * kShortBlock * static_cast<size_t>(output_dims.c);
  const bool short_rows = input_dims.c == filter_dims.c && depth_of(filter_dims) <= 16;
  const size_t padded_weights = short_rows ? 16 * static_cast<size_t>(output_dims.c) : 0;
  return channel_tables_bytes(output_dims.c) + sums + rows_padded + padded_weights;
}

void conv2d_s8(const ConvParams& p, const PerChannelQuant& quant, const Dims4& in_dims,
               const int8_t* input, const Dims4& f_dims, const int8_t* filter, const int32_t* bias,
               const Dims4& out_dims, int8_t* output, void* scratch) {
  const ConvShape s{p,
                    in_dims,
                    f_dims,
                    out_dims,
                    f_dims.c,
                    depth_of(f_dims),
                    window_inside_end(in_dims.h, f_dims.h, p.dilation.h),
                    window_inside_end(in_dims.w, f_dims.w, p.dilation.w)};
  ChannelTables channels = channel_tables_at(scratch, out_dims.c);
  int32_t* acc = channels.right_neg + out_dims.c;
  int8_t* rows = reinterpret_cast<int8_t*>(acc + kShortBlock * out_dims.c);
  prepare_channels(filter, s.depth, bias, quant, p.input_offset, out_dims.c, channels);
  const int32_t groups = in_dims.c / f_dims.c;
  Rows source = Rows::kIm2col;
  Gather gather{vdupq_n_u8(0), false};
  if (groups == 1 && f_dims.h == 1 && f_dims.w == 1 && p.padding.h == 0 && p.padding.w == 0) {
    source = Rows::kDirect;
  } else if (groups == 1 && s.depth <= 16) {
    source = Rows::kShortRows;
    // The weights as zero-padded 16-byte rows after the four im2col rows.
    const mve_pred16_t taps = vctp8q(static_cast<uint32_t>(s.depth));
    int8_t* w16 = rows + kShortRowsBytes;
    for (int32_t c = 0; c < out_dims.c; ++c, w16 += 16) {
      vstrbq_s8(w16, vldrbq_z_s8(filter + c * s.depth, taps));
    }
    // Tap k is channel k % c_in of kernel column (k / c_in) % kw, row
    // k / (c_in * kw): one loop (it runs once per call) instead of three.
    uint8_t tap_offsets[16] = {};
    gather.usable = true;
    for (int32_t k = 0; k < s.depth; ++k) {
      const int32_t tap = k / in_dims.c;
      const int32_t offset = ((tap / f_dims.w) * p.dilation.h * in_dims.w +
                              (tap % f_dims.w) * p.dilation.w) * in_dims.c + k % in_dims.c;
      gather.usable = gather.usable && offset <= 255;
      tap_offsets[k] = static_cast<uint8_t>(offset);
    }
    gather.offsets = vldrbq_u8(tap_offsets);
  }
  for (int32_t g = 0; g < groups; ++g) {
    run_blocks(s, input, filter, channels, g, source, gather, acc, rows, output);
  }
}

}  // namespace mve
}  // namespace cortex_m
}  // namespace wick
