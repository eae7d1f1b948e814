import { describe, expect, it } from "vitest";
import {
  availableAtFor,
  clawbackTarget,
  deriveBalance,
  EMPTY_BALANCE,
  planOrderEntries,
  pointsFor,
  releaseDue,
  verifyBalances,
  type Balance,
  type LedgerEntry,
  type LoyaltyOrder,
  type ProgramSettings,
} from "./ledger";

const program: ProgramSettings = { enabled: true, pointsPerUnit: 1, pendingDays: 14, enabledAt: null };
const day = (n: number) => new Date(Date.UTC(2026, 0, 1 + n));

function order(overrides: Partial<LoyaltyOrder> = {}): LoyaltyOrder {
  return {
    id: "1001",
    customerId: "c1",
    currencyCode: "USD",
    subtotalCents: 10_000, // $100 after discounts
    financialStatus: "paid",
    processedAt: day(0),
    cancelledAt: null,
    refunds: [],
    ...overrides,
  };
}
const refund = (id: string, cents: number, at: number) => ({ id, createdAt: day(at), lines: [{ subtotalCents: cents }] });

/** Plans and "stores" entries the way ledger.server.ts does, returning the ledger and balance. */
function sync(o: LoyaltyOrder, ledger: LedgerEntry[], now: Date, settings = program): LedgerEntry[] {
  const balance = deriveBalance(ledger);
  const added = planOrderEntries({ order: o, existing: ledger.filter((e) => e.orderId === o.id), program: settings, balance, now });
  return [...ledger, ...added];
}
const balanceOf = (ledger: LedgerEntry[]): Balance => deriveBalance(ledger);

describe("earning", () => {
  it("awards points on the subtotal after discounts, pending for the period", () => {
    expect(pointsFor(10_050, 1, "USD")).toBe(100);
    expect(pointsFor(1000, 2, "JPY")).toBe(2000);
    const ledger = sync(order(), [], day(1));
    expect(ledger).toHaveLength(1);
    expect(ledger[0]).toMatchObject({ sourceKey: "order:1001:earn", kind: "earn", pendingPoints: 100, points: 0, rate: 1, baseCents: 10_000 });
    expect(ledger[0].availableAt).toEqual(day(14));
    expect(balanceOf(ledger)).toEqual({ available: 0, pending: 100, lifetimeEarned: 100, shortfall: 0 });
  });

  it("earns nothing without a customer, when off, unpaid or cancelled", () => {
    expect(sync(order({ customerId: null }), [], day(1))).toEqual([]);
    expect(sync(order(), [], day(1), { ...program, enabled: false })).toEqual([]);
    expect(sync(order({ financialStatus: "pending" }), [], day(1))).toEqual([]);
    expect(sync(order({ cancelledAt: day(0) }), [], day(1))).toEqual([]);
    // Placed before the program was turned on.
    expect(sync(order(), [], day(1), { ...program, enabledAt: new Date(day(0).getTime() + 3_600_000) })).toEqual([]);
    expect(sync(order(), [], day(1), { ...program, enabledAt: day(0) })).toHaveLength(1);
    expect(sync(order(), [], day(1), { ...program, enabledAt: new Date(day(0).getTime() + 999) })).toHaveLength(1);
  });

  it("is a no-op when replayed, any number of times", () => {
    const once = sync(order(), [], day(1));
    expect(sync(order(), once, day(1))).toEqual(once);
    expect(sync(order(), sync(order(), once, day(2)), day(3))).toEqual(once);
  });

  it("becomes spendable after the pending period, or at fulfilment if sooner", () => {
    expect(availableAtFor({ processedAt: day(0), fulfilledAt: day(3) }, 14)).toEqual(day(3));
    expect(availableAtFor({ processedAt: day(0), fulfilledAt: day(20) }, 14)).toEqual(day(14));
    const earned = sync(order(), [], day(1));
    expect(sync(order(), earned, day(13))).toEqual(earned);
    const released = sync(order(), earned, day(14));
    expect(released.at(-1)).toMatchObject({ sourceKey: "order:1001:release", points: 100, pendingPoints: -100 });
    expect(balanceOf(released)).toMatchObject({ available: 100, pending: 0 });
    expect(sync(order(), released, day(30))).toEqual(released);
    const fulfilled = sync(order({ fulfilledAt: day(2) }), earned, day(2));
    expect(balanceOf(fulfilled)).toMatchObject({ available: 100, pending: 0 });
    expect(releaseDue(earned, day(13))).toBeNull();
    expect(releaseDue(earned, day(14))).toMatchObject({ points: 100, pendingPoints: -100 });
    expect(releaseDue(released, day(15))).toBeNull();
  });
});

