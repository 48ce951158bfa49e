#!/usr/bin/python3
"""The reachability a fleet plan promises, read from `faultc compile -t
ansible`'s plan.txt (its "grudges" section: per phase, row i holds an `x`
where node i drops what node j sends). Standard library only.

nodes PLAN            the plan's node names, in order
phases PLAN           one line per phase that cuts something: FROM_MS TO_MS
matrix PLAN T tcp|udp the matrix at T ms after START, one row per source
                      node, 1 where it reaches the column: UDP needs the
                      receiver not to drop the sender; TCP needs both ways
bridge PLAN T         the bridge in force at T: "A... | B | C..." (node
                      numbers from 1), after checking it has Jepsen's shape:
                      halves that differ by at most one node, cut both ways
                      from each other and not within, and one node, cut
                      from nobody, between them; exits 1 when it has not
"""
import re
import sys

UNITS = {"ms": 1, "s": 1000, "m": 60000, "h": 3600000, "d": 86400000}


def milliseconds(text):
    parts = re.findall(r"(\d+)(ms|s|m|h|d)", text)
    if not parts or "".join(n + u for n, u in parts) != text:
        sys.exit("fleet_plan: not a duration: %r" % text)
    return sum(int(n) * UNITS[u] for n, u in parts)


def read(path):
    """(node names, [(from_ms, to_ms, grudge rows)])"""
    lines = open(path, encoding="utf-8").read().split("\n")
    try:
        at = next(i for i, line in enumerate(lines) if line.startswith("grudges "))
        end = next(i for i in range(at, len(lines)) if lines[i] == "")
    except StopIteration:
        sys.exit("fleet_plan: %s has no grudges section" % path)
    nodes, phases, header_next = [], [], False
    for line in lines[at + 1:end]:
        head = re.fullmatch(r"  (\S+) \.\. (\S+):( nobody drops anything)?", line)
        if head:
            phases.append((milliseconds(head.group(1)), milliseconds(head.group(2)), []))
            header_next = not head.group(3)
        elif header_next:  # a matrix's first line: the node names
            nodes, header_next = line.split(), False
        elif phases and line.strip() != "none":
            phases[-1][2].append([cell == "x" for cell in line.split()[1:]])
    for start, stop, rows in phases:
        if rows and (len(rows) != len(nodes) or any(len(r) != len(nodes) for r in rows)):
            sys.exit("fleet_plan: the phase %d..%d ms is not a %d x %d matrix" % (start, stop, len(nodes), len(nodes)))
    return nodes, phases


def matrix(nodes, phases, t_ms, kind):
    grudge = [[False] * len(nodes) for _ in nodes]
    for start, stop, rows in phases:
        if start <= t_ms < stop and rows:
            grudge = rows
    out = []
    for i in range(len(nodes)):
        cells = []
        for j in range(len(nodes)):
            delivered = not grudge[j][i]  # j receives what i sends
            back = not grudge[i][j]
            cells.append("1" if delivered and (kind == "udp" or back) else "0")
        out.append(" ".join(cells))
    return "\n".join(out)


def bridge(nodes, phases, t_ms):
    cut = [[c == "0" for c in row.split()] for row in matrix(nodes, phases, t_ms, "tcp").split("\n")]
    n = len(nodes)
    middle = [i for i in range(n) if not any(cut[i])]
    if len(middle) != 1:
        sys.exit("fleet_plan: at %d ms %d nodes reach everyone, not one bridge" % (t_ms, len(middle)))
    rest = [i for i in range(n) if i != middle[0]]
    first = [j for j in rest if not cut[rest[0]][j]]
    second = [j for j in rest if j not in first]
    shaped = abs(len(first) - len(second)) <= 1 and all(
        cut[i][j] == ((i in first) != (j in first)) for i in rest for j in rest)
    if not second or not shaped:
        sys.exit("fleet_plan: at %d ms the cut is not two halves around one bridge" % t_ms)
    words = lambda side: " ".join(str(i + 1) for i in side)
    return "%s | %d | %s" % (words(first), middle[0] + 1, words(second))


if __name__ == "__main__":
    names, plan_phases = read(sys.argv[2])
    if sys.argv[1] == "nodes":
        print(" ".join(names))
    elif sys.argv[1] == "phases":
        for phase in plan_phases:
            if phase[2]:
                print(phase[0], phase[1])
    elif sys.argv[1] == "bridge":
        print(bridge(names, plan_phases, int(sys.argv[3])))
    elif sys.argv[1] == "matrix":
        print(matrix(names, plan_phases, int(sys.argv[3]), sys.argv[4]))
    else:
        sys.exit("unknown mode " + sys.argv[1])
