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
    AnswerFirst => "载入前请先处理：", "Before loading, please settle:";
    AppTitle => "供电服务质量看板", "Power Supply Service Quality";
    ApplyMapping => "确认并载入", "Confirm and load";
    Area => "区域类型", "Area";
    AssumptionsHeading => "假设与说明（转换时将按此处理）", "Assumptions (the conversion does exactly this)";
    BeijingTime => "北京时间", "Beijing time";
    BlackScreen => "黑屏 (B)", "Black screen (B)";
    Cancel => "取消", "Cancel";
    ChartFailed => "无法绘制此图：", "This chart could not be drawn: ";
    ChartsCompare => "图表对比", "Charts compare";
    ChooseValue => "请选择…", "Choose…";
    ClauseSeparator => "；", "; ";
    ClearAll => "清除全部筛选", "Clear all filters";
    ClickToFilter => "点击可筛选", "click to filter";
    ColumnHeading => "所在列", "Column";
    ComputeTime => "本视图计算耗时", "View computed in";
    Copied => "链接已复制", "Link copied";
    CopyFailed => "无法复制，请从地址栏复制", "Could not copy; copy it from the address bar";
    CopyLink => "复制链接", "Copy link";
    Custom => "自定义", "Custom";
    Customers => "客户数", "Customers";
    CustomersFile => "导入客户数表（单位, 客户数）…", "Load a customers table (district, customers)…";
    DateOrder => "日期顺序（如 03/04/2025）", "Date order (e.g. 03/04/2025)";
    DateOrderUnset => "未选择（这类日期的行不导入）", "not chosen (rows with such dates are not imported)";
    DayFirst => "日/月/年（03/04 = 4月3日）", "day/month/year (03/04 = 3 April)";
    DefaultDistrict => "缺少供电单位的工单计入", "Tickets without a district go to";
    DefaultDistrictEmpty => "留空：这些行不导入", "empty: such rows are not imported";
    DefaultKind => "缺少业务类型的工单按", "Tickets without a kind count as";
    Definition => "口径", "Definition";
    DelimiterComma => "逗号（,）", "comma (,)";
    DelimiterField => "分隔符", "Delimiter";
    DelimiterSemicolon => "分号（;）", "semicolon (;)";
    DelimiterTab => "制表符", "tab";
    District => "区县", "District";
    DistrictsHeading => "供电单位（区县）", "Districts";
    DistrictsHint => "单位取自数据中的名称，名称即编码。区域默认“城市”（到达现场时限按城市计），客户数用于计算万户投诉率；均可逐个修改。", "Districts are the names in the data (the name is the code). Each is urban unless changed (the arrival commitment depends on it); customers give the complaint rate per 10,000. Change any of them here.";
    DownloadExport => "下载转换后的数据（看板格式 JSON）", "Download the converted data (dashboard JSON)";
    DownloadMapping => "下载映射（JSON）", "Download mapping (JSON)";
    DownloadReport => "下载被拒记录（JSON）", "Download rejected records (JSON)";
    DownloadRowProblems => "下载未能转换的行（JSON）", "Download rows not converted (JSON)";
    DropHere => "松开以加载该文件", "Drop to load this file";
    DropHint => "也可将文件拖到页面任意位置", "or drop a file anywhere on the page";
    EachDistrict => "每个区县一页", "One slide per district";
    EditMapping => "查看或修改映射", "Check or change the mapping";
    EncodingField => "文字编码", "Text encoding";
    EncodingGbk => "GBK（GB18030，中文 Windows 的 Excel）", "GBK (GB18030, Excel on a Chinese Windows)";
    EncodingUtf16 => "Unicode（UTF-16，Excel 的“Unicode 文本”）", "Unicode (UTF-16, Excel's “Unicode text”)";
    EncodingUtf8 => "UTF-8", "UTF-8";
    ExampleIds => "示例工单编号", "Example ids";
    ExitPresent => "退出演示 (Esc)", "Leave (Esc)";
    ExportCsv => "导出 CSV", "Export CSV";
    ExportFailed => "导出失败：", "Export failed: ";
    ExportXlsx => "导出 Excel", "Export Excel";
    Exported => "导出时间", "Exported";
    ExportedAt => "统计截止时间（判断超时、积压的“现在”）", "As of (the “now” of overdue and backlog)";
    Exporting => "正在导出…", "Exporting…";
    FieldHeading => "字段", "Field";
    FileKindCsv => "CSV 文本", "CSV text";
    FileKindJson => "JSON 记录", "JSON records";
    FileKindNdjson => "NDJSON 记录（每行一条）", "NDJSON records (one per line)";
    FileKindXls => "Excel 97–2003 工作簿", "Excel 97–2003 workbook";
    FileKindXlsx => "Excel 工作簿", "Excel workbook";
    Filters => "筛选", "Filters";
    FoundHeading => "识别方式", "How it was found";
    From => "从", "From";
    FullScreen => "全屏 (F)", "Full screen (F)";
    GenerateIds => "没有编号列时按行号生成编号（R12 表示第 12 行）", "Without an id column, make ids from row numbers (R12 is row 12)";
    HeaderRow => "表头所在行", "Header row";
    HeatmapMetric => "热力图指标", "Heatmap KPI";
    ImportMapping => "导入映射文件…", "Load a mapping file…";
    InDeck => "已加入演示（点击移出）", "In the deck (click to remove)";
    Index => "序号", "Index";
    JsonPath => "位置", "Position";
    KindWordsHeading => "业务类型的取值", "Values of the kind column";
    KpiWall => "关键指标", "Key figures";
    LangSwitch => "English", "中文";
    LevelShown => "层级", "Level";
    LinkNotices => "链接中有无法识别的参数：", "Some link parameters were not understood:";
    LinkWithoutFile => "注意：链接无法携带本地文件，对方打开链接时需自行打开同一文件。", "Note: a link cannot carry a local file; whoever opens it must open the same file.";
    LoadFailed => "无法加载该文件", "The file could not be loaded";
    LoadReport => "加载报告", "Load report";
    LoadingCharts => "图表加载中…", "Loading charts…";
    MapperBroken => "浏览器中读取 Excel/CSV 的处理线程出错或无法启动。请刷新页面后重试；如仍不行，请使用较新的 Chrome、Edge 或 Firefox。", "The browser's Excel/CSV reader stopped or could not start. Please reload the page and try again; if it still fails, use a recent Chrome, Edge or Firefox.";
    MappingIntro => "这个文件不是看板的导出文件。下面列出每个字段自动找到的列、5 个样例及其读取结果，以及转换时的全部假设。请逐项核对，不对的直接修改，然后点“确认并载入”。", "This file is not a dashboard export. Below, for each field, are the column found and five sample values with how they read, then every assumption the conversion makes. Check them, change what is wrong, then press “Confirm and load”.";
    MappingTitle => "核对列的对应关系", "Check how the columns map";
    MappingWaiting => "不是看板导出文件：请在下方核对列的对应关系，然后确认载入。", "Not a dashboard export: check the column mapping below, then confirm.";
    MapsTo => "对应为", "Maps to";
    Meaning => "含义", "Meaning";
    MonthFirst => "月/日/年（03/04 = 3月4日）", "month/day/year (03/04 = 4 March)";
    MonthlyReport => "月度报告", "monthly-report";
    Months => "按月", "Months";
    NextSlide => "下一页", "Next";
    NoColumn => "（不使用）", "(none)";
    NoData => "本期无数据", "No data in this period";
    NoFilters => "无（全部数据）", "none (all data)";
    NoProblems => "所有记录均通过校验。", "Every record passed validation.";
    NoScore => "未评价", "no score";
    NoTarget => "未设目标", "No target";
    NotConverted => "未能转换的行", "Rows not converted";
    NotImported => "不导入", "not imported";
    OpenFile => "打开导出文件…", "Open export…";
    OptionalOrganization => "单位名称（可选）", "Organization (optional)";
    Paused => "自动播放已暂停", "Auto-advance paused";
    Period => "统计期", "Period";
    Present => "演示", "Present";
    PreviousSlide => "上一页", "Previous";
    Print => "打印 / PDF", "Print / PDF";
    Read => "已读取", "read";
    ReadingFile => "正在读取文件并识别各列…", "Reading the file and detecting its columns…";
    Reason => "原因", "Reason";
    Record => "记录", "Record";
    RecordId => "编号", "Id";
    Rejected => "被拒记录", "Rejected records";
    RemoveSlide => "移出此页", "Remove this slide";
    Required => "必需", "required";
    ResetDeck => "恢复默认演示", "Default deck";
    RowProblemsFile => "未能转换的行.json", "rows-not-converted.json";
    RowsHeading => "行数", "Rows";
    SamplesHeading => "样例（原值 → 读取为）", "Samples (as written → read as)";
    ScoreWordsHeading => "回访满意度的取值（4 分及以上计为满意）", "Values of the satisfaction column (4 and above count as satisfied)";
    SettingsHeading => "时间与默认值", "Times and defaults";
    SheetRow => "表格行号", "Sheet row";
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
    TierWordsHeading => "客户分级的取值", "Values of the tier column";
    Timezone => "时区（用于没有标明时区的时间）", "Timezone (of times written without one)";
    To => "至", "To";
    TopUnits => "全部单位", "All units";
    ValueHeading => "取值", "Value";
    VsPrevious => "环比", "vs previous";
    VsYearBefore => "同比", "vs last year";
    WaitingFigures => "正在计算…", "Computing…";
    Working => "正在处理…", "Working…";
    Worksheet => "工作表", "Worksheet";
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

