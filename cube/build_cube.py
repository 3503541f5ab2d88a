#!/usr/bin/env python3
"""Builds the aggregate cube (docs/cube-format.md) from v1 exports by running cube/cube.sql.

    python3 cube/build_cube.py --engine duckdb -o out.cube.json small.json [more exports...]
    python3 cube/build_cube.py --engine spark  -o out.cube.json.gz a.json b.ndjson
    python3 cube/build_cube.py --print-sql spark > cube.spark.sql      # the expanded SQL
    spark-submit cube/build_cube.py --engine spark --input-tables kpi --meta meta.json -o c.json.gz

The exports are JSON documents or NDJSON (first value = the top-level members, then one ticket
or survey per line; a record with `ticket_id` and no `id` is a survey). This script does only
what needs the JSON itself: whole-file checks (format, version, exported_at, districts,
targets: docs/data-format.md), and per record the facts only a JSON reader sees (not an object,
an unreadable value, a field given twice, a field of the wrong JSON type). Every record rule is
applied by cube.sql, on either engine.

Several exports are read as one input, in the order given: ids are unique across them (first
kept), surveys may name a ticket of another export, the repeat look-back spans them all. Each
record is judged against its own export's exported_at and commitments; they must share one
calendar offset. The cube's exported_at is the latest of them.
"""

import argparse
import json
import math
import os
import re
import shutil
import struct
import sys
import tempfile
import time
import zlib
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
SQL_PATH = os.path.join(HERE, "cube.sql")

FORMAT_NAME = "service-kpi-export"
CUBE_FORMAT = "service-kpi-cube"
KINDS = ["complaint", "repair", "inquiry", "request", "suggestion", "praise"]
AREAS = ["urban", "rural", "remote"]
MAX_CUSTOMERS = 1_000_000_000

TICKET_FIELDS = ["id", "opened_at", "district", "kind", "category", "channel", "customer_id",
                 "customer_tier", "first_response_at", "arrived_at", "resolved_at"]
SURVEY_FIELDS = ["ticket_id", "surveyed_at"]

# The input tables of cube.sql and their columns.
COMMITMENT_COLUMNS = ([f"fr_{k}_min" for k in KINDS] + [f"arr_{a}_min" for a in AREAS]
                      + [f"res_{k}_h" for k in KINDS])
SCHEMAS = {
    "exports": [("src", "INT"), ("name", "STRING"), ("exported_at", "STRING"),
                ("timezone", "STRING")] + [(c, "DOUBLE") for c in COMMITMENT_COLUMNS],
    "districts": [("src", "INT"), ("seq", "INT"), ("code", "STRING"), ("name", "STRING"),
                  ("area", "STRING"), ("customers", "BIGINT"), ("parent", "STRING")],
    "tickets": [("src", "INT"), ("seq", "BIGINT"), ("bad", "STRING"), ("wrong_type", "STRING")]
               + [(f, "STRING") for f in TICKET_FIELDS] + [("satisfaction", "DOUBLE")],
    "surveys": [("src", "INT"), ("seq", "BIGINT"), ("bad", "STRING"), ("wrong_type", "STRING")]
               + [(f, "STRING") for f in SURVEY_FIELDS] + [("score", "DOUBLE")],
}

CELL_COLUMNS = ["district", "month", "kind", "category", "channel", "tier", "tickets",
                "fr_met", "fr_breached", "fr_pending", "arr_met", "arr_breached", "arr_pending",
                "res_met", "res_breached", "res_pending", "backlog", "overdue",
                "complaints_with_customer", "repeat_complaints", "scored", "satisfied",
                "score_total", "resolved", "fr_n", "fr_secs", "arr_n", "arr_secs", "res_n",
                "res_secs"]
HISTOGRAM_COLUMNS = ["cell", "measure", "bucket", "count"]


class ExportError(Exception):
    """A whole-file problem: the load stops (docs/data-format.md, "Whole-file errors")."""


# ---------------------------------------------------------------------------------------------
# Macros of cube.sql
# ---------------------------------------------------------------------------------------------

# Rust's char::is_whitespace (Unicode White_Space), what str::trim removes.
WS_CLASS = (r"[\x{9}-\x{D} \x{85}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}"
            r"\x{205F}\x{3000}]")
# The shape of an RFC 3339 timestamp as the loader takes it (calendar.rs parse_timestamp). No
# `$`: Java's `$` also matches before a final line break, so the match is compared to the text.
TS_SHAPE = ("^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}([.][0-9]+)?"
            "([Zz]|[+-][0-9]{2}:[0-9]{2})")


def literal(text, engine):
    """A SQL string literal. Spark unescapes backslashes in literals, DuckDB keeps them."""
    if engine == "spark":
        text = text.replace("\\", "\\\\")
    return "'" + text.replace("'", "''") + "'"


def ts_digits(x):
    """The local date and time of timestamp text x packed as the integer YYYYMMDDhhmmss, NULL
    when x does not have the shape of an RFC 3339 timestamp. One cast per timestamp: the
    arithmetic that follows works on integers."""
    return (f"(CASE WHEN regexp_extract({x}, '{TS_SHAPE}', 0) = {x} THEN try_cast("
            f"substr({x}, 1, 4) || substr({x}, 6, 2) || substr({x}, 9, 2) || "
            f"substr({x}, 12, 2) || substr({x}, 15, 2) || substr({x}, 18, 2) AS BIGINT) END)")


