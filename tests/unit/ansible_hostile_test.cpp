// Hostile values in a fleet plan: nothing the scenario's author wrote may
// change how YAML, Jinja, an INI inventory or sh read the Ansible files.
// Names and addresses are checked (refused: no file at all); the scenario's
// name reaches the playbooks only in `#` comments; the plan's text is
// printable.
#include <catch2/catch.hpp>
#include <sstream>

#include "tests/unit/ansible_support.hpp"

using namespace faultc;
using namespace faultc::test;

namespace {

ansible::Output written(const fleet::Plan& plan, std::string run_id = "split_brain", std::string table = "faultc_x",
                        std::string gate = "t_30s") {
  ansible::Input input{plan, {}, std::move(run_id), {}};
  for (std::size_t i = 0; i < plan.nodes.size(); ++i) {
    input.nodes.push_back({"table inet faultc_x {}\n", "delete table inet faultc_x\n", table, {{gate, 30000, {}}}});
  }
  return ansible::write_ansible(input);
}

// The file without its `#` comment lines: what YAML and Ansible read.
std::string without_comment_lines(const std::string& text) {
  std::istringstream in(text);
  std::string out;
  for (std::string line; std::getline(in, line);) {
    if (!line.starts_with('#')) out += line + "\n";
  }
  return out;
}

}  // namespace

TEST_CASE("ansible: hostile node names are refused, and nothing is written", "[ansible][hostile]") {
  const std::vector<std::string> names = {"n1; rm -rf /", "{{ lookup('pipe', 'id') }}", "n1\n[all:vars]", "n1 ansible_connection=local",
                         "-n1", "1n", "", "all", "ungrouped", "localhost", "faultc", "n\"1", "n'1", "n$(id)", "n.1",
                         "n1:22", std::string(64, 'n')};
  for (const std::string& name : names) {
    INFO(name);
    fleet::Plan plan = sample_plan(2);
    plan.nodes[1].name = name;
    const ansible::Output out = written(plan);
    CHECK_FALSE(out.ok());
    CHECK(out.files.empty());
    // The refusal does not echo a name of unsafe characters.
    const std::string_view text(name);
    if (text.find_first_of(" ;{}\n\"'$:.") == std::string_view::npos) continue;
    for (const std::string& error : out.errors) CHECK(error.find(text) == std::string::npos);
  }
  CHECK(written(sample_plan(2)).ok());
}

TEST_CASE("ansible: names YAML would read as something else are quoted", "[ansible][hostile]") {
  fleet::Plan plan = sample_plan(3);
  plan.nodes[0].name = "yes";
  plan.nodes[1].name = "null";
  plan.nodes[2].name = "_x-1";
  const ansible::Output out = written(plan);
  REQUIRE(out.ok());
  const std::string site = find_file(out, "site.yml")->content;
  CHECK_THAT(site, Catch::Contains("faultc_nodes: [\"yes\", \"null\", \"_x-1\"]"));
  CHECK_THAT(site, Catch::Contains("      \"yes\": \"faultc_x\"\n"));
}

TEST_CASE("ansible: addresses are addresses, or refused", "[ansible][hostile]") {
  const char* addresses[] = {"10.0.0.1 ansible_connection=local", "10.0.0.1\n[all:vars]", "host.example.com",
                             "10.0.0.0/24", "{{ x }}", "", "10.0.0.256", "fe80::1%eth0"};
  for (const char* address : addresses) {
    INFO(address);
    fleet::Plan plan = sample_plan(2);
    plan.nodes[0].addresses = {address};
    CHECK_FALSE(written(plan).ok());
    plan = sample_plan(2);
    plan.nodes[1].addresses.push_back(address);  // not the inventory's, still checked
    CHECK_FALSE(written(plan).ok());
    plan = sample_plan(2);
    plan.controller = address;
    CHECK_FALSE(written(plan).ok());
  }
  fleet::Plan plan = sample_plan(2);
  plan.nodes[0].addresses = {"fd00:fa17::11", "10.250.0.11"};
  const ansible::Output out = written(plan);
  REQUIRE(out.ok());
  CHECK_THAT(find_file(out, "inventory.ini")->content, Catch::Contains("\nn1 ansible_host=fd00:fa17::11\n"));
  plan.nodes[0].addresses.clear();
  CHECK_FALSE(written(plan).ok());
}

TEST_CASE("ansible: run ids, tables, gates and the state directory are checked", "[ansible][hostile]") {
  CHECK_FALSE(written(sample_plan(2), "x; rm -rf /").ok());
  CHECK_FALSE(written(sample_plan(2), "").ok());
  CHECK_FALSE(written(sample_plan(2), "Split").ok());
  CHECK_FALSE(written(sample_plan(2), "split_brain", "faultc_x flush ruleset").ok());
  CHECK_FALSE(written(sample_plan(2), "split_brain", "faultc_x", "t_1s; flush ruleset").ok());
  CHECK_FALSE(written(sample_plan(2), "split_brain", "faultc_x", "filter").ok());
  for (const char* dir : {"run/faultc", "/run/x') }}{{ lookup('pipe','id')", "/run/$(id)", "/run/a b", ""}) {
    INFO(dir);
    ansible::Input input{sample_plan(1), {{"", "", "faultc_x", {}}}, "x", {}};
    input.options.state_dir = dir;
    CHECK_FALSE(ansible::write_ansible(input).ok());
  }
  CHECK(written(sample_plan(2)).ok());
}

TEST_CASE("ansible: a hostile scenario name reaches the playbooks only in comments", "[ansible][hostile]") {
  const std::string hostile =
      "x\"\n- hosts: all\n  tasks: [{shell: \"rm -rf /\"}]\n{{ lookup('pipe', 'id') }}\x1b[2J\xe2\x80\xae'$(id)`id`";
  const ansible::Output benign = written(sample_plan(2, "benign"));
  const ansible::Output out = written(sample_plan(2, hostile));
  REQUIRE(out.ok());
  for (const char* path : {"site.yml", "heal.yml", "inventory.ini"}) {
    INFO(path);
    const std::string text = find_file(out, path)->content;
    CHECK(without_comment_lines(text) == without_comment_lines(find_file(benign, path)->content));
    CHECK(text.find("rm -rf") != std::string::npos);  // in a comment, on the header's line
    CHECK(text.find('\x1b') == std::string::npos);
    CHECK(text.find("\n- hosts: all") == std::string::npos);
  }
  const std::string plan = find_file(out, "plan.txt")->content;
  CHECK(plan.find('\x1b') == std::string::npos);
  CHECK(plan.find("\xe2\x80\xae") == std::string::npos);  // bidi override, shown escaped
  fleet::Plan attributes = sample_plan(2);
  attributes.nodes[0].attributes = {{"role\x1b]0;x\x07", "db\n\nnode n9 (nodes/n9.fault):"}};
  const std::string text = find_file(written(attributes), "plan.txt")->content;
  CHECK(text.find('\x1b') == std::string::npos);
  CHECK(text.find("\nnode n9") == std::string::npos);
}
