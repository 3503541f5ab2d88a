//! The page's side of the engine: a Web Worker that reads exports and computes reports. The page
//! sends requests and keeps what comes back in signals: the session (what is loaded, the load
//! under way) and the answers by link.

use super::build::{BuildCheck, Heard};
use super::session::{Activity, Session, Shown};
use crate::browser;
use kpi_core::bulletin::Bulletin;
use kpi_core::export::Sheet;
use kpi_core::i18n::Lang;
use kpi_core::protocol::{Answer, DrawSpec, Drawing, Failure, Request, Response, Source, TableSet};
use leptos::prelude::*;
use std::collections::VecDeque;
use std::sync::Arc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The worker's script, beside index.html (Trunk builds `worker/` as `engine`).
const WORKER_URL: &str = "./engine_loader.js";

/// Answers kept, newest last; a link asked again (back and forth between views) is answered at
/// once.
const ANSWERS_KEPT: usize = 32;

/// Answers by (load generation, link).
type Answers = VecDeque<((u64, String), Arc<Answer>)>;

/// Drawings kept (a view has up to six charts): back to a view, its charts show at once.
const DRAWINGS_KEPT: usize = 48;

/// A drawing's key: load generation, link, chart.
type DrawKey = (u64, String, DrawSpec);

/// Keeps `value` by `key` in a list of at most `kept`, newest last: the oldest goes first.
fn keep_last<K: PartialEq, V>(list: &mut VecDeque<(K, V)>, kept: usize, key: K, value: V) {
    list.retain(|(k, _)| *k != key);
    if list.len() >= kept {
        list.pop_front();
    }
    list.push_back((key, value));
}

/// What to do with the answers to requests by id (tables, drawings, bulletins) when they come.
type Wanted<T> = StoredValue<Vec<(u64, Box<dyn FnOnce(T)>)>, LocalStorage>;

/// Keeps `then` for the answer to request `id`.
fn want<T: 'static>(wanted: Wanted<T>, id: u64, then: impl FnOnce(T) + 'static) {
    wanted.update_value(|w| w.push((id, Box::new(then))));
}

/// Hands the answer to request `id` to what wanted it.
fn fulfil<T: 'static>(wanted: Wanted<T>, id: u64, answer: T) {
    let then = wanted.try_update_value(|w| {
        let i = w.iter().position(|(k, _)| *k == id)?;
        Some(w.remove(i).1)
    });
    if let Some(then) = then.flatten() {
        then(answer);
    }
}

/// A chart to draw for a link's view; `embed_font` for a picture made of it.
#[derive(Debug, Clone, PartialEq)]
pub struct DrawRequest {
    pub query: String,
    pub spec: DrawSpec,
    pub embed_font: bool,
}

#[derive(Clone, Copy)]
pub struct Engine {
    worker: StoredValue<Option<web_sys::Worker>, LocalStorage>,
    /// Messages waiting for the worker to have started (it hears none before).
    queue: StoredValue<Option<Vec<JsValue>>, LocalStorage>,
    build: BuildCheck,
    pub session: RwSignal<Session>,
    answers: RwSignal<Answers, LocalStorage>,
    /// Links asked for whose answer has not come, so that none is asked twice.
    asked: StoredValue<Vec<(u64, String)>>,
    tables_wanted: Wanted<Vec<Sheet>>,
    /// Rejected records as JSON, downloaded when they come.
    problems_wanted: Wanted<String>,
    drawings_wanted: Wanted<Drawing>,
    /// Drawings that came, for a chart asked again.
    drawn: StoredValue<VecDeque<(DrawKey, Drawing)>, LocalStorage>,
    /// The charts of the link's view on screen, by slot (`stand`): drawn with the next answer.
    standing: StoredValue<Vec<(u64, Option<DrawSpec>)>, LocalStorage>,
    bulletins_wanted: Wanted<Bulletin>,
    next_id: StoredValue<u64>,
    /// Told of each answer as it comes: (load generation, link).
    answered: StoredValue<Option<Callback<(u64, String)>>>,
}

