// An officer at a desk (1440x900), in an office with more than a page of open cases: log in,
// page the queue, find the wharf case by its number, change its grade with a reason, reply,
// resolve; then the enterprise's phone status page shows the reply.
// Usage: BASE_URL=… TOKEN=… CASE_NO=… USERNAME=… PASSWORD=… SHOTS=dir node tests/browser/console.mjs
import { join } from "node:path";
import { DESK, env, expect, open } from "./harness.mjs";

const [base, token, caseNo, username, password, shots] = env("BASE_URL", "TOKEN", "CASE_NO", "USERNAME", "PASSWORD", "SHOTS");
const total = async () => Number((await page.textContent("#queue-total")).replace(/[^0-9]/g, ""));
const { browser, page, step, shot, finish } = await open(shots, DESK);
const requested = [];
page.on("request", (r) => requested.push(new URL(r.url()).pathname));

const reply = "已联系前湾港区核实，今天下班前给您答复。";
// a fresh sign-in as another member of staff
const login = async (user) => {
  await page.context().clearCookies();
  await page.goto(base + "/staff/login");
  await page.fill("#username", user);
  await page.fill("#password", password);
  await page.click("#login");
  await page.waitForURL(base + "/staff");
};
const answer = "经核实为码头调度失误，堆存费已免除，请到窗口办理退费。";

await step("without a session the console sends you to log in", async () => {
  await page.goto(base + "/staff");
  await page.waitForURL(/\/staff\/login/);
  await page.waitForSelector("#username");
  await shot("10-console-login");
});

await step("a wrong password is told next to the form", async () => {
  await page.fill("#username", username);
  await page.fill("#password", "not-the-password-1");
  await page.click("#login");
  await page.waitForFunction(() => document.querySelector("#login-error").textContent.includes("不正确"));
});

await step("logging in opens the queue, priority first", async () => {
  await page.fill("#password", password);
  await page.click("#login");
  await page.waitForURL(base + "/staff");
  await page.waitForSelector("#queue tbody tr");
  expect(requested.some((p) => /^\/pkg\/console_bg\.[0-9a-f]{10}\.wasm$/.test(p)), "the console bundle loaded");
  await shot("11-console-queue");
});

await step("the queue pages fifty at a time", async () => {
  const all = await total();
  expect(all > 50, `more than a page open (${all})`);
  expect((await page.locator("#queue tbody tr").count()) === 50, "fifty on a page");
  const top = await page.textContent("#queue tbody tr a.case-link");
  await page.click("#page-next");
  await page.waitForFunction(() => document.querySelector("#page-of")?.textContent?.includes("第 2 /"));
  await page.waitForFunction((t) => document.querySelector("#queue tbody tr a.case-link")?.textContent !== t, top);
  await page.click("#page-prev");
  await page.waitForFunction((t) => document.querySelector("#queue tbody tr a.case-link")?.textContent === t, top);
});

await step("filters narrow the queue and clear again", async () => {
  const all = await total();
  await page.selectOption("#filter-category", "consult");
  await page.waitForFunction((n) => Number(document.querySelector("#queue-total")?.textContent?.replace(/[^0-9]/g, "") ?? NaN) < n, all);
  expect((await page.textContent("#queue tbody")).includes("共性咨询问题"), "only consult cases");
  expect((await page.locator("#queue tbody tr", { hasText: "个性实务问题" }).count()) === 0, "no practice cases");
  await page.selectOption("#filter-category", "");
  await page.waitForFunction((n) => Number(document.querySelector("#queue-total")?.textContent?.replace(/[^0-9]/g, "") ?? NaN) === n, all);
});

await step("a company's name finds its cases; a typed case number opens the case", async () => {
  await page.fill("#queue-search", "海川");
  await page.waitForFunction(() => document.querySelectorAll("#queue tbody tr").length === 2);
  await page.fill("#queue-search", caseNo.toLowerCase());
  await page.press("#queue-search", "Enter");
  await page.waitForURL(`${base}/staff/cases/${caseNo}`);
  await page.waitForSelector("#case-grade");
  expect((await page.textContent("#case-no")).trim() === caseNo, "same case");
  const reasons = await page.textContent(".reasons");
  expect(reasons.includes("单证编号") && reasons.toLowerCase().includes("cosu"), `reasons named, with the words: ${reasons}`);
});

