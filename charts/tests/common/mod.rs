//! Shared by the golden tests: the font, the `small.json` fixture's reports, and the comparison
//! against `tests/golden/<name>.svg` (`UPDATE_GOLDEN=1` rewrites them).
#![allow(dead_code)]

use kpi_charts::{font, Chart};
use kpi_core::dataset::Dataset;
use kpi_core::link::LinkState;
use kpi_core::load::load;
use kpi_core::report::{report, Report};
use std::path::PathBuf;
use std::sync::OnceLock;

pub struct Data {
    pub ds: Dataset,
    /// The first screen: October 2026 against September.
    pub month: Report,
    /// The whole file.
    pub all: Report,
    /// October, districts TC and XH selected, compared with October a year earlier.
    pub selected: Report,
}

pub fn font_bytes() -> Vec<u8> {
    std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../public/fonts/NotoSansSC-subset.ttf"
    ))
    .expect("font")
}

/// The font registered and `small.json` loaded, with its reports.
pub fn setup() -> &'static Data {
    static DATA: OnceLock<Data> = OnceLock::new();
    DATA.get_or_init(|| {
        font::register(&font_bytes()).expect("font registers");
        let fixtures = std::env::var_os("KPI_FIXTURES").map_or_else(
            || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/data/fixtures"),
            PathBuf::from,
        );
        let bytes = std::fs::read(fixtures.join("small.json")).expect("small.json");
        let ds = load(&bytes).unwrap().dataset;
        let at = |q: &str| report(&ds, &LinkState::parse(q).0.resolve(&ds).0);
        Data {
            month: at(""),
            all: at("preset=all"),
            selected: at("district=TC,XH&compare=yoy"),
            ds,
        }
    })
}

pub fn check(name: &str, chart: &Chart) {
    let svg = chart
        .svg
        .as_deref()
        .unwrap_or_else(|| panic!("{name}: no svg ({:?})", chart.error));
    assert!(
        svg.contains(&format!("font-family=\"{}\"", font::FAMILY)),
        "{name}: CJK font family"
    );
    assert!(!chart.table.rows.is_empty(), "{name}: table alternative");
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(format!("{name}.svg"));
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, svg).unwrap();
        return;
    }
    let golden = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "{} missing: run UPDATE_GOLDEN=1 cargo test -p kpi-charts",
            path.display()
        )
    });
    assert!(
        golden == svg,
        "{name}: SVG differs from {}; if intended, UPDATE_GOLDEN=1",
        path.display()
    );
}
