#include "tools/faultc/ansible_command.hpp"

#include <fmt/format.h>

#include <fstream>
#include <optional>

#include "compiler/diagnostics/render_text.hpp"
#include "compiler/driver/fleet_ansible.hpp"
#include "compiler/driver/pipeline.hpp"
#include "compiler/source/write_directory.hpp"
#include "tools/faultc/cli_common.hpp"

namespace faultc::cli {

namespace {

// The options of a single-host artifact mean nothing to a fleet run, but
// --start, which the iptables backend needs: its rules' windows are bound
// to absolute times, and that START becomes the playbook's.
std::optional<ansible::Options> ansible_options(const CompileOptions& options) {
  const bool iptables = options.backend == "iptables-restore";
  const char* given = !options.at.empty()                 ? "--at"
                      : !options.start.empty() && !iptables ? "--start"
                      : options.teardown                  ? "--teardown"
                      : options.priority                  ? "--priority"
                                                          : nullptr;
  if (given) {
    fmt::print(stderr, "faultc: error: {} does not apply to -t ansible{}\n", given,
               iptables ? "" : " (--start: only with --backend iptables-restore)");
    return std::nullopt;
  }
  ansible::Options out;
  if (!iptables) return out;
  out.backend = ansible::Backend::iptables;
  if (options.start.empty()) {
    fmt::print(stderr, "faultc: error: --backend iptables-restore needs --start TIME: the rules' windows are "
                       "`-m time` matches in absolute UTC from it, and it becomes the playbook's fixed START "
                       "(site.yml refuses another faultc_start)\n");
    return std::nullopt;
  }
  out.start_unix = parse_start_time(options.start);
  if (!out.start_unix || *out.start_unix <= 0) {
    fmt::print(stderr, "faultc: error: --start `{}` is not a UTC time like 2026-11-27T23:00:00Z or @EPOCH\n",
               options.start);
    return std::nullopt;
  }
  return out;
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
  const std::optional<ansible::Options> chosen = ansible_options(options);
  if (!chosen) return kUsage;
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
    AnsibleCompile compiled = compile_ansible(*c.fleet, c.nodes, sources, *chosen);
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
