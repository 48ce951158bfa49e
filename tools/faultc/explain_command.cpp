#include "tools/faultc/explain_command.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <CLI/CLI.hpp>

#include "compiler/analyze/names.hpp"
#include "compiler/analyze/packet.hpp"
#include "compiler/diagnostics/render_text.hpp"
#include "compiler/driver/pipeline.hpp"
#include "compiler/fleet/plan_text.hpp"
#include "compiler/eval/packet_text.hpp"
#include "compiler/explain/describe_rule.hpp"
#include "compiler/explain/eval_json.hpp"
#include "compiler/explain/expect_check.hpp"
#include "compiler/explain/timeline_text.hpp"
#include "compiler/explain/verdict_text.hpp"
#include "compiler/parse/parse.hpp"
#include "compiler/source/duration_text.hpp"
#include "compiler/source/json_escape.hpp"
#include "compiler/source/printable.hpp"
#include "tools/faultc/cli_common.hpp"

namespace faultc::cli {

namespace {

struct Explained {
  eval::Packet packet;
  eval::Verdict verdict;
};

void print_errors(const Diagnostics& diagnostics, const SourceMap& sources) {
  Diagnostics errors;
  for (const Diagnostic& d : diagnostics) {
    if (d.severity == Severity::error) errors.push_back(d);
  }
  fmt::print(stderr, "{}", render_text(errors, sources, TextStyle{use_color(stderr)}));
}

// The --packet text, read like an expect line's packet and resolved
// against the scenario's names; nothing after printing why not.
std::optional<ir::Packet> read_packet(const std::string& text, SourceMap& sources, const Program& program) {
  const FileId id = sources.add("--packet", text);
  auto parsed = parse_packet(sources, id);
  Diagnostics diagnostics = parsed.diagnostics;
  std::optional<ir::Packet> packet;
  if (parsed.ok()) {
    NameTable names(program, sources, diagnostics);
    diagnostics.clear();  // the scenario's own definitions were checked by the compile
    packet = normalize_packet(*parsed.value, names, sources, diagnostics);
  }
  if (has_errors(diagnostics) || !packet) {
    print_errors(diagnostics, sources);
    return std::nullopt;
  }
  return packet;
}

std::string indent(const std::string& text) {
  std::string out;
  bool line_start = true;
  for (char ch : text) {
    if (line_start && ch != '\n') out += "  ";
    out += ch;
    line_start = ch == '\n';
  }
  return out;
}

std::string rules_text(const ir::Scenario& scenario, const SourceMap& sources) {
  std::string out;
  for (const ir::Rule& rule : scenario.rules) {
    const SourceFile& file = sources.file(rule.span.file);
    out += fmt::format("  rule {} (line {}): `{}`\n", rule.number, file.locate(rule.span.begin).line,
                       excerpt(rule.span, sources, 100));
    const RuleWords words = describe_rule(rule, scenario, sources);
    out += fmt::format("    {:<19} {}\n", "sees:", words.sees);
    out += fmt::format("    {:<19} {}\n", "active:", words.active);
    for (const auto& [label, text] : words.effects) out += fmt::format("    {:<19} {}\n", label + ":", text);
  }
  if (scenario.rules.empty()) out += "  (none)\n";
  return out;
}

std::string trace_text(const Explained& e, const std::string& written, std::uint64_t at, const ir::Scenario& scenario,
                       const SourceMap& sources) {
  std::string out = fmt::format("Packet at {}\n", format_duration(at));
  out += fmt::format("  written:  {}\n", written);
  out += fmt::format("  read as:  {}\n", packet_text(e.packet));
  for (const std::string& line : trace_lines(e.verdict, scenario, sources)) out += fmt::format("  {}\n", line);
  out += fmt::format("  verdict:  {}\n", verdict_summary(e.verdict));
  if (e.verdict.decided_by) {
    out +=
        fmt::format("  decided by {}\n", line_text(*e.verdict.decided_by, e.verdict.decided_rule, scenario, sources));
  }
  return out;
}

}  // namespace

void add_explain_command(CLI::App& app, ExplainOptions& options, int& exit_code) {
  CLI::App* explain =
      app.add_subcommand("explain", "Explain a scenario in words: its timeline, each rule, and how one packet fares");
  explain->add_option("file", options.file, "The scenario (`-` reads standard input)")->required();
  explain->add_option("--at", options.at, "The moment to look at, as an offset into the scenario, e.g. 2m30s");
  explain->add_option("--packet", options.packet,
                      "A packet as expect lines write it, e.g. \"tcp from 10.0.0.5 port 40000 to 10.0.0.1 port 1234 "
                      "flags PSH+ACK\"");
  explain->add_flag("--json", options.json, "Print only the packet's verdict, as one JSON object (needs --packet)");
  explain->add_flag("--chart", options.chart, "Draw the timeline as an ASCII chart (the default on a terminal)");
  explain->add_flag("--no-chart", options.no_chart, "Write the timeline as plain lines (the default otherwise)");
  add_include_path_option(explain, options.include_dirs);
  explain->callback([&options, &exit_code] { exit_code = run_explain(options); });
}

int run_explain(const ExplainOptions& options) {
  std::optional<std::uint64_t> at;
  if (!options.at.empty()) {
    at = parse_duration_text(options.at);
    if (!at) {
      fmt::print(stderr, "faultc: error: --at `{}` is not a duration like 30s, 2m or 1h30m\n", options.at);
      return kUsage;
    }
  }
  if (options.json && options.packet.empty()) {
    fmt::print(stderr, "faultc: error: --json prints a packet's verdict; give the packet with --packet\n");
    return kUsage;
  }
  if (options.chart && options.no_chart) {
    fmt::print(stderr, "faultc: error: --chart and --no-chart cannot be combined\n");
    return kUsage;
  }
  SourceMap sources;
  std::vector<FileId> ids;
  if (!load_sources({options.file}, sources, ids)) return kUsage;
  Compilation c = compile_front(sources, ids.front(), {}, read_included_file, KeepAst::yes, options.include_dirs);
  if (c.fleet_ok()) {
    // A fleet's words are its plan; a node's rules are explained from its
    // own scenario.
    fmt::print("{}\nEach node's scenario: `faultc plan FILE --node NAME`; explain it like any other.\n",
               fleet::plan_text(*c.fleet, false));
    return kOk;
  }
  if (!c.ok()) {
    print_errors(c.diagnostics, sources);
    return kFindings;
  }
  const ir::Scenario& scenario = *c.scenario;
  auto lowered = lower_for_eval(scenario, sources);
  if (!lowered.ok()) {
    print_errors(lowered.diagnostics, sources);
    return kFindings;
  }
  std::optional<Explained> explained;
  if (!options.packet.empty()) {
    auto packet = read_packet(options.packet, sources, c.program);
    if (!packet) return kUsage;
    Explained e;
    e.packet = eval::complete(*packet, *lowered.value);
    e.verdict = eval::evaluate(*lowered.value, e.packet, at.value_or(0));
    explained = std::move(e);
  }
  if (options.json) {
    const std::string verdict = verdict_json(explained->verdict, scenario, sources);
    fmt::print(R"({{"scenario":{},"file":{},"at_ms":{},"packet":{},{})"
               "\n",
               json_string(scenario.name), json_string(sources.file(ids.front()).name()), at.value_or(0),
               packet_json(explained->packet), verdict.substr(1));
    return kOk;
  }
  const bool chart = options.chart || (!options.no_chart && isatty(STDOUT_FILENO) != 0);
  std::string out =
      fmt::format("Scenario \"{}\" ({})\n\n", printable(scenario.name), printable(sources.file(ids.front()).name()));
  out += "Timeline\n";
  out += indent(chart ? timeline_chart(scenario, sources, at) : timeline_lines(scenario, sources, at));
  out += "\nRules\n" + rules_text(scenario, sources);
  out += "\nProtected (no rule touches these packets)\n";
  for (const std::string& line : protection_lines(scenario, sources)) out += fmt::format("  {}\n", line);
  if (explained) out += "\n" + trace_text(*explained, options.packet, at.value_or(0), scenario, sources);
  // Everything above quotes the scenario: no control byte reaches the terminal.
  fmt::print("{}", printable_lines(out));
  return kOk;
}

}  // namespace faultc::cli
