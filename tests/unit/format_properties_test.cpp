// Three properties of the formatter over the examples, every input of
// format_cases.hpp and generated layout variants of them: formatting is
// idempotent, it keeps the meaning (the IR, compared by a structural dump
// without spans) and it keeps every comment, in its place.
#include <fmt/format.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "compiler/driver/pipeline.hpp"
#include "compiler/format/format.hpp"
#include "compiler/parse/parse.hpp"
#include "tests/unit/format_cases.hpp"
#include "tests/unit/format_support.hpp"

using namespace faultc;
using namespace faultc::test::format_tests;

namespace {

// Every comment's text in order, trailing whitespace removed.
std::vector<std::string> comments_of(const std::string& text) {
  SourceMap sources;
  const FileId id = sources.add("t.fault", text);
  const Result<ast::File> r = parse_file(sources, id);
  std::vector<std::string> out;
  if (!r.value) return out;
  const std::string& t = sources.file(id).text();
  for (const auto& c : r.value->comments) {
    std::string s = t.substr(c.span.begin, c.span.end - c.span.begin);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.pop_back();
    out.push_back(s);
  }
  return out;
}

// Where each comment sits relative to the statements: inside statement k,
// trailing statement k on its last line, or on its own line before
// statement k (k == count: at the end). The formatter never changes this.
std::vector<std::string> comment_places(const std::string& text) {
  SourceMap sources;
  const FileId id = sources.add("t.fault", text);
  const Result<ast::File> r = parse_file(sources, id);
  std::vector<std::string> out;
  if (!r.value) return out;
  const std::string& t = sources.file(id).text();
  std::vector<Span> spans;
  for (const auto& s : r.value->statements) spans.push_back(std::visit([](const auto& n) { return n.span; }, s));
  for (const auto& c : r.value->comments) {
    const std::uint32_t at = c.span.begin;
    std::size_t next = spans.size();
    std::string place;
    for (std::size_t k = 0; k < spans.size(); ++k) {
      if (spans[k].begin <= at && at < spans[k].end) place = fmt::format("in {}", k);
      if (next == spans.size() && spans[k].begin > at) next = k;
    }
    if (place.empty()) {
      const std::size_t line_start = t.rfind('\n', at == 0 ? 0 : at - 1);
      const std::string before = t.substr(line_start == std::string::npos ? 0 : line_start + 1,
                                          at - (line_start == std::string::npos ? 0 : line_start + 1));
      const bool trailing = before.find_first_not_of(" \t") != std::string::npos && at > 0 && line_start != at - 1;
      place = trailing ? fmt::format("after {}", next - 1) : fmt::format("before {}", next);
    }
    out.push_back(place);
  }
  return out;
}

// ------------------------------------------------------------------ IR dump

std::string u128_text(ir::u128 v) {
  return fmt::format("{:016x}{:016x}", static_cast<std::uint64_t>(v >> 64), static_cast<std::uint64_t>(v));
}

std::string dump_set(const ir::AddressSet& s) {
  std::string out = "v4[";
  for (const auto& i : s.v4.intervals()) out += fmt::format("{:08x}-{:08x} ", i.low, i.high);
  out += "] v6[";
  for (const auto& i : s.v6.intervals()) out += fmt::format("{}-{} ", u128_text(i.low), u128_text(i.high));
  return out + "]";
}

std::string dump_match(const std::optional<ir::AddressMatch>& m) {
  if (!m) return "any";
  return fmt::format("{}{}", m->negated ? "not " : "", dump_set(m->set));
}

std::string dump_ports(const std::optional<ir::PortMatch>& p) {
  if (!p) return "any";
  std::string out;
  for (const auto& i : p->set.intervals()) out += fmt::format("{}-{} ", i.low, i.high);
  return out;
}

// An optional's or a Box's value, or "-".
template <typename Optional>
std::string opt_text(const Optional& v) {
  return v ? fmt::format("{}", *v) : std::string("-");
}

std::string dump_action(const ir::Action& a) {
  std::string out = fmt::format("    action kind={} prob={} reject={}/{} log={}", static_cast<int>(a.kind),
                                opt_text(a.probability), static_cast<int>(a.reject_with), a.reject_with_written,
                                a.log_prefix ? fmt::format("\"{}\"", *a.log_prefix) : std::string("-"));
  if (a.rate) {
    out += fmt::format(" rate={}/{}/{} burst={}/{}", a.rate->amount, a.rate->bytes, a.rate->period_ms, a.rate->burst,
                       a.rate->burst_written);
  }
  out += " patterns:";
  for (const auto& p : a.patterns) {
    out += fmt::format(" [{} mask={:02x} value={:02x}]", static_cast<int>(p.kind), p.flags.mask, p.flags.value);
  }
  return out + "\n";
}

std::string dump_packet(const ir::Packet& p) {
  auto address = [](const std::optional<ir::PacketAddress>& a) {
    return a ? fmt::format("{}:{}", static_cast<int>(a->family), u128_text(a->value)) : std::string("-");
  };
  return fmt::format("dir={} proto={} src={} dst={} sport={} dport={} on={} flags={} state={} data={}",
                     static_cast<int>(p.direction), p.protocol ? static_cast<int>(*p.protocol) : -1,
                     address(p.source), address(p.destination), opt_text(p.source_port),
                     opt_text(p.destination_port), opt_text(p.interface),
                     p.flags ? static_cast<int>(*p.flags) : -1, p.state ? static_cast<int>(*p.state) : -1, p.data);
}

// Everything the IR says, without spans.
std::string dump_ir(const ir::Scenario& s) {
  std::string out = fmt::format("scenario \"{}\" file={} priority={} life={} life_written={}\n", s.name, s.file_name,
                                opt_text(s.priority), opt_text(s.life_ms), s.life_written);
  for (const auto& d : s.definitions) {
    out += fmt::format("def {} {} used={} root={}\n", static_cast<int>(d.kind), d.name, d.used, d.in_root);
  }
  for (const auto& r : s.rules) {
    const ir::Selector& sel = r.selector;
    std::vector<int> protocols;
    sel.protocols.for_each([&protocols](ast::Protocol p) { protocols.push_back(static_cast<int>(p)); });
    out += fmt::format("rule {} proto={} on={} v4={} v6={}\n", r.number, fmt::join(protocols, ","),
                       opt_text(sel.interface), sel.ipv4, sel.ipv6);
    for (const auto& f : sel.flows) {
      out += fmt::format("    flow dir={} {} -> {} sports={} dports={}\n", static_cast<int>(f.direction),
                         dump_match(f.source), dump_match(f.destination), dump_ports(f.source_ports),
                         dump_ports(f.destination_ports));
    }
    for (const auto& a : r.actions) out += dump_action(a);
    out += fmt::format("    timing after={} for={} every={}\n", r.timing().after_ms, opt_text(r.timing().for_ms),
                       opt_text(r.timing().every_ms));
  }
  for (const auto& e : s.expects) {
    out += fmt::format("expect {} verdict={} at={}\n", dump_packet(e.packet), static_cast<int>(e.verdict), e.at_ms);
  }
  return out;
}

// The meaning of a text: the IR dump when it compiles, and every diagnostic
// (code and message, in a stable order) either way. Includes are served
// from memory.
std::string meaning(const std::string& text) {
  SourceMap sources;
  const FileId id = sources.add("t.fault", text);
  const ReadFunction read = [](const std::string& path) -> std::variant<std::string, ReadError> {
    if (path.ends_with("common.fault")) return std::string("host shared = 192.0.2.1\nport shared-port = 8443\n");
    return ReadError{fmt::format("{}: cannot open: No such file or directory", path)};
  };
  const Compilation c = compile_front(sources, id, {}, read);
  std::vector<std::string> diagnostics;
  for (const auto& d : c.diagnostics) {
    diagnostics.push_back(fmt::format("{} {} {}", code_name(d.code), severity_name(d.severity), d.message));
  }
  std::sort(diagnostics.begin(), diagnostics.end());
  std::string out = c.scenario ? dump_ir(*c.scenario) : std::string("no scenario\n");
  for (const auto& d : diagnostics) out += d + "\n";
  return out;
}

// ------------------------------------------------------------------ the corpus

std::string replace_all(std::string text, std::string_view from, std::string_view to) {
  std::size_t at = 0;
  while ((at = text.find(from, at)) != std::string::npos) {
    text.replace(at, from.size(), to);
    at += to.size();
  }
  return text;
}

// Layout variants of one text. Some may not parse (a space doubled inside a
// range, say); the properties only look at those that do.
std::vector<std::pair<std::string, std::string>> variants(const std::string& text) {
  std::vector<std::pair<std::string, std::string>> out;
  out.emplace_back("as is", text);
  out.emplace_back("CRLF", replace_all(text, "\n", "\r\n"));
  out.emplace_back("BOM", "\xEF\xBB\xBF" + text);
  out.emplace_back("spaces tripled", replace_all(text, " ", "   "));
  out.emplace_back("spaces as tabs", replace_all(text, " ", "\t"));
  out.emplace_back("blank lines tripled", replace_all(text, "\n", "\n\n\n"));
  out.emplace_back("trailing whitespace", replace_all(text, "\n", " \t \n"));
  out.emplace_back("lines indented", replace_all(text, "\n", "\n  \t"));
  out.emplace_back("lowercase flags", replace_all(replace_all(replace_all(text, "SYN", "syn"), "ACK", "Ack"), "ALL", "all"));
  out.emplace_back("no final newline", text.ends_with('\n') ? text.substr(0, text.size() - 1) : text);
  out.emplace_back("already formatted", format_text(text).text);
  out.emplace_back("commas on their own", replace_all(text, ",", "\n,"));
  out.emplace_back("after each comma a comment", replace_all(text, ", ", ", # c\n"));
  out.emplace_back("after each { a comment", replace_all(text, "{ ", "{ # open\n"));
  out.emplace_back("a comment at the end of every line", replace_all(text, "\n", " # eol\n"));
  out.emplace_back("a comment line after every line", replace_all(text, "\n", "\n  # own line\n"));
  out.emplace_back("comments everywhere, CRLF",
                   replace_all(replace_all(replace_all(text, "\n", "\t# eol\n#own\n"), ", ", ",#c\n"), "\n", "\r\n"));
  return out;
}

std::vector<std::pair<std::string, std::string>> corpus() {
  std::vector<std::pair<std::string, std::string>> base = examples();
  for (const auto& c : cases()) base.emplace_back(c.name, c.input);
  for (const auto& [before, after] : style_examples()) base.emplace_back("docs/style.md", before);
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [name, text] : base) {
    for (auto& [how, variant] : variants(text)) out.emplace_back(fmt::format("{} ({})", name, how), std::move(variant));
  }
  return out;
}

}  // namespace

