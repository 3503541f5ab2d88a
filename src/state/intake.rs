//! Opening files: who reads a file, the mapping step, and what the link says once the file is on
//! show.
//!
//! A v1 export goes straight to the engine. Anything else — a workbook, CSV text, JSON records —
//! goes to the mapper: the mapping step is shown (or skipped, when a mapping confirmed before
//! for this very layout answers every question), the mapper writes a v1 export, and the engine
//! loads that like any other file, so the same record rules and load report apply. The rows
//! of the export's tickets in the manager's sheet are kept beside, for the load report.
//!
//! Nothing here replaces what is on show until the new file has loaded: the link (`file=`,
//! `map=`) and the browser's copy of a picked file change only then, and a file that cannot be
//! read, or a mapping step left with "cancel", leaves the dashboard as it was.

use super::files;
use super::mapper::{Mapper, Reply};
use super::session::Activity;
use super::{Engine, Nav};
use crate::browser;
use crate::i18n::{t, Msg};
use kpi_core::i18n::Lang;
use kpi_core::protocol::{Failure, Source};
use kpi_mapper::protocol::{
    named, route, Change, Conversion, Given, MappingView, Named, Origin, Request, Response, Route,
    Text,
};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::sync::Arc;
use wasm_bindgen::JsCast;

/// Bytes looked at to decide who opens a file.
const PREFIX_BYTES: usize = 64 << 10;

/// Where the file came from: it decides what the link says once the file is on show.
#[derive(Clone)]
pub enum Whence {
    /// Picked or dropped: kept by the browser, named in the link by `file=`.
    Local(web_sys::File),
    /// `?data=`: the link names it already.
    Link,
}

/// The mapping step on show.
#[derive(Clone)]
pub struct Step {
    /// The read that opened it: answers to an older step are dropped.
    pub id: u64,
    pub source: Source,
    /// `None` while the file is read.
    pub view: Option<Arc<MappingView>>,
    /// A change or the conversion is under way.
    pub busy: bool,
    /// Why the last change or the conversion was refused.
    pub refusal: Option<Text>,
    /// Answers received: tests wait for the answer to their change.
    pub seq: u64,
}

/// A mapped file: behind the dashboard on show, or being loaded.
#[derive(Clone)]
pub struct Mapped {
    pub generation: u64,
    pub conversion: Arc<Conversion>,
    /// The sheet row of each ticket of the export, by index.
    pub rows: js_sys::Float64Array,
    /// The v1 export written (downloadable).
    pub export: web_sys::File,
    /// The manager's own file, to check the mapping again.
    pub original: web_sys::Blob,
    pub whence: Whence,
    pub source: Source,
}

impl Mapped {
    /// The sheet row of the export's ticket `index`.
    pub fn row(&self, index: usize) -> Option<u64> {
        let index = u32::try_from(index).ok()?;
        (index < self.rows.length()).then(|| self.rows.get_index(index) as u64)
    }
}

/// A load started by this module, settled when it is on show.
struct Pending {
    generation: u64,
    whence: Whence,
    map: Option<String>,
    mapped: Option<Mapped>,
}

#[derive(Clone, Copy)]
pub struct Intake {
    engine: Engine,
    nav: Nav,
    mapper: Mapper,
    pub step: RwSignal<Option<Step>, LocalStorage>,
    /// The mapped file behind the dashboard (see [`Intake::shown_mapped`]).
    mapped: RwSignal<Option<Mapped>, LocalStorage>,
    /// The file of the mapping step, and where it came from.
    step_file: StoredValue<Option<(web_sys::Blob, Whence)>, LocalStorage>,
    pending: StoredValue<Option<Pending>, LocalStorage>,
}

/// A mapper's "cannot read" as the engine's failure, for the load status.
fn read_failure(error: &Text) -> Failure {
    Failure {
        kind: "read".into(),
        zh: error.zh.clone(),
        en: error.en.clone(),
    }
}

fn name_of(source: &Source) -> String {
    source.name().to_string()
}

