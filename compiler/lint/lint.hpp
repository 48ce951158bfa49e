#pragma once
// The lint stage: warnings about scenarios that are legal but probably not
// what their author meant. One function per check, each with its own code;
// docs/lint.md has an entry per code.
#include "compiler/diagnostics/diagnostic.hpp"
#include "compiler/ir/ir.hpp"
#include "compiler/parse/load.hpp"
#include "compiler/source/source.hpp"

namespace faultc {

void lint_unused_definitions(const ir::Scenario& scenario, Diagnostics& out);         // W101
void lint_prefix_host_bits(const Program& program, const SourceMap& sources, Diagnostics& out);  // W102
void lint_for_ever(const ir::Scenario& scenario, Diagnostics& out);                   // W103
void lint_unreachable_actions(const ir::Scenario& scenario, Diagnostics& out);        // W104
void lint_pointless_probability(const ir::Scenario& scenario, Diagnostics& out);      // W105
void lint_ssh_lockout(const ir::Scenario& scenario, Diagnostics& out);                // W106, lint_ssh.cpp
void lint_negation_takes_local(const ir::Scenario& scenario, Diagnostics& out);       // W108, lint_negation.cpp
void lint_flags_mask_repeats(const Program& program, const SourceMap& sources, Diagnostics& out);  // W109, lint_flags_mask.cpp
void lint_protected_rules(const ir::Scenario& scenario, Diagnostics& out);            // W111, lint_protected.cpp
void lint_port_without_protocol(const Program& program, const SourceMap& sources, Diagnostics& out);  // W110, lint_port_protocol.cpp

// A drop above 0%, a reject or a limit: an action that may lose packets.
bool may_lose_packets(const ir::Action& action);
// "10.0.0.0/8", "anywhere but 10.9.0.1 or fd00::9", "a set of 12 ranges"
std::string address_match_words(const ir::AddressMatch& match);
// Whether a selector's address clause (absent: any address) covers at least
// a /8 of IPv4 or a /32 of IPv6 in `family`: too wide to leave out a given
// host, such as the operator's (W106).
bool wide_address_match(const std::optional<ir::AddressMatch>& match, ir::Family family);

// The checks that read the AST (W102, W109, W110), which run before analysis, as
// `faultc compile` lets analysis free the AST.
Diagnostics lint_ast(const Program& program, const SourceMap& sources);
// Every check, in code order, with lint_ast's findings among them.
Diagnostics lint(const ir::Scenario& scenario, Diagnostics ast_findings);
// Both at once. `sources` holds the program's text.
Diagnostics lint(const Program& program, const ir::Scenario& scenario, const SourceMap& sources);

}  // namespace faultc
