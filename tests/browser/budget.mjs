// The weight budget: every page a phone can open first (from the WeChat menu, a QR code, a
// shared link) loads at most 150 KB, brotli-compressed, of HTML, CSS, JavaScript and wasm.
// A fresh profile per page (nothing cached), 390x844; what the page requested from the site
// (not /api) is measured as the built files compressed with brotli (node's zlib, quality 11).
// The staff console is printed for comparison and has no budget.
// Usage: BASE_URL=… SHOTS=dir TOKEN=… node tests/browser/budget.mjs
import { readFileSync } from "node:fs";
import { brotliCompressSync } from "node:zlib";
import { DESK, PHONE, env, expect, open } from "./harness.mjs";

const [base, shots, token] = env("BASE_URL", "SHOTS", "TOKEN");
const BUDGET = 150 * 1024;
const pages = ["/", "/report", `/c/${token}`, "/lookup", "/policies", "/faq", "/fees", "/commitment", "/rights"];

function brotli(path) {
  const file = path === "/" ? "dist/index.html" : `dist${path}`;
  return brotliCompressSync(readFileSync(file)).length;
}

async function weigh(path, device) {
  const { page, browser } = await open(shots, device);
  const files = new Set();
  page.on("request", (r) => {
    const url = new URL(r.url());
    if (url.origin === base && !url.pathname.startsWith("/api/")) files.add(url.pathname);
  });
  await page.goto(base + path);
  await page.waitForSelector(".prefs, .console, #username", { timeout: 20000 });
  await page.waitForLoadState("networkidle");
  await browser.close();
  // the HTML a deep link receives is index.html (single-page fallback)
  const measured = [...files].map((f) => (f === path ? "/" : f));
  const rows = measured.map((f) => [f, brotli(f)]);
  return { rows, total: rows.reduce((n, [, b]) => n + b, 0) };
}

const { step, finish } = await open(shots, PHONE);
const kb = (n) => (n / 1024).toFixed(1).padStart(6);
console.log(`page                          brotli KB  (budget ${BUDGET / 1024})`);
for (const path of pages) {
  await step(`${path} loads at most 150 KB`, async () => {
    const { rows, total } = await weigh(path, PHONE);
    const label = path.startsWith("/c/") ? "/c/{token}" : path;
    console.log(`${label.padEnd(30)}${kb(total)}   ${rows.map(([f, b]) => `${f.replace(/\.[0-9a-f]{10}\./, ".")} ${kb(b).trim()}`).join(", ")}`);
    expect(rows.some(([f]) => f.endsWith(".wasm")), "the app's wasm was loaded");
    expect(!rows.some(([f]) => f.includes("console")), "no console file on a phone page");
    expect(total <= BUDGET, `${label}: ${kb(total).trim()} KB > 150 KB`);
  });
}
await step("the staff console (no budget, its own bundle)", async () => {
  const { total } = await weigh("/staff/login", DESK);
  console.log(`${"/staff/login".padEnd(30)}${kb(total)}`);
});
await finish();
