//! The page's message catalog: every word the page writes, in Chinese and English, in one place
//! (a test fails on a CJK literal anywhere else in `src/`). KPI names and definitions, kinds,
//! statuses and the engine's messages come from `kpi_core`; chart texts from `kpi_charts`.

use kpi_core::calendar::Month;
use kpi_core::i18n::Lang;
use kpi_core::link::View;
use kpi_core::period::Period;
use kpi_core::protocol::Source;
use kpi_core::report::Report;

macro_rules! messages {
    ($($name:ident => $zh:expr, $en:expr;)*) => {
        /// A message of the page.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Msg { $($name),* }

        /// The message in a language.
        pub fn t(lang: Lang, msg: Msg) -> &'static str {
            match msg { $(Msg::$name => lang.pick($zh, $en)),* }
        }
    };
}

messages! {
    Accepted => "有效工单", "Accepted tickets";
    AcceptedQuality => "有效工单的数据质量", "Quality of the accepted tickets";
    AddToDeck => "加入演示", "Add to deck";
    Adjusted => "已调整的区县", "Districts adjusted";
    AllDistricts => "全部区县", "All districts";
    AnomaliesExplained => "时间戳异常说明", "Timestamp anomalies explained";
    Anomaly => "异常", "Anomaly";
    AppTitle => "供电服务质量看板", "Power Supply Service Quality";
    Area => "区域类型", "Area";
    BlackScreen => "黑屏 (B)", "Black screen (B)";
    Cancel => "取消", "Cancel";
    ChartFailed => "无法绘制此图：", "This chart could not be drawn: ";
    ChartsCompare => "图表对比", "Charts compare";
    ClauseSeparator => "；", "; ";
    ClearAll => "清除全部筛选", "Clear all filters";
    ClickToFilter => "点击可筛选", "click to filter";
    ComputeTime => "本视图计算耗时", "View computed in";
    Copied => "链接已复制", "Link copied";
    CopyFailed => "无法复制，请从地址栏复制", "Could not copy; copy it from the address bar";
    CopyLink => "复制链接", "Copy link";
    Custom => "自定义", "Custom";
    Customers => "客户数", "Customers";
    Definition => "口径", "Definition";
    District => "区县", "District";
    DistrictTable => "各区县主要指标", "Main KPIs by district";
    DownloadReport => "下载被拒记录（JSON）", "Download rejected records (JSON)";
    DropHere => "松开以加载该文件", "Drop to load this file";
    DropHint => "也可将文件拖到页面任意位置", "or drop a file anywhere on the page";
    EachDistrict => "每个区县一页", "One slide per district";
    ExampleIds => "示例工单编号", "Example ids";
    ExitPresent => "退出演示 (Esc)", "Leave (Esc)";
    ExportCsv => "导出 CSV", "Export CSV";
    ExportFailed => "导出失败：", "Export failed: ";
    ExportXlsx => "导出 Excel", "Export Excel";
    Exported => "导出时间", "Exported";
    Exporting => "正在导出…", "Exporting…";
    Filters => "筛选", "Filters";
    From => "从", "From";
    FullScreen => "全屏 (F)", "Full screen (F)";
    HeatmapMetric => "热力图指标", "Heatmap KPI";
    InDeck => "已加入演示（点击移出）", "In the deck (click to remove)";
    Index => "序号", "Index";
    JsonPath => "位置", "Position";
    KpiWall => "关键指标", "Key figures";
    LangSwitch => "English", "中文";
    LinkNotices => "链接中有无法识别的参数：", "Some link parameters were not understood:";
    LinkWithoutFile => "注意：链接无法携带本地文件，对方打开链接时需自行打开同一文件。", "Note: a link cannot carry a local file; whoever opens it must open the same file.";
    LoadFailed => "无法加载该文件", "The file could not be loaded";
    LoadReport => "加载报告", "Load report";
    LoadingCharts => "图表加载中…", "Loading charts…";
    Meaning => "含义", "Meaning";
    MonthlyReport => "月度报告", "monthly-report";
    Months => "按月", "Months";
    NextSlide => "下一页", "Next";
    NoData => "本期无数据", "No data in this period";
    NoFilters => "无（全部数据）", "none (all data)";
    NoProblems => "所有记录均通过校验。", "Every record passed validation.";
    NoTarget => "未设目标", "No target";
    OpenFile => "打开导出文件…", "Open export…";
    Paused => "自动播放已暂停", "Auto-advance paused";
    Period => "统计期", "Period";
    Present => "演示", "Present";
    PreviousSlide => "上一页", "Previous";
    Print => "打印 / PDF", "Print / PDF";
    Read => "已读取", "read";
    Reason => "原因", "Reason";
    Record => "记录", "Record";
    RecordId => "编号", "Id";
    Rejected => "被拒记录", "Rejected records";
    RemoveSlide => "移出此页", "Remove this slide";
    ResetDeck => "恢复默认演示", "Default deck";
    ShowChart => "显示图表", "Show chart";
    ShowTable => "显示表格", "Show table";
    SlideKeys => "← → 翻页 · 数字+回车 跳转 · B 黑屏 · F 全屏 · Esc 退出", "← → turn · number + Enter go to · B black · F full screen · Esc leave";
    SortBy => "点击表头排序", "click a heading to sort";
    Source => "数据来源", "Source";
    StatusRule => "状态规则：", "Status rule:";
    StillShowing => "仍显示此前已加载的数据。", "The data loaded before is still shown.";
    Survey => "回访", "Survey";
    Target => "目标", "Target";
    Theme => "主题", "Theme";
    Ticket => "工单", "Ticket";
    Tickets => "工单数", "Tickets";
    TicketsUnit => "张工单", "tickets";
    To => "至", "To";
    VsPrevious => "环比", "vs previous";
    VsYearBefore => "同比", "vs last year";
    WaitingFigures => "正在计算…", "Computing…";
}

