#include "compiler/eval/packet_text.hpp"

#include <fmt/format.h>

#include <cctype>
#include <cmath>

#include "compiler/net/address_text.hpp"
#include "compiler/parse/icmp_types.hpp"

namespace faultc {

std::string address_text(ir::Family family, ir::u128 value) {
  return emit::prefix_text({value, family, static_cast<std::uint8_t>(family == ir::Family::ipv4 ? 32 : 128)});
}

std::string prefixes_text(std::span<const ruleset::Prefix> prefixes) {
  std::vector<std::string> items;
  for (const ruleset::Prefix& p : prefixes) items.push_back(emit::prefix_text(p));
  return fmt::format("{}", fmt::join(items, ", "));
}

std::string port_ranges_text(std::span<const ruleset::PortRange> ranges) {
  std::vector<std::string> items;
  for (const ruleset::PortRange& r : ranges) {
    items.push_back(r.low == r.high ? fmt::format("{}", r.low) : fmt::format("{}-{}", r.low, r.high));
  }
  return fmt::format("{}", fmt::join(items, ", "));
}

std::string flags_text(std::uint8_t flags) {
  namespace f = ast::tcp_flag;
  if ((flags & f::classic) == f::classic && (flags & ~f::classic) == 0) return "ALL";
  return flags == 0 ? "NONE" : flag_words(flags, "+");
}

std::string protocol_text(ir::Protocol protocol) {
  std::string out(word(protocol));
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

const char* family_text(ir::Family family) {
  return family == ir::Family::ipv4 ? "IPv4" : "IPv6";
}

const char* state_text(eval::State state) {
  switch (state) {
    case eval::State::new_: return "new";
    case eval::State::established: return "established";
    case eval::State::invalid: return "invalid";
    case eval::State::untracked: return "untracked";
  }
  return "established";
}

namespace {

// The message as a packet writes it: `frag-needed`, `destination-unreachable
// code 9`, or `type 200 code 1` for one without a name.
std::string icmp_words_text(ir::Family family, std::uint8_t type, std::uint8_t code) {
  const IcmpWords words = icmp_words(family, type, code);
  if (words.name.empty()) return fmt::format("type {} code {}", type, code);
  return words.code ? fmt::format("{} code {}", words.name, *words.code) : std::string(words.name);
}

}  // namespace

std::string icmp_message_text(ir::Family family, std::uint8_t type, std::uint8_t code) {
  return fmt::format("{} (type {} code {})", icmp_words_text(family, type, code), type, code);
}

std::string icmp_test_text(const ir::IcmpTest& t) {
  if (t.code) return icmp_message_text(t.family, t.type, *t.code);
  const std::string_view name = icmp_type_word(t.family, t.type);
  return name.empty() ? fmt::format("type {}", t.type) : fmt::format("{} (type {})", name, t.type);
}

std::string length_range_text(const ir::LengthRange& r) {
  return r.low == r.high ? fmt::format("{} bytes", r.low) : fmt::format("{}-{} bytes", r.low, r.high);
}

namespace {

bool has_ports(const eval::Packet& p) {
  return p.protocol != ir::Protocol::icmp;
}

// The packet as its words without `length` would make it: payload of the
// length `data` gives, or none.
eval::Packet with_payload(const eval::Packet& p) {
  eval::Packet plain = p;
  plain.payload_length = p.payload_length > 0 ? eval::kDataPayload : 0;
  return plain;
}

}  // namespace

std::string packet_text(const eval::Packet& p) {
  std::string out =
      fmt::format("{} {} {}", word(p.direction), protocol_text(p.protocol), address_text(p.family, p.source));
  if (has_ports(p)) out += fmt::format(" port {}", p.source_port);
  out += fmt::format(" -> {}", address_text(p.family, p.destination));
  if (has_ports(p)) out += fmt::format(" port {}", p.destination_port);
  if (!p.in_interface.empty()) out += fmt::format(" arriving on {}", p.in_interface);
  if (!p.out_interface.empty()) out += fmt::format(" leaving by {}", p.out_interface);
  if (p.protocol == ir::Protocol::tcp) out += fmt::format(", flags {}", flags_text(p.flags));
  if (p.protocol == ir::Protocol::icmp) out += fmt::format(", {}", icmp_message_text(p.family, p.icmp_type, p.icmp_code));
  out += fmt::format(", {}", state_text(p.state));
  out += p.payload_length == 0 ? ", no payload" : fmt::format(", {} bytes of payload", p.payload_length);
  if (p.length != eval::natural_length(with_payload(p))) out += fmt::format(", {} bytes long", p.length);
  return out;
}

std::string packet_syntax(const eval::Packet& p) {
  std::string out = fmt::format("{} {} from {}", word(p.direction), word(p.protocol), address_text(p.family, p.source));
  if (has_ports(p)) out += fmt::format(" port {}", p.source_port);
  out += fmt::format(" to {}", address_text(p.family, p.destination));
  if (has_ports(p)) out += fmt::format(" port {}", p.destination_port);
  const std::string& on = p.direction == ir::Direction::outbound ? p.out_interface : p.in_interface;
  if (!on.empty()) out += fmt::format(" on {}", on);
  if (p.protocol == ir::Protocol::tcp) out += fmt::format(" flags {}", flags_text(p.flags));
  if (p.protocol == ir::Protocol::icmp) out += fmt::format(" {}", icmp_words_text(p.family, p.icmp_type, p.icmp_code));
  // The state a packet would get anyway is not written: an ICMP error or
  // neighbour discovery cannot say one.
  const bool own_state = p.protocol != ir::Protocol::icmp || eval::icmp_state(p.family, p.icmp_type) != p.state;
  if (p.state != eval::State::invalid && p.state != eval::State::untracked && own_state) {
    out += fmt::format(" {}", state_text(p.state));
  }
  if (p.payload_length > 0) out += " data";
  // A length other than the one `data` (or its absence) gives.
  if (p.length != eval::natural_length(with_payload(p))) out += fmt::format(" length {}", p.length);
  return out;
}

std::string bucket_text(const ruleset::Limit& limit, const eval::Packet& p) {
  if (!limit.per) return {};
  if (*limit.per == ir::LimitPer::source) return fmt::format("source {}", address_text(p.family, p.source));
  return fmt::format("connection {} port {} -> {} port {}", address_text(p.family, p.source), p.source_port,
                     address_text(p.family, p.destination), p.destination_port);
}

std::string percent_text(double probability) {
  // Percentages have at most four decimals in the language.
  std::string text = fmt::format("{:.4f}", probability * 100.0);
  while (text.ends_with('0')) text.pop_back();
  if (text.ends_with('.')) text.pop_back();
  return text + "%";
}

}  // namespace faultc
