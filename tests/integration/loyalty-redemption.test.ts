// The redemption flow on a real test database (SQLite or PostgreSQL, TEST_DATABASE), with Shopify's
// side of the codes scripted per test through the RewardCodes port (the same port the proxy routes
// bind to the Admin API; tests/integration/loyalty-storefront.test.ts covers that path through
// HTTP and the sandbox). What is checked here is the bookkeeping: points spent once per click,
// given back exactly once when the code fails or is cancelled, never a negative balance, and
// refusals that write nothing.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../app/db.server";
import { adjustPoints, saveLoyaltyProgram, verifyLedger } from "../../app/loyalty/ledger.server";
import {
  cancelRedemption,
  INTERRUPTED_AFTER_MS,
  markRedemptionCodesUsed,
  redeemReward,
  settleInterruptedRedemptions,
  type RewardCodes,
} from "../../app/loyalty/redemption.server";
import { createReward } from "../../app/loyalty/rewards.server";
import { openDatabase } from "../support/database-client";
import { createTestDatabase, type TestDatabase } from "../support/databases";

const SHOP = "redeem-test.myshopify.com";
const OTHER_SHOP = "someone-else.myshopify.com";
let database: TestDatabase;
let db: Database;

beforeAll(async () => {
  database = await createTestDatabase();
  db = openDatabase(database.url);
  await saveLoyaltyProgram(db, SHOP, { enabled: true, pointsPerUnit: 1, pendingDays: 14 });
}, 60_000);
afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
});

/** Shopify's side as each test scripts it, recording every call. */
function scriptedCodes(options: { fail?: string; throws?: boolean; usage?: number | null; deactivate?: boolean } = {}) {
  const calls = { create: 0, deactivate: [] as string[] };
  const codes: RewardCodes = {
    create: async (request) => {
      calls.create += 1;
      if (options.throws) throw new Error("socket hang up");
      if (options.fail) return { ok: false, message: options.fail };
      return { ok: true, code: `${request.prefix}${calls.create}-${randomUUID().slice(0, 6)}`, discountId: `gid://shopify/DiscountCodeNode/${calls.create}` };
    },
    usageCount: async () => (options.usage === undefined ? 0 : options.usage),
    deactivate: async (discountId) => {
      calls.deactivate.push(discountId);
      return options.deactivate ?? true;
    },
  };
  return { codes, calls };
}

let customerSeq = 0;
async function customerWith(points: number): Promise<string> {
  const customerId = String(9_000 + ++customerSeq);
  if (points > 0) expect((await adjustPoints(db, SHOP, customerId, points, `adjust:${randomUUID()}`, "Test points")).ok).toBe(true);
  return customerId;
}
const available = async (customerId: string) => (await db.loyaltyBalance.findUnique({ where: { shop_customerId: { shop: SHOP, customerId } } }))?.available ?? 0;
const reward = (pointsCost: number, changes: Partial<Parameters<typeof createReward>[2]> = {}) =>
  createReward(db, SHOP, { name: `${pointsCost} points off`, pointsCost, kind: "fixed_amount", value: 500, productVariantId: null, minimumSubtotalCents: null, codeValidDays: 30, ...changes });
const writes = async () => ({ entries: await db.loyaltyEntry.count({ where: { shop: SHOP } }), redemptions: await db.loyaltyRedemption.count({ where: { shop: SHOP } }) });

