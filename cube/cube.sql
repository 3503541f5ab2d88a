-- =============================================================================================
-- cube/cube.sql: the aggregate "cube" of docs/cube-format.md, built from raw v1 exports.
--
-- One file for DuckDB and Spark SQL. It uses only what both engines share (CTEs, CASE, window
-- functions with RANGE frames, regexp_extract, try_cast, substr, floor, ln, lpad, instr) plus
-- four macros that the runner (cube/build_cube.py, also `--print-sql ENGINE`) expands first:
--
--   {{TABLE(name)}}        starts a statement that materializes a step:
--                            DuckDB: CREATE OR REPLACE TEMP TABLE name    Spark: CACHE TABLE name
--   {{TS_DIGITS(x)}}       the timestamp text x (docs/data-format.md "Timestamps":
--                          YYYY-MM-DD[Tt ]HH:MM:SS[.fraction](Z|z|±HH:MM)) as the integer
--                          YYYYMMDDhhmmss of its local date and time (fraction dropped), NULL
--                          when x does not have that shape. A regex and one cast.
--   {{TS_OFFSET(x)}}       the offset at the end of x ('Z', '+08:00' or a whole timestamp) as the
--                          integer ±HHMM.
--   {{TS_PARTS(p)}}        from columns p_digits and p_offset, the columns p_y, p_mo, p_d,
--                          p_clock (seconds of the day), p_clock_ok (hour <= 23, minutes,
--                          seconds <= 59, offset within ±23:59) and p_offset_secs.
--   {{UTC_SECONDS(p)}}     from those, UTC epoch seconds; NULL for an impossible date (month 13,
--                          30 February) or clock: Hinnant's days_from_civil as in calendar.rs.
--   {{OFFSET_SECONDS(o)}}  ±HHMM as seconds.
--   {{IS_BLANK(x)}}        x is empty or only white space as Rust's str::trim sees it (Unicode
--                          White_Space): a regex class whose backslashes Spark's string literals
--                          need doubled, DuckDB's not. The only text that differs by engine
--                          besides TABLE.
-- The timestamp macros expand to the same portable text on both engines; they are macros
-- because that text is long and needed six times. They work in stages (text -> two integers
-- -> parts -> instant) so that each piece is computed once: engines do not share common
-- subexpressions inside CASE, and Spark's plans would otherwise grow large enough to exhaust
-- its heap.
-- Nothing else differs; no engine-specific function is used.
--
-- Inputs (the raw export as tables; build_cube.py fills them from JSON/NDJSON exports, a data
-- team can fill them from its own work-order tables). `src` numbers the exports (0, 1, ...);
-- `seq` is a record's position in its export (array index, or NDJSON stream position).
--   exports(src INT, name STRING, exported_at STRING, timezone STRING,
--           fr_complaint_min, fr_repair_min, fr_inquiry_min, fr_request_min, fr_suggestion_min,
--           fr_praise_min, arr_urban_min, arr_rural_min, arr_remote_min, res_complaint_h,
--           res_repair_h, res_inquiry_h, res_request_h, res_suggestion_h, res_praise_h DOUBLE)
--       One row per export: its "now", its calendar offset (NULL: that of exported_at) and the
--       commitments it states. NULL = not stated, the default of shared/spec/kpis.md applies;
--       a negative number = stated as null in the export, i.e. no limit for that kind or area.
--   districts(src INT, seq INT, code STRING, name STRING, area STRING, customers BIGINT,
--             parent STRING)                  -- as declared (whole-file checks are done before)
--   tickets(src INT, seq BIGINT, bad STRING, wrong_type STRING, id, opened_at, district, kind,
--           category, channel, customer_id, customer_tier, first_response_at, arrived_at,
--           resolved_at STRING, satisfaction DOUBLE)
--   surveys(src INT, seq BIGINT, bad STRING, wrong_type STRING, ticket_id STRING,
--           surveyed_at STRING, score DOUBLE)
--       Fields hold the JSON string value, NULL when absent or null. What only a JSON reader can
--       see is passed in two columns (both NULL for a typed source such as a Hive table):
--       `bad`        not_an_object | bad_value | duplicate_key: the record's first problem of that
--                    kind (they come before every field rule, as in the Rust loader);
--       `wrong_type` the fields whose JSON value has the wrong type, as ',field,field,'
--                    (a text field holding a number, a score holding text, ...).
--
-- Outputs: cube_cells and cube_histograms (the columns of docs/cube-format.md), the label lists
-- their indices point into (cube_districts, cube_months, cube_categories, cube_channels), the
-- totals for `source` (cube_source) and every rejected record with its reason (cube_rejections).
--
-- Every rule of the Rust loader (core/src/load/records.rs, header.rs, settle.rs) is applied
-- here, in its order: a record is rejected once, for its first problem.
-- =============================================================================================


