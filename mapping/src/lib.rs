//! Reading the work-order files managers already have — Excel or CSV downloads from the 95598
//! and marketing systems, with Chinese headers, local times without an offset, kind and district
//! names instead of codes — and turning them into a v1 export the dashboard loads.
//!
//! The steps, each a module named after what it decides:
//! 1. [`read`]: bytes → [`Table`] (xlsx/xls via calamine, CSV in UTF-8/GBK/UTF-16 with `,` `;`
//!    or tab, JSON records), bounded by [`read::limits`].
//! 2. [`proposal::propose`]: detects each [`Role`]'s column by header and by content, and lists
//!    every [`Assumption`] as data with bilingual text.
//! 3. The manager edits the [`Mapping`] (saved as JSON, as a `map=` link value, or per header
//!    signature).
//! 4. [`convert::convert`]: table + mapping → [`Converted`] (a `kpi_core::v1::Export` and the rows
//!    that could not become tickets), then [`Converted::check`] runs the dashboard's own loader.
//!
//! Pure Rust without I/O: it runs natively in tests and in a Web Worker (wasm32).

#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

pub mod convert;
pub mod customers;
pub mod error;
pub mod mapping;
pub mod proposal;
pub mod read;
pub mod roles;
pub mod table;
pub mod text;
pub mod values;

pub use convert::{convert, Checked, ConvertError, Converted, Place, RowProblem, RowReason};
pub use customers::{read_customers, CustomerList};
pub use error::ReadError;
pub use mapping::{header_signature, DistrictSetting, Mapping};
pub use proposal::{propose, Assumption, Proposal, RoleView, Sample};
pub use read::{read, sheet_names, ReadOptions};
pub use roles::{FoundBy, Role};
pub use table::{Cell, Row, Table};
pub use text::Text;
pub use values::DateOrder;