impl Engine {
    /// Starts the worker.
    pub fn start() -> Engine {
        let engine = Engine {
            worker: StoredValue::new_local(None),
            queue: StoredValue::new_local(Some(Vec::new())),
            build: BuildCheck::new(),
            session: RwSignal::new(Session::new()),
            answers: RwSignal::new_local(VecDeque::new()),
            asked: StoredValue::new(Vec::new()),
            problems_wanted: StoredValue::new_local(Vec::new()),
            tables_wanted: StoredValue::new_local(Vec::new()),
            drawings_wanted: StoredValue::new_local(Vec::new()),
            drawn: StoredValue::new_local(VecDeque::new()),
            standing: StoredValue::new_local(Vec::new()),
            bulletins_wanted: StoredValue::new_local(Vec::new()),
            next_id: StoredValue::new(1),
            answered: StoredValue::new(None),
        };
        match web_sys::Worker::new(WORKER_URL) {
            Ok(worker) => {
                let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(
                    move |e: web_sys::MessageEvent| {
                        let data = e.data();
                        match engine.build.hear(&data) {
                            Heard::Named => {}
                            Heard::OtherBuild => engine.stale(),
                            Heard::Message => {
                                if let Some(response) = browser::from_message::<Response>(data) {
                                    engine.receive(response);
                                }
                            }
                        }
                    },
                );
                worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
                on_message.forget();
                engine.worker.set_value(Some(worker));
            }
            Err(e) => engine.session.update(|s| {
                s.activity = Activity::Failed {
                    source: Source::Sample(String::new()),
                    failure: Failure::no_worker(&format!("{e:?}")),
                }
            }),
        }
        engine
    }

    /// The worker is of another build (kept in the browser's cache): says so, and reloads the
    /// page past the cache. Nothing is sent to it: its messages may mean other things.
    fn stale(&self) {
        self.queue.set_value(Some(Vec::new()));
        self.session.update(|s| {
            s.activity = Activity::Failed {
                source: Source::Sample(String::new()),
                failure: Failure::stale_worker(),
            }
        });
        browser::reload_past_cache();
    }

    fn id(&self) -> u64 {
        let id = self.next_id.get_value();
        self.next_id.set_value(id + 1);
        id
    }

    /// Sends a request, with what travels beside it (`file` to open, a sheet's `rows`).
    fn send(&self, request: &Request, beside: Option<(&str, &JsValue)>) {
        let Some(bytes) = browser::to_message(request) else {
            return;
        };
        // A request alone is its bytes (cloned faster than an object); with more, an object.
        let message: JsValue = match beside {
            Some((name, value)) => {
                let message = js_sys::Object::new();
                let _ = js_sys::Reflect::set(&message, &"request".into(), &bytes);
                let _ = js_sys::Reflect::set(&message, &name.into(), value);
                message.into()
            }
            None => bytes,
        };
        let queued = self.queue.try_update_value(|q| match q {
            Some(q) => {
                q.push(message.clone());
                true
            }
            None => false,
        });
        if queued != Some(true) {
            self.post(&message);
        }
    }

    fn post(&self, message: &JsValue) {
        self.worker.with_value(|w| {
            if let Some(w) = w {
                let _ = w.post_message(message);
            }
        });
    }

    /// Opens an export; the one on show stays until it has loaded. Returns the load's number
    /// (the generation it will have once shown).
    pub fn open(&self, source: Source, file: Option<&web_sys::File>) -> u64 {
        let id = self.id();
        self.session.update(|s| {
            s.activity = Activity::Loading {
                id,
                source: source.clone(),
                progress: Default::default(),
            }
        });
        self.send(
            &Request::Open { id, source },
            file.map(|f| ("file", f.as_ref())),
        );
        id
    }

    /// Refuses to open a source, saying why (a link to another site).
    pub fn refuse(&self, source: Source, failure: Failure) {
        self.session
            .update(|s| s.activity = Activity::Failed { source, failure });
    }

