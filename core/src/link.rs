//! The dashboard's state as a link: view, period, filters, comparison and language live in the
//! query string, so a copied URL or a bookmark reproduces the view exactly.
//!
//! Parameter names are a public interface (people bookmark them): `data`, `file` (a file
//! picked on this computer, by name: the page keeps it in the browser's storage), `map` (the
//! mapping of a file that is not a v1 export, in kpi-mapping's compact form), `view`, `preset`,
//! `from`, `to`, `district`, `kind`, `category`, `channel`, `tier`, `compare`, `lang`, `unit` (the
//! unit of a hierarchy whose children rankings show, and whose districts the view covers), and what a
//! user set on a view: `heat` (the heatmap's KPI), `sort` (the league table's order), `table`
//! (panels shown as tables); and the meeting mode: `present=1`, `slide=N`, `deck=` (see
//! `deck.rs`), `auto=<seconds>`.
//! Multi-valued filters accept repeated parameters or comma-separated values; [`LinkState::to_query`]
//! writes comma-separated ones, with a literal comma inside a label percent-encoded. Anything
//! unknown or malformed is ignored and reported as a [`Notice`], never an error.

use crate::calendar::{Date, Day, Month};
use crate::catalog::Metric;
use crate::comparison::Compare;
use crate::dataset::Info;
use crate::deck::{Deck, SlideScope, SlideSpec};
use crate::domain::{Kind, Tier};
use crate::filter::Filter;
use crate::i18n::Lang;
use crate::period::Period;
use crate::report::{plausible_days, Scope};
use crate::theme::Theme;
use crate::views::districts::{Sort, HEATMAP_METRICS};

/// The pages of the dashboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum View {
    #[default]
    Overview,
    Districts,
    Complaints,
    Timeliness,
    Satisfaction,
    Quality,
    Report,
}

impl View {
    pub const ALL: [View; 7] = [
        View::Overview,
        View::Districts,
        View::Complaints,
        View::Timeliness,
        View::Satisfaction,
        View::Quality,
        View::Report,
    ];

    pub fn code(self) -> &'static str {
        match self {
            View::Overview => "overview",
            View::Districts => "districts",
            View::Complaints => "complaints",
            View::Timeliness => "timeliness",
            View::Satisfaction => "satisfaction",
            View::Quality => "quality",
            View::Report => "report",
        }
    }

    pub fn parse(code: &str) -> Option<View> {
        View::ALL.into_iter().find(|v| v.code() == code)
    }
}

/// Period presets, anchored on the export's "now" (`exported_at`, local day): a monthly export
/// taken on the 1st makes 上月 the month it covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Preset {
    /// The latest complete calendar month of the export: the month before that of
    /// `exported_at`, or, if it has no ticket, the latest month that has one. The default: a
    /// monthly review opens on last month, compared with the month before.
    #[default]
    LatestMonth,
    ThisMonth,
    LastMonth,
    ThisQuarter,
    LastQuarter,
    ThisYear,
    /// The twelve complete calendar months before the current one.
    Last12Months,
    /// First to last day with an opened ticket (kpis.md, "all").
    All,
}

impl Preset {
    pub const ALL: [Preset; 8] = [
        Preset::LatestMonth,
        Preset::ThisMonth,
        Preset::LastMonth,
        Preset::ThisQuarter,
        Preset::LastQuarter,
        Preset::ThisYear,
        Preset::Last12Months,
        Preset::All,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Preset::LatestMonth => "latest-month",
            Preset::ThisMonth => "this-month",
            Preset::LastMonth => "last-month",
            Preset::ThisQuarter => "this-quarter",
            Preset::LastQuarter => "last-quarter",
            Preset::ThisYear => "this-year",
            Preset::Last12Months => "last-12-months",
            Preset::All => "all",
        }
    }

    pub fn parse(code: &str) -> Option<Preset> {
        Preset::ALL.into_iter().find(|p| p.code() == code)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Preset::LatestMonth => lang.pick("最近整月", "Latest full month"),
            Preset::ThisMonth => lang.pick("本月", "This month"),
            Preset::LastMonth => lang.pick("上月", "Last month"),
            Preset::ThisQuarter => lang.pick("本季度", "This quarter"),
            Preset::LastQuarter => lang.pick("上季度", "Last quarter"),
            Preset::ThisYear => lang.pick("今年", "This year"),
            Preset::Last12Months => lang.pick("近12个月", "Last 12 months"),
            Preset::All => lang.pick("全部", "All"),
        }
    }

    /// The days of the preset, given "today", the data's full span and the months that have
    /// tickets (ascending).
    pub fn period(self, today: Day, all: Option<Period>, with_tickets: &[Month]) -> Option<Period> {
        let month = today.month();
        let months = |first: Month, count: i32| Period {
            from: first.first_day(),
            to: Month(first.0 + count).first_day().plus(-1),
        };
        let quarter = Month(month.0 - month.0.rem_euclid(3));
        Some(match self {
            Preset::All => return all,
            Preset::LatestMonth => {
                let last_month = Month(month.0 - 1);
                let chosen = if with_tickets.contains(&last_month) || with_tickets.is_empty() {
                    last_month
                } else {
                    *with_tickets.iter().rev().find(|m| m.0 <= last_month.0)?
                };
                months(chosen, 1)
            }
            Preset::ThisMonth => months(month, 1),
            Preset::LastMonth => months(Month(month.0 - 1), 1),
            Preset::ThisQuarter => months(quarter, 3),
            Preset::LastQuarter => months(Month(quarter.0 - 3), 3),
            Preset::ThisYear => months(Month(month.0 - month.0.rem_euclid(12)), 12),
            Preset::Last12Months => months(Month(month.0 - 12), 12),
        })
    }
}

