// Starts the bundle boot.js chose (a module: it runs after the page is parsed).
const name = window.ZTC_BUNDLE;
if (name === "console") document.getElementById("console-css").disabled = false;
const { default: init } = await import(`/pkg/${name}.js`);
init({ module_or_path: `/pkg/${name}_bg.wasm` });
