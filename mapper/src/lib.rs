//! The mapper: a Web Worker started the first time a file is not a v1 export. It reads a
//! manager's Excel, CSV or JSON-records file with kpi-mapping, keeps the table while the
//! manager checks the mapping, and writes the v1 export that the engine then loads like any
//! other — so the same record rules and load report apply.
//!
//! - [`protocol`]: the messages and view-models; the page depends on this module alone
//!   (`default-features = false`).
//! - `session` (feature `worker`): the state between messages, tested natively.
//! - `main.rs`: the worker's message loop (wasm32).

#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

pub mod protocol;
#[cfg(feature = "worker")]
pub mod session;
#[cfg(feature = "worker")]
mod text;