impl Intake {
    pub fn new(engine: Engine, nav: Nav) -> Intake {
        let intake = Intake {
            engine,
            nav,
            mapper: Mapper::new(),
            step: RwSignal::new_local(None),
            mapped: RwSignal::new_local(None),
            step_file: StoredValue::new_local(None),
            pending: StoredValue::new_local(None),
        };
        // A load of ours is on show: the link names it, a picked file is kept for the next
        // visit, and its mapping (if any) is the one the load report cites rows from.
        Effect::new(move |_| {
            let Some(generation) = engine
                .session
                .with(|s| s.shown.as_ref().map(|s| s.generation))
            else {
                return;
            };
            let settled = intake
                .pending
                .try_update_value(|p| match p {
                    Some(x) if x.generation == generation => p.take(),
                    _ => None,
                })
                .flatten();
            if let Some(p) = settled {
                intake.settle(p);
            }
        });
        intake
    }

    fn settle(&self, p: Pending) {
        self.mapped.set(p.mapped);
        let nav = self.nav;
        let map = p.map;
        match p.whence {
            Whence::Local(file) => spawn_local(async move {
                // The link names the file once the browser holds it, so a reload finds it.
                if let Err(e) = files::keep_local(&file).await {
                    leptos::logging::warn!("the file could not be kept for a reload: {e:?}");
                }
                nav.update(false, |l| {
                    l.data = None;
                    l.file = Some(file.name());
                    l.map = map;
                });
            }),
            Whence::Link => nav.update(false, |l| l.map = map),
        }
    }

    /// Whether a dashboard is on show (then the mapping step can be left for it).
    pub fn has_dashboard(&self) -> bool {
        self.engine.session.with_untracked(|s| s.shown.is_some())
    }

    /// The mapped file behind the dashboard on show, if the file on show was mapped.
    pub fn shown_mapped(&self) -> Option<Mapped> {
        let generation = self
            .engine
            .session
            .with(|s| s.shown.as_ref().map(|s| s.generation))?;
        self.mapped
            .with(|m| m.clone().filter(|m| m.generation == generation))
    }

    /// Opens what the link names: `file=` (kept by this browser), `data=` (same site only),
    /// else the embedded sample.
    pub fn open_from_link(&self, sample: &str) {
        let link = self.nav.link.get_untracked();
        let this = *self;
        if let Some(name) = link.file.clone() {
            let source = Source::File {
                name: name.clone(),
                size: 0,
            };
            self.set_activity(Activity::Reading {
                source: source.clone(),
            });
            spawn_local(async move {
                match files::local(&name).await {
                    Some(file) => this.open_local(file, link.map, true).await,
                    None => this
                        .engine
                        .refuse(source, Failure::local_file_missing(&name)),
                }
            });
            return;
        }
        let Some(data) = link.data else {
            self.engine.open(Source::Sample(sample.into()), None);
            return;
        };
        let Some(absolute) = browser::same_origin_url(&data) else {
            let source = Source::Url {
                link: data.clone(),
                absolute: String::new(),
            };
            return self.engine.refuse(source, Failure::other_site(&data));
        };
        let source = Source::Url {
            link: data.clone(),
            absolute: absolute.clone(),
        };
        let to_engine = move || {
            let generation = this.engine.open(source.clone(), None);
            this.pending.set_value(Some(Pending {
                generation,
                whence: Whence::Link,
                map: None,
                mapped: None,
            }));
        };
        match named(&data) {
            Named::Other => to_engine(),
            kind => {
                let file_source = Source::File {
                    name: data.clone(),
                    size: 0,
                };
                self.set_activity(Activity::Reading {
                    source: file_source.clone(),
                });
                spawn_local(async move {
                    // A `.json` link is a v1 export or a list of records: its first bytes say.
                    if kind == Named::Json {
                        match browser::fetch_prefix(&absolute, PREFIX_BYTES).await {
                            Ok(prefix) if route(&prefix) == Route::Mapper => {}
                            // Not found, or a v1 export: the engine reads (or explains) it.
                            _ => return to_engine(),
                        }
                    }
                    match browser::fetch_blob(&absolute).await {
                        Ok(blob) => {
                            let source = Source::File {
                                name: data,
                                size: blob.size() as u64,
                            };
                            this.start_mapping(source, blob, Whence::Link, link.map, true);
                        }
                        Err(detail) => this
                            .engine
                            .refuse(file_source, Failure::unreadable(&data, &detail)),
                    }
                });
            }
        }
    }

