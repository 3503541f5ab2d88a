//! A structure-aware fuzzer over the loader and the report: the promise of export-format.md,
//! "Bad input" — no input panics, freezes or exhausts memory — checked on inputs that are
//! nearly right, which is where a reader's bugs live.
//!
//! Inputs are grown from the committed corpus (`tests/fuzz/corpus`, see `tests/fuzz/README.md`):
//! each seed is parsed into a tree whose scalars keep their exact text (so `1e400` and `"\ud800"`
//! survive), mutated at the level of the export's structure (a field given another type, an
//! extreme number or timestamp, a duplicated id or district, a deleted required field, deep
//! nesting, records before the header, NDJSON instead of one document…), written out, and
//! sometimes damaged byte-wise afterwards (cut, flipped, spliced). Each input must:
//!
//! - load or be refused with a message, without panicking; and load the same through
//!   [`Loader`] in random chunk sizes as in one piece;
//! - if it loads, give a report for several links (the default, `preset=all`, a district, 同比,
//!   custom days, random filters) and every panel's model, with no NaN or infinity anywhere in
//!   them and every KPI in its range (percentages 0..=100, scores 1..=5);
//! - finish within [`CASE_LIMIT`] and [`HEAP_LIMIT`].
//!
//! `cargo test -p kpi-core --test fuzz` runs a fixed seed and number of cases (a few seconds).
//! Environment variables:
//! - `KPI_FUZZ_SECONDS=60`: random cases until the time is up (CI runs this), from
//!   `KPI_FUZZ_SEED` (decimal or `0x…` hex) if given, else a fresh seed, printed;
//! - `KPI_FUZZ_CASES=n`: the number of cases of the deterministic run;
//! - `KPI_FUZZ_REPLAY=path`: checks one saved input only.
//!
//! A failing input is written to `target/fuzz-failures/` and its path printed with the seed;
//! once fixed, it belongs in the corpus as a regression case.
//!
//! A seeded mutator written here rather than proptest or cargo-fuzz: it needs no nightly and no
//! new dependency, a case is a pure function of its bytes (chunk plans and links are drawn from
//! a hash of them), so a saved file replays exactly, and a time budget is a plain loop.

mod support;

use kpi_core::calendar::{civil_from_days, parse_timestamp, SECONDS_PER_DAY};
use kpi_core::catalog::{Metric, Unit};
use kpi_core::dataset::{Dataset, Info};
use kpi_core::error::LoadError;
use kpi_core::i18n::Lang;
use kpi_core::link::{encode, LinkState, Preset};
use kpi_core::load::{load, Loaded, Loader};
use kpi_core::panels::{self, Model, Options, Panel};
use kpi_core::report::{report, Report, Scope};
use kpi_core::views::districts::{self, Sort, HEATMAP_METRICS};
use kpi_core::views::overview::Card;
use kpi_core::views::{quality, DistrictBars};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};
use support::heap;

/// The issue's promise for one input, natively: load, chunked loads, reports and panels.
const CASE_LIMIT: Duration = Duration::from_secs(2);
/// A case still running after this is a hang: reported instead of waited for.
const HANG_LIMIT: Duration = Duration::from_secs(20);
/// Inputs are below a megabyte; their columns and reports need a few megabytes at most.
const HEAP_LIMIT: usize = 64 << 20;
/// The largest generated input.
const MAX_INPUT: usize = 256 << 10;
const DEFAULT_SEED: u64 = 0x6b70_695f_6675_7a7a;
/// About five seconds of one core in the test profile (opt-level 2).
const DEFAULT_CASES: u64 = 1200;

// ---------------------------------------------------------------------------------------------
// Peak heap (tests/support/heap.rs): cases run one at a time, so a peak belongs to its case.

#[global_allocator]
static ALLOCATOR: heap::Counting = heap::Counting;

// ---------------------------------------------------------------------------------------------
// Randomness: SplitMix64, small and the same on every platform, so a seed means one sequence.

struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The generator of case `n` of a run: cases are independent of each other.
    fn case(seed: u64, n: u64) -> Rng {
        let mut r = Rng(seed ^ n.wrapping_mul(0xA076_1D64_78BD_642F));
        r.next();
        r
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// True `percent` times in a hundred.
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// FNV-1a: what a case draws its chunk plans and links from, so that it depends on its bytes only.
fn hash(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

// ---------------------------------------------------------------------------------------------
// A JSON tree whose scalars are kept as written: a string with its quotes and escapes, a number
// with its digits. serde_json's `Value` cannot hold `1e400` or a lone surrogate, nor keep member
// order and duplicate keys; the mutations need all four.

#[derive(Debug, Clone)]
enum Json {
    /// A scalar as written.
    Raw(String),
    Arr(Vec<Json>),
    /// Members in file order, keys as written (with their quotes).
    Obj(Vec<(String, Json)>),
}

/// A JSON string with the text `s`.
fn string(s: &str) -> Json {
    Json::Raw(serde_json::to_string(s).unwrap_or_default())
}

/// A key as written for the text `s`.
fn key(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

impl Json {
    /// The text of a plain string scalar (no escapes needed to read it).
    fn text(&self) -> Option<&str> {
        match self {
            Json::Raw(r) if r.len() >= 2 && r.starts_with('"') && !r.contains('\\') => {
                Some(&r[1..r.len() - 1])
            }
            _ => None,
        }
    }

    fn member(&self, name: &str) -> Option<&Json> {
        let Json::Obj(members) = self else {
            return None;
        };
        let k = key(name);
        members.iter().find(|(m, _)| *m == k).map(|(_, v)| v)
    }

    fn write(&self, out: &mut String, style: &Style, level: usize) {
        let newline = |out: &mut String, level: usize| {
            if let Some(indent) = style.indent {
                out.push_str(style.eol);
                out.push_str(&" ".repeat(indent * level));
            }
        };
        match self {
            Json::Raw(r) => out.push_str(r),
            Json::Arr(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    newline(out, level + 1);
                    item.write(out, style, level + 1);
                }
                if !items.is_empty() {
                    newline(out, level);
                }
                out.push(']');
            }
            Json::Obj(members) => {
                out.push('{');
                for (i, (k, v)) in members.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    newline(out, level + 1);
                    out.push_str(k);
                    out.push(':');
                    if style.indent.is_some() {
                        out.push(' ');
                    }
                    v.write(out, style, level + 1);
                }
                if !members.is_empty() {
                    newline(out, level);
                }
                out.push('}');
            }
        }
    }
}

/// How a document is written out.
struct Style {
    /// Pretty-printed with this many spaces, or compact.
    indent: Option<usize>,
    eol: &'static str,
    bom: bool,
}

/// The file: its top-level values, one for a JSON document, the header and then the records for
/// NDJSON.
fn emit(values: &[Json], style: &Style) -> Vec<u8> {
    let mut out = String::new();
    if style.bom {
        out.push('\u{feff}');
    }
    for v in values {
        v.write(&mut out, style, 0);
        out.push_str(style.eol);
    }
    out.into_bytes()
}

/// Reads the corpus's own files: a sequence of JSON values (strings and numbers not checked
/// beyond finding their end). `None` for a file that is not that (a saved regression case with
/// broken bytes): it is still run as it is, just not mutated.
fn parse_values(bytes: &[u8]) -> Option<Vec<Json>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut p = Parser { b: bytes, i: 0 };
    let mut values = Vec::new();
    loop {
        p.ws();
        if p.i == bytes.len() {
            break;
        }
        values.push(p.value(0)?);
    }
    matches!(values.first(), Some(Json::Obj(_))).then_some(values)
}

