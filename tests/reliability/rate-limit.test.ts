// Reliability scenario 10 (docs/reliability.md): the app proxy's rate limits across two app
// processes on one PostgreSQL. Writes (redeem, cancel, events) are limited per shopper (the signed
// customer, else the address Shopify's proxy forwards) and per shop, counted in the database so the
// limit holds whichever process answers; reads are limited per shopper in each process's memory
// (the documented split: N processes allow N times the per-process figure). A refusal is a 429
// with Retry-After and a sentence; nothing of it is written.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedProxyQuery } from "../../app/sandbox/storefront/app-proxy";
import { startStack, TEST_API_SECRET, type Stack } from "../support/stack";

const SHOPPER_WRITES = 10;
const SHOP_WRITES = 25;
const SHOPPER_READS = 40;

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({
    processes: 2,
    databaseKind: "postgres",
    appEnv: {
      RATE_LIMIT_SHOPPER_WRITES_PER_MINUTE: String(SHOPPER_WRITES),
      RATE_LIMIT_SHOP_WRITES_PER_MINUTE: String(SHOP_WRITES),
      RATE_LIMIT_SHOPPER_READS_PER_MINUTE: String(SHOPPER_READS),
    },
  });
}, 180_000);
afterAll(async () => {
  await stack?.stop();
});

let sent = 0;
/** A request through Shopify's app proxy, alternating between the two processes. */
async function proxied(path: string, options: { customerId?: number; forwardedFor?: string; method?: "GET" | "POST"; body?: unknown } = {}) {
  const app = stack.apps[sent++ % stack.apps.length];
  const query = signedProxyQuery(new URLSearchParams(), { shop: stack.shop, customerId: options.customerId ?? null, pathPrefix: "/apps/encore", timestamp: Math.floor(Date.now() / 1000) }, TEST_API_SECRET);
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  if (options.forwardedFor) headers["X-Forwarded-For"] = options.forwardedFor;
  const response = await fetch(`${app.url}/proxy${path}?${query.toString()}`, {
    method: options.method ?? "GET",
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  return { status: response.status, retryAfter: response.headers.get("retry-after"), text };
}

/** Fixed one-minute windows: start each phase with enough of the minute left that it stays in one. */
async function awayFromMinuteEnd() {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < 15_000) await new Promise((resolve) => setTimeout(resolve, left + 200));
}

const statuses = (answers: { status: number }[]) => answers.map((a) => a.status);
const event = () => ({ visitor: randomUUID(), group: "shown", events: [{ type: "impression", block: "fbt", anchor: "1", product: "2", source: "bought-together" }] });
const eventsCounted = async () => (await stack.db.crossSellEventDaily.aggregate({ where: { shop: stack.shop }, _sum: { count: true } }))._sum.count ?? 0;

describe("app proxy rate limits across two processes", () => {
  it("limits one shopper's writes in the database, whichever process answers", async () => {
    await awayFromMinuteEnd();
    const started = Date.now();
    const answers = await Promise.all(
      Array.from({ length: 30 }, () => proxied("/loyalty/redeem", { customerId: 7001, method: "POST", body: { rewardId: "no-such-reward", requestId: randomUUID() } })),
    );
    const limited = answers.filter((a) => a.status === 429);
    console.info(`[rate-limit] 30 concurrent redemptions of one shopper over two processes in ${Date.now() - started} ms: ${answers.length - limited.length} answered, ${limited.length} refused`);
    expect(limited).toHaveLength(30 - SHOPPER_WRITES);
    for (const answer of limited) {
      expect(Number(answer.retryAfter)).toBeGreaterThanOrEqual(1);
      expect(Number(answer.retryAfter)).toBeLessThanOrEqual(60);
      expect(JSON.parse(answer.text)).toEqual({ error: "rate-limited", message: `Too many requests. Please wait ${answer.retryAfter} seconds and try again.` });
    }
    // Another shopper is not held back by the first.
    expect((await proxied("/loyalty/redeem", { customerId: 7002, method: "POST", body: { rewardId: "no-such-reward", requestId: randomUUID() } })).status).not.toBe(429);
  });

  it("keys guests by the address Shopify forwards (the rightmost), and stores nothing of a refused batch", async () => {
    await awayFromMinuteEnd();
    const before = await eventsCounted();
    // The client pretends to be someone new each time in the part of the header it controls.
    const answers = [];
    for (let i = 0; i < 12; i++) answers.push(await proxied("/events", { method: "POST", forwardedFor: `10.9.9.${i}, 203.0.113.7`, body: event() }));
    expect(statuses(answers).filter((s) => s === 429)).toHaveLength(12 - SHOPPER_WRITES);
    expect(statuses(answers).filter((s) => s === 204)).toHaveLength(SHOPPER_WRITES);
    const stored = (await eventsCounted()) - before;
    expect(stored).toBe(answers.filter((a) => a.status === 204).length);
  });

  it("limits the whole shop's writes, many shoppers together", async () => {
    await awayFromMinuteEnd();
    // A fresh minute may have begun since the last test: count what this minute has already.
    const used = (await stack.db.rateLimitWindow.findUnique({ where: { key_minute: { key: `shop:${stack.shop}:w`, minute: new Date().toISOString().slice(0, 16) } } }))?.count ?? 0;
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => proxied("/events", { method: "POST", forwardedFor: `198.51.100.${i}`, body: event() })));
    expect(statuses(answers).filter((s) => s !== 429)).toHaveLength(Math.max(0, SHOP_WRITES - used));
  });

  it("limits one shopper's reads per process, and never limits a request it cannot tell apart", async () => {
    await awayFromMinuteEnd();
    const reads = [];
    for (let i = 0; i < 100; i++) reads.push(await proxied("/loyalty", { customerId: 7003 }));
    // Counted in each process's memory: two processes allow twice the figure (ADR 016).
    expect(statuses(reads).filter((s) => s === 200)).toHaveLength(SHOPPER_READS * stack.apps.length);
    expect(statuses(reads).filter((s) => s === 429)).toHaveLength(100 - SHOPPER_READS * stack.apps.length);
    // No customer and no forwarded address (the recommendations hot path as benchmarks send it).
    const anonymous = [];
    for (let i = 0; i < 100; i++) anonymous.push(await proxied("/customer"));
    expect(statuses(anonymous).every((s) => s === 200)).toBe(true);
  });
});
