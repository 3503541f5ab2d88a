//! The mapping: every choice that turns a manager's table into a v1 export — which column plays
//! which role, the timezone, the day/month order, what unknown words mean, each district's area
//! and customers, the moment "now". It is plain data so that it can be downloaded (JSON), put
//! in a link (`map=`), and remembered per file layout (the header signature): next month's
//! download of the same report maps the same way without asking again.
//!
//! ## The compact form (`map=` link parameter)
//!
//! Only non-default choices are written, as items joined by `.`, after the version `m1`.
//! Every character is URL-safe (`A-Z a-z 0-9 - _ . ~`), so the value needs no escaping. Free
//! text (words, district names) is base64url of its UTF-8, without padding.
//!
//! | item | meaning | example |
//! | --- | --- | --- |
//! | role letter + column index (0-based) | the column of a role: `i` id, `o` opened, `d` district, `k` kind, `g` category, `h` channel, `u` customer id, `t` tier, `f` first response, `a` arrival, `r` resolved, `s` satisfaction | `o5` |
//! | `Z` minutes | UTC offset in minutes (default 480 = +08:00) | `Z-300` |
//! | `Dd` / `Dm` | 03/04/2025 is day first / month first | `Dd` |
//! | `N` yyyymmddhhmmss | `exported_at`, local time in the offset | `N20251101080000` |
//! | `I` | ids generated from row numbers | `I` |
//! | `K` kind letter | the kind of rows without one (`c` complaint, `r` repair, `i` inquiry, `q` request, `s` suggestion, `p` praise) | `Kq` |
//! | `B` text | the district of rows without one | `B5pyq5aGr5YaZ` (未填写) |
//! | `H` row | the header row | `H3` |
//! | `S` text | the worksheet | `SU2hlZXQy` |
//! | `O` text | organization name | |
//! | `W` kind letter + text | a word mapped to a kind | `Wc5Li-5oql` (举报 → complaint) |
//! | `T` tier letter + text | a word mapped to a tier (`a` `b` `c`, `n` unrated) | |
//! | `P` digit + text | a word mapped to a score (`0` = no score) | |
//! | `A` area letter + text | a district's area when not urban (`r` rural, `x` remote) | |
//! | `C` number `~` text | a district's customers | `C215400~6YCa5bed5Yy6` (通川区) |
//! | `G` 16 hex digits | the header signature of the layout the mapping was made for | `G1f0c…` |
//! | `E` letter | the text encoding chosen: `u` UTF-8, `g` GBK/GB18030, `w` UTF-16 | `Eg` |
//! | `L` letter | the delimiter chosen: `c` comma, `s` semicolon, `t` tab | `Ls` |
//!
//! Example: `m1.i0.o1.d2.k3.Z-300.Dm`.

use crate::roles::Role;
use crate::table::Encoding;
use crate::text::Text;
use crate::values::DateOrder;
use kpi_core::calendar::{parse_timestamp, Offset};
use kpi_core::domain::{Area, Kind, Tier};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// China Standard Time: the default for times written without an offset.
pub const DEFAULT_ZONE: Offset = Offset(8 * 3600);

/// A district's settings that the file does not carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DistrictSetting {
    pub area: Area,
    pub customers: Option<u64>,
}

impl Default for DistrictSetting {
    fn default() -> Self {
        DistrictSetting {
            area: Area::Urban,
            customers: None,
        }
    }
}

