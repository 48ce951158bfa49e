#include "compiler/analyze/flows.hpp"

#include <fmt/format.h>

namespace faultc {

namespace {

// F036 for `with` beside a direction word: `with` already says which ways,
// so the help names the one-way (or router) form of what was meant.
bool with_direction(const ast::Selector& in, Diagnostics& diagnostics) {
  if (!in.direction) return true;
  const char* help = "";
  switch (*in.direction) {
    case ast::Direction::inbound:
      help = "`with ADDR` already covers both ways; for the packets this host receives only, write `from ADDR`";
      break;
    case ast::Direction::outbound:
      help = "`with ADDR` already covers both ways; for the packets this host sends only, write `outbound to ADDR`";
      break;
    case ast::Direction::forwarded:
      help = "`with ADDR` is this host's own traffic; for traffic a router forwards, write `forwarded between A and "
             "B`";
      break;
  }
  diagnostics.push_back(make_diagnostic(
      Code::F036, in.with->span, "`with` cannot be combined with a direction: it is this host's traffic both ways",
      help));
  return false;
}

}  // namespace

bool clauses_combine(const ast::Selector& in, Diagnostics& diagnostics) {
  if (in.between && ((in.from && in.from->address) || (in.to && in.to->address))) {
    diagnostics.push_back(make_diagnostic(Code::F025, in.between->span,
                                          "`between` cannot be combined with `from` or `to` addresses",
                                          "`between A and B` already names both ends; use `from A to B` for one "
                                          "direction"));
    return false;
  }
  if (!in.with) return true;
  if (in.from || in.to) {
    diagnostics.push_back(make_diagnostic(
        Code::F036, in.with->span, "`with` cannot be combined with `from` or `to`",
        "`with ADDR [port P]` names the peer of both ways; for one way write `from ADDR [port P]` (received) or "
        "`outbound to ADDR [port P]` (sent)"));
    return false;
  }
  if (in.between) {
    diagnostics.push_back(make_diagnostic(
        Code::F036, in.with->span, "`with` cannot be combined with `between`",
        "`with ADDR` is this host's traffic with ADDR; `between A and B` is the traffic between two ends: write one "
        "of them"));
    return false;
  }
  return with_direction(in, diagnostics);
}

std::vector<ir::Flow> flows_of(std::optional<ast::Direction> direction, SelectorEnds ends) {
  using ast::Direction;
  std::vector<ir::Flow> flows;
  if (ends.peer) {
    // Received from the peer (its port is the source), sent to it.
    flows.push_back({Direction::inbound, ends.peer, std::nullopt, ends.peer_ports, std::nullopt});
    flows.push_back({Direction::outbound, std::nullopt, std::move(ends.peer), std::nullopt, std::move(ends.peer_ports)});
    return flows;
  }
  // Without a direction, `between` is every packet this host receives or
  // sends between the two; with one, that hook only.
  std::vector<Direction> directions{direction.value_or(Direction::inbound)};
  if (ends.first && !direction) directions.push_back(Direction::outbound);
  for (const Direction d : directions) {
    if (ends.first) {
      flows.push_back({d, ends.first, ends.second, ends.source_ports, ends.destination_ports});
      flows.push_back({d, ends.second, ends.first, ends.source_ports, ends.destination_ports});
    } else {
      flows.push_back({d, ends.source, ends.destination, ends.source_ports, ends.destination_ports});
    }
  }
  return flows;
}

}  // namespace faultc
