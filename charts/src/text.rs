//! Every word the charts write, in Chinese and English: one catalog for the crate (a test fails
//! on a CJK literal anywhere else). KPI names, kinds, areas and statuses come from the core.

use kpi_core::domain::Members;
use kpi_core::i18n::Lang;

macro_rules! texts {
    ($($name:ident => $zh:expr, $en:expr;)*) => {
        /// A text of the charts.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum T { $($name),* }

        /// The text in a language.
        pub fn t(lang: Lang, text: T) -> &'static str {
            match text { $(T::$name => lang.pick($zh, $en)),* }
        }
    };
}

/// A text that may name the rows of a ranking: "各区县…" on districts, "各单位…" one level up the
/// hierarchy. The rows' own heading is the core's noun for them.
pub fn term(lang: Lang, members: Members, text: T) -> &'static str {
    match (text, members) {
        (T::District, _) => members.noun(lang),
        (_, Members::Districts) => t(lang, text),
        (_, Members::Units) => t(lang, text.of_units()),
    }
}

impl T {
    /// The same text naming units where it names districts.
    fn of_units(self) -> T {
        match self {
            T::ByDistrictPrefix => T::ByUnitPrefix,
            T::FadedNotSelected => T::FadedNotSelectedUnits,
            T::HeatmapTitlePrefix => T::HeatmapTitlePrefixUnits,
            T::LeagueTitle => T::LeagueTitleUnits,
            T::NoDistrictMisses => T::NoUnitMisses,
            T::ScorecardsTitle => T::ScorecardsTitleUnits,
            T::WorstDistrictsTitle => T::WorstUnitsTitle,
            other => other,
        }
    }
}

