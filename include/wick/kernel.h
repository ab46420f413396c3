// Kernel ABI: how the runtime calls an operator.
//
// A kernel binding receives the argument values of one KernelCall (every
// argument of the out-variant schema in order, then the returns repeated),
// checks them, builds a small params struct and calls the math. It reports a
// failure with ctx.fail(); it never aborts. Op tables are constexpr arrays of
// OpEntry that executables hand to the loader: there is no global registry.
//
// A kernel may also have a prepare step, run once per instruction while the
// method loads (like a backend's init): it checks what the program fixes and
// derives data from it (argument conversions, sums of constant weights) into
// method-arena memory that the kernel finds again through ctx.prepared().
#pragma once

#include <stddef.h>

#include "wick/arena.h"
#include "wick/error.h"
#include "wick/evalue.h"
#include "wick/log.h"
#include "wick/span.h"

namespace wick {

class KernelContext {
 public:
  KernelContext(Arena* temp, const char* op_name, const void* prepared = nullptr)
      : temp_(temp), op_name_(op_name), prepared_(prepared) {}

  void fail(Error error) {
    if (failure_ == Error::Ok) failure_ = error;
  }
  Error failure() const { return failure_; }
  const char* op_name() const { return op_name_; }
  // What the kernel's prepare step left for this instruction, or null.
  const void* prepared() const { return prepared_; }

  // Scratch memory valid until the kernel returns. Null (and a logged
  // message naming the size) when the temp arena is too small.
  void* allocate_temp(size_t bytes, size_t align = 16);

 private:
  Arena* temp_;
  const char* op_name_;
  const void* prepared_;
  Error failure_ = Error::Ok;
};

using OpFunction = void (*)(KernelContext& ctx, Span<EValue*> args);

// Optional specialisation predicate: an entry whose `accepts` is non-null is
// chosen only for calls whose arguments it accepts (dtype, dim order, ...).
// The loader evaluates it once per instruction, at load time.
using OpAccepts = bool (*)(Span<EValue* const> args);

// Load-time step of a kernel (see above). `persistent` is the method arena,
// which lives as long as the method; planned_buffers tells constants (data
// outside them, fixed by the file) from activations. Arguments it does not
// prove static or constant are left to the kernel's call; scalars and int
// lists it reads are taken as the program wrote them (as quantization
// parameters are). It sets `prepared` (or leaves it null: the kernel then
// does everything per call); an error fails the method's load and must be
// logged.
struct PrepareContext {
  Arena* persistent;
  Span<const Span<uint8_t>> planned_buffers;
  const char* op_name;
  const void* prepared;

  // True when t's bytes come from the program (or its data file): they do not
  // change while the method lives. Activations live in planned buffers;
  // inputs the caller provides have no data yet.
  bool is_constant(const Tensor& t) const {
    const uint8_t* data = static_cast<const uint8_t*>(t.data);
    if (data == nullptr) return false;
    for (const Span<uint8_t>& buffer : planned_buffers) {
      if (data >= buffer.data() && data < buffer.data() + buffer.size()) return false;
    }
    return true;
  }
};
using OpPrepare = Error (*)(PrepareContext& ctx, Span<EValue* const> args);

struct OpEntry {
  const char* name;  // "namespace::op.overload", e.g. "aten::add.out"
  OpFunction fn;
  OpAccepts accepts;   // nullptr: any arguments
  OpPrepare prepare = nullptr;
};

using OpTable = Span<const OpEntry>;

inline void* KernelContext::allocate_temp(size_t bytes, size_t align) {
  void* p = temp_ != nullptr ? temp_->allocate(bytes, align) : nullptr;
  if (p == nullptr) {
    WICK_LOG(Error, "%s: temp arena too small: %lu bytes requested, %lu more needed", op_name_,
             static_cast<unsigned long>(bytes),
             static_cast<unsigned long>(temp_ != nullptr ? temp_->shortfall() : bytes));
  }
  return p;
}

}  // namespace wick