struct Parser<'a> {
    b: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn ws(&mut self) {
        while matches!(self.b.get(self.i), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    fn eat(&mut self, c: u8) -> bool {
        self.ws();
        let hit = self.b.get(self.i) == Some(&c);
        if hit {
            self.i += 1;
        }
        hit
    }

    fn value(&mut self, depth: usize) -> Option<Json> {
        // Seeds are shallow; deep nesting is made by a mutation, as text.
        if depth > 64 {
            return None;
        }
        self.ws();
        match *self.b.get(self.i)? {
            b'{' => {
                self.i += 1;
                let mut members = Vec::new();
                if self.eat(b'}') {
                    return Some(Json::Obj(members));
                }
                loop {
                    self.ws();
                    let k = self.string()?;
                    if !self.eat(b':') {
                        return None;
                    }
                    members.push((k, self.value(depth + 1)?));
                    if self.eat(b',') {
                        continue;
                    }
                    return self.eat(b'}').then_some(Json::Obj(members));
                }
            }
            b'[' => {
                self.i += 1;
                let mut items = Vec::new();
                if self.eat(b']') {
                    return Some(Json::Arr(items));
                }
                loop {
                    items.push(self.value(depth + 1)?);
                    if self.eat(b',') {
                        continue;
                    }
                    return self.eat(b']').then_some(Json::Arr(items));
                }
            }
            b'"' => self.string().map(Json::Raw),
            _ => {
                let start = self.i;
                while self
                    .b
                    .get(self.i)
                    .is_some_and(|c| c.is_ascii_alphanumeric() || b"+-.".contains(c))
                {
                    self.i += 1;
                }
                let token = std::str::from_utf8(&self.b[start..self.i]).ok()?;
                (self.i > start).then(|| Json::Raw(token.to_string()))
            }
        }
    }

    /// A string as written, quotes included.
    fn string(&mut self) -> Option<String> {
        let start = self.i;
        if self.b.get(self.i) != Some(&b'"') {
            return None;
        }
        self.i += 1;
        loop {
            match *self.b.get(self.i)? {
                b'\\' => self.i += 2,
                b'"' => break,
                _ => self.i += 1,
            }
        }
        self.i += 1;
        String::from_utf8(self.b.get(start..self.i)?.to_vec()).ok()
    }
}

// ---------------------------------------------------------------------------------------------
// Values the mutations put in. Raw JSON text, as the file would carry it.

/// Any type in place of the expected one.
const ANY: &[&str] = &[
    "null",
    "true",
    "false",
    "0",
    "-1",
    "\"\"",
    "\" \"",
    "[]",
    "{}",
    "[1,2]",
    r#"{"a":1}"#,
    "\"text\"",
    "\"null\"",
];

/// Numbers at the edges: beyond f64, beyond i64/u64, integers written as floats, NaN-ish text.
const NUMBERS: &[&str] = &[
    "0",
    "-0",
    "1",
    "5",
    "5.0",
    "5e0",
    "0.5",
    "-1",
    "6",
    "4.999999999999999999",
    "1e400",
    "-1e400",
    "1e-400",
    "1E+2",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775809",
    "18446744073709551615",
    "18446744073709551616",
    "9007199254740993",
    "1e12",
    "1000000000",
    "1000000001",
    "1.7976931348623157e308",
    "1e308",
    "0.0000001",
    "\"NaN\"",
    "\"Infinity\"",
    "\"-inf\"",
    "\"5\"",
];

/// Labels that broke or could break a reader or a page: lone surrogates, NUL, markup,
/// right-to-left text, separators of links and CSV.
const LABELS: &[&str] = &[
    r#""\ud800""#,
    r#""\udfff""#,
    r#""a\ud800b""#,
    r#""\ud83d\ude00""#,
    r#""\u0000""#,
    r#""a\u0000b""#,
    r#""<script>alert(1)</script>""#,
    r#""<b>粗体</b> &amp; &""#,
    r#""\u202e甲区\u202c""#,
    r#""مرحبا بالعالم""#,
    r#""שלום""#,
    r#""a,b%2C&x=1""#,
    r#""%ZZ""#,
    r#""  ""#,
    r#""\t\n""#,
    r#""未分类""#,
    r#""未知渠道""#,
    r#""e\u0301""#,
    r#""\\""#,
    r#""\"""#,
    r#""=1+2""#,
];

const OFFSETS: &[&str] = &[
    "Z", "z", "+08:00", "+14:00", "-12:00", "-00:00", "+23:59", "+24:00", "", "+0800", "+08",
    " +08:00",
];

/// Fields by what they hold, for mutations that respect the structure.
const TIMESTAMP_FIELDS: &[&str] = &[
    "opened_at",
    "first_response_at",
    "arrived_at",
    "resolved_at",
    "surveyed_at",
    "exported_at",
];
const NUMBER_FIELDS: &[&str] = &[
    "satisfaction",
    "score",
    "customers",
    "version",
    "satisfaction_mean",
    "csat_pct",
    "complaint_rate_per_10k",
    "first_response_pct",
    "repair_arrival_pct",
    "resolution_pct",
    "repeat_complaint_pct",
    // Keys of the per-kind and per-area target objects.
    "complaint",
    "repair",
    "inquiry",
    "request",
    "suggestion",
    "praise",
    "urban",
    "rural",
    "remote",
];
const LABEL_FIELDS: &[&str] = &[
    "id",
    "ticket_id",
    "district",
    "code",
    "name",
    "category",
    "channel",
    "customer_id",
    "organization",
];
const ENUM_FIELDS: &[(&str, &[&str])] = &[
    (
        "kind",
        &[
            "complaint",
            "repair",
            "inquiry",
            "request",
            "suggestion",
            "praise",
            "Complaint",
            "gossip",
        ],
    ),
    ("area", &["urban", "rural", "remote", "URBAN", "city"]),
    ("customer_tier", &["A", "B", "C", "D", "a", "none"]),
    (
        "format",
        &["service-kpi-export", "service-kpi-export ", "other"],
    ),
    (
        "timezone",
        &["+08:00", "+14:00", "-12:00", "Z", "+8", "UTC"],
    ),
];
const TARGET_KEYS: &[&str] = &[
    "satisfaction_mean",
    "csat_pct",
    "complaint_rate_per_10k",
    "first_response_pct",
    "repair_arrival_pct",
    "resolution_pct",
    "repeat_complaint_pct",
];

/// An RFC 3339 timestamp of UTC second `utc` written in `offset` (seconds east), 4-digit year.
fn rfc3339(utc: i64, offset: i64, suffix: &str) -> String {
    let local = utc + offset;
    let (y, m, d) = civil_from_days(local.div_euclid(SECONDS_PER_DAY));
    let s = local.rem_euclid(SECONDS_PER_DAY);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}{suffix}",
        s / 3600,
        s / 60 % 60,
        s % 60
    )
}

fn offset_text(offset: i64) -> String {
    let sign = if offset < 0 { '-' } else { '+' };
    let abs = offset.abs();
    format!("{sign}{:02}:{:02}", abs / 3600, abs / 60 % 60)
}

