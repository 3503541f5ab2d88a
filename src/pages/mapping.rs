//! The mapping step: a file that is not a v1 export, as the mapper read it. For each field the
//! column found and how, five samples and how they read; the timezone, date order, "now" and
//! defaults; the file's kind, tier and satisfaction words and what each maps to; the districts
//! with their area and customers; every assumption, stated; and one confirm button
//! (`mapping-apply`), enabled once no question is left.
//!
//! The worker holds the mapping: every control sends a change and the page is drawn again from
//! the view that comes back. Values from the file are text nodes, never markup.

use crate::browser;
use crate::i18n::{exported_at_default, mapping_file_line, offset_label, sheet_place, t, Msg};
use crate::state::{use_dash, Intake, Shared};
use kpi_core::domain::{Area, Kind, Tier};
use kpi_core::i18n::Lang;
use kpi_mapper::protocol::{Change, Given, MappingView, Origin, Place, RoleRow, Word};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The timezone menu: every half hour from −12:00 to +14:00 (and the value chosen, if it is
/// between them).
fn offsets(chosen: i32) -> Vec<i32> {
    let mut all: Vec<i32> = (-24..=28).map(|half| half * 30).collect();
    if !all.contains(&chosen) {
        all.push(chosen);
        all.sort_unstable();
    }
    all
}

fn first_file(ev: &leptos::ev::Event) -> Option<web_sys::File> {
    let input: web_sys::HtmlInputElement = event_target(ev);
    let file = input.files().and_then(|f| f.get(0));
    input.set_value("");
    file
}

#[component]
pub fn MappingPage() -> impl IntoView {
    let dash = use_dash();
    let (intake, lang) = (dash.intake, dash.lang);
    let step = intake.step;
    let view =
        Memo::new(move |_| step.with(|s| s.as_ref().and_then(|s| s.view.clone()).map(Shared)));
    let busy = move || step.with(|s| s.as_ref().is_some_and(|s| s.busy));
    let seq = move || step.with(|s| s.as_ref().map_or(0, |s| s.seq)).to_string();
    let refusal = move || {
        step.with(|s| s.as_ref().and_then(|s| s.refusal.clone()))
            .map(|r| view! { <p class="error" role="alert" data-testid="mapping-refusal">{r.get(lang.get()).to_string()}</p> })
    };
    let body = move || {
        let lang = lang.get();
        view.get().map(|v| {
            view! {
                {head(&v, lang, intake)}
                {roles(&v, lang, intake)}
                {settings(&v, lang, intake)}
                {words(&v, lang, intake)}
                {districts(&v, lang, intake)}
                {assumptions(&v, lang)}
                {actions(&v, lang, intake)}
            }
        })
    };
    view! {
        <main class="page mapping-page" data-testid="mapping-page" data-busy=move || busy().to_string() data-seq=seq>
            <p class="mapping-working" aria-live="polite">
                {move || busy().then(|| t(lang.get(), Msg::Working))}
            </p>
            {body}
            {refusal}
        </main>
    }
}

fn head(v: &MappingView, lang: Lang, intake: Intake) -> impl IntoView {
    let f = &v.file;
    let sheets = (f.sheets.len() > 1).then(|| {
        let options = f
            .sheets
            .iter()
            .map(|name| {
                let selected = f.sheet.as_deref() == Some(name.as_str());
                view! { <option value=name.clone() selected=selected>{name.clone()}</option> }
            })
            .collect_view();
        view! {
            <label class="field">
                <span>{t(lang, Msg::Worksheet)}</span>
                <select
                    data-testid="mapping-sheet"
                    on:change=move |ev| intake.change(Change::Sheet { name: event_target_value(&ev) }, None)
                >
                    {options}
                </select>
            </label>
        }
    });
    // Text files only: what the detection chose, for the manager to correct when the samples
    // come out garbled or in one column.
    let text_file = matches!(f.kind.as_str(), "csv" | "json" | "ndjson");
    let encoding = text_file.then(|| {
        let chosen = f.encoding.clone().unwrap_or_default();
        let options = [
            ("utf8", Msg::EncodingUtf8),
            ("gb18030", Msg::EncodingGbk),
            ("utf16", Msg::EncodingUtf16),
        ]
        .into_iter()
        .map(|(code, msg)| view! { <option value=code selected=chosen == code>{t(lang, msg)}</option> })
        .collect_view();
        view! {
            <label class="field">
                <span>{t(lang, Msg::EncodingField)}</span>
                <select
                    data-testid="mapping-encoding"
                    on:change=move |ev| intake.change(Change::Encoding { code: event_target_value(&ev) }, None)
                >
                    {options}
                </select>
            </label>
        }
    });
    let delimiter = (f.kind == "csv").then(|| {
        let chosen = f.delimiter;
        let options = [
            (',', "comma", Msg::DelimiterComma),
            (';', "semicolon", Msg::DelimiterSemicolon),
            ('\t', "tab", Msg::DelimiterTab),
        ]
        .into_iter()
        .map(|(c, code, msg)| view! { <option value=code selected=chosen == Some(c)>{t(lang, msg)}</option> })
        .collect_view();
        view! {
            <label class="field">
                <span>{t(lang, Msg::DelimiterField)}</span>
                <select
                    data-testid="mapping-delimiter"
                    on:change=move |ev| {
                        let delimiter = match event_target_value(&ev).as_str() {
                            "semicolon" => ';',
                            "tab" => '\t',
                            _ => ',',
                        };
                        intake.change(Change::Delimiter { delimiter }, None);
                    }
                >
                    {options}
                </select>
            </label>
        }
    });
    let notes = v
        .notes
        .iter()
        .map(|n| view! { <li data-testid="mapping-note">{n.get(lang).to_string()}</li> })
        .collect_view();
    view! {
        <header class="mapping-head">
            <h2>{t(lang, Msg::MappingTitle)}</h2>
            <p class="mapping-file">
                <strong class="mono">{f.name.clone()}</strong>
                " · "
                <span data-testid="mapping-file">{mapping_file_line(lang, &f.kind, f.rows, f.header_row)}</span>
            </p>
            <p class="hint">{t(lang, Msg::MappingIntro)}</p>
            <div class="mapping-file-choices">
                {sheets}
                {encoding}
                {delimiter}
                <label class="field">
                    <span>{t(lang, Msg::HeaderRow)}</span>
                    <input
                        type="number"
                        min="1"
                        data-testid="mapping-header-row"
                        prop:value=f.header_row.to_string()
                        on:change=move |ev| {
                            let row = event_target_value(&ev).trim().parse::<u64>().ok().filter(|r| *r >= 1);
                            intake.change(Change::HeaderRow { row }, None);
                        }
                    />
                </label>
            </div>
            {(!v.notes.is_empty()).then(|| view! { <ul class="mapping-notes">{notes}</ul> })}
        </header>
    }
}

fn role_row(r: &RoleRow, v: &MappingView, lang: Lang, intake: Intake) -> impl IntoView {
    let code = r.code.clone();
    let none_selected = r.column.is_none();
    let options = v
        .file
        .columns
        .iter()
        .map(|c| {
            let selected = r.column == Some(c.index);
            let label = format!("{} · {}", c.letter, c.header);
            view! { <option value=c.index.to_string() selected=selected>{label}</option> }
        })
        .collect_view();
    let samples = r
        .samples
        .iter()
        .map(|s| {
            let (ok, reading) = match &s.reading {
                Ok(value) => (true, value.clone()),
                Err(why) => (false, why.get(lang).to_string()),
            };
            let place = sheet_place(lang, Place::Row, s.row);
            view! {
                <li class="sample" class:bad=!ok data-testid="mapping-sample" data-ok=ok.to_string() data-row=s.row.to_string()>
                    <span class="raw mono">{s.raw.clone()}</span>
                    <span class="arrow" aria-hidden="true">"→"</span>
                    <span class="reading" title=reading.clone()>{reading.clone()}</span>
                    <span class="place">{place}</span>
                </li>
            }
        })
        .collect_view();
    let role_for_change = code.clone();
    view! {
        <tr
            data-testid=format!("mapping-role-{code}")
            data-column=r.column.map(|c| c.to_string()).unwrap_or_default()
            data-header=r.header.clone().unwrap_or_default()
        >
            <th scope="row">
                {r.label.get(lang).to_string()}
                {r.required.then(|| view! { <span class="required" title=t(lang, Msg::Required)>" *"</span> })}
            </th>
            <td>
                <select
                    data-testid=format!("mapping-column-{code}")
                    on:change=move |ev| {
                        let column = event_target_value(&ev).parse::<usize>().ok();
                        intake.change(Change::Column { role: role_for_change.clone(), column }, None);
                    }
                >
                    <option value="" selected=none_selected>{t(lang, Msg::NoColumn)}</option>
                    {options}
                </select>
            </td>
            <td class="found" data-testid=format!("mapping-found-{code}")>
                {r.found.as_ref().map(|f| f.get(lang).to_string())}
            </td>
            <td>
                <ul class="samples">{samples}</ul>
            </td>
        </tr>
    }
}

fn roles(v: &MappingView, lang: Lang, intake: Intake) -> impl IntoView {
    let rows = v
        .roles
        .iter()
        .map(|r| role_row(r, v, lang, intake))
        .collect_view();
    view! {
        <section class="mapping-section mapping-roles">
            <div class="table-scroll">
                <table data-testid="mapping-roles">
                    <thead>
                        <tr>
                            <th scope="col">{t(lang, Msg::FieldHeading)}</th>
                            <th scope="col">{t(lang, Msg::ColumnHeading)}</th>
                            <th scope="col">{t(lang, Msg::FoundHeading)}</th>
                            <th scope="col">{t(lang, Msg::SamplesHeading)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}

fn settings(v: &MappingView, lang: Lang, intake: Intake) -> impl IntoView {
    let s = &v.settings;
    let zone = s.timezone_minutes;
    let zones = offsets(zone)
        .into_iter()
        .map(|m| view! { <option value=m.to_string() selected=m == zone>{offset_label(lang, m)}</option> })
        .collect_view();
    let order = s.date_order.clone().unwrap_or_default();
    let date_order = s.date_order_matters.then(|| {
        let option = |value: &'static str, msg: Msg| {
            view! { <option value=value selected=order == value>{t(lang, msg)}</option> }
        };
        view! {
            <label class="field">
                <span>{t(lang, Msg::DateOrder)}</span>
                <select
                    data-testid="mapping-date-order"
                    on:change=move |ev| {
                        let value = event_target_value(&ev);
                        let order = (!value.is_empty()).then_some(value);
                        intake.change(Change::DateOrder { order }, None);
                    }
                >
                    {option("", Msg::DateOrderUnset)}
                    {option("day_first", Msg::DayFirst)}
                    {option("month_first", Msg::MonthFirst)}
                </select>
            </label>
        }
    });
    let no_id_column = v.roles.iter().any(|r| r.code == "id" && r.column.is_none());
    let generate_ids = no_id_column.then(|| {
        view! {
            <label class="check">
                <input
                    type="checkbox"
                    data-testid="mapping-generate-ids"
                    prop:checked=s.generate_ids
                    on:change=move |ev| intake.change(Change::GenerateIds { on: event_target_checked(&ev) }, None)
                />
                {t(lang, Msg::GenerateIds)}
            </label>
        }
    });
    let default_kind = s.default_kind;
    let kinds = Kind::ALL
        .into_iter()
        .map(|k| view! { <option value=k.code() selected=default_kind == Some(k)>{k.label(lang)}</option> })
        .collect_view();
    let text_change = |make: fn(Option<String>) -> Change| {
        move |ev: leptos::ev::Event| {
            let value = event_target_value(&ev);
            intake.change(make((!value.trim().is_empty()).then_some(value)), None);
        }
    };
    view! {
        <section class="mapping-section mapping-settings">
            <h3>{t(lang, Msg::SettingsHeading)}</h3>
            <div class="mapping-grid">
                <label class="field">
                    <span>{t(lang, Msg::Timezone)}</span>
                    <select
                        data-testid="mapping-timezone"
                        on:change=move |ev| {
                            if let Ok(minutes) = event_target_value(&ev).parse::<i32>() {
                                intake.change(Change::Timezone { minutes }, None);
                            }
                        }
                    >
                        {zones}
                    </select>
                </label>
                {date_order}
                <label class="field">
                    <span>{t(lang, Msg::ExportedAt)}</span>
                    <input
                        type="text"
                        data-testid="mapping-exported-at"
                        placeholder=s.exported_at_default.clone().unwrap_or_default()
                        prop:value=s.exported_at.clone().unwrap_or_default()
                        on:change=text_change(|text| Change::ExportedAt { text })
                    />
                    <small class="hint" data-testid="mapping-exported-at-default">
                        {s.exported_at_default.as_deref().map(|at| exported_at_default(lang, at))}
                    </small>
                </label>
                <label class="field">
                    <span>{t(lang, Msg::DefaultKind)}</span>
                    <select
                        data-testid="mapping-default-kind"
                        on:change=move |ev| {
                            let kind = Kind::parse(&event_target_value(&ev));
                            intake.change(Change::DefaultKind { kind }, None);
                        }
                    >
                        <option value="" selected=default_kind.is_none()>{t(lang, Msg::NotImported)}</option>
                        {kinds}
                    </select>
                </label>
                <label class="field">
                    <span>{t(lang, Msg::DefaultDistrict)}</span>
                    <input
                        type="text"
                        data-testid="mapping-default-district"
                        placeholder=t(lang, Msg::DefaultDistrictEmpty)
                        prop:value=s.default_district.clone().unwrap_or_default()
                        on:change=text_change(|name| Change::DefaultDistrict { name })
                    />
                </label>
                <label class="field">
                    <span>{t(lang, Msg::OptionalOrganization)}</span>
                    <input
                        type="text"
                        data-testid="mapping-organization"
                        prop:value=s.organization.clone().unwrap_or_default()
                        on:change=text_change(|text| Change::Organization { text })
                    />
                </label>
            </div>
            {generate_ids}
        </section>
    }
}

/// A table of a column's words, each with a menu of what it maps to.
fn word_table<T: Copy + PartialEq + 'static>(
    words: &[Word<T>],
    lang: Lang,
    testid: &'static str,
    heading: Msg,
    choices: Vec<(String, String, T)>,
    send: fn(String, Option<T>) -> Change,
    intake: Intake,
) -> impl IntoView {
    let rows = words
        .iter()
        .map(|w| {
            let word = w.word.clone();
            let unknown = w.value.is_none();
            let options = choices
                .iter()
                .map(|(value, label, item)| {
                    let selected = w.value == Some(*item);
                    view! { <option value=value.clone() selected=selected>{label.clone()}</option> }
                })
                .collect_view();
            let lookup = choices.clone();
            view! {
                <tr class:ask=unknown data-chosen=w.chosen.to_string()>
                    <td class="mono">{w.word.clone()}</td>
                    <td class="num">{kpi_core::display::thousands(w.rows)}</td>
                    <td>
                        <select
                            data-testid=testid
                            data-word=w.word.clone()
                            on:change=move |ev| {
                                let value = event_target_value(&ev);
                                let item = lookup.iter().find(|c| c.0 == value).map(|c| c.2);
                                intake.change(send(word.clone(), item), None);
                            }
                        >
                            <option value="" selected=unknown>{t(lang, Msg::ChooseValue)}</option>
                            {options}
                        </select>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="mapping-words">
            <h4>{t(lang, heading)}</h4>
            <table>
                <thead>
                    <tr>
                        <th scope="col">{t(lang, Msg::ValueHeading)}</th>
                        <th scope="col" class="num">{t(lang, Msg::RowsHeading)}</th>
                        <th scope="col">{t(lang, Msg::MapsTo)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

fn words(v: &MappingView, lang: Lang, intake: Intake) -> impl IntoView {
    let kinds = (!v.kind_words.is_empty()).then(|| {
        let choices = Kind::ALL
            .into_iter()
            .map(|k| (k.code().to_string(), k.label(lang).to_string(), k))
            .collect();
        word_table(
            &v.kind_words,
            lang,
            "mapping-kind-word",
            Msg::KindWordsHeading,
            choices,
            |word, kind| Change::KindWord { word, kind },
            intake,
        )
    });
    let tiers = (!v.tier_words.is_empty()).then(|| {
        let choices = Tier::ALL
            .into_iter()
            .map(|tier| (tier.code().to_string(), tier.label(lang).to_string(), tier))
            .collect();
        word_table(
            &v.tier_words,
            lang,
            "mapping-tier-word",
            Msg::TierWordsHeading,
            choices,
            |word, tier| Change::TierWord { word, tier },
            intake,
        )
    });
    let scores = (!v.score_words.is_empty()).then(|| {
        let mut choices: Vec<(String, String, u8)> = (1..=5u8)
            .rev()
            .map(|s| (s.to_string(), s.to_string(), s))
            .collect();
        choices.push(("0".into(), t(lang, Msg::NoScore).to_string(), 0));
        word_table(
            &v.score_words,
            lang,
            "mapping-score-word",
            Msg::ScoreWordsHeading,
            choices,
            |word, score| Change::ScoreWord { word, score },
            intake,
        )
    });
    let any = !(v.kind_words.is_empty() && v.tier_words.is_empty() && v.score_words.is_empty());
    any.then(|| {
        view! {
            <section class="mapping-section mapping-word-tables">
                {kinds}
                {tiers}
                {scores}
            </section>
        }
    })
}

fn districts(v: &MappingView, lang: Lang, intake: Intake) -> impl IntoView {
    let rows = v
        .districts
        .iter()
        .map(|d| {
            let (name_area, name_customers) = (d.name.clone(), d.name.clone());
            let area = d.area;
            let areas = Area::ALL
                .into_iter()
                .map(|a| view! { <option value=a.code() selected=a == area>{a.label(lang)}</option> })
                .collect_view();
            view! {
                <tr>
                    <td>{d.name.clone()}</td>
                    <td class="num">{kpi_core::display::thousands(d.rows)}</td>
                    <td>
                        <select
                            data-testid="mapping-area"
                            data-district=d.name.clone()
                            on:change=move |ev| {
                                if let Some(area) = Area::parse(&event_target_value(&ev)) {
                                    intake.change(Change::Area { district: name_area.clone(), area }, None);
                                }
                            }
                        >
                            {areas}
                        </select>
                    </td>
                    <td>
                        <input
                            type="number"
                            min="0"
                            step="1"
                            inputmode="numeric"
                            data-testid="mapping-customers"
                            data-district=d.name.clone()
                            prop:value=d.customers.map(|c| c.to_string()).unwrap_or_default()
                            on:change=move |ev| {
                                let text = event_target_value(&ev);
                                let text = text.trim();
                                let customers = match text.parse::<u64>() {
                                    Ok(n) => Some(n),
                                    Err(_) if text.is_empty() => None,
                                    Err(_) => return,
                                };
                                intake.change(Change::Customers { district: name_customers.clone(), customers }, None);
                            }
                        />
                    </td>
                </tr>
            }
        })
        .collect_view();
    let count = v.districts.len();
    // A long list starts folded: 167 neighbourhoods would push the assumptions off screen.
    let open = count <= 12;
    view! {
        <section class="mapping-section mapping-districts">
            <details open=open>
                <summary>
                    <h3>{t(lang, Msg::DistrictsHeading)}{format!(" ({count})")}</h3>
                </summary>
                <p class="hint">{t(lang, Msg::DistrictsHint)}</p>
                <label class="button">
                    {t(lang, Msg::CustomersFile)}
                    <input
                        type="file"
                        accept=".csv,.tsv,.txt,.xlsx,.xls"
                        data-testid="mapping-customers-file"
                        on:change=move |ev| {
                            if let Some(file) = first_file(&ev) {
                                intake.change(Change::CustomersFile { name: file.name() }, Some(&file));
                            }
                        }
                    />
                </label>
                <div class="table-scroll">
                    <table data-testid="mapping-districts">
                        <thead>
                            <tr>
                                <th scope="col">{t(lang, Msg::District)}</th>
                                <th scope="col" class="num">{t(lang, Msg::RowsHeading)}</th>
                                <th scope="col">{t(lang, Msg::Area)}</th>
                                <th scope="col">{t(lang, Msg::Customers)}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            </details>
        </section>
    }
}

fn assumptions(v: &MappingView, lang: Lang) -> impl IntoView {
    let items = v
        .assumptions
        .iter()
        .map(|a| {
            view! {
                <li
                    class:ask=a.needs_answer
                    data-testid="mapping-assumption"
                    data-code=a.code.clone()
                    data-needs-answer=a.needs_answer.to_string()
                >
                    {a.text.get(lang).to_string()}
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="mapping-section mapping-assumptions">
            <h3>{t(lang, Msg::AssumptionsHeading)}</h3>
            <ul data-testid="mapping-assumptions">{items}</ul>
        </section>
    }
}

fn actions(v: &MappingView, lang: Lang, intake: Intake) -> impl IntoView {
    let ready = v.blocked.is_empty();
    let blocked = (!ready).then(|| {
        let items = v
            .blocked
            .iter()
            .map(|b| view! { <li>{b.get(lang).to_string()}</li> })
            .collect_view();
        view! {
            <div class="mapping-blocked" data-testid="mapping-blocked">
                <strong>{t(lang, Msg::AnswerFirst)}</strong>
                <ul>{items}</ul>
            </div>
        }
    });
    let json = v.json.clone();
    let name = v.file.name.clone();
    let has_dashboard = intake.has_dashboard();
    view! {
        <footer class="mapping-actions">
            {blocked}
            <div class="mapping-buttons">
                <button
                    class="button primary"
                    data-testid="mapping-apply"
                    disabled=!ready
                    on:click=move |_| intake.apply()
                >
                    {t(lang, Msg::ApplyMapping)}
                </button>
                {has_dashboard.then(|| view! {
                    <button class="button" data-testid="mapping-cancel" on:click=move |_| intake.cancel()>
                        {t(lang, Msg::Cancel)}
                    </button>
                })}
                <button
                    class="button"
                    data-testid="mapping-download"
                    on:click=move |_| {
                        let file = crate::i18n::mapped_file_name(lang, &name, true);
                        if let Err(e) = browser::download(&file, "application/json", json.as_bytes()) {
                            leptos::logging::error!("download failed: {e:?}");
                        }
                    }
                >
                    {t(lang, Msg::DownloadMapping)}
                </button>
                <label class="button">
                    {t(lang, Msg::ImportMapping)}
                    <input
                        type="file"
                        accept=".json,application/json"
                        data-testid="mapping-import"
                        on:change=move |ev| {
                            if let Some(file) = first_file(&ev) {
                                spawn_local(async move {
                                    if let Some(text) = browser::blob_text(&file).await {
                                        let given = Given { text, origin: Origin::Imported };
                                        intake.change(Change::Replace { given }, None);
                                    }
                                });
                            }
                        }
                    />
                </label>
            </div>
        </footer>
    }
}
