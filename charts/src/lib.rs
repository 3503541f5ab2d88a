//! Chart builders: a view-model from `kpi_core::views` in, an SVG (charts-rs) and a table
//! alternative out. Pure and deterministic, so each builder has a golden SVG test.
//!
//! Chinese text is measured and drawn with one font: [`font::register`] must be given the
//! app's `NotoSansSC-subset.otf` before any chart is rendered, and every chart uses the
//! [`font::THEME`] theme whose `font_family` is that font's family.

pub mod complaints;
pub mod districts;
pub mod font;
pub mod overview;
pub mod panel;
pub mod quality;
pub mod satisfaction;
pub mod sparkline;
pub mod timeliness;

pub use panel::{Chart, Table};