describe("redeeming a reward", () => {
  it("spends the points and returns the customer's code; a replay of the click spends nothing more", async () => {
    const customerId = await customerWith(1_000);
    const fiveOff = await reward(400);
    const { codes, calls } = scriptedCodes();
    const requestId = randomUUID();
    const first = await redeemReward(db, codes, { shop: SHOP, customerId, rewardId: fiveOff.id, requestId });
    expect(first).toMatchObject({ ok: true, redemption: { rewardName: "400 points off", points: 400, status: "issued" }, balance: { available: 600 } });
    if (!first.ok) return;
    expect(first.redemption.applyPath).toBe(`/discount/${first.redemption.code}`);
    expect(await db.loyaltyEntry.findUnique({ where: { shop_sourceKey: { shop: SHOP, sourceKey: `redeem:${first.redemption.id}` } } })).toMatchObject({ kind: "redeem", points: -400, customerId });

    const replays = await Promise.all([1, 2, 3].map(() => redeemReward(db, codes, { shop: SHOP, customerId, rewardId: fiveOff.id, requestId })));
    for (const replay of replays) expect(replay).toMatchObject({ ok: true, redemption: { id: first.redemption.id, code: first.redemption.code } });
    expect(calls.create).toBe(1);
    expect(await available(customerId)).toBe(600);
  });

  it("gives the points back, once, when Shopify refuses or fails to make the code", async () => {
    for (const script of [{ fail: "Code must be unique" }, { throws: true }]) {
      const customerId = await customerWith(500);
      const fiveOff = await reward(500);
      const { codes } = scriptedCodes(script);
      const requestId = randomUUID();
      const outcome = await redeemReward(db, codes, { shop: SHOP, customerId, rewardId: fiveOff.id, requestId });
      expect(outcome).toEqual({ ok: false, status: 502, error: "code-failed", message: "We could not create your discount code, so your 500 points are back in your balance. Please try again in a moment." });
      expect(await available(customerId)).toBe(500);
      const entries = await db.loyaltyEntry.findMany({ where: { shop: SHOP, customerId }, orderBy: { createdAt: "asc" }, select: { kind: true, points: true } });
      expect(entries.map((e) => [e.kind, e.points])).toEqual([
        ["adjust", 500],
        ["redeem", -500],
        ["return", 500],
      ]);
      expect(await db.loyaltyRedemption.findFirst({ where: { shop: SHOP, customerId } })).toMatchObject({ status: "failed", code: null });
      // Replaying the failed click answers the same, and nothing moves.
      expect(await redeemReward(db, scriptedCodes().codes, { shop: SHOP, customerId, rewardId: fiveOff.id, requestId })).toMatchObject({ ok: false, status: 502 });
      expect(await available(customerId)).toBe(500);
    }
    expect(await verifyLedger(db, SHOP)).toEqual([]);
  });

  it("refuses, writing nothing: not enough points, unknown, disabled or another shop's reward, program off", async () => {
    const customerId = await customerWith(100);
    const costly = await reward(101);
    const disabled = await reward(10);
    await db.loyaltyReward.update({ where: { id: disabled.id }, data: { enabled: false } });
    const foreign = await db.loyaltyReward.create({ data: { shop: OTHER_SHOP, name: "Theirs", pointsCost: 1, kind: "free_shipping" } });
    const { codes, calls } = scriptedCodes();
    const before = await writes();
    const attempt = (rewardId: string, shop = SHOP) => redeemReward(db, codes, { shop, customerId, rewardId, requestId: randomUUID() });
    expect(await attempt(costly.id)).toEqual({ ok: false, status: 409, error: "not-enough-points", message: "You have 100 points; this reward needs 101." });
    expect(await attempt("no-such-reward")).toMatchObject({ ok: false, status: 404, error: "unknown-reward" });
    expect(await attempt(foreign.id)).toMatchObject({ ok: false, status: 404, error: "unknown-reward" });
    expect(await attempt(disabled.id)).toMatchObject({ ok: false, status: 409, error: "reward-disabled" });
    expect(await attempt(foreign.id, OTHER_SHOP)).toMatchObject({ ok: false, status: 403, error: "program-off" });
    expect(await writes()).toEqual(before);
    expect(calls.create).toBe(0);
    expect(await available(customerId)).toBe(100);
  });

  it("lets exactly the affordable redemptions through when 100 race for one balance", async () => {
    const customerId = await customerWith(1_000);
    const price = 70; // 14 affordable, 20 points left
    const prize = await reward(price);
    const { codes, calls } = scriptedCodes();
    // On PostgreSQL, two clients, as two app processes would have.
    const second = database.url.startsWith("postgres") ? openDatabase(database.url) : db;
    try {
      const results = await Promise.all(
        Array.from({ length: 100 }, (_, i) => redeemReward(i % 2 ? second : db, codes, { shop: SHOP, customerId, rewardId: prize.id, requestId: randomUUID() })),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(14);
      expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.error === "not-enough-points")).toBe(true);
    } finally {
      if (second !== db) await second.$disconnect();
    }
    expect(calls.create).toBe(14);
    expect(await available(customerId)).toBe(20);
    expect(await db.loyaltyRedemption.count({ where: { shop: SHOP, customerId, status: "issued" } })).toBe(14);
    expect(await db.loyaltyRedemption.count({ where: { shop: SHOP, customerId, status: { not: "issued" } } })).toBe(0);
    expect(await verifyLedger(db, SHOP)).toEqual([]);
  }, 120_000);
});

