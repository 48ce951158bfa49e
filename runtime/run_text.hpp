#pragma once
// What `run` and `status` print about a scenario in progress: the rules'
// states with their counters, as aligned columns or as JSON, and the
// timestamped JSON events.
#include <cstdint>
#include <string>

#include "runtime/counters.hpp"
#include "runtime/run_compile.hpp"

namespace faultc::runtime {

// A run's output: a live view redrawn in place on a terminal, else
// timestamped lines, or JSON events with --json.
enum class Output { tty, plain, json };

// Now, in UTC: "2026-11-27T23:00:00Z".
std::string timestamp();

// {"time":"...","event":"applied",<fields>} and a newline.
std::string json_event(const std::string& event, const std::string& fields);

// "seen 10 pkts 600 B   dropped ..." and "\"seen_packets\":10,...".
std::string counter_columns(const RuleCounters& counters);
std::string counter_json(const RuleCounters& counters);

// The scenario's clock and a line per rule: its state, the time to its next
// change and its counters (in colour on a terminal).
std::string status_lines(const Compiled& compiled, Backend backend, std::int64_t started_ms, bool color);

// The same as JSON fields: "time_left_ms":...,"rules":[...].
std::string json_rules(const Compiled& compiled, Backend backend, std::int64_t started_ms);

}  // namespace faultc::runtime
