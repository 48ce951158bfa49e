#pragma once
// GitHub Actions workflow commands, one line per diagnostic, which the
// runner turns into annotations on the pull request:
//   ::error file=F,line=L,col=C,endLine=EL,endColumn=EC,title=CODE::message
// (::warning for warnings, ::notice for note severity). The help hint follows
// the message on a new line. Notes are not rendered: an annotation has one
// location only.
#include <string>
#include <string_view>

#include "compiler/diagnostics/diagnostic.hpp"

namespace faultc {

std::string render_github(const Diagnostics& diagnostics, const SourceMap& sources);

// Escaping exactly as the Actions toolkit does (packages/core command.ts):
// the message data escapes % \r \n; a property value also escapes : and ,.
std::string github_escape_data(std::string_view text);
std::string github_escape_property(std::string_view text);

}  // namespace faultc
