import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { startStack, type Stack } from "./stack";

// Headless Chromium announces itself as "HeadlessChrome", which Shopify's library rejects as a
// bot (410) on admin requests; a person's browser sends a regular Chrome user agent.
const USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36";

/** Debian's Chromium, headless (a test tool's own browser download cannot work offline). */
export async function launchChromium(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((path) => existsSync(path));
  if (!executablePath) throw new Error("Chromium not found: install Debian's chromium package or set CHROMIUM_PATH");
  return chromium.launch({
    executablePath,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", `--user-agent=${USER_AGENT}`],
  });
}

/**
 * For an e2e file: a stack (app + sandbox + database) and Chromium, started before its tests and
 * stopped after them; `stack` and `browser` are there while the tests run.
 */
export function stackWithBrowser(): { readonly stack: Stack; readonly browser: Browser } {
  let stack: Stack | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack(), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });
  return {
    get stack() {
      if (!stack) throw new Error("the stack has not started");
      return stack;
    },
    get browser() {
      if (!browser) throw new Error("Chromium has not started");
      return browser;
    },
  };
}