/// A timestamp to put anywhere a timestamp goes: near the export's "now" and the edges of the
/// plausible window (a day after it, 30 years before), in extreme offsets, or malformed.
fn timestamp(rng: &mut Rng, now: Option<i64>) -> Json {
    let now = now.unwrap_or(1_768_017_600); // 2026-01-10T12:00:00+08:00
    match rng.below(4) {
        0 | 1 => {
            let window = 10_958 * SECONDS_PER_DAY;
            let (hours, anywhere) = (rng.below(800) as i64, rng.below(1 << 30) as i64);
            let delta = *rng.pick(&[
                0,
                1,
                -1,
                -60,
                SECONDS_PER_DAY,
                SECONDS_PER_DAY + 1,
                -window,
                -window - 1,
                -40 * SECONDS_PER_DAY,
                -400 * SECONDS_PER_DAY,
                -hours * 3600,
                anywhere - (1 << 29),
            ]);
            let offset = *rng.pick(&[8 * 3600, 14 * 3600, -12 * 3600, 0, 5 * 3600 + 1800]);
            let fraction = *rng.pick(&["", "", ".5", ".123456789"]);
            let suffix = format!("{fraction}{}", offset_text(offset));
            string(&rfc3339(now.saturating_add(delta), offset, &suffix))
        }
        2 => {
            let year = rng.pick(&[
                "0001", "0201", "1969", "1970", "1996", "2025", "2026", "9999",
            ]);
            let month = rng.pick(&["01", "02", "12", "13", "00"]);
            let day = rng.pick(&["01", "28", "29", "30", "31", "00"]);
            let time = rng.pick(&["00:00:00", "23:59:59", "24:00:00", "12:60:00", "23:59:60"]);
            let sep = rng.pick(&["T", "t", " ", "_"]);
            let offset = rng.pick(OFFSETS);
            string(&format!("{year}-{month}-{day}{sep}{time}{offset}"))
        }
        _ => Json::Raw(
            rng.pick(&[
                "\"soon\"",
                "\"2026-01-01\"",
                "\"2026-01-01T00:00:00\"",
                "\"2026-01-01T00:00:00.+08:00\"",
                "\"２０２６-01-01T00:00:00+08:00\"",
                "20260101",
                "null",
                "\"\"",
            ])
            .to_string(),
        ),
    }
}

fn number(rng: &mut Rng) -> Json {
    Json::Raw(rng.pick(NUMBERS).to_string())
}

fn label(rng: &mut Rng) -> Json {
    match rng.below(8) {
        0 => string(&"长".repeat(rng.range(200, 5000))),
        1 => string(&format!("label-{}", rng.below(1000))),
        _ => Json::Raw(rng.pick(LABELS).to_string()),
    }
}

fn any(rng: &mut Rng, pool: &[String]) -> Json {
    match rng.below(5) {
        0 => Json::Raw(rng.pick(ANY).to_string()),
        1 => number(rng),
        2 => label(rng),
        3 => timestamp(rng, None),
        // A value from elsewhere in the same file: existing ids, codes and times.
        _ if !pool.is_empty() => Json::Raw(rng.pick(pool).clone()),
        _ => Json::Raw("null".into()),
    }
}

/// `[[[…]]]` or `{"a":{"a":…}}` as text, at depths around serde_json's recursion limit (128),
/// the scanner's former limit (4096), and beyond.
fn deep(rng: &mut Rng) -> Json {
    let depth = *rng.pick(&[64, 127, 128, 129, 300, 4095, 4096, 4097, 20_000]);
    if rng.chance(50) {
        Json::Raw(format!("{}{}", "[".repeat(depth), "]".repeat(depth)))
    } else {
        Json::Raw(format!(
            "{}1{}",
            r#"{"a":"#.repeat(depth),
            "}".repeat(depth)
        ))
    }
}

// ---------------------------------------------------------------------------------------------
// Structure-aware mutations over the top-level values (`root`: one document, or NDJSON lines).

#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    Scalar,
    Array,
    Object,
}

/// A node of the tree: the indices from the root, the key it sits under if any, its shape.
struct Node {
    path: Vec<usize>,
    key: Option<String>,
    shape: Shape,
}

fn nodes(root: &[Json]) -> Vec<Node> {
    fn walk(v: &Json, path: &mut Vec<usize>, key: Option<&str>, out: &mut Vec<Node>) {
        let shape = match v {
            Json::Raw(_) => Shape::Scalar,
            Json::Arr(_) => Shape::Array,
            Json::Obj(_) => Shape::Object,
        };
        out.push(Node {
            path: path.clone(),
            key: key.map(str::to_string),
            shape,
        });
        let children: Vec<(Option<&str>, &Json)> = match v {
            Json::Raw(_) => Vec::new(),
            Json::Arr(items) => items.iter().map(|i| (None, i)).collect(),
            Json::Obj(members) => members
                .iter()
                .map(|(k, i)| (Some(k.trim_matches('"')), i))
                .collect(),
        };
        for (i, (key, child)) in children.into_iter().enumerate() {
            path.push(i);
            walk(child, path, key, out);
            path.pop();
        }
    }
    let mut out = Vec::new();
    for (i, v) in root.iter().enumerate() {
        walk(v, &mut vec![i], None, &mut out);
    }
    out
}

/// The path of a random node that passes `filter`.
fn pick_path(all: &[Node], rng: &mut Rng, filter: impl Fn(&Node) -> bool) -> Option<Vec<usize>> {
    let hits: Vec<&Node> = all.iter().filter(|n| filter(n)).collect();
    (!hits.is_empty()).then(|| rng.pick(&hits).path.clone())
}

fn keyed(names: &'static [&'static str]) -> impl Fn(&Node) -> bool {
    move |n| n.key.as_deref().is_some_and(|k| names.contains(&k))
}

/// Below the top level: the header itself and NDJSON lines are left to the root's mutations.
fn inner(n: &Node) -> bool {
    n.path.len() > 1
}

fn at_mut<'a>(root: &'a mut [Json], path: &[usize]) -> Option<&'a mut Json> {
    let (&first, rest) = path.split_first()?;
    let mut v = root.get_mut(first)?;
    for &i in rest {
        v = match v {
            Json::Arr(items) => items.get_mut(i)?,
            Json::Obj(members) => &mut members.get_mut(i)?.1,
            Json::Raw(_) => return None,
        };
    }
    Some(v)
}

fn set(root: &mut [Json], path: Option<Vec<usize>>, value: Json) -> bool {
    match path.and_then(|p| at_mut(root, &p)) {
        Some(slot) => {
            *slot = value;
            true
        }
        None => false,
    }
}

/// Every scalar's text, for values taken from elsewhere in the file.
fn pool(root: &[Json]) -> Vec<String> {
    fn walk(v: &Json, out: &mut Vec<String>) {
        match v {
            Json::Raw(r) => out.push(r.clone()),
            Json::Arr(items) => items.iter().for_each(|i| walk(i, out)),
            Json::Obj(members) => members.iter().for_each(|(_, i)| walk(i, out)),
        }
    }
    let mut out = Vec::new();
    root.iter().for_each(|v| walk(v, &mut out));
    out
}

/// The export's "now", when the header states a readable one.
fn now_of(root: &[Json]) -> Option<i64> {
    let text = root.first()?.member("exported_at")?.text()?;
    Some(parse_timestamp(text)?.utc)
}

