#include "compiler/eval/packet_text.hpp"

#include <fmt/format.h>

#include <cctype>
#include <cmath>

#include "compiler/net/address_text.hpp"

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
  }
  return "established";
}

namespace {

bool has_ports(const eval::Packet& p) {
  return p.protocol != ir::Protocol::icmp;
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
  out += fmt::format(", {}", state_text(p.state));
  out += p.payload_length == 0 ? ", no payload" : fmt::format(", {} bytes of payload", p.payload_length);
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
  if (p.state != eval::State::invalid) out += fmt::format(" {}", state_text(p.state));
  if (p.payload_length > 0) out += " data";
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
