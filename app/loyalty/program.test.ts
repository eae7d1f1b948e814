import { describe, expect, it } from "vitest";
import { pointsValueCents, programFormSchema, redemptionRate, repeatComparison } from "./program";

const form = {
  enabled: "on",
  pointsPerUnit: "2",
  earningBasis: "subtotal",
  pendingDays: "14",
  pointsPerMoneyUnit: "100",
  tierBasis: "points",
  tierWindow: "rolling12",
  expiryReminderDays: "14",
  signupPoints: "50",
  firstOrderPoints: "0",
  birthdayPoints: "100",
};

describe("the program form", () => {
  it("parses a valid form; expiry off unless ticked", () => {
    const parsed = programFormSchema.parse(form);
    expect(parsed).toMatchObject({ enabled: true, pointsPerUnit: 2, tierWindow: "rolling12", expiryDays: null, signupPoints: 50 });
    expect(programFormSchema.parse({ ...form, enabled: undefined, expiryEnabled: "on", expiryDays: "365" })).toMatchObject({ enabled: false, expiryDays: 365 });
  });

  it("names each bad field", () => {
    const result = programFormSchema.safeParse({ ...form, pointsPerUnit: "-1", pendingDays: "1.5", earningBasis: "gross", expiryEnabled: "on", expiryDays: "" });
    expect(result.success).toBe(false);
    const fields = result.success ? [] : result.error.issues.map((i) => i.path[0]);
    expect(fields).toEqual(expect.arrayContaining(["pointsPerUnit", "pendingDays", "earningBasis"]));
  });

  it("wants the reminder before the expiry", () => {
    const result = programFormSchema.safeParse({ ...form, expiryEnabled: "on", expiryDays: "30", expiryReminderDays: "30" });
    expect(result.success).toBe(false);
    expect(result.success ? null : result.error.issues[0]).toMatchObject({ path: ["expiryReminderDays"] });
  });
});

describe("program figures", () => {
  it("values points at the program's rate, rounded down, in the currency's minor units", () => {
    expect(pointsValueCents(12_345, 100, "USD")).toBe(12_345); // 12,345 points at 100/$ = $123.45
    expect(pointsValueCents(999, 1000, "USD")).toBe(99);
    expect(pointsValueCents(250, 100, "JPY")).toBe(2);
    expect(pointsValueCents(0, 100, "USD")).toBe(0);
  });

  it("redemption rate: redeemed over earned net of clawbacks, positive adjustments count as earned", () => {
    const rate = redemptionRate([
      { kind: "earn", points: 0, pendingPoints: 1000, shortfall: 0 },
      { kind: "release", points: 800, pendingPoints: -800, shortfall: 0 },
      { kind: "clawback", points: -100, pendingPoints: -100, shortfall: 50 }, // owed 250
      { kind: "adjust", points: 250, pendingPoints: 0, shortfall: 0 },
      { kind: "redeem", points: -500, pendingPoints: 0, shortfall: 0 },
    ]);
    expect(rate).toBe(500 / 1000);
    expect(redemptionRate([{ kind: "redeem", points: -5, pendingPoints: 0, shortfall: 0 }])).toBeNull();
  });

  it("compares the repeat rate of members and non-members among the range's customers", () => {
    const d = (day: number) => new Date(Date.UTC(2026, 0, day));
    const orders = [
      { customerId: "m1", processedAt: d(1) },
      { customerId: "m1", processedAt: d(20) }, // member, repeat (one order before the range counts)
      { customerId: "m2", processedAt: d(15) }, // member, one order
      { customerId: "n1", processedAt: d(12) },
      { customerId: "n1", processedAt: d(13) }, // non-member, repeat
      { customerId: "n2", processedAt: d(2) }, // not a customer of the range
      { customerId: "n3", processedAt: d(11) },
      { customerId: "n3", processedAt: d(40) }, // second order after the range: not yet a repeat
    ];
    const result = repeatComparison(orders, new Set(["m1", "m2"]), { from: d(10), to: d(30) });
    expect(result.members).toEqual({ customers: 2, repeaters: 1, rate: 0.5 });
    expect(result.nonMembers).toEqual({ customers: 2, repeaters: 1, rate: 0.5 });
    expect(repeatComparison([], new Set(), { from: d(1), to: d(2) }).members.rate).toBeNull();
  });
});
