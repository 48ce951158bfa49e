#include "compiler/parse/parse.hpp"

#include <fmt/format.h>

#include <algorithm>

#include <tao/pegtl.hpp>

#include "compiler/parse/input_limits.hpp"
#include "compiler/parse/parse_actions.hpp"
#include "compiler/diagnostics/spell.hpp"
#include "grammar/errors.hpp"

namespace faultc {

namespace {

namespace pegtl = tao::pegtl;
using parse_detail::Builder;
using Input = pegtl::memory_input<pegtl::tracking_mode::lazy, pegtl::eol::lf_crlf>;

// Past this many syntax errors in one file the rest is noise.
constexpr std::size_t kMaxSyntaxErrors = 50;
constexpr std::size_t kMaxTokenShown = 40;

bool is_word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
         c == '.' || c == ':' || c == '/' || c == '%' || c == '+';
}

struct FoundToken {
  std::string description;  // "`dorp`", "end of line", "end of file"
  std::string word;         // the word, when the token is one (for spelling hints)
  std::uint32_t length = 0;
  std::string help = {};    // a hint that depends only on what was found
};

// What stands at the error position, described for the message.
FoundToken found_at(std::string_view text, std::size_t offset) {
  if (offset >= text.size()) return {"end of file", {}, 0};
  const char c = text[offset];
  if (c == '\n' || (c == '\r' && offset + 1 < text.size() && text[offset + 1] == '\n')) return {"end of line", {}, 0};
  if (c == '\r') {
    // Old Mac line endings, or a CR that hides the rest of a line on screen.
    return {"a carriage return (\\r) without a line feed", {}, 1,
            "a lone CR does not end a line; save the file with LF or CRLF line endings"};
  }
  if (is_word_char(c)) {
    std::size_t end = offset;
    while (end < text.size() && is_word_char(text[end])) ++end;
    const std::string_view word = text.substr(offset, end - offset);
    const std::string shown = word.size() > kMaxTokenShown
                                  ? fmt::format("{}...", word.substr(0, kMaxTokenShown))
                                  : std::string(word);
    return {fmt::format("`{}`", shown), std::string(word), static_cast<std::uint32_t>(word.size())};
  }
  const auto byte = static_cast<unsigned char>(c);
  if (byte < 0x20 || byte == 0x7F) return {fmt::format("control character 0x{:02X}", byte), {}, 1};
  std::size_t end = offset + 1;
  while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) ++end;
  return {fmt::format("`{}`", text.substr(offset, end - offset)), {}, static_cast<std::uint32_t>(end - offset)};
}

bool is_number(std::string_view word) {
  return !word.empty() && word.find_first_not_of("0123456789.") == std::string_view::npos &&
         word.find_first_of("0123456789") != std::string_view::npos;
}

// Whether the word before `offset` on its line, blanks skipped, is `drop`.
bool drop_before(std::string_view text, std::size_t offset) {
  std::size_t end = std::min(offset, text.size());
  while (end > 0 && (text[end - 1] == ' ' || text[end - 1] == '\t')) --end;
  std::size_t begin = end;
  while (begin > 0 && is_word_char(text[begin - 1])) --begin;
  return text.substr(begin, end - begin) == "drop";
}

std::vector<std::string_view> split_words(const char* words) {
  std::vector<std::string_view> out;
  std::string_view rest = words == nullptr ? std::string_view{} : std::string_view(words);
  while (!rest.empty()) {
    const std::size_t space = rest.find(' ');
    out.push_back(rest.substr(0, space));
    rest = space == std::string_view::npos ? std::string_view{} : rest.substr(space + 1);
  }
  return out;
}

Diagnostic syntax_error(const pegtl::parse_error& e, std::string_view text, FileId file, const Builder& builder) {
  const char* keywords = builder.expected_keywords;
  const Code code = builder.error_code;
  const std::size_t offset = e.positions().empty() ? text.size() : e.positions().front().byte;
  const FoundToken found = found_at(text, offset);
  const auto begin = static_cast<std::uint32_t>(std::min(offset, text.size()));
  Diagnostic d = make_diagnostic(code, Span{file, begin, begin + found.length},
                                 fmt::format("{}, found {}", e.message(), found.description), found.help);
  if (is_number(found.word) && drop_before(text, offset)) {
    // `drop 30`: the percentage sign forgotten.
    d.help = fmt::format("did you mean `{}%`?", found.word);
  } else if (!found.word.empty() && d.help.empty()) {
    if (auto suggestion = closest_match(found.word, split_words(keywords))) {
      d.help = fmt::format("did you mean `{}`?", *suggestion);
    }
  }
  return d;
}

