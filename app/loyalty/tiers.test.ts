import { describe, expect, it } from "vitest";
import { deriveBalance, eligibleCents, planOrderEntries, type LedgerEntry, type LoyaltyOrder, type ProgramSettings } from "./ledger";
import { planTierMove, tierFigure, tierFor, tierFormSchema, tierProgress, type FigureEntry, type Tier, type TierRules } from "./tiers";

const day = (n: number) => new Date(Date.UTC(2026, 0, 1 + n));
const tiers: Tier[] = [
  { id: "gold", name: "Gold", threshold: 1000, multiplierPercent: 150, discountPercent: 5 },
  { id: "silver", name: "Silver", threshold: 300, multiplierPercent: 125, discountPercent: 3 },
  { id: "platinum", name: "Platinum", threshold: 3000, multiplierPercent: 200, discountPercent: 7 },
];
const rules: TierRules = { basis: "points", window: "lifetime", currencyCode: "USD" };
const entry = (kind: string, points: number, pendingPoints: number, at: number, shortfall = 0): FigureEntry => ({ kind, points, pendingPoints, shortfall, createdAt: day(at) });

describe("which tier a figure reaches", () => {
  it("is the highest threshold reached, whatever the order tiers are listed in", () => {
    expect(tierFor(tiers, 299)).toBeNull();
    expect(tierFor(tiers, 300)?.name).toBe("Silver");
    expect(tierFor(tiers, 2999)?.name).toBe("Gold");
    expect(tierFor(tiers, 10_000)?.name).toBe("Platinum");
    expect(tierFor([], 10_000)).toBeNull();
  });
});

describe("the qualifying figure", () => {
  const entries = [
    entry("earn", 0, 800, 0),
    entry("release", 800, -800, 14),
    entry("clawback", -200, 0, 20), // a refund takes 200 back
    entry("adjust", 100, 0, 30),
    entry("adjust", -50, 0, 31), // a merchant taking points is not "earning less"
    entry("redeem", -300, 0, 32), // spending does not lower the tier
    entry("cancel", 0, -100, 40, 0),
    entry("earn", 0, 500, 400),
  ];
  it("points earned: earns and positive adjustments, minus clawbacks and cancellations, in the window", () => {
    expect(tierFigure(rules, day(401), { entries, orders: [] })).toBe(800 - 200 + 100 - 100 + 500);
    // 12 rolling months from day 401 start at day 36: only the cancellation and the late earn remain.
    expect(tierFigure({ ...rules, window: "rolling12" }, day(401), { entries, orders: [] })).toBe(400);
  });

  it("a clawback's shortfall still counts against the figure (the points were owed back)", () => {
    expect(tierFigure(rules, day(50), { entries: [entry("earn", 0, 500, 0), entry("clawback", -100, 0, 20, 150)], orders: [] })).toBe(250);
  });

  it("money spent: net of refunds, cancelled orders left out", () => {
    const orders = [
      { processedAt: day(0), netCents: 20_000, cancelled: false },
      { processedAt: day(100), netCents: 5_000, cancelled: true },
      { processedAt: day(380), netCents: 12_500, cancelled: false },
    ];
    expect(tierFigure({ basis: "spent", window: "lifetime" }, day(381), { entries: [], orders })).toBe(32_500);
    expect(tierFigure({ basis: "spent", window: "rolling12" }, day(381), { entries: [], orders })).toBe(12_500);
  });
});

describe("moves up and down, with the reason", () => {
  it("moves a customer up with the figure and threshold in the reason", () => {
    const move = planTierMove({ current: null, tiers, figure: 1200, rules, trigger: "Order #1001 changed" });
    expect(move?.to?.name).toBe("Gold");
    expect(move?.from).toEqual({ id: null, name: null });
    expect(move?.reason).toBe("Reached Gold: 1,200 points earned in total (Gold needs 1,000 points). Order #1001 changed.");
  });

  it("stays put when the tier is unchanged (no history row)", () => {
    expect(planTierMove({ current: { tierId: "gold", tierName: "Gold" }, tiers, figure: 1500, rules, trigger: "x" })).toBeNull();
    expect(planTierMove({ current: null, tiers, figure: 10, rules, trigger: "x" })).toBeNull();
  });

  it("moves a customer down when a rolling window or a refund lowers the figure", () => {
    const move = planTierMove({ current: { tierId: "gold", tierName: "Gold" }, tiers, figure: 450, rules: { ...rules, window: "rolling12" }, trigger: "Daily review" });
    expect(move?.to?.name).toBe("Silver");
    expect(move?.reason).toBe("Fell below Gold: 450 points earned in the last 12 months (Gold needs 1,000 points). Daily review.");
    expect(planTierMove({ current: { tierId: "silver", tierName: "Silver" }, tiers, figure: 0, rules, trigger: "Order #2 changed" })?.to).toBeNull();
  });

  it("says so when the customer's tier was removed", () => {
    const move = planTierMove({ current: { tierId: "bronze", tierName: "Bronze" }, tiers, figure: 350, rules, trigger: "Tiers edited" });
    expect(move?.to?.name).toBe("Silver");
    expect(move?.reason).toContain("Bronze was removed");
  });

  it("describes money in the shop currency", () => {
    const move = planTierMove({ current: null, tiers: [{ ...tiers[1], threshold: 50_000 }], figure: 61_250, rules: { basis: "spent", window: "lifetime", currencyCode: "USD" }, trigger: "x" });
    expect(move?.reason).toContain("$612.50 spent in total (Silver needs $500.00)");
  });
});

