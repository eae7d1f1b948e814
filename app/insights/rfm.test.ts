import { describe, expect, it } from "vitest";
import {
  activityOf,
  quintileScores,
  rfmBoundaries,
  scoreAgainst,
  scoreCustomers,
  scoreOneCustomer,
  segmentFromSlug,
  segmentOf,
  segmentSlug,
  segmentTag,
  SEGMENTS,
  type CustomerSummary,
  type Score,
} from "./rfm";

const asOf = new Date("2026-06-30T12:00:00Z");
const daysAgo = (d: number) => new Date(asOf.getTime() - d * 86_400_000);
const customer = (id: string, lastDaysAgo: number, orderCount: number, netCents: number, firstDaysAgo = 400): CustomerSummary => ({
  customerId: id,
  firstOrderAt: daysAgo(firstDaysAgo),
  lastOrderAt: daysAgo(lastDaysAgo),
  orderCount,
  netCents,
});

describe("quintileScores", () => {
  it("gives five distinct values the scores 1 to 5 (mid-ranks 0.1, 0.3, 0.5, 0.7, 0.9)", () => {
    expect(quintileScores([50, 10, 40, 20, 30], true)).toEqual([5, 1, 4, 2, 3]);
    expect(quintileScores([50, 10, 40, 20, 30], false)).toEqual([1, 5, 2, 4, 3]);
  });

  it("gives equal values equal scores, whatever the input order", () => {
    // 10 customers: four at 1, three at 2, three at 5.
    // 1: (0 + 4/2)/10 = 0.2 -> 2; 2: (4 + 1.5)/10 = 0.55 -> 3; 5: (7 + 1.5)/10 = 0.85 -> 5
    const values = [1, 5, 2, 1, 1, 2, 5, 1, 2, 5];
    const scores = quintileScores(values, true);
    values.forEach((v, i) => expect(scores[i]).toBe({ 1: 2, 2: 3, 5: 5 }[v]));
    expect(quintileScores([...values].reverse(), true)).toEqual([...scores].reverse());
  });

  it("handles tiny shops: one customer or all equal scores 3, two customers 2 and 4", () => {
    expect(quintileScores([], true)).toEqual([]);
    expect(quintileScores([7], true)).toEqual([3]);
    expect(quintileScores([7, 7, 7], true)).toEqual([3, 3, 3]);
    expect(quintileScores([1, 9], true)).toEqual([2, 4]);
  });
});

describe("segmentOf", () => {
  it("maps every R × FM cell to one of the eleven named segments, each used at least once", () => {
    const used = new Set<string>();
    for (let r = 1; r <= 5; r++) for (let fm = 1; fm <= 5; fm++) used.add(segmentOf(r as Score, fm as Score));
    expect([...used].sort()).toEqual([...SEGMENTS].sort());
  });

  it("follows the documented grid at its corners and edges", () => {
    expect(segmentOf(5, 5)).toBe("Champions");
    expect(segmentOf(5, 1)).toBe("New");
    expect(segmentOf(4, 1)).toBe("Promising");
    expect(segmentOf(4, 4)).toBe("Loyal");
    expect(segmentOf(3, 3)).toBe("Need attention");
    expect(segmentOf(3, 2)).toBe("About to sleep");
    expect(segmentOf(2, 3)).toBe("At risk");
    expect(segmentOf(1, 5)).toBe("Can't lose them");
    expect(segmentOf(2, 1)).toBe("Hibernating");
    expect(segmentOf(1, 1)).toBe("Lost");
  });
});

describe("scoreCustomers", () => {
  it("scores a small shop by hand", () => {
    const scores = scoreCustomers(
      [
        customer("champ", 2, 10, 90_000),
        customer("loyal", 20, 6, 40_000),
        customer("mid", 60, 3, 20_000),
        customer("risk", 200, 4, 30_000),
        customer("lost", 500, 1, 1_000, 500),
      ],
      asOf,
    );
    const byId = Object.fromEntries(scores.map((s) => [s.customerId, s]));
    expect(byId.champ).toMatchObject({ r: 5, f: 5, m: 5, fm: 5, segment: "Champions", activity: "active" });
    expect(byId.loyal).toMatchObject({ r: 4, f: 4, m: 4, segment: "Loyal" });
    // f 2 (3 orders is 2nd lowest), m 2 -> fm 2; r 3 -> About to sleep
    expect(byId.mid).toMatchObject({ r: 3, f: 2, m: 2, fm: 2, segment: "About to sleep", activity: "active" });
    // f 3, m 3 -> fm 3; r 2 -> At risk; last order 200 days ago -> sleeping
    expect(byId.risk).toMatchObject({ r: 2, fm: 3, segment: "At risk", activity: "sleeping" });
    expect(byId.lost).toMatchObject({ r: 1, f: 1, m: 1, segment: "Lost", recencyDays: 500 });
  });

  it("gives all one-order customers the same F score, and a one-order recent buyer is New", () => {
    const customers = [
      customer("a", 1, 1, 5_000, 1),
      customer("b", 100, 1, 5_000),
      customer("c", 200, 1, 5_000),
      customer("d", 300, 1, 5_000),
      customer("e", 10, 8, 80_000),
    ];
    const scores = scoreCustomers(customers, asOf);
    // four tied at 1 order: (0 + 2)/5 = 0.4 -> F 3; the same for M
    expect(scores.slice(0, 4).map((s) => s.f)).toEqual([3, 3, 3, 3]);
    expect(scores[4].f).toBe(5);
    expect(scores[0]).toMatchObject({ r: 5, activity: "new" });
  });

  it("rounds FM half up: F 2 and M 4 make FM 3", () => {
    const scores = scoreCustomers([customer("x", 5, 1, 100), customer("y", 5, 2, 50)], asOf);
    // x: F 2, M 4 -> FM 3; y: F 4, M 2 -> FM 3
    expect(scores.map((s) => s.fm)).toEqual([3, 3]);
  });
});

