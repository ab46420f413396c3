#include "tools/host_session.h"

#include <stdio.h>
#include <string.h>

#include <random>

#include "tools/host_registry.h"
#include "tools/log_capture.h"

namespace wick {
namespace tools {

NpyTensorView::NpyTensorView(const NpyArray& array)
    : sizes(array.shape.begin(), array.shape.end()),
      dim_order(array.shape.size()),
      strides(array.shape.size()) {
  for (size_t i = 0; i < dim_order.size(); ++i) dim_order[i] = static_cast<uint8_t>(i);
  compute_strides(sizes.data(), dim_order.data(), static_cast<int>(sizes.size()), strides.data());
  tensor.data = const_cast<uint8_t*>(array.data.data());
  tensor.sizes = sizes.data();
  tensor.dim_order = dim_order.data();
  tensor.strides = strides.data();
  tensor.numel = array.numel();
  tensor.numel_bound = tensor.numel;
  tensor.dtype = array.dtype;
  tensor.dim = static_cast<uint8_t>(sizes.size());
}

std::unique_ptr<Session> Session::open(const std::string& path, const SessionOptions& options,
                                       std::string* error) {
  std::unique_ptr<Session> session(new Session());
  std::string why;
  Result<host::AlignedBuffer> file = host::read_file(path, &why);
  if (!file.ok()) {
    *error = "cannot read " + path + ": " + why;
    return nullptr;
  }
  session->file_ = std::move(file).value();
  if (!session->init(options, error)) return nullptr;
  return session;
}

std::unique_ptr<Session> Session::from_bytes(const uint8_t* data, size_t size,
                                             const SessionOptions& options, std::string* error) {
  std::unique_ptr<Session> session(new Session());
  session->file_ = host::AlignedBuffer(size);
  if (size > 0) memcpy(session->file_.data(), data, size);
  if (!session->init(options, error)) return nullptr;
  return session;
}

bool Session::init(const SessionOptions& options, std::string* error) {
  options_ = options;
  LogCapture log;
  Span<const uint8_t> program_bytes = file_.span();
  if (file_.size() >= 8 && memcmp(file_.data() + 4, "BP08", 4) == 0) {
    Result<BundledProgram> bundled = BundledProgram::load(file_.span());
    if (!bundled.ok()) {
      *error = log.message("cannot load bundled program", bundled.error());
      return false;
    }
    bundled_.reset(new BundledProgram(std::move(bundled).value()));
    program_bytes = bundled_->program();
  }
  Result<Program> program = Program::load(program_bytes);
  if (!program.ok()) {
    *error = log.message("cannot load program", program.error());
    return false;
  }
  program_.reset(new Program(std::move(program).value()));
  if (!options.ptd_path.empty()) {
    std::string why;
    Result<host::AlignedBuffer> ptd = host::read_file(options.ptd_path, &why);
    if (!ptd.ok()) {
      *error = "cannot read " + options.ptd_path + ": " + why;
      return false;
    }
    ptd_file_ = std::move(ptd).value();
    Result<FlatTensorDataMap> map = FlatTensorDataMap::load(ptd_file_.span());
    if (!map.ok()) {
      *error = log.message("cannot load external data " + options.ptd_path, map.error());
      return false;
    }
    ptd_.reset(new FlatTensorDataMap(std::move(map).value()));
  }
  return true;
}

namespace {

// "96 bytes", or "629145600 bytes (600.0 MB)" from a megabyte up.
std::string size_text(size_t bytes) {
  if (bytes < (size_t{1} << 20)) return std::to_string(bytes) + " bytes";
  char mb[32];
  snprintf(mb, sizeof(mb), " (%.1f MB)", static_cast<double>(bytes) / (1 << 20));
  return std::to_string(bytes) + " bytes" + mb;
}

}  // namespace

std::unique_ptr<LoadedMethod> Session::load_method(const std::string& name,
                                                   std::string* error) const {
  LogCapture log;
  Result<MethodMeta> meta = program_->method_meta(name.c_str());
  if (!meta.ok()) {
    std::string names;
    for (size_t i = 0; i < program_->num_methods(); ++i) {
      Result<const char*> method_name = program_->method_name(i);
      names += (i ? ", " : "") + std::string(method_name.ok() ? *method_name : "<unnamed>");
    }
    *error = "the program has no method '" + name + "' (it has: " + names + ")";
    return nullptr;
  }
  std::unique_ptr<LoadedMethod> loaded(new LoadedMethod());
  size_t planned_total = 0;
  for (size_t i = 0; i < meta->num_planned_buffers(); ++i) {
    Result<size_t> size = meta->planned_buffer_size(i);
    if (!size.ok()) {
      *error = log.message("invalid planned buffer", size.error());
      return nullptr;
    }
    // Checked before anything is allocated; the sum cannot overflow as each
    // term is at most the limit.
    planned_total = *size > options_.max_planned_bytes ? *size : planned_total + *size;
    if (planned_total > options_.max_planned_bytes) {
      *error = "method '" + name + "' plans " + size_text(planned_total) +
               " of activations, above the limit of " + size_text(options_.max_planned_bytes) +
               "; if the file is trusted, raise the limit (wick run --max-planned-mb, "
               "wick.runtime.load(..., max_planned_bytes=))";
      return nullptr;
    }
  }
  for (size_t i = 0; i < meta->num_planned_buffers(); ++i) {
    loaded->planned_.emplace_back(*meta->planned_buffer_size(i));
  }
  for (auto& buffer : loaded->planned_) loaded->planned_spans_.emplace_back(buffer.data(), buffer.size());
  Result<size_t> arena_bytes = meta->method_arena_bytes();
  if (!arena_bytes.ok()) {
    *error = log.message("cannot load method '" + name + "'", arena_bytes.error());
    return nullptr;
  }
  // Delegates allocate their state from the same arena after the method's
  // own footprint.
  const size_t arena_size = *arena_bytes + (size_t{4} << 20);
  loaded->arena_bytes_.reset(new uint8_t[arena_size]);
  loaded->temp_bytes_.reset(new uint8_t[options_.temp_arena_bytes]);
  loaded->arena_ = Arena(loaded->arena_bytes_.get(), arena_size);
  loaded->temp_ = Arena(loaded->temp_bytes_.get(), options_.temp_arena_bytes);
  loaded->memory_.method_arena = &loaded->arena_;
  loaded->memory_.temp_arena = &loaded->temp_;
  loaded->memory_.planned_buffers =
      Span<const Span<uint8_t>>(loaded->planned_spans_.data(), loaded->planned_spans_.size());
  Result<Method> method =
      program_->load_method(name.c_str(), loaded->memory_, host_registry(), ptd_.get());
  if (!method.ok()) {
    *error = log.message("cannot load method '" + name + "'", method.error());
    return nullptr;
  }
  loaded->method_.reset(new Method(std::move(method).value()));
  loaded->input_data_.resize(loaded->method_->num_inputs());
  loaded->max_input_bytes_ = options_.max_planned_bytes;
  return loaded;
}

bool LoadedMethod::set_input(size_t index, const NpyArray& array, std::string* error) {
  LogCapture log;
  // An input without planned memory keeps pointing at the bytes it was given,
  // so they must outlive the caller's array: the method holds its own copy.
  std::vector<uint8_t> bytes(array.data);
  NpyTensorView view(array);
  view.tensor.data = bytes.data();
  const Error result = method_->set_input(index, view.tensor);
  if (result != Error::Ok) {
    // The runtime's line already names the input and the mismatch.
    *error =
        log.text().empty() ? log.message("input " + std::to_string(index), result) : log.text();
    return false;
  }
  // Moving the vector keeps its heap block, where the tensor now points.
  input_data_[index] = std::move(bytes);
  return true;
}

bool LoadedMethod::set_generated_inputs(const std::string& kind, uint32_t seed,
                                        std::string* error) {
  std::mt19937 rng(seed);
  for (size_t i = 0; i < meta().num_inputs(); ++i) {
    Result<TensorInfo> info = meta().input_tensor_info(i);
    if (!info.ok()) {
      *error = "input " + std::to_string(i) + " is not a tensor; pass it explicitly";
      return false;
    }
    if (info->nbytes > max_input_bytes_) {
      *error = "input " + std::to_string(i) + " needs " + size_text(info->nbytes) +
               ", above the limit of " + size_text(max_input_bytes_) +
               "; if the file is trusted, raise the limit (wick run --max-planned-mb)";
      return false;
    }
    NpyArray array;
    array.dtype = info->dtype;
    array.shape.assign(info->sizes.begin(), info->sizes.end());
    const size_t numel = array.numel();
    array.data.assign(info->nbytes, 0);
    for (size_t k = 0; k < numel && kind != "zeros"; ++k) {
      const double u = kind == "ones" ? 1.0 : std::uniform_real_distribution<double>(-1, 1)(rng);
      uint8_t* p = array.data.data() + k * element_size(info->dtype);
      switch (info->dtype) {
        case ScalarType::Float: { const float v = static_cast<float>(u); memcpy(p, &v, 4); break; }
        case ScalarType::Double: memcpy(p, &u, 8); break;
        case ScalarType::Char: *reinterpret_cast<int8_t*>(p) = static_cast<int8_t>(u * 127); break;
        case ScalarType::Byte: *p = static_cast<uint8_t>((u + 1) * 127); break;
        case ScalarType::Bool: *p = u > 0; break;
        case ScalarType::Int: { const int32_t v = static_cast<int32_t>(u * 100); memcpy(p, &v, 4); break; }
        case ScalarType::Long: { const int64_t v = static_cast<int64_t>(u * 100); memcpy(p, &v, 8); break; }
        default:
          *error = "cannot generate " + std::string(scalar_type_name(info->dtype)) +
                   " inputs; pass them as .npy";
          return false;
      }
    }
    if (!set_input(i, array, error)) return false;
  }
  return true;
}

bool LoadedMethod::execute(std::string* error, ExecutionObserver* observer) {
  LogCapture log;
  const Error result = method_->execute(observer);
  if (result != Error::Ok) {
    *error = log.message("execution failed", result);
    return false;
  }
  return true;
}

bool LoadedMethod::output(size_t index, NpyArray* out, std::string* error) const {
  const EValue& value = method_->output(index);
  if (value.is_tensor()) {
    const Tensor& t = value.to_tensor();
    if (t.data == nullptr) {  // checked first: the shape of a tensor without memory is unbounded
      *error = "output " + std::to_string(index) + " has no data";
      return false;
    }
    out->dtype = t.dtype;
    out->shape.assign(t.sizes, t.sizes + t.dim);
    out->data.assign(t.nbytes(), 0);
    NpyTensorView view(*out);
    view.tensor.data = out->data.data();
    if (copy_tensor_data(t, view.tensor) != Error::Ok) {
      *error = "output " + std::to_string(index) + " has no data";
      return false;
    }
    return true;
  }
  // Scalars become 0-d arrays.
  out->shape.clear();
  switch (value.tag) {
    case Tag::Int: {
      out->dtype = ScalarType::Long;
      const int64_t v = value.to_int();
      out->data.assign(reinterpret_cast<const uint8_t*>(&v), reinterpret_cast<const uint8_t*>(&v) + 8);
      return true;
    }
    case Tag::Double: {
      out->dtype = ScalarType::Double;
      const double v = value.to_double();
      out->data.assign(reinterpret_cast<const uint8_t*>(&v), reinterpret_cast<const uint8_t*>(&v) + 8);
      return true;
    }
    case Tag::Bool:
      out->dtype = ScalarType::Bool;
      out->data.assign(1, value.to_bool() ? 1 : 0);
      return true;
    default:
      *error = std::string("output ") + std::to_string(index) + " is a " + tag_name(value.tag) +
               ", which has no array form";
      return false;
  }
}

}  // namespace tools
}  // namespace wick