/// Every choice of the mapping step. Defaults mean "nothing chosen": +08:00, no columns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Mapping {
    /// Worksheet name (workbooks); `None` = the first.
    pub sheet: Option<String>,
    /// Header row number; `None` = detected.
    pub header_row: Option<u64>,
    /// The text encoding of a text file; `None` = detected.
    pub encoding: Option<Encoding>,
    /// The delimiter of a CSV file (`,` `;` or tab); `None` = detected.
    pub delimiter: Option<char>,
    /// The column (0-based index into the table's headers) of each role.
    pub columns: BTreeMap<Role, usize>,
    /// The offset of times written without one.
    #[serde(with = "zone_text")]
    pub timezone: Offset,
    /// Day/month order of dates like 03/04/2025; `None` = not chosen (such dates are problems).
    pub date_order: Option<DateOrder>,
    /// The export's "now" (RFC 3339); `None` = the latest timestamp in the file.
    pub exported_at: Option<String>,
    pub organization: Option<String>,
    /// Rows without an id get `R<row number>` (only when the manager accepts it).
    pub generate_ids: bool,
    /// The kind of rows whose kind cell is blank, or of all rows when no column has kinds.
    pub default_kind: Option<Kind>,
    /// The district of rows whose district cell is blank, or of all rows without a column.
    pub default_district: Option<String>,
    /// Words the manager mapped to a kind, keyed by the normalised word.
    pub kind_words: BTreeMap<String, Kind>,
    /// Words mapped to a tier (`Tier::Unrated` = no tier), keyed by the normalised word.
    pub tier_words: BTreeMap<String, Tier>,
    /// Words mapped to a score 1–5 (0 = no score), keyed by the normalised word.
    pub score_words: BTreeMap<String, u8>,
    /// Districts' area and customers, keyed by the district as written in the data.
    pub districts: BTreeMap<String, DistrictSetting>,
    /// The [`header_signature`] of the file layout this mapping was confirmed for. Columns are
    /// kept by position, so a mapping is applied without asking only to the same layout: a
    /// link or a saved mapping opened with a file whose columns moved is shown for checking.
    pub layout: Option<String>,
}

impl Default for Mapping {
    fn default() -> Self {
        Mapping {
            sheet: None,
            header_row: None,
            encoding: None,
            delimiter: None,
            columns: BTreeMap::new(),
            timezone: DEFAULT_ZONE,
            date_order: None,
            exported_at: None,
            organization: None,
            generate_ids: false,
            default_kind: None,
            default_district: None,
            kind_words: BTreeMap::new(),
            tier_words: BTreeMap::new(),
            score_words: BTreeMap::new(),
            districts: BTreeMap::new(),
            layout: None,
        }
    }
}

mod zone_text {
    use kpi_core::calendar::Offset;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(offset: &Offset, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&offset.to_string())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Offset, D::Error> {
        let text = String::deserialize(d)?;
        crate::values::parse_zone(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("not a UTC offset: {text}")))
    }
}

/// Why a saved mapping could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MappingFormatError {
    pub detail: String,
}

impl MappingFormatError {
    pub fn text(&self) -> Text {
        Text::new(
            format!(
                "保存的映射设置无法读取（{}）。请重新核对各列的对应关系。",
                self.detail
            ),
            format!(
                "The saved mapping cannot be read ({}). Please check the column choices again.",
                self.detail
            ),
        )
    }
}

impl std::fmt::Display for MappingFormatError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text().both())
    }
}

impl std::error::Error for MappingFormatError {}

fn bad(detail: impl Into<String>) -> MappingFormatError {
    MappingFormatError {
        detail: detail.into(),
    }
}

impl Mapping {
    /// The column of a role, if one is chosen.
    pub fn column(&self, role: Role) -> Option<usize> {
        self.columns.get(&role).copied()
    }

    /// A district's settings (urban, customers unknown, unless set).
    pub fn district(&self, name: &str) -> DistrictSetting {
        self.districts.get(name).copied().unwrap_or_default()
    }

    /// Sets the customers of districts, as read from a second file (see
    /// [`crate::customers::read_customers`]).
    pub fn set_customers(&mut self, customers: &[(String, u64)]) {
        for (name, n) in customers {
            self.districts.entry(name.clone()).or_default().customers = Some(*n);
        }
    }

    /// Maps a kind word of the file (as written; it is normalised here).
    pub fn set_kind_word(&mut self, word: &str, kind: Kind) {
        self.kind_words
            .insert(crate::values::normalize_word(word), kind);
    }

    /// Maps a tier word; `Tier::Unrated` means "no tier".
    pub fn set_tier_word(&mut self, word: &str, tier: Tier) {
        self.tier_words
            .insert(crate::values::normalize_word(word), tier);
    }

    /// Maps a satisfaction word to a score 1–5, or 0 for "no score" (values above 5 are
    /// stored as 0: no score rather than a wrong one).
    pub fn set_score_word(&mut self, word: &str, score: u8) {
        let score = if score > 5 { 0 } else { score };
        self.score_words
            .insert(crate::values::normalize_word(word), score);
    }