await step("grading and handing to an officer are one step with a reason of their own", async () => {
  const before = (await page.textContent("#case-grade")).trim();
  // only those who may hold a customs case are offered: the desk and customs' own handlers
  await page.waitForSelector("#t-assignee option:nth-child(2)", { state: "attached" });
  const offered = await page.$$eval("#t-assignee option", (os) => os.slice(1).map((o) => o.textContent));
  expect(offered.length >= 2 && offered.every((o) => /首问受理员|责任单位/.test(o)), `offered: ${offered.join(" | ")}`);
  expect(!offered.some((o) => /工作专班|领导小组|管理员/.test(o)), "no supervisors, leaders or administrators");
  await page.selectOption("#t-importance", "A");
  const handler = await page.$eval("#t-assignee", (s) => [...s.options].find((o) => o.textContent.includes("责任单位")).value);
  await page.selectOption("#t-assignee", handler);
  await page.click("#do-triage");
  await page.waitForFunction(() => document.querySelector("#triage-error")?.textContent?.includes("理由"));
  await page.fill("#t-reason", "涉及多家企业，提高重要性");
  await page.click("#do-triage");
  await page.waitForFunction((b) => (document.querySelector("#case-grade")?.textContent?.trim() ?? b) !== b, before);
  expect((await page.textContent("#case-grade")).trim().startsWith("A"), "importance A");
  expect((await page.textContent(".events")).includes("涉及多家企业"), "reason in the timeline");
  expect((await page.$eval("#t-assignee", (s) => s.value)) === handler, "assigned in the same step");
});

await step("a reply goes to the enterprise", async () => {
  // an empty reply is refused where the officer is: the cursor goes back to the box
  await page.fill("#reply", "");
  await page.click("#do-reply");
  await page.waitForFunction(() => document.activeElement?.id === "reply"
    && document.querySelector("#action-error")?.textContent?.includes("答复"));
  await page.fill("#reply", reply);
  await page.click("#do-reply");
  await page.waitForFunction((r) => document.querySelector(".events")?.textContent?.includes(r), reply);
});

await step("the handbook on the case page offers the matching Q&A, quoted into the reply in one click", async () => {
  await page.waitForSelector("#handbook .quote");
  const listed = await page.textContent("#handbook");
  expect(listed.includes("船边直提"), `the matching entries: ${listed}`);
  await page.fill("#reply", "");
  await page.locator("#handbook .quote").first().click();
  await page.waitForFunction(() => document.querySelector("#reply").value.includes("依据"));
  // 一次性告知: the practice list's materials, ticked at once
  const materials = await page.textContent("#materials");
  expect(materials.includes("报关单号") && materials.includes("提单号"), `the practice checklist: ${materials}`);
  await page.locator(".case__side").screenshot({ path: join(shots, "12c-console-handbook.png") });
  await page.fill("#reply", "");
});

await step("answering resolves the case", async () => {
  await page.fill("#reply", answer);
  await page.click("#do-answer");
  // nothing is sent before the second, explicit click
  await page.waitForSelector("#confirm-answer");
  expect(!(await page.textContent("#case-status")).includes("已答复"), "not answered before confirming");
  await page.click("#cancel-answer");
  expect((await page.locator("#confirm-answer").count()) === 0, "cancel closes the question");
  expect((await page.inputValue("#reply")) === answer, "the text is kept");
  await page.click("#do-answer");
  await page.click("#confirm-answer");
  await page.waitForFunction(() => document.querySelector("#case-status")?.textContent?.includes("已答复"));
  // the answer is at the top, in view, not below the fold
  const top = await page.$eval("#latest-answer", (e) => e.getBoundingClientRect().top);
  expect(top < 900 && (await page.textContent("#latest-answer")).includes(answer.slice(0, 8)), `answer in view (${top}px)`);
  await shot("12-console-case");
});

await step("the contact's number is masked until a click shows it (the API test checks the log)", async () => {
  await page.goto(base + `/staff/cases/${caseNo}`);
  await page.waitForSelector("#contact-reveal");
  expect((await page.textContent("#contact-phone")).includes("****"), "masked at first");
  await page.click("#contact-reveal");
  await page.waitForFunction(() => /^1\d{10}$/.test(document.querySelector("#contact-phone")?.textContent ?? ""));
  expect((await page.locator("#contact-reveal").count()) === 0, "shown once asked");
});

