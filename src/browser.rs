//! The few browser facilities the page needs, wrapped so components stay declarative.

use wasm_bindgen::JsCast;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

/// A message for a worker: its bytes (`kpi_core::protocol::encode`) as a `Uint8Array`.
pub fn to_message<T: serde::Serialize + ?Sized>(message: &T) -> Option<JsValue> {
    let bytes = kpi_core::protocol::encode(message)?;
    Some(js_sys::Uint8Array::from(bytes.as_slice()).into())
}

/// A message from a worker: what `kpi_core::protocol::decode` reads in a `Uint8Array`.
pub fn from_message<T: serde::de::DeserializeOwned>(value: JsValue) -> Option<T> {
    let bytes = value.dyn_into::<js_sys::Uint8Array>().ok()?;
    kpi_core::protocol::decode(&bytes.to_vec())
}

/// The workers' files: their names carry no build hash, so a browser may keep them across a
/// new version of the page (kpi_core::protocol::BUILD).
const WORKER_FILES: [&str; 9] = [
    "engine_loader.js",
    "engine.js",
    "engine_bg.wasm",
    "exporter_loader.js",
    "exporter.js",
    "exporter_bg.wasm",
    "mapper_loader.js",
    "mapper.js",
    "mapper_bg.wasm",
];

/// A worker of another build answered: fetches the workers' files again past the browser's
/// cache (which stores the fresh copies) and reloads the page, once per build of the page, so
/// that a server that itself serves mixed files cannot make it reload forever.
pub fn reload_past_cache() {
    const KEY: &str = "kpi-reloaded-for-build";
    let Some(window) = web_sys::window() else {
        return;
    };
    let storage = window.session_storage().ok().flatten();
    let build = kpi_core::protocol::BUILD;
    if let Some(s) = &storage {
        if s.get_item(KEY).ok().flatten().as_deref() == Some(build) {
            return;
        }
        let _ = s.set_item(KEY, build);
    }
    // `fetch(url, {cache: "reload"})`, by name: web-sys has `RequestInit` only as a feature the
    // page does not otherwise need.
    let init = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&init, &"cache".into(), &"reload".into());
    let fetch = js_sys::Reflect::get(&window, &"fetch".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    let fetches = js_sys::Array::new();
    if let Some(fetch) = fetch {
        for file in WORKER_FILES {
            if let Ok(p) = fetch.call2(&window, &format!("./{file}").into(), &init) {
                fetches.push(&p);
            }
        }
    }
    wasm_bindgen_futures::spawn_local(async move {
        let _ = JsFuture::from(js_sys::Promise::all_settled(&fetches)).await;
        let _ = window.location().reload();
    });
}

/// Offers bytes to the user as a downloaded file.
pub fn download(file_name: &str, mime: &str, bytes: &[u8]) -> Result<(), JsValue> {
    let array = js_sys::Uint8Array::from(bytes);
    let parts = js_sys::Array::of1(&array);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)?;
    download_blob(file_name, &blob)
}

/// The page's address.
pub fn href() -> Option<String> {
    web_sys::window().and_then(|w| w.location().href().ok())
}

/// Resolves a link's `data` URL against the page; `None` unless it is on the page's own origin
/// (the data never leaves, and never comes from elsewhere).
pub fn same_origin_url(link: &str) -> Option<String> {
    let window = web_sys::window()?;
    let base = window.location().href().ok()?;
    let url = web_sys::Url::new_with_base(link, &base).ok()?;
    (url.origin() == window.location().origin().ok()?).then(|| url.href())
}

/// Copies text to the clipboard; true when it worked.
pub async fn copy(text: &str) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let promise = window.navigator().clipboard().write_text(text);
    JsFuture::from(promise).await.is_ok()
}

/// Sets an attribute of the document's root element (`lang`, `data-theme`).
pub fn set_root_attribute(name: &str, value: &str) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute(name, value);
    }
}

pub fn set_title(title: &str) {
    if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
        doc.set_title(title);
    }
}

/// The window's inner size in CSS pixels.
pub fn viewport() -> (f64, f64) {
    let Some(w) = web_sys::window() else {
        return (0.0, 0.0);
    };
    let px = |v: Result<JsValue, JsValue>| v.ok().and_then(|v| v.as_f64()).unwrap_or(0.0);
    (px(w.inner_width()), px(w.inner_height()))
}

/// Enters full screen, or leaves it. Browsers allow it only inside a key press or a click.
pub fn toggle_fullscreen() {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if doc.fullscreen_element().is_some() {
        doc.exit_fullscreen();
    } else if let Some(root) = doc.document_element() {
        let _ = root.request_fullscreen();
    }
}

/// Keeps the screen on while presenting (the Screen Wake Lock API, where the browser has one;
/// looked up by name because web-sys has it only as an unstable API). Resolves to the lock, to
/// be given to [`release_wake_lock`].
pub async fn wake_lock() -> Option<JsValue> {
    let navigator = web_sys::window()?.navigator();
    let lock = js_sys::Reflect::get(&navigator, &"wakeLock".into()).ok()?;
    let request: js_sys::Function = js_sys::Reflect::get(&lock, &"request".into())
        .ok()?
        .dyn_into()
        .ok()?;
    let promise: js_sys::Promise = request
        .call1(&lock, &"screen".into())
        .ok()?
        .dyn_into()
        .ok()?;
    JsFuture::from(promise).await.ok()
}

/// Lets the screen sleep again.
pub fn release_wake_lock(sentinel: &JsValue) {
    if let Ok(release) = js_sys::Reflect::get(sentinel, &"release".into())
        .and_then(|f| f.dyn_into::<js_sys::Function>())
    {
        let _ = release.call0(sentinel);
    }
}

