/**
 * Benchmarks for the recommendations path. Prints figures against targets; asserts nothing.
 *
 *   npm run bench:recs [-- --baskets FILE] [--rates 250,500,1000] [--seconds 5] [--workers 2] [--quick]
 *
 * --quick: only the endpoint latency (2.), the figure a change to the request path moves.
 *
 * 1. Full rebuild: buildCoPurchaseCounts on the retail baskets (FIMI format: space-separated item
 *    ids per line) replicated to at least 1,000,000 baskets. Parsing is done before the clock
 *    starts (and again before each run, so every run reads fresh strings); only the build is
 *    timed. Three runs: best and median baskets/s.
 * 2. Storefront endpoint latency: the built app (server.mjs with --workers worker processes, one
 *    per core by default, as WEB_CONCURRENCY sets them in production) on its own SQLite database,
 *    the sandbox shop's history imported through the admin, then GET /proxy/recommendations
 *    (signed as Shopify's app proxy signs it) at fixed request rates from a second process
 *    (scripts/bench/load-generator.mjs, open loop). A bare node:http server answering a fixed
 *    JSON at the same rates is the floor the app's p99 is compared with.
 * Only loopback addresses; every run is bounded in requests and time.
 */
import { existsSync, readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { availableParallelism } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { buildCoPurchaseCounts } from "../app/cross-sell/baskets";
import { binary, repoRoot } from "../tests/support/paths";
import { appProxyUrl } from "../tests/support/shopify-requests";
import { startStack, type Stack } from "../tests/support/stack";
import { installAndImport, productsWithComplements, runLoad, settle, startBareServer, type LoadResult } from "./bench/load";

const DEFAULT_BASKETS = "/work/shared/data/fimi_retail_brijs_88162.dat";
const MIN_BASKETS = 1_000_000;
const BUILD_RUNS = 3;
const TARGET_BASKETS_PER_SECOND = 500_000;
const TARGET_P99_MS = 15;
const TARGET_RATE = 1000;
const PRODUCT_POOL = 40;
const WARMUP = { rate: 200, seconds: 2 };


interface Row {
  figure: string;
  value: string;
  target: string;
  holds: string;
}

async function main() {
  const { values } = parseArgs({
    options: { baskets: { type: "string" }, rates: { type: "string" }, seconds: { type: "string" }, workers: { type: "string" }, quick: { type: "boolean" } },
  });
  const basketsFile = values.baskets ?? DEFAULT_BASKETS;
  const rates = (values.rates ?? "250,500,1000").split(",").map(Number);
  const seconds = Number(values.seconds ?? 5);
  const workers = Number(values.workers ?? availableParallelism());
  if (!(Number.isInteger(workers) && workers >= 1 && workers <= 16)) throw new Error("--workers must be a whole number from 1 to 16");
  if (rates.some((r) => !(r > 0 && r <= 5000)) || !(seconds > 0 && seconds <= 30)) {
    throw new Error("--rates must be between 1 and 5000 requests/s and --seconds between 1 and 30");
  }
  const rows: Row[] = [];
  // The app process (server.mjs) runs on whichever `node` is first on PATH; npm run puts the
  // project's node_modules/.bin first, and so does this when run with tsx directly.
  process.env.PATH = `${path.join(repoRoot, "node_modules", ".bin")}${path.delimiter}${process.env.PATH ?? ""}`;

  // 1. Full rebuild throughput.
  const build = values.quick ? null : benchBuild(basketsFile);
  if (build) rows.push({
    figure: `full rebuild, best of ${BUILD_RUNS} (${build.baskets.toLocaleString("en")} baskets)`,
    value: `${fmtInt(build.best)} baskets/s`,
    target: `>= ${fmtInt(TARGET_BASKETS_PER_SECOND)} baskets/s`,
    holds: yesNo(build.best >= TARGET_BASKETS_PER_SECOND),
  });
  if (build) rows.push({
    figure: `full rebuild, median of ${BUILD_RUNS}`,
    value: `${fmtInt(build.median)} baskets/s`,
    target: `>= ${fmtInt(TARGET_BASKETS_PER_SECOND)} baskets/s`,
    holds: yesNo(build.median >= TARGET_BASKETS_PER_SECOND),
  });

  // 2. Endpoint latency under load.
  if (!existsSync(path.join(repoRoot, "build", "server", "index.js"))) {
    console.log("build/server/index.js is missing: building the app (remix vite:build)...");
    const { execFileSync } = await import("node:child_process");
    execFileSync(binary("remix"), ["vite:build"], { cwd: repoRoot, stdio: "inherit" });
  }
  const floorServer = await startBareServer();
  const floorUrl = `http://127.0.0.1:${(floorServer.address() as AddressInfo).port}/recommendations`;
  let stack: Stack | undefined;
  try {
    console.log(`\nStarting the stack (sandbox in-process, app as its own process with ${workers} worker(s) on SQLite)...`);
    stack = await startStack({ appEnv: { WEB_CONCURRENCY: String(workers) } });
    await installAndImport(stack);
    const productIds = await productsWithComplements(stack, PRODUCT_POOL);
    console.log(`Signed URLs cycle through ${productIds.length} products with stored complements.`);
    const signed = () =>
      productIds.map((id) => appProxyUrl(stack!, "/recommendations", { query: { product_id: id, limit: "4" } }));

    const check = await fetch(signed()[0]);
    const sample = (await check.json()) as { items?: unknown[] };
    if (check.status !== 200 || !sample.items?.length) throw new Error(`The endpoint answered ${check.status}: ${JSON.stringify(sample)}`);

    console.log("\nLoad (open loop, second process):");
    await runLoad([floorUrl], WARMUP.rate, WARMUP.seconds); // warm-up, not reported
    const floor: LoadResult[] = [];
    for (const rate of rates) {
      await settle();
      floor.push(report("bare node:http", await runLoad([floorUrl], rate, seconds)));
    }
    await runLoad(signed(), WARMUP.rate, WARMUP.seconds);
    const encore: LoadResult[] = [];
    for (const rate of rates) {
      await settle(); // let any backlog from the previous step drain so steps do not overlap
      encore.push(report("encore        ", await runLoad(signed(), rate, seconds))); // re-signed per step
    }

    rates.forEach((rate, i) => {
      const e = encore[i];
      const f = floor[i];
      const isTarget = rate === TARGET_RATE;
      rows.push({
        figure: `recommendations p50 @ ${rate} req/s`,
        value: `${fmtMs(e.p50)} ms`,
        target: "(report)",
        holds: "-",
      });
      rows.push({
        figure: `recommendations p99 @ ${rate} req/s`,
        value: `${fmtMs(e.p99)} ms (${(e.p99 / f.p99).toFixed(1)}x floor ${fmtMs(f.p99)} ms)`,
        target: isTarget ? `< ${TARGET_P99_MS} ms` : "(report)",
        holds: isTarget ? yesNo(e.p99 < TARGET_P99_MS && e.errors === 0) : "-",
      });
      rows.push({
        figure: `errors @ ${rate} req/s (achieved ${fmtInt(e.achievedRate)} req/s)`,
        value: `${e.errors} of ${e.requests}`,
        target: "0",
        holds: yesNo(e.errors === 0),
      });
    });
  } finally {
    await stack?.stop();
    await new Promise((resolve) => floorServer.close(resolve));
  }

  printTable(rows);
  console.log(
    `\nMachine: ${(await import("node:os")).cpus().length} cores, node ${process.version}. Latency is from sending a request to its last byte, over answered requests (errors, including timeouts after 2 s, are counted apart);` +
      " the floor is a bare node:http server answering fixed JSON at the same rates from the same load process.",
  );
}

function benchBuild(file: string) {
  const text = readFileSync(file, "utf8");
  const lines = text.split("\n").filter((line) => line.trim() !== "");
  const copies = Math.ceil(MIN_BASKETS / lines.length);
  // Each copy is parsed separately, so the baskets are distinct arrays of distinct strings.
  const parse = () => {
    const baskets: string[][] = [];
    for (let c = 0; c < copies; c++) for (const line of lines) baskets.push(line.trim().split(/\s+/));
    return baskets;
  };
  console.log(`Full rebuild: ${lines.length.toLocaleString("en")} baskets from ${path.basename(file)} x ${copies} copies`);
  const rates: number[] = [];
  let total = 0;
  for (let run = 1; run <= BUILD_RUNS; run++) {
    let baskets: string[][] | null = parse();
    total = baskets.length;
    globalThis.gc?.();
    const start = process.hrtime.bigint();
    const counts = buildCoPurchaseCounts(baskets);
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (counts.totalBaskets !== total) throw new Error(`built ${counts.totalBaskets} baskets, expected ${total}`);
    rates.push(total / seconds);
    console.log(
      `  run ${run}: ${seconds.toFixed(3)} s, ${fmtInt(total / seconds)} baskets/s (${counts.productIds.length} products, ${counts.built.partners.length.toLocaleString("en")} pair entries)`,
    );
    baskets = null;
  }
  const sorted = [...rates].sort((a, b) => a - b);
  return { baskets: total, best: sorted[sorted.length - 1], median: sorted[Math.floor(sorted.length / 2)] };
}





function report(label: string, r: LoadResult): LoadResult {
  const kinds = Object.entries(r.errorKinds).filter(([, n]) => n > 0).map(([k, n]) => `${k} ${n}`).join(", ");
  console.log(
    `  ${label} @ ${String(r.rate).padStart(4)} req/s: achieved ${fmtInt(r.achievedRate)} req/s, p50 ${fmtMs(r.p50)} p90 ${fmtMs(r.p90)} p99 ${fmtMs(r.p99)} max ${fmtMs(r.max)} ms, ` +
      `errors ${r.errors}${kinds ? ` (${kinds})` : ""}, max send lag ${fmtMs(r.maxSendLagMs)} ms`,
  );
  return r;
}

function printTable(rows: Row[]) {
  const head: Row = { figure: "figure", value: "value", target: "target", holds: "holds" };
  const keys = ["figure", "value", "target", "holds"] as const;
  const widths = keys.map((k) => Math.max(...[head, ...rows].map((r) => r[k].length)));
  const line = (r: Row) => keys.map((k, i) => r[k].padEnd(widths[i])).join(" | ");
  console.log(`\n${line(head)}\n${widths.map((w) => "-".repeat(w)).join("-|-")}`);
  for (const r of rows) console.log(line(r));
}

const fmtInt = (n: number) => Math.round(n).toLocaleString("en");
const fmtMs = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : "n/a");
const yesNo = (b: boolean) => (b ? "yes" : "no");

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
