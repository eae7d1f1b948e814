/**
 * Offline evaluation of the "frequently bought together" rankings on real baskets.
 *
 *   npm run eval:recs -- --baskets FILE --format lines|fimi [--k 10] [--seed N]
 *
 * lines: one basket per line, comma-separated item names; fimi: space-separated item ids.
 * Protocol: shuffle the baskets with a seeded PRNG, hold out 20%, count co-purchases on the other
 * 80%. For every held-out basket with at least two distinct items and every item i in it, each
 * method recommends k items for i, scored against the rest of that basket: HitRate@k (any hit),
 * Recall@k (hits / (|basket| - 1)) and NDCG@k (binary relevance), averaged over all such queries.
 * As on the storefront, ranked partners are topped up with best sellers when there are fewer
 * than k, and an item never seen in training gets best sellers only, whatever the method.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { buildCoPurchaseCounts, neighbourhood, topPopular } from "../app/cross-sell/baskets";
import type { ProductNeighbourhood } from "../app/cross-sell/complements";
import { DEFAULT_SCORER, rankComplements, rankWithBestSellers, SCORER_NAMES, type BestSeller } from "../app/cross-sell/scoring";

const DEFAULT_SEED = 20_261_122;
const HELD_OUT_SHARE = 0.2;
const USAGE = "usage: npm run eval:recs -- --baskets FILE --format lines|fimi [--k 10] [--seed N]";

interface Method {
  name: string;
  /** Ranked items for a product seen in training (best sellers are added after). */
  rank: (n: ProductNeighbourhood) => string[];
}

interface Totals {
  hits: number;
  recall: number;
  ndcg: number;
  ms: number;
}

function main(): void {
  const { values } = parseArgs({
    options: { baskets: { type: "string" }, format: { type: "string" }, k: { type: "string" }, seed: { type: "string" } },
  });
  const k = Number(values.k ?? 10);
  const seed = Number(values.seed ?? DEFAULT_SEED);
  const format = values.format;
  if (!values.baskets || (format !== "lines" && format !== "fimi") || !Number.isInteger(k) || k < 1 || !Number.isInteger(seed)) {
    console.error(USAGE);
    process.exit(2);
  }
  const started = performance.now();
  const baskets = parseBaskets(readFileSync(values.baskets, "utf8"), format);
  shuffle(baskets, mulberry32(seed));
  const heldOut = baskets.slice(0, Math.round(baskets.length * HELD_OUT_SHARE));
  const counts = buildCoPurchaseCounts(baskets.slice(heldOut.length));
  const bestSellers: BestSeller[] = topPopular(counts, k + 1);

  const methods: Method[] = [
    { name: "popularity", rank: () => [] },
    { name: "co-occurrence (raw)", rank: (n) => ids(rankComplements(n, { k, scorer: "together", minTogether: 1 })) },
    ...SCORER_NAMES.filter((scorer) => scorer !== "together").map((scorer) => ({
      name: scorer,
      rank: (n: ProductNeighbourhood) => ids(rankComplements(n, { k, scorer })),
    })),
    { name: `encore (${DEFAULT_SCORER} + best sellers)`, rank: (n) => ids(rankWithBestSellers(n, bestSellers, { k })) },
  ];
  const totals = methods.map((): Totals => ({ hits: 0, recall: 0, ndcg: 0, ms: 0 }));

  // Queries grouped by item, so each item's neighbourhood is built once for all methods.
  const queriesByItem = new Map<string, Set<string>[]>();
  for (const basket of heldOut) {
    const items = [...new Set(basket)];
    if (items.length < 2) continue;
    for (const item of items) {
      const rest = new Set(items.filter((other) => other !== item));
      const queries = queriesByItem.get(item);
      if (queries) queries.push(rest);
      else queriesByItem.set(item, [rest]);
    }
  }
  const bestSellerIds = bestSellers.map((p) => p.productId);
  let queryCount = 0;
  let unseenQueries = 0;
  for (const [item, rests] of queriesByItem) {
    queryCount += rests.length;
    const seen = counts.idOf[item] !== undefined;
    if (!seen) unseenQueries += rests.length;
    const n = seen ? neighbourhood(counts, item) : undefined;
    methods.forEach((method, m) => {
      const start = performance.now();
      const recommended = topUp(n ? method.rank(n) : [], bestSellerIds, item, k);
      for (const rest of rests) addScores(totals[m], recommended, rest);
      totals[m].ms += performance.now() - start;
    });
  }

  console.log(`${path.basename(values.baskets)} (${format}), k=${k}, seed=${seed}`);
  console.log(
    `baskets: ${baskets.length} (${baskets.length - heldOut.length} for training, ${heldOut.length} held out); ` +
      `products in training: ${counts.productIds.length}`,
  );
  console.log(
    `queries: ${queryCount} (each item of each held-out basket with 2+ distinct items); ${unseenQueries} are for items ` +
      "never seen in training, which every method answers with best sellers",
  );
  console.log(
    "lists shorter than k are topped up with best sellers; co-occurrence (raw) keeps partners seen once, the scorers need 2; " +
      "encore ranks partners and best sellers together on the shrunk estimate",
  );
  const width = Math.max(...methods.map((m) => m.name.length)) + 2;
  const row = (name: string, cells: string[]) => console.log(name.padEnd(width) + cells.map((cell) => cell.padStart(11)).join(""));
  row("method", [`HitRate@${k}`, `Recall@${k}`, `NDCG@${k}`, "queries", "time"]);
  methods.forEach((method, m) => {
    const t = totals[m];
    const averages = [t.hits, t.recall, t.ndcg].map((sum) => (sum / queryCount).toFixed(4));
    row(method.name, [...averages, String(queryCount), `${Math.round(t.ms)} ms`]);
  });
  console.log(`run time ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

function ids(list: { productId: string }[]): string[] {
  return list.map((item) => item.productId);
}

/** Fills the list up to k with best sellers, as the storefront block does. */
function topUp(recommended: string[], bestSellers: string[], item: string, k: number): string[] {
  const list = recommended.slice(0, k);
  for (const productId of bestSellers) {
    if (list.length >= k) break;
    if (productId !== item && !list.includes(productId)) list.push(productId);
  }
  return list;
}

function addScores(totals: Totals, recommended: string[], relevant: ReadonlySet<string>): void {
  let hits = 0;
  let dcg = 0;
  recommended.forEach((productId, rank) => {
    if (!relevant.has(productId)) return;
    hits++;
    dcg += 1 / Math.log2(rank + 2);
  });
  let idealDcg = 0;
  for (let rank = 0; rank < Math.min(recommended.length, relevant.size); rank++) idealDcg += 1 / Math.log2(rank + 2);
  totals.hits += hits > 0 ? 1 : 0;
  totals.recall += hits / relevant.size;
  totals.ndcg += idealDcg > 0 ? dcg / idealDcg : 0;
}

function parseBaskets(text: string, format: "lines" | "fimi"): string[][] {
  const baskets: string[][] = [];
  for (const line of text.split(/\r?\n/)) {
    const items = (format === "lines" ? line.split(",") : line.split(/\s+/)).map((item) => item.trim()).filter(Boolean);
    if (items.length > 0) baskets.push(items);
  }
  return baskets;
}

/** Small seeded PRNG (Mulberry32): the same seed gives the same split on every machine. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<T>(items: T[], random: () => number): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
}

main();
