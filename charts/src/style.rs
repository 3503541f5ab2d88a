//! How a chart is drawn: its language, colour theme and size, and the colours with a meaning.
//!
//! The status colours are the one palette of the product: `style/main.css` declares the same
//! values as CSS variables (a test compares them). They differ in lightness as well as hue —
//! met light, near mid, missed dark — so they read on a projector and in greyscale, and each
//! status also has its shape (● ◆ ▲) wherever it is shown.

use crate::text::T;
use charts_rs::{AxisLabelOverflow, Box as Margin, ChartBase, YAxisConfig};
use kpi_core::domain::Members;
use kpi_core::i18n::Lang;
use kpi_core::status::Status;
use kpi_core::theme::Theme;

/// A chart's language, theme and size. `font` is the size of axis and value labels in px; titles
/// are a third larger.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Style {
    pub lang: Lang,
    pub theme: Theme,
    pub width: f32,
    pub height: f32,
    pub font: f32,
    /// Whether the chart writes its title (a slide writes it in its own header).
    pub headed: bool,
    /// What a ranking's rows are: headings say 区县 or 单位.
    pub members: Members,
}

impl Style {
    /// A panel on the dashboard page.
    pub fn panel(lang: Lang, theme: Theme) -> Style {
        Style {
            lang,
            theme,
            width: 720.0,
            height: 360.0,
            font: 13.0,
            headed: true,
            members: Members::Districts,
        }
    }

    /// A chart that fills a 1920 × 1080 slide below its header, with labels a room can read.
    pub fn slide(lang: Lang, theme: Theme) -> Style {
        Style {
            lang,
            theme,
            width: 1760.0,
            height: 760.0,
            font: 24.0,
            headed: false,
            members: Members::Districts,
        }
    }

    /// A chart drawn on a canvas the page measured.
    pub fn on(canvas: kpi_core::protocol::Canvas, lang: Lang, theme: Theme) -> Style {
        Style {
            lang,
            theme,
            width: canvas.width,
            height: canvas.height,
            font: canvas.font,
            headed: canvas.headed,
            members: Members::Districts,
        }
    }

    /// The same chart at another width, fonts scaled with it (an export ≥ 1920 px wide).
    pub fn scaled(self, width: f32) -> Style {
        let k = width / self.width;
        Style {
            width,
            height: self.height * k,
            font: self.font * k,
            ..self
        }
    }

    /// A text that may name the rows of a ranking: "各区县…", or "各单位…" one level up.
    pub fn term(&self, text: T) -> &'static str {
        crate::text::term(self.lang, self.members, text)
    }

    /// Height for a chart of `rows` rows (horizontal bars, heatmap, bullets).
    pub fn rows_height(&self, rows: usize, per_row: f32) -> f32 {
        self.font * 8.0 + per_row * self.font / 13.0 * rows as f32
    }

    /// A phone's width: labels are turned, month names shortened.
    pub fn narrow(&self) -> bool {
        self.width < 560.0
    }

    /// How category labels give way when they do not fit: as asked on a wide chart; names that
    /// would be cut with "…" are turned on a narrow one instead (cut, they would be unreadable).
    pub fn overflow(&self, wide: AxisLabelOverflow) -> AxisLabelOverflow {
        match wide {
            AxisLabelOverflow::Ellipsis if self.narrow() => AxisLabelOverflow::Rotate,
            other => other,
        }
    }

    pub fn title_size(&self) -> f32 {
        (self.font * 1.35).round()
    }

    /// Writes a hand-drawn chart's title at its top left, unless it is drawn unheaded (a slide
    /// says it in its own header).
    pub fn write_title(&self, s: &mut crate::svg::Svg, margin: f32, title: &str) {
        if self.headed {
            let size = self.title_size();
            s.text_weighted(
                margin,
                margin + size,
                size,
                self.palette().text,
                "start",
                title,
                true,
            );
        }
    }

    /// A secondary label's size, `k` of the text; never under 22 px on a slide, which is read
    /// from the back of a room.
    pub fn small(&self, k: f32) -> f32 {
        let size = self.font * k;
        if self.font >= 22.0 {
            size.max(22.0)
        } else {
            size
        }
    }

    /// The title a chart writes: none where the slide's header says it.
    pub fn heading(&self, title: &str) -> String {
        if self.headed {
            title.to_string()
        } else {
            String::new()
        }
    }

    /// Room above a hand-drawn chart for its title, `lines` title sizes high (none unheaded).
    pub fn title_room(&self, lines: f32) -> f32 {
        if self.headed {
            self.title_size() * lines
        } else {
            0.0
        }
    }

    pub fn palette(&self) -> Palette {
        Palette::of(self.theme)
    }
}