/// A tab's title.
pub fn view_label(lang: Lang, view: View) -> &'static str {
    match view {
        View::Overview => lang.pick("总览", "Overview"),
        View::Districts => lang.pick("区县对比", "Districts"),
        View::Complaints => lang.pick("投诉分析", "Complaints"),
        View::Timeliness => lang.pick("时限达标", "Timeliness"),
        View::Satisfaction => lang.pick("客户满意度", "Satisfaction"),
        View::Quality => lang.pick("数据质量", "Data quality"),
        View::Report => lang.pick("月度报告", "Monthly report"),
    }
}

/// How a data source is named on screen.
pub fn source_name(source: &Source, lang: Lang) -> String {
    match source {
        Source::Sample(_) => lang.pick("内置示例数据", "embedded sample").to_string(),
        other => other.name().to_string(),
    }
}

/// "2026-10-01 – 2026-10-31", or "—".
pub fn period_text(p: Option<Period>, _lang: Lang) -> String {
    match p {
        Some(p) => format!("{} – {}", p.from.date(), p.to.date()),
        None => kpi_core::display::UNDEFINED.into(),
    }
}

/// The periods of a card's definition: "统计期 …；环比 …；同比 …。".
pub fn period_sentence(r: &Report, lang: Lang) -> String {
    let p = |x| period_text(x, lang);
    match lang {
        Lang::Zh => format!(
            "统计期 {}；环比对比 {}；同比对比 {}。",
            p(r.period),
            p(r.previous_period),
            p(r.year_before_period)
        ),
        Lang::En => format!(
            "Period {}; compared with {} (previous) and {} (last year).",
            p(r.period),
            p(r.previous_period),
            p(r.year_before_period)
        ),
    }
}

