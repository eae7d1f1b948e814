import { z } from "zod";
import { currencyDecimals } from "../money/money";
import type { EarningBasis } from "./ledger";

/**
 * The merchant's loyalty program as a form (pure): the settings, their validation and the figures
 * the program page shows. Stored as the shop's LoyaltyProgram row (ledger.server.ts saves it).
 */

export const TIER_BASES = ["points", "spent"] as const;
export const TIER_WINDOWS = ["lifetime", "rolling12"] as const;
export type TierBasis = (typeof TIER_BASES)[number];
export type TierWindow = (typeof TIER_WINDOWS)[number];

export interface ProgramForm {
  enabled: boolean;
  pointsPerUnit: number;
  earningBasis: EarningBasis;
  pendingDays: number;
  pointsPerMoneyUnit: number;
  tierBasis: TierBasis;
  tierWindow: TierWindow;
  /** null: points never expire. */
  expiryDays: number | null;
  expiryReminderDays: number;
  signupPoints: number;
  firstOrderPoints: number;
  birthdayPoints: number;
  /** Referrals (ADR 018): advocate points per referred first order, the friend's discount. */
  referralEnabled: boolean;
  referralAdvocatePoints: number;
  referralFriendCents: number;
}

export const DEFAULT_PROGRAM_FORM: ProgramForm = {
  enabled: false,
  pointsPerUnit: 1,
  earningBasis: "subtotal",
  pendingDays: 14,
  pointsPerMoneyUnit: 100,
  tierBasis: "points",
  tierWindow: "lifetime",
  expiryDays: null,
  expiryReminderDays: 14,
  signupPoints: 0,
  firstOrderPoints: 0,
  birthdayPoints: 0,
  referralEnabled: false,
  referralAdvocatePoints: 0,
  referralFriendCents: 0,
};

const checkbox = z
  .union([z.literal("on"), z.literal("true"), z.literal("false"), z.literal(""), z.boolean()])
  .optional()
  .transform((value) => value === true || value === "on" || value === "true");

const wholeNumber = (label: string, min: number, max: number) =>
  z.coerce
    .number({ invalid_type_error: `${label} must be a number` })
    .int(`${label} must be a whole number`)
    .min(min, `${label} must be between ${min} and ${max}`)
    .max(max, `${label} must be between ${min} and ${max}`);

// Fields added after the form's first version: absent from an older form means 0.
const optionalWhole = (label: string, min: number, max: number) => z.preprocess((value) => (value === undefined || value === "" ? "0" : value), wholeNumber(label, min, max));

/** A money amount typed by the merchant ("10" or "7.50") in minor units; absent or empty: 0. */
const moneyAmount = (label: string, maxUnits: number) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      const text = (value ?? "").trim();
      if (text === "") return 0;
      if (!/^\d{1,7}(\.\d{1,2})?$/.test(text) || Number(text) > maxUnits) {
        ctx.addIssue({ code: "custom", message: `${label} must be an amount between 0 and ${maxUnits}, e.g. 10 or 7.50` });
        return z.NEVER;
      }
      return Math.round(Number(text) * 100);
    });