    /// A file picked or dropped. The link's mapping is offered with it when the link names
    /// this very file (a link opened where the file had to be picked again).
    pub fn open_file(&self, file: web_sys::File) {
        let link = self.nav.link.get_untracked();
        let map = link
            .map
            .filter(|_| link.file.as_deref() == Some(file.name().as_str()));
        // Said at once: the status must not keep showing the last file's outcome while this
        // one's first bytes are read.
        self.set_activity(Activity::Reading {
            source: Source::File {
                name: file.name(),
                size: file.size() as u64,
            },
        });
        let this = *self;
        spawn_local(async move { this.open_local(file, map, true).await });
    }

    async fn open_local(&self, file: web_sys::File, map: Option<String>, auto: bool) {
        let source = Source::File {
            name: file.name(),
            size: file.size() as u64,
        };
        let prefix = browser::blob_prefix(&file, PREFIX_BYTES).await;
        match route(&prefix) {
            Route::Engine => {
                self.close_step();
                let generation = self.engine.open(source, Some(&file));
                self.pending.set_value(Some(Pending {
                    generation,
                    whence: Whence::Local(file),
                    map: None,
                    mapped: None,
                }));
            }
            Route::Mapper => {
                let blob: web_sys::Blob = file.clone().unchecked_into();
                self.start_mapping(source, blob, Whence::Local(file), map, auto);
            }
        }
    }

    fn set_activity(&self, activity: Activity) {
        self.engine.session.update(|s| s.activity = activity);
    }

    /// Reads a file in the mapper. `auto`: load at once if a mapping confirmed for this layout
    /// answers every question.
    fn start_mapping(
        &self,
        source: Source,
        blob: web_sys::Blob,
        whence: Whence,
        link_map: Option<String>,
        auto: bool,
    ) {
        let id = self.mapper.id();
        let mut given: Vec<Given> = link_map
            .into_iter()
            .map(|text| Given {
                text,
                origin: Origin::Link,
            })
            .collect();
        given.extend(files::remembered_mappings().into_iter().map(|text| Given {
            text,
            origin: Origin::Remembered,
        }));
        self.step_file.set_value(Some((blob.clone(), whence)));
        self.step.set(Some(Step {
            id,
            source: source.clone(),
            view: None,
            busy: true,
            refusal: None,
            seq: 0,
        }));
        self.set_activity(Activity::Reading {
            source: source.clone(),
        });
        let request = Request::Read {
            id,
            name: name_of(&source),
            given,
        };
        let this = *self;
        self.mapper.send(id, &request, Some(&blob), move |reply| {
            this.on_read(id, auto, reply)
        });
    }

    fn current(&self, id: u64) -> Option<Step> {
        self.step.get_untracked().filter(|s| s.id == id)
    }

    fn on_read(&self, id: u64, auto: bool, reply: Reply) {
        let Some(step) = self.current(id) else {
            return;
        };
        match reply.response {
            Response::View { view, .. } => {
                let ready = view.confirmed && view.blocked.is_empty();
                self.step.update(|s| {
                    if let Some(s) = s {
                        s.view = Some(Arc::new(*view));
                        s.busy = false;
                        s.seq += 1;
                    }
                });
                if auto && ready {
                    self.apply();
                } else {
                    self.set_activity(Activity::Mapping {
                        source: step.source,
                    });
                }
            }
            Response::Failed { error, detail, .. } => {
                if !detail.is_empty() {
                    leptos::logging::warn!("{}: {detail}", step.source.name());
                }
                self.close_step();
                self.engine.refuse(step.source, read_failure(&error));
            }
            _ => {}
        }
    }

    /// The mapping step on show, marked busy (its last refusal cleared) for a request to the
    /// mapper; `None` when there is none.
    fn busy(&self) -> Option<Step> {
        let step = self.step.get_untracked()?;
        self.step.update(|s| {
            if let Some(s) = s {
                s.busy = true;
                s.refusal = None;
            }
        });
        Some(step)
    }

    /// Sends a change of the mapping page; `blob` is a customers file.
    pub fn change(&self, change: Change, blob: Option<&web_sys::Blob>) {
        let Some(step) = self.busy() else {
            return;
        };
        let id = self.mapper.id();
        let this = *self;
        self.mapper
            .send(id, &Request::Change { id, change }, blob, move |reply| {
                this.on_change(step.id, reply)
            });
    }

