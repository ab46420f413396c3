// wick._runtime: the host runtime for Python. Errors carry the runtime's own
// log lines; the Python wrapper (wick/runtime.py) turns them into WickError.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <map>
#include <memory>
#include <string>

#include "tools/host_session.h"
#include "tools/log_capture.h"

namespace py = pybind11;
using wick::ScalarType;
using wick::tools::LoadedMethod;
using wick::tools::NpyArray;
using wick::tools::Session;

namespace {

struct DtypePair {
  ScalarType type;
  const char* numpy;
};

constexpr DtypePair kDtypes[] = {
    {ScalarType::Float, "float32"}, {ScalarType::Double, "float64"}, {ScalarType::Half, "float16"},
    {ScalarType::Char, "int8"},     {ScalarType::Byte, "uint8"},     {ScalarType::Short, "int16"},
    {ScalarType::Int, "int32"},     {ScalarType::Long, "int64"},     {ScalarType::Bool, "bool"},
};

py::dtype numpy_dtype(ScalarType t) {
  for (const DtypePair& d : kDtypes) {
    if (d.type == t) return py::dtype(d.numpy);
  }
  throw std::runtime_error(std::string("no numpy dtype for ") + wick::scalar_type_name(t));
}

NpyArray to_npy(const py::array& input, size_t index) {
  py::array array = py::array::ensure(input, py::array::c_style);
  NpyArray out;
  const std::string kind = py::str(array.dtype());
  bool found = false;
  for (const DtypePair& d : kDtypes) {
    if (kind == d.numpy) {
      out.dtype = d.type;
      found = true;
    }
  }
  if (!found) {
    throw std::invalid_argument("input " + std::to_string(index) + ": unsupported dtype " + kind);
  }
  for (py::ssize_t i = 0; i < array.ndim(); ++i) out.shape.push_back(array.shape(i));
  const uint8_t* p = static_cast<const uint8_t*>(array.data());
  out.data.assign(p, p + array.nbytes());
  return out;
}

py::object to_python(const LoadedMethod& loaded, size_t index) {
  const wick::EValue& value = const_cast<LoadedMethod&>(loaded).method().output(index);
  if (value.is_string()) {
    return py::str(std::string(value.payload.as_string.data, value.payload.as_string.size));
  }
  if (value.is_int()) return py::int_(value.to_int());
  if (value.is_double()) return py::float_(value.to_double());
  if (value.is_bool()) return py::bool_(value.to_bool());
  if (value.is_none()) return py::none();
  NpyArray array;
  std::string error;
  if (!loaded.output(index, &array, &error)) throw std::runtime_error(error);
  py::array result(numpy_dtype(array.dtype), array.shape);
  memcpy(result.mutable_data(), array.data.data(), array.data.size());
  return std::move(result);
}

class Program {
 public:
  Program(const std::string& path, const std::string& ptd, size_t max_planned_bytes) {
    wick::tools::SessionOptions options;
    options.ptd_path = ptd;
    if (max_planned_bytes > 0) options.max_planned_bytes = max_planned_bytes;
    std::string error;
    session_ = Session::open(path, options, &error);
    if (!session_) throw std::runtime_error(error);
  }

  std::vector<std::string> method_names() const {
    std::vector<std::string> names;
    for (size_t i = 0; i < session_->program().num_methods(); ++i) {
      names.emplace_back(*session_->program().method_name(i));
    }
    return names;
  }

  py::list run(const std::string& name, const py::list& inputs) {
    LoadedMethod& loaded = method(name);
    const size_t expected = loaded.meta().num_inputs();
    if (inputs.size() != expected) {
      throw std::invalid_argument("method '" + name + "' takes " + std::to_string(expected) +
                                  " inputs, " + std::to_string(inputs.size()) + " were given");
    }
    std::string error;
    for (size_t i = 0; i < inputs.size(); ++i) {
      const py::handle item = inputs[i];
      if (py::isinstance<py::array>(item)) {
        if (!loaded.set_input(i, to_npy(py::reinterpret_borrow<py::array>(item), i), &error)) {
          throw std::invalid_argument(error);
        }
        continue;
      }
      wick::EValue value;
      if (py::isinstance<py::bool_>(item)) value = wick::EValue::from_bool(item.cast<bool>());
      else if (py::isinstance<py::int_>(item)) value = wick::EValue::from_int(item.cast<int64_t>());
      else if (py::isinstance<py::float_>(item)) value = wick::EValue::from_double(item.cast<double>());
      else if (!item.is_none()) throw std::invalid_argument("input " + std::to_string(i) + ": unsupported type");
      wick::tools::LogCapture log;
      const wick::Error result = loaded.method().set_input(i, value);
      if (result != wick::Error::Ok) {
        throw std::invalid_argument(log.message("input " + std::to_string(i), result));
      }
    }
    if (!loaded.execute(&error)) throw std::runtime_error(error);
    py::list outputs;
    for (size_t i = 0; i < loaded.meta().num_outputs(); ++i) outputs.append(to_python(loaded, i));
    return outputs;
  }

  py::dict method_info(const std::string& name) {
    LoadedMethod& loaded = method(name);
    py::dict info;
    info["num_inputs"] = loaded.meta().num_inputs();
    info["num_outputs"] = loaded.meta().num_outputs();
    info["planned_bytes"] = loaded.method().planned_bytes();
    info["method_arena_bytes"] = loaded.method_arena_used();
    info["num_instructions"] = loaded.method().num_instructions();
    py::list ops;
    for (size_t i = 0; i < loaded.method().num_instructions(); ++i) {
      ops.append(loaded.method().instruction_name(i));
    }
    info["instructions"] = ops;
    return info;
  }

 private:
  LoadedMethod& method(const std::string& name) {
    auto it = methods_.find(name);
    if (it != methods_.end()) return *it->second;
    std::string error;
    std::unique_ptr<LoadedMethod> loaded = session_->load_method(name, &error);
    if (!loaded) throw std::runtime_error(error);
    return *methods_.emplace(name, std::move(loaded)).first->second;
  }

  std::unique_ptr<Session> session_;
  std::map<std::string, std::unique_ptr<LoadedMethod>> methods_;
};

}  // namespace

PYBIND11_MODULE(_runtime, m) {
  m.doc() = "Wick host runtime (C++)";
  py::class_<Program>(m, "Program")
      .def(py::init<const std::string&, const std::string&, size_t>(), py::arg("path"),
           py::arg("ptd") = "", py::arg("max_planned_bytes") = 0)
      .def("method_names", &Program::method_names)
      .def("run", &Program::run, py::arg("method"), py::arg("inputs"))
      .def("method_info", &Program::method_info, py::arg("method"));
}
