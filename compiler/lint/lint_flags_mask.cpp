// W109: a `flags F of M` mask whose list goes on past a comma with a flag
// the mask already has (`flags SYN of SYN,ACK, ACK`, `flags SYN of
// SYN+ACK, ALL`, whose ALL repeats SYN and ACK). The mask takes every flag
// name that follows, so what the writer most likely meant as a pattern of
// its own is swallowed by the mask, where it changes nothing (or widens it
// to ALL). A repeat is the sign: nobody writes a flag twice into one mask
// on purpose. The parser finds the repeat (ast::Pattern::mask_repeat).
#include <fmt/format.h>

#include <cctype>
#include <string_view>

#include "compiler/lint/lint.hpp"

namespace faultc {

void lint_flags_mask_repeats(const Program& program, const SourceMap& sources, Diagnostics& out) {
  for (const ast::File& file : program.files) {
    for (const ast::Statement& statement : file.statements) {
      const auto* rule = std::get_if<ast::Rule>(&statement);
      if (rule == nullptr) continue;
      for (const ast::Action& action : rule->actions) {
        for (const ast::Pattern& pattern : action.patterns) {
          if (pattern.mask_repeat == 0) continue;
          const Span at{pattern.span.file, pattern.mask_repeat, pattern.span.end};
          const std::string_view rest = sources.text(at);
          // The pattern as meant: up to the repeat, without the separator.
          std::string_view head = sources.text(Span{pattern.span.file, pattern.span.begin, pattern.mask_repeat});
          while (!head.empty() && (head.back() == ',' || std::isspace(static_cast<unsigned char>(head.back())))) {
            head.remove_suffix(1);
          }
          out.push_back(make_diagnostic(
              Code::W109, at,
              fmt::format("the mask of this `flags` pattern takes `{}` too, which repeats a flag it already has: a "
                          "`flags` mask takes every flag name that follows, so this is not a pattern of its own",
                          rest),
              fmt::format("to match `{}` as a pattern of its own, put the `flags` pattern last in its list "
                          "(`{}, {}`); otherwise drop the repeat from the mask",
                          rest, rest, head)));
        }
      }
    }
  }
}

}  // namespace faultc
