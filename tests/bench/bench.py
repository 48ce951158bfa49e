#!/usr/bin/python3
"""faultc against ferm and capirca on the same policies, side by side.

The policy: N rules, each dropping TCP from a distinct source address to
port 1234, written as N rules and as one rule over an N-address set, in
faultc, ferm and capirca syntax. Every compiler runs several times per size;
the tables give median wall time, peak memory, output size and faultc's
speed-up over each peer, then the time to apply each faultc artifact in a
throwaway network namespace, how each figure grows with N, and the issue's
targets as PASS/FAIL. tests/bench/README.md explains how to read it.

Run as root (the apply part needs it) with /usr/bin/python3 and the standard
library only: bench.py FAULTC [--quick] [--markdown] [--runs R] ...
Exits 0 whatever the numbers say; non-zero only if the harness itself fails.
"""

import argparse
import contextlib
import ctypes
import dataclasses
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

PORT = 1234
SIZES = (1_000, 10_000, 100_000)  # every tool, and the apply part
FAULTC_ONLY_SIZES = (1_000_000,)
FORMS = ("rules", "set")
FAULTC_TARGETS = ("nft", "iptables-restore", "iptables")
CAPIRCA_TARGETS = ("iptables", "nftables")
# The faultc artifact each peer's output is compared with.
PEER_TARGETS = {
    ("ferm", "iptables-restore"): "iptables-restore",
    ("capirca", "iptables"): "iptables-restore",
    ("capirca", "nftables"): "nft",
}
NETNS_DIR = "/run/netns"
# Every line that matches packets names the port, and no address can contain
# "1234" (its octets are dot-separated), so these two count the rules and the
# distinct source addresses in any tool's output or in a loaded ruleset.
RULE_LINE = re.compile(rb"dport\s+%d\b" % PORT)
ADDRESS = re.compile(rb"\b10\.\d{1,3}\.\d{1,3}\.\d{1,3}\b")
LINEAR_WITHIN = 1.5


def address(i):
    """The i-th source address: 10.0.0.1, 10.0.0.3, ... Odd addresses only,
    so no two are adjacent and no tool can merge them into a prefix: every
    output has to carry all N of them."""
    value = 0x0A000001 + 2 * i
    return f"{value >> 24}.{(value >> 16) & 255}.{(value >> 8) & 255}.{value & 255}"


def size_label(n):
    return f"{n // 1_000_000}M" if n >= 1_000_000 else f"{n // 1_000}k"


# ------------------------------------------------------------------ inputs


def write_faultc(path, form, n):
    with open(path, "w") as f:
        f.write('scenario "bench"\nfor 1h\n')
        if form == "rules":
            f.writelines(f"tcp from {address(i)} to port {PORT} drop\n" for i in range(n))
        else:
            f.write("host victims = {\n")
            f.write(",\n".join(f"  {address(i)}" for i in range(n)))
            f.write(f"\n}}\ntcp from victims to port {PORT} drop\n")


def write_ferm(path, form, n):
    with open(path, "w") as f:
        if form == "rules":
            f.write("table filter chain INPUT {\n")
            f.writelines(f"  proto tcp saddr {address(i)} dport {PORT} DROP;\n" for i in range(n))
            f.write("}\n")
        else:
            f.write("table filter chain INPUT proto tcp saddr (\n")
            f.writelines(f"  {address(i)}\n" for i in range(n))
            f.write(f") dport {PORT} DROP;\n")