/// "第 12 行" / "row 12", or a JSON file's "第 3 条记录".
pub fn sheet_place(lang: Lang, place: kpi_mapper::protocol::Place, n: u64) -> String {
    match (place, lang) {
        (kpi_mapper::protocol::Place::Row, Lang::Zh) => format!("第 {n} 行"),
        (kpi_mapper::protocol::Place::Row, Lang::En) => format!("row {n}"),
        (kpi_mapper::protocol::Place::Record, Lang::Zh) => format!("第 {n} 条记录"),
        (kpi_mapper::protocol::Place::Record, Lang::En) => format!("record {n}"),
    }
}

/// The mapping page's line on the file: "CSV 文本 · 500 行数据 · 表头在第 1 行".
pub fn mapping_file_line(lang: Lang, kind: &str, rows: u64, header_row: u64) -> String {
    let kind = t(
        lang,
        match kind {
            "xlsx" => Msg::FileKindXlsx,
            "xls" => Msg::FileKindXls,
            "json" => Msg::FileKindJson,
            "ndjson" => Msg::FileKindNdjson,
            _ => Msg::FileKindCsv,
        },
    );
    let n = kpi_core::display::thousands(rows);
    match lang {
        Lang::Zh => format!("{kind} · {n} 行数据 · 表头在第 {header_row} 行"),
        Lang::En => format!("{kind} · {n} data rows · header on row {header_row}"),
    }
}

