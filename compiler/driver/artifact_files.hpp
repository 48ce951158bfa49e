#pragma once
// Where `faultc compile -o DIR/` puts each scenario's artifact, and how
// `--check` tells the files of a folder apart: the names are predictable
// (NAME.fault -> NAME.nft, NAME.sh, NAME.v4.rules, NAME.v6.rules, and
// NAME.teardown.nft etc. for --teardown), so a repository can check the
// folder in and CI can find the stale, missing and orphaned ones.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "compiler/emit/emit.hpp"

namespace faultc {

// What an artifact file's name ends with: ".nft", ".teardown.nft", ...
std::string_view artifact_suffix(emit::Target target, bool teardown);

// The scenario's name: the file's base name without its ".fault"
// ("scenarios/half-open.fault" -> "half-open"); a file named otherwise
// keeps its whole base name.
std::string scenario_stem(std::string_view source_path);

// "scenarios/half-open.fault", nft -> "half-open.nft".
std::string artifact_file_name(std::string_view source_path, emit::Target target, bool teardown);

// The scenario whose artifact `file_name` would be for this target and
// mode, or empty when the name is not one of theirs. The longest suffix
// decides: "x.teardown.nft" is a teardown's, never the artifact of a
// scenario named "x.teardown"; "x.v6.rules" is never iptables-restore's.
std::string artifact_owner(std::string_view file_name, emit::Target target, bool teardown);

// Pairs of inputs that would write the same file (same base name), in input
// order: compiling them into one folder would let the second silently
// replace the first.
std::vector<std::pair<std::string, std::string>> same_name_inputs(const std::vector<std::string>& source_paths);

}  // namespace faultc
