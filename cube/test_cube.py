#!/usr/bin/env python3
"""Tests of cube/cube.sql on DuckDB and Spark: `python3 cube/test_cube.py` (exit 1 on failure).

1. KPIs from the cube vs the independently computed *.expected.json of the shared fixtures
   (every view whose period is whole months or the whole file; `previous` when whole months):
   counts, rates and means at relative 1e-9, medians and p90 within 1 %.
2. DuckDB and Spark cubes equal, cell by cell and bucket by bucket.
3. An independent Python reference of the record rules and per-ticket facts (written from
   shared/spec and docs/data-format.md, sharing no code with build_cube.py) vs the cube, on the
   fixtures, on hand-made edge cases (every rejection reason, boundaries of limits, windows and
   plausibility, survey ties, JSON oddities, NDJSON, two exports) and on random records.
4. The log bucket formula at every bucket boundary below 3.18e9 s, as each engine evaluates it.

Options: --duckdb-only (skip Spark), -v (more output). Fixtures: $KPI_FIXTURES or
../shared/data/fixtures beside the repository.
"""

import bisect
import datetime as dt
import gzip
import json
import math
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from fractions import Fraction

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, HERE)

import build_cube  # noqa: E402  (the code under test)

FIXTURES = os.environ.get("KPI_FIXTURES") or os.path.join(REPO, "..", "shared", "data", "fixtures")
VERBOSE = "-v" in sys.argv
DUCKDB_ONLY = "--duckdb-only" in sys.argv

KINDS = ["complaint", "repair", "inquiry", "request", "suggestion", "praise"]
TIERS = ["未分级", "A", "B", "C"]

passed, failed = 0, 0


def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
        if VERBOSE:
            print(f"  ok   {what}")
    else:
        failed += 1
        print(f"  FAIL {what}")
    return ok


# =============================================================================================
# KPIs from a cube (docs/cube-format.md + shared/spec/kpis.md), independent of the Rust code
# =============================================================================================

def representative(bucket):
    return 0.0 if bucket == 0 else 1.01 ** (bucket - 0.5)


def percentile(hist, p):
    """kpis.md type 7 over the sorted bucket representatives (cube-format.md)."""
    n = sum(hist.values())
    if n == 0:
        return None
    h = (n - 1) * p
    lo = math.floor(h)

    def at(rank):
        seen = 0
        for b in sorted(hist):
            seen += hist[b]
            if rank < seen:
                return representative(b)
        raise AssertionError("rank out of range")

    x = at(lo)
    return x if lo + 1 >= n else x + (h - lo) * (at(lo + 1) - x)


def cube_kpis(cube, months, districts=(), kinds=()):
    """The figures of kpis.md for the cells of `months` (labels), districts, kinds."""
    cells, hists = cube["cells"], cube["histograms"]
    codes = [d["code"] for d in cube["districts"]]
    month_idx = {m: i for i, m in enumerate(cube["months"])}
    want_m = {month_idx[m] for m in months if m in month_idx}
    want_d = {codes.index(c) for c in districts} if districts else set(range(len(codes)))
    want_k = {KINDS.index(k) for k in kinds} if kinds else set(range(6))
    chosen = [i for i in range(len(cells["tickets"]))
              if cells["month"][i] in want_m and cells["district"][i] in want_d
              and cells["kind"][i] in want_k]
    chosen_set = set(chosen)

    def total(col):
        return sum(cells[col][i] for i in chosen)

    by_measure = [Counter(), Counter(), Counter()]
    for c, m, b, n in zip(hists["cell"], hists["measure"], hists["bucket"], hists["count"]):
        if c in chosen_set:
            by_measure[m][b] += n

    def ratio(a, b, scale=1.0):
        return a / b * scale if b else None

    def duration(prefix, measure, unit):
        n = total(f"{prefix}_n")
        return {"n": n, "mean": ratio(total(f"{prefix}_secs"), n) / unit if n else None,
                "median": None if not n else percentile(by_measure[measure], 0.5) / unit,
                "p90": None if not n else percentile(by_measure[measure], 0.9) / unit}

    by_kind = {k: sum(cells["tickets"][i] for i in chosen if cells["kind"][i] == KINDS.index(k))
               for k in KINDS}
    complaints = by_kind["complaint"]
    customers = [cube["districts"][i].get("customers") for i in sorted(want_d)]
    rate = None
    if all(c is not None for c in customers) and sum(customers) > 0:
        rate = complaints / sum(customers) * 10000
    pareto_counts = Counter()
    for i in chosen:
        if cells["kind"][i] == 0:
            pareto_counts[cube["categories"][cells["category"][i]]] += cells["tickets"][i]
    pareto, cum, vital = [], 0, None
    for cat, n in sorted(pareto_counts.items(), key=lambda kv: (-kv[1], kv[0])):
        cum += n
        pareto.append({"category": cat, "count": n, "cum_pct": cum / complaints * 100})
        if vital is None and cum / complaints * 100 >= 80:
            vital = len(pareto)
    return {
        "tickets": total("tickets"), "complaints": complaints, "by_kind": by_kind,
        "complaint_rate_per_10k": rate,
        "first_response_min": duration("fr", 0, 60.0),
        "first_response_pct": ratio(total("fr_met"), total("fr_met") + total("fr_breached"), 100),
        "repair_arrival_min": duration("arr", 1, 60.0),
        "repair_arrival_pct": ratio(total("arr_met"), total("arr_met") + total("arr_breached"),
                                    100),
        "resolution_hours": duration("res", 2, 3600.0),
        "resolution_pct": ratio(total("res_met"), total("res_met") + total("res_breached"), 100),
        "backlog": total("backlog"), "overdue": total("overdue"),
        "repeat_complaint_pct": ratio(total("repeat_complaints"),
                                      total("complaints_with_customer"), 100),
        "satisfaction_mean": ratio(total("score_total"), total("scored")),
        "csat_pct": ratio(total("satisfied"), total("scored"), 100),
        "survey_coverage_pct": ratio(total("scored"), total("resolved"), 100),
        "pareto": pareto, "vital_few": vital,
    }


