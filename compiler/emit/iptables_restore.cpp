// The iptables-restore backend: a `*filter` table for `iptables-restore
// --noflush` that creates only the scenario's chains and inserts one jump
// per hook into the built-in chains; it never flushes or rewrites them. The
// shell target embeds the same text in a heredoc.
#include <fmt/compile.h>
#include <fmt/format.h>

#include <algorithm>
#include <utility>

#include "compiler/emit/backends.hpp"
#include "compiler/emit/iptables_match.hpp"
#include "compiler/source/text_safety.hpp"

namespace faultc::emit {

namespace {

using namespace ruleset;

bool reaches(const Chain& chain, Family family) { return family == Family::ipv4 ? chain.ipv4 : chain.ipv6; }

bool jump_applies(const Jump& jump, Family family) { return !jump.match.family || *jump.match.family == family; }

std::string comment(const std::string& text) { return fmt::format("-m comment --comment \"{}\"", text); }

void append_verdict(std::string& out, const Ruleset& r, const Verdict& v, Family family) {
  if (v.kind == Verdict::Kind::jump || v.kind == Verdict::Kind::go) {
    fmt::format_to(std::back_inserter(out), FMT_COMPILE("{} {}"), v.kind == Verdict::Kind::jump ? "-j" : "-g",
                   iptables_name(r, r.chains[v.target]));
  } else {
    append_iptables_verdict(out, v, family);
  }
}

// iptables refuses `! -s a,b`: a jump with a negated address list jumps
// without it, and the rule chain first RETURNs the listed addresses.
// The jumps of one family into a chain with guards all carry the same
// negated lists (one per protocol of a `tcp, udp` rule; a rule whose jumps
// differ is refused before printing, see emit.cpp): the first one's serve.
std::vector<Line> negation_guards(std::span<const Jump> jumps_into_chain, Family family) {
  std::vector<Line> guards;
  for (const Jump& jump : jumps_into_chain) {
    if (!jump_applies(jump, family)) continue;
    if (!guards.empty()) break;
    for (const auto* side : {&jump.match.source, &jump.match.destination}) {
      if (!negated_address_list(*side)) continue;
      Line guard;
      AddressMatch listed = **side;
      listed.negated = false;
      Match returns;
      (side == &jump.match.source ? returns.source : returns.destination) = listed;
      returns.family = family;
      guard.condition = std::move(returns);
      guard.verdict.kind = Verdict::Kind::allow;
      guard.source_line = jump.source_line;
      guards.push_back(guard);
    }
  }
  return guards;
}

Match without_negated_lists(Match m) {
  if (negated_address_list(m.source)) m.source.reset();
  if (negated_address_list(m.destination)) m.destination.reset();
  return m;
}

}  // namespace

// The jump from a built-in chain: one per hook, marked so that revert finds
// exactly it.
std::string builtin_jump_spec(const Ruleset& r, Hook hook) {
  return fmt::format("{} -j {}", comment(fmt::format("faultc {}", r.id)), dispatch_chain(r, hook));
}

namespace {

// One line's start: `-A CHAIN MATCH WINDOW -m comment --comment "..." `;
// the verdict follows.
template <typename ChainName>
void append_line_start(std::string& to, const ChainName& chain, const std::string& match, const std::string& window,
                       const Comment& line_comment) {
  fmt::format_to(std::back_inserter(to), FMT_COMPILE("-A {} "), chain);
  for (const std::string* part : {&match, &window}) {
    if (!part->empty()) fmt::format_to(std::back_inserter(to), FMT_COMPILE("{} "), *part);
  }
  fmt::format_to(std::back_inserter(to), FMT_COMPILE("-m comment --comment \"{}\" "), line_comment);
}

// What enters a rule once its jump or gate has matched: the jump into its
// chain, or the chain's inlined verdict; then the line's end.
void append_rule_entry(std::string& to, const Ruleset& r, const Chain& chain, const Verdict* inline_verdict,
                       Family family) {
  if (inline_verdict) {
    append_iptables_verdict(to, *inline_verdict, family);
  } else {
    fmt::format_to(std::back_inserter(to), FMT_COMPILE("-j {}"), iptables_name(r, chain));
  }
  to += '\n';
}

// `:CHAIN - [0:0]` for each chain of the range that this family reaches
// and that is not inlined into its jump, after its gate chain if it has one.
void declare_chains(const Ruleset& r, RuleRange range, Family family, Inlined inlined, PrintedRules& out) {
  std::string& declarations = out.sections[family_base(family)];
  for (std::size_t c = range.chain_first; c < range.chain_last; ++c) {
    if (!reaches(r.chains[c], family)) continue;
    out.families[family == Family::ipv4 ? 0 : 1] = true;
    if (r.chains[c].gated) {
      fmt::format_to(std::back_inserter(declarations), FMT_COMPILE(":{} - [0:0]\n"),
                     iptables_gate_name(r, r.chains[c]));
    }
    if (!inlined[c]) {
      fmt::format_to(std::back_inserter(declarations), FMT_COMPILE(":{} - [0:0]\n"), iptables_name(r, r.chains[c]));
    }
  }
}

// The time match of each window of each list jumps carry, made once per
// list: rules share a few. Without a time binding, windows other than the
// whole life were refused by lower, and a jump has one line, unbounded;
// with one, each window is its own line that the kernel turns on and off.
using WindowOptions = std::vector<std::vector<std::string>>;
WindowOptions window_options(const Ruleset& r, std::span<const Jump> jumps, Family family, TimeBinding time) {
  std::vector<std::vector<std::string>> out(r.window_lists.size());
  for (const Jump& jump : jumps) {
    std::vector<std::string>& options = out[jump.windows];
    if (!options.empty() || !jump_applies(jump, family)) continue;
    if (time.text == nullptr) {
      options.emplace_back();
      continue;
    }
    for (const ir::Window& w : r.windows(jump)) {
      if (w.end_ms == UINT64_MAX) {
        options.push_back(fmt::format("-m time --datestart {}", time.text(w.start_ms, time.context)));
      } else {
        // --datestop includes its whole second: stop one second earlier.
        const std::uint64_t last = w.end_ms >= 1000 ? w.end_ms - 1000 : 0;
        options.push_back(fmt::format("-m time --datestart {} --datestop {}", time.text(w.start_ms, time.context),
                                      time.text(last, time.context)));
      }
    }
  }
  return out;
}

// The jumps from the dispatch chains, one line per match and window; a
// chain of one inlined verdict is that verdict on the jump itself. A gated
// rule's jumps are one line per match, into its gate chain.
void print_jump_lines(const Ruleset& r, std::span<const Jump> jumps, Family family, const WindowOptions& windows,
                      Inlined inlined, PrintedRules& out) {
  const std::size_t base = family_base(family);
  const std::string dispatch[] = {dispatch_chain(r, Hook::input), dispatch_chain(r, Hook::output),
                                  dispatch_chain(r, Hook::forward)};
  const std::vector<std::string> no_window{std::string()};
  std::vector<std::string> matches;  // reused for every line: no allocation per rule
  std::string& jump_lines = out.sections[base + 1];
  for (const Jump& jump : jumps) {
    if (!jump_applies(jump, family)) continue;
    out.hooks[base + static_cast<int>(jump.hook)] = true;
    const Chain& chain = r.chains[jump.chain];
    const bool guarded = negated_address_list(jump.match.source) || negated_address_list(jump.match.destination);
    const Verdict* inline_verdict = inlined[jump.chain];
    const Comment jump_comment = comment(r, jump, inline_verdict != nullptr && !chain.gated);
    iptables_match(guarded ? without_negated_lists(jump.match) : jump.match, family, matches);
    for (const std::string& match : matches) {
      for (const std::string& window : chain.gated ? no_window : windows[jump.windows]) {
        append_line_start(jump_lines, dispatch[static_cast<int>(jump.hook)], match, window, jump_comment);
        if (chain.gated) {
          fmt::format_to(std::back_inserter(jump_lines), FMT_COMPILE("-j {}\n"), iptables_gate_name(r, chain));
        } else {
          append_rule_entry(jump_lines, r, chain, inline_verdict, family);
        }
      }
    }
  }
}

// A gated rule's gate chain (Chain::gated): each window's time match once,
// which enters the rule as each of its jumps would in that window.
void print_gate_lines(std::string& to, const Ruleset& r, const Chain& chain, const Verdict* inline_verdict,
                      std::span<const Jump> jumps_into_chain, Family family, const WindowOptions& windows) {
  const auto jump = std::find_if(jumps_into_chain.begin(), jumps_into_chain.end(),
                                 [family](const Jump& j) { return jump_applies(j, family); });
  if (jump == jumps_into_chain.end()) return;
  const std::string no_match;
  for (const std::string& window : windows[jump->windows]) {
    append_line_start(to, iptables_gate_name(r, chain), no_match, window, comment(r, *jump, inline_verdict != nullptr));
    append_rule_entry(to, r, chain, inline_verdict, family);
  }
}

// Each rule chain's lines, after the RETURN guards of a negated list.
void print_chain_lines(const Ruleset& r, RuleRange range, std::span<const Jump> jumps, Family family,
                       const WindowOptions& windows, Inlined inlined, PrintedRules& out) {
  std::vector<std::string> matches;
  const std::string no_window;
  std::string& chain_lines = out.sections[family_base(family) + 2];
  for (std::size_t c = range.chain_first; c < range.chain_last; ++c) {
    const Chain& chain = r.chains[c];
    if (!reaches(chain, family)) continue;
    if (chain.gated) print_gate_lines(chain_lines, r, chain, inlined[c], jumps_into(jumps, c), family, windows);
    if (inlined[c]) continue;
    const auto print = [&](const Line& line) {
      // REJECT --reject-with tcp-reset is refused by the kernel unless the
      // rule itself says -p tcp (analyze made sure the rule is TCP-only).
      const bool tcp_reset =
          line.verdict.kind == Verdict::Kind::reject && line.verdict.reject_with == RejectKind::tcp_reset;
      Match with_protocol;
      if (tcp_reset) {
        with_protocol = line.match();
        with_protocol.protocol = Protocol::tcp;
      }
      iptables_match(tcp_reset ? with_protocol : line.match(), family, matches);
      for (const std::string& match : matches) {
        append_line_start(chain_lines, iptables_name(r, chain), match, no_window, comment(r, line));
        append_verdict(chain_lines, r, line.verdict, family);
        chain_lines += '\n';
      }
    };
    for (const Line& guard : negation_guards(jumps_into(jumps, c), family)) print(guard);
    for (const Line& line : chain.lines) {
      if (!line.match().family || *line.match().family == family) print(line);  // an ICMP message, a length
    }
  }
}

// The protections of the family's hooks, first in each dispatch chain:
// RETURN leaves the scenario's chain for the built-in one, so no fault rule
// sees the packet and the host's own rules still do (never an ACCEPT).
void append_protections(std::string& out, const Ruleset& r, Family family, const std::vector<Hook>& hooks) {
  std::vector<std::string> matches;
  for (Hook hook : hooks) {
    const std::string chain = dispatch_chain(r, hook);
    for (const Protection& p : r.protections) {
      if (p.hook != hook || (p.match.family && *p.match.family != family)) continue;
      const std::string note = comment(protection_comment(r, p));
      iptables_match(p.match, family, matches);
      for (const std::string& match : matches) {
        const std::string head = match.empty() ? fmt::format("-A {} ", chain) : fmt::format("-A {} {} ", chain, match);
        out += fmt::format("{}{} -j RETURN\n", head, note);
      }
    }
  }
}

}  // namespace

void print_restore_rules(const Ruleset& r, RuleRange range, Family family, TimeBinding time, Inlined inlined,
                         PrintedRules& out) {
  const std::span<const Jump> jumps(r.jumps.data() + range.jump_first, r.jumps.data() + range.jump_last);
  const WindowOptions windows = window_options(r, jumps, family, time);
  declare_chains(r, range, family, inlined, out);
  print_jump_lines(r, jumps, family, windows, inlined, out);
  print_chain_lines(r, range, jumps, family, windows, inlined, out);
}

void append_restore(std::string& out, const Ruleset& r, Family family, std::span<PrintedRules> ranges) {
  const std::size_t base = family_base(family);
  std::size_t size = 0;
  for (const PrintedRules& range : ranges) {
    for (std::size_t s = base; s < base + 3; ++s) size += range.sections[s].size();
  }
  out.reserve(out.size() + size + 1024);  // the dispatch chains and the end
  out += "*filter\n";
  std::vector<Hook> hooks;  // those this family's jumps use, in a fixed order
  for (Hook hook : {Hook::input, Hook::output, Hook::forward}) {
    const std::size_t h = base + static_cast<std::size_t>(hook);
    if (std::any_of(ranges.begin(), ranges.end(), [h](const PrintedRules& p) { return p.hooks[h]; })) {
      hooks.push_back(hook);
    }
  }
  for (Hook hook : hooks) out += fmt::format(":{} - [0:0]\n", dispatch_chain(r, hook));
  for (std::size_t s = base; s < base + 3; ++s) {
    // After the chain declarations, before the first jump.
    if (s == base + 1) append_protections(out, r, family, hooks);
    for (PrintedRules& range : ranges) out += std::exchange(range.sections[s], {});
  }
  for (Hook hook : hooks) out += fmt::format("-I {} 1 {}\n", builtin_chain(hook), builtin_jump_spec(r, hook));
  out += "COMMIT\n";
}

std::string emit_iptables_teardown(const Ruleset& r, Family family) {
  std::string out = "*filter\n";
  std::vector<Hook> hooks;  // those this family's jumps use, in a fixed order
  for (Hook hook : {Hook::input, Hook::output, Hook::forward}) {
    if (std::any_of(r.jumps.begin(), r.jumps.end(),
                    [&](const Jump& jump) { return jump.hook == hook && jump_applies(jump, family); })) {
      hooks.push_back(hook);
    }
  }
  const std::vector<const Verdict*> inlined = inlined_verdicts(r, kIptablesComment);
  for (Hook hook : hooks) out += fmt::format("-D {} {}\n", builtin_chain(hook), builtin_jump_spec(r, hook));
  for (Hook hook : hooks) out += fmt::format("-F {}\n", dispatch_chain(r, hook));
  // Each chain as declare_chains declares it: a gate chain, then its rule's.
  const auto each_chain = [&](const char* command) {
    for (std::size_t c = 0; c < r.chains.size(); ++c) {
      const Chain& chain = r.chains[c];
      if (!reaches(chain, family)) continue;
      if (chain.gated) out += fmt::format("{} {}\n", command, iptables_gate_name(r, chain));
      if (!inlined[c]) out += fmt::format("{} {}\n", command, iptables_name(r, chain));
    }
  };
  each_chain("-F");
  for (Hook hook : hooks) out += fmt::format("-X {}\n", dispatch_chain(r, hook));
  each_chain("-X");
  out += "COMMIT\n";
  return out;
}

}  // namespace faultc::emit