    fn on_change(&self, step_id: u64, reply: Reply) {
        if self.current(step_id).is_none() {
            return;
        }
        self.step.update(|s| {
            let Some(s) = s else {
                return;
            };
            s.busy = false;
            s.seq += 1;
            match reply.response {
                Response::View { view, .. } => s.view = Some(Arc::new(*view)),
                Response::Refused { error, .. } | Response::Failed { error, .. } => {
                    s.refusal = Some(error)
                }
                _ => {}
            }
        });
    }

    /// Converts under the mapping and loads the export (the `mapping-apply` button).
    pub fn apply(&self) {
        let Some(step) = self.busy() else {
            return;
        };
        let id = self.mapper.id();
        let this = *self;
        self.mapper
            .send(id, &Request::Convert { id }, None, move |reply| {
                this.on_converted(step, reply)
            });
    }

    fn on_converted(&self, step: Step, reply: Reply) {
        if self.current(step.id).is_none() {
            return;
        }
        let refuse = |error: Text| {
            self.step.update(|s| {
                if let Some(s) = s {
                    s.busy = false;
                    s.seq += 1;
                    s.refusal = Some(error);
                }
            });
            self.set_activity(Activity::Mapping {
                source: step.source.clone(),
            });
        };
        let (conversion, (bytes, rows)) = match (reply.response, reply.export) {
            (Response::Converted { conversion, .. }, Some(export)) => (conversion, export),
            (Response::Refused { error, .. } | Response::Failed { error, .. }, _) => {
                return refuse(error)
            }
            _ => return,
        };
        let Some((original, whence)) = self.step_file.get_value() else {
            return;
        };
        let export = match export_file(&conversion.name, &bytes) {
            Ok(f) => f,
            Err(e) => {
                let detail = format!("{e:?}");
                return refuse(Text::new(
                    format!("{}{detail}", t(Lang::Zh, Msg::ExportFailed)),
                    format!("{}{detail}", t(Lang::En, Msg::ExportFailed)),
                ));
            }
        };
        let source = Source::File {
            name: name_of(&step.source),
            size: u64::from(bytes.length()),
        };
        files::remember_mapping(&conversion.signature, &conversion.param);
        let generation = self.engine.open(source.clone(), Some(&export));
        let map = Some(conversion.param.clone());
        self.pending.set_value(Some(Pending {
            generation,
            whence: whence.clone(),
            map,
            mapped: Some(Mapped {
                generation,
                conversion: Arc::new(*conversion),
                rows,
                export,
                original,
                whence,
                source,
            }),
        }));
        self.step.set(None);
        self.step_file.set_value(None);
    }

    /// Leaves the mapping step; the dashboard on show (if any) stays as it was.
    pub fn cancel(&self) {
        self.close_step();
        self.set_activity(Activity::Idle);
    }

    fn close_step(&self) {
        if self.step.with_untracked(Option::is_some) {
            self.step.set(None);
        }
        self.step_file.set_value(None);
    }

    /// Shows the mapping step again for the mapped file on show, with its mapping.
    pub fn edit(&self) {
        let Some(m) = self.shown_mapped() else {
            return;
        };
        let given = Some(m.conversion.param.clone());
        self.start_mapping(m.source, m.original, m.whence, given, false);
    }

    /// Downloads every row of the last conversion that did not become a ticket.
    pub fn download_row_problems(&self, lang: Lang) {
        let id = self.mapper.id();
        self.mapper.send(
            id,
            &Request::ProblemsJson { id, lang },
            None,
            move |reply| {
                if let Response::ProblemsJson { json, .. } = reply.response {
                    let name = t(lang, Msg::RowProblemsFile);
                    if let Err(e) = browser::download(name, "application/json", json.as_bytes()) {
                        leptos::logging::error!("download failed: {e:?}");
                    }
                }
            },
        );
    }
}

/// The v1 export as a file for the engine (the bytes stay in JavaScript memory).
fn export_file(
    name: &str,
    bytes: &js_sys::Uint8Array,
) -> Result<web_sys::File, wasm_bindgen::JsValue> {
    let options = web_sys::FilePropertyBag::new();
    options.set_type("application/json");
    web_sys::File::new_with_u8_array_sequence_and_options(
        &js_sys::Array::of1(bytes),
        name,
        &options,
    )
}