    /// The mapping as JSON, for download.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    pub fn from_json(text: &str) -> Result<Mapping, MappingFormatError> {
        serde_json::from_str(text).map_err(|e| bad(e.to_string()))
    }

    /// The compact, URL-safe form (module documentation): only non-default choices.
    pub fn to_param(&self) -> String {
        let mut items: Vec<String> = vec!["m1".into()];
        for (role, column) in &self.columns {
            items.push(format!("{}{column}", role.letter()));
        }
        if self.timezone != DEFAULT_ZONE {
            items.push(format!("Z{}", self.timezone.0 / 60));
        }
        match self.date_order {
            Some(DateOrder::DayFirst) => items.push("Dd".into()),
            Some(DateOrder::MonthFirst) => items.push("Dm".into()),
            None => {}
        }
        if let Some(at) = self.exported_at.as_deref().and_then(parse_timestamp) {
            items.push(format!("N{}", compact_local(at.utc, self.timezone)));
        }
        if self.generate_ids {
            items.push("I".into());
        }
        if let Some(k) = self.default_kind {
            items.push(format!("K{}", kind_letter(k)));
        }
        if let Some(d) = &self.default_district {
            items.push(format!("B{}", b64(d)));
        }
        if let Some(h) = self.header_row {
            items.push(format!("H{h}"));
        }
        if let Some(s) = &self.sheet {
            items.push(format!("S{}", b64(s)));
        }
        if let Some(o) = &self.organization {
            items.push(format!("O{}", b64(o)));
        }
        for (word, kind) in &self.kind_words {
            items.push(format!("W{}{}", kind_letter(*kind), b64(word)));
        }
        for (word, tier) in &self.tier_words {
            items.push(format!("T{}{}", tier_letter(*tier), b64(word)));
        }
        for (word, score) in &self.score_words {
            items.push(format!("P{}{}", score.min(&9), b64(word)));
        }
        for (name, setting) in &self.districts {
            match setting.area {
                Area::Urban => {}
                Area::Rural => items.push(format!("Ar{}", b64(name))),
                Area::Remote => items.push(format!("Ax{}", b64(name))),
            }
            if let Some(c) = setting.customers {
                items.push(format!("C{c}~{}", b64(name)));
            }
        }
        if let Some(layout) = &self.layout {
            items.push(format!("G{layout}"));
        }
        if let Some(e) = self.encoding {
            items.push(format!("E{}", encoding_letter(e)));
        }
        if let Some(letter) = self.delimiter.and_then(delimiter_letter) {
            items.push(format!("L{letter}"));
        }
        items.join(".")
    }

    /// Reads the compact form. Anything malformed is an error, never skipped: a link that
    /// silently lost a choice would give other figures than the one who sent it saw.
    pub fn from_param(param: &str) -> Result<Mapping, MappingFormatError> {
        let mut items = param.trim().split('.');
        if items.next() != Some("m1") {
            return Err(bad("version"));
        }
        let mut m = Mapping::default();
        let mut now: Option<i64> = None;
        for item in items {
            let mut chars = item.chars();
            let Some(first) = chars.next() else {
                return Err(bad("empty item"));
            };
            let rest = chars.as_str();
            match first {
                'Z' => {
                    let minutes: i32 = rest.parse().map_err(|_| bad(item))?;
                    if !(-23 * 60 - 59..=23 * 60 + 59).contains(&minutes) {
                        return Err(bad(item));
                    }
                    m.timezone = Offset(minutes * 60);
                }
                'D' => {
                    m.date_order = Some(match rest {
                        "d" => DateOrder::DayFirst,
                        "m" => DateOrder::MonthFirst,
                        _ => return Err(bad(item)),
                    })
                }
                'N' => now = Some(parse_compact_local(rest).ok_or_else(|| bad(item))?),
                'I' if rest.is_empty() => m.generate_ids = true,
                'K' => m.default_kind = Some(kind_of_letter(rest).ok_or_else(|| bad(item))?),
                'B' => m.default_district = Some(unb64(rest).ok_or_else(|| bad(item))?),
                'H' => m.header_row = Some(rest.parse().map_err(|_| bad(item))?),
                'S' => m.sheet = Some(unb64(rest).ok_or_else(|| bad(item))?),
                'O' => m.organization = Some(unb64(rest).ok_or_else(|| bad(item))?),
                'G' if rest.len() == 16 && rest.bytes().all(|b| b.is_ascii_hexdigit()) => {
                    m.layout = Some(rest.to_ascii_lowercase())
                }
                'E' => {
                    m.encoding = Some(match rest {
                        "u" => Encoding::Utf8,
                        "g" => Encoding::Gb18030,
                        "w" => Encoding::Utf16,
                        _ => return Err(bad(item)),
                    })
                }
                'L' => {
                    m.delimiter = Some(match rest {
                        "c" => ',',
                        "s" => ';',
                        "t" => '\t',
                        _ => return Err(bad(item)),
                    })
                }
                'W' => {
                    let (letter, word) = split_first(rest).ok_or_else(|| bad(item))?;
                    let kind = kind_of_letter(letter).ok_or_else(|| bad(item))?;
                    m.kind_words
                        .insert(unb64(word).ok_or_else(|| bad(item))?, kind);
                }
                'T' => {
                    let (letter, word) = split_first(rest).ok_or_else(|| bad(item))?;
                    let tier = tier_of_letter(letter).ok_or_else(|| bad(item))?;
                    m.tier_words
                        .insert(unb64(word).ok_or_else(|| bad(item))?, tier);
                }
                'P' => {
                    let (digit, word) = split_first(rest).ok_or_else(|| bad(item))?;
                    let score: u8 = digit.parse().map_err(|_| bad(item))?;
                    if score > 5 {
                        return Err(bad(item));
                    }
                    m.score_words
                        .insert(unb64(word).ok_or_else(|| bad(item))?, score);
                }
                'A' => {
                    let (letter, name) = split_first(rest).ok_or_else(|| bad(item))?;
                    let area = match letter {
                        "u" => Area::Urban,
                        "r" => Area::Rural,
                        "x" => Area::Remote,
                        _ => return Err(bad(item)),
                    };
                    let name = unb64(name).ok_or_else(|| bad(item))?;
                    m.districts.entry(name).or_default().area = area;
                }
                'C' => {
                    let (n, name) = rest.split_once('~').ok_or_else(|| bad(item))?;
                    let n: u64 = n.parse().map_err(|_| bad(item))?;
                    let name = unb64(name).ok_or_else(|| bad(item))?;
                    m.districts.entry(name).or_default().customers = Some(n);
                }
                c => {
                    let role = Role::from_letter(c).ok_or_else(|| bad(item))?;
                    let column: usize = rest.parse().map_err(|_| bad(item))?;
                    if column >= crate::read::limits::MAX_COLUMNS {
                        return Err(bad(item));
                    }
                    m.columns.insert(role, column);
                }
            }
        }
        if let Some(local) = now {
            let utc = local.saturating_sub(i64::from(m.timezone.0));
            m.exported_at = Some(kpi_core::v1::timestamp(utc, m.timezone));
        }
        Ok(m)
    }
}