def whole_months(first, last):
    """The months of [first, last] if it is whole calendar months, else None."""
    a, b = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    if a.day != 1 or (b + dt.timedelta(days=1)).day != 1 or b < a:
        return None
    months, y, m = [], a.year, a.month
    while (y, m) <= (b.year, b.month):
        months.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return months


def months_before(months):
    y, m = map(int, months[0].split("-"))
    out = []
    for _ in months:
        y, m = (y - 1, 12) if m == 1 else (y, m - 1)
        out.append(f"{y:04d}-{m:02d}")
    return sorted(out)


worst = {"percentile": 0.0, "exact": 0.0}


def compare(path, got, want, percentile_field=False):
    if isinstance(want, dict):
        for k, v in want.items():
            compare(f"{path}.{k}", got.get(k) if isinstance(got, dict) else None, v,
                    k in ("median", "p90"))
        return
    if isinstance(want, list):
        if check(isinstance(got, list) and len(got) == len(want), f"{path}: length"):
            for i, (g, w) in enumerate(zip(got, want)):
                compare(f"{path}[{i}]", g, w)
        return
    if want is None or got is None or isinstance(want, str):
        check(got == want, f"{path}: {got!r} == {want!r}")
        return
    err = abs(got - want) / abs(want) if want else abs(got - want)
    kind = "percentile" if percentile_field else "exact"
    worst[kind] = max(worst[kind], err)
    limit = 0.01 if percentile_field else 1e-9
    check(err <= limit, f"{path}: {got!r} vs {want!r} (relative error {err:.2e})")


def check_expected(cube, engine):
    names = sorted(f for f in os.listdir(FIXTURES) if f.endswith(".expected.json"))
    for name in names:
        source = name.split(".")[0]
        if not cube.get(source):
            continue
        with open(os.path.join(FIXTURES, name), encoding="utf-8") as f:
            expected = json.load(f)
        view = expected["view"]
        c = cube[source]
        months = whole_months(view["from"], view["to"])
        all_file = (view["from"][:7] == c["months"][0] and view["to"][:7] == c["months"][-1])
        if months is None and not all_file:
            print(f"  skip {name}: its period is neither whole months nor the whole file")
            continue
        if months is None:
            months = c["months"]  # "all": its day range holds every month's tickets
        label = f"{engine}:{name}"
        compare(f"{label}:current", cube_kpis(c, months, view["districts"], view["kinds"]),
                expected["current"])
        if whole_months(view["from"], view["to"]):
            compare(f"{label}:previous",
                    cube_kpis(c, months_before(months), view["districts"], view["kinds"]),
                    expected["previous"])
        check(c["source"]["tickets"] == expected["accepted"], f"{label}: accepted")
        check(c["source"]["rejected"] == expected["rejected"], f"{label}: rejected")


# =============================================================================================
# An independent reference of the record rules (from the specs, not from build_cube.py)
# =============================================================================================

RUST_WHITESPACE = set("\t\n\x0b\x0c\r \x85\xa0\u1680\u2028\u2029\u202f\u205f\u3000"
                      + "".join(chr(c) for c in range(0x2000, 0x200B)))
TIMESTAMP = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt ]([0-9]{2}):([0-9]{2}):([0-9]{2})"
                       r"(?:\.[0-9]+)?(?:([Zz])|([+-])([0-9]{2}):([0-9]{2}))")
DEFAULT_LIMITS = {"first_response_min": {"complaint": 1440, "inquiry": 60},
                  "repair_arrival_min": {"urban": 45, "rural": 90, "remote": 120},
                  "resolution_hours": {"complaint": 168, "repair": 4, "inquiry": 24,
                                       "request": 120, "suggestion": 168}}
