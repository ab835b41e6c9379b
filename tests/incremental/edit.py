#!/usr/bin/env python3
"""One random edit of a content folder and its templates, as an office
makes them between two builds, for tests/incremental.test.sh.

    edit.py CONTENT TEMPLATES SEED

Prints what it changed.  Every edit keeps the content valid (rapor check
passes), so that each build publishes and the rebuilt site can be
compared with a clean build of the same content."""
import os
import random
import re
import sys

content, templates, seed = sys.argv[1], sys.argv[2], int(sys.argv[3])
rnd = random.Random(seed)


def path(*p):
    return os.path.join(content, *p)


# How each file was written (a spreadsheet's export may use ';' between
# cells, a decimal comma and a byte-order mark, as the sample does): the
# file is written back the same way.
style = {}


def read_csv(rel):
    text = open(path(rel), encoding='utf-8').read()
    bom = text.startswith('\ufeff')
    text = text.lstrip('\ufeff')
    lines = text.split('\n')
    sep = ';' if ';' in lines[0] else ','
    style[rel] = (sep, bom)
    head = lines[0].split(sep)
    rows = [l.split(sep) for l in lines[1:] if l.strip()]
    return head, rows


def write_csv(rel, head, rows):
    sep, bom = style.get(rel, (',', False))
    open(path(rel), 'w', encoding='utf-8').write(('\ufeff' if bom else '') +
        '\n'.join([sep.join(head)] + [sep.join(r) for r in rows]) + '\n')


def number(x):
    """x with two decimals, in the decimal mark of scores.csv."""
    t = '%.2f' % x
    return t.replace('.', ',') if style.get('data/scores.csv',
                                            (',',))[0] == ';' else t


def score_value():
    return number(rnd.randint(2000, 10000) / 100)


def edit_score():
    head, rows = read_csv('data/scores.csv')
    i = rnd.randrange(len(rows))
    r = rows[i]
    if r[3]:
        r[3] = score_value()
    else:
        # a score computed from its aspects: change one aspect value
        cols = [k for k in range(4, len(r)) if r[k]]
        if not cols:
            r[3] = score_value()
        else:
            k = rnd.choice(cols)
            r[k] = number(rnd.randint(0, 10000) / 100)
    write_csv('data/scores.csv', head, rows)
    return 'score of %s %s %s' % (r[0], r[1], r[2] or '(total)')


def edit_name():
    which = rnd.choice(['data/entities.csv', 'data/units.csv'])
    head, rows = read_csv(which)
    r = rnd.choice(rows)
    col = head.index('name')
    r[col] = r[col] + rnd.choice([' Baru', ' (diubah)', 'x'])
    write_csv(which, head, rows)
    return 'name in %s: %s' % (which, r[col])


def edit_unit_add():
    uh, units = read_csv('data/units.csv')
    sh, scores = read_csv('data/scores.csv')
    e = rnd.choice(units)[0]
    uid = 'uji-%d' % seed
    units.append([e, uid, 'Unit Uji %d' % seed, 'OPD'][:len(uh)])
    units.sort(key=lambda r: (r[0], r[1]))
    years = sorted({r[0] for r in scores if r[1] == e})
    y = rnd.choice(years)
    row = [y, e, uid, score_value()] + [''] * (len(sh) - 4)
    scores.append(row)
    write_csv('data/units.csv', uh, units)
    write_csv('data/scores.csv', sh, scores)
    return 'unit %s added to %s in %s' % (uid, e, y)


def edit_unit_remove():
    uh, units = read_csv('data/units.csv')
    sh, scores = read_csv('data/scores.csv')
    u = rnd.choice(units)
    # commentary on it would then be an error: move it out of the way
    for root, dirs, files in os.walk(content):
        for f in files:
            if root.endswith('/' + u[0]) and f == u[1] + '.md':
                os.remove(os.path.join(root, f))
    units.remove(u)
    scores = [r for r in scores if not (r[1] == u[0] and r[2] == u[1])]
    write_csv('data/units.csv', uh, units)
    write_csv('data/scores.csv', sh, scores)
    return 'unit %s of %s removed' % (u[1], u[0])


