import { describe, expect, it } from "vitest";
import {
  DAY_MS,
  DEFAULT_REPLENISHMENT,
  gatherEvidence,
  intervals,
  learnQuantityExponent,
  learnShrinkage,
  median,
  mergePurchases,
  parseReplenishmentTriggerKey,
  planReplenishment,
  predictRunOut,
  productCycle,
  type LinePurchase,
  type ProductCycle,
  type ProductEvidence,
  type ShopFit,
} from "./replenishment";

const start = new Date("2026-01-01T10:00:00Z");
const day = (n: number) => new Date(start.getTime() + n * DAY_MS);
const fit: ShopFit = { product: 3, own: 1, quantityExponent: 1 };
const evidence = (overrides: Partial<ProductEvidence>): ProductEvidence => ({
  typicalQuantity: 1,
  intervals: [],
  buyers: 0,
  typeIntervals: null,
  shopIntervals: [],
  fit,
  ...overrides,
});

describe("median and merging", () => {
  it("takes the middle value, or the mean of the two middle ones, and ignores an outlier", () => {
    expect(median([])).toBeNull();
    expect(median([40, 10, 30])).toBe(30);
    expect(median([30, 31, 29, 365])).toBe(30.5);
  });

  it("merges purchases less than a day apart, adding their quantities, in time order", () => {
    const merged = mergePurchases([
      { at: day(30), quantity: 1 },
      { at: day(0), quantity: 1 },
      { at: new Date(day(0).getTime() + 3 * 3_600_000), quantity: 2 },
    ]);
    expect(merged).toEqual([
      { at: day(0), quantity: 3 },
      { at: day(30), quantity: 1 },
    ]);
  });

  it("measures intervals with the first purchase's quantity against the usual one, bounded to 1/4..4", () => {
    expect(intervals(mergePurchases([{ at: day(0), quantity: 2 }, { at: day(60), quantity: 1 }, { at: day(80), quantity: 100 }, { at: day(90), quantity: 1 }]), 1)).toEqual([
      { days: 60, ratio: 2 },
      { days: 20, ratio: 1 },
      { days: 10, ratio: 4 },
    ]);
  });
});

describe("productCycle", () => {
  it("uses the product's median, shrunk towards its type's, which is shrunk towards the shop's", () => {
    // Type: 10 observations, median 50; shop median 60; k = 3.
    // Type prior = (10 * 50 + 3 * 60) / 13 = 52.31; product = (3 * 30 + 3 * 52.31) / 6 = 41.15.
    const cycle = productCycle(
      evidence({ intervals: [20, 30, 40], buyers: 3, typeIntervals: [50, 50, 50, 50, 50, 50, 50, 50, 50, 50], shopIntervals: [60, 60, 60, 60, 60] }),
    )!;
    expect(cycle.source).toBe("product");
    expect(cycle.observations).toBe(3);
    expect(cycle.daysPerUnit).toBeCloseTo((3 * 30 + 3 * (680 / 13)) / 6, 6);
  });

  it("needs enough observations for a prior: without one the product's median stands alone", () => {
    expect(productCycle(evidence({ intervals: [20, 30, 40], buyers: 3, typeIntervals: [50, 50], shopIntervals: [60] }))!.daysPerUnit).toBe(30);
  });

  it("is robust to a customer who forgot for a year", () => {
    expect(productCycle(evidence({ intervals: [28, 30, 29, 31, 30, 400], buyers: 6 }))!.daysPerUnit).toBe(30);
  });

  it("gives a product many customers bought once and nobody again no cycle (no consumable)", () => {
    expect(productCycle(evidence({ buyers: 12, typeIntervals: [30, 30, 30, 30, 30], shopIntervals: [30, 30, 30, 30, 30] }))).toBeNull();
  });

  it("lets a new product with no repeat yet borrow its type's cycle, and gives none without a type", () => {
    expect(productCycle(evidence({ buyers: 3, typeIntervals: [30, 30, 30, 30, 30] }))).toMatchObject({ daysPerUnit: 30, source: "type", observations: 0 });
    expect(productCycle(evidence({ buyers: 3, shopIntervals: [30, 30, 30, 30, 30] }))).toBeNull();
  });
});

describe("predictRunOut", () => {
  const cycle: ProductCycle = { daysPerUnit: 30, typicalQuantity: 1, source: "product", observations: 10, fit };

  it("predicts a first-time buyer's run-out from the product's cycle, scaled by what they bought", () => {
    expect(predictRunOut([{ at: day(0), quantity: 1 }], cycle)!.runOutAt).toEqual(day(30));
    expect(predictRunOut([{ at: day(0), quantity: 2 }], cycle)!.runOutAt).toEqual(day(60));
    expect(predictRunOut([{ at: day(0), quantity: 2 }], { ...cycle, fit: { ...fit, quantityExponent: 0 } })!.runOutAt).toEqual(day(30));
  });

  it("weighs the customer's own history more the more of it there is", () => {
    // Own intervals 20 and 20: (2 * 20 + 1 * 30) / 3 = 23.33 days from the last purchase.
    const two = predictRunOut([{ at: day(0), quantity: 1 }, { at: day(20), quantity: 1 }, { at: day(40), quantity: 1 }], cycle)!;
    expect(two.ownObservations).toBe(2);
    expect(two.daysPerUnit).toBeCloseTo(70 / 3, 9);
    expect((two.runOutAt.getTime() - day(40).getTime()) / DAY_MS).toBeCloseTo(70 / 3, 6);
    // One own interval of 20 weighs as much as the product: 25.
    expect(predictRunOut([{ at: day(0), quantity: 1 }, { at: day(20), quantity: 1 }], cycle)!.daysPerUnit).toBe(25);
  });

  it("has nothing to predict without a purchase", () => {
    expect(predictRunOut([], cycle)).toBeNull();
  });
});

