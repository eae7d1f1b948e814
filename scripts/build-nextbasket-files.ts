/**
 * Builds next-basket evaluation files from the Complete Journey transaction sample.
 *
 *   npm run build:nextbasket -- [--csv FILE] [--out DIR]
 *
 * A basket is one household's one basket_id (its items: distinct product_ids), baskets ordered by
 * their first transaction_timestamp (basket id breaks ties). Households with at least two baskets
 * are kept; the last basket goes to future.json, the others to history.json.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    csv: { type: "string", default: path.resolve(import.meta.dirname, "../../shared/data/completejourney_transactions_sample.csv") /* ../shared beside the checkout */ },
    out: { type: "string", default: ".cache/nextbasket" },
  },
});

/** One CSV line into fields; handles the quoted fields of this file (no embedded quotes). */
const fields = (line: string) => line.split(",").map((field) => field.replace(/^"|"$/g, ""));

const [header, ...lines] = readFileSync(values.csv!, "utf8").split(/\r?\n/).filter(Boolean);
const column = (name: string) => {
  const index = fields(header).indexOf(name);
  if (index < 0) throw new Error(`${values.csv}: no column ${name}`);
  return index;
};
const [household, basketId, product, timestamp] = ["household_id", "basket_id", "product_id", "transaction_timestamp"].map(column);

const baskets = new Map<string, Map<string, { at: string; items: Set<string> }>>();
for (const line of lines) {
  const row = fields(line);
  const byBasket = baskets.get(row[household]) ?? new Map<string, { at: string; items: Set<string> }>();
  baskets.set(row[household], byBasket);
  const basket = byBasket.get(row[basketId]) ?? { at: row[timestamp], items: new Set<string>() };
  if (row[timestamp] < basket.at) basket.at = row[timestamp];
  basket.items.add(row[product]);
  byBasket.set(row[basketId], basket);
}

const history: Record<string, string[][]> = {};
const future: Record<string, string[]> = {};
for (const [customerId, byBasket] of [...baskets.entries()].sort(([a], [b]) => a.localeCompare(b))) {
  const ordered = [...byBasket.entries()]
    .sort(([idA, a], [idB, b]) => a.at.localeCompare(b.at) || idA.localeCompare(idB))
    .map(([, basket]) => [...basket.items].sort());
  if (ordered.length < 2) continue;
  history[customerId] = ordered.slice(0, -1);
  future[customerId] = ordered[ordered.length - 1];
}

mkdirSync(values.out!, { recursive: true });
writeFileSync(path.join(values.out!, "history.json"), JSON.stringify(history));
writeFileSync(path.join(values.out!, "future.json"), JSON.stringify(Object.fromEntries(Object.entries(future).map(([c, b]) => [c, [b]]))));
const basketCount = Object.values(history).reduce((sum, list) => sum + list.length, 0);
console.log(
  `${Object.keys(history).length} customers, ${basketCount} history baskets (+1 future basket each) -> ${values.out}/history.json, ${values.out}/future.json`,
);