/// Which days are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodChoice {
    Preset(Preset),
    /// `from`/`to`, inclusive local days; a missing end is the data's own.
    Custom {
        from: Option<Date>,
        to: Option<Date>,
    },
}

impl Default for PeriodChoice {
    fn default() -> Self {
        PeriodChoice::Preset(Preset::default())
    }
}

impl PeriodChoice {
    /// One whole calendar month, as a link writes it (`from`/`to`).
    pub fn month(m: Month) -> PeriodChoice {
        let p = Period::months_from(m, m);
        PeriodChoice::Custom {
            from: Some(p.from.date()),
            to: Some(p.to.date()),
        }
    }

    /// The month this choice is, when it is exactly one whole month.
    pub fn as_month(self) -> Option<Month> {
        match self {
            PeriodChoice::Custom {
                from: Some(f),
                to: Some(t),
            } => {
                let p = Period::new(f, t)?;
                (p.whole_months() == Some(1)).then(|| p.from.month())
            }
            _ => None,
        }
    }

    /// Custom days other than one whole month (the date fields are shown).
    pub fn is_custom_days(self) -> bool {
        matches!(self, PeriodChoice::Custom { .. }) && self.as_month().is_none()
    }

    /// The custom start (`end = false`) or end of the choice, if it has one.
    pub fn bound(self, end: bool) -> Option<Date> {
        match self {
            PeriodChoice::Custom { from, to } => {
                if end {
                    to
                } else {
                    from
                }
            }
            PeriodChoice::Preset(_) => None,
        }
    }

    /// The choice with one end changed: a preset becomes custom days.
    pub fn with_bound(self, end: bool, date: Option<Date>) -> PeriodChoice {
        let (from, to) = (self.bound(false), self.bound(true));
        if end {
            PeriodChoice::Custom { from, to: date }
        } else {
            PeriodChoice::Custom { from: date, to }
        }
    }

    /// What a period menu value means: a preset's code, `month:YYYY-MM`, or `custom` (custom
    /// days, starting from the period on show).
    pub fn from_menu(value: &str, shown: Option<Period>) -> PeriodChoice {
        if let Some(p) = Preset::parse(value) {
            return PeriodChoice::Preset(p);
        }
        if let Some(m) = value
            .strip_prefix("month:")
            .and_then(|m| Date::parse(&format!("{m}-01")))
        {
            return PeriodChoice::month(m.month_key());
        }
        PeriodChoice::Custom {
            from: shown.map(|p| p.from.date()),
            to: shown.map(|p| p.to.date()),
        }
    }

    /// The period menu's value for this choice (the inverse of [`PeriodChoice::from_menu`]).
    pub fn menu_value(self) -> String {
        match (self, self.as_month()) {
            (PeriodChoice::Preset(p), _) => p.code().to_string(),
            (_, Some(m)) => format!("month:{m}"),
            _ => "custom".to_string(),
        }
    }
}

/// The labels of a dimension's selected `values`, in their order (a value the file does not hold
/// is its own label): the filter chips and the printed scope. No selection lists no options.
pub fn selected_labels(info: &Info, dim: Dimension, values: &[String], lang: Lang) -> Vec<String> {
    if values.is_empty() {
        return Vec::new();
    }
    let options = dimension_values(info, dim, lang);
    values
        .iter()
        .map(|v| {
            options
                .iter()
                .find(|(code, _)| code == v)
                .map_or_else(|| v.clone(), |(_, label)| label.clone())
        })
        .collect()
}

/// The values a dimension can take in a file, as (value written in links, label), in the order a
/// filter menu lists them: districts in file order, kinds and tiers in theirs, categories and
/// channels by label.
pub fn dimension_values(info: &Info, dim: Dimension, lang: Lang) -> Vec<(String, String)> {
    match dim {
        Dimension::District => info
            .districts
            .iter()
            .map(|d| (d.code.clone(), d.name.clone()))
            .collect(),
        Dimension::Kind => Kind::ALL
            .into_iter()
            .map(|k| (k.code().to_string(), k.label(lang).to_string()))
            .collect(),
        Dimension::Tier => Tier::ALL
            .into_iter()
            .map(|t| (t.code().to_string(), t.label(lang).to_string()))
            .collect(),
        Dimension::Category | Dimension::Channel => {
            let dict = if dim == Dimension::Category {
                &info.categories
            } else {
                &info.channels
            };
            let mut values: Vec<(String, String)> = dict
                .iter()
                .map(|(_, v)| (v.to_string(), v.to_string()))
                .collect();
            crate::order::sort_by(&mut values, Ord::cmp);
            values
        }
    }
}

