#include "compiler/ruleset.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace faultc::ruleset {

std::string dispatch_chain(const Ruleset& ruleset, Hook hook) {
  static constexpr const char* kSuffix[] = {"in", "out", "fwd"};
  return fmt::format("{}-{}", ruleset.iptables_prefix, kSuffix[static_cast<int>(hook)]);
}

const char* builtin_chain(Hook hook) {
  static constexpr const char* kNames[] = {"INPUT", "OUTPUT", "FORWARD"};
  return kNames[static_cast<int>(hook)];
}

const char* nft_hook(Hook hook) {
  static constexpr const char* kNames[] = {"input", "output", "forward"};
  return kNames[static_cast<int>(hook)];
}

WholeRate whole_packet_rate(const Limit& limit) {
  double amount = limit.amount;
  std::uint64_t period = limit.period_ms;
  while (std::abs(amount - std::round(amount)) > 1e-9 && period < 86'400'000) {
    const std::uint64_t next = period == 1000 ? 60'000 : period == 60'000 ? 3'600'000 : 86'400'000;
    amount *= static_cast<double>(next) / static_cast<double>(period);
    period = next;
  }
  return {static_cast<std::uint64_t>(std::max(1.0, std::round(amount))), period};
}

std::vector<std::vector<std::size_t>> jumps_by_chain(const Ruleset& ruleset) {
  std::vector<std::vector<std::size_t>> by_chain(ruleset.chains.size());
  for (std::size_t j = 0; j < ruleset.jumps.size(); ++j) by_chain[ruleset.jumps[j].chain].push_back(j);
  return by_chain;
}

}  // namespace faultc::ruleset
