#pragma once
// A rule in plain words, for `faultc explain`: which packets it sees, when,
// and for each action what passes and what is lost.
#include <string>
#include <vector>

#include "compiler/ir/ir.hpp"
#include "compiler/source/source.hpp"

namespace faultc {

struct RuleWords {
  std::string sees;    // "inbound TCP packets from 10.0.0.5 to port 1234 (IPv4 only)"
  std::string active;  // "0s to 4m"
  // In order: {"passes", "flags exactly SYN or flags exactly ACK, with or
  // without payload: ... (`allow SYN, ACK`)"},
  // {"lost", "everything else it sees, dropped (`drop rest`)"}, ... and a
  // last {"passes", "everything else it sees"} when the actions leave some.
  std::vector<std::pair<std::string, std::string>> effects;
};

RuleWords describe_rule(const ir::Rule& rule, const ir::Scenario& scenario, const SourceMap& sources);

// "0s to 4m"; "10s every 1m: 0s to 10s, 1m to 1m10s, ... 59m to 59m10s (60 windows)"
std::string windows_words(const ir::Rule& rule, const std::vector<ir::Window>& windows);

// What no rule touches, a line each: the default protections (or where
// they are exposed), then each `protect` line with the packets it spares.
std::vector<std::string> protection_lines(const ir::Scenario& scenario, const SourceMap& sources);

// "10.0.3.10, 10.0.3.11 or fd00::3:10"
std::string address_set_words(const ir::AddressSet& set);

}  // namespace faultc
