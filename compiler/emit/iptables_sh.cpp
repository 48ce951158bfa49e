// The iptables shell target: a POSIX sh script in the spirit of the
// incident's hand-written one, made safe. It applies each family's rules in
// one atomic `iptables-restore --noflush` (a heredoc), binds every window to
// wall-clock times with `-m time` so the kernel switches rules on and off by
// itself, arms a dead-man (a forked copy of the shell, which never reads the
// script file again) that reverts at the end even if the script is killed,
// and reverts on exit and on signals.
#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <utility>

#include "compiler/emit/backends.hpp"
#include "compiler/source/text_safety.hpp"

namespace faultc::emit {

namespace {

using namespace ruleset;

// Inside the heredoc, a time is a variable set once before it: a command
// substitution per line would run `date` once per rule (bash took minutes
// for 10,000 rules, dash overflowed its stack). The binding records every
// second it is asked for, so the script defines exactly those variables.
std::string shell_time(std::uint64_t ms, void* context) {
  auto& seconds = *static_cast<std::set<std::uint64_t>*>(context);
  seconds.insert(ms / 1000);
  return fmt::format("${{faultc_at_{}}}", ms / 1000);
}

// Revert finds what is left of the scenario with one save call and removes
// it with one restore call, so that it costs the same for one rule or
// 100,000 and runs cheaply before the first apply, when nothing is there.
std::string revert_function(const Ruleset& r) {
  std::string out;
  out += "# Removes exactly this scenario's objects; safe to run when they are gone.\n";
  out += "revert_family() {\n";
  for (Hook hook : {Hook::input, Hook::output, Hook::forward}) {
    out += fmt::format("\twhile \"$1\" -w -D {} {} 2>/dev/null; do :; done\n", builtin_chain(hook),
                       builtin_jump_spec(r, hook));
  }
  // Exactly the chain names faultc creates (dispatch, rule, helper `<n>a<k>`
  // and `<n>d<k>`, gate `<n>g`, and hashed helper and gate chains: 8 hex
  // digits, 7 when cut at 28 characters; ruleset.cpp), never a prefix: an
  // operator's own `FAULTC-<id>-mine` is not ours. Every name, whether or
  // not this scenario has it: the revert before applying removes a previous
  // run's, perhaps of another version of the scenario.
  out += fmt::format(
      "\tchains=$(\"$1-save\" -t filter 2>/dev/null |\n"
      "\t\tsed -n -E 's/^:({}-(in|out|fwd|[0-9]+(g|[ad][0-9]+)?|[0-9a-f]{{7,8}})) .*/\\1/p') || true\n",
      r.iptables_prefix);
  out += "\t[ -n \"$chains\" ] || return 0\n";
  out += "\t# shellcheck disable=SC2086 # chain names are single words\n";
  out += "\tif ! printf '*filter\\n%s\\n%s\\nCOMMIT\\n' \"$(printf -- '-F %s\\n' $chains)\" \"$(printf -- '-X %s\\n' "
         "$chains)\" |\n";
  out += "\t\t\"$1-restore\" -w --noflush 2>/dev/null; then\n";
  out += "\t\t# Something else holds on to a chain: remove what can go, one by one.\n";
  out += "\t\tfor chain in $chains; do \"$1\" -w -F \"$chain\" 2>/dev/null || true; done\n";
  out += "\t\tfor chain in $chains; do \"$1\" -w -X \"$chain\" 2>/dev/null || true; done\n";
  out += "\tfi\n";
  out += "}\n\n";
  out += "revert() {\n";
  out += "\t# The dead-man stops its own sleep when told to (see deadman).\n";
  out += "\tif [ -f \"$PIDFILE\" ]; then\n";
  out += "\t\tkill \"$(cat \"$PIDFILE\")\" 2>/dev/null || true\n";
  out += "\tfi\n";
  out += "\trm -f \"$PIDFILE\"\n";
  out += "\trevert_family \"$IPTABLES\"\n";
  out += "\trevert_family \"$IP6TABLES\"\n";
  out += "\t# This script's own wait, so that nothing of the run outlives it.\n";
  out += "\t[ -z \"${SLEEPER:-}\" ] || kill \"$SLEEPER\" 2>/dev/null || true\n";
  out += "}\n\n";
  // A forked copy of this shell with the revert code in its memory: it
  // never reads the script file again, which someone else might be able to
  // change by the time it runs as root.
  out += "# The dead-man: started in the background, it reverts after LIFE seconds even\n";
  out += "# if this script is killed, from the code in its own memory (it never reads\n";
  out += "# this file again). A background job of sh already ignores Ctrl-C; it also\n";
  out += "# ignores the terminal's hangup.\n";
  out += "deadman() {\n";
  out += "\ttrap - EXIT\n";
  out += "\ttrap '' INT HUP\n";
  out += "\ttrap 'kill \"$DEADMAN_SLEEP\" 2>/dev/null; exit 0' TERM\n";
  out += "\tsleep \"$LIFE\" &\n";
  out += "\tDEADMAN_SLEEP=$!\n";
  out += "\twait \"$DEADMAN_SLEEP\"\n";
  out += "\trm -f \"$PIDFILE\"  # it is this process: revert must not stop it\n";
  out += "\trevert\n";
  out += "}\n\n";
  return out;
}

// Appends `apply()`: the time variables the ranges name, then one heredoc
// per family.
void append_apply_function(std::string& out, const Ruleset& r, std::span<PrintedRules> ranges) {
  std::set<std::uint64_t> seconds;
  for (const PrintedRules& range : ranges) seconds.insert(range.moments.begin(), range.moments.end());
  out += "apply() {\n";
  for (std::uint64_t s : seconds) out += fmt::format("\tfaultc_at_{0}=$(faultc_time {0})\n", s);
  bool any = false;
  for (Family family : {Family::ipv4, Family::ipv6}) {
    const std::size_t f = family == Family::ipv4 ? 0 : 1;
    if (std::none_of(ranges.begin(), ranges.end(), [f](const PrintedRules& p) { return p.families[f]; })) continue;
    any = true;
    out += fmt::format("\t\"{}-restore\" -w --noflush <<EOF\n", family == Family::ipv4 ? "$IPTABLES" : "$IP6TABLES");
    append_restore(out, r, family, ranges);
    out += "EOF\n";
  }
  if (!any) out += "\t:  # the scenario has no rules\n";
  out += "}\n\n";
}

}  // namespace

void print_sh_rules(const Ruleset& r, RuleRange range, Inlined inlined, PrintedRules& out) {
  for (Family family : {Family::ipv4, Family::ipv6}) {
    print_restore_rules(r, range, family, TimeBinding{shell_time, &out.moments}, inlined, out);
  }
}

std::string assemble_sh(const Ruleset& r, std::span<PrintedRules> ranges) {
  const std::uint64_t life_s = r.life_ms ? (*r.life_ms + 999) / 1000 : 0;
  std::string out;
  out += "#!/bin/sh\n";
  out += fmt::format("# faultc iptables script: scenario \"{}\"\n", comment_text(r.scenario_name));
  out += "# Generated by faultc from the scenario file; do not edit.\n";
  out += "#\n";
  out += "# Usage: sh THIS-SCRIPT            apply, follow the timeline, revert at the end\n";
  out += "#        sh THIS-SCRIPT --revert   remove this scenario's rules now\n";
  out += "# IPTABLES and IP6TABLES choose the tools (e.g. IPTABLES=iptables-legacy).\n";
  out += "#\n";
  out += "# Three things take the rules back: this script on exit, Ctrl-C, TERM or HUP;\n";
  out += "# a detached dead-man process that outlives a SIGKILL of the script; and the\n";
  out += "# kernel itself, which stops matching every rule at its window's -m time end.\n";
  out += "set -eu\n\n";
  out += "IPTABLES=${IPTABLES:-iptables}\n";
  out += "IP6TABLES=${IP6TABLES:-ip6tables}\n";
  out += "export IPTABLES IP6TABLES\n";
  out += fmt::format("PIDFILE=/run/faultc-{}.deadman.pid\n", r.id);
  out += fmt::format("LIFE={}  # seconds; 0: for ever\n", life_s);
  out += "\n";
  out += revert_function(r);
  out += "if [ \"${1:-}\" = --revert ]; then\n\trevert\n\texit 0\nfi\n\n";
  out += "if [ \"$(id -u)\" -ne 0 ]; then\n";
  out += "\techo \"$0: must run as root (it changes the firewall)\" >&2\n\texit 1\nfi\n\n";
  out += "START=$(date -u +%s)\n";
  out += "# The UTC time N seconds after the start, as iptables' time match takes it.\n";
  out += "faultc_time() {\n\tdate -u -d \"@$((START + $1))\" +%Y-%m-%dT%H:%M:%S\n}\n\n";
  append_apply_function(out, r, ranges);
  out += "revert  # a previous run of this scenario, if any, is replaced\n";
  out += "trap revert EXIT\n";
  out += "trap 'exit 130' INT\ntrap 'exit 143' TERM\ntrap 'exit 129' HUP\n";
  out += "apply\n";
  out += "if [ \"$LIFE\" -gt 0 ]; then\n";
  out += "\tdeadman </dev/null >/dev/null 2>&1 &\n";
  out += "\techo $! >\"$PIDFILE\"\n";
  out += fmt::format("\techo \"faultc: scenario {} applied; reverting in $LIFE s (dead-man pid $!)\"\n",
                     shell_quote(comment_text(r.scenario_name)));
  out += "\tsleep \"$LIFE\" &\n\tSLEEPER=$!\n\twait \"$SLEEPER\"\n";
  out += "else\n";
  out += fmt::format("\techo \"faultc: scenario {} applied for ever; Ctrl-C reverts\"\n",
                     shell_quote(comment_text(r.scenario_name)));
  out += "\twhile :; do\n\t\tsleep 3600 &\n\t\tSLEEPER=$!\n\t\twait \"$SLEEPER\"\n\tdone\n";
  out += "fi\n";
  return out;
}

}  // namespace faultc::emit