/** The program form as posted (checkboxes absent when unticked; an empty expiry field: never). */
export const programFormSchema = z
  .object({
    enabled: checkbox,
    pointsPerUnit: wholeNumber("Points per unit of currency", 1, 1000),
    earningBasis: z.enum(["subtotal", "total"], { errorMap: () => ({ message: "Choose what orders earn on" }) }),
    pendingDays: wholeNumber("The pending period", 0, 365),
    pointsPerMoneyUnit: wholeNumber("Points per unit of value", 1, 100_000),
    tierBasis: z.enum(TIER_BASES, { errorMap: () => ({ message: "Choose what tiers are reached by" }) }),
    tierWindow: z.enum(TIER_WINDOWS, { errorMap: () => ({ message: "Choose the tier window" }) }),
    expiryEnabled: checkbox,
    expiryDays: z.string().optional(),
    expiryReminderDays: wholeNumber("The reminder", 1, 365),
    signupPoints: wholeNumber("Account creation points", 0, 100_000),
    firstOrderPoints: wholeNumber("First order points", 0, 100_000),
    birthdayPoints: wholeNumber("Birthday points", 0, 100_000),
    referralEnabled: checkbox,
    referralAdvocatePoints: optionalWhole("Advocate points", 0, 100_000),
    referralFriendAmount: moneyAmount("The friend's discount", 1000),
  })
  .superRefine((form, ctx) => {
    if (form.referralEnabled && form.referralAdvocatePoints <= 0 && form.referralFriendAmount <= 0) {
      ctx.addIssue({ code: "custom", path: ["referralAdvocatePoints"], message: "Referrals need advocate points or a friend discount (or switch them off)" });
    }
    if (!form.expiryEnabled) return;
    const days = Number(form.expiryDays);
    if (!form.expiryDays?.trim() || !Number.isInteger(days) || days < 30 || days > 3650) {
      ctx.addIssue({ code: "custom", path: ["expiryDays"], message: "Inactivity before expiry must be a whole number of days between 30 and 3650" });
    } else if (form.expiryReminderDays >= days) {
      ctx.addIssue({ code: "custom", path: ["expiryReminderDays"], message: "The reminder must come before the points expire" });
    }
  })
  .transform(({ expiryEnabled, expiryDays, referralFriendAmount, ...form }): ProgramForm => ({
    ...form,
    expiryDays: expiryEnabled ? Number(expiryDays) : null,
    referralFriendCents: referralFriendAmount,
  }));

/** One message per field, the first zod gives (the form shows it inline). */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) errors[String(issue.path[0] ?? "form")] ??= issue.message;
  return errors;
}

/** What points are worth in minor units of the shop currency: points / (points per unit), rounded down. */
export function pointsValueCents(points: number, pointsPerMoneyUnit: number, currencyCode: string): number {
  if (points <= 0 || pointsPerMoneyUnit <= 0) return 0;
  return Math.floor((points * 10 ** currencyDecimals(currencyCode)) / pointsPerMoneyUnit);
}

/** Net points earned and redeemed, from the sums of the shop's entries by kind. */
export interface EntrySums {
  kind: string;
  points: number;
  pendingPoints: number;
  shortfall: number;
}

/**
 * Points redeemed / points earned. Earned is net of refunds and cancellations (what a clawback
 * was owed, shortfall included) plus positive adjustments (manual ones and action bonuses: pass
 * the sum of positive "adjust" rows only); redeemed is what redemptions took. Null when nothing
 * was earned.
 */
export function redemptionRate(sums: EntrySums[]): number | null {
  let earned = 0;
  let redeemed = 0;
  for (const row of sums) {
    const moved = row.points + row.pendingPoints;
    if (row.kind === "earn" || (row.kind === "adjust" && moved > 0)) earned += moved;
    if (row.kind === "clawback" || row.kind === "cancel") earned += moved - row.shortfall;
    if (row.kind === "redeem") redeemed -= moved;
  }
  return earned > 0 ? Math.max(0, redeemed) / earned : null;
}

export interface RepeatOrder {
  customerId: string;
  processedAt: Date;
}

export interface RepeatComparison {
  members: { customers: number; repeaters: number; rate: number | null };
  nonMembers: { customers: number; repeaters: number; rate: number | null };
}

/**
 * The repeat purchase rate of members and of everyone else over [from, to): among customers with
 * an order in the range, the share with 2+ orders by its end (the definition of insights/metrics.ts).
 * Orders are counted ones (not cancelled, with a customer).
 */
export function repeatComparison(orders: RepeatOrder[], members: Set<string>, range: { from: Date; to: Date }): RepeatComparison {
  const byCustomer = new Map<string, { inRange: boolean; count: number }>();
  for (const order of orders) {
    if (order.processedAt >= range.to) continue;
    const row = byCustomer.get(order.customerId) ?? { inRange: false, count: 0 };
    row.count++;
    if (order.processedAt >= range.from) row.inRange = true;
    byCustomer.set(order.customerId, row);
  }
  const result: RepeatComparison = { members: { customers: 0, repeaters: 0, rate: null }, nonMembers: { customers: 0, repeaters: 0, rate: null } };
  for (const [customerId, row] of byCustomer) {
    if (!row.inRange) continue;
    const group = members.has(customerId) ? result.members : result.nonMembers;
    group.customers++;
    if (row.count >= 2) group.repeaters++;
  }
  for (const group of [result.members, result.nonMembers]) group.rate = group.customers > 0 ? group.repeaters / group.customers : null;
  return result;
}
