#!/usr/bin/python3
"""Reachability probes for kernel.fleet (standard library only).

One process per source node measures its whole row of the matrix at once,
so a 5x5 matrix costs one timeout, not 25.

serve PORT LOG       accept TCP connections on PORT (and close them); append
                     every UDP datagram received on PORT to LOG, one a line
tcp SRC PORT WAIT DST...
                     connect from SRC to every DST:PORT at once, waiting at
                     most WAIT seconds; prints one cell per DST: 1 connected,
                     0 no answer, r refused, e another error
udp SRC PORT TAG DST...
                     send "TAG SRC" to every DST:PORT three times, 50 ms
                     apart (a delivery matrix: each DST's LOG says who got
                     through, in the direction sent only)
"""
import errno
import select
import socket
import sys
import threading
import time


def serve(port, log):
    tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    tcp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    tcp.bind(("0.0.0.0", port))
    tcp.listen(128)
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp.bind(("0.0.0.0", port))

    def receive():
        with open(log, "ab", buffering=0) as out:
            while True:
                data, _ = udp.recvfrom(512)
                out.write(data.rstrip(b"\n") + b"\n")

    threading.Thread(target=receive, daemon=True).start()
    print("listening", flush=True)
    while True:
        conn, _ = tcp.accept()
        conn.close()


def tcp_row(source, port, wait, targets):
    pending = {}
    cells = ["e"] * len(targets)
    for index, target in enumerate(targets):
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind((source, 0))
        sock.setblocking(False)
        code = sock.connect_ex((target, port))
        if code in (0, errno.EINPROGRESS):
            pending[sock] = index
        else:
            cells[index] = "r" if code == errno.ECONNREFUSED else "e"
            sock.close()
    deadline = time.monotonic() + wait
    while pending:
        left = deadline - time.monotonic()
        if left <= 0:
            break
        _, writable, _ = select.select([], list(pending), [], left)
        for sock in writable:
            code = sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
            index = pending.pop(sock)
            cells[index] = "1" if code == 0 else "r" if code == errno.ECONNREFUSED else "e"
            sock.close()
    for sock, index in pending.items():  # no SYN-ACK within WAIT: dropped
        cells[index] = "0"
        sock.close()
    print(" ".join(cells))


def udp_send(source, port, tag, targets):
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind((source, 0))
    message = ("%s %s\n" % (tag, source)).encode()
    for _ in range(3):
        for target in targets:
            try:
                sock.sendto(message, (target, port))
            except OSError:  # EPERM from a local drop: not delivered
                pass
        time.sleep(0.05)


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "serve":
        serve(int(sys.argv[2]), sys.argv[3])
    elif mode == "tcp":
        tcp_row(sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), sys.argv[5:])
    elif mode == "udp":
        udp_send(sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5:])
    else:
        sys.exit("unknown mode " + mode)