def ts_offset(x):
    """The UTC offset at the end of x as the signed integer ±HHMM ('Z' or 'z': 0)."""
    return (f"(CASE WHEN substr({x}, length({x}), 1) IN ('Z', 'z') THEN 0 ELSE try_cast("
            f"substr({x}, length({x}) - 5, 3) || substr({x}, length({x}) - 1, 2) AS BIGINT) END)")


def offset_seconds(hhmm):
    """±HHMM as seconds east of UTC."""
    a = f"abs({hhmm})"
    return (f"(CASE WHEN {hhmm} < 0 THEN -1 ELSE 1 END * (floor({a} / 100) * 3600"
            f" + {a} % 100 * 60))")


def ts_parts(p):
    """From the columns p_digits and p_offset: the columns p_y, p_mo, p_d (the local date),
    p_clock (seconds of the day), p_clock_ok (hour <= 23, minute and second <= 59, offset
    hour <= 23, offset minute <= 59) and p_offset_secs. Computed once per timestamp."""
    dg, off = f"{p}_digits", f"{p}_offset"
    h, mi, sec = f"(floor({dg} / 10000) % 100)", f"(floor({dg} / 100) % 100)", f"({dg} % 100)"
    return (f"floor({dg} / 10000000000) AS {p}_y, "
            f"floor({dg} / 100000000) % 100 AS {p}_mo, "
            f"floor({dg} / 1000000) % 100 AS {p}_d, "
            f"{h} * 3600 + {mi} * 60 + {sec} AS {p}_clock, "
            f"({h} <= 23 AND {mi} <= 59 AND {sec} <= 59 AND floor(abs({off}) / 100) <= 23"
            f" AND abs({off}) % 100 <= 59) AS {p}_clock_ok, "
            f"{offset_seconds(off)} AS {p}_offset_secs")


def utc_seconds(p):
    """UTC epoch seconds from the columns of ts_parts(p), NULL for an impossible date or time
    (30 February, month 13, hour 24, second 60, offset hour 24): days_from_civil."""
    y, mo, d = f"{p}_y", f"{p}_mo", f"{p}_d"
    leap = f"({y} % 4 = 0 AND ({y} % 100 <> 0 OR {y} % 400 = 0))"
    month_days = (f"CASE WHEN {mo} IN (4, 6, 9, 11) THEN 30 WHEN {mo} = 2 THEN "
                  f"CASE WHEN {leap} THEN 29 ELSE 28 END ELSE 31 END")
    # The year counted from March, so that February is its last month.
    yp = f"({y} - CASE WHEN {mo} <= 2 THEN 1 ELSE 0 END)"
    mp = f"(({mo} + 9) % 12)"
    days = (f"(365 * {yp} + floor({yp} / 4) - floor({yp} / 100) + floor({yp} / 400)"
            f" + floor((153 * {mp} + 2) / 5) + {d} - 1 - 719468)")
    return (f"(CASE WHEN {p}_clock_ok AND {mo} BETWEEN 1 AND 12 AND {d} BETWEEN 1 AND "
            f"{month_days} THEN CAST({days} * 86400 + {p}_clock - {p}_offset_secs AS BIGINT) END)")


def is_blank(x, engine):
    return f"(regexp_extract({x}, {literal('^' + WS_CLASS + '*', engine)}, 0) = {x})"


def table(name, engine):
    if engine == "duckdb":
        return f"CREATE OR REPLACE TEMP TABLE {name}"
    return f"CACHE TABLE {name}"


MACRO = re.compile(r"\{\{(\w+)(?:\((.*?)\))?\}\}")


def expand(sql, engine):
    """cube.sql with its macros expanded for `engine` ('duckdb' or 'spark')."""
    if engine not in ("duckdb", "spark"):
        raise ValueError(f"unknown engine {engine}")

    def one(m):
        name, arg = m.group(1), m.group(2)
        if name == "TABLE":
            return table(arg, engine)
        if name == "TS_DIGITS":
            return ts_digits(arg)
        if name == "TS_OFFSET":
            return ts_offset(arg)
        if name == "TS_PARTS":
            return ts_parts(arg)
        if name == "UTC_SECONDS":
            return utc_seconds(arg)
        if name == "OFFSET_SECONDS":
            return offset_seconds(arg)
        if name == "IS_BLANK":
            return is_blank(arg, engine)
        raise ValueError(f"unknown macro {name}")

    # Comment lines are left as written (they name the macros).
    return "\n".join(line if line.lstrip().startswith("--") else MACRO.sub(one, line)
                     for line in sql.split("\n"))


def statements(sql):
    """Splits SQL text into statements at a `;` that ends a line (cube.sql keeps to that)."""
    out, current = [], []
    for line in sql.splitlines():
        current.append(line)
        if line.rstrip().endswith(";") and not line.lstrip().startswith("--"):
            while current and (not current[0].strip() or current[0].lstrip().startswith("--")):
                current.pop(0)  # the comments before a statement stay in the file
            text = "\n".join(current).strip().rstrip(";").strip()
            if any(l.strip() and not l.strip().startswith("--") for l in text.splitlines()):
                out.append(text)
            current = []
    rest = "\n".join(current).strip()
    if any(l.strip() and not l.strip().startswith("--") for l in rest.splitlines()):
        out.append(rest)
    return out