/// "留空则取文件中最晚的时间：2020-02-10 16:53:30".
pub fn exported_at_default(lang: Lang, at: &str) -> String {
    match lang {
        Lang::Zh => format!("留空则取文件中最晚的时间：{at}"),
        Lang::En => format!("Empty: the latest time in the file, {at}"),
    }
}

/// A UTC offset in a timezone menu: "UTC+08:00 北京时间".
pub fn offset_label(lang: Lang, minutes: i32) -> String {
    let sign = if minutes < 0 { '−' } else { '+' };
    let abs = minutes.unsigned_abs();
    let text = format!("UTC{sign}{:02}:{:02}", abs / 60, abs % 60);
    if minutes == 8 * 60 {
        format!("{text} {}", t(lang, Msg::BeijingTime))
    } else {
        text
    }
}

/// The dashboard's note on a mapped file: what was read and converted.
pub fn mapped_line(lang: Lang, name: &str, rows: u64, tickets: u64, not_converted: u64) -> String {
    let n = kpi_core::display::thousands;
    match lang {
        Lang::Zh => format!(
            "{name} 不是看板导出文件，已按列映射转换：读取 {} 行数据，转换为 {} 张工单，{} 行未能转换（见“数据质量”中的加载报告）。",
            n(rows),
            n(tickets),
            n(not_converted)
        ),
        Lang::En => format!(
            "{name} is not a dashboard export and was converted by its column mapping: {} data rows read, {} tickets written, {} rows not converted (see the load report under “Data quality”).",
            n(rows),
            n(tickets),
            n(not_converted)
        ),
    }
}

/// The note over a cube: what it aggregated and what it cannot show.
pub fn cube_line(lang: Lang, name: &str, cube: &kpi_core::dataset::CubeSource) -> String {
    let n = kpi_core::display::thousands;
    let from = cube.exports.join(lang.pick("、", ", "));
    match lang {
        Lang::Zh => format!(
            "{name} 是汇总文件（cube），汇总了 {} 张工单{}{}，只有整月数据。件数、比率与均值与原始导出文件一致，中位数与 P90 的误差不超过 1%；工单清单、评分分布与按天查看需要原始导出文件。",
            n(cube.tickets),
            cube.rejected.map(|r| format!("（拒收 {} 条记录）", n(r))).unwrap_or_default(),
            if from.is_empty() { String::new() } else { format!("，来自 {from}") },
        ),
        Lang::En => format!(
            "{name} is an aggregate file (cube) of {} tickets{}{}, in whole months. Counts, rates and means equal those of the raw exports; medians and p90 are within 1 %. Ticket lists, the score distribution and periods of days need the raw export.",
            n(cube.tickets),
            cube.rejected.map(|r| format!(" ({} records rejected)", n(r))).unwrap_or_default(),
            if from.is_empty() { String::new() } else { format!(" from {from}") },
        ),
    }
}

/// Download names of a mapped file's mapping and converted data: "工单-映射.json".
pub fn mapped_file_name(lang: Lang, source: &str, mapping: bool) -> String {
    let base = source.rsplit(['/', '\\']).next().unwrap_or(source);
    let stem = base.rsplit_once('.').map_or(base, |(s, _)| s);
    let what = match mapping {
        true => lang.pick("映射", "mapping"),
        false => lang.pick("看板格式", "dashboard"),
    };
    format!("{stem}-{what}.json")
}
