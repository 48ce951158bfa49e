#pragma once
// One packet as `expect` lines and `faultc explain --packet` write it, with
// its names resolved: the AST packet → the IR packet. Shared by analyze
// (expect lines) and explain (--packet), so that both read a packet the
// same way. Fields left unwritten stay unspecified here; the evaluator
// fills them (docs/testing.md).
#include <optional>

#include "compiler/parse/ast.hpp"
#include "compiler/diagnostics/diagnostic.hpp"
#include "compiler/ir/ir.hpp"
#include "compiler/analyze/names.hpp"

namespace faultc {

// Resolves the packet's host and port names (each must stand for exactly
// one address or port), applies the language's defaults (inbound; a port,
// flags or `data` without a protocol mean TCP) and checks that the packet
// can exist. Nothing after reporting an error into `diagnostics`.
// `sources` holds the packet's text.
std::optional<ir::Packet> normalize_packet(const ast::Packet& packet, NameTable& names, const SourceMap& sources,
                                           Diagnostics& diagnostics);

// The one address a set holds, when it holds exactly one.
std::optional<ir::PacketAddress> single_address(const ir::AddressSet& set);

// The packet's family: its addresses', else the one family of its ICMP
// message (`packet-too-big` is IPv6), else IPv4.
ir::Family packet_family(const ir::Packet& packet);

// The bytes of a packet's headers, IP and transport (TCP 20, UDP and ICMP
// 8): the shortest it can be, and what `length` counts beyond its payload.
std::uint32_t header_bytes(ir::Family family, ir::Protocol protocol);

}  // namespace faultc
