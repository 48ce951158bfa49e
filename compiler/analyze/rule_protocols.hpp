#pragma once
// A rule's (or a `protect` line's) protocols, settled from what its clauses
// and patterns need.
#include "compiler/diagnostics/diagnostic.hpp"
#include "compiler/ir/ir.hpp"

namespace faultc {

// A port or a TCP pattern without a protocol means TCP (lint W110 says so
// about a port), an ICMP message ICMP; then every protocol of the rule's
// list must have what the rule tests (F024: ports, TCP patterns, ICMP
// messages, `reject with tcp-reset`; F038: a limit per connection needs
// ports). `protocol_span` is where the protocols are written. True when
// the rule is fine.
bool settle_protocols(ir::Rule& rule, Span protocol_span, Diagnostics& diagnostics);

// The part a selector alone decides, for rules and `protect` lines alike:
// a port without a protocol means TCP, and a port with `icmp` in the list
// is F024. True when the selector is fine.
bool settle_port_protocols(ir::Selector& selector, Span protocol_span, Diagnostics& diagnostics);

}  // namespace faultc
