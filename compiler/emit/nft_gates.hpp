#pragma once
// The time gates an nft artifact declares: one `t_*` set per moment a
// window opens or closes, whose elements expire that long after loading.
// A fleet arms every node at one START and, on a node that loads late,
// re-adds each gate's elements with the time left (compiler/ansible/), so
// it needs the list the printer declares: names, timeouts, elements.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "compiler/ir/ruleset.hpp"

namespace faultc::emit {

// The gate that expires `ms` after loading: `t_4m`, `t_1h30m`.
std::string nft_window_set_name(std::uint64_t ms);

struct NftGate {
  std::string name;
  std::uint64_t timeout_ms = 0;
  std::vector<ruleset::Family> elements;  // the set's elements, one per family
};

// Each gate the nft printer declares for `ruleset`, in the printer's order
// (by moment).
std::vector<NftGate> nft_gates(const ruleset::Ruleset& ruleset);

// One line per gate, `t_30s 30000 ipv4,ipv6`: what a node's arming script
// reads.
std::string nft_gates_text(std::span<const NftGate> gates);

}  // namespace faultc::emit