// ------------------------------------------------------------------ properties

TEST_CASE("format: idempotent, meaning-preserving, comment-preserving over the corpus", "[format]") {
  std::size_t checked = 0;
  for (const auto& [name, text] : corpus()) {
    const Formatted once = format_text(text);
    if (!once.ok) continue;  // a variant that does not parse
    ++checked;
    INFO(name << "\ninput:\n" << text << "\nformatted:\n" << once.text);
    const Formatted twice = format_text(once.text);
    REQUIRE(twice.ok);
    CHECK(twice.text == once.text);  // fmt(fmt(x)) == fmt(x)
    CHECK(meaning(once.text) == meaning(text));
    CHECK(comments_of(once.text) == comments_of(text));
    CHECK(comment_places(once.text) == comment_places(text));
    // Layout invariants.
    if (!once.text.empty()) {
      CHECK(once.text.back() == '\n');
      CHECK_FALSE(once.text.ends_with("\n\n"));
      CHECK(once.text.find("\n\n\n") == std::string::npos);
    }
    CHECK((once.text.find('\r') == std::string::npos || text.find('\r') != std::string::npos));
    CHECK(once.text.find(" \n") == std::string::npos);
    CHECK(once.text.find("\t\n") == std::string::npos);
    CHECK_FALSE(once.text.starts_with("\xEF\xBB\xBF"));
  }
  // The corpus is examples and cases times every variant; most must parse.
  INFO("checked " << checked);
  CHECK(checked > 600);
}

