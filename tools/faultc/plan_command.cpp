#include "tools/faultc/plan_command.hpp"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>

#include "compiler/diagnostics/render_text.hpp"
#include "compiler/driver/pipeline.hpp"
#include "compiler/fleet/plan_text.hpp"
#include "compiler/source/printable.hpp"
#include "tools/faultc/cli_common.hpp"

namespace faultc::cli {

void add_plan_command(CLI::App& app, PlanOptions& options, int& exit_code) {
  CLI::App* plan = app.add_subcommand(
      "plan", "Print a fleet scenario's plan: nodes, seeded choices, who drops whom when, each node's scenario");
  plan->add_option("file", options.file, "The fleet scenario (`-` reads standard input)")->required();
  plan->add_flag("--json", options.json, "The nodes and the phases as JSON");
  plan->add_option("--node", options.node, "Print only this node's single-host scenario (a .fault text)");
  add_include_path_option(plan, options.include_dirs);
  plan->callback([&options, &exit_code] { exit_code = run_plan(options); });
}

int run_plan(const PlanOptions& options) {
  SourceMap sources;
  std::vector<FileId> ids;
  if (!load_sources({options.file}, sources, ids)) return kUsage;
  Compilation c = compile_front(sources, ids.front(), {}, read_included_file, KeepAst::yes, options.include_dirs);
  fmt::print(stderr, "{}", render_text(c.diagnostics, sources, TextStyle{use_color(stderr)}));
  if (!has_errors(c.diagnostics) && !c.fleet) {
    fmt::print(stderr, "faultc: error: {} declares no `node`: a plan is for a fleet scenario (docs/fleet.md)\n",
               sources.file(ids.front()).name());
    return kFindings;
  }
  if (!c.fleet_ok()) {
    fmt::print(stderr, "{}", summary(c.diagnostics));
    return kFindings;
  }
  const fleet::Plan& plan = *c.fleet;
  if (!options.node.empty()) {
    const auto node = std::find_if(plan.nodes.begin(), plan.nodes.end(),
                                   [&](const fleet::Node& n) { return n.name == options.node; });
    if (node == plan.nodes.end()) {
      fmt::print(stderr, "faultc: error: the fleet has no node named `{}`\n", printable(options.node));
      return kUsage;
    }
    fmt::print("{}", node->scenario);
    return kOk;
  }
  fmt::print("{}", options.json ? fleet::plan_json(plan) : fleet::plan_text(plan, true));
  return kOk;
}

}  // namespace faultc::cli