-- ---------------------------------------------------------------------------------------------
-- The "now" and the calendar of each export.
-- ---------------------------------------------------------------------------------------------
{{TABLE(export_settings)}} AS
WITH texts AS (
  SELECT src,
         {{TS_DIGITS(exported_at)}} AS now_digits,
         {{TS_OFFSET(exported_at)}} AS now_offset,
         -- `timezone` buckets days and months; without it, the offset of exported_at.
         {{TS_OFFSET(coalesce(timezone, exported_at))}} AS calendar_offset
  FROM exports
),
parts AS (
  SELECT src, calendar_offset, {{TS_PARTS(now)}} FROM texts
)
SELECT src,
       {{UTC_SECONDS(now)}} AS now_utc,
       {{OFFSET_SECONDS(calendar_offset)}} AS offset_secs
FROM parts;


-- ---------------------------------------------------------------------------------------------
-- The commitments in force per export, in seconds: what the export states, else kpis.md's
-- default. One row per (export, milestone, kind or area); limit_secs NULL = no limit applies.
-- Limits stay floating point (minutes x 60, hours x 3600) exactly as the Rust loader computes
-- them, so a duration exactly on a fractional limit is judged the same way.
-- ---------------------------------------------------------------------------------------------
{{TABLE(commitments)}} AS
WITH kpi_defaults (milestone, applies_to, default_value, unit_secs) AS (
  VALUES ('first_response', 'complaint',  1440.0, 60),
         ('first_response', 'repair',     NULL,   60),
         ('first_response', 'inquiry',    60.0,   60),
         ('first_response', 'request',    NULL,   60),
         ('first_response', 'suggestion', NULL,   60),
         ('first_response', 'praise',     NULL,   60),
         ('repair_arrival', 'urban',      45.0,   60),
         ('repair_arrival', 'rural',      90.0,   60),
         ('repair_arrival', 'remote',     120.0,  60),
         ('resolution',     'complaint',  168.0,  3600),
         ('resolution',     'repair',     4.0,    3600),
         ('resolution',     'inquiry',    24.0,   3600),
         ('resolution',     'request',    120.0,  3600),
         ('resolution',     'suggestion', 168.0,  3600),
         ('resolution',     'praise',     NULL,   3600)
),
stated AS (
            SELECT src, 'first_response' AS milestone, 'complaint'  AS applies_to, fr_complaint_min  AS stated_value FROM exports
  UNION ALL SELECT src, 'first_response', 'repair',     fr_repair_min      FROM exports
  UNION ALL SELECT src, 'first_response', 'inquiry',    fr_inquiry_min     FROM exports
  UNION ALL SELECT src, 'first_response', 'request',    fr_request_min     FROM exports
  UNION ALL SELECT src, 'first_response', 'suggestion', fr_suggestion_min  FROM exports
  UNION ALL SELECT src, 'first_response', 'praise',     fr_praise_min      FROM exports
  UNION ALL SELECT src, 'repair_arrival', 'urban',      arr_urban_min      FROM exports
  UNION ALL SELECT src, 'repair_arrival', 'rural',      arr_rural_min      FROM exports
  UNION ALL SELECT src, 'repair_arrival', 'remote',     arr_remote_min     FROM exports
  UNION ALL SELECT src, 'resolution',     'complaint',  res_complaint_h    FROM exports
  UNION ALL SELECT src, 'resolution',     'repair',     res_repair_h       FROM exports
  UNION ALL SELECT src, 'resolution',     'inquiry',    res_inquiry_h      FROM exports
  UNION ALL SELECT src, 'resolution',     'request',    res_request_h      FROM exports
  UNION ALL SELECT src, 'resolution',     'suggestion', res_suggestion_h   FROM exports
  UNION ALL SELECT src, 'resolution',     'praise',     res_praise_h       FROM exports
)
SELECT s.src, s.milestone, s.applies_to,
       CAST(CASE WHEN s.stated_value IS NULL THEN d.default_value * d.unit_secs
                 WHEN s.stated_value < 0 THEN NULL
                 ELSE s.stated_value * d.unit_secs END AS DOUBLE) AS limit_secs
FROM stated s
JOIN kpi_defaults d ON d.milestone = s.milestone AND d.applies_to = s.applies_to;


