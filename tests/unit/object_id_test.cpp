// The names faultc gives kernel objects: object_id, which keeps a short
// clean scenario name and hashes any other into [a-z0-9_]{1,13} without
// collisions, and the chain names built on it, which must fit iptables' 28
// characters, helper chains included. Scenarios go through compile_front ->
// lower exactly as `faultc compile` does (tests/unit/lowered.hpp).
#include "compiler/lower/object_id.hpp"

#include <fmt/format.h>

#include <catch2/catch.hpp>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "compiler/ir/ruleset.hpp"
#include "tests/unit/lowered.hpp"

using namespace faultc;
using namespace faultc::test;
using ruleset::Hook;

TEST_CASE("object_id keeps short clean names as they are", "[lower][object_id]") {
  CHECK(object_id("redis") == "redis");
  CHECK(object_id("half_open") == "half_open");
  CHECK(object_id("a") == "a");
  CHECK(object_id("db2") == "db2");
  CHECK(object_id("9lives") == "9lives");                // nft and iptables take a leading digit
  CHECK(object_id("abcdefghijklm") == "abcdefghijklm");  // 13 characters: the maximum kept
}

TEST_CASE("object_id hashes long or odd names into [a-z0-9_]{1,13}", "[lower][object_id]") {
  const std::vector<std::string> names = {
      "abcdefghijklmn",      "half-open clients", "Half Open",   "x$(reboot)y",  "a`id`b", "\"quoted\"",
      "semi;colon",          "new\nline",         "caf\xC3\xA9", "\xE2\x98\x83", "",       "___",
      std::string(5000, 'x')};
  for (const std::string& name : names) {
    INFO("name: " << name);
    const std::string id = object_id(name);
    CHECK(valid_id(id));
    CHECK(id != name);
    CHECK(object_id(name) == id);  // deterministic
  }
  CHECK(object_id("half-open clients").starts_with("half_"));
}

TEST_CASE("object_id: names that differ only in case or punctuation get different ids", "[lower][object_id]") {
  const std::vector<std::string> names = {"half open", "Half Open",  "HALF OPEN",  "half-open", "half_open",
                                          "half.open", "half  open", "half-open!", "half/open", "half:open"};
  std::set<std::string> ids;
  for (const std::string& name : names) ids.insert(object_id(name));
  CHECK(ids.size() == names.size());
}

TEST_CASE("object_id: a readable id never spells a hashed one", "[lower][object_id]") {
  // The review's collision: these three all became `half_ope_b2cc` with a
  // 16-bit hash and a readable form that could take a hashed id's shape.
  const std::string hashed = object_id("Half Open");
  CHECK(object_id("half open 46688") != hashed);
  CHECK(object_id(hashed) != hashed);
  // A name shaped like a hashed id is hashed itself; a clean name that is
  // not keeps its form.
  CHECK(object_id("ab_0123abcd") != "ab_0123abcd");
  CHECK(object_id("ab_0123abcz") == "ab_0123abcz");
  CHECK(object_id("_0123abcd") != "_0123abcd");
  CHECK(object_id("!!!").starts_with("scen_"));  // never a leading `_`
  // Every hashed id ends in `_` and 8 hex digits (32 bits).
  for (const std::string name : {"half-open clients", "!!!", "", "x$(reboot)y"}) {
    const std::string id = object_id(name);
    INFO("name: " << name << " id: " << id);
    REQUIRE(id.size() >= 9);
    CHECK(id[id.size() - 9] == '_');
    CHECK(id.find_first_not_of("0123456789abcdef", id.size() - 8) == std::string::npos);
  }
}

TEST_CASE("object_id: 10,000 names that share a readable part get distinct ids", "[lower][object_id]") {
  // 10,000 names over 16 bits share an id about 760 times (birthday bound
  // n^2 / 2^17); over 32 bits, about 0.01 times.
  std::set<std::string> ids;
  for (int i = 0; i < 10000; ++i) ids.insert(object_id(fmt::format("half open {}", i)));
  CHECK(ids.size() == 10000);
}

TEST_CASE("object_id: random names always give valid ids", "[lower][object_id][property]") {
  std::mt19937 random(20261127);
  std::map<std::string, std::string> seen;
  for (int i = 0; i < 2000; ++i) {
    std::string name(random() % 40, ' ');
    for (char& c : name) c = static_cast<char>(random() % 256);
    const std::string id = object_id(name);
    INFO("name bytes: " << name.size());
    REQUIRE(valid_id(id));
    seen[name] = id;
  }
  for (const auto& [name, id] : seen) CHECK(object_id(name) == id);
}

TEST_CASE("chain names fit iptables' 28 characters for rule numbers up to 9,999,999", "[lower][object_id]") {
  const std::vector<std::string> names = {"abcdefghijklm", std::string(300, 'Z'), "half-open clients", "x$(reboot)y"};
  for (const std::string& name : names) {
    const std::string prefix = "FAULTC-" + object_id(name);
    CHECK((prefix + "-9999999").size() <= 28);
    CHECK((prefix + "-fwd").size() <= 28);
  }
  // And as lower builds them.
  auto l = lower_ok("scenario \"a name far too long for any chain name\"\nto port 80 drop for 1m\n");
  CHECK(l->r().id.size() <= 13);
  CHECK(l->r().iptables_prefix == "FAULTC-" + l->r().id);
  CHECK(l->r().nft_table == "faultc_" + l->r().id);
  CHECK(name_text(iptables_name(l->r(), l->r().chains.at(0))) == l->r().iptables_prefix + "-1");
  CHECK(name_text(nft_name(l->r(), l->r().chains.at(0))) == "rule_1");
  CHECK(ruleset::dispatch_chain(l->r(), Hook::input) == l->r().iptables_prefix + "-in");
  CHECK(ruleset::dispatch_chain(l->r(), Hook::output) == l->r().iptables_prefix + "-out");
  CHECK(ruleset::dispatch_chain(l->r(), Hook::forward) == l->r().iptables_prefix + "-fwd");
}

TEST_CASE("a scenario without a name is named after its file", "[lower][object_id]") {
  auto l = lower_ok("to port 80 drop for 1m\n", {}, "web.fault");
  CHECK(l->r().scenario_name == "web");
  CHECK(l->r().id == "web");
}

TEST_CASE("a helper chain's name is hashed to fit 28 characters when the rule number is long", "[lower][object_id]") {
  ruleset::Ruleset r;
  r.iptables_prefix = "FAULTC-abcdefghijklm";  // the longest id, 13 characters
  ruleset::Chain rule_chain;
  rule_chain.rule_number = 9'999'999;
  CHECK(name_text(iptables_name(r, rule_chain)) == "FAULTC-abcdefghijklm-9999999");
  ruleset::Chain helper = rule_chain;
  helper.helper_role = 'a';
  helper.helper_action = 2;
  const std::string name = name_text(iptables_name(r, helper));
  CHECK(name.size() == 28);
  CHECK(name.starts_with("FAULTC-abcdefghijklm-"));
  CHECK(name != name_text(iptables_name(r, rule_chain)));
  helper.helper_role = 'd';
  CHECK(name_text(iptables_name(r, helper)) != name);  // the two helpers never share a name
  CHECK(name_text(nft_name(r, helper)) == "rule_9999999_d2");
  ruleset::Chain short_helper;
  short_helper.rule_number = 12;
  short_helper.helper_role = 'a';
  short_helper.helper_action = 1;
  CHECK(name_text(iptables_name(r, short_helper)) == "FAULTC-abcdefghijklm-12a1");
}
