// The Ansible output with the iptables-restore backend: its files, rules
// byte-identical to `faultc compile -t iptables-restore --start`, the
// playbook's fixed START, the script told the backend, and what is refused
// without a START or with a chain prefix that is not one. The nft output is
// ansible_writer_test.cpp's; the script against a kernel is
// tests/kernel/ansible_arm_test.sh's.
#include <catch2/catch.hpp>
#include <cstdlib>

#include "compiler/driver/artifact.hpp"
#include "compiler/driver/fleet_ansible.hpp"
#include "compiler/driver/fleet_front.hpp"
#include "compiler/driver/pipeline.hpp"
#include "tests/unit/ansible_support.hpp"

using namespace faultc;
using namespace faultc::test;

namespace {

constexpr std::int64_t kStart = 1764284400;  // 2025-11-27T23:00:00Z

ansible::Options iptables_options(std::optional<std::int64_t> start = kStart) {
  ansible::Options options;
  options.backend = ansible::Backend::iptables;
  options.start_unix = start;
  return options;
}

AnsibleCompile compile_iptables(const fleet::Plan& plan, std::optional<std::int64_t> start = kStart) {
  SourceMap sources;
  std::vector<NodeCompilation> nodes = compile_plan_nodes(plan, sources, "fleet.fault");
  return compile_ansible(plan, nodes, sources, iptables_options(start));
}

ansible::Output compiled(const fleet::Plan& plan) {
  AnsibleCompile c = compile_iptables(plan);
  REQUIRE(c.output);
  INFO(fmt::format("{}", fmt::join(c.output->errors, "\n")));
  REQUIRE(c.output->ok());
  return *c.output;
}

// What `faultc compile -t TARGET --start @kStart [--teardown]` prints for the
// node's scenario, by the calls the command makes (compile_command.cpp).
std::string standalone(const std::string& name, const std::string& text, emit::Target target, bool teardown) {
  SourceMap sources;
  const FileId id = sources.add(name, text);
  Compilation c = compile_front(sources, id);
  REQUIRE(c.ok());
  ArtifactOptions options;
  options.target = target;
  options.emit.start_unix = kStart;
  options.emit.teardown = teardown;
  options.lower.follows_timeline = true;
  auto artifact = compile_artifact(std::move(*c.scenario), sources, options);
  REQUIRE(artifact.ok());
  return *artifact.value;
}

}  // namespace

TEST_CASE("ansible iptables: the files of a run, in order, with their modes", "[ansible]") {
  const ansible::Output out = compiled(sample_plan(2));
  std::vector<std::string> paths;
  for (const ansible::File& f : out.files) paths.push_back(f.path + fmt::format(" {:o}", f.mode));
  CHECK(paths == std::vector<std::string>{"inventory.ini 644", "site.yml 644", "heal.yml 644", "plan.txt 644",
                                          "files/faultc-arm.sh 755", "nodes/n1.fault 644", "nodes/n1.rules.v4 644",
                                          "nodes/n1.rules.v6 644", "nodes/n1.teardown.rules.v4 644",
                                          "nodes/n1.teardown.rules.v6 644", "nodes/n2.fault 644",
                                          "nodes/n2.rules.v4 644", "nodes/n2.rules.v6 644",
                                          "nodes/n2.teardown.rules.v4 644", "nodes/n2.teardown.rules.v6 644"});
}

TEST_CASE("ansible iptables: the rules and teardowns are faultc compile's, bound to START", "[ansible]") {
  const fleet::Plan plan = sample_plan(3);
  const ansible::Output out = compiled(plan);
  for (const fleet::Node& node : plan.nodes) {
    INFO(node.name);
    const std::string name = node_source_name("fleet.fault", node.name);
    const std::string base = "nodes/" + node.name;
    const std::string v4 = find_file(out, base + ".rules.v4")->content;
    CHECK(v4 == standalone(name, node.scenario, emit::Target::iptables_restore, false));
    CHECK(find_file(out, base + ".rules.v6")->content ==
          standalone(name, node.scenario, emit::Target::ip6tables_restore, false));
    CHECK(find_file(out, base + ".teardown.rules.v4")->content ==
          standalone(name, node.scenario, emit::Target::iptables_restore, true));
    CHECK(find_file(out, base + ".teardown.rules.v6")->content ==
          standalone(name, node.scenario, emit::Target::ip6tables_restore, true));
    // The cut of 10s..30s, in absolute UTC from START (--datestop: its last second).
    CHECK_THAT(v4, Catch::Contains("-m time --datestart 2025-11-27T23:00:10 --datestop 2025-11-27T23:00:29 "));
    CHECK_THAT(v4, Catch::Contains(":FAULTC-spli_162d8797-in - [0:0]\n"));
    CHECK_THAT(find_file(out, base + ".teardown.rules.v4")->content,
               Catch::Contains("-X FAULTC-spli_162d8797-in\n"));
  }
  // The nodes' addresses are IPv4: the IPv6 files name no chain of the run,
  // and the script skips them.
  CHECK_THAT(find_file(out, "nodes/n1.rules.v6")->content, !Catch::Contains(":FAULTC-"));
}

