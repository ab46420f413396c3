// A PyTorch Scalar argument: bool, integer or floating, as the EValue tag says.
#pragma once

#include <stdint.h>

#include <type_traits>

namespace wick {
namespace portable {

class Scalar {
 public:
  enum class Kind : uint8_t { Bool, Int, Double };

  static Scalar from_bool(bool v) { return Scalar(Kind::Bool, v ? 1 : 0, v ? 1.0 : 0.0); }
  static Scalar from_int(int64_t v) { return Scalar(Kind::Int, v, static_cast<double>(v)); }
  static Scalar from_double(double v) { return Scalar(Kind::Double, 0, v); }

  bool is_bool() const { return kind_ == Kind::Bool; }
  bool is_integral() const { return kind_ != Kind::Double; }  // bool counts as integral
  bool is_floating() const { return kind_ == Kind::Double; }
  double as_double() const { return d_; }
  // Floating scalars truncate (Scalar::to<int64_t>).
  int64_t as_int() const {
    if (kind_ != Kind::Double) return i_;
    if (!(d_ > -9223372036854775808.0 && d_ < 9223372036854775808.0)) return INT64_MIN;
    return static_cast<int64_t>(d_);
  }
  // The value in a compute type T (integral T from an integral scalar).
  template <typename T>
  T as() const {
    if (std::is_floating_point<T>::value) return static_cast<T>(d_);
    return static_cast<T>(as_int());
  }

 private:
  Scalar(Kind k, int64_t i, double d) : kind_(k), i_(i), d_(d) {}
  Kind kind_;
  int64_t i_;
  double d_;
};

template <>
inline bool Scalar::as<bool>() const {
  return kind_ == Kind::Double ? d_ != 0.0 : i_ != 0;
}

}  // namespace portable
}  // namespace wick
