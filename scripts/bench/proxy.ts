/**
 * 3. App-proxy endpoints under load: the built app (server.mjs, one worker per core as
 * WEB_CONCURRENCY sets it in production) on SQLite with the sandbox shop's history imported;
 * signed GET /proxy/recommendations (anonymous, cycling through products) and GET /proxy/loyalty
 * (the panel of logged-in customers, cycling through customers with orders; never cached) at
 * fixed rates from a second process. A bare node:http server at the same rates is the floor.
 */
import type { AddressInfo } from "node:net";
import { availableParallelism } from "node:os";
import { appProxyUrl } from "../../tests/support/shopify-requests";
import { productsWithComplements, runLoad, settle, startBareServer, type LoadResult } from "./load";
import { fmtInt, fmtMs, holds, type Row, type Section } from "./report";

const RATES = [250, 500, 1000];
const BUDGET_P99_MS = 15; // issue 3, at 1,000 req/s
const BUDGET_RATE = 1000;
const POOL = 40;

export const proxySection: Section = {
  name: "proxy",
  title: "App-proxy endpoints under load",
  async run({ quick, log, sharedStack }) {
    const seconds = quick ? 2 : 5;
    const workers = availableParallelism();
    const floorServer = await startBareServer();
    const floorUrl = `http://127.0.0.1:${(floorServer.address() as AddressInfo).port}/recommendations`;
    const rows: Row[] = [];
    try {
      const stack = await sharedStack();
      const products = await productsWithComplements(stack, POOL);
      const customers = (
        await stack.db.order.findMany({ where: { shop: stack.shop, customerId: { not: null } }, select: { customerId: true }, distinct: ["customerId"], take: POOL })
      ).map((row) => row.customerId!);
      const s = stack;
      const endpoints: { name: string; urls: () => string[] }[] = [
        { name: "recommendations", urls: () => products.map((id) => appProxyUrl(s, "/recommendations", { query: { product_id: id, limit: "4" } })) },
        { name: "loyalty panel", urls: () => customers.map((id) => appProxyUrl(s, "/loyalty", { customerId: Number(id) })) },
      ];
      for (const endpoint of endpoints) {
        const check = await fetch(endpoint.urls()[0]);
        if (check.status !== 200) throw new Error(`${endpoint.name} answered ${check.status}: ${await check.text()}`);
        await check.arrayBuffer().catch(() => undefined);
      }

      const step = async (label: string, urls: () => string[], rate: number) => {
        await settle();
        const r = await runLoad(urls(), rate, seconds); // re-signed per step: signatures carry a timestamp
        log(`  ${label.padEnd(16)} @ ${String(rate).padStart(4)} req/s: achieved ${fmtInt(r.achievedRate)}, p50 ${fmtMs(r.p50, 2)}, p99 ${fmtMs(r.p99, 2)}, max ${fmtMs(r.max, 1)}, errors ${r.errors} of ${r.requests}`);
        return r;
      };
      await runLoad([floorUrl], 200, 1); // warm-up, not reported
      const floor = new Map<number, LoadResult>();
      for (const rate of RATES) floor.set(rate, await step("bare node:http", () => [floorUrl], rate));
      for (const rate of RATES) {
        const f = floor.get(rate)!;
        rows.push({ section: "proxy", figure: `floor: bare node:http @ ${rate} req/s, p50 / p99`, value: `${fmtMs(f.p50, 2)} / ${fmtMs(f.p99, 2)}`, budget: "(report)", holds: "-" });
      }
      for (const endpoint of endpoints) {
        await runLoad(endpoint.urls(), 200, 2); // warm-up: caches, JIT
        for (const rate of RATES) {
          const r = await step(endpoint.name, endpoint.urls, rate);
          const f = floor.get(rate)!;
          const budgeted = rate === BUDGET_RATE && endpoint.name === "recommendations"; // issue 3's target
          rows.push({
            section: "proxy",
            figure: `${endpoint.name} @ ${rate} req/s (${workers} workers): p50 / p99 (p99 vs floor), errors`,
            value: `${fmtMs(r.p50, 2)} / ${fmtMs(r.p99, 2)} (${Number.isFinite(r.p99) ? (r.p99 / f.p99).toFixed(1) : "n/a"}x), ${r.errors} of ${r.requests}`,
            budget: budgeted ? `p99 < ${BUDGET_P99_MS} ms, 0 errors` : "0 errors",
            holds: holds(r.errors === 0 && (!budgeted || r.p99 < BUDGET_P99_MS)),
          });
        }
      }
    } finally {
      await new Promise((resolve) => floorServer.close(resolve));
    }
    return rows;
  },
};
