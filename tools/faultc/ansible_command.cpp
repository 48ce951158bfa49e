#include "tools/faultc/ansible_command.hpp"

#include <fmt/format.h>

#include <fstream>

#include "compiler/diagnostics/render_text.hpp"
#include "compiler/driver/fleet_ansible.hpp"
#include "compiler/driver/pipeline.hpp"
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
  if (!load_sources({options.files.front()}, sources, ids)) return kUsage;
  Compilation c = compile_front(sources, ids.front(), {}, read_included_file, KeepAst::yes, options.include_dirs);
  Diagnostics diagnostics = c.diagnostics;
  if (!has_errors(diagnostics) && !c.fleet) {
    fmt::print(stderr, "faultc: error: -t ansible needs a fleet scenario (one with `node` statements, "
                       "docs/fleet.md); compile a single host's with -t nft or -t iptables\n");
    return kFindings;
  }
  std::optional<ansible::Output> output;
  if (c.fleet_ok()) {
    AnsibleCompile compiled = compile_ansible(*c.fleet, c.nodes, sources);
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
