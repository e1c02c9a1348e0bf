// Which bundle a page needs: the staff console under /staff, and the phone portal in three
// parts, so a phone downloads only what the page it opened uses. The portal's router asks the
// same function whether a link stays in the page (`app::portal::go`).
// A file, not an inline script, so the Content-Security-Policy can forbid inline scripts.
window.ZTC_BUNDLE_FOR = function (path) {
  const under = (p) => path === p || path.startsWith(p + "/");
  if (under("/staff")) return "console";
  if (under("/report") || under("/receipt")) return "report";
  if (under("/policies") || under("/faq") || under("/fees")) return "guide";
  if (under("/rights")) return "rights";
  return "app";
};
window.ZTC_BUNDLE = window.ZTC_BUNDLE_FOR(location.pathname);
// Each bundle's files; `cargo xtask build` puts their content hashes into the names.
window.ZTC_FILES = {
  app: { js: "/pkg/app.js", wasm: "/pkg/app_bg.wasm" },
  report: { js: "/pkg/report.js", wasm: "/pkg/report_bg.wasm" },
  guide: { js: "/pkg/guide.js", wasm: "/pkg/guide_bg.wasm" },
  rights: { js: "/pkg/rights.js", wasm: "/pkg/rights_bg.wasm" },
  console: { js: "/pkg/console.js", wasm: "/pkg/console_bg.wasm", css: "/css/console.css" },
};
// The texts, one file per bundle and language, each with only the keys its bundle asks for
// (`xtask/src/texts.rs`): the app fetches the reader's (app::boot).
window.ZTC_FILES.texts = {
  app: { "zh-CN": "/locales/app.zh-CN.txt", en: "/locales/app.en.txt" },
  report: { "zh-CN": "/locales/report.zh-CN.txt", en: "/locales/report.en.txt" },
  guide: { "zh-CN": "/locales/guide.zh-CN.txt", en: "/locales/guide.en.txt" },
  rights: { "zh-CN": "/locales/rights.zh-CN.txt", en: "/locales/rights.en.txt" },
  console: { "zh-CN": "/locales/console.zh-CN.txt", en: "/locales/console.en.txt" },
}[window.ZTC_BUNDLE];
if (location.pathname !== "/") document.documentElement.className = "deep-link";
// The console's stylesheet is added only under /staff: a phone never fetches it (some Chromium
// versions fetch even a `disabled` <link>).
if (window.ZTC_BUNDLE === "console") {
  document.documentElement.classList.add("console-page");
  const sheet = document.createElement("link");
  Object.assign(sheet, { rel: "stylesheet", href: window.ZTC_FILES.console.css });
  document.head.appendChild(sheet);
}
// The bundle's wasm and the reader's texts start downloading now, side by side. The language is
// guessed the way the app decides it (saved choice, else the browser's: English only when asked
// for); the app fetches the right file itself, so a wrong guess costs time, never text.
(function () {
  let tag = navigator.language || "";
  try { tag = JSON.parse(localStorage.getItem("ztc-lang") || "null") || tag; } catch (e) { /* private mode */ }
  const texts = window.ZTC_FILES.texts[/^en/i.test(tag.trim()) ? "en" : "zh-CN"];
  for (const [href, type] of [[window.ZTC_FILES[window.ZTC_BUNDLE].wasm, "application/wasm"], [texts, "text/plain"]]) {
    const preload = document.createElement("link");
    Object.assign(preload, { rel: "preload", href, as: "fetch", type, crossOrigin: "anonymous" });
    document.head.appendChild(preload);
  }
})();
// The reader's saved choices, before anything paints: language for <html lang>, large text.
try {
  const lang = JSON.parse(localStorage.getItem("ztc-lang") || "null");
  if (lang) document.documentElement.lang = lang;
  if (JSON.parse(localStorage.getItem("ztc-care") || "false")) document.documentElement.classList.add("care");
} catch (e) { /* private mode: defaults */ }
