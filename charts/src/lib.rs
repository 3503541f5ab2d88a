//! Chart builders: a view-model from `kpi_core` in, an SVG (charts-rs, or drawn by hand where
//! charts-rs cannot say it) and a table alternative out. Pure and deterministic, so each
//! builder has a golden SVG test. [`render`] draws any panel of the core's registry at any size
//! and in any theme ([`Style`]).
//!
//! Chinese text is measured and drawn with one font: [`font::register`] must be given the
//! app's `NotoSansSC-subset.ttf` before any chart is rendered, and every chart theme names it.

pub mod bars;
pub mod complaints;
pub mod districts;
pub mod font;
pub mod overview;
pub mod panel;
pub mod quality;
pub mod review;
pub mod satisfaction;
pub mod sparkline;
pub mod style;
pub mod svg;
pub mod text;
pub mod timeliness;

pub use panel::{render, Chart, Table};
pub use style::Style;
