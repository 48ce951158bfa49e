// Every input a fuzzer once crashed on, fixed since, replayed through the
// same entry points the fuzz targets use (tests/fuzz/regressions/).
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "tests/fuzz/fuzz_entries.hpp"
#include "tests/fuzz/fuzz_runtime_entries.hpp"

TEST_CASE("fuzz regressions replay without a crash", "[fuzz]") {
  const std::filesystem::path dir = std::filesystem::path(FAULTC_SOURCE_DIR) / "tests/fuzz/regressions";
  std::size_t replayed = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    const std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(data.data());
    INFO(entry.path().string());
    faultc::fuzz::frontend(bytes, data.size());
    faultc::fuzz::pipeline(bytes, data.size());
    faultc::fuzz::packet(bytes, data.size());
    ++replayed;
  }
  CHECK(replayed > 0);
}

TEST_CASE("the runtime's readers take every regression and seed input", "[fuzz][runtime]") {
  std::size_t replayed = 0;
  for (const char* sub : {"tests/fuzz/regressions", "tests/fuzz/runtime-corpus"}) {
    for (const auto& entry : std::filesystem::directory_iterator(std::filesystem::path(FAULTC_SOURCE_DIR) / sub)) {
      if (!entry.is_regular_file()) continue;
      std::ifstream in(entry.path(), std::ios::binary);
      const std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      INFO(entry.path().string());
      faultc::fuzz::runtime_text(reinterpret_cast<const std::uint8_t*>(data.data()), data.size());
      ++replayed;
    }
  }
  CHECK(replayed > 4);
}
