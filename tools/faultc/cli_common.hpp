#pragma once
// What every subcommand shares: exit codes (compiler/driver/exit_code.hpp)
// and how diagnostics reach the terminal.
#include <cstdio>
#include <string>
#include <vector>

#include "compiler/diagnostics/diagnostic.hpp"
#include "compiler/driver/exit_code.hpp"
#include "compiler/source/source.hpp"

namespace CLI {
class App;
}

namespace faultc::cli {

// Colour only on a terminal, and never when NO_COLOR is set.
bool use_color(std::FILE* stream);

// Reads each path ("-" is standard input) into `sources`. A file that cannot
// be read is reported on stderr in one line; returns false if any failed.
bool load_sources(const std::vector<std::string>& paths, SourceMap& sources, std::vector<FileId>& ids);

// --include-path DIR (repeatable): a directory outside the scenario's own
// tree that includes may read from (docs/security.md).
void add_include_path_option(CLI::App* command, std::vector<std::string>& dirs);

// "2 errors, 1 warning generated" style summary; empty when nothing to say.
std::string summary(const Diagnostics& diagnostics);

}  // namespace faultc::cli
