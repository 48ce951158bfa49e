#!/usr/bin/python3
"""The reachability a fleet plan promises, read from `faultc plan --json`
(each phase's `drops`: node -> the nodes whose packets it drops).
Standard library only.

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
import json
import sys


def read(path):
    """(node names, [(from_ms, to_ms, grudge)]): grudge[i][j] when node i
    drops what node j sends."""
    with open(path, encoding="utf-8") as source:
        plan = json.load(source)
    names = [node["name"] for node in plan["nodes"]]
    phases = []
    for phase in plan["phases"]:
        drops = phase["drops"]
        grudge = [[sender in drops.get(receiver, []) for sender in names] for receiver in names]
        phases.append((phase["from_ms"], phase["to_ms"], grudge))
    return names, phases


def grudge_at(names, phases, t_ms):
    for start, stop, grudge in phases:
        if start <= t_ms < stop:
            return grudge
    return [[False] * len(names) for _ in names]


def matrix(names, phases, t_ms, kind):
    grudge = grudge_at(names, phases, t_ms)
    rows = []
    for i in range(len(names)):
        cells = []
        for j in range(len(names)):
            delivered = not grudge[j][i]  # j takes what i sends
            back = not grudge[i][j]
            cells.append("1" if delivered and (kind == "udp" or back) else "0")
        rows.append(" ".join(cells))
    return "\n".join(rows)


def bridge(names, phases, t_ms):
    cut = [[c == "0" for c in row.split()] for row in matrix(names, phases, t_ms, "tcp").split("\n")]
    middle = [i for i in range(len(names)) if not any(cut[i])]
    if len(middle) != 1:
        sys.exit("fleet_plan: at %d ms %d nodes reach everyone, not one bridge" % (t_ms, len(middle)))
    rest = [i for i in range(len(names)) if i != middle[0]]
    first = [j for j in rest if not cut[rest[0]][j]]
    second = [j for j in rest if j not in first]
    shaped = abs(len(first) - len(second)) <= 1 and all(
        cut[i][j] == ((i in first) != (j in first)) for i in rest for j in rest)
    if not second or not shaped:
        sys.exit("fleet_plan: at %d ms the cut is not two halves around one bridge" % t_ms)

    def numbers(side):
        return " ".join(str(i + 1) for i in side)
    return "%s | %d | %s" % (numbers(first), middle[0] + 1, numbers(second))


if __name__ == "__main__":
    plan_names, plan_phases = read(sys.argv[2])
    if sys.argv[1] == "nodes":
        print(" ".join(plan_names))
    elif sys.argv[1] == "phases":
        for phase in plan_phases:
            if any(any(row) for row in phase[2]):
                print(phase[0], phase[1])
    elif sys.argv[1] == "matrix":
        print(matrix(plan_names, plan_phases, int(sys.argv[3]), sys.argv[4]))
    elif sys.argv[1] == "bridge":
        print(bridge(plan_names, plan_phases, int(sys.argv[3])))
    else:
        sys.exit("unknown mode " + sys.argv[1])
