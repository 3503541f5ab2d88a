//! The breadcrumb of a file with a hierarchy (省 → 市 → 县 → 供电所): where the rankings are,
//! and the way back up. A click on a unit's row or bar drills down (`LinkState::pick`); a crumb
//! climbs back (`LinkState::climb`). Files without a hierarchy show nothing.

use crate::i18n::{t, Msg};
use crate::state::use_dash;
use kpi_core::hierarchy::{breadcrumb, has_hierarchy};
use leptos::prelude::*;

#[component]
pub fn Breadcrumb() -> impl IntoView {
    let dash = use_dash();
    let (nav, lang) = (dash.nav, dash.lang);
    // (unit code, name, is the crumb on show), top first.
    let crumbs = Memo::new(move |_| {
        let s = dash.summary.get()?;
        let a = dash.answer.get()?;
        if !has_hierarchy(&s.info) {
            return None;
        }
        let path = breadcrumb(&s.info, a.report.unit);
        let last = path.len().saturating_sub(1);
        Some(
            path.into_iter()
                .enumerate()
                .filter_map(|(i, (u, name))| {
                    let code = s.info.units.get(usize::from(u))?.code.clone();
                    Some((code, name, i == last))
                })
                .collect::<Vec<_>>(),
        )
    });
    move || {
        let crumbs = crumbs.get()?;
        let lang = lang.get();
        let top = crumbs
            .is_empty()
            .then(|| view! { <li aria-current="page">{t(lang, Msg::TopUnits)}</li> });
        let first = crumbs.first().map(|c| c.0.clone());
        let items = crumbs
            .into_iter()
            .map(|(code, name, current)| {
                let testid = format!("breadcrumb-{code}");
                if current {
                    view! { <li aria-current="page" data-testid=testid>{name}</li> }.into_any()
                } else {
                    // The first crumb is the level a link without `unit` shows.
                    let target = (Some(&code) != first.as_ref()).then_some(code);
                    view! {
                        <li>
                            <button
                                class="link-button"
                                data-testid=testid
                                on:click=move |_| nav.update(false, |l| l.climb(target.as_deref()))
                            >
                                {name}
                            </button>
                        </li>
                    }
                    .into_any()
                }
            })
            .collect_view();
        Some(view! {
            <nav class="breadcrumb" aria-label=t(lang, Msg::LevelShown) data-testid="breadcrumb">
                <span class="breadcrumb-label">{t(lang, Msg::LevelShown)}</span>
                <ol>{top}{items}</ol>
            </nav>
        })
    }
}
