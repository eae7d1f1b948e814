import { describe, expect, it } from "vitest";
import { historyLine, nextRelease } from "./rewards-panel";

describe("nextRelease", () => {
  const d = (day: number) => new Date(Date.UTC(2026, 10, day));
  it("is the soonest release among orders that still have pending points", () => {
    const earns = [
      { orderId: "1", availableAt: d(20) },
      { orderId: "2", availableAt: d(10) }, // released already: nothing pending
      { orderId: "3", availableAt: d(15) },
      { orderId: null, availableAt: d(1) },
    ];
    expect(nextRelease(earns, new Map([["1", 40], ["2", 0], ["3", 12]]))).toEqual(d(15));
    expect(nextRelease(earns, new Map([["1", 40]]))).toEqual(d(20));
    expect(nextRelease(earns, new Map())).toBeNull();
  });
});

describe("historyLine", () => {
  const at = new Date("2026-11-23T00:00:00Z");
  it("shows earned points as pending, spending as negative, and leaves releases out", () => {
    expect(historyLine({ kind: "earn", points: 0, pendingPoints: 50, reason: "Order paid", createdAt: at })).toEqual({ kind: "earn", points: 50, pending: true, reason: "Order paid", at: at.toISOString() });
    expect(historyLine({ kind: "redeem", points: -30, pendingPoints: 0, reason: "Reward", createdAt: at })).toMatchObject({ points: -30, pending: false });
    expect(historyLine({ kind: "release", points: 50, pendingPoints: -50, reason: null, createdAt: at })).toBeNull();
  });
});
