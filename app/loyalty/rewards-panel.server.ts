import type { Database } from "../db.server";
import { currencyDecimals } from "../money/money";
import { loyaltyPanelShops } from "./panel-cache.server";
import { loadProgramForm, shopCurrency } from "./program.server";
import { referralPathFor } from "./referrals.server";
import { customerRedemptions, type RedemptionView } from "./redemption.server";
import { historyLine, nextRelease, type HistoryLine } from "./rewards-panel";
import { rewardsForCustomer, type Reward } from "./rewards";
import { listRewards } from "./rewards.server";
import { tierProgress, type Tier, type TierProgress, type TierRules } from "./tiers";
import { figureOf, listTiers } from "./tiers.server";

/** What the storefront's loyalty panel shows (GET /apps/encore/loyalty), for a guest or a logged-in customer. */
export interface LoyaltyPanel {
  /** currencyDecimals: points are floor(minor units × pointsPerUnit / 10^decimals), as the ledger counts them. */
  program: { enabled: boolean; pointsPerUnit: number; pendingDays: number; currencyDecimals: number };
  rewards: (Omit<Reward, "enabled"> & { affordable: boolean })[];
  customer: {
    id: string;
    available: number;
    pending: number;
    /** When some pending points next become spendable (ISO), or null. */
    nextReleaseAt: string | null;
    history: HistoryLine[];
    redemptions: RedemptionView[];
    /** Their VIP tier with its perks and the way to the next one (null when the shop has no tiers). */
    tiers: TierProgress | null;
    /** Their referral link (storefront path) and what it gives; null when referrals are off. */
    referral: { path: string; advocatePoints: number; friendCents: number } | null;
  } | null;
}

const HISTORY = 10;

/** What every shopper of the shop sees alike: cached 10 s per process (panel-cache.server.ts). */
interface ShopParts {
  settings: LoyaltyPanel["program"];
  rewards: Reward[];
  tiers: Tier[];
  rules: TierRules;
  /** What a referral gives, or null when referrals are off. */
  referral: { advocatePoints: number; friendCents: number } | null;
}

function shopParts(db: Database, shop: string): Promise<ShopParts> {
  return loyaltyPanelShops.getOrLoad(shop, async (): Promise<ShopParts> => {
    const [program, currencyCode] = await Promise.all([loadProgramForm(db, shop), shopCurrency(db, shop)]);
    const settings = { enabled: program.enabled, pointsPerUnit: program.pointsPerUnit, pendingDays: program.pendingDays, currencyDecimals: currencyDecimals(currencyCode) };
    const rules: TierRules = { basis: program.tierBasis, window: program.tierWindow, currencyCode };
    if (!program.enabled) return { settings, rewards: [], tiers: [], rules, referral: null };
    const [rewards, tiers] = await Promise.all([listRewards(db, shop, { enabledOnly: true }), listTiers(db, shop)]);
    const referral = program.referralEnabled ? { advocatePoints: program.referralAdvocatePoints, friendCents: program.referralFriendCents } : null;
    return { settings, rewards, tiers, rules, referral };
  }) as Promise<ShopParts>;
}

export async function loyaltyPanel(db: Database, shop: string, customerId: string | null): Promise<LoyaltyPanel> {
  const { settings, rewards, tiers, rules, referral } = await shopParts(db, shop);
  if (!settings.enabled) return { program: settings, rewards: [], customer: null };
  if (!customerId) return { program: settings, rewards: rewardsForCustomer(rewards, null).map(withoutEnabled), customer: null };

  const [balance, entries, redemptions, tierProgressNow] = await Promise.all([
    db.loyaltyBalance.findUnique({ where: { shop_customerId: { shop, customerId } } }),
    db.loyaltyEntry.findMany({ where: { shop, customerId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: HISTORY + 5 }),
    customerRedemptions(db, shop, customerId),
    customerTiers(db, shop, customerId, tiers, rules),
  ]);
  const pending = balance?.pending ?? 0;
  // When pending points next release: only asked when the customer has some.
  const nextReleaseAt = pending > 0 ? await pendingRelease(db, shop, customerId) : null;
  const available = balance?.available ?? 0;
  return {
    program: settings,
    rewards: rewardsForCustomer(rewards, available).map(withoutEnabled),
    customer: {
      id: customerId,
      available,
      pending,
      nextReleaseAt: nextReleaseAt?.toISOString() ?? null,
      history: entries.map(historyLine).filter((line): line is HistoryLine => line !== null).slice(0, HISTORY),
      redemptions,
      tiers: tierProgressNow,
      referral: referral ? { path: referralPathFor(shop, customerId), ...referral } : null,
    },
  };
}

async function pendingRelease(db: Database, shop: string, customerId: string): Promise<Date | null> {
  const earns = await db.loyaltyEntry.findMany({ where: { shop, customerId, kind: "earn" }, select: { orderId: true, availableAt: true } });
  const orderIds = earns.map((e) => e.orderId).filter((id): id is string => id !== null);
  if (orderIds.length === 0) return null;
  const sums = await db.loyaltyEntry.groupBy({ by: ["orderId"], where: { shop, customerId, orderId: { in: orderIds } }, _sum: { pendingPoints: true } });
  return nextRelease(earns, new Map(sums.map((row) => [row.orderId ?? "", row._sum.pendingPoints ?? 0])));
}

/** The customer's tier as last evaluated, and their figure now for the progress to the next one. */
async function customerTiers(db: Database, shop: string, customerId: string, tiers: Tier[], rules: TierRules): Promise<TierProgress | null> {
  if (tiers.length === 0) return null;
  const [member, figure] = await Promise.all([
    db.loyaltyMemberTier.findUnique({ where: { shop_customerId: { shop, customerId } }, select: { tierId: true } }),
    figureOf(db, shop, customerId, rules, new Date()),
  ]);
  return tierProgress(tiers, member?.tierId ?? null, figure, rules.basis);
}

function withoutEnabled<R extends { enabled: boolean }>(reward: R): Omit<R, "enabled"> {
  const { enabled: _enabled, ...rest } = reward;
  return rest;
}
