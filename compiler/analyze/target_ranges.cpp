#include "compiler/analyze/target_ranges.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "compiler/parse/words.hpp"
#include "compiler/source/duration_text.hpp"
#include "compiler/source/text_safety.hpp"
#include "compiler/ir/ruleset.hpp"

namespace faultc::target_ranges {

namespace {

__extension__ typedef unsigned __int128 u128;
constexpr u128 kU64Max = UINT64_MAX;
constexpr std::uint64_t kNsPerSecond = 1'000'000'000;

// hashlimit's packet credits: the kernel multiplies the interval between
// packets (microseconds) by the burst and by HZ * CREDITS_PER_JIFFY /
// 1,000,000 in 64 bits (user2credits). That factor is largest, 164,926,744,
// for HZ=300 (100: 109,951,162; 250 and 1000: 137,438,953); a product past
// 2^64 wraps, and the kernel catches only some wraps ("overflow, try
// lower"): the others silently give a smaller burst.
constexpr std::uint64_t kHashlimitCreditFactor = 164'926'744;

const char* period_word(std::uint64_t period_ms) {
  switch (period_ms) {
    case 60'000: return "minute";
    case 3'600'000: return "hour";
    case 86'400'000: return "day";
    default: return "second";
  }
}

}  // namespace

std::optional<std::string> log_prefix_problem(std::string_view prefix) {
  if (!emit::is_plain_text(prefix)) {
    return std::string(
        "this log prefix has characters the kernel log and the firewall tools cannot carry safely");
  }
  if (prefix.size() > kLogPrefix) {
    return fmt::format("this log prefix has {} characters; iptables' LOG takes at most {} (nft 127), and a "
                       "scenario must load with every target",
                       prefix.size(), kLogPrefix);
  }
  return std::nullopt;
}

std::uint64_t window_count(const ir::Timing& timing, std::uint64_t life_ms) {
  if (!timing.every_ms || !timing.for_ms || *timing.every_ms == 0) return 1;
  const std::uint64_t first_end = timing.after_ms + *timing.for_ms;
  if (first_end > life_ms) return 0;
  return (life_ms - first_end) / *timing.every_ms + 1;
}

std::uint64_t bytes_per_second(double amount, std::uint64_t period_ms) {
  const double per_second = amount * 1000.0 / static_cast<double>(period_ms);
  return static_cast<std::uint64_t>(std::max(1.0, std::round(per_second)));
}

std::uint64_t hashlimit_byte_cost(std::uint64_t bytes_per_second) {
  // libxt_hashlimit's bytes_to_cost: the chunk count in 32 bits.
  const auto chunks = static_cast<std::uint32_t>(bytes_per_second >> 4);
  return 0xFFFFFFFFu / (std::uint64_t{chunks} + 1);
}

std::uint64_t hashlimit_min_byte_burst(std::uint64_t bytes_per_second) {
  // libxt_hashlimit's cost_to_bytes: "burst cannot be smaller than ...".
  const std::uint64_t cost = hashlimit_byte_cost(bytes_per_second);
  return (0xFFFFFFFFu / cost - 1) << 4;
}

std::uint64_t bucket_expiry_ms(const ir::Rate& rate) {
  const double periods = (static_cast<double>(rate.burst) + (rate.bytes ? rate.amount : 0.0)) / rate.amount;
  const double seconds = std::ceil(periods * static_cast<double>(rate.period_ms) / 1000.0);
  // Far beyond any bound below: kept finite for the conversion.
  return static_cast<std::uint64_t>(std::clamp(seconds, 1.0, 1e15)) * 1000;
}

namespace {

std::optional<RateProblem> per_key_problem(const ir::Rate& rate) {
  const std::uint64_t expiry = bucket_expiry_ms(rate);
  if (!rate.per || expiry <= kHashlimitMaxExpiryMs) return std::nullopt;
  return RateProblem{fmt::format("a bucket of this limit per {} takes {}s to refill, and is kept that long once "
                                 "idle; iptables' hashlimit keeps an idle bucket at most {}s",
                                 word(*rate.per), expiry / 1000, kHashlimitMaxExpiryMs / 1000),
                     "write a higher rate or a smaller burst"};
}

}  // namespace

std::optional<RateProblem> rate_problem(const ir::Rate& rate) {
  if (auto problem = per_key_problem(rate)) return problem;
  const char* period = period_word(rate.period_ms);
  if (rate.bytes) {
    const std::uint64_t per_second = bytes_per_second(rate.amount, rate.period_ms);
    const double exact = rate.amount * 1000.0 / static_cast<double>(rate.period_ms);
    if (exact < static_cast<double>(kIptablesMinBytesPerSecond)) {
      return RateProblem{fmt::format("this byte rate is {:.4g} bytes per second; iptables' hashlimit counts bytes in "
                                     "16-byte chunks and takes at least {} bytes/s",
                                     exact, kIptablesMinBytesPerSecond),
                         "write a rate of at least 16byte/s (960byte/m, 57600byte/h, 1382400byte/d)"};
    }
    if (per_second > kIptablesMaxBytesPerSecond) {
      return RateProblem{fmt::format("this byte rate is {} bytes per second; iptables' hashlimit takes at most {}",
                                     per_second, kIptablesMaxBytesPerSecond),
                         "write a lower rate"};
    }
    if (rate.burst > kNftMaxByteBurst) {
      return RateProblem{
          fmt::format("this burst is {} bytes; nft's limit takes at most {} (32 bits)", rate.burst, kNftMaxByteBurst),
          "write a smaller burst"};
    }
    // nft prints the whole amount per the period as written; its kernel
    // multiplies the period in nanoseconds by rate + burst in 64 bits.
    const auto amount = static_cast<std::uint64_t>(std::max(1.0, std::round(rate.amount)));
    const u128 period_ns = u128{rate.period_ms / 1000} * kNsPerSecond;
    const std::uint64_t most = static_cast<std::uint64_t>(kU64Max / period_ns);
    if (u128{amount} + rate.burst > most) {
      return RateProblem{fmt::format("this rate plus its burst is {} bytes per {}; nft's limit takes a byte rate "
                                     "plus its burst of at most {} bytes per {}",
                                     amount + rate.burst, period, most, period),
                         rate.period_ms > 1000 ? "write the rate per second (`/s`), or a smaller rate or burst"
                                               : "write a smaller rate or burst"};
    }
    return std::nullopt;
  }
  const ruleset::WholeRate whole = ruleset::whole_packet_rate(rate.amount, rate.period_ms);
  const std::uint64_t period_s = whole.period_ms / 1000;
  if (static_cast<double>(whole.amount) > kIptablesMaxPacketsPerSecond * static_cast<double>(period_s)) {
    return RateProblem{fmt::format("this rate is {} packets per {}; iptables' hashlimit takes at most 1,000,000 "
                                   "packets/s",
                                   whole.amount, period_word(whole.period_ms)),
                       "write a rate of at most 1000000/s"};
  }
  if (rate.burst > kIptablesMaxPacketBurst) {
    return RateProblem{fmt::format("this burst is {} packets; iptables' hashlimit takes at most 1,000,000", rate.burst),
                       "write a burst of at most 1000000"};
  }
  // hashlimit: microseconds between packets × burst × credit factor < 2^64.
  const u128 interval_us = u128{1'000'000} * period_s / whole.amount;
  if (interval_us * rate.burst * kHashlimitCreditFactor > kU64Max) {
    const std::uint64_t most_seconds =
        static_cast<std::uint64_t>(kU64Max / kHashlimitCreditFactor / 1'000'000);
    return RateProblem{
        fmt::format("this rate lets one packet through every {:.6g}s and its burst is {}; iptables' hashlimit "
                    "overflows when the time between packets times the burst passes {}s",
                    static_cast<double>(period_s) / static_cast<double>(whole.amount), rate.burst, most_seconds),
        "write a higher rate or a smaller burst"};
  }
  // nft: nanoseconds between packets × burst in 64 bits.
  const u128 interval_ns = u128{period_s} * kNsPerSecond / whole.amount;
  if (interval_ns * rate.burst > kU64Max) {
    return RateProblem{"this rate and burst overflow nft's limit (nanoseconds between packets times the burst must "
                       "stay below 2^64)",
                       "write a higher rate or a smaller burst"};
  }
  return std::nullopt;
}

}  // namespace faultc::target_ranges