TEST_CASE("ansible iptables: the playbook's START is the rules' own, and fixed", "[ansible]") {
  const ansible::Output out = compiled(sample_plan(3));
  const std::string site = find_file(out, "site.yml")->content;
  const std::string heal = find_file(out, "heal.yml")->content;
  CHECK(site.starts_with(std::string(ansible::kSiteHeader)));
  CHECK_THAT(site, Catch::Contains("        faultc_start_epoch: \"1764284400\"\n"));
  CHECK_THAT(site, Catch::Contains("faultc_start is not defined or (faultc_start | int) == (faultc_start_epoch | int)"));
  CHECK_THAT(site, Catch::Contains("the rules are bound to START 1764284400 (faultc compile --start)"));
  CHECK_THAT(site, !Catch::Contains("faultc_lead"));
  CHECK_THAT(site, Catch::Contains("START is fixed: 1764284400 (2025-11-27T23:00:00Z)"));
  CHECK_THAT(site, Catch::Contains("The end is each node's wall clock"));
  // The refusal comes before the arm play.
  CHECK(site.find("(faultc_start | int) == (faultc_start_epoch | int)") < site.find("- name: faultc arm"));
  CHECK_THAT(site, Catch::Contains("      \"n3\": \"FAULTC-spli_162d8797\"\n"));
  CHECK_THAT(site, Catch::Contains("faultc-arm.sh\", -b, iptables, arm, "));
  CHECK_THAT(site, Catch::Contains("faultc-arm.sh\", -b, iptables, check, "));
  CHECK_THAT(site, Catch::Contains("faultc-arm.sh\", -b, iptables, verify, "));
  CHECK_THAT(site, Catch::Contains("dest: node.rules.v4"));
  CHECK_THAT(site, Catch::Contains("command -v $tool"));
  CHECK_THAT(site, !Catch::Contains("command -v nft"));
  CHECK_THAT(site, !Catch::Contains("node.nft"));
  CHECK_THAT(heal, Catch::Contains("faultc-arm.sh\", -b, iptables, heal, "));
  CHECK_THAT(heal, Catch::Contains("dest: node.teardown.rules.v6"));
  CHECK_THAT(heal, !Catch::Contains("teardown.nft"));
  CHECK_THAT(find_file(out, "files/faultc-arm.sh")->content, Catch::Contains("ipt_heal"));
  CHECK_THAT(site, Catch::Contains("START {{ '%+.3f' | format("));  // the arm is before START
}

TEST_CASE("ansible iptables: no START, no run", "[ansible]") {
  for (std::optional<std::int64_t> start : {std::optional<std::int64_t>(), std::optional<std::int64_t>(0)}) {
    AnsibleCompile c = compile_iptables(sample_plan(2), start);
    REQUIRE(c.output);
    CHECK_FALSE(c.output->ok());
    CHECK(c.output->files.empty());
    CHECK_THAT(fmt::format("{}", fmt::join(c.output->errors, "\n")), Catch::Contains("(--start)"));
  }
}

TEST_CASE("ansible iptables: the chain prefix is checked as the table is", "[ansible][hostile]") {
  const auto written = [](ansible::Backend backend, const std::string& prefix) {
    const fleet::Plan plan = sample_plan(2);
    ansible::Input input{plan, {}, "split_brain", iptables_options()};
    input.options.backend = backend;
    for (std::size_t i = 0; i < plan.nodes.size(); ++i) input.nodes.push_back({"", "", prefix, {}});
    return ansible::write_ansible(input);
  };
  CHECK(written(ansible::Backend::iptables, "FAULTC-split_brain").ok());
  for (const char* prefix : {"faultc_x", "FAULTC-", "FAULTC-x; iptables -F", "FAULTC-X", "FAULTC-x-in",
                             "FAULTC-{{ x }}", "x", ""}) {
    INFO(prefix);
    CHECK_FALSE(written(ansible::Backend::iptables, prefix).ok());
  }
  CHECK_FALSE(written(ansible::Backend::nft, "FAULTC-x").ok());
  CHECK(written(ansible::Backend::nft, "faultc_x").ok());
  CHECK(ansible::is_chain_prefix("FAULTC-spli_162d8797"));
  CHECK_FALSE(ansible::is_chain_prefix(std::string("FAULTC-") + std::string(33, 'a')));
}

TEST_CASE("ansible iptables: the same plan gives the same bytes", "[ansible]") {
  const ansible::Output a = compiled(sample_plan(4));
  const ansible::Output b = compiled(sample_plan(4));
  REQUIRE(a.files.size() == b.files.size());
  for (std::size_t i = 0; i < a.files.size(); ++i) {
    INFO(a.files[i].path);
    CHECK(a.files[i].content == b.files[i].content);
  }
}

// Not a test: writes the sample plan's iptables run, bound to the START in
// $FAULTC_ANSIBLE_START (epoch seconds), into $FAULTC_ANSIBLE_DUMP, for
// tests/kernel/ansible_arm_test.sh and tests/cli/ansible_test.sh.
TEST_CASE("ansible iptables: dump the sample run", "[.ansible_dump_iptables]") {
  const char* dir = std::getenv("FAULTC_ANSIBLE_DUMP");
  const char* start = std::getenv("FAULTC_ANSIBLE_START");
  REQUIRE(dir != nullptr);
  REQUIRE(start != nullptr);
  AnsibleCompile c = compile_iptables(sample_plan(3), std::stoll(start));
  REQUIRE(c.output);
  REQUIRE(c.output->ok());
  const auto problem = write_directory_atomically(dir, c.output->files, [](const std::string&) { return true; });
  INFO(problem.value_or(""));
  REQUIRE_FALSE(problem);
}