texts! {
    AgainstGoal => "对照目标", "Against goal";
    Age => "已历时", "Age";
    AndOverdue => "与超期", " and overdue";
    AnomaliesSubtitle => "一张工单可有多种异常；含义见下表", "a ticket may show several; see the table below for meanings";
    AnomaliesTitle => "时间戳异常（件，全部有效工单，不受筛选影响）", "Timestamp anomalies (tickets; all accepted tickets, filters do not apply)";
    Anomaly => "异常", "Anomaly";
    Applicable => "适用工单", "Applicable";
    Area => "区域类型", "Area";
    Backlog => "未办结", "Backlog";
    Basis => "依据", "Basis";
    BinEndsAtLimit => "该档上限为时限", "Bin ends at limit";
    BinEndsAtLimitPrefix => "该档上限为时限：", "bin ends at a limit: ";
    ByDistrictPrefix => "各区县", "By district: ";
    ByUnitPrefix => "各单位", "By unit: ";
    Category => "业务类别", "Category";
    Channel => "受理渠道", "Channel";
    ChannelsTitle => "各受理渠道投诉量（件）", "Complaints by channel";
    CommitmentsTitle => "服务承诺达标情况（%，竖线为目标）", "Service commitments (%, tick: target)";
    ComparePreviousSeries => "上一周期（环比）", "Previous period";
    CompareYearSeries => "去年同期（同比）", "Same months last year";
    ClickToFilter => "点击可筛选", "click to filter";
    Complaints => "投诉件数", "Complaints";
    CountsAsSatisfied => "计为满意", "Counts as satisfied";
    Coverage => "填写率", "Coverage";
    CoveragePct => "填写率（%）", "Coverage (%)";
    Csat => "满意率", "CSAT";
    CsatPct => "满意率 %", "CSAT %";
    CumulativePct => "累计占比 %", "Cumulative %";
    CumulativeShare => "累计占比", "Cumulative share";
    Customers => "客户数", "Customers";
    DashedGoal => "虚线：", "dashed: ";
    District => "区县", "District";
    ExampleIds => "示例工单编号", "Example ids";
    ExportField => "导出字段名", "Export field";
    FadedNotSelected => "浅色为未选中的区县", "faded: not selected";
    FadedNotSelectedUnits => "浅色为未选中的单位", "faded: not selected";
    Field => "字段", "Field";
    FieldCoverageSubtitle => "到场时间仅统计故障报修；满意度含回访评分", "arrival: repairs only; satisfaction includes survey scores";
    FieldCoverageTitle => "字段填写率（%，全部有效工单，不受筛选影响）", "Field coverage (% of all accepted tickets; filters do not apply)";
    FilledIn => "有值工单", "Filled in";
    Finding => "要点", "Finding";
    FindingsTitle => "本期要点", "Key findings";
    FirstResponse => "首次响应", "First response";
    FirstResponseTitle => "首次响应用时分布（件，按分钟分档）", "First-response time (tickets, binned by minutes)";
    Goal => "目标", "Target";
    HeatGoal => "按当月目标着色：颜色越深越差", "coloured by status against the month's goal; darker is worse";
    HeatGoalProrated => "按当月目标着色（年目标按当月天数折算）：颜色越深越差；年目标 ", "coloured by status against the month's goal (annual goal prorated to the month's days); darker is worse; annual goal ";
    HeatLevels => "固定刻度（不随筛选变化）：颜色越深越差", "fixed scale (does not change with filters); darker is worse";
    HeatmapTitlePrefix => "各区县逐月", "By district and month: ";
    HeatmapTitlePrefixUnits => "各单位逐月", "By unit and month: ";
    InPeriod => "本期", "in period";
    KeyComplaintsTitle => "A 类客户投诉", "Tier A customer complaints";
    Kind => "工单类型", "Kind";
    KindTrendTitle => "每月工单量（件，按类型）", "Tickets per month by kind";
    Kpi => "指标", "KPI";
    LeagueTitle => "各区县主要指标", "Main KPIs by district";
    LeagueTitleUnits => "各单位主要指标", "Main KPIs by unit";
    ListSeparator => "、", ", ";
    MeanScore => "满意度均分", "Mean score";
    Meaning => "含义", "Meaning";
    Median => "中位数", "median";
    Minutes => "用时（分钟）", "Minutes";
    MinutesBinsInclusive => " 分钟；各档含上限", " min; bins include their upper edge";
    Month => "月份", "Month";
    MonthCompared => "对比月份", "month";
    MonthSuffix => "月", "";
    NeedsTickets => "汇总文件（cube）没有单张工单与单次评分：此项需要原始导出文件", "A cube has no single tickets or scores: this needs the raw export";
    No => "否", "no";
    NoDistrictMisses => "各区县有目标的指标均已达标", "Every district is on target";
    NoUnitMisses => "各单位有目标的指标均已达标", "Every unit is on target";
    NoFirstResponseLimits => "未设首次响应时限；各档含上限", "No first-response limits; bins include their upper edge";
    NoWarnings => "本期无预警", "No warnings in the period";
    OpenOverdue => "▲ 未办结，已超期", "▲ Open, overdue";
    OpenWithinLimit => "未办结，未超期", "Open, within limit";
    Opened => "受理时间", "Opened";
    Overdue => "已超办结时限", "Overdue";
    OverdueListTitle => "最久的超期工单", "Oldest overdue tickets";
    OverdueSubtitle => "超期：未办结且已超过办结时限（以导出时间计）", "overdue: unresolved and past its resolution limit at export time";
    ParetoSubtitle => "蓝色★为关键少数（累计占比达 80%）；虚线：80%", "Blue ★: the vital few (cumulative share reaches 80%); dashed: 80%";
    ParetoTitle => "投诉业务类别帕累托图（件，累计占比 %）", "Complaints by category: Pareto (count, cumulative %)";
    PastLimit => "超出时限", "Past limit";
    QuantileSubtitle => "实线：中位数；虚线：P90；底色：本期月份；断开处为当月无数据", "solid: median; dashed: p90; shaded: the period's months; gaps: no data";
    RepairArrival => "报修到场", "Repair arrival";
    RepairArrivalSubtitle => "◆ 该档上限为区域到场时限（见图例）；各档含上限", "◆ bin ends at an area's limit (see legend); bins include their upper edge";
    RepairArrivalTitle => "故障报修到场用时分布（件，按分钟分档）", "Repair arrival time (tickets, binned by minutes)";
    Resolution => "办结", "Resolution";
    ResolutionTime => "办结时长", "Resolution time";
    ResolutionTrendTitle => "办结用时月度趋势（小时）", "Resolution time by month (hours)";
    ResolvedIn => "已办结，用时", "Resolved in";
    ResponseTrendTitle => "首次响应与报修到场用时月度趋势（分钟）", "First response and repair arrival by month (minutes)";
    SatisfactionKindsTitle => "各类工单满意度均分（分）与满意率（%）", "Mean score and CSAT % by kind";
    SatisfactionTrendTitle => "每月满意度均分（分）与满意率（%）", "Mean score and CSAT % by month";
    Score => "评分", "Score";
    ScoreByResolutionSubtitle => "已办结且有评分的工单；括号内为工单数", "Resolved tickets with a score; n in brackets";
    ScoreByResolutionTitle => "办结时长与满意度均分（分）", "Mean score by resolution time";
    ScoreDistributionSubtitle => "浅色：满意（4–5 分，计入满意率）", "Light: satisfied (4–5, counted in CSAT)";
    ScoreDistributionTitle => "满意度评分分布（件）", "Satisfaction scores (tickets)";
    ScorecardsTitle => "各区县目标达成（竖线为目标）", "Districts against goals (tick: goal)";
    ScorecardsTitleUnits => "各单位目标达成（竖线为目标）", "Units against goals (tick: goal)";
    ScoredTickets => "有评分工单", "Scored tickets";
    ScoredTicketsN => "有评分工单 n", "Scored tickets n";
    SelectedMark => "（已选）", "(selected)";
    SharePct => "占比 %", "Share %";
    Status => "状态", "Status";
    ThisPeriod => "本期", "This period";
    TicketId => "工单编号", "Ticket id";
    Tickets => "工单数", "Tickets";
    Total => "合计", "Total";
    TrendSubtitle => "深色柱为本期月份；虚线为各月对比值", "full colour: the period's months; dashed: each month's comparison";
    VitalFew => "关键少数", "Vital few";
    WarningsTitle => "预警：明显未达标与异常波动", "Early warnings: targets missed by far, spikes";
    WorstDistrictsTitle => "未达标最多的区县（竖线为目标）", "Districts missing most targets (tick: target)";
    WorstUnitsTitle => "未达标最多的单位（竖线为目标）", "Units missing most targets (tick: target)";
    Yes => "★ 是", "★ yes";
    YesDot => "● 是", "● yes";
}

