import { describe, expect, it } from "vitest";
import { cohortTable, median, memberComparison, metricsReport, retentionCurve, type MetricsOrder } from "./metrics";

const order = (customerId: string | null, day: string, netCents: number, cancelled = false): MetricsOrder => ({
  customerId,
  processedAt: new Date(`2026-${day}T12:00:00Z`),
  netCents,
  cancelled,
});

// The hand-checked shop (all orders at noon UTC):
//   A: Apr 10 $100, May 10 $50, Jun 10 $70
//   B: Apr 20 $40
//   C: May 15 $60, Jun 5 $30 (net of a refund), Jun 25 $90
//   D: Jun 12 $20 (first order)
//   E: Mar 1 $10, and a cancelled $500 order on Jun 20 (ignored)
//   a guest order on Jun 15 (no customer: ignored)
const ORDERS: MetricsOrder[] = [
  order("A", "04-10", 10_000),
  order("A", "05-10", 5_000),
  order("A", "06-10", 7_000),
  order("B", "04-20", 4_000),
  order("C", "05-15", 6_000),
  order("C", "06-05", 3_000),
  order("C", "06-25", 9_000),
  order("D", "06-12", 2_000),
  order("E", "03-01", 1_000),
  order("E", "06-20", 50_000, true),
  order(null, "06-15", 99_900),
];

// June (30 days); the previous range is the 30 days before: [May 2, Jun 1).
// A customer "at a date" ordered in the 60 days before it.
const report = metricsReport(ORDERS, { from: new Date("2026-06-01T00:00:00Z"), to: new Date("2026-07-01T00:00:00Z") }, { activeWindowDays: 60 });

describe("metricsReport, current range (June)", () => {
  const m = report.current;

  it("counts orders, customers and revenue, leaving out cancelled and guest orders", () => {
    // A Jun 10 $70 + C Jun 5 $30 + C Jun 25 $90 + D Jun 12 $20 = 4 orders, $210, customers A C D
    expect(m).toMatchObject({ orders: 4, customers: 3, revenueCents: 21_000 });
  });

  it("repeat purchase rate: customers of the range with 2+ orders by its end", () => {
    // A (3 orders) and C (3) repeat, D (1) does not: 2 / 3
    expect(m.repeatPurchaseRate).toBeCloseTo(2 / 3);
  });

  it("retention and churn from the customers at start and end", () => {
    // at Jun 1: ordered in [Apr 2, Jun 1) = A, B, C (E's Mar 1 is too old) -> 3
    // at Jul 1: ordered in [May 2, Jul 1) = A, C, D -> 3; new in June: D -> 1
    // retention (3 - 1) / 3 = 2/3; churn: B left -> 1 / 3
    expect(m).toMatchObject({ customersAtStart: 3, customersAtEnd: 3, newCustomers: 1 });
    expect(m.retentionRate).toBeCloseTo(2 / 3);
    expect(m.churnRate).toBeCloseTo(1 / 3);
  });

  it("frequency, AOV, median time between orders", () => {
    // 4 orders / 3 customers; $210 / 4 = $52.50
    expect(m.purchaseFrequency).toBeCloseTo(4 / 3);
    expect(m.averageOrderValueCents).toBe(5_250);
    // gaps ending in June: A May 10 -> Jun 10 = 31, C May 15 -> Jun 5 = 21, C Jun 5 -> Jun 25 = 20; median 21
    expect(m.medianDaysBetweenOrders).toBe(21);
  });

  it("LTV = AOV × frequency × lifespan (1 / churn)", () => {
    // lifespan 1 / (1/3) = 3 months; 5250 × 4/3 × 3 = 21000 cents
    expect(m.lifespanPeriods).toBeCloseTo(3);
    expect(m.ltvCents).toBeCloseTo(21_000);
  });
});

describe("revenue from repeat customers", () => {
  it("sums the range's orders that were not the customer's first", () => {
    // June: A Jun 10 $70 (first Apr 10), C Jun 5 $30 and Jun 25 $90 (first May 15); D's Jun 12 is D's first
    expect(report.current.repeatCustomerRevenueCents).toBe(19_000);
    // May 2 - Jun 1: A May 10 $50 yes; C May 15 is C's first
    expect(report.previous.repeatCustomerRevenueCents).toBe(5_000);
  });
});

