#!/usr/bin/env python3
"""Recompute a rapor site from its downloads alone, and compare with its pages.

  recompute.py blank CONTENT     make some unit rows of CONTENT/data/scores.csv empty
                                 (assessed, not released) and one body's every row
  recompute.py check SITE        the checks below, as TAP on stdout

From data/results.json (the scoring rules, zones and categories), data/results.csv and
data/aspect-values.csv only, every unit score computed from aspects, every mean, category,
zone, rank, parent rank and change is worked out again in exact decimal arithmetic and
compared with the downloads; then every figure a page shows (the elements marked data-r,
with their data-f fields) is compared with the recomputed one, and every body's page of a
year must list exactly the units that have a row that year.  The per-year and per-page
CSV and JSON files must hold exactly their rows of results.csv.
"""
import csv
import io
import json
import os
import re
import sys
from decimal import Decimal, ROUND_DOWN, ROUND_HALF_UP
from html.parser import HTMLParser

# ---------------------------------------------------------------- TAP --
N = 0
FAILED = 0


def report(name, problems):
    global N, FAILED
    N += 1
    if not problems:
        print("ok %d - %s" % (N, name))
        return
    FAILED += 1
    print("not ok %d - %s" % (N, name))
    for p in problems[:30]:
        print("# " + str(p))
    if len(problems) > 30:
        print("# ... and %d more" % (len(problems) - 30))


# ------------------------------------------------------------- blank --
def blank(content):
    """Empty the score and aspect cells of every 11th unit row and of every row
    of one body in its latest year, keeping the file's delimiter and encoding."""
    path = os.path.join(content, "data", "scores.csv")
    raw = open(path, "rb").read()
    bom = raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    crlf = "\r\n" in text
    lines = text.replace("\r\n", "\n").rstrip("\n").split("\n")
    sep = ";" if lines[0].count(";") > lines[0].count(",") else ","
    head = lines[0].split(sep)
    unit = head.index("unit")
    year = head.index("year")
    entity = head.index("entity")
    rows = [l.split(sep) for l in lines[1:]]
    last = max(int(r[year]) for r in rows)
    victim = next(r[entity] for r in rows if int(r[year]) == last and r[unit])
    out = [lines[0]]
    k = 0
    for r in rows:
        if r[unit]:
            k += 1
            if k % 11 == 0 or (int(r[year]) == last and r[entity] == victim):
                r = r[:unit + 1] + [""] * (len(r) - unit - 1)
        elif int(r[year]) == last and r[entity] == victim:
            continue  # its published total goes too: nothing released
        out.append(sep.join(r))
    text = "\n".join(out) + "\n"
    if crlf:
        text = text.replace("\n", "\r\n")
    open(path, "wb").write((b"\xef\xbb\xbf" if bom else b"") + text.encode())


