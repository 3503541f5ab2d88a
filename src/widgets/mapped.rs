//! The note above a dashboard whose file was mapped: what was read and converted, and the way
//! back to the mapping step, the mapping and the converted data. Every figure below it comes
//! from that conversion, so it is never hidden while the file is on show.

use crate::browser;
use crate::i18n::{mapped_file_name, mapped_line, t, Msg};
use crate::state::use_dash;
use leptos::prelude::*;

#[component]
pub fn MappedBanner() -> impl IntoView {
    let dash = use_dash();
    let (intake, lang) = (dash.intake, dash.lang);
    move || {
        let lang = lang.get();
        intake.shown_mapped().map(|m| {
            let c = &m.conversion;
            let name = m.source.name().to_string();
            let line = mapped_line(lang, &name, c.rows, c.tickets, c.not_converted);
            let (json, mapping_name) = (c.json.clone(), mapped_file_name(lang, &name, true));
            let (export, export_name) = (m.export.clone(), mapped_file_name(lang, &name, false));
            view! {
                <section class="mapped-banner" data-testid="mapping-banner" data-rows=c.rows.to_string() data-not-converted=c.not_converted.to_string()>
                    <p>{line}</p>
                    <div class="mapped-actions">
                        <button class="button" data-testid="mapping-edit" on:click=move |_| intake.edit()>
                            {t(lang, Msg::EditMapping)}
                        </button>
                        <button
                            class="button"
                            data-testid="mapping-download-mapping"
                            on:click=move |_| {
                                if let Err(e) = browser::download(&mapping_name, "application/json", json.as_bytes()) {
                                    leptos::logging::error!("download failed: {e:?}");
                                }
                            }
                        >
                            {t(lang, Msg::DownloadMapping)}
                        </button>
                        <button
                            class="button"
                            data-testid="mapping-download-export"
                            on:click=move |_| {
                                if let Err(e) = browser::download_blob(&export_name, &export) {
                                    leptos::logging::error!("download failed: {e:?}");
                                }
                            }
                        >
                            {t(lang, Msg::DownloadExport)}
                        </button>
                    </div>
                </section>
            }
        })
    }
}
