#!/usr/bin/python3
"""The differential check of tests/kernel/differential_test.sh: faultc's
evaluator against the kernel, packet by packet.

For every example it takes the example's own `expect` lines and draws
random packets from the scenario's own vocabulary (addresses, prefixes,
ports, host and port names, plus outsiders), asks the evaluator for every
verdict in one `faultc test --format json` run (the random packets become
`expect` lines of a scratch copy of the scenario), then, for every target
and every time offset, loads the artifact compiled with `--at OFFSET` into
the device under test (DUT) and sends every packet through it, crafted
with scapy:

  inbound     from the peer namespace into the DUT's eth0, to a destination
              made local (`local 0.0.0.0/0` and `::/0` in the DUT's local
              table);
  forwarded   the same way in, routed out by eth1 (the prerouting observer
              marks the packet, a rule sends the mark to table 102);
  outbound    from a raw socket inside the DUT itself (through its OUTPUT
              hook), out by eth0.

The kernel's verdict is read from the observer table `inet diffobs` that
differential_test.sh loads in the DUT: base chains at priority -400
("entered") and +300 ("survived", after faultc's nft chains at -10 and
iptables' filter at 0) add each packet's key to dynamic sets (IPv4: `ip
id`, IPv6: `ip6 flowlabel`; no faultc rule matches either). Crafted packets
carry a DSCP per direction, so the DUT's own packets never count. A packet
that entered and survived is allowed; one that entered and did not survive
is rejected when the DUT answered it, dropped otherwise. Answers are
recorded at the very start of the DUT's output path (before any chain that
could drop them): ICMP errors by the key of the packet they quote, TCP
resets by their sequence (or acknowledgment) number, which is derived from
the segment's own, random and unique in the batch.

Connection state is made to agree with the evaluator's: before each round
the conntrack table is flushed, and an ESTABLISHED entry (seen both ways,
window tracking liberal) is created through ctnetlink for every packet the
evaluator calls established; a packet it calls new has no entry (a SYN, or
an ACK that conntrack picks up mid-stream); an invalid one is invalid by its
flags. Packets of one connection go to different rounds; an ARP request
into the DUT ends each round (its answer comes after everything the DUT did
for the round's packets).

Usage (inside the DUT namespace; see differential_test.sh):
  packets.py --faultc F --root DIR --peer NS --peer-if IF --dut-mac MAC
             --peer-mac MAC --work DIR [--seed N] [--packets N]
             [--targets nft,iptables,iptables-legacy] [--verbose] EXAMPLE...
"""
import argparse
import ctypes
import ipaddress
import json
import math
import os
import random
import re
import socket
import struct
import subprocess
import sys
import time

from scapy.layers.inet import ICMP, IP, TCP, UDP
from scapy.layers.inet6 import ICMPv6EchoReply, ICMPv6EchoRequest, ICMPv6Unknown, IPv6
from scapy.layers.l2 import ARP, Ether
from scapy.packet import Raw

# ---- constants shared with differential_test.sh ----
DSCP = {"inbound": 33, "forwarded": 34, "outbound": 35}
HOOK = {"inbound": "i", "outbound": "o", "forwarded": "f"}
HOOK_NAME = {"inbound": "input", "outbound": "output", "forwarded": "forward"}
# The DUT's interfaces (--in-if, --out-if): the evaluator's default packet
# interfaces, where inbound and forwarded packets arrive and outbound ones
# leave, and where forwarded ones leave.
INTERFACES = {"in": "eth0", "out": "eth1"}
SENTINEL_SPA = "169.254.0.2"

# The binomial bound for random drops, in standard deviations: a group of
# n packets with drop probability p passes when the measured fraction is
# within SIGMAS * sqrt(p (1 - p) / n) + 1/n of p. At 4 sigma a correct
# artifact fails a group about once in 16,000 runs.
SIGMAS = 4.0
# Random packets: FACTOR times as many are drawn as are sent, and up to
# HIT_SHARE of those sent are seen by some rule (see check_example).
FACTOR = 4
HIT_SHARE = 0.6
# Random-drop packets are repeated until each probability group has this
# many shots (at most MAX_COPIES of one packet).
PROB_SHOTS = 600
MAX_COPIES = 150
# A rate limit must never bite: the packets on a limit's path in one batch
# stay below this fraction of its burst (the bucket starts full).
LIMIT_BUDGET = 0.5

TCP_FLAGS = ["SYN", "SYN+ACK", "ACK", "PSH+ACK", "FIN+ACK", "RST", "RST+ACK", "FIN+SYN", "NONE",
             "FIN+PSH+URG", "FIN", "SYN+RST", "ALL", "ACK+URG", "SYN+URG", "PSH", "URG", "FIN+RST",
             "SYN+ECE+CWR", "ACK+ECE", "FIN+ACK+URG", "SYN+FIN+PSH+URG", "PSH+ACK+CWR"]
# Flags bytes that conntrack's tcp_valid_flags accepts (ECE, CWR, PSH aside).
VALID_FLAGS = {0x02, 0x22, 0x12, 0x04, 0x14, 0x11, 0x31, 0x10, 0x30}
OUTSIDE_V4 = ["192.0.2.%d", "198.51.100.%d", "203.0.113.%d"]
# ICMP messages by name (compiler/parse/icmp_types.cpp): (has IPv4, has
# IPv6, fixes its code). Neighbour discovery goes out with hop limit 64, so
# the DUT's stack ignores it (RFC 4861 wants 255) once netfilter has seen it.
ICMP_NAMES = {
    "echo-request": (True, True, False), "echo-reply": (True, True, False),
    "destination-unreachable": (True, True, False), "net-unreachable": (True, True, True),
    "host-unreachable": (True, True, True), "port-unreachable": (True, True, True),
    "admin-prohibited": (True, True, True), "frag-needed": (True, False, True),
    "packet-too-big": (False, True, False), "time-exceeded": (True, True, False),
    "parameter-problem": (True, True, False), "redirect": (True, True, False),
    "router-solicitation": (False, True, False), "router-advertisement": (False, True, False),
    "neighbour-solicitation": (False, True, False), "neighbour-advertisement": (False, True, False),
}
# ICMP error messages, which the kernel never answers (RFC 1122; icmp_send,
# icmp6_send): IPv4's types, and every ICMPv6 type below 128.
ICMP4_ERRORS = {3, 4, 5, 11, 12}

# ---- network namespaces ----
libc = ctypes.CDLL(None, use_errno=True)
CLONE_NEWNET = 0x40000000