/// A dimension that can be filtered on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dimension {
    District,
    Kind,
    Category,
    Channel,
    Tier,
}

impl Dimension {
    pub const ALL: [Dimension; 5] = [
        Dimension::District,
        Dimension::Kind,
        Dimension::Category,
        Dimension::Channel,
        Dimension::Tier,
    ];

    /// The query parameter.
    pub fn param(self) -> &'static str {
        match self {
            Dimension::District => "district",
            Dimension::Kind => "kind",
            Dimension::Category => "category",
            Dimension::Channel => "channel",
            Dimension::Tier => "tier",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Dimension::District => lang.pick("区县", "District"),
            Dimension::Kind => lang.pick("工单类型", "Kind"),
            Dimension::Category => lang.pick("业务类别", "Category"),
            Dimension::Channel => lang.pick("受理渠道", "Channel"),
            Dimension::Tier => lang.pick("客户等级", "Customer tier"),
        }
    }
}

/// Everything a link says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkState {
    /// `?data=`: the export to open, relative to the page.
    pub data: Option<String>,
    /// `?file=`: the name of a file picked on this computer. A link cannot carry the file; the
    /// browser that picked it keeps it, so a reload or a bookmark there opens it again.
    pub file: Option<String>,
    /// `?map=`: how the columns of a file that is not a v1 export map onto one (kpi-mapping's
    /// compact form, checked by the mapper against the file's headers).
    pub map: Option<String>,
    pub view: View,
    pub period: PeriodChoice,
    /// Selected values per dimension, as written in links: district codes, kind codes, category
    /// and channel labels, tier codes (`A`, `B`, `C`, `none`). Empty = all.
    pub selected: [Vec<String>; 5],
    pub compare: Compare,
    /// `unit=<code>`: the unit of the file's hierarchy shown (`crate::hierarchy`).
    pub unit: Option<String>,
    pub lang: Lang,
    /// `heat=<kpi>`: the heatmap's KPI.
    pub heat: Metric,
    /// `sort=<kpi>[-desc]`: the league table's order (file order when absent).
    pub sort: Option<Sort>,
    /// `table=<panel>,…`: panels shown as tables instead of charts.
    pub tables: Vec<String>,
    /// `theme=light|dark|contrast`.
    pub theme: Theme,
    /// `present=1`: the meeting mode.
    pub present: bool,
    /// `slide=N`: the slide on show, 1-based.
    pub slide: usize,
    /// `deck=`: the slides; `None` is the default deck.
    pub deck: Option<Deck>,
    /// `auto=<seconds>`: advance the slides on their own.
    pub auto: Option<u32>,
}

/// The longest automatic advance, in seconds (an hour).
pub const AUTO_MAX_SECS: u32 = 3600;

/// The heatmap's KPI when the link names none.
pub const DEFAULT_HEAT: Metric = Metric::ComplaintRate;

impl Default for LinkState {
    fn default() -> Self {
        LinkState {
            data: None,
            file: None,
            map: None,
            view: View::default(),
            period: PeriodChoice::default(),
            selected: Default::default(),
            compare: Compare::default(),
            unit: None,
            lang: Lang::default(),
            heat: DEFAULT_HEAT,
            sort: None,
            tables: Vec::new(),
            theme: Theme::default(),
            present: false,
            slide: 1,
            deck: None,
            auto: None,
        }
    }
}

/// A parameter that was ignored, and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Notice {
    pub param: String,
    pub value: String,
    pub problem: Problem,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Problem {
    UnknownParameter,
    UnknownValue,
    BadDate,
    FromAfterTo,
    Repeated,
    BadEncoding,
    OutsideData,
    /// A cube has whole months: a period of days was widened to them.
    WholeMonths,
}

