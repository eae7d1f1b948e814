// loyaltyPanel's queries, counted on a fake database: the shop's part (program, currency, rewards,
// tiers) is read once per shop and TTL, again after a merchant's save; per customer only what the
// panel shows is asked.
import { describe, expect, it } from "vitest";
import type { Database } from "../db.server";
import { forgetLoyaltyPanelShop } from "./panel-cache.server";
import { loyaltyPanel } from "./rewards-panel.server";

function countingDb(options: { pending?: number; tiers?: boolean } = {}) {
  const calls: string[] = [];
  const call = <T>(name: string, value: T) => (..._args: unknown[]) => (calls.push(name), Promise.resolve(value));
  const db = {
    loyaltyProgram: { findUnique: call("program", { enabled: true, pointsPerUnit: 1, pendingDays: 14, earningBasis: "subtotal", pointsPerMoneyUnit: 100, tierBasis: "points", tierWindow: "lifetime" }) },
    shop: { findUnique: call("shop", { currencyCode: "USD" }) },
    loyaltyReward: { findMany: call("rewards", []) },
    loyaltyTier: { findMany: call("tiers", options.tiers ? [{ id: "t1", name: "Gold", threshold: 100, multiplierPercent: 100, discountPercent: 0 }] : []) },
    loyaltyBalance: { findUnique: call("balance", { available: 50, pending: options.pending ?? 0 }) },
    loyaltyEntry: { findMany: call("entries", []), groupBy: call("pendingSums", []) },
    loyaltyRedemption: { findMany: call("redemptions", []) },
    loyaltyMemberTier: { findUnique: call("memberTier", null) },
  };
  return { db: db as unknown as Database, calls };
}

let shopNumber = 0;
const freshShop = () => `panel-${++shopNumber}-${Date.now()}.myshopify.com`;

describe("loyaltyPanel queries", () => {
  it("reads the shop's program, currency, rewards and tiers once, not per request", async () => {
    const shop = freshShop();
    const { db, calls } = countingDb();
    await loyaltyPanel(db, shop, "1");
    expect(calls.filter((c) => ["program", "shop", "rewards", "tiers"].includes(c)).sort()).toEqual(["program", "rewards", "shop", "tiers"]);
    calls.length = 0;
    await loyaltyPanel(db, shop, "2");
    await loyaltyPanel(db, shop, null);
    // Per customer without pending points or tiers: balance, history, redemptions.
    expect(calls.sort()).toEqual(["balance", "entries", "redemptions"]);
  });

  it("reads the shop's part again after a merchant's save", async () => {
    const shop = freshShop();
    const { db, calls } = countingDb();
    await loyaltyPanel(db, shop, null);
    forgetLoyaltyPanelShop(shop);
    calls.length = 0;
    await loyaltyPanel(db, shop, null);
    expect(calls).toContain("program");
  });

  it("looks up the next release only for a customer with pending points, and tiers only when the shop has some", async () => {
    const shop = freshShop();
    const { db, calls } = countingDb({ pending: 20, tiers: true });
    await loyaltyPanel(db, shop, null);
    calls.length = 0;
    const panel = await loyaltyPanel(db, shop, "1");
    // entries: the history, the earns (pending points), the tier figure (points basis).
    expect(calls.sort()).toEqual(["balance", "entries", "entries", "entries", "memberTier", "redemptions"]);
    expect(panel.customer).toMatchObject({ available: 50, pending: 20, nextReleaseAt: null });
  });
});