-- ---------------------------------------------------------------------------------------------
-- Districts of the cube: every code declared by an export, first declaration wins, in the
-- order first declared. Its index is the cells' `district`.
-- ---------------------------------------------------------------------------------------------
{{TABLE(cube_districts)}} AS
WITH declarations AS (
  SELECT src, seq, code, name, area, customers, parent,
         row_number() OVER (PARTITION BY code ORDER BY src, seq) AS nth
  FROM districts
)
SELECT row_number() OVER (ORDER BY src, seq) - 1 AS idx, code, name, area, customers, parent
FROM declarations
WHERE nth = 1;


-- ---------------------------------------------------------------------------------------------
-- Tickets: every record judged by export-format.md / records.rs, in the loader's order of
-- checks, with its first problem (NULL = none so far; duplicate ids come next). Only what later
-- steps need is kept (parsed instants, normalized labels), not the raw text.
-- ---------------------------------------------------------------------------------------------
{{TABLE(ticket_fields)}} AS
WITH texts AS (
  SELECT t.src, t.seq, t.bad, t.wrong_type, t.id, t.opened_at, t.district, t.kind,
         t.category, t.channel, t.customer_id, t.customer_tier, t.satisfaction,
         t.first_response_at, t.arrived_at, t.resolved_at,
         e.now_utc, e.offset_secs,
         d.area,
         {{TS_DIGITS(t.opened_at)}} AS opened_digits,
         {{TS_OFFSET(t.opened_at)}} AS opened_offset,
         {{TS_DIGITS(t.first_response_at)}} AS first_response_digits,
         {{TS_OFFSET(t.first_response_at)}} AS first_response_offset,
         {{TS_DIGITS(t.arrived_at)}} AS arrived_digits,
         {{TS_OFFSET(t.arrived_at)}} AS arrived_offset,
         {{TS_DIGITS(t.resolved_at)}} AS resolved_digits,
         {{TS_OFFSET(t.resolved_at)}} AS resolved_offset
  FROM tickets t
  JOIN export_settings e ON e.src = t.src
  -- A ticket names a district of its own export.
  LEFT JOIN districts d ON d.src = t.src AND d.code = t.district
),
parts AS (
  SELECT x.*,
         {{TS_PARTS(opened)}},
         {{TS_PARTS(first_response)}},
         {{TS_PARTS(arrived)}},
         {{TS_PARTS(resolved)}}
  FROM texts x
),
parsed AS (
  SELECT p.*,
         {{UTC_SECONDS(opened)}} AS opened_utc,
         {{UTC_SECONDS(first_response)}} AS first_response_utc,
         {{UTC_SECONDS(arrived)}} AS arrived_utc,
         {{UTC_SECONDS(resolved)}} AS resolved_utc
  FROM parts p
),
judged AS (
  SELECT p.*,
    CASE
      -- What the JSON reader saw: not an object, an unreadable value, a field given twice.
      WHEN bad IS NOT NULL THEN bad
      -- id: required text.
      WHEN instr(wrong_type, ',id,') > 0 THEN 'not_text'
      WHEN id IS NULL THEN 'missing'
      WHEN {{IS_BLANK(id)}} THEN 'empty'
      -- opened_at: required, an RFC 3339 timestamp, plausible for the export: at most one day
      -- after exported_at and at most 10,958 days (30 years) before it.
      WHEN instr(wrong_type, ',opened_at,') > 0 THEN 'not_text'
      WHEN opened_at IS NULL THEN 'missing'
      WHEN opened_utc IS NULL AND {{IS_BLANK(opened_at)}} THEN 'empty'
      WHEN opened_utc IS NULL THEN 'bad_timestamp'
      WHEN opened_utc > now_utc + 86400 OR opened_utc < now_utc - 10958 * 86400
        THEN 'implausible_timestamp'
      -- district: required, a code declared by the export.
      WHEN instr(wrong_type, ',district,') > 0 THEN 'not_text'
      WHEN district IS NULL THEN 'missing'
      WHEN area IS NULL AND {{IS_BLANK(district)}} THEN 'empty'
      WHEN area IS NULL THEN 'unknown_district'
      -- kind: required, one of the six.
      WHEN instr(wrong_type, ',kind,') > 0 THEN 'not_text'
      WHEN kind IS NULL THEN 'missing'
      WHEN kind IN ('complaint', 'repair', 'inquiry', 'request', 'suggestion', 'praise') THEN NULL
      WHEN {{IS_BLANK(kind)}} THEN 'empty'
      ELSE 'unknown_kind'
    END AS first_problem,
    CASE
      -- Optional labels: text or nothing.
      WHEN instr(wrong_type, ',category,') > 0 THEN 'not_text'
      WHEN instr(wrong_type, ',channel,') > 0 THEN 'not_text'
      WHEN instr(wrong_type, ',customer_id,') > 0 THEN 'not_text'
      -- customer_tier: A, B, C, or nothing (blank counts as nothing).
      WHEN instr(wrong_type, ',customer_tier,') > 0 THEN 'not_text'
      WHEN customer_tier IS NULL OR customer_tier IN ('A', 'B', 'C') THEN NULL
      WHEN NOT {{IS_BLANK(customer_tier)}} THEN 'unknown_tier'
    END AS label_problem,
    CASE
      -- Milestones: optional (absent, null or blank = not yet); when given, a plausible
      -- timestamp no earlier than opened_at. Checked in the order of the format.
      WHEN instr(wrong_type, ',first_response_at,') > 0 THEN 'not_text'
      WHEN first_response_utc IS NULL AND first_response_at IS NOT NULL
           AND NOT {{IS_BLANK(first_response_at)}} THEN 'bad_timestamp'
      WHEN first_response_utc > now_utc + 86400
           OR first_response_utc < now_utc - 10958 * 86400 THEN 'implausible_timestamp'
      WHEN first_response_utc < opened_utc THEN 'before_opened'
      WHEN instr(wrong_type, ',arrived_at,') > 0 THEN 'not_text'
      WHEN arrived_utc IS NULL AND arrived_at IS NOT NULL
           AND NOT {{IS_BLANK(arrived_at)}} THEN 'bad_timestamp'
      WHEN arrived_utc > now_utc + 86400
           OR arrived_utc < now_utc - 10958 * 86400 THEN 'implausible_timestamp'
      WHEN arrived_utc < opened_utc THEN 'before_opened'
      WHEN instr(wrong_type, ',resolved_at,') > 0 THEN 'not_text'
      WHEN resolved_utc IS NULL AND resolved_at IS NOT NULL
           AND NOT {{IS_BLANK(resolved_at)}} THEN 'bad_timestamp'
      WHEN resolved_utc > now_utc + 86400
           OR resolved_utc < now_utc - 10958 * 86400 THEN 'implausible_timestamp'
      WHEN resolved_utc < opened_utc THEN 'before_opened'
      -- satisfaction: an integer 1..5 or nothing; 5.0 is 5, and -0 is 0 (out of range).
      WHEN instr(wrong_type, ',satisfaction,') > 0 THEN 'score_out_of_range'
      WHEN satisfaction IS NOT NULL AND satisfaction NOT IN (1, 2, 3, 4, 5)
        THEN 'score_out_of_range'
    END AS later_problem
  FROM parsed p
)
SELECT src, seq, id,
       coalesce(first_problem, label_problem, later_problem) AS problem,
       opened_utc, now_utc, offset_secs,
       first_response_utc, arrived_utc, resolved_utc,
       district, area, kind,
       CASE WHEN category IS NULL OR {{IS_BLANK(category)}} THEN '未分类' ELSE category END
         AS category_label,
       CASE WHEN channel IS NULL OR {{IS_BLANK(channel)}} THEN '未知渠道' ELSE channel END
         AS channel_label,
       CASE WHEN customer_id IS NULL OR {{IS_BLANK(customer_id)}} THEN NULL ELSE customer_id END
         AS customer,
       CASE customer_tier WHEN 'A' THEN 1 WHEN 'B' THEN 2 WHEN 'C' THEN 3 ELSE 0 END AS tier,
       -- (cast only what passed: a rejected record may hold any number)
       CASE WHEN satisfaction IN (1, 2, 3, 4, 5) THEN CAST(satisfaction AS INT) END AS own_score
