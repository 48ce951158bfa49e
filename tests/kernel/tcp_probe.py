#!/usr/bin/python3
"""TCP probes for the kernel tests (standard library only).

serve PORT LOGDIR      accept connections on every address; write what each
                       peer sent to LOGDIR/<peer address>.log (appending), and
                       touch LOGDIR/<peer address>.closed when a peer's FIN
                       arrives
send SRC DST PORT MESSAGE [WAIT]
                       connect from SRC to DST:PORT, send MESSAGE, wait WAIT
                       seconds, close; prints connected|refused|timeout and
                       exits 0 only when connected
bulk SRC DST PORT BYTES [WAIT]
                       the same with BYTES bytes written at once, as a bulk
                       sender does: the kernel cuts them into full-sized
                       segments, most of which carry ACK alone (PSH only on
                       the last of a write)
"""
import os
import socket
import sys
import threading
import time


def serve(port, logdir):
    family = socket.AF_INET6
    server = socket.socket(family, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
    server.bind(("::", port))
    server.listen(64)
    print("listening", flush=True)

    def handle(conn, peer):
        address = peer[0]
        if address.startswith("::ffff:"):
            address = address[len("::ffff:"):]
        with conn, open(os.path.join(logdir, address + ".log"), "ab") as log:
            conn.settimeout(30)
            try:
                while True:
                    data = conn.recv(65536)
                    if not data:
                        open(os.path.join(logdir, address + ".closed"), "w").close()
                        break
                    log.write(data)
                    log.flush()
            except OSError:
                pass

    while True:
        conn, peer = server.accept()
        threading.Thread(target=handle, args=(conn, peer), daemon=True).start()


def send(source, destination, port, message, wait):
    family = socket.AF_INET6 if ":" in destination else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.bind((source, 0))
    sock.settimeout(3)
    try:
        sock.connect((destination, port))
    except ConnectionRefusedError:
        print("refused")
        return 2
    except (socket.timeout, OSError) as error:
        print("timeout" if isinstance(error, socket.timeout) else "error: %s" % error)
        return 3
    print("connected", flush=True)
    try:
        sock.sendall(message.encode())
    except socket.timeout:
        # The peer acknowledged too little for the rest to fit in the send
        # buffer (a fault that drops data does that): what went out is sent.
        print("stalled", flush=True)
    time.sleep(wait)
    sock.close()
    return 0


if __name__ == "__main__":
    if sys.argv[1] == "serve":
        serve(int(sys.argv[2]), sys.argv[3])
    else:
        wait = float(sys.argv[6]) if len(sys.argv) > 6 else 1.0
        message = "x" * int(sys.argv[5]) if sys.argv[1] == "bulk" else sys.argv[5]
        sys.exit(send(sys.argv[2], sys.argv[3], int(sys.argv[4]), message, wait))