await step("on a tablet (820x1180) the actions sit beside the case and queue cells keep one line", async () => {
  await page.setViewportSize({ width: 820, height: 1180 });
  const side = await page.$eval(".case__side", (e) => e.getBoundingClientRect().top);
  expect(side < 300, `the actions start at the top, not two screens down (${side}px)`);
  await shot("12b-console-case-tablet");
  await page.click("a.back");
  await page.waitForSelector("#queue tbody tr");
  const lines = await page.evaluate(() => {
    const range = document.createRange();
    range.selectNodeContents(document.querySelector("#queue tbody tr td.cell-due"));
    return range.getClientRects().length;
  });
  expect(lines === 1, `办结时限 stays on one line (${lines} lines)`);
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth), "the page itself does not scroll sideways");
  await shot("11b-console-queue-tablet");
  await page.setViewportSize({ width: 1440, height: 900 });
});

await step("the follow-up page shows the 差评 visit coverage and pages each list", async () => {
  await page.click("a[href='/staff/follow-ups']");
  await page.waitForSelector("#coverage");
  const [, visited, bad] = (await page.textContent("#coverage")).match(/(\d+)\/(\d+)/);
  expect(Number(bad) > 20 && Number(visited) < Number(bad), `the office's 差评 wait for their visits: ${visited}/${bad}`);
  await shot("15-console-follow-ups");
  const first = await page.textContent("#bad-list + .follow-list a.case-link");
  await page.click("#bad-page-next");
  await page.waitForFunction(() => document.querySelector("#bad-page-of")?.textContent?.includes("第 2 /"));
  expect((await page.textContent("#bad-list + .follow-list a.case-link")) !== first, "page 2 of the 差评");
  expect((await page.textContent("#unrated-page-of")).includes("第 1 /"), "the other list keeps its page");
  await page.click("#unrated-page-next");
  await page.waitForFunction(() => document.querySelector("#unrated-page-of")?.textContent?.includes("第 2 /"));
  expect((await page.textContent("#bad-page-of")).includes("第 2 /"), "and the first keeps its own");
});

await step("the phone status page shows the reply and the answer", async () => {
  const phone = await browser.newPage();
  await phone.setViewportSize({ width: 390, height: 844 });
  await phone.goto(`${base}/c/${token}`);
  await phone.waitForSelector("#case-status");
  const text = await phone.textContent("body");
  expect(text.includes(reply) && text.includes(answer), "reply and answer public");
  expect((await phone.textContent("#case-status")).includes("已答复"), "status answered");
  await phone.screenshot({ path: join(shots, "08-status-answered.png") });
  await phone.close();
});

await step("ticked cases are graded and assigned together; the bar says which did not go through", async () => {
  await page.goto(base + "/staff");
  await page.waitForSelector("#queue tbody tr .pick-case");
  await page.fill("#queue-search", "海川");
  await page.waitForFunction(() => document.querySelectorAll("#queue tbody tr").length === 2);
  const boxes = page.locator("#queue tbody tr .pick-case");
  expect((await boxes.count()) === 2, "both cases can be ticked");
  await boxes.nth(0).check();
  await boxes.nth(1).check();
  await page.waitForSelector("#bulk");
  expect((await page.textContent("#bulk")).includes("已选 2 件"), "the bar counts");
  // only the new case is graded: the answered one is left as it is
  await page.click("#bulk-confirm");
  await page.waitForFunction(() => document.querySelector("#bulk-outcome")?.textContent?.includes("已处理 1 件"));
  await page.waitForSelector("#queue tbody tr .pick-case");
  await page.locator("#queue tbody tr .pick-case").nth(0).check();
  await page.locator("#queue tbody tr .pick-case").nth(1).check();
  await page.waitForSelector("#bulk-officer option:nth-child(2)", { state: "attached" });
  const handler = await page.$eval("#bulk-officer", (s) => [...s.options].find((o) => o.textContent.includes("责任单位")).value);
  await page.selectOption("#bulk-officer", handler);
  await page.click("#bulk-assign");
  await page.waitForFunction(() => document.querySelector("#bulk-outcome")?.textContent?.includes("未能处理"));
  expect((await page.textContent("#bulk-outcome")).includes("已处理 1 件"), "the open case was assigned, the answered one named");
  await shot("11c-console-bulk");
});