FROM judged;

-- An id is taken by the first ticket that passed every other check (over all exports, in the
-- order given); a later valid ticket with it is a duplicate. Only ids that several valid
-- tickets carry (rare) need ordering.
{{TABLE(ticket_checks)}} AS
WITH shared_ids AS (
  SELECT id FROM ticket_fields WHERE problem IS NULL GROUP BY id HAVING count(*) > 1
),
later_holders AS (
  SELECT f.src, f.seq
  FROM (SELECT t.src, t.seq,
               row_number() OVER (PARTITION BY t.id ORDER BY t.src, t.seq) AS holder
        FROM ticket_fields t
        JOIN shared_ids s ON s.id = t.id
        WHERE t.problem IS NULL) f
  WHERE f.holder > 1
)
SELECT t.src, t.seq, t.id,
       CASE WHEN t.problem IS NOT NULL THEN t.problem
            WHEN l.seq IS NOT NULL THEN 'duplicate_id' END AS reason,
       t.opened_utc, t.now_utc, t.offset_secs, t.first_response_utc, t.arrived_utc,
       t.resolved_utc, t.district, t.area, t.kind, t.category_label, t.channel_label,
       t.customer, t.tier, t.own_score
FROM ticket_fields t
LEFT JOIN later_holders l ON l.src = t.src AND l.seq = t.seq;


