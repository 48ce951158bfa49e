// The iptables-restore backend: a `*filter` table for `iptables-restore
// --noflush` that creates only the scenario's chains and inserts one jump
// per hook into the built-in chains; it never flushes or rewrites them. The
// shell target embeds the same text in a heredoc.
#include <fmt/format.h>

#include "compiler/emit/emit.hpp"
#include "compiler/emit/iptables_match.hpp"

namespace faultc::emit {

namespace {

using namespace ruleset;

bool reaches(const Chain& chain, Family family) { return family == Family::ipv4 ? chain.ipv4 : chain.ipv6; }

bool jump_applies(const Jump& jump, Family family) { return !jump.match.family || *jump.match.family == family; }

// The hooks this family's jumps use, in a fixed order.
std::vector<Hook> hooks_used(const Ruleset& r, Family family) {
  std::vector<Hook> hooks;
  for (Hook hook : {Hook::input, Hook::output, Hook::forward}) {
    for (const Jump& jump : r.jumps) {
      if (jump.hook == hook && jump_applies(jump, family)) {
        hooks.push_back(hook);
        break;
      }
    }
  }
  return hooks;
}

std::string comment(const std::string& text) { return fmt::format("-m comment --comment \"{}\"", text); }

std::string join_options(const std::string& match, const std::string& rest) {
  if (match.empty()) return rest;
  if (rest.empty()) return match;
  return fmt::format("{} {}", match, rest);
}

std::string line_verdict(const Ruleset& r, const Verdict& v, Family family) {
  if (v.kind == Verdict::Kind::jump) return "-j " + r.chains[v.target].iptables_name;
  if (v.kind == Verdict::Kind::go) return "-g " + r.chains[v.target].iptables_name;
  return iptables_verdict(v, family);
}

bool negated_list(const std::optional<AddressMatch>& m) { return m && m->negated && m->prefixes.size() > 1; }

// iptables refuses `! -s a,b`: a jump with a negated address list jumps
// without it, and the rule chain first RETURNs the listed addresses.
// (A rule whose chain has several such jumps in one family is refused
// before printing; see emit.cpp.)
std::vector<Line> negation_guards(const Ruleset& r, std::size_t chain_index, Family family) {
  std::vector<Line> guards;
  for (const Jump& jump : r.jumps) {
    if (jump.chain != chain_index || !jump_applies(jump, family)) continue;
    for (const auto* side : {&jump.match.source, &jump.match.destination}) {
      if (!negated_list(*side)) continue;
      Line guard;
      AddressMatch listed = **side;
      listed.negated = false;
      (side == &jump.match.source ? guard.match.source : guard.match.destination) = listed;
      guard.match.family = family;
      guard.verdict.kind = Verdict::Kind::allow;
      guard.comment = jump.comment;
      guards.push_back(guard);
    }
  }
  return guards;
}

Match without_negated_lists(Match m) {
  if (negated_list(m.source)) m.source.reset();
  if (negated_list(m.destination)) m.destination.reset();
  return m;
}

}  // namespace

// The jump from a built-in chain: one per hook, marked so that revert finds
// exactly it.
std::string builtin_jump_spec(const Ruleset& r, Hook hook) {
  return fmt::format("{} -j {}", comment(fmt::format("faultc {}", r.id)), dispatch_chain(r, hook));
}

std::string emit_iptables_restore(const Ruleset& r, Family family, TimeBinding time) {
  std::string out = "*filter\n";
  const std::vector<Hook> hooks = hooks_used(r, family);
  for (Hook hook : hooks) out += fmt::format(":{} - [0:0]\n", dispatch_chain(r, hook));
  for (const Chain& chain : r.chains) {
    if (reaches(chain, family)) out += fmt::format(":{} - [0:0]\n", chain.iptables_name);
  }
  for (const Jump& jump : r.jumps) {
    if (!jump_applies(jump, family)) continue;
    const Chain& chain = r.chains[jump.chain];
    // Without a time binding, windows other than the whole life were
    // refused by lower; with one, each window is its own jump that the
    // kernel turns on and off by itself.
    std::vector<std::string> windows;
    if (time.text == nullptr) {
      windows.emplace_back();
    } else {
      for (const ir::Window& w : jump.windows) {
        if (w.end_ms == UINT64_MAX) {
          windows.push_back(fmt::format("-m time --datestart {}", time.text(w.start_ms, time.context)));
        } else {
          // --datestop includes its whole second: stop one second earlier.
          const std::uint64_t last = w.end_ms >= 1000 ? w.end_ms - 1000 : 0;
          windows.push_back(fmt::format("-m time --datestart {} --datestop {}", time.text(w.start_ms, time.context),
                                        time.text(last, time.context)));
        }
      }
    }
    for (const std::string& match : iptables_match(without_negated_lists(jump.match), family)) {
      for (const std::string& window : windows) {
        std::string options = join_options(match, window);
        out += fmt::format("-A {} {}\n", dispatch_chain(r, jump.hook),
                           join_options(options, fmt::format("{} -j {}", comment(jump.comment), chain.iptables_name)));
      }
    }
  }
  for (std::size_t c = 0; c < r.chains.size(); ++c) {
    const Chain& chain = r.chains[c];
    if (!reaches(chain, family)) continue;
    std::vector<Line> lines = negation_guards(r, c, family);
    lines.insert(lines.end(), chain.lines.begin(), chain.lines.end());
    for (const Line& line : lines) {
      // REJECT --reject-with tcp-reset is refused by the kernel unless the
      // rule itself says -p tcp (analyze made sure the rule is TCP-only).
      Match match_with_protocol = line.match;
      if (line.verdict.kind == Verdict::Kind::reject && line.verdict.reject_with == RejectKind::tcp_reset) {
        match_with_protocol.protocol = Protocol::tcp;
      }
      for (const std::string& match : iptables_match(match_with_protocol, family)) {
        out += fmt::format("-A {} {}\n", chain.iptables_name,
                           join_options(match, fmt::format("{} {}", comment(line.comment),
                                                           line_verdict(r, line.verdict, family))));
      }
    }
  }
  for (Hook hook : hooks) out += fmt::format("-I {} 1 {}\n", builtin_chain(hook), builtin_jump_spec(r, hook));
  out += "COMMIT\n";
  return out;
}

std::string emit_iptables_teardown(const Ruleset& r, Family family) {
  std::string out = "*filter\n";
  const std::vector<Hook> hooks = hooks_used(r, family);
  for (Hook hook : hooks) out += fmt::format("-D {} {}\n", builtin_chain(hook), builtin_jump_spec(r, hook));
  for (Hook hook : hooks) out += fmt::format("-F {}\n", dispatch_chain(r, hook));
  for (const Chain& chain : r.chains) {
    if (reaches(chain, family)) out += fmt::format("-F {}\n", chain.iptables_name);
  }
  for (Hook hook : hooks) out += fmt::format("-X {}\n", dispatch_chain(r, hook));
  for (const Chain& chain : r.chains) {
    if (reaches(chain, family)) out += fmt::format("-X {}\n", chain.iptables_name);
  }
  out += "COMMIT\n";
  return out;
}

}  // namespace faultc::emit