/// Draws an SVG (carrying its own font) on a canvas of `width` × `height` and returns the PNG.
pub async fn svg_to_png(svg: &str, width: u32, height: u32) -> Result<Vec<u8>, String> {
    let err = |e: JsValue| format!("{e:?}");
    let doc = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let parts = js_sys::Array::of1(&JsValue::from_str(svg));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("image/svg+xml");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(err)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(err)?;
    let img = web_sys::HtmlImageElement::new().map_err(err)?;
    img.set_src(&url);
    let decoded = JsFuture::from(img.decode()).await;
    let _ = web_sys::Url::revoke_object_url(&url);
    decoded.map_err(err)?;
    let canvas: web_sys::HtmlCanvasElement = doc
        .create_element("canvas")
        .map_err(err)?
        .dyn_into()
        .map_err(|_| "no canvas")?;
    canvas.set_width(width);
    canvas.set_height(height);
    let ctx: web_sys::CanvasRenderingContext2d = canvas
        .get_context("2d")
        .map_err(err)?
        .ok_or("no 2d context")?
        .dyn_into()
        .map_err(|_| "no 2d context")?;
    ctx.draw_image_with_html_image_element_and_dw_and_dh(
        &img,
        0.0,
        0.0,
        f64::from(width),
        f64::from(height),
    )
    .map_err(err)?;
    let data_url = canvas.to_data_url_with_type("image/png").map_err(err)?;
    let b64 = data_url
        .split_once(",")
        .map(|(_, b)| b)
        .ok_or("no image data")?;
    let window = web_sys::window().ok_or("no window")?;
    let binary = window.atob(b64).map_err(err)?;
    Ok(binary.chars().map(|c| c as u8).collect())
}

/// Opens the browser's print dialog (the print stylesheet lays the page out on A4).
pub fn print() {
    if let Some(w) = web_sys::window() {
        let _ = w.print();
    }
}

/// How many slides are laid out for printing, and how many of them have their figures.
pub fn count_ready_slides() -> (u32, u32) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return (0, 0);
    };
    let count = |sel: &str| doc.query_selector_all(sel).map_or(0, |l| l.length());
    (
        count(".deck-print .slide[data-ready=\"true\"]"),
        count(".deck-print .slide"),
    )
}

/// The first `n` bytes of a Blob (a picked file): enough to tell what it is.
pub async fn blob_prefix(blob: &web_sys::Blob, n: usize) -> Vec<u8> {
    let end = i32::try_from(n).unwrap_or(i32::MAX);
    let Ok(head) = blob.slice_with_i32_and_i32(0, end) else {
        return Vec::new();
    };
    match JsFuture::from(head.array_buffer()).await {
        Ok(buffer) => js_sys::Uint8Array::new(&buffer).to_vec(),
        Err(_) => Vec::new(),
    }
}

async fn fetch_ok(url: &str) -> Result<web_sys::Response, String> {
    let window = web_sys::window().ok_or("no window")?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|e| format!("{e:?}"))?
        .dyn_into()
        .map_err(|_| "not a response".to_string())?;
    if !response.ok() {
        return Err(format!("HTTP {}", response.status()));
    }
    Ok(response)
}

/// The first `n` bytes (fewer if the file is shorter) of a file on the page's site, read from
/// the start of its download, which is then stopped: a `.json` link is looked at before the
/// engine streams it. Only `n` bytes are copied: a download's first chunk can be megabytes, and
/// the page looks at the prefix on its main thread.
pub async fn fetch_prefix(url: &str, n: usize) -> Result<Vec<u8>, String> {
    let response = fetch_ok(url).await?;
    let Some(body) = response.body() else {
        return Ok(Vec::new());
    };
    let reader: web_sys::ReadableStreamDefaultReader = body
        .get_reader()
        .dyn_into()
        .map_err(|_| "no reader".to_string())?;
    let mut out = Vec::new();
    while out.len() < n {
        let chunk = JsFuture::from(reader.read())
            .await
            .map_err(|e| format!("{e:?}"))?;
        let done = js_sys::Reflect::get(&chunk, &"done".into()).is_ok_and(|d| d.is_truthy());
        if done {
            break;
        }
        if let Ok(value) = js_sys::Reflect::get(&chunk, &"value".into()) {
            let bytes = js_sys::Uint8Array::new(&value);
            let wanted = u32::try_from(n.saturating_sub(out.len())).unwrap_or(u32::MAX);
            out.extend(bytes.subarray(0, wanted.min(bytes.length())).to_vec());
        }
    }
    let _ = reader.cancel();
    Ok(out)
}

/// A whole file on the page's site, as a Blob (kept in JavaScript memory).
pub async fn fetch_blob(url: &str) -> Result<web_sys::Blob, String> {
    let response = fetch_ok(url).await?;
    JsFuture::from(response.blob().map_err(|e| format!("{e:?}"))?)
        .await
        .map_err(|e| format!("{e:?}"))?
        .dyn_into()
        .map_err(|_| "not a blob".to_string())
}

/// Offers a Blob to the user as a downloaded file (without copying it into the page).
pub fn download_blob(file_name: &str, blob: &web_sys::Blob) -> Result<(), JsValue> {
    let url = web_sys::Url::create_object_url_with_blob(blob)?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsValue::from_str("no document"))?;
    let anchor: web_sys::HtmlAnchorElement = document.create_element("a")?.unchecked_into();
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.click();
    web_sys::Url::revoke_object_url(&url)?;
    Ok(())
}

/// A small text file's content (a mapping file).
pub async fn blob_text(blob: &web_sys::Blob) -> Option<String> {
    JsFuture::from(blob.text()).await.ok()?.as_string()
}
