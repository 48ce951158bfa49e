#pragma once
// Where `faultc compile` puts what it compiled, and `--check`: standard
// output, one file (-o FILE), or a folder of predictably named files
// (-o DIR/, or an existing DIR with several inputs; compiler/driver/
// artifact_files.hpp names them). `--check` compares instead of writing and
// never writes.
#include <optional>
#include <string>
#include <vector>

#include "compiler/emit/emit.hpp"
#include "tools/faultc/compile_command.hpp"

namespace faultc::cli {

struct ArtifactDestination {
  std::string source;  // the .fault file (`-`: standard input)
  std::string path;    // empty: standard output
};

struct OutputPlan {
  std::vector<ArtifactDestination> destinations;  // in input order
  std::string folder;                              // empty unless -o names a folder
};

// What --check found, for the closing summary.
struct CheckCounts {
  int missing = 0;
  int stale = 0;
  int orphaned = 0;
  int unreadable = 0;
};

// Each input's destination, or nothing (and a message) when the command
// line cannot be honoured: several inputs without a folder, standard input
// into a folder, two inputs of the same name, --check without -o.
std::optional<OutputPlan> plan_outputs(const CompileOptions& options, emit::Target target);

// Creates -o DIR/ (and its parents) when it does not exist yet; false (printed) when it cannot.
bool make_folder(const OutputPlan& plan);

// Writes the artifact (atomically) or prints it; returns the exit status.
int write_output(const ArtifactDestination& destination, const CompileOptions& options, emit::Target target,
                 const std::string& artifact);

// --check of one file: prints what is missing or a unified diff of what is
// stale, and counts it.
void check_output(const ArtifactDestination& destination, const std::string& artifact, CheckCounts& counts);

// --check of a folder: the files with this target's names whose scenario
// is not among the inputs.
void check_orphans(const OutputPlan& plan, emit::Target target, bool teardown, CheckCounts& counts);

// The closing line of a --check and its exit status.
int report_check(const CheckCounts& counts);

}  // namespace faultc::cli
