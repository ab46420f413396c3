// EValue: one entry of a method's value table (operands, scalars, lists).
//
// Only kernel bindings look at EValues; kernel math takes plain params.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "wick/span.h"
#include "wick/tensor.h"

namespace wick {

enum class Tag : uint8_t {
  None,
  Int,
  Double,
  Bool,
  String,
  Tensor,
  ListInt,
  ListDouble,
  ListBool,
  ListTensor,
  ListOptionalTensor,
};

const char* tag_name(Tag tag);

struct EValue;

// IntList items are boxed (indices of Int values) because symbolic sizes can
// change at run time; get() unboxes into storage owned by the list.
struct IntList {
  EValue* const* boxed;
  int64_t* unboxed;
  size_t size;
  inline Span<const int64_t> get() const;
};

struct TensorList {
  Tensor* const* items;
  size_t size;
};

// Entries are null for None.
struct OptionalTensorList {
  Tensor* const* items;
  size_t size;
};

struct EValue {
  Tag tag = Tag::None;
  union Payload {
    int64_t as_int;
    double as_double;
    bool as_bool;
    struct {
      const char* data;
      size_t size;
    } as_string;
    Tensor* as_tensor;
    IntList as_int_list;
    Span<const double> as_double_list;
    Span<const bool> as_bool_list;
    TensorList as_tensor_list;
    OptionalTensorList as_optional_tensor_list;
    constexpr Payload() : as_int(0) {}
  } payload;

  bool is_none() const { return tag == Tag::None; }
  bool is_int() const { return tag == Tag::Int; }
  bool is_double() const { return tag == Tag::Double; }
  bool is_bool() const { return tag == Tag::Bool; }
  bool is_string() const { return tag == Tag::String; }
  bool is_tensor() const { return tag == Tag::Tensor; }
  bool is_int_list() const { return tag == Tag::ListInt; }
  bool is_double_list() const { return tag == Tag::ListDouble; }
  bool is_bool_list() const { return tag == Tag::ListBool; }
  bool is_tensor_list() const { return tag == Tag::ListTensor; }
  bool is_optional_tensor_list() const { return tag == Tag::ListOptionalTensor; }
  // A Scalar argument may arrive as Int, Double or Bool.
  bool is_scalar() const { return tag == Tag::Int || tag == Tag::Double || tag == Tag::Bool; }

  // Accessors assume the tag was checked (kernel bindings check first).
  int64_t to_int() const { return payload.as_int; }
  double to_double() const { return payload.as_double; }
  bool to_bool() const { return payload.as_bool; }
  Tensor& to_tensor() const { return *payload.as_tensor; }
  Span<const int64_t> to_int_list() const { return payload.as_int_list.get(); }
  Span<const double> to_double_list() const { return payload.as_double_list; }
  Span<const bool> to_bool_list() const { return payload.as_bool_list; }
  const TensorList& to_tensor_list() const { return payload.as_tensor_list; }
  const OptionalTensorList& to_optional_tensor_list() const {
    return payload.as_optional_tensor_list;
  }
  // Scalar as double (Int, Double or Bool).
  double scalar_as_double() const {
    return tag == Tag::Double ? payload.as_double
           : tag == Tag::Bool ? (payload.as_bool ? 1.0 : 0.0)
                              : static_cast<double>(payload.as_int);
  }
  // Scalar as int64 (Double truncates, as PyTorch's Scalar::to<int64_t>).
  // A Double truncates toward zero, saturating at the int64 range (NaN gives
  // 0): a plain cast of such values is undefined.
  int64_t scalar_as_int() const {
    if (tag == Tag::Bool) return payload.as_bool ? 1 : 0;
    if (tag != Tag::Double) return payload.as_int;
    const double v = payload.as_double;
    if (!(v == v)) return 0;
    if (v >= 9223372036854775807.0) return INT64_MAX;
    if (v <= -9223372036854775808.0) return INT64_MIN;
    return static_cast<int64_t>(v);
  }
  // Tensor or nullptr for None.
  Tensor* to_optional_tensor() const { return tag == Tag::Tensor ? payload.as_tensor : nullptr; }

  static EValue from_int(int64_t v) {
    EValue e;
    e.tag = Tag::Int;
    e.payload.as_int = v;
    return e;
  }
  static EValue from_double(double v) {
    EValue e;
    e.tag = Tag::Double;
    e.payload.as_double = v;
    return e;
  }
  static EValue from_bool(bool v) {
    EValue e;
    e.tag = Tag::Bool;
    e.payload.as_bool = v;
    return e;
  }
  static EValue from_tensor(Tensor* t) {
    EValue e;
    e.tag = Tag::Tensor;
    e.payload.as_tensor = t;
    return e;
  }
};

inline Span<const int64_t> IntList::get() const {
  for (size_t i = 0; i < size; ++i) unboxed[i] = boxed[i]->payload.as_int;
  return Span<const int64_t>(unboxed, size);
}

}  // namespace wick