-- ---------------------------------------------------------------------------------------------
-- Surveys: judged like tickets; a valid one must name an accepted ticket (of any export).
-- ---------------------------------------------------------------------------------------------
{{TABLE(survey_checks)}} AS
WITH texts AS (
  SELECT s.src, s.seq, s.bad, s.wrong_type, s.ticket_id, s.surveyed_at, s.score, e.now_utc,
         {{TS_DIGITS(s.surveyed_at)}} AS surveyed_digits,
         {{TS_OFFSET(s.surveyed_at)}} AS surveyed_offset
  FROM surveys s
  JOIN export_settings e ON e.src = s.src
),
parts AS (
  SELECT x.*, {{TS_PARTS(surveyed)}} FROM texts x
),
parsed AS (
  SELECT p.*, {{UTC_SECONDS(surveyed)}} AS surveyed_utc FROM parts p
),
judged AS (
  SELECT p.*,
    CASE
      WHEN bad IS NOT NULL THEN bad
      WHEN instr(wrong_type, ',ticket_id,') > 0 THEN 'not_text'
      WHEN ticket_id IS NULL THEN 'missing'
      WHEN {{IS_BLANK(ticket_id)}} THEN 'empty'
      WHEN instr(wrong_type, ',surveyed_at,') > 0 THEN 'not_text'
      WHEN surveyed_at IS NULL THEN 'missing'
      WHEN surveyed_utc IS NULL AND {{IS_BLANK(surveyed_at)}} THEN 'empty'
      WHEN surveyed_utc IS NULL THEN 'bad_timestamp'
      WHEN surveyed_utc > now_utc + 86400 OR surveyed_utc < now_utc - 10958 * 86400
        THEN 'implausible_timestamp'
      -- score: required here, an integer 1..5.
      WHEN instr(wrong_type, ',score,') > 0 THEN 'score_out_of_range'
      WHEN score IS NULL THEN 'missing'
      WHEN score NOT IN (1, 2, 3, 4, 5) THEN 'score_out_of_range'
    END AS problem
  FROM parsed p
),
accepted_ids AS (
  -- unique: a duplicate id is never accepted twice, so the join below keeps one row per survey
  SELECT id FROM ticket_checks WHERE reason IS NULL
)
SELECT j.src, j.seq, j.ticket_id, j.surveyed_utc,
       CASE WHEN j.score IN (1, 2, 3, 4, 5) THEN CAST(j.score AS INT) END AS score,
       CASE WHEN j.problem IS NOT NULL THEN j.problem
            WHEN a.id IS NULL THEN 'unknown_ticket' END AS reason
FROM judged j
LEFT JOIN accepted_ids a ON a.id = j.ticket_id;


-- ---------------------------------------------------------------------------------------------
-- Label lists. Category and channel codes follow the Rust loader's dictionaries: code 0 is the
-- "missing" label (it exists even if no ticket lacks one), then labels in order of first
-- appearance among accepted tickets (export order, then file order).
-- ---------------------------------------------------------------------------------------------
{{TABLE(cube_categories)}} AS
WITH seen AS (
  SELECT category_label AS label, src, min(seq) AS seq
  FROM ticket_checks WHERE reason IS NULL
  GROUP BY category_label, src
  UNION ALL SELECT '未分类', -1, -1
),
first_seen AS (
  SELECT label, src, seq, row_number() OVER (PARTITION BY label ORDER BY src, seq) AS nth
  FROM seen
)
SELECT row_number() OVER (ORDER BY src, seq) - 1 AS idx, label
FROM first_seen WHERE nth = 1;

{{TABLE(cube_channels)}} AS
WITH seen AS (
  SELECT channel_label AS label, src, min(seq) AS seq
  FROM ticket_checks WHERE reason IS NULL
  GROUP BY channel_label, src
  UNION ALL SELECT '未知渠道', -1, -1
),
first_seen AS (
  SELECT label, src, seq, row_number() OVER (PARTITION BY label ORDER BY src, seq) AS nth
  FROM seen
)
SELECT row_number() OVER (ORDER BY src, seq) - 1 AS idx, label
FROM first_seen WHERE nth = 1;


