import type { Database } from "../db.server";
import { loyaltyProgram, returnSpentPoints, returnSpentPointsIn, spendPoints } from "./ledger.server";
import { sourceKeys, type Balance } from "./ledger";
import type { CreatedCode, SingleUseCodeInput } from "../shopify/discount-codes.server";
import { cancelDecision, codeRequestFor, discountPath, redemptionMessages, type RedemptionStatus } from "./redemption";
import { findReward } from "./rewards.server";

/**
 * Redeeming rewards for points (decision 012). The points are spent first (redeem:<id>, atomic,
 * once), then the code is made in Shopify; if that fails the same points come back
 * (redeem:<id>:return). Cancelling an unused code deactivates it and gives the points back under
 * that same return key, so whatever happens they come back at most once.
 */

/** Shopify's side of a reward code (app/shopify/discount-codes.server.ts, bound to a shop's Admin API). */
export interface RewardCodes {
  create(request: SingleUseCodeInput): Promise<CreatedCode>;
  usageCount(discountId: string): Promise<number | null>;
  deactivate(discountId: string): Promise<boolean>;
}

export interface RedemptionView {
  id: string;
  rewardId: string;
  rewardName: string;
  points: number;
  status: RedemptionStatus;
  code: string | null;
  /** The storefront link that applies the code (issued codes only). */
  applyPath: string | null;
  message: string | null;
  createdAt: string;
}

export type RedemptionFailure = { ok: false; status: 400 | 403 | 404 | 409 | 502; error: string; message: string };
export type RedeemOutcome = { ok: true; redemption: RedemptionView; balance: Balance | null } | RedemptionFailure;

type RedemptionRow = Awaited<ReturnType<Database["loyaltyRedemption"]["findFirstOrThrow"]>>;

function toView(row: RedemptionRow): RedemptionView {
  const status = row.status as RedemptionStatus;
  return {
    id: row.id,
    rewardId: row.rewardId,
    rewardName: row.rewardName,
    points: row.points,
    status,
    code: row.code,
    applyPath: status === "issued" && row.code ? discountPath(row.code) : null,
    message: row.message,
    createdAt: row.createdAt.toISOString(),
  };
}

const isUniqueViolation = (error: unknown) => (error as { code?: string })?.code === "P2002";

async function balanceOf(db: Database, shop: string, customerId: string): Promise<Balance | null> {
  const row = await db.loyaltyBalance.findUnique({ where: { shop_customerId: { shop, customerId } } });
  return row ? { available: row.available, pending: row.pending, lifetimeEarned: row.lifetimeEarned, shortfall: row.shortfall } : null;
}

/** A replayed request (same requestId) answers with what the first one did, without spending again. */
function replayOutcome(row: RedemptionRow, balance: Balance | null): RedeemOutcome {
  if (row.status === "pending") return { ok: false, status: 409, error: "in-progress", message: redemptionMessages.inProgress };
  if (row.status === "failed") return { ok: false, status: 502, error: "code-failed", message: row.message ?? redemptionMessages.codeFailed(row.points) };
  return { ok: true, redemption: toView(row), balance };
}

/**
 * Redeems a reward for a customer: refuses (writing nothing) when the program is off, the reward
 * is unknown, disabled or another shop's, or the points are not enough; otherwise spends the
 * points once per `requestId` and returns the issued code, or gives the points back and says why.
 */
