#!/usr/bin/env python3
"""Change a content folder in place the ways a rebuild meets: some
scores, one unit's result gone, a display name, a commentary file gone,
a page added.  Used by tests/crash.test.sh."""
import os
import re
import sys

d = sys.argv[1]


def edit(rel, fn):
    p = os.path.join(d, rel)
    lines = open(p, encoding='utf-8').read().split('\n')
    open(p, 'w', encoding='utf-8').write('\n'.join(fn(lines)))


def scores(lines):
    sep = ';' if ';' in lines[0] else ','
    out, dropped = [lines[0]], False
    for i, line in enumerate(lines[1:], 1):
        f = line.split(sep)
        if len(f) > 3 and f[2] and not dropped:
            dropped = True
            continue
        if i % 7 == 0 and len(f) > 3 and re.match(r'^[0-9]+[.,][0-9]+$', f[3]):
            f[3] = f[3][:-1] + ('2' if f[3][-1] == '1' else '1')
        out.append(sep.join(f))
    return out


def entities(lines):
    sep = ';' if ';' in lines[0] else ','
    f = lines[1].split(sep)
    f[1] += ' Baru'
    lines[1] = sep.join(f)
    return lines


edit('data/scores.csv', scores)
edit('data/entities.csv', entities)
for root, dirs, files in sorted(os.walk(d)):
    mds = sorted(x for x in files if x.endswith('.md'))
    if root != d and mds:
        os.remove(os.path.join(root, mds[0]))
        break
open(os.path.join(d, 'tentang.md'), 'w').write('# Tentang\n\nHalaman baru.\n')
