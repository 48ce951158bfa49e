// Parsing is linear in input size: generate scenarios of growing size, parse
// each a few times and print lines per second. Not part of the test run;
// scripts/bench-parse.sh builds it in Release and runs it.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <string>
#include <vector>

#include "compiler/parse/parse.hpp"

namespace {

// A realistic mix: definitions, one-liners, blocks, comments and expects.
std::string generate(std::size_t lines) {
  std::string text = "scenario \"bench\"\nfor 1h\n";
  std::size_t written = 2;
  for (std::size_t i = 0; written < lines; ++i) {
    const unsigned a = (i >> 16) & 0xFF, b = (i >> 8) & 0xFF, c = i & 0xFF;
    switch (i % 5) {
      case 0:
        text += fmt::format("host h{} = {{ 10.{}.{}.{}, fd00::{:x} }}  # a host\n", i, a, b, c, i & 0xFFFF);
        written += 1;
        break;
      case 1:
        text += fmt::format("from 10.{}.{}.{} to port {} allow SYN, ACK; drop rest for 4m\n", a, b, c, 1 + i % 65535);
        written += 1;
        break;
      case 2:
        text += fmt::format("inbound tcp from 10.{}.{}.{}/32 {{\n  log \"x\" badflags\n  drop 30%\n}} after 1m for 2m\n",
                            a, b, c);
        written += 4;
        break;
      case 3:
        text += fmt::format("to port {{ 80, 443, 8000-8080 }} limit 1mbyte/s burst 64kbyte for 15m\n");
        written += 1;
        break;
      default:
        text += fmt::format("expect tcp from 10.{}.{}.{} port 40000 to port 1234 flags PSH+ACK is dropped at 30s\n", a,
                            b, c);
        written += 1;
        break;
    }
  }
  return text;
}

double seconds_to_parse(const std::string& text, std::size_t& statements) {
  faultc::SourceMap sources;
  const auto id = sources.add("bench.fault", text);
  const auto start = std::chrono::steady_clock::now();
  const auto result = faultc::parse_file(sources, id);
  const auto stop = std::chrono::steady_clock::now();
  if (!result.diagnostics.empty()) {
    fmt::print(stderr, "generated input has diagnostics: {}\n", result.diagnostics.front().message);
    std::exit(1);
  }
  statements = result.value->statements.size();
  return std::chrono::duration<double>(stop - start).count();
}

}  // namespace

int main() {
  fmt::print("{:>10} {:>10} {:>12} {:>14} {:>12}\n", "lines", "bytes", "median s", "lines/s", "ns/line");
  for (std::size_t lines : {1'000u, 10'000u, 100'000u, 1'000'000u}) {
    const std::string text = generate(lines);
    std::vector<double> runs;
    std::size_t statements = 0;
    for (int run = 0; run < 5; ++run) runs.push_back(seconds_to_parse(text, statements));
    std::sort(runs.begin(), runs.end());
    const double median = runs[runs.size() / 2];
    fmt::print("{:>10} {:>10} {:>12.4f} {:>14.0f} {:>12.1f}\n", lines, text.size(), median,
               static_cast<double>(lines) / median, median * 1e9 / static_cast<double>(lines));
  }
}
