#include "compiler/parse/words.hpp"

namespace faultc {

std::string flag_words(std::uint8_t bits, std::string_view separator) {
  std::string out;
  for (const auto& [bit, text] : kTcpFlagWords) {
    if ((bits & bit) == 0) continue;
    if (!out.empty()) out += separator;
    out += text;
  }
  return out;
}

}  // namespace faultc
