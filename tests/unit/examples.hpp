#pragma once
// The shipped examples (examples/*.fault), for the tests that run over every
// one of them.
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <vector>

namespace faultc::test {

// Every example; never none, so that a test over them cannot pass empty.
inline std::vector<std::filesystem::path> examples() {
  std::vector<std::filesystem::path> out;
  for (const auto& entry : std::filesystem::directory_iterator(FAULTC_SOURCE_DIR "/examples")) {
    if (entry.path().extension() == ".fault") out.push_back(entry.path());
  }
  std::sort(out.begin(), out.end());
  REQUIRE(out.size() >= 10);
  return out;
}

}  // namespace faultc::test
