#pragma once
// A selector's clauses as flows (ir::Flow): which packets, at which hook,
// from where to where. `from`/`to` are one flow in the written direction
// (inbound by default); `between A and B` is both ways, at one hook when a
// direction is written and at inbound and outbound on this host when none
// is; `with A` is this host's traffic with A, received and sent.
#include <optional>
#include <vector>

#include "compiler/diagnostics/diagnostic.hpp"
#include "compiler/ir/ir.hpp"
#include "compiler/parse/ast.hpp"

namespace faultc {

// A selector's address and port clauses, names resolved.
struct SelectorEnds {
  std::optional<ir::AddressMatch> source, destination;         // `from`, `to`
  std::optional<ir::PortMatch> source_ports, destination_ports;  // their ports
  std::optional<ir::AddressMatch> first, second;                 // `between`
  std::optional<ir::AddressMatch> peer;                          // `with`
  std::optional<ir::PortMatch> peer_ports;                       // `with ... port P`
};

// F025 and F036: clauses that cannot be combined in one selector (`between`
// with `from`/`to` addresses; `with` with a direction, `from`, `to` or
// `between`). True when the selector is fine.
bool clauses_combine(const ast::Selector& selector, Diagnostics& diagnostics);

// The flows of a selector whose clauses combine. Inbound flows come first.
std::vector<ir::Flow> flows_of(std::optional<ast::Direction> direction, SelectorEnds ends);

}  // namespace faultc