describe("the tier form", () => {
  it("reads money thresholds in the currency's units and points as whole numbers", () => {
    expect(tierFormSchema({ basis: "spent", currencyCode: "USD" }).parse({ name: " Gold ", threshold: "500.50", multiplierPercent: "150", discountPercent: "5" })).toEqual({
      id: undefined,
      name: "Gold",
      threshold: 50_050,
      multiplierPercent: 150,
      discountPercent: 5,
    });
    const bad = tierFormSchema({ basis: "points", currencyCode: "USD" }).safeParse({ name: "", threshold: "1.5", multiplierPercent: "50", discountPercent: "80" });
    expect(bad.success ? [] : bad.error.issues.map((i) => i.path[0])).toEqual(["name", "threshold", "multiplierPercent", "discountPercent"]);
  });
});

describe("the earn multiplier in the ledger", () => {
  const program: ProgramSettings = { enabled: true, pointsPerUnit: 2, pendingDays: 14, enabledAt: null };
  const order: LoyaltyOrder = {
    id: "7",
    customerId: "c1",
    currencyCode: "USD",
    subtotalCents: 10_050,
    totalCents: 12_000,
    financialStatus: "paid",
    processedAt: day(0),
    cancelledAt: null,
    refunds: [],
  };
  const plan = (o: LoyaltyOrder, existing: LedgerEntry[], settings: ProgramSettings, now: Date, multiplierPercent?: number) =>
    planOrderEntries({ order: o, existing, program: settings, balance: deriveBalance(existing), now, multiplierPercent });

  it("multiplies the award and records the rate and multiplier used on the earn", () => {
    const [earn] = plan(order, [], program, day(0), 150);
    // $100.50 × 2 points × 1.5 = 301.5 -> 301
    expect(earn).toMatchObject({ kind: "earn", pendingPoints: 301, rate: 2, multiplierPercent: 150, baseCents: 10_050 });
    expect(plan(order, [], program, day(0))[0]).toMatchObject({ pendingPoints: 201, multiplierPercent: 100 });
  });

  it("claws back at the earn's rate and multiplier, after both changed (rate change between earn and refund)", () => {
    const earned = plan(order, [], program, day(0), 150);
    const released = [...earned, ...plan(order, earned, program, day(20), 150)];
    expect(deriveBalance(released).available).toBe(301);
    // Later: the merchant doubles the rate, and the customer is no longer in the tier.
    const now = { ...program, pointsPerUnit: 4 };
    const refunded = { ...order, refunds: [{ id: "r1", createdAt: day(30), lines: [{ subtotalCents: 5_025 }] }] };
    const clawback = plan(refunded, released, now, day(30), 100);
    expect(clawback).toEqual([expect.objectContaining({ kind: "clawback", points: -150, shortfall: 0 })]); // floor(301 × ½)
    const all = [...released, ...clawback];
    const rest = plan({ ...refunded, cancelledAt: day(31) }, all, now, day(31), 100);
    expect(rest).toEqual([expect.objectContaining({ kind: "cancel", points: -151 })]);
    expect(deriveBalance([...all, ...rest]).available).toBe(0);
  });

  it("the earning basis: subtotal by default, the total when chosen", () => {
    expect(eligibleCents(order)).toBe(10_050);
    expect(eligibleCents(order, "total")).toBe(12_000);
    expect(plan(order, [], { ...program, earningBasis: "total" }, day(0))[0]).toMatchObject({ baseCents: 12_000, pendingPoints: 240 });
  });
});

describe("tier progress (the storefront panel)", () => {
  const t = (id: string, threshold: number, discountPercent = 0) => ({ id, name: id, threshold, multiplierPercent: 100 + discountPercent * 10, discountPercent });
  const ladder = [t("Gold", 1000, 5), t("Silver", 300, 3), t("Platinum", 3000, 7)];

  it("a customer without a tier: what is missing to the first one", () => {
    expect(tierProgress(ladder, null, 180, "points")).toEqual({ tier: null, next: { name: "Silver", multiplierPercent: 130, discountPercent: 3, remaining: 120, basis: "points" }, percent: 60 });
  });

  it("a Silver member: their perks, and the way to Gold from Silver's threshold", () => {
    const progress = tierProgress(ladder, "Silver", 650, "points");
    expect(progress.tier).toEqual({ name: "Silver", multiplierPercent: 130, discountPercent: 3 });
    expect(progress.next).toMatchObject({ name: "Gold", remaining: 350 });
    expect(progress.percent).toBe(50);
  });

  it("skips a tier the figure already reached before the evaluation caught up", () => {
    expect(tierProgress(ladder, "Silver", 1200, "spent").next).toMatchObject({ name: "Platinum", remaining: 1800, basis: "spent" });
  });

  it("at the top there is no next tier", () => {
    expect(tierProgress(ladder, "Platinum", 5000, "points")).toEqual({ tier: { name: "Platinum", multiplierPercent: 170, discountPercent: 7 }, next: null, percent: 100 });
  });

  it("a member who fell below their tier's threshold (not yet re-evaluated) shows no negative progress", () => {
    expect(tierProgress(ladder, "Gold", 900, "points")).toMatchObject({ tier: { name: "Gold" }, next: { name: "Platinum", remaining: 2100 }, percent: 0 });
  });

  it("no tiers: nothing to show", () => {
    expect(tierProgress([], null, 500, "points")).toEqual({ tier: null, next: null, percent: 100 });
  });
});
