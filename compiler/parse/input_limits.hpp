#pragma once
// What faultc refuses to read, before parsing: files too large to be a
// scenario, text that is not UTF-8, NUL bytes (binary files), identifiers
// and strings past sane lengths. Each is a diagnostic with a position, never
// a crash. docs/limits.md lists every limit.
#include <cstddef>
#include <optional>

#include "compiler/diagnostics/diagnostic.hpp"

namespace faultc {

inline constexpr std::size_t kMaxInputBytes = 64u << 20;  // 64 MiB
inline constexpr std::size_t kMaxNameLength = 255;
inline constexpr std::size_t kMaxStringLength = 4096;

// The first problem that makes a file unreadable as a scenario, if any.
std::optional<Diagnostic> check_input(const SourceFile& file, FileId id);

}  // namespace faultc
