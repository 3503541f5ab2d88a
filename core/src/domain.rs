//! The closed vocabularies of the export: work-order kinds, district area types, customer tiers.

use crate::i18n::Lang;
use serde::{Deserialize, Serialize};

/// Work-order kind. The order is the display order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[repr(u8)]
pub enum Kind {
    Complaint = 0,
    Repair = 1,
    Inquiry = 2,
    Request = 3,
    Suggestion = 4,
    Praise = 5,
}

impl Kind {
    pub const ALL: [Kind; 6] = [
        Kind::Complaint,
        Kind::Repair,
        Kind::Inquiry,
        Kind::Request,
        Kind::Suggestion,
        Kind::Praise,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Kind::Complaint => "complaint",
            Kind::Repair => "repair",
            Kind::Inquiry => "inquiry",
            Kind::Request => "request",
            Kind::Suggestion => "suggestion",
            Kind::Praise => "praise",
        }
    }

    pub fn parse(code: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn index(self) -> usize {
        self as usize
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Kind::Complaint => lang.pick("投诉", "Complaint"),
            Kind::Repair => lang.pick("故障报修", "Fault repair"),
            Kind::Inquiry => lang.pick("咨询", "Inquiry"),
            Kind::Request => lang.pick("业务申请", "Service request"),
            Kind::Suggestion => lang.pick("意见建议", "Suggestion"),
            Kind::Praise => lang.pick("表扬", "Praise"),
        }
    }

    /// The name in two characters, for a narrow chart's axis.
    pub fn short_label(self, lang: Lang) -> &'static str {
        match self {
            Kind::Complaint => lang.pick("投诉", "Compl."),
            Kind::Repair => lang.pick("报修", "Repair"),
            Kind::Inquiry => lang.pick("咨询", "Inquiry"),
            Kind::Request => lang.pick("申请", "Request"),
            Kind::Suggestion => lang.pick("建议", "Sugg."),
            Kind::Praise => lang.pick("表扬", "Praise"),
        }
    }
}

/// District area type; it sets the repair-arrival commitment (45/90/120 minutes by default).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[repr(u8)]
pub enum Area {
    Urban = 0,
    Rural = 1,
    Remote = 2,
}

impl Area {
    pub const ALL: [Area; 3] = [Area::Urban, Area::Rural, Area::Remote];

    pub fn code(self) -> &'static str {
        match self {
            Area::Urban => "urban",
            Area::Rural => "rural",
            Area::Remote => "remote",
        }
    }

    pub fn parse(code: &str) -> Option<Area> {
        Area::ALL.into_iter().find(|a| a.code() == code)
    }

    pub fn index(self) -> usize {
        self as usize
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Area::Urban => lang.pick("城市", "Urban"),
            Area::Rural => lang.pick("农村", "Rural"),
            Area::Remote => lang.pick("偏远", "Remote"),
        }
    }
}

/// Customer tier group: A/B/C, or none given ("未分级").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[repr(u8)]
pub enum Tier {
    Unrated = 0,
    A = 1,
    B = 2,
    C = 3,
}

impl Tier {
    pub const ALL: [Tier; 4] = [Tier::A, Tier::B, Tier::C, Tier::Unrated];

    /// The code in the file and in links; `none` stands for the unrated group.
    pub fn code(self) -> &'static str {
        match self {
            Tier::A => "A",
            Tier::B => "B",
            Tier::C => "C",
            Tier::Unrated => "none",
        }
    }

    /// Parses a tier as written in a ticket (`A`, `B`, `C`).
    pub fn parse_rated(code: &str) -> Option<Tier> {
        match code {
            "A" => Some(Tier::A),
            "B" => Some(Tier::B),
            "C" => Some(Tier::C),
            _ => None,
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Tier::A => lang.pick("A 类客户", "Tier A"),
            Tier::B => lang.pick("B 类客户", "Tier B"),
            Tier::C => lang.pick("C 类客户", "Tier C"),
            Tier::Unrated => lang.pick("未分级", "Unrated"),
        }
    }
}

/// The label given to tickets without a category.
pub const UNCATEGORIZED: &str = "未分类";
/// The label given to tickets without a channel.
pub const UNKNOWN_CHANNEL: &str = "未知渠道";

/// What the rows of a ranking are, so that its headings name them: districts (区县), or units
/// above them (单位: prefectures, supply companies), or a level holding both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Members {
    #[default]
    Districts,
    Units,
}

impl Members {
    /// A heading: "区县" / "District", "单位" / "Unit".
    pub fn noun(self, lang: Lang) -> &'static str {
        match self {
            Members::Districts => lang.pick("区县", "District"),
            Members::Units => lang.pick("单位", "Unit"),
        }
    }

    /// A title: "区县" / "Districts", "单位" / "Units".
    pub fn title(self, lang: Lang) -> &'static str {
        match self {
            Members::Districts => lang.pick("区县", "Districts"),
            Members::Units => lang.pick("单位", "Units"),
        }
    }

    /// In a sentence, one: "区县" / "district", "单位" / "unit".
    pub fn singular(self, lang: Lang) -> &'static str {
        match self {
            Members::Districts => lang.pick("区县", "district"),
            Members::Units => lang.pick("单位", "unit"),
        }
    }

    /// In a sentence, several: "区县" / "districts", "单位" / "units".
    pub fn plural(self, lang: Lang) -> &'static str {
        match self {
            Members::Districts => lang.pick("区县", "districts"),
            Members::Units => lang.pick("单位", "units"),
        }
    }
}