describe("learning the shop's fit", () => {
  it("trusts products that really differ (small k) and pools products that differ only by noise (large k)", () => {
    const noise = [0.9, 1, 1.1, 1, 0.95, 1.05];
    const distinct = [10, 30, 60, 90, 120, 200].map((m) => noise.map((n) => m * n));
    expect(learnShrinkage(distinct)!).toBeLessThan(0.6);
    const alike = [0, 1, 2, 3, 4, 5].map((shift) => [10, 40, 90, 20, 60, 30].map((_, i, all) => all[(i + shift) % all.length]));
    expect(learnShrinkage(alike)).toBe(1000);
    expect(learnShrinkage([[10, 20]])).toBeNull();
  });

  it("learns how much buying more stretches the interval", () => {
    const proportional = [0.5, 2, 3, 0.25, 4].flatMap((ratio) => [0.9, 1.1].map((noise) => ({ ratio, relative: ratio * noise })));
    expect(learnQuantityExponent(proportional, 10)).toBeCloseTo(1, 1);
    const unrelated = [0.5, 2, 3, 0.25, 4].flatMap((ratio) => [0.8, 1.25].map((relative) => ({ ratio, relative })));
    expect(learnQuantityExponent(unrelated, 10)).toBeCloseTo(0, 6);
    expect(learnQuantityExponent(proportional, 100)).toBeNull();
  });

  it("gathers each product's evidence from order lines, with the shop's fit", () => {
    const lines: LinePurchase[] = [];
    // Coffee: every customer buys it every ~30 days; a mug is bought once.
    for (let c = 0; c < 6; c++) {
      for (const d of [0, 30 + c, 60 + 2 * c]) lines.push({ customerId: `c${c}`, productId: "coffee", at: day(d), quantity: 1 });
      lines.push({ customerId: `c${c}`, productId: "mug", at: day(5), quantity: 1 });
    }
    const gathered = gatherEvidence(lines, (id) => (id === "coffee" ? "Coffee" : "Kitchen"));
    const coffee = gathered.get("coffee")!;
    expect(coffee).toMatchObject({ typicalQuantity: 1, buyers: 6 });
    expect(coffee.intervals).toHaveLength(12);
    expect(median(coffee.intervals)).toBe(32.5);
    expect(gathered.get("mug")).toMatchObject({ buyers: 6, intervals: [], typeIntervals: [] });
    expect(productCycle(gathered.get("mug")!)).toBeNull(); // no type observations to borrow
    expect(coffee.fit).toEqual(expect.objectContaining({ quantityExponent: DEFAULT_REPLENISHMENT.defaultFit.quantityExponent }));
  });
});

describe("planReplenishment", () => {
  const cycle: ProductCycle = { daysPerUnit: 30, typicalQuantity: 1, source: "product", observations: 10, fit };

  it("schedules one reminder for the first purchase, at its predicted run-out", () => {
    const plan = planReplenishment("p1", [{ orderId: "o1", at: day(0), quantity: 1 }], cycle, []);
    expect(plan).toEqual({ schedule: { orderId: "o1", triggerKey: "replenish:p1:o1", runOutAt: day(30) }, cancel: [] });
    expect(parseReplenishmentTriggerKey(plan.schedule!.triggerKey)).toEqual({ productId: "p1", orderId: "o1" });
    expect(parseReplenishmentTriggerKey("order:o1")).toBeNull();
  });

  it("re-plans from the new order when the customer buys again, cancelling the old reminder", () => {
    const purchases = [
      { orderId: "o1", at: day(0), quantity: 1 },
      { orderId: "o2", at: day(20), quantity: 1 },
    ];
    const plan = planReplenishment("p1", purchases, cycle, [{ id: "run-o1", orderId: "o1" }]);
    // Own interval 20 weighs as much as the product's 30: 25 days after day 20.
    expect(plan.schedule).toEqual({ orderId: "o2", triggerKey: "replenish:p1:o2", runOutAt: day(45) });
    expect(plan.cancel).toEqual([{ runId: "run-o1", reason: "Bought again: the reminder was re-planned from the new order" }]);
  });

  it("plans the same again when the webhook is replayed (the run of the latest order stays)", () => {
    const purchases = [
      { orderId: "o1", at: day(0), quantity: 1 },
      { orderId: "o2", at: day(20), quantity: 1 },
    ];
    expect(planReplenishment("p1", purchases, cycle, [{ id: "run-o2", orderId: "o2" }]).cancel).toEqual([]);
    // An older order's late webhook still plans from the latest purchase.
    expect(planReplenishment("p1", [...purchases].reverse(), cycle, [{ id: "run-o2", orderId: "o2" }]).schedule?.orderId).toBe("o2");
  });

  it("gives a product without a cycle no reminder, and still cancels the old one when bought again", () => {
    expect(planReplenishment("p1", [{ orderId: "o1", at: day(0), quantity: 1 }], null, [])).toEqual({ schedule: null, cancel: [] });
    const plan = planReplenishment("p1", [{ orderId: "o1", at: day(0), quantity: 1 }, { orderId: "o2", at: day(9), quantity: 1 }], null, [{ id: "r1", orderId: "o1" }]);
    expect(plan).toEqual({ schedule: null, cancel: [{ runId: "r1", reason: "Bought again: no reminder for this product now" }] });
    expect(planReplenishment("p1", [], cycle, [])).toEqual({ schedule: null, cancel: [] });
  });
});
