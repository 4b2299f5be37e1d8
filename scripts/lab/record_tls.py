#!/usr/bin/python3
"""Records the TLS sessions of tls_manifest.py against a running lab
(`record --serve`), checks them with tshark and publishes them to
tests/fixtures/tls/. Run by `record-tls`, which starts and stops the servers.

    record_tls.py seed                      # mails for alice and bob (port 25, not recorded)
    record_tls.py record STAGE              # every recording
    record_tls.py publish STAGE FIXTURES    # DSB copy, tshark checks, manifest, notes, copy
    record_tls.py notes FIXTURES            # the notes again from manifest.json
"""

import base64
import json
import os
import poplib
import shlex
import shutil
import smtplib
import subprocess
import sys
import tempfile
import time
from email.message import EmailMessage

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import tls_manifest as M  # noqa: E402

PY = "/usr/bin/python3"


def log(*a):
    print("[lab-tls]", *a, file=sys.stderr, flush=True)


def die(msg):
    log("ERROR:", msg)
    sys.exit(1)


# ------------------------------------------------------------------ seed
def seed():
    for user, subject in M.SEED.items():
        msg = EmailMessage()
        msg["From"] = "lab@lab.example"
        msg["To"] = f"{user}@lab.example"
        msg["Subject"] = subject
        msg.set_content(f"Hello {user}, this mail waits for you to read it over TLS.\n")
        with smtplib.SMTP("127.0.0.1", 25, local_hostname="client.lab.example") as s:
            s.send_message(msg)
    # wait until Postfix delivered both (POP3 in the clear on 110; not recorded)
    for _ in range(100):
        counts = []
        for user, password in (("alice", M.ALICE[1]), ("bob", M.BOB[1])):
            p = poplib.POP3("127.0.0.1", 110)
            p.user(user)
            p.pass_(password)
            counts.append(p.stat()[0])
            p.quit()
        if all(c >= 1 for c in counts):
            return
        time.sleep(0.2)
    die("the seed mails were not delivered")


# ------------------------------------------------------------------ record
class Capture:
    def __init__(self, path, port):
        self.err = path + ".err"
        self.proc = subprocess.Popen(
            ["tcpdump", "-i", "lo", "-s", "0", "-U", "-n", "-w", path, f"tcp port {port}"],
            stdout=subprocess.DEVNULL,
            stderr=open(self.err, "w"),
        )
        for _ in range(100):
            if "listening on" in open(self.err).read():
                break
            if self.proc.poll() is not None:
                die(f"tcpdump did not start: {open(self.err).read()}")
            time.sleep(0.1)
        time.sleep(0.5)

    def stop(self):
        time.sleep(1)  # the FIN/ACK teardown belongs in the capture
        self.proc.send_signal(2)
        self.proc.wait(timeout=10)


def client_command(r, keys, stage):
    """The client's command line and environment for recording `r`."""
    env = dict(os.environ)
    env.pop("OPENSSL_CONF", None)
    name = r["file"][:-5]
    subject = r["messages"][0]["subject"]
    if r["client"] == "python":
        cmd = [PY, os.path.join(HERE, "tls_demo.py"), r["kind"], "--keylog", keys, "--tls", r["tls_version"],
               "--cipher", r["openssl_cipher"], "--subject", subject]
        if "no_encrypt_then_mac" in r["extra"]:
            cmd.append("--no-etm")
        if "resumed" in r["extra"]:
            cmd.append("--resume")
        if r["groups"]:
            cmd += ["--groups", r["groups"]]
        return cmd, env, None
    if r["client"] == "curl":
        assert r["protocol"] == "smtp" and r["tls"] == "implicit" and r["tls_version"] == "1.2"
        msg = os.path.join(stage, name + ".eml")
        with open(msg, "w", newline="") as f:
            f.write(f"From: {M.ALICE[0]}\r\nTo: {M.BOB[0]}\r\nSubject: {subject}\r\n\r\nSent by curl over SMTPS in TLS 1.2.\r\n")
        env["SSLKEYLOGFILE"] = keys
        cmd = ["curl", "-sS", "-k", f"smtps://127.0.0.1:{r['port']}", "--mail-from", M.ALICE[0], "--mail-rcpt", M.BOB[0],
               "--user", f"{M.ALICE[0]}:{M.ALICE[1]}", "--login-options", "AUTH=PLAIN", "--tlsv1.2", "--tls-max", "1.2",
               "--ciphers", r["openssl_cipher"], "-T", msg]
        return cmd, env, None
    if r["client"] == "gnutls":
        env["SSLKEYLOGFILE"] = keys
        cmd = ["gnutls-cli", "--insecure", "--crlf", "--priority", r["gnutls_priority"], "-p", str(r["port"]), "127.0.0.1"]
        return cmd, env, typed_lines(r)
    if r["client"] == "openssl":
        lines = typed_lines(r)
        cmd = ["openssl", "s_client", "-connect", f"127.0.0.1:{r['port']}", "-tls1_3", "-ciphersuites", r["openssl_cipher"],
               "-keylogfile", keys, "-crlf", "-no_ign_eof"]
        return cmd, env, lines
    die(f"unknown client {r['client']}")


