/**
 * Web-vitals-style measurements in a Chromium page (playwright): PerformanceObservers installed
 * before any page script runs, read back after the page has settled. Used by the storefront and
 * admin sections.
 */
import type { BrowserContext, Frame, Page } from "playwright-core";

export interface Vitals {
  /** Largest contentful paint, ms from the document's navigation start. */
  lcp: number;
  /** Cumulative layout shift (shifts without recent input). */
  cls: number;
  /** Total blocking time: the part of each long task over 50 ms. */
  tbt: number;
  longTasks: number;
  /** The LCP element (tag.classes) and the elements layout shifts moved, for the log. */
  lcpElement: string;
  shifted: string[];
}

/**
 * Runs in every frame before its scripts: collects LCP, layout shifts, long tasks and event
 * timings into window.__vitals. Plain JavaScript in a string: tsx would add helpers to a function's
 * source that do not exist in the page.
 */
const OBSERVERS = `(() => {
  const v = (window.__vitals = { lcp: 0, cls: 0, tbt: 0, longTasks: 0, events: [], lcpElement: "", shifted: [] });
  const describe = (node) => (node && node.nodeType === 1 ? node.tagName.toLowerCase() + (node.className && typeof node.className === "string" ? "." + node.className.trim().split(/\\s+/).join(".") : "") : "");
  const observe = (type, callback, extra) => {
    try {
      new PerformanceObserver((list) => callback(list.getEntries())).observe(Object.assign({ type, buffered: true }, extra));
    } catch (_) {
      // entry type not supported: the figure stays 0
    }
  };
  observe("largest-contentful-paint", (entries) => {
    for (const e of entries) {
      v.lcp = e.renderTime || e.loadTime || e.startTime;
      v.lcpElement = describe(e.element);
    }
  });
  observe("layout-shift", (entries) => {
    for (const e of entries) {
      if (e.hadRecentInput) continue;
      v.cls += e.value;
      for (const source of e.sources || []) v.shifted.push(describe(source.node));
    }
  });
  observe("longtask", (entries) => {
    for (const e of entries) {
      v.longTasks++;
      v.tbt += Math.max(0, e.duration - 50);
    }
  });
  // Event Timing reports only interactions of 16 ms or more; below that, click to the frame after
  // its handlers (requestAnimationFrame, then the task after the paint) is measured here.
  addEventListener("click", (event) => {
    const t0 = event.timeStamp;
    requestAnimationFrame(() => setTimeout(() => v.events.push({ name: "click-to-paint", duration: performance.now() - t0, startTime: t0 })));
  }, true);
  observe("event", (entries) => {
    for (const e of entries) v.events.push({ name: e.name, duration: e.duration, startTime: e.startTime });
  }, { durationThreshold: 16 });
})();`;

export async function withObservers(context: BrowserContext): Promise<void> {
  await context.addInitScript({ content: OBSERVERS });
}

export function readVitals(target: Page | Frame): Promise<Vitals> {
  return target.evaluate(() => {
    const v = (window as unknown as { __vitals: Vitals }).__vitals;
    return { lcp: v.lcp, cls: v.cls, tbt: v.tbt, longTasks: v.longTasks, lcpElement: v.lcpElement, shifted: v.shifted };
  });
}

/** The longest Event Timing entry of a pointer/click since `since` (ms, the frame's clock): click to next paint. */
export function interactionLatency(target: Page | Frame, since: number): Promise<number> {
  return target.evaluate((after) => {
    const events = (window as unknown as { __vitals: { events: { name: string; duration: number; startTime: number }[] } }).__vitals.events;
    const relevant = events.filter((e) => e.startTime >= after && ["pointerdown", "pointerup", "click", "mousedown", "mouseup", "click-to-paint"].includes(e.name));
    return relevant.reduce((max, e) => Math.max(max, e.duration), 0);
  }, since);
}

export const frameNow = (target: Page | Frame) => target.evaluate(() => performance.now());