# --------------------------------------------------------- the data --
def read_csv(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


class Scheme:
    def __init__(self, j):
        self.decimals = j["decimals"]
        self.mode = ROUND_DOWN if j["rounding"] == "truncate" else ROUND_HALF_UP
        self.unit = j["unit"]
        self.zones = {z["id"]: z for z in j["zones"]}
        self.cats = {}
        for c in j["categories"]:
            self.cats.setdefault(c["year"], []).append(c)
        for y in self.cats:
            self.cats[y].sort(key=lambda c: -Decimal(str(c["min"])))
        self.q = Decimal(1).scaleb(-self.decimals)

    def round(self, x):
        return x.quantize(self.q, rounding=self.mode)

    def fmt(self, x, plus=False):
        s = str(x.quantize(self.q))
        if plus and x > 0:
            s = "+" + s
        return s

    def category(self, year, score):
        for c in self.cats.get(year, []):
            if Decimal(str(c["min"])) <= score:
                return c
        return None


def key_of(r):
    return "%s/%s" % (r["year"], r["entity"]) + ("/" + r["unit"] if r["unit"] else "")


def competition(rows, group):
    """{key: (rank, of)} of rows ranked by score within group(row)."""
    out = {}
    groups = {}
    for r in rows:
        groups.setdefault(group(r), []).append(r)
    for g in groups.values():
        scores = sorted((Decimal(r["score"]) for r in g), reverse=True)
        for r in g:
            s = Decimal(r["score"])
            out[key_of(r)] = (1 + sum(1 for x in scores if x > s), len(g))
    return out


def recompute(site):
    """The figures every row should have, worked out from the downloads."""
    j = json.load(open(os.path.join(site, "data", "results.json"), encoding="utf-8"))
    sc = Scheme(j)
    rows = read_csv(os.path.join(site, "data", "results.csv"))
    aspects = {}
    for a in read_csv(os.path.join(site, "data", "aspect-values.csv")):
        aspects.setdefault("%s/%s/%s" % (a["year"], a["entity"], a["unit"]), []).append(a)
    problems = []
    want = {}
    released = [r for r in rows if r["source"] != "not-released"]
    # Unit scores computed from aspects, then means of the rounded unit scores.
    for r in released:
        k = key_of(r)
        w = want.setdefault(k, {})
        if r["source"] == "computed":
            av = aspects.get(k, [])
            if not av:
                problems.append("%s: computed, but no aspect values" % k)
                continue
            if sc.unit == "sum":
                x = sum(Decimal(a["value"]) for a in av)
            else:
                x = sum(Decimal(a["weight"]) * Decimal(a["value"]) for a in av) / \
                    sum(Decimal(a["weight"]) for a in av)
            w["score"] = sc.fmt(sc.round(x))
        elif r["source"] in ("given", "published"):
            w["score"] = r["score"]
    units_of = {}
    for r in released:
        if r["unit"]:
            units_of.setdefault("%s/%s" % (r["year"], r["entity"]), []).append(r)
    for r in released:
        if r["unit"]:
            continue
        k = key_of(r)
        us = units_of.get(k, [])
        if us:
            m = sc.fmt(sc.round(sum(Decimal(want[key_of(u)].get("score", u["score"]))
                                    for u in us) / len(us)))
            want[k]["mean"] = m
            if r["source"] == "mean":
                want[k]["score"] = m
        elif r["source"] == "mean":
            problems.append("%s: a mean without released units" % k)
    # Categories, zones, ranks and changes from the recomputed scores.
    for r in released:
        k = key_of(r)
        s = Decimal(want[k].get("score", r["score"]))
        c = sc.category(int(r["year"]), s)
        want[k]["category"] = c["code"] if c else ""
        want[k]["category_name"] = c["name"] if c else ""
        want[k]["zone"] = c["zone"] if c else ""
    scored = [dict(r, score=want[key_of(r)].get("score", r["score"])) for r in released]
    ents = [r for r in scored if not r["unit"]]
    for k, (rk, of) in competition(ents, lambda r: (r["year"], r["kind"])).items():
        want[k]["rank"], want[k]["rank_of"] = str(rk), str(of)
    kids = [r for r in ents if r["parent"]]
    for k, (rk, of) in competition(kids, lambda r: (r["year"], r["parent"])).items():
        want[k]["parent_rank"], want[k]["parent_rank_of"] = str(rk), str(of)
    for k, (rk, of) in competition([r for r in scored if r["unit"]],
                                   lambda r: (r["year"], r["entity"])).items():
        want[k]["rank"], want[k]["rank_of"] = str(rk), str(of)
    last = {}
    for r in sorted(scored, key=lambda r: int(r["year"])):
        who = (r["entity"], r["unit"])
        k = key_of(r)
        if who in last:
            want[k]["change"] = sc.fmt(Decimal(r["score"]) - Decimal(last[who]), plus=True)
        else:
            want[k]["change"] = ""
        last[who] = r["score"]
    for r in rows:
        k = key_of(r)
        if r["source"] == "not-released":
            want[k] = {f: "" for f in ("score", "category", "category_name", "zone",
                                        "rank", "rank_of", "change")}
            continue
        want[k].setdefault("parent_rank", "")
        want[k].setdefault("parent_rank_of", "")
    return sc, j, rows, want, problems


# ------------------------------------------------------------ pages --
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
        "source", "track", "wbr"}


