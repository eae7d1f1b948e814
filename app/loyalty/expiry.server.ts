import type { Database } from "../db.server";
import { expirySourceKey, planExpiry } from "./expiry";
import { ACTIVITY_ENTRIES, expirePoints } from "./ledger.server";
import { loadProgramForm } from "./program.server";

export interface ExpiryRun {
  expiredCustomers: number;
  expiredPoints: number;
  reminders: number;
}

/**
 * The daily expiry run of a shop: expires the spendable points of customers inactive for the
 * program's period and records a reminder event (LoyaltyExpiryReminder, once per customer and
 * expiry date) for those whose points expire within the reminder period. Idempotent: a rerun
 * finds the expiry's source key and the reminder's unique key.
 */
export async function runLoyaltyExpiry(db: Database, shop: string, now = new Date()): Promise<ExpiryRun> {
  const program = await loadProgramForm(db, shop);
  const run: ExpiryRun = { expiredCustomers: 0, expiredPoints: 0, reminders: 0 };
  if (program.expiryDays === null) return run;
  const rules = { expiryDays: program.expiryDays, reminderDays: program.expiryReminderDays };
  const balances = await db.loyaltyBalance.findMany({ where: { shop, available: { gt: 0 } }, select: { customerId: true, available: true } });
  for (let i = 0; i < balances.length; i += 500) {
    const batch = balances.slice(i, i + 500);
    const activity = await db.loyaltyEntry.groupBy({
      by: ["customerId"],
      where: { shop, customerId: { in: batch.map((b) => b.customerId) }, OR: ACTIVITY_ENTRIES },
      _max: { createdAt: true },
    });
    const lastActivity = new Map(activity.map((row) => [row.customerId, row._max.createdAt]));
    for (const balance of batch) {
      const lastActivityAt = lastActivity.get(balance.customerId) ?? null;
      const plan = planExpiry({ rules, available: balance.available, lastActivityAt, now });
      if (!plan || !lastActivityAt) continue;
      if (plan.expire > 0) {
        const reason = `Expired after ${rules.expiryDays} days without earning or redeeming`;
        const expired = await expirePoints(db, shop, balance.customerId, expirySourceKey(balance.customerId, plan.expiresAt), lastActivityAt, reason);
        if (expired > 0) {
          run.expiredCustomers++;
          run.expiredPoints += expired;
        }
      } else if (plan.remind) {
        const created = await db.loyaltyExpiryReminder
          .create({ data: { shop, customerId: balance.customerId, points: balance.available, expiresAt: plan.expiresAt } })
          .then(() => true)
          .catch((error: unknown) => {
            if ((error as { code?: string }).code === "P2002") return false; // already recorded
            throw error;
          });
        if (created) run.reminders++;
      }
    }
  }
  return run;
}