TEST_CASE("format: the IR of the formatted examples equals the IR of the examples", "[format]") {
  for (const auto& [name, text] : examples()) {
    INFO(name);
    const std::string before = meaning(text);
    CHECK_THAT(before, !Catch::Contains("no scenario"));
    CHECK(meaning(fmt_ok(text)) == before);
  }
}

TEST_CASE("format: the meaning check sees a real change", "[format]") {
  // A guard on the property above: dump_ir must tell different scenarios apart.
  CHECK(meaning("from 10.0.0.1 drop for 1m\n") != meaning("from 10.0.0.2 drop for 1m\n"));
  CHECK(meaning("tcp drop SYN for 1m\n") != meaning("tcp drop ACK for 1m\n"));
  CHECK(meaning("drop after 1m for 1m\n") != meaning("drop for 2m\n"));
  CHECK(meaning("expect tcp is allowed\ndrop for 1m\n") != meaning("expect tcp is dropped\ndrop for 1m\n"));
  CHECK(meaning("port p = 80\nto port p drop for 1m\n") != meaning("port p = 81\nto port p drop for 1m\n"));
  CHECK(comment_places("# a\nhost a = 10.0.0.1 # b\n# c\nhost x = {\n# d\n10.0.0.2 }\n# e") ==
        std::vector<std::string>{"before 0", "after 0", "before 1", "in 1", "before 2"});
}
