// 政策通 on a phone (390x844): search 两步申报 and open the policy; then type a report and see a
// suggested answer from the Q&A handbook.
// Usage: BASE_URL=… SHOTS=dir node tests/browser/knowledge.mjs
import { join } from "node:path";
import { PHONE, env, expect, open } from "./harness.mjs";

const [base, shots] = env("BASE_URL", "SHOTS");
const { page, step, finish } = await open(shots, PHONE);

await step("searching 两步申报 finds the policy, with the words marked", async () => {
  await page.goto(`${base}/policies`);
  await page.waitForSelector("#search");
  await page.fill("#search", "两步申报");
  await page.waitForSelector("#results .kb-hit");
  expect((await page.textContent("#results .kb-hit")).includes("两步申报"), "first hit");
  expect(await page.$("#results mark"), "marked words");
  await page.screenshot({ path: join(shots, "16-policies-search.png") });
});

await step("policies browse by department", async () => {
  await page.waitForSelector("#kb-department option[value='tax']", { state: "attached" });
  await page.selectOption("#kb-department", "tax");
  await page.waitForFunction(() => {
    const items = [...document.querySelectorAll(".weui-panel__bd a.weui-media-box")].filter((a) => !a.classList.contains("kb-hit"));
    return items.length > 0 && items.every((a) => a.textContent.includes("税务"));
  });
});

await step("policies browse by topic, and the topic is in the address", async () => {
  await page.goto(`${base}/policies`);
  await page.waitForSelector("#kb-topics a.kb-topic >> nth=1");
  await page.click("#kb-topics a:has-text('口岸收费')");
  await page.waitForURL(/\/policies\?topic=fees$/);
  await page.waitForFunction(() => {
    const items = [...document.querySelectorAll("#kb-list a")];
    return items.length > 0 && items.every((a) => a.textContent.includes("口岸收费"));
  });
  expect((await page.textContent("#kb-topics a.on")).includes("口岸收费"), "the chosen topic is marked");
  expect((await page.textContent("#kb-list .kb-validity")) === "已废止", "a repealed policy says so");
  await page.screenshot({ path: join(shots, "16b-policies-topic.png") });
  await page.click("#kb-list a");
  await page.waitForSelector("#entry-title");
  await page.click(".kb-meta a.kb-topic");
  await page.waitForURL(/\/policies\?topic=fees$/);
  await page.goto(`${base}/policies`);
  await page.fill("#search", "两步申报");
  await page.waitForSelector("#results .kb-hit");
});

await step("the policy opens with its interpretation first", async () => {
  await page.click("#results .kb-hit");
  await page.waitForSelector("#entry-title");
  const text = await page.textContent("body");
  expect(text.indexOf("一句话解读") < text.indexOf("政策原文"), "interpretation before the full text");
  expect(page.url().endsWith("/policies/demo-p-two-step"), "shareable URL");
  expect((await page.getAttribute("#still-unsolved a", "href")) === "/report", "仍未解决？ leads to the report form");
  expect((await page.title()).startsWith("政策解读"), `title: ${await page.title()}`);
  await page.screenshot({ path: join(shots, "17-policy.png"), fullPage: true });
});

await step("the Q&A list pages twenty at a time; a topic starts again at page 1", async () => {
  await page.goto(`${base}/faq`);
  await page.waitForSelector("#kb-list a");
  expect((await page.locator("#kb-list a").count()) === 20, "twenty on a page");
  const top = await page.textContent("#kb-list a");
  expect((await page.textContent("#page-of")).includes("第 1 / 4 页"), await page.textContent("#page-of"));
  await page.click("#page-next");
  await page.waitForFunction(() => document.querySelector("#page-of")?.textContent?.includes("第 2 /"));
  await page.waitForFunction((t) => document.querySelector("#kb-list a")?.textContent !== t, top);
  const box = await page.$eval(".pager", (e) => e.getBoundingClientRect());
  expect(box.width <= 390 && box.left >= 0, "the pager fits the phone");
  await page.screenshot({ path: join(shots, "16d-faq-page-2.png") });
  // from page 2, a topic asks for its first page once (not its page 2 and then its page 1)
  const asked = [];
  const count = (r) => { if (new URL(r.url()).pathname === "/api/knowledge") asked.push(new URL(r.url()).search); };
  page.on("request", count);
  await page.click("#kb-topics a.kb-topic >> nth=1");
  await page.waitForURL(/\/faq\?topic=/);
  await page.waitForSelector("#kb-list a");
  await page.waitForFunction(() => !document.querySelector("#page-of") || document.querySelector("#page-of").textContent.includes("第 1 /"));
  await page.waitForTimeout(500);
  page.off("request", count);
  expect(asked.length === 1 && asked[0].includes("page=1"), `asked once, for page 1: ${asked.join(" ")}`);
});

