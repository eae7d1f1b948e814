/**
 * Replenishment evaluation: how close does Encore's run-out prediction come to the date a customer
 * actually bought the product again?
 *
 *   npm run eval:replenish -- [--transactions FILE] [--products FILE] [--type product_category|product_type]
 *   npm run eval:replenish -- --demo      (the sandbox's generated demo shop instead: paid orders)
 *
 * Defaults: the Complete Journey sample in ../shared/data beside the checkout (CSV with
 * household_id, basket_id, product_id, quantity, transaction_timestamp; the products file gives
 * each product's type). A purchase is one household's product in one basket (quantities added).
 *
 * Replayed in time order: for each household and product bought at least twice, the last repeat
 * purchase is held out and predicted at the moment of the purchase before it, from what the shop
 * knew then (every interval observed up to that moment, the household's own earlier purchases).
 * Baselines: the product's mean interval so far (the shop's mean when it has none), and the
 * shop-wide median interval. Where Encore declines (no consumable) it falls back to the shop-wide
 * median, so all methods answer every held-out purchase; Encore's own coverage is printed too.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { generateDemoShop } from "../app/sandbox/seed/generate-demo-shop";
import {
  DAY_MS,
  DEFAULT_REPLENISHMENT,
  mergePurchases,
  perUsualPurchase,
  predictRunOut,
  productCycle,
  quantityRatio,
  shopFit,
  type Interval,
  type Purchase,
  type ReplenishmentParams,
} from "../app/flows/replenishment";

const dataDir = path.resolve(import.meta.dirname, "../../shared/data"); // ../shared beside the checkout
const USAGE = "usage: npm run eval:replenish -- [--transactions FILE] [--products FILE] [--type product_category|product_type] | --demo";
const { values } = parseArgs({
  options: {
    transactions: { type: "string", default: path.join(dataDir, "completejourney_transactions_sample.csv") },
    orders: { type: "string" },
    products: { type: "string", default: path.join(dataDir, "completejourney_products.csv") },
    type: { type: "string", default: "product_category" },
    demo: { type: "boolean", default: false },
  },
});
const transactionsFile = values.demo ? "the sandbox demo shop" : (values.orders ?? values.transactions!);

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

/** One CSV line into fields; the Complete Journey files quote fields without embedded quotes. */
const fields = (line: string) => line.split(",").map((field) => field.replace(/^"|"$/g, ""));

function readCsv(file: string, columns: string[]): string[][] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    fail(`${file}: ${(error as Error).message}`);
  }
  const [header, ...lines] = text.split(/\r?\n/).filter(Boolean);
  const names = fields(header ?? "");
  const indexes = columns.map((name) => {
    const index = names.indexOf(name);
    if (index < 0) fail(`${file}: no column ${name}`);
    return index;
  });
  return lines.map((line) => {
    const row = fields(line);
    return indexes.map((index) => row[index]);
  });
}

// Product types, and purchases per (household, product): one per basket (order).
const typeOf = new Map<string, string>();
const baskets = new Map<string, { customer: string; product: string; at: number; quantity: number }>();
const addLine = (household: string, basket: string, product: string, qty: number, at: number) => {
  if (!Number.isFinite(at) || !(qty > 0)) return;
  const key = `${household}\u0000${product}\u0000${basket}`;
  const entry = baskets.get(key);
  if (entry) {
    entry.quantity += qty;
    entry.at = Math.min(entry.at, at);
  } else baskets.set(key, { customer: household, product, at, quantity: qty });
};
if (values.demo) {
  const demo = generateDemoShop();
  for (const product of demo.products) if (product.productType) typeOf.set(String(product.id), product.productType);
  for (const order of demo.orders) {
    if (!order.customerId || order.cancelledAt || order.financialStatus !== "PAID") continue;
    for (const line of order.lineItems) addLine(String(order.customerId), String(order.id), String(line.productId), line.quantity, Date.parse(order.processedAt));
  }
} else {
  // NA in the products file means no type.
  for (const [product, type] of readCsv(values.products!, ["product_id", values.type!])) if (type && type !== "NA") typeOf.set(product, type);
  for (const [household, basket, product, quantity, timestamp] of readCsv(transactionsFile, ["household_id", "basket_id", "product_id", "quantity", "transaction_timestamp"])) {
    addLine(household, basket, product, Number(quantity), Date.parse(`${timestamp}Z`));
  }
}
const pairs = new Map<string, { customer: string; product: string; purchases: Purchase[] }>();
for (const { customer, product, at, quantity } of baskets.values()) {
  const key = `${customer}\u0000${product}`;
  const pair = pairs.get(key) ?? { customer, product, purchases: [] };
  pair.purchases.push({ at: new Date(at), quantity });
  pairs.set(key, pair);
}

