#include "tools/faultc/test_command.hpp"

#include <fmt/format.h>

#include <deque>

#include <CLI/CLI.hpp>

#include "compiler/diagnostics/render_github.hpp"
#include "compiler/diagnostics/render_text.hpp"
#include "compiler/driver/fleet_front.hpp"
#include "compiler/driver/pipeline.hpp"
#include "compiler/eval/packet_text.hpp"
#include "compiler/explain/eval_json.hpp"
#include "compiler/explain/expect_check.hpp"
#include "compiler/explain/verdict_text.hpp"
#include "compiler/parse/words.hpp"
#include "compiler/source/duration_text.hpp"
#include "compiler/source/json_escape.hpp"
#include "compiler/source/printable.hpp"
#include "tools/faultc/cli_common.hpp"

namespace faultc::cli {

namespace {

// One file's expects, or why they could not be checked.
struct FileRun {
  FileId id = 0;
  Compilation compilation;
  // One report per scenario: the file's, or each node's of a fleet (whose
  // expects are placed in the fleet file, where they are written), with
  // the index of its node. An index, not a pointer: the run is moved.
  std::vector<std::pair<std::optional<std::size_t>, ExpectReport>> reports;

  const ir::Scenario& scenario_of(const std::optional<std::size_t>& node) const {
    return node ? *compilation.nodes[*node].compilation.scenario : *compilation.scenario;
  }
  bool checked = false;
  Diagnostics errors;  // what kept the expects from being checked
};

std::string expect_words(const ExpectOutcome& o, const SourceMap& sources) {
  return excerpt(o.expect.span, sources, 200);
}

std::string found_words(const ExpectOutcome& o) {
  return verdict_summary(o.verdict);
}

std::string failure_text(const ExpectOutcome& o, const ir::Scenario& scenario, const SourceMap& sources) {
  std::string out = fmt::format("{}: FAIL: `{}`\n", location_text(o.expect.span, sources), expect_words(o, sources));
  out += fmt::format("  expected: {} at {}\n", word(o.expect.verdict), format_duration(o.expect.at_ms));
  out += fmt::format("  found:    {}\n", found_words(o));
  out += fmt::format("  because:  {}\n", failure_reason(o.expect.verdict, o.verdict, scenario, sources));
  out += fmt::format("  packet:   {}\n", packet_text(o.packet));
  for (const std::string& line : trace_lines(o.verdict, scenario, sources)) out += fmt::format("    {}\n", line);
  return out;
}

std::string github_text(const ExpectOutcome& o, const ir::Scenario& scenario, const SourceMap& sources) {
  const SourceFile& file = sources.file(o.expect.span.file);
  const LineColumn at = file.locate(o.expect.span.begin);
  const std::string message =
      fmt::format("expected {}, found {}: {}\npacket: {}", word(o.expect.verdict), found_words(o),
                  failure_reason(o.expect.verdict, o.verdict, scenario, sources), packet_text(o.packet));
  return fmt::format("::error file={},line={},col={},title={}::{}\n", github_escape_property(file.name()), at.line,
                     at.column, github_escape_property("faultc test"), github_escape_data(message));
}

std::string outcome_json(const ExpectOutcome& o, const ir::Scenario& scenario, const SourceMap& sources) {
  const SourceFile& file = sources.file(o.expect.span.file);
  const LineColumn at = file.locate(o.expect.span.begin);
  return fmt::format(
      R"({{"file":{},"line":{},"column":{},"expect":{},"expected":"{}","at_ms":{},"passed":{},"found":{},)"
      R"("reason":{},"packet":{},"result":{}}})",
      json_string(file.name()), at.line, at.column, json_string(expect_words(o, sources)), word(o.expect.verdict),
      o.expect.at_ms, o.passed ? "true" : "false", json_string(found_words(o)),
      o.passed ? "null" : json_string(failure_reason(o.expect.verdict, o.verdict, scenario, sources)),
      packet_json(o.packet), verdict_json(o.verdict, scenario, sources));
}

FileRun run_file(SourceMap& sources, FileId id, const std::vector<std::string>& include_dirs) {
  FileRun run;
  run.id = id;
  run.compilation = compile_front(sources, id, {}, read_included_file, KeepAst::yes, include_dirs);
  for (const Diagnostic& d : run.compilation.diagnostics) {
    if (d.severity == Severity::error) run.errors.push_back(d);
  }
  const auto check = [&](const ir::Scenario& scenario, const fleet::Node* node, std::optional<std::size_t> index) {
    auto checked = check_expects(scenario, sources);
    for (const Diagnostic& d : checked.diagnostics) {
      if (d.severity == Severity::error) run.errors.push_back(d);
    }
    if (!checked.ok()) return false;
    if (node != nullptr) {
      for (ExpectOutcome& o : checked.value->outcomes) o.expect.span = fleet_span(o.expect.span, *node);
    }
    run.reports.emplace_back(index, std::move(*checked.value));
    return true;
  };
  if (run.compilation.fleet_ok()) {
    bool all = true;
    for (std::size_t i = 0; i < run.compilation.nodes.size(); ++i) {
      all = check(*run.compilation.nodes[i].compilation.scenario, &run.compilation.fleet->nodes[i], i) && all;
    }
    run.checked = all;
  } else if (run.compilation.ok()) {
    run.checked = check(*run.compilation.scenario, nullptr, std::nullopt);
  }
  return run;
}

}  // namespace

void add_test_command(CLI::App& app, TestOptions& options, int& exit_code) {
  CLI::App* test = app.add_subcommand(
      "test", "Check the `expect` lines of .fault files (exit 0 all pass, 1 a failure, 2 usage or I/O)");
  test->add_option("files", options.files, "Files to test (`-` reads standard input)")->required();
  test->add_option("--format", options.format, "Output format")
      ->check(CLI::IsMember({"text", "json", "github"}))
      ->default_str("text");
  test->add_flag("-v,--verbose", options.verbose, "List the expects that pass too (text format)");
  add_include_path_option(test, options.include_dirs);
  test->callback([&options, &exit_code] { exit_code = run_test(options); });
}

int run_test(const TestOptions& options) {
  SourceMap sources;
  std::vector<FileId> ids;
  const bool all_read = load_sources(options.files, sources, ids);
  std::deque<FileRun> runs;  // a deque: a compilation is never copied or moved once made
  for (FileId id : ids) runs.push_back(run_file(sources, id, options.include_dirs));

  std::size_t passed = 0, failed = 0, broken = 0;
  std::string out;
  std::vector<std::string> json_files;
  for (const FileRun& run : runs) {
    const std::string& name = sources.file(run.id).name();
    if (!run.checked) {
      ++broken;
      if (options.format == "github") {
        out += render_github(run.errors, sources);
      } else {
        fmt::print(stderr, "{}", render_text(run.errors, sources, TextStyle{use_color(stderr)}));
        fmt::print(stderr, "faultc: {}: does not compile; its expect lines were not checked\n", printable(name));
      }
      json_files.push_back(fmt::format(R"({{"file":{},"compiled":false,"expects":[]}})", json_string(name)));
      continue;
    }
    std::vector<std::string> json_expects;
    std::size_t outcomes = 0;
    for (const auto& [node, report] : run.reports) {
      const ir::Scenario& scenario = run.scenario_of(node);
      outcomes += report.outcomes.size();
      for (const ExpectOutcome& o : report.outcomes) {
        (o.passed ? passed : failed) += 1;
        if (options.format == "json") {
          json_expects.push_back(outcome_json(o, scenario, sources));
        } else if (options.format == "github") {
          if (!o.passed) out += github_text(o, scenario, sources);
        } else if (!o.passed) {
          out += failure_text(o, scenario, sources);
        } else if (options.verbose) {
          out += fmt::format("{}: ok: `{}` ({})\n", location_text(o.expect.span, sources), expect_words(o, sources),
                             found_words(o));
        }
      }
    }
    if (outcomes == 0 && options.format == "text" && options.verbose) {
      out += fmt::format("{}: no expect lines\n", printable(name));
    }
    json_files.push_back(fmt::format(R"({{"file":{},"compiled":true,"expects":[{}]}})", json_string(name),
                                     fmt::join(json_expects, ",")));
  }
  if (options.format == "json") {
    out = fmt::format(R"({{"version":1,"files":[{}],"passed":{},"failed":{},"not_compiled":{}}})"
                      "\n",
                      fmt::join(json_files, ","), passed, failed, broken);
  } else if (options.format == "text") {
    out += fmt::format("{} expect{} passed, {} failed", passed, passed == 1 ? "" : "s", failed);
    if (broken > 0) out += fmt::format(", {} file{} did not compile", broken, broken == 1 ? "" : "s");
    out += "\n";
  }
  // The text report quotes the scenario: no control byte reaches the terminal.
  fmt::print("{}", options.format == "text" ? printable_lines(out) : out);
  if (!all_read) return kUsage;
  return failed > 0 || broken > 0 ? kFindings : kOk;
}

}  // namespace faultc::cli
