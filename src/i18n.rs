//! The UI's message catalog: every visible string, in Chinese and English, in one place.
//! Core messages (load errors, record problems, kind/area/tier names) come from `kpi_core`.

use kpi_core::catalog::{Duration, Metric, Stat};
use kpi_core::i18n::Lang;
use kpi_core::link::View;

/// A UI message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Msg {
    AppTitle,
    OpenFile,
    DropHint,
    LangSwitch,
    Reading,
    Downloading,
    Parsing,
    LoadFailed,
    Period,
    ComparedWith,
    Accepted,
    Rejected,
    Source,
    EmbeddedSample,
    Target,
    NoTarget,
    VsPrevious,
    NoPreviousData,
    Volume,
    Timeliness,
    Durations,
    Quality,
    Satisfaction,
    DistrictTable,
    District,
    Area,
    Customers,
    LoadReport,
    NoProblems,
    DownloadReport,
    Index,
    RecordId,
    JsonPath,
    Reason,
    Record,
    Ticket,
    Survey,
    DropHere,
    FetchFailed,
    Exported,
    ComputeTime,
    ClearAll,
    CopyLink,
    Copied,
    CompareWith,
    ComparePrevious,
    CompareYearBefore,
    Custom,
    From,
    To,
    LinkNotices,
    ClickToFilter,
    SortBy,
    HeatmapMetric,
}

pub fn t(lang: Lang, msg: Msg) -> &'static str {
    use Msg::*;
    let (zh, en) = match msg {
        AppTitle => ("供电服务质量看板", "Power Supply Service Quality"),
        OpenFile => ("打开导出文件…", "Open export…"),
        DropHint => (
            "也可将 JSON 文件拖到页面任意位置",
            "or drop a JSON file anywhere on the page",
        ),
        LangSwitch => ("English", "中文"),
        Reading => ("正在读取文件…", "Reading the file…"),
        Downloading => ("正在下载数据…", "Downloading the data…"),
        Parsing => ("正在解析与校验", "Parsing and validating"),
        LoadFailed => ("无法加载该文件", "The file could not be loaded"),
        Period => ("统计期", "Period"),
        ComparedWith => ("对比期", "Compared with"),
        Accepted => ("有效工单", "Accepted tickets"),
        Rejected => ("被拒记录", "Rejected records"),
        Source => ("数据来源", "Source"),
        EmbeddedSample => ("内置示例数据", "embedded sample"),
        Target => ("目标", "Target"),
        NoTarget => ("未设目标", "No target"),
        VsPrevious => ("较对比期", "vs comparison"),
        NoPreviousData => ("对比期无数据", "no data in comparison period"),
        Volume => ("业务量与投诉", "Volume and complaints"),
        Timeliness => ("时限达标", "Timeliness"),
        Durations => ("处理时长", "Durations"),
        Quality => ("积压与重复投诉", "Backlog and repeats"),
        Satisfaction => ("客户满意度", "Satisfaction"),
        DistrictTable => ("各区县主要指标", "Main KPIs by district"),
        District => ("区县", "District"),
        Area => ("区域类型", "Area"),
        Customers => ("客户数", "Customers"),
        LoadReport => ("加载报告", "Load report"),
        NoProblems => ("所有记录均通过校验。", "Every record passed validation."),
        DownloadReport => ("下载被拒记录（JSON）", "Download rejected records (JSON)"),
        Index => ("序号", "Index"),
        RecordId => ("编号", "Id"),
        JsonPath => ("JSON 路径", "JSON path"),
        Reason => ("原因", "Reason"),
        Record => ("记录", "Record"),
        Ticket => ("工单", "Ticket"),
        Survey => ("回访", "Survey"),
        DropHere => ("松开以加载该文件", "Drop to load this file"),
        FetchFailed => ("无法获取数据文件", "Could not fetch the data file"),
        Exported => ("导出时间", "Exported"),
        ComputeTime => ("本视图计算耗时", "View computed in"),
        ClearAll => ("清除全部筛选", "Clear all filters"),
        CopyLink => ("复制链接", "Copy link"),
        Copied => ("链接已复制", "Link copied"),
        CompareWith => ("对比", "Compare with"),
        ComparePrevious => ("上一周期", "Previous period"),
        CompareYearBefore => ("去年同期", "Same period last year"),
        Custom => ("自定义", "Custom"),
        From => ("从", "From"),
        To => ("至", "To"),
        LinkNotices => (
            "链接中有无法识别的参数：",
            "Some link parameters were not understood:",
        ),
        ClickToFilter => ("点击可筛选", "click to filter"),
        SortBy => ("点击表头排序", "click a heading to sort"),
        HeatmapMetric => ("热力图指标", "Heatmap KPI"),
    };
    lang.pick(zh, en)
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
    }
}

/// A KPI card's title.
pub fn metric_label(lang: Lang, metric: Metric) -> String {
    let base = match metric {
        Metric::Tickets => lang.pick("工单总量", "Tickets"),
        Metric::Complaints => lang.pick("投诉量", "Complaints"),
        Metric::ComplaintRate => lang.pick("万户投诉率", "Complaints per 10k customers"),
        Metric::FirstResponsePct => lang.pick("首次响应及时率", "First response on time"),
        Metric::RepairArrivalPct => lang.pick("抢修到达及时率", "Repair arrival on time"),
        Metric::ResolutionPct => lang.pick("办结及时率", "Resolved on time"),
        Metric::Backlog => lang.pick("未办结工单", "Backlog"),
        Metric::Overdue => lang.pick("超期未办结", "Overdue"),
        Metric::RepeatComplaintPct => lang.pick("重复投诉率", "Repeat complaints"),
        Metric::SatisfactionMean => lang.pick("满意度均分", "Satisfaction score"),
        Metric::CsatPct => lang.pick("客户满意率", "CSAT"),
        Metric::SurveyCoveragePct => lang.pick("回访覆盖率", "Survey coverage"),
        Metric::Duration(d, _) => match d {
            Duration::FirstResponse => lang.pick("首次响应时长", "First response time"),
            Duration::RepairArrival => lang.pick("抢修到达时长", "Repair arrival time"),
            Duration::Resolution => lang.pick("办结时长", "Resolution time"),
        },
    };
    match metric.stat() {
        None => base.to_string(),
        Some(s) => {
            let stat = match s {
                Stat::Mean => lang.pick("均值", "mean"),
                Stat::Median => lang.pick("中位数", "median"),
                Stat::P90 => lang.pick("P90", "p90"),
            };
            match lang {
                Lang::Zh => format!("{base}（{stat}）"),
                Lang::En => format!("{base} ({stat})"),
            }
        }
    }
}
