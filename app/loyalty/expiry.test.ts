import { describe, expect, it } from "vitest";
import { expirySourceKey, planExpiry } from "./expiry";
import { deriveBalance } from "./ledger";

const day = (n: number) => new Date(Date.UTC(2026, 0, 1 + n));
const rules = { expiryDays: 180, reminderDays: 14 };

describe("points expiry after inactivity", () => {
  it("is off without a period, for an empty balance, or without any activity", () => {
    expect(planExpiry({ rules: { expiryDays: null, reminderDays: 14 }, available: 100, lastActivityAt: day(0), now: day(1000) })).toBeNull();
    expect(planExpiry({ rules, available: 0, lastActivityAt: day(0), now: day(1000) })).toBeNull();
    expect(planExpiry({ rules, available: 100, lastActivityAt: null, now: day(1000) })).toBeNull();
  });

  it("does nothing while active, reminds within the reminder period, expires everything spendable at the end", () => {
    expect(planExpiry({ rules, available: 100, lastActivityAt: day(0), now: day(165) })).toEqual({ expiresAt: day(180), expire: 0, remind: false });
    expect(planExpiry({ rules, available: 100, lastActivityAt: day(0), now: day(166) })).toEqual({ expiresAt: day(180), expire: 0, remind: true });
    expect(planExpiry({ rules, available: 100, lastActivityAt: day(0), now: new Date(day(180).getTime() - 1) })?.expire).toBe(0);
    expect(planExpiry({ rules, available: 100, lastActivityAt: day(0), now: day(180) })).toEqual({ expiresAt: day(180), expire: 100, remind: false });
  });

  it("new activity starts a new period (and a new source key)", () => {
    expect(planExpiry({ rules, available: 100, lastActivityAt: day(170), now: day(180) })).toEqual({ expiresAt: day(350), expire: 0, remind: false });
    expect(expirySourceKey("c1", day(180))).toBe("expire:c1:2026-06-30");
    expect(expirySourceKey("c1", day(350))).not.toBe(expirySourceKey("c1", day(180)));
  });

  it("an expiry entry takes spendable points only, and is not counted as earned", () => {
    const balance = deriveBalance([
      { sourceKey: "order:1:earn", kind: "earn", points: 0, pendingPoints: 300, shortfall: 0 },
      { sourceKey: "order:1:release", kind: "release", points: 200, pendingPoints: -200, shortfall: 0 },
      { sourceKey: expirySourceKey("c1", day(180)), kind: "expire", points: -200, pendingPoints: 0, shortfall: 0 },
    ]);
    expect(balance).toEqual({ available: 0, pending: 100, lifetimeEarned: 300, shortfall: 0 });
  });
});