const summary = (errors: number[]) => {
  const sorted = [...errors].sort((a, b) => a - b);
  const mean = errors.reduce((a, b) => a + b, 0) / errors.length;
  const med = sorted.length % 2 ? sorted[sorted.length >> 1] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  const within = errors.filter((e) => e <= 7).length / errors.length;
  return { mean, median: med, within };
};

/** Sorted insertion, so medians at each moment are cheap. */
function insertSorted(list: number[], value: number) {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid] <= value) lo = mid + 1;
    else hi = mid;
  }
  list.splice(lo, 0, value);
}
const sortedMedian = (list: number[]) => (list.length === 0 ? null : list.length % 2 ? list[list.length >> 1] : (list[list.length / 2 - 1] + list[list.length / 2]) / 2);

function evaluate(params: ReplenishmentParams, learn = true) {
  // Events in time order: a purchase makes its product's quantity known and, when the customer
  // bought the product before, an interval; a target is predicted at the purchase before it.
  type Event =
    | { at: number; order: 0; kind: "purchase"; customer: string; product: string; quantity: number; previous: Purchase | null }
    | { at: number; order: 1; kind: "target"; customer: string; product: string; history: Purchase[]; actual: number };
  const events: Event[] = [];
  for (const { customer, product, purchases } of pairs.values()) {
    const merged = mergePurchases(purchases, params);
    merged.forEach((purchase, i) => events.push({ at: purchase.at.getTime(), order: 0, kind: "purchase", customer, product, quantity: purchase.quantity, previous: merged[i - 1] ?? null }));
    if (merged.length >= 2) {
      const history = merged.slice(0, -1);
      events.push({ at: history[history.length - 1].at.getTime(), order: 1, kind: "target", customer, product, history, actual: merged[merged.length - 1].at.getTime() });
    }
  }
  events.sort((a, b) => a.at - b.at || a.order - b.order);

  // What the shop knows at each moment.
  const quantities = new Map<string, number[]>();
  const buyers = new Map<string, number>();
  const observations: { product: string; pair: string; interval: Interval }[] = [];
  let fit = params.defaultFit;
  let productUnits = new Map<string, number[]>();
  let typeUnits = new Map<string, number[]>();
  let shopUnits: number[] = [];
  const add = (product: string, interval: Interval) => {
    const value = perUsualPurchase(interval, fit.quantityExponent);
    const list = productUnits.get(product) ?? [];
    insertSorted(list, value);
    productUnits.set(product, list);
    const type = typeOf.get(product);
    if (type) {
      const typeList = typeUnits.get(type) ?? [];
      insertSorted(typeList, value);
      typeUnits.set(type, typeList);
    }
    insertSorted(shopUnits, value);
  };
  // Every 200 observations the fit is learned again from what is known, and the lists rebuilt with it.
  const relearn = () => {
    const byPair = new Map<string, { productId: string; intervals: Interval[] }>();
    for (const { product, pair, interval } of observations) {
      const entry = byPair.get(pair) ?? { productId: product, intervals: [] };
      entry.intervals.push(interval);
      byPair.set(pair, entry);
    }
    fit = shopFit([...byPair.values()], params);
    productUnits = new Map();
    typeUnits = new Map();
    shopUnits = [];
    for (const { product, interval } of observations) add(product, interval);
  };
  const productRaw = new Map<string, { sum: number; count: number }>();
  const shopRaw: number[] = [];
  let shopRawSum = 0;
  const cycleNow = (product: string) => {
    const type = typeOf.get(product);
    return productCycle(
      {
        typicalQuantity: sortedMedian(quantities.get(product) ?? []) ?? 1,
        intervals: productUnits.get(product) ?? [],
        buyers: buyers.get(product) ?? 0,
        typeIntervals: type ? (typeUnits.get(type) ?? null) : null,
        shopIntervals: shopUnits,
        fit,
      },
      params,
    );
  };

  const encore: number[] = [];
  const productMean: number[] = [];
  const shopMedian: number[] = [];
  const covered = { encore: [] as number[], productMean: [] as number[], shopMedian: [] as number[] };
  let targets = 0;
  for (const event of events) {
    if (event.kind === "purchase") {
      const known = quantities.get(event.product) ?? [];
      insertSorted(known, event.quantity);
      quantities.set(event.product, known);
      if (!event.previous) {
        buyers.set(event.product, (buyers.get(event.product) ?? 0) + 1);
        continue;
      }
      const days = (event.at - event.previous.at.getTime()) / DAY_MS;
      const interval = { days, ratio: quantityRatio(event.previous.quantity, sortedMedian(known)!) };
      observations.push({ product: event.product, pair: `${event.customer}\u0000${event.product}`, interval });
      if (learn && observations.length % 200 === 0) relearn();
      else add(event.product, interval);
      const sums = productRaw.get(event.product) ?? { sum: 0, count: 0 };
      sums.sum += days;
      sums.count++;
      productRaw.set(event.product, sums);
      insertSorted(shopRaw, days);
      shopRawSum += days;
    } else {
      if (shopRaw.length === 0) continue; // nothing is known yet: no method can answer
      targets++;
      const cutoff = event.at;
      const raw = productRaw.get(event.product);
      const err = (predictedDays: number) => Math.abs(cutoff + predictedDays * DAY_MS - event.actual) / DAY_MS;
      const shopErr = err(sortedMedian(shopRaw)!);
      const productErr = err(raw ? raw.sum / raw.count : shopRawSum / shopRaw.length);
      shopMedian.push(shopErr);
      productMean.push(productErr);
      const cycle = cycleNow(event.product);
      const prediction = cycle ? predictRunOut(event.history, cycle, params) : null;
      if (prediction) {
        const encoreErr = Math.abs(prediction.runOutAt.getTime() - event.actual) / DAY_MS;
        encore.push(encoreErr);
        covered.encore.push(encoreErr);
        covered.productMean.push(productErr);
        covered.shopMedian.push(shopErr);
      } else encore.push(shopErr);
    }
  }
  if (learn) relearn();
  return { targets, fit, encore, productMean, shopMedian, covered };
}

