//! One panel per chart: title, the SVG (or "本期无数据", or the reason it could not be drawn), a
//! toggle to the same figures as a table, and click-to-filter on bars, cells and slices.

use crate::app::Nav;
use kpi_charts::Chart;
use kpi_core::i18n::Lang;
use kpi_core::link::Dimension;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Which filter a click on a chart element toggles: the element's `data-<attr>` holds a label,
/// which `values` maps to the value written in the link (a district name to its code).
#[derive(Clone)]
pub struct ClickFilter {
    pub dim: Dimension,
    pub attr: &'static str,
    pub values: Vec<(String, String)>,
}

#[component]
pub fn ChartPanel(
    chart: Chart,
    testid: String,
    lang: Signal<Lang>,
    #[prop(optional)] filter: Option<ClickFilter>,
    #[prop(optional)] wide: bool,
) -> impl IntoView {
    let nav = expect_context::<Nav>();
    let as_table = RwSignal::new(false);
    let Chart {
        title,
        svg,
        error,
        table,
    } = chart;
    let caption = title.clone();
    let caption_text = title.clone();
    let clickable = filter.is_some();
    let on_click = move |ev: leptos::ev::MouseEvent| {
        let Some(f) = &filter else { return };
        let Some(target) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        else {
            return;
        };
        let Ok(Some(hit)) = target.closest(&format!("[data-{}]", f.attr)) else {
            return;
        };
        let Some(label) = hit.get_attribute(&format!("data-{}", f.attr)) else {
            return;
        };
        if let Some((_, value)) = f.values.iter().find(|(l, _)| *l == label) {
            let (dim, value) = (f.dim, value.clone());
            nav.update(false, |l| l.toggle(dim, &value));
        }
    };
    let body = move || {
        let lang = lang.get();
        if as_table.get() {
            let rows = table
                .rows
                .iter()
                .map(|r| view! { <tr>{r.iter().map(|c| view! { <td>{c.clone()}</td> }).collect_view()}</tr> })
                .collect_view();
            return view! {
                <div class="table-scroll">
                    <table class="chart-table" data-testid="chart-table">
                        <caption>{title.clone()}</caption>
                        <thead>
                            <tr>{table.headers.iter().map(|h| view! { <th scope="col">{h.clone()}</th> }).collect_view()}</tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            }
            .into_any();
        }
        match (&svg, &error) {
            (Some(svg), _) => view! {
                <div class="chart-svg" class:clickable=clickable inner_html=svg.clone() on:click=on_click.clone()></div>
            }
            .into_any(),
            (None, Some(e)) => view! {
                <p class="chart-title">{caption_text.clone()}</p>
                <p class="chart-error" role="alert">{lang.pick("无法绘制此图：", "This chart could not be drawn: ")}{e.clone()}</p>
            }
            .into_any(),
            (None, None) => view! {
                <p class="chart-title">{caption_text.clone()}</p>
                <p class="chart-empty" data-testid="empty-state">{lang.pick("本期无数据", "No data in this period")}</p>
            }
            .into_any(),
        }
    };
    view! {
        <figure class="chart-panel" class:wide=wide data-testid=testid.clone()>
            <figcaption>
                <span class="sr-only">{caption}</span>
                <button
                    class="link-button"
                    data-testid=format!("{testid}-toggle")
                    aria-pressed=move || as_table.get().to_string()
                    on:click=move |_| as_table.update(|t| *t = !*t)
                >
                    {move || {
                        let lang = lang.get();
                        if as_table.get() { lang.pick("显示图表", "Show chart") } else { lang.pick("显示表格", "Show table") }
                    }}
                </button>
            </figcaption>
            {body}
        </figure>
    }
}

/// Click-to-filter for charts whose categories are district names.
pub fn district_click_filter(ds: &kpi_core::dataset::Dataset) -> ClickFilter {
    ClickFilter {
        dim: Dimension::District,
        attr: "category",
        values: ds
            .districts
            .iter()
            .map(|d| (d.name.clone(), d.code.clone()))
            .collect(),
    }
}

/// Draws `render` once the chart font is registered (see `app::Fonts`); until then a short
/// note, and the reason if the font could not be had.
#[component]
pub fn ChartsWhenReady<F, V>(lang: Signal<Lang>, render: F) -> impl IntoView
where
    F: Fn(Lang) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let fonts = expect_context::<RwSignal<crate::app::Fonts>>();
    move || {
        let lang = lang.get();
        match fonts.get() {
            crate::app::Fonts::Ready => render(lang).into_any(),
            crate::app::Fonts::Loading => {
                view! { <p class="chart-empty">{lang.pick("图表加载中…", "Loading charts…")}</p> }
                    .into_any()
            }
            crate::app::Fonts::Failed(e) => view! {
                <p class="chart-error" role="alert">
                    {lang.pick("图表字体加载失败：", "The chart font could not be loaded: ")}{e}
                </p>
            }
            .into_any(),
        }
    }
}