describe("cancelling a code", () => {
  async function issued(points = 300) {
    const customerId = await customerWith(points);
    const prize = await reward(points);
    const outcome = await redeemReward(db, scriptedCodes().codes, { shop: SHOP, customerId, rewardId: prize.id, requestId: randomUUID() });
    if (!outcome.ok) throw new Error(outcome.message);
    return { customerId, redemption: outcome.redemption };
  }

  it("deactivates an unused code and gives its points back exactly once, even when cancels race", async () => {
    const { customerId, redemption } = await issued(300);
    expect(await available(customerId)).toBe(0);
    const { codes, calls } = scriptedCodes({ usage: 0 });
    const results = await Promise.all([1, 2, 3].map(() => cancelRedemption(db, codes, { shop: SHOP, customerId, redemptionId: redemption.id })));
    expect(results.some((r) => r.ok)).toBe(true);
    expect(await available(customerId)).toBe(300);
    expect(await db.loyaltyEntry.count({ where: { shop: SHOP, customerId, kind: "return" } })).toBe(1);
    expect(calls.deactivate[0]).toBe("gid://shopify/DiscountCodeNode/1");
    expect(await db.loyaltyRedemption.findUnique({ where: { id: redemption.id } })).toMatchObject({ status: "cancelled" });
    expect(await cancelRedemption(db, codes, { shop: SHOP, customerId, redemptionId: redemption.id })).toMatchObject({ ok: false, status: 409, error: "already-cancelled" });
    expect(await available(customerId)).toBe(300);
    expect(await verifyLedger(db, SHOP)).toEqual([]);
  });

  it("refuses a used code (and records it as used), a code Shopify no longer has, and a failed deactivation", async () => {
    const used = await issued(200);
    expect(await cancelRedemption(db, scriptedCodes({ usage: 1 }).codes, { shop: SHOP, customerId: used.customerId, redemptionId: used.redemption.id })).toMatchObject({ ok: false, status: 409, error: "code-used" });
    expect(await db.loyaltyRedemption.findUnique({ where: { id: used.redemption.id } })).toMatchObject({ status: "used" });

    const gone = await issued(200);
    expect(await cancelRedemption(db, scriptedCodes({ usage: null }).codes, { shop: SHOP, customerId: gone.customerId, redemptionId: gone.redemption.id })).toMatchObject({ ok: false, status: 409, error: "code-gone" });

    const stuck = await issued(200);
    expect(await cancelRedemption(db, scriptedCodes({ deactivate: false }).codes, { shop: SHOP, customerId: stuck.customerId, redemptionId: stuck.redemption.id })).toMatchObject({ ok: false, status: 502, error: "cancel-failed" });
    for (const { customerId } of [used, gone, stuck]) expect(await available(customerId)).toBe(0);
    expect(await db.loyaltyRedemption.findUnique({ where: { id: stuck.redemption.id } })).toMatchObject({ status: "issued" });
  });

  it("never cancels another customer's or another shop's redemption", async () => {
    const { customerId, redemption } = await issued(150);
    const { codes, calls } = scriptedCodes();
    expect(await cancelRedemption(db, codes, { shop: SHOP, customerId: "someone-else", redemptionId: redemption.id })).toMatchObject({ ok: false, status: 404 });
    expect(await cancelRedemption(db, codes, { shop: OTHER_SHOP, customerId, redemptionId: redemption.id })).toMatchObject({ ok: false, status: 404 });
    expect(calls.deactivate).toEqual([]);
    expect(await db.loyaltyRedemption.findUnique({ where: { id: redemption.id } })).toMatchObject({ status: "issued" });
  });
});

describe("codes used on an order", () => {
  it("are marked used (only the shop's issued ones) and can no longer be cancelled", async () => {
    const customerId = await customerWith(200);
    const prize = await reward(200);
    const outcome = await redeemReward(db, scriptedCodes().codes, { shop: SHOP, customerId, rewardId: prize.id, requestId: randomUUID() });
    if (!outcome.ok) throw new Error(outcome.message);
    const code = outcome.redemption.code!;
    expect(await markRedemptionCodesUsed(db, OTHER_SHOP, [code])).toBe(0);
    expect(await markRedemptionCodesUsed(db, SHOP, [code, "SUMMER"])).toBe(1);
    expect(await markRedemptionCodesUsed(db, SHOP, [code])).toBe(0);
    const { codes, calls } = scriptedCodes();
    expect(await cancelRedemption(db, codes, { shop: SHOP, customerId, redemptionId: outcome.redemption.id })).toMatchObject({ ok: false, status: 409, error: "code-used" });
    expect(calls.deactivate).toEqual([]);
    expect(await available(customerId)).toBe(0);
  });
});

