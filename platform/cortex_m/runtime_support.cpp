// C and C++ run-time hooks that would otherwise pull in newlib stdio or the
// libstdc++ terminate machinery (both allocate): each reports over
// semihosting and ends the program with a status QEMU passes on.
#include "platform/cortex_m/platform.h"
#include "platform/cortex_m/semihosting.h"
#include "platform/cortex_m/startup.h"

extern "C" {

void _exit(int status) { wick::semihosting::exit(status); }

void abort() {
  wick::platform::print("wick fatal: abort()\n");
  wick::semihosting::exit(wick::cortex_m::kExitAbort);
}

void __assert_func(const char* file, int line, const char* function, const char* expression) {
  wick::platform::printf("wick fatal: assertion '%s' failed in %s (%s:%d)\n", expression,
                         function != nullptr ? function : "?", file, line);
  wick::semihosting::exit(wick::cortex_m::kExitAbort);
}

void __cxa_pure_virtual() {
  wick::platform::print("wick fatal: pure virtual function called\n");
  wick::semihosting::exit(wick::cortex_m::kExitAbort);
}

}  // extern "C"