/// One mutation, chosen by weight; returns its name if it changed anything.
fn mutate(root: &mut Vec<Json>, rng: &mut Rng) -> Option<&'static str> {
    let all = nodes(root);
    let values = pool(root);
    let (name, done) = match rng.below(100) {
        0..=17 => {
            let path = pick_path(&all, rng, keyed(TIMESTAMP_FIELDS));
            let value = timestamp(rng, now_of(root));
            ("timestamp", set(root, path, value))
        }
        18..=27 => {
            let path = pick_path(&all, rng, keyed(NUMBER_FIELDS));
            ("number", set(root, path, number(rng)))
        }
        28..=37 => {
            let path = pick_path(&all, rng, keyed(LABEL_FIELDS));
            let value = if rng.chance(40) && !values.is_empty() {
                // Another record's id, another district's code: duplicates and dangling links.
                Json::Raw(rng.pick(&values).clone())
            } else {
                label(rng)
            };
            ("label", set(root, path, value))
        }
        38..=42 => {
            let (field, options) = *rng.pick(ENUM_FIELDS);
            let path = pick_path(&all, rng, |n| n.key.as_deref() == Some(field));
            ("enum", set(root, path, string(rng.pick::<&str>(options))))
        }
        43..=49 => {
            let path = pick_path(&all, rng, inner);
            ("any type", set(root, path, any(rng, &values)))
        }
        50..=55 => {
            let path = pick_path(&all, rng, |n| n.shape == Shape::Object);
            let done = match path.and_then(|p| at_mut(root, &p)) {
                Some(Json::Obj(members)) if !members.is_empty() => {
                    members.remove(rng.below(members.len()));
                    true
                }
                _ => false,
            };
            ("delete member", done)
        }
        56..=64 => ("add member", add_member(root, rng, &all, &values)),
        65..=70 => ("duplicate element", duplicate_element(root, rng, &all)),
        71..=73 => ("delete element", delete_element(root, rng, &all)),
        74..=75 => {
            let path = pick_path(&all, rng, |n| n.shape == Shape::Array);
            let done = match path.and_then(|p| at_mut(root, &p)) {
                Some(Json::Arr(items)) => {
                    let at = rng.range(0, items.len());
                    items.insert(at, Json::Raw(rng.pick(ANY).to_string()));
                    true
                }
                _ => false,
            };
            ("non-object element", done)
        }
        76..=79 => ("reorder", reorder(root, rng, &all)),
        80..=81 => {
            let path = pick_path(&all, rng, inner);
            ("deep nesting", set(root, path, deep(rng)))
        }
        82..=85 => ("clone records", clone_records(root, rng)),
        86..=87 => ("many districts", many_districts(root, rng)),
        88..=91 => ("target", set_target(root, rng)),
        92..=95 => ("ndjson/json", switch_encoding(root)),
        _ => {
            // `exported_at` at the ends of the calendar, in the extreme offsets.
            let path = pick_path(&all, rng, |n| {
                n.key.as_deref() == Some("exported_at") && n.path.len() == 2
            });
            let year = rng.pick(&["0001-01-01T00:00:00", "9999-12-31T23:59:59"]);
            let offset = rng.pick(&["+14:00", "-12:00", "Z"]);
            let value = string(&format!("{year}{offset}"));
            ("exported_at", set(root, path, value))
        }
    };
    done.then_some(name)
}

/// A member given twice (a known field repeated: a duplicate key), or one the format does not
/// know (a lone surrogate as key, a long one, a big or deep value).
fn add_member(root: &mut [Json], rng: &mut Rng, all: &[Node], values: &[String]) -> bool {
    let path = pick_path(all, rng, |n| n.shape == Shape::Object);
    let Some(Json::Obj(members)) = path.and_then(|p| at_mut(root, &p)) else {
        return false;
    };
    let member = if !members.is_empty() && rng.chance(50) {
        let (k, v) = rng.pick(members).clone();
        (k, if rng.chance(50) { v } else { any(rng, values) })
    } else {
        let k = match rng.below(6) {
            0 => r#""\ud800""#.to_string(),
            1 => key("Tickets"),
            2 => key(&"k".repeat(rng.range(1, 3000))),
            3 => key(""),
            _ => key(&format!("extra_{}", rng.below(100))),
        };
        let v = match rng.below(4) {
            0 => deep(rng),
            1 => Json::Arr(
                (0..rng.range(1, 300))
                    .map(|i| string(&i.to_string()))
                    .collect(),
            ),
            _ => any(rng, values),
        };
        (k, v)
    };
    let at = rng.range(0, members.len());
    members.insert(at, member);
    true
}

/// A copy of an element: a duplicate ticket id, district or survey; at the top level, a second
/// header or a repeated NDJSON record.
fn duplicate_element(root: &mut Vec<Json>, rng: &mut Rng, all: &[Node]) -> bool {
    if rng.chance(15) {
        let copy = rng.pick(root).clone();
        let at = rng.range(0, root.len());
        root.insert(at, copy);
        return true;
    }
    let path = pick_path(all, rng, |n| n.shape == Shape::Array && inner(n));
    match path.and_then(|p| at_mut(root, &p)) {
        Some(Json::Arr(items)) if !items.is_empty() => {
            let copy = rng.pick(items).clone();
            let at = rng.range(0, items.len());
            items.insert(at, copy);
            true
        }
        _ => false,
    }
}

/// Elements removed: one, or a run (every district, every ticket); at the top level, an NDJSON
/// line or the header itself.
fn delete_element(root: &mut Vec<Json>, rng: &mut Rng, all: &[Node]) -> bool {
    if root.len() > 1 && rng.chance(20) {
        root.remove(rng.below(root.len()));
        return true;
    }
    let path = pick_path(all, rng, |n| n.shape == Shape::Array && inner(n));
    match path.and_then(|p| at_mut(root, &p)) {
        Some(Json::Arr(items)) if !items.is_empty() => {
            let n = if rng.chance(70) {
                1
            } else {
                rng.range(1, items.len())
            };
            let at = rng.below(items.len() - n + 1);
            items.drain(at..at + n);
            true
        }
        _ => false,
    }
}

/// Member order means nothing in JSON: records before the header, `surveys` before `tickets`.
fn reorder(root: &mut [Json], rng: &mut Rng, all: &[Node]) -> bool {
    let path = pick_path(all, rng, |n| n.shape != Shape::Scalar);
    let reverse = rng.chance(50);
    let mut shuffle = |len: usize, swap: &mut dyn FnMut(usize, usize)| {
        if reverse {
            for i in 0..len / 2 {
                swap(i, len - 1 - i);
            }
        } else {
            for i in (1..len).rev() {
                swap(i, rng.below(i + 1));
            }
        }
    };
    match path.and_then(|p| at_mut(root, &p)) {
        Some(Json::Arr(items)) => shuffle(items.len(), &mut |a, b| items.swap(a, b)),
        Some(Json::Obj(members)) => shuffle(members.len(), &mut |a, b| members.swap(a, b)),
        _ => return false,
    }
    true
}

