// Starts the bundle boot.js chose (a module: it runs after the page is parsed).
const name = window.ZTC_BUNDLE;
const files = window.ZTC_FILES[name];
const { default: init } = await import(files.js);
init({ module_or_path: files.wasm });
