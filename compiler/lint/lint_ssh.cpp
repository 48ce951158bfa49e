// W106: a rule that may cut the operator's own SSH session (docs/lint.md,
// #w106, says precisely which rules).
#include <fmt/format.h>

#include <algorithm>

#include "compiler/analyze/action_space.hpp"
#include "compiler/explain/describe_rule.hpp"
#include "compiler/lint/lint.hpp"
#include "compiler/parse/words.hpp"

namespace faultc {

namespace {

constexpr std::uint16_t kSsh = 22;
// The client's end of a session: an unprivileged port, whichever system
// the operator connects from.
constexpr std::uint16_t kFirstClientPort = 1024;

// The packets of a live session, either way: established segments with ACK,
// bare or with payload (bulk output carries ACK alone), and PSH+ACK.
// Of any length: each is looked up in every piece of the rule's domain.
constexpr PacketTraits kSession[] = {
    {ast::tcp_flag::ack, PacketTraits::State::established, false, 0, std::nullopt, 0},
    {ast::tcp_flag::ack, PacketTraits::State::established, true, 0, std::nullopt, 0},
    {ast::tcp_flag::psh | ast::tcp_flag::ack, PacketTraits::State::established, true, 0, std::nullopt, 0},
};

template <typename T>
bool at_least(const IntervalSet<T>& set, T count) {  // the set holds `count` values or more
  T total = 0;
  for (const auto& i : set.intervals()) {
    const T size_minus_one = i.high - i.low;
    if (size_minus_one >= count - 1 || total >= count - 1 - size_minus_one) return true;
    total += size_minus_one + 1;
  }
  return false;
}

}  // namespace

bool may_lose_packets(const ir::Action& a) {
  return (a.kind == ir::Action::Kind::drop && a.probability.value_or(1) > 0) || a.kind == ir::Action::Kind::reject ||
         a.kind == ir::Action::Kind::limit;
}

bool wide_address_match(const std::optional<ir::AddressMatch>& match, ir::Family family) {
  if (!match) return true;
  if (family == ir::Family::ipv4) return at_least(match->effective(match->set.v4), std::uint32_t{1} << 24);
  return at_least(match->effective(match->set.v6), ir::u128{1} << 96);
}

std::string address_match_words(const ir::AddressMatch& match) {
  const std::size_t prefixes = match.set.interval_count();
  const std::string set = prefixes <= 3 ? address_set_words(match.set) : fmt::format("a set of {} ranges", prefixes);
  return match.negated ? fmt::format("anywhere but {}", set) : set;
}

namespace {

// The rule's first flow whose remote end (the operator's, somewhere
// unknown) is a set wide enough to hold the operator's address, for a TCP
// rule that reaches port 22 from unprivileged client ports; or nothing.
// Only an address set narrow enough to name particular hosts leaves the
// operator out. The host's own end never does (the session ends at one of
// its addresses), nor does an interface (it may carry the session).
const ir::Flow* session_flow(const ir::Selector& s) {
  if (!s.protocols.empty() && !s.protocols.has(ast::Protocol::tcp)) return nullptr;
  for (const ir::Flow& flow : s.flows) {
    // A session's packets arrive at port 22 and leave from it. Forwarded
    // packets belong to other hosts' sessions.
    const bool inbound = flow.direction == ast::Direction::inbound;
    if (!inbound && flow.direction != ast::Direction::outbound) continue;
    const auto& server_ports = inbound ? flow.destination_ports : flow.source_ports;
    const auto& client_ports = inbound ? flow.source_ports : flow.destination_ports;
    if (server_ports && !server_ports->set.contains(kSsh)) continue;
    if (client_ports) {
      ir::PortSet unprivileged;
      unprivileged.add(kFirstClientPort, UINT16_MAX);
      if (client_ports->set.intersect(unprivileged).empty()) continue;
    }
    const auto& remote = inbound ? flow.source : flow.destination;
    const auto& local = inbound ? flow.destination : flow.source;
    for (const ir::Family family : {ir::Family::ipv4, ir::Family::ipv6}) {
      if (!(family == ir::Family::ipv4 ? s.ipv4 : s.ipv6)) continue;
      if (local && !local->can_match(family)) continue;
      if (wide_address_match(remote, family)) return &flow;
    }
  }
  return nullptr;
}

// The clause that names the remote end of `flow`, as written: `between`
// (flows with both ends), `with` (this host's traffic both ways, one end
// each), else `from` or `to`.
const char* remote_clause(const ir::Selector& s, const ir::Flow& flow, bool inbound) {
  if (s.flows.size() > 1 && flow.source && flow.destination) return "between";
  if (s.has(ast::Direction::inbound) && s.has(ast::Direction::outbound)) return "with";
  return inbound ? "from" : "to";
}

// W106 at `action`, which may drop the session's packets of `flow`.
Diagnostic lockout(const ir::Selector& s, const ir::Flow& flow, const ir::Action& action) {
  const bool inbound = flow.direction == ast::Direction::inbound;
  const auto& server_ports = inbound ? flow.destination_ports : flow.source_ports;
  const auto& remote = inbound ? flow.source : flow.destination;
  const char* end_word = inbound ? "from" : "to";
  const char* clause = remote_clause(s, flow, inbound);
  const std::string where = !remote ? (inbound ? "from any source" : "to any destination")
                                    : fmt::format("{} {}", end_word, address_match_words(*remote));
  // `to port P` narrows either way: inbound it is the service's port,
  // outbound the peers', where a session's is unprivileged. (`with`'s port
  // is the peer's: no clause names this host's port beside it.)
  const std::string port = server_ports ? fmt::format("take 22 out of its {} ports, ", inbound ? "`to`" : "`from`")
                           : std::string_view(clause) == "with" ? std::string()
                                                                 : std::string("limit it to another port with `to "
                                                                               "port P`, ");
  const std::string exempt = "or exempt live sessions first with `allow established`";
  // The fix that keeps every rule as written: a protected control path.
  const std::string protect = "add the line `protect tcp to port 22`: SSH and its replies then pass every rule";
  std::string help;
  if (remote && remote->negated) {
    help = fmt::format("{}; or, if you only ever reach this host from addresses in the set after `not`, silence this "
                       "with `# faultc: allow W106`; otherwise add your address to that set, {}{}",
                       protect, port, exempt);
  } else {
    const std::string narrow =
        !remote ? fmt::format("name the {} the fault is for with `{} ADDR`", inbound ? "clients" : "peers", end_word)
                : fmt::format("name narrower addresses in `{}` (this set covers at least a /8 of IPv4 or a "
                              "/32 of IPv6, which may hold yours)",
                              clause);
    help = fmt::format("{}; or {}, {}{}; if the host is not reached over SSH, silence this with "
                       "`# faultc: allow W106`",
                       protect, narrow, port, exempt);
  }
  return make_diagnostic(Code::W106, action.span,
                         fmt::format("this `{}` applies to {} TCP {} port 22 {}: it may cut your own SSH session",
                                     word(ir::written_kind(action.kind)), word(flow.direction), inbound ? "to" : "from",
                                     where),
                         std::move(help));
}

// A `protect` line that spares the sessions of this host's SSH server: TCP
// to port 22 on the host's end, from any unprivileged port on the client's
// (the replies come with it). Its addresses and interface are the
// operator's word for where sessions come from.
bool protects_ssh(const ir::Protection& p) {
  const ir::Selector& s = p.selector;
  if (!s.protocols.empty() && !s.protocols.has(ast::Protocol::tcp)) return false;
  ir::PortSet unprivileged;
  unprivileged.add(kFirstClientPort, UINT16_MAX);
  // A session arrives at port 22 from a client's port: a flow, or the
  // replies to one, that is inbound and names them.
  const auto serves = [&](const ir::Flow& flow) {
    return flow.direction == ast::Direction::inbound && flow.destination_ports &&
           flow.destination_ports->set.contains(kSsh) &&
           (!flow.source_ports || unprivileged.subset_of(flow.source_ports->set));
  };
  return std::any_of(s.flows.begin(), s.flows.end(), serves) || std::any_of(p.replies.begin(), p.replies.end(), serves);
}

}  // namespace

void lint_ssh_lockout(const ir::Scenario& scenario, Diagnostics& out) {
  if (std::any_of(scenario.protections.begin(), scenario.protections.end(), protects_ssh)) return;
  for (const ir::Rule& rule : scenario.rules) {
    const ir::Flow* reaching = session_flow(rule.selector);
    if (reaching == nullptr) continue;
    // The first action that may lose a session's packets, after what the
    // actions before it decided.
    const PatternDomain domain = PatternDomain::of(rule);
    ActionSpace decided;
    for (const ir::Action& action : rule.actions) {
      const ActionSpace space = ActionSpace::of(action, domain).minus(decided);
      bool hits_session = false;
      for (PacketTraits packet : kSession) {
        for (packet.piece = 0; packet.piece < domain.pieces(); ++packet.piece) {
          hits_session = hits_session || space.contains(packet);
        }
      }
      if (may_lose_packets(action) && hits_session) {
        out.push_back(lockout(rule.selector, *reaching, action));
        break;
      }
      if (action.deterministic()) decided |= ActionSpace::of(action, domain);
    }
  }
}

}  // namespace faultc
