// faultc's command line: argument parsing and dispatch only. Each
// subcommand lives in its own file and returns the exit code.
#include <fmt/format.h>

#include <CLI/CLI.hpp>

#include "tools/faultc/compile_command.hpp"
#include "tools/faultc/explain_command.hpp"
#include "tools/faultc/fmt_command.hpp"
#include "tools/faultc/lint_command.hpp"
#include "tools/faultc/plan_command.hpp"
#include "tools/faultc/run_commands.hpp"
#include "tools/faultc/test_command.hpp"
#include "tools/faultc/cli_common.hpp"

int main(int argc, char** argv) {
  using namespace faultc;
  using namespace faultc::cli;
  CLI::App app{"faultc: compile .fault network-fault scenarios to iptables and nft, and run them safely", "faultc"};
  app.set_version_flag("--version", fmt::format("faultc {}", FAULTC_VERSION));
  app.require_subcommand(1);

  int exit_code = kOk;
  LintOptions check, lint;
  add_check_command(app, check, exit_code);
  add_lint_command(app, lint, exit_code);
  CompileOptions compile;
  add_compile_command(app, compile, exit_code);
  TestOptions test;
  add_test_command(app, test, exit_code);
  ExplainOptions explain;
  add_explain_command(app, explain, exit_code);
  PlanOptions plan;
  add_plan_command(app, plan, exit_code);
  FmtOptions fmt_options;
  add_fmt_command(app, fmt_options, exit_code);
  RunCommands run_commands;
  add_run_commands(app, run_commands, exit_code);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kUsage;
  }
  return exit_code;
}