/// Many copies of one record: with fresh ids, or also one customer at one instant (repeat
/// marking), or a category each (the Pareto and the per-month category counts), or all with
/// the same id (duplicates).
fn clone_records(root: &mut Vec<Json>, rng: &mut Rng) -> bool {
    // The `tickets` and `surveys` arrays of a document; NDJSON has none.
    let arrays: Vec<Vec<usize>> = match root.first() {
        Some(Json::Obj(members)) => members
            .iter()
            .enumerate()
            .filter(|(_, (k, v))| {
                (k == "\"tickets\"" || k == "\"surveys\"") && matches!(v, Json::Arr(_))
            })
            .map(|(i, _)| vec![0, i])
            .collect(),
        _ => Vec::new(),
    };
    let count = rng.range(2, 300);
    let variant = rng.below(4);
    let make = |template: &Json, n: usize| -> Json {
        let mut copy = template.clone();
        if let Json::Obj(members) = &mut copy {
            for (k, v) in members.iter_mut() {
                match (k.as_str(), variant) {
                    ("\"id\"", 0..=2) => *v = string(&format!("F{n}")),
                    ("\"customer_id\"", 1) => *v = string("C"),
                    ("\"category\"", 2) => *v = string(&format!("cat{n}")),
                    _ => {}
                }
            }
        }
        copy
    };
    if arrays.is_empty() {
        // NDJSON: records are the top-level values after the header.
        if root.len() < 2 {
            return false;
        }
        let template = root[rng.range(1, root.len() - 1)].clone();
        root.extend((0..count).map(|n| make(&template, n)));
        return true;
    }
    let path = rng.pick(&arrays).clone();
    match at_mut(root, &path) {
        Some(Json::Arr(items)) if !items.is_empty() => {
            let template = rng.pick(items).clone();
            items.extend((0..count).map(|n| make(&template, n)));
            true
        }
        _ => false,
    }
}

/// Districts by the hundred (leagues, heatmaps and scorecards of hundreds of rows), with
/// customers from none to implausibly many.
fn many_districts(root: &mut [Json], rng: &mut Rng) -> bool {
    let count = rng.range(2, 600);
    let Some(Json::Obj(members)) = root.first_mut() else {
        return false;
    };
    let Some((_, Json::Arr(districts))) = members.iter_mut().find(|(k, _)| k == "\"districts\"")
    else {
        return false;
    };
    for n in 0..count {
        let area = rng.pick(&["urban", "rural", "remote"]);
        let customers = rng.pick(&["0", "1", "1000", "1e12", "null", "1000000000"]);
        districts.push(Json::Raw(format!(
            r#"{{"code":"M{n}","name":"区{n}","area":"{area}","customers":{customers}}}"#
        )));
    }
    true
}

/// A target at an extreme: zero, tiny, huge, at the edge of f64, or of the wrong type.
fn set_target(root: &mut [Json], rng: &mut Rng) -> bool {
    let Some(Json::Obj(members)) = root.first_mut() else {
        return false;
    };
    if !members.iter().any(|(k, _)| k == "\"targets\"") {
        members.push((key("targets"), Json::Obj(Vec::new())));
    }
    let Some((_, Json::Obj(targets))) = members.iter_mut().find(|(k, _)| k == "\"targets\"") else {
        return false;
    };
    let value = Json::Raw(
        rng.pick(&[
            "0",
            "1e-300",
            "1e300",
            "1.7976931348623157e308",
            "100",
            "101",
            "-1",
            "null",
            "\"60\"",
            "1e400",
        ])
        .to_string(),
    );
    let (name, value) = match rng.below(4) {
        0 => {
            let group = rng.pick(&["first_response_min", "resolution_hours"]);
            let kind = rng.pick(&["complaint", "repair", "inquiry", "praise", "gossip"]);
            (*group, Json::Obj(vec![(key(kind), value)]))
        }
        1 => {
            let area = rng.pick(&["urban", "rural", "remote", "city"]);
            ("repair_arrival_min", Json::Obj(vec![(key(area), value)]))
        }
        _ => (*rng.pick(TARGET_KEYS), value),
    };
    targets.retain(|(k, _)| *k != key(name));
    targets.push((key(name), value));
    true
}

/// One document with `tickets` and `surveys` to NDJSON (header line, one record per line), or
/// back.
fn switch_encoding(root: &mut Vec<Json>) -> bool {
    let one = root.len() == 1;
    let Some(Json::Obj(members)) = root.first_mut() else {
        return false;
    };
    if one {
        let mut records = Vec::new();
        members.retain(|(k, v)| match v {
            Json::Arr(items) if k == "\"tickets\"" || k == "\"surveys\"" => {
                records.extend(items.iter().cloned());
                false
            }
            _ => true,
        });
        root.extend(records);
    } else {
        let (mut tickets, mut surveys) = (Vec::new(), Vec::new());
        for record in root.drain(1..) {
            if record.member("ticket_id").is_some() && record.member("id").is_none() {
                surveys.push(record);
            } else {
                tickets.push(record);
            }
        }
        if let Some(Json::Obj(members)) = root.first_mut() {
            members.push((key("tickets"), Json::Arr(tickets)));
            members.push((key("surveys"), Json::Arr(surveys)));
        }
    }
    true
}

/// Damage after writing: a cut, flipped bits, stray bytes, a spliced range.
fn damage(bytes: &mut Vec<u8>, rng: &mut Rng) -> &'static str {
    if bytes.is_empty() {
        return "none";
    }
    const STRAY: &[&[u8]] = &[
        b"\"",
        b"{",
        b"}",
        b"[",
        b"]",
        b",",
        b":",
        b"\\",
        b"\\u",
        b"0",
        b"-",
        b"\n",
        b"\r\n",
        b"\x00",
        b"\xFF",
        b"\xC3",
        b"\xEF\xBB\xBF",
        b"\xE4\xB8",
        b"\xF0\x9F\x98",
    ];
    let at = rng.below(bytes.len());
    match rng.below(5) {
        0 => {
            bytes.truncate(at);
            "truncate"
        }
        1 => {
            for _ in 0..rng.range(1, 8) {
                let i = rng.below(bytes.len());
                bytes[i] ^= 1 << rng.below(8);
            }
            "flip bits"
        }
        2 => {
            let stray = rng.pick(STRAY);
            bytes.splice(at..at, stray.iter().copied());
            "insert bytes"
        }
        3 => {
            let end = (at + rng.range(1, 64)).min(bytes.len());
            bytes.drain(at..end);
            "delete bytes"
        }
        _ => {
            let end = (at + rng.range(1, 256)).min(bytes.len());
            let piece = bytes[at..end].to_vec();
            let to = rng.below(bytes.len());
            bytes.splice(to..to, piece);
            "splice"
        }
    }
}

/// How often each mutation was applied in a run: what the fuzzer reached.
type Tally = std::collections::BTreeMap<&'static str, u64>;

