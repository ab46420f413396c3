// Tiny Rock-Paper-Scissors on the (simulated) Cortex-M55: the int8 TinyRPS
// program is linked into flash. Each round the device renders a fresh noisy
// letter for the player's move and for its own random move (render.cpp),
// classifies both with Wick, shows them as ASCII art with the predicted
// label, confidence and instruction count, and scores the round from the
// *predicted* labels, as the published game does. Keys r/p/s play, q quits
// (console.cpp); `auto N` in tiny_rps_game.txt (game_args.h) plays N random
// rounds. In auto mode it also prints lines the host parses (play.py); the
// interactive game keeps the terminal for the player:
//
//   WICK game program_bytes=N seed=S
//   WICK round index=I you=L you_pred=L you_conf=P you_instr=N
//              cpu=L cpu_pred=L cpu_conf=P cpu_instr=N result=win|lose|tie
//   WICK summary rounds=N images=N correct=N wins=N losses=N ties=N
//   WICK done status=ERROR_NAME
//
// (one line per round; L is 0 R, 1 P, 2 S; P is the confidence in permille).
// Errors are reported in both modes.
// Exit status: 0 after a completed game, 1 when the runtime failed, 2 for
// bad arguments.
#include <stdint.h>

#include "examples/tiny_rps/firmware/classifier.h"
#include "examples/tiny_rps/firmware/console.h"
#include "examples/tiny_rps/firmware/game_args.h"
#include "examples/tiny_rps/firmware/record.h"
#include "examples/tiny_rps/firmware/render.h"
#include "platform/cortex_m/platform.h"
#include "platform/cortex_m/sections.h"
#include "platform/cortex_m/semihosting.h"
#include "tools/firmware/runner_registry.h"
#include "wick/log.h"
#include "wick/program.h"

extern "C" const uint8_t wick_linked_pte_begin[];
extern "C" const uint8_t wick_linked_pte_end[];