def typed_lines(r):
    """The lines typed into a terminal client (gnutls-cli, openssl s_client),
    0.7 s apart: LOGIN and FETCH, or USER/PASS and RETR; None for the others."""
    if r["client"] == "openssl":
        # s_client reads commands from stdin: 'K' sends a KeyUpdate asking the
        # server to update too, 'k' one that does not.
        return ["a1 LOGIN alice wonderland", "K", "a2 SELECT INBOX", "a3 FETCH 1 BODY[]", "k", "a4 NOOP", "a5 LOGOUT"]
    if r["client"] != "gnutls":
        return None
    if r["protocol"] == "imap":
        return ["a1 LOGIN alice wonderland", "a2 SELECT INBOX", "a3 FETCH 1 BODY[]", "a4 LOGOUT"]
    if r["protocol"] == "pop3":
        return ["USER bob", "PASS hunter2", "RETR 1", "QUIT"]
    die(f"no typed dialogue for {r['protocol']}")


def record(stage):
    for r in M.RECORDINGS:
        name = r["file"][:-5]
        pcap = os.path.join(stage, r["file"])
        keys = os.path.join(stage, r["keys"])
        for f in (pcap, keys):
            if os.path.exists(f):
                os.remove(f)
        cmd, env, lines = client_command(r, keys, stage)
        log(f"recording {r['file']}: {' '.join(shlex.quote(c) for c in cmd)}")
        cap = Capture(pcap, r["port"])
        try:
            if lines is None:
                out = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=60)
            else:
                with tempfile.TemporaryFile("w+") as o, tempfile.TemporaryFile("w+") as e:
                    p = subprocess.Popen(cmd, env=env, stdin=subprocess.PIPE, stdout=o, stderr=e, text=True)
                    time.sleep(1.5)
                    for line in lines:
                        p.stdin.write(line + "\n")
                        p.stdin.flush()
                        time.sleep(0.7)
                    p.stdin.close()
                    p.wait(timeout=30)
                    o.seek(0)
                    e.seek(0)
                    out = subprocess.CompletedProcess(cmd, p.returncode, o.read(), e.read())
        finally:
            cap.stop()
        with open(os.path.join(stage, name + ".client.log"), "w") as f:
            f.write(out.stdout + "\n--- stderr ---\n" + out.stderr)
        if out.returncode != 0:
            die(f"{name}: the client failed ({out.returncode}): {out.stderr[-2000:]}")
        r_cmd = " ".join(shlex.quote(c.replace(stage + "/", "")) for c in cmd).replace(HERE + "/", "scripts/lab/")
        with open(os.path.join(stage, name + ".cmd"), "w") as f:
            f.write(r_cmd + "\n")


# ------------------------------------------------------------------ check
def tshark(*args):
    out = subprocess.run(["tshark", *args], capture_output=True, text=True, env=dict(os.environ, LC_ALL="C"))
    if out.returncode != 0:
        die(f"tshark {' '.join(args)} failed: {out.stderr}")
    return out.stdout


def follow_tls(pcap, keys, stream, server_port):
    """tshark's decrypted application data of one stream: (client bytes, server bytes).

    tshark prints node 0's data flush left and node 1's indented by a tab;
    which side node 0 is depends on the capture, so it is read from the
    "Node 0: ADDRESS:PORT" line."""
    args = ["-r", pcap, "-q", "-z", f"follow,tls,raw,{stream}"]
    if keys:
        args[2:2] = ["-o", f"tls.keylog_file:{keys}"]
    text = tshark(*args)
    sides = [bytearray(), bytearray()]
    body = text.split("=" * 67)[1] if "=" * 67 in text else text
    node0 = None
    for line in body.splitlines():
        if line.startswith("Node 0: "):
            node0 = line.rsplit(":", 1)[1].strip()
        if not line.strip() or ":" in line:
            continue
        sides[line.startswith("\t")] += bytes.fromhex(line.strip())
    if node0 is None:
        die(f"tshark's follow output for {pcap} names no node 0")
    left_is_server = node0 == str(server_port)
    client, server = (sides[1], sides[0]) if left_is_server else (sides[0], sides[1])
    return bytes(client), bytes(server)


