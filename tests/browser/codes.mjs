// No internal code reaches a staff page: the desk, a handler, a supervisor and the administrator
// walk every console page (1440x900) over more than one page of cases, and the text they can
// read holds no snake_case word, no `staff:N` and (in Chinese) none of the product's codes.
// What people wrote (titles, notes, usernames) is marked `data-user` and is not judged.
// Usage: BASE_URL=… PASSWORD=… CASE_NO=… CODES='["in_progress",…]' LOCALE=zh-CN SHOTS=dir node tests/browser/codes.mjs
import { DESK, env, expect, open } from "./harness.mjs";

const [base, password, caseNo, codesJson, locale, shots] =
  env("BASE_URL", "PASSWORD", "CASE_NO", "CODES", "LOCALE", "SHOTS");
const codes = JSON.parse(codesJson);
const { browser, page, step, shot, finish } = await open(shots, { ...DESK, locale });
const tag = locale.slice(0, 2);

async function login(username) {
  await browser.clearCookies();
  await page.goto(base + "/staff/login");
  await page.fill("#username", username);
  await page.fill("#password", password);
  await page.click("#login");
  await page.waitForURL(base + "/staff");
}

async function settle() {
  await page.waitForLoadState("networkidle");
  await page.waitForFunction(() => !document.querySelector(".weui-loadmore, .loading"));
  await page.waitForTimeout(150);
}

/// The codes a reader would see on the page now.
async function rawCodes() {
  const text = await page.evaluate(() => {
    const body = document.body.cloneNode(true);
    body.querySelectorAll("[data-user], script, style, noscript").forEach((e) => e.remove());
    return body.textContent;
  });
  const found = new Set();
  for (const m of text.matchAll(/\b[a-z]+(?:_[a-z]+)+\b|staff:\d+/g)) found.add(m[0]);
  if (tag === "zh") {
    for (const code of codes) {
      if (new RegExp(`(^|[^A-Za-z0-9_])${code}($|[^A-Za-z0-9_])`).test(text)) found.add(code);
    }
  }
  return [...found];
}

async function check(label, path, before) {
  await step(`${label}: ${path} shows no internal code (${locale})`, async () => {
    if (path) await page.goto(base + path);
    if (before) await before();
    await settle();
    const found = await rawCodes();
    if (found.length) await shot(`codes-${tag}-${label}-${path.replaceAll("/", "_")}`, true);
    expect(found.length === 0, `${found.join(", ")}`);
  });
}

await login("desk");
await check("desk", "/staff");
for (const tab of ["new", "mine", "priority", "near_due", "overdue", "follow_up"]) {
  await check("desk", "/staff", () => page.click(`#tab-${tab}`));
}
await check("desk", `/staff/cases/${caseNo}`);
await check("desk", "/staff/new");
await check("desk", "/staff/follow-ups");
await check("desk", "/staff/ledger");
await check("desk", "/staff/batches");

await login("customs");
await check("customs", "/staff");
await check("customs", `/staff/cases/${caseNo}`);

await login("super");
await check("super", `/staff/cases/${caseNo}`);
await check("super", "/staff/follow-ups");
await check("super", "/staff/stats");
await check("super", "/staff/ledger");

await login("admin");
await check("admin", "/staff/admin");

await finish();
