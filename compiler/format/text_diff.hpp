#pragma once
// A line-based unified diff (the format of `diff -u`), for `faultc fmt
// --diff`. None of the libraries faultc uses offers one; this is the small
// LCS-based version: the common prefix and suffix are trimmed, the middle is
// aligned by a longest common subsequence, and the changes are grouped into
// hunks with `context` unchanged lines around them.
#include <cstddef>
#include <string>
#include <string_view>

namespace faultc {

// Empty when the texts are equal. Otherwise `--- before_name`, `+++
// after_name` and the hunks. A last line without a newline is marked
// `\ No newline at end of file`, as diff does. Line ends are part of a line:
// "a\r\n" and "a\n" differ.
std::string unified_diff(std::string_view before, std::string_view after, std::string_view before_name,
                         std::string_view after_name, std::size_t context = 3);

}  // namespace faultc
