//! The parts a page is made of. Each is created once and updates in place from the dashboard's
//! state (`crate::state`); none computes a figure.

pub mod breadcrumb;
pub mod cards;
pub mod cube;
pub mod export;
pub mod facts;
pub mod filter_bar;
pub mod findings;
pub mod league;
pub mod legend;
pub mod load_report;
pub mod mapped;
pub mod panel;
pub mod size;
pub mod status;
pub mod table;
pub mod tabs;
