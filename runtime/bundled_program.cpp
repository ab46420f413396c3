// BP08 reader: the embedded program plus test cases whose inputs we load and
// whose expected outputs we compare against.
#include "wick/bundled_program.h"

#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "runtime/schema.h"
#include "wick/log.h"

namespace wick {
namespace {

namespace bp = schema::bundled;

const bp::BundledProgram* root_of(const void* root) {
  return static_cast<const bp::BundledProgram*>(root);
}

// A Tensor view over a bundled tensor (contiguous unless dim_order says
// otherwise). Storage for metadata is provided by the caller.
struct TensorView {
  Tensor tensor;
  int32_t sizes[kMaxRank];
  uint8_t dim_order[kMaxRank];
  int32_t strides[kMaxRank];
};

Error make_view(const bp::Tensor* t, TensorView& view) {
  const size_t rank = t->sizes() != nullptr ? t->sizes()->size() : 0;
  if (rank > static_cast<size_t>(kMaxRank)) return Error::InvalidProgram;
  bool seen[kMaxRank] = {};
  for (size_t d = 0; d < rank; ++d) {
    view.sizes[d] = t->sizes()->Get(static_cast<flatbuffers::uoffset_t>(d));
    const bool has_order = t->dim_order() != nullptr && t->dim_order()->size() == rank;
    view.dim_order[d] =
        has_order ? t->dim_order()->Get(static_cast<flatbuffers::uoffset_t>(d)) : d;
    if (view.dim_order[d] >= rank || seen[view.dim_order[d]]) {
      WICK_LOG(Error, "corrupt .bpte: a tensor's dim order is not a permutation");
      return Error::InvalidProgram;
    }
    seen[view.dim_order[d]] = true;
  }
  if (!strides_fit(view.sizes, static_cast<int>(rank))) {
    WICK_LOG(Error, "corrupt .bpte: a tensor has more than 2^31 - 1 elements");
    return Error::InvalidProgram;
  }
  Tensor& tensor = view.tensor;
  tensor.dtype = static_cast<ScalarType>(t->scalar_type());
  tensor.dim = static_cast<uint8_t>(rank);
  tensor.sizes = view.sizes;
  tensor.dim_order = view.dim_order;
  tensor.strides = view.strides;
  if (element_size(tensor.dtype) == 0 ||
      !checked_numel(view.sizes, static_cast<int>(rank), &tensor.numel)) {
    return Error::InvalidProgram;
  }
  tensor.numel_bound = tensor.numel;
  compute_strides(view.sizes, view.dim_order, static_cast<int>(rank), view.strides);
  const size_t available = t->data() != nullptr ? t->data()->size() : 0;
  if (tensor.numel > available / element_size(tensor.dtype)) {
    WICK_LOG(Error, "corrupt .bpte: tensor data is shorter than its shape");
    return Error::InvalidProgram;
  }
  tensor.data = t->data() != nullptr ? const_cast<uint8_t*>(t->data()->data()) : nullptr;
  return Error::Ok;
}

double element_as_double(const Tensor& t, size_t offset) {
  const uint8_t* p = static_cast<const uint8_t*>(t.data) + offset * t.element_size();
  switch (t.dtype) {
    case ScalarType::Float: { float v; memcpy(&v, p, 4); return v; }
    case ScalarType::Double: { double v; memcpy(&v, p, 8); return v; }
    case ScalarType::Char: return static_cast<int8_t>(*p);
    case ScalarType::Byte: return *p;
    case ScalarType::Bool: return *p != 0;
    case ScalarType::Short: { int16_t v; memcpy(&v, p, 2); return v; }
    case ScalarType::Int: { int32_t v; memcpy(&v, p, 4); return v; }
    case ScalarType::Long: { int64_t v; memcpy(&v, p, 8); return static_cast<double>(v); }
    default: return NAN;
  }
}

// Memory offset of logical element n (row-major over sizes).
size_t offset_of(const Tensor& t, size_t n) {
  size_t offset = 0;
  for (int d = t.dim - 1; d >= 0; --d) {
    const size_t size = static_cast<size_t>(t.sizes[d]);
    offset += (n % size) * static_cast<size_t>(t.strides[d]);
    n /= size;
  }
  return offset;
}

// Logs have no %f on every device: values go out as thousandths, clamped to
// what a long holds (a cast out of range is undefined).
long thousandths(double v) {
  const double t = v * 1000;
  if (isnan(t)) return 0;
  if (t >= static_cast<double>(LONG_MAX)) return LONG_MAX;
  if (t <= static_cast<double>(LONG_MIN)) return LONG_MIN;
  return static_cast<long>(t);
}

Error compare(const Tensor& actual, const Tensor& expected, double rtol, double atol,
              size_t output) {
  if (actual.dtype != expected.dtype || actual.dim != expected.dim) {
    WICK_LOG(Error, "output %lu: expected %s rank %d, got %s rank %d",
             static_cast<unsigned long>(output), scalar_type_name(expected.dtype), expected.dim,
             scalar_type_name(actual.dtype), actual.dim);
    return Error::InvalidArgument;
  }
  for (uint8_t d = 0; d < actual.dim; ++d) {
    if (actual.sizes[d] != expected.sizes[d]) {
      WICK_LOG(Error, "output %lu: dimension %d is %ld, expected %ld",
               static_cast<unsigned long>(output), d, static_cast<long>(actual.sizes[d]),
               static_cast<long>(expected.sizes[d]));
      return Error::InvalidArgument;
    }
  }
  const bool floating = is_floating(actual.dtype);
  for (size_t n = 0; n < actual.numel; ++n) {
    const double a = element_as_double(actual, offset_of(actual, n));
    const double e = element_as_double(expected, offset_of(expected, n));
    const bool equal = floating ? (fabs(a - e) <= atol + rtol * fabs(e) || (isnan(a) && isnan(e)))
                                : a == e;
    if (!equal) {
      WICK_LOG(Error, "output %lu differs at element %lu: got %ld/1000, expected %ld/1000",
               static_cast<unsigned long>(output), static_cast<unsigned long>(n),
               thousandths(a), thousandths(e));
      return Error::InvalidArgument;
    }
  }
  return Error::Ok;
}

// The Verifier accepts a union whose type is set and whose table is absent.
bool values_have_tables(const flatbuffers::Vector<flatbuffers::Offset<bp::Value>>* values) {
  for (flatbuffers::uoffset_t i = 0; values != nullptr && i < values->size(); ++i) {
    if (values->Get(i)->val_type() != bp::ValueUnion::NONE && values->Get(i)->val() == nullptr) {
      return false;
    }
  }
  return true;
}

// Every suite names its method, and every test value has its table.
bool suites_complete(const bp::BundledProgram* root) {
  const auto* suites = root->method_test_suites();
  for (flatbuffers::uoffset_t s = 0; suites != nullptr && s < suites->size(); ++s) {
    if (suites->Get(s)->method_name() == nullptr) return false;
    const auto* cases = suites->Get(s)->test_cases();
    for (flatbuffers::uoffset_t c = 0; cases != nullptr && c < cases->size(); ++c) {
      if (!values_have_tables(cases->Get(c)->inputs()) ||
          !values_have_tables(cases->Get(c)->expected_outputs())) {
        return false;
      }
    }
  }
  return true;
}

Error scalar_mismatch(size_t output) {
  WICK_LOG(Error, "output %lu differs from the expected scalar",
           static_cast<unsigned long>(output));
  return Error::InvalidArgument;
}

}  // namespace

Result<BundledProgram> BundledProgram::load(Span<const uint8_t> file) {
  if (file.size() < 8 || memcmp(file.data() + 4, "BP08", 4) != 0) {
    WICK_LOG(Error, "not a bundled program: no BP08 identifier");
    return Error::InvalidProgram;
  }
  flatbuffers::Verifier verifier(file.data(), file.size(), 64, 1u << 22);
  if (!bp::VerifyBundledProgramBuffer(verifier)) {
    WICK_LOG(Error, "corrupt or truncated .bpte: the flatbuffer does not verify");
    return Error::InvalidProgram;
  }
  BundledProgram bundled;
  bundled.file_ = file;
  bundled.root_ = bp::GetBundledProgram(file.data());
  if (!suites_complete(root_of(bundled.root_))) {
    WICK_LOG(Error, "corrupt .bpte: a test suite has no method name or a test value no table");
    return Error::InvalidProgram;
  }
  const auto* program = root_of(bundled.root_)->program();
  if (program == nullptr || program->size() == 0) {
    WICK_LOG(Error, "corrupt .bpte: no embedded program");
    return Error::InvalidProgram;
  }
  bundled.program_ = Span<const uint8_t>(program->data(), program->size());
  return bundled;
}

size_t BundledProgram::num_suites() const {
  const auto* suites = root_of(root_)->method_test_suites();
  return suites != nullptr ? suites->size() : 0;
}

Result<const char*> BundledProgram::suite_method(size_t suite) const {
  if (suite >= num_suites()) return Error::InvalidArgument;
  const auto* name =
      root_of(root_)->method_test_suites()->Get(static_cast<flatbuffers::uoffset_t>(suite))
          ->method_name();
  if (name == nullptr) return Error::InvalidProgram;
  return name->c_str();
}

size_t BundledProgram::num_test_cases(size_t suite) const {
  if (suite >= num_suites()) return 0;
  const auto* cases =
      root_of(root_)->method_test_suites()->Get(static_cast<flatbuffers::uoffset_t>(suite))
          ->test_cases();
  return cases != nullptr ? cases->size() : 0;
}

const void* BundledProgram::test_case(size_t suite, size_t index) const {
  if (index >= num_test_cases(suite)) return nullptr;
  return root_of(root_)
      ->method_test_suites()
      ->Get(static_cast<flatbuffers::uoffset_t>(suite))
      ->test_cases()
      ->Get(static_cast<flatbuffers::uoffset_t>(index));
}

Error BundledProgram::set_inputs(Method& method, size_t suite, size_t index) const {
  const auto* test = static_cast<const bp::BundledMethodTestCase*>(test_case(suite, index));
  if (test == nullptr) return Error::InvalidArgument;
  const auto* inputs = test->inputs();
  const size_t n = inputs != nullptr ? inputs->size() : 0;
  if (n != method.num_inputs()) {
    WICK_LOG(Error, "test case %lu has %lu inputs, the method takes %lu",
             static_cast<unsigned long>(index), static_cast<unsigned long>(n),
             static_cast<unsigned long>(method.num_inputs()));
    return Error::InvalidArgument;
  }
  for (flatbuffers::uoffset_t i = 0; i < n; ++i) {
    const bp::Value* value = inputs->Get(i);
    switch (value->val_type()) {
      case bp::ValueUnion::Tensor: {
        TensorView view;
        WICK_TRY(make_view(value->val_as_Tensor(), view));
        WICK_TRY(method.set_input(i, view.tensor));
        break;
      }
      case bp::ValueUnion::Int:
        WICK_TRY(method.set_input(i, EValue::from_int(value->val_as_Int()->int_val())));
        break;
      case bp::ValueUnion::Bool:
        WICK_TRY(method.set_input(i, EValue::from_bool(value->val_as_Bool()->bool_val())));
        break;
      case bp::ValueUnion::Double:
        WICK_TRY(method.set_input(i, EValue::from_double(value->val_as_Double()->double_val())));
        break;
      default:
        WICK_LOG(Error, "corrupt .bpte: test case %lu input %lu has no value",
                 static_cast<unsigned long>(index), static_cast<unsigned long>(i));
        return Error::InvalidProgram;
    }
  }
  return Error::Ok;
}

Error BundledProgram::verify_outputs(const Method& method, size_t suite, size_t index,
                                     double rtol, double atol) const {
  const auto* test = static_cast<const bp::BundledMethodTestCase*>(test_case(suite, index));
  if (test == nullptr) return Error::InvalidArgument;
  const auto* expected = test->expected_outputs();
  const size_t n = expected != nullptr ? expected->size() : 0;
  if (n > method.num_outputs()) {
    WICK_LOG(Error, "test case %lu expects %lu outputs, the method has %lu",
             static_cast<unsigned long>(index), static_cast<unsigned long>(n),
             static_cast<unsigned long>(method.num_outputs()));
    return Error::InvalidArgument;
  }
  for (flatbuffers::uoffset_t i = 0; i < n; ++i) {
    const bp::Value* value = expected->Get(i);
    const EValue& actual = method.output(i);
    if (value->val_type() == bp::ValueUnion::Tensor) {
      if (!actual.is_tensor()) {
        WICK_LOG(Error, "output %lu: expected a Tensor, got a %s", static_cast<unsigned long>(i),
                 tag_name(actual.tag));
        return Error::InvalidType;
      }
      TensorView view;
      WICK_TRY(make_view(value->val_as_Tensor(), view));
      WICK_TRY(compare(actual.to_tensor(), view.tensor, rtol, atol, i));
    } else if (value->val_type() == bp::ValueUnion::Int) {
      if (!actual.is_int() || actual.to_int() != value->val_as_Int()->int_val()) {
        return scalar_mismatch(i);
      }
    } else if (value->val_type() == bp::ValueUnion::Bool) {
      if (!actual.is_bool() || actual.to_bool() != value->val_as_Bool()->bool_val()) {
        return scalar_mismatch(i);
      }
    } else if (value->val_type() == bp::ValueUnion::Double) {
      if (!actual.is_double() ||
          fabs(actual.to_double() - value->val_as_Double()->double_val()) > atol) {
        return scalar_mismatch(i);
      }
    }
  }
  return Error::Ok;
}

}  // namespace wick
