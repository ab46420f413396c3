// Helium conv2d_s8: same results as kernels/cortex_m/conv2d_s8.cpp.
//
// Output pixels go in blocks; each block is multiplied by every output
// channel's weight row (conv_block.h's dot3x2: three pixels, two channels
// per pass) into int32 sums, which are then requantized with channels in
// the vector lanes. Where the pixels' input rows come from depends on the
// shape:
//   1x1, no padding, one group: straight from the input (no copy);
//   kh*kw*c_in <= 16, one group (first layers, 1-3 input channels): one
//     16-byte im2col vector per pixel (a byte gather for interior pixels),
//     four pixels held in registers across all channels;
//   otherwise: an im2col block of three rows in scratch.
// Parameters the Helium arithmetic cannot reproduce (a multiplier of
// INT32_MIN, an input offset whose padding value does not fit in int8) run
// the reference kernel.
#include "kernels/cortex_m/conv2d_s8.h"

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

// One block of three rows through `count` channels whose weight rows start
// at w: acc[r * stride + c] for c < count, two channels at a time. Out of
// line so that the dot loop has the registers to itself.
__attribute__((noinline)) void channel_pass(const int8_t* const* rows, const int8_t* w,
                                            int32_t depth, int32_t count, const int32_t* kernel_sum,
                                            int32_t* acc, int32_t stride) {
  const int8_t* r0 = rows[0];
  const int8_t* r1 = rows[1];
  const int8_t* r2 = rows[2];
  int32_t c = 0;
  for (; c + 2 <= count; c += 2, w += 2 * depth) {
    dot3x2(w, w + depth, r0, r1, r2, depth, kernel_sum[c], kernel_sum[c + 1], acc + c, acc + c + 1,
           stride);
  }
  if (c < count) {
    // An odd last channel goes through both columns; they write the same sums.
    dot3x2(w, w, r0, r1, r2, depth, kernel_sum[c], kernel_sum[c], acc + c, acc + c, stride);
  }
}