def write_capirca(directory, form, n):
    """Definitions, and one policy per capirca target, under directory."""
    os.makedirs(f"{directory}/def")
    os.makedirs(f"{directory}/pol")
    with open(f"{directory}/def/SERVICES.svc", "w") as f:
        f.write(f"BENCH = {PORT}/tcp\nANY = 0-65535/tcp\n")
    with open(f"{directory}/def/NETWORK.net", "w") as f:
        if form == "rules":
            f.writelines(f"V{i} = {address(i)}/32\n" for i in range(n))
        else:
            f.write("VICTIMS = " + "\n  ".join(f"{address(i)}/32" for i in range(n)) + "\n")
    terms = [(f"t{i}", f"V{i}") for i in range(n)] if form == "rules" else [("victims", "VICTIMS")]
    for target in CAPIRCA_TARGETS:
        header = "iptables INPUT ACCEPT" if target == "iptables" else "nftables inet INPUT ACCEPT"
        # capirca 2.0.6's nftables generator leaves out an IPv4 term's
        # destination port unless the term has a source port too
        # (PortsAndProtocols tests `src_ports and dst_ports`), so its terms
        # carry the no-op `tcp sport 0-65535`.
        source_port = "  source-port:: ANY\n" if target == "nftables" else ""
        with open(f"{directory}/pol/{target}.pol", "w") as f:
            f.write(f"header {{\n  target:: {header}\n}}\n")
            f.writelines(f"term {term} {{\n  source-address:: {network}\n  protocol:: tcp\n{source_port}"
                         f"  destination-port:: BENCH\n  action:: deny\n}}\n" for term, network in terms)


# ----------------------------------------------------------------- running


@dataclasses.dataclass
class Run:
    wall: float
    peak_kib: int
    status: str  # "ok", "timeout", "exit N" or "signal NAME"


def describe_exit(code):
    """A Popen-style return code in words."""
    if code == 0:
        return "ok"
    return f"signal {signal.Signals(-code).name}" if code < 0 else f"exit {code}"


def kill_group(pid):
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)


def kill_namespace_processes(name):
    """SIGKILLs every process left in the namespace. All of them were started
    by this benchmark: the shell target's dead-man and sleeps outlive it."""
    for _ in range(100):
        found = subprocess.run(["ip", "netns", "pids", name], capture_output=True, text=True).stdout.split()
        if not found:
            return
        for pid in found:
            with contextlib.suppress(ProcessLookupError):
                os.kill(int(pid), signal.SIGKILL)
        time.sleep(0.01)
    raise RuntimeError(f"processes in namespace {name} survive SIGKILL")


# A child's ru_maxrss starts at its forker's resident size (at exec the kernel
# keeps the old memory's high-water mark), so a command forked by this Python
# process would report at least its tens of MiB. A small sh forks each command
# instead and exits; this process, the child subreaper, adopts and reaps it.
# The command waits for a "go" line before its exec, so the clock starts
# there, and $0 receives its pid.
LAUNCHER = 'exec 3<&0; { read go <&3 && exec "$@" 3<&-; } & echo $! >"$0"'
PR_SET_CHILD_SUBREAPER = 36


def become_subreaper():
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_CHILD_SUBREAPER)")


def reap_orphans():
    """Reaps the adopted processes that have exited."""
    with contextlib.suppress(ChildProcessError):
        while os.waitpid(-1, os.WNOHANG)[0]:
            pass


def measure(argv, stdout_path, stderr_path, timeout):
    """Runs argv once: its wall time and peak RSS (wait4's ru_maxrss: the
    largest of it and the children it reaped)."""
    pid_path = f"{stderr_path}.pid"
    with open(stdout_path, "wb") as out, open(stderr_path, "wb") as err:
        launcher = subprocess.Popen(["sh", "-c", LAUNCHER, pid_path, *argv], stdin=subprocess.PIPE, stdout=out,
                                    stderr=err, start_new_session=True)
    launcher.wait()
    with open(pid_path) as f:
        pid = int(f.read())
    timed_out = threading.Event()

    def on_timeout():
        timed_out.set()
        kill_group(launcher.pid)

    timer = threading.Timer(timeout, on_timeout)
    try:
        start = time.monotonic()
        launcher.stdin.write(b"go\n")
        launcher.stdin.close()
        timer.start()
        # Wait without reaping, so the pid cannot be reused until the timer
        # is surely stopped; then reap with wait4 for the resource usage.
        os.waitid(os.P_PID, pid, os.WEXITED | os.WNOWAIT)
        wall = time.monotonic() - start
    finally:
        timer.cancel()
        if timer.is_alive():
            timer.join()
        kill_group(launcher.pid)  # the command if interrupted, or helpers it left
    _, status, usage = os.wait4(pid, 0)
    reap_orphans()
    return Run(wall, usage.ru_maxrss,
               "timeout" if timed_out.is_set() else describe_exit(os.waitstatus_to_exitcode(status)))