/// The colours of one theme.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Palette {
    pub background: &'static str,
    pub text: &'static str,
    pub muted: &'static str,
    pub grid: &'static str,
    /// Series colours: Okabe–Ito, told apart with the common colour-vision deficiencies.
    pub series: [&'static str; 8],
    /// The comparison period (环比 / 同比), drawn dashed.
    pub comparison: &'static str,
    /// A target line.
    pub target: &'static str,
    /// The months of the period on a trend.
    pub highlight: &'static str,
}

impl Palette {
    pub fn of(theme: Theme) -> Palette {
        match theme {
            Theme::Light => Palette {
                background: "#FFFFFF",
                text: "#1F2328",
                muted: "#5B6470",
                grid: "#E0E6F2",
                series: OKABE_ITO,
                comparison: "#7F8C99",
                target: "#1F2328",
                highlight: "#FFF3C4",
            },
            Theme::Dark => Palette {
                background: "#16191D",
                text: "#E6E8EB",
                muted: "#A9B0B8",
                grid: "#2E343B",
                series: [
                    "#56B4E9", "#E69F00", "#2BC99A", "#E08BC1", "#9AD3F5", "#FF7A3D", "#F0E442",
                    "#FFFFFF",
                ],
                comparison: "#AAB4BE",
                target: "#FFFFFF",
                highlight: "#3A3420",
            },
            Theme::Contrast => Palette {
                background: "#FFFFFF",
                text: "#000000",
                muted: "#000000",
                grid: "#9A9A9A",
                series: OKABE_ITO,
                comparison: "#000000",
                target: "#000000",
                highlight: "#FFE680",
            },
        }
    }
}

const OKABE_ITO: [&str; 8] = [
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000",
];

/// The fill of a status (bars, heatmap cells, badges).
pub fn status_fill(theme: Theme, status: Status) -> &'static str {
    match (theme, status) {
        (Theme::Dark, Status::Green) => "#9ED89A",
        (Theme::Dark, Status::Amber) => "#E08214",
        (Theme::Dark, Status::Red) => "#E34A33",
        (_, Status::Green) => "#A6DBA0",
        (_, Status::Amber) => "#D9822B",
        (_, Status::Red) => "#B2182B",
    }
}

/// Text drawn on a status fill.
pub fn status_ink(status: Status) -> &'static str {
    match status {
        Status::Green | Status::Amber => "#111111",
        Status::Red => "#FFFFFF",
    }
}

/// Five shades of a scale without a target, lightest (best) to darkest (worst), and the text
/// colour on each.
pub const LEVELS: [(&str, &str); 5] = [
    ("#EFF3FF", "#111111"),
    ("#BDD7E7", "#111111"),
    ("#6BAED6", "#111111"),
    ("#2171B5", "#FFFFFF"),
    ("#08306B", "#FFFFFF"),
];

/// A colour at 35 % opacity: a district or category that the filter does not select, drawn
/// faded rather than hidden.
pub fn faded(color: &str) -> String {
    format!("{}59", &color[..color.len().min(7)])
}

