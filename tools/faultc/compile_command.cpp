#include "tools/faultc/compile_command.hpp"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <ctime>

#include "compiler/diagnostics/render_text.hpp"
#include "compiler/driver/artifact.hpp"
#include "compiler/driver/pipeline.hpp"
#include "compiler/emit/emit.hpp"
#include "compiler/lower/lower.hpp"
#include "compiler/parse/parse.hpp"
#include "tools/faultc/ansible_command.hpp"
#include "tools/faultc/cli_common.hpp"
#include "tools/faultc/compile_outputs.hpp"

namespace faultc::cli {

void add_compile_command(CLI::App& app, CompileOptions& options, int& exit_code) {
  CLI::App* compile = app.add_subcommand("compile", "Compile .fault files to nft scripts, iptables shell "
                                                    "scripts or iptables-restore files (--check: exit 1 when "
                                                    "the files -o names are not in sync); a fleet file to an "
                                                    "Ansible run (-t ansible -o DIR)");
  compile->add_option("files", options.files,
                      "The scenarios (`-` reads standard input); several compile into the folder -o DIR/ names")
      ->required();
  compile->add_option("-t,--target", options.target, "Backend")
      ->check(CLI::IsMember({"nft", "iptables", "iptables-restore", "ip6tables-restore", "ansible"}))
      ->default_str("nft");
  compile->add_option("-o,--output", options.output,
                      "Write here (atomically) instead of standard output; DIR/ (or an existing DIR with several "
                      "files): into that folder as NAME.nft, NAME.sh, NAME.v4.rules, NAME.v6.rules (NAME.teardown.nft, ...); "
                      "-t ansible: the directory");
  compile->add_flag("--check", options.check,
                    "Write nothing: compare with what -o holds, show missing, stale (as a diff) and, in a folder, "
                    "orphaned files, and exit 1 if any");
  compile->add_option("--at", options.at, "Emit the rules active at this offset into the scenario, e.g. 2m30s");
  compile->add_option("--start", options.start,
                      "Bind the windows to absolute UTC times from this start (iptables-restore targets, and "
                      "-t ansible --backend iptables-restore, whose fixed START it is): "
                      "2026-11-27T23:00:00Z or @EPOCH");
  compile->add_option("--backend", options.backend,
                      "-t ansible: what each node loads, nft (the default) or iptables-restore (needs --start)")
      ->check(CLI::IsMember({"nft", "iptables-restore"}));
  compile->add_flag("--teardown", options.teardown, "Print what removes the scenario's objects instead");
  compile->add_option("--priority", options.priority, "nft hook priority (overrides the file's `priority`)");
  add_include_path_option(compile, options.include_dirs);
  compile->callback([&options, &exit_code] { exit_code = run_compile(options); });
}

std::optional<std::int64_t> parse_start_time(const std::string& text) {
  if (text.starts_with('@')) {
    try {
      std::size_t used = 0;
      const long long value = std::stoll(text.substr(1), &used);
      if (used + 1 != text.size() || value < 0) return std::nullopt;
      return value;
    } catch (const std::exception&) {
      return std::nullopt;
    }
  }
  std::tm tm{};
  const char* end = strptime(text.c_str(), "%Y-%m-%dT%H:%M:%S", &tm);
  if (end == nullptr || !(*end == '\0' || (end[0] == 'Z' && end[1] == '\0'))) return std::nullopt;
  return static_cast<std::int64_t>(timegm(&tm));
}

namespace {

// The lowering and printing options the command line asks for, or nothing
// (and a message) for options that contradict each other.
std::optional<ArtifactOptions> artifact_options(const CompileOptions& options) {
  ArtifactOptions out;
  out.target = emit::target_from_name(options.target).value_or(emit::Target::nft);
  const bool restore = out.target == emit::Target::iptables_restore || out.target == emit::Target::ip6tables_restore;
  out.emit.teardown = options.teardown;
  out.lower.priority = options.priority;
  if (!options.at.empty()) {
    out.lower.at_ms = parse_duration_text(options.at);
    if (!out.lower.at_ms) {
      fmt::print(stderr, "faultc: error: --at `{}` is not a duration like 30s, 2m or 1h30m\n", options.at);
      return std::nullopt;
    }
  }
  if (!options.start.empty()) {
    if (!restore) {
      fmt::print(stderr, "faultc: error: --start binds iptables-restore files to wall-clock times; the {} target "
                         "follows the timeline by itself\n", options.target);
      return std::nullopt;
    }
    if (out.lower.at_ms) {
      fmt::print(stderr, "faultc: error: --at and --start cannot be combined\n");
      return std::nullopt;
    }
    out.emit.start_unix = parse_start_time(options.start);
    if (!out.emit.start_unix) {
      fmt::print(stderr, "faultc: error: --start `{}` is not a UTC time like 2026-11-27T23:00:00Z or @EPOCH\n",
                 options.start);
      return std::nullopt;
    }
  }
  // nft gates and the shell script's time matches carry the windows; a
  // restore file can only with --start.
  // A teardown removes objects whatever their windows.
  out.lower.follows_timeline = !restore || out.emit.start_unix.has_value() || options.teardown;
  return out;
}

// One scenario compiled as the options ask, its diagnostics printed: the
// artifact's text, or the exit status why there is none. `--check` compares
// the very bytes a compile would write: both come from here.
struct CompiledFile {
  std::optional<std::string> artifact;
  int status = kOk;
};

CompiledFile compile_one(const std::string& file, const CompileOptions& options, const ArtifactOptions& chosen) {
  SourceMap sources;
  std::vector<FileId> ids;
  if (!load_sources({file}, sources, ids)) return {std::nullopt, kUsage};
  Compilation c = compile_front(sources, ids.front(), {}, read_included_file, KeepAst::no, options.include_dirs);
  Diagnostics diagnostics = c.diagnostics;
  std::optional<std::string> artifact;
  if (c.ok()) {
    // Each stage's input is freed once the next is built: at a million rules
    // the AST, the IR and the ruleset together would not fit the memory
    // budget (docs/performance.md).
    c.program = {};
    auto compiled = compile_artifact(std::move(*c.scenario), sources, chosen);
    diagnostics.insert(diagnostics.end(), compiled.diagnostics.begin(), compiled.diagnostics.end());
    if (compiled.ok()) artifact = std::move(compiled.value);
  }
  fmt::print(stderr, "{}", render_text(diagnostics, sources, TextStyle{use_color(stderr)}));
  if (!artifact) {
    if (!has_errors(diagnostics) && c.fleet) {
      fmt::print(stderr, "faultc: error: a fleet scenario compiles with -t ansible -o DIR; one node's scenario "
                         "is `faultc plan FILE --node NAME`, which compiles like any other\n");
    } else if (!has_errors(diagnostics)) {
      fmt::print(stderr, "faultc: error: nothing was compiled\n");
    }
    fmt::print(stderr, "{}", summary(diagnostics));
    return {std::nullopt, kFindings};
  }
  return {std::move(artifact), kOk};
}

// A fleet's Ansible run is a directory of its own (ansible_command.cpp).
int run_compile_fleet(const CompileOptions& options) {
  if (options.check) {
    fmt::print(stderr, "faultc: error: --check does not apply to -t ansible: compile into a scratch directory "
                       "and compare with `diff -r`\n");
    return kUsage;
  }
  if (options.files.size() > 1) {
    fmt::print(stderr, "faultc: error: -t ansible compiles one fleet file at a time\n");
    return kUsage;
  }
  return run_compile_ansible(options);
}

}  // namespace

int run_compile(const CompileOptions& options) {
  if (options.target == "ansible") return run_compile_fleet(options);
  if (!options.backend.empty()) {
    fmt::print(stderr, "faultc: error: --backend chooses what the nodes of -t ansible load; -t {} is the backend\n",
               options.target);
    return kUsage;
  }
  const std::optional<ArtifactOptions> chosen = artifact_options(options);
  if (!chosen) return kUsage;
  const std::optional<OutputPlan> plan = plan_outputs(options, chosen->target);
  if (!plan) return kUsage;
  if (!options.check && !make_folder(*plan)) return kUsage;
  int status = kOk;
  CheckCounts counts;
  for (const ArtifactDestination& destination : plan->destinations) {
    const CompiledFile compiled = compile_one(destination.source, options, *chosen);
    status = std::max(status, compiled.status);
    if (!compiled.artifact) continue;
    if (options.check) {
      check_output(destination, *compiled.artifact, counts);
    } else {
      status = std::max(status, write_output(destination, options, chosen->target, *compiled.artifact));
    }
  }
  if (!options.check) return status;
  if (!plan->folder.empty()) check_orphans(*plan, chosen->target, options.teardown, counts);
  return std::max(status, report_check(counts));
}

}  // namespace faultc::cli