/// "最久的超期工单（共 12 件）".
pub fn titled_count(lang: Lang, text: T, n: u64) -> String {
    let n = kpi_core::display::thousands(n);
    match lang {
        Lang::Zh => format!("{}（共 {n} 件）", t(lang, text)),
        Lang::En => format!("{} ({n})", t(lang, text)),
    }
}

/// "城市（时限 45 分钟）".
pub fn area_limit(lang: Lang, area: &str, minutes: &str) -> String {
    match lang {
        Lang::Zh => format!("{area}（时限 {minutes} 分钟）"),
        Lang::En => format!("{area} (limit {minutes} min)"),
    }
}

/// "城市（未设时限）".
pub fn area_no_limit(lang: Lang, area: &str) -> String {
    match lang {
        Lang::Zh => format!("{area}（未设时限）"),
        Lang::En => format!("{area} (no limit)"),
    }
}

/// "5 分" / "Score 5".
pub fn score_label(lang: Lang, score: usize) -> String {
    match lang {
        Lang::Zh => format!("{score} 分"),
        Lang::En => format!("Score {score}"),
    }
}

/// "均分目标 4.5".
pub fn mean_target(lang: Lang, target: f64) -> String {
    match lang {
        Lang::Zh => format!("均分目标 {target}"),
        Lang::En => format!("Mean target {target}"),
    }
}

/// "满意率目标 90%".
pub fn csat_target(lang: Lang, target: f64) -> String {
    match lang {
        Lang::Zh => format!("满意率目标 {target}%"),
        Lang::En => format!("CSAT target {target}%"),
    }
}

/// "最差与最好的 20 个，其余 136 个见表格".
pub fn hidden_units(lang: Lang, shown: usize, hidden: usize) -> String {
    match lang {
        Lang::Zh => format!("图中为最差与最好的 {shown} 个，其余 {hidden} 个见表格"),
        Lang::En => format!("the worst and best {shown} shown; {hidden} more in the table"),
    }
}

/// A month on a phone's axis: "3月" / "Mar", with the year on January ("2026年1月" / "Jan 26").
pub fn short_month(lang: Lang, year: i32, month: u32) -> String {
    const EN: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let en = EN[(month as usize).saturating_sub(1).min(11)];
    match (lang, month) {
        (Lang::Zh, 1) => format!("{}年1月", year % 100),
        (Lang::Zh, m) => format!("{m}月"),
        (Lang::En, 1) => format!("{en} {}", year % 100),
        (Lang::En, _) => en.to_string(),
    }
}

/// Subtitle notes joined: "目标 10；另有 3 个区县未显示".
pub fn joined(lang: Lang, notes: &[&str]) -> String {
    let parts: Vec<&str> = notes.iter().copied().filter(|n| !n.is_empty()).collect();
    parts.join(lang.pick("；", "; "))
}

/// "万户投诉率（件/万户）": a KPI's name with its unit, for titles and headings.
pub fn with_unit(metric: kpi_core::catalog::Metric, lang: Lang) -> String {
    let unit = kpi_core::display::unit_suffix(metric.unit(), lang);
    match (unit.is_empty(), lang) {
        (true, _) => metric.label(lang),
        (false, Lang::Zh) => format!("{}（{unit}）", metric.label(lang)),
        (false, Lang::En) => format!("{} ({unit})", metric.label(lang)),
    }
}
