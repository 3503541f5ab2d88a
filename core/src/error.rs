//! Whole-file errors: the problems that stop a load. Each says what is wrong and where, in words a
//! customer-service manager understands, in Chinese and in English.

use crate::i18n::Lang;

/// A problem with the file as a whole. The dataset is not loaded.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LoadError {
    #[error("{}", self.bilingual())]
    Empty,
    #[error("{}", self.bilingual())]
    NotJson {
        line: usize,
        column: usize,
        detail: String,
    },
    #[error("{}", self.bilingual())]
    NotAnExport { found: String },
    #[error("{}", self.bilingual())]
    NewerVersion { found: String },
    #[error("{}", self.bilingual())]
    UnknownVersion { found: String },
    #[error("{}", self.bilingual())]
    MissingField { path: String },
    #[error("{}", self.bilingual())]
    InvalidField {
        path: String,
        expected_zh: &'static str,
        expected_en: &'static str,
    },
    #[error("{}", self.bilingual())]
    DuplicateDistrict { path: String, code: String },
    #[error("{}", self.bilingual())]
    DuplicateKey { path: String },
    #[error("{}", self.bilingual())]
    NoDistricts,
    #[error("{}", self.bilingual())]
    TooLarge,
    /// The file is a cube (`format` is [`CUBE_FORMAT_NAME`]): read it with `crate::cube`.
    #[error("{}", self.bilingual())]
    IsCube,
    #[error("{}", self.bilingual())]
    BadCube { detail: String },
}

/// The cube format's identifier (docs/cube-format.md).
pub const CUBE_FORMAT_NAME: &str = "service-kpi-cube";

/// The export format's identifier, required in `format`.
pub const FORMAT_NAME: &str = "service-kpi-export";
/// The newest format version this reader knows.
pub const FORMAT_VERSION: i64 = 1;

impl LoadError {
    /// The message in one language.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            LoadError::Empty => lang.pick("文件是空的。", "The file is empty.").into(),
            LoadError::NotJson { line, column, detail } => match lang {
                Lang::Zh => format!("文件不是有效的 JSON：第 {line} 行第 {column} 列附近出错（{detail}）。"),
                Lang::En => format!("The file is not valid JSON: error near line {line}, column {column} ({detail})."),
            },
            LoadError::NotAnExport { found } => match lang {
                Lang::Zh => format!("这不是服务质量工单导出文件：顶层 `format` 应为 \"{FORMAT_NAME}\"，实际为 {found}。"),
                Lang::En => format!("This is not a service-quality work-order export: top-level `format` should be \"{FORMAT_NAME}\", found {found}."),
            },
            LoadError::NewerVersion { found } => match lang {
                Lang::Zh => format!("文件格式版本 {found} 比本看板支持的版本 {FORMAT_VERSION} 更新，请升级看板后再打开。"),
                Lang::En => format!("The file's format version {found} is newer than the version {FORMAT_VERSION} this dashboard reads; please use a newer dashboard."),
            },
            LoadError::UnknownVersion { found } => match lang {
                Lang::Zh => format!("`version` 无法识别：{found}（应为整数 {FORMAT_VERSION}）。"),
                Lang::En => format!("Unrecognised `version`: {found} (expected the integer {FORMAT_VERSION})."),
            },
            LoadError::MissingField { path } => match lang {
                Lang::Zh => format!("缺少必填字段 {path}。"),
                Lang::En => format!("Required field {path} is missing."),
            },
            LoadError::InvalidField { path, expected_zh, expected_en } => match lang {
                Lang::Zh => format!("字段 {path} 的值无效：应为{expected_zh}。"),
                Lang::En => format!("Field {path} has an invalid value: expected {expected_en}."),
            },
            LoadError::DuplicateDistrict { path, code } => match lang {
                Lang::Zh => format!("供电区域编码 \"{code}\" 重复（{path}）。"),
                Lang::En => format!("District code \"{code}\" appears twice ({path})."),
            },
            LoadError::DuplicateKey { path } => match lang {
                Lang::Zh => format!("字段 {path} 出现了两次。"),
                Lang::En => format!("Field {path} appears twice."),
            },
            LoadError::NoDistricts => lang
                .pick(
                    "文件没有供电区域：$.districts 必须是非空数组。",
                    "The file has no districts: $.districts must be a non-empty array.",
                )
                .into(),
            LoadError::IsCube => lang
                .pick(
                    "这是汇总文件（cube），按汇总文件读取。",
                    "This is an aggregate file (cube); it is read as one.",
                )
                .into(),
            LoadError::BadCube { detail } => match lang {
                Lang::Zh => format!("汇总文件（cube）无法读取：{detail}。请用 cube/build_cube.py 重新生成。"),
                Lang::En => format!("The aggregate file (cube) cannot be read: {detail}. Build it again with cube/build_cube.py."),
            },
            LoadError::TooLarge => lang
                .pick(
                    "文件太大，超出了浏览器可处理的范围。",
                    "The file is too large for the browser to hold.",
                )
                .into(),
        }
    }

    fn bilingual(&self) -> String {
        format!("{} / {}", self.message(Lang::Zh), self.message(Lang::En))
    }
}
