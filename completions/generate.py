#!/usr/bin/env python3
"""Writes faultc's bash, zsh and fish completions from the built binary's
--help, so that they offer exactly the subcommands, options and choices the
binary accepts (docs/install.md, "Shell completions").

usage: generate.py FAULTC OUTDIR
"""
import re
import subprocess
import sys
from dataclasses import dataclass, field

TYPE = re.compile(r"^(TEXT|INT|UINT|FLOAT|NUMBER)\b")


@dataclass
class Option:
    names: list  # "-t", "--target"
    help: str
    takes_value: bool
    choices: list = field(default_factory=list)
    directory: bool = False  # TEXT:DIR
    repeatable: bool = False

    @property
    def value(self):
        """What the option's value is, as the shells complete it: a key of their *_VALUES."""
        if not self.takes_value:
            return "flag"
        if self.choices:
            return "choices"
        if self.directory:
            return "directory"
        return "file" if "--output" in self.names else "free"

    def value_action(self, actions):
        return actions[self.value].format(choices=" ".join(self.choices))


@dataclass
class Command:
    name: str
    help: str
    options: list = field(default_factory=list)
    positional: str = ""  # "" none, "fault" .fault files, "scenario" active scenarios


def help_text(faultc, *words):
    return subprocess.run([faultc, *words, "--help"], check=True, capture_output=True, text=True).stdout


def sections(text):
    """{"Options": [lines], ...}: a section starts at a line 'Name:' in column 0."""
    result, current = {}, None
    for line in text.splitlines():
        if re.fullmatch(r"[A-Z][A-Za-z ]*:", line):
            current = result.setdefault(line[:-1], [])
        elif current is not None and line.strip():
            current.append(line)
    return result


def entries(lines):
    """(spec, description) per entry; CLI11 puts a long spec's description on the next line."""
    result = []
    for line in lines:
        if line.startswith("  ") and not line.startswith("   "):
            parts = re.split(r"\s{2,}", line.strip(), maxsplit=1)
            result.append([parts[0], parts[1] if len(parts) > 1 else ""])
        elif result and not result[-1][1]:
            result[-1][1] = line.strip()
    return result


def parse_option(spec, description):
    first, _, rest = spec.partition(" ")
    kind = TYPE.match(rest)
    # A spec wider than CLI11's column is followed by one space only.
    long_spec = re.match(r"(\S+(?: \.\.\.)?) (.+)", rest) if kind and not description else None
    if long_spec:
        rest, description = long_spec.groups()
    type_word = rest.split(" ")[0] if kind else ""
    choices = re.search(r"\{([^}]*)\}", type_word)
    return Option(names=first.split(","), help=description, takes_value=bool(kind),
                  choices=choices.group(1).split(",") if choices else [],
                  directory=":DIR" in type_word, repeatable=bool(kind) and " ..." in rest)


def parse(faultc):
    top = sections(help_text(faultc))
    commands = []
    for name_spec, description in entries(top["Subcommands"]):
        text = sections(help_text(faultc, name_spec))
        command = Command(name=name_spec, help=description)
        command.options = [parse_option(s, d) for s, d in entries(text.get("Options", []))]
        if text.get("Positionals"):
            command.positional = "scenario" if name_spec == "revert" else "fault"
        commands.append(command)
    top_options = [parse_option(s, d) for s, d in entries(top["Options"])]
    return top_options, commands


HEADER = "{comment} {shell} completion for faultc. Generated from `faultc --help` by\n" \
         "{comment} completions/generate.py when faultc is built: do not edit.\n"
# The active scenarios' names and ids for `revert`, from `faultc status
# --json`; it reads /run/faultc, so only root is offered any.
SCENARIOS = """'"\\(scenario\\|id\\)":"[^"\\\\]*"' | sed 's/^"[a-z]*":"//; s/"$//'"""


BASH_VALUES = {
    "choices": "mapfile -t COMPREPLY < <(compgen -W '{choices}' -- \"$cur\")",
    "directory": "compopt -o filenames 2>/dev/null; mapfile -t COMPREPLY < <(compgen -d -- \"$cur\")",
    "file": "compopt -o filenames 2>/dev/null; mapfile -t COMPREPLY < <(compgen -f -- \"$cur\")",
    "free": ":",  # nothing to offer
}


def bash(top_options, commands):
    out = [HEADER.format(comment="#", shell="bash")]
    out.append("_faultc_scenarios() {\n  \"$1\" status --json 2>/dev/null | grep -o " + SCENARIOS + "\n}\n\n")
    out.append("_faultc() {\n  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} sub='' i options positional\n")
    out.append("  for ((i = 1; i < COMP_CWORD; i++)); do\n"
               "    case ${COMP_WORDS[i]} in -*) ;; *) sub=${COMP_WORDS[i]}; break ;; esac\n  done\n")
    words = [c.name for c in commands] + [n for o in top_options for n in o.names]
    out.append(f"  if [[ -z $sub ]]; then\n    mapfile -t COMPREPLY < <(compgen -W '{' '.join(words)}' -- \"$cur\")\n    return\n  fi\n")
    out.append("  case $sub in\n")
    for c in commands:
        out.append(f"    {c.name})\n")
        valued = [o for o in c.options if o.takes_value]
        if valued:
            out.append("      case $prev in\n")
        for o in valued:
            out.append(f"        {'|'.join(o.names)}) {o.value_action(BASH_VALUES)}; return ;;\n")
        if valued:
            out.append("      esac\n")
        out.append(f"      options='{' '.join(n for o in c.options for n in o.names)}'\n")
        out.append(f"      positional={c.positional} ;;\n")
    out.append("    *) return ;;\n  esac\n")
    out.append("  if [[ $cur == -* ]]; then\n    mapfile -t COMPREPLY < <(compgen -W \"$options\" -- \"$cur\")\n    return\n  fi\n")
    out.append("  case $positional in\n"
               "    fault)\n      compopt -o filenames 2>/dev/null\n"
               "      mapfile -t COMPREPLY < <(compgen -f -X '!*.fault' -- \"$cur\"; compgen -d -- \"$cur\") ;;\n"
               "    scenario) mapfile -t COMPREPLY < <(compgen -W \"$(_faultc_scenarios \"${COMP_WORDS[0]}\")\" -- \"$cur\") ;;\n"
               "  esac\n}\n\ncomplete -F _faultc faultc\n")
    return "".join(out)


