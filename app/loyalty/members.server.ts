import type { Database } from "../db.server";
import { Prisma } from "../db/generated/sqlite/client";
import { adjustPoints, type AdjustResult } from "./ledger.server";
import { sourceKeys } from "./ledger";
import { adjustmentSourceId, MEMBERS_PER_PAGE, memberName, type AdjustmentForm } from "./members";
import { evaluateCustomerTier } from "./tiers.server";

/**
 * The members pages' reads and the manual adjustment. A member is a customer with a balance row
 * (anyone the ledger ever wrote for); every query is scoped by shop.
 */

export interface MemberRow {
  customerId: string;
  name: string;
  email: string | null;
  available: number;
  pending: number;
  lifetimeEarned: number;
  tier: string | null;
}

type RawMember = {
  customerId: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  available: number;
  pending: number;
  lifetimeEarned: number;
  tierName: string | null;
};

/** A page of members, most points earned first, optionally filtered by name or email (any case). */
export async function listMembers(db: Database, shop: string, { search, page }: { search: string; page: number }) {
  const pattern = `%${search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const filter = search
    ? Prisma.sql`AND (LOWER(c."email") LIKE ${pattern} ESCAPE '\\' OR LOWER(c."firstName") LIKE ${pattern} ESCAPE '\\' OR LOWER(c."lastName") LIKE ${pattern} ESCAPE '\\'
        OR LOWER(COALESCE(c."firstName", '') || ' ' || COALESCE(c."lastName", '')) LIKE ${pattern} ESCAPE '\\')`
    : Prisma.empty;
  const from = Prisma.sql`FROM "LoyaltyBalance" b
    LEFT JOIN "Customer" c ON c."shop" = b."shop" AND c."id" = b."customerId"
    LEFT JOIN "LoyaltyMemberTier" t ON t."shop" = b."shop" AND t."customerId" = b."customerId"
    WHERE b."shop" = ${shop} ${filter}`;
  const [counted, rows] = await Promise.all([
    db.$queryRaw<{ total: number | bigint }[]>`SELECT COUNT(*) AS total ${from}`,
    db.$queryRaw<RawMember[]>`SELECT b."customerId", c."email", c."firstName", c."lastName", b."available", b."pending", b."lifetimeEarned", t."tierName"
      ${from} ORDER BY b."lifetimeEarned" DESC, b."customerId" ASC LIMIT ${MEMBERS_PER_PAGE} OFFSET ${(page - 1) * MEMBERS_PER_PAGE}`,
  ]);
  const total = Number(counted[0]?.total ?? 0);
  return {
    total,
    page,
    pageCount: Math.max(1, Math.ceil(total / MEMBERS_PER_PAGE)),
    members: rows.map(
      (row): MemberRow => ({
        customerId: row.customerId,
        name: memberName({ id: row.customerId, firstName: row.firstName, lastName: row.lastName, email: row.email }, row.customerId),
        email: row.email,
        available: Number(row.available),
        pending: Number(row.pending),
        lifetimeEarned: Number(row.lifetimeEarned),
        tier: row.tierName,
      }),
    ),
  };
}

/** Whether the shop knows this customer (a customer row or a ledger balance): else a 404. */
export async function memberExists(db: Database, shop: string, customerId: string): Promise<boolean> {
  const [customer, balance] = await Promise.all([
    db.customer.findUnique({ where: { shop_id: { shop, id: customerId } }, select: { id: true } }),
    db.loyaltyBalance.findUnique({ where: { shop_customerId: { shop, customerId } }, select: { customerId: true } }),
  ]);
  return customer !== null || balance !== null;
}

/** One member: balance, tier, every ledger entry (newest first) and tier move. Null: not this shop's. */
export async function memberDetail(db: Database, shop: string, customerId: string) {
  if (!(await memberExists(db, shop, customerId))) return null;
  const [customer, balance, tier, entries, tierChanges, reminders] = await Promise.all([
    db.customer.findUnique({ where: { shop_id: { shop, id: customerId } }, select: { id: true, email: true, firstName: true, lastName: true } }),
    db.loyaltyBalance.findUnique({ where: { shop_customerId: { shop, customerId } }, select: { available: true, pending: true, lifetimeEarned: true, shortfall: true } }),
    db.loyaltyMemberTier.findUnique({ where: { shop_customerId: { shop, customerId } }, select: { tierName: true, figure: true, evaluatedAt: true } }),
    db.loyaltyEntry.findMany({
      where: { shop, customerId },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      select: { id: true, sourceKey: true, kind: true, points: true, pendingPoints: true, shortfall: true, rate: true, multiplierPercent: true, orderId: true, reason: true, createdAt: true },
    }),
    db.loyaltyTierChange.findMany({ where: { shop, customerId }, orderBy: { createdAt: "desc" }, select: { id: true, fromTier: true, toTier: true, reason: true, createdAt: true } }),
    db.loyaltyExpiryReminder.findMany({ where: { shop, customerId }, orderBy: { expiresAt: "desc" }, take: 5, select: { points: true, expiresAt: true } }),
  ]);
  return {
    customerId,
    name: memberName(customer, customerId),
    email: customer?.email ?? null,
    balance: balance ?? { available: 0, pending: 0, lifetimeEarned: 0, shortfall: 0 },
    tier,
    entries,
    tierChanges,
    reminders,
  };
}

export type ManualAdjustmentResult =
  | { ok: true; duplicate: boolean; available: number }
  | { ok: false; status: 400 | 404 | 409; message: string };

/**
 * A merchant's manual adjustment. Refused without a write when the customer is not the shop's or
 * the points to take exceed what is spendable; the ledger's conditional update keeps that true
 * under races. The same form submitted twice records once (the source key is the submission's).
 */
export async function adjustMemberPoints(db: Database, shop: string, customerId: string, form: AdjustmentForm): Promise<ManualAdjustmentResult> {
  if (!(await memberExists(db, shop, customerId))) return { ok: false, status: 404, message: "No such customer in this shop." };
  const balance = await db.loyaltyBalance.findUnique({ where: { shop_customerId: { shop, customerId } }, select: { available: true } });
  const available = balance?.available ?? 0;
  const sourceKey = sourceKeys.adjust(adjustmentSourceId(customerId, form.submissionId));
  if (await db.loyaltyEntry.findUnique({ where: { shop_sourceKey: { shop, sourceKey } }, select: { id: true } })) return { ok: true, duplicate: true, available };
  if (form.points < 0 && -form.points > available) {
    return { ok: false, status: 400, message: `The customer has ${available.toLocaleString("en-US")} spendable points; ${(-form.points).toLocaleString("en-US")} cannot be taken.` };
  }
  const result: AdjustResult = await adjustPoints(db, shop, customerId, form.points, sourceKey, form.reason);
  if (!result.ok) {
    if (result.error === "already-recorded") return { ok: true, duplicate: true, available };
    return { ok: false, status: result.error === "not-enough-points" ? 409 : 400, message: result.message };
  }
  await evaluateCustomerTier(db, shop, customerId, "Manual adjustment");
  return { ok: true, duplicate: false, available: result.balance.available };
}
