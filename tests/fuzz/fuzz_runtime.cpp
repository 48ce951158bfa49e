// libFuzzer target: see fuzz_runtime_entries.hpp.
#include "tests/fuzz/fuzz_runtime_entries.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  faultc::fuzz::runtime_text(data, size);
  return 0;
}