def count_rules(path):
    """(rule lines, distinct source addresses) in a text file."""
    rules, addresses = 0, set()
    with open(path, "rb") as f:
        for line in f:
            if RULE_LINE.search(line):
                rules += 1
            addresses.update(ADDRESS.findall(line))
    return rules, len(addresses)


def stderr_summary(path):
    """The line of a failed run's stderr most likely to say why."""
    with open(path, "rb") as f:
        lines = [line.strip() for line in f.read().decode(errors="replace").splitlines() if line.strip()]
    problems = [line for line in lines if re.search(r"error|fail|too long|invalid", line, re.I)]
    return (problems or lines or ["nothing on stderr"])[-1][:160]


@dataclasses.dataclass
class Series:
    """One tool, form and target at one N: its runs and what it produced."""
    tool: str
    form: str
    target: str
    n: int
    runs: list = dataclasses.field(default_factory=list)
    status: str = "ok"
    output_bytes: int = None
    rules: int = None
    addresses: int = None
    note: str = None

    @property
    def key(self):
        return self.tool, self.form, self.target

    @property
    def ok(self):
        return self.status == "ok"

    @property
    def wall(self):
        return statistics.median(run.wall for run in self.runs) if self.ok else None

    @property
    def peak_mib(self):
        return statistics.median(run.peak_kib for run in self.runs) / 1024 if self.ok else None

    def fail(self, run, stderr_path):
        self.status = run.status
        if run.status != "timeout":
            self.note = stderr_summary(stderr_path)


APPLY_LABELS = {"nft": "nft -f", "iptables-restore": "iptables-restore --noflush"}