await step("a unit gives a case outside its remit back to the desk, which lands on it first", async () => {
  // a new report, routed by the desk to customs, which is not customs' business
  const no = await page.evaluate(async () => {
    const json = { "content-type": "application/json" };
    const filed = await fetch("/api/cases", {
      method: "POST",
      headers: { ...json, "Idempotency-Key": "browser-return-000001" },
      body: JSON.stringify({
        enterprise_name: "青岛北岸贸易有限公司", uscc: "91350100M000100Y43", contact_name: "周宁",
        contact_phone: "139 0000 1111", port: "huangdao", title: "出口退税迟迟未到账",
        description: "去年第四季度的出口退税申报已审核通过，至今未到账。", consent: "2026-11-24",
      }),
    }).then((r) => r.json());
    const routed = await fetch(`/api/staff/cases/${filed.case_no}/actions`, {
      method: "POST", headers: json,
      body: JSON.stringify({ action: "triage", category: "practice", importance: "B", urgency: "B", department: "customs", level: 2, reason: "分办" }),
    });
    if (!routed.ok) throw new Error(`routing: ${routed.status}`);
    return filed.case_no;
  });
  await login("customs");
  await page.goto(base + `/staff/cases/${no}`);
  await page.waitForSelector("#do-return");
  expect((await page.textContent("#return-hint")).includes("时限照常计算"), "the clock keeps running, said so");
  await page.click("#do-return");
  await page.waitForFunction(() => document.querySelector("#action-error")?.textContent?.trim().length > 0);
  await page.fill("#reason", "属出口退税事项，应由税务部门办理");
  await page.click("#do-return");
  await page.waitForSelector("#case-returned");
  expect((await page.textContent(".events")).includes("属出口退税事项"), "the reason is on the record");
  await login(username);
  await page.waitForFunction(() => document.querySelector("#tab-returned")?.classList.contains("tab_on"));
  await page.waitForFunction((no) => document.querySelector("#queue tbody")?.textContent?.includes(no), no);
  expect((await page.textContent("#queue tbody")).includes("退回"), "flagged in the row");
  await shot("11d-console-returned");
});

await step("the desk asks another unit to assist; that unit replies to its own task only", async () => {
  await login(username);
  const { no, due } = await page.evaluate(async () => {
    const json = { "content-type": "application/json" };
    const filed = await fetch("/api/cases", {
      method: "POST",
      headers: { ...json, "Idempotency-Key": "browser-assist-000001" },
      body: JSON.stringify({
        enterprise_name: "青岛东港冷链有限公司", uscc: "91350100M000100Y43", contact_name: "孙梅",
        contact_phone: "139 0000 2222", port: "qianwan", title: "冷链柜查验后退税材料不全",
        description: "冷链柜查验放行后，出口退税需要的报关单证明联迟迟拿不到。", consent: "2026-11-24",
      }),
    }).then((r) => r.json());
    await fetch(`/api/staff/cases/${filed.case_no}/actions`, {
      method: "POST", headers: json,
      body: JSON.stringify({ action: "triage", category: "practice", importance: "B", urgency: "B", department: "customs", level: 2, reason: "分办" }),
    });
    const view = await fetch(`/api/staff/cases/${filed.case_no}`).then((r) => r.json());
    // an hour before the case's deadline, as Shanghai wall time for the datetime-local input
    const d = new Date(Date.parse(view.due_at) - 3600e3 + 8 * 3600e3);
    return { no: filed.case_no, due: d.toISOString().slice(0, 16) };
  });
  await page.goto(base + `/staff/cases/${no}`);
  await page.waitForSelector("#assist-add");
  await page.selectOption("#assist-unit", "tax");
  await page.fill("#assist-text", "请核实报关单证明联的签发进度");
  await page.fill("#assist-due", due);
  await page.click("#assist-add");
  await page.waitForSelector("#assist .assist__task");
  expect((await page.textContent("#assist")).includes("待回复"), "the task waits for its reply");
  await login("tax");
  await page.goto(base + `/staff/cases/${no}`);
  await page.waitForSelector("#assist .assist-reply");
  expect((await page.locator("#do-answer").count()) === 0, "the assisting unit cannot answer the case");
  await page.fill("#assist .assist-reply", "证明联已于今日签发，可在单一窗口下载");
  await page.click("#assist .assist-send");
  await page.waitForFunction(() => document.querySelector("#assist")?.textContent?.includes("已回复"));
  await page.locator("#assist").screenshot({ path: join(shots, "12d-console-assist.png") });
});

