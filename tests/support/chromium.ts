import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

// Apart from browser.ts (which uses vitest's hooks) so scripts such as `npm run bench` can use it.

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
