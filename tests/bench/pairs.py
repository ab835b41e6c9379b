#!/usr/bin/env python3
"""Time two commands in turn, each as a whole process (wait4()'s accounting).

    pairs.py N 'SETUP_A' 'A' 'SETUP_B' 'B'

Runs SETUP_A (untimed), A, SETUP_B (untimed), B, N times; prints each pair,
the medians of wall and CPU seconds and of the largest process's peak
memory, and the median of the pairs' B/A ratios.  docs/performance.md
quotes its output.
"""
import os
import statistics as st
import subprocess
import sys
import time


def run(cmd):
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, shell=True, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.monotonic() - t0
    if status != 0:
        sys.exit(f"failed ({status}): {cmd}")
    # ru_maxrss of a waited-for shell: its largest child (KiB)
    return wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024


def main():
    n = int(sys.argv[1])
    sa, a, sb, b = sys.argv[2:6]
    ra, rb = [], []
    for i in range(n):
        subprocess.run(sa, shell=True, check=True)
        ra.append(run(a))
        subprocess.run(sb, shell=True, check=True)
        rb.append(run(b))
        print(f"pair {i}: A {ra[-1][0]:.3f} s cpu {ra[-1][1]:.3f} | "
              f"B {rb[-1][0]:.3f} s cpu {rb[-1][1]:.3f} | "
              f"B/A wall {rb[-1][0] / ra[-1][0]:.4f} cpu "
              f"{rb[-1][1] / ra[-1][1]:.4f}", flush=True)
    for name, r in (("A", ra), ("B", rb)):
        print(f"{name}: wall median {st.median(x[0] for x in r):.3f} s, "
              f"cpu median {st.median(x[1] for x in r):.3f} s, "
              f"peak (largest process) median "
              f"{st.median(x[2] for x in r):.1f} MiB")
    print(f"median of the pairs' B/A: wall "
          f"{st.median(y[0] / x[0] for x, y in zip(ra, rb)):.4f}, cpu "
          f"{st.median(y[1] / x[1] for x, y in zip(ra, rb)):.4f}")
    print("load", os.getloadavg())


main()