await step("the task force issues a supervision order at level 3", async () => {
  await login("super");
  const { no, token: orderToken } = await page.evaluate(async () => {
    const json = { "content-type": "application/json" };
    const filed = await fetch("/api/cases", {
      method: "POST",
      headers: { ...json, "Idempotency-Key": "browser-order-000001" },
      body: JSON.stringify({
        enterprise_name: "青岛西港物流有限公司", uscc: "91350100M000100Y43", contact_name: "刘洋",
        contact_phone: "139 0000 3333", port: "dagang", title: "查验后三天仍未放行",
        description: "集装箱查验已完成三天，系统仍显示未放行，货主每天产生滞箱费。", consent: "2026-11-24",
      }),
    }).then((r) => r.json());
    const act = (body) => fetch(`/api/staff/cases/${filed.case_no}/actions`, { method: "POST", headers: json, body: JSON.stringify(body) });
    await act({ action: "triage", category: "practice", importance: "B", urgency: "A", department: "customs", level: 2, reason: "分办" });
    const up = await act({ action: "escalate", level: 3, reason: "久拖未决" });
    if (!up.ok) throw new Error(`escalate: ${up.status}`);
    return { no: filed.case_no, token: filed.token };
  });
  await page.goto(base + `/staff/cases/${no}`);
  await page.waitForSelector("#order-add");
  await page.fill("#order-text", "请于明日下班前放行并报告原因");
  const due = await page.evaluate(() => new Date(Date.now() + 8 * 3600e3 + 24 * 3600e3).toISOString().slice(0, 16));
  await page.fill("#order-due", due);
  await page.click("#order-add");
  await page.waitForSelector("#supervision .assist__task");
  expect((await page.textContent("#supervision")).includes("请于明日下班前放行"), "the order is on the case");
  await page.locator("#supervision").screenshot({ path: join(shots, "12e-console-supervision.png") });
  // the enterprise's phone: who took it over and that it was supervised, the first contact as a role
  const phone = await browser.newPage();
  await phone.setViewportSize({ width: 390, height: 844 });
  await phone.goto(`${base}/c/${orderToken}`);
  await phone.waitForSelector("#case-status");
  const text = await phone.textContent("body");
  expect(text.includes("工作专班已督办"), "the stage says supervised, an order being on record");
  expect(text.includes("首问负责") && !text.includes("王磊"), "the first contact as a role, never a name");
  await phone.locator(".weui-form-preview").screenshot({ path: join(shots, "09e-status-supervised.png") });
  await phone.close();
});

