#pragma once
// The machine-readable renderer for editors and scripts: one JSON document
// per run, on one line, keys always in the same order so that output can be
// compared byte for byte:
//   {"version":1,"diagnostics":[{"file":..,"line":..,"column":..,
//     "end_line":..,"end_column":..,"severity":"error|warning|note",
//     "code":"F001","message":..,"notes":[{"message":..,"file":..,"line":..,
//     "column":..}],"help":..}],"summary":{"errors":N,"warnings":N}}
// Lines and columns are 1-based, columns in code points (SourceFile::locate);
// the end is the position just past the span. A note without a location has
// null file/line/column, and a diagnostic without a hint has "help":null.
#include <string>

#include "compiler/diagnostics/diagnostic.hpp"

namespace faultc {

// The whole document, ending in a newline.
std::string render_json(const Diagnostics& diagnostics, const SourceMap& sources);

}  // namespace faultc
