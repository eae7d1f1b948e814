// The loyalty ledger through the real webhook path (signed deliveries to the built app, processed
// by its job runner) on the test database: earning, redelivery, partial refunds, cancellation,
// verification (the function and `npm run loyalty:verify`), and 100 redemptions racing for one
// balance from two database clients (two "processes").
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adjustPoints, releaseDueLoyaltyPoints, saveLoyaltyProgram, spendPoints, verifyLedger } from "../../app/loyalty/ledger.server";
import type { SandboxOrder, SandboxRefund } from "../../app/sandbox/store/types";
import { customersDataRequestPayload, customersRedactPayload, orderPayload, refundPayload, shopRedactPayload } from "../../app/sandbox/webhooks/payloads";
import { openDatabase } from "../support/database-client";
import { repoRoot } from "../support/paths";
import { adminFetch, embeddedAppUrl, sessionToken } from "../support/shopify-requests";
import { deliverWebhook } from "../support/sandbox-shop";
import { eventually, startStack, type Stack } from "../support/stack";

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
  await saveLoyaltyProgram(stack.db, stack.shop, { enabled: true, pointsPerUnit: 1, pendingDays: 14 });
}, 120_000);
afterAll(async () => {
  await stack?.stop();
});

const source = () => ({ shop: stack.sandbox.context.store.state.shop, store: stack.sandbox.context.store });

const balanceOf = (customerId: string) =>
  stack.db.loyaltyBalance.findUnique({
    where: { shop_customerId: { shop: stack.shop, customerId } },
    select: { available: true, pending: true, lifetimeEarned: true, shortfall: true },
  });
const entriesOf = (orderId: string) =>
  stack.db.loyaltyEntry.findMany({ where: { shop: stack.shop, orderId }, orderBy: { createdAt: "asc" }, select: { sourceKey: true, kind: true, points: true, pendingPoints: true, shortfall: true } });

/** A copy of a sandbox order placed just now, unfulfilled, with its own order and line ids. */
function placedNow(template: SandboxOrder): SandboxOrder {
  const { store } = stack.sandbox.context;
  const id = store.nextId();
  const now = new Date().toISOString();
  const lineItems = template.lineItems.map((line) => ({ ...line, id: store.nextId() }));
  return { ...template, id, name: `#L${id}`, createdAt: now, processedAt: now, updatedAt: now, lineItems, fulfillmentStatus: "UNFULFILLED", fulfilledAt: null, cancelledAt: null, refunds: [] };
}

const paidOrders = () =>
  stack.sandbox.context.store.state.orders.filter(
    (o) => o.customerId && o.financialStatus === "PAID" && !o.cancelledAt && o.refunds.length === 0 && o.subtotalCents >= 5_000,
  );

