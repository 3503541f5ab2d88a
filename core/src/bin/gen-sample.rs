//! Writes a generated export to stdout: `gen-sample [TICKETS] [SEED] [MONTHS]`.
//! `cargo run -p kpi-core --release --bin gen-sample | gzip -9n > public/sample.json.gz` rebuilds
//! the embedded sample (defaults: the embedded sample's size, seed and months).

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
    let months = args
        .next()
        .and_then(|a| a.parse().ok())
        .unwrap_or(EMBEDDED.months);
    let json = generate(SampleSpec {
        tickets,
        seed,
        months,
    });
    if let Err(e) = std::io::stdout().write_all(json.as_bytes()) {
        eprintln!("gen-sample: {e}");
        std::process::exit(1);
    }
}