def edit_scheme():
    head, rows = read_csv('data/categories.csv')
    r = rnd.choice([r for r in rows if float(r[3]) > 0])
    r[3] = '%.2f' % (float(r[3]) + rnd.choice([-1.5, 1.5]))
    write_csv('data/categories.csv', head, rows)
    return 'category %s of %s now from %s' % (r[1], r[0], r[3])


def edit_weight():
    head, rows = read_csv('data/aspects.csv')
    if not rows:
        return edit_scheme()
    r = rnd.choice(rows)
    r[3] = '%.2f' % (float(r[3]) + 1)
    write_csv('data/aspects.csv', head, rows)
    return 'weight of %s now %s' % (r[1], r[3])


def edit_commentary():
    mds = []
    for root, dirs, files in os.walk(content):
        mds += [os.path.join(root, f) for f in files if f.endswith('.md')]
    mds.sort()
    f = rnd.choice(mds)
    if rnd.random() < 0.2 and not f.endswith('index.md'):
        os.remove(f)
        return 'commentary removed: %s' % f
    text = open(f, encoding='utf-8').read()
    text += '\nParagraf tambahan %d.\n' % seed
    open(f, 'w', encoding='utf-8').write(text)
    return 'commentary edited: %s' % f


def edit_template():
    names = sorted(n for n in os.listdir(templates) if n.endswith('.mustache'))
    choice = rnd.choice(names + ['assets/style.css', 'lang'])
    if choice == 'lang':
        f = os.path.join(templates, 'lang', 'id.ini')
        text = open(f, encoding='utf-8').read()
        text = re.sub(r'^(footer\s*=\s*.*)$', lambda m: m.group(1) + ' (%d)' % seed,
                      text, count=1, flags=re.M)
    else:
        f = os.path.join(templates, choice)
        text = open(f, encoding='utf-8').read()
        text += '\n' if choice.endswith('.css') else '<!-- %d -->\n' % seed
    open(f, 'w', encoding='utf-8').write(text)
    return 'template edited: %s' % f


def edit_site():
    f = path('site.ini')
    text = open(f, encoding='utf-8').read()
    if rnd.random() < 0.5:
        if 'language = id' in text:
            text = text.replace('language = id', 'language = en')
        else:
            text = text.replace('language = en', 'language = id')
        what = 'language switched'
    else:
        text = re.sub(r'^title = (.*)$', lambda m: 'title = %s %d' % (m.group(1), seed),
                      text, count=1, flags=re.M)
        what = 'site title changed'
    open(f, 'w', encoding='utf-8').write(text)
    return what


def edit_page():
    f = path('tentang-%d.md' % (seed % 3))
    if os.path.exists(f):
        os.remove(f)
        return 'page removed: %s' % f
    open(f, 'w', encoding='utf-8').write('---\ntitle: Tentang %d\n---\nTeks.\n' % seed)
    return 'page added: %s' % f


def edit_unreleased():
    """A unit's score assessed but not released (an empty row), or
    released again."""
    head, rows = read_csv('data/scores.csv')
    units = [r for r in rows if r[2]]
    if not units:
        return edit_score()
    r = rnd.choice(units)
    if any(r[3:]):
        r[3:] = [''] * (len(r) - 3)
        what = 'not released'
    else:
        r[3] = score_value()
        what = 'released again'
    write_csv('data/scores.csv', head, rows)
    return 'unit %s of %s in %s: %s' % (r[2], r[1], r[0], what)


kinds = [(edit_score, 30), (edit_unreleased, 4), (edit_name, 10), (edit_unit_add, 6), (edit_unit_remove, 6),
         (edit_scheme, 5), (edit_weight, 3), (edit_commentary, 12), (edit_template, 10),
         (edit_site, 6), (edit_page, 5)]
total = sum(w for _, w in kinds)
pick = rnd.randrange(total)
for fn, w in kinds:
    if pick < w:
        print(fn())
        break
    pick -= w
