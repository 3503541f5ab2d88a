//! The satisfaction view (being built; see the issue on charts).

use crate::app::{Computed, Session};
use kpi_core::i18n::Lang;
use leptos::prelude::*;
use std::sync::Arc;

#[component]
pub fn SatisfactionPage(
    session: Arc<Session>,
    computed: Arc<Computed>,
    lang: Signal<Lang>,
) -> impl IntoView {
    let _ = (&session, &computed, lang);
}