/// A case: a seed, a few mutations, written in some style, sometimes damaged. Inputs stay below
/// [`MAX_INPUT`] (a draw that grows past it, like deep nesting then copies of its record, is
/// drawn again), so that a case's time is about the reader, not the size.
fn generate(seeds: &[Vec<Json>], rng: &mut Rng, tally: &mut Tally) -> Vec<u8> {
    loop {
        let mut applied = Vec::new();
        let mut root = rng.pick(seeds).clone();
        for _ in 0..*rng.pick(&[1, 1, 1, 2, 2, 3, 4, 8]) {
            applied.extend(mutate(&mut root, rng));
        }
        let style = Style {
            indent: rng.chance(30).then(|| rng.range(0, 4)),
            eol: if rng.chance(10) { "\r\n" } else { "\n" },
            bom: rng.chance(5),
        };
        let mut bytes = emit(&root, &style);
        if rng.chance(20) {
            applied.push(damage(&mut bytes, rng));
        }
        if bytes.len() <= MAX_INPUT {
            for name in applied {
                *tally.entry(name).or_default() += 1;
            }
            return bytes;
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The checks of one input.

/// What a case did, for the run's figures.
#[derive(Default)]
struct Stats {
    loaded: u64,
    refused: u64,
    tickets: u64,
    rejected: u64,
    reports: u64,
}

impl Stats {
    fn add(&mut self, o: &Stats) {
        self.loaded += o.loaded;
        self.refused += o.refused;
        self.tickets += o.tickets;
        self.rejected += o.rejected;
        self.reports += o.reports;
    }
}

/// Loads `bytes` through the streaming reader in chunks of the given sizes (cycled); a cube is
/// then read again whole, as the engine does.
fn load_chunked(bytes: &[u8], sizes: &[usize]) -> Result<Loaded, LoadError> {
    let streamed = (|| {
        let mut loader = Loader::new();
        let mut rest = bytes;
        let mut i = 0;
        while !rest.is_empty() {
            let n = sizes[i % sizes.len()].clamp(1, rest.len());
            i += 1;
            let (chunk, tail) = rest.split_at(n);
            rest = tail;
            loader.feed(chunk)?;
        }
        loader.finish()
    })();
    match streamed {
        Err(LoadError::IsCube) => kpi_core::cube::load(bytes),
        other => other,
    }
}

/// Differences between two loads of the same bytes, if any.
fn same_load(a: &Result<Loaded, LoadError>, b: &Result<Loaded, LoadError>) -> Result<(), String> {
    let (a, b) = match (a, b) {
        (Err(x), Err(y)) if x == y => return Ok(()),
        (Ok(a), Ok(b)) => (a, b),
        (x, y) => {
            let show = |r: &Result<Loaded, _>| match r {
                Ok(l) => format!("loaded {} tickets", l.dataset.len()),
                Err(e) => format!("{e:?}"),
            };
            return Err(format!(
                "in one piece: {} / in chunks: {}",
                show(x),
                show(y)
            ));
        }
    };
    let rows = |l: &Loaded| -> Vec<(String, i32)> {
        (0..l.dataset.len() as u32)
            .map(|r| (l.dataset.tickets.id(r).to_string(), l.dataset.day(r).0))
            .collect()
    };
    let checks = [
        ("info", a.dataset.info == b.dataset.info),
        ("rows", rows(a) == rows(b)),
        ("problems", a.problems == b.problems),
        ("rejected", a.rejected == b.rejected),
        ("adjusted", a.adjusted == b.adjusted),
        (
            "records",
            (a.ticket_records, a.survey_records) == (b.ticket_records, b.survey_records),
        ),
        (
            "report",
            report(&a.dataset, &Scope::default()) == report(&b.dataset, &Scope::default()),
        ),
    ];
    match checks.iter().find(|(_, same)| !same) {
        Some((what, _)) => Err(format!("the {what} differ from a load in one piece")),
        None => Ok(()),
    }
}

/// Chunk plans for one input: a single cut anywhere, small random chunks, larger ones, and one
/// byte at a time for small inputs.
fn chunk_plans(bytes: &[u8], rng: &mut Rng) -> Vec<Vec<usize>> {
    let len = bytes.len().max(1);
    let mut plans = vec![
        vec![rng.range(1, len), len],
        (0..64).map(|_| rng.range(1, 16)).collect(),
        (0..16).map(|_| rng.range(1, 2048)).collect(),
    ];
    if bytes.len() <= 4096 {
        plans.push(vec![1]);
    }
    plans
}

/// The first NaN or infinity in a value's `Debug` text (outside string literals), if any: one
/// check that covers every `f64` of a model, however nested.
fn non_finite(debug: &str) -> Option<&str> {
    let b = debug.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'"' => {
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            }
            c if c.is_ascii_alphanumeric() || c == b'_' => {
                let start = i;
                while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                    i += 1;
                }
                let word = &debug[start..i];
                if word == "NaN" || word == "inf" {
                    let from = debug[..start]
                        .char_indices()
                        .rev()
                        .nth(60)
                        .map_or(0, |c| c.0);
                    return Some(&debug[from..i]);
                }
            }
            _ => i += 1,
        }
    }
    None
}

/// A KPI value within what its unit allows.
fn check_value(metric: Metric, value: Option<f64>, context: &str) -> Result<(), String> {
    let Some(v) = value else {
        return Ok(());
    };
    let ok = v.is_finite()
        && match metric.unit() {
            // Survey coverage may pass 100 (kpis.md: open tickets surveyed).
            Unit::Percent if metric != Metric::SurveyCoveragePct => (0.0..=100.0).contains(&v),
            Unit::Score => (1.0..=5.0).contains(&v),
            _ => v >= 0.0,
        };
    if ok {
        Ok(())
    } else {
        Err(format!("{context}: {} = {v}", metric.key()))
    }
}

fn check_bars(bars: &DistrictBars, context: &str) -> Result<(), String> {
    for bar in &bars.bars {
        check_value(bars.metric, bar.value, context)?;
    }
    Ok(())
}

/// Every KPI of the report in range: the period, its comparisons, the trend and each district.
fn check_report(info: &Info, r: &Report) -> Result<(), String> {
    let groups = [
        ("current", &r.current),
        ("previous", &r.previous),
        ("year before", &r.year_before),
    ];
    for (name, k) in groups
        .into_iter()
        .chain(r.trend.current.iter().map(|k| ("trend month", k)))
        .chain(r.trend.comparison.iter().map(|k| ("trend comparison", k)))
    {
        for m in Metric::ALL {
            check_value(m, m.value(k), name)?;
        }
        for row in &k.pareto {
            if !(0.0..=100.0).contains(&row.cum_pct) {
                return Err(format!("{name}: Pareto share {}", row.cum_pct));
            }
        }
    }
    for d in &r.districts {
        let customers = info.district(d.index).and_then(|d| d.customers);
        for counts in [&d.current, &d.previous, &d.year_before] {
            for m in Metric::ALL {
                check_value(m, m.from_counts(counts, customers), "district")?;
            }
        }
    }
    Ok(())
}

fn check_card(card: &Card) -> Result<(), String> {
    for v in [card.value, card.previous, card.year_before] {
        check_value(card.metric, v, "card")?;
    }
    for &v in &card.spark {
        check_value(card.metric, v, "sparkline")?;
    }
    Ok(())
}

fn check_model(model: &Model) -> Result<(), String> {
    match model {
        Model::Cards(groups) => {
            for card in groups.iter().flat_map(|(_, cards)| cards) {
                check_card(card)?;
            }
        }
        Model::Commitments(cards) => {
            for card in cards {
                check_card(card)?;
            }
        }
        Model::Warnings(warnings) => {
            for w in warnings {
                check_value(w.metric, w.value, "warning")?;
            }
        }
        Model::Bars(bars) => check_bars(bars, "bars")?,
        Model::Backlog(b) => check_bars(&b.backlog, "backlog")?,
        Model::League(rows) => {
            for cell in rows.iter().flat_map(|r| &r.cells) {
                check_value(cell.metric, cell.value, "league")?;
            }
        }
        Model::Heatmap(h) => {
            for cell in h.rows.iter().flat_map(|r| &r.cells) {
                check_value(h.metric, cell.0, "heatmap")?;
            }
        }
        Model::Scorecards(cards) | Model::WorstDistricts(cards) => {
            for (metric, value, ..) in cards.iter().flat_map(|c| &c.items) {
                check_value(*metric, *value, "scorecard")?;
            }
        }
        Model::Pareto(p) => {
            for bar in &p.bars {
                if !(0.0..=100.0).contains(&bar.cum_pct) {
                    return Err(format!("Pareto bar share {}", bar.cum_pct));
                }
            }
        }
        _ => {}
    }
    check_finite(model)
}

