// Test-only owners for tensors and argument lists (std::vector is fine in
// tests). TestTensor keeps sizes/dim_order/strides/data alive behind a
// wick::Tensor; ArgList keeps EValues (and boxed IntLists) at stable
// addresses and hands the kernel a Span<EValue*>.
#pragma once

#include <stdint.h>

#include <deque>
#include <initializer_list>
#include <string>
#include <vector>

#include "kernels/portable/util/dtype.h"
#include "wick/arena.h"
#include "wick/evalue.h"
#include "wick/kernel.h"
#include "wick/tensor.h"

namespace wick {
namespace testing {

class TestTensor {
 public:
  // Zero-filled tensor; dim_order empty means contiguous.
  TestTensor(ScalarType dtype, std::vector<int32_t> sizes, std::vector<uint8_t> dim_order = {},
             ShapeDynamism dynamism = ShapeDynamism::Static, size_t numel_bound = 0)
      : sizes_(std::move(sizes)), dim_order_(std::move(dim_order)) {
    if (dim_order_.empty()) {
      for (size_t i = 0; i < sizes_.size(); ++i) dim_order_.push_back(static_cast<uint8_t>(i));
    }
    strides_.resize(sizes_.size());
    compute_strides(sizes_.data(), dim_order_.data(), static_cast<int>(sizes_.size()),
                    strides_.data());
    size_t numel = 1;
    for (int32_t s : sizes_) numel *= static_cast<size_t>(s);
    const size_t bound = numel_bound > numel ? numel_bound : numel;
    data_.assign(bound * element_size(dtype) + 8, 0);
    tensor_.data = data_.data();
    tensor_.sizes = sizes_.data();
    tensor_.dim_order = dim_order_.data();
    tensor_.strides = strides_.data();
    tensor_.numel = numel;
    tensor_.numel_bound = bound;
    tensor_.dtype = dtype;
    tensor_.dim = static_cast<uint8_t>(sizes_.size());
    tensor_.dynamism = dynamism;
  }
  TestTensor(const TestTensor&) = delete;
  TestTensor& operator=(const TestTensor&) = delete;

  Tensor& t() { return tensor_; }

  // Writes values given in logical (row-major over sizes) order.
  template <typename T>
  TestTensor& set(const std::vector<T>& values) {
    for (size_t i = 0; i < values.size() && i < tensor_.numel; ++i) {
      portable::store_as<T>(element(i), tensor_.dtype, values[i]);
    }
    return *this;
  }
  TestTensor& setf(const std::vector<float>& values) { return set<float>(values); }
  TestTensor& seti(const std::vector<int64_t>& values) { return set<int64_t>(values); }

  // Reads all elements in logical order.
  std::vector<double> values() const {
    std::vector<double> out;
    for (size_t i = 0; i < tensor_.numel; ++i) {
      out.push_back(portable::load_double(element(i), tensor_.dtype));
    }
    return out;
  }
  std::vector<int64_t> ints() const {
    std::vector<int64_t> out;
    for (size_t i = 0; i < tensor_.numel; ++i) {
      out.push_back(portable::load_int64(element(i), tensor_.dtype));
    }
    return out;
  }
  std::vector<int32_t> shape() const {
    return std::vector<int32_t>(tensor_.sizes, tensor_.sizes + tensor_.dim);
  }

  // Address of the i-th element in logical order.
  char* element(size_t i) const {
    int64_t offset = 0;
    for (int d = tensor_.dim - 1; d >= 0; --d) {
      const int64_t size = tensor_.sizes[d];
      offset += static_cast<int64_t>(i % size) * tensor_.strides[d];
      i /= size;
    }
    return static_cast<char*>(tensor_.data) + offset * static_cast<int64_t>(tensor_.element_size());
  }

 private:
  std::vector<int32_t> sizes_;
  std::vector<uint8_t> dim_order_;
  std::vector<int32_t> strides_;
  std::vector<uint8_t> data_;
  Tensor tensor_;
};

class ArgList {
 public:
  ArgList& tensor(TestTensor& t) { return push(EValue::from_tensor(&t.t())); }
  ArgList& integer(int64_t v) { return push(EValue::from_int(v)); }
  ArgList& dbl(double v) { return push(EValue::from_double(v)); }
  ArgList& boolean(bool v) { return push(EValue::from_bool(v)); }
  ArgList& none() { return push(EValue()); }
  ArgList& str(const char* s) {
    strings_.emplace_back(s);
    EValue e;
    e.tag = Tag::String;
    e.payload.as_string.data = strings_.back().data();
    e.payload.as_string.size = strings_.back().size();
    return push(e);
  }
  ArgList& int_list(std::vector<int64_t> items) {
    std::vector<EValue*> boxed;
    for (int64_t v : items) {
      values_.push_back(EValue::from_int(v));
      boxed.push_back(&values_.back());
    }
    boxed_.push_back(std::move(boxed));
    unboxed_.emplace_back(items.size() + 1, 0);
    EValue e;
    e.tag = Tag::ListInt;
    e.payload.as_int_list = IntList{boxed_.back().data(), unboxed_.back().data(), items.size()};
    return push(e);
  }
  ArgList& tensor_list(std::vector<TestTensor*> items) {
    std::vector<Tensor*> ptrs;
    for (TestTensor* t : items) ptrs.push_back(&t->t());
    tensor_lists_.push_back(std::move(ptrs));
    EValue e;
    e.tag = Tag::ListTensor;
    e.payload.as_tensor_list = TensorList{tensor_lists_.back().data(), items.size()};
    return push(e);
  }
  // Repeats an existing argument (how the emitter appends returns).
  ArgList& same_as(size_t index) {
    args_.push_back(args_.at(index));
    return *this;
  }

  Span<EValue*> span() { return Span<EValue*>(args_.data(), args_.size()); }
  EValue& at(size_t i) { return *args_.at(i); }

 private:
  ArgList& push(const EValue& e) {
    values_.push_back(e);
    args_.push_back(&values_.back());
    return *this;
  }
  std::deque<EValue> values_;
  std::deque<std::vector<EValue*>> boxed_;
  std::deque<std::vector<int64_t>> unboxed_;
  std::deque<std::vector<Tensor*>> tensor_lists_;
  std::deque<std::string> strings_;
  std::vector<EValue*> args_;
};

// Runs a kernel with a generous temp arena; returns the context's failure.
inline Error run_kernel(OpFunction fn, ArgList& args, const char* name = "test_op",
                        size_t temp_bytes = 1 << 22) {
  std::vector<uint8_t> temp(temp_bytes);
  Arena arena(temp.data(), temp.size());
  KernelContext ctx(&arena, name);
  fn(ctx, args.span());
  return ctx.failure();
}

}  // namespace testing
}  // namespace wick
