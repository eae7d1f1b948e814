/**
 * Points expiry after inactivity (pure). A customer is active when they earn (an order's earn or
 * a positive adjustment, action bonuses included) or redeem; spendable points expire `expiryDays`
 * after the last activity, and a reminder event is due `reminderDays` before that. Pending points
 * never expire (they come from a recent order, which is activity).
 */

const DAY_MS = 86_400_000;

export interface ExpiryRules {
  /** null: points never expire. */
  expiryDays: number | null;
  reminderDays: number;
}

export interface ExpiryPlan {
  expiresAt: Date;
  /** Points to expire now (0: not yet). */
  expire: number;
  /** Whether the reminder is due now (before the expiry). */
  remind: boolean;
}

/** When points would expire after this last activity. */
export function expiresAtFor(lastActivityAt: Date, expiryDays: number): Date {
  return new Date(lastActivityAt.getTime() + expiryDays * DAY_MS);
}

export function planExpiry(input: { rules: ExpiryRules; available: number; lastActivityAt: Date | null; now: Date }): ExpiryPlan | null {
  const { rules, available, lastActivityAt, now } = input;
  if (rules.expiryDays === null || available <= 0 || !lastActivityAt) return null;
  const expiresAt = expiresAtFor(lastActivityAt, rules.expiryDays);
  if (now >= expiresAt) return { expiresAt, expire: available, remind: false };
  const remindFrom = new Date(expiresAt.getTime() - rules.reminderDays * DAY_MS);
  return { expiresAt, expire: 0, remind: now >= remindFrom };
}

/** The expiry's ledger source key: one per customer and inactivity stretch, so a rerun expires nothing more. */
export const expirySourceKey = (customerId: string, expiresAt: Date) => `expire:${customerId}:${expiresAt.toISOString().slice(0, 10)}`;
