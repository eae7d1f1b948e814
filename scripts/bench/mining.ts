/**
 * 5. Mining.
 * - Full rebuild: buildCoPurchaseCounts (what rebuildCoPurchases and the history import run) on
 *   1,000,000 baskets resampled with replacement (seeded) from the FIMI retail baskets in
 *   ../shared/data (88,162 real baskets). Parsing happens before the clock starts.
 * - Incremental update per order: syncOrderCoPurchases (what every order webhook runs) on a SQLite
 *   database holding the sandbox shop's order history, counted by rebuildCoPurchases first; then
 *   each of the held-back newest orders is stored and counted one at a time, timed.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { buildCoPurchaseCounts } from "../../app/cross-sell/baskets";
import { rebuildCoPurchases, syncOrderCoPurchases } from "../../app/cross-sell/co-purchase.server";
import type { Database } from "../../app/db.server";
import { generateDemoShop } from "../../app/sandbox/seed/generate-demo-shop";
import { SandboxStore } from "../../app/sandbox/store/store";
import { orderPayload } from "../../app/sandbox/webhooks/payloads";
import { upsertOrder, upsertOrders } from "../../app/shop-data/orders.server";
import { parseOrderPayload } from "../../app/shopify/webhook-payloads";
import { openDatabase } from "../../tests/support/database-client";
import { createTestDatabase } from "../../tests/support/databases";
import { repoRoot } from "../../tests/support/paths";
import { fmtInt, fmtMs, holds, median, percentile, type Section } from "./report";

const BASKETS_FILE = path.resolve(repoRoot, "..", "shared", "data", "fimi_retail_brijs_88162.dat");
const FALLBACK_FILE = "/work/shared/data/fimi_retail_brijs_88162.dat";
const TARGET_BASKETS = 1_000_000;
const BUDGET_BASKETS_PER_SECOND = 500_000; // issue 3's target for the full rebuild
const BUDGET_INCREMENTAL_MS = 50; // an order's update must not hold up the webhook queue

/** A small seeded PRNG (mulberry32), so the resampled data set is the same on every run. */
function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function readBaskets(): string[] {
  for (const file of [BASKETS_FILE, FALLBACK_FILE]) {
    try {
      return readFileSync(file, "utf8").split("\n").filter((line) => line.trim() !== "");
    } catch {
      // try the next location
    }
  }
  throw new Error(`baskets not found at ${BASKETS_FILE}`);
}

/** `count` baskets drawn with replacement from `lines`, each parsed into fresh strings. */
function resample(lines: string[], count: number, seed: number): string[][] {
  const random = mulberry32(seed);
  const baskets: string[][] = new Array(count);
  for (let i = 0; i < count; i++) baskets[i] = lines[Math.floor(random() * lines.length)].trim().split(/\s+/);
  return baskets;
}

async function incrementalCost(orders: number, log: (line: string) => void) {
  const database = await createTestDatabase("sqlite");
  const db = openDatabase(database.url) as unknown as Database;
  try {
    const store = new SandboxStore(generateDemoShop(), null);
    const source = { shop: store.state.shop, store };
    const shop = store.state.shop.domain;
    const records = [...store.state.orders]
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
      .map((order) => parseOrderPayload(orderPayload(source, order)));
    const history = records.slice(0, records.length - orders);
    const fresh = records.slice(records.length - orders);
    for (let i = 0; i < history.length; i += 500) await upsertOrders(db, shop, history.slice(i, i + 500));
    const started = performance.now();
    const rebuilt = await rebuildCoPurchases(db, shop);
    log(`  rebuildCoPurchases on SQLite: ${rebuilt.baskets} baskets, ${rebuilt.products} products in ${((performance.now() - started) / 1000).toFixed(2)} s`);
    const times: number[] = [];
    for (const order of fresh) {
      await upsertOrder(db, shop, order);
      const t0 = performance.now();
      await syncOrderCoPurchases(db, shop, order.id);
      times.push(performance.now() - t0);
    }
    return { history: history.length, times: times.sort((a, b) => a - b) };
  } finally {
    await db.$disconnect();
    await database.drop();
  }
}

export const miningSection: Section = {
  name: "mining",
  title: "Mining",
  async run({ quick, log }) {
    const lines = readBaskets();
    const runs = quick ? 1 : 3;
    log(`  ${fmtInt(lines.length)} real baskets resampled with replacement to ${fmtInt(TARGET_BASKETS)} (seeded)`);
    const rates: number[] = [];
    for (let run = 0; run < runs; run++) {
      let baskets: string[][] | null = resample(lines, TARGET_BASKETS, 20_261_123 + run);
      globalThis.gc?.();
      const t0 = process.hrtime.bigint();
      const counts = buildCoPurchaseCounts(baskets);
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      if (counts.totalBaskets !== TARGET_BASKETS) throw new Error(`built ${counts.totalBaskets} baskets`);
      rates.push(TARGET_BASKETS / seconds);
      log(`  full rebuild run ${run + 1}: ${seconds.toFixed(2)} s (${fmtInt(TARGET_BASKETS / seconds)} baskets/s)`);
      baskets = null;
    }
    const rate = median(rates);
    const incremental = await incrementalCost(quick ? 50 : 200, log);
    const p50 = percentile(incremental.times, 50);
    const p99 = percentile(incremental.times, 99);
    return [
      {
        section: "mining",
        figure: `full rebuild, 1,000,000 baskets (resampled from ${fmtInt(lines.length)} real), median of ${runs}`,
        value: `${fmtInt(rate)} baskets/s`,
        budget: `>= ${fmtInt(BUDGET_BASKETS_PER_SECOND)} baskets/s`,
        holds: holds(rate >= BUDGET_BASKETS_PER_SECOND),
      },
      {
        section: "mining",
        figure: `incremental co-purchase update per order, SQLite, ${fmtInt(incremental.history)}-order shop (${incremental.times.length} orders): p50`,
        value: fmtMs(p50, 2),
        budget: "(report)",
        holds: "-",
      },
      {
        section: "mining",
        figure: `incremental co-purchase update per order: p99`,
        value: fmtMs(p99, 2),
        budget: `< ${BUDGET_INCREMENTAL_MS} ms`,
        holds: holds(p99 < BUDGET_INCREMENTAL_MS),
      },
    ];
  },
};
