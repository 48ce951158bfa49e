#pragma once
// The .fault grammar: rules as types and nothing else. No semantics live
// here; compiler/parse/parse.cpp attaches actions that build the AST, and
// grammar/errors.hpp gives every commit point (`must<>`) its message.
//
// Layout of a file: one statement per line. Inside `{ }` newlines and `;`
// both separate items. `#` starts a comment that runs to the end of line.
// docs/language.md carries the summary of this grammar; keep them in sync.
#include <tao/pegtl.hpp>

#include "grammar/lexical.hpp"

namespace faultc::grammar {

using namespace tao::pegtl;

// clang-format off

// ---------------------------------------------------------------- strings
struct escape_char : one< '"', '\\', 'n', 't', 'r' > {};
struct escape : seq< one< '\\' >, must< escape_char > > {};
struct string_char : sor< escape, not_one< '"', '\\', '\n', '\r' > > {};
struct string_close : one< '"' > {};
struct string_literal : seq< one< '"' >, star< string_char >, must< string_close > > {};

// ---------------------------------------------------------------- numbers
struct digits : plus< digit > {};
struct decimal : seq< digits, opt< one< '.' >, digits > > {};

struct duration_unit : sor< TAO_PEGTL_STRING( "ms" ), one< 's', 'm', 'h', 'd' > > {};
struct duration_part : seq< digits, duration_unit, not_at< alpha > > {};
struct duration_unit_error {};
struct duration_fraction_error {};
// A number that is not followed by a unit: say so where the unit is missing.
struct duration_unit_missing : seq< digits, sor< seq< one< '.' >, digits, raise< duration_fraction_error > >,
                                                  raise< duration_unit_error > > > {};
// `1h30m` is a sum of parts (analyze-free check: largest unit first, each
// once, is enforced when the value is decoded).
struct duration : seq< sor< seq< plus< duration_part >, opt< duration_unit_missing > >, duration_unit_missing >,
                       not_at< ident_other > > {};

struct percent : seq< decimal, one< '%' > > {};

struct byte_unit : sor< kw< TAO_PEGTL_STRING( "gbyte" ) >, kw< TAO_PEGTL_STRING( "mbyte" ) >,
                        kw< TAO_PEGTL_STRING( "kbyte" ) >, kw< TAO_PEGTL_STRING( "byte" ) > > {};
struct rate_period : sor< kw< one< 's' > >, kw< one< 'm' > >, kw< one< 'h' > >, kw< one< 'd' > > > {};
struct rate_amount : seq< decimal, opt< byte_unit > > {};
struct rate : seq< rate_amount, one< '/' >, must< rate_period > > {};
struct burst_amount : seq< decimal, opt< byte_unit >, not_at< ident_other > > {};

struct signed_integer : seq< opt< one< '-', '+' > >, digits, not_at< ident_other > > {};

// ---------------------------------------------------------------- addresses
// IPv4: four decimal octets 0-255 without leading zeros.
struct dec_octet : sor< seq< one< '2' >, one< '5' >, range< '0', '5' > >,
                        seq< one< '2' >, range< '0', '4' >, digit >,
                        seq< one< '1' >, digit, digit >,
                        seq< range< '1', '9' >, digit >,
                        digit > {};
struct octet : seq< dec_octet, not_at< digit > > {};
struct ipv4_plain : seq< octet, one< '.' >, octet, one< '.' >, octet, one< '.' >, octet > {};
// A failed first alternative of a `sor` rewinds, so that an error points at
// the start of the bad octet (as `seq< at< octet >, octet >` would, reading
// every octet twice).
struct ipv4_octet : sor< octet, failure > {};
struct ipv4_dot : one< '.' > {};
struct ipv4_end : not_at< sor< word_char, one< '.' > > > {};
// Digits then a dot can only start an IPv4 address: commit to it so that
// `10.0.0.256` is reported at the bad octet.
struct ipv4_address : seq< at< rep_min_max< 1, 3, digit >, one< '.' > >,
                           must< ipv4_octet, ipv4_dot, ipv4_octet, ipv4_dot, ipv4_octet, ipv4_dot, ipv4_octet, ipv4_end > > {};

// IPv6: RFC 4291 section 2.2 text forms, `::` compression and an embedded
// IPv4 tail included (the RFC 3986 IPv6address production, ordered for PEG).
struct h16 : rep_min_max< 1, 4, xdigit > {};
struct h16c : seq< h16, one< ':' >, not_at< one< ':' > > > {};
struct dcolon : TAO_PEGTL_STRING( "::" ) {};
struct ls32 : sor< ipv4_plain, seq< h16, one< ':' >, h16 > > {};
template< unsigned Before > struct h16_head : opt< rep_opt< Before, h16c >, h16 > {};
template<> struct h16_head< 0 > : opt< h16 > {};
struct ipv6_forms : sor< seq< rep< 6, h16c >, ls32 >,
                         seq< dcolon, rep< 5, h16c >, ls32 >,
                         seq< h16_head< 0 >, dcolon, rep< 4, h16c >, ls32 >,
                         seq< h16_head< 1 >, dcolon, rep< 3, h16c >, ls32 >,
                         seq< h16_head< 2 >, dcolon, rep< 2, h16c >, ls32 >,
                         seq< h16_head< 3 >, dcolon, h16c, ls32 >,
                         seq< h16_head< 4 >, dcolon, ls32 >,
                         seq< h16_head< 5 >, dcolon, h16 >,
                         seq< h16_head< 6 >, dcolon > > {};
struct ipv6_body : seq< ipv6_forms, not_at< sor< word_char, one< ':', '.' > > > > {};
struct ipv6_valid : at< ipv6_body > {};
// Hex digits then a colon can only start an IPv6 address: commit, and
// report a malformed one at its start.
struct ipv6_address : seq< at< star< xdigit >, one< ':' > >, must< ipv6_valid >, ipv6_body > {};

struct prefix_length : seq< digits, not_at< ident_other > > {};
struct address_literal : seq< sor< ipv6_address, ipv4_address >, opt< one< '/' >, must< prefix_length > > > {};

// faultc never resolves names: `db.example.com` is diagnosed as such.
struct dns_label : seq< alnum, star< sor< alnum, one< '-' > > > > {};
struct dns_name_error {};
struct dns_name : seq< at< dns_label, plus< one< '.' >, dns_label > >, raise< dns_name_error > > {};

struct host_ref : seq< identifier > {};
struct port_ref : seq< identifier > {};

struct set_close : one< '}' > {};
struct set_comma : seq< nl_sp, one< ',' >, nl_sp > {};

struct addr_set;
struct addr_element : sor< addr_set, address_literal, dns_name, host_ref > {};
struct addr_set_element : seq< addr_element > {};
struct addr_set_open : one< '{' > {};
struct addr_set_body : seq< nl_sp, must< addr_set_element >, star< set_comma, must< addr_set_element > >, nl_sp, must< set_close > > {};
struct addr_set : seq< addr_set_open, addr_set_body > {};

struct negation : seq< kw_not > {};
// After `not` the element is required where it stands, so an error (a
// second `not`) is reported there rather than at the first `not`.
struct negated_element : seq< addr_element > {};
struct addr_match : sor< seq< negation, sp, must< negated_element > >, addr_element > {};

struct port_number : seq< digits, not_at< word_char > > {};
struct port_range_end : seq< port_number > {};
struct port_range : seq< port_number, opt< one< '-' >, must< port_range_end > > > {};
struct port_set;
struct port_element : sor< port_set, port_range, port_ref > {};
struct port_set_element : seq< port_element > {};
struct port_set_open : one< '{' > {};
struct port_set_body : seq< nl_sp, must< port_set_element >, star< set_comma, must< port_set_element > >, nl_sp, must< set_close > > {};
struct port_set : seq< port_set_open, port_set_body > {};

// ---------------------------------------------------------------- selectors
struct direction : sor< kw_inbound, kw_outbound, kw_forwarded > {};
struct protocol : sor< kw_tcp, kw_udp, kw_icmp > {};
// A selector's protocols: `tcp, udp` (each at most once, any order).
struct protocol_after_comma : seq< protocol > {};
struct protocols : seq< protocol, star< sp, one< ',' >, sp, must< protocol_after_comma > > > {};

struct endpoint_port_value : seq< port_element > {};
struct endpoint_port : seq< kw_port, sp, must< endpoint_port_value > > {};
struct from_address : seq< addr_match > {};
struct from_target : sor< endpoint_port, seq< from_address, opt< sp, endpoint_port > > > {};
struct from_clause : seq< kw_from, sp, must< from_target > > {};
struct to_address : seq< addr_match > {};
struct to_target : sor< endpoint_port, seq< to_address, opt< sp, endpoint_port > > > {};
struct to_clause : seq< kw_to, sp, must< to_target > > {};
struct iface_name : seq< alnum, star< sor< alnum, one< '_', '-', '.', '+' > > > > {};
struct on_clause : seq< kw_on, sp, must< iface_name > > {};
struct between_first : seq< addr_match > {};
struct between_and : seq< kw_and > {};
struct between_second : seq< addr_match > {};
struct between_clause : seq< kw_between, sp, must< between_first >, sp, must< between_and >, sp, must< between_second > > {};
// `with ADDR [port P]`: this host's traffic with a peer, both ways.
struct with_address : seq< addr_match > {};
struct with_target : seq< with_address, opt< sp, endpoint_port > > {};
struct with_clause : seq< kw_with, sp, must< with_target > > {};
struct clause : sor< from_clause, to_clause, on_clause, between_clause, with_clause > {};
struct selector : seq< opt< direction, sp >, opt< protocols, sp >, star< clause, sp > > {};

// ---------------------------------------------------------------- patterns
struct flag_after_plus : seq< flag_name > {};
struct combo_none : seq< flag_none > {};
struct combo_all : seq< flag_all > {};
struct combo_flag : seq< flag_name > {};
struct flag_combo : sor< combo_none, combo_all, seq< combo_flag, star< sp, one< '+' >, sp, must< flag_after_plus > > > > {};
struct flag_list_sep : seq< sp, sor< one< ',' >, one< '+' > >, sp > {};
struct flags_value_flag : seq< flag_name > {};
struct flags_value_none : seq< flag_none > {};
struct flags_value_all : seq< flag_all > {};
struct flags_value : sor< flags_value_none, flags_value_all, list< flags_value_flag, flag_list_sep > > {};
struct flags_mask_flag : sor< flag_name, flag_all > {};
// The mask's items after the first, each with its separator: an item after
// `,` is one a writer may have meant as a pattern of its own (W109).
struct flags_mask_comma_item : seq< sp, one< ',' >, sp, flags_mask_flag > {};
struct flags_mask_plus_item : seq< sp, one< '+' >, sp, flags_mask_flag > {};
struct flags_mask : seq< flags_mask_flag, star< sor< flags_mask_comma_item, flags_mask_plus_item > > > {};
struct flags_of : seq< kw_of > {};
struct flags_pattern : seq< kw_flags, sp, must< flags_value >, sp, must< flags_of >, sp, must< flags_mask > > {};
// ICMP and ICMPv6 messages by name (compiler/parse/icmp_types.cpp), with an
// optional `code N`, and the packet's length: context words, recognised only
// where a pattern or a packet clause stands, so they stay free as names.
struct icmp_type_name : sor< kw< TAO_PEGTL_STRING( "echo-request" ) >, kw< TAO_PEGTL_STRING( "echo-reply" ) >,
                             kw< TAO_PEGTL_STRING( "destination-unreachable" ) >,
                             kw< TAO_PEGTL_STRING( "net-unreachable" ) >, kw< TAO_PEGTL_STRING( "host-unreachable" ) >,
                             kw< TAO_PEGTL_STRING( "port-unreachable" ) >,
                             kw< TAO_PEGTL_STRING( "admin-prohibited" ) >, kw< TAO_PEGTL_STRING( "frag-needed" ) >,
                             kw< TAO_PEGTL_STRING( "packet-too-big" ) >, kw< TAO_PEGTL_STRING( "time-exceeded" ) >,
                             kw< TAO_PEGTL_STRING( "parameter-problem" ) >, kw< TAO_PEGTL_STRING( "redirect" ) >,
                             kw< TAO_PEGTL_STRING( "router-solicitation" ) >,
                             kw< TAO_PEGTL_STRING( "router-advertisement" ) >,
                             kw< TAO_PEGTL_STRING( "neighbour-solicitation" ) >,
                             kw< TAO_PEGTL_STRING( "neighbour-advertisement" ) > > {};
struct icmp_code_value : seq< digits, not_at< word_char > > {};
struct icmp_code : seq< kw< TAO_PEGTL_STRING( "code" ) >, sp, must< icmp_code_value > > {};
struct icmp_message : seq< icmp_type_name, opt< sp, icmp_code > > {};
struct kw_length : kw< TAO_PEGTL_STRING( "length" ) > {};
struct length_number : seq< digits, not_at< word_char > > {};
struct length_less : one< '<' > {};
struct length_greater : one< '>' > {};
struct length_bound : seq< length_number > {};
struct length_range_end : seq< length_number > {};
struct length_value : sor< seq< sor< length_less, length_greater >, sp, must< length_bound > >,
                           seq< length_number, opt< one< '-' >, must< length_range_end > > > > {};
struct pat_icmp : seq< icmp_message > {};
struct pat_length : seq< kw_length, sp, must< length_value > > {};
struct pat_rest : seq< kw_rest > {};
struct pat_badflags : seq< kw_badflags > {};
struct pat_new : seq< kw_new > {};
struct pat_established : seq< kw_established > {};
struct pat_data : seq< kw_data > {};
// The ICMP messages and `length` last: most patterns are flags.
struct pattern : sor< pat_rest, pat_badflags, pat_new, pat_established, pat_data, flags_pattern, flag_combo, pat_icmp,
                      pat_length > {};
struct pattern_after_comma : seq< pattern > {};
struct patterns : seq< pattern, star< sp, one< ',' >, sp, must< pattern_after_comma > > > {};
// Where an action may be followed by patterns: every pattern starts with a
// letter, so most actions (a bare `drop` at the end of its line) are done
// after one look instead of trying each kind of pattern.
struct patterns_after : seq< sp, at< alpha >, patterns > {};

// ---------------------------------------------------------------- actions
struct reject_kind : sor< kw< TAO_PEGTL_STRING( "tcp-reset" ) >,
                          kw< TAO_PEGTL_STRING( "icmp-port-unreachable" ) >,
                          kw< TAO_PEGTL_STRING( "icmp-host-unreachable" ) >,
                          kw< TAO_PEGTL_STRING( "icmp-admin-prohibited" ) > > {};
struct log_prefix : seq< string_literal > {};
struct limit_rate : seq< rate > {};
struct limit_burst : seq< burst_amount > {};
// `per source`, `per connection`: context words, not reserved (a host may
// be named `source`), read only after a limit's rate or burst.
struct limit_per_source : kw< TAO_PEGTL_STRING( "source" ) > {};
struct limit_per_connection : kw< TAO_PEGTL_STRING( "connection" ) > {};
struct limit_per_key : sor< limit_per_source, limit_per_connection > {};
struct limit_per : seq< kw< TAO_PEGTL_STRING( "per" ) >, sp, must< limit_per_key > > {};

struct act_allow : seq< kw_allow, opt< patterns_after > > {};
struct act_drop : seq< kw_drop, opt< patterns_after >, opt< sp, percent > > {};
struct act_reject : seq< kw_reject, opt< patterns_after >, opt< sp, kw_with, sp, must< reject_kind > > > {};
struct act_limit : seq< kw_limit, opt< patterns_after >, sp, must< limit_rate >, opt< sp, kw_burst, sp, must< limit_burst > >,
                         opt< sp, limit_per > > {};
struct act_log : seq< kw_log, opt< sp, log_prefix >, opt< patterns_after > > {};
struct act_half_open : kw_half_open {};
struct act_blackhole : kw_blackhole {};
struct action : sor< act_allow, act_drop, act_reject, act_limit, act_log, act_half_open, act_blackhole > {};

struct action_after_semicolon : seq< action > {};
struct action_line : seq< action, star< sp, one< ';' >, sp, must< action_after_semicolon > > > {};

struct block_open : one< '{' > {};
struct block_first_action : seq< action > {};
struct block_action : seq< action > {};
struct block_close : one< '}' > {};
struct block_separator : seq< sp, sor< one< ';' >, eol >, nl_sp > {};
struct action_block : seq< block_open, nl_sp, must< block_first_action >,
                           star< block_separator, not_at< sor< one< '}' >, eof > >, must< block_action > >,
                           opt< block_separator >, nl_sp, must< block_close > > {};

struct rule_actions : sor< action_block, action_line > {};

// ---------------------------------------------------------------- time
struct after_duration : seq< duration > {};
struct for_duration : seq< duration > {};
struct every_duration : seq< duration > {};
struct timing_after : seq< kw_after, sp, must< after_duration > > {};
struct timing_for : seq< kw_for, sp, must< for_duration > > {};
struct timing_every : seq< kw_every, sp, must< every_duration > > {};
struct timing : star< sp, sor< timing_after, timing_for, timing_every > > {};

// ---------------------------------------------------------------- packets
// The packet syntax shared by `expect` lines and `faultc explain --packet`.
struct packet_address : sor< address_literal, dns_name, host_ref > {};
struct packet_port_number : seq< port_number > {};
struct packet_port_value : sor< packet_port_number, port_ref > {};
struct packet_port : seq< kw_port, sp, must< packet_port_value > > {};
struct packet_from_address : seq< packet_address > {};
struct packet_from : seq< kw_from, sp, must< packet_from_address >, opt< sp, packet_port > > {};
struct packet_to_address : seq< packet_address > {};
struct packet_to_target : sor< packet_port, seq< packet_to_address, opt< sp, packet_port > > > {};
struct packet_to : seq< kw_to, sp, must< packet_to_target > > {};
struct packet_on : seq< kw_on, sp, must< iface_name > > {};
struct packet_flags_value : seq< flag_combo > {};
struct packet_flags : seq< kw_flags, sp, must< packet_flags_value > > {};
struct packet_state : sor< kw_new, kw_established > {};
struct packet_data : seq< kw_data > {};
struct packet_icmp : seq< icmp_message > {};
struct packet_length_value : seq< length_number > {};
struct packet_length : seq< kw_length, sp, must< packet_length_value > > {};
struct packet_clause : sor< packet_from, packet_to, packet_on, packet_flags, packet_state, packet_data, packet_icmp,
                            packet_length > {};
struct packet : seq< opt< direction, sp >, opt< protocol, sp >, star< packet_clause, sp > > {};
struct packet_end : eof {};
struct packet_input : seq< sp, packet, sp, must< packet_end > > {};

// ---------------------------------------------------------------- statements
struct scenario_name : seq< string_literal > {};
struct scenario_stmt : seq< kw_scenario, sp, must< scenario_name > > {};

struct host_name : seq< name > {};
struct host_equals : one< '=' > {};
struct host_value : seq< addr_element > {};
struct host_stmt : seq< kw_host, sp, must< host_name >, sp, must< host_equals >, sp, must< host_value > > {};

struct port_name : seq< name > {};
struct port_equals : one< '=' > {};
struct port_value : seq< port_element > {};
struct port_stmt : seq< kw_port, sp, must< port_name >, sp, must< port_equals >, sp, must< port_value > > {};

struct priority_value : seq< signed_integer > {};
struct priority_stmt : seq< kw_priority, sp, must< priority_value > > {};

struct include_path : seq< string_literal > {};
struct include_stmt : seq< kw_include, sp, must< include_path > > {};

struct life_value : sor< kw_ever, duration > {};
struct life_stmt : seq< kw_for, sp, must< life_value > > {};

struct verdict : sor< kw_allowed, kw_dropped, kw_rejected > {};
struct expect_is : seq< kw_is > {};
struct expect_at : seq< duration > {};
struct expect_stmt : seq< kw_expect, sp, packet, must< expect_is >, sp, must< verdict >, opt< sp, kw_at, sp, must< expect_at > > > {};

struct rule_start : sor< direction, protocol, kw_from, kw_to, kw_on, kw_between, kw_with, kw_allow, kw_drop, kw_reject,
                         kw_limit, kw_log, kw_half_open, kw_blackhole > {};
struct rule_stmt : seq< at< rule_start >, selector, must< rule_actions >, timing > {};

// `protect SELECTOR` and `expose loopback|neighbour-discovery`: the words
// are context words (a statement never starts with a name), not reserved.
struct protect_stmt : seq< kw< TAO_PEGTL_STRING( "protect" ) >, sp, selector > {};
struct expose_loopback : kw< TAO_PEGTL_STRING( "loopback" ) > {};
struct expose_neighbour_discovery : kw< TAO_PEGTL_STRING( "neighbour-discovery" ) > {};
struct expose_what : sor< expose_loopback, expose_neighbour_discovery > {};
struct expose_stmt : seq< kw< TAO_PEGTL_STRING( "expose" ) >, sp, must< expose_what > > {};

// ---------------------------------------------------------------- fleets
// A file with `node` statements describes a fleet (docs/fleet.md). Every
// word here is a context word: a statement never starts with a name, and
// `one`, `seed` and `ring` are read only where they stand.
struct attr_key : seq< identifier > {};
struct attr_value_token : seq< alnum, star< ident_other > > {};
// `role db`: both words or neither, so that `group g = n1` backtracks to a
// node set.
struct attr_pair : seq< attr_key, plus< blank >, attr_value_token > {};
struct node_attribute : seq< attr_pair > {};

struct node_ref : seq< identifier > {};
struct node_set_rest : seq< kw_rest > {};
struct node_set_element : seq< node_ref > {};
struct node_set_open : one< '{' > {};
struct node_set_list : seq< node_set_open, nl_sp, must< node_set_element >, star< set_comma, must< node_set_element > >,
                            nl_sp, must< set_close > > {};
struct node_set : sor< node_set_list, node_set_rest, node_ref > {};

struct node_name : seq< name > {};
struct node_equals : one< '=' > {};
struct node_address : seq< addr_element > {};
struct node_stmt : seq< kw< TAO_PEGTL_STRING( "node" ) >, sp, must< node_name >, sp, must< node_equals >, sp,
                        must< node_address >, star< sp, node_attribute > > {};

struct group_name : seq< name > {};
struct group_equals : one< '=' > {};
struct group_attr_after_and : seq< attr_pair > {};
struct group_attributes : seq< attr_pair, star< sp, kw_and, sp, must< group_attr_after_and > > > {};
struct group_value : sor< group_attributes, node_set > {};
struct group_stmt : seq< kw< TAO_PEGTL_STRING( "group" ) >, sp, must< group_name >, sp, must< group_equals >, sp,
                         must< group_value > > {};

struct controller_address : seq< addr_element > {};
struct controller_stmt : seq< kw< TAO_PEGTL_STRING( "controller" ) >, sp, must< controller_address > > {};

struct seed_value : seq< digits, not_at< word_char > > {};
struct seed_clause : seq< kw< TAO_PEGTL_STRING( "seed" ) >, sp, must< seed_value > > {};
struct choose_one : kw< TAO_PEGTL_STRING( "one" ) > {};
struct choose_number : seq< digits, not_at< word_char > > {};
struct choose : seq< sor< choose_one, choose_number >, sp, kw_of > {};

struct partition_side : seq< node_set > {};
struct partition_side_after_bar : seq< node_set > {};
struct partition_side_after_arrow : seq< node_set > {};
struct partition_bar : seq< sp, one< '|' >, sp, must< partition_side_after_bar > > {};
struct partition_arrow : seq< sp, TAO_PEGTL_STRING( "->" ), sp, must< partition_side_after_arrow > > {};
struct partition_shape : sor< partition_arrow, plus< partition_bar > > {};
struct partition_stmt : seq< kw< TAO_PEGTL_STRING( "partition" ) >, sp, must< partition_side >, must< partition_shape >,
                             timing > {};
struct isolate_nodes : seq< node_set > {};
struct isolate_stmt : seq< kw< TAO_PEGTL_STRING( "isolate" ) >, sp, opt< choose, sp >, must< isolate_nodes >,
                           opt< sp, seed_clause >, timing > {};
struct bridge_nodes : seq< node_set > {};
struct bridge_stmt : seq< kw< TAO_PEGTL_STRING( "bridge" ) >, sp, must< bridge_nodes >, opt< sp, seed_clause >, timing > {};
struct ring_word : kw< TAO_PEGTL_STRING( "ring" ) > {};
struct ring_nodes : seq< node_set > {};
struct majorities_stmt : seq< kw< TAO_PEGTL_STRING( "majorities" ) >, sp, must< ring_word >, sp, must< ring_nodes >,
                              opt< sp, seed_clause >, timing > {};

// `at NODES STATEMENT` or `at NODES { STATEMENTS }`: statements that hold on
// those nodes only. Inside the braces one statement per line.
struct at_item : sor< expect_stmt, protect_stmt, rule_stmt > {};
struct at_block_item : seq< at_item > {};
struct at_item_end : sor< eol, at< one< '}' > > > {};
struct at_open : one< '{' > {};
struct at_close : one< '}' > {};
struct at_block : seq< at_open, nl_sp, star< not_at< one< '}' > >, must< at_block_item >, sp, must< at_item_end >, nl_sp >,
                       must< at_close > > {};
struct at_single : seq< at_block_item > {};
struct at_body : sor< at_block, at_single > {};
struct at_nodes : seq< node_set > {};
struct at_stmt : seq< kw_at, sp, must< at_nodes >, sp, must< at_body > > {};

struct fleet_stmt : sor< node_stmt, group_stmt, controller_stmt, partition_stmt, isolate_stmt, bridge_stmt,
                         majorities_stmt, at_stmt > {};

struct statement : sor< scenario_stmt, host_stmt, port_stmt, priority_stmt, include_stmt, life_stmt, expect_stmt,
                        protect_stmt, expose_stmt, fleet_stmt, rule_stmt > {};
struct statement_end : seq< line_end > {};

// One line (or one block statement spanning lines). A file is this rule
// repeated until the end of input: compiler/parse/parse.cpp runs it once per
// statement, so that it can resynchronise after an error and report every
// bad statement, not only the first.
struct line : seq< sp, sor< eol, eof, seq< must< statement >, sp, must< statement_end > > > > {};

// clang-format on

}  // namespace faultc::grammar
