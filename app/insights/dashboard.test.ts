import { describe, expect, it } from "vitest";
import { dashboardSnapshot, nextActions, trend, type NextActionInput } from "./dashboard";
import type { MetricsOrder } from "./metrics";

const order = (customerId: string, day: string, netCents: number): MetricsOrder => ({
  customerId,
  processedAt: new Date(`2026-${day}T12:00:00Z`),
  netCents,
  cancelled: false,
});

describe("dashboardSnapshot", () => {
  it("stores the last N days against the N before, as JSON-safe figures", () => {
    // as of Jul 1 00:00, 30 days: [Jun 1, Jul 1) against [May 2, Jun 1)
    const orders = [order("A", "05-10", 5_000), order("A", "06-10", 7_000), order("B", "06-12", 2_000)];
    const snapshot = dashboardSnapshot(orders, new Set(["A"]), 30, new Date("2026-07-01T00:00:00Z"));
    expect(snapshot.current).toMatchObject({ from: "2026-06-01T00:00:00.000Z", to: "2026-07-01T00:00:00.000Z", orders: 2, revenueCents: 9_000, repeatCustomerRevenueCents: 7_000 });
    expect(snapshot.previous).toMatchObject({ from: "2026-05-02T00:00:00.000Z", orders: 1, revenueCents: 5_000 });
    expect(snapshot.members.members).toMatchObject({ customers: 1, repeatPurchaseRate: 1 });
    expect(snapshot.members.nonMembers).toMatchObject({ customers: 1, repeatPurchaseRate: 0 });
    // May cohort (A): back in June -> month 1 retention 1 of 1
    expect(snapshot.retention).toEqual([{ month: 1, rate: 1, customers: 1 }]);
    expect(JSON.parse(JSON.stringify(snapshot))).toEqual(snapshot);
  });
});

describe("trend", () => {
  it("is the relative change, unknown without a base", () => {
    expect(trend(12, 10)).toBeCloseTo(0.2);
    expect(trend(5, 10)).toBeCloseTo(-0.5);
    expect(trend(5, 0)).toBeNull();
    expect(trend(null, 3)).toBeNull();
  });
});

describe("nextActions", () => {
  const quiet: NextActionInput = {
    segments: {},
    activity: {},
    current: { repeatPurchaseRate: null, customers: 0, orders: 0 },
    previous: { repeatPurchaseRate: null },
    loyaltyEnabled: false,
    pointsOutstanding: 0,
    crossSellRevenueCents: 0,
  };

  it("suggests nothing for a new shop", () => {
    expect(nextActions(quiet)).toEqual([]);
  });

  it("puts the customers to win back first, with their numbers and the segment to open", () => {
    const actions = nextActions({
      ...quiet,
      segments: { "At risk": 312, "Can't lose them": 12, Champions: 40, New: 100, Promising: 20 },
      current: { repeatPurchaseRate: 0.2, customers: 500, orders: 700 },
      previous: { repeatPurchaseRate: 0.25 },
      crossSellRevenueCents: 1_000,
    });
    expect(actions.map((a) => a.key)).toEqual(["cant-lose-them", "at-risk", "repeat-rate-down", "new-customers", "champions"]);
    expect(actions[1].text).toMatch(/^312 customers are At risk/);
    expect(actions[1].url).toBe("/app/segments/at-risk");
    expect(actions[0].url).toBe("/app/segments/cant-lose-them");
    expect(actions[2].text).toContain("20.0% from 25.0%");
    expect(actions[3].text).toMatch(/^120 recent first-time buyers/);
    expect(actions[4].url).toBe("/app/loyalty"); // no program yet: start one
  });

  it("mentions points and cross-sell only when they apply, and keeps to the limit", () => {
    const input = { ...quiet, loyaltyEnabled: true, pointsOutstanding: 12_500, current: { repeatPurchaseRate: 0.3, customers: 10, orders: 12 } };
    const keys = nextActions(input).map((a) => a.key);
    expect(keys).toEqual(["points-outstanding", "cross-sell-off"]);
    expect(nextActions({ ...input, crossSellRevenueCents: 500 }).map((a) => a.key)).toEqual(["points-outstanding"]);
    expect(nextActions({ ...input, pointsOutstanding: 0, loyaltyEnabled: true }).map((a) => a.key)).toEqual(["cross-sell-off"]);
    expect(nextActions({ ...input, segments: { "At risk": 1, "Can't lose them": 1, Champions: 1, New: 1 } }, 2)).toHaveLength(2);
  });

  it("does not call a flat repeat rate a fall", () => {
    const keys = nextActions({ ...quiet, current: { repeatPurchaseRate: 0.25, customers: 5, orders: 5 }, previous: { repeatPurchaseRate: 0.255 }, crossSellRevenueCents: 1 }).map((a) => a.key);
    expect(keys).toEqual([]);
  });
});
