#include "tools/faultc/compile_outputs.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <system_error>

#include "compiler/driver/artifact_files.hpp"
#include "compiler/driver/exit_code.hpp"
#include "compiler/format/text_diff.hpp"
#include "compiler/source/printable.hpp"
#include "compiler/source/write_file.hpp"

namespace faultc::cli {

namespace {

namespace fs = std::filesystem;

// A trailing slash says "a folder" even before it exists; several inputs
// also take an existing directory without one. A single input with `-o DIR`
// (no slash) stays a file name, so a directory in the way of an output file
// is an error, not a new meaning; and several inputs never turn a mistyped
// file name into a new folder.
bool names_folder(const CompileOptions& options) {
  std::error_code ec;
  return !options.output.empty() &&
         (options.output.ends_with('/') || (options.files.size() > 1 && fs::is_directory(options.output, ec)));
}

bool refuse_same_names(const std::vector<std::string>& files) {
  const auto clashes = same_name_inputs(files);
  for (const auto& [first, second] : clashes) {
    fmt::print(stderr, "faultc: error: {} and {} would both write {}.*: one folder holds one scenario of a name\n",
               printable(first), printable(second), printable(scenario_stem(first)));
  }
  return !clashes.empty();
}

// The file's bytes, or nothing when it does not exist; an error (printed)
// when it exists and cannot be read.
struct Existing {
  bool found = false;
  bool readable = true;
  std::string text;
};

Existing read_existing(const std::string& path) {
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (status.type() == fs::file_type::not_found) return {};
  Existing existing{true, false, {}};
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  const char* why = fs::is_directory(status) ? "is a directory" : !in ? std::strerror(errno) : nullptr;
  if (why == nullptr) {
    existing.text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (in.bad()) why = "read error";
  }
  existing.readable = why == nullptr;
  if (why != nullptr) fmt::print(stderr, "faultc: error: {}: cannot read: {}\n", printable(path), why);
  return existing;
}

}  // namespace

std::optional<OutputPlan> plan_outputs(const CompileOptions& options, emit::Target target) {
  if (options.check && options.output.empty()) {
    fmt::print(stderr, "faultc: error: --check compares with the file -o names: give -o FILE or -o DIR/\n");
    return std::nullopt;
  }
  OutputPlan plan;
  if (!names_folder(options)) {
    if (options.files.size() > 1) {
      fmt::print(stderr, "faultc: error: several scenarios compile into a folder: name it with -o DIR/\n");
      return std::nullopt;
    }
    plan.destinations.push_back({options.files.front(), options.output});
    return plan;
  }
  if (std::find(options.files.begin(), options.files.end(), "-") != options.files.end()) {
    fmt::print(stderr, "faultc: error: standard input has no name to compile into a folder: use -o FILE\n");
    return std::nullopt;
  }
  if (refuse_same_names(options.files)) return std::nullopt;
  plan.folder = options.output;
  for (const std::string& file : options.files) {
    const fs::path path = fs::path(plan.folder) / artifact_file_name(file, target, options.teardown);
    plan.destinations.push_back({file, path.string()});
  }
  return plan;
}

bool make_folder(const OutputPlan& plan) {
  if (plan.folder.empty()) return true;
  std::error_code ec;
  fs::create_directories(plan.folder, ec);
  if (ec) fmt::print(stderr, "faultc: error: {}: cannot create the folder: {}\n", printable(plan.folder), ec.message());
  return !ec;
}

int write_output(const ArtifactDestination& destination, const CompileOptions& options, emit::Target target,
                 const std::string& artifact) {
  if (destination.path.empty()) {
    fmt::print("{}", artifact);
    return kOk;
  }
  const mode_t mode = target == emit::Target::iptables && !options.teardown ? 0755 : 0644;
  // An artifact is compiled again from its source: no flush to disk.
  if (auto problem = write_file_atomically(destination.path, artifact, mode, Flush::no)) {
    fmt::print(stderr, "faultc: error: {}\n", *problem);
    return kUsage;
  }
  return kOk;
}

void check_output(const ArtifactDestination& destination, const std::string& artifact, CheckCounts& counts) {
  const std::string path = printable(destination.path);
  const Existing existing = read_existing(destination.path);
  if (!existing.found) {
    fmt::print("{}: missing ({} compiles to it)\n", path, printable(destination.source));
    ++counts.missing;
  } else if (!existing.readable) {
    ++counts.unreadable;
  } else if (existing.text != artifact) {
    fmt::print("{}: stale (differs from what {} compiles to)\n", path, printable(destination.source));
    // The file on disk is anything at all: printed escaped, like a scenario.
    fmt::print("{}", printable_lines(unified_diff(existing.text, artifact, path, path)));
    ++counts.stale;
  }
  std::fflush(stdout);
}

void check_orphans(const OutputPlan& plan, emit::Target target, bool teardown, CheckCounts& counts) {
  std::set<std::string> scenarios;
  for (const ArtifactDestination& destination : plan.destinations) scenarios.insert(scenario_stem(destination.source));
  std::vector<fs::path> orphans;
  std::error_code ec;
  for (fs::directory_iterator it(plan.folder, ec); !ec && it != fs::directory_iterator(); it.increment(ec)) {
    std::error_code type_ec;
    if (!fs::is_regular_file(it->symlink_status(type_ec)) || type_ec) continue;
    const std::string owner = artifact_owner(it->path().filename().string(), target, teardown);
    if (!owner.empty() && !scenarios.contains(owner)) orphans.push_back(it->path());
  }
  std::sort(orphans.begin(), orphans.end());
  for (const fs::path& orphan : orphans) {
    fmt::print("{}: orphaned (no {}.fault among the inputs)\n", printable(orphan.string()),
               printable(artifact_owner(orphan.filename().string(), target, teardown)));
  }
  counts.orphaned += static_cast<int>(orphans.size());
}

int report_check(const CheckCounts& counts) {
  std::fflush(stdout);
  if (counts.unreadable > 0) return kUsage;
  if (counts.missing + counts.stale + counts.orphaned == 0) return kOk;
  fmt::print(stderr, "faultc: out of date: {} missing, {} stale, {} orphaned; compile without --check to write them "
                     "(orphaned files are left for you to delete)\n",
             counts.missing, counts.stale, counts.orphaned);
  return kFindings;
}

}  // namespace faultc::cli
