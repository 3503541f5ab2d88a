//! What the browser keeps between visits: the file last picked on this computer (IndexedDB, so
//! that a reload or a bookmark with `file=` opens it again — a link cannot carry a file), and
//! the mappings confirmed on the mapping page (localStorage, by header signature, so next
//! month's download of the same report opens without asking again). Nothing leaves the
//! computer.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

const DB: &str = "kpi-dashboard";
const STORE: &str = "files";
/// One entry: the last file picked (a second tab picking another replaces it).
const KEY: &str = "local";
const MAPPING_PREFIX: &str = "kpi-mapping:";
/// Mappings kept: far more report layouts than one manager uses.
const MAPPINGS_KEPT: usize = 100;

/// A request's result, once it has succeeded.
async fn done(request: &web_sys::IdbRequest) -> Result<JsValue, JsValue> {
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        let r = request.clone();
        let on_success = Closure::once_into_js(move |_: web_sys::Event| {
            let _ = resolve.call1(
                &JsValue::UNDEFINED,
                &r.result().unwrap_or(JsValue::UNDEFINED),
            );
        });
        let r = request.clone();
        let on_error = Closure::once_into_js(move |_: web_sys::Event| {
            let error = r
                .error()
                .ok()
                .flatten()
                .map_or(JsValue::from_str("IndexedDB request failed"), JsValue::from);
            let _ = reject.call1(&JsValue::UNDEFINED, &error);
        });
        request.set_onsuccess(Some(on_success.unchecked_ref()));
        request.set_onerror(Some(on_error.unchecked_ref()));
    });
    JsFuture::from(promise).await
}

async fn database() -> Result<web_sys::IdbDatabase, JsValue> {
    let factory = web_sys::window()
        .ok_or("no window")?
        .indexed_db()?
        .ok_or("no IndexedDB")?;
    let open = factory.open_with_u32(DB, 1)?;
    let request = open.clone();
    let on_upgrade = Closure::once_into_js(move |_: web_sys::Event| {
        if let Ok(db) = request
            .result()
            .and_then(|r| r.dyn_into::<web_sys::IdbDatabase>())
        {
            let _ = db.create_object_store(STORE);
        }
    });
    open.set_onupgradeneeded(Some(on_upgrade.unchecked_ref()));
    done(&open).await?.dyn_into()
}

async fn store(mode: web_sys::IdbTransactionMode) -> Result<web_sys::IdbObjectStore, JsValue> {
    database()
        .await?
        .transaction_with_str_and_mode(STORE, mode)?
        .object_store(STORE)
}

/// Keeps a picked file for the next visit.
pub async fn keep_local(file: &web_sys::File) -> Result<(), JsValue> {
    let store = store(web_sys::IdbTransactionMode::Readwrite).await?;
    done(&store.put_with_key(file, &KEY.into())?)
        .await
        .map(|_| ())
}

/// The file kept, if it is the one named.
pub async fn local(name: &str) -> Option<web_sys::File> {
    let store = store(web_sys::IdbTransactionMode::Readonly).await.ok()?;
    let file: web_sys::File = done(&store.get(&KEY.into()).ok()?)
        .await
        .ok()?
        .dyn_into()
        .ok()?;
    (file.name() == name).then_some(file)
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Remembers a confirmed mapping for a layout (its header signature).
pub fn remember_mapping(signature: &str, param: &str) {
    if let Some(s) = local_storage() {
        let _ = s.set_item(&format!("{MAPPING_PREFIX}{signature}"), param);
    }
}

/// Every mapping remembered (each knows its layout; the mapper picks the one that fits).
pub fn remembered_mappings() -> Vec<String> {
    let Some(s) = local_storage() else {
        return Vec::new();
    };
    let count = s.length().unwrap_or(0);
    (0..count)
        .filter_map(|i| s.key(i).ok().flatten())
        .filter(|k| k.starts_with(MAPPING_PREFIX))
        .take(MAPPINGS_KEPT)
        .filter_map(|k| s.get_item(&k).ok().flatten())
        .collect()
}