class Figures(HTMLParser):
    """The shown results of a page: [(key, {field: text}, is_missing)], the
    text of its notes, its links, and its language."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []       # open tags: (tag, record or None, field or None)
        self.results = []
        self.lang = None
        self.links = []
        self.notes = []
        self.main = []
        self.in_main = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
        if tag in VOID:
            return
        rec = None
        if "data-r" in a:
            rec = [a["data-r"], {}, "missing" in (a.get("class") or "").split()]
            self.results.append(rec)
        field = a.get("data-f")
        if tag == "main":
            self.in_main += 1
        if tag == "p" and a.get("role") == "note":
            field = "__note"
            self.notes.append([])
        self.stack.append((tag, rec, field))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        while self.stack:
            t, _, _ = self.stack.pop()
            if t == "main":
                self.in_main -= 1
            if t == tag:
                break

    def handle_data(self, data):
        if self.in_main:
            self.main.append(data)
        rec = next((r for _, r, _ in reversed(self.stack) if r is not None), None)
        for _, _, f in reversed(self.stack):
            if f == "__note":
                self.notes[-1].append(data)
                break
            if f is not None and rec is not None:
                rec[1][f] = rec[1].get(f, "") + data
                break


def shown_number(text, lang):
    t = " ".join(text.split())
    if t in ("–", "-", ""):
        return ""
    return t.replace(",", ".") if lang == "id" else t


def two_numbers(text):
    m = re.findall(r"\d+", text)
    return m[:2]


def html_pages(site):
    for d, _, files in os.walk(site):
        if ".rapor" in d.split(os.sep):
            continue
        for f in files:
            if f == "index.html":
                yield os.path.relpath(os.path.join(d, f), site)


def check_pages(site, sc, j, rows, want):
    zone_name = {z: v["name"] for z, v in sc.zones.items()}
    by_key = {key_of(r): r for r in rows}
    unit_keys = {}
    names = {}
    for r in rows:
        if r["unit"]:
            unit_keys.setdefault("%s/%s" % (r["year"], r["entity"]), set()).add(key_of(r))
            names.setdefault(r["entity"], {})[r["unit"]] = r["unit_name"]
    problems, lists, seen = [], [], 0
    for page in sorted(html_pages(site)):
        p = Figures()
        p.feed(open(os.path.join(site, page), encoding="utf-8").read())
        for k, fields, missing in p.results:
            seen += 1
            w = want.get(k)
            if w is None:
                problems.append("%s: %s is shown but is no row of results.csv" % (page, k))
                continue
            if missing:
                if by_key[k]["source"] != "not-released":
                    problems.append("%s: %s shown as not released, but it is %s" %
                                    (page, k, by_key[k]["source"]))
                continue
            if by_key[k]["source"] == "not-released":
                problems.append("%s: %s is not released but shown with figures" % (page, k))
                continue
            for f, text in fields.items():
                if f in ("score", "change"):
                    got, exp = shown_number(text, p.lang), w[f]
                elif f == "category":
                    got, exp = text.strip(), w["category"]
                elif f == "zone":
                    got, exp = " ".join(text.split()), zone_name.get(w["zone"], "")
                elif f == "rank":
                    got = two_numbers(text)
                    exp = [w["rank"], w["rank_of"]][:len(got)]
                elif f == "parent-rank":
                    got, exp = two_numbers(text), [w["parent_rank"], w["parent_rank_of"]]
                else:
                    continue
                if got != exp:
                    problems.append("%s: %s %s shows %r, the downloads give %r" %
                                    (page, k, f, got, exp))
        m = re.match(r"^(\d{4})/([^/]+)/index\.html$", page)
        if m and m.group(1) + "/" + m.group(2) in by_key and \
                by_key[m.group(1) + "/" + m.group(2)]["source"] != "not-released":
            yk = m.group(1) + "/" + m.group(2)
            listed = {k for k, _, _ in p.results if k.startswith(yk + "/")}
            expect = unit_keys.get(yk, set())
            if listed != expect:
                problems.append("%s: lists units %s, the downloads have %s" %
                                (page, sorted(listed - expect), sorted(expect - listed)))
            # A unit of this body without a row this year appears nowhere on
            # its page, charts included.
            text = " ".join(p.main)
            here = {k.rsplit("/", 1)[1] for k in expect}
            for uid, nm in names.get(m.group(2), {}).items():
                if uid not in here and re.search(r"\b%s\b" % re.escape(nm), text) and \
                        not any(names[m.group(2)][u] == nm for u in here):
                    problems.append("%s: %s was not assessed in %s but is on the page" %
                                    (page, nm, m.group(1)))
            w = want[yk]
            if by_key[yk]["source"] == "published" and "mean" in w and w["mean"] != w["score"]:
                mean = w["mean"].replace(".", ",") if p.lang == "id" else w["mean"]
                if not any(mean in "".join(n) for n in p.notes):
                    problems.append("%s: the mean %s of the units differs from the total "
                                    "%s, and no note says so" % (page, w["mean"], w["score"]))
            lists.append(page)
    return problems, seen, len(lists)


# ---------------------------------------------------------- downloads --
def json_rows(path):
    """The rows of a results JSON file, numbers as written (not as floats)."""
    text = open(path, encoding="utf-8").read()
    j = json.loads(text, parse_float=lambda s: s, parse_int=lambda s: s)
    return j, j["results"]


def same_rows(csv_rows, js, sc):
    """Problems where the JSON rows do not say what the CSV rows say."""
    out = []
    if len(csv_rows) != len(js):
        return ["%d CSV rows, %d JSON rows" % (len(csv_rows), len(js))]
    for c, o in zip(csv_rows, js):
        for f, v in c.items():
            jv = o.get(f)
            jv = "" if jv is None else jv
            if f == "change" and v.startswith("+"):
                v = v[1:]
            if v.startswith("'") and isinstance(jv, str) and not jv.startswith("'"):
                v = v[1:]  # the CSV defuses formulas, the JSON needs not
            if str(jv) != v:
                out.append("%s %s: CSV %r, JSON %r" % (key_of(c), f, v, jv))
    return out


def check_downloads(site, sc, rows):
    problems = []
    aspects = read_csv(os.path.join(site, "data", "aspect-values.csv"))
    byk = {}
    for a in aspects:
        byk.setdefault("%s/%s/%s" % (a["year"], a["entity"], a["unit"]), []).append(a)
    j, js = json_rows(os.path.join(site, "data", "results.json"))
    problems += same_rows(rows, js, sc)
    for r, o in zip(rows, js):
        got = [(a["aspect"], a["value"]) for a in o.get("aspects", [])]
        exp = [(a["aspect"], a["value"]) for a in byk.get(key_of(r), [])] if r["unit"] else []
        if got != exp:
            problems.append("%s: results.json aspects %s, aspect-values.csv %s" %
                            (key_of(r), got, exp))
    files = 0
    years = sorted({r["year"] for r in rows})
    for y in years:
        sub = [r for r in rows if r["year"] == y]
        problems += ["results-%s.csv: %s" % (y, p) for p in
                     ([] if read_csv(os.path.join(site, "data", "results-%s.csv" % y)) == sub
                      else ["differs from its rows of results.csv"])]
        problems += ["results-%s.json: %s" % (y, p) for p in
                     same_rows(sub, json_rows(os.path.join(site, "data", "results-%s.json" % y))[1], sc)]
        files += 2
    # The files beside the pages: a body's year, a unit's year, a body's years.
    groups = {}
    for r in rows:
        e = r["entity"]
        groups.setdefault(("%s/%s/%s-%s" % (r["year"], e, e, r["year"])), []).append(r)
        groups.setdefault(("%s/%s" % (e, e)), []).append(r)
        if r["unit"]:
            u = r["unit"]
            groups.setdefault("%s/%s/%s/%s-%s-%s" % (r["year"], e, u, e, u, r["year"]), []).append(r)
    for stem, sub in groups.items():
        page = os.path.join(site, os.path.dirname(stem), "index.html")
        if not os.path.exists(page):
            continue  # no page (a not-released unit without commentary)
        for ext in ("csv", "json"):
            f = os.path.join(site, stem + "." + ext)
            if not os.path.exists(f):
                problems.append("%s has no %s.%s" % (os.path.relpath(page, site), stem, ext))
                continue
            files += 1
            if ext == "csv" and read_csv(f) != sub:
                problems.append("%s.csv: not its rows of results.csv" % stem)
            if ext == "json":
                problems += ["%s.json: %s" % (stem, p) for p in same_rows(sub, json_rows(f)[1], sc)]
            html = open(page, encoding="utf-8").read()
            if 'href="%s.%s"' % (os.path.basename(stem), ext) not in html:
                problems.append("%s does not link %s.%s" %
                                (os.path.relpath(page, site), os.path.basename(stem), ext))
    return problems, files


def check(site):
    sc, j, rows, want, problems = recompute(site)
    diffs = []
    for r in rows:
        k = key_of(r)
        for f, v in want[k].items():
            if f == "mean":
                continue
            if r.get(f, "") != v:
                diffs.append("%s %s: results.csv has %r, recomputed %r" % (k, f, r.get(f), v))
    nr = sum(1 for r in rows if r["source"] == "not-released")
    report("every score, mean, category, zone, rank and change of results.csv recomputed "
           "from the downloads (%d rows, %d not released)" % (len(rows), nr), problems + diffs)
    dl, files = check_downloads(site, sc, rows)
    report("results.json, the per-year and the per-page downloads hold exactly their rows "
           "of results.csv (%d files)" % files, dl)
    pp, seen, lists = check_pages(site, sc, j, rows, want)
    report("every figure the pages show is the recomputed one (%d shown results; %d body "
           "pages list exactly the units with a row that year)" % (seen, lists), pp)
    if seen == 0:
        report("the pages mark their figures (data-r, data-f)", ["no marked figure found"])


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("blank", "check"):
        sys.stderr.write(__doc__)
        sys.exit(2)
    if sys.argv[1] == "blank":
        blank(sys.argv[2])
        return
    check(sys.argv[2])
    print("1..%d" % N)
    sys.exit(1 if FAILED else 0)


if __name__ == "__main__":
    main()