await step("links within the guide change the page in place; back returns; other parts load their own bundle", async () => {
  const wasm = [];
  page.on("request", (r) => { if (r.url().endsWith(".wasm")) wasm.push(new URL(r.url()).pathname); });
  await page.goto(`${base}/policies`);
  await page.waitForSelector("#kb-list a");
  await page.evaluate(() => { window.__samePage = true; });
  await page.click("#kb-list a");
  await page.waitForSelector("#entry-title");
  expect(await page.evaluate(() => window.__samePage === true), "the entry opened without a page load");
  await page.goBack();
  await page.waitForSelector("#kb-list a");
  expect(page.url().endsWith("/policies"), "back returns to the list");
  expect(await page.evaluate(() => window.__samePage === true), "back stays in the page");
  await page.click("a.kb-tabs-faq, .kb-tabs a[href='/faq']");
  await page.waitForURL(/\/faq$/);
  expect(await page.evaluate(() => window.__samePage === true), "the Q&A tab is the same bundle");
  await page.goto(`${base}/`);
  await page.waitForSelector(".prefs");
  await page.click("a[href='/report']");
  await page.waitForSelector("#f-title");
  expect(wasm.every((p) => /\/pkg\/(guide|app|report)[-.]/.test(p) || /\/pkg\/(guide|app|report)_bg/.test(p)), `portal bundles only: ${wasm}`);
  for (const b of ["guide", "app", "report"]) expect(wasm.some((p) => p.includes(`/${b}`)), `${b} bundle loaded for its page: ${wasm}`);
});

await step("typing a report shows a suggested answer", async () => {
  await page.goto(`${base}/report`);
  await page.waitForSelector("#f-title");
  await page.fill("#f-title", "查验没问题，吊装移位费还要我们出");
  await page.waitForSelector("#suggest summary", { timeout: 30000 });
  expect((await page.textContent("#suggest")).includes("吊装"), "the matching Q&A");
  const above = await page.evaluate(() =>
    (document.querySelector("#suggest").compareDocumentPosition(document.querySelector("#f-description")) & Node.DOCUMENT_POSITION_FOLLOWING) > 0);
  expect(above, "suggestions sit right under the title, above the description");
  await page.click("#suggest summary");
  await page.screenshot({ path: join(shots, "18-report-suggestion.png") });
});

await step("in English the topic chips, units and ports are English too", async () => {
  await page.goto(`${base}/policies`);
  await page.waitForSelector("#lang-en");
  await page.click("#lang-en");
  await page.waitForSelector("#kb-list a");
  await page.waitForFunction(() => document.querySelector("h1")?.textContent.includes("Policies"));
  const chips = await page.$$eval(".kb-topic", (es) => es.map((e) => e.textContent));
  expect(chips.length > 1 && chips.every((c) => !/[\u4e00-\u9fff]/.test(c)), `chips: ${chips.join(" | ")}`);
  const meta = await page.$$eval("#kb-list .weui-media-box__desc", (es) => es.map((e) => e.textContent.split(" · ").slice(0, 2).join(" · ")));
  expect(meta.every((m) => !/[\u4e00-\u9fff]/.test(m)), `topic and unit: ${meta.slice(0, 3).join(" | ")}`);
  await page.screenshot({ path: join(shots, "16c-policies-en.png") });
  await page.click("#lang-zh");
  await page.waitForFunction(() => document.querySelector("h1")?.textContent.includes("政策"));
});

await step("the fee catalog filters by port", async () => {
  await page.goto(`${base}/fees`);
  await page.waitForSelector("#fees .fee");
  const all = await page.locator("#fees .fee").count();
  await page.selectOption("#fee-port", "dagang");
  await page.waitForFunction((n) => document.querySelectorAll("#fees .fee").length < n, all);
  expect((await page.textContent("#fees")).includes("大港港区"), "only Dagang");
});

await finish();