impl Notice {
    fn new(param: &str, value: &str, problem: Problem) -> Notice {
        Notice {
            param: param.into(),
            value: value.into(),
            problem,
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        let (p, v) = (&self.param, &self.value);
        match (self.problem, lang) {
            (Problem::UnknownParameter, Lang::Zh) => format!("未知参数 {p}={v} 已忽略"),
            (Problem::UnknownParameter, Lang::En) => format!("unknown parameter {p}={v} ignored"),
            (Problem::UnknownValue, Lang::Zh) => format!("参数 {p} 的值“{v}”无法识别，已忽略"),
            (Problem::UnknownValue, Lang::En) => format!("{p}: unrecognised value “{v}” ignored"),
            (Problem::BadDate, Lang::Zh) => {
                format!("参数 {p} 的日期“{v}”无效（应为 YYYY-MM-DD），已忽略")
            }
            (Problem::BadDate, Lang::En) => {
                format!("{p}: invalid date “{v}” (expected YYYY-MM-DD) ignored")
            }
            (Problem::FromAfterTo, Lang::Zh) => {
                format!("起始日期晚于结束日期（{v}），已改用全部时段")
            }
            (Problem::FromAfterTo, Lang::En) => format!("from is after to ({v}); showing all days"),
            (Problem::Repeated, Lang::Zh) => format!("参数 {p} 重复出现，已忽略“{v}”"),
            (Problem::Repeated, Lang::En) => format!("{p} given twice; “{v}” ignored"),
            (Problem::BadEncoding, Lang::Zh) => format!("参数 {p} 编码有误，已忽略"),
            (Problem::BadEncoding, Lang::En) => format!("{p}: malformed encoding ignored"),
            (Problem::OutsideData, Lang::Zh) => {
                format!("日期范围 {v} 超出数据可能的时间范围（导出前 30 年至导出后 1 天），已改用全部时段")
            }
            (Problem::OutsideData, Lang::En) => {
                format!("dates {v} lie outside the data's possible range (30 years before the export to a day after); showing all days")
            }
            (Problem::WholeMonths, Lang::Zh) => {
                format!("汇总文件（cube）只有整月数据：日期范围 {v} 已扩展为整月；按天查看需要原始导出文件")
            }
            (Problem::WholeMonths, Lang::En) => {
                format!("a cube holds whole months: dates {v} widened to whole months; days need the raw export")
            }
        }
    }
}

/// Percent-decodes one component (`+` is a space). `None` for malformed escapes or bad UTF-8.
pub fn decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'%' => {
                let hex = bytes.get(i + 1..i + 3)?;
                let hex = std::str::from_utf8(hex).ok()?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// Percent-encodes a value for a query string. `/` and `:` stay readable (a `data` URL).
pub fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for &b in text.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b'/' | b':') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

impl LinkState {
    /// Reads a query string (with or without the leading `?`).
    pub fn parse(query: &str) -> (LinkState, Vec<Notice>) {
        let mut state = LinkState::default();
        let mut notices = Vec::new();
        let mut seen: Vec<String> = Vec::new();
        let (mut from, mut to, mut preset) = (None, None, None);
        for pair in query
            .trim_start_matches('?')
            .split('&')
            .filter(|p| !p.is_empty())
        {
            let (raw_key, raw_value) = pair.split_once('=').unwrap_or((pair, ""));
            let Some(key) = decode(raw_key) else {
                notices.push(Notice::new(raw_key, raw_value, Problem::BadEncoding));
                continue;
            };
            if let Some(dim) = Dimension::ALL.into_iter().find(|d| d.param() == key) {
                for part in raw_value.split(',').filter(|p| !p.is_empty()) {
                    match decode(part) {
                        Some(v) => match state.canonical(dim, &v) {
                            Some(v) => {
                                let list = &mut state.selected[dim as usize];
                                if !list.contains(&v) {
                                    list.push(v);
                                }
                            }
                            None => notices.push(Notice::new(&key, &v, Problem::UnknownValue)),
                        },
                        None => notices.push(Notice::new(&key, part, Problem::BadEncoding)),
                    }
                }
                continue;
            }
            let Some(value) = decode(raw_value) else {
                notices.push(Notice::new(&key, raw_value, Problem::BadEncoding));
                continue;
            };
            let single = [
                "data", "file", "map", "view", "preset", "from", "to", "compare", "unit", "lang",
                "heat", "sort", "table", "theme", "present", "slide", "deck", "auto",
            ];
            if !single.contains(&key.as_str()) {
                notices.push(Notice::new(&key, &value, Problem::UnknownParameter));
                continue;
            }
            if seen.contains(&key) {
                notices.push(Notice::new(&key, &value, Problem::Repeated));
                continue;
            }
            seen.push(key.clone());
            let unknown = || Notice::new(&key, &value, Problem::UnknownValue);
            match key.as_str() {
                "data" => state.data = Some(value.clone()).filter(|v| !v.trim().is_empty()),
                "unit" => state.unit = Some(value.clone()).filter(|v| !v.trim().is_empty()),
                "file" => state.file = Some(value.clone()).filter(|v| !v.trim().is_empty()),
                "map" => state.map = Some(value.clone()).filter(|v| !v.trim().is_empty()),
                "view" => match View::parse(&value) {
                    Some(v) => state.view = v,
                    None => notices.push(unknown()),
                },
                "preset" => match Preset::parse(&value) {
                    Some(p) => preset = Some(p),
                    None => notices.push(unknown()),
                },
                "from" | "to" => match Date::parse(&value) {
                    Some(d) if key == "from" => from = Some(d),
                    Some(d) => to = Some(d),
                    None => notices.push(Notice::new(&key, &value, Problem::BadDate)),
                },
                "compare" => match Compare::from_code(&value) {
                    Some(c) => state.compare = c,
                    None => notices.push(unknown()),
                },
                "heat" => match Metric::parse(&value).filter(|m| HEATMAP_METRICS.contains(m)) {
                    Some(m) => state.heat = m,
                    None => notices.push(unknown()),
                },
                "sort" => {
                    match Sort::parse(&value).filter(|s| Metric::RANKED.contains(&s.metric)) {
                        Some(s) => state.sort = Some(s),
                        None => notices.push(unknown()),
                    }
                }
                "theme" => match Theme::parse(&value) {
                    Some(t) => state.theme = t,
                    None => notices.push(unknown()),
                },
                "present" => match value.as_str() {
                    "1" => state.present = true,
                    "0" => state.present = false,
                    _ => notices.push(unknown()),
                },
                "slide" => match value.parse::<usize>() {
                    Ok(n) if n >= 1 => state.slide = n,
                    _ => notices.push(unknown()),
                },
                "auto" => match value.parse::<u32>() {
                    Ok(n) if (1..=AUTO_MAX_SECS).contains(&n) => state.auto = Some(n),
                    _ => notices.push(unknown()),
                },
                "deck" => {
                    // Entries split before decoding, so that a district code may hold a comma.
                    let mut slides = Vec::new();
                    for part in raw_value.split(',').filter(|p| !p.is_empty()) {
                        match decode(part).as_deref().and_then(SlideSpec::parse) {
                            Some(s) => slides.push(s),
                            None => notices.push(Notice::new("deck", part, Problem::UnknownValue)),
                        }
                    }
                    if !slides.is_empty() {
                        state.deck = Some(Deck(slides));
                    }
                }
                "table" => {
                    for id in value.split(',').filter(|v| !v.is_empty()) {
                        if !state.tables.iter().any(|t| t == id) {
                            state.tables.push(id.to_string());
                        }
                    }
                }
                _ => match Lang::from_code(&value) {
                    Some(l) => state.lang = l,
                    None => notices.push(unknown()),
                },
            }
        }
        state.period = match (from, to) {
            (Some(f), Some(t)) if f > t => {
                notices.push(Notice::new(
                    "from",
                    &format!("{f} > {t}"),
                    Problem::FromAfterTo,
                ));
                PeriodChoice::default()
            }
            (None, None) => PeriodChoice::Preset(preset.unwrap_or_default()),
            (from, to) => {
                if let Some(p) = preset {
                    notices.push(Notice::new("preset", p.code(), Problem::Repeated));
                }
                PeriodChoice::Custom { from, to }
            }
        };
        (state, notices)
    }

