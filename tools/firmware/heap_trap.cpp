// Calls malloc, which the platform replaces with a trap: the program must end
// here with exit status 101 and a message. Reaching the end is a failure.
#include <stdlib.h>

#include "platform/cortex_m/platform.h"

int main() {
  // Through a volatile pointer so the compiler cannot elide the call.
  void* (*volatile allocate)(size_t) = malloc;
  void* p = allocate(16);
  wick::platform::printf("heap_trap: malloc returned %p instead of trapping\n", p);
  return 0;
}