class Bench:
    def __init__(self, args):
        self.args = args
        self.start = int(time.time())  # --start of the iptables-restore files
        self.compiled = []
        self.applied = []
        self.namespaces = 0

    def runs_for(self, tool, n):
        if n < 100_000:
            return self.args.runs
        return self.args.large_runs if tool == "faultc" else self.args.peer_large_runs

    @staticmethod
    def earlier_failure(results, series):
        """Why not to run series: the same series failed at a smaller N."""
        for earlier in results:
            if earlier.key == series.key and earlier.n < series.n and not earlier.ok:
                return f"skipped ({earlier.status.split(' (')[0]} at {size_label(earlier.n)})"
        return None

    @staticmethod
    def progress(series):
        shown = f"{series.wall:.3f} s" if series.ok else series.status
        print(f"  {series.tool:8} {series.form:5} {series.target:26} {size_label(series.n):>4}  {shown}",
              file=sys.stderr, flush=True)

    # ---- compiling

    def compile_series(self, series, argv, output, directory):
        self.compiled.append(series)
        if skipped := self.earlier_failure(self.compiled, series):
            series.status = skipped
        elif series.tool != "faultc" and series.n >= 100_000 and self.args.quick:
            series.status = "skipped (--quick)"
        else:
            log = f"{directory}/{series.tool}-{series.target}.stderr"
            for _ in range(self.runs_for(series.tool, series.n)):
                with contextlib.suppress(FileNotFoundError):
                    os.remove(output)  # aclgen does not rewrite an unchanged file
                run = measure(argv, output if series.tool == "ferm" else os.devnull, log, self.args.timeout)
                series.runs.append(run)
                if run.status != "ok":
                    series.fail(run, log)
                    break
            if series.ok:
                series.output_bytes = os.path.getsize(output)
                series.rules, series.addresses = count_rules(output)
        self.progress(series)

    def compile_all(self, form, n, directory):
        source = f"{directory}/bench.fault"
        write_faultc(source, form, n)
        for target in FAULTC_TARGETS:
            output = f"{directory}/faultc.{target}"
            argv = [self.args.faultc, "compile", source, "-t", target, "-o", output]
            if target == "iptables-restore":
                # A timed scenario needs --start here; it binds -m time
                # windows to a wall-clock start, as in real use.
                argv += ["--start", f"@{self.start}"]
            self.compile_series(Series("faultc", form, target, n), argv, output, directory)
        if n not in SIZES:
            return
        write_ferm(f"{directory}/bench.ferm", form, n)
        # --remote compiles and prints iptables-restore text; it implies
        # --noexec and ignores the host's configuration (README: verified to
        # execute nothing and open no socket).
        self.compile_series(Series("ferm", form, "iptables-restore", n),
                            ["ferm", "--remote", f"{directory}/bench.ferm"], f"{directory}/ferm.out", directory)
        capirca = f"{directory}/capirca"
        write_capirca(capirca, form, n)
        for target in CAPIRCA_TARGETS:
            # --policy_file renders that policy in-process, without a pool.
            argv = ["aclgen", f"--base_directory={capirca}/pol", f"--definitions_directory={capirca}/def",
                    f"--output_directory={capirca}/out", f"--policy_file={capirca}/pol/{target}.pol"]
            output = f"{capirca}/out/{target}" + (".nft" if target == "nftables" else "")
            self.compile_series(Series("capirca", form, target, n), argv, output, directory)

    # ---- applying

    @contextlib.contextmanager
    def namespace(self):
        """A fresh network namespace, emptied of processes and deleted after."""
        self.namespaces += 1
        name = f"faultc-bench-{os.getpid()}-{self.namespaces}"
        subprocess.run(["ip", "netns", "add", name], check=True)
        try:
            yield name
        finally:
            kill_namespace_processes(name)
            reap_orphans()
            subprocess.run(["ip", "netns", "delete", name], check=True)

    def apply_series(self, form, target, n, artifact, directory):
        label = APPLY_LABELS.get(target, f"{self.args.shell} (iptables script)")
        series = Series("faultc", form, label, n)
        self.applied.append(series)
        if skipped := self.earlier_failure(self.applied, series):
            series.status = skipped
        elif not os.path.exists(artifact):
            series.status = "skipped (not compiled)"
        else:
            log = f"{directory}/apply-{target}.stderr"
            runs = self.runs_for("faultc", n)
            for index in range(runs):
                with self.namespace() as ns:
                    if target == "iptables":
                        run = self.apply_shell(artifact, ns, log)
                    else:
                        command = ["nft", "-f"] if target == "nft" else ["iptables-restore", "--noflush"]
                        # nsenter rather than `ip netns exec`, whose remount
                        # of /sys would add ~10 ms to every figure.
                        run = measure(["nsenter", f"--net={NETNS_DIR}/{ns}", *command, artifact], os.devnull, log,
                                      self.args.timeout)
                    series.runs.append(run)
                    if run.status != "ok":
                        series.fail(run, log)
                        break
                    if index == runs - 1:
                        series.rules, series.addresses = self.loaded(ns, target, directory)
        self.progress(series)

    def apply_shell(self, artifact, ns, stderr_path):
        """Times the iptables script from its first line to its "applied"
        message. It has no apply-only mode: it reverts any earlier copy,
        applies, arms a setsid dead-man, then sleeps for the scenario's life
        and reverts on exit. So it runs with a private /run (its dead-man pid
        file goes there), and once applied it is SIGKILLed with everything it
        started, all inside the namespace, which takes the rules with it."""
        wrapper = 'mount -t tmpfs faultc-bench /run && echo ready && exec "$0" "$1"'
        with open(stderr_path, "wb") as err:
            process = subprocess.Popen(
                ["nsenter", f"--net={NETNS_DIR}/{ns}", "unshare", "--mount", "--propagation", "private",
                 "sh", "-c", wrapper, self.args.shell, artifact],
                stdout=subprocess.PIPE, stderr=err, start_new_session=True)
        timed_out = threading.Event()

        def on_timeout():
            timed_out.set()
            kill_group(process.pid)
            kill_namespace_processes(ns)

        timer = threading.Timer(self.args.timeout, on_timeout)
        timer.start()
        start = applied = None
        try:
            for line in process.stdout:
                if line.startswith(b"ready"):
                    start = time.monotonic()
                elif b"applied" in line:
                    applied = time.monotonic()
                    break
        finally:
            timer.cancel()
            timer.join()
            kill_group(process.pid)
            kill_namespace_processes(ns)
            process.stdout.close()
            process.wait()
        if applied is not None:
            return Run(applied - start, 0, "ok")
        return Run(0.0, 0, "timeout" if timed_out.is_set() else describe_exit(process.returncode))

    def loaded(self, ns, target, directory):
        """(rule lines, distinct addresses) in the namespace's ruleset."""
        lister = ["nft", "list", "ruleset"] if target == "nft" else ["iptables-save"]
        listing = f"{directory}/listing"
        with open(listing, "wb") as out:
            subprocess.run(["nsenter", f"--net={NETNS_DIR}/{ns}", *lister], stdout=out, check=True,
                           timeout=self.args.timeout)
        return count_rules(listing)

    # ---- the whole run

    def run(self):
        can_apply = os.geteuid() == 0
        if not can_apply:
            print("bench: not root: the apply part is skipped", file=sys.stderr)
        become_subreaper()
        work = tempfile.mkdtemp(prefix="faultc-bench-")
        try:
            for n in SIZES + FAULTC_ONLY_SIZES:
                for form in FORMS:
                    print(f"bench: {form} at N = {size_label(n)}", file=sys.stderr, flush=True)
                    directory = f"{work}/{form}-{size_label(n)}"
                    os.makedirs(directory)
                    self.compile_all(form, n, directory)
                    if can_apply and n in SIZES:
                        for target in FAULTC_TARGETS:
                            self.apply_series(form, target, n, f"{directory}/faultc.{target}", directory)
                    shutil.rmtree(directory)
        finally:
            shutil.rmtree(work, ignore_errors=True)


