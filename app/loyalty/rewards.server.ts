import type { Database } from "../db.server";
import type { Reward, RewardInput, RewardKind } from "./rewards";
import { forgetLoyaltyPanelShop } from "./panel-cache.server";

/** The rewards catalog's storage. Every query takes the shop: another shop's reward is "not found". */

type RewardRow = Awaited<ReturnType<Database["loyaltyReward"]["findFirstOrThrow"]>>;

function toReward(row: RewardRow): Reward {
  return {
    id: row.id,
    name: row.name,
    pointsCost: row.pointsCost,
    kind: row.kind as RewardKind,
    value: row.value,
    productVariantId: row.productVariantId,
    minimumSubtotalCents: row.minimumSubtotalCents,
    codeValidDays: row.codeValidDays,
    enabled: row.enabled,
  };
}

export async function listRewards(db: Database, shop: string, options: { enabledOnly?: boolean } = {}): Promise<Reward[]> {
  const rows = await db.loyaltyReward.findMany({
    where: { shop, ...(options.enabledOnly ? { enabled: true } : {}) },
    orderBy: [{ pointsCost: "asc" }, { createdAt: "asc" }],
  });
  return rows.map(toReward);
}

export async function findReward(db: Database, shop: string, id: string): Promise<Reward | null> {
  const row = await db.loyaltyReward.findFirst({ where: { shop, id } });
  return row ? toReward(row) : null;
}

export async function createReward(db: Database, shop: string, input: RewardInput): Promise<Reward> {
  const reward = toReward(await db.loyaltyReward.create({ data: { shop, ...input } }));
  forgetLoyaltyPanelShop(shop);
  return reward;
}

/** Updates the shop's reward; null when the shop has no such reward. */
export async function updateReward(db: Database, shop: string, id: string, input: RewardInput): Promise<Reward | null> {
  const updated = await db.loyaltyReward.updateMany({ where: { shop, id }, data: input });
  forgetLoyaltyPanelShop(shop);
  return updated.count === 0 ? null : findReward(db, shop, id);
}

/** Turns the shop's reward on or off (codes already issued stay valid); false when there is no such reward. */
export async function setRewardEnabled(db: Database, shop: string, id: string, enabled: boolean): Promise<boolean> {
  const updated = await db.loyaltyReward.updateMany({ where: { shop, id }, data: { enabled } });
  forgetLoyaltyPanelShop(shop);
  return updated.count > 0;
}
