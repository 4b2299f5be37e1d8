#!/usr/bin/env python3
"""A fake SMTP server for one lesson: the STARTTLS response injection (CVE-2021-22947 shape).

  python3 scripts/lab/starttls_inject.py PORT   # serves one connection on 127.0.0.1:PORT, then exits

It is not a mail server. It greets, answers EHLO with STARTTLS, and answers
STARTTLS with `220 2.0.0 Ready to start TLS` followed, in the SAME TCP segment,
by `250 injected` -- bytes a man in the middle could add before the TLS
handshake. Nothing the server said before the handshake may be trusted
afterwards (RFC 3207 section 4.2: the client MUST discard knowledge not
obtained from the TLS negotiation); curl's fix for CVE-2021-22947 refuses
such extra bytes. The real client in front of it is curl. The server never
completes a TLS handshake: it reads what the client does next and closes.
"""
import socket
import sys

GREETING = b"220 fake.lab.example ESMTP fake server (STARTTLS injection lesson)\r\n"


def readline(conn):
    buf = b""
    while not buf.endswith(b"\r\n"):
        b = conn.recv(1)
        if not b:
            return buf
        buf += b
    return buf


def main():
    port = int(sys.argv[1])
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("127.0.0.1", port))
    srv.listen(1)
    print("listening", flush=True)
    srv.settimeout(30)
    conn, _ = srv.accept()
    conn.settimeout(10)
    conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    conn.sendall(GREETING)
    while True:
        line = readline(conn)
        print("client:", line, flush=True)
        if not line:
            break
        verb = line.split(b" ", 1)[0].strip().upper()
        if verb in (b"EHLO", b"HELO"):
            conn.sendall(b"250-fake.lab.example\r\n250-PIPELINING\r\n250 STARTTLS\r\n")
        elif verb == b"STARTTLS":
            # one send, one segment: the go-ahead and an injected reply together
            conn.sendall(b"220 2.0.0 Ready to start TLS\r\n250 injected\r\n")
            try:
                rest = conn.recv(4096)   # a Client Hello, or nothing if the client gives up
                print("after STARTTLS the client sent", len(rest), "bytes:", rest[:16], flush=True)
            except socket.timeout:
                print("client sent nothing after STARTTLS", flush=True)
            break
        elif verb == b"QUIT":
            conn.sendall(b"221 2.0.0 Bye\r\n")
            break
        else:
            conn.sendall(b"502 5.5.2 Error: command not recognized by the fake server\r\n")
    conn.close()
    srv.close()


if __name__ == "__main__":
    main()
