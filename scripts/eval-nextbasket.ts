/**
 * Next-basket evaluation of Encore's "for you" engine against the popularity baselines.
 *
 *   npm run eval:nextbasket -- --history FILE --future FILE [--k 10] [--no-tune]
 *
 * Both files map a customer id to a time-ordered list of baskets (lists of item ids); the future
 * file holds each customer's next basket (its first basket is the target). Every method ranks k
 * items per customer from the history alone; scores are averaged over the customers that have a
 * history and a future basket. Encore's parameters are tuned on a validation split carved from the
 * history (each customer's last history basket), never on the future file.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import {
  buildTifuModel,
  DEFAULT_TIFU,
  evaluate,
  fillWithPopular,
  personalTopFreq,
  popularity,
  tifuRecommend,
  validationSplit,
  type Basket,
  type Histories,
  type NextBasketScores,
  type TifuParams,
} from "../app/insights/next-basket";

const USAGE = "usage: npm run eval:nextbasket -- --history FILE --future FILE [--k 10] [--no-tune]";

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

function readBaskets(file: string): Histories {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    fail(`${file}: ${(error as Error).message}`);
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) fail(`${file}: expected a JSON object of customer id -> list of baskets`);
  for (const [customerId, baskets] of Object.entries(parsed)) {
    if (!Array.isArray(baskets) || !baskets.every((b) => Array.isArray(b) && b.every((item) => typeof item === "string" || typeof item === "number"))) {
      fail(`${file}: customer ${customerId} is not a list of baskets (lists of item ids)`);
    }
  }
  return Object.fromEntries(Object.entries(parsed as Record<string, unknown[][]>).map(([c, baskets]) => [c, baskets.map((b) => b.map(String))]));
}

const { values } = parseArgs({
  options: { history: { type: "string" }, future: { type: "string" }, k: { type: "string", default: "10" }, "no-tune": { type: "boolean", default: false } },
});
if (!values.history || !values.future) fail("--history and --future are required");
const k = Number(values.k);
if (!Number.isInteger(k) || k < 1) fail("--k must be a positive whole number");

const histories = readBaskets(values.history);
const future: Record<string, Basket> = Object.fromEntries(
  Object.entries(readBaskets(values.future))
    .filter(([, baskets]) => baskets.length > 0)
    .map(([c, baskets]) => [c, baskets[0]]),
);

type VectorParams = Pick<TifuParams, "groupSize" | "withinDecay" | "groupDecay">;

/** Scores every (vector params, k, alpha) combination on one split; the neighbour lists are built once per vector params. */
function encoreRuns(history: Histories, target: Record<string, Basket>, grid: { vector: VectorParams[]; neighbours: number[]; alpha: number[] }) {
  const popular = popularity(history);
  const runs: { params: TifuParams; scores: NextBasketScores }[] = [];
  for (const vector of grid.vector) {
    const model = buildTifuModel(history, vector, Math.max(...grid.neighbours));
    const index = new Map(model.customers.map((c, i) => [c, i]));
    for (const neighbours of grid.neighbours) {
      for (const alpha of grid.alpha) {
        const params = { ...vector, neighbours, alpha };
        runs.push({ params, scores: evaluate((c) => tifuRecommend(model, index.get(c)!, params, popular, k), history, target, k) });
      }
    }
  }
  return runs;
}

const started = Date.now();
let params = DEFAULT_TIFU;
if (!values["no-tune"]) {
  const validation = validationSplit(histories);
  const runs = encoreRuns(validation.history, validation.future, {
    vector: [
      { groupSize: 7, withinDecay: 0.9, groupDecay: 0.7 },
      { groupSize: 3, withinDecay: 0.9, groupDecay: 0.6 },
      { groupSize: 7, withinDecay: 1, groupDecay: 0.9 },
    ],
    neighbours: [100, 300, 900],
    alpha: [0.5, 0.7, 0.9],
  });
  runs.sort((a, b) => b.scores.ndcg - a.scores.ndcg || b.scores.recall - a.scores.recall);
  params = runs[0].params;
  console.log(
    `tuned on ${runs[0].scores.customers} validation customers (${runs.length} settings, by NDCG@${k}): ` +
      `group ${params.groupSize}, r_b ${params.withinDecay}, r_g ${params.groupDecay}, k ${params.neighbours}, alpha ${params.alpha}`,
  );
}

const popular = popularity(histories);
const model = buildTifuModel(histories, params, params.neighbours);
const index = new Map(model.customers.map((c, i) => [c, i]));
const methods: [string, (customerId: string) => string[]][] = [
  ["G-TopFreq", () => popular.slice(0, k)],
  ["P-TopFreq", (c) => personalTopFreq(histories[c], k)],
  ["GP-TopFreq", (c) => fillWithPopular(personalTopFreq(histories[c], k), popular, k)],
  ["Encore (TIFU-KNN)", (c) => tifuRecommend(model, index.get(c)!, params, popular, k)],
];

const customerCount = Object.keys(histories).length;
const basketCount = Object.values(histories).reduce((sum, list) => sum + list.length, 0);
console.log(`${customerCount} customers, ${basketCount} history baskets, ${popular.length} items; k = ${k}`);
const rows = methods.map(([name, recommend]) => ({ name, ...evaluate(recommend, histories, future, k) }));
console.log(`evaluated on ${rows[0].customers} customers with a history and a future basket\n`);
console.log(`${"method".padEnd(20)}${`Recall@${k}`.padStart(12)}${`NDCG@${k}`.padStart(12)}${`HitRate@${k}`.padStart(12)}`);
for (const row of rows) {
  console.log(`${row.name.padEnd(20)}${row.recall.toFixed(4).padStart(12)}${row.ndcg.toFixed(4).padStart(12)}${row.hitRate.toFixed(4).padStart(12)}`);
}
console.log(`\n${((Date.now() - started) / 1000).toFixed(1)} s`);