export async function redeemReward(
  db: Database,
  codes: RewardCodes,
  input: { shop: string; customerId: string; rewardId: string; requestId: string; now?: Date },
): Promise<RedeemOutcome> {
  const { shop, customerId, rewardId, requestId } = input;
  const now = input.now ?? new Date();
  const program = await loyaltyProgram(db, shop);
  if (!program.enabled) return { ok: false, status: 403, error: "program-off", message: redemptionMessages.programOff };
  const previous = await db.loyaltyRedemption.findUnique({ where: { shop_customerId_requestId: { shop, customerId, requestId } } });
  if (previous) return replayOutcome(previous, await balanceOf(db, shop, customerId));
  const reward = await findReward(db, shop, rewardId);
  if (!reward) return { ok: false, status: 404, error: "unknown-reward", message: redemptionMessages.unknownReward };
  if (!reward.enabled) return { ok: false, status: 409, error: "reward-disabled", message: redemptionMessages.rewardDisabled };

  let row: RedemptionRow;
  try {
    row = await db.loyaltyRedemption.create({
      data: { shop, customerId, rewardId, rewardName: reward.name, points: reward.pointsCost, requestId, status: "pending" },
    });
  } catch (error) {
    // The same click arrived twice at once: the other request owns it.
    if (!isUniqueViolation(error)) throw error;
    const other = await db.loyaltyRedemption.findUniqueOrThrow({ where: { shop_customerId_requestId: { shop, customerId, requestId } } });
    return replayOutcome(other, await balanceOf(db, shop, customerId));
  }

  const redeemKey = sourceKeys.redeem(row.id);
  const spent = await spendPoints(db, shop, customerId, reward.pointsCost, redeemKey, `Reward: ${reward.name}`, now);
  if (!spent.ok) {
    // Nothing was spent: the claim on this request goes too, so a refusal leaves no trace.
    await db.loyaltyRedemption.deleteMany({ where: { shop, id: row.id, status: "pending" } });
    return { ok: false, status: 409, error: "not-enough-points", message: redemptionMessages.notEnough(spent.available, reward.pointsCost) };
  }

  const created = await codes.create(codeRequestFor(reward, customerId, now)).catch((error: unknown) => {
    console.error(`[loyalty] ${shop}: creating the code for redemption ${row.id} failed`, error);
    return { ok: false as const, message: error instanceof Error ? error.message : String(error) };
  });
  if (created.ok) {
    // Conditional: a request that took longer than INTERRUPTED_AFTER_MS was settled by the sweep
    // (points returned), so its late code must not be handed out as well.
    const issued = await db.loyaltyRedemption.updateMany({
      where: { shop, id: row.id, status: "pending" },
      data: { status: "issued", code: created.code, discountId: created.discountId },
    });
    if (issued.count === 1) {
      row = await db.loyaltyRedemption.findUniqueOrThrow({ where: { id: row.id } });
      return { ok: true, redemption: toView(row), balance: spent.balance };
    }
    console.error(`[loyalty] ${shop}: redemption ${row.id} was settled as interrupted before its code arrived; deactivating the code`);
    await codes.deactivate(created.discountId).catch((error: unknown) => console.error(`[loyalty] ${shop}: deactivating ${created.discountId} failed`, error));
    const settled = await db.loyaltyRedemption.findUniqueOrThrow({ where: { id: row.id } });
    return { ok: false, status: 502, error: "code-failed", message: settled.message ?? redemptionMessages.codeFailed(reward.pointsCost) };
  }

  console.error(`[loyalty] ${shop}: no code for redemption ${row.id}, giving the points back: ${created.message}`);
  const returned = await returnSpentPoints(db, shop, customerId, redeemKey, "Discount code could not be created");
  const message = redemptionMessages.codeFailed(reward.pointsCost);
  await db.loyaltyRedemption.update({ where: { id: row.id }, data: { status: "failed", message } });
  if (!returned.ok && returned.error !== "already-returned") throw new Error(`Redemption ${row.id}: ${returned.message}`);
  return { ok: false, status: 502, error: "code-failed", message };
}

export type CancelOutcome = { ok: true; redemption: RedemptionView; balance: Balance | null } | RedemptionFailure;

/**
 * Cancels a customer's unused code: deactivates it in Shopify, then gives its points back (at
 * most once, by the return key). A used, missing, or already cancelled code changes nothing.
 */
