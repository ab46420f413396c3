#include "kernels/prim/op_table.h"

#include "kernels/prim/prim_ops.h"

namespace wick {
namespace prim {
namespace {

constexpr OpEntry kOps[] = {
    {"aten::sym_size.int", &sym_size_int, nullptr},
    {"aten::sym_numel", &sym_numel, nullptr},
    {"aten::_local_scalar_dense", &local_scalar_dense, nullptr},
    {"executorch_prim::et_view.default", &et_view, nullptr},
    {"executorch_prim::et_copy_index.tensor", &et_copy_index, nullptr},
    {"executorch_prim::add.Scalar", &add_scalar, nullptr},
    {"executorch_prim::sub.Scalar", &sub_scalar, nullptr},
    {"executorch_prim::mul.Scalar", &mul_scalar, nullptr},
    {"executorch_prim::truediv.Scalar", &truediv_scalar, nullptr},
    {"executorch_prim::floordiv.Scalar", &floordiv_scalar, nullptr},
    {"executorch_prim::mod.Scalar", &mod_scalar, nullptr},
    {"executorch_prim::floordiv.int", &floordiv_int, nullptr},
    {"executorch_prim::mod.int", &mod_int, nullptr},
    {"executorch_prim::sym_max.Scalar", &sym_max_scalar, nullptr},
    {"executorch_prim::sym_min.Scalar", &sym_min_scalar, nullptr},
    {"executorch_prim::eq.Scalar", &eq_scalar, nullptr},
    {"executorch_prim::gt.Scalar", &gt_scalar, nullptr},
    {"executorch_prim::ge.Scalar", &ge_scalar, nullptr},
    {"executorch_prim::lt.Scalar", &lt_scalar, nullptr},
    {"executorch_prim::le.Scalar", &le_scalar, nullptr},
    {"executorch_prim::neg.Scalar", &neg_scalar, nullptr},
    {"executorch_prim::ceil.Scalar", &ceil_scalar, nullptr},
    {"executorch_prim::round.Scalar", &round_scalar, nullptr},
    {"executorch_prim::trunc.Scalar", &trunc_scalar, nullptr},
    {"executorch_prim::sym_float.Scalar", &sym_float_scalar, nullptr},
    {"executorch_prim::sym_int.Scalar", &sym_int_scalar, nullptr},
    {"executorch_prim::sym_not.Scalar", &sym_not_scalar, nullptr},
    {"executorch_prim::sym_ite.Scalar", &sym_ite_scalar, nullptr},
};

}  // namespace

OpTable op_table() { return OpTable(kOps, sizeof(kOps) / sizeof(kOps[0])); }

}  // namespace prim
}  // namespace wick