// Where to resume after an error: the first line end at or after the error
// that is not inside a `{ }` the statement opened (comments and strings do
// not count), so that a broken block is skipped whole.
std::size_t resume_offset(std::string_view text, std::size_t statement_start, std::size_t error_at) {
  long depth = 0;
  std::size_t i = statement_start;
  while (i < text.size()) {
    const char c = text[i];
    if (c == '#') {
      i = text.find('\n', i);
      if (i == std::string_view::npos) break;
      continue;
    }
    if (c == '"') {
      const std::size_t close = text.find_first_of("\"\n", i + 1);
      if (close == std::string_view::npos) break;
      i = text[close] == '"' ? close + 1 : close;
      continue;
    }
    if (c == '{') ++depth;
    if (c == '}') --depth;
    if (c == '\n' && i >= error_at && depth <= 0) return i + 1;
    ++i;
  }
  return text.size();
}

// Reads the file's statements into `file` and `diagnostics`, resuming after
// each syntax error, up to kMaxSyntaxErrors. The input begins where reading
// begins (again after each error), carrying its position there: PEGTL's
// lazy tracking places an error by counting lines from the input's
// beginning, so each error would otherwise cost a scan of the text before it.
void parse_statements(const SourceFile& source, FileId file_id, ast::File& file, Diagnostics& diagnostics) {
  const std::string_view text = source.text();
  Builder builder{file_id, text.data(), file, diagnostics};
  std::size_t start = 0;
  std::size_t line = 1;
  for (std::size_t errors = 0;;) {
    Input in(text.data() + start, text.data() + text.size(), source.name(), start, line, 1);
    const auto offset = [&] { return start + static_cast<std::size_t>(in.current() - in.begin()); };
    std::size_t before = offset();
    std::optional<std::size_t> resume;  // set by a syntax error
    while (!in.empty()) {
      before = offset();
      try {
        pegtl::parse<grammar::line, parse_detail::action, grammar::control>(in, builder);
      } catch (const pegtl::parse_error& e) {
        diagnostics.push_back(syntax_error(e, text, file_id, builder));
        const std::size_t at = e.positions().empty() ? before : e.positions().front().byte;
        resume = resume_offset(text, before, std::max(at, before));
        break;
      }
    }
    if (!resume) return;
    builder.reset();
    if (++errors == kMaxSyntaxErrors) {
      diagnostics.back().notes.push_back({std::nullopt, "too many syntax errors; stopped reading this file"});
      return;
    }
    const std::size_t next = std::max(*resume, before + 1);
    line += static_cast<std::size_t>(std::count(text.begin() + start, text.begin() + next, '\n'));
    start = next;
  }
}

}  // namespace

Result<ast::File> parse_file(const SourceMap& sources, FileId file_id) {
  const SourceFile& source = sources.file(file_id);
  Result<ast::File> result;
  ast::File file;
  file.file = file_id;
  if (auto problem = check_input(source, file_id)) {
    result.diagnostics.push_back(std::move(*problem));
    result.value = std::move(file);
    return result;
  }
  parse_statements(source, file_id, file, result.diagnostics);
  result.value = std::move(file);
  return result;
}

Result<ast::Packet> parse_packet(const SourceMap& sources, FileId file_id) {
  const SourceFile& source = sources.file(file_id);
  const std::string_view text = source.text();
  Result<ast::Packet> result;
  ast::File unused;
  Builder builder{file_id, text.data(), unused, result.diagnostics};
  Input in(text.data(), text.size(), source.name());
  try {
    pegtl::parse<grammar::packet_input, parse_detail::action, grammar::control>(in, builder);
    result.value = std::move(builder.packet_result);
  } catch (const pegtl::parse_error& e) {
    result.diagnostics.push_back(syntax_error(e, text, file_id, builder));
  }
  return result;
}

std::optional<std::uint64_t> parse_duration_text(std::string_view text) {
  ast::File unused;
  Diagnostics diagnostics;
  Builder builder{0, text.data(), unused, diagnostics};
  Input in(text.data(), text.size(), "duration");
  try {
    const bool matched =
        pegtl::parse<pegtl::seq<grammar::duration, pegtl::eof>, parse_detail::action, grammar::control>(in, builder);
    if (!matched || !diagnostics.empty() || !builder.scratch.duration) return std::nullopt;
    return builder.scratch.duration->ms;
  } catch (const pegtl::parse_error&) {
    return std::nullopt;
  }
}

}  // namespace faultc
