import { z } from "zod";
import { formatMoney, toMinorUnits } from "../money/money";
import type { TierBasis, TierWindow } from "./program";

/**
 * VIP tiers (pure): which tier a customer's figure reaches, the figure itself (points earned or
 * money spent, over the lifetime or the last 12 months), and the move with its reason. Customers
 * move up and down: the tier is always the highest whose threshold the figure reaches now.
 */

export interface Tier {
  id: string;
  name: string;
  /** Points (basis "points") or minor units of the shop currency (basis "spent"). */
  threshold: number;
  multiplierPercent: number;
  discountPercent: number;
}

export interface TierRules {
  basis: TierBasis;
  window: TierWindow;
  currencyCode: string;
}

const DAY_MS = 86_400_000;
const ROLLING_DAYS = 365;

/** The start of the window the figure is counted over (null: the customer's lifetime). */
export function windowStart(window: TierWindow, now: Date): Date | null {
  return window === "rolling12" ? new Date(now.getTime() - ROLLING_DAYS * DAY_MS) : null;
}

/** The highest tier whose threshold the figure reaches (null: none). */
export function tierFor(tiers: Tier[], figure: number): Tier | null {
  let best: Tier | null = null;
  for (const tier of tiers) if (figure >= tier.threshold && (!best || tier.threshold > best.threshold)) best = tier;
  return best;
}

export interface FigureEntry {
  kind: string;
  points: number;
  pendingPoints: number;
  shortfall: number;
  createdAt: Date;
}

export interface FigureOrder {
  processedAt: Date;
  /** Order total minus its refunds. */
  netCents: number;
  cancelled: boolean;
}

/**
 * The customer's qualifying figure in the window. Points earned: order earns and positive
 * adjustments (action bonuses included) minus what refunds and cancellations took back, so a
 * refunded order stops counting. Money spent: totals net of refunds of orders not cancelled.
 */
export function tierFigure(rules: Pick<TierRules, "basis" | "window">, now: Date, data: { entries: FigureEntry[]; orders: FigureOrder[] }): number {
  const since = windowStart(rules.window, now);
  const inWindow = (date: Date) => !since || date >= since;
  if (rules.basis === "spent") {
    return data.orders.filter((o) => !o.cancelled && inWindow(o.processedAt)).reduce((sum, o) => sum + Math.max(0, o.netCents), 0);
  }
  let earned = 0;
  for (const entry of data.entries) {
    if (!inWindow(entry.createdAt)) continue;
    const moved = entry.points + entry.pendingPoints;
    if (entry.kind === "earn" || (entry.kind === "adjust" && moved > 0)) earned += moved;
    if (entry.kind === "clawback" || entry.kind === "cancel") earned += moved - entry.shortfall;
  }
  return Math.max(0, earned);
}

/** The figure in words: "1,200 points earned in the last 12 months", "$540.00 spent in total". */
export function describeFigure(rules: TierRules, figure: number): string {
  const amount = rules.basis === "spent" ? `${formatMoney(figure, rules.currencyCode)} spent` : `${figure.toLocaleString("en-US")} points earned`;
  return `${amount} ${rules.window === "rolling12" ? "in the last 12 months" : "in total"}`;
}

export function describeThreshold(rules: TierRules, threshold: number): string {
  return rules.basis === "spent" ? formatMoney(threshold, rules.currencyCode) : `${threshold.toLocaleString("en-US")} points`;
}

export interface TierMove {
  from: { id: string | null; name: string | null };
  to: Tier | null;
  reason: string;
}

/**
 * The move a customer's figure calls for, with its reason, or null when they stay. `trigger` says
 * what prompted the evaluation ("Order #1001 paid", "Daily review").
 */
