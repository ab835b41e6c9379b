#!/usr/bin/env python3
"""How long after a file is written the open pages of `rapor serve` are told
to reload: the time from the write to the event a page's script acts on.

    python3 tests/serve-latency.py [--page PATH] URL LOG FILE OLD NEW [N]

URL is what serve printed (http://127.0.0.1:PORT), LOG the file its stderr
goes to, FILE a content file in which the text OLD is replaced by NEW and
back, N times (default 10), each write a whole new file as an editor saves.
For each it prints the delay to the event as a client received it, and
from serve's line in LOG the build's own time (with the open pages made
first, the event comes before the build's end).  Then the medians. Only
the loopback is contacted.  A measurement tool, not a test.

With --page PATH (a page's path, "/2023/"), the event stream is opened as
that page's script opens it, so serve makes that page first; after each
event the page is fetched, and whether it holds NEW's text (or OLD's, on
the way back) is printed: the change is then visible, not only announced.
"""
import os
import re
import socket
import statistics
import sys
import queue
import threading
import time
import urllib.request
from urllib.parse import urlparse


def events(url, page, q):
    """Put (arrival time, data) of each event of the stream on q."""
    u = urlparse(url)
    s = socket.create_connection((u.hostname, u.port), timeout=60)
    s.sendall(b"GET /.rapor/events%s HTTP/1.1\r\nHost: %s:%d\r\n\r\n"
              % (page.encode(), u.hostname.encode(), u.port))
    buf = b""
    while True:
        chunk = s.recv(65536)
        if not chunk:
            return
        now = time.monotonic()
        buf += chunk
        for m in re.finditer(rb"data: (\{[^\r\n]*\})", buf):
            q.put((now, m.group(1).decode()))
        buf = buf[buf.rfind(b"\n") + 1:] if b"\n" in buf else buf


def fetch(url, page):
    """The body of the page at url + page."""
    with urllib.request.urlopen(url + page, timeout=60) as r:
        return r.read().decode("utf-8", errors="replace")


def main():
    args = sys.argv[1:]
    page = ""
    if len(args) >= 2 and args[0] == "--page":
        page, args = args[1], args[2:]
    if len(args) < 5:
        sys.exit(__doc__)
    url, log, path, old, new = args[:5]
    n = int(args[5]) if len(args) > 5 else 10
    stream = queue.Queue()
    threading.Thread(target=events, args=(url, page, stream),
                     daemon=True).start()
    _, state = stream.get(timeout=60)
    gen = re.search(r'"gen":"([^"]*)"', state).group(1)
    totals, builds = [], []
    for i in range(n):
        text = open(path, encoding="utf-8").read()
        a, b = (old, new) if old in text else (new, old)
        if a not in text:
            sys.exit("%s holds neither text" % path)
        with open(log, encoding="utf-8", errors="replace") as f:
            seen = len(f.readlines())
        # The last build's events, a second one at its end included.
        while not stream.empty():
            gen = re.search(r'"gen":"([^"]*)"', stream.get()[1]).group(1)
        tmp = path + ".latency-tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(text.replace(a, b, 1))
        t0 = time.monotonic()
        os.rename(tmp, path)
        while True:
            t1, state = stream.get(timeout=60)
            g = re.search(r'"gen":"([^"]*)"', state).group(1)
            if '"errors":[]' not in state:
                sys.exit("the build failed: " + state[:500])
            if g != gen:
                gen = g
                break
        total = t1 - t0
        build = None
        seen_text = ""
        if page:
            body = fetch(url, page)
            t2 = time.monotonic()
            seen_text = "; page %s %s at %.3f s" % (
                page, "shows the edit" if b in body else "DOES NOT show the edit",
                t2 - t0)
        for _ in range(1000):
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
        print("edit %2d: event %.3f s after the write; build %.3f s%s" %
              (i + 1, total, build, seen_text))
        time.sleep(0.5)
    print("median of %d: event %.3f s after the write, build %.3f s" %
          (n, statistics.median(totals), statistics.median(builds)))


if __name__ == "__main__":
    main()
