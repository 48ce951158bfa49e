#pragma once
// One message for every commit point of the grammar, in the user's terms.
// With the control below, a `must<>` without a message here does
// not compile. The parser appends what it found instead ("..., found `x`")
// and, where `keywords` lists candidates, a "did you mean" hint.
#include "grammar/grammar.hpp"

namespace faultc::grammar {

template <typename Rule>
inline constexpr const char* error_message = nullptr;

// Space-separated words the user may have meant at this point.
template <typename Rule>
inline constexpr const char* error_keywords = nullptr;

#define FAULTC_GRAMMAR_ERROR(rule, text) \
  template <>                            \
  inline constexpr const char* error_message<rule> = text;
#define FAULTC_GRAMMAR_KEYWORDS(rule, words) \
  template <>                                \
  inline constexpr const char* error_keywords<rule> = words;

inline constexpr const char* kActionWords = "allow drop reject limit log half-open blackhole";
inline constexpr const char* kPatternWords =
    "rest badflags new established data flags length SYN ACK FIN RST PSH URG ECE CWR NONE ALL echo-request "
    "echo-reply destination-unreachable frag-needed packet-too-big time-exceeded";

// clang-format off
FAULTC_GRAMMAR_ERROR(statement, "expected a statement (scenario, host, port, priority, include, for, expect, protect, expose; in a fleet node, group, controller, partition, isolate, bridge, majorities, at) or a rule such as `from ADDR drop`")
FAULTC_GRAMMAR_KEYWORDS(statement, "scenario host port priority include for expect protect expose node group controller partition isolate bridge majorities at inbound outbound forwarded tcp udp icmp from to on between with allow drop reject limit log half-open blackhole")
FAULTC_GRAMMAR_ERROR(statement_end, "expected the end of the statement (a new line or a `#` comment)")
FAULTC_GRAMMAR_KEYWORDS(statement_end, "after for every port burst with per")

FAULTC_GRAMMAR_ERROR(escape_char, "unknown escape in string; use \\\", \\\\, \\n, \\t or \\r")
FAULTC_GRAMMAR_ERROR(string_close, "unterminated string; expected a closing `\"` before the end of the line")
FAULTC_GRAMMAR_ERROR(reserved_name_error, "a keyword cannot be used as a name")
FAULTC_GRAMMAR_ERROR(duration_unit_error, "a duration needs a unit: ms, s, m, h or d (as in 30s, 4m, 1h30m)")
FAULTC_GRAMMAR_ERROR(duration_fraction_error, "durations are whole numbers of a unit; write 90s rather than 1.5m")
FAULTC_GRAMMAR_ERROR(dns_name_error, "DNS names are not supported; write the IP address (faultc never resolves names)")

FAULTC_GRAMMAR_ERROR(ipv4_octet, "expected an IPv4 octet from 0 to 255 (without leading zeros)")
FAULTC_GRAMMAR_ERROR(ipv4_dot, "expected `.`: an IPv4 address has four octets like 10.0.0.5")
FAULTC_GRAMMAR_ERROR(ipv4_end, "unexpected character after the IPv4 address")
FAULTC_GRAMMAR_ERROR(ipv6_valid, "malformed IPv6 address; expected a form like fd00::1, 2001:db8:0:0:0:0:0:1 or ::ffff:10.0.0.1")
FAULTC_GRAMMAR_ERROR(prefix_length, "expected a prefix length after `/` (0-32 for IPv4, 0-128 for IPv6)")
FAULTC_GRAMMAR_ERROR(addr_set_element, "expected an address, a host name or a `{ set }` in the set")
FAULTC_GRAMMAR_ERROR(set_close, "expected `,` or `}` in the set")
FAULTC_GRAMMAR_ERROR(port_range_end, "expected the end of the port range after `-`")
FAULTC_GRAMMAR_ERROR(port_set_element, "expected a port, a port range or a port name in the set")
FAULTC_GRAMMAR_ERROR(endpoint_port_value, "expected a port (1-65535), a range like 8000-8080, a port name or a `{ set }` after `port`")

FAULTC_GRAMMAR_ERROR(negated_element, "expected an address, a host name or a `{ set }` after `not`")
FAULTC_GRAMMAR_ERROR(from_target, "expected an address, a host name, a `{ set }` or `port` after `from`")
FAULTC_GRAMMAR_ERROR(to_target, "expected an address, a host name, a `{ set }` or `port` after `to`")
FAULTC_GRAMMAR_ERROR(iface_name, "expected an interface name like eth0 after `on`")
FAULTC_GRAMMAR_ERROR(between_first, "expected an address, a host name or a `{ set }` after `between`")
FAULTC_GRAMMAR_ERROR(between_and, "expected `and` between the two sides of `between`")
FAULTC_GRAMMAR_KEYWORDS(between_and, "and")
FAULTC_GRAMMAR_ERROR(between_second, "expected an address, a host name or a `{ set }` after `and`")
FAULTC_GRAMMAR_ERROR(with_target, "expected an address, a host name or a `{ set }` after `with`")
FAULTC_GRAMMAR_ERROR(protocol_after_comma, "expected a protocol (tcp, udp or icmp) after `,`")
FAULTC_GRAMMAR_KEYWORDS(protocol_after_comma, "tcp udp icmp")

FAULTC_GRAMMAR_ERROR(flag_after_plus, "expected a TCP flag (FIN, SYN, RST, PSH, ACK, URG, ECE, CWR) after `+`")
FAULTC_GRAMMAR_KEYWORDS(flag_after_plus, "FIN SYN RST PSH ACK URG ECE CWR")
FAULTC_GRAMMAR_ERROR(flags_value, "expected the TCP flags that must be set (like SYN or SYN,ACK or NONE) after `flags`")
FAULTC_GRAMMAR_KEYWORDS(flags_value, "FIN SYN RST PSH ACK URG ECE CWR NONE")
FAULTC_GRAMMAR_ERROR(flags_of, "expected `of` and the mask of flags to examine, as in `flags SYN of SYN,ACK`")
FAULTC_GRAMMAR_KEYWORDS(flags_of, "of")
FAULTC_GRAMMAR_ERROR(flags_mask, "expected the TCP flags to examine (like SYN,ACK or ALL) after `of`")
FAULTC_GRAMMAR_KEYWORDS(flags_mask, "FIN SYN RST PSH ACK URG ECE CWR ALL")
FAULTC_GRAMMAR_ERROR(pattern_after_comma, "expected a packet pattern (a flag combination like SYN+ACK, flags ... of ..., badflags, new, established, data, an ICMP message like echo-request, length ... or rest) after `,`")
FAULTC_GRAMMAR_KEYWORDS(pattern_after_comma, kPatternWords)
FAULTC_GRAMMAR_ERROR(icmp_code_value, "expected an ICMP code from 0 to 255 after `code`")
FAULTC_GRAMMAR_ERROR(length_value, "expected a packet length in bytes after `length`: `> 1400`, `< 100`, `1500` or a range like `1000-1500`")
FAULTC_GRAMMAR_ERROR(length_bound, "expected a number of bytes after `<` or `>`")
FAULTC_GRAMMAR_ERROR(length_range_end, "expected the end of the length range after `-`")

FAULTC_GRAMMAR_ERROR(reject_kind, "expected a reject kind after `with`: tcp-reset, icmp-port-unreachable, icmp-host-unreachable or icmp-admin-prohibited")
FAULTC_GRAMMAR_KEYWORDS(reject_kind, "tcp-reset icmp-port-unreachable icmp-host-unreachable icmp-admin-prohibited")
FAULTC_GRAMMAR_ERROR(limit_rate, "expected a rate like 100/s, 10/m or 1mbyte/s after `limit` (and its patterns)")
FAULTC_GRAMMAR_ERROR(rate_period, "expected the rate's period after `/`: s, m, h or d")
FAULTC_GRAMMAR_ERROR(limit_burst, "expected a burst size like 10 (packets) or 64kbyte after `burst`")
FAULTC_GRAMMAR_ERROR(limit_per_key, "expected `source` or `connection` after `per`")
FAULTC_GRAMMAR_KEYWORDS(limit_per_key, "source connection")

FAULTC_GRAMMAR_ERROR(rule_actions, "expected an action (allow, drop, reject, limit, log, half-open, blackhole) or a `{` block of actions")
FAULTC_GRAMMAR_KEYWORDS(rule_actions, "allow drop reject limit log half-open blackhole from to on between with port tcp udp icmp inbound outbound forwarded")
FAULTC_GRAMMAR_ERROR(action_after_semicolon, "expected an action (allow, drop, reject, limit, log, half-open, blackhole) after `;`")
FAULTC_GRAMMAR_KEYWORDS(action_after_semicolon, kActionWords)
FAULTC_GRAMMAR_ERROR(block_first_action, "expected an action (allow, drop, reject, limit, log, half-open, blackhole) in the block; a block cannot be empty")
FAULTC_GRAMMAR_KEYWORDS(block_first_action, kActionWords)
FAULTC_GRAMMAR_ERROR(block_action, "expected an action (allow, drop, reject, limit, log, half-open, blackhole) or `}` to close the block")
FAULTC_GRAMMAR_KEYWORDS(block_action, kActionWords)
FAULTC_GRAMMAR_ERROR(block_close, "expected `;`, a new line or `}` after the action; is a `}` missing?")

FAULTC_GRAMMAR_ERROR(after_duration, "expected a duration like 30s or 4m after `after`")
FAULTC_GRAMMAR_ERROR(for_duration, "expected a duration like 30s or 4m after `for`")
FAULTC_GRAMMAR_ERROR(every_duration, "expected a duration like 30s or 4m after `every`")
FAULTC_GRAMMAR_ERROR(expose_what, "expected `loopback` or `neighbour-discovery` after `expose`")
FAULTC_GRAMMAR_KEYWORDS(expose_what, "loopback neighbour-discovery")
FAULTC_GRAMMAR_ERROR(life_value, "expected a duration like 30s, 4m or 1h30m, or `ever`, after `for`")
FAULTC_GRAMMAR_KEYWORDS(life_value, "ever")

FAULTC_GRAMMAR_ERROR(packet_port_value, "expected a port number or a port name after `port`")
FAULTC_GRAMMAR_ERROR(packet_from_address, "expected one address or host name after `from`")
FAULTC_GRAMMAR_ERROR(packet_to_target, "expected one address, a host name or `port` after `to`")
FAULTC_GRAMMAR_ERROR(packet_flags_value, "expected a TCP flag combination like SYN, SYN+ACK, PSH+ACK or NONE after `flags`")
FAULTC_GRAMMAR_KEYWORDS(packet_flags_value, "FIN SYN RST PSH ACK URG ECE CWR NONE ALL")
FAULTC_GRAMMAR_ERROR(packet_length_value, "expected the packet's length in bytes (like 1500) after `length`")
FAULTC_GRAMMAR_ERROR(packet_end, "expected a packet clause (from, to, on, flags, new, established, data, an ICMP message like echo-request, length)")
FAULTC_GRAMMAR_KEYWORDS(packet_end, "from to on flags new established data length echo-request echo-reply tcp udp icmp inbound outbound forwarded")

FAULTC_GRAMMAR_ERROR(scenario_name, "expected the scenario's name as a \"quoted string\" after `scenario`")
FAULTC_GRAMMAR_ERROR(host_name, "expected a name for the host after `host`")
FAULTC_GRAMMAR_ERROR(host_equals, "expected `=` after the host's name")
FAULTC_GRAMMAR_ERROR(host_value, "expected an address, a host name or a `{ set }` after `=`")
FAULTC_GRAMMAR_ERROR(port_name, "expected a name for the port after `port`")
FAULTC_GRAMMAR_ERROR(port_equals, "expected `=` after the port's name")
FAULTC_GRAMMAR_ERROR(port_value, "expected a port (1-65535), a range like 8000-8080, a port name or a `{ set }` after `=`")
FAULTC_GRAMMAR_ERROR(priority_value, "expected an integer like -200 or 10 after `priority`")
FAULTC_GRAMMAR_ERROR(include_path, "expected a file name as a \"quoted string\" after `include`")
FAULTC_GRAMMAR_ERROR(expect_is, "expected a packet clause (from, to, on, flags, new, established, data, an ICMP message like echo-request, length) or `is`")
FAULTC_GRAMMAR_KEYWORDS(expect_is, "is from to on flags new established data length")
FAULTC_GRAMMAR_ERROR(verdict, "expected `allowed`, `dropped` or `rejected` after `is`")
FAULTC_GRAMMAR_KEYWORDS(verdict, "allowed dropped rejected")
FAULTC_GRAMMAR_ERROR(expect_at, "expected a time offset like 30s or 2m after `at`")

FAULTC_GRAMMAR_ERROR(node_set_element, "expected a node or group name in the set")
FAULTC_GRAMMAR_ERROR(node_name, "expected a name for the node after `node`")
FAULTC_GRAMMAR_ERROR(node_equals, "expected `=` after the node's name")
FAULTC_GRAMMAR_ERROR(node_address, "expected the node's address or a `{ set }` of its addresses after `=`")
FAULTC_GRAMMAR_ERROR(group_name, "expected a name for the group after `group`")
FAULTC_GRAMMAR_ERROR(group_equals, "expected `=` after the group's name")
FAULTC_GRAMMAR_ERROR(group_value, "expected a node or group name, a `{ set }` of them, or attributes like `role db and zone a` after `=`")
FAULTC_GRAMMAR_ERROR(group_attr_after_and, "expected an attribute and its value, like `zone a`, after `and`")
FAULTC_GRAMMAR_ERROR(controller_address, "expected the control node's address, or a node's name, after `controller`")
FAULTC_GRAMMAR_ERROR(seed_value, "expected a number after `seed`")
FAULTC_GRAMMAR_ERROR(partition_side, "expected a node or group name, a `{ set }` of them or `rest` after `partition`")
FAULTC_GRAMMAR_ERROR(partition_side_after_bar, "expected a node or group name, a `{ set }` of them or `rest` after `|`")
FAULTC_GRAMMAR_ERROR(partition_side_after_arrow, "expected a node or group name, a `{ set }` of them or `rest` after `->`")
FAULTC_GRAMMAR_ERROR(partition_shape, "expected `|` (cut both ways) or `->` (one way) between the partition's sides")
FAULTC_GRAMMAR_ERROR(isolate_nodes, "expected a node or group name, a `{ set }` of them, or `one of GROUP` after `isolate`")
FAULTC_GRAMMAR_ERROR(bridge_nodes, "expected a group name or a `{ set }` of nodes after `bridge`")
FAULTC_GRAMMAR_ERROR(ring_word, "expected `ring` after `majorities`")
FAULTC_GRAMMAR_KEYWORDS(ring_word, "ring")
FAULTC_GRAMMAR_ERROR(ring_nodes, "expected a group name or a `{ set }` of nodes after `majorities ring`")
FAULTC_GRAMMAR_ERROR(at_nodes, "expected a node or group name or a `{ set }` of them after `at`")
FAULTC_GRAMMAR_ERROR(at_body, "expected a rule, an `expect` or a `protect` line, or a `{` block of them, after the nodes")
FAULTC_GRAMMAR_ERROR(at_block_item, "expected a rule, an `expect` or a `protect` line, or `}` to close the `at` block")
FAULTC_GRAMMAR_ERROR(at_item_end, "expected a new line or `}` after the statement; one statement per line in an `at` block")
FAULTC_GRAMMAR_ERROR(at_close, "expected `}` to close the `at` block")
// clang-format on

#undef FAULTC_GRAMMAR_ERROR
#undef FAULTC_GRAMMAR_KEYWORDS

// The control class the parser runs with: a rule that has a message raises
// it on failure; a `must<>` on a rule without one does not compile. Before
// throwing it tells a state that wants to know (the parser's builder) which
// rule raised, so that it can take the rule's keyword candidates for the
// "did you mean" hint and the rule's diagnostic code
// (compiler/parse/syntax_codes.hpp).
template <typename Rule>
struct control : tao::pegtl::normal<Rule> {
  static constexpr const char* message = error_message<Rule>;

  template <typename ParseInput, typename... States>
  static void failure(const ParseInput& in, States&&... st) {
    if constexpr (message != nullptr) raise(in, st...);
  }

  template <typename ParseInput, typename... States>
  [[noreturn]] static void raise(const ParseInput& in, States&&... st) {
    static_assert(message != nullptr, "every must<>/raise<> point needs a message in grammar/errors.hpp");
    (
        [&](auto& state) {
          if constexpr (requires { state.template raised<Rule>(); }) state.template raised<Rule>();
        }(st),
        ...);
    throw tao::pegtl::parse_error(message, in);
  }
};

}  // namespace faultc::grammar