THRESHOLDS = []  # THRESHOLDS[j] = ceil(1.01^j), exactly
_p = Fraction(1)
for _ in range(2300):
    THRESHOLDS.append(-(-_p.numerator // _p.denominator))
    _p *= Fraction(101, 100)


def exact_bucket(d):
    """1 + floor(log_1.01 d) in exact arithmetic: the j with 1.01^j <= d, counted."""
    return 0 if d == 0 else bisect.bisect_right(THRESHOLDS, d)


def blank(s):
    return all(ch in RUST_WHITESPACE for ch in s)


def ref_instant(text):
    m = TIMESTAMP.fullmatch(text)
    if not m:
        return None
    y, mo, d, h, mi, s = (int(m.group(i)) for i in range(1, 7))
    if m.group(7):
        off = 0
    else:
        oh, om = int(m.group(9)), int(m.group(10))
        if oh > 23 or om > 59:
            return None
        off = (oh * 3600 + om * 60) * (1 if m.group(8) == "+" else -1)
    if h > 23 or mi > 59 or s > 59:
        return None
    if y == 0:  # a real date of the proleptic calendar, but far too old for any export
        leap_ok = not (mo == 2 and d == 29)  # year 0 is a leap year; keep it simple
        return -10 ** 12 if 1 <= mo <= 12 and 1 <= d <= 31 and leap_ok else None
    try:
        day = dt.date(y, mo, d)
    except ValueError:
        return None
    return (day - dt.date(1970, 1, 1)).days * 86400 + h * 3600 + mi * 60 + s - off


class Dict(dict):
    pass


def _hook(pairs):
    out = Dict()
    out.twice = []
    for k, v in pairs:
        if k in out:
            out.twice.append(k)
        out[k] = v
    return out


def _constant(name):
    raise ValueError(name)


def ref_read(path):
    """(header, tickets, surveys) as (position, value) lists, JSON document or NDJSON."""
    with open(path, "rb") as f:
        text = f.read().decode("utf-8", errors="surrogateescape").lstrip("\ufeff")
    dec = json.JSONDecoder(object_pairs_hook=_hook, parse_constant=_constant)
    values, pos = [], 0
    while True:
        while pos < len(text) and text[pos] in " \t\r\n":
            pos += 1
        if pos >= len(text):
            break
        v, pos = dec.raw_decode(text, pos)
        values.append(v)
    header = values[0]
    tickets = [(i, v, False) for i, v in enumerate(header.get("tickets") or [])]
    surveys = [(i, v, False) for i, v in enumerate(header.get("surveys") or [])]
    base = len(tickets) + len(surveys)
    for n, v in enumerate(values[1:], start=1):
        # An NDJSON line is a survey when it names ticket_id and no id; it is read with the
        # fields of both kinds (a repeated `score` in a ticket line counts).
        is_survey = isinstance(v, dict) and "ticket_id" in v and "id" not in v
        (surveys if is_survey else tickets).append((base + n, v, True))
    return header, tickets, surveys


def unreadable(v):
    if isinstance(v, bool):
        return False
    if isinstance(v, float):
        return math.isinf(v) or math.isnan(v)
    if isinstance(v, int):
        return abs(v) > 2 ** 1024
    if isinstance(v, str):
        return any(0xD800 <= ord(c) <= 0xDFFF for c in v)
    return False


def reference(paths):
    """Cells, histograms and rejections computed record by record in plain Python."""
    ticket_fields = ["id", "opened_at", "district", "kind", "category", "channel", "customer_id",
                     "customer_tier", "first_response_at", "arrived_at", "resolved_at",
                     "satisfaction"]
    survey_fields = ["ticket_id", "surveyed_at", "score"]
    rejections, accepted, taken = [], [], set()
    survey_rows = []
    headers = []
    for src, path in enumerate(paths):
        header, tickets, surveys = ref_read(path)
        now = ref_instant(header["exported_at"])
        tz = header.get("timezone")
        offset = (ref_instant("2000-01-01T00:00:00" + tz) - ref_instant("2000-01-01T00:00:00Z")
                  ) * -1 if tz else None
        if offset is None:
            m = TIMESTAMP.fullmatch(header["exported_at"])
            offset = 0 if m.group(7) else (int(m.group(9)) * 3600 + int(m.group(10)) * 60) * (
                1 if m.group(8) == "+" else -1)
        districts = {d["code"]: d for d in header["districts"]}
        targets = header.get("targets") or {}
        limits = {}
        for key, unit in (("first_response_min", 60), ("repair_arrival_min", 60),
                          ("resolution_hours", 3600)):
            merged = dict(DEFAULT_LIMITS[key])
            merged.update(targets.get(key) or {})
            limits[key] = {k: (None if v is None else v * float(unit)) for k, v in merged.items()}
        headers.append((header, now, offset, districts, limits))

        def plausible(t):
            return now - 10958 * 86400 <= t <= now + 86400

        def text(rec, f, required):
            v = rec.get(f)
            if v is None:
                return ("missing" if required else None), None
            if not isinstance(v, str):
                return "not_text", None
            if blank(v):
                return ("empty" if required else None), None
            return None, v

        for seq, rec, streamed in tickets:
            known_t = ticket_fields + (survey_fields if streamed else [])

            def judge():
                if not isinstance(rec, dict):
                    return "not_an_object", None
                if any(unreadable(rec[f]) for f in known_t if f in rec):
                    return "bad_value", None
                if any(k in known_t for k in rec.twice):
                    return "duplicate_key", None
                t = {}
                for f in ("id", "opened_at", "district", "kind"):
                    problem, t[f] = text(rec, f, True)
                    if problem:
                        return problem, None
                    if f == "opened_at":
                        t["opened"] = ref_instant(t[f])
                        if t["opened"] is None:
                            return "bad_timestamp", None
                        if not plausible(t["opened"]):
                            return "implausible_timestamp", None
                    if f == "district" and t[f] not in districts:
                        return "unknown_district", None
                    if f == "kind" and t[f] not in KINDS:
                        return "unknown_kind", None
                for f in ("category", "channel", "customer_id", "customer_tier"):
                    problem, t[f] = text(rec, f, False)
                    if problem:
                        return problem, None
                if t["customer_tier"] not in (None, "A", "B", "C"):
                    return "unknown_tier", None
                for f in ("first_response_at", "arrived_at", "resolved_at"):
                    problem, v = text(rec, f, False)
                    if problem:
                        return problem, None
                    t[f] = None
                    if v is not None:
                        t[f] = ref_instant(v)
                        if t[f] is None:
                            return "bad_timestamp", None
                        if not plausible(t[f]):
                            return "implausible_timestamp", None
                        if t[f] < t["opened"]:
                            return "before_opened", None
                s = rec.get("satisfaction")
                if s is not None:
                    if isinstance(s, bool) or not isinstance(s, (int, float)) or s not in (
                            1, 2, 3, 4, 5):
                        return "score_out_of_range", None
                    s = int(s)
                t["score"] = s
                if t["id"] in taken:
                    return "duplicate_id", None
                return None, t

            reason, t = judge()
            if reason:
                rejections.append(("ticket", src, seq, reason))
            else:
                taken.add(t["id"])
                t.update(src=src, seq=seq)
                accepted.append(t)
        for seq, rec, streamed in surveys:
            known_s = survey_fields + (ticket_fields if streamed else [])

            def judge_survey():
                if not isinstance(rec, dict):
                    return "not_an_object", None
                if any(unreadable(rec[f]) for f in known_s if f in rec):
                    return "bad_value", None
                if any(k in known_s for k in rec.twice):
                    return "duplicate_key", None
                problem, tid = text(rec, "ticket_id", True)
                if problem:
                    return problem, None
                problem, at = text(rec, "surveyed_at", True)
                if problem:
                    return problem, None
                at = ref_instant(at)
                if at is None:
                    return "bad_timestamp", None
                if not plausible(at):
                    return "implausible_timestamp", None
                s = rec.get("score")
                if s is None:
                    return "missing", None
                if isinstance(s, bool) or not isinstance(s, (int, float)) or s not in (
                        1, 2, 3, 4, 5):
                    return "score_out_of_range", None
                return None, (tid, at, int(s), src, seq)

            reason, row = judge_survey()
            if reason:
                rejections.append(("survey", src, seq, reason))
            else:
                survey_rows.append(row)
    by_id = {t["id"]: t for t in accepted}
    latest = {}
    for tid, at, score, src, seq in survey_rows:
        if tid not in by_id:
            rejections.append(("survey", src, seq, "unknown_ticket"))
            continue
        if tid not in latest or (at, src, seq) >= latest[tid][:3]:
            latest[tid] = (at, src, seq, score)
    complaints = defaultdict(list)
    for t in accepted:
        if t["kind"] == "complaint" and t["customer_id"] is not None:
            complaints[t["customer_id"]].append(t["opened"])
    for v in complaints.values():
        v.sort()
    cells = defaultdict(Counter)
    hists = defaultdict(Counter)
    for t in accepted:
        header, now, offset, districts, limits = headers[t["src"]]
        local = dt.datetime(1970, 1, 1) + dt.timedelta(seconds=t["opened"] + offset)
        key = (t["district"], f"{local.year:04d}-{local.month:02d}", t["kind"],
               t["category"] or "未分类", t["channel"] or "未知渠道",
               {"A": "A", "B": "B", "C": "C"}.get(t["customer_tier"], "未分级"))
        c = cells[key]
        c["tickets"] += 1
        waited = now - t["opened"]

        def outcome(prefix, limit, at):
            if limit is None:
                return
            if at is not None:
                c[prefix + ("_met" if at - t["opened"] <= limit else "_breached")] += 1
            else:
                c[prefix + ("_breached" if waited > limit else "_pending")] += 1
            return "breached" if at is None and waited > limit else None

        outcome("fr", limits["first_response_min"].get(t["kind"]), t["first_response_at"])
        if t["kind"] == "repair":
            area = districts[t["district"]]["area"]
            outcome("arr", limits["repair_arrival_min"].get(area), t["arrived_at"])
        late = outcome("res", limits["resolution_hours"].get(t["kind"]), t["resolved_at"])
        if t["resolved_at"] is None:
            c["backlog"] += 1
            if late:
                c["overdue"] += 1
        else:
            c["resolved"] += 1
        if t["kind"] == "complaint" and t["customer_id"] is not None:
            c["complaints_with_customer"] += 1
            times = complaints[t["customer_id"]]
            lo = bisect.bisect_left(times, t["opened"] - 43200 * 60)
            hi = bisect.bisect_left(times, t["opened"])
            if hi > lo:
                c["repeat_complaints"] += 1
        score = latest[t["id"]][3] if t["id"] in latest else t["score"]
        if score is not None:
            c["scored"] += 1
            c["satisfied"] += score >= 4
            c["score_total"] += score
        for prefix, measure, at, applies in (("fr", 0, t["first_response_at"], True),
                                             ("arr", 1, t["arrived_at"], t["kind"] == "repair"),
                                             ("res", 2, t["resolved_at"], True)):
            if at is not None and applies:
                d = at - t["opened"]
                c[prefix + "_n"] += 1
                c[prefix + "_secs"] += d
                hists[(key, measure)][exact_bucket(d)] += 1
    return ({k: {f: n for f, n in v.items() if n} for k, v in cells.items()},
            {k: dict(v) for k, v in hists.items()}, sorted(rejections))


def keyed(cube):
    """The cube's cells and histograms keyed by labels instead of indices."""
    cells, hists = cube["cells"], cube["histograms"]
    keys = []
    out = {}
    for i in range(len(cells["tickets"])):
        key = (cube["districts"][cells["district"][i]]["code"], cube["months"][cells["month"][i]],
               KINDS[cells["kind"][i]], cube["categories"][cells["category"][i]],
               cube["channels"][cells["channel"][i]], TIERS[cells["tier"][i]])
        keys.append(key)
        out[key] = {c: cells[c][i] for c in build_cube.CELL_COLUMNS[6:] if cells[c][i]}
    h = defaultdict(dict)
    for c, m, b, n in zip(hists["cell"], hists["measure"], hists["bucket"], hists["count"]):
        h[(keys[c], m)][b] = n
    return out, dict(h)


def check_structure(cube, label):
    cells, hists = cube["cells"], cube["histograms"]
    n = len(cells["tickets"])
    check(all(len(cells[c]) == n for c in build_cube.CELL_COLUMNS)
          and set(cells) == set(build_cube.CELL_COLUMNS), f"{label}: cell columns")
    check(all(len(hists[c]) == len(hists["cell"]) for c in build_cube.HISTOGRAM_COLUMNS),
          f"{label}: histogram columns")
    order = [tuple(cells[c][i] for c in build_cube.CELL_COLUMNS[:6]) for i in range(n)]
    check(order == sorted(order) and len(set(order)) == n, f"{label}: cells unique and ordered")
    check(all(0 < x for x in hists["count"]) and all(0 <= c < n for c in hists["cell"]),
          f"{label}: histogram rows valid")
    hist_n = Counter()
    for c, m, k in zip(hists["cell"], hists["measure"], hists["count"]):
        hist_n[(c, m)] += k
    check(all(hist_n[(i, m)] == cells[p][i] for i in range(n)
              for m, p in enumerate(("fr_n", "arr_n", "res_n"))),
          f"{label}: histograms count every duration")
    months = cube["months"]
    ok = True
    for a, b in zip(months, months[1:]):
        y, m = map(int, a.split("-"))
        ok &= b == (f"{y + 1:04d}-01" if m == 12 else f"{y:04d}-{m + 1:02d}")
    check(ok, f"{label}: months contiguous")
    check(cube["categories"][:1] == ["未分类"] and cube["channels"][:1] == ["未知渠道"],
          f"{label}: missing labels first")


def check_reference(cube, paths, rejections_got, label):
    cells_want, hists_want, rejections_want = reference(paths)
    cells_got, hists_got = keyed(cube)
    check(rejections_got == rejections_want,
          f"{label}: rejections {diff(rejections_got, rejections_want)}")
    ok = cells_got == cells_want
    if not ok:
        for k in sorted(set(cells_got) | set(cells_want), key=str)[:2000]:
            if cells_got.get(k) != cells_want.get(k):
                print(f"      cell {k}: cube {cells_got.get(k)} reference {cells_want.get(k)}")
                break
    check(ok, f"{label}: {len(cells_want)} cells equal the reference")
    check(hists_got == hists_want, f"{label}: histograms equal the reference (exact buckets)")


def diff(a, b):
    sa, sb = set(a), set(b)
    if sa == sb:
        return f"({len(a)} equal)"
    return f"cube only {sorted(sa - sb)[:5]}, reference only {sorted(sb - sa)[:5]}"


# =============================================================================================
# Hand-made edge cases and random records
# =============================================================================================

NOW = "2026-03-01T00:00:00+08:00"


def edge_export():
    """(text of a JSON export, with oddities json.dumps cannot write)."""
    districts = [{"code": "TC", "name": "通川区", "area": "urban", "customers": 1000},
                 {"code": "XH", "name": "宣汉县", "area": "rural", "customers": 2000},
                 {"code": "WY", "area": "remote"}]
    targets = {"first_response_min": {"complaint": 720, "repair": 30.5},
               "resolution_hours": {"praise": 1, "inquiry": None},
               "repair_arrival_min": {"rural": 60}, "satisfaction_mean": 4.4}
    T = "2026-01-10T10:00:00+08:00"

    def tk(i, **kw):
        base = {"id": f"E{i}", "opened_at": T, "district": "TC", "kind": "inquiry"}
        base.update(kw)
        return base

    plus = lambda secs: (dt.datetime(2026, 1, 10, 10) + dt.timedelta(seconds=secs)).strftime(
        "%Y-%m-%dT%H:%M:%S+08:00")
    tickets = [
        tk(1, kind="complaint", customer_id="C1", opened_at="2025-12-01T00:00:00+08:00"),
        tk(2, kind="complaint", customer_id="C1", opened_at="2025-12-31T00:00:00+08:00"),  # 30 d
        tk(3, kind="complaint", customer_id="C1", opened_at="2026-01-30T00:00:01+08:00"),  # +1 s
        tk(4, kind="complaint", customer_id="C2"), tk(5, kind="complaint", customer_id="C2"),
        tk(6, kind="complaint", customer_id=" ", category="\u00a0", channel=""),
        tk(7, satisfaction=5.0), tk(8, satisfaction=-0.0), tk(9, satisfaction=4.5),
        tk(10, satisfaction="5"), tk(11, satisfaction=True), tk(12, satisfaction=0),
        tk(13, opened_at="2026-01-10T10:00:00.999+08:00",
           resolved_at="2026-01-10T10:00:01.001+08:00"),
        tk(14, kind="repair", first_response_at=plus(1830), arrived_at=plus(2700),
           resolved_at=plus(4 * 3600)),
        tk(15, kind="repair", first_response_at=plus(1831), arrived_at=plus(2701),
           resolved_at=plus(4 * 3600 + 1)),
        tk(16, kind="repair", district="XH", arrived_at=plus(3600)),
        tk(17, kind="repair", district="XH", arrived_at=plus(3601)),
        tk(18, kind="repair", district="WY", arrived_at=plus(7200)),
        tk(19, kind="praise", resolved_at=plus(3600)), tk(20, kind="praise"),
        tk(21, kind="inquiry", arrived_at=plus(60), first_response_at=plus(3600)),
        tk(22, kind="complaint", opened_at="2026-02-28T23:00:00+08:00"),  # pending at now
        tk(23, kind="complaint", opened_at="2026-02-20T23:00:00+08:00"),  # overdue
        tk(24, opened_at="2025-12-31T23:30:00Z"), tk(25, opened_at="2026-01-31T16:00:00Z"),
        tk(26, opened_at="2026-01-31T15:59:59z"), tk(27, opened_at="2026-01-10 10:00:00-05:30"),
        tk(28, opened_at="2026-01-10t10:00:00+00:00"), tk(29, opened_at="2024-02-29T00:00:00Z"),
        tk(30, opened_at="2025-02-29T00:00:00Z"), tk(31, opened_at="2026-01-10T24:00:00Z"),
        tk(32, opened_at="2026-01-10T10:00:60Z"), tk(33, opened_at="2026-01-10T10:00:00+24:00"),
        tk(34, opened_at="2026-01-10T10:00:00"), tk(35, opened_at="2026-01-10T10:00:00+8:00"),
        tk(36, opened_at="2026-01-10T10:00:00.Z"), tk(37, opened_at="9999-01-01T00:00:00Z"),
        tk(38, opened_at="0201-01-01T00:00:00Z"), tk(39, opened_at="2026-03-02T00:00:00+08:00"),
        tk(40, opened_at="2026-03-02T00:00:01+08:00"),
        tk(41, opened_at="1996-03-09T00:00:00+08:00"),  # exactly 10,958 days before
        tk(42, opened_at="1996-03-08T23:59:59+08:00"),
        tk(43, resolved_at="2026-01-10T09:59:59+08:00"), tk(44, resolved_at="   "),
        tk(45, first_response_at=""), tk(46, resolved_at="2026-03-02T00:00:01+08:00"),
        tk(47, id="  "), tk(48, id="\u3000"), tk(49, id="\x1c"), tk(50, id=7),
        tk(51, district=3), tk(52, district="NOPE"), tk(53, district=" "),
        tk(54, kind="Complaint"), tk(55, kind=None), tk(56, kind=""), tk(57, category=5),
        tk(58, channel=["x"]), tk(59, customer_id={"a": 1}), tk(60, customer_tier="a"),
        tk(61, customer_tier=1), tk(62, customer_tier=" "), tk(63, customer_tier="B"),
        tk(64, id="D1", opened_at="bad"), tk(65, id="D1"), tk(66, id="D1"),
        tk(67, category="未分类"), tk(68, resolved_at=T, first_response_at=T),
        tk(69, opened_at=None), tk(70, first_response_at=12),
        tk(71, kind="complaint", customer_id="C3", opened_at="2025-12-01T00:00:00+08:00"),
        tk(72, kind="suggestion", customer_id="C3"), tk(73, kind="request",
                                                         resolved_at=plus(120 * 3600 + 1)),
        tk(74, kind="complaint", customer_id="C4", opened_at="2026-01-01T00:00:00+08:00",
           first_response_at="2026-01-01T12:00:00+08:00"),
        tk(75, kind="complaint", customer_id="C4", opened_at="2026-01-31T00:00:00.5+08:00"),
        tk(76, kind="complaint", customer_id="C4", opened_at="2026-01-31T00:00:01+08:00"),
        tk(77, opened_at="2026-01-10T10:00:00+08:00\n"), tk(78, opened_at=" 2026-01-10T10:00:00Z"),
        tk(79, opened_at="２０２６-01-10T10:00:00Z"), tk(80, resolved_at="2026-01-10T10:00:00"),
    ]
    surveys = [
        {"ticket_id": "E7", "surveyed_at": "2026-01-11T00:00:00+08:00", "score": 2},
        {"ticket_id": "E7", "surveyed_at": "2026-01-12T00:00:00+08:00", "score": 4},
        {"ticket_id": "E7", "surveyed_at": "2026-01-12T00:00:00+08:00", "score": 3},  # tie: later
        {"ticket_id": "E7", "surveyed_at": "2026-01-11T23:00:00+08:00", "score": 5},
        {"ticket_id": "E13", "surveyed_at": "2026-01-11T00:00:00+08:00", "score": 5.0},
        {"ticket_id": "E13", "surveyed_at": "2026-01-11T00:00:00+08:00"},
        {"ticket_id": "E13", "surveyed_at": "2026-01-11T00:00:00+08:00", "score": 0},
        {"ticket_id": "E13", "surveyed_at": "2026-01-11T00:00:00+08:00", "score": "3"},
        {"ticket_id": "E9", "surveyed_at": "2026-01-11T00:00:00+08:00", "score": 3},
        {"ticket_id": "NOPE", "surveyed_at": "2026-01-11T00:00:00+08:00", "score": 3},
        {"ticket_id": "E14", "surveyed_at": "2026-03-02T00:00:01+08:00", "score": 3},
        {"ticket_id": "E14", "surveyed_at": "2026-03-02T00:00:00+08:00", "score": 1},
        {"ticket_id": 14, "surveyed_at": "2026-01-11T00:00:00+08:00", "score": 3},
        {"ticket_id": " ", "surveyed_at": "2026-01-11T00:00:00+08:00", "score": 3},
        {"ticket_id": "E15", "surveyed_at": "yesterday", "score": 3},
        {"ticket_id": "E15", "score": 3}, 7,
    ]
    doc = {"format": "service-kpi-export", "version": 1, "organization": "测试",
           "exported_at": NOW, "timezone": "+08:00", "districts": districts, "targets": targets,
           "tickets": tickets, "surveys": surveys}
    text = json.dumps(doc, ensure_ascii=False)
    # Records json.dumps cannot write: a field twice, an unknown field twice (harmless), a
    # number beyond double, a lone surrogate, non-objects.
    odd = [
        '{"id": "K1", "id": "K1", "opened_at": "%s", "district": "TC", "kind": "inquiry"}' % T,
        '{"id": "K2", "x": 1, "x": 2, "opened_at": "%s", "district": "TC", "kind": "inquiry"}' % T,
        '{"id": "K3", "opened_at": "%s", "district": "TC", "kind": "inquiry", '
        '"satisfaction": 1e400}' % T,
        '{"id": "K4", "opened_at": "%s", "district": "TC", "kind": "inquiry", '
        '"category": "\\ud800"}' % T,
        '{"id": "K5", "opened_at": "%s", "district": "TC", "kind": "inquiry", '
        '"category": "\\ud83d\\ude00"}' % T,
        "42", "null", "[1, 2]", '"text"',
    ]
    return text.replace('"tickets": [', '"tickets": [' + ", ".join(odd) + ", ", 1)


def edge_ndjson():
    """A second export, NDJSON, sharing ids and customers with the first."""
    header = {"format": "service-kpi-export", "version": 1, "exported_at":
              "2026-03-05T00:00:00+08:00", "districts": [
                  {"code": "TC", "name": "通川区", "area": "urban", "customers": 1000},
                  {"code": "NEW", "name": "新区", "area": "rural", "parent": "P1"}]}
    lines = [json.dumps(header, ensure_ascii=False),
             json.dumps({"id": "E1", "opened_at": "2026-01-01T00:00:00+08:00", "district": "TC",
                         "kind": "inquiry"}),  # duplicate of the first export's
             json.dumps({"id": "N1", "opened_at": "2026-01-20T00:00:00+08:00", "district": "NEW",
                         "kind": "complaint", "customer_id": "C1", "first_response_at":
                         "2026-01-20T10:00:00+08:00"}),
             json.dumps({"ticket_id": "E19", "surveyed_at": "2026-02-01T00:00:00+08:00",
                         "score": 1}),
             json.dumps({"ticket_id": "N1", "id": None, "surveyed_at": "2026-02-01T00:00:00Z"}),
             json.dumps({"id": "N2", "opened_at": "2026-02-01T00:00:00+08:00", "district": "XH",
                         "kind": "inquiry"}),  # XH is not declared by this export
             '{"id": "N3", "opened_at": "2026-02-01T00:00:00+08:00", "district": "TC", '
             '"kind": "repair", "score": 1, "score": 2}',
             '{"ticket_id": "N1", "surveyed_at": "2026-02-02T00:00:00+08:00", "score": 4}',
             "[]",
             '{"id": "N4", "opened_at": "2026-03-05T12:00:00+08:00", "district": "TC",'
             ' "kind": "repair"}']
    return "\n".join(lines) + "\n"


def random_export(seed, n=1500):
    rnd = random.Random(seed)
    districts = [{"code": f"D{i}", "name": f"区{i}", "area": rnd.choice(["urban", "rural", "remote"]),
                  "customers": rnd.randint(1000, 90000)} for i in range(6)]
    now = dt.datetime(2026, 6, 1, 8, 0, 0)
    cats = ["电费", "停电", "", " ", None, "计量", "服务态度", "未分类"]
    chans = ["95598", "网上国网", None, "营业厅", ""]

    def ts(t, fmt=None):
        if rnd.random() < 0.01:
            return rnd.choice(["2026-02-30T00:00:00Z", "x", "", "2026-01-01T00:00:00", 5])
        s = t.strftime("%Y-%m-%dT%H:%M:%S")
        if rnd.random() < 0.1:
            s += ".%03d" % rnd.randint(0, 999)
        return s + rnd.choice(["+08:00", "+08:00", "Z", "-03:30"])

    tickets, surveys = [], []
    for i in range(n):
        opened = now - dt.timedelta(seconds=rnd.randint(-90000, 400 * 86400))
        kind = rnd.choice(KINDS + ["complaint", "repair", "repair", "inquiry"])
        t = {"id": f"R{rnd.randint(0, int(n * 0.97))}", "opened_at": ts(opened),
             "district": rnd.choice([d["code"] for d in districts] + (["ZZ"] if i % 97 == 0 else [])),
             "kind": kind if i % 211 else "other"}
        if rnd.random() < 0.8:
            t["category"] = rnd.choice(cats)
        if rnd.random() < 0.8:
            t["channel"] = rnd.choice(chans)
        if kind == "complaint" or rnd.random() < 0.3:
            t["customer_id"] = f"U{rnd.randint(0, 60)}"
        if rnd.random() < 0.5:
            t["customer_tier"] = rnd.choice(["A", "B", "C", None, " ", "D"] if i % 53 == 0
                                            else ["A", "B", "C", None])
        for f, scale in (("first_response_at", 7200), ("arrived_at", 9000),
                         ("resolved_at", 400000)):
            if rnd.random() < 0.85:
                d = int(rnd.expovariate(1 / scale)) if rnd.random() > 0.03 else rnd.choice([0, -5])
                t[f] = ts(opened + dt.timedelta(seconds=d))
        if rnd.random() < 0.3:
            t["satisfaction"] = rnd.choice([1, 2, 3, 4, 5, 5.0, 4, 4, 0, 6, None])
        tickets.append(t)
        if rnd.random() < 0.3:
            surveys.append({"ticket_id": t["id"] if rnd.random() < 0.95 else "nope",
                            "surveyed_at": ts(opened + dt.timedelta(hours=rnd.randint(1, 400))),
                            "score": rnd.choice([1, 2, 3, 4, 5, 5, 4, 0, None])})
    rnd.shuffle(surveys)
    return json.dumps({"format": "service-kpi-export", "version": 1, "exported_at":
                       now.strftime("%Y-%m-%dT%H:%M:%S+08:00"), "districts": districts,
                       "targets": {"first_response_min": {"request": 240}}, "tickets": tickets,
                       "surveys": surveys}, ensure_ascii=False)


# =============================================================================================
# Running
# =============================================================================================

def build(engine, paths, workdir):
    out = os.path.join(workdir, f"{engine.name}-{len(os.listdir(workdir))}.cube.json")
    build_cube.build(paths, engine, out)
    with open(out, encoding="utf-8") as f:
        cube = json.load(f)
    rejections = sorted(tuple(r) for r in engine.rows(
        "SELECT record, src, seq, reason FROM cube_rejections"))
    return cube, rejections


def check_buckets(engine):
    """The bucket expression of cube.sql at every boundary 1.01^k below 3.18e9 s."""
    with open(build_cube.SQL_PATH, encoding="utf-8") as f:
        sql = f.read()
    expr = re.search(r"CASE WHEN secs = 0 THEN 0\s+ELSE CAST\(1 \+ floor\(ln\(secs\) / ln\(1\.01\)"
                     r"\) AS INT\) END", sql).group(0)
    values = sorted({d for k in range(1, 2200) for d in (THRESHOLDS[k] - 1, THRESHOLDS[k],
                                                         THRESHOLDS[k] + 1) if d >= 0} | {0})
    rows = ", ".join(f"({d})" for d in values)
    got = dict(engine.rows(f"SELECT secs, {expr} FROM (VALUES {rows}) AS boundaries (secs)"))
    bad = [d for d in values if got[d] != exact_bucket(d)]
    check(not bad, f"{engine.name}: bucket formula exact at {len(values)} boundary values "
                   f"(wrong at {bad[:5]})")


def check_macros():
    """The timestamp macro against the reference parser, on DuckDB, for odd texts."""
    import duckdb
    texts = ["2026-01-10T10:00:00+08:00", "2024-02-29T23:59:59.999999Z", "2023-02-29T00:00:00Z",
             "1900-02-29T00:00:00Z", "2000-02-29T00:00:00Z", "0000-01-01T00:00:00Z",
             "9999-12-31T23:59:59-23:59", "2026-01-10T10:00:00+23:60", "2026-1-10T10:00:00Z",
             "2026-01-10T10:00:00+08:00 ", "2026-01-10T10:00:00.+08:00", "2026-01-10T10:00Z",
             "2026-13-01T00:00:00Z", "2026-00-01T00:00:00Z", "2026-04-31T00:00:00Z",
             "1970-01-01T00:00:00Z", "1969-12-31T23:59:59+00:01", "2026-01-10T10:00:00+08:00\n"]
    con = duckdb.connect()
    for t in texts:
        got = con.execute(
            f"SELECT {build_cube.utc_seconds('t')} FROM (SELECT {build_cube.ts_parts('t')} "
            f"FROM (SELECT {build_cube.ts_digits('x')} AS t_digits, {build_cube.ts_offset('x')}"
            " AS t_offset FROM (SELECT ? AS x)))", [t]).fetchone()[0]
        want = ref_instant(t)
        if t.startswith("0000"):
            want = None if got is None else got  # year 0: valid, only implausible
            check(got == days_epoch(0, 1, 1), f"UTC_SECONDS({t!r}) = {got}")
            continue
        check(got == want, f"UTC_SECONDS({t!r}) = {got}, reference {want}")


def check_gzip(workdir):
    """GzipWriter's parallel blocks form one valid gzip member."""
    rnd = random.Random(3)
    data = b"".join(str(rnd.randint(0, 10 ** rnd.randint(1, 6))).encode() + b","
                    for _ in range(400000))
    path = os.path.join(workdir, "blocks.gz")
    with open(path, "wb") as f:
        w = build_cube.GzipWriter(f)
        w.BLOCK = 100000
        for i in range(0, len(data), 7777):
            w.write(data[i:i + 7777])
        w.close()
    with gzip.open(path, "rb") as f:
        check(f.read() == data, f"parallel gzip of {len(data)} bytes in "
                                f"{len(data) // 100000 + 1} blocks reads back")
    check(subprocess.run(["gzip", "-t", path]).returncode == 0, "gzip -t accepts it")


def check_parallel_order(workdir):
    """A cube big enough for DuckDB to work in parallel (province.py, 300,000 tickets): the
    columns must still come out in the cells' order, and agree with plain SQL totals."""
    import duckdb
    import province
    con = duckdb.connect()
    province.generate(con, 300000)
    engine = build_cube.DuckDBEngine(con=con)
    build_cube.run_sql(engine)
    out = os.path.join(workdir, "province.cube.json.gz")
    build_cube.write_cube(build_cube.collect(engine, {"exported_at": province.EXPORTED_AT,
                                                      "timezone": "+08:00"}, workdir), out)
    with gzip.open(out, "rt", encoding="utf-8") as f:
        cube = json.load(f)
    check_structure(cube, "province 300k")
    cells = cube["cells"]
    totals = con.execute("SELECT count(*), sum(fr_secs), sum(res_secs) FROM settled_tickets"
                         ).fetchone()
    check((sum(cells["tickets"]), sum(cells["fr_secs"]), sum(cells["res_secs"])) == totals,
          f"province 300k: cube totals = SQL totals {totals}")


def check_committed(engine, built, workdir):
    """core/tests/cube.rs compares the raw and the cube path on committed cubes (cargo test
    runs without Python): they must equal a fresh build of the same exports."""
    committed = os.path.join(REPO, "core", "tests", "data", "cubes")
    sample = os.path.join(workdir, "sample.json")
    with gzip.open(os.path.join(REPO, "public", "sample.json.gz")) as src, open(sample, "wb") as dst:
        shutil.copyfileobj(src, dst)
    for name, cube in [("small", built.get("small")), ("dirty", built.get("dirty")),
                       ("sample", None)]:
        if cube is None:
            cube, _ = build(engine, [sample if name == "sample" else
                                     os.path.join(FIXTURES, f"{name}.json")], workdir)
        path = os.path.join(committed, f"{name}.cube.json")
        opener = gzip.open if not os.path.exists(path) else open
        path = path if os.path.exists(path) else path + ".gz"
        with opener(path, "rt", encoding="utf-8") as f:
            on_disk = json.load(f)
        check(on_disk == cube, f"core/tests/data/cubes/{os.path.basename(path)} is current "
                               f"(rebuild: python3 cube/build_cube.py -o {path} <export>)")


def days_epoch(y, m, d):
    return build_cube.days_from_civil(y, m, d) * 86400


def main():
    t0 = time.time()
    if not os.path.isfile(os.path.join(FIXTURES, "small.json")):
        print(f"error: fixtures not found in {FIXTURES} (set KPI_FIXTURES)")
        return 1
    workdir = tempfile.mkdtemp(prefix="cube-test-")
    edge = os.path.join(workdir, "edge.json")
    with open(edge, "w", encoding="utf-8", errors="surrogatepass") as f:
        f.write(edge_export())
    ndjson = os.path.join(workdir, "edge2.ndjson")
    with open(ndjson, "w", encoding="utf-8") as f:
        f.write(edge_ndjson())
    rand = os.path.join(workdir, "random.json")
    with open(rand, "w", encoding="utf-8") as f:
        f.write(random_export(7))
    inputs = {"small": [os.path.join(FIXTURES, "small.json")],
              "dirty": [os.path.join(FIXTURES, "dirty.json")],
              "edge": [edge, ndjson], "random": [rand]}

    engines = [build_cube.DuckDBEngine()]
    if not DUCKDB_ONLY:
        engines.append(build_cube.SparkEngine())
    cubes = {}
    for engine in engines:
        print(f"== {engine.name}")
        t1 = time.time()
        cubes[engine.name] = {}
        for name, paths in inputs.items():
            if engine.name == "spark":
                # One Spark session per cube: a session keeps each build's (large) plans on
                # the driver heap, and four builds would exhaust it.
                engine.spark.stop()
                engine = build_cube.SparkEngine()
            cube, rejections = build(engine, paths, workdir)
            cubes[engine.name][name] = cube
            check_structure(cube, f"{engine.name}:{name}")
            check_reference(cube, paths, rejections, f"{engine.name}:{name}")
        check_expected(cubes[engine.name], engine.name)
        check_buckets(engine)
        print(f"   {engine.name}: {time.time() - t1:.0f} s")
    if len(engines) == 2:
        print("== duckdb vs spark")
        for name in inputs:
            a, b = cubes["duckdb"][name], cubes["spark"][name]
            same = a == b
            if not same:
                ka, kb = keyed(a), keyed(b)
                print(f"      differing keys: {[k for k in a if a[k] != b.get(k)]}; cells "
                      f"{sum(ka[0].get(k) != kb[0].get(k) for k in set(ka[0]) | set(kb[0]))}, "
                      f"histograms {sum(ka[1].get(k) != kb[1].get(k) for k in set(ka[1]) | set(kb[1]))}")
            check(same, f"{name}: DuckDB and Spark cubes equal ({len(a['cells']['tickets'])} "
                        f"cells, {len(a['histograms']['cell'])} histogram rows)")
    print("== the cubes the Rust tests read are what cube.sql builds today")
    check_committed(engines[0] if engines[0].name == "duckdb" else build_cube.DuckDBEngine(),
                    cubes.get("duckdb", {}), workdir)
    print("== macros, output path and command line")
    check_macros()
    check_gzip(workdir)
    check_parallel_order(workdir)
    out = os.path.join(workdir, "cli.cube.json.gz")
    run = subprocess.run([sys.executable, os.path.join(HERE, "build_cube.py"), "-q", "-o", out,
                          edge, ndjson], capture_output=True, text=True)
    check(run.returncode == 0, f"build_cube.py exits 0 ({run.stderr.strip()[-300:]})")
    if run.returncode == 0:
        with gzip.open(out, "rt", encoding="utf-8") as f:
            check(json.load(f) == cubes["duckdb"]["edge"], "gzipped CLI cube = library cube")
    bad = os.path.join(workdir, "bad.json")
    with open(bad, "w") as f:
        f.write('{"format": "service-kpi-export", "version": 2, "districts": []}')
    run = subprocess.run([sys.executable, os.path.join(HERE, "build_cube.py"), "-q", "-o",
                          os.path.join(workdir, "x.json"), bad], capture_output=True, text=True)
    check(run.returncode == 2 and "newer" in run.stderr, "a newer version stops with a message")
    printed = subprocess.run([sys.executable, os.path.join(HERE, "build_cube.py"), "--print-sql",
                              "spark"], capture_output=True, text=True).stdout
    check("{{" not in printed and "CACHE TABLE cube_cells" in printed, "--print-sql expands")
    shutil.rmtree(workdir, ignore_errors=True)
    print(f"worst relative error: percentiles {worst['percentile']:.2e}, "
          f"counts/rates/means {worst['exact']:.2e}")
    print(f"({time.time() - t0:.0f} s)")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
