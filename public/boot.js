// One page, two bundles: /staff/* loads the console, everything else the phone portal.
// A file, not an inline script, so the Content-Security-Policy can forbid inline scripts.
window.ZTC_BUNDLE = location.pathname === "/staff" || location.pathname.startsWith("/staff/") ? "console" : "app";
if (location.pathname !== "/") document.documentElement.className = "deep-link";
if (window.ZTC_BUNDLE === "console") document.documentElement.classList.add("console-page");
(function () {
  const preload = document.createElement("link");
  Object.assign(preload, { rel: "preload", href: "/pkg/" + window.ZTC_BUNDLE + "_bg.wasm", as: "fetch", type: "application/wasm", crossOrigin: "anonymous" });
  document.head.appendChild(preload);
})();
// The reader's saved choices, before anything paints: language for <html lang>, large text.
try {
  const lang = JSON.parse(localStorage.getItem("ztc-lang") || "null");
  if (lang) document.documentElement.lang = lang;
  if (JSON.parse(localStorage.getItem("ztc-care") || "false")) document.documentElement.classList.add("care");
} catch (e) { /* private mode: defaults */ }
