#include "tests/fuzz/fuzz_runtime_entries.hpp"

#include <cstdio>
#include <cstdlib>
#include <string>

#include "runtime/object_names.hpp"
#include "runtime/snapshot.hpp"
#include "runtime/state.hpp"

namespace faultc::fuzz {

void runtime_text(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  for (const char* id : {"outage", "zeta", "a("}) {
    const runtime::ParsedState parsed = runtime::parse_state(text, id);
    if (parsed.state && (!runtime::valid_id(parsed.state->id) || parsed.state->id != id)) {
      std::fputs("a state file with an invalid or foreign id was accepted\n", stderr);
      std::abort();
    }
  }
  runtime::Snapshot nft{runtime::parse_nft_ruleset(text)};
  runtime::Snapshot save{runtime::parse_iptables_save(text, "iptables-legacy")};
  const runtime::Snapshot a = runtime::without_scenarios(nft, {"zeta", "outage"});
  const runtime::Snapshot b = runtime::without_scenarios(save, {"zeta"});
  if (!runtime::snapshot_difference(a, a).empty()) {
    std::fputs("a snapshot differs from itself\n", stderr);
    std::abort();
  }
  (void)runtime::snapshot_difference(a, b);
}

}  // namespace faultc::fuzz
