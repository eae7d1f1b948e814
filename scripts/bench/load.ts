/**
 * Load-testing pieces shared by `npm run bench` (proxy section) and `npm run bench:recs`: the open-loop
 * load generator run as a second process, the bare node:http floor, and installing the app in the
 * sandbox shop (which imports its order history).
 */
import { fork } from "node:child_process";
import http from "node:http";
import path from "node:path";
import { binary, repoRoot } from "../../tests/support/paths";
import { adminFetch, embeddedAppUrl } from "../../tests/support/shopify-requests";
import { eventually, type Stack } from "../../tests/support/stack";

export interface LoadResult {
  rate: number;
  requests: number;
  ok: number;
  errors: number;
  errorKinds: Record<string, number>;
  statusCodes: Record<string, number>;
  achievedRate: number;
  maxSendLagMs: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/** GETs `urls` (cycling) at `rate` requests/s for `seconds` from a forked load-generator.mjs. */
export function runLoad(urls: string[], rate: number, seconds: number): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(repoRoot, "scripts", "bench", "load-generator.mjs"), [], {
      execPath: binary("node"),
      execArgv: [], // bare node, not the tsx loader this process runs under
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    let answered = false;
    const limit = setTimeout(() => child.kill("SIGKILL"), seconds * 1000 + 30_000);
    child.on("message", (message: { ok: boolean; result?: LoadResult; error?: string }) => {
      answered = true;
      if (message.ok && message.result) resolve(message.result);
      else reject(new Error(`load generator failed: ${message.error}`));
    });
    child.on("exit", (code) => {
      clearTimeout(limit);
      if (!answered) reject(new Error(`load generator exited with ${code} without a result`));
    });
    child.send({ urls, rate, durationMs: seconds * 1000, timeoutMs: 2000 });
  });
}

/** Lets any backlog from the previous step drain so load steps do not overlap. */
export const settle = (ms = 2000) => new Promise((resolve) => setTimeout(resolve, ms));

/** The floor: a bare node:http server answering a fixed JSON, about the size of a recommendations answer. */
export function startBareServer(): Promise<http.Server> {
  const body = JSON.stringify({ productId: "1", items: [1, 2, 3, 4].map((i) => ({ productId: String(i), handle: `product-${i}` })) });
  const server = http.createServer((_request, response) => {
    response.writeHead(200, { "Content-Type": "application/json", "Cache-Control": "public, max-age=60" });
    response.end(body);
  });
  server.keepAliveTimeout = 10_000;
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

/** Installs the app in the sandbox shop (which starts the history import) and waits for it to finish. */
export async function installAndImport(stack: Stack, log: (line: string) => void = console.log): Promise<void> {
  const started = Date.now();
  const install = await adminFetch(embeddedAppUrl(stack));
  if (install.status !== 200) throw new Error(`Installing the app answered ${install.status}`);
  await eventually(
    async () => {
      const stage = (await stack.db.historyImport.findUnique({ where: { shop: stack.shop } }))?.stage;
      if (stage === "failed") throw new Error("The history import failed");
      return stage === "done";
    },
    "the history import to finish",
    300_000,
  );
  const total = await stack.db.coPurchaseTotal.findUnique({ where: { shop: stack.shop } });
  log(`  history imported in ${((Date.now() - started) / 1000).toFixed(1)} s: ${total?.baskets ?? 0} baskets`);
}

/** Up to `limit` products that have stored complements (after the import). */
export async function productsWithComplements(stack: Stack, limit: number): Promise<string[]> {
  const rows = await stack.db.productComplements.findMany({ where: { shop: stack.shop }, select: { productId: true, complements: true } });
  const ids = rows.filter((row) => (JSON.parse(row.complements) as unknown[]).length > 0).map((row) => row.productId);
  if (ids.length === 0) throw new Error("No product has stored complements after the history import");
  return ids.slice(0, limit);
}
