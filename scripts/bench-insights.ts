/**
 * Benchmarks for the insights pages. Prints figures against targets; asserts nothing.
 *
 *   npm run bench:insights [-- --requests 30]   (needs `npm run build`; TEST_DATABASE=postgres for PostgreSQL)
 *
 * The built app and the sandbox shop (about 7,000 orders) on their own database: the history is
 * imported through the admin, the first recompute runs, then
 * 1. the dashboard's data request (GET /app?_data=..., with a session token) --requests times,
 *    one at a time: p50, p95, max;
 * 2. the same figures computed on the fly from all orders (shopMetrics), what the stored snapshot
 *    replaces;
 * 3. the full recompute (recomputeInsights: scores, boundaries, snapshots of every range).
 * Only loopback addresses; every run is bounded.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { shopMetrics } from "../app/insights/metrics.server";
import { recomputeInsights } from "../app/insights/scores.server";
import prepareTestDatabases from "../tests/support/global-setup";
import { repoRoot } from "../tests/support/paths";
import { adminFetch, embeddedAppUrl, sessionToken } from "../tests/support/shopify-requests";
import { eventually, startStack } from "../tests/support/stack";

const TARGET_DASHBOARD_P95_MS = 200;
const TARGET_RECOMPUTE_MS = 10_000;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];

async function timed<T>(run: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await run();
  return [result, performance.now() - started];
}

async function main() {
  const { values } = parseArgs({ options: { requests: { type: "string" } } });
  const requests = Number(values.requests ?? 30);
  if (!(Number.isInteger(requests) && requests >= 1 && requests <= 1000)) throw new Error("--requests must be a whole number from 1 to 1000");
  process.env.PATH = `${path.join(repoRoot, "node_modules", ".bin")}${path.delimiter}${process.env.PATH ?? ""}`;

  await prepareTestDatabases(); // the migrated template each stack's database is copied from
  const stack = await startStack();
  try {
    await adminFetch(embeddedAppUrl(stack)); // install: imports the history, then the first recompute
    await eventually(async () => (await stack.db.historyImport.findUnique({ where: { shop: stack.shop } }))?.stage === "done", "the history import", 300_000);
    await eventually(() => stack.db.customerScoreBoundaries.findUnique({ where: { shop: stack.shop } }), "the first recompute", 120_000);
    const orders = await stack.db.order.count({ where: { shop: stack.shop } });

    const url = `${stack.app.url}/app?days=365&_data=${encodeURIComponent("routes/app._index")}`;
    const times: number[] = [];
    for (let i = 0; i < requests; i++) {
      const [response, ms] = await timed(() => adminFetch(url, { bearer: sessionToken(stack) }));
      if (response.status !== 200) throw new Error(`The dashboard answered ${response.status}`);
      await response.arrayBuffer();
      times.push(ms);
    }
    times.sort((a, b) => a - b);
    const [, onTheFlyMs] = await timed(() => shopMetrics(stack.db, stack.shop, { from: new Date(Date.now() - 365 * 86_400_000), to: new Date() }));
    const [recomputed, recomputeMs] = await timed(() => recomputeInsights(stack.db, stack.shop));

    const p95 = percentile(times, 0.95);
    console.table([
      { figure: `dashboard data request p50 (${requests} requests)`, value: `${percentile(times, 0.5).toFixed(0)} ms`, target: "", holds: "" },
      { figure: "dashboard data request p95", value: `${p95.toFixed(0)} ms`, target: `≤ ${TARGET_DASHBOARD_P95_MS} ms`, holds: p95 <= TARGET_DASHBOARD_P95_MS ? "yes" : "NO" },
      { figure: "dashboard data request max", value: `${times[times.length - 1].toFixed(0)} ms`, target: "", holds: "" },
      { figure: `metrics on the fly (${orders} orders)`, value: `${onTheFlyMs.toFixed(0)} ms`, target: "(replaced by the snapshot)", holds: "" },
      {
        figure: `full recompute (${recomputed.customers} customers)`,
        value: `${recomputeMs.toFixed(0)} ms`,
        target: `≤ ${TARGET_RECOMPUTE_MS} ms`,
        holds: recomputeMs <= TARGET_RECOMPUTE_MS ? "yes" : "NO",
      },
    ]);
  } finally {
    await stack.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