    /// Stops the load under way.
    pub fn cancel(&self) {
        if let Activity::Loading { id, .. } = self.session.get_untracked().activity {
            self.send(&Request::Cancel { id }, None);
            self.session.update(|s| s.activity = Activity::Idle);
        }
    }

    /// Asks for the report of a link's view, unless it is already here or on its way.
    pub fn ask(&self, generation: u64, query: &str) {
        self.query(generation, query, false);
    }

    /// Asks for the report of the view the link now shows, with the charts on screen drawn for
    /// it: they come with it, and the page changes once.
    pub fn ask_view(&self, generation: u64, query: &str) {
        self.query(generation, query, true);
    }

    fn query(&self, generation: u64, query: &str, with_charts: bool) {
        let key = (generation, query.to_string());
        if self.has_answer(generation, query) || self.asked.with_value(|a| a.contains(&key)) {
            return;
        }
        // Asked for another load, those answers will never be kept.
        self.asked.update_value(|a| {
            a.retain(|(g, _)| *g == generation);
            a.push(key);
        });
        let draw = if with_charts {
            self.standing
                .with_value(|s| s.iter().filter_map(|(_, spec)| spec.clone()).collect())
        } else {
            Vec::new()
        };
        let id = self.id();
        self.send(
            &Request::Query {
                id,
                query: query.to_string(),
                draw,
            },
            None,
        );
    }

    /// Whether the answer for a link has come (not tracked: for event handlers).
    pub fn has_answer(&self, generation: u64, query: &str) -> bool {
        self.answers
            .with_untracked(|a| a.iter().any(|((g, q), _)| *g == generation && q == query))
    }

    /// Runs `f` with each answer's load generation and link, once it is kept.
    pub fn on_answer(&self, f: impl Fn(u64, String) + Send + Sync + 'static) {
        self.answered
            .set_value(Some(Callback::new(move |(g, q)| f(g, q))));
    }

    /// The answer for a link, once it has come.
    pub fn answer(&self, generation: u64, query: &str) -> Option<Arc<Answer>> {
        self.answers.with(|a| {
            a.iter()
                .find(|((g, q), _)| *g == generation && q == query)
                .map(|(_, answer)| Arc::clone(answer))
        })
    }

    /// Asks for the tables of an export of a link's view; `then` gets them.
    pub fn tables(
        &self,
        query: &str,
        lang: Lang,
        set: TableSet,
        source: String,
        then: impl FnOnce(Vec<Sheet>) + 'static,
    ) {
        let id = self.id();
        want(self.tables_wanted, id, then);
        self.send(
            &Request::Tables {
                id,
                query: query.to_string(),
                lang,
                set,
                source,
            },
            None,
        );
    }

    /// Asks the engine to draw a chart; `then` gets the drawing, at once when it is here (it
    /// came with its view's answer, or was drawn before).
    pub fn draw(&self, r: DrawRequest, then: impl FnOnce(Drawing) + 'static) {
        // A chart with the font inside is for a picture: made once, not kept.
        let key = (!r.embed_font).then(|| (self.generation(), r.query.clone(), r.spec.clone()));
        if let Some(key) = &key {
            let kept = self.drawn.with_value(|d| {
                d.iter()
                    .find(|(k, _)| k == key)
                    .map(|(_, drawing)| drawing.clone())
            });
            if let Some(drawing) = kept {
                then(drawing);
                return;
            }
        }
        let id = self.id();
        let engine = *self;
        want(self.drawings_wanted, id, move |drawing: Drawing| {
            if let Some(key) = key {
                engine.keep_drawing(key, drawing.clone());
            }
            then(drawing)
        });
        self.send(
            &Request::Draw {
                id,
                query: r.query,
                spec: r.spec,
                embed_font: r.embed_font,
            },
            None,
        );
    }

    fn keep_drawing(&self, key: DrawKey, drawing: Drawing) {
        self.drawn
            .update_value(|d| keep_last(d, DRAWINGS_KEPT, key, drawing));
    }

