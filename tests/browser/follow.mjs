// The enterprise after filing, on a phone (390x844): answers a question staff asked, finds its
// case again without the QR, and rates the answer.
// Usage: BASE_URL=… TOKEN=… CASE_NO=… PHASE=reply|rate|bad SHOTS=dir node tests/browser/follow.mjs
import { env, expect, open, PHONE } from "./harness.mjs";

const [base, token, caseNo, phase, shots] = env("BASE_URL", "TOKEN", "CASE_NO", "PHASE", "SHOTS");
const { page, step, shot: screenshot, finish } = await open(shots, PHONE);
const shot = (name) => screenshot(name, true);

if (phase === "bad") {
  await step("after a 差评 the status page says who calls back by when, under that name", async () => {
    await page.goto(`${base}/c/${token}`);
    await page.waitForSelector("#rate-1");
    await page.click("#rate-1");
    await page.fill("#rating-comment", "堆存费仍未退还");
    await page.click("#send-rating");
    await page.waitForFunction(() => document.querySelector("#case-status")?.textContent?.includes("正在核实"));
    const due = await page.locator("#due").evaluate((e) => ({
      label: e.parentElement.querySelector("label").textContent, value: e.textContent }));
    expect(due.label.includes("回访") && !due.label.includes("办结"), `the row's name: ${due.label}`);
    expect((await page.textContent("#deadline")).includes(due.value), "the same date as the line above");
    await shot("14b-status-verifying");
  });
} else if (phase === "reply") {
  await step("the question staff asked is on the status page, with a reply box", async () => {
    await page.goto(`${base}/c/${token}`);
    await page.waitForSelector("#question");
    expect((await page.textContent("#question")).includes("审批单"), "the question");
    expect((await page.textContent("#case-status")).includes("补充"), "status asks for information");
    await shot("13-status-question");
  });
  await step("an empty reply is refused next to the box", async () => {
    await page.click("#send-message");
    await page.waitForFunction(() => document.querySelector("#message-error")?.textContent?.includes("补充内容"));
  });
  await step("the reply resumes handling", async () => {
    await page.fill("#message", "审批单编号QDCS2026-1188，已发至您的邮箱");
    await page.click("#send-message");
    await page.waitForFunction(() => document.querySelector("#case-status")?.textContent?.includes("办理中"));
    expect(!(await page.$("#question")), "no question any more");
    expect((await page.textContent(".timeline")).includes("QDCS2026-1188"), "the reply is in the timeline");
  });
} else {
  await step("a lost QR: the case is found by number and phone digits", async () => {
    await page.goto(`${base}/lookup`);
    await page.waitForSelector("#lookup-no");
    expect((await page.textContent("#lookup-scan")).includes("扫一扫"), "how to scan, honestly: with WeChat's own scanner");
    // empty taps are answered on the phone and cost none of the ten tries
    let calls = 0;
    page.on("request", (r) => { if (r.url().includes("/api/cases/lookup")) calls += 1; });
    for (let i = 0; i < 12; i += 1) await page.click("#lookup-submit");
    expect((await page.textContent("#lookup-error")).includes("问题编号"), "says what is missing");
    expect(await page.evaluate(() => document.activeElement?.id === "lookup-no"), "focus on the number");
    expect(calls === 0, `no lookup call for empty taps (${calls})`);
    await page.fill("#lookup-no", caseNo);
    await page.fill("#lookup-last4", "1234");
    await page.click("#lookup-submit");
    await page.waitForFunction(() => document.querySelector("#lookup-error")?.textContent?.includes("没有找到"));
    await page.fill("#lookup-last4", "5678");
    await page.click("#lookup-submit");
    await page.waitForURL(new RegExp(`/c/${token}$`));
    await page.waitForSelector("#answer");
  });
  await step("the answer is shown in full with five faces to rate it", async () => {
    expect((await page.textContent("#answer")).includes("退还"), "answer text");
    for (const n of [1, 2, 3, 4, 5]) expect(await page.$(`#rate-${n}`), `face ${n}`);
    expect((await page.textContent(".rating__faces")).includes("非常满意"), "labels, not stars alone");
    expect(await page.isDisabled("#send-rating"), "nothing to send before a choice");
    await page.click("#rate-4");
    await page.fill("#rating-comment", "处理及时");
    await shot("14-status-rating");
  });
  await step("rating closes the case", async () => {
    await page.click("#send-rating");
    await page.waitForFunction(() => document.querySelector("#case-status")?.textContent?.includes("已办结"));
    expect(!(await page.$("#send-rating")), "rated once");
    expect((await page.textContent(".timeline")).includes("满意"), "the rating is in the timeline");
  });
}
await finish();
