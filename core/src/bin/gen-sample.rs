//! Writes a generated export to stdout: `gen-sample [TICKETS] [SEED]`.
//! `cargo run -p kpi-core --release --bin gen-sample > public/sample.json` rebuilds the embedded
//! sample (defaults: the embedded sample's size and seed).

use kpi_core::sample::{generate, SampleSpec, EMBEDDED};
use std::io::Write;

fn main() {
    let mut args = std::env::args().skip(1);
    let tickets = args
        .next()
        .and_then(|a| a.parse().ok())
        .unwrap_or(EMBEDDED.tickets);
    let seed = args
        .next()
        .and_then(|a| a.parse().ok())
        .unwrap_or(EMBEDDED.seed);
    let json = generate(SampleSpec { tickets, seed });
    if let Err(e) = std::io::stdout().write_all(json.as_bytes()) {
        eprintln!("gen-sample: {e}");
        std::process::exit(1);
    }
}
