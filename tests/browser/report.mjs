// What a clerk does on a phone, in headless Debian Chromium at 390x844:
// home → report (errors next to fields, draft survives a reload) → submit through a dropped
// response → receipt with QR → status page by the link the QR encodes → unknown token.
// Usage: BASE_URL=http://127.0.0.1:8787 SHOTS=dir node tests/browser/report.mjs
import { PHONE, env, expect, open } from "./harness.mjs";

const [base, shots] = env("BASE_URL", "SHOTS");
const { page, step, shot, finish } = await open(shots, PHONE);
const requested = [];
page.on("request", (r) => requested.push(new URL(r.url()).pathname));

const valid = {
  enterprise_name: "青岛海川进出口有限公司",
  uscc: "91350100M000100Y43",
  contact_name: "王丽",
  contact_phone: "13812345678",
  title: "船边直提已批准，12个集装箱仍进了堆场",
  description: "提单号COSU6234567890，12个40尺柜已获批船边直提，卸船后仍被拖进堆场，产生了堆存费。",
};

await step("home works and links to the report form", async () => {
  await page.goto(base + "/");
  await page.waitForSelector("a[href='/report']");
  const text = await page.textContent("body");
  expect(text.includes("反映问题") && text.includes("查询进度") && text.includes("政策通"), "three entries");
  await page.waitForFunction(() => !document.getElementById("shell"));
  await shot("01-home");
});

await step("an empty submit shows an error under each field and focuses the first", async () => {
  await page.click("a[href='/report']");
  await page.waitForSelector("#f-enterprise_name");
  await page.waitForSelector("#f-port option[value='qianwan']", { state: "attached" });
  await page.click("#submit");
  await page.waitForSelector(".toptip");
  for (const f of ["enterprise_name", "uscc", "contact_name", "contact_phone", "port", "title", "description", "consent"]) {
    const cls = await page.getAttribute(`#d-${f}`, "class");
    expect(cls.includes("field-note_error"), `${f} shows an error`);
    expect((await page.getAttribute(`#f-${f}`, "aria-invalid")) === "true", `${f} is aria-invalid`);
  }
  const focused = await page.evaluate(() => document.activeElement && document.activeElement.id);
  expect(focused === "f-enterprise_name", `focus on first error, got ${focused}`);
  expect((await page.textContent("#d-uscc")).includes("统一社会信用代码"), "Chinese message for uscc");
  await shot("02-report-errors");
});

await step("a wrong check character is caught on blur, and the text is kept", async () => {
  await page.fill("#f-uscc", "91350100M000100Y44");
  await page.click("#f-contact_name");
  await page.waitForFunction(() => document.querySelector("#d-uscc").textContent.includes("校验"));
  expect((await page.inputValue("#f-uscc")) === "91350100M000100Y44", "typed value kept");
});

await step("a reload mid-draft keeps every field", async () => {
  for (const [k, v] of Object.entries(valid)) await page.fill(`#f-${k}`, v);
  await page.selectOption("#f-port", "qianwan");
  await page.reload();
  await page.waitForSelector("#f-enterprise_name");
  await page.waitForSelector("#f-port option[value='qianwan']", { state: "attached" });
  for (const [k, v] of Object.entries(valid)) {
    const got = await page.inputValue(`#f-${k}`);
    expect(got === v, `${k} after reload: ${got}`);
  }
  expect((await page.inputValue("#f-port")) === "qianwan", "port after reload");
  await shot("03-report-filled");
});

await step("without the notice agreed to nothing is sent, and nothing typed is lost", async () => {
  expect(!(await page.isChecked("#f-consent")), "the box is not ticked for the clerk");
  const notice = await page.textContent(".consent__notice");
  for (const w of ["手机号", "承办单位", "3 年", "删除"]) expect(notice.includes(w), `short notice says ${w}: ${notice}`);
  let posted = 0;
  const count = (r) => { if (r.method() === "POST" && r.url().endsWith("/api/cases")) posted++; };
  page.on("request", count);
  await page.click("#submit");
  await page.waitForSelector("#d-consent.field-note_error");
  page.off("request", count);
  expect(posted === 0, `nothing sent (${posted})`);
  expect((await page.textContent("#d-consent")).includes("勾选同意"), "the message names what to do");
  const focused = await page.evaluate(() => document.activeElement && document.activeElement.id);
  expect(focused === "f-consent", `focus on the box, got ${focused}`);
  for (const [k, v] of Object.entries(valid)) expect((await page.inputValue(`#f-${k}`)) === v, `${k} kept`);
  await page.locator(".consent").scrollIntoViewIfNeeded();
  await shot("03b-report-consent");
});

await step("the full notice is a page of its own, and coming back keeps the draft", async () => {
  await page.click(".consent__notice a");
  await page.waitForSelector("#notice");
  const text = await page.textContent("#notice");
  for (const w of ["收集什么", "谁能看到", "保存多久", "您的权利", "个人信息请求"]) expect(text.includes(w), `the notice says ${w}`);
  expect((await page.textContent("#notice-version")).trim() === "2026-11-24", "its version");
  await page.waitForFunction(() => [...document.querySelectorAll(".years")].every((e) => e.textContent === "3"));
  await shot("03c-privacy-notice");
  await page.goBack();
  await page.waitForSelector("#f-title");
  expect((await page.inputValue("#f-title")) === valid.title, "the draft is still there");
  await page.check("#f-consent");
  expect(!(await page.$("#d-consent.field-note_error")), "ticking clears the message");
});