# --------------------------------------------------------------- reporting


def table(title, headers, align, rows, markdown):
    """A fixed-width table or a Markdown one; align has an "l" or an "r"
    per column."""
    numeric = [side == "r" for side in align]
    if markdown:
        lines = [f"### {title}", "", "| " + " | ".join(headers) + " |",
                 "|" + "|".join("---:" if right else "---" for right in numeric) + "|"]
        lines += ["| " + " | ".join(row) + " |" for row in rows]
    else:
        widths = [max(len(cell) for cell in column) for column in zip(headers, *rows)]

        def line(cells):
            return "  ".join(cell.rjust(width) if right else cell.ljust(width)
                             for cell, width, right in zip(cells, widths, numeric)).rstrip()

        lines = [title, "=" * len(title), line(headers), line(["-" * width for width in widths])]
        lines += [line(row) for row in rows]
    return "\n".join(lines) + "\n"


def status_cell(series):
    return series.status.split(" (")[0]


def number(value, digits=0):
    return "" if value is None else f"{value:,.{digits}f}"


def find(results, tool, form, target, n):
    for series in results:
        if series.key == (tool, form, target) and series.n == n:
            return series
    return None


def compile_table(bench, markdown):
    rows = []
    for series in bench.compiled:
        speedup = ""
        if series.tool != "faultc" and series.ok:
            own = find(bench.compiled, "faultc", series.form, PEER_TARGETS[(series.tool, series.target)], series.n)
            speedup = f"{series.wall / own.wall:.1f}x" if own and own.ok else "n/a"
        rows.append([series.tool, series.form, series.target, size_label(series.n), str(len(series.runs)),
                     number(series.wall, 3) if series.ok else status_cell(series), number(series.peak_mib, 1),
                     number(series.output_bytes), number(series.wall and series.wall / series.n * 1e6, 2),
                     number(series.rules), number(series.addresses), speedup])
    return table("Compile: median of the runs",
                 ["tool", "form", "target", "N", "runs", "wall s", "peak MiB", "output bytes", "us/rule",
                  "rules", "addrs", "faultc speed-up"], "lllrrrrrrrrr", rows, markdown)


def apply_table(bench, markdown):
    rows = [[series.form, series.target, size_label(series.n), str(len(series.runs)),
             number(series.wall, 3) if series.ok else status_cell(series),
             number(series.wall and series.wall / series.n * 1e6, 2), number(series.rules),
             number(series.addresses)] for series in bench.applied]
    return table("Apply faultc's artifacts in a fresh network namespace: median of the runs",
                 ["form", "applied with", "N", "runs", "wall s", "us/rule", "loaded rules", "loaded addrs"],
                 "llrrrrrr", rows, markdown)


