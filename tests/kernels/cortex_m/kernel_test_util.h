// Test scaffolding for kernel bindings: owned tensors and argument lists.
#pragma once

#include <stdint.h>

#include <cstring>
#include <deque>
#include <initializer_list>
#include <memory>
#include <vector>

#include "wick/arena.h"
#include "wick/evalue.h"
#include "wick/kernel.h"
#include "wick/tensor.h"

namespace wick {
namespace test {

// A tensor that owns its metadata and bytes. sizes are logical; dim_order
// defaults to contiguous.
class OwnedTensor {
 public:
  OwnedTensor(ScalarType dtype, std::vector<int32_t> sizes, std::vector<uint8_t> dim_order = {})
      : sizes_(std::move(sizes)), dim_order_(std::move(dim_order)) {
    if (dim_order_.empty()) {
      for (size_t i = 0; i < sizes_.size(); ++i) dim_order_.push_back(static_cast<uint8_t>(i));
    }
    strides_.resize(sizes_.size());
    size_t numel = 1;
    for (int32_t s : sizes_) numel *= static_cast<size_t>(s);
    bytes_.assign(numel * element_size(dtype) + 16, 0);
    compute_strides(sizes_.data(), dim_order_.data(), static_cast<int>(sizes_.size()),
                    strides_.data());
    t_.data = bytes_.data();
    t_.sizes = sizes_.data();
    t_.dim_order = dim_order_.data();
    t_.strides = strides_.data();
    t_.numel = numel;
    t_.numel_bound = numel;
    t_.dtype = dtype;
    t_.dim = static_cast<uint8_t>(sizes_.size());
  }
  OwnedTensor(const OwnedTensor&) = delete;
  OwnedTensor& operator=(const OwnedTensor&) = delete;

  Tensor& tensor() { return t_; }
  template <typename T>
  T* data() {
    return reinterpret_cast<T*>(bytes_.data());
  }
  // Fills the bytes in memory order.
  template <typename T>
  void set(std::initializer_list<T> values) {
    set_vector(std::vector<T>(values));
  }
  template <typename T>
  void set_vector(const std::vector<T>& values) {
    std::memcpy(bytes_.data(), values.data(), values.size() * sizeof(T));
  }
  template <typename T>
  std::vector<T> values() const {
    std::vector<T> out(t_.numel);
    std::memcpy(out.data(), bytes_.data(), t_.numel * sizeof(T));
    return out;
  }

 private:
  std::vector<int32_t> sizes_;
  std::vector<uint8_t> dim_order_;
  std::vector<int32_t> strides_;
  std::vector<uint8_t> bytes_;
  Tensor t_;
};

// The argument list of one KernelCall, built in schema order.
class Args {
 public:
  Args& tensor(OwnedTensor& t) { return push(EValue::from_tensor(&t.tensor())); }
  Args& integer(int64_t v) { return push(EValue::from_int(v)); }
  Args& real(double v) { return push(EValue::from_double(v)); }
  Args& boolean(bool v) { return push(EValue::from_bool(v)); }
  Args& none() { return push(EValue()); }
  Args& int_list(std::vector<int64_t> items) {
    auto list = std::make_unique<IntListStorage>();
    list->items = std::move(items);
    for (int64_t v : list->items) list->boxes.push_back(EValue::from_int(v));
    for (EValue& e : list->boxes) list->boxed.push_back(&e);
    list->unboxed.resize(list->items.size());
    EValue e;
    e.tag = Tag::ListInt;
    e.payload.as_int_list = IntList{list->boxed.data(), list->unboxed.data(), list->items.size()};
    lists_.push_back(std::move(list));
    return push(e);
  }
  // The out tensor, then the returned out (the same value, as the emitter writes it).
  Args& out(OwnedTensor& t) {
    tensor(t);
    pointers_.push_back(pointers_.back());
    return *this;
  }

  Span<EValue*> span() { return Span<EValue*>(pointers_.data(), pointers_.size()); }

 private:
  struct IntListStorage {
    std::vector<int64_t> items;
    std::deque<EValue> boxes;
    std::vector<EValue*> boxed;
    std::vector<int64_t> unboxed;
  };
  Args& push(EValue e) {
    values_.push_back(e);
    pointers_.push_back(&values_.back());
    return *this;
  }
  std::deque<EValue> values_;
  std::vector<EValue*> pointers_;
  std::vector<std::unique_ptr<IntListStorage>> lists_;
};

// Runs a binding with a 64 KiB temp arena; returns the failure (Ok on success).
inline Error run_kernel(OpFunction fn, Args& args, const char* name = "test_op") {
  static std::vector<uint8_t> temp(1 << 16);
  Arena arena(temp.data(), temp.size());
  KernelContext ctx(&arena, name);
  fn(ctx, args.span());
  return ctx.failure();
}

}  // namespace test
}  // namespace wick