describe("activityOf", () => {
  it("uses the documented thresholds (new ≤ 30 days since first order, active ≤ 90, leaving ≤ 180)", () => {
    expect(activityOf(customer("x", 30, 1, 1, 30), asOf)).toBe("new");
    expect(activityOf(customer("x", 31, 2, 1, 31), asOf)).toBe("active");
    expect(activityOf(customer("x", 90, 2, 1), asOf)).toBe("active");
    expect(activityOf(customer("x", 91, 2, 1), asOf)).toBe("leaving");
    expect(activityOf(customer("x", 180, 2, 1), asOf)).toBe("leaving");
    expect(activityOf(customer("x", 181, 2, 1), asOf)).toBe("sleeping");
  });
});

describe("customerSummaries", () => {
  it("folds counted orders into one summary per customer, skipping cancelled and guest orders", async () => {
    const { customerSummaries } = await import("./metrics.server");
    const at = (day: string) => new Date(`2026-${day}T00:00:00Z`);
    expect(
      customerSummaries([
        { customerId: "a", processedAt: at("03-01"), netCents: 500, cancelled: false },
        { customerId: "a", processedAt: at("01-01"), netCents: 200, cancelled: false },
        { customerId: "a", processedAt: at("04-01"), netCents: 9_999, cancelled: true },
        { customerId: null, processedAt: at("04-01"), netCents: 100, cancelled: false },
      ]),
    ).toEqual([{ customerId: "a", firstOrderAt: at("01-01"), lastOrderAt: at("03-01"), orderCount: 2, netCents: 700 }]);
  });
});

describe("stored boundaries", () => {
  // Five customers with distinct values: scores 1..5 on every dimension (mid-ranks 0.1 .. 0.9).
  const shop = [customer("a", 200, 1, 1_000), customer("b", 100, 2, 2_000), customer("c", 50, 3, 3_000), customer("d", 20, 5, 5_000), customer("e", 2, 8, 9_000)];
  const scores = scoreCustomers(shop, asOf);
  const boundaries = rfmBoundaries(shop, scores);

  it("records where each score starts: smallest F/M, largest recency reaching it", () => {
    expect(boundaries).toEqual({ recencyDays: [100, 50, 20, 2], orderCount: [2, 3, 5, 8], netCents: [2_000, 3_000, 5_000, 9_000] });
  });

  it("scores every customer of the recompute exactly as the full ranking did", () => {
    for (const [i, c] of shop.entries()) {
      const one = scoreOneCustomer(c, boundaries, asOf);
      expect([one.r, one.f, one.m, one.segment]).toEqual([scores[i].r, scores[i].f, scores[i].m, scores[i].segment]);
    }
  });

  it("places values between boundaries on the lower score, and beyond them on 1 or 5", () => {
    expect(scoreAgainst(4, boundaries.orderCount, true)).toBe(3);
    expect(scoreAgainst(0, boundaries.orderCount, true)).toBe(1);
    expect(scoreAgainst(50, boundaries.orderCount, true)).toBe(5);
    expect(scoreAgainst(0, boundaries.recencyDays, false)).toBe(5);
    expect(scoreAgainst(60, boundaries.recencyDays, false)).toBe(2);
    expect(scoreAgainst(999, boundaries.recencyDays, false)).toBe(1);
  });

  it("a Lost customer who orders again moves up at once, without re-ranking the shop", () => {
    expect(scores[0].segment).toBe("Lost");
    const back = scoreOneCustomer({ ...shop[0], lastOrderAt: daysAgo(0), orderCount: 2, netCents: 2_500 }, boundaries, asOf);
    expect([back.r, back.f, back.m, back.segment]).toEqual([5, 2, 2, "Potential loyalists"]);
  });

  it("skips scores nobody reached (a one-customer shop scores 3 everywhere)", () => {
    const lone = [customer("x", 10, 1, 500)];
    const b = rfmBoundaries(lone, scoreCustomers(lone, asOf));
    expect(b.orderCount).toEqual([1, 1, null, null]);
    expect(scoreAgainst(3, b.orderCount, true)).toBe(3);
    expect(scoreAgainst(0, b.orderCount, true)).toBe(1);
  });
});

describe("segment slugs and tags", () => {
  it("round-trips every segment and names its tag", () => {
    for (const segment of SEGMENTS) expect(segmentFromSlug(segmentSlug(segment))).toBe(segment);
    expect(segmentSlug("Can't lose them")).toBe("cant-lose-them");
    expect(segmentTag("Potential loyalists")).toBe("encore-segment-potential-loyalists");
    expect(segmentFromSlug("nobody")).toBeNull();
  });
});
