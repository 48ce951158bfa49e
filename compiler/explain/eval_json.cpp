#include "compiler/explain/eval_json.hpp"

#include <fmt/format.h>

#include "compiler/source/json_escape.hpp"
#include "compiler/eval/packet_text.hpp"
#include "compiler/explain/verdict_text.hpp"
#include "compiler/parse/words.hpp"

namespace faultc {

namespace {

const char* step_name(eval::Step::Kind kind) {
  switch (kind) {
    case eval::Step::Kind::other_hook: return "other_hook";
    case eval::Step::Kind::inactive: return "inactive";
    case eval::Step::Kind::not_selected: return "not_selected";
    case eval::Step::Kind::entered: return "entered";
    case eval::Step::Kind::logged: return "logged";
    case eval::Step::Kind::may_drop: return "may_drop";
    case eval::Step::Kind::may_limit: return "may_limit";
    case eval::Step::Kind::allowed: return "allowed";
    case eval::Step::Kind::dropped: return "dropped";
    case eval::Step::Kind::rejected: return "rejected";
    case eval::Step::Kind::passed: return "passed";
  }
  return "entered";
}

// Probabilities are products of user percentages: 12 significant digits
// are more than they carry, and hide binary rounding (0.30000000000000004).
std::string number(double value) {
  return fmt::format("{:.12g}", value);
}

// The deciding line: where it is, its rule and the action's text.
std::string line_json(const std::optional<Span>& span, std::size_t rule, const ir::Scenario& scenario,
                      const SourceMap& sources) {
  if (!span) return "null";
  const ir::Action* action = action_holding(scenario, *span);
  const std::string text = excerpt(action != nullptr ? action->span : *span, sources, 200);
  const SourceFile& file = sources.file(span->file);
  const LineColumn at = file.locate(span->begin);
  return fmt::format(R"({{"file":{},"line":{},"column":{},"rule":{},"action":{}}})", json_string(file.name()), at.line,
                     at.column, rule, json_string(text));
}

}  // namespace

std::string position_json(Span span, const SourceMap& sources) {
  const SourceFile& file = sources.file(span.file);
  const LineColumn at = file.locate(span.begin);
  return fmt::format(R"({{"file":{},"line":{},"column":{}}})", json_string(file.name()), at.line, at.column);
}

std::string packet_json(const eval::Packet& p) {
  return fmt::format(R"({{"direction":"{}","family":"{}","protocol":"{}","source":"{}","source_port":{},)"
                     R"("destination":"{}","destination_port":{},"in_interface":{},"out_interface":{},)"
                     R"("flags":"{}","flags_value":{},"state":"{}","payload_length":{},"icmp_type":{},)"
                     R"("icmp_code":{},"length":{},"syntax":{}}})",
                     word(p.direction), p.family == ir::Family::ipv4 ? "ipv4" : "ipv6", word(p.protocol),
                     address_text(p.family, p.source), p.source_port, address_text(p.family, p.destination),
                     p.destination_port, json_string(p.in_interface), json_string(p.out_interface), flags_text(p.flags),
                     p.flags, state_text(p.state), p.payload_length, p.icmp_type, p.icmp_code, p.length,
                     json_string(packet_syntax(p)));
}

std::string verdict_json(const eval::Verdict& v, const ir::Scenario& scenario, const SourceMap& sources) {
  std::vector<std::string> hazards;
  for (const eval::Hazard& h : v.hazards) {
    const bool random = h.kind == eval::Hazard::Kind::random_drop;
    // A limit per source or per connection names the packet's bucket.
    const std::string bucket = h.bucket.empty() ? std::string() : fmt::format(R"(,"bucket":{})", json_string(h.bucket));
    hazards.push_back(fmt::format(R"({{"kind":"{}","probability":{},"line":{}{}}})",
                                  random ? "random_drop" : "rate_limit", random ? number(h.probability) : "null",
                                  line_json(h.span, h.rule_number, scenario, sources), bucket));
  }
  std::vector<std::string> trace;
  for (const eval::Step& s : v.trace) {
    const bool on_line = s.kind != eval::Step::Kind::other_hook && s.kind != eval::Step::Kind::inactive &&
                         s.kind != eval::Step::Kind::not_selected && s.kind != eval::Step::Kind::entered &&
                         s.kind != eval::Step::Kind::passed;
    trace.push_back(fmt::format(R"({{"rule":{},"step":"{}","reason":{},"line":{}}})", s.rule_number, step_name(s.kind),
                                s.reason.empty() ? "null" : json_string(s.reason),
                                on_line ? line_json(s.span, s.rule_number, scenario, sources) : "null"));
  }
  // Only on a protected packet: what spared it, in words.
  const std::string spared =
      v.protected_by ? fmt::format(R"(,"protected_by":{})", json_string(protection_text(*v.protected_by, sources)))
                     : std::string();
  return fmt::format(
      R"({{"verdict":"{}","summary":{},"otherwise":"{}","drop_probability":{},"decided_by":{},"fate_by":{},)"
      R"("hazards":[{}],"after_end":{},"trace":[{}]{}}})",
      word(v.kind), json_string(verdict_summary(v)), word(v.otherwise), number(v.drop_probability),
      line_json(v.decided_by, v.decided_rule, scenario, sources), line_json(v.fate_by, v.fate_rule, scenario, sources),
      fmt::join(hazards, ","), v.after_end ? "true" : "false", fmt::join(trace, ","), spared);
}

}  // namespace faultc