/// The links a loaded file is viewed with: the default, all days, a district, 同比, custom
/// days, and one with random filters.
fn links(info: &Info, rng: &mut Rng) -> Vec<String> {
    let codes: Vec<&str> = info.districts.iter().map(|d| d.code.as_str()).collect();
    let mut district = encode(rng.pick::<&str>(&codes));
    if codes.len() > 1 && rng.chance(30) {
        district = format!("{district},{}", encode(rng.pick::<&str>(&codes)));
    }
    let day = |rng: &mut Rng| -> String {
        match (info.meta.span, rng.below(4)) {
            (Some(span), 0 | 1) => {
                let base = if rng.chance(50) { span.from } else { span.to };
                base.plus(rng.range(0, 800) as i32 - 400).date().to_string()
            }
            (_, 2) => info.meta.today().date().to_string(),
            _ => rng
                .pick(&[
                    "0001-01-01",
                    "9999-12-31",
                    "1996-02-29",
                    "2026-02-29",
                    "2026-13-01",
                ])
                .to_string(),
        }
    };
    let custom = format!("from={}&to={}", day(rng), day(rng));
    let mut random = format!("preset={}", rng.pick(&Preset::ALL).code());
    let label = |rng: &mut Rng, dict: &kpi_core::dictionary::Dictionary| -> String {
        let values: Vec<&str> = dict.iter().map(|(_, v)| v).collect();
        encode(rng.pick::<&str>(&values))
    };
    if rng.chance(50) {
        random.push_str(&format!("&category={}", label(rng, &info.categories)));
    }
    if rng.chance(50) {
        random.push_str(&format!("&channel={}", label(rng, &info.channels)));
    }
    if rng.chance(50) {
        let kind = rng.pick(&["complaint", "repair", "inquiry", "praise"]);
        random.push_str(&format!("&kind={kind}"));
    }
    if rng.chance(30) {
        random.push_str(&format!("&tier={}", rng.pick(&["A", "B", "C", "none"])));
    }
    if rng.chance(50) {
        random.push_str("&compare=yoy");
    }
    vec![
        String::new(),
        "preset=all".into(),
        format!("preset=all&district={district}"),
        "preset=all&compare=yoy".into(),
        custom,
        random,
    ]
}

/// Reports and every panel of a loaded file, with the texts the page shows from them.
fn view(ds: &Dataset, rng: &mut Rng, stats: &mut Stats) -> Result<(), String> {
    let info = &ds.info;
    for query in links(info, rng) {
        let (state, notices) = LinkState::parse(&query);
        let (scope, more) = state.resolve(info);
        for n in notices.iter().chain(&more) {
            if n.message(Lang::Zh).is_empty() || n.message(Lang::En).is_empty() {
                return Err(format!("link `{query}`: no message for {n:?}"));
            }
        }
        let r = report(ds, &scope);
        stats.reports += 1;
        let context = |e: String| format!("link `{query}`: {e}");
        check_report(info, &r).map_err(context)?;
        let options = Options {
            heat: *rng.pick(&HEATMAP_METRICS),
        };
        for panel in Panel::ALL {
            let model = panels::model(panel, info, &r, options);
            check_model(&model).map_err(|e| context(format!("{}: {e}", panel.code())))?;
            text_of(&model, options);
        }
        // The league as the page sorts it on a click (undefined values among the rest).
        let mut league = districts::league(info, &r);
        let metric = *rng.pick(&Metric::RANKED);
        districts::sort_rows(
            &mut league,
            Some(Sort {
                metric,
                descending: rng.chance(50),
            }),
        );
    }
    for c in quality::field_coverage(ds) {
        if let Some(p) = c.pct() {
            if !(0.0..=100.0).contains(&p) {
                return Err(format!("coverage of {:?}: {p}", c.field));
            }
        }
    }
    check_finite(&quality::anomalies(ds))
}

fn check_finite(value: &impl std::fmt::Debug) -> Result<(), String> {
    match non_finite(&format!("{value:?}")) {
        Some(at) => Err(format!("not finite: …{at}")),
        None => Ok(()),
    }
}

/// The words and numbers the page writes from a model (formatting panics count too).
fn text_of(model: &Model, options: Options) {
    let card_text = |card: &Card| {
        for lang in [Lang::Zh, Lang::En] {
            let _ = kpi_core::display::value(card.metric, card.value, lang);
            if let Some(g) = card.goal {
                let _ = (g.text(lang), g.value_text());
            }
            for change in [card.vs_previous, card.vs_year_before]
                .into_iter()
                .flatten()
            {
                let _ = change.marked(card.metric, lang);
            }
        }
    };
    match model {
        Model::Cards(groups) => groups.iter().flat_map(|(_, c)| c).for_each(card_text),
        Model::Commitments(cards) => cards.iter().for_each(card_text),
        Model::Findings(findings) => {
            for f in findings {
                let _ = (f.text(Lang::Zh), f.text(Lang::En));
            }
        }
        Model::Bars(bars) => {
            let _ = bars.condensed(7);
        }
        Model::Heatmap(h) => {
            for lang in [Lang::Zh, Lang::En] {
                let _ = h.scale.legend(options.heat, lang);
            }
        }
        Model::FirstResponse(h) | Model::RepairArrival(h) => {
            let _ = h.labels();
        }
        _ => {}
    }
}

/// Everything about one input. A pure function of the bytes.
fn check(bytes: &[u8]) -> Result<Stats, String> {
    let mut rng = Rng::new(hash(bytes));
    let mut stats = Stats::default();
    let whole = load(bytes);
    for plan in chunk_plans(bytes, &mut rng) {
        let chunked = load_chunked(bytes, &plan);
        let sizes: Vec<usize> = plan.iter().take(4).copied().collect();
        same_load(&whole, &chunked).map_err(|e| format!("chunks {sizes:?}…: {e}"))?;
    }
    match whole {
        Err(e) => {
            stats.refused += 1;
            if e.message(Lang::Zh).is_empty() || e.message(Lang::En).is_empty() {
                return Err(format!("no message for {e:?}"));
            }
        }
        Ok(loaded) => {
            // Nothing dropped silently: every accepted ticket and every rejection is a record
            // read (accepted surveys make up the rest).
            let records = loaded.ticket_records + loaded.survey_records;
            if loaded.dataset.len() as u64 + loaded.rejected > records {
                return Err(format!(
                    "{} tickets accepted and {} records rejected of {records} read",
                    loaded.dataset.len(),
                    loaded.rejected
                ));
            }
            stats.loaded += 1;
            stats.tickets += loaded.dataset.len() as u64;
            stats.rejected += loaded.rejected;
            for p in loaded.problems.iter().chain(&loaded.adjusted) {
                let _ = (p.reason.message(Lang::Zh), p.reason.message(Lang::En));
            }
            view(&loaded.dataset, &mut rng, &mut stats)?;
        }
    }
    Ok(stats)
}

