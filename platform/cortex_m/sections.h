// Placement of large objects in the board's memories (see the board's
// memory.ld and platform/cortex_m/sections.ld):
//
//   WICK_PLACE_ARENA   uninitialised working memory (planned buffers, method
//                      arenas) in the large on-chip SRAM; NOT zeroed at start-up.
//   WICK_PLACE_DDR     uninitialised memory in external DRAM (the largest
//                      region); NOT zeroed at start-up.
//   WICK_PLACE_WEIGHTS constant data in the large SRAM (loaded with the image).
//   WICK_PLACE_PTE     constant data in (QSPI) flash: linked-in .pte programs.
//
//   alignas(16) static uint8_t g_planned[256 * 1024] WICK_PLACE_ARENA;
//   alignas(16) extern const uint8_t g_model_pte[] WICK_PLACE_PTE = {...};
//
// Code, small constants, .data, .bss and the stack stay in the tightly
// coupled memories (ITCM/DTCM on Corstone-300).
#pragma once

#define WICK_PLACE_ARENA __attribute__((section(".bss.wick_arena")))
#define WICK_PLACE_DDR __attribute__((section(".bss.wick_ddr")))
#define WICK_PLACE_WEIGHTS __attribute__((section(".rodata.wick_weights")))
#define WICK_PLACE_PTE __attribute__((section(".rodata.wick_pte")))