await step("customs is told: the bell counts, the list opens the case, and a WeCom robot is set", async () => {
  await login("customs");
  await page.waitForSelector("#bell-count");
  const unread = Number(await page.textContent("#bell-count"));
  expect(unread >= 2, `customs has unread notifications (${unread})`);
  await page.click("#bell");
  await page.waitForSelector("#told .told__item");
  const list = await page.textContent("#told");
  expect(list.includes("督办单") && list.includes("新分派"), "the order and the assignment are listed");
  expect((await page.locator("#told .told__item_unread").count()) === unread, "unread ones stand out");
  await page.screenshot({ path: join(shots, "12f-console-notifications.png") });
  await page.click("#read-all");
  // the list asked again and shows none unread (not merely gone while it reloads)
  await page.waitForFunction(() =>
    document.querySelector("#told") && !document.querySelector("#told .told__item_unread")
    && /^0\D/.test(document.querySelector("#told-unread")?.textContent ?? ""));
  // where else to be told: a robot's address is checked before it is kept
  await page.selectOption("#notify-kind", "wecom");
  await page.fill("#notify-url", "http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x");
  await page.click("#notify-save");
  await page.waitForSelector("#notify-pref [role=alert]");
  expect((await page.textContent("#notify-pref [role=alert]")).includes("https://"), "the address must be https");
  await page.fill("#notify-url", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6");
  await page.check("#notify-digest");
  await page.click("#notify-save");
  await page.waitForSelector("#notify-saved");
  await page.locator("#notify-pref").screenshot({ path: join(shots, "12g-console-notify-pref.png") });
  // opening a notification's case from the list
  await page.locator("#told .case-link").first().click();
  await page.waitForURL(/\/staff\/cases\//);
});

await step("the administrator's page names roles, units and categories, not codes", async () => {
  await page.context().clearCookies();
  await page.goto(base + "/staff/login");
  await page.fill("#username", "admin");
  await page.fill("#password", password);
  await page.click("#login");
  await page.waitForURL(base + "/staff");
  await page.goto(base + "/staff/admin");
  await page.waitForSelector(".templates li");
  await page.waitForSelector("#kb-list", { state: "attached" });
  const text = await page.textContent("main");
  expect(text.includes("首问受理员") && text.includes("工作专班"), "roles by name");
  expect(!/front_desk|supervisor/.test(text), "no role codes");
  expect(text.includes("海关"), "the handler's unit by name");
  const first = await page.textContent(".templates li");
  expect(!/\[(basic|consult|practice|innovation)\]/.test(first), `template category by name: ${first}`);
});

await step("on a phone the accounts table scrolls sideways in its place and the page does not", async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForSelector("#accounts tbody tr");
  const widths = await page.evaluate(() => {
    const t = document.querySelector("#accounts");
    return { page: document.documentElement.scrollWidth, inner: innerWidth, table: t.scrollWidth, frame: t.clientWidth };
  });
  expect(widths.page <= widths.inner, `the page stays on the screen: ${JSON.stringify(widths)}`);
  expect(widths.table > widths.frame, `the table scrolls inside its frame: ${JSON.stringify(widths)}`);
  await page.setViewportSize({ width: 1440, height: 900 });
});

await step("the administrator enters next year's days off and a working weekend, and the commitment", async () => {
  await page.waitForSelector("#calendar #cal-save");
  expect((await page.textContent("#calendar")).includes("内置"), "built-in days in use, said so");
  const y = new Date().getFullYear() + 1;
  const iso = (d) => d.toISOString().slice(0, 10);
  const first = (weekday) => { const d = new Date(Date.UTC(y, 9, 1)); while (d.getUTCDay() !== weekday) d.setUTCDate(d.getUTCDate() + 1); return iso(d); };
  const [monday, saturday] = [first(1), first(6)];
  const add = async (day, kind, note) => {
    await page.fill("#cal-day", day);
    await page.selectOption("#cal-kind", kind);
    await page.fill("#cal-note", note);
    await page.click("#cal-add");
  };
  await add(monday, "workday", "调休");
  await page.click("#cal-save");
  await page.waitForFunction(() => document.querySelector("#calendar [role=alert]").textContent.includes("周六或周日"));
  await page.click(`#cal-days button[aria-label="删除 ${monday}"]`);
  await add(`${y}-10-01`, "holiday", "国庆节");
  await add(saturday, "workday", "国庆调休");
  await page.click("#cal-save");
  await page.waitForFunction((y) => document.querySelector("#calendar [role=status]").textContent.includes(`${y} 年安排已保存`), y);
  await page.fill("#c-A-resolution", "9");
  await page.click("#commitment-save");
  await page.waitForFunction(() => document.querySelector("#commitment [role=alert]").textContent.includes("更紧急"));
  await page.fill("#c-A-resolution", "2");
  await page.click("#commitment-save");
  await page.waitForFunction(() => document.querySelector("#commitment [role=status]").textContent.includes("已保存"));
  await shot("19-console-admin-settings");
  await page.reload();
  await page.waitForSelector("#cal-days tbody tr");
  const rows = await page.textContent("#cal-days");
  expect(rows.includes(`${y}-10-01`) && rows.includes(saturday) && rows.includes("调休上班") && !rows.includes(monday), `saved days listed: ${rows}`);
  expect(!(await page.textContent("#calendar")).includes("内置"), "the saved calendar is in use");
  expect((await page.inputValue("#c-A-resolution")) === "2", "the commitment kept");
});

await step("the administrator adds a routing rule; an empty one is refused by its number", async () => {
  await page.waitForSelector("#routing #rule-add");
  await page.click("#rule-add");
  await page.click("#rules-save");
  await page.waitForFunction(() => document.querySelector("#routing [role=alert]").textContent.includes("第 1 条规则"));
  await page.fill("#rule-0-words", "乱收费、违规收费");
  await page.fill("#rule-0-unless", "码头");
  await page.selectOption("#rule-0-department", "port_office");
  await page.fill("#rule-0-note", "收费投诉由口岸办统一受理");
  await page.click("#rules-save");
  await page.waitForFunction(() => document.querySelector("#routing [role=status]").textContent.includes("已保存"));
  expect((await page.textContent("#routing [role=alert]")).trim() === "", "the refusal cleared");
  await page.reload();
  await page.waitForSelector("#rule-0-words");
  expect((await page.inputValue("#rule-0-words")) === "乱收费、违规收费", "the words kept");
  expect((await page.inputValue("#rule-0-department")) === "port_office", "the unit kept");
  await page.locator("#routing").screenshot({ path: join(shots, "19b-console-routing-rules.png") });
});

await step("the administrator sees how the engine did last month, another month, and exports the cases", async () => {
  await page.waitForSelector("#agreement #agreement-summary");
  const last = await page.inputValue("#agreement-month");
  expect(/^\d{4}-\d{2}$/.test(last), `last month in the picker: ${last}`);
  const summary = await page.textContent("#agreement-summary");
  expect(summary.includes(last) && /已确认 \d+ 件/.test(summary), summary);
  expect((await page.locator("#agreement-category tbody tr").count()) >= 3, "a row per confirmed category");
  expect((await page.locator("#agreement-department tbody tr").count()) >= 3, "a row per confirmed unit");
  const instead = await page.locator("#agreement-category tbody td:nth-child(5)").allTextContents();
  expect(instead.some((t) => t.trim() !== ""), `what the engine said instead: ${instead}`);
  await page.locator("#agreement").screenshot({ path: join(shots, "19c-console-agreement.png") });
  const href = await page.getAttribute("#training-export", "href");
  expect(href.endsWith(`month=${last}`), href);
  const file = await page.request.get(new URL(href, page.url()).href);
  expect(file.status() === 200, `export ${file.status()}`);
  const lines = (await file.text()).split("\n").filter((l) => l && !l.startsWith("#"));
  expect(lines.length > 0 && lines.every((l) => l.split("\t").length === 6), `training lines: ${lines.slice(0, 2)}`);
  const confirmed = Number(summary.match(/已确认 (\d+) 件/)[1]);
  expect(confirmed > 500 && lines.length === confirmed, `one line per confirmed case, across D1 chunks of 500: ${lines.length} of ${confirmed}`);
  const [y, m] = last.split("-").map(Number);
  const before = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, "0")}`;
  await page.fill("#agreement-month", before);
  await page.waitForFunction((b) => {
    const text = document.querySelector("#agreement").textContent;
    return text.includes(`${b}：`) || text.includes(`${b} 没有`);
  }, before);
  expect((await page.getAttribute("#training-export", "href")).endsWith(`month=${before}`), "the export follows the month");
});

await step("the administrator reads the audit log by action and exports it", async () => {
  await page.goto(base + "/staff/admin");
  await page.waitForSelector("#audit-rows tr");
  await page.selectOption("#audit-action", "reveal_contact");
  await page.waitForFunction(() => [...document.querySelectorAll("#audit-rows tr")].every((r) => r.textContent.includes("查看完整联系电话")));
  expect((await page.getAttribute("#audit-export", "href")).includes("action=reveal_contact"), "the export follows the filter");
  await page.locator("#audit").screenshot({ path: join(shots, "19d-console-audit.png") });
});

await step("a person's request is answered on the admin page; the tools find, correct and erase", async () => {
  const filed = await page.evaluate(async () => {
    const r = await fetch("/api/rights", {
      method: "POST", headers: { "content-type": "application/json", "Idempotency-Key": "browser-rights-000001" },
      body: JSON.stringify({ kind: "erase", contact_name: "孙梅", contact_phone: "139 0000 2222", detail: "已离职，请删除我的号码" }),
    });
    return r.json();
  });
  await page.goto(base + "/staff/admin");
  await page.waitForSelector(`#person-rights .rights__item[data-no='${filed.request_no}']`);
  expect((await page.textContent("#rights-open")).includes("1"), "one waiting");
  await page.waitForSelector("#bell-count");
  expect(Number(await page.textContent("#bell-count")) >= 1, "the administrator's bell counts the request");
  const item = page.locator(`.rights__item[data-no='${filed.request_no}']`);
  await item.locator("button.btn_plain").click();
  expect((await page.inputValue("#person-key")) === "13900002222", "the request's number handed to the tools");
  await page.waitForFunction(() => /共 1 件/.test(document.querySelector("#person-held")?.textContent || ""));
  await page.locator("#person-rights").screenshot({ path: join(shots, "19e-console-person.png") });
  page.once("dialog", (d) => d.accept());
  await page.click("#person-erase");
  await page.waitForFunction(() => document.querySelector("#person-erase-error")?.textContent.includes("理由"));
  await page.fill("#person-reason", "本人来电申请删除，已回拨核实");
  expect((await page.textContent("#person-erase")).includes("13900002222"), "the button names whom it erases");
  page.once("dialog", (d) => d.accept());
  await page.click("#person-erase");
  await page.waitForSelector("#person-erased");
  expect((await page.textContent("#person-erased")).includes("1"), "erased from one case");
  await item.locator("textarea").fill("已电话核实本人，您在 1 件诉求中的姓名和手机号已删除。");
  await item.locator(".btn_primary").click();
  // answered: the item shows the answer and no form (its outcome list also says 已办结, so wait for the answer)
  await page.waitForSelector(`.rights__item[data-no='${filed.request_no}'] .rights__answer`);
  expect(!(await item.locator("textarea").count()), "answered once: no form left");
  const phone = await page.evaluate(async (t) => (await (await fetch(`/api/rights/${t}`)).json()).answer, filed.token);
  expect(phone.includes("已删除"), `the person reads the answer: ${phone}`);
});