    /// Checks a filter value that needs no data (kinds, tiers); labels and codes pass as given.
    fn canonical(&self, dim: Dimension, value: &str) -> Option<String> {
        match dim {
            Dimension::Kind => Kind::parse(value).map(|k| k.code().to_string()),
            Dimension::Tier => Tier::ALL
                .into_iter()
                .find(|t| t.code() == value)
                .map(|t| t.code().to_string()),
            _ => Some(value.to_string()),
        }
    }

    /// The canonical query string (defaults left out), starting with `?`, or empty.
    pub fn to_query(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        if let Some(d) = &self.data {
            parts.push(format!("data={}", encode(d)));
        }
        if let Some(f) = &self.file {
            parts.push(format!("file={}", encode(f)));
        }
        if let Some(m) = &self.map {
            parts.push(format!("map={}", encode(m)));
        }
        if self.view != View::default() {
            parts.push(format!("view={}", self.view.code()));
        }
        match self.period {
            PeriodChoice::Preset(Preset::LatestMonth) => {}
            PeriodChoice::Preset(p) => parts.push(format!("preset={}", p.code())),
            PeriodChoice::Custom { from, to } => {
                if let Some(f) = from {
                    parts.push(format!("from={f}"));
                }
                if let Some(t) = to {
                    parts.push(format!("to={t}"));
                }
            }
        }
        for dim in Dimension::ALL {
            let values = &self.selected[dim as usize];
            if !values.is_empty() {
                let joined: Vec<String> = values.iter().map(|v| encode(v)).collect();
                parts.push(format!("{}={}", dim.param(), joined.join(",")));
            }
        }
        if self.compare != Compare::default() {
            parts.push(format!("compare={}", self.compare.code()));
        }
        if let Some(u) = &self.unit {
            parts.push(format!("unit={}", encode(u)));
        }
        if self.heat != DEFAULT_HEAT {
            parts.push(format!("heat={}", self.heat.key()));
        }
        if let Some(sort) = self.sort {
            parts.push(format!("sort={}", sort.code()));
        }
        if !self.tables.is_empty() {
            let ids: Vec<String> = self.tables.iter().map(|t| encode(t)).collect();
            parts.push(format!("table={}", ids.join(",")));
        }
        if self.theme != Theme::default() {
            parts.push(format!("theme={}", self.theme.code()));
        }
        if self.present {
            parts.push("present=1".into());
        }
        if let Some(deck) = self.deck.as_ref().filter(|d| **d != Deck::default()) {
            let entries: Vec<String> = deck
                .0
                .iter()
                .map(|s| match &s.scope {
                    SlideScope::District(d) => format!("{}@{}", s.panel.code(), encode(d)),
                    _ => s.code(),
                })
                .collect();
            parts.push(format!("deck={}", entries.join(",")));
        }
        if self.slide != 1 {
            parts.push(format!("slide={}", self.slide));
        }
        if let Some(secs) = self.auto {
            parts.push(format!("auto={secs}"));
        }
        if self.lang != Lang::default() {
            parts.push(format!("lang={}", self.lang.code()));
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!("?{}", parts.join("&"))
        }
    }