const format = (name: string, errors: number[]) => {
  const { mean, median, within } = summary(errors);
  return `  ${name.padEnd(44)} ${mean.toFixed(1).padStart(7)} ${median.toFixed(1).padStart(8)} ${(within * 100).toFixed(1).padStart(9)}%`;
};
const header = `  ${"method".padEnd(44)} ${"MAE (d)".padStart(7)} ${"median".padStart(8)} ${"within ±7d".padStart(10)}`;

const result = evaluate(DEFAULT_REPLENISHMENT);
if (result.targets === 0) fail(`${transactionsFile}: no customer bought a product twice`);
console.log(`${transactionsFile}: ${pairs.size} customer-product pairs, ${result.targets} held-out repeat purchases (type: ${values.demo ? "productType" : values.type})`);
console.log(`\nAll held-out repeat purchases (${result.targets}; Encore answers ${result.covered.encore.length}, falls back to the shop median for the rest):`);
console.log(header);
console.log(format("Encore (run-out prediction)", result.encore));
console.log(format("baseline: product's mean interval", result.productMean));
console.log(format("baseline: shop-wide median interval", result.shopMedian));
console.log(`\nWhere Encore predicts (${result.covered.encore.length}, ${((result.covered.encore.length / result.targets) * 100).toFixed(1)}%):`);
console.log(header);
console.log(format("Encore (run-out prediction)", result.covered.encore));
console.log(format("baseline: product's mean interval", result.covered.productMean));
console.log(format("baseline: shop-wide median interval", result.covered.shopMedian));

// How much each part of the model contributes (same replay, one parameter changed).
console.log("\nVariants of Encore (all held-out purchases):");
console.log(header);
const variants: [string, Partial<ReplenishmentParams>, boolean][] = [
  ["fit fixed at the defaults (not learned)", {}, false],
  ["no shrinkage, quantity exponent 1", { defaultFit: { product: 0, own: 0, quantityExponent: 1 } }, false],
  ["no shrinkage, no quantity scaling", { defaultFit: { product: 0, own: 0, quantityExponent: 0 } }, false],
];
for (const [name, change, learn] of variants) console.log(format(name, evaluate({ ...DEFAULT_REPLENISHMENT, ...change }, learn).encore));
const { product, own, quantityExponent } = result.fit;
const defaults = DEFAULT_REPLENISHMENT.defaultFit;
console.log(`\nFit learned from the whole replay: product shrinkage ${product.toFixed(1)}, own shrinkage ${own.toFixed(1)} observations, quantity exponent ${quantityExponent.toFixed(2)} (defaults ${defaults.product}, ${defaults.own}, ${defaults.quantityExponent}).`);
