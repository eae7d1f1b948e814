// The rewards catalog and the storefront loyalty panel through real HTTP: the admin page's actions
// (session token) and the signed app proxy, on the test database. Bad input gets a 4xx with a
// message and writes nothing; another shop's reward is not found.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adjustPoints, saveLoyaltyProgram } from "../../app/loyalty/ledger.server";
import { createReward } from "../../app/loyalty/rewards.server";
import type { SandboxOrder } from "../../app/sandbox/store/types";
import { orderPayload } from "../../app/sandbox/webhooks/payloads";
import { adminFetch, appProxyUrl, embeddedAppUrl, postWebhook, sessionToken } from "../support/shopify-requests";
import { eventually, startStack, type Stack } from "../support/stack";

let stack: Stack;
const OTHER_SHOP = "someone-else.myshopify.com";

beforeAll(async () => {
  stack = await startStack();
}, 120_000);
afterAll(async () => {
  await stack?.stop();
});

async function postRewards(fields: Record<string, string>) {
  const response = await adminFetch(`${stack.app.url}/app/loyalty/rewards?_data=routes%2Fapp.loyalty_.rewards`, {
    method: "POST",
    bearer: sessionToken(stack),
    body: new URLSearchParams(fields),
  });
  return { status: response.status, body: (await response.json()) as { ok: boolean; message?: string; errors: Record<string, string> } };
}

const rewardsOf = (shop: string) => stack.db.loyaltyReward.findMany({ where: { shop }, orderBy: { pointsCost: "asc" } });

type Panel = {
  program: { enabled: boolean; pointsPerUnit: number; pendingDays: number; currencyDecimals: number };
  rewards: { id: string; name: string; pointsCost: number; kind: string; value: number | null; affordable: boolean }[];
  customer: null | { id: string; available: number; pending: number; nextReleaseAt: string | null; history: { kind: string; points: number; pending: boolean }[]; redemptions: unknown[] };
};

async function panel(customerId: number | null = null): Promise<Panel> {
  const response = await fetch(appProxyUrl(stack, "/loyalty", { customerId }));
  expect(response.status).toBe(200);
  expect(response.headers.get("cache-control")).toContain("no-store");
  return (await response.json()) as Panel;
}

describe("the storefront loyalty panel (GET /apps/encore/loyalty)", () => {
  it("says the program is off, and shows nothing else, until the merchant turns it on", async () => {
    await createReward(stack.db, stack.shop, { name: "$5 off", pointsCost: 500, kind: "fixed_amount", value: 500, productVariantId: null, minimumSubtotalCents: 2000, codeValidDays: 30 });
    await createReward(stack.db, stack.shop, { name: "10% off", pointsCost: 900, kind: "percentage", value: 10, productVariantId: null, minimumSubtotalCents: null, codeValidDays: null });
    await createReward(stack.db, stack.shop, { name: "Free delivery", pointsCost: 350, kind: "free_shipping", value: null, productVariantId: null, minimumSubtotalCents: null, codeValidDays: null });
    expect(await panel()).toEqual({ program: { enabled: false, pointsPerUnit: 1, pendingDays: 14, currencyDecimals: 2 }, rewards: [], customer: null });
    await saveLoyaltyProgram(stack.db, stack.shop, { enabled: true, pointsPerUnit: 1, pendingDays: 14 });
  });

  it("shows a guest how the program works and the rewards, none affordable", async () => {
    // The program was switched on behind the app's back (not through its admin, which would clear
    // the app's copy at once): the panel's per-shop part catches up within its 10 s cache.
    const body = await eventually(async () => {
      const answer = await panel();
      return answer.program.enabled ? answer : null;
    }, "the panel to show the program on", 20_000);
    expect(body.program).toEqual({ enabled: true, pointsPerUnit: 1, pendingDays: 14, currencyDecimals: 2 });
    expect(body.customer).toBeNull();
    expect(body.rewards.map((r) => [r.name, r.affordable])).toEqual([
      ["Free delivery", false],
      ["$5 off", false],
      ["10% off", false],
    ]);
  });

  it("shows a customer their spendable and pending points, when pending ones release, and what they can afford", async () => {
    const { store } = stack.sandbox.context;
    const template = store.state.orders.find((o) => o.customerId && o.financialStatus === "PAID" && !o.cancelledAt && o.refunds.length === 0 && o.subtotalCents >= 5_000)!;
    const customerId = Number(template.customerId);
    const now = new Date().toISOString();
    const order: SandboxOrder = { ...template, id: store.nextId(), name: `#P${template.id}`, createdAt: now, processedAt: now, updatedAt: now, fulfillmentStatus: "UNFULFILLED", fulfilledAt: null, cancelledAt: null, refunds: [] };
    const eventId = randomUUID();
    expect((await postWebhook(stack, { topic: "orders/paid", payload: orderPayload({ shop: store.state.shop, store }, order), eventId })).status).toBe(200);
    await eventually(async () => (await stack.db.webhookDelivery.findFirst({ where: { shop: stack.shop, eventId, status: "processed" } })) !== null, "the order webhook", 30_000).catch(async (error: unknown) => {
      const row = await stack.db.webhookDelivery.findFirst({ where: { shop: stack.shop, eventId } });
      throw new Error(`${String(error)} (status ${row?.status ?? "none"}, last error: ${row?.lastError ?? "none"})`);
    });
    expect((await adjustPoints(stack.db, stack.shop, String(customerId), 600, `adjust:${randomUUID()}`, "Welcome gift")).ok).toBe(true);

    const body = await panel(customerId);
    const award = Math.floor(order.subtotalCents / 100);
    const earn = await stack.db.loyaltyEntry.findUniqueOrThrow({ where: { shop_sourceKey: { shop: stack.shop, sourceKey: `order:${order.id}:earn` } } });
    expect(body.customer).toMatchObject({ id: String(customerId), available: 600, pending: award, nextReleaseAt: earn.availableAt!.toISOString(), redemptions: [] });
    expect(body.customer!.history.map((h) => [h.kind, h.points, h.pending])).toEqual([
      ["adjust", 600, false],
      ["earn", award, true],
    ]);
    expect(body.rewards.map((r) => [r.name, r.affordable])).toEqual([
      ["Free delivery", true],
      ["$5 off", true],
      ["10% off", false],
    ]);
    // Another customer (or a customer id of another shop) sees only their own, empty balance.
    expect((await panel(999_999_999)).customer).toMatchObject({ available: 0, pending: 0, history: [] });
  });

  it("leaves disabled rewards out", async () => {
    const reward = await stack.db.loyaltyReward.findFirstOrThrow({ where: { shop: stack.shop, name: "10% off" } });
    await stack.db.loyaltyReward.update({ where: { id: reward.id }, data: { enabled: false } });
    // Disabled behind the app's back: shown until the panel's 10 s cache expires, then gone.
    const names = await eventually(async () => {
      const shown = (await panel()).rewards.map((r) => r.name);
      return shown.includes("10% off") ? null : shown;
    }, "the panel to drop the disabled reward", 20_000);
    expect(names).toEqual(["Free delivery", "$5 off"]);
    await stack.db.loyaltyReward.update({ where: { id: reward.id }, data: { enabled: true } });
  });
});