    /// The deck: the link's, or the default one.
    pub fn deck(&self) -> Deck {
        self.deck.clone().unwrap_or_default()
    }

    pub fn selected(&self, dim: Dimension) -> &[String] {
        &self.selected[dim as usize]
    }

    /// Adds a filter value, or removes it if present (click-to-filter).
    pub fn toggle(&mut self, dim: Dimension, value: &str) {
        let list = &mut self.selected[dim as usize];
        match list.iter().position(|v| v == value) {
            Some(i) => {
                list.remove(i);
            }
            None => list.push(value.to_string()),
        }
    }

    pub fn has_filters(&self) -> bool {
        self.selected.iter().any(|s| !s.is_empty())
            || self.period != PeriodChoice::default()
            || self.unit.is_some()
    }

    /// Clears every filter, the unit and the period (view, comparison and language stay).
    pub fn clear_filters(&mut self) {
        self.selected = Default::default();
        self.period = PeriodChoice::default();
        self.unit = None;
    }

    /// A click on a ranked row, bar or cell: a unit of the hierarchy is drilled into (the
    /// district choice is cleared: it was of the level above); a district toggles in the filter.
    pub fn pick(&mut self, info: &Info, code: &str) {
        if crate::hierarchy::unit_index(info, code).is_some() {
            self.unit = Some(code.to_string());
            self.selected[Dimension::District as usize].clear();
        } else {
            self.toggle(Dimension::District, code);
        }
    }

    /// Shows unit `code` of the hierarchy (`None`: the top), as the breadcrumb does.
    pub fn climb(&mut self, code: Option<&str>) {
        self.unit = code.map(str::to_string);
        self.selected[Dimension::District as usize].clear();
    }

    /// Whether panel `id` is shown as a table.
    pub fn shows_table(&self, id: &str) -> bool {
        self.tables.iter().any(|t| t == id)
    }

    /// Shows panel `id` as a table, or as a chart again.
    pub fn toggle_table(&mut self, id: &str) {
        match self.tables.iter().position(|t| t == id) {
            Some(i) => {
                self.tables.remove(i);
            }
            None => self.tables.push(id.to_string()),
        }
    }

