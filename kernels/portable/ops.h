// The portable op family: one binding per aten out-variant, all with the
// kernel ABI signature. Registered in op_table.cpp.
#pragma once

#include "wick/kernel.h"

namespace wick {
namespace portable {

void abs_out(KernelContext& ctx, Span<EValue*> args);

void adaptive_avg_pool2d_out(KernelContext& ctx, Span<EValue*> args);

void add_out(KernelContext& ctx, Span<EValue*> args);
void add_scalar_out(KernelContext& ctx, Span<EValue*> args);

void amax_out(KernelContext& ctx, Span<EValue*> args);
void amin_out(KernelContext& ctx, Span<EValue*> args);

void any_all_out(KernelContext& ctx, Span<EValue*> args);
void all_all_out(KernelContext& ctx, Span<EValue*> args);
void any_dims_out(KernelContext& ctx, Span<EValue*> args);

void arange_out(KernelContext& ctx, Span<EValue*> args);
void arange_start_out(KernelContext& ctx, Span<EValue*> args);

void argmax_out(KernelContext& ctx, Span<EValue*> args);
void argmin_out(KernelContext& ctx, Span<EValue*> args);

void avg_pool2d_out(KernelContext& ctx, Span<EValue*> args);

void native_batch_norm_legit_no_training_out(KernelContext& ctx, Span<EValue*> args);
void native_batch_norm_out(KernelContext& ctx, Span<EValue*> args);

void bitwise_and_tensor_out(KernelContext& ctx, Span<EValue*> args);
void bitwise_and_scalar_out(KernelContext& ctx, Span<EValue*> args);

void bitwise_not_out(KernelContext& ctx, Span<EValue*> args);

void bitwise_or_tensor_out(KernelContext& ctx, Span<EValue*> args);
void bitwise_or_scalar_out(KernelContext& ctx, Span<EValue*> args);

void bitwise_xor_tensor_out(KernelContext& ctx, Span<EValue*> args);
void bitwise_xor_scalar_out(KernelContext& ctx, Span<EValue*> args);

void cat_out(KernelContext& ctx, Span<EValue*> args);

void ceil_out(KernelContext& ctx, Span<EValue*> args);

void clamp_out(KernelContext& ctx, Span<EValue*> args);
void hardtanh_out(KernelContext& ctx, Span<EValue*> args);
void clamp_tensor_out(KernelContext& ctx, Span<EValue*> args);

void clone_out(KernelContext& ctx, Span<EValue*> args);
void alias_copy_out(KernelContext& ctx, Span<EValue*> args);
void clone_dim_order_out(KernelContext& ctx, Span<EValue*> args);
void to_dim_order_copy_out(KernelContext& ctx, Span<EValue*> args);
void to_copy_out(KernelContext& ctx, Span<EValue*> args);

void constant_pad_nd_out(KernelContext& ctx, Span<EValue*> args);

void convolution_out(KernelContext& ctx, Span<EValue*> args);

void cos_out(KernelContext& ctx, Span<EValue*> args);

void cumsum_out(KernelContext& ctx, Span<EValue*> args);

void div_out(KernelContext& ctx, Span<EValue*> args);
void div_out_mode(KernelContext& ctx, Span<EValue*> args);
void div_scalar_out(KernelContext& ctx, Span<EValue*> args);
void div_scalar_mode_out(KernelContext& ctx, Span<EValue*> args);

void elu_out(KernelContext& ctx, Span<EValue*> args);

void embedding_out(KernelContext& ctx, Span<EValue*> args);

void empty_dim_order_out(KernelContext& ctx, Span<EValue*> args);

void eq_scalar_out(KernelContext& ctx, Span<EValue*> args);
void eq_tensor_out(KernelContext& ctx, Span<EValue*> args);

void erf_out(KernelContext& ctx, Span<EValue*> args);

void exp_out(KernelContext& ctx, Span<EValue*> args);

void expand_copy_out(KernelContext& ctx, Span<EValue*> args);

void expm1_out(KernelContext& ctx, Span<EValue*> args);

void flip_out(KernelContext& ctx, Span<EValue*> args);

void floor_out(KernelContext& ctx, Span<EValue*> args);

void fmod_tensor_out(KernelContext& ctx, Span<EValue*> args);
void fmod_scalar_out(KernelContext& ctx, Span<EValue*> args);

void full_out(KernelContext& ctx, Span<EValue*> args);
void zeros_out(KernelContext& ctx, Span<EValue*> args);
void ones_out(KernelContext& ctx, Span<EValue*> args);
void full_like_out(KernelContext& ctx, Span<EValue*> args);
void zeros_like_out(KernelContext& ctx, Span<EValue*> args);
void ones_like_out(KernelContext& ctx, Span<EValue*> args);
void scalar_tensor_out(KernelContext& ctx, Span<EValue*> args);

void gather_out(KernelContext& ctx, Span<EValue*> args);

void ge_scalar_out(KernelContext& ctx, Span<EValue*> args);
void ge_tensor_out(KernelContext& ctx, Span<EValue*> args);

void gelu_out(KernelContext& ctx, Span<EValue*> args);

void glu_out(KernelContext& ctx, Span<EValue*> args);

void native_group_norm_out(KernelContext& ctx, Span<EValue*> args);

void gt_scalar_out(KernelContext& ctx, Span<EValue*> args);
void gt_tensor_out(KernelContext& ctx, Span<EValue*> args);

void hardsigmoid_out(KernelContext& ctx, Span<EValue*> args);

void hardswish_out(KernelContext& ctx, Span<EValue*> args);

void index_tensor_out(KernelContext& ctx, Span<EValue*> args);

void index_select_out(KernelContext& ctx, Span<EValue*> args);

void isinf_out(KernelContext& ctx, Span<EValue*> args);

void isnan_out(KernelContext& ctx, Span<EValue*> args);

void native_layer_norm_out(KernelContext& ctx, Span<EValue*> args);

void le_scalar_out(KernelContext& ctx, Span<EValue*> args);
void le_tensor_out(KernelContext& ctx, Span<EValue*> args);

void leaky_relu_out(KernelContext& ctx, Span<EValue*> args);

void log_out(KernelContext& ctx, Span<EValue*> args);

void log1p_out(KernelContext& ctx, Span<EValue*> args);

void logical_and_out(KernelContext& ctx, Span<EValue*> args);

void logical_not_out(KernelContext& ctx, Span<EValue*> args);

void logical_or_out(KernelContext& ctx, Span<EValue*> args);

void logical_xor_out(KernelContext& ctx, Span<EValue*> args);

void logsumexp_out(KernelContext& ctx, Span<EValue*> args);

void lt_scalar_out(KernelContext& ctx, Span<EValue*> args);
void lt_tensor_out(KernelContext& ctx, Span<EValue*> args);

void masked_fill_scalar_out(KernelContext& ctx, Span<EValue*> args);

void max_dim_max(KernelContext& ctx, Span<EValue*> args);
void min_dim_min(KernelContext& ctx, Span<EValue*> args);

void max_pool2d_with_indices_out(KernelContext& ctx, Span<EValue*> args);

void maximum_out(KernelContext& ctx, Span<EValue*> args);

void minimum_out(KernelContext& ctx, Span<EValue*> args);

void mm_out(KernelContext& ctx, Span<EValue*> args);
void addmm_out(KernelContext& ctx, Span<EValue*> args);
void linear_out(KernelContext& ctx, Span<EValue*> args);
void bmm_out(KernelContext& ctx, Span<EValue*> args);

void mul_out(KernelContext& ctx, Span<EValue*> args);
void mul_scalar_out(KernelContext& ctx, Span<EValue*> args);

void ne_scalar_out(KernelContext& ctx, Span<EValue*> args);
void ne_tensor_out(KernelContext& ctx, Span<EValue*> args);

void neg_out(KernelContext& ctx, Span<EValue*> args);

void permute_copy_out(KernelContext& ctx, Span<EValue*> args);
void transpose_copy_int_out(KernelContext& ctx, Span<EValue*> args);
void t_copy_out(KernelContext& ctx, Span<EValue*> args);

void pixel_shuffle_out(KernelContext& ctx, Span<EValue*> args);
void pixel_unshuffle_out(KernelContext& ctx, Span<EValue*> args);

void pow_tensor_scalar_out(KernelContext& ctx, Span<EValue*> args);
void pow_tensor_tensor_out(KernelContext& ctx, Span<EValue*> args);
void pow_scalar_out(KernelContext& ctx, Span<EValue*> args);

void prod_int_out(KernelContext& ctx, Span<EValue*> args);
void prod_out(KernelContext& ctx, Span<EValue*> args);

void reciprocal_out(KernelContext& ctx, Span<EValue*> args);

void relu_out(KernelContext& ctx, Span<EValue*> args);

void remainder_tensor_out(KernelContext& ctx, Span<EValue*> args);
void remainder_scalar_out(KernelContext& ctx, Span<EValue*> args);

void repeat_out(KernelContext& ctx, Span<EValue*> args);

void round_out(KernelContext& ctx, Span<EValue*> args);

void rsqrt_out(KernelContext& ctx, Span<EValue*> args);

void select_copy_int_out(KernelContext& ctx, Span<EValue*> args);

void sigmoid_out(KernelContext& ctx, Span<EValue*> args);

void sign_out(KernelContext& ctx, Span<EValue*> args);

void silu_out(KernelContext& ctx, Span<EValue*> args);

void sin_out(KernelContext& ctx, Span<EValue*> args);

void slice_copy_tensor_out(KernelContext& ctx, Span<EValue*> args);

void softmax_out(KernelContext& ctx, Span<EValue*> args);
void log_softmax_out(KernelContext& ctx, Span<EValue*> args);

void softplus_out(KernelContext& ctx, Span<EValue*> args);

void split_copy_tensor_out(KernelContext& ctx, Span<EValue*> args);
void split_with_sizes_copy_out(KernelContext& ctx, Span<EValue*> args);
void unbind_copy_int_out(KernelContext& ctx, Span<EValue*> args);

void sqrt_out(KernelContext& ctx, Span<EValue*> args);

void stack_out(KernelContext& ctx, Span<EValue*> args);

void sub_out(KernelContext& ctx, Span<EValue*> args);
void sub_scalar_out(KernelContext& ctx, Span<EValue*> args);
void rsub_tensor_out(KernelContext& ctx, Span<EValue*> args);
void rsub_scalar_out(KernelContext& ctx, Span<EValue*> args);

void sum_intlist_out(KernelContext& ctx, Span<EValue*> args);
void mean_out(KernelContext& ctx, Span<EValue*> args);

void tanh_out(KernelContext& ctx, Span<EValue*> args);

void trunc_out(KernelContext& ctx, Span<EValue*> args);

void unsqueeze_copy_out(KernelContext& ctx, Span<EValue*> args);
void squeeze_copy_out(KernelContext& ctx, Span<EValue*> args);
void squeeze_copy_dim_out(KernelContext& ctx, Span<EValue*> args);
void squeeze_copy_dims_out(KernelContext& ctx, Span<EValue*> args);

void upsample_nearest2d_vec_out(KernelContext& ctx, Span<EValue*> args);
void upsample_bilinear2d_vec_out(KernelContext& ctx, Span<EValue*> args);

void var_correction_out(KernelContext& ctx, Span<EValue*> args);
void std_correction_out(KernelContext& ctx, Span<EValue*> args);
void var_out(KernelContext& ctx, Span<EValue*> args);
void std_out(KernelContext& ctx, Span<EValue*> args);

void view_copy_out(KernelContext& ctx, Span<EValue*> args);

void where_self_out(KernelContext& ctx, Span<EValue*> args);

}  // namespace portable
}  // namespace wick
