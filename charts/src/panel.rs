//! What a builder returns: the SVG, or why there is none, and the same figures as a table (the
//! accessible alternative, and the way to copy numbers).

/// The figures of a chart as rows of text.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// A built chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub title: String,
    /// The SVG; `None` when the view has no data (the panel shows "本期无数据").
    pub svg: Option<String>,
    /// Set when charts-rs refused the input (the panel shows it instead of a broken chart).
    pub error: Option<String>,
    pub table: Table,
}

impl Chart {
    /// A chart from a charts-rs render result.
    pub fn rendered(title: String, svg: charts_rs::Result<String>, table: Table) -> Chart {
        match svg {
            Ok(svg) => Chart {
                title,
                svg: Some(svg),
                error: None,
                table,
            },
            Err(e) => Chart {
                title,
                svg: None,
                error: Some(e.to_string()),
                table,
            },
        }
    }

    /// A chart with nothing to draw.
    pub fn empty(title: String, table: Table) -> Chart {
        Chart {
            title,
            svg: None,
            error: None,
            table,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.svg.is_none() && self.error.is_none()
    }
}

/// A figure as a chart value (charts-rs draws `f32`); undefined stays a gap.
pub fn point(value: Option<f64>) -> Option<f32> {
    value.filter(|v| v.is_finite()).map(|v| v as f32)
}

/// A figure as table text: the display rounding of `kpi_core::display`, "—" when undefined.
pub fn cell(unit: kpi_core::catalog::Unit, value: Option<f64>) -> String {
    kpi_core::display::number(unit, value)
}
