// Where compile time and memory go, stage by stage: parse, analyze, lint,
// lower and each emitter, for the benchmark's policy (N rules, each dropping
// TCP from a distinct source to one port) at growing N. Profiling aid for
// docs/performance.md; scripts/bench-parse.sh builds and runs it.
// Usage: faultc_stages_bench [N...]   (default 1000 10000 100000 1000000)
#include <fmt/format.h>
#include <malloc.h>

#include <chrono>
#include <ctime>
#include <cstdlib>
#include <string>
#include <vector>

#include "compiler/analyze/analyze.hpp"
#include "compiler/emit/emit.hpp"
#include "compiler/lint/lint.hpp"
#include "compiler/lower/lower.hpp"
#include "compiler/parse/load.hpp"

namespace {

std::string policy(std::size_t rules) {
  std::string text = "scenario \"bench\"\nfor 1h\n";
  for (std::size_t i = 0; i < rules; ++i) {
    text += fmt::format("tcp from 10.{}.{}.{} to port 1234 drop\n", (i >> 16) & 0xFF, (i >> 8) & 0xFF, i & 0xFF);
  }
  return text;
}

// Heap in use, including the large blocks malloc maps on their own.
double mib_in_use() {
  const struct mallinfo2 info = mallinfo2();
  return static_cast<double>(info.uordblks + info.hblkhd) / (1024.0 * 1024.0);
}

// Wall time and the process's CPU time, which a busy machine disturbs less.
struct Stopwatch {
  static double cpu_now() {
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
  }
  std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
  double cpu_start = cpu_now();
  std::pair<double, double> lap() {
    const auto now = std::chrono::steady_clock::now();
    const double cpu = cpu_now();
    const std::pair<double, double> seconds{std::chrono::duration<double>(now - start).count(), cpu - cpu_start};
    start = now;
    cpu_start = cpu;
    return seconds;
  }
};

template <typename Value>
Value checked(faultc::Result<Value> result, const char* stage) {
  if (!result.value || faultc::has_errors(result.diagnostics)) {
    fmt::print(stderr, "{} failed: {}\n", stage,
               result.diagnostics.empty() ? "no value" : result.diagnostics.front().message);
    std::exit(1);
  }
  return std::move(*result.value);
}

void measure(std::size_t rules) {
  faultc::SourceMap sources;
  const auto id = sources.add("bench.fault", policy(rules));
  const double base = mib_in_use();
  Stopwatch clock;
  auto report = [&](const char* stage, std::pair<double, double> seconds) {
    const auto [wall, cpu] = seconds;
    fmt::print("{:>9} {:<14} {:>8.4f} s wall {:>8.4f} s cpu {:>7.2f} us/rule (cpu) {:>8.1f} MiB held\n", rules, stage,
               wall, cpu, cpu * 1e6 / static_cast<double>(rules), mib_in_use() - base);
  };
  const faultc::Program program = checked(faultc::load_program(sources, id), "parse");
  report("parse", clock.lap());
  const faultc::ir::Scenario scenario = checked(faultc::analyze(program, sources), "analyze");
  report("analyze", clock.lap());
  const faultc::Diagnostics findings = faultc::lint(program, scenario, sources);
  report("lint", clock.lap());
  faultc::LowerOptions options;
  options.follows_timeline = true;
  const faultc::ruleset::Ruleset ruleset = checked(faultc::lower(scenario, sources, options), "lower");
  report("lower", clock.lap());
  using faultc::emit::Target;
  for (auto [target, name] : {std::pair{Target::nft, "emit nft"}, std::pair{Target::iptables, "emit iptables"},
                              std::pair{Target::iptables_restore, "emit restore"}}) {
    faultc::emit::EmitOptions emit_options;
    if (target == Target::iptables_restore) emit_options.start_unix = 1'800'000'000;
    const std::string text = checked(faultc::emit::emit(ruleset, target, emit_options), name);
    report(name, clock.lap());
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::size_t> sizes;
  for (int i = 1; i < argc; ++i) sizes.push_back(std::strtoull(argv[i], nullptr, 10));
  if (sizes.empty()) sizes = {1'000, 10'000, 100'000, 1'000'000};
  for (std::size_t rules : sizes) measure(rules);
}
