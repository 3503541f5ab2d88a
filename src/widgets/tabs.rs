//! One tab per view; a tab change is a history entry, so back/forward move between views. The
//! arrow keys move between tabs (WAI-ARIA tabs pattern).

use crate::i18n::view_label;
use crate::state::use_dash;
use kpi_core::link::View;
use leptos::prelude::*;

#[component]
pub fn Tabs() -> impl IntoView {
    let dash = use_dash();
    let nav = dash.nav;
    let go = move |v: View| nav.update(true, |l| l.view = v);
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let current = nav.link.with_untracked(|l| l.view);
        let i = View::ALL.iter().position(|&v| v == current).unwrap_or(0);
        let n = View::ALL.len();
        let next = match ev.key().as_str() {
            "ArrowRight" => (i + 1) % n,
            "ArrowLeft" => (i + n - 1) % n,
            "Home" => 0,
            "End" => n - 1,
            _ => return,
        };
        ev.prevent_default();
        if let Some(&v) = View::ALL.get(next) {
            go(v);
            focus_tab(v);
        }
    };
    let shown = nav.part(|l| l.view);
    let tabs = View::ALL
        .into_iter()
        .map(|v| {
            let active = move || shown.get() == v;
            view! {
                <button
                    class="tab"
                    class:active=active
                    role="tab"
                    id=format!("tab-{}", v.code())
                    aria-selected=move || active().to_string()
                    tabindex=move || if active() { "0" } else { "-1" }
                    data-testid=format!("tab-{}", v.code())
                    on:click=move |_| go(v)
                >
                    {move || view_label(dash.lang.get(), v)}
                </button>
            }
        })
        .collect_view();
    view! { <nav class="tabs" role="tablist" on:keydown=on_key>{tabs}</nav> }
}

fn focus_tab(v: View) {
    use wasm_bindgen::JsCast;
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(&format!("tab-{}", v.code())))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}