def cube_sql(engine):
    with open(SQL_PATH, encoding="utf-8") as f:
        return expand(f.read(), engine)


# ---------------------------------------------------------------------------------------------
# Timestamps (for the header only: records are parsed by the SQL)
# ---------------------------------------------------------------------------------------------

_TS = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt ]([0-9]{2}):([0-9]{2}):([0-9]{2})"
                 r"(?:\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})")
_OFFSET = re.compile(r"([Zz])|([+-])([0-9]{2}):([0-9]{2})")


def days_from_civil(y, m, d):
    y -= m <= 2
    era = y // 400
    yoe = y - era * 400
    doy = (153 * ((m + 9) % 12) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def parse_offset(text):
    m = _OFFSET.fullmatch(text) if isinstance(text, str) else None
    if not m:
        return None
    if m.group(1):
        return 0
    h, mi = int(m.group(3)), int(m.group(4))
    if h > 23 or mi > 59:
        return None
    return (1 if m.group(2) == "+" else -1) * (h * 3600 + mi * 60)


def parse_timestamp(text):
    """(utc seconds, offset seconds) of an RFC 3339 timestamp, or None (calendar.rs)."""
    m = _TS.fullmatch(text) if isinstance(text, str) else None
    if not m:
        return None
    y, mo, d, h, mi, s = (int(m.group(i)) for i in range(1, 7))
    offset = parse_offset(m.group(7))
    leap = y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)
    month_days = [31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    if not 1 <= mo <= 12 or not 1 <= d <= month_days[mo - 1] or h > 23 or mi > 59 or s > 59:
        return None
    if offset is None:
        return None
    return days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s - offset, offset


def format_offset(secs):
    sign = "-" if secs < 0 else "+"
    secs = abs(secs)
    return f"{sign}{secs // 3600:02d}:{secs // 60 % 60:02d}"


# ---------------------------------------------------------------------------------------------
# Reading exports
# ---------------------------------------------------------------------------------------------

class Obj(dict):
    """A JSON object that remembers which keys it had twice, in order."""
    __slots__ = ("dups",)


def _pairs(pairs):
    obj = Obj()
    dups = []
    for k, v in pairs:
        if k in obj:
            dups.append(k)
        obj[k] = v
    obj.dups = dups
    return obj


def _no_constant(name):
    raise ValueError(f"{name} is not JSON")


def _exact_integer(v):
    """header.rs exact_integer: 1, -0, 1.0, 5e0 are integers; 1.5, "1", true are not."""
    if isinstance(v, bool):
        return None
    if isinstance(v, int):
        return v
    if isinstance(v, float) and math.isfinite(v) and v == int(v) and abs(v) <= 2.0 ** 53:
        return int(v)
    return None


def _unreadable(v):
    """A value serde_json refuses: a number beyond f64, text with a lone surrogate (an escape
    such as \\ud800, or bytes that are not UTF-8, read here with surrogateescape)."""
    if isinstance(v, bool):
        return False
    if isinstance(v, float):
        return not math.isfinite(v)
    if isinstance(v, int):
        try:
            return not math.isfinite(float(v))
        except OverflowError:
            return True
    if isinstance(v, str):
        try:
            v.encode("utf-8")
        except UnicodeEncodeError:
            return True
    return False


def normalize(record, known, text_fields, score_field):
    """One record as a row of cube.sql's input: `bad`, `wrong_type`, the text fields, the score."""
    row = {"bad": None, "wrong_type": None}
    for f in text_fields:
        row[f] = None
    row[score_field] = None
    if not isinstance(record, dict):
        row["bad"] = "not_an_object"
        return row
    present = [f for f in known if f in record]
    if any(_unreadable(record[f]) for f in present):
        row["bad"] = "bad_value"
        return row
    dups = getattr(record, "dups", None) or []
    if any(k in known for k in dups):
        row["bad"] = "duplicate_key"
    wrong = []
    for f in text_fields:
        v = record.get(f)
        if v is None or isinstance(v, str):
            row[f] = v
        else:
            wrong.append(f)
    v = record.get(score_field)
    if v is not None:
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            wrong.append(score_field)
        else:
            row[score_field] = float(v)
    if wrong:
        row["wrong_type"] = "," + ",".join(wrong) + ","
    return row


def _invalid(path, expected):
    return ExportError(f"{path}: expected {expected}")


def _commitment(value, path):
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(
            float(value)) or value < 0:
        raise _invalid(path, "a non-negative number")
    return float(value)


def parse_targets(targets):
    """targets.rs from_json: the commitments as stated (absent: None -> default; null: -1)."""
    stated = {c: None for c in COMMITMENT_COLUMNS}
    if targets is None:
        return stated
    if not isinstance(targets, dict):
        raise _invalid("$.targets", "an object")
    for key, prefix, suffix, allowed in (("first_response_min", "fr_", "_min", KINDS),
                                         ("resolution_hours", "res_", "_h", KINDS),
                                         ("repair_arrival_min", "arr_", "_min", AREAS)):
        if key not in targets:
            continue
        by = targets[key]
        if not isinstance(by, dict):
            raise _invalid(f"$.targets.{key}", "an object")
        for k, v in by.items():
            if k not in allowed:
                raise _invalid(f"$.targets.{key}.{k}", "a known work-order kind or area type")
            limit = _commitment(v, f"$.targets.{key}.{k}")
            stated[f"{prefix}{k}{suffix}"] = -1.0 if limit is None else limit
    for key in ("satisfaction_mean", "csat_pct", "complaint_rate_per_10k", "first_response_pct",
                "repair_arrival_pct", "resolution_pct", "repeat_complaint_pct"):
        if key in targets:
            _commitment(targets[key], f"$.targets.{key}")
    return stated


def parse_districts(value):
    if value is None:
        raise ExportError("$.districts: no districts")
    if not isinstance(value, list):
        raise _invalid("$.districts", "an array")
    if not value:
        raise ExportError("$.districts: no districts")
    if len(value) > 65535:
        raise ExportError("$.districts: too many districts")
    out, codes, notes = [], set(), []
    for i, d in enumerate(value):
        path = f"$.districts[{i}]"
        if not isinstance(d, dict):
            raise _invalid(path, "an object")
        code = d.get("code")
        if not isinstance(code, str) or not code.strip():
            raise _invalid(f"{path}.code", "non-empty text")
        if code in codes:
            raise ExportError(f"{path}.code: district {code} declared twice")
        codes.add(code)
        name = d.get("name")
        if name is None:
            name = code
        elif not isinstance(name, str) or not name.strip():
            raise _invalid(f"{path}.name", "non-empty text")
        area = d.get("area")
        if area not in AREAS:
            raise _invalid(f"{path}.area", "one of urban, rural, remote")
        customers = d.get("customers")
        if customers is not None:
            n = _exact_integer(customers)
            if n is not None and 0 <= n <= MAX_CUSTOMERS:
                customers = n
            elif (n is not None and n > MAX_CUSTOMERS) or (
                    n is None and not isinstance(customers, bool)
                    and isinstance(customers, (int, float)) and customers > 0):
                notes.append(f"{path}.customers: {customers} is implausible, taken as missing")
                customers = None
            else:
                raise _invalid(f"{path}.customers", "a non-negative integer")
        parent = d.get("parent") if isinstance(d.get("parent"), str) else None
        out.append({"code": code, "name": name, "area": area, "customers": customers,
                    "parent": parent})
    return out, notes


HEADER_KEYS = ("format", "version", "organization", "exported_at", "timezone", "districts",
               "targets", "tickets", "surveys")


class Export:
    """One export's header, as checked."""

    def __init__(self, name, top, ndjson):
        dups = [k for k in getattr(top, "dups", []) if k in HEADER_KEYS]
        if dups:
            raise ExportError(f"$.{dups[0]}: repeated top-level key")
        if top.get("format") != FORMAT_NAME:
            raise ExportError(f"not a {FORMAT_NAME} file (format: {top.get('format')!r})")
        if "version" not in top:
            raise ExportError("$.version: missing")
        version = _exact_integer(top["version"])
        if version is not None and version > 1:
            raise ExportError(f"version {version} is newer than this tool")
        if version != 1:
            raise ExportError(f"unknown version {top['version']!r}")
        self.organization = top.get("organization")
        if self.organization is not None and not isinstance(self.organization, str):
            raise _invalid("$.organization", "text")
        if "exported_at" not in top:
            raise ExportError("$.exported_at: missing")
        now = parse_timestamp(top["exported_at"])
        if now is None:
            raise _invalid("$.exported_at", "an RFC 3339 timestamp with an offset")
        self.exported_at = top["exported_at"]
        self.now_utc, offset = now
        self.timezone = top.get("timezone")
        if self.timezone is not None:
            tz = parse_offset(self.timezone)
            if tz is None:
                raise _invalid("$.timezone", "a UTC offset such as +08:00")
            offset = tz
        self.offset = offset
        if "districts" not in top:
            raise ExportError("$.districts: missing")
        self.districts, self.notes = parse_districts(top["districts"])
        self.targets = top.get("targets")
        self.commitments = parse_targets(self.targets)
        if not ndjson and "tickets" not in top:
            raise ExportError("$.tickets: missing")
        for key in ("tickets", "surveys"):
            v = top.get(key)
            if v is not None and not isinstance(v, list):
                raise _invalid(f"$.{key}", "an array")
            if key == "tickets" and "tickets" in top and v is None:
                raise _invalid("$.tickets", "an array")
        self.name = name
        self.units = top.get("units") if isinstance(top.get("units"), list) else None


class Inputs:
    """The rows of cube.sql's input tables, records spooled to NDJSON files."""

    def __init__(self, workdir):
        self.workdir = workdir
        self.exports, self.districts = [], []
        self.headers = []
        self.paths = {t: os.path.join(workdir, f"{t}.ndjson") for t in ("tickets", "surveys")}
        self._files = {t: open(p, "w", encoding="ascii") for t, p in self.paths.items()}
        self.counts = {"tickets": 0, "surveys": 0}

    def add(self, table, row):
        self._files[table].write(json.dumps(row, ensure_ascii=True, allow_nan=False))
        self._files[table].write("\n")
        self.counts[table] += 1

    def close(self):
        for f in self._files.values():
            f.close()

    def spool_header_tables(self):
        for table, rows in (("exports", self.exports), ("districts", self.districts)):
            self.paths[table] = os.path.join(self.workdir, f"{table}.ndjson")
            self.counts[table] = len(rows)
            with open(self.paths[table], "w", encoding="ascii") as f:
                for r in rows:
                    f.write(json.dumps(r, ensure_ascii=True, allow_nan=False) + "\n")

    def rows(self, table):
        cols = [c for c, _ in SCHEMAS[table]]
        if table == "exports":
            return [tuple(r[c] for c in cols) for r in self.exports]
        if table == "districts":
            return [tuple(r[c] for c in cols) for r in self.districts]
        out = []
        with open(self.paths[table], encoding="ascii") as f:
            for line in f:
                r = json.loads(line)
                out.append(tuple(r.get(c) for c in cols))
        return out


def read_export(path, src, inputs):
    """Reads one export (JSON or NDJSON) into `inputs`; returns its checked header."""
    with open(path, "rb") as f:
        data = f.read()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    text = data.decode("utf-8", errors="surrogateescape")
    decoder = json.JSONDecoder(object_pairs_hook=_pairs, parse_constant=_no_constant)
    ws = re.compile(r"[ \t\n\r]*")
    pos = ws.match(text, 0).end()
    if pos == len(text):
        raise ExportError(f"{path}: empty file")
    if text[pos] == "[":
        raise ExportError(f"{path}: an array, not an export")

    def value_at(pos):
        try:
            return decoder.raw_decode(text, pos)
        except (json.JSONDecodeError, ValueError) as e:
            raise ExportError(f"{path}: not JSON: {e}") from None

    top, pos = value_at(pos)
    if not isinstance(top, dict):
        raise ExportError(f"{path}: expected a JSON object")
    pos = ws.match(text, pos).end()
    ndjson = pos < len(text)
    export = Export(os.path.basename(path), top, ndjson)
    tickets_known = TICKET_FIELDS + ["satisfaction"]
    surveys_known = SURVEY_FIELDS + ["score"]
    seq = {"tickets": 0, "surveys": 0}

    def add(table, record, known, place):
        if table == "tickets":
            row = normalize(record, known, TICKET_FIELDS, "satisfaction")
        else:
            row = normalize(record, known, SURVEY_FIELDS, "score")
        row["src"] = src
        row["seq"] = place
        inputs.add(table, row)

    for i, t in enumerate(top.get("tickets") or []):
        add("tickets", t, tickets_known, i)
    for i, s in enumerate(top.get("surveys") or []):
        add("surveys", s, surveys_known, i)
    if ndjson:
        # NDJSON: the header was value 0; records follow (value n, in stream order).
        # Their seq is the stream position, after any records the header itself held.
        every = tickets_known + surveys_known
        base = len(top.get("tickets") or []) + len(top.get("surveys") or [])
        n = 1
        while pos < len(text):
            record, pos = value_at(pos)
            pos = ws.match(text, pos).end()
            survey = isinstance(record, dict) and "ticket_id" in record and "id" not in record
            add("surveys" if survey else "tickets", record, every, base + n)
            n += 1
    row = {"src": src, "name": export.name, "exported_at": export.exported_at,
           "timezone": export.timezone}
    row.update(export.commitments)
    inputs.exports.append(row)
    for i, d in enumerate(export.districts):
        inputs.districts.append({"src": src, "seq": i, **d})
    return export


def combine(exports):
    """The cube's header facts from several exports; refuses what cannot be one cube."""
    first = exports[0]
    for e in exports[1:]:
        if e.offset != first.offset:
            raise ExportError(f"{e.name}: timezone {format_offset(e.offset)} differs from "
                              f"{first.name}'s {format_offset(first.offset)}: one cube has "
                              "one calendar")
        if e.targets != first.targets:
            print(f"warning: {e.name} states other targets than {first.name}; each export's "
                  "commitments are applied to its own tickets, the cube shows the first's "
                  "targets", file=sys.stderr)
    seen = {}
    for e in exports:
        for d in e.districts:
            prior = seen.get(d["code"])
            if prior is None:
                seen[d["code"]] = (e.name, d)
            elif (prior[1]["area"], prior[1]["customers"]) != (d["area"], d["customers"]):
                raise ExportError(f"{e.name}: district {d['code']} differs from its "
                                  f"declaration in {prior[0]} (area or customers)")
    latest = max(exports, key=lambda e: e.now_utc)
    timezone = first.timezone if first.timezone is not None else format_offset(first.offset)
    units = next((e.units for e in exports if e.units), None)
    organization = next((e.organization for e in exports if e.organization), None)
    return {"organization": organization, "exported_at": latest.exported_at,
            "timezone": timezone, "targets": first.targets if first.targets is not None else {},
            "units": units, "exports": [e.name for e in exports]}


# ---------------------------------------------------------------------------------------------
# Engines
# ---------------------------------------------------------------------------------------------

def _duck_type(t):
    return {"STRING": "VARCHAR", "INT": "INTEGER", "BIGINT": "BIGINT", "DOUBLE": "DOUBLE"}[t]


class DuckDBEngine:
    name = "duckdb"

    def __init__(self, con=None, database=":memory:"):
        import duckdb
        self.con = con if con is not None else duckdb.connect(database)

    def execute(self, stmt):
        self.con.execute(stmt)

    def rows(self, query):
        return self.con.execute(query).fetchall()

    def load(self, inputs):
        for table in ("exports", "districts"):
            cols = SCHEMAS[table]
            self.con.execute(f"CREATE OR REPLACE TEMP TABLE {table} ("
                             + ", ".join(f"{c} {_duck_type(t)}" for c, t in cols) + ")")
            rows = inputs.rows(table)
            if rows:
                marks = ", ".join("?" for _ in cols)
                self.con.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
        for table in ("tickets", "surveys"):
            cols = SCHEMAS[table]
            spec = "{" + ", ".join(f"'{c}': '{_duck_type(t)}'" for c, t in cols) + "}"
            names = ", ".join(c for c, _ in cols)
            if inputs.counts[table]:
                self.con.execute(
                    f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT {names} FROM read_json("
                    f"'{inputs.paths[table]}', format = 'newline_delimited', columns = {spec})")
            else:
                self.con.execute(f"CREATE OR REPLACE TEMP TABLE {table} ("
                                 + ", ".join(f"{c} {_duck_type(t)}" for c, t in cols) + ")")

    def use_tables(self, prefix):
        for table in SCHEMAS:
            self.con.execute(f"CREATE OR REPLACE TEMP VIEW {table} AS SELECT * FROM {prefix}.{table}")

    def columns(self, table, columns, order, workdir):
        """Each column as a file of its values, one per line, in `order`: one sort, then a
        COPY per column (DuckDB keeps insertion order for both), streamed into the JSON later.
        Millions of rows never become Python objects."""
        self.con.execute("SET preserve_insertion_order = true")
        ordered = f"{table}_ordered"
        self.con.execute(f"CREATE OR REPLACE TEMP TABLE {ordered} AS SELECT {', '.join(columns)} "
                         f"FROM {table} ORDER BY {order}")
        out = {}
        for c in columns:
            path = os.path.join(workdir, f"{table}.{c}.txt")
            self.con.execute(f"COPY (SELECT {c} FROM {ordered}) TO '{path}' "
                             "(FORMAT csv, HEADER false)")
            out[c] = RawLines(path)
        self.con.execute(f"DROP TABLE {ordered}")
        return out


class SparkEngine:
    name = "spark"

    def __init__(self, spark=None, master="local[2]"):
        if spark is None:
            from pyspark.sql import SparkSession
            builder = SparkSession.builder.appName("service-kpi-cube")
            if master:
                builder = builder.master(master)
            if (master or "").startswith("local"):
                builder = builder.config("spark.driver.memory", "2g")  # the JVM starts here
            spark = (builder.config("spark.ui.enabled", "false")
                     .config("spark.sql.shuffle.partitions", "4")
                     .config("spark.sql.session.timeZone", "UTC")
                     .config("spark.ui.showConsoleProgress", "false")
                     # CACHE TABLE x AS <query with CTEs> is only reused by later statements
                     # when the temp view keeps its analyzed plan (else every step recomputes
                     # all steps before it).
                     .config("spark.sql.legacy.storeAnalyzedPlanForView", "true")
                     # Constraint inference over the long CASE chains of the record checks
                     # grows without bound (Java heap exhausted at 1 GB); it buys nothing here.
                     .config("spark.sql.constraintPropagation.enabled", "false")
                     .getOrCreate())
            spark.sparkContext.setLogLevel("ERROR")
        self.spark = spark

    def execute(self, stmt):
        m = re.match(r"CACHE TABLE (\w+)", stmt)
        if m:
            # A rebuild in the same session replaces the step's earlier result.
            self.spark.sql(f"UNCACHE TABLE IF EXISTS {m.group(1)}")
            self.spark.sql(f"DROP VIEW IF EXISTS {m.group(1)}")
        self.spark.sql(stmt)

    def rows(self, query):
        return [tuple(r) for r in self.spark.sql(query).collect()]

    def _schema(self, table):
        from pyspark.sql import types as T
        kinds = {"STRING": T.StringType(), "INT": T.IntegerType(), "BIGINT": T.LongType(),
                 "DOUBLE": T.DoubleType()}
        return T.StructType([T.StructField(c, kinds[t], True) for c, t in SCHEMAS[table]])

    def load(self, inputs):
        # A rebuild in the same session starts clean: cached steps of an earlier build would
        # otherwise stay in memory (their plans are large).
        self.spark.catalog.clearCache()
        local = self.spark.sparkContext.master.startswith("local")
        inputs.spool_header_tables()
        for table in SCHEMAS:
            schema = self._schema(table)
            if local and (inputs.counts[table] or table in ("exports", "districts")):
                # Read by the JVM itself: rows sent from Python would go through Python workers.
                df = self.spark.read.schema(schema).json("file://" + inputs.paths[table])
            else:
                df = self.spark.createDataFrame(inputs.rows(table), schema)
            df.createOrReplaceTempView(table)

    def use_tables(self, prefix):
        for table in SCHEMAS:
            self.spark.table(f"{prefix}.{table}").createOrReplaceTempView(table)

    def columns(self, table, columns, order, workdir):
        rows = self.rows(f"SELECT {', '.join(columns)} FROM {table} ORDER BY {order}")
        return {c: Raw(json.dumps([r[i] for r in rows], separators=(",", ":")))
                for i, c in enumerate(columns)}


def make_engine(name, **kw):
    if name == "duckdb":
        return DuckDBEngine(**{k: v for k, v in kw.items() if k in ("con", "database")})
    if name == "spark":
        return SparkEngine(**{k: v for k, v in kw.items() if k in ("spark", "master")})
    raise ValueError(f"unknown engine {name}")


# ---------------------------------------------------------------------------------------------
# Building and writing
# ---------------------------------------------------------------------------------------------

class Raw(str):
    """JSON text written as is."""


class RawLines:
    """A JSON array of numbers kept in a file, one value per line (written as [a,b,...])."""

    def __init__(self, path):
        self.path = path

    def chunks(self, size=16 << 20):
        yield b"["
        first = True
        with open(self.path, "rb") as f:
            pending = b""
            while True:
                block = f.read(size)
                if not block:
                    break
                block = pending + block
                cut = block.rfind(b"\n")
                if cut < 0:
                    pending = block
                    continue
                body, pending = block[:cut], block[cut + 1:]
                if body:
                    yield (b"" if first else b",") + body.replace(b"\n", b",")
                    first = False
            if pending.strip():
                yield (b"" if first else b",") + pending.strip()
        yield b"]"

    def values(self):
        with open(self.path, encoding="ascii") as f:
            return [int(line) for line in f if line.strip()]


def run_sql(engine, log=None, after=None):
    """Runs cube.sql on the engine's input tables; returns (step, seconds) pairs. `after(step)`
    is called after each step (province.py drops tables no longer needed)."""
    steps = []
    for stmt in statements(cube_sql(engine.name)):
        t0 = time.time()
        engine.execute(stmt)
        m = re.search(r"(?:CREATE OR REPLACE TEMP TABLE|CACHE TABLE)\s+(\w+)", stmt)
        steps.append((m.group(1) if m else stmt[:40], time.time() - t0))
        if log:
            log(f"  {steps[-1][0]}: {steps[-1][1]:.1f} s")
        if after:
            after(steps[-1][0])
    return steps


def collect(engine, head, workdir):
    """The cube document from the SQL's output tables (big columns as Raw/RawLines)."""
    districts = []
    for idx, code, name, area, customers, parent in engine.rows(
            "SELECT idx, code, name, area, customers, parent FROM cube_districts ORDER BY idx"):
        d = {"code": code, "name": name, "area": area}
        if customers is not None:
            d["customers"] = int(customers)
        if parent is not None:
            d["parent"] = parent
        districts.append(d)
    months = [r[0] for r in engine.rows("SELECT label FROM cube_months ORDER BY idx")]
    categories = [r[0] for r in engine.rows("SELECT label FROM cube_categories ORDER BY idx")]
    channels = [r[0] for r in engine.rows("SELECT label FROM cube_channels ORDER BY idx")]
    tickets, rejected = engine.rows("SELECT tickets, rejected FROM cube_source")[0]
    cells = engine.columns("cube_cells", CELL_COLUMNS, "cell", workdir)
    histograms = engine.columns("cube_histograms", HISTOGRAM_COLUMNS, "cell, measure, bucket",
                                workdir)
    doc = {"format": CUBE_FORMAT, "version": 1}
    if head.get("organization") is not None:
        doc["organization"] = head["organization"]
    doc["exported_at"] = head["exported_at"]
    doc["timezone"] = head["timezone"]
    doc["districts"] = districts
    if head.get("units"):
        doc["units"] = head["units"]
    doc["targets"] = head.get("targets") or {}
    doc["months"] = months
    doc["categories"] = categories
    doc["channels"] = channels
    doc["cells"] = cells
    doc["histograms"] = histograms
    doc["source"] = {"tickets": int(tickets), "rejected": int(rejected),
                     "exports": head.get("exports", [])}
    return doc


def _pieces(value):
    """The JSON text of a value as byte strings; Raw and RawLines are passed through."""
    if isinstance(value, Raw):
        yield str(value).encode("utf-8")
    elif isinstance(value, RawLines):
        yield from value.chunks()
    elif isinstance(value, dict) and any(isinstance(v, (Raw, RawLines)) for v in value.values()):
        for i, (k, v) in enumerate(value.items()):
            yield (("{" if i == 0 else ",") + json.dumps(k, ensure_ascii=False) + ":").encode()
            yield from _pieces(v)
        yield b"}"
    else:
        yield json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _document(doc):
    for i, (k, v) in enumerate(doc.items()):
        yield (("{" if i == 0 else ",") + json.dumps(k, ensure_ascii=False) + ":").encode()
        yield from _pieces(v)
    yield b"}\n"


class GzipWriter:
    """One gzip member written from blocks deflated in parallel (as pigz does): each block is
    compressed on its own and ended with a sync flush, so the pieces form one deflate stream.
    zlib releases the GIL, so two cores compress at once. Level 6, about 2 % larger than
    a single-threaded stream."""

    BLOCK = 16 << 20

    def __init__(self, f, level=6, threads=2):
        self.f, self.level = f, level
        self.pool = ThreadPoolExecutor(max_workers=threads)
        self.pending, self.buffer = [], []
        self.buffered, self.crc, self.size = 0, 0, 0
        f.write(b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff")  # header: no name, no mtime

    def _deflate(self, data, last):
        c = zlib.compressobj(self.level, zlib.DEFLATED, -15)
        return c.compress(data) + c.flush(zlib.Z_FINISH if last else zlib.Z_SYNC_FLUSH)

    def write(self, data):
        self.buffer.append(data)
        self.buffered += len(data)
        if self.buffered >= self.BLOCK:
            self._submit(last=False)

    def _submit(self, last):
        data = b"".join(self.buffer)
        self.buffer, self.buffered = [], 0
        self.crc = zlib.crc32(data, self.crc)
        self.size += len(data)
        self.pending.append(self.pool.submit(self._deflate, data, last))
        while len(self.pending) > 4 or (last and self.pending):
            self.f.write(self.pending.pop(0).result())

    def close(self):
        self._submit(last=True)
        self.f.write(struct.pack("<II", self.crc & 0xFFFFFFFF, self.size & 0xFFFFFFFF))
        self.pool.shutdown()


def write_cube(doc, path):
    """Writes the cube (gzip when the path ends in .gz); returns (raw bytes, file bytes)."""
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    raw = 0
    with open(path, "wb") as f:
        out = GzipWriter(f) if path.endswith(".gz") else f
        for piece in _document(doc):
            raw += len(piece)
            out.write(piece)
        if out is not f:
            out.close()
    return raw, os.path.getsize(path)


def rejection_summary(engine):
    return engine.rows("SELECT record, reason, count(*) FROM cube_rejections "
                       "GROUP BY record, reason ORDER BY record, reason")


def build(paths, engine, out=None, log=None, workdir=None):
    """Reads the exports, runs cube.sql on `engine`, returns the cube document (and writes it)."""
    own = workdir is None
    workdir = workdir or tempfile.mkdtemp(prefix="cube-")
    try:
        inputs = Inputs(workdir)
        try:
            exports = [read_export(p, i, inputs) for i, p in enumerate(paths)]
        finally:
            inputs.close()
        for e in exports:
            for note in e.notes:
                print(f"note: {e.name}: {note}", file=sys.stderr)
        head = combine(exports)
        engine.load(inputs)
        run_sql(engine, log)
        doc = collect(engine, head, workdir)
        if out:
            write_cube(doc, out)
        return doc
    finally:
        if own:
            shutil.rmtree(workdir, ignore_errors=True)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("exports", nargs="*", help="v1 exports (JSON or NDJSON), in precedence order")
    ap.add_argument("--engine", choices=["duckdb", "spark"], default="duckdb")
    ap.add_argument("-o", "--output", help="cube file to write (.json or .json.gz)")
    ap.add_argument("--print-sql", choices=["duckdb", "spark"],
                    help="print cube.sql with its macros expanded for that engine, and stop")
    ap.add_argument("--input-tables", metavar="DB",
                    help="read the input tables DB.exports, DB.districts, DB.tickets, DB.surveys "
                         "(cube.sql's schema) instead of export files")
    ap.add_argument("--meta", help="with --input-tables: JSON with organization, exported_at, "
                                   "timezone, targets, units for the cube's header")
    ap.add_argument("--database", default=":memory:", help="DuckDB database file (--engine duckdb)")
    ap.add_argument("--spark-master", default=None,
                    help="Spark master (default: local[2], or what spark-submit sets)")
    ap.add_argument("-q", "--quiet", action="store_true")
    args = ap.parse_args(argv)

    if args.print_sql:
        print(";\n\n".join(statements(cube_sql(args.print_sql))) + ";")
        return 0
    if not args.output:
        ap.error("-o/--output is required")
    log = None if args.quiet else (lambda msg: print(msg, file=sys.stderr))
    t0 = time.time()
    try:
        if args.engine == "spark":
            master = args.spark_master
            if master is None and "SPARK_ENV_LOADED" not in os.environ \
                    and "spark.master" not in os.environ.get("PYSPARK_SUBMIT_ARGS", ""):
                master = "local[2]"
            engine = SparkEngine(master=master)
        else:
            engine = DuckDBEngine(database=args.database)
        if args.input_tables:
            if not args.meta:
                ap.error("--input-tables needs --meta")
            with open(args.meta, encoding="utf-8") as f:
                head = json.load(f)
            head.setdefault("exports", [args.input_tables])
            engine.use_tables(args.input_tables)
            run_sql(engine, log)
            workdir = tempfile.mkdtemp(prefix="cube-")
            try:
                doc = collect(engine, head, workdir)
                write_cube(doc, args.output)
            finally:
                shutil.rmtree(workdir, ignore_errors=True)
        else:
            if not args.exports:
                ap.error("no exports given")
            doc = build(args.exports, engine, args.output, log)
    except ExportError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    if log:
        for record, reason, n in rejection_summary(engine):
            log(f"rejected {record}s: {reason}: {n}")
        n_cells = engine.rows("SELECT count(*) FROM cube_cells")[0][0]
        n_hist = engine.rows("SELECT count(*) FROM cube_histograms")[0][0]
        log(f"{args.output}: {doc['source']['tickets']} tickets, {doc['source']['rejected']} "
            f"rejected, {n_cells} cells, {n_hist} histogram rows, {len(doc['months'])} months "
            f"({args.engine}, {time.time() - t0:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