namespace {

using tiny_rps::Classification;
using wick::Error;
using wick::Span;
using wick::platform::printf;

constexpr size_t kPlannedBytes = 128 * 1024;
constexpr size_t kMethodArenaBytes = 64 * 1024;
constexpr size_t kTempArenaBytes = 32 * 1024;
constexpr size_t kMaxPlannedBuffers = 4;
constexpr int kExitRuntime = 1;
constexpr int kExitUsage = 2;

constexpr const char* kNames[] = {"rock", "paper", "scissors"};
constexpr char kKeys[] = {'r', 'p', 's'};

alignas(16) uint8_t g_planned[kPlannedBytes] WICK_PLACE_ARENA;
alignas(16) uint8_t g_method_arena[kMethodArenaBytes] WICK_PLACE_ARENA;
alignas(16) uint8_t g_temp_arena[kTempArenaBytes] WICK_PLACE_ARENA;
uint8_t g_player_image[tiny_rps::kPixels];
uint8_t g_device_image[tiny_rps::kPixels];
tiny_rps::GameArgs g_args;

struct Outcome {
  Error error;
  int exit_status;
};

struct Score {
  uint32_t rounds = 0;
  uint32_t correct = 0;  // classifications that match the letter drawn
  uint32_t wins = 0;
  uint32_t losses = 0;
  uint32_t ties = 0;
};

Outcome load_args() {
  static constexpr const char* kArgsPath = "tiny_rps_game.txt";
  const int32_t handle =
      wick::semihosting::open(kArgsPath, wick::semihosting::OpenMode::ReadBinary);
  if (handle < 0) return {Error::Ok, 0};
  wick::semihosting::close(handle);
  static char text[1024];
  wick::Result<size_t> size = wick::semihosting::read_file(
      kArgsPath, Span<uint8_t>(reinterpret_cast<uint8_t*>(text), sizeof(text)));
  if (!size.ok()) return {size.error(), kExitUsage};
  const Error parsed = tiny_rps::parse_game_args(Span<const char>(text, size.value()), &g_args);
  return {parsed, parsed == Error::Ok ? 0 : kExitUsage};
}

// The player's move: 0..2, or -1 to stop.
int next_move(tiny_rps::Pcg32& rng, const Score& score) {
  if (g_args.auto_rounds != 0) {
    return score.rounds < g_args.auto_rounds ? rng.integer(0, 3) : -1;
  }
  wick::platform::print("\nYour move: r = rock, p = paper, s = scissors, q = quit > ");
  for (;;) {
    const int key = tiny_rps::read_key();
    if (key < 0 || key == 'q' || key == 'Q' || key == 3 /* Ctrl-C */ || key == 4 /* Ctrl-D */) {
      wick::platform::print(key < 0 ? "\n" : "q\n");
      return -1;
    }
    for (int move = 0; move < 3; ++move) {
      if (key == kKeys[move] || key == kKeys[move] - 'a' + 'A') {
        printf("%c\n", kKeys[move]);
        return move;
      }
    }
    // Line endings and spaces are ignored; anything else gets a reminder.
    if (key != '\r' && key != '\n' && key != ' ')
      wick::platform::print("\n  r, p or s (q quits) > ");
  }
}

void describe(const char* who, const Classification& c) {
  char logits[3][24];
  for (int i = 0; i < tiny_rps::kNumClasses; ++i) {
    tiny_rps::format_fixed(c.logits[i], 3, logits[i], sizeof(logits[i]));
  }
  printf("  %-9s Wick sees %-8s %3d.%d%%   logits [%s, %s, %s]   %lu instructions\n", who,
         kNames[c.label], c.confidence_permille / 10, c.confidence_permille % 10, logits[0],
         logits[1], logits[2], static_cast<unsigned long>(c.instructions));
}

// 1 when a beats b, -1 when b beats a, 0 for a tie (rock > scissors > paper > rock).
int duel(int a, int b) {
  if (a == b) return 0;
  return (a - b + 3) % 3 == 1 ? 1 : -1;
}

Outcome play(wick::Method& method, size_t program_bytes) {
  tiny_rps::Pcg32 rng(g_args.seed);
  tiny_rps::Recorder recorder;
  if (recorder.open(g_args.record) != Error::Ok) return {Error::AccessFailed, kExitUsage};
  const bool interactive = g_args.auto_rounds == 0;
  if (!interactive) {
    printf("WICK game program_bytes=%u seed=%llu\n", static_cast<unsigned>(program_bytes),
           static_cast<unsigned long long>(g_args.seed));
  }
  wick::platform::print(
      "\n=== Rock-Paper-Scissors against TinyRPS on a Cortex-M55 ===\n"
      "Each move is drawn as a noisy letter (R, P, S) and read back by the int8 network\n"
      "running in Wick on this device. Wins are decided by what the network sees.\n");
  Score score;
  for (;;) {
    const int you = next_move(rng, score);
    if (you < 0) break;
    const int device = rng.integer(0, 3);
    if (!tiny_rps::render_letter(you, rng, g_player_image) ||
        !tiny_rps::render_letter(device, rng, g_device_image)) {
      return {Error::Internal, kExitRuntime};
    }
    Classification seen_you, seen_device;
    Error status = tiny_rps::classify(method, g_player_image, &seen_you);
    if (status == Error::Ok) status = recorder.write(g_player_image, you, seen_you);
    if (status == Error::Ok) status = tiny_rps::classify(method, g_device_image, &seen_device);
    if (status == Error::Ok) status = recorder.write(g_device_image, device, seen_device);
    if (status != Error::Ok) return {status, kExitRuntime};

    ++score.rounds;
    score.correct += (seen_you.label == you) + (seen_device.label == device);
    const int result = duel(seen_you.label, seen_device.label);
    score.wins += result > 0;
    score.losses += result < 0;
    score.ties += result == 0;

    if (score.rounds <= g_args.art_rounds) {
      printf("\nRound %lu: you played %s, the device played %s\n",
             static_cast<unsigned long>(score.rounds), kNames[you], kNames[device]);
      wick::platform::print("   you                              device\n");
      tiny_rps::print_art_pair(g_player_image, g_device_image);
      describe("you:", seen_you);
      describe("device:", seen_device);
      printf("  %s  |  you %lu, device %lu, ties %lu\n",
             result > 0 ? "You win!" : (result < 0 ? "You lose." : "Tie."),
             static_cast<unsigned long>(score.wins), static_cast<unsigned long>(score.losses),
             static_cast<unsigned long>(score.ties));
    }
    if (interactive) continue;
    printf(
        "WICK round index=%lu you=%d you_pred=%d you_conf=%d you_instr=%lu cpu=%d "
        "cpu_pred=%d cpu_conf=%d cpu_instr=%lu result=%s\n",
        static_cast<unsigned long>(score.rounds), you, seen_you.label, seen_you.confidence_permille,
        static_cast<unsigned long>(seen_you.instructions), device, seen_device.label,
        seen_device.confidence_permille, static_cast<unsigned long>(seen_device.instructions),
        result > 0 ? "win" : (result < 0 ? "lose" : "tie"));
  }
  recorder.close();
  printf(
      "\nFinal score: you %lu, device %lu, ties %lu; the network read %lu of %lu letters "
      "correctly.\n",
      static_cast<unsigned long>(score.wins), static_cast<unsigned long>(score.losses),
      static_cast<unsigned long>(score.ties), static_cast<unsigned long>(score.correct),
      static_cast<unsigned long>(2 * score.rounds));
  if (interactive) return {Error::Ok, 0};
  printf("WICK summary rounds=%lu images=%lu correct=%lu wins=%lu losses=%lu ties=%lu\n",
         static_cast<unsigned long>(score.rounds), static_cast<unsigned long>(2 * score.rounds),
         static_cast<unsigned long>(score.correct), static_cast<unsigned long>(score.wins),
         static_cast<unsigned long>(score.losses), static_cast<unsigned long>(score.ties));
  return {Error::Ok, 0};
}

Outcome run() {
  const Span<const uint8_t> file(wick_linked_pte_begin,
                                 static_cast<size_t>(wick_linked_pte_end - wick_linked_pte_begin));
  const wick::runner::KernelTables kernels = wick::runner::kernel_tables();
  const wick::Registry registry = kernels.registry();
  wick::Result<wick::Program> program = wick::Program::load(file);
  if (!program.ok()) return {program.error(), kExitRuntime};
  wick::Result<wick::MethodMeta> meta = program->method_meta("forward");
  if (!meta.ok()) return {meta.error(), kExitRuntime};

  const size_t num_planned = meta->num_planned_buffers();
  if (num_planned > kMaxPlannedBuffers) {
    WICK_LOG(Error, "tiny_rps: %u planned buffers, room for %u", static_cast<unsigned>(num_planned),
             static_cast<unsigned>(kMaxPlannedBuffers));
    return {Error::OutOfResources, kExitRuntime};
  }
  Span<uint8_t> planned[kMaxPlannedBuffers];
  wick::Arena planned_arena(g_planned, sizeof(g_planned));
  for (size_t i = 0; i < num_planned; ++i) {
    wick::Result<size_t> bytes = meta->planned_buffer_size(i);
    if (!bytes.ok()) return {bytes.error(), kExitRuntime};
    uint8_t* buffer = static_cast<uint8_t*>(planned_arena.allocate(bytes.value()));
    if (buffer == nullptr && bytes.value() != 0) {
      WICK_LOG(Error, "tiny_rps: planned buffer %u needs %u bytes, %u are left",
               static_cast<unsigned>(i), static_cast<unsigned>(bytes.value()),
               static_cast<unsigned>(planned_arena.size() - planned_arena.used()));
      return {Error::MemoryAllocationFailed, kExitRuntime};
    }
    planned[i] = Span<uint8_t>(buffer, bytes.value());
  }
  wick::Arena method_arena(g_method_arena, sizeof(g_method_arena));
  wick::Arena temp_arena(g_temp_arena, sizeof(g_temp_arena));
  wick::MemoryManager memory;
  memory.method_arena = &method_arena;
  memory.temp_arena = &temp_arena;
  memory.planned_buffers = Span<const Span<uint8_t>>(planned, num_planned);

  wick::Result<wick::Method> method = program->load_method("forward", memory, registry);
  if (!method.ok()) return {method.error(), kExitRuntime};
  const Error signature = tiny_rps::check_signature(method.value());
  if (signature != Error::Ok) return {signature, kExitRuntime};
  return play(method.value(), file.size());
}

}  // namespace

int main() {
  Outcome result = load_args();
  if (result.error == Error::Ok) result = run();
  if (g_args.auto_rounds != 0 || result.error != Error::Ok) {
    printf("WICK done status=%s\n", wick::error_name(result.error));
  }
  return result.error == Error::Ok ? 0 : result.exit_status;
}