def growth(points):
    """(step ratios, verdict) for [(n, per-rule value or None, status)]."""
    ratios = [later / earlier for (_, earlier, _), (_, later, _) in zip(points, points[1:])
              if earlier is not None and later is not None]
    missing = [f"{status.split(' (')[0]} at {size_label(n)}" for n, value, status in points if value is None]
    if any(ratio > LINEAR_WITHIN for ratio in ratios):
        verdict = "NOT linear"
    elif missing:
        verdict = f"incomplete ({missing[0]})"
    else:
        verdict = f"linear (within {LINEAR_WITHIN}x)"
    return ratios, verdict


def growth_table(bench, markdown):
    sizes = SIZES + FAULTC_ONLY_SIZES
    figures = (("us/rule", lambda s: s.wall / s.n * 1e6, 2),
               ("KiB/rule", lambda s: s.peak_mib * 1024 / s.n, 2),
               ("bytes/rule", lambda s: s.output_bytes / s.n, 1))
    rows = []
    for results, phase, kinds in ((bench.compiled, "compile", figures), (bench.applied, "apply", figures[:1])):
        for key in dict.fromkeys(series.key for series in results):
            chain = sorted((s for s in results if s.key == key), key=lambda s: s.n)
            for figure, per_rule, digits in kinds:
                points = [(s.n, per_rule(s) if s.ok else None, s.status) for s in chain]
                ratios, verdict = growth(points)
                cells = {n: number(value, digits) if value is not None else status.split(" (")[0]
                         for n, value, status in points}
                rows.append([phase, *key, figure, *[cells.get(n, "") for n in sizes],
                             " ".join(f"{ratio:.2f}x" for ratio in ratios), verdict])
    return table(f"Growth: per-rule figures by N, the ratio of each step (linear: every step <= {LINEAR_WITHIN}x)",
                 ["phase", "tool", "form", "target", "figure", *map(size_label, sizes), "steps", "verdict"],
                 "lllll" + "r" * len(sizes) + "ll", rows, markdown)


def target_checks(bench):
    """The issue's targets as (passed, text) pairs."""
    checks = []
    for target in FAULTC_TARGETS:
        s = find(bench.compiled, "faultc", "rules", target, 100_000)
        checks.append((s.ok and s.wall <= 0.15 and s.peak_mib <= 100,
                       f"faultc 100k rules -> {target}: "
                       + (f"{s.wall:.3f} s (<= 0.15 s), {s.peak_mib:.1f} MiB (<= 100 MiB)" if s.ok else s.status)))
    for target in FAULTC_TARGETS:
        s = find(bench.compiled, "faultc", "rules", target, 1_000_000)
        checks.append((s.ok and s.wall <= 2, f"faultc 1M rules -> {target}: "
                       + (f"{s.wall:.3f} s (<= 2 s)" if s.ok else s.status)))
    for target in FAULTC_TARGETS:
        chain = [find(bench.compiled, "faultc", "rules", target, n) for n in (1_000, 100_000, 1_000_000)]
        if all(s.ok for s in chain):
            ratios, _ = growth([(s.n, s.wall / s.n, s.status) for s in chain])
            checks.append((all(r <= LINEAR_WITHIN for r in ratios),
                           f"faultc per-rule time 1k -> 100k -> 1M, {target}: "
                           + " then ".join(f"{r:.2f}x" for r in ratios) + f" (each <= {LINEAR_WITHIN}x)"))
        else:
            failed = next(s for s in chain if not s.ok)
            checks.append((False, f"faultc per-rule time 1k -> 100k -> 1M, {target}: "
                                  f"{failed.status} at {size_label(failed.n)}"))
    s = find(bench.compiled, "faultc", "set", "nft", 10_000)
    checks.append((s.ok and s.rules == 1 and s.addresses == 10_000,
                   "faultc 10,000-address set -> nft: " + (f"{s.rules} rule(s) over {s.addresses:,} addresses "
                                                           "(1 rule, 10,000)" if s.ok else s.status)))
    s = find(bench.applied, "faultc", "set", "nft -f", 10_000)
    if s is not None:
        checks.append((s.ok and s.wall < 0.05, "nft -f of the 10,000-address set: "
                       + (f"{s.wall * 1000:.1f} ms (< 50 ms)" if s.ok else s.status)))
        s = find(bench.applied, "faultc", "rules", f"{bench.args.shell} (iptables script)", 10_000)
        checks.append((s.ok and s.wall < 1, f"{bench.args.shell} iptables script, 10,000 rules applied: "
                       + (f"{s.wall:.3f} s (< 1 s)" if s.ok else s.status)))
    return checks


