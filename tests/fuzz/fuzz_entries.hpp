#pragma once
// What each fuzz target does with one input, shared with the regression
// test that replays tests/fuzz/regressions/ in the normal suite.
#include <cstddef>
#include <cstdint>

namespace faultc::fuzz {

void frontend(const std::uint8_t* data, std::size_t size);  // parse only
void pipeline(const std::uint8_t* data, std::size_t size);  // parse → analyze → lint → lower → every emitter
void packet(const std::uint8_t* data, std::size_t size);    // the expect / --packet syntax

}  // namespace faultc::fuzz
