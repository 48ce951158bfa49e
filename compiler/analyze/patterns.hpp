#pragma once
// Actions and their packet patterns, normalized: presets expanded, flag
// combinations as (mask, value) tests, `badflags` as its list of tests,
// `rest` as "every packet".
#include <vector>

#include "compiler/parse/ast.hpp"
#include "compiler/diagnostics/diagnostic.hpp"
#include "compiler/ir/ir.hpp"

namespace faultc {

// The nonsensical flag combinations `badflags` stands for.
const std::vector<ir::FlagTest>& badflags_tests();

// The address families a rule can match (ir::Selector's ipv4, ipv6): an
// ICMP name becomes one pattern per family it has among them.
struct RuleFamilies {
  bool ipv4 = true, ipv6 = true;
};

// One written action as one or more IR actions (`half-open` is three), appended
// to `out`. Sets `ok` to false after reporting an error.
void expand_action(const ast::Action& action, RuleFamilies families, Diagnostics& diagnostics, bool& ok,
                   std::vector<ir::Action>& out);

// A `length` pattern's range of whole-packet lengths.
ir::LengthRange length_range(const ast::Pattern& pattern);

// Bursts when none is written: 5 packets (iptables' default), or one
// period's worth of bytes for a byte rate.
std::uint64_t default_burst(const ir::Rate& rate);

}  // namespace faultc
