#include "compiler/emit/nft_gates.hpp"

#include <fmt/format.h>

#include <set>
#include <utility>

#include "compiler/source/duration_text.hpp"

namespace faultc::emit {

std::string nft_window_set_name(std::uint64_t ms) { return fmt::format("t_{}", format_duration(ms)); }

std::vector<NftGate> nft_gates(const ruleset::Ruleset& r) {
  // The moments of the window lists that jumps carry, as print_nft_rules
  // records them: a window's start when it is not the load, its end when
  // it has one.
  std::vector<bool> carried(r.window_lists.size());
  for (const ruleset::Jump& jump : r.jumps) carried[jump.windows] = true;
  std::set<std::uint64_t> moments;
  for (std::size_t list = 0; list < r.window_lists.size(); ++list) {
    if (!carried[list]) continue;
    for (const ir::Window& w : r.window_lists[list]) {
      if (w.start_ms > 0) moments.insert(w.start_ms);
      if (w.end_ms != UINT64_MAX) moments.insert(w.end_ms);
    }
  }
  std::vector<NftGate> gates;
  for (std::uint64_t moment : moments) {
    // assemble_nft gives every gate an element per family.
    gates.push_back({nft_window_set_name(moment), moment, {ruleset::Family::ipv4, ruleset::Family::ipv6}});
  }
  return gates;
}

std::string nft_gates_text(std::span<const NftGate> gates) {
  std::string out;
  for (const NftGate& gate : gates) {
    fmt::format_to(std::back_inserter(out), "{} {} ", gate.name, gate.timeout_ms);
    const char* separator = "";
    for (ruleset::Family family : gate.elements) {
      fmt::format_to(std::back_inserter(out), "{}{}", std::exchange(separator, ","),
                     family == ruleset::Family::ipv4 ? "ipv4" : "ipv6");
    }
    out += '\n';
  }
  return out;
}

}  // namespace faultc::emit