export function planTierMove(input: {
  current: { tierId: string | null; tierName: string | null } | null;
  tiers: Tier[];
  figure: number;
  rules: TierRules;
  trigger: string;
}): TierMove | null {
  const { current, tiers, figure, rules, trigger } = input;
  const target = tierFor(tiers, figure);
  const currentTier = current?.tierId ? (tiers.find((t) => t.id === current.tierId) ?? null) : null;
  if ((target?.id ?? null) === (current?.tierId ?? null)) return null;
  const from = { id: current?.tierId ?? null, name: current?.tierName ?? null };
  const figureText = describeFigure(rules, figure);
  let reason: string;
  if (current?.tierId && !currentTier) {
    reason = target ? `${from.name ?? "The tier"} was removed; ${figureText} reaches ${target.name}` : `${from.name ?? "The tier"} was removed`;
  } else if (target && (!currentTier || target.threshold > currentTier.threshold)) {
    reason = `Reached ${target.name}: ${figureText} (${target.name} needs ${describeThreshold(rules, target.threshold)})`;
  } else {
    const lost = currentTier!;
    reason = `Fell below ${lost.name}: ${figureText} (${lost.name} needs ${describeThreshold(rules, lost.threshold)})`;
  }
  return { from, to: target, reason: `${reason}. ${trigger}.` };
}

/** The tier form: one tier at a time (create when id is absent). */
export function tierFormSchema(rules: Pick<TierRules, "basis" | "currencyCode">) {
  return z.object({
    id: z.string().max(64).optional().transform((id) => id || undefined),
    name: z.string({ required_error: "Name the tier" }).trim().min(1, "Name the tier").max(40, "Tier names are limited to 40 characters"),
    threshold: z
      .string({ required_error: "Enter the threshold" })
      .trim()
      .transform((text, ctx) => {
        const parsed = rules.basis === "spent" ? parseMoney(text, rules.currencyCode) : /^\d+$/.test(text) ? Number(text) : null;
        if (parsed === null || !Number.isSafeInteger(parsed) || parsed < 0 || parsed > 1_000_000_000) {
          ctx.addIssue({ code: "custom", message: rules.basis === "spent" ? "Enter the amount to spend, e.g. 500.00" : "Enter the points to earn, a whole number of 0 or more" });
          return z.NEVER;
        }
        return parsed;
      }),
    multiplierPercent: z.coerce
      .number({ invalid_type_error: "The multiplier must be a number" })
      .int("The multiplier must be a whole percent")
      .min(100, "The multiplier is between 100% (none) and 1000%")
      .max(1000, "The multiplier is between 100% (none) and 1000%"),
    discountPercent: z.coerce
      .number({ invalid_type_error: "The discount must be a number" })
      .int("The discount must be a whole percent")
      .min(0, "The discount is between 0% and 50%")
      .max(50, "The discount is between 0% and 50%"),
  });
}

function parseMoney(text: string, currencyCode: string): number | null {
  try {
    return /^\d+(\.\d+)?$/.test(text) ? toMinorUnits(text, currencyCode) : null;
  } catch {
    return null;
  }
}

/** A tier as the storefront shows it: its name and perks. */
export type TierPerks = Pick<Tier, "name" | "multiplierPercent" | "discountPercent">;

export interface TierProgress {
  tier: TierPerks | null;
  /** The next tier up and what is missing to reach it (points, or minor units when the basis is money spent); null at the top. */
  next: (TierPerks & { remaining: number; basis: TierBasis }) | null;
  /** How far from the current tier's threshold (or 0) to the next one, 0–100. */
  percent: number;
}

/**
 * Where a customer stands: their tier (as last evaluated) and the next one above both it and their
 * figure now, so a figure that already passed a tier the evaluation has not caught up with points
 * to the one after rather than to "0 more".
 */
export function tierProgress(tiers: Tier[], currentTierId: string | null, figure: number, basis: TierBasis): TierProgress {
  const perks = (tier: Tier): TierPerks => ({ name: tier.name, multiplierPercent: tier.multiplierPercent, discountPercent: tier.discountPercent });
  const current = tiers.find((tier) => tier.id === currentTierId) ?? null;
  const above = tiers.filter((tier) => tier.threshold > figure && (!current || tier.threshold > current.threshold)).sort((a, b) => a.threshold - b.threshold);
  const next = above[0] ?? null;
  if (!next) return { tier: current && perks(current), next: null, percent: 100 };
  const base = Math.min(current?.threshold ?? 0, figure);
  const percent = Math.max(0, Math.min(100, Math.floor(((figure - base) * 100) / (next.threshold - base))));
  return { tier: current && perks(current), next: { ...perks(next), remaining: next.threshold - figure, basis }, percent };
}
