#pragma once
// Inputs with their exact canonical form, in every layout the grammar allows
// and with comments in every position they can take: the formatter's
// specification by example (format_test.cpp), and part of the corpus its
// properties are checked on (format_properties_test.cpp).
//
// In a namespace of its own, as the other tests' helpers are, so that no two
// inline definitions of one name meet at the linker.
#include <string>
#include <vector>

namespace faultc::test::format_tests {

struct Case {
  const char* name;
  std::string input;
  std::string expected;
};

// Inputs with their exact canonical form. Each is also in the property corpus.
inline const std::vector<Case>& cases() {
  static const std::vector<Case> all = {
      // ---------------------------------------------------------- spacing
      {"one-liner spacing",
       "host victim = 10.0.0.5\n"
       "from   victim\tto port 1234   allow SYN,ACK ;drop rest   for 4m\n",
       "host victim = 10.0.0.5\n"
       "from victim to port 1234 allow SYN, ACK; drop rest for 4m\n"},
      {"protect and expose lines",
       "protect   tcp  to port 22\nprotect outbound   to 10.0.0.1 # the resolver\nexpose    loopback\n"
       "expose neighbour-discovery\ndrop for 1m\n",
       "protect tcp to port 22\nprotect outbound to 10.0.0.1  # the resolver\nexpose loopback\n"
       "expose neighbour-discovery\ndrop for 1m\n"},
      {"a protect line over several lines, with comments",
       "protect from {   # the operators\n  10.0.9.0/24,  # office\n  fd00:9::/64\n}  to port 22 # ssh\ndrop for 1m\n",
       "protect from {    # the operators\n    10.0.9.0/24,  # office\n    fd00:9::/64\n} to port 22  # ssh\n"
       "drop for 1m\n"},
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
      {"ICMP messages, codes and lengths",
       "icmp drop  frag-needed,packet-too-big ,destination-unreachable   code  4 for 10m\n"
       "outbound drop length>1400 ; log length<100,length  1000-1500,length 1500 for 1m\n"
       "expect icmp from 10.0.0.1   echo-request   length  84 is dropped\n"
       "expect   icmp  time-exceeded code 1 is allowed\n",
       "icmp drop frag-needed, packet-too-big, destination-unreachable code 4 for 10m\n"
       "outbound drop length > 1400; log length < 100, length 1000-1500, length 1500 for 1m\n"
       "expect icmp from 10.0.0.1 echo-request length 84 is dropped\n"
       "expect icmp time-exceeded code 1 is allowed\n"},
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
      {"protocol lists in the canonical order, one space after each comma",
       "udp,tcp to port 53 drop for 1m\nicmp , udp,  tcp from 10.0.0.1 drop for 1m\noutbound tcp,udp drop for 1m\n",
       "tcp, udp to port 53 drop for 1m\ntcp, udp, icmp from 10.0.0.1 drop for 1m\noutbound tcp, udp drop for 1m\n"},
      {"with, its port and its place among the clauses",
       "host db = 10.0.3.10\ntcp  on eth0   with  not db   port 5432 drop for 1m\nwith {10.0.0.1,db} drop for 1m\n",
       "host db = 10.0.3.10\ntcp on eth0 with not db port 5432 drop for 1m\nwith { 10.0.0.1, db } drop for 1m\n"},
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
      {"a limit's patterns before its rate, and its keys after its burst",
       "tcp to port 80 limit  new,SYN   20/s burst  5   per   source for 10m\n"
       "udp limit 1mbyte/s per connection for 1m\n"
       "tcp { limit flags SYN of SYN,ACK 5/m; drop rest } for 1m\n",
       "tcp to port 80 limit new, SYN 20/s burst 5 per source for 10m\n"
       "udp limit 1mbyte/s per connection for 1m\n"
       "tcp { limit flags SYN of SYN+ACK 5/m; drop rest } for 1m\n"},
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

}  // namespace faultc::test::format_tests
