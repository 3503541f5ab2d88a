//! A little SVG: the charts drawn without charts-rs (heatmap, sparkline), and what is added to a
//! charts-rs SVG after the fact — value labels written by the core's display rules with the
//! status shapes, and the band of the period's months on a trend. charts-rs writes every bar as a
//! `<rect … data-category="…">`, which is where those labels go.

use crate::font::FAMILY;
use std::fmt::Write;

/// Escapes text for an SVG text node or attribute value. Labels come from the user's file.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Controls (NUL included) and bidi overrides would garble the drawing.
            c if c.is_control() || ('\u{202A}'..='\u{202E}').contains(&c) => out.push('\u{FFFD}'),
            '\u{2066}'..='\u{2069}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// The width of `text` in the chart font at `size` px.
pub fn text_width(size: f32, text: &str) -> f32 {
    charts_rs::measure_text_width_family(FAMILY, size, text)
        .map(|b| b.width())
        .unwrap_or(text.chars().count() as f32 * size)
}

/// An SVG drawn by hand.
pub struct Svg {
    out: String,
}

impl Svg {
    pub fn new(width: f32, height: f32, background: &str) -> Svg {
        let mut out = String::new();
        let _ = write!(
            out,
            r#"<svg width="{width}" height="{height}" viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg"><rect x="0" y="0" width="{width}" height="{height}" fill="{background}"/>"#
        );
        Svg { out }
    }

