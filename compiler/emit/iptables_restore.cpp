// The iptables-restore backend: a `*filter` table for `iptables-restore
// --noflush` that creates only the scenario's chains and inserts one jump
// per hook into the built-in chains; it never flushes or rewrites them. The
// shell target embeds the same text in a heredoc.
#include <fmt/compile.h>
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
// (A rule whose chain has several such jumps in one family is refused
// before printing; see emit.cpp.)
std::vector<Line> negation_guards(const Ruleset& r, std::span<const std::size_t> jumps_into_chain, Family family) {
  std::vector<Line> guards;
  for (std::size_t j : jumps_into_chain) {
    const Jump& jump = r.jumps[j];
    if (!jump_applies(jump, family)) continue;
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

std::string emit_iptables_restore(const Ruleset& r, Family family, TimeBinding time, std::string out,
                                  std::size_t parallel_from) {
  out.reserve(out.size() + 256 * (r.jumps.size() + r.chains.size()));  // about a line of each; growing copies it all
  out += "*filter\n";
  const std::vector<Hook> hooks = hooks_used(r, family);
  for (Hook hook : hooks) out += fmt::format(":{} - [0:0]\n", dispatch_chain(r, hook));
  const std::vector<const Verdict*> inlined = inlined_verdicts(r, kIptablesComment);
  for (std::size_t c = 0; c < r.chains.size(); ++c) {
    if (reaches(r.chains[c], family) && !inlined[c]) {
      fmt::format_to(std::back_inserter(out), FMT_COMPILE(":{} - [0:0]\n"), iptables_name(r, r.chains[c]));
    }
  }
  const std::string dispatch[] = {dispatch_chain(r, Hook::input), dispatch_chain(r, Hook::output),
                                  dispatch_chain(r, Hook::forward)};
  // The time match of each window of each list jumps carry, made once per
  // list: rules share a few. Without a time binding, windows other than the
  // whole life were refused by lower, and a jump has one line, unbounded;
  // with one, each window is its own line that the kernel turns on and off.
  std::vector<std::vector<std::string>> window_options(r.window_lists.size());
  for (const Jump& jump : r.jumps) {
    std::vector<std::string>& options = window_options[jump.windows];
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
  // One line: `-A CHAIN MATCH WINDOW -m comment --comment "..." VERDICT`.
  const auto append_line = [](std::string& to, const auto& chain, const std::string& match,
                              const std::string& window, const Comment& line_comment) {
    fmt::format_to(std::back_inserter(to), FMT_COMPILE("-A {} "), chain);
    for (const std::string* part : {&match, &window}) {
      if (!part->empty()) fmt::format_to(std::back_inserter(to), FMT_COMPILE("{} "), *part);
    }
    fmt::format_to(std::back_inserter(to), FMT_COMPILE("-m comment --comment \"{}\" "), line_comment);
  };
  append_in_halves(out, r.jumps.size(), parallel_from, [&](std::size_t first, std::size_t last, std::string& to) {
    std::vector<std::string> matches;  // reused for every line: no allocation per rule
    for (std::size_t j = first; j < last; ++j) {
      const Jump& jump = r.jumps[j];
      if (!jump_applies(jump, family)) continue;
      const Chain& chain = r.chains[jump.chain];
      const bool guarded = negated_address_list(jump.match.source) || negated_address_list(jump.match.destination);
      const Verdict* inline_verdict = inlined[jump.chain];
      const Comment jump_comment = comment(r, jump, inline_verdict != nullptr);
      iptables_match(guarded ? without_negated_lists(jump.match) : jump.match, family, matches);
      for (const std::string& match : matches) {
        for (const std::string& window : window_options[jump.windows]) {
          append_line(to, dispatch[static_cast<int>(jump.hook)], match, window, jump_comment);
          if (inline_verdict) {
            append_iptables_verdict(to, *inline_verdict, family);
          } else {
            fmt::format_to(std::back_inserter(to), FMT_COMPILE("-j {}"), iptables_name(r, chain));
          }
          to += '\n';
        }
      }
    }
  });
  const JumpsByChain jumps_into(r);
  const std::string no_window;
  append_in_halves(out, r.chains.size(), parallel_from, [&](std::size_t first, std::size_t last, std::string& to) {
    std::vector<std::string> matches;
    for (std::size_t c = first; c < last; ++c) {
      const Chain& chain = r.chains[c];
      if (!reaches(chain, family) || inlined[c]) continue;
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
          append_line(to, iptables_name(r, chain), match, no_window, comment(r, line));
          append_verdict(to, r, line.verdict, family);
          to += '\n';
        }
      };
      for (const Line& guard : negation_guards(r, jumps_into[c], family)) print(guard);
      for (const Line& line : chain.lines) print(line);
    }
  });
  for (Hook hook : hooks) out += fmt::format("-I {} 1 {}\n", builtin_chain(hook), builtin_jump_spec(r, hook));
  out += "COMMIT\n";
  return out;
}

std::string emit_iptables_teardown(const Ruleset& r, Family family) {
  std::string out = "*filter\n";
  const std::vector<Hook> hooks = hooks_used(r, family);
  const std::vector<const Verdict*> inlined = inlined_verdicts(r, kIptablesComment);
  for (Hook hook : hooks) out += fmt::format("-D {} {}\n", builtin_chain(hook), builtin_jump_spec(r, hook));
  for (Hook hook : hooks) out += fmt::format("-F {}\n", dispatch_chain(r, hook));
  for (std::size_t c = 0; c < r.chains.size(); ++c) {
    if (reaches(r.chains[c], family) && !inlined[c]) out += fmt::format("-F {}\n", iptables_name(r, r.chains[c]));
  }
  for (Hook hook : hooks) out += fmt::format("-X {}\n", dispatch_chain(r, hook));
  for (std::size_t c = 0; c < r.chains.size(); ++c) {
    if (reaches(r.chains[c], family) && !inlined[c]) out += fmt::format("-X {}\n", iptables_name(r, r.chains[c]));
  }
  out += "COMMIT\n";
  return out;
}

}  // namespace faultc::emit
