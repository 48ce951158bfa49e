#pragma once
// What each fuzz target does with one input, shared with the regression
// test that replays tests/fuzz/regressions/ in the normal suite.
#include <cstddef>
#include <cstdint>
#include <string>

#include "compiler/diagnostics/diagnostic.hpp"
#include "compiler/parse/ast.hpp"

namespace faultc::fuzz {

void frontend(const std::uint8_t* data, std::size_t size);  // parse only, in one go and in two halves (the same)
void pipeline(const std::uint8_t* data, std::size_t size);  // parse → analyze → lint → lower → every emitter
void packet(const std::uint8_t* data, std::size_t size);    // the expect / --packet syntax

// What a parse produced, as text: each statement's kind and span, each
// comment's span, and the diagnostics. Two parses of one file that give
// the same text gave the same result (the fuzz target and parse_test.cpp
// compare parsing in one go and in two halves with it).
std::string parse_outcome(const SourceMap& sources, const Result<ast::File>& result);

}  // namespace faultc::fuzz