// After the panel's tests: installing starts the history import, and on SQLite this process
// writing while the app imports would meet its write lock (one writer per database file), so what
// these tests arrange in the database is written before the install; afterwards only the app writes.
describe("the rewards admin page", () => {
  let foreign: { id: string };
  beforeAll(async () => {
    foreign = await stack.db.loyaltyReward.create({ data: { shop: OTHER_SHOP, name: "Theirs", pointsCost: 1, kind: "free_shipping" } });
    expect((await adminFetch(embeddedAppUrl(stack))).status).toBe(200); // install: the shop and its session
    await eventually(() => stack.db.session.findFirst({ where: { shop: stack.shop } }), "the shop's session");
  }, 120_000);

  it("adds rewards of each kind, money in the shop currency", async () => {
    expect(await postRewards({ intent: "save", name: "Five off", pointsCost: "500", kind: "fixed_amount", amount: "5", minimumSubtotal: "20", codeValidDays: "30" })).toMatchObject({ status: 200, body: { ok: true } });
    expect((await postRewards({ intent: "save", name: "Ten percent", pointsCost: "900", kind: "percentage", percent: "10", codeValidDays: "" })).status).toBe(200);
    expect((await postRewards({ intent: "save", name: "Free shipping", pointsCost: "300", kind: "free_shipping" })).status).toBe(200);
    const added = (await rewardsOf(stack.shop)).filter((r) => ["Free shipping", "Five off", "Ten percent"].includes(r.name));
    expect(added).toMatchObject([
      { name: "Free shipping", pointsCost: 300, kind: "free_shipping", value: null, enabled: true },
      { name: "Five off", pointsCost: 500, kind: "fixed_amount", value: 500, minimumSubtotalCents: 2000, codeValidDays: 30 },
      { name: "Ten percent", pointsCost: 900, kind: "percentage", value: 10, codeValidDays: null },
    ]);
    const page = await adminFetch(`${stack.app.url}/app/loyalty/rewards?_data=routes%2Fapp.loyalty_.rewards`, { bearer: sessionToken(stack) });
    expect(((await page.json()) as { rewards: { name: string }[] }).rewards.map((r) => r.name)).toEqual(expect.arrayContaining(["Free shipping", "Five off", "Ten percent", "$5 off"]));
  });

  it("answers bad fields with 400 and a message per field, saving nothing", async () => {
    const before = await rewardsOf(stack.shop);
    const bad = await postRewards({ intent: "save", name: "", pointsCost: "-1", kind: "percentage", percent: "150" });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual({ name: "Enter a name.", pointsCost: "The points cost must be at least 1.", percent: "The percentage must be at most 100." });
    expect((await postRewards({ intent: "save", name: "X", pointsCost: "10", kind: "percentage", percent: "150" })).body.errors).toEqual({ percent: "The percentage must be at most 100." });
    expect((await postRewards({ intent: "explode" })).status).toBe(400);
    expect(await rewardsOf(stack.shop)).toEqual(before);
  });

  it("edits and disables the shop's own rewards; another shop's reward is a 404", async () => {
    const free = (await rewardsOf(stack.shop)).find((r) => r.name === "Free shipping")!;
    expect((await postRewards({ intent: "save", id: free.id, name: "Free delivery", pointsCost: "350", kind: "free_shipping" })).status).toBe(200);
    expect(await stack.db.loyaltyReward.findUnique({ where: { id: free.id } })).toMatchObject({ name: "Free delivery", pointsCost: 350 });

    const edit = await postRewards({ intent: "save", id: foreign.id, name: "Mine now", pointsCost: "1", kind: "free_shipping" });
    expect(edit).toMatchObject({ status: 404, body: { errors: { form: "That reward does not exist." } } });
    expect((await postRewards({ intent: "disable", id: foreign.id })).status).toBe(404);
    expect(await stack.db.loyaltyReward.findUnique({ where: { id: foreign.id } })).toMatchObject({ name: "Theirs", enabled: true });

    expect((await postRewards({ intent: "disable", id: free.id })).status).toBe(200);
    expect(await stack.db.loyaltyReward.findUnique({ where: { id: free.id } })).toMatchObject({ enabled: false });
    expect((await postRewards({ intent: "enable", id: free.id })).status).toBe(200);
  });
});