def honesty_notes(bench):
    """Outputs that do not carry N addresses (or N rules, for the rules
    form), and the stderr of every failure."""
    notes = []
    for phase, results in (("compile", bench.compiled), ("apply", bench.applied)):
        for s in results:
            name = f"{phase} {s.tool} {s.form} {s.target} {size_label(s.n)}"
            if s.note:
                notes.append(f"{name}: {s.status}: {s.note}")
            if s.ok and (s.addresses != s.n or (s.form == "rules" and s.rules != s.n)):
                notes.append(f"{name}: CHECK: {s.rules:,} rule lines, {s.addresses:,} addresses for N = {s.n:,}")
    return notes


def versions(faultc):
    def first_line(argv):
        try:
            result = subprocess.run(argv, capture_output=True, text=True, timeout=30)
            return (result.stdout or result.stderr).strip().splitlines()[0]
        except (OSError, IndexError, subprocess.TimeoutExpired):
            return "unknown"

    capirca = first_line(["dpkg-query", "-W", "-f=${Version}", "python3-capirca"])
    return (f"faultc {faultc} ({first_line([faultc, '--version'])}); {first_line(['ferm', '--version'])}; "
            f"capirca {capirca}; {first_line(['nft', '--version'])}; {first_line(['iptables', '--version'])}; "
            f"kernel {os.uname().release}; {os.cpu_count()} CPUs")


def report(bench, markdown):
    args = bench.args
    print(("" if not markdown else "## ") + "faultc benchmark against ferm and capirca")
    print(versions(args.faultc))
    print(f"runs per series: {args.runs} below 100k, {args.large_runs} for faultc at 100k and 1M, "
          f"{args.peer_large_runs} for the peers at 100k{' (skipped: --quick)' if args.quick else ''}; "
          f"timeout {args.timeout:g} s per run\n")
    print(compile_table(bench, markdown))
    if bench.applied:
        print(apply_table(bench, markdown))
    print(growth_table(bench, markdown))
    print("### Targets" if markdown else "Targets\n=======")
    for passed, text in target_checks(bench):
        print(("- " if markdown else "") + ("PASS  " if passed else "FAIL  ") + text)
    notes = honesty_notes(bench)
    if notes:
        print("\n### Notes" if markdown else "\nNotes\n=====")
        for note in notes:
            print(("- " if markdown else "") + note)


def positive(text):
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text} is not a positive number of runs")
    return value


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("faultc", help="the faultc binary to measure (a Release build)")
    parser.add_argument("--runs", type=positive, default=5, help="runs per series below 100k (default 5)")
    parser.add_argument("--large-runs", type=positive, default=3, help="faultc's runs at 100k and 1M (default 3)")
    parser.add_argument("--peer-large-runs", type=positive, default=1,
                        help="ferm's and capirca's runs at 100k (default 1)")
    parser.add_argument("--quick", action="store_true", help="skip the peers at 100k")
    parser.add_argument("--timeout", type=float, default=120, help="seconds before a run is killed (default 120)")
    parser.add_argument("--shell", default="sh", help="the shell that runs the iptables script (default sh)")
    parser.add_argument("--markdown", action="store_true", help="print Markdown tables")
    args = parser.parse_args()
    args.faultc = os.path.abspath(args.faultc)
    # TERM and HUP unwind like Ctrl-C, so every namespace and file is removed.
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, lambda received, frame: sys.exit(128 + received))
    bench = Bench(args)
    bench.run()
    report(bench, args.markdown)


if __name__ == "__main__":
    main()