export async function cancelRedemption(
  db: Database,
  codes: RewardCodes,
  input: { shop: string; customerId: string; redemptionId: string },
): Promise<CancelOutcome> {
  const { shop, customerId, redemptionId } = input;
  const row = await db.loyaltyRedemption.findFirst({ where: { shop, customerId, id: redemptionId } });
  if (!row) return { ok: false, status: 404, error: "unknown-redemption", message: redemptionMessages.unknownRedemption };
  const status = row.status as RedemptionStatus;
  const early = cancelDecision(status);
  if (!early.cancel) return { ok: false, status: early.status, error: early.error, message: early.message };

  let usage: number | null;
  try {
    usage = await codes.usageCount(row.discountId ?? "");
  } catch (error) {
    console.error(`[loyalty] ${shop}: reading the usage of ${row.discountId} failed`, error);
    return { ok: false, status: 502, error: "cancel-failed", message: redemptionMessages.cancelFailed };
  }
  const decision = cancelDecision(status, usage);
  if (!decision.cancel) {
    if (decision.markUsed) await db.loyaltyRedemption.updateMany({ where: { shop, id: row.id, status: "issued" }, data: { status: "used" } });
    return { ok: false, status: decision.status, error: decision.error, message: decision.message };
  }
  const deactivated = await codes.deactivate(row.discountId ?? "").catch((error: unknown) => {
    console.error(`[loyalty] ${shop}: deactivating ${row.discountId} failed`, error);
    return false;
  });
  if (!deactivated) return { ok: false, status: 502, error: "cancel-failed", message: redemptionMessages.cancelFailed };

  // The ledger's return key makes the points come back once, even if two cancels race.
  const returned = await returnSpentPoints(db, shop, customerId, sourceKeys.redeem(row.id), "Reward code cancelled");
  if (!returned.ok && returned.error !== "already-returned") throw new Error(`Redemption ${row.id}: ${returned.message}`);
  await db.loyaltyRedemption.updateMany({ where: { shop, id: row.id }, data: { status: "cancelled" } });
  const updated = await db.loyaltyRedemption.findFirstOrThrow({ where: { shop, id: row.id } });
  return { ok: true, redemption: toView(updated), balance: await balanceOf(db, shop, customerId) };
}

/** A customer's latest redemptions, newest first (failed ones included: they explain a returned balance). */
export async function customerRedemptions(db: Database, shop: string, customerId: string, take = 10): Promise<RedemptionView[]> {
  const rows = await db.loyaltyRedemption.findMany({ where: { shop, customerId, status: { not: "pending" } }, orderBy: { createdAt: "desc" }, take });
  return rows.map(toView);
}

/**
 * Marks the shop's issued reward codes an order used as `used` (from the order webhook's
 * discount_codes), so the widget stops offering to cancel them. Idempotent.
 */
export async function markRedemptionCodesUsed(db: Database, shop: string, codes: string[]): Promise<number> {
  if (codes.length === 0) return 0;
  const updated = await db.loyaltyRedemption.updateMany({ where: { shop, status: "issued", code: { in: codes } }, data: { status: "used" } });
  return updated.count;
}

/** How long a redemption may stay "pending" before the sweep treats its request as dead. */
export const INTERRUPTED_AFTER_MS = 10 * 60_000;

/**
 * Settles redemptions a stopped process left "pending" (it died between spending the points and
 * recording the code: a crash or a deploy). Each one created before `before` is marked failed and
 * its spent points come back, in one transaction, so they return exactly once whichever process
 * sweeps. A code Shopify may have made in that attempt was never shown to anyone and is limited to
 * that customer; a request that is merely slow finds the row settled and deactivates its code.
 * Returns how many were settled.
 */
export async function settleInterruptedRedemptions(db: Database, before: Date): Promise<number> {
  const stale = await db.loyaltyRedemption.findMany({ where: { status: "pending", createdAt: { lt: before } }, orderBy: { createdAt: "asc" }, take: 200 });
  let settled = 0;
  for (const row of stale) {
    const done = await db.$transaction(async (tx) => {
      const claimed = await tx.loyaltyRedemption.updateMany({
        where: { shop: row.shop, id: row.id, status: "pending" },
        data: { status: "failed", message: redemptionMessages.codeFailed(row.points) },
      });
      if (claimed.count === 0) return false; // the request finished, or another process settled it
      const returned = await returnSpentPointsIn(tx, row.shop, row.customerId, sourceKeys.redeem(row.id), "Redemption interrupted before its code was recorded");
      // Nothing spent (it stopped before spending): like a refusal, it leaves no trace.
      if (!returned.ok && returned.error === "nothing-spent") await tx.loyaltyRedemption.delete({ where: { id: row.id } });
      return true;
    });
    if (done) {
      settled += 1;
      console.warn(`[loyalty] ${row.shop}: redemption ${row.id} was interrupted before its code was recorded; settled`);
    }
  }
  return settled;
}
