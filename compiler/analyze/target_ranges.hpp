#pragma once
// What every target can express. A scenario that passes `faultc check`
// must compile for every target and load in every tool, so the limits of
// nft, iptables (both backends) and their kernels are checked here, once,
// by analysis, with the real limit in the message. The numbers were
// measured with the real tools (docs/limits.md gives each one and how).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "compiler/ir/ir.hpp"

namespace faultc::target_ranges {

// ---- log prefixes
// iptables' LOG takes 29 characters (nft 127): every target carries 29.
inline constexpr std::size_t kLogPrefix = 29;
// Why `prefix` cannot be carried by every target, or nothing.
std::optional<std::string> log_prefix_problem(std::string_view prefix);

// ---- time
// nft's set element timeouts (the windows' gates and the dead-man) stop at
// 2^64 nanoseconds in the kernel, 213,503 days and a bit; nft itself
// refuses anything longer than 213,503 days.
inline constexpr std::uint64_t kMaxMomentMs = std::uint64_t{213'503} * 86'400'000;
// A repeating rule costs kernel objects per window (nft: two gate sets and
// a jump line, iptables: a time-matched jump line); no tool has a periodic
// time match a static artifact could use, so windows are counted.
inline constexpr std::uint64_t kMaxWindowsPerRule = 1000;
// How many windows of `timing` fit in a life of `life_ms`, without
// building them (an `every 1ms` over a year is 3e10 of them).
std::uint64_t window_count(const ir::Timing& timing, std::uint64_t life_ms);

// ---- rate limits
// iptables' hashlimit: a packet rate's interval is 1,000,000 / rate
// microseconds, at least 1 (1,000,000 packets/s), and a burst of at most
// 1,000,000 packets. A byte rate is per second, counted in 16-byte chunks
// (at least 16 bytes/s; below, iptables dies of a division by zero) with a
// 32-bit chunk count (below 2^36 bytes/s).
inline constexpr double kIptablesMaxPacketsPerSecond = 1'000'000;
inline constexpr std::uint64_t kIptablesMaxPacketBurst = 1'000'000;
inline constexpr std::uint64_t kIptablesMinBytesPerSecond = 16;
inline constexpr std::uint64_t kIptablesMaxBytesPerSecond = (std::uint64_t{0xFFFFFFFF} - 1) << 4;
// nft's byte burst is a 32-bit number.
inline constexpr std::uint64_t kNftMaxByteBurst = 0xFFFFFFFF;

// A byte rate as hashlimit takes it: whole bytes per second, at least 1.
std::uint64_t bytes_per_second(double amount, std::uint64_t period_ms);
// What hashlimit makes of a byte rate of `bytes_per_second`: its cost per
// 16-byte chunk, and the smallest burst iptables then accepts.
std::uint64_t hashlimit_byte_cost(std::uint64_t bytes_per_second);
std::uint64_t hashlimit_min_byte_burst(std::uint64_t bytes_per_second);

// A limit per source or per connection keeps a bucket per key, which each
// tool forgets once it has been idle for the expiry (hashlimit's
// --hashlimit-htable-expire, the timeout of nft's set, both restarted by
// every packet). Forgotten only once it has refilled, a bucket is never
// missed: one idle that long is full, as a fresh one is. So the expiry is
// the time to refill from empty, in whole seconds, at least one: the burst
// at the rate (nft's byte bucket holds the rate plus the burst).
std::uint64_t bucket_expiry_ms(const ir::Rate& rate);
// hashlimit's expiry is 32-bit milliseconds: about 49.7 days.
inline constexpr std::uint64_t kHashlimitMaxExpiryMs = 0xFFFFFFFF;

struct RateProblem {
  std::string message, help;
};
// Why `rate` cannot be enforced by every target, or nothing.
std::optional<RateProblem> rate_problem(const ir::Rate& rate);

}  // namespace faultc::target_ranges