fn encoding_letter(e: Encoding) -> char {
    match e {
        Encoding::Utf8 => 'u',
        Encoding::Gb18030 => 'g',
        Encoding::Utf16 => 'w',
    }
}

/// The letter of a delimiter the reader takes; other characters are not written.
fn delimiter_letter(d: char) -> Option<char> {
    match d {
        ',' => Some('c'),
        ';' => Some('s'),
        '\t' => Some('t'),
        _ => None,
    }
}

fn split_first(s: &str) -> Option<(&str, &str)> {
    let c = s.chars().next()?;
    s.split_at_checked(c.len_utf8())
}

fn kind_letter(k: Kind) -> char {
    match k {
        Kind::Complaint => 'c',
        Kind::Repair => 'r',
        Kind::Inquiry => 'i',
        Kind::Request => 'q',
        Kind::Suggestion => 's',
        Kind::Praise => 'p',
    }
}

fn kind_of_letter(s: &str) -> Option<Kind> {
    Kind::ALL
        .into_iter()
        .find(|k| s.len() == 1 && s.starts_with(kind_letter(*k)))
}

fn tier_letter(t: Tier) -> char {
    match t {
        Tier::A => 'a',
        Tier::B => 'b',
        Tier::C => 'c',
        Tier::Unrated => 'n',
    }
}

fn tier_of_letter(s: &str) -> Option<Tier> {
    Tier::ALL
        .into_iter()
        .find(|t| s.len() == 1 && s.starts_with(tier_letter(*t)))
}

/// `yyyymmddhhmmss` of a UTC instant in an offset.
fn compact_local(utc: i64, offset: Offset) -> String {
    let local = crate::values::Local(utc.saturating_add(i64::from(offset.0))).to_string();
    local.chars().filter(char::is_ascii_digit).collect()
}

