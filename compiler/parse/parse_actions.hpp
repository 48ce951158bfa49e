#pragma once
// Every grammar action, one header per section of the grammar (in the order
// of grammar/grammar.hpp): the parser includes this one so that each rule's
// action is known where PEGTL looks for it.
#include "compiler/parse/actions_common.hpp"      // the action template, taking values off the scratch
#include "compiler/parse/actions_literals.hpp"    // comments, names, strings, numbers, durations
#include "compiler/parse/actions_addresses.hpp"   // addresses, ports, sets, `not`
#include "compiler/parse/actions_selectors.hpp"   // direction, protocol, from/to/on/between
#include "compiler/parse/actions_rules.hpp"       // patterns, actions, blocks, timing
#include "compiler/parse/actions_packets.hpp"     // packets and verdicts
#include "compiler/parse/actions_statements.hpp"  // statements
#include "compiler/parse/actions_fleet.hpp"       // fleet statements: node, group, partitions, at
