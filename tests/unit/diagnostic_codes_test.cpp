// The code registry (compiler/diagnostics/diagnostic_codes.def) against the
// documentation and the compiler: every registered code has its section in
// docs/lint.md, and every code is raised by at least one scenario in the
// table below. Each scenario goes through the pipeline the CLI runs:
// compile_front (load, analyze, lint, severity policy; `faultc check` and
// `lint`), with an in-memory file system for includes; and, for a case that
// names a target, compile_artifact as `faultc compile -t TARGET` runs it
// (without --start or --at). The stages' own tests check each code's
// position, message and near misses; this one checks that none is left
// without a trigger or a page.
#include <fmt/format.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <variant>
#include <vector>

#include "compiler/diagnostics/diagnostic.hpp"
#include "compiler/diagnostics/render_text.hpp"
#include "compiler/driver/artifact.hpp"
#include "compiler/driver/pipeline.hpp"

using namespace faultc;

namespace {

using Files = std::map<std::string, std::string>;

struct Trigger {
  Code code;
  std::string scenario;                     // main.fault
  Files includes = {};                      // the files it may include, by the path the loader asks for
  std::optional<emit::Target> target = {};  // compiled for this target too
};

// A `{ }` set of one address nested `depth` levels deep.
std::string nested_set(int depth) {
  return std::string(static_cast<std::size_t>(depth), '{') + "10.0.0.1" +
         std::string(static_cast<std::size_t>(depth), '}');
}

// d1.fault, ..., dN.fault, each including the next: a chain N files deep
// from the scenario that includes d1.fault.
Files include_chain(int length) {
  Files files;
  for (int i = 1; i <= length; ++i) {
    files[fmt::format("d{}.fault", i)] =
        i < length ? fmt::format("include \"d{}.fault\"\n", i + 1) : "host h = 10.0.0.1\n";
  }
  return files;
}

// Mostly the examples of docs/lint.md.
std::vector<Trigger> triggers() {
  using emit::Target;
  return {
      {Code::F001, "host victim = 10.0.0.5\nfrom victim to port 1234 dorp for 4m\n"},
      {Code::F002, "host db = db.example.com\nto db port 5432 drop for 1m\n"},
      {Code::F002, "from 10.0.0.256 drop for 1m\n"},
      {Code::F003, "to port 70000 drop for 1m\n"},
      {Code::F004, "to port 80 log \"dropped\\: \" for 1m\n"},
      {Code::F005, "from 10.0.0.1 to port 80 from 10.0.0.2 drop for 1m\n"},
      {Code::F006, fmt::format("host h = {}\nfrom h drop for 1m\n", nested_set(65))},
      {Code::F006, fmt::format("host {} = 10.0.0.1\nfrom 10.0.0.1 drop for 1m\n", std::string(256, 'h'))},
      {Code::F006, fmt::format("scenario \"{}\"\nfrom 10.0.0.1 drop for 1m\n", std::string(4097, 's'))},
      {Code::F006, "include \"d1.fault\"\nfrom 10.0.0.1 drop for 1m\n", include_chain(17)},
      {Code::F007, "scenario \"caf\xe9 outage\"\nfrom 10.0.0.1 drop for 1m\n"},
      {Code::F008, "from 10.0.0.5 drop for 1m  # allow the health checker\r# faultc: allow W106\n"},
      {Code::F010, "host victim = 10.0.0.5\nfrom victm to port 1234 allow SYN, ACK; drop rest for 4m\n"},
      {Code::F011, "host db = 10.0.3.10\nhost db = 10.0.3.11\nto db port 5432 drop for 1m\n"},
      {Code::F012,
       "host primary = { 10.0.3.10, replicas }\nhost replicas = { 10.0.3.11, primary }\n"
       "to primary port 5432 drop for 1m\n"},
      {Code::F013, "include \"common.fault\"\nfrom db drop for 1m\n"},
      {Code::F014,
       "include \"hosts.fault\"\nfrom db drop for 1m\n",
       {{"hosts.fault", "include \"main.fault\"\nhost db = 10.0.3.10\n"}}},
      {Code::F015,
       "include \"shared.fault\"\nfrom db drop for 1m\n",
       {{"shared.fault", "host db = 10.0.3.10\nfor 1h\n"}}},
      {Code::F016, "scenario \"db outage\"\nfor 10m\nto port 5432 drop for 5m\nfor 1h\n"},
      {Code::F017, "include \"../shared/hosts.fault\"\nfrom db drop for 1m\n"},
      {Code::F020, "from 10.0.9.0/24 drop\n"},
      {Code::F021, "to port 5432 drop after 55m for 10m\nfor 1h\n"},
      {Code::F022, "from 10.0.9.0/24 drop for 1m every 1m\nfor 1h\n"},
      {Code::F023, "to port 80 drop flags SYN,ACK of SYN for 1m\n"},
      {Code::F024, "udp to port 53 drop SYN for 1m\n"},
      {Code::F025, "from 10.0.0.1 to fd00::1 drop for 1m\n"},
      {Code::F026, "to port 80 drop rest, SYN for 1m\n"},
      {Code::F027, "on enp0s31f6-vlan100 drop for 1m\n"},
      {Code::F028,
       "host db = { 10.0.3.10, 10.0.3.11 }\nto db port 5432 drop for 1m\nexpect to db port 5432 is dropped\n"},
      {Code::F029, "to port 80 allow SYN; drop SYN for 1m  # faultc: allow W140\n"},
      {Code::F030, "from 10.0.9.0/24 drop for 10s every 1m\nfor 1h\n", {}, Target::iptables_restore},
      {Code::F031, "to port 80 log \"it's down: \" for 1m\n"},
      {Code::F032, "scenario \"nothing yet\"\nfor 5m\n"},
      {Code::F033, "from 10.0.0.5 to port 1234 drop for 0s\n"},
      {Code::F034, "to port 80 limit 10byte/s for 1m\n"},
      {Code::F035, "from 10.0.9.0/24 drop for 1s every 2s\nfor 1d\n"},
      {Code::F036, "inbound with 10.0.3.10 drop for 1m\n"},
      {Code::F036, "with 10.0.3.10 from port 53 drop for 1m\n"},
      {Code::F037, "icmp from 10.0.0.0/8 drop packet-too-big for 1m\n"},
      {Code::F038, "icmp limit 10/s per connection for 1m\n"},
      {Code::F039, "protect inbound\nfrom 10.0.9.0/24 drop for 1m\n"},
      {Code::F040, "scenario \"s\"\npartition a | b for 1m\nfrom 10.0.0.9 drop for 2m\n"},
      {Code::F041, "node a = 10.0.0.1\ngroup a = { a }\ncontroller 10.0.0.9\nfor 1m\n"},
      {Code::F042, "host h = 10.0.0.5\nnode a = h\ncontroller 10.0.0.9\nfor 1m\n"},
      {Code::F043, "node a = 10.0.0.1 role db\nnode b = 10.0.0.2 role db\nnode c = 10.0.0.3 role web\ncontroller 10.0.0.9\npartition a | d for 1m\nfor 2m\n"},
      {Code::F044, "node a = 10.0.0.1 role db\nnode b = 10.0.0.2 role db\nnode c = 10.0.0.3 role web\ncontroller 10.0.0.9\npartition { a, b } | { b, c } for 1m\nfor 2m\n"},
      {Code::F045, "node a = 10.0.0.1 role db\nnode b = 10.0.0.2 role db\nnode c = 10.0.0.3 role web\ncontroller 10.0.0.9\npartition a | b for 1m\nexpect from 10.0.0.2 is dropped at 30s\nfor 2m\n"},
      {Code::W101,
       "host victim = 10.0.0.5\nhost bystander = 10.0.0.6\n"
       "from victim to port 1234 allow SYN, ACK; drop rest for 4m\n"},
      {Code::W102, "from 10.0.9.7/24 drop for 1m\n"},
      {Code::W103, "to port 6379 drop established\nfor ever\n"},
      {Code::W104,
       "tcp to port 80 {\n    allow flags SYN of SYN\n    allow flags NONE of SYN\n    drop data\n} for 1m\n"},
      {Code::W105, "to port 5432 drop 100% for 2m\n"},
      {Code::W106, "inbound tcp drop for 1m\n"},
      {Code::W107, "to port 80 limit 1mbyte/s burst 64kbyte for 15m\n", {}, Target::iptables},
      {Code::W108, "host mgmt = 10.0.9.0/24\nexpose loopback\nfrom not mgmt drop for 1m  # faultc: allow W106\n"},
      {Code::W109, "tcp to port 80 drop flags SYN of SYN,ACK, ACK for 1m\n"},
      {Code::W110, "outbound to 10.0.0.53 port 53 drop for 5m\n"},
      {Code::W111, "protect from 10.0.9.0/24\nfrom 10.0.9.7 drop for 1m\n"},
      {Code::W112, "node a = 10.0.0.1 role db\nnode b = 10.0.0.2 role db\nnode c = 10.0.0.3 role web\ngroup dbs = role db\ncontroller 10.0.0.9\npartition dbs | rest for 1m\nfor 2m\n"},
      {Code::W113, "node a = 10.0.0.1 role db\nnode b = 10.0.0.2 role db\nnode c = 10.0.0.3 role web\ngroup caches = role cache\ngroup all_nodes = { a, b, c }\ncontroller 10.0.0.9\npartition a | b for 1m\nfor 2m\n"},
      {Code::W114, "node a = 10.0.0.1 role db\nnode b = 10.0.0.2 role db\nnode c = 10.0.0.3 role web\ncontroller c\npartition a | c for 1m\nfor 2m\n"},
      {Code::W115, "node a = 10.0.0.1 role db\nnode b = 10.0.0.2 role db\nnode c = 10.0.0.3 role web\npartition a | b for 1m\nfor 2m\n"},
      {Code::W116, "node a = 10.0.0.1 role db\nnode b = 10.0.0.2 role db\nnode c = 10.0.0.3 role web\ncontroller 10.0.0.9\npartition a | b for 1m\nisolate b after 30s for 1m\nfor 2m\n"},
  };
}

// Every diagnostic the pipeline gives the trigger's scenario, rendered.
Diagnostics run(const Trigger& t, SourceMap& sources) {
  const FileId root = sources.add("main.fault", t.scenario);
  const ReadFunction read = [&t](const std::string& path) -> std::variant<std::string, ReadError> {
    const auto it = t.includes.find(path);
    if (it == t.includes.end()) return ReadError{fmt::format("{}: cannot open: No such file or directory", path)};
    return it->second;
  };
  Compilation c = compile_front(sources, root, {}, read, KeepAst::no);
  Diagnostics out = c.diagnostics;
  if (t.target && c.ok()) {
    const bool restore = *t.target == emit::Target::iptables_restore || *t.target == emit::Target::ip6tables_restore;
    ArtifactOptions options;
    options.target = *t.target;
    options.lower.follows_timeline = !restore;  // as `faultc compile` without --start
    auto compiled = compile_artifact(std::move(*c.scenario), sources, options);
    out.insert(out.end(), compiled.diagnostics.begin(), compiled.diagnostics.end());
  }
  return out;
}

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string lower_case(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return out;
}

}  // namespace

