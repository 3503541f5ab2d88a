//! What the engine holds: the loaded export, the load under way, and the last reports asked for.

use crate::load::read_export;
use crate::{now, send};
use kpi_core::bulletin::bulletin;
use kpi_core::dataset::Dataset;
use kpi_core::export::{about_sheet, workbook};
use kpi_core::groups::GroupCounts;
use kpi_core::link::LinkState;
use kpi_core::load::Loaded;
use kpi_core::problem::problems_json;
use kpi_core::protocol::{Answer, Request, Response, TableSet};
use kpi_core::report::report_with;
use kpi_core::views::quality::{AnomalyCount, Coverage};
use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// Reports kept for links asked again (back and forth between two views, a deck's slides).
const CACHED: usize = 16;

#[derive(Default)]
struct Engine {
    loaded: Option<Rc<Loaded>>,
    /// The data-quality figures of the whole file (computed once per load).
    quality: Option<Rc<(Vec<Coverage>, Vec<AnomalyCount>)>>,
    /// Answers by link (without the request id), newest last.
    cache: Vec<(String, Rc<Answer>)>,
    /// The export's (district, month) group counts under the last dimension filters: a click
    /// on districts or periods sums them instead of counting tickets again.
    groups: GroupCounts,
}

thread_local! {
    static ENGINE: RefCell<Engine> = RefCell::new(Engine::default());
    /// The load that may run: a newer open or a cancel changes it, and the running one stops.
    static CURRENT_LOAD: Rc<Cell<u64>> = Rc::new(Cell::new(0));
}

pub fn current_load() -> Rc<Cell<u64>> {
    CURRENT_LOAD.with(Rc::clone)
}

/// Keeps a new export and its quality figures (the previous one and its reports are dropped).
pub fn keep(loaded: Loaded, quality: (Vec<Coverage>, Vec<AnomalyCount>)) {
    ENGINE.with(|e| {
        let mut e = e.borrow_mut();
        e.loaded = Some(Rc::new(loaded));
        e.quality = Some(Rc::new(quality));
        e.cache.clear();
        e.groups = GroupCounts::default();
    });
}

/// The export on show.
pub fn loaded() -> Option<Rc<Loaded>> {
    ENGINE.with(|e| e.borrow().loaded.clone())
}

/// The export's field coverage and timestamp anomalies.
pub fn quality_figures() -> Option<(Vec<Coverage>, Vec<AnomalyCount>)> {
    ENGINE.with(|e| e.borrow().quality.as_ref().map(|q| (**q).clone()))
}

pub fn handle(request: Request, file: Option<web_sys::File>, rows: Option<js_sys::Float64Array>) {
    match request {
        draw @ Request::Draw { .. } => crate::draw::enqueue(draw),
        Request::Open { id, source } => {
            current_load().set(id);
            wasm_bindgen_futures::spawn_local(read_export(id, source, file));
        }
        Request::Cancel { id } => {
            let current = current_load();
            if current.get() == id {
                current.set(0);
            }
        }
        Request::Query { id, query, draw } => {
            if let Some(answer) = answer(&query) {
                // Drawn here rather than on the page's asking once the answer is shown: the
                // page then shows the view and its charts in one frame.
                let drawings = draw
                    .into_iter()
                    .filter_map(|spec| {
                        let drawing = crate::draw::drawing(&query, &spec, false)?;
                        Some((spec, drawing))
                    })
                    .collect();
                send(&Response::Answer {
                    id,
                    answer: Box::new((*answer).clone()),
                    drawings,
                });
            }
        }
        Request::Tables {
            id,
            query,
            lang,
            set,
            source,
        } => {
            if let (Some(l), Some(a)) = (loaded(), answer(&query)) {
                let info = &l.dataset.info;
                let sheets = match set {
                    TableSet::Workbook => workbook(info, &a.report, &l.problems, &source, lang),
                    TableSet::Report => {
                        let mut sheets = vec![about_sheet(info, &a.report, &source, lang)];
                        sheets.extend(bulletin(info, &a.report, lang).sheets());
                        sheets
                    }
                };
                send(&Response::Tables { id, sheets });
            }
        }
        Request::Bulletin { id, query, lang } => {
            if let (Some(l), Some(a)) = (loaded(), answer(&query)) {
                send(&Response::Bulletin {
                    id,
                    bulletin: Box::new(bulletin(&l.dataset.info, &a.report, lang)),
                });
            }
        }
        Request::ProblemsJson { id, lang } => {
            if let Some(l) = loaded() {
                send(&Response::ProblemsJson {
                    id,
                    json: problems_json(&l.problems, lang, |i| sheet_row(rows.as_ref()?, i)),
                });
            }
        }
    }
}

/// The report of a link's view, from the cache or computed.
pub fn answer(query: &str) -> Option<Rc<Answer>> {
    let (loaded, cached) = ENGINE.with(|e| {
        let e = e.borrow();
        let cached = e
            .cache
            .iter()
            .find(|(q, _)| q == query)
            .map(|(_, a)| Rc::clone(a));
        (e.loaded.clone(), cached)
    });
    if cached.is_some() {
        return cached;
    }
    let loaded = loaded?;
    let ds: &Dataset = &loaded.dataset;
    let started = now();
    let (link, _) = LinkState::parse(query);
    let (scope, notices) = link.resolve(ds);
    // Taken out while computing: nothing else borrows the engine meanwhile.
    let mut groups = ENGINE.with(|e| std::mem::take(&mut e.borrow_mut().groups));
    let report = report_with(ds, &scope, &mut groups);
    ENGINE.with(|e| e.borrow_mut().groups = groups);
    let answer = Rc::new(Answer {
        query: query.to_string(),
        report,
        notices,
        millis: now() - started,
    });
    ENGINE.with(|e| {
        let mut e = e.borrow_mut();
        if e.cache.len() >= CACHED {
            e.cache.remove(0);
        }
        e.cache.push((query.to_string(), Rc::clone(&answer)));
    });
    Some(answer)
}

/// The sheet row of the ticket at `index` in a converted sheet's rows (whole numbers, exact in
/// an f64), read one at a time: the array stays in JavaScript.
fn sheet_row(rows: &js_sys::Float64Array, index: usize) -> Option<u32> {
    let i = u32::try_from(index).ok().filter(|&i| i < rows.length())?;
    let row = rows.get_index(i);
    (row >= 0.0 && row <= f64::from(u32::MAX)).then_some(row as u32)
}