describe("redemptions a stopped process left pending", () => {
  const returnedMessage = (points: number) => `We could not create your discount code, so your ${points} points are back in your balance. Please try again in a moment.`;
  const settleDue = () => settleInterruptedRedemptions(db, new Date(Date.now() - INTERRUPTED_AFTER_MS));
  const settleAll = () => settleInterruptedRedemptions(db, new Date(Date.now() + 1000));

  it("are settled once: the spent points come back whichever of two racing sweeps gets there", async () => {
    const customerId = await customerWith(300);
    const hundredOff = await reward(100);
    // Shopify never answers: the process is as good as dead between spending and recording a code.
    const hung: RewardCodes = { ...scriptedCodes().codes, create: () => new Promise(() => {}) };
    const requestId = randomUUID();
    void redeemReward(db, hung, { shop: SHOP, customerId, rewardId: hundredOff.id, requestId });
    for (let tries = 0; (await available(customerId)) !== 200; tries++) {
      expect(tries, "the points to be spent").toBeLessThan(100);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await settleDue()).toBe(0); // not stale yet: a live request may still finish it
    expect(await db.loyaltyRedemption.findFirst({ where: { shop: SHOP, customerId } })).toMatchObject({ status: "pending" });

    const [first, second] = await Promise.all([settleAll(), settleAll()]);
    expect(first + second).toBe(1);
    expect(await available(customerId)).toBe(300);
    expect(await db.loyaltyRedemption.findFirst({ where: { shop: SHOP, customerId } })).toMatchObject({ status: "failed", code: null, message: returnedMessage(100) });
    const entries = await db.loyaltyEntry.findMany({ where: { shop: SHOP, customerId }, orderBy: { createdAt: "asc" }, select: { kind: true, points: true } });
    expect(entries.map((e) => [e.kind, e.points])).toEqual([
      ["adjust", 300],
      ["redeem", -100],
      ["return", 100],
    ]);
    // The shopper's retry of that click hears what happened; a later sweep changes nothing.
    expect(await redeemReward(db, scriptedCodes().codes, { shop: SHOP, customerId, rewardId: hundredOff.id, requestId })).toEqual({
      ok: false,
      status: 502,
      error: "code-failed",
      message: returnedMessage(100),
    });
    expect(await settleAll()).toBe(0);
    expect(await available(customerId)).toBe(300);
    expect(await verifyLedger(db, SHOP)).toEqual([]);
  });

  it("a request slower than the sweep deactivates its late code and hands out nothing", async () => {
    const customerId = await customerWith(100);
    const hundredOff = await reward(100);
    const { codes, calls } = scriptedCodes();
    const slow: RewardCodes = {
      ...codes,
      create: async (request) => {
        expect(await settleAll()).toBe(1); // the sweep gives up on this request while Shopify works
        return codes.create(request);
      },
    };
    const outcome = await redeemReward(db, slow, { shop: SHOP, customerId, rewardId: hundredOff.id, requestId: randomUUID() });
    expect(outcome).toEqual({ ok: false, status: 502, error: "code-failed", message: returnedMessage(100) });
    expect(calls.deactivate).toEqual(["gid://shopify/DiscountCodeNode/1"]);
    expect(await available(customerId)).toBe(100);
    expect(await db.loyaltyRedemption.findFirst({ where: { shop: SHOP, customerId } })).toMatchObject({ status: "failed", code: null });
    expect(await verifyLedger(db, SHOP)).toEqual([]);
  });

  it("one that stopped before spending anything leaves no trace, in whichever shop it was", async () => {
    const customerId = await customerWith(50);
    const old = new Date(Date.now() - 2 * INTERRUPTED_AFTER_MS);
    const base = { customerId, rewardId: "gone", rewardName: "Old reward", points: 50, status: "pending", createdAt: old };
    await db.loyaltyRedemption.create({ data: { ...base, shop: SHOP, requestId: randomUUID() } });
    const others = await db.loyaltyRedemption.create({ data: { ...base, shop: OTHER_SHOP, requestId: randomUUID() } });
    const before = await writes();
    expect(await settleDue()).toBe(2);
    expect(await writes()).toEqual({ entries: before.entries, redemptions: before.redemptions - 1 });
    expect(await available(customerId)).toBe(50);
    expect(await db.loyaltyRedemption.findUnique({ where: { id: others.id } })).toBeNull();
    expect(await db.loyaltyEntry.count({ where: { shop: OTHER_SHOP } })).toBe(0);
  });
});