TEST_CASE("every registered code has its section in docs/lint.md", "[diagnostics][codes]") {
  const std::string lint_md = read_text(FAULTC_SOURCE_DIR "/docs/lint.md");
  REQUIRE(!lint_md.empty());
  const std::vector<Code> codes = all_codes();
  REQUIRE(codes.size() >= 40);
  for (Code code : codes) {
    INFO(code_name(code));
    // The anchor that SARIF's help links to, then the heading with the title.
    CHECK(lint_md.find(fmt::format("<a id=\"{}\"></a>", lower_case(code_name(code)))) != std::string::npos);
    CHECK(lint_md.find(fmt::format("\n## {} — {}\n", code_name(code), code_title(code))) != std::string::npos);
  }
}

TEST_CASE("the trigger table names every registered code and no other", "[diagnostics][codes]") {
  std::set<Code> in_table;
  for (const Trigger& t : triggers()) in_table.insert(t.code);
  const std::vector<Code> codes = all_codes();
  const std::set<Code> registered(codes.begin(), codes.end());
  for (Code code : registered) {
    INFO(code_name(code));
    CHECK(in_table.count(code) == 1);
  }
  CHECK(in_table == registered);
}

TEST_CASE("every registered code is raised by its scenario", "[diagnostics][codes]") {
  for (const Trigger& t : triggers()) {
    SourceMap sources;
    const Diagnostics diagnostics = run(t, sources);
    INFO(code_name(t.code) << " from:\n"
                           << t.scenario.substr(0, 200) << "\ngave:\n"
                           << render_text(diagnostics, sources).substr(0, 2000));
    CHECK(std::any_of(diagnostics.begin(), diagnostics.end(), [&t](const Diagnostic& d) { return d.code == t.code; }));
  }
}
