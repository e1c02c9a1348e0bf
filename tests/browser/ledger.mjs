// The supervisor at a desk (1440x900): the ledger filters and downloads exactly what it shows;
// the statistics page draws the density heatmap and the trend, and a recurring problem becomes a
// batch in one click. Then, on a phone, the public commitment page.
// Usage: BASE_URL=… USERNAME=… PASSWORD=… SHOTS=dir node tests/browser/ledger.mjs
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DESK, PHONE, env, expect, open } from "./harness.mjs";

const [base, username, password, shots] = env("BASE_URL", "USERNAME", "PASSWORD", "SHOTS");
const { browser, page, step, shot, finish } = await open(shots, DESK);

await step("log in and open the ledger", async () => {
  await page.goto(base + "/staff/login");
  await page.fill("#username", username);
  await page.fill("#password", password);
  await page.click("#login");
  await page.waitForURL(base + "/staff");
  await page.click("a[href='/staff/ledger']");
  await page.waitForSelector("#ledger tbody tr");
  await shot("30-ledger");
});

await step("the ledger leaves page 1 and comes back", async () => {
  const of = async () => (await page.textContent("#page-of")).trim();
  expect(/第 1 \/ (\d+) 页/.test(await of()) && Number((await of()).match(/\/ (\d+)/)[1]) > 2, `many pages: ${await of()}`);
  const top = await page.textContent("#ledger tbody tr td");
  await page.click("#page-next");
  await page.waitForFunction(() => document.querySelector("#page-of")?.textContent?.includes("第 2 /"));
  await page.waitForFunction((t) => document.querySelector("#ledger tbody tr td")?.textContent !== t, top);
  expect(!(await page.isDisabled("#page-next")), "page 3 is still reachable");
  await page.click("#page-prev");
  await page.waitForFunction(() => document.querySelector("#page-of")?.textContent?.includes("第 1 /"));
});

await step("a filter narrows the ledger and the export follows it", async () => {
  const total = async () => Number((await page.textContent(".exports span")).replace(/\D/g, ""));
  const all = await total();
  await page.selectOption("#filter-port", "dagang");
  await page.waitForFunction((n) => {
    const span = document.querySelector(".exports span");
    return span && Number(span.textContent.replace(/\D/g, "")) < n;
  }, all);
  const shown = await total();
  const rows = await page.locator("#ledger tbody tr").count();
  expect(rows === Math.min(shown, 50), `rows ${rows} of ${shown}`);
  expect((await page.getAttribute("#export-csv", "href")).includes("port=dagang"), "the CSV link carries the filter");
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#export-csv")]);
  const text = readFileSync(await download.path(), "utf8");
  expect(text.charCodeAt(0) === 0xfeff, "BOM");
  const lines = text.split("\r\n").filter((l) => l.length);
  expect(lines[0].startsWith("\ufeff受理编号"), "Chinese header");
  expect(lines.length - 1 === shown, `downloaded ${lines.length - 1}, shown ${shown}`);
  expect(lines.slice(1).every((l) => l.includes("大港港区")), "only Dagang rows");
});

await step("on a tablet the ledger scrolls sideways in its frame, one line per short cell", async () => {
  await page.setViewportSize({ width: 820, height: 1180 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth), "the page itself does not scroll sideways");
  const frame = await page.evaluate(() => {
    const f = document.querySelector(".table-scroll");
    return { scrolls: f.scrollWidth > f.clientWidth, overflow: getComputedStyle(f).overflowX };
  });
  expect(frame.scrolls && frame.overflow === "auto", `ledger frame ${JSON.stringify(frame)}`);
  const lines = await page.evaluate(() => {
    const range = document.createRange();
    range.selectNodeContents(document.querySelector("#ledger tbody tr td:nth-child(5)"));
    return range.getClientRects().length;
  });
  expect(lines === 1, `the category cell stays on one line (${lines} lines)`);
  await page.setViewportSize(DESK.viewport);
});

await step("the statistics page draws the density heatmap and the trend", async () => {
  await page.click("a[href='/staff/stats']");
  await page.waitForSelector("#heatmap rect");
  const cells = await page.locator("#heatmap > rect").count();
  expect(cells === 4 * 7, `4 categories × 7 ports, got ${cells}`);
  // a scale that shows differences, with its legend; the trend with axes and ticks
  expect(await page.locator("#heatmap-legend rect").count() === 5, "a five-step legend");
  const fills = await page.$$eval("#heatmap > rect", (rs) => new Set(rs.map((r) => r.getAttribute("fill"))).size);
  expect(fills >= 6, `the cells are told apart (${fills} shades)`);
  expect(await page.locator("#trend circle").count() >= 4, "a point per week");
  expect(await page.locator("#trend .trend__tick").count() === 3, "three ticks on the count axis");
  await page.waitForSelector("#by-department tbody tr");
  await shot("31-stats");
  await page.locator("#heatmap").screenshot({ path: join(shots, "heatmap.png") });
});

await step("a recurring problem becomes a batch in one click", async () => {
  const first = page.locator("#recurring li").first();
  await first.locator("button").click();
  await page.waitForURL(/\/staff\/batches\/\d+$/);
  await page.waitForSelector("text=批量");
});

await step("the public commitment page, on a phone", async () => {
  const phone = await browser.newPage();
  await phone.setViewportSize(PHONE.viewport);
  await phone.goto(base + "/commitment");
  await phone.waitForSelector("#limits tbody tr");
  await phone.waitForSelector("#month-figures b");
  expect((await phone.textContent("#limits")).includes("工作小时"), "limits in working time");
  await phone.screenshot({ path: join(shots, "32-commitment.png"), fullPage: true });
  await phone.close();
});

await finish();