fn parse_compact_local(s: &str) -> Option<i64> {
    if s.len() != 14 {
        return None;
    }
    crate::values::parse_text(s, None).ok().map(|t| t.local)
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// base64url of UTF-8 text, without padding.
pub fn b64(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(bytes.len().saturating_mul(4) / 3 + 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk.first().copied().unwrap_or(0),
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let chars = chunk.len() + 1;
        for i in 0..chars {
            let index = (n >> (18 - 6 * i as u32)) & 63;
            if let Some(&c) = B64.get(index as usize) {
                out.push(char::from(c));
            }
        }
    }
    out
}

/// Reads [`b64`] back; `None` if it is not base64url of UTF-8 text.
pub fn unb64(text: &str) -> Option<String> {
    let mut bytes = Vec::with_capacity(text.len().saturating_mul(3) / 4);
    let values: Vec<u32> = text
        .bytes()
        .map(|c| B64.iter().position(|&b| b == c).map(|p| p as u32))
        .collect::<Option<_>>()?;
    for chunk in values.chunks(4) {
        if chunk.len() == 1 {
            return None;
        }
        let mut n = 0u32;
        for (i, v) in chunk.iter().enumerate() {
            n |= v << (18 - 6 * i as u32);
        }
        let produced = chunk.len() - 1;
        for i in 0..produced {
            bytes.push(((n >> (16 - 8 * i as u32)) & 0xFF) as u8);
        }
    }
    String::from_utf8(bytes).ok()
}

/// A stable signature of a header row: FNV-1a (64 bit) over the trimmed header cells joined by
/// U+001F, as 16 hex digits. Stable across runs, versions and platforms (it is not Rust's
/// randomised hasher), so a mapping saved under it is found again for the next download of
/// the same report — and not applied to a report whose columns moved.
pub fn header_signature(headers: &[String]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for (i, header) in headers.iter().enumerate() {
        if i > 0 {
            hash ^= 0x1F;
            hash = hash.wrapping_mul(0x0000_0100_0000_01B3);
        }
        for b in header.trim().bytes() {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0000_0100_0000_01B3);
        }
    }
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64url_round_trips() {
        for s in ["", "a", "ab", "abc", "通川区", "A类 客户", "x~y.z"] {
            assert_eq!(unb64(&b64(s)).as_deref(), Some(s), "{s}");
            assert!(b64(s)
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
        }
        assert_eq!(b64("通川区"), "6YCa5bed5Yy6");
        assert_eq!(unb64("a"), None);
        assert_eq!(unb64("**"), None);
    }

    #[test]
    fn signature_is_stable() {
        let h = |v: &[&str]| header_signature(&v.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(h(&["工单编号", "受理时间"]), h(&[" 工单编号", "受理时间 "]));
        assert_ne!(h(&["工单编号", "受理时间"]), h(&["受理时间", "工单编号"]));
        assert_ne!(h(&["ab", "c"]), h(&["a", "bc"]));
        assert_eq!(h(&[]), "cbf29ce484222325");
    }

    #[test]
    fn the_layout_travels_with_the_mapping() {
        let mut m = Mapping::default();
        m.columns.insert(Role::Id, 0);
        m.layout = Some("0123456789abcdef".into());
        assert_eq!(m.to_param(), "m1.i0.G0123456789abcdef");
        assert_eq!(Mapping::from_param(&m.to_param()).unwrap(), m);
        assert_eq!(Mapping::from_json(&m.to_json()).unwrap(), m);
        for bad in ["m1.G0123", "m1.Gxyz456789abcdef0", "m1.G"] {
            assert!(Mapping::from_param(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_chosen_encoding_and_delimiter_travel_with_the_mapping() {
        let m = Mapping {
            encoding: Some(Encoding::Gb18030),
            delimiter: Some('\t'),
            ..Mapping::default()
        };
        assert_eq!(m.to_param(), "m1.Eg.Lt");
        assert_eq!(Mapping::from_param("m1.Eg.Lt").unwrap(), m);
        assert_eq!(Mapping::from_json(&m.to_json()).unwrap(), m);
        for bad in ["m1.Ex", "m1.L,", "m1.E", "m1.L"] {
            assert!(Mapping::from_param(bad).is_err(), "{bad}");
        }
    }
}
