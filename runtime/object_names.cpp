#include "runtime/object_names.hpp"

#include <algorithm>

namespace faultc::runtime {

namespace {

constexpr std::size_t kMaxId = 32;
constexpr std::size_t kMaxChain = 28;  // iptables' limit on chain names
constexpr std::string_view kPrefix = "FAULTC-";

bool digits(std::string_view text) {
  return !text.empty() && text.front() != '0' &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool hex(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

// What follows "FAULTC-<id>-" in a chain faultc made.
bool faultc_suffix(std::string_view suffix, std::size_t whole_length) {
  if (suffix == "in" || suffix == "out" || suffix == "fwd") return true;
  if (digits(suffix)) return true;
  // <rule>g: a rule's gate chain.
  if (suffix.ends_with('g') && digits(suffix.substr(0, suffix.size() - 1))) return true;
  // <rule><role><action>: "3a1", "12d2".
  const std::size_t role = suffix.find_first_of("ad");
  if (role != std::string_view::npos && digits(suffix.substr(0, role)) && digits(suffix.substr(role + 1))) return true;
  // A hashed helper name: 8 hex digits, or fewer when cut at 28 characters.
  return hex(suffix) && (suffix.size() == 8 || (suffix.size() < 8 && whole_length == kMaxChain));
}

}  // namespace

bool valid_id(std::string_view id) {
  if (id.empty() || id.size() > kMaxId || id.front() == '_') return false;
  char previous = 0;
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok || (c == '_' && previous == '_')) return false;
    previous = c;
  }
  return true;
}

bool is_faultc_chain(std::string_view chain, std::string_view id) {
  if (!valid_id(id) || chain.size() > kMaxChain || !chain.starts_with(kPrefix)) return false;
  const std::string_view rest = chain.substr(kPrefix.size());
  if (!rest.starts_with(id) || rest.size() <= id.size() + 1 || rest[id.size()] != '-') return false;
  return faultc_suffix(rest.substr(id.size() + 1), chain.size());
}

std::optional<std::string> faultc_chain_id(std::string_view chain) {
  if (!chain.starts_with(kPrefix)) return std::nullopt;
  const std::string_view rest = chain.substr(kPrefix.size());
  for (std::size_t dash = rest.rfind('-'); dash != std::string_view::npos && dash > 0;
       dash = rest.rfind('-', dash - 1)) {
    const std::string_view id = rest.substr(0, dash);
    if (is_faultc_chain(chain, id)) return std::string(id);
  }
  return std::nullopt;
}

bool is_faultc_dispatch_chain(std::string_view chain, std::string_view id) {
  if (!is_faultc_chain(chain, id)) return false;
  const std::string_view suffix = chain.substr(kPrefix.size() + id.size() + 1);
  return suffix == "in" || suffix == "out" || suffix == "fwd";
}

}  // namespace faultc::runtime
