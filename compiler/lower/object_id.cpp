#include <algorithm>

#include <fmt/format.h>

#include "compiler/lower/object_id.hpp"
#include "compiler/source/hash.hpp"

namespace faultc {

namespace {

// FAULTC-<id>-<n> fits iptables' 28 characters for up to 9,999,999 rules.
constexpr std::size_t kMaxId = 13;
// A hashed id ends in `_` and the 8 hex digits of a 32-bit hash.
constexpr std::size_t kHashDigits = 8;

bool is_hex_digit(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }

// The shape of a hashed id: a readable part (possibly empty), `_`, 8 hex
// digits. A name of this shape is never kept as it is, so a readable id can
// never spell another name's hashed id: the two forms are disjoint.
bool has_hashed_shape(std::string_view id) {
  if (id.size() < kHashDigits + 1) return false;
  const std::string_view digits = id.substr(id.size() - kHashDigits);
  return id[id.size() - kHashDigits - 1] == '_' && std::all_of(digits.begin(), digits.end(), is_hex_digit);
}

// The name lowercased, every run of other bytes one `_`, no `_` at either end.
std::string readable_part(std::string_view name) {
  std::string id;
  bool underscore = false;
  for (unsigned char c : name) {
    const bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    const bool upper = c >= 'A' && c <= 'Z';
    if (keep || upper) {
      id += upper ? static_cast<char>(c - 'A' + 'a') : static_cast<char>(c);
      underscore = false;
    } else if (!underscore && !id.empty()) {
      id += '_';
      underscore = true;
    }
  }
  while (!id.empty() && id.back() == '_') id.pop_back();
  return id;
}

}  // namespace

std::string object_id(const std::string& name) {
  std::string id = readable_part(name);
  const bool lossless = !id.empty() && id.size() <= kMaxId && id == name && !has_hashed_shape(id);
  if (lossless) return id;
  // Any other name gets a hash of the name as written, 32 bits so that two
  // scenarios of one repository practically never share an id ("Half Open"
  // and "half-open" differ), behind the first letters of its readable part.
  id.resize(std::min(id.size(), kMaxId - 1 - kHashDigits));
  while (!id.empty() && id.back() == '_') id.pop_back();
  // Ids never start with `_` (the runtime's id grammar): a name with no
  // letter or digit is a "scen"ario.
  if (id.empty()) id = "scen";
  return fmt::format("{}_{:08x}", id, stable_hash(name));
}

}  // namespace faultc
