#include "compiler/emit/emit.hpp"

#include <fmt/compile.h>
#include <fmt/format.h>

#include <ctime>
#include <set>

#include "compiler/emit/iptables_match.hpp"
#include "compiler/emit/text_safety.hpp"

namespace faultc::emit {

namespace {

using namespace ruleset;

// The limits of the chosen tool, for text that came from the user.
Diagnostics check_limits(const Ruleset& r, Target target) {
  Diagnostics out;
  const bool nft = target == Target::nft;
  const std::size_t prefix_limit = nft ? kNftLogPrefix : kIptablesLogPrefix;
  const std::size_t comment_limit = nft ? kNftComment : kIptablesComment;
  const char* tool = nft ? "nft" : "iptables";
  std::set<std::uint32_t> reported;  // a prefix once, however many lines it prints on
  const bool plain_comments = is_plain_text(r.comment_file);  // the rest of a comment is digits
  const CommentLimit comments(r, comment_limit);
  for (const Chain& chain : r.chains) {
    for (const Line& line : chain.lines) {
      const std::string_view prefix = line.verdict.prefix();
      const Span prefix_span = line.verdict.log_prefix_span.end ? line.verdict.log_prefix_span : line.span;
      const bool log = line.verdict.kind == Verdict::Kind::log && reported.insert(prefix_span.begin).second;
      if (log && !is_plain_text(prefix)) {
        out.push_back(make_diagnostic(Code::F031, prefix_span,
                                      "this log prefix has characters the kernel log and the firewall tools cannot "
                                      "carry safely",
                                      "use printable ASCII without quotes, backslashes, `$` or backticks"));
      } else if (log && prefix.size() > prefix_limit) {
        out.push_back(make_diagnostic(
            Code::F031, prefix_span,
            fmt::format("this log prefix has {} characters; {} takes at most {}", prefix.size(), tool, prefix_limit),
            "shorten it; faultc never cuts it silently"));
      }
      const auto& limit = line.match().over_limit;
      if (!nft && limit && limit->bytes && limit->burst < iptables_bytes_per_second(*limit)) {
        out.push_back(make_diagnostic(
            Code::W107, line.span,
            fmt::format("iptables' hashlimit needs a byte burst of at least one second of the rate; the burst is "
                        "raised from {} to {} bytes",
                        limit->burst, iptables_bytes_per_second(*limit)),
            "write `burst` of at least one second's bytes, or use the nft target, which takes the burst as written"));
      }
      const Comment line_comment = comment(r, line);
      if (!plain_comments || comments.exceeded_by(line_comment)) {
        out.push_back(make_diagnostic(Code::F031, line.span,
                                      fmt::format("the rule comment `{}` is longer than {} allows or has unsafe "
                                                  "characters",
                                                  comment_text(fmt::to_string(line_comment)), tool),
                                      "rename the scenario file to a short name of letters, digits, `.`, `-`, `_`"));
        return out;
      }
    }
  }
  if (!nft) {
    // A negated address list becomes RETURN guards in the rule's chain,
    // which is right only when one jump per family enters that chain.
    const JumpsByChain jumps_into(r);
    for (std::size_t c = 0; c < jumps_into.size(); ++c) {
      const std::span<const std::size_t> into_chain = jumps_into[c];
      for (Family family : {Family::ipv4, Family::ipv6}) {
        std::size_t jumps = 0;
        bool negated = false;
        Span at;
        for (std::size_t j : into_chain) {
          const Jump& jump = r.jumps[j];
          if (jump.match.family && *jump.match.family != family) continue;
          ++jumps;
          for (const auto* side : {&jump.match.source, &jump.match.destination}) {
            if (negated_address_list(*side)) {
              negated = true;
              at = jump.span;
            }
          }
        }
        if (negated && jumps > 1) {
          out.push_back(make_diagnostic(Code::F031, at,
                                        "iptables cannot negate a set of addresses in a rule with several flows",
                                        "use the nft target, or split the rule into one rule per direction"));
          return out;
        }
      }
    }
  }
  return out;
}

std::string utc_time(std::uint64_t ms, void* context) {
  const auto start = *static_cast<const std::int64_t*>(context);
  const std::time_t t = static_cast<std::time_t>(start + static_cast<std::int64_t>(ms / 1000));
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%S", &tm);
  return buffer;
}

std::string restore_header(const Ruleset& r, Family family, const EmitOptions& options) {
  const char* tool = family == Family::ipv4 ? "iptables" : "ip6tables";
  std::string out = fmt::format("# faultc {}-restore file: scenario \"{}\"\n", tool, comment_text(r.scenario_name));
  out += "# Generated by faultc from the scenario file; do not edit.\n";
  if (options.teardown) {
    out += fmt::format("# Removes the scenario's chains and jumps: {}-restore --noflush < FILE\n", tool);
    return out;
  }
  out += fmt::format("# Load: {}-restore --noflush < FILE   (creates only FAULTC-{} chains and their jumps)\n", tool,
                     r.id);
  out += "# Remove: the file from `faultc compile --teardown`, or `faultc revert`.\n";
  if (options.start_unix) {
    out += "# Every jump carries -m time windows bound to the --start time (UTC): the kernel\n"
           "# stops matching at the end with no process alive.\n";
  } else {
    out += "# This file has no time match, so nothing takes it back by itself: for a dead-man,\n"
           "# compile with --start TIME, or use `faultc run` or the `iptables` target.\n";
  }
  return out;
}

}  // namespace

std::optional<Target> target_from_name(std::string_view name) {
  if (name == "nft") return Target::nft;
  if (name == "iptables") return Target::iptables;
  if (name == "iptables-restore") return Target::iptables_restore;
  if (name == "ip6tables-restore") return Target::ip6tables_restore;
  return std::nullopt;
}

Result<std::string> emit(const Ruleset& r, Target target, const EmitOptions& options) {
  Result<std::string> result;
  result.diagnostics = check_limits(r, target);
  if (has_errors(result.diagnostics)) return result;
  switch (target) {
    case Target::nft: result.value = options.teardown ? emit_nft_teardown(r) : emit_nft(r, options.parallel_from); break;
    case Target::iptables: result.value = emit_iptables_sh(r, options.parallel_from); break;
    case Target::iptables_restore:
    case Target::ip6tables_restore: {
      const Family family = target == Target::iptables_restore ? Family::ipv4 : Family::ipv6;
      std::int64_t start = options.start_unix.value_or(0);
      const TimeBinding time = options.start_unix ? TimeBinding{utc_time, &start} : TimeBinding{};
      std::string text = restore_header(r, family, options);
      if (options.teardown) {
        text += emit_iptables_teardown(r, family);
      } else {
        text = emit_iptables_restore(r, family, time, std::move(text), options.parallel_from);
      }
      result.value = std::move(text);
      break;
    }
  }
  return result;
}

}  // namespace faultc::emit
