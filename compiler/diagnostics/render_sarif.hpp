#pragma once
// SARIF 2.1.0 for GitHub code scanning and other SARIF viewers: one run of
// the "faultc" driver whose rules are the codes that occur in `diagnostics`
// (in diagnostic_codes.def order, so the output is deterministic) and one
// result per diagnostic. Notes with a location become relatedLocations; the
// help hint is appended to the message as " (help: ...)".
//
// Columns are 1-based code points, declared with run.columnKind
// "unicodeCodePoints" (SARIF's default would be UTF-16 code units). File
// names become URI references: relative names stay relative (GitHub resolves
// them against the repository root), absolute ones become file:// URIs.
#include <string>
#include <string_view>

#include "compiler/diagnostics/diagnostic.hpp"

namespace faultc {

// The whole log as one line of JSON, ending in a newline.
std::string render_sarif(const Diagnostics& diagnostics, const SourceMap& sources, std::string_view tool_version);

// `path` as a URI reference: every byte but unreserved characters
// (RFC 3986: A-Z a-z 0-9 - . _ ~) and '/' is percent-encoded, and a path
// starting with '/' gets the "file://" scheme. Exposed for the tests.
std::string sarif_uri(std::string_view path);

}  // namespace faultc