/// "2026年10月" / "Oct 2026".
pub fn month_label(m: Month, lang: Lang) -> String {
    const EN: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    match lang {
        Lang::Zh => format!("{}年{}月", m.year(), m.month()),
        Lang::En => format!(
            "{} {}",
            EN[(m.month() as usize).saturating_sub(1).min(11)],
            m.year()
        ),
    }
}

/// The load report's first line.
pub fn load_summary(
    lang: Lang,
    tickets: u64,
    surveys: u64,
    accepted: u64,
    rejected: u64,
) -> String {
    let n = kpi_core::display::thousands;
    match lang {
        Lang::Zh => format!(
            "读取工单记录 {} 条、回访记录 {} 条；有效工单 {} 条；被拒记录 {} 条。",
            n(tickets),
            n(surveys),
            n(accepted),
            n(rejected)
        ),
        Lang::En => format!(
            "Read {} ticket and {} survey records; {} tickets accepted; {} records rejected.",
            n(tickets),
            n(surveys),
            n(accepted),
            n(rejected)
        ),
    }
}

/// "仅列出前 500 条，共 1,234 条；下载包含全部。".
pub fn problems_shown(lang: Lang, shown: u64, total: u64) -> String {
    let n = kpi_core::display::thousands;
    match lang {
        Lang::Zh => format!(
            "仅列出前 {} 条，共 {} 条；下载文件包含全部。",
            n(shown),
            n(total)
        ),
        Lang::En => format!(
            "Showing the first {} of {}; the download has all of them.",
            n(shown),
            n(total)
        ),
    }
}

/// "另有 120 项未列出，可在链接中直接指定".
pub fn more_options(lang: Lang, more: usize) -> String {
    match lang {
        Lang::Zh => format!("另有 {more} 项未列出"),
        Lang::En => format!("{more} more not listed"),
    }
}

/// "全部 20,000 张有效工单，不受筛选影响".
pub fn whole_file(lang: Lang, accepted: u64) -> String {
    let n = kpi_core::display::thousands(accepted);
    match lang {
        Lang::Zh => format!("全部 {n} 张有效工单，不受筛选影响"),
        Lang::En => format!("All {n} accepted tickets; filters do not apply"),
    }
}

/// The rejected records' download.
pub fn problems_file_name(lang: Lang) -> String {
    lang.pick("被拒记录.json", "rejected-records.json").into()
}

/// "仅显示排序后的前 300 个区县，其余 65,235 个请筛选或导出".
pub fn more_rows(lang: Lang, shown: usize, more: usize) -> String {
    let n = kpi_core::display::thousands(more as u64);
    match lang {
        Lang::Zh => format!("仅显示前 {shown} 个，其余 {n} 个可排序、筛选或导出查看"),
        Lang::En => format!("Showing the first {shown}; {n} more by sorting, filtering or export"),
    }
}

/// A value with its heading: "区县：三台县".
pub fn labeled(lang: Lang, head: &str, value: &str) -> String {
    match lang {
        Lang::Zh => format!("{head}：{value}"),
        Lang::En => format!("{head}: {value}"),
    }
}

/// An active filter's chip: "区县：三台县 ×".
pub fn chip(lang: Lang, head: &str, value: &str) -> String {
    format!("{} ×", labeled(lang, head, value))
}

/// A period as a slide names it: "2026年10月" for one whole month, else its days.
pub fn period_label(p: Option<Period>, lang: Lang) -> String {
    match p {
        Some(p) if p.whole_months() == Some(1) => month_label(p.from.month(), lang),
        other => period_text(other, lang),
    }
}

/// "环比 2026年9月 · 同比 2025年10月": what a slide's figures are compared with.
pub fn comparisons(r: &Report, lang: Lang) -> String {
    format!(
        "{} {} · {} {}",
        t(lang, Msg::VsPrevious),
        period_label(r.previous_period, lang),
        t(lang, Msg::VsYearBefore),
        period_label(r.year_before_period, lang)
    )
}
