#pragma once
// The .fault grammar's words: comments and blanks, identifiers, and the
// reserved keywords a name cannot be (grammar.hpp builds on them).
#include <tao/pegtl.hpp>

namespace faultc::grammar {

using namespace tao::pegtl;

// clang-format off

// ---------------------------------------------------------------- lexical
struct comment : seq< one< '#' >, star< not_one< '\n' > > > {};
struct sp : star< sor< blank, comment > > {};                 // within one line
struct nl_sp : star< sor< blank, comment, eol > > {};         // inside braces
struct line_end : sor< eol, eof > {};

struct word_char : sor< alnum, one< '_' > > {};
struct ident_other : sor< word_char, one< '-' > > {};
struct identifier_token : seq< alpha, star< ident_other > > {};

// A keyword never matches the start of a longer identifier: `fromage` is a
// name, not `from` + `age`.
template< typename Str > struct kw : seq< Str, not_at< ident_other > > {};

struct kw_scenario : kw< TAO_PEGTL_STRING( "scenario" ) > {};
struct kw_host : kw< TAO_PEGTL_STRING( "host" ) > {};
struct kw_port : kw< TAO_PEGTL_STRING( "port" ) > {};
struct kw_priority : kw< TAO_PEGTL_STRING( "priority" ) > {};
struct kw_include : kw< TAO_PEGTL_STRING( "include" ) > {};
struct kw_for : kw< TAO_PEGTL_STRING( "for" ) > {};
struct kw_ever : kw< TAO_PEGTL_STRING( "ever" ) > {};
struct kw_after : kw< TAO_PEGTL_STRING( "after" ) > {};
struct kw_every : kw< TAO_PEGTL_STRING( "every" ) > {};
struct kw_expect : kw< TAO_PEGTL_STRING( "expect" ) > {};
struct kw_is : kw< TAO_PEGTL_STRING( "is" ) > {};
struct kw_at : kw< TAO_PEGTL_STRING( "at" ) > {};
struct kw_allowed : kw< TAO_PEGTL_STRING( "allowed" ) > {};
struct kw_dropped : kw< TAO_PEGTL_STRING( "dropped" ) > {};
struct kw_rejected : kw< TAO_PEGTL_STRING( "rejected" ) > {};
struct kw_inbound : kw< TAO_PEGTL_STRING( "inbound" ) > {};
struct kw_outbound : kw< TAO_PEGTL_STRING( "outbound" ) > {};
struct kw_forwarded : kw< TAO_PEGTL_STRING( "forwarded" ) > {};
struct kw_tcp : kw< TAO_PEGTL_STRING( "tcp" ) > {};
struct kw_udp : kw< TAO_PEGTL_STRING( "udp" ) > {};
struct kw_icmp : kw< TAO_PEGTL_STRING( "icmp" ) > {};
struct kw_from : kw< TAO_PEGTL_STRING( "from" ) > {};
struct kw_to : kw< TAO_PEGTL_STRING( "to" ) > {};
struct kw_on : kw< TAO_PEGTL_STRING( "on" ) > {};
struct kw_between : kw< TAO_PEGTL_STRING( "between" ) > {};
struct kw_and : kw< TAO_PEGTL_STRING( "and" ) > {};
struct kw_not : kw< TAO_PEGTL_STRING( "not" ) > {};
struct kw_allow : kw< TAO_PEGTL_STRING( "allow" ) > {};
struct kw_drop : kw< TAO_PEGTL_STRING( "drop" ) > {};
struct kw_reject : kw< TAO_PEGTL_STRING( "reject" ) > {};
struct kw_limit : kw< TAO_PEGTL_STRING( "limit" ) > {};
struct kw_log : kw< TAO_PEGTL_STRING( "log" ) > {};
struct kw_half_open : kw< TAO_PEGTL_STRING( "half-open" ) > {};
struct kw_blackhole : kw< TAO_PEGTL_STRING( "blackhole" ) > {};
struct kw_rest : kw< TAO_PEGTL_STRING( "rest" ) > {};
struct kw_with : kw< TAO_PEGTL_STRING( "with" ) > {};
struct kw_burst : kw< TAO_PEGTL_STRING( "burst" ) > {};
struct kw_flags : kw< TAO_PEGTL_STRING( "flags" ) > {};
struct kw_of : kw< TAO_PEGTL_STRING( "of" ) > {};
struct kw_badflags : kw< TAO_PEGTL_STRING( "badflags" ) > {};
struct kw_new : kw< TAO_PEGTL_STRING( "new" ) > {};
struct kw_established : kw< TAO_PEGTL_STRING( "established" ) > {};
struct kw_data : kw< TAO_PEGTL_STRING( "data" ) > {};

// TCP flag names are case-insensitive: `SYN` == `syn`.
struct flag_fin : kw< TAO_PEGTL_ISTRING( "fin" ) > {};
struct flag_syn : kw< TAO_PEGTL_ISTRING( "syn" ) > {};
struct flag_rst : kw< TAO_PEGTL_ISTRING( "rst" ) > {};
struct flag_psh : kw< TAO_PEGTL_ISTRING( "psh" ) > {};
struct flag_ack : kw< TAO_PEGTL_ISTRING( "ack" ) > {};
struct flag_urg : kw< TAO_PEGTL_ISTRING( "urg" ) > {};
struct flag_ece : kw< TAO_PEGTL_ISTRING( "ece" ) > {};
struct flag_cwr : kw< TAO_PEGTL_ISTRING( "cwr" ) > {};
struct flag_none : kw< TAO_PEGTL_ISTRING( "none" ) > {};
struct flag_all : kw< TAO_PEGTL_ISTRING( "all" ) > {};
struct flag_name : sor< flag_fin, flag_syn, flag_rst, flag_psh, flag_ack, flag_urg, flag_ece, flag_cwr > {};

struct keyword : sor< kw_scenario, kw_host, kw_port, kw_priority, kw_include, kw_for, kw_ever, kw_after,
                      kw_every, kw_expect, kw_is, kw_at, kw_allowed, kw_dropped, kw_rejected, kw_inbound,
                      kw_outbound, kw_forwarded, kw_tcp, kw_udp, kw_icmp, kw_from, kw_to, kw_on, kw_between,
                      kw_and, kw_not, kw_allow, kw_drop, kw_reject, kw_limit, kw_log, kw_half_open,
                      kw_blackhole, kw_rest, kw_with, kw_burst, kw_flags, kw_of, kw_badflags, kw_new,
                      kw_established, kw_data, flag_name, flag_none, flag_all > {};

// A name is an identifier that is not a keyword.
struct identifier : seq< not_at< keyword >, identifier_token > {};
struct reserved_name_error {};
struct reserved_name : seq< at< keyword >, raise< reserved_name_error > > {};
struct name : sor< identifier, reserved_name > {};

// clang-format on

}  // namespace faultc::grammar