let firstCaseNo, firstToken;
await step("submitting gives a receipt with the case number and a QR code", async () => {
  await page.click("#submit");
  await page.waitForURL(/\/receipt\//);
  await page.waitForSelector("#case-no");
  firstCaseNo = (await page.textContent("#case-no")).trim();
  expect(/^ZTC-\d{8}-\d{4}$/.test(firstCaseNo), `case number ${firstCaseNo}`);
  await page.waitForFunction(() => { const i = document.getElementById("qr"); return i && i.complete && i.naturalWidth > 0; });
  expect((await page.getAttribute("#qr", "src")).endsWith("/qr.png"), "a PNG picture, which WeChat's long-press saves and reads");
  const text = await page.textContent("body");
  expect(text.includes("已受理") && text.includes("长按"), "receipt texts");
  // the committed deadline and what happens next
  const next = await page.textContent("#next-steps");
  expect(/承诺办结时间：\d{4}年/.test(next) && next.includes("评价"), `next steps: ${next}`);
  expect((await page.title()).startsWith("已受理"), `title names the page: ${await page.title()}`);
  expect(await page.$("#home-link"), "a way back home");
  await shot("04-receipt", true);
});

await step("the QR's link opens the status page with the contact masked", async () => {
  const token = page.url().split("/receipt/")[1];
  firstToken = token;
  const href = await page.getAttribute("#status-link", "href");
  expect(href === `/c/${token}`, `status link ${href}`);
  await page.click("#status-link");
  await page.waitForSelector("#case-status");
  expect((await page.textContent("#case-no")).trim() === firstCaseNo, "same case");
  const contact = await page.textContent("#contact");
  expect(contact.includes("138****5678") && !contact.includes("13812345678"), `masked: ${contact}`);
  expect((await page.textContent(".timeline")).includes("已受理"), "timeline");
  // nobody asked anything: no empty reply box above the details, one folded button below
  expect(!(await page.$("#message")), "no reply box when nothing was asked");
  const order = await page.evaluate(() => {
    const add = document.querySelector("#add-info"), words = document.querySelector(".case-words");
    return add && words && (words.compareDocumentPosition(add) & Node.DOCUMENT_POSITION_FOLLOWING) > 0;
  });
  expect(order, "the 补充说明 button comes after the details");
  const state = await page.textContent("#case-status");
  expect(!/待确认分级|已分级/.test(state), `the enterprise's words, not the desk's: ${state}`);
  expect((await page.title()).startsWith("办理进度"), `title: ${await page.title()}`);
  await page.click("#add-info");
  await page.waitForSelector("#message");
  await shot("05-status", true);
});

await step("a dropped response is retried with the same key and files one case", async () => {
  await page.goto(base + "/report");
  await page.waitForSelector("#f-enterprise_name");
  expect((await page.inputValue("#f-title")) === "", "draft cleared after success");
  await page.waitForSelector("#f-port option[value='dagang']", { state: "attached" });
  for (const [k, v] of Object.entries(valid)) await page.fill(`#f-${k}`, v);
  await page.fill("#f-title", "同一票货第二次反映：堆场费用未退");
  await page.selectOption("#f-port", "dagang");
  expect(!(await page.isChecked("#f-consent")), "a new report asks again");
  await page.check("#f-consent");
  // The request reaches the server, the answer never reaches the phone.
  let dropped = 0;
  await page.route("**/api/cases", async (route) => {
    if (route.request().method() === "POST" && dropped === 0) {
      dropped++;
      await route.fetch();
      await route.abort("connectionreset");
    } else {
      await route.continue();
    }
  });
  await page.click("#submit");
  await page.waitForFunction(() => document.querySelector(".toptip") && document.querySelector(".toptip").textContent.includes("网络"));
  expect((await page.inputValue("#f-title")).startsWith("同一票货"), "text kept after the drop");
  await shot("06-report-network-drop");
  await page.click("#submit");
  await page.waitForURL(/\/receipt\//);
  const second = (await page.textContent("#case-no")).trim();
  const n = (s) => parseInt(s.slice(-4), 10);
  expect(n(second) === n(firstCaseNo) + 1, `retry reused the case: ${firstCaseNo} then ${second}`);
  await page.unroute("**/api/cases");
});

await step("from the notice, a person asks to correct their number and follows the request", async () => {
  await page.goto(base + "/privacy");
  await page.click("a[href='/rights']");
  await page.waitForSelector("#rights-form");
  await page.click("#rights-submit");
  await page.waitForFunction(() => document.querySelector(".rights-kind-note").textContent.includes("选择"));
  expect((await page.textContent("#r-contact_phone-note")).includes("11"), "the number's message");
  await page.click("label[for='r-kind-correct']");
  await page.fill("#r-contact_name", "王丽");
  await page.fill("#r-contact_phone", "13812345678");
  await page.click("#rights-submit");
  await page.waitForFunction(() => document.querySelector("#r-detail-note").textContent.includes("更正"));
  await page.fill("#r-detail", "我的手机号已换成 139 0000 5555，请更正。");
  await page.fill("#r-case_no", firstCaseNo);
  // a reload (WeChat drops the page) keeps what was typed and chosen
  await page.reload();
  await page.waitForSelector("#rights-form");
  expect((await page.inputValue("#r-detail")).includes("139 0000 5555"), "the details kept");
  expect(await page.isChecked("#r-kind-correct"), "the choice kept");
  await shot("20a-rights-form");
  await page.click("#rights-submit");
  await page.waitForURL(/\/rights\/[A-Za-z0-9_-]{32}$/);
  await page.waitForSelector("#rights-no");
  expect(/^PI-\d{8}-\d{4}$/.test((await page.textContent("#rights-no")).trim()), "a request number of its own kind");
  const text = await page.textContent("#rights-request");
  expect(text.includes("办理中") && text.includes("138****5678") && !text.includes("13812345678"), `status, masked: ${text}`);
  expect((await page.title()).startsWith("个人信息请求"), `title: ${await page.title()}`);
  await shot("20b-rights-status");
  // the link lost: the home page's lookup finds the request by its number and the last four digits
  const requestNo = (await page.textContent("#rights-no")).trim();
  const requestUrl = page.url();
  await page.goto(base + "/lookup");
  await page.fill("#lookup-no", requestNo);
  await page.fill("#lookup-last4", "5678");
  await page.click("#lookup-submit");
  await page.waitForURL(requestUrl);
  await page.waitForSelector("#rights-no");
});

await step("an unknown token gives a friendly not-found page", async () => {
  await page.goto(base + "/c/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
  await page.waitForSelector(".not-found");
  expect((await page.textContent("body")).includes("没有找到这条问题"), "not-found text");
  await shot("07-status-not-found");
});

await step("English on request, and back to Chinese", async () => {
  await page.goto(base + "/");
  await page.waitForSelector("#lang-en");
  await page.click("#lang-en");
  await page.waitForFunction(() => document.querySelector("h1")?.textContent.includes("Through-Train"));
  expect((await page.getAttribute("html", "lang")) === "en", "<html lang> follows the choice");
  expect((await page.textContent("body")).includes("Large text"), "the switches speak English too");
  await shot("09a-home-en");
  await page.goto(base + "/report");
  await page.waitForSelector("#f-title");
  expect((await page.textContent("body")).includes("Company name"), "the form in English");
  await shot("09b-report-en");
  await page.goto(`${base}/c/${firstToken}`);
  await page.waitForSelector("#case-no");
  const [label, line] = await page.$eval(".weui-form-preview__hd .weui-form-preview__label",
    (e) => [e.getBoundingClientRect().height, parseFloat(getComputedStyle(e).lineHeight)]);
  expect(label < line * 1.5, `the case-number label stays on one line (${label}px, line ${line}px)`);
  expect(!(await page.textContent("#submitted-at")).includes("年"), "dates in English");
  await shot("09c-status-en", true);
  await page.goto(base + "/");
  await page.waitForSelector("#lang-zh");
  await page.click("#lang-zh");
  await page.waitForFunction(() => document.querySelector("h1")?.textContent.includes("直通车"));
});

await step("large text (关怀模式) grows the page at once and stays on", async () => {
  const size = () => page.evaluate(() => parseFloat(getComputedStyle(document.querySelector(".home-entry__title")).fontSize));
  const before = await size();
  await page.click("#care");
  await page.waitForFunction(() => document.documentElement.classList.contains("care"));
  const after = await size();
  expect(after >= before * 1.15, `title ${before}px → ${after}px`);
  await page.reload();
  await page.waitForSelector("#care[aria-pressed='true']");
  expect(await page.evaluate(() => document.documentElement.classList.contains("care")), "kept after a reload");
  await shot("09-care-mode");
  await page.goto(`${base}/c/${firstToken}`);
  await page.waitForSelector("#case-no");
  const no = await page.$eval("#case-no", (e) => [e.getBoundingClientRect().height, parseFloat(getComputedStyle(e).lineHeight) || 34]);
  expect(no[0] < no[1] * 1.5, `the case number on one line in 关怀模式 (${no[0]}px)`);
  await shot("09d-status-care", true);
  await page.goto(`${base}/`);
  await page.waitForSelector("#care");
  await page.click("#care");
  await page.waitForFunction(() => !document.documentElement.classList.contains("care"));
});

await step("the phone never downloads the staff console", async () => {
  const console_ = requested.filter((p) => p.includes("console"));
  expect(console_.length === 0, `console files fetched: ${console_.join(", ")}`);
  expect(requested.some((p) => /^\/pkg\/app_bg\.[0-9a-f]{10}\.wasm$/.test(p)), "the portal bundle was fetched");
});

await finish();