await step("a pasted holiday notice fills the year's list for review", async () => {
  const y = new Date().getFullYear() + 1;
  await page.fill("#cal-notice", "节假日期间请安排好值班。");
  await page.click("#cal-read");
  await page.waitForFunction(() => document.querySelector("#calendar [role=alert]").textContent.includes("没有从这段文字里读出"));
  await page.fill("#cal-notice", "一、元旦：1月1日（周五）至3日（周日）放假，共3天。\n二、春节：2月6日（周六）至8日（周一）放假调休。1月31日（周日）上班。");
  await page.click("#cal-read");
  await page.waitForFunction((y) => document.querySelector("#cal-days").textContent.includes(`${y}-02-08`), y);
  const rows = await page.locator("#cal-days tbody tr").allTextContents();
  expect(rows.length === 7, `seven days read: ${rows.join(" | ")}`);
  expect(rows[0].includes(`${y}-01-01`) && rows[0].includes("元旦"), `first: ${rows[0]}`);
  expect(rows.some((r) => r.includes(`${y}-01-31`) && r.includes("调休上班") && r.includes("春节")), "the working Sunday");
  expect((await page.textContent("#calendar [role=alert]")).trim() === "", "the refusal cleared");
});

await step("the desk keys in a hotline case only once the caller was told the notice", async () => {
  await login("desk");
  await page.goto(base + "/staff/new");
  await page.waitForSelector("#f-channel option[value='hotline']", { state: "attached" });
  await page.selectOption("#f-channel", "hotline");
  for (const [k, v] of Object.entries({ enterprise_name: "青岛南港物流有限公司", uscc: "91350100M000100Y43", contact_name: "何平",
    contact_phone: "13900004444", title: "热线反映：查验预约排不上号", description: "热线来电，黄岛查验预约连续三天排不上号，货物积压。" })) {
    await page.fill(`#f-${k}`, v);
  }
  await page.selectOption("#f-port", "huangdao");
  await page.click(".intake button[type=submit]");
  await page.waitForFunction(() => document.querySelector("#d-consent").textContent.includes("告知"));
  expect((await page.inputValue("#f-title")).startsWith("热线反映"), "nothing typed is lost");
  await page.check("#f-consent");
  await page.click(".intake button[type=submit]");
  await page.waitForSelector("#intake-no");
  const no = (await page.textContent("#intake-no")).trim();
  await page.goto(`${base}/staff/cases/${no}`);
  await page.waitForSelector("#case-consent");
  expect((await page.textContent("#case-consent")).includes("2026-11-24"), "the version told is on the case");
});

await finish();
