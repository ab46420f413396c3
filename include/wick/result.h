// Result<T>: a value or an Error, without exceptions or heap.
#pragma once

#include <new>
#include <type_traits>
#include <utility>

#include "wick/error.h"

namespace wick {

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(const T& value) : error_(Error::Ok) { new (&storage_) T(value); }
  Result(T&& value) : error_(Error::Ok) { new (&storage_) T(std::move(value)); }
  // An Ok error without a value is a programming error; it becomes Internal.
  Result(Error error) : error_(error == Error::Ok ? Error::Internal : error) {}

  Result(Result&& other) noexcept : error_(other.error_) {
    if (ok()) new (&storage_) T(std::move(*other.ptr()));
  }
  Result(const Result&) = delete;
  Result& operator=(const Result&) = delete;
  Result& operator=(Result&& other) noexcept {
    if (this == &other) return *this;
    if (ok()) ptr()->~T();
    error_ = other.error_;
    if (ok()) new (&storage_) T(std::move(*other.ptr()));
    return *this;
  }
  ~Result() {
    if (ok()) ptr()->~T();
  }

  bool ok() const { return error_ == Error::Ok; }
  Error error() const { return error_; }

  // Only valid when ok().
  T& value() & { return *ptr(); }
  const T& value() const& { return *ptr(); }
  T&& value() && { return std::move(*ptr()); }
  T* operator->() { return ptr(); }
  const T* operator->() const { return ptr(); }
  T& operator*() { return *ptr(); }

 private:
  T* ptr() { return reinterpret_cast<T*>(&storage_); }
  const T* ptr() const { return reinterpret_cast<const T*>(&storage_); }

  alignas(T) unsigned char storage_[sizeof(T)];
  Error error_;
};

}  // namespace wick
