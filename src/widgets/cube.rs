//! The note above a dashboard that shows a cube: what it aggregated, and what a cube cannot
//! show. Every figure below it comes from the cube's counts, so it stays while the cube is on
//! show.

use crate::i18n::cube_line;
use crate::state::use_dash;
use leptos::prelude::*;

#[component]
pub fn CubeBanner() -> impl IntoView {
    let dash = use_dash();
    let (summary, lang) = (dash.summary, dash.lang);
    move || {
        let lang = lang.get();
        summary.with(|s| {
            let s = s.as_ref()?;
            let cube = s.info.meta.cube.as_ref()?;
            let line = cube_line(lang, s.source.name(), cube);
            Some(view! {
                <section class="mapped-banner" data-testid="cube-banner" data-tickets=cube.tickets.to_string()>
                    <p>{line}</p>
                </section>
            })
        })
    }
}
