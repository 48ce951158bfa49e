#include "compiler/parse/literals.hpp"

#include <arpa/inet.h>
#include <fmt/format.h>

#include <array>
#include <charconv>
#include <cstring>

#include "compiler/source/units.hpp"

namespace faultc::literals {

namespace {
constexpr std::uint64_t kMaxMs = std::uint64_t{1} << 62;  // leaves room to add windows without overflow

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string_view leading_digits(std::string_view text) {
  std::size_t n = 0;
  while (n < text.size() && is_digit(text[n])) ++n;
  return text.substr(0, n);
}

// Splits "1.5kbyte" into its decimal number and its unit.
std::pair<std::string_view, std::string_view> number_and_unit(std::string_view text) {
  std::size_t n = 0;
  while (n < text.size() && (is_digit(text[n]) || text[n] == '.')) ++n;
  return {text.substr(0, n), text.substr(n)};
}

std::optional<std::uint64_t> period_ms(std::string_view unit) {
  return unit_size(kTimeUnits, unit);
}

// Multiplier of a byte unit (source/units.hpp); 1 for none (packets).
std::uint64_t byte_unit_multiplier(std::string_view unit) { return unit_size(kByteUnits, unit).value_or(1); }
}  // namespace

std::optional<std::uint64_t> unsigned_value(std::string_view digits) {
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec != std::errc{} || end != digits.data() + digits.size()) return std::nullopt;
  return value;
}

std::uint64_t duration_unit_ms(std::string_view part) {
  return period_ms(part.substr(leading_digits(part).size())).value_or(0);
}

std::optional<std::uint64_t> duration_part_ms(std::string_view part) {
  const std::string_view digits = leading_digits(part);
  const auto value = unsigned_value(digits);
  const auto unit = period_ms(part.substr(digits.size()));
  if (!value || !unit) return std::nullopt;
  if (*value > kMaxMs / *unit) return std::nullopt;
  return *value * *unit;
}

std::variant<std::uint32_t, std::string> percent_per_million(std::string_view text) {
  if (text.ends_with('%')) text.remove_suffix(1);
  const std::size_t dot = text.find('.');
  const std::string_view whole = text.substr(0, dot);
  const std::string_view fraction = dot == std::string_view::npos ? std::string_view{} : text.substr(dot + 1);
  const auto integer = unsigned_value(whole);
  if (!integer || *integer > 100) return fmt::format("{}% is more than 100%", text);
  if (fraction.size() > 4) return fmt::format("{}% has more than 4 decimal places", text);
  std::uint64_t value = *integer * 10'000;
  std::uint64_t scale = 1000;
  for (char c : fraction) {
    value += static_cast<std::uint64_t>(c - '0') * scale;
    scale /= 10;
  }
  if (value > 1'000'000) return fmt::format("{}% is more than 100%", text);
  return static_cast<std::uint32_t>(value);
}

std::variant<ast::Rate, std::string> rate(std::string_view text) {
  const std::size_t slash = text.rfind('/');
  const auto [number, unit] = number_and_unit(text.substr(0, slash));
  double amount = 0;
  const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), amount);
  if (ec != std::errc{} || end != number.data() + number.size()) return fmt::format("rate `{}` is too large", text);
  ast::Rate rate;
  rate.bytes = !unit.empty();
  rate.amount = amount * static_cast<double>(byte_unit_multiplier(unit));
  rate.period_ms = period_ms(text.substr(slash + 1)).value_or(1000);
  if (rate.amount <= 0) return fmt::format("rate `{}` is zero; a limit needs a positive rate", text);
  if (rate.amount > 1e15) return fmt::format("rate `{}` is too large", text);
  return rate;
}

std::variant<ast::Burst, std::string> burst(std::string_view text) {
  const auto [number, unit] = number_and_unit(text);
  double value = 0;
  const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), value);
  const double bytes = value * static_cast<double>(byte_unit_multiplier(unit));
  if (ec != std::errc{} || end != number.data() + number.size() || bytes > static_cast<double>(std::uint64_t{1} << 40)) {
    return fmt::format("burst `{}` is too large", text);
  }
  if (bytes < 1) return fmt::format("burst `{}` is less than one; a burst is at least 1", text);
  if (unit.empty() && number.find('.') != std::string_view::npos) {
    return fmt::format("burst `{}` is a fraction of a packet; write a whole number", text);
  }
  ast::Burst burst;
  burst.amount = static_cast<std::uint64_t>(bytes);
  burst.bytes = !unit.empty();
  return burst;
}

std::string unescape(std::string_view body) {
  std::string out;
  out.reserve(body.size());
  for (std::size_t i = 0; i < body.size(); ++i) {
    if (body[i] != '\\' || i + 1 == body.size()) {
      out += body[i];
      continue;
    }
    switch (body[++i]) {
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      case 'r': out += '\r'; break;
      default: out += body[i]; break;  // \" and \\ (the grammar allows no others)
    }
  }
  return out;
}

namespace {
// A dotted quad as inet_pton reads it: four decimal octets, no leading
// zeros. Read here rather than by inet_pton, which needs a copy ending in
// NUL: a big policy is a million addresses, and this was a tenth of parsing.
std::optional<ast::Address> ipv4_address(std::string_view text) {
  ast::Address address;
  for (std::size_t i = 0; i < 4; ++i) {
    if (i > 0) {
      if (!text.starts_with('.')) return std::nullopt;
      text.remove_prefix(1);
    }
    unsigned value = 0;
    std::size_t digits = 0;
    while (digits < text.size() && digits < 4 && is_digit(text[digits])) value = value * 10 + (text[digits++] - '0');
    if (digits == 0 || digits > 3 || value > 255 || (digits > 1 && text[0] == '0')) return std::nullopt;
    address.bytes[i] = static_cast<std::uint8_t>(value);
    text.remove_prefix(digits);
  }
  if (!text.empty()) return std::nullopt;
  return address;
}
}  // namespace

std::optional<ast::Address> address(std::string_view text) {
  const bool v6 = text.find(':') != std::string_view::npos;
  if (!v6) return ipv4_address(text);
  ast::Address address;
  address.family = ast::Family::ipv6;
  // inet_pton reads a C string; the longest text form is 45 characters.
  std::array<char, 64> terminated{};
  if (text.size() >= terminated.size()) return std::nullopt;
  text.copy(terminated.data(), text.size());
  if (inet_pton(AF_INET6, terminated.data(), address.bytes.data()) != 1) return std::nullopt;
  return address;
}

}  // namespace faultc::literals
