#include "runtime/runner.hpp"

#include <fmt/format.h>
#include <signal.h>
#include <unistd.h>

#include <ctime>
#include <filesystem>
#include <sstream>

#include "compiler/duration_text.hpp"
#include "compiler/emit/emit.hpp"
#include "compiler/json_escape.hpp"
#include "compiler/lower.hpp"
#include "compiler/pipeline.hpp"
#include "compiler/read_file.hpp"
#include "compiler/render_text.hpp"
#include "runtime/backend.hpp"
#include "runtime/counters.hpp"
#include "runtime/process.hpp"
#include "runtime/state.hpp"
#include "runtime/timeline.hpp"
#include "runtime/watchdog.hpp"

namespace faultc::runtime {

namespace {

enum class Output { tty, plain, json };

struct Compiled {
  ir::Scenario scenario;
  ruleset::Ruleset rules;
  Artifact artifact;
  std::vector<std::string> labels;  // per rule: "file.fault:12"
};

std::string timestamp() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

// Compiles the scenario for a backend; the iptables files are bound to the
// start time so the kernel switches every window by itself.
std::optional<Compiled> compile(const std::string& file, Backend backend, std::int64_t start_s) {
  SourceMap sources;
  auto text = read_source_file(file);
  if (auto* error = std::get_if<ReadError>(&text)) {
    fmt::print(stderr, "faultc: error: {}\n", error->message);
    return std::nullopt;
  }
  const FileId id = sources.add(file, std::get<std::string>(std::move(text)));
  Compilation c = compile_front(sources, id);
  Diagnostics diagnostics = c.diagnostics;
  std::optional<Compiled> out;
  const Diagnostics nothing = c.ok() ? check_something_to_apply(*c.scenario) : Diagnostics{};
  diagnostics.insert(diagnostics.end(), nothing.begin(), nothing.end());
  if (c.ok() && nothing.empty()) {
    LowerOptions options;
    options.follows_timeline = true;
    auto lowered = lower(*c.scenario, sources, options);
    diagnostics.insert(diagnostics.end(), lowered.diagnostics.begin(), lowered.diagnostics.end());
    if (lowered.ok()) {
      Compiled compiled{*c.scenario, *lowered.value, {}, {}};
      for (const ir::Rule& rule : compiled.scenario.rules) {
        compiled.labels.push_back(fmt::format("{}:{}", compiled.scenario.file_name,
                                              sources.file(rule.span.file).locate(rule.span.begin).line));
      }
      bool ok = true;
      auto put = [&](emit::Target target, bool teardown, std::string& slot) {
        emit::EmitOptions eo;
        eo.teardown = teardown;
        if (!teardown) eo.start_unix = start_s;
        if (target == emit::Target::nft) eo.start_unix.reset();
        auto emitted = emit::emit(compiled.rules, target, eo);
        diagnostics.insert(diagnostics.end(), emitted.diagnostics.begin(), emitted.diagnostics.end());
        if (emitted.ok()) slot = *emitted.value;
        else ok = false;
      };
      if (backend == Backend::nft) {
        put(emit::Target::nft, false, compiled.artifact.nft);
        put(emit::Target::nft, true, compiled.artifact.teardown_nft);
      } else {
        bool v4 = false, v6 = false;
        for (const auto& chain : compiled.rules.chains) {
          v4 = v4 || chain.ipv4;
          v6 = v6 || chain.ipv6;
        }
        if (v4) put(emit::Target::iptables_restore, false, compiled.artifact.ipv4);
        if (v6) put(emit::Target::ip6tables_restore, false, compiled.artifact.ipv6);
      }
      if (ok) out = std::move(compiled);
    }
  }
  fmt::print(stderr, "{}", render_text(diagnostics, sources, TextStyle{isatty(2) != 0 && !std::getenv("NO_COLOR")}));
  if (!out && !has_errors(diagnostics)) fmt::print(stderr, "faultc: error: nothing to run\n");
  return out;
}

std::string plan(const Compiled& c, Backend backend) {
  std::string out;
  const auto life = c.scenario.life_ms;
  out += fmt::format("plan: scenario \"{}\" (kernel id {}), backend {}, life {}\n", c.scenario.name, c.rules.id,
                     backend_name(backend), life ? format_duration(*life) : "for ever");
  out += fmt::format("  +0s        apply atomically ({})\n",
                     backend == Backend::nft ? "nft -f, table inet " + c.rules.nft_table
                                             : "iptables-restore --noflush, chains FAULTC-" + c.rules.id + "-*");
  for (std::size_t i = 0; i < c.scenario.rules.size(); ++i) {
    std::vector<std::string> spans;
    const auto windows = ir::windows(c.scenario.rules[i], c.scenario);
    for (std::size_t w = 0; w < windows.size() && w < 4; ++w) {
      spans.push_back(fmt::format("[{}, {})", format_duration(windows[w].start_ms),
                                  windows[w].end_ms == UINT64_MAX ? "end" : format_duration(windows[w].end_ms)));
    }
    if (windows.size() > 4) spans.push_back(fmt::format("... {} windows in all", windows.size()));
    out += fmt::format("  rule {:<5} {}  active {}\n", c.scenario.rules[i].number, c.labels[i], fmt::join(spans, " "));
  }
  if (life) {
    out += fmt::format("  +{:<9} revert (by this run; else the watchdog; else the kernel's own expiry)\n",
                       format_duration(*life));
  } else {
    out += "  no end: `for ever` runs until Ctrl-C or `faultc revert`\n";
  }
  return out;
}

std::string status_lines(const Compiled& c, Backend backend, std::int64_t started_ms, bool color) {
  const std::uint64_t t = static_cast<std::uint64_t>(std::max<std::int64_t>(0, now_ms() - started_ms));
  const auto counters = read_counters(backend, c.rules.id);
  std::string out;
  for (const RuleWindowState& s : rule_states(c.scenario, c.labels, t)) {
    const auto it = counters.find(s.rule);
    const RuleCounters k = it == counters.end() ? RuleCounters{} : it->second;
    const std::string change =
        s.change_in_ms < 0 ? "" : fmt::format("{} {}", s.active ? "ends in" : "in", format_duration(static_cast<std::uint64_t>(s.change_in_ms / 1000 * 1000)));
    out += fmt::format("{}rule {:<3} {:<24} {:<7}{} {:<14} seen {:>8} pkts {:>10} B   dropped {:>8} pkts {:>10} B\n",
                       color && s.active ? "\x1b[1;31m" : "", s.rule, s.label, s.state, color ? "\x1b[0m" : "",
                       change, k.seen_packets, k.seen_bytes, k.hit_packets, k.hit_bytes);
  }
  return out;
}

std::string json_event(const std::string& event, const std::string& fields) {
  return fmt::format("{{\"time\":{},\"event\":{}{}{}}}\n", json_string(timestamp()), json_string(event),
                     fields.empty() ? "" : ",", fields);
}

std::string json_rules(const Compiled& c, Backend backend, std::int64_t started_ms) {
  const std::uint64_t t = static_cast<std::uint64_t>(std::max<std::int64_t>(0, now_ms() - started_ms));
  const auto counters = read_counters(backend, c.rules.id);
  std::vector<std::string> items;
  for (const RuleWindowState& s : rule_states(c.scenario, c.labels, t)) {
    const auto it = counters.find(s.rule);
    const RuleCounters k = it == counters.end() ? RuleCounters{} : it->second;
    items.push_back(fmt::format(
        "{{\"rule\":{},\"source\":{},\"state\":{},\"change_in_ms\":{},\"seen_packets\":{},\"seen_bytes\":{},"
        "\"dropped_packets\":{},\"dropped_bytes\":{}}}",
        s.rule, json_string(s.label), json_string(s.state), s.change_in_ms, k.seen_packets, k.seen_bytes,
        k.hit_packets, k.hit_bytes));
  }
  return fmt::format("\"rules\":[{}]", fmt::join(items, ","));
}

// A readable difference between two snapshots: the lines only one has.
std::string difference(const std::string& before, const std::string& after) {
  auto lines = [](const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) out.push_back(line);
    return out;
  };
  const auto a = lines(before), b = lines(after);
  std::string out;
  for (const auto& line : a) {
    if (std::find(b.begin(), b.end(), line) == b.end()) out += "  - " + line + "\n";
  }
  for (const auto& line : b) {
    if (std::find(a.begin(), a.end(), line) == a.end()) out += "  + " + line + "\n";
  }
  return out.empty() ? "  (the same lines in another order)\n" : out;
}

void stop_watchdog(int pid) {
  if (pid > 0) kill(pid, SIGTERM);
}

// Someone is running this scenario: a live runner or watchdog, or objects
// left in the kernel.
bool active(const std::string& id, Backend backend) {
  if (auto s = load_state(id)) {
    if (process_alive(s->runner_pid) || process_alive(s->watchdog_pid)) return true;
  }
  const auto ids = present_ids(backend);
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

}  // namespace

int run(const RunOptions& options) {
  signal(SIGPIPE, SIG_IGN);
  const auto backend = backend_from_name(options.target);
  if (!backend) {
    fmt::print(stderr, "faultc: error: unknown target `{}` (nft, iptables, iptables-legacy)\n", options.target);
    return 2;
  }
  const std::int64_t started_ms = now_ms();
  auto compiled = compile(options.file, *backend, started_ms / 1000);
  if (!compiled) return 1;
  const Output output = options.json ? Output::json : isatty(1) ? Output::tty : Output::plain;
  if (options.dry_run) {
    fmt::print("{}\n", plan(*compiled, *backend));
    const Artifact& a = compiled->artifact;
    fmt::print("{}{}{}", a.nft, a.ipv4, a.ipv6);
    return 0;
  }
  const auto problems = preflight(*backend);
  if (!problems.empty()) {
    for (const auto& p : problems) fmt::print(stderr, "faultc: error: {}\n", p);
    return 2;
  }
  const std::string& id = compiled->rules.id;
  if (active(id, *backend)) {
    if (!options.replace) {
      fmt::print(stderr, "faultc: error: scenario \"{}\" (kernel id {}) is already active; "
                         "use --replace to restart it or `faultc revert {}` to stop it\n",
                 compiled->scenario.name, id, id);
      return 2;
    }
    if (auto old = load_state(id)) {
      stop_watchdog(old->watchdog_pid);
      if (old->runner_pid != getpid() && process_alive(old->runner_pid)) kill(old->runner_pid, SIGTERM);
    }
    remove_objects(*backend, id);
    remove_state(id);
  }

  // Signals are taken synchronously in the main loop: revert at once.
  sigset_t signals;
  sigemptyset(&signals);
  for (int s : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&signals, s);
  sigprocmask(SIG_BLOCK, &signals, nullptr);

  // Nothing before this point changes the ruleset (the iptables reads use
  // plain -save, which creates no table), so this is the operator's own.
  const std::string before = ruleset_snapshot();
  const IptablesNftLayout layout = *backend == Backend::iptables_nft ? iptables_nft_layout() : IptablesNftLayout{};
  auto remove_all = [&] {
    remove_objects(*backend, id);
    if (*backend == Backend::iptables_nft) remove_iptables_nft_leftovers(layout);
  };
  if (auto error = apply(*backend, compiled->artifact)) {
    remove_all();
    fmt::print(stderr, "faultc: error: {}\n", *error);
    return 1;
  }
  RunState state;
  state.name = compiled->scenario.name;
  state.id = id;
  state.backend = *backend;
  state.file = std::filesystem::absolute(options.file).string();
  state.runner_pid = getpid();
  state.started_ms = started_ms;
  state.deadline_ms = compiled->scenario.life_ms ? started_ms + static_cast<std::int64_t>(*compiled->scenario.life_ms) : 0;
  if (auto error = save_state(state)) fmt::print(stderr, "faultc: warning: {}\n", *error);
  if (state.deadline_ms != 0) {
    state.watchdog_pid = spawn_watchdog(id);
    if (state.watchdog_pid < 0) fmt::print(stderr, "faultc: warning: could not start the watchdog\n");
    save_state(state);
  }

  if (output == Output::json) {
    fmt::print("{}", json_event("applied", fmt::format("\"scenario\":{},\"id\":{},\"backend\":{},\"watchdog_pid\":{},"
                                                       "\"deadline_ms\":{}",
                                                       json_string(state.name), json_string(id),
                                                       json_string(backend_name(*backend)), state.watchdog_pid,
                                                       state.deadline_ms)));
  } else {
    fmt::print("{} faultc: applied \"{}\" with {} (watchdog pid {}); {}\n", timestamp(), state.name,
               backend_name(*backend), state.watchdog_pid,
               state.deadline_ms ? fmt::format("reverting in {}", format_duration(*compiled->scenario.life_ms))
                                 : std::string("until Ctrl-C (for ever)"));
  }
  std::fflush(stdout);

  int caught = 0;
  std::size_t drawn = 0;
  std::string last_states;
  std::int64_t last_json = 0;
  while (state.deadline_ms == 0 || now_ms() < state.deadline_ms) {
    const std::int64_t left = state.deadline_ms == 0 ? 1000 : std::min<std::int64_t>(state.deadline_ms - now_ms(), 1000);
    timespec wait{left / 1000, (left % 1000) * 1'000'000};
    const int signal_number = sigtimedwait(&signals, nullptr, &wait);
    if (signal_number > 0) {
      caught = signal_number;
      break;
    }
    if (output == Output::tty) {
      const std::string lines = status_lines(*compiled, *backend, started_ms, true);
      if (drawn > 0) fmt::print("\x1b[{}A", drawn);
      fmt::print("{}", lines);
      drawn = static_cast<std::size_t>(std::count(lines.begin(), lines.end(), '\n'));
    } else {
      // Plain and JSON output: a line when a rule turns on or off, and the
      // counters every 10 seconds.
      std::string states;
      const auto t = static_cast<std::uint64_t>(now_ms() - started_ms);
      for (const auto& s : rule_states(compiled->scenario, compiled->labels, t)) states += s.state + " ";
      if (states != last_states || now_ms() - last_json >= 10'000) {
        if (output == Output::json) {
          fmt::print("{}", json_event("tick", json_rules(*compiled, *backend, started_ms)));
        } else {
          fmt::print("{} {}", timestamp(), status_lines(*compiled, *backend, started_ms, false));
        }
        last_states = states;
        last_json = now_ms();
      }
    }
    std::fflush(stdout);
  }

  // Take it back, stop the watchdog, and verify.
  const std::string final_counters = output == Output::json ? json_rules(*compiled, *backend, started_ms)
                                                            : status_lines(*compiled, *backend, started_ms, false);
  stop_watchdog(state.watchdog_pid);
  remove_all();
  remove_state(id);
  const std::string after = ruleset_snapshot();
  const bool identical = before == after;
  if (output == Output::json) {
    fmt::print("{}", json_event("reverted", final_counters + (caught ? fmt::format(",\"signal\":{}", caught) : "")));
    fmt::print("{}", json_event("verified", fmt::format("\"identical\":{}", identical ? "true" : "false")));
  } else {
    fmt::print("{} faultc: {}reverted \"{}\". Summary:\n{}", timestamp(),
               caught ? fmt::format("signal {}: ", caught) : "", state.name, final_counters);
    fmt::print("{} faultc: {}\n", timestamp(),
               identical ? "verified: the faultc objects are gone and the rest of the ruleset is as before"
                         : "the ruleset differs from before the run");
  }
  std::fflush(stdout);
  if (!identical) {
    fmt::print(stderr, "faultc: error: after revert the ruleset differs from before the run:\n{}",
               difference(before, after));
    return 1;
  }
  return caught ? 128 + caught : 0;
}

int revert(const RevertOptions& options) {
  signal(SIGPIPE, SIG_IGN);
  std::vector<std::string> ids;
  if (options.all) {
    for (const auto& s : all_states()) ids.push_back(s.id);
    for (Backend b : {Backend::nft, Backend::iptables_nft, Backend::iptables_legacy}) {
      if (b != Backend::nft && !command_exists(iptables_tool(b, ruleset::Family::ipv4, "-save"))) continue;
      if (b == Backend::nft && !command_exists("nft")) continue;
      for (const auto& id : present_ids(b)) ids.push_back(id);
    }
  } else {
    // A name is the scenario's as written, or its kernel id.
    ids.push_back(load_state(options.name) ? options.name : object_id(options.name));
    for (const auto& s : all_states()) {
      if (s.name == options.name) ids.push_back(s.id);
    }
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  std::size_t removed = 0;
  for (const std::string& id : ids) {
    if (auto s = load_state(id)) {
      stop_watchdog(s->watchdog_pid);
      if (process_alive(s->runner_pid) && s->runner_pid != getpid()) kill(s->runner_pid, SIGTERM);
    }
    for (Backend b : {Backend::nft, Backend::iptables_nft, Backend::iptables_legacy}) {
      const bool available = b == Backend::nft ? command_exists("nft")
                                               : command_exists(iptables_tool(b, ruleset::Family::ipv4, "-save"));
      if (available) removed += remove_objects(b, id);
    }
    remove_state(id);
  }
  fmt::print("faultc: {} object{} removed{}\n", removed, removed == 1 ? "" : "s",
             removed == 0 ? " (nothing to do)" : "");
  return 0;
}

int status(bool json) {
  const auto states = all_states();
  std::vector<std::string> items;
  for (const RunState& s : states) {
    const bool runner = process_alive(s.runner_pid);
    const bool watchdog = process_alive(s.watchdog_pid);
    const std::int64_t left = s.deadline_ms == 0 ? -1 : std::max<std::int64_t>(0, s.deadline_ms - now_ms());
    const auto counters = read_counters(s.backend, s.id);
    if (json) {
      std::vector<std::string> rules;
      for (const auto& [number, k] : counters) {
        rules.push_back(fmt::format("{{\"rule\":{},\"seen_packets\":{},\"seen_bytes\":{},\"dropped_packets\":{},"
                                    "\"dropped_bytes\":{}}}",
                                    number, k.seen_packets, k.seen_bytes, k.hit_packets, k.hit_bytes));
      }
      items.push_back(fmt::format(
          "{{\"scenario\":{},\"id\":{},\"backend\":{},\"file\":{},\"runner_alive\":{},\"watchdog_alive\":{},"
          "\"time_left_ms\":{},\"rules\":[{}]}}",
          json_string(s.name), json_string(s.id), json_string(backend_name(s.backend)), json_string(s.file),
          runner ? "true" : "false", watchdog ? "true" : "false", left, fmt::join(rules, ",")));
      continue;
    }
    fmt::print("{} ({}), {}, {}; runner {}, watchdog {}\n", s.name, s.id, backend_name(s.backend),
               left < 0 ? "for ever" : format_duration(static_cast<std::uint64_t>(left / 1000 * 1000)) + " left",
               runner ? "running" : "gone", watchdog ? "armed" : "gone");
    for (const auto& [number, k] : counters) {
      fmt::print("  rule {:<3} seen {:>8} pkts {:>10} B   dropped {:>8} pkts {:>10} B\n", number, k.seen_packets,
                 k.seen_bytes, k.hit_packets, k.hit_bytes);
    }
  }
  if (json) fmt::print("{{\"active\":[{}]}}\n", fmt::join(items, ","));
  else if (states.empty()) fmt::print("faultc: no active scenarios\n");
  return 0;
}

}  // namespace faultc::runtime
