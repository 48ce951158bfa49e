#pragma once
// The evaluator's results as JSON, for `faultc explain --packet ... --json`
// and `faultc test --format json`: the completed packet (every field a
// kernel test needs to craft it), the verdict and the trace.
#include <cstdint>
#include <string>

#include "compiler/eval/eval.hpp"
#include "compiler/ir/ir.hpp"
#include "compiler/source/source.hpp"

namespace faultc {

// {"direction":"inbound","family":"ipv4","protocol":"tcp","source":"192.0.2.1",...}
std::string packet_json(const eval::Packet& packet);

// {"verdict":"dropped","otherwise":"dropped","drop_probability":0,"decided_by":{...}|null,
//  "hazards":[...],"trace":[...]}
std::string verdict_json(const eval::Verdict& verdict, const ir::Scenario& scenario, const SourceMap& sources);

// {"file":"x.fault","line":3,"column":1} for a span.
std::string position_json(Span span, const SourceMap& sources);

}  // namespace faultc