describe("refunds and cancellation", () => {
  it("claws back partial refunds in proportion, adding up exactly to the award", () => {
    const o = order(); // 100 points
    let ledger = sync(o, [], day(1));
    const refunds = [refund("r1", 3_333, 2), refund("r2", 3_333, 3), refund("r3", 3_334, 4)];
    const taken: number[] = [];
    for (let i = 1; i <= 3; i++) {
      const before = balanceOf(ledger).pending;
      ledger = sync({ ...o, refunds: refunds.slice(0, i) }, ledger, day(1 + i));
      taken.push(before - balanceOf(ledger).pending);
    }
    expect(taken).toEqual([33, 33, 34]); // the remainder goes to the last refund
    expect(taken.reduce((a, b) => a + b)).toBe(100);
    expect(balanceOf(ledger)).toMatchObject({ available: 0, pending: 0, shortfall: 0 });
    // A refund that arrives twice, or all refunds replayed at once, changes nothing.
    expect(sync({ ...o, refunds }, ledger, day(9))).toEqual(ledger);
  });

  it("gives the same total whatever order the refunds arrive in", () => {
    const o = order({ subtotalCents: 10_001 });
    const r = [refund("r1", 1_234, 2), refund("r2", 5_678, 3), refund("r3", 3_089, 4)];
    const inOrder = [1, 2, 3].reduce((l, i) => sync({ ...o, refunds: r.slice(0, i) }, l, day(5)), sync(o, [], day(1)));
    const reversed = [[r[2]], [r[2], r[1]], r].reduce((l, refunds) => sync({ ...o, refunds }, l, day(5)), sync(o, [], day(1)));
    expect(balanceOf(inOrder)).toEqual(balanceOf(reversed));
    expect(balanceOf(inOrder).pending).toBe(0);
  });

  it("never claws back more than the award, even for refunds above the base", () => {
    expect(clawbackTarget(100, 10_000, 12_000)).toBe(100);
    const ledger = sync(order({ refunds: [refund("r1", 8_000, 2), refund("r2", 8_000, 3)] }), sync(order(), [], day(1)), day(3));
    expect(balanceOf(ledger).pending).toBe(0);
    expect(ledger.filter((e) => e.kind === "clawback").map((e) => e.pendingPoints)).toEqual([-80, -20]);
  });

  it("reverses what is left of the award on cancellation after a partial refund", () => {
    let ledger = sync(order(), [], day(1));
    ledger = sync(order({ refunds: [refund("r1", 2_500, 2)] }), ledger, day(2));
    expect(balanceOf(ledger).pending).toBe(75);
    ledger = sync(order({ refunds: [refund("r1", 2_500, 2)], cancelledAt: day(3) }), ledger, day(3));
    expect(ledger.at(-1)).toMatchObject({ sourceKey: "order:1001:cancel", kind: "cancel", pendingPoints: -75 });
    // Shopify's cancellation refund arrives afterwards: nothing is left to take.
    ledger = sync(order({ refunds: [refund("r1", 2_500, 2), refund("r2", 7_500, 3)], cancelledAt: day(3) }), ledger, day(4));
    expect(ledger.at(-1)).toMatchObject({ sourceKey: "refund:r2", points: 0, pendingPoints: 0, shortfall: 0 });
    expect(balanceOf(ledger)).toEqual({ available: 0, pending: 0, lifetimeEarned: 100, shortfall: 0 });
    expect(sync(order({ refunds: [refund("r1", 2_500, 2), refund("r2", 7_500, 3)], cancelledAt: day(3) }), ledger, day(30))).toEqual(ledger);
  });

  it("claws back with the rate of the earn, not today's", () => {
    let ledger = sync(order(), [], day(1), { ...program, pointsPerUnit: 1 });
    ledger = sync(order({ refunds: [refund("r1", 5_000, 2)] }), ledger, day(2), { ...program, pointsPerUnit: 10 });
    expect(ledger.at(-1)).toMatchObject({ pendingPoints: -50 });
    expect(balanceOf(ledger).pending).toBe(50);
  });

  it("takes a refund inside the pending period from pending, never from spendable points", () => {
    const other: LedgerEntry = { sourceKey: "adjust:x", kind: "adjust", points: 40, pendingPoints: 0, shortfall: 0, orderId: null };
    let ledger = sync(order(), [other], day(1));
    ledger = sync(order({ refunds: [refund("r1", 10_000, 2)] }), ledger, day(2));
    expect(balanceOf(ledger)).toMatchObject({ available: 40, pending: 0 });
  });

  it("records a shortfall when the points were spent, never a negative balance", () => {
    let ledger = sync(order(), [], day(1));
    ledger = sync(order(), ledger, day(15)); // released: 100 spendable
    ledger.push({ sourceKey: "redeem:1", kind: "redeem", points: -80, pendingPoints: 0, shortfall: 0, orderId: null });
    ledger = sync(order({ refunds: [refund("r1", 5_000, 16)] }), ledger, day(16));
    expect(ledger.at(-1)).toMatchObject({ points: -20, shortfall: 30 });
    expect(balanceOf(ledger)).toEqual({ available: 0, pending: 0, lifetimeEarned: 100, shortfall: 30 });
    ledger = sync(order({ refunds: [refund("r1", 5_000, 16)], cancelledAt: day(17) }), ledger, day(17));
    expect(balanceOf(ledger)).toEqual({ available: 0, pending: 0, lifetimeEarned: 100, shortfall: 80 });
  });
});

describe("verification", () => {
  it("lists customers whose cached balance differs from their entries", () => {
    const entries = [
      ...sync(order(), [], day(1)).map((e) => ({ ...e, customerId: "c1" })),
      ...sync(order({ id: "1002", customerId: "c2" }), [], day(1)).map((e) => ({ ...e, customerId: "c2" })),
    ];
    const good = { customerId: "c1", available: 0, pending: 100, lifetimeEarned: 100, shortfall: 0 };
    const bad = { customerId: "c2", available: 5, pending: 100, lifetimeEarned: 100, shortfall: 0 };
    expect(verifyBalances([good, { ...bad, available: 0 }], entries)).toEqual([]);
    expect(verifyBalances([good, bad], entries)).toEqual([{ customerId: "c2", cached: { available: 5, pending: 100, lifetimeEarned: 100, shortfall: 0 }, derived: { available: 0, pending: 100, lifetimeEarned: 100, shortfall: 0 } }]);
    expect(verifyBalances([good], entries).map((d) => d.customerId)).toEqual(["c2"]);
    expect(verifyBalances([{ ...EMPTY_BALANCE, customerId: "c3" }], [])).toEqual([]);
  });
});
