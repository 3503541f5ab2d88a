//! Shared by the golden tests: the font, the `small.json` fixture's report, and the comparison
//! against `tests/golden/<name>.svg` (`UPDATE_GOLDEN=1` rewrites them).

use kpi_charts::{font, Chart};
use kpi_core::filter::Filter;
use kpi_core::load::{load, Loaded};
use kpi_core::report::{report, Compare, Report};
use std::path::PathBuf;
use std::sync::OnceLock;

/// The font registered and `small.json` loaded, with its whole-file report.
pub fn setup() -> &'static (Loaded, Report) {
    static DATA: OnceLock<(Loaded, Report)> = OnceLock::new();
    DATA.get_or_init(|| {
        let otf = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../public/fonts/NotoSansSC-subset.otf"
        ))
        .expect("font");
        font::register(&otf).expect("font registers");
        let fixtures = std::env::var_os("KPI_FIXTURES").map_or_else(
            || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/data/fixtures"),
            PathBuf::from,
        );
        let loaded = load(std::fs::read(fixtures.join("small.json")).expect("small.json")).unwrap();
        let r = report(&loaded.dataset, None, &Filter::default(), Compare::Previous);
        (loaded, r)
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
