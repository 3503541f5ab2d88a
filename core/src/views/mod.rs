//! View-models: what each chart and list of the dashboard shows, computed from a [`Report`]
//! (and the rows of the view) in the core, so builders and components only draw.
//!
//! [`Report`]: crate::report::Report

pub mod complaints;
pub mod districts;
pub mod overview;
pub mod quality;
pub mod satisfaction;
pub mod timeliness;
