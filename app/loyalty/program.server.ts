import type { Database } from "../db.server";
import { loyaltySummary, saveLoyaltyProgram } from "./ledger.server";
import {
  DEFAULT_PROGRAM_FORM,
  fieldErrors,
  pointsValueCents,
  programFormSchema,
  redemptionRate,
  repeatComparison,
  type ProgramForm,
  type RepeatComparison,
  type TierBasis,
  type TierWindow,
} from "./program";

const DAY_MS = 86_400_000;

export async function shopCurrency(db: Database, shop: string): Promise<string> {
  return (await db.shop.findUnique({ where: { domain: shop }, select: { currencyCode: true } }))?.currencyCode ?? "USD";
}

/** The shop's program as the form shows it (defaults for a shop that never saved one). */
export async function loadProgramForm(db: Database, shop: string): Promise<ProgramForm> {
  const row = await db.loyaltyProgram.findUnique({ where: { shop } });
  if (!row) return DEFAULT_PROGRAM_FORM;
  return {
    enabled: row.enabled,
    pointsPerUnit: row.pointsPerUnit,
    earningBasis: row.earningBasis === "total" ? "total" : "subtotal",
    pendingDays: row.pendingDays,
    pointsPerMoneyUnit: row.pointsPerMoneyUnit,
    tierBasis: row.tierBasis as TierBasis,
    tierWindow: row.tierWindow as TierWindow,
    expiryDays: row.expiryDays,
    expiryReminderDays: row.expiryReminderDays,
    signupPoints: row.signupPoints,
    firstOrderPoints: row.firstOrderPoints,
    birthdayPoints: row.birthdayPoints,
    referralEnabled: row.referralEnabled,
    referralAdvocatePoints: row.referralAdvocatePoints,
    referralFriendCents: row.referralFriendCents,
  };
}

export type SaveProgramResult = { ok: true; program: ProgramForm } | { ok: false; errors: Record<string, string> };

/** Validates the posted form and saves every setting in one transaction (nothing on bad input). */
export async function saveProgramForm(db: Database, shop: string, form: Record<string, unknown>, now = new Date()): Promise<SaveProgramResult> {
  const parsed = programFormSchema.safeParse(form);
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error) };
  const { enabled, pointsPerUnit, pendingDays, earningBasis, ...more } = parsed.data;
  await saveLoyaltyProgram(db, shop, { enabled, pointsPerUnit, pendingDays, earningBasis }, now, more);
  return { ok: true, program: parsed.data };
}

export interface ProgramFigures {
  currencyCode: string;
  members: number;
  availablePoints: number;
  pendingPoints: number;
  shortfallPoints: number;
  /** What the outstanding (spendable + pending) points are worth at the program's value. */
  liabilityCents: number;
  redemptionRate: number | null;
  /** Over the last 12 months. */
  repeat: RepeatComparison;
}

/** The program page's figures: liability, redemption rate, members vs non-members repeat rate. */
export async function programFigures(db: Database, shop: string, now = new Date()): Promise<ProgramFigures> {
  const since = new Date(now.getTime() - 365 * DAY_MS);
  const [summary, program, currencyCode, sums, positiveAdjust, memberRows, orders] = await Promise.all([
    loyaltySummary(db, shop),
    loadProgramForm(db, shop),
    shopCurrency(db, shop),
    db.loyaltyEntry.groupBy({ by: ["kind"], where: { shop, kind: { not: "adjust" } }, _sum: { points: true, pendingPoints: true, shortfall: true } }),
    db.loyaltyEntry.aggregate({ where: { shop, kind: "adjust", points: { gt: 0 } }, _sum: { points: true } }),
    db.loyaltyBalance.findMany({ where: { shop, lifetimeEarned: { gt: 0 } }, select: { customerId: true } }),
    // Customers of the last 12 months and their earlier orders (for "2+ orders by the end").
    db.order.findMany({ where: { shop, customerId: { not: null }, cancelledAt: null, processedAt: { lt: now } }, select: { customerId: true, processedAt: true } }),
  ]);
  const rows = sums.map((row) => ({ kind: row.kind, points: row._sum.points ?? 0, pendingPoints: row._sum.pendingPoints ?? 0, shortfall: row._sum.shortfall ?? 0 }));
  rows.push({ kind: "adjust", points: positiveAdjust._sum.points ?? 0, pendingPoints: 0, shortfall: 0 });
  return {
    currencyCode,
    members: summary.members,
    availablePoints: summary.availablePoints,
    pendingPoints: summary.pendingPoints,
    shortfallPoints: summary.shortfallPoints,
    liabilityCents: pointsValueCents(summary.availablePoints + summary.pendingPoints, program.pointsPerMoneyUnit, currencyCode),
    redemptionRate: redemptionRate(rows),
    repeat: repeatComparison(
      orders.map((o) => ({ customerId: o.customerId!, processedAt: o.processedAt })),
      new Set(memberRows.map((row) => row.customerId)),
      { from: since, to: now },
    ),
  };
}
