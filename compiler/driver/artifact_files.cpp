#include "compiler/driver/artifact_files.hpp"

#include <algorithm>
#include <array>
#include <filesystem>
#include <map>

namespace faultc {

namespace {

struct Naming {
  emit::Target target;
  std::string_view artifact;
  std::string_view teardown;
};

// nft and the shell script keep the extensions the README uses; the restore
// files are `.rules` (as docs/backends-research.md calls them) with the
// family in front, after Debian's /etc/iptables/rules.v4 and rules.v6, so
// that both families can share a folder.
constexpr std::array<Naming, 4> kNamings{{
    {emit::Target::nft, ".nft", ".teardown.nft"},
    {emit::Target::iptables, ".sh", ".teardown.sh"},
    {emit::Target::iptables_restore, ".v4.rules", ".teardown.v4.rules"},
    {emit::Target::ip6tables_restore, ".v6.rules", ".teardown.v6.rules"},
}};

}  // namespace

std::string_view artifact_suffix(emit::Target target, bool teardown) {
  const auto naming = std::find_if(kNamings.begin(), kNamings.end(), [&](const Naming& n) { return n.target == target; });
  return teardown ? naming->teardown : naming->artifact;
}

std::string scenario_stem(std::string_view source_path) {
  const std::filesystem::path path(source_path);
  return (path.extension() == ".fault" ? path.stem() : path.filename()).string();
}

std::string artifact_file_name(std::string_view source_path, emit::Target target, bool teardown) {
  return scenario_stem(source_path) + std::string(artifact_suffix(target, teardown));
}

std::string artifact_owner(std::string_view file_name, emit::Target target, bool teardown) {
  std::string_view longest;
  for (const Naming& naming : kNamings) {
    for (const std::string_view suffix : {naming.artifact, naming.teardown}) {
      if (file_name.ends_with(suffix) && suffix.size() > longest.size()) longest = suffix;
    }
  }
  const std::string_view wanted = artifact_suffix(target, teardown);
  if (longest != wanted || file_name.size() == wanted.size()) return {};
  return std::string(file_name.substr(0, file_name.size() - wanted.size()));
}

std::vector<std::pair<std::string, std::string>> same_name_inputs(const std::vector<std::string>& source_paths) {
  std::vector<std::pair<std::string, std::string>> clashes;
  std::map<std::string, std::string> first_by_stem;
  for (const std::string& path : source_paths) {
    const auto [first, fresh] = first_by_stem.emplace(scenario_stem(path), path);
    if (!fresh) clashes.emplace_back(first->second, path);
  }
  return clashes;
}

}  // namespace faultc