def wire_credentials(c):
    if c["mechanism"] == "PLAIN":
        return [base64.b64encode(f"\0{c['username']}\0{c['password']}".encode()).decode()]
    if c["mechanism"] == "LOGIN":
        return [f"LOGIN {c['username']} ", c["password"]]
    return [f"USER {c['username']}", f"PASS {c['password']}"]


def check(stage, r, pcap, keys):
    name = r["file"]
    streams = sorted({int(s) for s in tshark("-r", pcap, "-T", "fields", "-e", "tcp.stream").split()})
    if len(streams) != r["tcp_streams"]:
        die(f"{name}: {len(streams)} TCP streams, expected {r['tcp_streams']}")
    hellos = tshark("-r", pcap, "-o", f"tls.keylog_file:{keys}", "-Y", "tls.handshake.type == 2", "-T", "fields",
                    "-e", "tls.handshake.ciphersuite", "-e", "tls.handshake.extensions.supported_version",
                    "-e", "tls.handshake.random", "-e", "tls.handshake.extension.type").splitlines()
    want_version = "0x0304" if r["tls_version"] == "1.3" else ""
    hrr = 0
    for h in hellos:
        suite, version, random, exts = (h.split("\t") + ["", "", "", ""])[:4]
        if int(suite, 16) != r["cipher_suite_id"]:
            die(f"{name}: the server chose suite {suite}, not {r['cipher_suite']}")
        if version != want_version:
            die(f"{name}: ServerHello supported_version {version!r}, expected {want_version!r}")
        if random.startswith("cf21ad74e59a6111be1d8c021e65b891"):
            hrr += 1
        exts = exts.split(",")
        if "encrypt_then_mac" in r["extra"] and "22" not in exts:
            die(f"{name}: the server did not agree to encrypt-then-MAC")
        if "no_encrypt_then_mac" in r["extra"] and "22" in exts:
            die(f"{name}: encrypt-then-MAC is on")
    if hrr != ("hello_retry_request" in r["extra"]):
        die(f"{name}: {hrr} HelloRetryRequests")
    if "resumed" in r["extra"] and r["tls_version"] == "1.3" and "41" not in hellos[-1].split("\t")[3].split(","):
        die(f"{name}: the second connection did not resume (no pre_shared_key in its ServerHello)")
    if "resumed" in r["extra"] and r["tls_version"] == "1.2":
        certs = tshark("-r", pcap, "-Y", "tls.handshake.type == 11", "-T", "fields", "-e", "tcp.stream").split()
        if certs != ["0"]:
            die(f"{name}: Certificate messages in streams {certs}; a resumed second connection has none")
    if "key_update" in r["extra"]:
        n = len(tshark("-r", pcap, "-o", f"tls.keylog_file:{keys}", "-Y", "tls.handshake.type == 24", "-T", "fields",
                       "-e", "frame.number").split())
        if n < 3:
            die(f"{name}: {n} KeyUpdate messages, expected 3 (client K, server's answer, client k)")
    client = server = b""
    for s in streams:
        c, sv = follow_tls(pcap, keys, s, r["port"])
        client += c
        server += sv
    if not client or not server:
        die(f"{name}: tshark decrypted nothing")
    for cred in r["credentials"]:
        for piece in wire_credentials(cred):
            if piece.encode() not in client:
                die(f"{name}: {piece!r} is not in the decrypted client data")
    for m in r["messages"]:
        side = client if m["via"] == "DATA" else server
        if f"Subject: {m['subject']}".encode() not in side:
            die(f"{name}: subject {m['subject']!r} is not in the decrypted data")
    log(f"checked {name}: {len(streams)} stream(s), {len(client)} + {len(server)} bytes decrypted by tshark")


