// The gate list (emit/nft_gates.hpp) against the nft printer's own output:
// every `t_*` set the artifact declares, with its elements' timeout, and
// nothing else. The arming script of a fleet re-adds exactly these.
#include "compiler/emit/nft_gates.hpp"

#include <catch2/catch.hpp>
#include <regex>
#include <string>
#include <vector>

#include "compiler/source/duration_text.hpp"
#include "tests/unit/lowered.hpp"

using namespace faultc;
using namespace faultc::test;

namespace {

// The gates as printed: `set t_X {` ... `elements = { ipv4 timeout D, ipv6 timeout D }`.
std::string printed_gates(const std::string& nft) {
  static const std::regex set(R"(\tset (t_[a-z0-9]+) \{\n\t\ttype nf_proto\n\t\tflags timeout\n)"
                              R"(\t\telements = \{ ipv4 timeout ([a-z0-9]+), ipv6 timeout \2 \}\n)");
  std::string out;
  for (auto it = std::sregex_iterator(nft.begin(), nft.end(), set); it != std::sregex_iterator(); ++it) {
    out += (*it)[1].str() + " " + (*it)[2].str() + "\n";
  }
  return out;
}

std::string listed_gates(const std::vector<emit::NftGate>& gates) {
  std::string out;
  for (const emit::NftGate& gate : gates) {
    REQUIRE(gate.elements == std::vector<ruleset::Family>{ruleset::Family::ipv4, ruleset::Family::ipv6});
    out += gate.name + " " + format_duration(gate.timeout_ms) + "\n";
  }
  return out;
}

}  // namespace

TEST_CASE("nft_gates lists the t_* sets the nft artifact declares", "[emit][ansible]") {
  const char* scenarios[] = {
      "to port 80 drop for 30s\nfor 1m\n",
      "to port 80 drop after 10s for 20s\nfrom 10.0.0.1 drop after 40s for 10s\nfor 1m30s\n",
      "from 10.0.9.0/24 drop for 10s every 1m\nfor 5m\n",
      "to port 80 drop\nfor 2m\n",  // the whole life: no gate but the end's
      "to port 80 drop\nfor ever\n",
  };
  for (const char* text : scenarios) {
    auto l = lower_ok(text, options_for(Target::nft));
    const std::string nft = emitted(l->r(), Target::nft);
    INFO(text << "\n" << nft);
    const std::vector<emit::NftGate> gates = emit::nft_gates(l->r());
    CHECK(listed_gates(gates) == printed_gates(nft));
    CHECK(gates.empty() == std::string_view(text).ends_with("for ever\n"));  // a life has an end gate
    // Every `t_` name in the artifact is a listed gate.
    const std::regex used("@(t_[a-z0-9]+)");
    for (auto it = std::sregex_iterator(nft.begin(), nft.end(), used);
         it != std::sregex_iterator(); ++it) {
      const std::string name = (*it)[1].str();
      CHECK(std::any_of(gates.begin(), gates.end(), [&](const emit::NftGate& g) { return g.name == name; }));
    }
  }
}

TEST_CASE("nft_gates: names, timeouts in ms and the line format", "[emit][ansible]") {
  auto l = lower_ok("to port 80 drop after 10s for 20s\nfor 1m30s\n", options_for(Target::nft));
  const std::vector<emit::NftGate> gates = emit::nft_gates(l->r());
  REQUIRE(gates.size() == 2);
  CHECK(gates[0].name == "t_10s");
  CHECK(gates[0].timeout_ms == 10000);
  CHECK(gates[1].name == "t_30s");
  CHECK(gates[1].timeout_ms == 30000);
  CHECK(emit::nft_gates_text(gates) == "t_10s 10000 ipv4,ipv6\nt_30s 30000 ipv4,ipv6\n");
  CHECK(emit::nft_gates_text({}).empty());
}