def setns(fd):
    if libc.setns(fd, CLONE_NEWNET) != 0:
        err = ctypes.get_errno()
        raise OSError(err, "setns: " + os.strerror(err))


# ---- ctnetlink: flush the table, create ESTABLISHED entries ----
def nla(kind, payload):
    length = 4 + len(payload)
    return struct.pack("=HH", length, kind) + payload + b"\0" * (-length % 4)


def nest(kind, *children):
    return nla(kind | 0x8000, b"".join(children))


class Conntrack:
    NEW, DELETE = 0, 2
    REQUEST, ACK, EXCL, CREATE = 0x1, 0x4, 0x200, 0x400

    def __init__(self):
        self.sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 12)  # NETLINK_NETFILTER
        self.sock.bind((0, 0))
        self.seq = 0

    def request(self, message, flags, family, attrs):
        self.seq += 1
        body = struct.pack("=BBH", family, 0, 0) + attrs
        self.sock.send(struct.pack("=IHHII", 16 + len(body), (1 << 8) | message, flags, self.seq, 0) + body)
        while True:
            data = self.sock.recv(65536)
            _, kind, _, seq, _ = struct.unpack_from("=IHHII", data)
            if kind == 2 and seq == self.seq:  # NLMSG_ERROR (an ack when 0)
                error = struct.unpack_from("=i", data, 16)[0]
                if error:
                    raise OSError(-error, "ctnetlink: " + os.strerror(-error))
                return

    def flush(self):
        self.request(self.DELETE, self.REQUEST | self.ACK, 0, b"")

    @staticmethod
    def tuple_attr(kind, family, src, dst, proto, sport, dport, icmp_id, icmp_type):
        if family == 4:
            ip = nest(1, nla(1, socket.inet_aton(src)), nla(2, socket.inet_aton(dst)))
        else:
            ip = nest(1, nla(3, socket.inet_pton(socket.AF_INET6, src)),
                      nla(4, socket.inet_pton(socket.AF_INET6, dst)))
        if proto in (6, 17):
            l4 = nest(2, nla(1, bytes([proto])), nla(2, struct.pack("!H", sport)), nla(3, struct.pack("!H", dport)))
        elif proto == 1:
            l4 = nest(2, nla(1, b"\x01"), nla(4, struct.pack("!H", icmp_id)), nla(5, bytes([icmp_type])),
                      nla(6, b"\0"))
        else:
            l4 = nest(2, nla(1, b"\x3a"), nla(7, struct.pack("!H", icmp_id)), nla(8, bytes([icmp_type])),
                      nla(9, b"\0"))
        return nest(kind, ip, l4)

    def established(self, family, src, dst, proto, sport=0, dport=0, icmp_id=0):
        """An entry seen both ways, SRC -> DST its original direction."""
        if proto == 1:
            request, reply = 8, 0
        elif proto == 58:
            request, reply = 128, 129
        else:
            request = reply = 0
        attrs = self.tuple_attr(1, family, src, dst, proto, sport, dport, icmp_id, request)
        attrs += self.tuple_attr(2, family, dst, src, proto, dport, sport, icmp_id, reply)
        # CTA_STATUS: SEEN_REPLY | ASSURED, and CONFIRMED, which a new entry has
        # already (as libnetfilter_conntrack sends it)
        attrs += nla(3, struct.pack("!I", 0x2 | 0x4 | 0x8))
        attrs += nla(7, struct.pack("!I", 300))  # CTA_TIMEOUT
        if proto == 6:
            liberal = struct.pack("=BB", 0x08, 0x08)  # IP_CT_TCP_FLAG_BE_LIBERAL
            attrs += nest(4, nest(1, nla(1, b"\x03"), nla(4, liberal), nla(5, liberal)))  # ESTABLISHED
        self.request(self.NEW, self.REQUEST | self.ACK | self.CREATE | self.EXCL,
                     socket.AF_INET if family == 4 else socket.AF_INET6, attrs)


# ---- durations ----
UNITS = {"ms": 1, "s": 1000, "m": 60000, "h": 3600000, "d": 86400000}


def parse_duration(text):
    parts = re.findall(r"(\d+(?:\.\d+)?)(ms|s|m|h|d)", text)
    if not parts or "".join(a + u for a, u in parts) != text:
        return None
    return int(round(sum(float(a) * UNITS[u] for a, u in parts)))