describe("metricsReport, previous range [May 2, Jun 1)", () => {
  const m = report.previous;

  it("is the same length just before", () => {
    expect(m.range.from.toISOString()).toBe("2026-05-02T00:00:00.000Z");
    expect(m.range.to.toISOString()).toBe("2026-06-01T00:00:00.000Z");
  });

  it("computes every metric on its own orders", () => {
    // orders A May 10 $50, C May 15 $60: 2 orders, $110, 2 customers
    // repeat: A (2 orders by Jun 1) yes, C (1) no -> 1/2
    // at May 2: ordered in [Mar 3, May 2) = A, B -> 2; at Jun 1: A, B, C -> 3; new: C -> 1
    // retention (3 - 1) / 2 = 1; churn 0 / 2 = 0, so lifespan and LTV are unknown
    // gaps: A Apr 10 -> May 10 = 30
    expect(m).toMatchObject({
      orders: 2,
      customers: 2,
      revenueCents: 11_000,
      repeatPurchaseRate: 0.5,
      customersAtStart: 2,
      customersAtEnd: 3,
      newCustomers: 1,
      retentionRate: 1,
      churnRate: 0,
      purchaseFrequency: 1,
      averageOrderValueCents: 5_500,
      medianDaysBetweenOrders: 30,
      lifespanPeriods: null,
      ltvCents: null,
    });
  });
});

describe("cohortTable", () => {
  it("groups customers by first-order month with monthly retention and realized LTV", () => {
    // Mar: E, active in Mar only; spend $10
    // Apr: A, B; Apr both, May A, Jun A; spend A 100+50+70 + B 40 = $260 / 2 = $130
    // May: C; May and Jun; spend 60+30+90 = $180
    // Jun: D; spend $20
    expect(report.cohorts).toEqual([
      { cohort: "2026-03", customers: 1, retention: [1, 0, 0, 0], realizedLtvCents: 1_000 },
      { cohort: "2026-04", customers: 2, retention: [1, 0.5, 0.5], realizedLtvCents: 13_000 },
      { cohort: "2026-05", customers: 1, retention: [1, 1], realizedLtvCents: 18_000 },
      { cohort: "2026-06", customers: 1, retention: [1], realizedLtvCents: 2_000 },
    ]);
  });

  it("stops at the given date", () => {
    // until May 1: A and B's April orders, E's March order
    expect(cohortTable(ORDERS, new Date("2026-05-01T00:00:00Z"))).toEqual([
      { cohort: "2026-03", customers: 1, retention: [1, 0], realizedLtvCents: 1_000 },
      { cohort: "2026-04", customers: 2, retention: [1], realizedLtvCents: 7_000 },
    ]);
  });
});

describe("edge cases", () => {
  it("a shop with no orders gives nulls, not NaN", () => {
    const empty = metricsReport([], { from: new Date("2026-06-01T00:00:00Z"), to: new Date("2026-07-01T00:00:00Z") });
    expect(empty.current).toMatchObject({ orders: 0, repeatPurchaseRate: null, retentionRate: null, averageOrderValueCents: null, ltvCents: null });
    expect(empty.cohorts).toEqual([]);
  });

  it("median of an even count averages the middle two", () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });
});

describe("retentionCurve", () => {
  it("averages the cohorts that reached each month, weighted by size", () => {
    // month 1: Mar (0 of 1), Apr (1 of 2), May (1 of 1) -> 2 / 4
    // month 2: Mar (0 of 1), Apr (1 of 2) -> 1 / 3; month 3: Mar only (0 of 1) -> 0; month 4: no cohort is that old
    const curve = retentionCurve(report.cohorts);
    expect(curve.map((p) => [p.month, p.customers])).toEqual([
      [1, 4],
      [2, 3],
      [3, 1],
    ]);
    expect(curve[0].rate).toBeCloseTo(0.5);
    expect(curve[1].rate).toBeCloseTo(1 / 3);
    expect(curve[2].rate).toBe(0);
    expect(retentionCurve([])).toEqual([]);
  });
});

describe("memberComparison", () => {
  it("splits June's customers into loyalty members (A, D) and the rest (C), guests and cancelled orders left out", () => {
    const june = { from: new Date("2026-06-01T00:00:00Z"), to: new Date("2026-07-01T00:00:00Z") };
    const { members, nonMembers } = memberComparison(ORDERS, new Set(["A", "D"]), june);
    // members: A Jun 10 $70 (3 orders by July: repeats), D Jun 12 $20 (1 order): repeat 1/2, AOV $45
    // LTV: A 100 + 50 + 70 = $220, D $20 -> $240 / 2 = $120
    expect(members).toEqual({ customers: 2, orders: 2, repeatPurchaseRate: 0.5, averageOrderValueCents: 4_500, lifetimeValueCents: 12_000 });
    // non-members of June: C only (E's June order was cancelled, the guest has no customer): Jun 5 $30, Jun 25 $90
    // LTV: C 60 + 30 + 90 = $180
    expect(nonMembers).toEqual({ customers: 1, orders: 2, repeatPurchaseRate: 1, averageOrderValueCents: 6_000, lifetimeValueCents: 18_000 });
  });

  it("gives nulls for an empty group", () => {
    const june = { from: new Date("2026-06-01T00:00:00Z"), to: new Date("2026-07-01T00:00:00Z") };
    expect(memberComparison(ORDERS, new Set(), june).members).toEqual({ customers: 0, orders: 0, repeatPurchaseRate: null, averageOrderValueCents: null, lifetimeValueCents: null });
  });
});