-- ---------------------------------------------------------------------------------------------
-- Settled tickets: one row per accepted ticket with its cell coordinates and every per-ticket
-- fact of kpis.md, fixed at "now" (exported_at of the ticket's export), as settle.rs does.
-- ---------------------------------------------------------------------------------------------
{{TABLE(settled_tickets)}} AS
WITH accepted AS (
  SELECT c.*,
         CASE c.kind WHEN 'complaint' THEN 0 WHEN 'repair' THEN 1 WHEN 'inquiry' THEN 2
                     WHEN 'request' THEN 3 WHEN 'suggestion' THEN 4 ELSE 5 END AS kind_code,
         -- Local calendar day of opened_at in the export's offset (days since 1970-01-01) ...
         CAST(floor((c.opened_utc + c.offset_secs) / 86400) AS BIGINT) + 719468 AS z
  FROM ticket_checks c
  WHERE c.reason IS NULL
),
calendar_era AS (
  -- ... and its month, by Hinnant's civil_from_days (core/src/calendar.rs), counted in a year
  -- that starts in March: era of 400 years, day of era, year of era.
  SELECT a.*,
         CAST(floor(z / 146097) AS BIGINT) AS era,
         z - CAST(floor(z / 146097) AS BIGINT) * 146097 AS doe
  FROM accepted a
),
calendar_year AS (
  SELECT ce.*,
         CAST(floor((doe - floor(doe / 1460) + floor(doe / 36524) - floor(doe / 146096)) / 365)
              AS BIGINT) AS yoe
  FROM calendar_era ce
),
calendar_month AS (
  SELECT cy.*,
         -- month of the March-based year (0 = March ... 11 = February). year * 12 + month - 1 of
         -- the civil date is then (400 era + yoe) * 12 + mp + 2 for every mp.
         CAST(floor((5 * (doe - (365 * yoe + floor(yoe / 4) - floor(yoe / 100))) + 2) / 153)
              AS BIGINT) AS mp
  FROM calendar_year cy
),
latest_survey AS (
  -- A survey score overrides the ticket's own; the latest surveyed_at wins, on equal times the
  -- one later in the input.
  SELECT ticket_id, score
  FROM (SELECT ticket_id, score,
               row_number() OVER (PARTITION BY ticket_id
                                  ORDER BY surveyed_utc DESC, src DESC, seq DESC) AS recency
        FROM survey_checks WHERE reason IS NULL) ranked
  WHERE recency = 1
),
repeat_complaints AS (
  -- A complaint repeats when the same customer has another complaint opened 0 < delta <= 30
  -- days (43,200 minutes) before it, anywhere in the input: instants are whole seconds, so the
  -- frame [t - 2,592,000 s, t - 1 s] is exactly that window, ties excluded.
  SELECT src, seq,
         count(*) OVER (PARTITION BY customer ORDER BY opened_utc
                        RANGE BETWEEN 2592000 PRECEDING AND 1 PRECEDING) AS earlier_complaints
  FROM accepted
  WHERE kind = 'complaint' AND customer IS NOT NULL
),
with_limits AS (
  SELECT cm.*,
         (400 * cm.era + cm.yoe) * 12 + cm.mp + 2 AS month_no,
         coalesce(ls.score, cm.own_score) AS final_score,
         rc.earlier_complaints,
         fr.limit_secs AS fr_limit,
         CASE WHEN cm.kind = 'repair' THEN arr.limit_secs END AS arr_limit,
         res.limit_secs AS res_limit
  FROM calendar_month cm
  LEFT JOIN latest_survey ls ON ls.ticket_id = cm.id
  LEFT JOIN repeat_complaints rc ON rc.src = cm.src AND rc.seq = cm.seq
  -- First response and resolution limits by kind; repair arrival by the district's area,
  -- repairs only.
  LEFT JOIN commitments fr
    ON fr.src = cm.src AND fr.milestone = 'first_response' AND fr.applies_to = cm.kind
  LEFT JOIN commitments arr
    ON arr.src = cm.src AND arr.milestone = 'repair_arrival' AND arr.applies_to = cm.area
  LEFT JOIN commitments res
    ON res.src = cm.src AND res.milestone = 'resolution' AND res.applies_to = cm.kind
)
SELECT d.idx AS district_idx, w.month_no, w.kind_code, cat.idx AS category_idx,
       ch.idx AS channel_idx, w.tier,
       -- Outcome per milestone (timeliness.rs): 1 met, 2 breached, 3 pending, NULL no limit.
       -- Met: happened within the limit. Breached: happened later, or has not happened and
       -- "now" is past the limit. Pending: has not happened, limit not passed yet.
       CASE WHEN w.fr_limit IS NULL THEN NULL
            WHEN w.first_response_utc IS NOT NULL
              THEN CASE WHEN w.first_response_utc - w.opened_utc <= w.fr_limit THEN 1 ELSE 2 END
            WHEN w.now_utc - w.opened_utc > w.fr_limit THEN 2 ELSE 3 END AS fr_outcome,
       CASE WHEN w.arr_limit IS NULL THEN NULL
            WHEN w.arrived_utc IS NOT NULL
              THEN CASE WHEN w.arrived_utc - w.opened_utc <= w.arr_limit THEN 1 ELSE 2 END
            WHEN w.now_utc - w.opened_utc > w.arr_limit THEN 2 ELSE 3 END AS arr_outcome,
       CASE WHEN w.res_limit IS NULL THEN NULL
            WHEN w.resolved_utc IS NOT NULL
              THEN CASE WHEN w.resolved_utc - w.opened_utc <= w.res_limit THEN 1 ELSE 2 END
            WHEN w.now_utc - w.opened_utc > w.res_limit THEN 2 ELSE 3 END AS res_outcome,
       w.resolved_utc IS NULL AS unresolved,
       w.kind = 'complaint' AND w.customer IS NOT NULL AS complaint_with_customer,
       coalesce(w.earlier_complaints, 0) > 0 AS repeat_complaint,
       w.final_score,
       -- Durations in whole seconds (each instant's fraction already dropped).
       w.first_response_utc - w.opened_utc AS fr_secs,
       CASE WHEN w.kind = 'repair' THEN w.arrived_utc - w.opened_utc END AS arr_secs,
       w.resolved_utc - w.opened_utc AS res_secs
FROM with_limits w
JOIN cube_districts d ON d.code = w.district
JOIN cube_categories cat ON cat.label = w.category_label
JOIN cube_channels ch ON ch.label = w.channel_label;


-- ---------------------------------------------------------------------------------------------
-- Months of the cube: every calendar month from the first to the last one with a ticket (a
-- month without tickets is still a month of the period, it just has no cells).
-- ---------------------------------------------------------------------------------------------
{{TABLE(cube_months)}} AS
WITH digits (d) AS (VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)),
steps AS (
  SELECT a.d + 10 * b.d + 100 * c.d + 1000 * e.d AS k
  FROM digits a CROSS JOIN digits b CROSS JOIN digits c CROSS JOIN digits e
),
span AS (
  SELECT min(month_no) AS first_month, max(month_no) AS last_month FROM settled_tickets
),
months AS (
  SELECT s.k AS idx, span.first_month + s.k AS month_no,
         CAST(floor((span.first_month + s.k) / 12) AS BIGINT) AS y
  FROM steps s CROSS JOIN span
  WHERE s.k <= span.last_month - span.first_month
)
SELECT idx, month_no,
       lpad(CAST(y AS STRING), 4, '0') || '-' || lpad(CAST(month_no - y * 12 + 1 AS STRING), 2, '0')
         AS label
FROM months;


-- ---------------------------------------------------------------------------------------------
-- Cells: the additive counts per combination of district, month, kind, category, channel and
-- tier that has tickets, numbered in that order.
-- ---------------------------------------------------------------------------------------------
{{TABLE(cube_cells)}} AS
WITH counted AS (
  SELECT district_idx, month_no, kind_code, category_idx, channel_idx, tier,
    count(*) AS tickets,
    sum(CASE WHEN fr_outcome = 1 THEN 1 ELSE 0 END) AS fr_met,
    sum(CASE WHEN fr_outcome = 2 THEN 1 ELSE 0 END) AS fr_breached,
    sum(CASE WHEN fr_outcome = 3 THEN 1 ELSE 0 END) AS fr_pending,
    sum(CASE WHEN arr_outcome = 1 THEN 1 ELSE 0 END) AS arr_met,
    sum(CASE WHEN arr_outcome = 2 THEN 1 ELSE 0 END) AS arr_breached,
    sum(CASE WHEN arr_outcome = 3 THEN 1 ELSE 0 END) AS arr_pending,
    sum(CASE WHEN res_outcome = 1 THEN 1 ELSE 0 END) AS res_met,
    sum(CASE WHEN res_outcome = 2 THEN 1 ELSE 0 END) AS res_breached,
    sum(CASE WHEN res_outcome = 3 THEN 1 ELSE 0 END) AS res_pending,
    sum(CASE WHEN unresolved THEN 1 ELSE 0 END) AS backlog,
    -- Overdue: unresolved and past its resolution limit at "now".
    sum(CASE WHEN unresolved AND res_outcome = 2 THEN 1 ELSE 0 END) AS overdue,
    sum(CASE WHEN complaint_with_customer THEN 1 ELSE 0 END) AS complaints_with_customer,
    sum(CASE WHEN complaint_with_customer AND repeat_complaint THEN 1 ELSE 0 END)
      AS repeat_complaints,
    count(final_score) AS scored,
    sum(CASE WHEN final_score >= 4 THEN 1 ELSE 0 END) AS satisfied,
    coalesce(sum(final_score), 0) AS score_total,
    sum(CASE WHEN unresolved THEN 0 ELSE 1 END) AS resolved,
    count(fr_secs) AS fr_n, coalesce(sum(fr_secs), 0) AS fr_secs,
    count(arr_secs) AS arr_n, coalesce(sum(arr_secs), 0) AS arr_secs,
    count(res_secs) AS res_n, coalesce(sum(res_secs), 0) AS res_secs
  FROM settled_tickets
  GROUP BY district_idx, month_no, kind_code, category_idx, channel_idx, tier
)
SELECT row_number() OVER (ORDER BY c.district_idx, m.idx, c.kind_code, c.category_idx,
                                   c.channel_idx, c.tier) - 1 AS cell,
       c.district_idx AS district, m.idx AS month, c.kind_code AS kind,
       c.category_idx AS category, c.channel_idx AS channel, c.tier,
       c.tickets, c.fr_met, c.fr_breached, c.fr_pending, c.arr_met, c.arr_breached,
       c.arr_pending, c.res_met, c.res_breached, c.res_pending, c.backlog, c.overdue,
       c.complaints_with_customer, c.repeat_complaints, c.scored, c.satisfied, c.score_total,
       c.resolved, c.fr_n, c.fr_secs, c.arr_n, c.arr_secs, c.res_n, c.res_secs
FROM counted c
JOIN cube_months m ON m.month_no = c.month_no;


-- ---------------------------------------------------------------------------------------------
-- Histograms: per cell and duration (0 first response, 1 repair arrival, 2 resolution), the
-- count per log bucket: 0 for d = 0 s, else 1 + floor(ln d / ln 1.01), i.e. bucket k holds
-- [1.01^(k-1), 1.01^k). Exact in double precision: for every whole d below 3.18e9 s (100
-- years) the quotient is at least 3.4e-12 (relative) away from an integer, a thousand times
-- the error of any correctly rounded ln; test_cube.py checks every bucket boundary on both
-- engines.
-- ---------------------------------------------------------------------------------------------
{{TABLE(cube_histograms)}} AS
WITH durations AS (
            SELECT district_idx, month_no, kind_code, category_idx, channel_idx, tier,
                   0 AS measure, fr_secs AS secs FROM settled_tickets WHERE fr_secs IS NOT NULL
  UNION ALL SELECT district_idx, month_no, kind_code, category_idx, channel_idx, tier,
                   1, arr_secs FROM settled_tickets WHERE arr_secs IS NOT NULL
  UNION ALL SELECT district_idx, month_no, kind_code, category_idx, channel_idx, tier,
                   2, res_secs FROM settled_tickets WHERE res_secs IS NOT NULL
),
bucketed AS (
  SELECT district_idx, month_no, kind_code, category_idx, channel_idx, tier, measure,
         CASE WHEN secs = 0 THEN 0
              ELSE CAST(1 + floor(ln(secs) / ln(1.01)) AS INT) END AS bucket,
         count(*) AS n
  FROM durations
  GROUP BY district_idx, month_no, kind_code, category_idx, channel_idx, tier, measure,
           CASE WHEN secs = 0 THEN 0 ELSE CAST(1 + floor(ln(secs) / ln(1.01)) AS INT) END
)
SELECT c.cell, b.measure, b.bucket, b.n AS count
FROM bucketed b
JOIN cube_months m ON m.month_no = b.month_no
JOIN cube_cells c
  ON c.district = b.district_idx AND c.month = m.idx AND c.kind = b.kind_code
     AND c.category = b.category_idx AND c.channel = b.channel_idx AND c.tier = b.tier;


-- ---------------------------------------------------------------------------------------------
-- What was aggregated and what was rejected (the cube's `source`, and a load report).
-- ---------------------------------------------------------------------------------------------
{{TABLE(cube_rejections)}} AS
          SELECT 'ticket' AS record, src, seq, reason FROM ticket_checks WHERE reason IS NOT NULL
UNION ALL SELECT 'survey', src, seq, reason FROM survey_checks WHERE reason IS NOT NULL;

{{TABLE(cube_source)}} AS
SELECT (SELECT count(*) FROM ticket_checks WHERE reason IS NULL) AS tickets,
       (SELECT count(*) FROM cube_rejections) AS rejected,
       (SELECT count(*) FROM ticket_checks) AS ticket_records,
       (SELECT count(*) FROM survey_checks) AS survey_records,
       (SELECT count(*) FROM survey_checks WHERE reason IS NULL) AS surveys;