    /// A slot for a chart of the link's view on screen; its chart is told with `stands_for`,
    /// and the slot given back with `sit` when the chart goes (a slot given back takes no chart
    /// after).
    pub fn stand(&self) -> u64 {
        let slot = self.id();
        self.standing.update_value(|s| s.push((slot, None)));
        slot
    }

    pub fn stands_for(&self, slot: u64, spec: &DrawSpec) {
        self.standing.update_value(|s| {
            if let Some((_, held)) = s.iter_mut().find(|(k, _)| *k == slot) {
                *held = Some(spec.clone());
            }
        });
    }

    pub fn sit(&self, slot: u64) {
        let _ = self
            .standing
            .try_update_value(|s| s.retain(|(k, _)| *k != slot));
    }

    /// The load generation on show (0 before the first).
    fn generation(&self) -> u64 {
        self.session
            .with_untracked(|s| s.shown.as_ref().map(|s| s.generation))
            .unwrap_or(0)
    }

    /// Asks for the monthly report of a link's view; `then` gets it.
    pub fn bulletin(&self, query: String, lang: Lang, then: impl FnOnce(Bulletin) + 'static) {
        let id = self.id();
        want(self.bulletins_wanted, id, then);
        self.send(&Request::Bulletin { id, query, lang }, None);
    }

    /// Downloads every rejected record as JSON; `rows` are the sheet rows of a mapped file's
    /// tickets, sent beside the request (the engine reads the rejected ones' rows from it).
    pub fn download_problems(&self, lang: Lang, rows: Option<js_sys::Float64Array>) {
        let id = self.id();
        want(self.problems_wanted, id, move |json: String| {
            let name = crate::i18n::problems_file_name(lang);
            if let Err(e) = browser::download(&name, "application/json", json.as_bytes()) {
                leptos::logging::error!("download failed: {e:?}");
            }
        });
        let rows = rows.map(JsValue::from);
        self.send(
            &Request::ProblemsJson { id, lang },
            rows.as_ref().map(|r| ("rows", r)),
        );
    }

    fn receive(&self, response: Response) {
        match response {
            Response::Ready => {
                let waiting = self.queue.try_update_value(Option::take).flatten();
                for message in waiting.unwrap_or_default() {
                    self.post(&message);
                }
            }
            Response::Progress { id, progress } => self.session.update(|s| {
                if let Activity::Loading {
                    id: current,
                    progress: p,
                    ..
                } = &mut s.activity
                {
                    if *current == id {
                        *p = progress;
                    }
                }
            }),
            Response::Loaded { id, summary } => self.session.update(|s| {
                if matches!(s.activity, Activity::Loading { id: current, .. } if current == id) {
                    s.activity = Activity::Idle;
                    s.shown = Some(Shown {
                        generation: id,
                        summary: Arc::new(*summary),
                    });
                }
            }),
            Response::Failed { id, failure } => self.session.update(|s| {
                if let Activity::Loading {
                    id: current,
                    source,
                    ..
                } = &s.activity
                {
                    if *current == id {
                        s.activity = Activity::Failed {
                            source: source.clone(),
                            failure,
                        };
                    }
                }
            }),
            Response::Answer {
                answer, drawings, ..
            } => {
                let generation = self.generation();
                // Kept before the answer is: the charts it wakes find their drawings.
                for (spec, drawing) in drawings {
                    self.keep_drawing((generation, answer.query.clone(), spec), drawing);
                }
                let key = (generation, answer.query.clone());
                self.asked.update_value(|a| a.retain(|k| *k != key));
                self.answers
                    .update(|a| keep_last(a, ANSWERS_KEPT, key.clone(), Arc::new(*answer)));
                if let Some(answered) = self.answered.get_value() {
                    answered.run(key);
                }
            }
            Response::Tables { id, sheets } => fulfil(self.tables_wanted, id, sheets),
            Response::Drawn { id, drawing } => fulfil(self.drawings_wanted, id, *drawing),
            Response::Bulletin { id, bulletin } => fulfil(self.bulletins_wanted, id, *bulletin),
            Response::ProblemsJson { id, json } => fulfil(self.problems_wanted, id, json),
        }
    }
}
