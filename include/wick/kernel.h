// Kernel ABI: how the runtime calls an operator.
//
// A kernel binding receives the argument values of one KernelCall (every
// argument of the out-variant schema in order, then the returns repeated),
// checks them, builds a small params struct and calls the math. It reports a
// failure with ctx.fail(); it never aborts. Op tables are constexpr arrays of
// OpEntry that executables hand to the loader: there is no global registry.
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
  KernelContext(Arena* temp, const char* op_name) : temp_(temp), op_name_(op_name) {}

  void fail(Error error) {
    if (failure_ == Error::Ok) failure_ = error;
  }
  Error failure() const { return failure_; }
  const char* op_name() const { return op_name_; }

  // Scratch memory valid until the kernel returns. Null (and a logged
  // message naming the size) when the temp arena is too small.
  void* allocate_temp(size_t bytes, size_t align = 16);

 private:
  Arena* temp_;
  const char* op_name_;
  Error failure_ = Error::Ok;
};

using OpFunction = void (*)(KernelContext& ctx, Span<EValue*> args);

// Optional specialisation predicate: an entry whose `accepts` is non-null is
// chosen only for calls whose arguments it accepts (dtype, dim order, ...).
// The loader evaluates it once per instruction, at load time.
using OpAccepts = bool (*)(Span<EValue* const> args);

struct OpEntry {
  const char* name;  // "namespace::op.overload", e.g. "aten::add.out"
  OpFunction fn;
  OpAccepts accepts;  // nullptr: any arguments
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