// Runs output channels [first_oc, first_oc + count) over every block of
// pixels; rows_of(n, first, active, rows) supplies a block's three input
// rows. acc holds kBlock rows of out.c int32 sums.
template <typename RowsOf>
void run_blocks(const ConvShape& s, const int8_t* filter, const ChannelTables& t, int32_t first_oc,
                int32_t count, int32_t* acc, int8_t* output, RowsOf rows_of) {
  const int32_t pixels = s.out.h * s.out.w;
  for (int32_t n = 0; n < s.out.n; ++n) {
    for (int32_t first = 0; first < pixels; first += kBlock) {
      const int32_t active = pixels - first < kBlock ? pixels - first : kBlock;
      const int8_t* rows[kBlock];
      rows_of(n, first, active, rows);
      channel_pass(rows, filter + static_cast<int64_t>(first_oc) * s.depth, s.depth, count,
                   t.kernel_sum + first_oc, acc + first_oc, s.out.c);
      requantize_rows(t, acc, s.out.c, first_oc, count, active, s.p.output_offset, s.p.activation,
                      output + (static_cast<int64_t>(n) * pixels + first) * s.out.c, s.out.c);
    }
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

// First-layer path: depth <= 16, one group. A block's four rows are built
// in scratch (a byte gather per interior pixel) and held in registers while
// every channel passes; the weights are copied to zero-padded 16-byte rows.
void conv_short_rows(const ConvShape& s, const int8_t* input, const int8_t* filter,
                     const ChannelTables& t, int32_t* acc, int8_t* output, int8_t* rows,
                     int8_t* w16) {
  const int32_t out_h = s.out.h;
  const int32_t out_w = s.out.w;
  const int32_t channels = s.out.c;
  const int32_t depth = s.depth;
  const int32_t pixels = out_h * out_w;
  const int8_t pad_value = static_cast<int8_t>(-s.p.input_offset);
  const mve_pred16_t taps = vctp8q(static_cast<uint32_t>(depth));
  for (int32_t c = 0; c < channels; ++c) {
    vstrbq_s8(w16 + 16 * c, vldrbq_z_s8(filter + static_cast<int64_t>(c) * depth, taps));
  }
  // An interior pixel's row is one byte gather from its window origin when
  // every tap's offset fits VLDRB's 8-bit gather offsets.
  uint8_t tap_offsets[16] = {};
  bool gather = true;
  for (int32_t ky = 0, k = 0; ky < s.f.h; ++ky) {
    for (int32_t kx = 0; kx < s.f.w; ++kx) {
      for (int32_t c = 0; c < s.in.c; ++c, ++k) {
        const int32_t offset = (ky * s.p.dilation.h * s.in.w + kx * s.p.dilation.w) * s.in.c + c;
        gather = gather && offset <= 255;
        tap_offsets[k] = static_cast<uint8_t>(offset);
      }
    }
  }
  const uint8x16_t offsets = vldrbq_u8(tap_offsets);
  // Locals throughout: the int8 stores below may alias anything reached by
  // reference.
  const int32_t stride_h = s.p.stride.h;
  const int32_t stride_w = s.p.stride.w;
  const int32_t pad_h = s.p.padding.h;
  const int32_t pad_w = s.p.padding.w;
  const int32_t span_h = (s.f.h - 1) * s.p.dilation.h;
  const int32_t span_w = (s.f.w - 1) * s.p.dilation.w;
  const int32_t in_h = s.in.h;
  const int32_t in_w = s.in.w;
  const int32_t in_c = s.in.c;
  const int32_t line_bytes = in_w * in_c;
  for (int32_t n = 0; n < s.out.n; ++n) {
    const int8_t* image = input + static_cast<int64_t>(n) * in_h * line_bytes;
    int32_t oy = 0;
    int32_t ox = 0;
    for (int32_t first = 0; first < pixels; first += kShortBlock) {
      const int32_t active = pixels - first < kShortBlock ? pixels - first : kShortBlock;
      for (int32_t r = 0; r < active; ++r) {
        const int32_t iy0 = oy * stride_h - pad_h;
        const int32_t ix0 = ox * stride_w - pad_w;
        if (gather && iy0 >= 0 && ix0 >= 0 && iy0 + span_h < in_h && ix0 + span_w < in_w) {
          const int8_t* origin = image + iy0 * line_bytes + ix0 * in_c;
          vstrbq_s8(rows + 16 * r, vldrbq_gather_offset_z_s8(origin, offsets, taps));
        } else {
          im2col_row(s, input, n, oy, ox, 0, pad_value, rows + 16 * r);
        }
        if (++ox == out_w) {
          ox = 0;
          ++oy;
        }
      }
      short_rows_pass(rows, w16, channels, t.kernel_sum, acc);
      requantize_rows(t, acc, channels, 0, channels, active, s.p.output_offset, s.p.activation,
                      output + (static_cast<int64_t>(n) * pixels + first) * channels, channels);
    }
  }
}

int32_t depth_of(const Dims4& f) { return f.h * f.w * f.c; }

}  // namespace

size_t conv2d_s8_scratch_bytes(const Dims4& input_dims, const Dims4& filter_dims,
                               const Dims4& output_dims) {
  const size_t rows = static_cast<size_t>(depth_of(filter_dims)) * kBlock;
  const size_t rows_padded = rows < 64 ? 64 : (rows + 15) & ~size_t{15};
  const size_t sums = sizeof(int32_t) * kShortBlock * static_cast<size_t>(output_dims.c);
  const bool short_rows = input_dims.c == filter_dims.c && depth_of(filter_dims) <= 16;
  const size_t padded_weights = short_rows ? 16 * static_cast<size_t>(output_dims.c) : 0;
  return channel_tables_bytes(output_dims.c) + sums + rows_padded + padded_weights;
}

void conv2d_s8(const ConvParams& p, const PerChannelQuant& quant, const Dims4& in_dims,
               const int8_t* input, const Dims4& f_dims, const int8_t* filter, const int32_t* bias,
               const Dims4& out_dims, int8_t* output, void* scratch) {
  if (!padding_fill_fits(p.input_offset) ||
      !multipliers_fit_vqrdmulh(quant.multiplier, out_dims.c)) {
    cortex_m::conv2d_s8(p, quant, in_dims, input, f_dims, filter, bias, out_dims, output);
    return;
  }
  const ConvShape s{p, in_dims, f_dims, out_dims, f_dims.c, depth_of(f_dims)};
  ChannelTables channels = channel_tables_at(scratch, out_dims.c);
  int32_t* acc = channels.right_neg + out_dims.c;
  int8_t* rows = reinterpret_cast<int8_t*>(acc + kShortBlock * out_dims.c);
  prepare_channels(filter, s.depth, bias, quant, p.input_offset, out_dims.c, channels);
  const int32_t groups = in_dims.c / f_dims.c;
  const int8_t pad_value = static_cast<int8_t>(-p.input_offset);

  if (groups == 1 && f_dims.h == 1 && f_dims.w == 1 && p.padding.h == 0 && p.padding.w == 0) {
    run_blocks(s, filter, channels, 0, out_dims.c, acc, output,
               [&](int32_t n, int32_t first, int32_t active, const int8_t** row) {
                 for (int32_t r = 0; r < kBlock; ++r) {
                   const int32_t pixel = first + (r < active ? r : 0);
                   const int32_t iy = (pixel / out_dims.w) * p.stride.h;
                   const int32_t ix = (pixel % out_dims.w) * p.stride.w;
                   row[r] = input + ((static_cast<int64_t>(n) * in_dims.h + iy) * in_dims.w + ix) *
                                        in_dims.c;
                 }
               });
    return;
  }
  if (groups == 1 && s.depth <= 16) {
    conv_short_rows(s, input, filter, channels, acc, output, rows, rows + 64);
    return;
  }
  const int32_t group_out = out_dims.c / groups;
  for (int32_t g = 0; g < groups; ++g) {
    run_blocks(s, filter, channels, g * group_out, group_out, acc, output,
               [&](int32_t n, int32_t first, int32_t active, const int8_t** row) {
                 for (int32_t r = 0; r < kBlock; ++r) {
                   row[r] = rows + static_cast<int64_t>(r < active ? r : 0) * s.depth;
                 }
                 im2col_block(s, input, n, first, active, g * s.group_in, pad_value, rows);
               });
  }
}

}  // namespace mve
}  // namespace cortex_m
}  // namespace wick
