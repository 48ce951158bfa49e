#include "tools/faultc/run_commands.hpp"

#include <fmt/format.h>

#include <CLI/CLI.hpp>

#include "runtime/watchdog.hpp"
#include "tools/faultc/cli_common.hpp"

namespace faultc::cli {

void add_run_commands(CLI::App& app, RunCommands& o, int& exit_code) {
  CLI::App* run = app.add_subcommand("run", "Apply a scenario, follow it live, and take it back (as root)");
  run->add_option("file", o.run.file, "The scenario")->required();
  run->add_option("-t,--target", o.run.target, "Backend")
      ->check(CLI::IsMember({"nft", "iptables", "iptables-legacy"}))
      ->default_str("nft");
  run->add_flag("--dry-run", o.run.dry_run, "Print the artifact and the plan; touch nothing");
  run->add_flag("--replace", o.run.replace, "Restart the scenario if it is already active");
  run->add_flag("--json", o.run.json, "One JSON event per line");
  run->callback([&o, &exit_code] { exit_code = runtime::run(o.run); });

  CLI::App* revert = app.add_subcommand("revert", "Remove a scenario's kernel objects now (idempotent)");
  revert->add_option("name", o.revert.name, "The scenario's name or kernel id");
  revert->add_flag("--all", o.revert.all, "Remove every faultc object, including ones left by a crash");
  revert->callback([&o, &exit_code] {
    if (o.revert.name.empty() == !o.revert.all) {
      fmt::print(stderr, "faultc: error: revert takes a scenario name or --all\n");
      exit_code = kUsage;
      return;
    }
    exit_code = runtime::revert(o.revert);
  });

  CLI::App* status = app.add_subcommand("status", "Active scenarios, time left and counters");
  status->add_flag("--json", o.status_json, "One JSON document");
  status->callback([&o, &exit_code] { exit_code = runtime::status(o.status_json); });

  // The detached dead-man `run` starts; not for people.
  CLI::App* watchdog = app.add_subcommand("__watchdog", "");
  watchdog->group("");
  watchdog->add_option("id", o.watchdog_id)->required();
  watchdog->callback([&o, &exit_code] { exit_code = runtime::watchdog_main(o.watchdog_id); });
}

}  // namespace faultc::cli
