// The formatter as a specification: exact canonical output for inputs in
// every layout the grammar allows, comments in every position they can take,
// and three properties over the examples, every input here and generated
// variants of them: formatting is idempotent, it keeps the meaning (the IR,
// compared by a structural dump without spans) and it keeps every comment.
#include <fmt/format.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/diagnostics/render_text.hpp"
#include "compiler/driver/pipeline.hpp"
#include "compiler/format/format.hpp"
#include "compiler/format/text_diff.hpp"
#include "compiler/parse/parse.hpp"

using namespace faultc;

namespace {

// ------------------------------------------------------------------ helpers

struct Formatted {
  bool ok = false;
  std::string text;         // the formatted file, when ok
  std::string diagnostics;  // rendered, when not
};

Formatted format_text(const std::string& text) {
  SourceMap sources;
  const FileId id = sources.add("t.fault", text);
  const Result<std::string> r = format_source(sources, id);
  Formatted out;
  out.ok = r.value.has_value();
  if (r.value) out.text = *r.value;
  out.diagnostics = render_text(r.diagnostics, sources);
  return out;
}

std::string fmt_ok(const std::string& text) {
  const Formatted f = format_text(text);
  INFO("input:\n" << text << "\ndiagnostics:\n" << f.diagnostics);
  REQUIRE(f.ok);
  return f.text;
}

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
    out += fmt::format("rule {} dir={} proto={} on={} v4={} v6={} sports={} dports={}\n", r.number,
                       static_cast<int>(sel.direction), sel.protocol ? static_cast<int>(*sel.protocol) : -1,
                       opt_text(sel.interface), sel.ipv4, sel.ipv6, dump_ports(sel.source_ports),
                       dump_ports(sel.destination_ports));
    for (const auto& f : sel.flows) {
      out += fmt::format("    flow {} -> {}\n", dump_match(f.source), dump_match(f.destination));
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

// ------------------------------------------------------------------ inputs

struct Case {
  const char* name;
  std::string input;
  std::string expected;
};

// Inputs with their exact canonical form. Each is also in the property corpus.
const std::vector<Case>& cases() {
  static const std::vector<Case> all = {
      // ---------------------------------------------------------- spacing
      {"one-liner spacing",
       "host victim = 10.0.0.5\n"
       "from   victim\tto port 1234   allow SYN,ACK ;drop rest   for 4m\n",
       "host victim = 10.0.0.5\n"
       "from victim to port 1234 allow SYN, ACK; drop rest for 4m\n"},
      {"indentation and trailing whitespace removed",
       "   host victim = 10.0.0.5   \n"
       "\t from victim drop for 1m \t\n",
       "host victim = 10.0.0.5\n"
       "from victim drop for 1m\n"},
      {"definitions with one space around =",
       "host   a=10.0.0.1\nport p=80\nhost b =  { 10.0.0.2,10.0.0.3 }\nport q={80,443,8000-8080}\n"
       "to a port p drop for 1m\nto b port q drop for 1m\n",
       "host a = 10.0.0.1\nport p = 80\nhost b = { 10.0.0.2, 10.0.0.3 }\nport q = { 80, 443, 8000-8080 }\n"
       "to a port p drop for 1m\nto b port q drop for 1m\n"},
      {"every statement kind",
       "scenario   \"all kinds\"\n"
       "include \"common.fault\"\n"
       "priority   -300\n"
       "host h = 10.0.0.1\n"
       "port p = 22\n"
       "for 1h\n"
       "outbound udp to h port p on eth0 drop 30% for 1m\n"
       "expect outbound udp to h port p on eth0 is dropped at 30s\n",
       "scenario \"all kinds\"\n"
       "include \"common.fault\"\n"
       "priority -300\n"
       "host h = 10.0.0.1\n"
       "port p = 22\n"
       "for 1h\n"
       "outbound udp to h port p on eth0 drop 30% for 1m\n"
       "expect outbound udp to h port p on eth0 is dropped at 30s\n"},
      {"priority with a plus sign",
       "priority +5\ndrop for 1m\n",
       "priority 5\ndrop for 1m\n"},
      {"for ever",
       "to port 6379 drop established\nfor   ever\n",
       "to port 6379 drop established\nfor ever\n"},
      // ---------------------------------------------------------- values
      {"flags uppercase, + without spaces, bit order",
       "tcp allow syn + ack, ack+psh, Fin ; drop rest for 1m\n",
       "tcp allow SYN+ACK, PSH+ACK, FIN; drop rest for 1m\n"},
      {"NONE and ALL",
       "tcp drop none, all, fin+syn+rst+psh+ack+urg, ece+syn for 1m\n",
       "tcp drop NONE, ALL, ALL, SYN+ECE for 1m\n"},
      {"flags F of M",
       "tcp drop flags syn of syn,ack for 1m\n"
       "tcp drop flags NONE of ALL for 1m\n"
       "tcp allow flags SYN , ACK of SYN + ACK + RST; drop rest for 1m\n"
       "tcp drop flags syn of all,ece for 1m\n"
       "tcp drop flags ALL of ALL for 1m\n",
       "tcp drop flags SYN of SYN+ACK for 1m\n"
       "tcp drop flags NONE of ALL for 1m\n"
       "tcp allow flags SYN+ACK of SYN+RST+ACK; drop rest for 1m\n"
       "tcp drop flags SYN of ALL+ECE for 1m\n"
       "tcp drop flags FIN+SYN+RST+PSH+ACK+URG of ALL for 1m\n"},
      {"flags pattern followed by another pattern",
       "tcp { allow ACK, flags SYN of SYN,ACK, new; drop rest } for 1m\n",
       "tcp { allow ACK, flags SYN of SYN+ACK, new; drop rest } for 1m\n"},
      {"durations normalized",
       "from 10.0.0.1 drop after 90s for 3600s every 86400000ms\nfor 2d\n",
       "from 10.0.0.1 drop after 1m30s for 1h every 1d\nfor 2d\n"},
      {"timing in the order after, for, every",
       "from 10.0.0.1 drop every 1m for 10s after 5s\nfor 1h\n",
       "from 10.0.0.1 drop after 5s for 10s every 1m\nfor 1h\n"},
      {"ports without leading zeros, single-port ranges as ports",
       "to port { 08080, 80-80, 1-65535 } drop for 1m\n",
       "to port { 8080, 80, 1-65535 } drop for 1m\n"},
      {"addresses as written",
       "from { 2001:DB8::1, 10.0.0.0/8, ::ffff:10.0.0.1 } drop for 1m\n",
       "from { 2001:DB8::1, 10.0.0.0/8, ::ffff:10.0.0.1 } drop for 1m\n"},
      {"strings re-escaped",
       "scenario \"a \\\"quoted\\\" \\\\ name\"\nlog \"tab\there\" for 1m\nlog \"\\t\\r\\n\" for 1m\n",
       "scenario \"a \\\"quoted\\\" \\\\ name\"\nlog \"tab\\there\" for 1m\nlog \"\\t\\r\\n\" for 1m\n"},
      {"a # in a string is not a comment",
       "to port 80 log \"a # in a string\" for 1m   # a trailing comment\n",
       "to port 80 log \"a # in a string\" for 1m  # a trailing comment\n"},
      {"every action",
       "tcp { allow SYN; drop badflags 0.5%; reject new with tcp-reset; reject; limit 1mbyte/s burst 64kbyte; "
       "log \"x\" established, data; log; half-open; blackhole }\nfor 1m\n",
       "tcp {\n"
       "    allow SYN\n"
       "    drop badflags 0.5%\n"
       "    reject new with tcp-reset\n"
       "    reject\n"
       "    limit 1mbyte/s burst 64kbyte\n"
       "    log \"x\" established, data\n"
       "    log\n"
       "    half-open\n"
       "    blackhole\n"
       "}\n"
       "for 1m\n"},
      {"selector clauses keep their order",
       "tcp on eth0 from 192.0.2.0/24 to port 22 log for 1m\n"
       "forwarded between not { 10.1.0.0/16 }  and 10.2.0.0/16 blackhole for 1m\n"
       "from 10.0.0.5 port 40000-50000 to 10.0.0.1 port { 80, 443 } drop for 1m\n",
       "tcp on eth0 from 192.0.2.0/24 to port 22 log for 1m\n"
       "forwarded between not { 10.1.0.0/16 } and 10.2.0.0/16 blackhole for 1m\n"
       "from 10.0.0.5 port 40000-50000 to 10.0.0.1 port { 80, 443 } drop for 1m\n"},
      {"expect clauses in canonical order",
       "host victim = 10.0.0.5\nport redis = 6379\ndrop for 1m\n"
       "expect tcp data established flags psh+ack to port 1234 from victim port 40000 is dropped\n"
       "expect forwarded udp on eth1 to 10.1.0.5 from 10.2.0.7 port 53 is dropped at 180s\n"
       "expect tcp to port redis flags SYN new is allowed at 1m\n"
       "expect is allowed\n",
       "host victim = 10.0.0.5\nport redis = 6379\ndrop for 1m\n"
       "expect tcp from victim port 40000 to port 1234 flags PSH+ACK established data is dropped\n"
       "expect forwarded udp from 10.2.0.7 port 53 to 10.1.0.5 on eth1 is dropped at 3m\n"
       "expect tcp to port redis flags SYN new is allowed at 1m\n"
       "expect is allowed\n"},
      // ---------------------------------------------------------- one-liners and blocks
      {"one-line block stays on one line",
       "inbound tcp {log \"BADFLAGS: \" badflags;drop badflags}   for 10m\n",
       "inbound tcp { log \"BADFLAGS: \" badflags; drop badflags } for 10m\n"},
      {"block stays a block; separators become lines",
       "from 10.0.0.5 to port 1234 {\n  allow SYN, ACK; drop rest;\n\tlog\n} for 4m\n",
       "from 10.0.0.5 to port 1234 {\n    allow SYN, ACK\n    drop rest\n    log\n} for 4m\n"},
      {"block with a trailing ;",
       "from 10.0.0.5 {\ndrop;\n}\nfor 1m\n",
       "from 10.0.0.5 {\n    drop\n}\nfor 1m\n"},
      {"block opened with actions on the brace line",
       "from 10.0.0.5 { allow SYN\n drop rest } for 1m\n",
       "from 10.0.0.5 {\n    allow SYN\n    drop rest\n} for 1m\n"},
      {"a one-liner over 100 columns becomes a block",
       "from { 10.0.0.1, 10.0.0.2, 10.0.0.3 } to port { 80, 443 } log \"a long prefix: \" badflags; drop "
       "badflags; reject with tcp-reset for 4m\n",
       "from { 10.0.0.1, 10.0.0.2, 10.0.0.3 } to port { 80, 443 } {\n"
       "    log \"a long prefix: \" badflags\n"
       "    drop badflags\n"
       "    reject with tcp-reset\n"
       "} for 4m\n"},
      {"a one-line block over 100 columns becomes a block",
       "from { 10.0.0.1, 10.0.0.2, 10.0.0.3 } to port { 80, 443 } { log \"a long prefix: \" badflags; drop "
       "badflags; reject } after 1m for 4m\n",
       "from { 10.0.0.1, 10.0.0.2, 10.0.0.3 } to port { 80, 443 } {\n"
       "    log \"a long prefix: \" badflags\n"
       "    drop badflags\n"
       "    reject\n"
       "} after 1m for 4m\n"},
      {"exactly 100 columns stays on one line",
       "from 10.0.0.1 to port 80 log \"" + std::string(51, 'x') + "\"; drop rest for 4m\n",
       "from 10.0.0.1 to port 80 log \"" + std::string(51, 'x') + "\"; drop rest for 4m\n"},
      {"101 columns becomes a block",
       "from 10.0.0.1 to port 80 log \"" + std::string(52, 'x') + "\"; drop rest for 4m\n",
       "from 10.0.0.1 to port 80 {\n    log \"" + std::string(52, 'x') + "\"\n    drop rest\n} for 4m\n"},
      {"width counts characters, not bytes",
       "from 10.0.0.1 to port 80 log \"" + std::string(25, 'x') + std::string(13, 'x') +
           "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
           "\"; drop rest for 4m\n",
       "from 10.0.0.1 to port 80 log \"" + std::string(38, 'x') +
           "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
           "\"; drop rest for 4m\n"},
      {"a long rule without a selector stays on one line (a rule cannot start with `{`)",
       "log \"" + std::string(70, 'x') + "\"; drop rest; reject; allow for 4m\n",
       "log \"" + std::string(70, 'x') + "\"; drop rest; reject; allow for 4m\n"},
      // ---------------------------------------------------------- sets
      {"a one-line set stays on one line",
       "host all-db = {db,backup,{ 10.0.5.0/24 }}\nhost db = 10.0.0.1\nhost backup = 10.0.0.2\n",
       "host all-db = { db, backup, { 10.0.5.0/24 } }\nhost db = 10.0.0.1\nhost backup = 10.0.0.2\n"},
      {"a set written across lines: one element per line, commas at the end",
       "host db = { 10.0.3.10, 10.0.3.11,\n   fd00::3:10 }\n",
       "host db = {\n    10.0.3.10,\n    10.0.3.11,\n    fd00::3:10\n}\n"},
      {"commas at the start of lines",
       "host db = {\n  10.0.3.10\n  , 10.0.3.11\n  , 10.0.3.12\n}\n",
       "host db = {\n    10.0.3.10,\n    10.0.3.11,\n    10.0.3.12\n}\n"},
      {"nested sets: only those written across lines are broken",
       "host nets = { { 10.0.0.1, 10.0.0.2 }, {\n10.0.1.1,\n { 10.0.2.1 } },\n 10.0.3.1 }\n",
       "host nets = {\n    { 10.0.0.1, 10.0.0.2 },\n    {\n        10.0.1.1,\n        { 10.0.2.1 }\n    },\n"
       "    10.0.3.1\n}\n"},
      {"a multi-line set in a rule selector",
       "from {\n10.0.0.1,\n10.0.0.2 } to port {\n 80,\n 443\n} drop for 1m\n",
       "from {\n    10.0.0.1,\n    10.0.0.2\n} to port {\n    80,\n    443\n} drop for 1m\n"},
      {"a multi-line set in a selector, then a block",
       "between {\n10.0.0.1,\n10.0.0.2 } and not { 10.0.1.0/24,\n 10.0.2.0/24 } {\n allow SYN\n drop\n} for 1m\n",
       "between {\n    10.0.0.1,\n    10.0.0.2\n} and not {\n    10.0.1.0/24,\n    10.0.2.0/24\n} {\n"
       "    allow SYN\n    drop\n} for 1m\n"},
      {"a definition's one-line set over 100 columns is broken",
       "host many = { 10.0.0.1, 10.0.0.2, 10.0.0.3, 10.0.0.4, 10.0.0.5, 10.0.0.6, 10.0.0.7, 10.0.0.8, { 10.0.0.9 } }\n",
       "host many = {\n    10.0.0.1,\n    10.0.0.2,\n    10.0.0.3,\n    10.0.0.4,\n    10.0.0.5,\n    10.0.0.6,\n"
       "    10.0.0.7,\n    10.0.0.8,\n    { 10.0.0.9 }\n}\n"},
      {"sets keep their written order and duplicates",
       "port web = { 8080, 80, 443, 80 }\n",
       "port web = { 8080, 80, 443, 80 }\n"},
      // ---------------------------------------------------------- blank lines, line ends
      {"blank lines collapsed to one, none at the start or the end",
       "\n\n\nhost a = 10.0.0.1\n\n\n\nhost b = 10.0.0.2\nhost c = 10.0.0.3\n\n\n",
       "host a = 10.0.0.1\n\nhost b = 10.0.0.2\nhost c = 10.0.0.3\n"},
      {"blank lines inside blocks and sets: kept (one), never after { or before }",
       "host s = {\n\n 10.0.0.1,\n\n\n 10.0.0.2\n\n}\nfrom s {\n\n allow SYN\n\n\n drop rest\n\n} for 1m\n",
       "host s = {\n    10.0.0.1,\n\n    10.0.0.2\n}\nfrom s {\n    allow SYN\n\n    drop rest\n} for 1m\n"},
      {"whitespace-only lines are blank lines",
       "host a = 10.0.0.1\n   \t\nhost b = 10.0.0.2\n",
       "host a = 10.0.0.1\n\nhost b = 10.0.0.2\n"},
      {"CRLF becomes LF", "host a = 10.0.0.1\r\n\r\nhost b = 10.0.0.2 # b\r\n",
       "host a = 10.0.0.1\n\nhost b = 10.0.0.2  # b\n"},
      {"a byte order mark is dropped", "\xEF\xBB\xBFhost a = 10.0.0.1\n", "host a = 10.0.0.1\n"},
      {"a missing final newline is added", "host a = 10.0.0.1", "host a = 10.0.0.1\n"},
      {"an empty file stays empty", "", ""},
      {"a file of blank lines becomes empty", "\n\n  \n", ""},
      // ---------------------------------------------------------- comments
      {"comments before and after statements",
       "# header\n\n# about a\nhost a = 10.0.0.1\n# after a\n\n# before b\nhost b = 10.0.0.2\n# the end\n",
       "# header\n\n# about a\nhost a = 10.0.0.1\n# after a\n\n# before b\nhost b = 10.0.0.2\n# the end\n"},
      {"full-line comments lose their indentation at the top level",
       "    # indented\nhost a = 10.0.0.1\n\t# tabbed\n",
       "# indented\nhost a = 10.0.0.1\n# tabbed\n"},
      {"a trailing comment gets two spaces",
       "host a = 10.0.0.1 # one space\nhost b = 10.0.0.2           # many\n",
       "host a = 10.0.0.1  # one space\nhost b = 10.0.0.2  # many\n"},
      {"trailing comments on consecutive lines are aligned",
       "to port 6379 reject new for 5m # refuse new connections, keep existing\n"
       "to port 6379 drop established for 5m # the opposite: stall the live ones\n"
       "\n"
       "host a = 10.0.0.1 # a new run after a blank line\n",
       "to port 6379 reject new for 5m        # refuse new connections, keep existing\n"
       "to port 6379 drop established for 5m  # the opposite: stall the live ones\n"
       "\n"
       "host a = 10.0.0.1  # a new run after a blank line\n"},
      {"comment text kept as written, trailing whitespace removed",
       "#no space   \n#   wide    gap\t\n##double\n#\n",
       "#no space\n#   wide    gap\n##double\n#\n"},
      {"a comment at the end of a file without a newline",
       "host a = 10.0.0.1\n# last", "host a = 10.0.0.1\n# last\n"},
      {"a trailing comment at the end of a file without a newline",
       "host a = 10.0.0.1 # last", "host a = 10.0.0.1  # last\n"},
      {"a file of comments only", "# one\n\n\n# two\n", "# one\n\n# two\n"},
      {"comments in a block: after {, between actions, trailing, before }",
       "from victim to port 1234 { # the block\n"
       "    # first the handshake\n"
       "  allow SYN, ACK # the client's SYN, and its final bare ACK\n"
       "\n"
       "\t# then the rest\n"
       "    drop rest; # the request (PSH+ACK), FIN, RST: all silently lost\n"
       "    # nothing else\n"
       "} for 4m # four minutes\n"
       "host victim = 10.0.0.5\n",
       "from victim to port 1234 {  # the block\n"
       "    # first the handshake\n"
       "    allow SYN, ACK  # the client's SYN, and its final bare ACK\n"
       "\n"
       "    # then the rest\n"
       "    drop rest  # the request (PSH+ACK), FIN, RST: all silently lost\n"
       "    # nothing else\n"
       "} for 4m  # four minutes\n"
       "host victim = 10.0.0.5\n"},
      {"several actions on one block line, a comment after the last",
       "tcp {\n  allow SYN; allow ACK # both\n  drop rest\n} for 1m\n",
       "tcp {\n    allow SYN\n    allow ACK  # both\n    drop rest\n} for 1m\n"},
      {"a comment after a block's }: the rule's trailing comment, `for` on the next line is the life",
       "tcp {\n  drop\n} # no timing here\nfor 1m\n",
       "tcp {\n    drop\n}  # no timing here\nfor 1m\n"},
      {"comments in a multi-line set",
       "host web = {            # a set may carry comments\n"
       "    192.0.2.10,         # the primary\n"
       "    # 192.0.2.11,       # disabled for now\n"
       "    192.0.2.12\n"
       "    # the last one above\n"
       "}\n",
       "host web = {     # a set may carry comments\n"
       "    192.0.2.10,  # the primary\n"
       "    # 192.0.2.11,       # disabled for now\n"
       "    192.0.2.12\n"
       "    # the last one above\n"
       "}\n"},
      {"a comment after an element whose comma is on the next line",
       "port web = {\n  80 # http\n  , 443 # https\n}\n",
       "port web = {\n    80,  # http\n    443  # https\n}\n"},
      {"a comment after a lone comma stays between the same elements",
       "port web = {\n  80\n  # before the comma\n  , # after the comma\n  443\n}\n",
       "port web = {\n    80,\n    # before the comma\n    # after the comma\n    443\n}\n"},
      {"comments in nested multi-line sets",
       "host nets = { # outer\n"
       "  { # inner\n"
       "    10.0.0.1, # one\n"
       "    # two is gone\n"
       "    10.0.0.3\n"
       "    # end of inner\n"
       "  }, # after inner\n"
       "  # before the last\n"
       "  10.0.1.1 # last\n"
       "} # after all\n",
       "host nets = {      # outer\n"
       "    {              # inner\n"
       "        10.0.0.1,  # one\n"
       "        # two is gone\n"
       "        10.0.0.3\n"
       "        # end of inner\n"
       "    },  # after inner\n"
       "    # before the last\n"
       "    10.0.1.1  # last\n"
       "}             # after all\n"},
      {"comments in a selector's multi-line set, then a one-line action list",
       "from { # who\n 10.0.0.1, # one\n 10.0.0.2 # two\n} to port 80 drop for 1m # what\n",
       "from {                    # who\n"
       "    10.0.0.1,             # one\n"
       "    10.0.0.2              # two\n"
       "} to port 80 drop for 1m  # what\n"},
      {"several consecutive comments everywhere",
       "# a\n# b\n# c\nhost x = {\n # d\n # e\n 10.0.0.1\n # f\n # g\n}\n# h\n# i\n",
       "# a\n# b\n# c\nhost x = {\n    # d\n    # e\n    10.0.0.1\n    # f\n    # g\n}\n# h\n# i\n"},
      {"comments in a CRLF file",
       "host x = { # open\r\n 10.0.0.1, # one\r\n # own line\r\n 10.0.0.2\r\n}\r\n",
       "host x = {     # open\n    10.0.0.1,  # one\n    # own line\n    10.0.0.2\n}\n"},
  };
  return all;
}

// ------------------------------------------------------------------ the corpus

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// Every example, by file name; never none, so that a test over them cannot
// pass empty.
std::vector<std::pair<std::string, std::string>> examples() {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& entry : std::filesystem::directory_iterator(std::filesystem::path(FAULTC_SOURCE_DIR) / "examples")) {
    if (entry.path().extension() == ".fault") out.emplace_back(entry.path().filename().string(), read_file(entry.path()));
  }
  std::sort(out.begin(), out.end());
  REQUIRE(out.size() >= 10);
  return out;
}

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

// Every pair of ```fault blocks in docs/style.md is a rule's before and after.
std::vector<std::pair<std::string, std::string>> style_examples() {
  const std::string doc = read_file(std::filesystem::path(FAULTC_SOURCE_DIR) / "docs" / "style.md");
  std::vector<std::string> blocks;
  std::istringstream lines(doc);
  std::string line, block;
  bool inside = false;
  while (std::getline(lines, line)) {
    if (!inside && line == "```fault") {
      inside = true;
      block.clear();
    } else if (inside && line == "```") {
      inside = false;
      blocks.push_back(block);
    } else if (inside) {
      block += line + "\n";
    }
  }
  std::vector<std::pair<std::string, std::string>> pairs;
  for (std::size_t i = 0; i + 1 < blocks.size(); i += 2) pairs.emplace_back(blocks[i], blocks[i + 1]);
  return pairs;
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

// ------------------------------------------------------------------ exact outputs

TEST_CASE("format: exact canonical output", "[format]") {
  for (const auto& c : cases()) {
    SECTION(c.name) {
      INFO("input:\n" << c.input);
      CHECK(fmt_ok(c.input) == c.expected);
    }
  }
}

TEST_CASE("format: the expected outputs are themselves canonical", "[format]") {
  for (const auto& c : cases()) {
    INFO(c.name);
    CHECK(fmt_ok(c.expected) == c.expected);
  }
}

TEST_CASE("format: a file with syntax errors is not formatted", "[format]") {
  for (const std::string text : {"from victim dorp for 4m\n", "host a = {\n10.0.0.1,\n", "to port 70000 drop for 1m\n",
                                 "drop for 30m1h\n", "tcp { drop;; } for 1m\n"}) {
    INFO(text);
    const Formatted f = format_text(text);
    CHECK_FALSE(f.ok);
    CHECK_THAT(f.diagnostics, Catch::Contains("error["));
  }
}

TEST_CASE("format: every example is already canonical", "[format]") {
  for (const auto& [name, text] : examples()) {
    INFO(name << "\n" << unified_diff(text, fmt_ok(text), name, name));
    CHECK(fmt_ok(text) == text);
  }
}

TEST_CASE("format: every before/after pair of docs/style.md", "[format]") {
  const auto pairs = style_examples();
  CHECK(pairs.size() >= 25);
  for (const auto& [before, after] : pairs) {
    INFO("before:\n" << before);
    CHECK(fmt_ok(before) == after);
    CHECK(fmt_ok(after) == after);
  }
}

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

// ------------------------------------------------------------------ unified diff

TEST_CASE("unified diff", "[format][diff]") {
  SECTION("equal texts give nothing") { CHECK(unified_diff("a\nb\n", "a\nb\n", "x", "x").empty()); }
  SECTION("one changed line with context") {
    CHECK(unified_diff("1\n2\n3\n4\n5\n6\n7\n8\n", "1\n2\n3\n4\nfive\n6\n7\n8\n", "f", "f") ==
          "--- f\n+++ f\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n");
  }
  SECTION("distant changes make two hunks") {
    CHECK(unified_diff("a\n1\n2\n3\n4\n5\n6\n7\nb\n", "A\n1\n2\n3\n4\n5\n6\n7\nB\n", "f", "g") ==
          "--- f\n+++ g\n@@ -1,4 +1,4 @@\n-a\n+A\n 1\n 2\n 3\n@@ -6,4 +6,4 @@\n 5\n 6\n 7\n-b\n+B\n");
  }
  SECTION("near changes share a hunk") {
    CHECK(unified_diff("a\n1\n2\nb\n", "A\n1\n2\nB\n", "f", "f") == "--- f\n+++ f\n@@ -1,4 +1,4 @@\n-a\n+A\n 1\n 2\n-b\n+B\n");
  }
  SECTION("insertion and deletion") {
    CHECK(unified_diff("a\nb\nc\n", "a\nc\nd\n", "f", "f") == "--- f\n+++ f\n@@ -1,3 +1,3 @@\n a\n-b\n c\n+d\n");
  }
  SECTION("a missing final newline") {
    CHECK(unified_diff("a\nb", "a\nb\n", "f", "f") ==
          "--- f\n+++ f\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n");
  }
  SECTION("from and to an empty text") {
    CHECK(unified_diff("", "a\n", "f", "f") == "--- f\n+++ f\n@@ -0,0 +1 @@\n+a\n");
    CHECK(unified_diff("a\nb\n", "", "f", "f") == "--- f\n+++ f\n@@ -1,2 +0,0 @@\n-a\n-b\n");
  }
  SECTION("CRLF lines differ from LF lines") {
    CHECK(unified_diff("a\r\n", "a\n", "f", "f") == "--- f\n+++ f\n@@ -1 +1 @@\n-a\r\n+a\n");
  }
}
