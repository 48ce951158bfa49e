#pragma once
// Addresses as numbers: a literal with its prefix becomes one interval.
#include "compiler/parse/ast.hpp"
#include "compiler/ir/ir.hpp"

namespace faultc {

std::uint32_t ipv4_value(const ast::Address& address);
ir::u128 ipv6_value(const ast::Address& address);

// The first address of the prefix (the address with host bits cleared).
ir::u128 network_value(const ast::Address& address);
ir::u128 address_value(const ast::Address& address);  // as written, host bits kept
unsigned prefix_or_full(const ast::Address& address);

// Adds the interval a literal denotes (the whole prefix) to `set`.
void add_address(ir::AddressSet& set, const ast::Address& address);

}  // namespace faultc
