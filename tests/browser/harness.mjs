// What every browser script shares: Debian Chromium with the flags this machine needs, a fresh
// profile, numbered steps that report "ok"/"not ok" (with a screenshot on failure), and the
// closing "N passed, N failed" line.
import { chromium } from "playwright-core";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const PHONE = {
  viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true,
  userAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.50 NetType/4G Language/zh_CN",
};
export const DESK = { viewport: { width: 1440, height: 900 } };

export function env(...names) {
  const values = names.map((n) => process.env[n]);
  const missing = names.filter((_, i) => !values[i]);
  if (missing.length) throw new Error(`missing ${missing.join(", ")}`);
  return values;
}

export async function open(shots, device) {
  mkdirSync(shots, { recursive: true });
  const profile = mkdtempSync(join(tmpdir(), "ztc-chromium-"));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    locale: "zh-CN",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    ...device,
  });
  const page = browser.pages()[0] || (await browser.newPage());
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  // the strict Content-Security-Policy must never have to block anything the app does, and a
  // phone bundle's texts must hold every key it asks for (xtask/src/texts.rs)
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to|missing text/.test(m.text())) errors.push(m.text());
  });
  let passes = 0, failures = 0;
  async function step(name, fn) {
    try { await fn(); passes++; console.log(`ok - ${name}`); }
    catch (e) {
      failures++;
      console.log(`not ok - ${name}\n  ${String((e && e.stack) || e).split("\n").join("\n  ")}`);
      await page.screenshot({ path: join(shots, `failed-${failures}.png`) }).catch(() => {});
    }
  }
  return {
    browser, page, errors, step,
    shot: (name, fullPage = false) => page.screenshot({ path: join(shots, `${name}.png`), fullPage }),
    async finish() {
      await step("no script errors", async () => expect(errors.length === 0, errors.join("\n")));
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
      console.log(`${passes} passed, ${failures} failed`);
      process.exit(failures ? 1 : 0);
    },
  };
}

export function expect(condition, message) {
  if (!condition) throw new Error(message);
}
