#!/usr/bin/env python3
"""A province generated in SQL, and its cube built straight from the generated tables.

    python3 cube/province.py                        # 20,000,000 tickets -> target/province.cube.json.gz
    python3 cube/province.py --tickets 2000000 -o target/small-province.cube.json.gz

One province, 20 prefectures (市), 150 counties (区/县, the cube's districts, `parent` = their
prefecture), one year of work orders ending at exported_at. The tables have exactly the shape of
cube.sql's input (the raw export: timestamps as RFC 3339 text), so the cube is built by the very
SQL that builds it from JSON exports, without a JSON round trip. Distributions are made up but
shaped like a State Grid province: kinds and about 30 categories with a long tail, five channels,
customer tiers, log-normal durations by kind and area, seasonality, tickets still open at the
export, return-visit surveys (some twice), repeat complainants. Random numbers are hashes of the
row number, so a given --tickets always yields the same data whatever the thread count.

Prints the cube's size (raw and gzipped), its cell and histogram row counts, and the time of each
phase on this machine.
"""

import argparse
import os
import shutil
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import build_cube  # noqa: E402

EXPORTED_AT = "2026-11-01T08:00:00+08:00"
FIRST_DAY = "2025-11-01"  # one year of tickets, local time (+08:00)

PREFECTURES = ["锦城", "江阳", "绵州", "德阳", "广元", "遂宁", "内江", "乐山", "南充", "宜宾",
               "广安", "达州", "巴中", "雅安", "眉山", "资阳", "攀枝花", "阿坝", "甘孜", "凉山"]
COUNTY_SYLLABLES = ["安", "宁", "平", "兴", "和", "丰", "乐", "康", "昌", "泰", "顺", "德", "清",
                    "华", "川", "江", "山", "阳", "北", "南", "东", "西", "中", "新", "永", "长"]

# (kind, share of tickets, its categories with weights): about 30 categories in all.
KIND_MIX = [
    ("inquiry", 0.40, [("电费查询", 30), ("停电信息", 25), ("峰谷电价", 12), ("业务咨询", 15),
                       ("政策咨询", 8), ("用电安全", 4), ("网上国网使用", 6)]),
    ("repair", 0.30, [("低压故障", 45), ("客户内部故障", 25), ("高压故障", 10), ("计量故障", 12),
                      ("线路故障", 8)]),
    ("request", 0.12, [("过户更名", 25), ("新装增容", 30), ("业务办理", 25), ("销户", 8),
                       ("充电桩报装", 12)]),
    ("complaint", 0.08, [("电费电价", 28), ("停电问题", 24), ("服务态度", 14), ("计量装置", 12),
                         ("业扩报装", 10), ("电压质量", 8), ("抢修质量", 4)]),
    ("suggestion", 0.05, [("服务建议", 50), ("渠道建议", 30), ("电网规划", 20)]),
    ("praise", 0.05, [("表扬员工", 70), ("表扬服务", 30)]),
]
CHANNELS = [("95598", 0.55), ("网上国网", 0.25), ("营业厅", 0.08), ("12345", 0.07),
            ("微信公众号", 0.04)]  # the remaining 1 % have no channel
TIERS = [("A", 0.03), ("B", 0.12), ("C", 0.25)]  # the rest are unrated
# Log-normal durations: (median minutes, sigma) of first response by kind, of resolution by kind.
FIRST_RESPONSE = {"complaint": (90, 1.2), "repair": (12, 0.9), "inquiry": (15, 1.0),
                  "request": (60, 1.1), "suggestion": (240, 1.2), "praise": (300, 1.0)}
RESOLUTION = {"complaint": (2400, 1.1), "repair": (170, 0.7), "inquiry": (90, 1.3),
              "request": (2600, 0.9), "suggestion": (5000, 1.0), "praise": (1500, 1.0)}
ARRIVAL = {"urban": (30, 0.5), "rural": (55, 0.55), "remote": (80, 0.6)}


def districts():
    """150 counties under 20 prefectures: (code, name, area, customers, parent)."""
    out = []
    n = 0
    for p, pref in enumerate(PREFECTURES):
        counties = 8 if p < 10 else 7  # 10 x 8 + 10 x 7 = 150
        for c in range(counties):
            a = COUNTY_SYLLABLES[(p * 7 + c * 3) % len(COUNTY_SYLLABLES)]
            b = COUNTY_SYLLABLES[(p * 11 + c * 5 + 1) % len(COUNTY_SYLLABLES)]
            urban = c == 0 or (c == 1 and p < 6)
            remote = not urban and (p >= 17 or (c >= 6 and p % 3 == 0))
            name = f"{pref}{a}{b}" + ("区" if urban else "县")
            area = "urban" if urban else ("remote" if remote else "rural")
            customers = (420_000 if urban else 150_000 if remote else 260_000) + (n * 7919) % 180_000
            out.append((f"C{p + 1:02d}{c + 1:02d}", name, area, customers, f"P{p + 1:02d}"))
            n += 1
    return out


