#pragma once
// Packets and their fields as words, for the evaluator's reasons, `faultc
// test` and `faultc explain`: the way a network engineer writes them.
#include <cstdint>
#include <span>
#include <string>

#include "compiler/eval/eval.hpp"
#include "compiler/ir/ruleset.hpp"
#include "compiler/parse/words.hpp"

namespace faultc {

std::string address_text(ir::Family family, ir::u128 value);                  // 10.0.0.5, fd00::5
std::string prefixes_text(std::span<const ruleset::Prefix> prefixes);      // 10.0.0.5, 10.1.0.0/16
std::string port_ranges_text(std::span<const ruleset::PortRange> ranges);  // 80, 443, 8000-8080
std::string flags_text(std::uint8_t flags);           // PSH+ACK, NONE (as the language writes them)
std::string protocol_text(ir::Protocol protocol);     // TCP, UDP, ICMP: its word in capitals
const char* family_text(ir::Family family);           // IPv4, IPv6
const char* state_text(eval::State state);            // new, established, invalid, untracked
// "echo-request (type 8)", "destination-unreachable code 9 (type 3 code 9)"
std::string icmp_message_text(ir::Family family, std::uint8_t type, std::uint8_t code);
// "frag-needed (type 3 code 4)", "destination-unreachable (type 3)"
std::string icmp_test_text(const ir::IcmpTest& test);
// "1401-65535 bytes", "1500 bytes"
std::string length_range_text(const ir::LengthRange& range);
// Directions, protocols as written and fates (allowed, dropped, rejected)
// are words of the language: word(value) from parse/words.hpp.

// "inbound TCP 192.0.2.1 port 49152 -> 10.0.0.5 port 1234 on eth0, flags
// PSH+ACK, established, 100 bytes of payload"
std::string packet_text(const eval::Packet& packet);

// The packet as an `expect` line would write it, every field spelled out:
// "inbound tcp from 192.0.2.1 port 49152 to 10.0.0.5 port 1234 on eth0
// flags PSH+ACK established data".
std::string packet_syntax(const eval::Packet& packet);

// The bucket of a limit per source or per connection the packet counts
// against: "source 10.0.0.5", "connection 10.0.0.5 port 40000 -> 10.0.0.1
// port 80"; empty for a limit with one bucket.
std::string bucket_text(const ruleset::Limit& limit, const eval::Packet& packet);

// "30%", "0.5%", "99.9999%"
std::string percent_text(double probability);

}  // namespace faultc
