#include "compiler/ir/ruleset.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "compiler/source/hash.hpp"

namespace faultc::ruleset {

namespace {

// Jumps ordered by the chain they enter (they are made in that order).
struct ChainOrder {
  bool operator()(const Jump& jump, std::size_t chain) const { return jump.chain < chain; }
  bool operator()(std::size_t chain, const Jump& jump) const { return chain < jump.chain; }
};

}  // namespace

std::string dispatch_chain(const Ruleset& ruleset, Hook hook) {
  static constexpr const char* kSuffix[] = {"in", "out", "fwd"};
  return fmt::format("{}-{}", ruleset.iptables_prefix, kSuffix[static_cast<int>(hook)]);
}

std::string protection_comment(const Ruleset& r, const Protection& p) {
  switch (p.kind) {
    case Protection::Kind::loopback: return "faultc protects loopback";
    case Protection::Kind::neighbour_discovery: return "faultc protects neighbour discovery";
    case Protection::Kind::selector: break;
  }
  return fmt::format("{}:{} protect{}", r.comment_file, p.source_line, p.mirror ? " replies" : "");
}

const char* builtin_chain(Hook hook) {
  static constexpr const char* kNames[] = {"INPUT", "OUTPUT", "FORWARD"};
  return kNames[static_cast<int>(hook)];
}

const char* nft_hook(Hook hook) {
  static constexpr const char* kNames[] = {"input", "output", "forward"};
  return kNames[static_cast<int>(hook)];
}

WholeRate whole_packet_rate(const Limit& limit) { return whole_packet_rate(limit.amount, limit.period_ms); }

WholeRate whole_packet_rate(double amount, std::uint64_t period) {
  while (std::abs(amount - std::round(amount)) > 1e-9 && period < 86'400'000) {
    const std::uint64_t next = period == 1000 ? 60'000 : period == 60'000 ? 3'600'000 : 86'400'000;
    amount *= static_cast<double>(next) / static_cast<double>(period);
    period = next;
  }
  return {static_cast<std::uint64_t>(std::max(1.0, std::round(amount))), period};
}

std::span<const Jump> jumps_into(std::span<const Jump> jumps, std::size_t chain) {
  const auto [first, last] = std::equal_range(jumps.begin(), jumps.end(), chain, ChainOrder{});
  return {first, last};
}

RuleRange all_rules(const Ruleset& ruleset) { return {0, ruleset.chains.size(), 0, ruleset.jumps.size()}; }

void append_name(fmt::memory_buffer& out, const ChainName& name) {
  const Chain& c = name.chain;
  const auto to = std::back_inserter(out);
  if (name.style == ChainName::Style::nft) {
    // Not rule_<n>_g: `faultc status` counts the jumps into rule_<n>.
    fmt::format_to(to, FMT_COMPILE("{}_{}"), name.gate ? "gate" : "rule", c.rule_number);
    if (c.helper_role != 0) fmt::format_to(to, FMT_COMPILE("_{}{}"), c.helper_role, c.helper_action);
    return;
  }
  const std::size_t start = out.size();
  fmt::format_to(to, FMT_COMPILE("{}-{}"), name.ruleset.iptables_prefix, c.rule_number);
  if (name.gate) {
    out.push_back('g');
  } else if (c.helper_role == 0) {
    return;  // lower keeps rule chains within 28 characters
  } else {
    fmt::format_to(to, FMT_COMPILE("{}{}"), c.helper_role, c.helper_action);
  }
  if (out.size() - start <= 28) return;
  // Too long for iptables: the prefix and a hash of the long name.
  const std::uint32_t hash = stable_hash(std::string_view(out.data() + start, out.size() - start));
  out.resize(start);
  fmt::format_to(to, FMT_COMPILE("{}-{:08x}"), name.ruleset.iptables_prefix, hash);
  if (out.size() - start > 28) out.resize(start + 28);
}

std::string name_text(const ChainName& name) {
  fmt::memory_buffer out;
  append_name(out, name);
  return fmt::to_string(out);
}

namespace {

bool matches_everything(const Match& m) {
  return !m.family && !m.protocol && !m.source && !m.destination && !m.source_ports && !m.destination_ports &&
         !m.in_interface && !m.out_interface && !m.flags && !m.state && !m.payload && !m.probability &&
         !m.over_limit;
}

const Match kEveryPacket;

bool final_verdict(const Verdict& v) {
  return v.kind == Verdict::Kind::drop ||
         (v.kind == Verdict::Kind::reject && v.reject_with != RejectKind::tcp_reset);
}

}  // namespace

const Match& Line::match() const { return condition ? *condition : kEveryPacket; }

Box<Match> line_condition(Match match) {
  if (matches_everything(match)) return std::nullopt;
  return Box<Match>(std::move(match));
}

bool negated_address_list(const std::optional<AddressMatch>& m) { return m && m->negated && m->prefixes.size() > 1; }

bool same_negated_lists(const Match& a, const Match& b) {
  const auto same = [](const std::optional<AddressMatch>& x, const std::optional<AddressMatch>& y) {
    const bool listed = negated_address_list(x);
    if (listed != negated_address_list(y)) return false;
    return !listed || std::equal(x->prefixes.begin(), x->prefixes.end(), y->prefixes.begin(), y->prefixes.end());
  };
  return same(a.source, b.source) && same(a.destination, b.destination);
}

bool CommentLimit::exceeded_by(const Comment& comment) const {
  return !all_fit_ && fmt::formatted_size(FMT_COMPILE("{}"), comment) > limit_;
}

std::vector<const Verdict*> inlined_verdicts(const Ruleset& ruleset, std::size_t comment_limit) {
  std::vector<const Verdict*> out(ruleset.chains.size(), nullptr);
  std::vector<bool> needed(ruleset.chains.size(), false);
  for (const Chain& chain : ruleset.chains) {
    for (const Line& line : chain.lines) {
      if (line.verdict.kind == Verdict::Kind::jump || line.verdict.kind == Verdict::Kind::go) {
        needed[line.verdict.target] = true;
      }
    }
  }
  const CommentLimit limit(ruleset, comment_limit);
  for (const Jump& jump : ruleset.jumps) {
    if (negated_address_list(jump.match.source) || negated_address_list(jump.match.destination) ||
        limit.exceeded_by(comment(ruleset, jump, true))) {
      needed[jump.chain] = true;
    }
  }
  for (std::size_t c = 0; c < ruleset.chains.size(); ++c) {
    const Chain& chain = ruleset.chains[c];
    if (!needed[c] && chain.lines.size() == 1 && !chain.lines[0].condition &&
        final_verdict(chain.lines[0].verdict)) {
      out[c] = &chain.lines[0].verdict;
    }
  }
  return out;
}

}  // namespace faultc::ruleset
