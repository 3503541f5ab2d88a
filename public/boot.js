// Starts the dashboard. An external file rather than the inline script Trunk writes by default,
// so that the page's Content-Security-Policy can forbid inline script. Trunk.toml's
// `pattern_script` puts the hashed names of the wasm module and its glue in this tag.
const tag = document.querySelector('script[data-js][data-wasm]');
const { default: init } = await import(`./${tag.dataset.js}`);
await init({ module_or_path: tag.dataset.wasm });
