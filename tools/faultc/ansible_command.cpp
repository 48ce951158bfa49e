#include "tools/faultc/ansible_command.hpp"

#include <fmt/format.h>

#include <fstream>

#include "compiler/diagnostics/render_text.hpp"
#include "compiler/driver/fleet_ansible.hpp"
#include "compiler/source/write_directory.hpp"
#include "tools/faultc/cli_common.hpp"

namespace faultc::cli {

namespace {

// The options of a single-host artifact mean nothing to a fleet run.
bool refuse_single_host_options(const CompileOptions& options) {
  const char* given = !options.at.empty()      ? "--at"
                      : !options.start.empty() ? "--start"
                      : options.teardown       ? "--teardown"
                      : options.priority       ? "--priority"
                                               : nullptr;
  if (given) fmt::print(stderr, "faultc: error: {} does not apply to -t ansible\n", given);
  return given != nullptr;
}

// The fleet file's plan. fleet::plan_fleet is the fleet front end's (branch
// fleetlang); until it is merged here, no file is a fleet file.
std::optional<fleet::Plan> load_plan(const CompileOptions&, SourceMap&, FileId, Diagnostics&) {
  fmt::print(stderr, "faultc: error: -t ansible needs a fleet file (with `node` statements), which this build "
                     "cannot read yet\n");
  return std::nullopt;
}

}  // namespace

bool is_ansible_output(const std::string& dir) {
  std::ifstream site(dir + "/site.yml");
  std::string first;
  return site && std::getline(site, first) && first.starts_with(ansible::kSiteHeader);
}

int run_compile_ansible(const CompileOptions& options) {
  if (options.output.empty() || options.output == "-") {
    fmt::print(stderr, "faultc: error: -t ansible writes a directory: name it with -o DIR\n");
    return kUsage;
  }
  if (refuse_single_host_options(options)) return kUsage;
  SourceMap sources;
  std::vector<FileId> ids;
  if (!load_sources({options.file}, sources, ids)) return kUsage;
  Diagnostics diagnostics;
  const std::optional<fleet::Plan> plan = load_plan(options, sources, ids.front(), diagnostics);
  std::optional<ansible::Output> output;
  if (plan) {
    AnsibleCompile compiled = compile_ansible(*plan, sources, sources.file(ids.front()).name());
    diagnostics.insert(diagnostics.end(), compiled.diagnostics.begin(), compiled.diagnostics.end());
    output = std::move(compiled.output);
  }
  fmt::print(stderr, "{}", render_text(diagnostics, sources, TextStyle{use_color(stderr)}));
  if (!output || !output->ok()) {
    if (output) {
      for (const std::string& error : output->errors) fmt::print(stderr, "faultc: error: {}\n", error);
    }
    fmt::print(stderr, "{}", summary(diagnostics));
    return kFindings;
  }
  if (auto problem = write_directory_atomically(options.output, output->files, is_ansible_output)) {
    fmt::print(stderr, "faultc: error: {}\n", *problem);
    return kUsage;
  }
  return kOk;
}

}  // namespace faultc::cli