def zsh_quote(text):
    """A description inside '...[...]': no brackets, no single quotes unescaped."""
    return text.replace("[", "(").replace("]", ")").replace("'", "'\\''")


ZSH_VALUES = {"flag": "", "choices": ":value:({choices})", "directory": ":directory:_files -/",
              "file": ":file:_files", "free": ":value: "}


def zsh(top_options, commands):
    out = ["#compdef faultc\n", HEADER.format(comment="#", shell="zsh"), "\n"]
    out.append("_faultc_scenarios() {\n  local -a names\n"
               "  names=(${(f)\"$(faultc status --json 2>/dev/null | grep -o " + SCENARIOS + ")\"})\n"
               "  compadd -a names\n}\n\n")
    out.append("_faultc() {\n  local curcontext=$curcontext state line ret=1\n  local -a subcommands\n  subcommands=(\n")
    for c in commands:
        out.append(f"    '{c.name}:{zsh_quote(c.help)}'\n")
    out.append("  )\n  _arguments -C \\\n")
    for o in top_options:
        out.append(f"    '(- *)'{{{','.join(o.names)}}}'[{zsh_quote(o.help)}]' \\\n" if len(o.names) > 1 else
                   f"    '(- *){o.names[0]}[{zsh_quote(o.help)}]' \\\n")
    out.append("    '1:subcommand:->subcommand' \\\n    '*::argument:->argument' && ret=0\n")
    out.append("  case $state in\n    subcommand) _describe -t subcommands 'faultc subcommand' subcommands && ret=0 ;;\n")
    out.append("    argument)\n      curcontext=${curcontext%:*:*}:faultc-$words[1]:\n      case $words[1] in\n")
    for c in commands:
        out.append(f"        {c.name})\n          _arguments \\\n")
        for o in c.options:
            value = o.value_action(ZSH_VALUES)
            exclusive = "*" if o.repeatable else f"({' '.join(o.names)})"
            for name in o.names:
                out.append(f"            '{exclusive}{name}[{zsh_quote(o.help)}]{value}' \\\n")
        if c.positional == "fault":
            out.append("            '*:scenario file:_files -g \"*.fault(-.)\"' \\\n")
        elif c.positional == "scenario":
            out.append("            '1:scenario:_faultc_scenarios' \\\n")
        out.append("            && ret=0 ;;\n")
    out.append("      esac ;;\n  esac\n  return ret\n}\n\n_faultc \"$@\"\n")
    return "".join(out)


def fish_quote(text):
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


FISH_VALUES = {"flag": "", "choices": " -x -a '{choices}'", "directory": " -x -a '(__fish_complete_directories)'",
               "file": " -r -F", "free": " -x"}


def fish(top_options, commands):
    out = [HEADER.format(comment="#", shell="fish"), "\n"]
    out.append("function __faultc_scenarios\n    faultc status --json 2>/dev/null | grep -o "
               + SCENARIOS.replace("\\", "\\\\") + "\nend\n\n")
    out.append("complete -c faultc -f\n")
    first = "-n __fish_use_subcommand"
    for o in top_options:
        out.append(f"complete -c faultc {first} {fish_flags(o)} -d {fish_quote(o.help)}\n")
    for c in commands:
        out.append(f"complete -c faultc {first} -a {c.name} -d {fish_quote(c.help)}\n")
    for c in commands:
        seen = f"-n '__fish_seen_subcommand_from {c.name}'"
        for o in c.options:
            out.append(f"complete -c faultc {seen} {fish_flags(o)}{o.value_action(FISH_VALUES)} -d {fish_quote(o.help)}\n")
        if c.positional == "fault":
            out.append(f"complete -c faultc {seen} -a '(__fish_complete_suffix .fault)'\n")
        elif c.positional == "scenario":
            out.append(f"complete -c faultc {seen} -x -a '(__faultc_scenarios)'\n")
    return "".join(out)


def fish_flags(option):
    flags = []
    for name in option.names:
        if name.startswith("--"):
            flags.append(f"-l {name[2:]}")
        elif len(name) == 2:
            flags.append(f"-s {name[1]}")
        else:
            flags.append(f"-o {name[1:]}")
    return " ".join(flags)


def main():
    faultc, outdir = sys.argv[1], sys.argv[2]
    top_options, commands = parse(faultc)
    for filename, write in (("faultc.bash", bash), ("_faultc", zsh), ("faultc.fish", fish)):
        with open(f"{outdir}/{filename}", "w", encoding="utf-8") as f:
            f.write(write(top_options, commands))


if __name__ == "__main__":
    main()