def units():
    return [{"code": "P00", "name": "示范省电力公司", "parent": None}] + [
        {"code": f"P{p + 1:02d}", "name": f"{name}供电公司", "parent": "P00"}
        for p, name in enumerate(PREFECTURES)]


def _weighted_case(value_expr, pairs, default="NULL"):
    """CASE picking pairs[i][0] when the uniform value falls in its cumulative share."""
    total = sum(w for _, w in pairs)
    acc, parts = 0.0, []
    for label, w in pairs:
        acc += w / total
        parts.append(f"WHEN {value_expr} < {acc:.6f} THEN '{label}'")
    return "CASE " + " ".join(parts) + f" ELSE {default} END"


def generate(con, n):
    """Creates the input tables of cube.sql (exports, districts, tickets, surveys) in `con`."""
    con.execute("SET preserve_insertion_order = false")
    # u(i, salt): a uniform number in [0, 1) from the row number, the same on any thread count.
    con.execute("CREATE OR REPLACE MACRO u(i, salt) AS "
                "((hash(i * 1000003 + salt) % 4294967291) + 0.5) / 4294967291.0")
    con.execute("CREATE OR REPLACE MACRO lognormal(i, salt, median_min, sigma) AS "
                "median_min * 60 * exp(sigma * sqrt(-2 * ln(u(i, salt))) "
                "* cos(2 * pi() * u(i, salt + 1)))")
    cols = ", ".join(f"{c} {build_cube._duck_type(t)}" for c, t in build_cube.SCHEMAS["exports"])
    con.execute(f"CREATE OR REPLACE TABLE exports ({cols})")
    con.execute("INSERT INTO exports (src, name, exported_at, timezone) VALUES "
                f"(0, 'province', '{EXPORTED_AT}', '+08:00')")
    con.execute("CREATE OR REPLACE TABLE districts (src INTEGER, seq INTEGER, code VARCHAR, "
                "name VARCHAR, area VARCHAR, customers BIGINT, parent VARCHAR)")
    con.executemany("INSERT INTO districts VALUES (0, ?, ?, ?, ?, ?, ?)",
                    [(i, *d) for i, d in enumerate(districts())])
    # Weights of the counties: urban ones get more tickets.
    con.execute("""CREATE OR REPLACE TABLE county_weights AS
        SELECT seq, code, area,
               sum(w) OVER (ORDER BY seq) / sum(w) OVER () AS upto
        FROM (SELECT seq, code, area, customers * CASE area WHEN 'urban' THEN 1.4
                                                             WHEN 'remote' THEN 0.7 ELSE 1 END AS w
              FROM districts)""")
    kind_pairs = [(k, share) for k, share, _ in KIND_MIX]
    category_case = "CASE kind " + " ".join(
        f"WHEN '{k}' THEN " + _weighted_case("u(i, 5)", cats) for k, _, cats in KIND_MIX) + " END"
    fr = "CASE kind " + " ".join(f"WHEN '{k}' THEN lognormal(i, 20, {m}, {s})"
                                 for k, (m, s) in FIRST_RESPONSE.items()) + " END"
    res = "CASE kind " + " ".join(f"WHEN '{k}' THEN lognormal(i, 30, {m}, {s})"
                                  for k, (m, s) in RESOLUTION.items()) + " END"
    arr = "CASE area " + " ".join(f"WHEN '{a}' THEN lognormal(i, 40, {m}, {s})"
                                  for a, (m, s) in ARRIVAL.items()) + " END"
    seconds_in_year = 365 * 86400
    con.execute(f"""CREATE OR REPLACE TABLE generated AS
        WITH base AS (
          SELECT i,
                 -- seasonality: more tickets in summer (air conditioning, storms) and winter
                 CAST(floor({seconds_in_year} * (u(i, 1) + 0.05 * sin(4 * pi() * u(i, 1)))) AS BIGINT)
                   % {seconds_in_year} AS at_secs,
                 {_weighted_case("u(i, 2)", kind_pairs)} AS kind,
                 u(i, 3) AS pick_county
          FROM range({n}) t(i)
        ),
        placed AS (
          SELECT b.*, c.code AS district, c.area
          FROM base b ASOF JOIN county_weights c ON b.pick_county <= c.upto
        )
        SELECT i, kind, district, area, at_secs,
               {category_case} AS category,
               {_weighted_case("u(i, 6)", CHANNELS)} AS channel,
               {_weighted_case("u(i, 7)", TIERS)} AS tier,
               -- complainants come back: a small pool per county makes repeats
               CASE WHEN kind = 'complaint' AND u(i, 8) < 0.9
                      THEN district || lpad(CAST(CAST(floor(u(i, 9) * 4000) AS INT) AS VARCHAR), 6, '0')
                    WHEN u(i, 8) < 0.6
                      THEN lpad(CAST(hash(i) % 9000000000 AS VARCHAR), 10, '0') END AS customer_id,
               CAST({fr} AS BIGINT) AS fr_secs,
               CASE WHEN kind = 'repair' THEN CAST({arr} AS BIGINT) END AS arr_secs,
               -- resolution after the first response (and after arrival for repairs)
               CAST(greatest({res}, {fr}, coalesce(CASE WHEN kind = 'repair' THEN {arr} END, 0))
                    AS BIGINT) + 60 AS res_secs,
               u(i, 50) AS stuck, u(i, 51) AS own_score_pick, u(i, 52) AS survey_pick,
               u(i, 53) AS survey_hours
        FROM placed""")
    first = f"TIMESTAMP '{FIRST_DAY} 00:00:00'"
    fmt = "'%Y-%m-%dT%H:%M:%S+08:00'"
    now_local = "TIMESTAMP '2026-11-01 08:00:00'"
    con.execute(f"""CREATE OR REPLACE TABLE tickets AS
        WITH timed AS (
          SELECT g.*, {first} + to_seconds(at_secs) AS opened,
                 {first} + to_seconds(at_secs + fr_secs) AS fr_at,
                 {first} + to_seconds(at_secs + arr_secs) AS arr_at,
                 -- 0.3 % are stuck: never resolved
                 CASE WHEN stuck >= 0.003 THEN {first} + to_seconds(at_secs + res_secs) END AS res_at
          FROM generated g
        )
        SELECT 0 AS src, i AS seq, CAST(NULL AS VARCHAR) AS bad, CAST(NULL AS VARCHAR) AS wrong_type,
               'WO' || lpad(CAST(i AS VARCHAR), 9, '0') AS id,
               strftime(opened, {fmt}) AS opened_at, district, kind, category, channel,
               customer_id, tier AS customer_tier,
               -- a milestone after the export has not happened yet
               CASE WHEN fr_at <= {now_local} THEN strftime(fr_at, {fmt}) END AS first_response_at,
               CASE WHEN arr_at <= {now_local} THEN strftime(arr_at, {fmt}) END AS arrived_at,
               CASE WHEN res_at <= {now_local} THEN strftime(res_at, {fmt}) END AS resolved_at,
               CASE WHEN res_at <= {now_local} AND own_score_pick < 0.10
                    THEN CAST(CASE WHEN own_score_pick < 0.06 THEN 5 WHEN own_score_pick < 0.085 THEN 4
                                   WHEN own_score_pick < 0.093 THEN 3 WHEN own_score_pick < 0.097 THEN 2
                                   ELSE 1 END AS DOUBLE) END AS satisfaction
        FROM timed""")
    # Return visits: 30 % of resolved tickets, 5 % of those twice (the later visit wins).
    con.execute(f"""CREATE OR REPLACE TABLE surveys AS
        WITH visited AS (
          SELECT i, 'WO' || lpad(CAST(i AS VARCHAR), 9, '0') AS id,
                 {first} + to_seconds(at_secs + res_secs) AS res_at, survey_pick, survey_hours
          FROM generated
          WHERE survey_pick < 0.30 AND stuck >= 0.003
            AND {first} + to_seconds(at_secs + res_secs) <= {now_local}
        ),
        visits AS (
          SELECT i, id, res_at + to_seconds(CAST(3600 + survey_hours * 72 * 3600 AS BIGINT)) AS visit_at, 0 AS nth
          FROM visited
          UNION ALL
          SELECT i, id, res_at + to_seconds(CAST(80 * 3600 + survey_hours * 72 * 3600 AS BIGINT)), 1
          FROM visited WHERE survey_pick < 0.015
        )
        SELECT 0 AS src, row_number() OVER (ORDER BY visit_at, i, nth) - 1 AS seq,
               CAST(NULL AS VARCHAR) AS bad, CAST(NULL AS VARCHAR) AS wrong_type,
               id AS ticket_id, strftime(visit_at, {fmt}) AS surveyed_at,
               CAST(CASE WHEN u(i, 60 + nth) < 0.60 THEN 5 WHEN u(i, 60 + nth) < 0.85 THEN 4
                         WHEN u(i, 60 + nth) < 0.93 THEN 3 WHEN u(i, 60 + nth) < 0.97 THEN 2
                         ELSE 1 END AS DOUBLE) AS score
        FROM visits
        WHERE visit_at <= {now_local}""")
    con.execute("DROP TABLE generated")
    con.execute("DROP TABLE county_weights")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--tickets", type=int, default=20_000_000)
    ap.add_argument("-o", "--output", default=os.path.join(os.path.dirname(HERE), "target",
                                                          "province.cube.json.gz"))
    ap.add_argument("--database", default=":memory:",
                    help="DuckDB database file (default: in memory)")
    ap.add_argument("--threads", type=int, default=None)
    ap.add_argument("--memory-limit", default="10GB",
                    help="DuckDB memory limit; beyond it tables spill to a temp directory "
                         "beside the output (default 10GB)")
    args = ap.parse_args(argv)

    import duckdb
    work = tempfile.mkdtemp(prefix="province-", dir=os.path.dirname(os.path.abspath(args.output)))
    try:
        return run(args, duckdb, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(args, duckdb, work):
    con = duckdb.connect(args.database)
    con.execute(f"SET memory_limit = '{args.memory_limit}'")
    con.execute(f"SET temp_directory = '{os.path.join(work, 'spill')}'")
    if args.threads:
        con.execute(f"SET threads = {args.threads}")
    threads = con.execute("SELECT current_setting('threads')").fetchone()[0]
    print(f"province: {args.tickets:,} tickets, 150 counties, 20 prefectures "
          f"(DuckDB {duckdb.__version__}, {threads} threads)")
    t0 = time.time()
    generate(con, args.tickets)
    n_surveys = con.execute("SELECT count(*) FROM surveys").fetchone()[0]
    t1 = time.time()
    print(f"generated {args.tickets:,} tickets and {n_surveys:,} surveys in {t1 - t0:.1f} s")

    engine = build_cube.DuckDBEngine(con=con)
    # The raw tables are not needed once judged: dropping them keeps memory down.
    done_with = {"ticket_fields": "tickets", "survey_checks": "surveys",
                 "ticket_checks": "ticket_fields"}
    steps = build_cube.run_sql(
        engine, after=lambda step: step in done_with and con.execute(
            f"DROP TABLE {done_with[step]}"))
    t2 = time.time()
    print(f"cube.sql in {t2 - t1:.1f} s: " + ", ".join(f"{n} {s:.1f}" for n, s in steps))
    head = {"organization": "示范省电力公司", "exported_at": EXPORTED_AT, "timezone": "+08:00",
            "targets": {"complaint_rate_per_10k": 1.5, "satisfaction_mean": 4.5, "csat_pct": 90},
            "units": units(), "exports": [f"province.py --tickets {args.tickets}"]}
    doc = build_cube.collect(engine, head, work)
    t3 = time.time()
    raw, packed = build_cube.write_cube(doc, args.output)
    t4 = time.time()
    cells = con.execute("SELECT count(*) FROM cube_cells").fetchone()[0]
    hist = con.execute("SELECT count(*) FROM cube_histograms").fetchone()[0]
    tickets, rejected = con.execute("SELECT tickets, rejected FROM cube_source").fetchone()
    print(f"collected the columns in {t3 - t2:.1f} s, wrote {args.output} in {t4 - t3:.1f} s")
    print(f"cube: {tickets:,} tickets ({rejected} rejected), {len(doc['months'])} months, "
          f"{len(doc['categories'])} categories, {len(doc['channels'])} channels, "
          f"{cells:,} cells, {hist:,} histogram rows")
    gz = "gzipped" if args.output.endswith(".gz") else "file"
    print(f"size: {raw / 1e6:.1f} MB raw JSON, {packed / 1e6:.1f} MB {gz}")
    print(f"build time (cube.sql + columns + write): {t4 - t1:.1f} s; total {t4 - t0:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
