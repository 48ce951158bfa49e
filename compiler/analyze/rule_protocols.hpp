#pragma once
// A rule's protocols, settled from what its clauses and patterns need.
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

}  // namespace faultc