describe("the loyalty ledger from order webhooks", () => {
  // A copy of a paid order placed just now (so its points are still pending), with its own id.
  let order: SandboxOrder;
  let customerId: string;
  let award: number;
  const refunds: SandboxRefund[] = [];
  let bump = 0;
  const fresh = (changes: Partial<SandboxOrder>): SandboxOrder => {
    order = { ...order, ...changes, updatedAt: new Date(Date.now() + ++bump * 1000).toISOString() };
    return order;
  };

  it("awards pending points on orders/paid, and a redelivery changes nothing", async () => {
    order = placedNow(paidOrders()[0]);
    customerId = String(order.customerId);
    award = Math.floor(order.subtotalCents / 100);

    await deliverWebhook(stack, "orders/paid", orderPayload(source(), order));
    expect(await balanceOf(customerId)).toEqual({ available: 0, pending: award, lifetimeEarned: award, shortfall: 0 });
    const earn = await stack.db.loyaltyEntry.findUnique({ where: { shop_sourceKey: { shop: stack.shop, sourceKey: `order:${order.id}:earn` } } });
    expect(earn).toMatchObject({ customerId, kind: "earn", pendingPoints: award, rate: 1, baseCents: order.subtotalCents });
    const stored = await stack.db.order.findUniqueOrThrow({ where: { shop_id: { shop: stack.shop, id: String(order.id) } } });
    expect(earn!.availableAt!.getTime()).toBe(stored.processedAt.getTime() + 14 * 86_400_000);

    const before = await entriesOf(String(order.id));
    await deliverWebhook(stack, "orders/paid", orderPayload(source(), order)); // the same order again (a retry)
    await deliverWebhook(stack, "orders/updated", orderPayload(source(), order));
    expect(await entriesOf(String(order.id))).toEqual(before);
    expect(await balanceOf(customerId)).toEqual({ available: 0, pending: award, lifetimeEarned: award, shortfall: 0 });
  });

  it("awards nothing for an order placed before the program was turned on", async () => {
    const old = paidOrders().find((o) => Date.parse(o.processedAt) < Date.now() - 86_400_000)!;
    await deliverWebhook(stack, "orders/paid", orderPayload(source(), old));
    expect(await stack.db.order.count({ where: { shop: stack.shop, id: String(old.id) } })).toBe(1);
    expect(await stack.db.loyaltyEntry.count({ where: { shop: stack.shop, orderId: String(old.id) } })).toBe(0);
  });

  it("claws back two partial refunds in proportion, each once", async () => {
    const third = Math.floor(order.subtotalCents / 3);
    const line = order.lineItems[0];
    let clawed = 0;
    for (let i = 1; i <= 2; i++) {
      const refund: SandboxRefund = {
        id: stack.sandbox.context.store.nextId(),
        createdAt: new Date().toISOString(),
        note: "",
        refundLineItems: [{ lineItemId: line.id, quantity: 1, subtotalCents: third }],
        shippingRefundCents: 0,
      };
      refunds.push(refund);
      await deliverWebhook(stack, "refunds/create", refundPayload(source(), order, refund));
      await deliverWebhook(stack, "refunds/create", refundPayload(source(), order, refund)); // redelivered
      const expectedTotal = Math.floor((award * third * i) / order.subtotalCents);
      const entry = await stack.db.loyaltyEntry.findUnique({ where: { shop_sourceKey: { shop: stack.shop, sourceKey: `refund:${refund.id}` } } });
      expect(entry).toMatchObject({ kind: "clawback", points: 0, pendingPoints: -(expectedTotal - clawed), shortfall: 0 });
      clawed = expectedTotal;
      expect(await balanceOf(customerId)).toEqual({ available: 0, pending: award - clawed, lifetimeEarned: award, shortfall: 0 });
    }
    // The order's own update carrying both refunds adds nothing.
    await deliverWebhook(stack, "orders/updated", orderPayload(source(), fresh({ refunds: [...refunds], financialStatus: "PARTIALLY_REFUNDED" })));
    expect(await balanceOf(customerId)).toMatchObject({ pending: award - clawed });
  });

  it("reverses the rest of the award when the order is cancelled", async () => {
    await deliverWebhook(stack, "orders/cancelled", orderPayload(source(), fresh({ cancelledAt: new Date().toISOString(), cancelReason: "CUSTOMER" })));
    expect(await balanceOf(customerId)).toEqual({ available: 0, pending: 0, lifetimeEarned: award, shortfall: 0 });
    const entries = await entriesOf(String(order.id));
    expect(entries.map((e) => e.kind)).toEqual(["earn", "clawback", "clawback", "cancel"]);
    expect(entries.reduce((sum, e) => sum + e.points + e.pendingPoints, 0)).toBe(0);
    await deliverWebhook(stack, "orders/updated", orderPayload(source(), fresh({})));
    expect(await entriesOf(String(order.id))).toEqual(entries);
  });

  it("verifies every balance against its entries (function and npm script)", async () => {
    expect(await verifyLedger(stack.db, stack.shop)).toEqual([]);
    const run = () =>
      promisify(execFile)("node_modules/.bin/tsx", ["scripts/loyalty-verify.ts"], { cwd: repoRoot, env: { ...process.env, DATABASE_URL: stack.database.url } }).then(
        ({ stdout }) => ({ code: 0, stdout }),
        (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
      );
    expect((await run()).code).toBe(0);

    // A cache that drifted from its entries is reported, and the command fails.
    const where = { shop_customerId: { shop: stack.shop, customerId } };
    await stack.db.loyaltyBalance.update({ where, data: { available: { increment: 7 } } });
    try {
      expect(await verifyLedger(stack.db, stack.shop)).toEqual([
        { shop: stack.shop, customerId, cached: { available: 7, pending: 0, lifetimeEarned: award, shortfall: 0 }, derived: { available: 0, pending: 0, lifetimeEarned: award, shortfall: 0 } },
      ]);
      const failed = await run();
      expect(failed.code).toBe(1);
      expect(failed.stdout).toContain(`customer ${customerId}`);
    } finally {
      await stack.db.loyaltyBalance.update({ where, data: { available: { decrement: 7 } } });
    }
  }, 60_000);
});

describe("pending points", () => {
  it("become spendable after the pending period (the hourly release) or when the order is fulfilled", async () => {
    const template = paidOrders()[0];
    const customerId = String(template.customerId);
    const copy = () => placedNow(template);
    const award = Math.floor(template.subtotalCents / 100);
    const start = (await balanceOf(customerId))!;

    const waiting = copy();
    await deliverWebhook(stack, "orders/paid", orderPayload(source(), waiting));
    expect(await balanceOf(customerId)).toMatchObject({ available: start.available, pending: start.pending + award });
    const inDays = (days: number) => new Date(Date.now() + days * 86_400_000);
    expect(await releaseDueLoyaltyPoints(stack.db, stack.shop, inDays(13))).toBe(0);
    expect(await releaseDueLoyaltyPoints(stack.db, stack.shop, inDays(15))).toBe(1);
    expect(await balanceOf(customerId)).toMatchObject({ available: start.available + award, pending: start.pending });
    expect(await releaseDueLoyaltyPoints(stack.db, stack.shop, inDays(16))).toBe(0);

    const shipped = copy();
    await deliverWebhook(stack, "orders/paid", orderPayload(source(), shipped));
    expect(await balanceOf(customerId)).toMatchObject({ available: start.available + award, pending: start.pending + award });
    const fulfilledAt = new Date(Date.now() + 1000).toISOString();
    await deliverWebhook(stack, "orders/fulfilled", orderPayload(source(), { ...shipped, fulfillmentStatus: "FULFILLED", fulfilledAt, updatedAt: fulfilledAt }));
    expect(await balanceOf(customerId)).toMatchObject({ available: start.available + 2 * award, pending: start.pending });
    expect(await verifyLedger(stack.db, stack.shop)).toEqual([]);
  });
});

describe("spending points", () => {
  it("lets exactly the affordable redemptions through when 100 race for one balance", async () => {
    // An order placed and fulfilled just now: its points are spendable at once.
    const order = placedNow(paidOrders().find((o) => o.customerId !== paidOrders()[0].customerId)!);
    const customerId = String(order.customerId);
    await deliverWebhook(stack, "orders/paid", orderPayload(source(), { ...order, fulfillmentStatus: "FULFILLED", fulfilledAt: order.processedAt }));
    const start = (await balanceOf(customerId))!;
    expect(start.available).toBeGreaterThanOrEqual(Math.floor(order.subtotalCents / 100));
    expect(start.pending).toBe(0);

    const price = Math.ceil(start.available / 40);
    const affordable = Math.floor(start.available / price);
    expect(affordable).toBeLessThan(100);
    // On PostgreSQL, two clients, as two app processes would have. SQLite is the single-process
    // deployment (another process's writer gets SQLITE_BUSY at once), so one client there.
    const second = stack.database.url.startsWith("postgres") ? openDatabase(stack.database.url) : stack.db;
    try {
      const results = await Promise.all(
        Array.from({ length: 100 }, (_, i) => spendPoints(i % 2 ? second : stack.db, stack.shop, customerId, price, `redeem:race-${i}`, "Race")),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(affordable);
      const failures = results.filter((r) => !r.ok);
      expect(failures.every((r) => !r.ok && r.error === "not-enough-points")).toBe(true);
    } finally {
      if (second !== stack.db) await second.$disconnect();
    }
    const end = (await balanceOf(customerId))!;
    expect(end.available).toBe(start.available - affordable * price);
    expect(end.available).toBeGreaterThanOrEqual(0);
    expect(await stack.db.loyaltyEntry.count({ where: { shop: stack.shop, customerId, kind: "redeem" } })).toBe(affordable);
    expect(await verifyLedger(stack.db, stack.shop)).toEqual([]);
  }, 120_000);

  it("refuses bad amounts, unaffordable amounts and a replayed redemption, writing nothing", async () => {
    const customerId = String(paidOrders()[0].customerId);
    const count = () => stack.db.loyaltyEntry.count({ where: { shop: stack.shop } });
    const before = await count();
    expect(await spendPoints(stack.db, stack.shop, customerId, -5, "redeem:bad", "Bad")).toMatchObject({ ok: false, error: "invalid-points" });
    expect(await spendPoints(stack.db, stack.shop, customerId, 1.5, "redeem:bad", "Bad")).toMatchObject({ ok: false, error: "invalid-points" });
    expect(await spendPoints(stack.db, stack.shop, customerId, 1_000_000, "redeem:big", "Big")).toMatchObject({ ok: false, error: "not-enough-points" });
    expect(await spendPoints(stack.db, "other-shop.myshopify.com", customerId, 1, "redeem:x", "Other shop")).toMatchObject({ ok: false, error: "not-enough-points" });
    expect(await count()).toBe(before);
    expect(await spendPoints(stack.db, stack.shop, customerId, 1, "redeem:race-0", "Replay")).toMatchObject({ ok: false, error: "already-spent" });
  });
});

describe("manual adjustments", () => {
  it("add or take spendable points with a reason, never below zero, once per source", async () => {
    const customerId = String(paidOrders()[0].customerId);
    const start = (await balanceOf(customerId))!;
    const count = () => stack.db.loyaltyEntry.count({ where: { shop: stack.shop } });
    const before = await count();
    expect(await adjustPoints(stack.db, stack.shop, customerId, 10, "adjust:a1", "  ")).toMatchObject({ ok: false, error: "reason-required" });
    expect(await adjustPoints(stack.db, stack.shop, customerId, 0, "adjust:a1", "Goodwill")).toMatchObject({ ok: false, error: "invalid-points" });
    expect(await adjustPoints(stack.db, stack.shop, customerId, -(start.available + 1), "adjust:a1", "Too much")).toMatchObject({ ok: false, error: "not-enough-points" });
    expect(await count()).toBe(before);

    expect(await adjustPoints(stack.db, stack.shop, customerId, 25, "adjust:a1", "Goodwill")).toMatchObject({ ok: true, balance: { available: start.available + 25, lifetimeEarned: start.lifetimeEarned + 25 } });
    expect(await adjustPoints(stack.db, stack.shop, customerId, 25, "adjust:a1", "Goodwill")).toMatchObject({ ok: false, error: "already-recorded" });
    expect(await adjustPoints(stack.db, stack.shop, customerId, -5, "adjust:a2", "Correction")).toMatchObject({ ok: true, balance: { available: start.available + 20, lifetimeEarned: start.lifetimeEarned + 25 } });
    expect(await verifyLedger(stack.db, stack.shop)).toEqual([]);
  });
});

describe("the admin loyalty page", () => {
  it("shows the points outstanding from the balances", async () => {
    expect((await adminFetch(embeddedAppUrl(stack))).status).toBe(200); // install: the shop and its session
    await eventually(() => stack.db.session.findFirst({ where: { shop: stack.shop } }), "the shop's session");
    const response = await adminFetch(`${stack.app.url}/app/loyalty?_data=routes%2Fapp.loyalty._index`, { bearer: sessionToken(stack) });
    expect(response.status).toBe(200);
    const balances = await stack.db.loyaltyBalance.findMany({ where: { shop: stack.shop } });
    const sum = (pick: (b: (typeof balances)[number]) => number) => balances.reduce((total, b) => total + pick(b), 0);
    expect(sum((b) => b.available)).toBeGreaterThan(0);
    const body = (await response.json()) as { program: { enabled: boolean }; figures: Record<string, unknown> };
    expect(body.program.enabled).toBe(true);
    expect(body.figures).toMatchObject({
      members: balances.filter((b) => b.lifetimeEarned > 0).length,
      availablePoints: sum((b) => b.available),
      pendingPoints: sum((b) => b.pending),
      shortfallPoints: 0,
    });
    const page = await adminFetch(embeddedAppUrl(stack, "/app/loyalty"));
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Points outstanding");
    expect(html).toContain(`${sum((b) => b.available).toLocaleString("en-US")} spendable`);
  });
});

describe("privacy", () => {
  it("exports a customer's points, pseudonymises them on customers/redact, and erases them on shop/redact", async () => {
    const { store } = stack.sandbox.context;
    const customerId = String(paidOrders()[0].customerId);
    const customer = store.state.customers.find((c) => String(c.id) === customerId)!;
    const orders = store.state.orders.filter((o) => o.customerId === customer.id).map((o) => o.id);
    const entries = await stack.db.loyaltyEntry.count({ where: { shop: stack.shop, customerId } });
    expect(entries).toBeGreaterThan(0);

    await deliverWebhook(stack, "customers/data_request", customersDataRequestPayload(store.state.shop, customer, orders, 9101));
    const exported = await stack.db.customerDataExport.findFirstOrThrow({ where: { shop: stack.shop, customerId } });
    expect((JSON.parse(exported.payload) as { loyalty: { entries: unknown[] } }).loyalty.entries).toHaveLength(entries);

    await deliverWebhook(stack, "customers/redact", customersRedactPayload(store.state.shop, customer, orders));
    expect(await stack.db.loyaltyEntry.count({ where: { shop: stack.shop, customerId } })).toBe(0);
    expect(await stack.db.loyaltyBalance.count({ where: { shop: stack.shop, customerId } })).toBe(0);
    expect(await stack.db.loyaltyEntry.count({ where: { shop: stack.shop, customerId: { startsWith: "redacted-" } } })).toBe(entries);
    expect(await verifyLedger(stack.db, stack.shop)).toEqual([]);

    await deliverWebhook(stack, "shop/redact", shopRedactPayload(store.state.shop));
    for (const count of [stack.db.loyaltyEntry.count({ where: { shop: stack.shop } }), stack.db.loyaltyBalance.count({ where: { shop: stack.shop } }), stack.db.loyaltyProgram.count({ where: { shop: stack.shop } })]) {
      expect(await count).toBe(0);
    }
  });
});
