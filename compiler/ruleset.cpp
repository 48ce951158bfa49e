#include "compiler/ruleset.hpp"

#include <fmt/format.h>

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

}  // namespace faultc::ruleset