def duration_text(ms):
    if ms == 0:
        return "0s"
    out = ""
    for unit, size in (("h", 3600000), ("m", 60000), ("s", 1000), ("ms", 1)):
        if ms >= size:
            out += "%d%s" % (ms // size, unit)
            ms %= size
    return out


# ---- the scenario's vocabulary ----
def strip_comments(text):
    lines = []
    for line in text.splitlines():
        out, quoted = "", False
        for ch in line:
            if ch == '"':
                quoted = not quoted
            if ch == "#" and not quoted:
                break
            out += ch
        lines.append(out)
    return "\n".join(lines)


def usable(address):
    """Addresses the DUT can receive, forward and send as ordinary unicast."""
    a = ipaddress.ip_address(address)
    if a.version == 4:
        return not (a.is_multicast or a.is_loopback or a.is_unspecified or a.is_link_local or
                    int(a) >> 28 == 15 or int(a) >> 24 == 0)
    return not (a.is_multicast or a.is_loopback or a.is_unspecified or a.is_link_local or
                a.ipv4_mapped is not None or a in ipaddress.ip_network("fdff:ffff::/32"))


class Vocabulary:
    """What a scenario names, in two tiers: `exact` (the rules' own
    addresses and ports, a prefix's first, last and some inner address, a
    range's ends and an inner port) and `near` (just outside each prefix or
    range, and what the expect lines name). Outsiders come from the
    documentation ranges."""

    def __init__(self, text, rng):
        self.rng = rng
        body = strip_comments(text)
        lines = body.splitlines()
        rules = "\n".join(line for line in lines if not line.lstrip().startswith("expect"))
        expects = "\n".join(line for line in lines if line.lstrip().startswith("expect"))
        self.addresses = {tier: {4: set(), 6: set()} for tier in ("exact", "near")}
        self.ports = {"exact": set(), "near": set()}
        self.host_names, self.port_names = {}, {}
        for name, value in re.findall(r"^\s*host\s+([A-Za-z][\w-]*)\s*=\s*([^\n{]+?)\s*$", rules, re.M):
            try:
                self.host_names[name] = str(ipaddress.ip_address(value))
            except ValueError:
                pass  # a prefix or a set: not one address, so not a packet's
        for name, value in re.findall(r"^\s*port\s+([A-Za-z][\w-]*)\s*=\s*(\d+)\s*$", rules, re.M):
            self.port_names[name] = int(value)
        for part, exact in ((rules, True), (expects, False)):
            for token in re.findall(r"[0-9A-Fa-f:.]+(?:/\d+)?", part):
                if ":" in token or token.count(".") == 3:
                    try:
                        self.add_network(ipaddress.ip_network(token, strict=False), exact)
                    except ValueError:
                        pass
            # Every number or range after `port` (a set in braces too).
            for group in re.findall(r"\bport\s*(\{[^}]*\}|[\w-]+)", part):
                # Numbers only: a port name's digits (`p-0`, `web2`) are not ports.
                for lo, hi in re.findall(r"(?<![\w-])(\d+)(?:\s*-\s*(\d+))?", group):
                    lo, hi = int(lo), int(hi or lo)
                    if not 0 < lo <= hi < 65536:
                        continue
                    tier = self.ports["exact" if exact else "near"]
                    tier.update({lo, hi, rng.randint(lo, hi)})
                    self.ports["near"].update(p for p in (lo - 1, hi + 1) if 0 < p < 65536)
        self.ports["exact"].update(self.port_names.values())
        # Packet lengths: each `length` bound of the rules, and either side.
        self.lengths = set()
        for op, lo, hi in re.findall(r"\blength\s*([<>]?)\s*(\d+)(?:-(\d+))?", rules):
            for n in (int(lo), int(hi or lo)):
                self.lengths.update(v for v in (n - 1, n, n + 1) if 0 < v < 65536)
        self.directions = [d for d in ("outbound", "forwarded") if re.search(r"\b%s\b" % d, rules)]
        # `with ADDR` (not `reject with KIND`) and `between` without a
        # direction take this host's outbound packets too.
        both_ways = re.search(r"\bwith\s+(?!tcp-reset\b|icmp-)", rules) or \
            re.search(r"(?m)^(?!\s*(?:inbound|forwarded)\b)[^#\n]*\bbetween\b", rules)
        if both_ways and "outbound" not in self.directions:
            self.directions.append("outbound")

    def add_network(self, net, exact):
        inside = {net.network_address, net.broadcast_address}
        if net.num_addresses > 2:
            inside.add(net.network_address + 1)
            inside.add(net.network_address + self.rng.randrange(net.num_addresses))
        outside = set()
        for a in (int(net.network_address) - 1, int(net.broadcast_address) + 1):
            if 0 <= a < (1 << net.max_prefixlen):
                outside.add(ipaddress.IPv4Address(a) if net.version == 4 else ipaddress.IPv6Address(a))
        for tier, picks in (("exact" if exact else "near", inside), ("near", outside)):
            self.addresses[tier][net.version].update(str(a) for a in picks if usable(a))

    def outsider(self, family):
        if family == 4:
            return self.rng.choice(OUTSIDE_V4) % self.rng.randint(1, 254)
        return "2001:db8::%x" % self.rng.randint(1, 0xffff)

    def address(self, family):
        r = self.rng.random()
        for tier, share in (("exact", 0.6), ("near", 0.8)):
            known = sorted(self.addresses[tier][family])
            if known and r < share:
                address = self.rng.choice(known)
                names = [n for n, a in self.host_names.items() if a == address]
                return self.rng.choice(names) if names and self.rng.random() < 0.3 else address
        return self.outsider(family)

    def port(self):
        r = self.rng.random()
        for tier, share in (("exact", 0.6), ("near", 0.8)):
            known = sorted(self.ports[tier])
            if known and r < share:
                port = self.rng.choice(known)
                names = [n for n, p in self.port_names.items() if p == port]
                return self.rng.choice(names) if names and self.rng.random() < 0.3 else str(port)
        return str(self.rng.randint(1024, 65535))

    def has_v6(self):
        return bool(self.addresses["exact"][6] or self.addresses["near"][6])


def random_packet(vocab, rng):
    """One packet in expect-line syntax (without `expect` and the verdict)."""
    weights = {"inbound": 3, "outbound": 1 + 3 * ("outbound" in vocab.directions),
               "forwarded": 1 + 3 * ("forwarded" in vocab.directions)}
    direction = rng.choices(list(weights), list(weights.values()))[0]
    protocol = rng.choices(["tcp", "udp", "icmp"], [70, 15, 15])[0]
    v6_share = 0.4 if vocab.has_v6() else 0.2
    family = 6 if rng.random() < v6_share else 4
    words = [direction, protocol]
    src, dst = vocab.address(family), vocab.address(family)
    if src == dst and rng.random() < 0.8:
        dst = vocab.outsider(family)
    ported = protocol != "icmp"
    # The source port is mostly random, so that few packets share a
    # connection; the destination port mostly from the scenario.
    if rng.random() < 0.9:
        words += ["from", src]
        if ported and rng.random() < 0.9:
            words += ["port", vocab.port() if rng.random() < 0.3 else str(rng.randint(1024, 65535))]
    if rng.random() < 0.9 or direction != "inbound":
        words += ["to", dst]
        if ported and rng.random() < 0.9:
            words += ["port", vocab.port()]
    elif ported:
        words += ["to", "port", vocab.port()]
    message = None
    if protocol == "icmp" and rng.random() < 0.7:
        names = [n for n, (v4, v6, _) in ICMP_NAMES.items() if (v4, v6)[family == 6]]
        message = rng.choice(names)
        words.append(message)
        if not ICMP_NAMES[message][2] and message not in ("echo-request", "echo-reply") and rng.random() < 0.3:
            words += ["code", str(rng.choice([0, 1, 4, 9, 13]))]
    flags = None
    if protocol == "tcp" and rng.random() < 0.92:
        flags = rng.choice(TCP_FLAGS)
        words += ["flags", flags]
    # Explicit states only where the kernel can agree: `new` on a UDP or
    # ICMP packet (no conntrack entry), or on a TCP segment that conntrack
    # picks up mid-stream (ACK without SYN, FIN, RST).
    if protocol == "udp" and rng.random() < 0.4:
        words.append("new")
    elif protocol == "icmp" and message in (None, "echo-request") and rng.random() < 0.4:
        words.append("new")
    elif protocol == "tcp" and flags in ("ACK", "PSH+ACK", "ACK+URG", "ACK+ECE", "PSH+ACK+CWR") and rng.random() < 0.3:
        words.append("new")
    data = protocol != "icmp" and rng.random() < 0.4
    if data:
        words.append("data")
    # A length: one the rules name (or beside it), else any that fits.
    if rng.random() < (0.5 if vocab.lengths else 0.1):
        least = (20 if family == 4 else 40) + (20 if protocol == "tcp" else 8) + (1 if data else 0)
        known = [n for n in sorted(vocab.lengths) if least <= n <= 1500]  # the links' MTU
        words += ["length", str(rng.choice(known) if known and rng.random() < 0.8 else rng.randint(least, 1500))]
    return " ".join(words)


# ---- time offsets ----
def timeline(faultc, path):
    out = subprocess.run([faultc, "explain", path, "--no-chart"], capture_output=True, text=True, check=True).stdout
    life = None
    m = re.search(r"the scenario lives (\S+)", out)
    if m:
        life = parse_duration(m.group(1))
    windows = []
    section = out.split("\nRules")[0]
    for a, b in re.findall(r"(\d[\dmshd]*) to (\d[\dmshd]*)", section):
        a, b = parse_duration(a), parse_duration(b)
        if a is not None and b is not None:
            windows.append((a, b))
    if life is None and "runs for ever" in out:
        # `for ever`: offsets up to a minute past the last window's end
        life = max([b for _, b in windows] + [0]) + 60000
    return life, windows


def choose_offsets(rng, life, windows, expect_offsets):
    offsets = set(expect_offsets)
    extra = set()
    for a, b in windows[:4]:
        extra.update(t for t in (a, (a + b) // 2 // 1000 * 1000, b) if t < life)
    extra = sorted(extra - offsets)
    rng.shuffle(extra)
    offsets.update(extra[:max(0, 5 - len(offsets))])
    offsets.add(rng.randrange(0, max(1, life // 1000)) * 1000 if life >= 1000 else 0)
    return sorted(offsets)


# ---- the evaluator ----
def evaluate(faultc, text, lines, work, name):
    """Runs `faultc test --format json` on the scenario plus LINES (expect
    lines); returns the expects' records: the original file's first, then
    one per line."""
    scratch = os.path.join(work, name + ".fault")
    with open(scratch, "w") as f:
        f.write(text.rstrip("\n") + "\n\n# differential_test.sh: random packets\n" + "\n".join(lines) + "\n")
    done = subprocess.run([faultc, "test", "--format", "json", scratch], capture_output=True, text=True)
    report = json.loads(done.stdout) if done.stdout.strip() else None
    if not report or not report["files"] or not report["files"][0]["compiled"]:
        raise RuntimeError("faultc test could not check %s: %s" % (scratch, done.stderr.strip()))
    return report["files"][0]["expects"]


# ---- artifacts ----
def compile_artifact(faultc, path, target, at_ms, root):
    done = subprocess.run([faultc, "compile", "-t", target, "--at", "%dms" % at_ms, path],
                          capture_output=True, text=True, cwd=root)
    if done.returncode != 0:
        raise RuntimeError("faultc compile -t %s --at %dms %s: %s" % (target, at_ms, path, done.stderr.strip()))
    return done.stdout


def restore_teardown(text):
    """The exact undo of an --at restore file: its jumps, then its chains."""
    deletes, chains = [], []
    for line in text.splitlines():
        m = re.match(r"^-I (\S+) 1 (.*)$", line)
        if m:
            deletes.append("-D %s %s" % (m.group(1), m.group(2)))
        m = re.match(r"^:(\S+) - \[0:0\]$", line)
        if m:
            chains.append(m.group(1))
    return "*filter\n%s\nCOMMIT\n" % "\n".join(deletes + ["-F " + c for c in chains] + ["-X " + c for c in chains])


def run(argv, stdin=None):
    done = subprocess.run(argv, input=stdin, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError("%s failed: %s" % (" ".join(argv), (done.stderr or done.stdout).strip()))
    return done.stdout


class Artifact:
    """One target's artifact at one offset: load, reload, remove."""

    def __init__(self, target, nft_text, ip4_text, ip6_text):
        self.target = target
        self.nft_text, self.ip4_text, self.ip6_text = nft_text, ip4_text, ip6_text
        self.loaded_at = None
        # The nft gates expire (or open) that long after loading: the rules
        # hold as compiled for the shortest one.
        gates = [parse_duration(t) for t in re.findall(r"timeout (\S+?)[,\s}]", nft_text)]
        if None in gates:
            raise RuntimeError("cannot read the timeouts of the nft artifact's gates")
        self.hold_ms = min(gates) if gates and target == "nft" else None

    def load(self):
        if self.target == "nft":
            run(["nft", "-f", "-"], self.nft_text)
        else:
            variant = "legacy" if self.target == "iptables-legacy" else "nft"
            for family, text in (("ip", self.ip4_text), ("ip6", self.ip6_text)):
                if re.search(r"^[-:]", text, re.M):
                    run(["%stables-%s-restore" % (family, variant), "--noflush"], text)
        self.loaded_at = time.monotonic()

    def reload_if_needed(self, next_round_s):
        """nft gates run from the load: reload before a round that might
        outlive the shortest one."""
        if self.hold_ms is None:
            return
        if (time.monotonic() - self.loaded_at + next_round_s) * 1000 > self.hold_ms * 0.6:
            self.load()

    def still_holds(self):
        return self.hold_ms is None or (time.monotonic() - self.loaded_at) * 1000 < self.hold_ms * 0.9

    def remove(self):
        if self.target == "nft":
            table = re.search(r"^table inet (faultc_\w+) \{$", self.nft_text, re.M)
            if table:
                run(["nft", "delete", "table", "inet", table.group(1)])
        else:
            variant = "legacy" if self.target == "iptables-legacy" else "nft"
            for family, text in (("ip", self.ip4_text), ("ip6", self.ip6_text)):
                if re.search(r"^[-:]", text, re.M):
                    run(["%stables-%s-restore" % (family, variant), "--noflush"], restore_teardown(text))


def limit_bursts(nft_text):
    """rule number -> (bytes?, burst) of the limits in an nft artifact."""
    bursts = {}
    # A limit with several patterns lives in its rule's helper chain
    # (rule_N_dK), a limit per source or connection in a set's element.
    for chain in re.finditer(r"chain rule_(\d+)(?:_[ad]\d+)? \{(.*?)\n\t\}", nft_text, re.S):
        for burst, unit in re.findall(r"limit rate over .+? burst (\d+) (bytes|packets)", chain.group(2)):
            rule = int(chain.group(1))
            value = (unit == "bytes", int(burst))
            bursts[rule] = min(bursts.get(rule, value), value, key=lambda v: v[1])
    return bursts


# ---- verdicts ----
def wanted(result):
    """(the verdict the kernel must show, the drop probability): for a random
    drop, the survivors' fate and the probability; for a rate limit, the
    fate under the rate (the test keeps under it); otherwise the verdict and
    0."""
    verdict = result["verdict"]
    if verdict in ("allowed", "dropped", "rejected"):
        return verdict, 0.0
    if verdict == "dropped_randomly":
        return result["otherwise"], float(result["drop_probability"])
    if verdict == "rate_limited":
        # Under the rate (the test keeps under it), random drops after the
        # limit still apply.
        return result["otherwise"], float(result.get("drop_probability") or 0.0)
    raise RuntimeError("unknown verdict %r" % verdict)


def silent_reject(record):
    """A TCP reset never answers a segment that carries RST (RFC 9293; the
    kernel's nf_send_reset returns without sending), and no ICMP error
    answers an ICMP error: such a reject is seen as a drop."""
    p, r = record["packet"], record["result"]
    deciding = (r.get("fate_by") or r.get("decided_by") or {}).get("action", "")
    if p["protocol"] == "icmp":
        # Nor does any reject answer an ICMP error (RFC 1122).
        return p["icmp_type"] in ICMP4_ERRORS if p["family"] == "ipv4" else p["icmp_type"] < 128
    return p["protocol"] == "tcp" and p["flags_value"] & 0x04 and "tcp-reset" in deciding


class Shot:
    """One packet on the wire: a record (the evaluator's packet and verdict)
    sent once, with its own key."""

    def __init__(self, record, copy):
        self.record, self.copy, self.key = record, copy, 1
        p = record["packet"]
        self.family = 4 if p["family"] == "ipv4" else 6
        self.direction = p["direction"]
        self.proto = {"tcp": 6, "udp": 17, "icmp": 1 if self.family == 4 else 58}[p["protocol"]]
        self.src, self.dst = norm(p["source"]), norm(p["destination"])
        self.sport, self.dport = p["source_port"], p["destination_port"]

    def connection(self):
        if self.proto in (6, 17):
            ends = sorted([(self.src, self.sport), (self.dst, self.dport)])
            return (self.family, self.proto, tuple(ends))
        return None  # ICMP: the echo id is the shot's own

    def frame(self, dut_mac, peer_mac, rng):
        """The packet on the wire. A TCP segment's sequence and acknowledgment
        numbers are random, so that the DUT's reset for it is its own: a RST
        answering a segment with ACK has the segment's acknowledgment number
        as its sequence number; a RST+ACK acknowledges the segment's
        sequence number + SYN + FIN + its payload length."""
        p = self.record["packet"]
        self.seq, self.ack = rng.getrandbits(32), rng.getrandbits(32)
        if self.proto == 6:
            flags = p["flags_value"]
            if flags & 0x10:
                self.reset = ("rs", self.ack)
            else:
                self.reset = ("ra", (self.seq + (flags & 0x02 and 1) + (flags & 0x01) + p["payload_length"]) & 0xffffffff)
        tos = DSCP[self.direction] << 2
        if self.family == 4:
            l3 = IP(src=self.src, dst=self.dst, id=self.key, tos=tos, ttl=64)
        else:
            l3 = IPv6(src=self.src, dst=self.dst, fl=self.key, tc=tos, hlim=64)
        payload = b"\xa5" * p["payload_length"]
        if self.proto == 6:
            flags = p["flags_value"]
            l4 = TCP(sport=self.sport, dport=self.dport, flags=flags, seq=self.seq,
                     ack=self.ack if flags & 0x10 else 0, window=64240)
        elif self.proto == 17:
            l4 = UDP(sport=self.sport, dport=self.dport)
        elif self.proto == 1:
            # Every message's header is 8 bytes, as the evaluator counts it.
            kind, code = p["icmp_type"], p["icmp_code"]
            if kind in (0, 8):
                l4 = ICMP(type=kind, code=code, id=self.key & 0xffff, seq=self.copy)
            else:
                l4 = ICMP(type=kind, code=code)
        elif p["icmp_type"] in (128, 129):
            echo = ICMPv6EchoRequest if p["icmp_type"] == 128 else ICMPv6EchoReply
            l4 = echo(code=p["icmp_code"], id=self.key & 0xffff, seq=self.copy)
        else:
            l4 = ICMPv6Unknown(type=p["icmp_type"], code=p["icmp_code"], msgbody=b"\0" * 4)
        packet = l3 / l4 / Raw(payload) if payload else l3 / l4
        if self.direction == "outbound":
            self.wire = bytes(packet)
        else:
            self.wire = bytes(Ether(dst=dut_mac, src=peer_mac) / packet)
        self.length = len(bytes(packet))
        if self.length != p["length"]:
            raise RuntimeError("crafted %d bytes for a packet of %d: %s" % (self.length, p["length"], p["syntax"]))

    def conntrack(self, ct):
        """Makes conntrack's state for this packet what the evaluator says."""
        p = self.record["packet"]
        if p["state"] != "established":
            return
        if self.proto in (1, 58) and p["icmp_type"] in (0, 129):
            # An echo reply: the request went the other way.
            ct.established(self.family, self.dst, self.src, self.proto, icmp_id=self.key & 0xffff)
        elif self.proto in (1, 58):
            ct.established(self.family, self.src, self.dst, self.proto, icmp_id=self.key & 0xffff)
        elif self.proto == 6 and p["flags_value"] & 0x12 == 0x12:
            # SYN+ACK is the answer of a connection: conntrack ignores it (and
            # keeps it ESTABLISHED) only in the reply direction.
            ct.established(self.family, self.dst, self.src, 6, self.dport, self.sport)
        else:
            ct.established(self.family, self.src, self.dst, self.proto, self.sport, self.dport)


def kernel_reproducible(record):
    """None, or why the kernel cannot give this packet the evaluator's state."""
    p = record["packet"]
    state = p["state"]
    if p["protocol"] != "tcp":
        return None
    flags = p["flags_value"] & ~0xc8 & 0xff  # CWR, ECE, PSH aside
    valid = flags in VALID_FLAGS
    if state == "invalid":
        return None if not valid else "state invalid with valid flags"
    if not valid:
        return "flags %s are invalid to conntrack, the packet says %s" % (p["flags"], state)
    if state == "new" and flags & 0x07 and flags not in (0x02, 0x22):
        return "conntrack never calls %s new" % p["flags"]
    return None


def interfaces_ok(p):
    if p["direction"] == "inbound":
        return p["in_interface"] == INTERFACES["in"]
    if p["direction"] == "outbound":
        return p["out_interface"] == INTERFACES["in"]
    return p["in_interface"] == INTERFACES["in"] and p["out_interface"] == INTERFACES["out"]


# ---- the wire ----
class Wire:
    """The sockets: a packet socket in the peer namespace (inbound and
    forwarded packets, the ARP sentinel), raw sockets in the DUT (outbound
    packets)."""

    def __init__(self, peer, peer_if, dut_mac, peer_mac):
        self.dut_mac, self.peer_mac = dut_mac, peer_mac
        own = os.open("/proc/self/ns/net", os.O_RDONLY)
        target = os.open("/run/netns/" + peer, os.O_RDONLY)
        setns(target)
        try:
            self.peer = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0003))
            self.peer.bind((peer_if, 0))
            self.peer.setsockopt(socket.SOL_SOCKET, 33, 64 << 20)  # SO_RCVBUFFORCE
        finally:
            setns(own)
            os.close(own)
            os.close(target)
        self.raw4 = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
        self.raw6 = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_RAW)
        self.sentinels = 0
        self.drain()

    def send(self, shot):
        if shot.direction == "outbound":
            # A packet the OUTPUT hook drops (or rejects) fails the send
            # with EPERM; the observer has seen it all the same.
            try:
                if shot.family == 4:
                    self.raw4.sendto(shot.wire, (shot.dst, 0))
                else:
                    self.raw6.sendto(shot.wire, (shot.dst, 0, 0, 0))
            except PermissionError:
                pass
        else:
            self.peer.send(shot.wire)

    def drain(self):
        self.peer.setblocking(False)
        try:
            while True:
                self.peer.recv(65536)
        except BlockingIOError:
            pass

    def settle(self, timeout=3.0):
        """Sends an ARP request into the DUT and waits for the answer (True;
        None after TIMEOUT s). The process is pinned to one CPU, so the answer
        comes after the DUT has done everything for the packets sent before."""
        self.sentinels += 1
        tpa = "169.254.%d.%d" % (100 + (self.sentinels >> 8) % 100, self.sentinels & 0xff)
        self.peer.send(bytes(Ether(dst="ff:ff:ff:ff:ff:ff", src=self.peer_mac) /
                             ARP(op=1, hwsrc=self.peer_mac, psrc=SENTINEL_SPA, pdst=tpa)))
        want = socket.inet_aton(tpa)
        deadline = time.monotonic() + timeout
        self.peer.setblocking(False)
        while True:
            try:
                data, address = self.peer.recvfrom(65536)
            except BlockingIOError:
                if time.monotonic() > deadline:
                    return None
                time.sleep(0.0005)
                continue
            if address[2] == socket.PACKET_OUTGOING:
                continue
            if data[12:14] == b"\x08\x06" and data[20:22] == b"\x00\x02" and data[28:32] == want:
                return True


def norm(address):
    return str(ipaddress.ip_address(address))


def observed():
    """The observer's sets: {(hook, stage, family): set of keys}."""
    listing = json.loads(run(["nft", "-j", "list", "table", "inet", "diffobs"]))
    sets = {}
    for item in listing["nftables"]:
        s = item.get("set")
        if s:
            # "ie4": hook i(nput), e(ntered), IPv4; "rk6": replies quoting
            # an IPv6 key; "rs4"/"ra4": resets by sequence / ack number
            name = s["name"]
            sets[(name[0], name[1], int(name[2]))] = set(e if isinstance(e, int) else e.get("elem", {}).get("val")
                                                         for e in s.get("elem", []))
    return sets


def clear_observer():
    names = ["%s%s%d" % (h, s, f) for h in "iof" for s in "es" for f in (4, 6)]
    names += ["r%s%d" % (k, f) for k in "ksa" for f in (4, 6)]
    run(["nft", "-f", "-"], "".join("flush set inet diffobs %s\n" % n for n in names))


# ---- one example ----
class Tally:
    def __init__(self):
        self.packets = self.agree = self.expects = self.batches = 0
        self.groups = {}  # (probability, fate of the survivors) -> [shots, dropped]
        self.silent_rejects = 0
        self.verdicts = {}
        self.evaluated = {}
        self.failures = []
        self.harness = []


def describe(record, at_ms):
    return "%s at %s" % (record["packet"]["syntax"], duration_text(at_ms))


def eval_text(record):
    r = record["result"]
    text = r["summary"]
    by = r.get("decided_by")
    if by:
        text += " by `%s` (line %d)" % (by["action"], by["line"])
    return text


def rounds_of(shots):
    """Rounds with at most one packet of each connection."""
    rounds = []
    for shot in shots:
        connection = shot.connection()
        for batch, connections in rounds:
            if connection is None or connection not in connections:
                batch.append(shot)
                connections.add(connection)
                break
        else:
            rounds.append(([shot], {connection}))
    return [batch for batch, _ in rounds]


def run_batch(artifact, shots, wire, ct, rng):
    """Loads the artifact, sends SHOTS round by round, removes it; sets
    each shot's `verdict` (None when it never reached its hook)."""
    keys = {4: iter(range(1, 65536)), 6: iter(range(1, 1 << 20))}
    resets = set()

    def prepare(shot):
        """A fresh key and frame for SHOT."""
        shot.key = next(keys[shot.family])
        shot.frame(wire.dut_mac, wire.peer_mac, rng)
        # Every segment's reset is its own in the batch, so that a reset
        # the stack sends for one packet never passes for another's.
        while shot.proto == 6 and (shot.family, shot.reset) in resets:
            shot.frame(wire.dut_mac, wire.peer_mac, rng)
        if shot.proto == 6:
            resets.add((shot.family, shot.reset))

    for shot in shots:
        prepare(shot)
    artifact.load()
    try:
        for batch in rounds_of(shots):
            for attempt in range(3):
                ct.flush()
                for shot in batch:
                    shot.conntrack(ct)
                artifact.reload_if_needed(0.05 + 0.001 * len(batch))
                for shot in batch:
                    wire.send(shot)
                if wire.settle() is None:
                    raise RuntimeError("the DUT did not answer the ARP sentinel within 3 s")
                if artifact.still_holds():
                    break
                # The round outlived the artifact's shortest nft gate: send
                # it again, with new keys (the observer keeps the old ones).
                for shot in batch:
                    prepare(shot)
            else:
                raise RuntimeError("rounds outlive the artifact's %d ms gate" % artifact.hold_ms)
    finally:
        artifact.remove()
    sets = observed()
    clear_observer()
    for shot in shots:
        hook = HOOK[shot.direction]
        if shot.key not in sets[(hook, "e", shot.family)]:
            shot.verdict = None
        elif shot.key in sets[(hook, "s", shot.family)]:
            shot.verdict = "allowed"
        else:
            # An ICMP error quoting the packet, or (TCP) a reset for it.
            replied = shot.key in sets[("r", "k", shot.family)]
            if shot.proto == 6:
                kind, number = shot.reset
                replied = replied or number in sets[("r", kind[1], shot.family)]
            # A reply is what makes a reject; an allowed packet may get one
            # too (from the stack), which says nothing.
            shot.verdict = "rejected" if replied else "dropped"


def limit_batches(shots, bursts):
    """Splits the shots of one offset so that no batch spends more than
    LIMIT_BUDGET of any limit's burst (each batch loads the artifact anew, so
    each starts with full buckets). Returns (batches, shots too big for any)."""
    batches, spent, too_big = [[]], [{}], []
    for shot in shots:
        costs = {}
        for hazard in shot.record["result"]["hazards"]:
            if hazard["kind"] == "rate_limit":
                rule = hazard["line"]["rule"]
                is_bytes, burst = bursts.get(rule, (False, 0))
                # A rule with two limits meets two hazards: both cost.
                spent_here = costs.get(rule, (0, 0))[0]
                costs[rule] = (spent_here + (shot.length if is_bytes else 1), burst * LIMIT_BUDGET)
        if any(cost > budget for cost, budget in costs.values()):
            too_big.append(shot)
            continue
        for batch, used in zip(batches, spent):
            if all(used.get(rule, 0) + cost <= budget for rule, (cost, budget) in costs.items()):
                break
        else:
            batches.append([])
            spent.append({})
            batch, used = batches[-1], spent[-1]
        batch.append(shot)
        for rule, (cost, _) in costs.items():
            used[rule] = used.get(rule, 0) + cost
    return [b for b in batches if b], too_big


def check_example(args, path, wire, ct, seed, totals):
    name = os.path.basename(path)[:-len(".fault")]
    rng = random.Random("%s:%s" % (seed, name))
    text = open(path).read()
    vocab = Vocabulary(text, rng)
    life, windows = timeline(args.faultc, path)
    if not life:
        raise RuntimeError("cannot read the scenario's life from `faultc explain`")
    own = evaluate(args.faultc, text, [], args.work, name + ".own")
    for record in own:
        record["own"] = True
        if not record["passed"]:
            totals["failures"] += 1
            print("FAIL: %s: expect line %d fails in `faultc test` itself: %s" % (name, record["line"],
                                                                                  record["expect"]))
    offsets = choose_offsets(rng, life, windows, sorted({e["at_ms"] for e in own}))
    excluded = {}

    def keep(record):
        """Whether the kernel can show RECORD's verdict; counts (and, for an
        expect line, fails) the reason when it cannot."""
        p = record["packet"]
        why = kernel_reproducible(record)
        if why is None and not interfaces_ok(p):
            why = "interfaces %s/%s are not the DUT's" % (p["in_interface"] or "-", p["out_interface"] or "-")
        if why is None and record["result"]["after_end"]:
            why = "after the scenario's end"
        if why is None and not (usable(p["source"]) and usable(p["destination"])):
            why = "an address the DUT cannot route as ordinary unicast"
        if why is None:
            return True
        excluded[why] = excluded.get(why, 0) + 1
        if record["own"]:
            totals["failures"] += 1
            print("FAIL: %s: expect line %d cannot be reproduced on the kernel (%s): %s" %
                  (name, record["line"], why, describe(record, record["at_ms"])))
        return False

    records = [r for r in own if keep(r)]
    # Random packets, spread over the offsets. Most random packets meet no
    # rule at all, so FACTOR times as many are drawn, and up to HIT_SHARE of
    # the ones kept are packets that some rule sees (the evaluator's trace
    # says `entered`); the rest are drawn from the others.
    candidates = ["expect %s is allowed at %s" % (random_packet(vocab, rng), duration_text(offsets[i % len(offsets)]))
                  for i in range(args.packets * FACTOR)]
    hits, misses = [], []
    for record in evaluate(args.faultc, text, candidates, args.work, name + ".random")[len(own):]:
        record["own"] = False
        seen = any(step["step"] == "entered" for step in record["result"]["trace"])
        (hits if seen else misses).append(record)
    rng.shuffle(hits)
    rng.shuffle(misses)
    pool = hits[:int(args.packets * HIT_SHARE)]
    pool += misses + hits[len(pool):]
    drawn = 0
    for record in pool:
        if drawn == args.packets:
            break
        if keep(record):
            records.append(record)
            drawn += 1
    if drawn < args.packets:
        raise RuntimeError("only %d usable random packets of %d drawn; excluded: %s" % (
            drawn, len(pool), "; ".join("%d: %s" % (n, why) for why, n in sorted(excluded.items()))))
    # Random-drop packets are sent several times, so that each probability
    # group (probability, fate of the survivors) has about PROB_SHOTS shots.
    groups = {}
    for record in records:
        want, prob = wanted(record["result"])
        if prob > 0:
            groups[(prob, want)] = groups.get((prob, want), 0) + 1
    copies = {g: min(MAX_COPIES, max(1, math.ceil(args.prob_shots / n))) for g, n in groups.items()}
    artifacts = {}
    for at_ms in offsets:
        nft_text = compile_artifact(args.faultc, path, "nft", at_ms, args.root)
        artifacts[at_ms] = (nft_text, compile_artifact(args.faultc, path, "iptables-restore", at_ms, args.root),
                            compile_artifact(args.faultc, path, "ip6tables-restore", at_ms, args.root))
    for target in args.targets:
        tally = Tally()
        started = time.monotonic()
        where = "%s %s" % (name, target)
        for at_ms in offsets:
            nft_text, ip4_text, ip6_text = artifacts[at_ms]
            shots = []
            for record in records:
                if record["at_ms"] == at_ms:
                    want, prob = wanted(record["result"])
                    for copy in range(copies.get((prob, want), 1) if prob > 0 else 1):
                        shots.append(Shot(record, copy))
            for shot in shots:
                shot.frame(wire.dut_mac, wire.peer_mac, rng)  # its length, for the limit budget
            batches, too_big = limit_batches(shots, limit_bursts(nft_text))
            for shot in too_big:
                if target == args.targets[0]:
                    why = "bigger than half of a rate limit's burst"
                    excluded[why] = excluded.get(why, 0) + 1
            for batch in batches:
                run_batch(Artifact(target, nft_text, ip4_text, ip6_text), batch, wire, ct, rng)
                tally.batches += 1
            for batch in batches:
                for shot in batch:
                    compare(shot, at_ms, tally, where, args.verbose)
        report(name, target, tally, excluded, time.monotonic() - started, totals, target == args.targets[0])


def compare(shot, at_ms, tally, where, verbose):
    record = shot.record
    want, prob = wanted(record["result"])
    got = shot.verdict
    tally.packets += 1
    tally.expects += record["own"] and shot.copy == 0
    kind = record["result"]["verdict"]
    tally.evaluated[kind] = tally.evaluated.get(kind, 0) + 1
    if verbose:
        print("  %s: %s\n    eval: %s; kernel: %s" % (where, describe(record, at_ms), eval_text(record), got))
    if got is None:
        tally.harness.append("%s: harness error: the packet never reached the DUT's %s hook: %s" %
                             (where, HOOK_NAME[shot.direction], describe(record, at_ms)))
        return
    tally.verdicts[got] = tally.verdicts.get(got, 0) + 1
    if want == "rejected" and got == "dropped" and silent_reject(record):
        tally.silent_rejects += 1
        got = "rejected"
    if prob > 0:
        group = tally.groups.setdefault((prob, want), [0, 0])
        group[0] += 1
        if got == "dropped":
            group[1] += 1
            tally.agree += 1
            return
    ok = got == want and (not record["own"] or got == record["expected"])
    if ok:
        tally.agree += 1
        return
    expected = ("; the expect line (line %d) says %s" % (record["line"], record["expected"])) if record["own"] else ""
    tally.failures.append("%s: %s\n    eval:   %s%s\n    kernel: %s" % (
        where, describe(record, at_ms), eval_text(record), expected, got))


def binomial_bound(prob, n):
    return SIGMAS * math.sqrt(prob * (1 - prob) / n) + 1.0 / n


def report(name, target, tally, excluded, seconds, totals, first):
    groups = []
    for (prob, want), (n, dropped) in sorted(tally.groups.items()):
        bound = binomial_bound(prob, n)
        groups.append((prob, want, n, dropped, bound, abs(dropped / n - prob) <= bound))
    bad_groups = [g for g in groups if not g[5]]
    extra = []
    if groups:
        extra.append("%d probabilistic group%s within bound" % (len(groups) - len(bad_groups),
                                                                "" if len(groups) == 1 else "s"))
    if tally.silent_rejects:
        extra.append("%d resets that cannot be answered" % tally.silent_rejects)
    print("%s %s: %d packets, %d agree%s" % (name, target, tally.packets, tally.agree,
                                             " (%s)" % ", ".join(extra) if extra else ""), flush=True)
    print("  %d expect lines; eval: %s; kernel: %s; %d batches, %.1f s" % (
        tally.expects, ", ".join("%d %s" % (n, v) for v, n in sorted(tally.evaluated.items())),
        ", ".join("%d %s" % (n, v) for v, n in sorted(tally.verdicts.items())), tally.batches, seconds))
    for prob, want, n, dropped, bound, ok in groups:
        print("  %srandom drop %g%% (otherwise %s): %d of %d dropped = %.1f%%; bound %g%% +- %.1f points (%g sigma + 1/n)" % (
            "" if ok else "FAIL: ", prob * 100, want, dropped, n, 100.0 * dropped / n, prob * 100, bound * 100, SIGMAS))
    for failure in tally.failures:
        print("FAIL: " + failure)
    for error in tally.harness:
        print("FAIL: " + error)
    totals["packets"] += tally.packets
    totals["agree"] += tally.agree
    totals["failures"] += len(tally.failures) + len(tally.harness) + len(bad_groups)
    totals["groups"] += len(groups)
    totals["runs"] += 1
    if first:
        for reason, count in sorted(excluded.items()):
            print("  %s: excluded %d packet%s (random ones are replaced by others): %s" % (
                name, count, "" if count == 1 else "s", reason))
        totals["excluded"] += sum(excluded.values())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--faultc", required=True)
    parser.add_argument("--root", required=True)
    parser.add_argument("--peer", required=True)
    parser.add_argument("--peer-if", required=True)
    parser.add_argument("--dut-mac", required=True)
    parser.add_argument("--peer-mac", required=True)
    parser.add_argument("--in-if", default="eth0")
    parser.add_argument("--out-if", default="eth1")
    parser.add_argument("--work", required=True)
    parser.add_argument("--seed", default="1")
    parser.add_argument("--packets", type=int, default=200)
    parser.add_argument("--targets", default="nft,iptables,iptables-legacy")
    parser.add_argument("--prob-shots", type=int, default=PROB_SHOTS,
                        help="shots per random-drop probability group (the binomial bound widens with fewer)")
    parser.add_argument("--verbose", action="store_true", help="print every packet and both verdicts")
    parser.add_argument("examples", nargs="+")
    args = parser.parse_args()
    args.targets = args.targets.split(",")
    INTERFACES.update({"in": args.in_if, "out": args.out_if})
    # One CPU: the ARP sentinel relies on the per-CPU backlog's order.
    os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    wire = Wire(args.peer, args.peer_if, args.dut_mac, args.peer_mac)
    ct = Conntrack()
    totals = {"packets": 0, "agree": 0, "failures": 0, "groups": 0, "excluded": 0, "runs": 0}
    started = time.monotonic()
    for path in args.examples:
        try:
            check_example(args, path, wire, ct, args.seed, totals)
        except (RuntimeError, OSError, subprocess.CalledProcessError) as e:
            totals["failures"] += 1
            print("FAIL: %s: harness error: %s" % (os.path.basename(path), e), flush=True)
    print("total: %d packets, %d agree, %d probabilistic groups, %d excluded, %d failures; %.0f s" % (
        totals["packets"], totals["agree"], totals["groups"], totals["excluded"], totals["failures"],
        time.monotonic() - started))
    return 1 if totals["failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
