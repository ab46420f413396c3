// Wick's device code uses no heap. These definitions replace the C library's
// allocator so that any allocation, including one hidden inside the C
// library, ends the program loudly (exit status 101) instead of quietly
// growing into the stack. tools/firmware/check_link.py checks at link time
// that nothing in Wick references them.
#include <stddef.h>
#include <stdint.h>

#include "platform/cortex_m/platform.h"
#include "platform/cortex_m/semihosting.h"
#include "platform/cortex_m/startup.h"

namespace {

[[noreturn]] __attribute__((noinline)) void heap_used(const char* function, void* caller) {
  wick::platform::printf(
      "wick fatal: %s called from %p, but Wick on Cortex-M has no heap (newlib's printf "
      "allocates for %%f/%%e/%%g)\n",
      function, caller);
  wick::semihosting::exit(wick::cortex_m::kExitHeapUse);
}

}  // namespace

extern "C" {

struct _reent;

void* malloc(size_t) { heap_used("malloc", __builtin_return_address(0)); }
void* calloc(size_t, size_t) { heap_used("calloc", __builtin_return_address(0)); }
void* realloc(void*, size_t) { heap_used("realloc", __builtin_return_address(0)); }
void free(void*) { heap_used("free", __builtin_return_address(0)); }
void* _malloc_r(_reent*, size_t) { heap_used("malloc", __builtin_return_address(0)); }
void* _calloc_r(_reent*, size_t, size_t) { heap_used("calloc", __builtin_return_address(0)); }
void* _realloc_r(_reent*, void*, size_t) { heap_used("realloc", __builtin_return_address(0)); }
void _free_r(_reent*, void*) { heap_used("free", __builtin_return_address(0)); }
void* _sbrk(ptrdiff_t) { heap_used("_sbrk", __builtin_return_address(0)); }

}  // extern "C"