/// Runs [`check`] on its own thread, so that a panic is caught with its message and a hang
/// is reported instead of waited for; then checks its time and heap.
fn run_case(bytes: &[u8]) -> Result<(Stats, Duration), String> {
    let input = bytes.to_vec();
    let (send, receive) = mpsc::channel();
    let base = heap::start();
    let start = Instant::now();
    let worker = std::thread::Builder::new()
        .name("fuzz-case".into())
        .spawn(move || {
            let _ = send.send(check(&input));
        })
        .map_err(|e| format!("cannot start a case: {e}"))?;
    let result = match receive.recv_timeout(HANG_LIMIT) {
        Ok(result) => result,
        Err(mpsc::RecvTimeoutError::Timeout) => {
            return Err(format!("still running after {HANG_LIMIT:?}: a hang"))
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            let payload = worker.join().err();
            let message = payload
                .as_ref()
                .and_then(|p| {
                    p.downcast_ref::<String>()
                        .cloned()
                        .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                })
                .unwrap_or_default();
            return Err(format!("panicked: {message}"));
        }
    };
    let elapsed = start.elapsed();
    let peak = heap::peak_since(base);
    let stats = result?;
    if elapsed > CASE_LIMIT {
        return Err(format!("took {elapsed:?} (limit {CASE_LIMIT:?})"));
    }
    if peak > HEAP_LIMIT {
        return Err(format!("peak heap {peak} bytes (limit {HEAP_LIMIT})"));
    }
    Ok((stats, elapsed))
}

// ---------------------------------------------------------------------------------------------
// The runs.

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz/corpus")
}

fn corpus() -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(corpus_dir())
        .expect("the fuzz corpus is committed in core/tests/fuzz/corpus")
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            let name = path.file_name()?.to_string_lossy().into_owned();
            Some((name, std::fs::read(&path).ok()?))
        })
        .collect();
    files.sort();
    files
}

/// Where failing inputs go: `target/fuzz-failures`.
fn failure_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .map_or_else(|| PathBuf::from("target"), Path::to_path_buf)
        .join("fuzz-failures")
}

/// Saves a failing input as `file` and fails the test with how to replay it: the file, or the
/// run's seed and case number (`case`) when it was generated.
fn fail(file: &str, bytes: &[u8], case: Option<(u64, u64)>, why: &str) -> ! {
    let dir = failure_dir();
    let path = dir.join(file);
    let saved = std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(&path, bytes));
    let rerun = case.map_or(String::new(), |(seed, n)| {
        format!(
            "\n  or rerun the run up to it: KPI_FUZZ_SEED={seed:#x} KPI_FUZZ_CASES={}",
            n + 1
        )
    });
    match saved {
        Ok(()) => panic!(
            "fuzz case {file} failed: {why}\n  input saved to {}\n  replay: KPI_FUZZ_REPLAY={} \
             cargo test -p kpi-core --test fuzz -- --nocapture{rerun}",
            path.display(),
            path.display()
        ),
        Err(e) => {
            panic!("fuzz case {file} failed: {why}\n  (could not save the input: {e}){rerun}")
        }
    }
}

fn env_u64(name: &str) -> Option<u64> {
    let text = std::env::var(name).ok()?;
    let text = text.trim();
    let parsed = match text.strip_prefix("0x") {
        Some(hex) => u64::from_str_radix(hex, 16),
        None => text.parse(),
    };
    Some(parsed.unwrap_or_else(|_| panic!("{name}={text} is not a number")))
}

#[test]
fn the_corpus_as_it_is() {
    let _serial = heap::serial();
    // A replay checks its one file, in the test below.
    if std::env::var_os("KPI_FUZZ_REPLAY").is_some() {
        return;
    }
    let files = corpus();
    let bytes: usize = files.iter().map(|(_, b)| b.len()).sum();
    assert!(
        bytes < 200 << 10,
        "the corpus should stay small: {bytes} bytes"
    );
    for (name, bytes) in &files {
        if let Err(why) = run_case(bytes) {
            fail(&format!("corpus-{name}"), bytes, None, &why);
        }
    }
}

/// The seeds parse and write back to the same export: a mutation starts from the real thing.
#[test]
fn seeds_round_trip() {
    let _serial = heap::serial();
    for (name, bytes) in corpus() {
        let Some(values) = parse_values(&bytes) else {
            continue;
        };
        for indent in [None, Some(2)] {
            let style = Style {
                indent,
                eol: "\n",
                bom: false,
            };
            let again = emit(&values, &style);
            let show = |r: &Result<Loaded, _>| match r {
                Ok(l) => format!(
                    "{} tickets, {} rejected {:?}",
                    l.dataset.len(),
                    l.rejected,
                    l.problems
                ),
                Err(e) => format!("{e:?}"),
            };
            assert_eq!(show(&load(&bytes)), show(&load(&again)), "{name}");
        }
    }
}

#[test]
fn fuzz_the_loader_and_the_report() {
    let _serial = heap::serial();
    if let Some(path) = std::env::var_os("KPI_FUZZ_REPLAY") {
        // Cargo runs the test in `core/`: a relative path may also be from the workspace root.
        let path = PathBuf::from(path);
        let path = if path.exists() {
            path
        } else {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(path)
        };
        let bytes = std::fs::read(&path).expect("KPI_FUZZ_REPLAY names a readable file");
        match run_case(&bytes) {
            Ok((stats, elapsed)) => eprintln!(
                "replay: {} passes ({}, {} reports) in {elapsed:?}",
                path.display(),
                if stats.loaded > 0 {
                    "loaded"
                } else {
                    "refused"
                },
                stats.reports
            ),
            Err(why) => panic!("replay of {} fails: {why}", path.display()),
        }
        return;
    }
    let seeds: Vec<Vec<Json>> = corpus()
        .iter()
        .filter_map(|(_, bytes)| parse_values(bytes))
        .collect();
    assert!(!seeds.is_empty(), "no parseable seed in the corpus");
    let budget = env_u64("KPI_FUZZ_SECONDS").map(Duration::from_secs);
    let seed = env_u64("KPI_FUZZ_SEED").unwrap_or_else(|| match budget {
        // A timed run explores: a new seed each time, printed to replay it.
        Some(_) => {
            let t = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos() as u64);
            hash(&(t ^ u64::from(std::process::id())).to_le_bytes())
        }
        None => DEFAULT_SEED,
    });
    let cases = env_u64("KPI_FUZZ_CASES").unwrap_or(DEFAULT_CASES);
    match budget {
        Some(b) => eprintln!("fuzz: seed {seed:#x}, for {b:?}, {} seeds", seeds.len()),
        None => eprintln!("fuzz: seed {seed:#x}, {cases} cases, {} seeds", seeds.len()),
    }
    let start = Instant::now();
    let mut total = Stats::default();
    let mut tally = Tally::new();
    let (mut n, mut bytes_in, mut slowest) = (0u64, 0usize, Duration::ZERO);
    loop {
        let done = match budget {
            Some(b) => start.elapsed() >= b,
            None => n >= cases,
        };
        if done {
            break;
        }
        let mut rng = Rng::case(seed, n);
        let input = generate(&seeds, &mut rng, &mut tally);
        match run_case(&input) {
            Ok((stats, elapsed)) => {
                total.add(&stats);
                slowest = slowest.max(elapsed);
            }
            Err(why) => fail(
                &format!("{seed:016x}-{n}.json"),
                &input,
                Some((seed, n)),
                &why,
            ),
        }
        bytes_in += input.len();
        n += 1;
    }
    eprintln!(
        "fuzz: seed {seed:#x}: {n} cases in {:.1} s ({:.1} MB of input): {} loaded ({} tickets, \
         {} records rejected, {} reports), {} refused; slowest case {:.0} ms",
        start.elapsed().as_secs_f64(),
        bytes_in as f64 / 1e6,
        total.loaded,
        total.tickets,
        total.rejected,
        total.reports,
        total.refused,
        slowest.as_secs_f64() * 1e3
    );
    let applied: Vec<String> = tally.iter().map(|(k, n)| format!("{k} {n}")).collect();
    eprintln!("fuzz: mutations applied: {}", applied.join(", "));
}