    /// A rectangle; `data` are `data-*` attributes (name, value).
    pub fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, fill: &str, data: &[(&str, &str)]) {
        let _ = write!(
            self.out,
            r#"<rect x="{x:.1}" y="{y:.1}" width="{w:.1}" height="{h:.1}" fill="{fill}""#
        );
        for (k, v) in data {
            let _ = write!(self.out, r#" data-{k}="{}""#, escape(v));
        }
        self.out.push_str("/>");
    }

    pub fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, stroke: &str, dash: Option<&str>) {
        let dash = dash.map_or(String::new(), |d| format!(r#" stroke-dasharray="{d}""#));
        let _ = write!(
            self.out,
            r#"<line x1="{x1:.1}" y1="{y1:.1}" x2="{x2:.1}" y2="{y2:.1}" stroke="{stroke}"{dash}/>"#
        );
    }

    /// Text at (x, y) on its baseline; `anchor` is `start`, `middle` or `end`.
    pub fn text(&mut self, x: f32, y: f32, size: f32, fill: &str, anchor: &str, text: &str) {
        self.text_weighted(x, y, size, fill, anchor, text, false);
    }

    #[allow(clippy::too_many_arguments)]
    pub fn text_weighted(
        &mut self,
        x: f32,
        y: f32,
        size: f32,
        fill: &str,
        anchor: &str,
        text: &str,
        bold: bool,
    ) {
        let weight = if bold { r#" font-weight="bold""# } else { "" };
        let _ = write!(
            self.out,
            r#"<text x="{x:.1}" y="{y:.1}" font-size="{size}" font-family="{FAMILY}" fill="{fill}" text-anchor="{anchor}"{weight}>{}</text>"#,
            escape(text)
        );
    }

    pub fn raw(&mut self, markup: &str) {
        self.out.push_str(markup);
    }

    pub fn finish(mut self) -> String {
        self.out.push_str("</svg>");
        self.out
    }
}

/// Standard base64 (RFC 4648, with padding).
fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (i, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(char::from(ABC[((n >> shift) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The SVG after its opening tag, and that tag; `None` if it has none.
fn split_open(svg: &str) -> Option<(&str, &str)> {
    let start = svg.find("<svg")?;
    let end = start + svg[start..].find('>')? + 1;
    Some((&svg[..end], &svg[end..]))
}

/// An SVG that carries its font: for drawing it as an image (a PNG export), which cannot use
/// the page's fonts. The font is the chart font the text was measured with.
pub fn with_font(svg: &str, font: &[u8]) -> String {
    let Some((open, rest)) = split_open(svg) else {
        return svg.to_string();
    };
    format!(
        r#"{open}<defs><style>@font-face{{font-family:"{FAMILY}";src:url(data:font/ttf;base64,{})}}</style></defs>{rest}"#,
        base64(font)
    )
}

/// An SVG for a file: the chart font first, then the common Chinese system fonts, for readers
/// that do not have it.
pub fn for_file(svg: &str) -> String {
    let Some((open, rest)) = split_open(svg) else {
        return svg.to_string();
    };
    format!(
        r#"{open}<style>text{{font-family:"{FAMILY}","Microsoft YaHei","PingFang SC","Noto Sans SC",sans-serif}}</style>{rest}"#
    )
}

/// The width and height an SVG declares on its root.
pub fn size(svg: &str) -> Option<(f32, f32)> {
    let (open, _) = split_open(svg)?;
    let attr = |name: &str| -> Option<f32> {
        let at = open.find(&format!(" {name}=\""))? + name.len() + 3;
        let end = at + open[at..].find('"')?;
        open[at..end].trim_end_matches("px").parse().ok()
    };
    Some((attr("width")?, attr("height")?))
}

/// A bar as charts-rs drew it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bar {
    pub x: f32,
    pub y: f32,
    pub width: f32,
    pub height: f32,
}

/// The bars of a charts-rs SVG (the `<rect>`s that carry `data-category`), in drawing order.
pub fn bars(svg: &str) -> Vec<Bar> {
    let mut out = Vec::new();
    let mut rest = svg;
    while let Some(start) = rest.find("<rect ") {
        let tail = &rest[start..];
        let end = tail.find('>').unwrap_or(tail.len());
        let tag = &tail[..end];
        if tag.contains("data-category=") {
            let num = |name: &str| -> Option<f32> {
                let key = format!(" {name}=\"");
                let at = tag.find(&key)? + key.len();
                let len = tag[at..].find('"')?;
                tag[at..at + len].parse().ok()
            };
            if let (Some(x), Some(y), Some(width), Some(height)) =
                (num("x"), num("y"), num("width"), num("height"))
            {
                out.push(Bar {
                    x,
                    y,
                    width,
                    height,
                });
            }
        }
        rest = &tail[end..];
    }
    out
}

/// Adds markup just before `</svg>`.
pub fn append(svg: &str, extra: &str) -> String {
    match svg.rfind("</svg>") {
        Some(end) => format!("{}{extra}{}", &svg[..end], &svg[end..]),
        None => svg.to_string(),
    }
}

/// Adds markup just after the background `<rect>` (drawn under everything else).
pub fn underlay(svg: &str, extra: &str) -> String {
    let Some(rect) = svg.find("<rect ") else {
        return svg.to_string();
    };
    let Some(end) = svg[rect..].find("/>") else {
        return svg.to_string();
    };
    let at = rect + end + 2;
    format!("{}{extra}{}", &svg[..at], &svg[at..])
}

/// Writes `labels` above the bars (one per bar, in drawing order; empty strings are skipped),
/// centred, in `size` px — smaller if a label is wider than its bar's slot, and none at all if
/// even 70 % of the size does not fit (the table has every figure).
pub fn label_bars(svg: &str, labels: &[String], size: f32, color: &str) -> String {
    label_bars_with(svg, labels, size, color, &[])
}

/// As [`label_bars`], but a label goes inside the top of its bar, in `inside[i]`'s colour, when
/// the bar is tall enough: a goal line drawn across the bars then never runs through a label.
pub fn label_bars_with(
    svg: &str,
    labels: &[String],
    size: f32,
    color: &str,
    inside: &[&str],
) -> String {
    let bars = bars(svg);
    let slot = |i: usize| -> f32 {
        let b = bars[i];
        // The gap to the next bar counts as room (bars are drawn with a margin on each side).
        match bars.get(i + 1) {
            Some(n) if n.x > b.x => n.x - b.x,
            _ => b.width * 1.3,
        }
    };
    let original = size;
    let mut size = size;
    let widest = |size: f32| {
        labels
            .iter()
            .enumerate()
            .filter(|(i, _)| *i < bars.len())
            .map(|(i, l)| text_width(size, l) / slot(i).max(1.0))
            .fold(0.0, f32::max)
    };
    let ratio = widest(size);
    if ratio > 0.96 {
        // Text width is proportional to its size.
        size = (size * 0.96 / ratio).floor();
        if size < original * 0.7 {
            return svg.to_string();
        }
    }
    let mut extra = String::new();
    for (i, (bar, label)) in bars.iter().zip(labels).enumerate() {
        if label.is_empty() {
            continue;
        }
        let (y, fill) = match inside.get(i) {
            Some(ink) if bar.height > size * 1.8 => (bar.y + size * 1.25, *ink),
            _ => (bar.y - size * 0.35, color),
        };
        let _ = write!(
            extra,
            r#"<text x="{:.1}" y="{y:.1}" font-size="{size}" font-family="{FAMILY}" fill="{fill}" text-anchor="middle">{}</text>"#,
            bar.x + bar.width / 2.0,
            escape(label)
        );
    }
    append(svg, &extra)
}

/// The attributes that name what a click on a chart's part filters (the page reads them).
const CLICK_TARGETS: [&str; 2] = [" data-category=\"", " data-district=\""];

/// Makes each part that filters on a click (it carries `data-category` or `data-district`)
/// take focus as a button named "<its value> · <hint>". Done here, where the SVG is written, so
/// the page does not walk the chart's elements after every drawing.
pub fn focusable(svg: &str, hint: &str) -> String {
    let hint = escape(hint);
    let mut out = String::with_capacity(svg.len() + svg.len() / 8);
    let mut rest = svg;
    while let Some(open) = rest.find('<') {
        let close = rest[open..].find('>').map_or(rest.len(), |e| open + e + 1);
        let tag = &rest[open..close];
        // The value as written (already escaped), after the first attribute the tag has.
        let value = CLICK_TARGETS.iter().find_map(|key| {
            let at = tag.find(key)? + key.len();
            let len = tag[at..].find('"')?;
            Some((at + len + 1, &tag[at..at + len]))
        });
        out.push_str(&rest[..open]);
        match value {
            Some((end, name)) => {
                out.push_str(&tag[..end]);
                out.push_str(&format!(
                    r#" tabindex="0" role="button" aria-label="{name} · {hint}""#
                ));
                out.push_str(&tag[end..]);
            }
            None => out.push_str(tag),
        }
        rest = &rest[close..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_text_is_text() {
        assert_eq!(
            escape("<img src=x onerror=\"a\">&\u{202E}\0"),
            "&lt;img src=x onerror=&quot;a&quot;&gt;&amp;\u{FFFD}\u{FFFD}"
        );
    }

    #[test]
    fn bars_are_found_in_drawing_order() {
        let svg = r##"<svg><rect x="0" y="0" width="9" height="9" fill="#fff"/><rect x="35" y="197.6" width="87.9" height="107.4" fill="#0072B2" data-series="s" data-category="a"/><rect x="132.9" y="107.1" width="87.9" height="197.9" data-category="b"/></svg>"##;
        let found = bars(svg);
        assert_eq!(found.len(), 2);
        assert_eq!(found[1].x, 132.9);
        assert_eq!(found[0].height, 107.4);
        assert!(underlay(svg, "<g/>")
            .starts_with(r##"<svg><rect x="0" y="0" width="9" height="9" fill="#fff"/><g/>"##));
        assert!(append(svg, "<g/>").ends_with("<g/></svg>"));
    }

    #[test]
    fn click_targets_take_focus_once_with_their_name() {
        let svg = r#"<svg><rect x="1"/><rect data-category="A &amp; B" data-district="X" x="2"/><g data-district="FC"><text>F</text></g></svg>"#;
        assert_eq!(
            focusable(svg, "click <here>"),
            r#"<svg><rect x="1"/><rect data-category="A &amp; B" tabindex="0" role="button" aria-label="A &amp; B · click &lt;here&gt;" data-district="X" x="2"/><g data-district="FC" tabindex="0" role="button" aria-label="FC · click &lt;here&gt;"><text>F</text></g></svg>"#
        );
        assert_eq!(focusable("no tags", "h"), "no tags");
        assert_eq!(
            focusable("<cut data-category=\"a", "h"),
            "<cut data-category=\"a"
        );
    }
}

#[cfg(test)]
mod file_tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn the_font_goes_right_after_the_opening_tag() {
        let svg = r#"<svg width="2" height="1"><text>甲</text></svg>"#;
        assert_eq!(
            with_font(svg, b"foo"),
            r#"<svg width="2" height="1"><defs><style>@font-face{font-family:"Noto Sans CJK SC";src:url(data:font/ttf;base64,Zm9v)}</style></defs><text>甲</text></svg>"#
        );
        assert!(for_file(svg).starts_with(r#"<svg width="2" height="1"><style>text{font-family:"Noto Sans CJK SC","Microsoft YaHei""#));
        assert_eq!(with_font("no svg", b"x"), "no svg");
        assert_eq!(size(svg), Some((2.0, 1.0)));
        assert_eq!(
            size(r#"<svg viewBox="0 0 1 1" width="1920.5" height="640">"#),
            Some((1920.5, 640.0))
        );
    }
}
