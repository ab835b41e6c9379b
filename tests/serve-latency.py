#!/usr/bin/env python3
"""How long after a file is written the open pages of `rapor serve` are told
to reload: the time from the write to the event a page's script acts on.

    python3 tests/serve-latency.py URL LOG FILE OLD NEW [N]

URL is what serve printed (http://127.0.0.1:PORT), LOG the file its stderr
goes to, FILE a content file in which the text OLD is replaced by NEW and
back, N times (default 10), each write a whole new file as an editor saves.
For each it prints the delay to the event as a client received it, and
from serve's line in LOG the build's own time, so that the rest, the
serve overhead (waiting for the burst of events to end, telling the
streams, the client's read), is the difference.  Then the medians.  Only
the loopback is contacted.  A measurement tool, not a test.
"""
import os
import re
import socket
import statistics
import sys
import time
from urllib.parse import urlparse


def events(url):
    """Yield (arrival time, data) of each event of the stream."""
    u = urlparse(url)
    s = socket.create_connection((u.hostname, u.port), timeout=60)
    s.sendall(b"GET /.rapor/events HTTP/1.1\r\nHost: %s:%d\r\n\r\n"
              % (u.hostname.encode(), u.port))
    buf = b""
    while True:
        chunk = s.recv(65536)
        if not chunk:
            return
        now = time.monotonic()
        buf += chunk
        for m in re.finditer(rb"data: (\{[^\r\n]*\})", buf):
            yield now, m.group(1).decode()
        buf = buf[buf.rfind(b"\n") + 1:] if b"\n" in buf else buf


def main():
    if len(sys.argv) < 6:
        sys.exit(__doc__)
    url, log, path, old, new = sys.argv[1:6]
    n = int(sys.argv[6]) if len(sys.argv) > 6 else 10
    stream = events(url)
    _, state = next(stream)
    gen = re.search(r'"gen":"([^"]*)"', state).group(1)
    totals, builds, overheads = [], [], []
    for i in range(n):
        text = open(path, encoding="utf-8").read()
        a, b = (old, new) if old in text else (new, old)
        if a not in text:
            sys.exit("%s holds neither text" % path)
        with open(log, encoding="utf-8", errors="replace") as f:
            seen = len(f.readlines())
        tmp = path + ".latency-tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(text.replace(a, b, 1))
        t0 = time.monotonic()
        os.rename(tmp, path)
        for t1, state in stream:
            g = re.search(r'"gen":"([^"]*)"', state).group(1)
            if '"errors":[]' not in state:
                sys.exit("the build failed: " + state[:500])
            if g != gen:
                gen = g
                break
        total = t1 - t0
        build = None
        for _ in range(100):
            with open(log, encoding="utf-8", errors="replace") as f:
                lines = f.readlines()[seen:]
            m = [re.match(r"rapor: rebuilt in ([0-9.]+) s", l) for l in lines]
            m = [x for x in m if x]
            if m:
                build = float(m[-1].group(1))
                break
            time.sleep(0.01)
        totals.append(total)
        if build is None:
            sys.exit("no 'rapor: rebuilt in' line in " + log)
        builds.append(build)
        overheads.append(total - build)
        print("edit %2d: event %.3f s after the write = build %.3f s + "
              "serve %.3f s" % (i + 1, total, build, total - build))
        time.sleep(0.3)
    print("median of %d: event %.3f s after the write, build %.3f s, "
          "serve overhead %.3f s" % (n, statistics.median(totals),
          statistics.median(builds), statistics.median(overheads)))


if __name__ == "__main__":
    main()
