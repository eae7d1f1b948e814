import type { Browser } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { launchChromium } from "./chromium";
import { startStack, type Stack } from "./stack";

export { launchChromium };

/**
 * For an e2e file: a stack (app + sandbox + database) and Chromium, started before its tests and
 * stopped after them; `stack` and `browser` are there while the tests run.
 */
export function stackWithBrowser(options: Parameters<typeof startStack>[0] = {}): { readonly stack: Stack; readonly browser: Browser } {
  let stack: Stack | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack(options), launchChromium()]);
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
