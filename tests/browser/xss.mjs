// Text stays text: cases whose every field carries an XSS payload are opened in the console
// (queue, case page, ledger) and on the phone (status page). Any script that runs, any element
// the payload would create, or any Content-Security-Policy refusal fails the test; the payload
// must be visible, character for character, as text.
// Usage: BASE_URL=… USERNAME=… PASSWORD=… CASES='[{"case_no","token","title"}]' SHOTS=dir node tests/browser/xss.mjs
import { DESK, env, expect, open } from "./harness.mjs";

const [base, username, password, casesJson, shots] = env("BASE_URL", "USERNAME", "PASSWORD", "CASES", "SHOTS");
const cases = JSON.parse(casesJson);
const { page, step, shot, finish } = await open(shots, DESK);
await page.addInitScript(() => {
  window.__pwned = 0;
  window.alert = window.confirm = window.prompt = () => { window.__pwned++; };
});
page.on("dialog", async (d) => { await d.dismiss(); throw new Error("a dialog opened: " + d.message()); });

async function clean(where) {
  await page.waitForTimeout(150);
  const state = await page.evaluate(() => ({
    pwned: window.__pwned,
    injected: document.querySelectorAll("img[src='x'], iframe, object, embed, svg[onload], math, [onerror], [onload], [onclick]").length,
  }));
  expect(state.pwned === 0, `${where}: a payload ran`);
  expect(state.injected === 0, `${where}: a payload became ${state.injected} element(s)`);
}

await step("log in", async () => {
  await page.goto(base + "/staff/login");
  await page.fill("#username", username);
  await page.fill("#password", password);
  await page.click("#login");
  await page.waitForURL(base + "/staff");
  await page.waitForSelector("#queue tbody tr");
  await clean("queue");
  const text = await page.textContent("#queue");
  expect(cases.every((c) => text.includes(c.title)), "every payload title shows as text in the queue");
  await shot("40-xss-queue");
});

for (const c of cases) {
  await step(`console case ${c.case_no}`, async () => {
    await page.goto(`${base}/staff/cases/${c.case_no}`);
    await page.waitForSelector("text=" + c.case_no);
    await page.waitForTimeout(300);
    await clean(c.case_no);
    expect((await page.textContent("body")).includes(c.title), "the title as typed");
  });
}

await step("the ledger", async () => {
  await page.goto(base + "/staff/ledger");
  await page.waitForSelector("#ledger tbody tr");
  await clean("ledger");
});

for (const c of cases) {
  await step(`phone status page ${c.case_no}`, async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${base}/c/${c.token}`);
    await page.waitForSelector("text=" + c.case_no);
    await page.waitForTimeout(300);
    await clean("status " + c.case_no);
    expect((await page.textContent("body")).includes(c.title), "the title as typed");
  });
}

await finish();