def note(r, cmd):
    lines = [f"# {r['file']}", "", r["title"] + ".", "",
             f"* Keys: `{r['keys']}` (NSS key log written by the client)",
             f"* Protocol: {r['protocol'].upper()} on port {r['port']}, TLS {r['tls']}",
             f"* TLS {r['tls_version']}, {r['cipher_suite']} (0x{r['cipher_suite_id']:04X})",
             f"* Client: {r['client']}; TCP connections: {r['tcp_streams']}"]
    if r["extra"]:
        lines.append(f"* Also: {', '.join(r['extra'])}")
    for c in r["credentials"][:1]:
        lines.append(f"* Login inside TLS: {c['mechanism']} {c['username']} / {c['password']}")
    for m in r["messages"][:1]:
        lines.append(f"* Message ({m['via']}): Subject \"{m['subject']}\"")
    lines += ["", "Recorded by `scripts/lab/record-tls` with:", "", "```sh", cmd.strip(), "```", ""]
    typed = typed_lines(r)
    if typed:
        lines += ["and these lines typed into it:", "", "```", *typed, "```", ""]
    return "\n".join(lines)


def notes(fixtures):
    """Writes the notes NAME.md again from manifest.json (after a change to `note`)."""
    manifest = json.load(open(os.path.join(fixtures, "manifest.json")))
    for r in manifest:
        if r.get("injected_from"):
            continue
        with open(os.path.join(fixtures, r["file"][:-5] + ".md"), "w") as f:
            f.write(note(r, r["command"]))


def publish(stage, fixtures):
    src = next(r for r in M.RECORDINGS if r["file"][:-5] == M.DSB["from"])
    dsb = os.path.join(stage, M.DSB["file"])
    subprocess.run(["editcap", "--inject-secrets", f"tls,{os.path.join(stage, src['keys'])}",
                    os.path.join(stage, src["file"]), dsb], check=True)
    for r in M.RECORDINGS:
        check(stage, r, os.path.join(stage, r["file"]), os.path.join(stage, r["keys"]))
    # The DSB copy decrypts in tshark without a key log file.
    c, s = follow_tls(dsb, None, 0, src["port"])
    if (c, s) != follow_tls(os.path.join(stage, src["file"]), os.path.join(stage, src["keys"]), 0, src["port"]) or not s:
        die("the pcapng with the injected secrets does not decrypt like its source")
    os.makedirs(fixtures, exist_ok=True)
    # remove what the previous run wrote (and only that)
    old = os.path.join(fixtures, "manifest.json")
    if os.path.exists(old):
        for r in json.load(open(old)):
            base = r["file"].rsplit(".", 1)[0]
            for f in (r["file"], r.get("keys"), base + ".md"):
                if f and os.path.exists(os.path.join(fixtures, f)):
                    os.remove(os.path.join(fixtures, f))
    manifest = []
    for r in M.RECORDINGS:
        name = r["file"][:-5]
        cmd = open(os.path.join(stage, name + ".cmd")).read()
        shutil.copyfile(os.path.join(stage, r["file"]), os.path.join(fixtures, r["file"]))
        shutil.copyfile(os.path.join(stage, r["keys"]), os.path.join(fixtures, r["keys"]))
        with open(os.path.join(fixtures, name + ".md"), "w") as f:
            f.write(note(r, cmd))
        manifest.append(dict(r, command=cmd.strip(), typed=typed_lines(r)))
    shutil.copyfile(dsb, os.path.join(fixtures, M.DSB["file"]))
    with open(os.path.join(fixtures, M.DSB["file"][:-7] + ".md"), "w") as f:
        f.write(f"# {M.DSB['file']}\n\n`{src['file']}` with its key log `{src['keys']}` injected as a pcapng "
                f"decryption secrets block:\n\n```sh\neditcap --inject-secrets tls,{src['keys']} {src['file']} {M.DSB['file']}\n```\n")
    dsb_entry = dict(src, file=M.DSB["file"], keys=None, injected_from=src["file"], typed=typed_lines(src), title=src["title"] + ", key log injected as a pcapng DSB")
    manifest.append(dsb_entry)
    with open(os.path.join(fixtures, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=2, ensure_ascii=False)
        f.write("\n")
    log(f"published {len(manifest)} captures to {fixtures}")


def main():
    what = sys.argv[1]
    if what == "seed":
        seed()
    elif what == "record":
        record(sys.argv[2])
    elif what == "publish":
        publish(sys.argv[2], sys.argv[3])
    elif what == "notes":
        notes(sys.argv[2])
    else:
        die(f"unknown step {what}")


if __name__ == "__main__":
    main()