/// Sizes a charts-rs chart: width, height and every font, in the theme's colours.
pub fn apply(base: &mut ChartBase, y_axes: &mut [YAxisConfig], style: &Style) {
    let p = style.palette();
    base.width = style.width;
    base.height = style.height;
    base.background_color = p.background.into();
    base.title.font.size = style.title_size();
    base.title.font.color = p.text.into();
    base.sub_title.font.size = style.font;
    base.sub_title.font.color = p.muted.into();
    // charts-rs centres a title in its line height and drops the centring when the text is
    // taller than the line (the text then hangs above the top): lines grow with the text.
    base.title.height = base.title.height.max(style.title_size() * 1.4);
    base.sub_title.height = base.sub_title.height.max(style.font * 1.4);
    // Room between the titles and the plot, where the axis's top label sits.
    let below = Margin {
        bottom: style.font * 0.7,
        ..Margin::default()
    };
    base.title.margin = Some(below);
    base.sub_title.margin = Some(below);
    base.legend.font.size = style.font;
    base.legend.font.color = p.text.into();
    base.x_axis.font.size = style.font;
    // The axis's labels with their tick and gap: charts-rs keeps 30 px whatever the font.
    base.x_axis.height = base.x_axis.height.max(style.font * 1.5 + 8.0);
    base.x_axis.font.color = p.muted.into();
    base.x_axis.stroke_color = p.muted.into();
    base.grid.stroke_color = p.grid.into();
    base.series.label.font.size = style.font;
    base.series.label.font.color = p.text.into();
    base.series.colors = p.series.iter().map(|&c| c.into()).collect();
    // Lines as thick, relative to the text, on a slide as on a panel (2 px at 13 px).
    base.series.stroke_width = (style.font / 6.5).max(2.0);
    base.margin.left = style.font * 0.8;
    base.margin.right = style.font * 1.2;
    for axis in y_axes {
        axis.font.size = style.font;
        axis.font.color = p.muted.into();
        axis.stroke_color = p.grid.into();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Relative luminance (WCAG) of `#RRGGBB`.
    fn luminance(hex: &str) -> f64 {
        let c = |i: usize| {
            let v = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
            if v <= 0.03928 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * c(1) + 0.7152 * c(3) + 0.0722 * c(5)
    }

    #[test]
    fn statuses_differ_in_lightness_darker_is_worse() {
        for theme in [Theme::Light, Theme::Contrast, Theme::Dark] {
            let [g, a, r] = Status::ALL.map(|s| luminance(status_fill(theme, s)));
            assert!(
                g > a * 1.4 && a > r * 1.4,
                "{theme:?}: {g:.3} {a:.3} {r:.3}"
            );
        }
        for s in Status::ALL {
            let fill = luminance(status_fill(Theme::Light, s));
            let ink = luminance(status_ink(s));
            let ratio = (fill.max(ink) + 0.05) / (fill.min(ink) + 0.05);
            assert!(ratio >= 4.5, "{s:?}: contrast {ratio:.1}");
        }
        let levels: Vec<f64> = LEVELS.iter().map(|(c, _)| luminance(c)).collect();
        assert!(levels.windows(2).all(|w| w[0] > w[1]), "levels darken");
    }

    #[test]
    fn headings_name_units_one_level_up() {
        use crate::text::{t, T};
        let districts = Style::panel(Lang::Zh, Theme::Light);
        let units = Style {
            members: Members::Units,
            ..districts
        };
        for text in [
            T::ByDistrictPrefix,
            T::District,
            T::FadedNotSelected,
            T::HeatmapTitlePrefix,
            T::LeagueTitle,
            T::NoDistrictMisses,
            T::ScorecardsTitle,
            T::WorstDistrictsTitle,
        ] {
            assert_eq!(districts.term(text), t(Lang::Zh, text));
            assert!(districts.term(text).contains("区县"), "{text:?}");
            let unit = units.term(text);
            assert!(
                unit.contains("单位") && !unit.contains("区县"),
                "{text:?}: {unit}"
            );
            let en = Style {
                lang: Lang::En,
                ..units
            }
            .term(text)
            .to_lowercase();
            assert!(!en.contains("district"), "{text:?}: {en}");
        }
        assert_eq!(
            units.term(T::Area),
            t(Lang::Zh, T::Area),
            "other texts stay"
        );
        let league = crate::districts::league(&[], &units);
        assert_eq!(league.title, "各单位主要指标");
        assert_eq!(league.table.headers[0], "单位");
    }

    #[test]
    fn fading_keeps_the_hue() {
        assert_eq!(faded("#0072B2"), "#0072B259");
    }
}
