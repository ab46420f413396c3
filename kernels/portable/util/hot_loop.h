// WICK_HOT_LOOP marks the few inner loops (gemm, convolution) worth
// compiling once per x86 vector ISA. Host GCC builds define WICK_X86_CLONES
// (kernels/portable/CMakeLists.txt) and get AVX-512 / AVX2+FMA / baseline
// clones picked at load time by function multiversioning; device builds get
// a plain function. This is the only ISA switch in the portable kernels.
#pragma once

#if defined(WICK_X86_CLONES)
#define WICK_HOT_LOOP __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define WICK_HOT_LOOP
#endif