    /// Resolves the link against a file: the scope of the report, and notices for values the
    /// data does not have (an unknown district code, a category no ticket carries, dates outside
    /// the plausible range).
    pub fn resolve(&self, info: &Info) -> (Scope, Vec<Notice>) {
        let mut notices = Vec::new();
        let all = info.full_period();
        let today = info.meta.today();
        let period = match self.period {
            PeriodChoice::Preset(p) => p.period(today, all, &info.meta.ticket_months),
            PeriodChoice::Custom { from, to } => {
                let from = from.map(Date::day).or(all.map(|p| p.from));
                let to = to.map(Date::day).or(all.map(|p| p.to));
                match (from, to) {
                    (Some(from), Some(to)) if from <= to => {
                        let asked = Period { from, to };
                        match asked.clamp(plausible_days(info)) {
                            Some(p) => Some(p),
                            None => {
                                notices.push(Notice::new(
                                    "from",
                                    &format!("{}..{}", from.date(), to.date()),
                                    Problem::OutsideData,
                                ));
                                all
                            }
                        }
                    }
                    (Some(from), Some(to)) => {
                        notices.push(Notice::new(
                            "from",
                            &format!("{} > {}", from.date(), to.date()),
                            Problem::FromAfterTo,
                        ));
                        all
                    }
                    _ => all,
                }
            }
        };
        // A cube has no days: its periods are whole months.
        let period = match period {
            Some(p) if info.is_cube() && p.whole_months().is_none() => {
                if matches!(self.period, PeriodChoice::Custom { .. }) {
                    notices.push(Notice::new(
                        "from",
                        &format!("{}..{}", p.from.date(), p.to.date()),
                        Problem::WholeMonths,
                    ));
                }
                let (first, last) = p.month_span();
                Some(Period::months_from(first, last))
            }
            other => other,
        };
        let mut filter = Filter::default();
        for dim in Dimension::ALL {
            for value in self.selected(dim) {
                let found = match dim {
                    Dimension::District => {
                        info.district_index(value).map(|i| filter.districts.push(i))
                    }
                    Dimension::Kind => Kind::parse(value).map(|k| filter.kinds.push(k)),
                    Dimension::Category => info
                        .categories
                        .code(value)
                        .map(|c| filter.categories.push(c)),
                    Dimension::Channel => {
                        info.channels.code(value).map(|c| filter.channels.push(c))
                    }
                    Dimension::Tier => Tier::ALL
                        .into_iter()
                        .find(|t| t.code() == value)
                        .map(|t| filter.tiers.push(t)),
                };
                if found.is_none() {
                    notices.push(Notice::new(dim.param(), value, Problem::UnknownValue));
                }
            }
        }
        // A unit of the hierarchy: rankings show its children, and the view covers its
        // districts unless the link chooses some.
        let unit = self.unit.as_deref().and_then(|code| {
            let u = crate::hierarchy::unit_index(info, code);
            if u.is_none() {
                notices.push(Notice::new("unit", code, Problem::UnknownValue));
            }
            u
        });
        if let (Some(u), true) = (unit, filter.districts.is_empty()) {
            filter.districts = crate::hierarchy::districts_of(info, u);
        }
        let scope = Scope {
            period,
            filter,
            compare: self.compare,
            unit,
        };
        (scope, notices)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_of_a_full_link() {
        let q = "?data=exports/2026-10.json&view=districts&from=2026-07-01&to=2026-09-30&district=TC,XH&kind=complaint&category=%E7%94%B5%E8%B4%B9%2C%E7%94%B5%E4%BB%B7&tier=A,none&compare=yoy&lang=en";
        let (s, notices) = LinkState::parse(q);
        assert!(notices.is_empty(), "{notices:?}");
        assert_eq!(s.data.as_deref(), Some("exports/2026-10.json"));
        assert_eq!(s.view, View::Districts);
        assert_eq!(s.selected(Dimension::District), ["TC", "XH"]);
        assert_eq!(
            s.selected(Dimension::Category),
            ["电费,电价"],
            "an encoded comma stays in the label"
        );
        assert_eq!(s.compare, Compare::YearBefore);
        assert_eq!(s.lang, Lang::En);
        assert_eq!(s.to_query(), q);
        assert_eq!(LinkState::parse(&s.to_query()).0, s);
    }

    #[test]
    fn a_local_file_and_its_mapping_live_in_the_link() {
        let q = "?file=%E5%B7%A5%E5%8D%95%202025-10.csv&map=m1.i0.o1.d2.Z-300.Dm.B5pyq5aGr5YaZ.G0123456789abcdef&view=districts";
        let (s, notices) = LinkState::parse(q);
        assert!(notices.is_empty(), "{notices:?}");
        assert_eq!(s.file.as_deref(), Some("工单 2025-10.csv"));
        assert_eq!(
            s.map.as_deref(),
            Some("m1.i0.o1.d2.Z-300.Dm.B5pyq5aGr5YaZ.G0123456789abcdef")
        );
        assert_eq!(s.to_query(), q, "the compact mapping needs no escaping");
        assert_eq!(LinkState::parse(&s.to_query()).0, s);
        let (s, notices) = LinkState::parse("data=exports/a.csv&map=&file=");
        assert!(notices.is_empty());
        assert_eq!((s.map, s.file), (None, None));
        let (_, notices) = LinkState::parse("map=m1&map=m1.i0");
        assert_eq!(notices.len(), 1, "a second mapping is refused, not merged");
    }

    #[test]
    fn repeated_and_comma_separated_values_are_the_same() {
        let a = LinkState::parse("district=TC&district=XH&kind=repair").0;
        let b = LinkState::parse("district=TC,XH&kind=repair,repair").0;
        assert_eq!(a, b);
        assert_eq!(a.to_query(), "?district=TC,XH&kind=repair");
        assert_eq!(LinkState::default().to_query(), "");
    }

    #[test]
    fn garbage_is_ignored_with_notices() {
        let (s, notices) = LinkState::parse(
            "?view=nope&from=2026-13-01&kind=gossip&foo=1&lang=fr&compare=x&%ZZ=1&tier=D&preset=soon&view=overview&district=%E0%A4",
        );
        assert_eq!(s, LinkState::default());
        let problems: Vec<(&str, Problem)> = notices
            .iter()
            .map(|n| (n.param.as_str(), n.problem))
            .collect();
        assert_eq!(
            problems,
            [
                ("view", Problem::UnknownValue),
                ("from", Problem::BadDate),
                ("kind", Problem::UnknownValue),
                ("foo", Problem::UnknownParameter),
                ("lang", Problem::UnknownValue),
                ("compare", Problem::UnknownValue),
                ("%ZZ", Problem::BadEncoding),
                ("tier", Problem::UnknownValue),
                ("preset", Problem::UnknownValue),
                ("view", Problem::Repeated),
                ("district", Problem::BadEncoding),
            ]
        );
        assert!(notices.iter().all(|n| !n.message(Lang::Zh).is_empty()));
        let (s, notices) = LinkState::parse("from=2026-09-30&to=2026-07-01");
        assert_eq!(s.period, PeriodChoice::default());
        assert_eq!(notices[0].problem, Problem::FromAfterTo);
    }

    #[test]
    fn toggling_and_clearing() {
        let mut s = LinkState::parse("district=TC&preset=last-month").0;
        s.toggle(Dimension::District, "XH");
        s.toggle(Dimension::District, "TC");
        assert_eq!(s.to_query(), "?preset=last-month&district=XH");
        assert!(s.has_filters());
        s.clear_filters();
        assert!(!s.has_filters());
        assert_eq!(s.to_query(), "");
    }

    #[test]
    fn the_meeting_mode_lives_in_the_link() {
        let q = "?present=1&deck=kpi-cards,pareto@T%2CC,league@*&slide=3&auto=20";
        let (s, notices) = LinkState::parse(q);
        assert!(notices.is_empty(), "{notices:?}");
        assert!(s.present);
        assert_eq!((s.slide, s.auto), (3, Some(20)));
        let deck = s.deck();
        assert_eq!(deck.0[1].scope, SlideScope::District("T,C".into()));
        assert_eq!(deck.0[2].scope, SlideScope::EachDistrict);
        assert_eq!(s.to_query(), q);
        assert_eq!(LinkState::parse(&s.to_query()).0, s);
        // The default deck is not written; bad values are noticed and dropped.
        let (s, notices) = LinkState::parse("present=yes&slide=0&auto=99999&deck=nope");
        assert_eq!(notices.len(), 4);
        assert_eq!((s.present, s.slide, s.auto, s.deck), (false, 1, None, None));
        let s = LinkState {
            deck: Some(Deck::default()),
            ..LinkState::default()
        };
        assert_eq!(s.to_query(), "");
    }

    #[test]
    fn the_period_menu_and_custom_days() {
        let oct = Date::parse("2026-10-01").unwrap().month_key();
        let choice = PeriodChoice::month(oct);
        assert_eq!(choice.as_month(), Some(oct));
        assert_eq!(choice.menu_value(), "month:2026-10");
        assert_eq!(PeriodChoice::from_menu("month:2026-10", None), choice);
        assert!(!choice.is_custom_days());
        assert_eq!(
            PeriodChoice::from_menu("last-quarter", None),
            PeriodChoice::Preset(Preset::LastQuarter)
        );
        let shown = Period::new(
            Date::parse("2026-10-05").unwrap(),
            Date::parse("2026-10-09").unwrap(),
        );
        let custom = PeriodChoice::from_menu("custom", shown);
        assert!(custom.is_custom_days());
        assert_eq!(custom.menu_value(), "custom");
        let later = custom.with_bound(true, Date::parse("2026-10-20"));
        assert_eq!(later.bound(true), Date::parse("2026-10-20"));
        assert_eq!(later.bound(false), Date::parse("2026-10-05"));
        // A preset with a new start becomes custom days from it.
        let from_preset = PeriodChoice::default().with_bound(false, Date::parse("2026-01-01"));
        assert_eq!(
            from_preset,
            PeriodChoice::Custom {
                from: Date::parse("2026-01-01"),
                to: None
            }
        );
    }

    #[test]
    fn presets_anchor_on_the_export_day() {
        let today = Date::parse("2026-11-01").unwrap().day();
        let span = |p: Preset| {
            let p = p.period(today, None, &[]).unwrap();
            format!("{}..{}", p.from.date(), p.to.date())
        };
        assert_eq!(span(Preset::ThisMonth), "2026-11-01..2026-11-30");
        assert_eq!(span(Preset::LastMonth), "2026-10-01..2026-10-31");
        assert_eq!(span(Preset::ThisQuarter), "2026-10-01..2026-12-31");
        assert_eq!(span(Preset::LastQuarter), "2026-07-01..2026-09-30");
        assert_eq!(span(Preset::ThisYear), "2026-01-01..2026-12-31");
        assert_eq!(span(Preset::Last12Months), "2025-11-01..2026-10-31");
        let jan = Date::parse("2026-01-15").unwrap().day();
        let p = Preset::LastQuarter.period(jan, None, &[]).unwrap();
        assert_eq!(p.from.date().to_string(), "2025-10-01");
        assert_eq!(Preset::All.period(today, None, &[]), None);
        assert_eq!(span(Preset::LatestMonth), "2026-10-01..2026-10-31");
        // October has no ticket: the latest month that has one.
        let months = [Date::parse("2026-08-01").unwrap().day().month()];
        let p = Preset::LatestMonth.period(today, None, &months).unwrap();
        assert_eq!(p.from.date().to_string(), "2026-08-01");
    }
}
