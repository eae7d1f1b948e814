/**
 * 2. Storefront impact in Chromium: the sandbox product page with Encore's blocks and embeds and
 * with none (?sandbox_app_blocks=off: same page, same data), after the history import (so the
 * cross-sell block has suggestions) with the loyalty program on (so the launcher shows). Each run
 * is a fresh browser context (a first visit), alternating with/without; CPU slowed 4x as
 * Lighthouse's mobile run does, so blocking time is not hidden by a fast desktop core.
 */
import { launchChromium } from "../../tests/support/chromium";
import { fmtMs, holds, median, type Row, type Section } from "./report";
import { readVitals, withObservers, type Vitals } from "./vitals";

const CPU_SLOWDOWN = 4;
const PRODUCT = "ceremonial-matcha"; // the demo shop's product with the most co-purchases
const SETTLE_MS = 2500; // after load: the blocks fetch their data and render
const BUDGET_TBT_MS = 10;

export const storefrontSection: Section = {
  name: "storefront",
  title: "Storefront impact in Chromium",
  async run({ quick, log, sharedStack }) {
    const runs = quick ? 3 : 7;
    const browser = await launchChromium();
    try {
      const stack = await sharedStack();
      const url = `${stack.sandbox.context.config.publicUrl}/products/${PRODUCT}`;

      const measure = async (blocks: boolean): Promise<Vitals> => {
        const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
        try {
          await withObservers(context);
          const page = await context.newPage();
          const cdp = await context.newCDPSession(page);
          await cdp.send("Emulation.setCPUThrottlingRate", { rate: CPU_SLOWDOWN });
          const response = await page.goto(blocks ? url : `${url}?sandbox_app_blocks=off`, { waitUntil: "load" });
          if (response?.status() !== 200) throw new Error(`the product page answered ${response?.status()}`);
          await page.waitForTimeout(SETTLE_MS);
          if (blocks && (await page.locator("[data-encore-fbt]").count()) === 0) throw new Error("the cross-sell block is not on the page");
          return await readVitals(page);
        } finally {
          await context.close();
        }
      };
      await measure(true); // warm-up (server caches, Chromium's own start-up), not reported
      await measure(false);
      const withEncore: Vitals[] = [];
      const without: Vitals[] = [];
      for (let i = 0; i < runs; i++) {
        // Alternate which goes first, so neither side always runs on a warmer machine.
        if (i % 2 === 0) {
          withEncore.push(await measure(true));
          without.push(await measure(false));
        } else {
          without.push(await measure(false));
          withEncore.push(await measure(true));
        }
      }
      const line = (label: string, list: Vitals[]) =>
        log(`  ${label}: TBT ${list.map((v) => v.tbt.toFixed(0)).join(" ")} | LCP ${list.map((v) => v.lcp.toFixed(0)).join(" ")} | CLS ${list.map((v) => v.cls.toFixed(3)).join(" ")}`);
      line("with Encore", withEncore);
      line("without    ", without);
      const elements = (list: Vitals[]) => [...new Set(list.map((v) => v.lcpElement))].join(", ");
      log(`  LCP element with Encore: ${elements(withEncore)}; without: ${elements(without)}`);
      const shifted = [...new Set(withEncore.flatMap((v) => v.shifted))];
      if (shifted.length) log(`  layout shifts with Encore moved: ${shifted.join(", ")}`);
      const diff = (pick: (v: Vitals) => number) => median(withEncore.map(pick)) - median(without.map(pick));
      const tbt = diff((v) => v.tbt);
      const lcp = diff((v) => v.lcp);
      const cls = diff((v) => v.cls);
      const maxCls = Math.max(...withEncore.map((v) => v.cls));
      const baseCls = Math.max(...without.map((v) => v.cls));
      const rows: Row[] = [
        {
          section: "storefront",
          figure: `product page, Encore blocks + embeds vs none: total blocking time added (median of ${runs}, CPU ${CPU_SLOWDOWN}x slower)`,
          value: `${fmtMs(tbt)} (${fmtMs(median(withEncore.map((v) => v.tbt)))} vs ${fmtMs(median(without.map((v) => v.tbt)))})`,
          budget: `< ${BUDGET_TBT_MS} ms`,
          holds: holds(tbt < BUDGET_TBT_MS),
        },
        {
          section: "storefront",
          figure: "largest contentful paint added (median)",
          value: `${fmtMs(lcp)} (${fmtMs(median(withEncore.map((v) => v.lcp)))} vs ${fmtMs(median(without.map((v) => v.lcp)))})`,
          budget: "(report)",
          holds: "-",
        },
        {
          section: "storefront",
          figure: "cumulative layout shift added (median; worst run with Encore)",
          value: `${cls.toFixed(3)} (worst ${maxCls.toFixed(3)}; without Encore worst ${baseCls.toFixed(3)})`,
          budget: "0",
          holds: holds(cls <= 0 && maxCls <= baseCls),
        },
      ];
      return rows;
    } finally {
      await browser.close();
    }
  },
};
