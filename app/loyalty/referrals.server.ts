import { z } from "zod";
import type { Database } from "../db.server";
import { createSingleUseCode, type CreatedCode } from "../shopify/discount-codes.server";
import type { AdminGraphql } from "../shopify/admin-api.server";
import { adjustPoints, takeBackAward } from "./ledger.server";
import { loadProgramForm } from "./program.server";
import {
  addressKey,
  judgeReferral,
  parseReferralCode,
  REFERRAL_ATTRIBUTE,
  referralCode,
  referralReversalSourceKey,
  referralSourceKey,
  referralUndoneReason,
  REFUSAL_REASONS,
} from "./referrals";
import { evaluateCustomerTier } from "./tiers.server";

/**
 * Referrals (ADR 018) on top of the ledger: the advocate's link, the friend's code at the landing,
 * and the judgement of a referred order when its paid webhook arrives. Each order is judged once
 * (LoyaltyReferral keyed by order) and the award has its own source key (referral:<order id>).
 */

const PAID = new Set(["paid", "partially_refunded", "refunded"]);

function secret(): string {
  const value = process.env.SHOPIFY_API_SECRET;
  if (!value) throw new Error("SHOPIFY_API_SECRET is not set");
  return value;
}

/** The storefront path of the customer's referral link (null when referrals are off). */
export async function referralLinkPath(db: Database, shop: string, customerId: string): Promise<string | null> {
  const program = await loadProgramForm(db, shop);
  if (!program.enabled || !program.referralEnabled) return null;
  return referralPathFor(shop, customerId);
}

/** The advocate's storefront link (signed; no database read, for callers that know referrals are on). */
export function referralPathFor(shop: string, customerId: string): string {
  return `/apps/encore/r/${referralCode(secret(), shop, customerId)}`;
}

export function advocateFromCode(shop: string, code: string): string | null {
  return parseReferralCode(secret(), shop, code);
}

export type Landing =
  | { ok: true; code: string; friendCode: string | null }
  | { ok: false; reason: "unknown-code" | "off" | "self"; message: string };

/**
 * A friend arrived through a referral link: the friend's single-use discount when the program
 * gives one (not for the advocate following their own link).
 */
export async function referralLanding(db: Database, admin: AdminGraphql | null, input: { shop: string; code: string; loggedInCustomerId: string | null }): Promise<Landing> {
  const advocateId = advocateFromCode(input.shop, input.code);
  if (!advocateId) return { ok: false, reason: "unknown-code", message: "This referral link is not valid." };
  const program = await loadProgramForm(db, input.shop);
  if (!program.enabled || !program.referralEnabled) return { ok: false, reason: "off", message: "Referrals are not available in this store right now." };
  if (input.loggedInCustomerId === advocateId) return { ok: false, reason: "self", message: "This is your own referral link: share it with a friend." };
  let friendCode: string | null = null;
  if (program.referralFriendCents > 0 && admin) {
    const created: CreatedCode = await createSingleUseCode(admin, {
      title: "Referral: friend's first order",
      prefix: "FRIEND",
      customerId: input.loggedInCustomerId,
      value: { kind: "amount", amountCents: program.referralFriendCents },
      endsAt: new Date(Date.now() + 30 * 86_400_000),
    });
    // Without a code the referral still counts for the advocate: the friend just pays full price.
    if (created.ok) friendCode = created.code;
  }
  return { ok: true, code: input.code, friendCode };
}

const orderExtrasSchema = z.object({
  shipping_address: z.object({ address1: z.string().nullish(), address2: z.string().nullish(), city: z.string().nullish(), zip: z.string().nullish(), country_code: z.string().nullish() }).nullish(),
});

/**
 * After an order is stored (every order webhook): remember the customer's shipping address key
 * (the self-referral check compares against it), then judge the order if it carries a referral.
 */
export async function syncOrderReferral(db: Database, shop: string, orderId: string, payload: unknown): Promise<void> {
  const order = await db.order.findUnique({ where: { shop_id: { shop, id: orderId } } });
  if (!order) return;
  const extras = orderExtrasSchema.safeParse(payload);
  const friendAddressKey = extras.success ? addressKey(extras.data.shipping_address) : null;
  if (order.customerId && friendAddressKey) {
    await db.loyaltyAddressKey.upsert({
      where: { shop_customerId_addressKey: { shop, customerId: order.customerId, addressKey: friendAddressKey } },
      create: { shop, customerId: order.customerId, addressKey: friendAddressKey },
      update: {},
    });
  }
  let attributes: Record<string, unknown> = {};
  try {
    attributes = JSON.parse(order.attributes) as Record<string, unknown>;
  } catch {
    return;
  }
  const code = typeof attributes[REFERRAL_ATTRIBUTE] === "string" ? (attributes[REFERRAL_ATTRIBUTE] as string) : null;
  const advocateId = code ? advocateFromCode(shop, code) : null;
  if (!advocateId) return;
  // Judged once, when paid (orders/create of an unpaid order waits for orders/paid).
  if (order.cancelledAt || !PAID.has(order.financialStatus ?? "")) return;
  if (await db.loyaltyReferral.findUnique({ where: { shop_orderId: { shop, orderId } }, select: { orderId: true } })) return;
  const program = await loadProgramForm(db, shop);
  if (!program.enabled || !program.referralEnabled) return;

  const friendEmail = order.email?.trim().toLowerCase() || null;
  const friendMatch = [...(order.customerId ? [{ customerId: order.customerId }] : []), ...(friendEmail ? [{ email: friendEmail }] : [])];
  const [advocate, advocateAddresses, earlierFriendOrders, rewarded] = await Promise.all([
    db.customer.findUnique({ where: { shop_id: { shop, id: advocateId } }, select: { email: true } }),
    db.loyaltyAddressKey.findMany({ where: { shop, customerId: advocateId }, select: { addressKey: true } }),
    friendMatch.length === 0
      ? 0
      : db.order.count({ where: { shop, id: { not: orderId }, cancelledAt: null, processedAt: { lt: order.processedAt }, OR: friendMatch } }),
    friendMatch.length === 0
      ? null
      : db.loyaltyReferral.findFirst({
          where: { shop, status: "rewarded", OR: friendMatch.map((m) => ("customerId" in m ? { friendCustomerId: m.customerId } : { friendEmail: m.email })) },
          select: { orderId: true },
        }),
  ]);
  const verdict = judgeReferral(
    {
      advocateId,
      advocateEmail: advocate?.email ?? null,
      advocateAddressKeys: advocateAddresses.map((row) => row.addressKey),
      friendCustomerId: order.customerId,
      friendEmail,
      friendAddressKey,
      earlierFriendOrders,
      friendAlreadyRewarded: rewarded !== null,
    },
    program.referralAdvocatePoints,
  );
  const base = { shop, orderId, orderName: order.name, advocateId, friendCustomerId: order.customerId, friendEmail };
  try {
    await db.loyaltyReferral.create({
      data: verdict.ok
        ? { ...base, status: "rewarded", points: verdict.points }
        : { ...base, status: "refused", reason: REFUSAL_REASONS[verdict.reason] },
    });
  } catch {
    return; // a concurrent delivery judged it first
  }
  if (verdict.ok && verdict.points > 0) {
    const result = await adjustPoints(db, shop, advocateId, verdict.points, referralSourceKey(orderId), `Referral: friend's first order ${order.name}`);
    if (result.ok) await evaluateCustomerTier(db, shop, advocateId, "Referral");
  }
}

export interface ReferralRow {
  orderId: string;
  orderName: string;
  advocateId: string;
  friendEmail: string | null;
  status: string;
  reason: string | null;
  points: number;
  createdAt: string;
}

const toRow = (row: { orderId: string; orderName: string; advocateId: string; friendEmail: string | null; status: string; reason: string | null; points: number; createdAt: Date }): ReferralRow => ({
  orderId: row.orderId,
  orderName: row.orderName,
  advocateId: row.advocateId,
  friendEmail: row.friendEmail,
  status: row.status,
  reason: row.reason,
  points: row.points,
  createdAt: row.createdAt.toISOString(),
});

/** The advocate's referrals, newest first (member page). */
export async function advocateReferrals(db: Database, shop: string, advocateId: string): Promise<ReferralRow[]> {
  return (await db.loyaltyReferral.findMany({ where: { shop, advocateId }, orderBy: { createdAt: "desc" }, take: 50 })).map(toRow);
}

/** The shop's latest referrals, refused ones with their reason (program page). */
export async function recentReferrals(db: Database, shop: string, take = 20): Promise<ReferralRow[]> {
  return (await db.loyaltyReferral.findMany({ where: { shop }, orderBy: { createdAt: "desc" }, take })).map(toRow);
}

/**
 * After any change to an order (order and refund webhooks): when a friend's order that rewarded
 * its advocate is cancelled or refunded in full, the advocate's points are taken back once (what
 * the balance holds, the rest recorded as shortfall) and the referral shows as reversed.
 */
/** The goods refunded (lines' subtotal, as the ledger's clawback counts them), 0 for unreadable lines. */
function refundedSubtotalCents(lines: string): number {
  const parsed = z.array(z.object({ subtotalCents: z.number() }).passthrough()).safeParse(JSON.parse(lines || "[]"));
  return parsed.success ? parsed.data.reduce((sum, line) => sum + line.subtotalCents, 0) : 0;
}

export async function syncReferralReversal(db: Database, shop: string, orderId: string): Promise<void> {
  const referral = await db.loyaltyReferral.findUnique({ where: { shop_orderId: { shop, orderId } } });
  if (referral?.status !== "rewarded") return;
  const order = await db.order.findUnique({ where: { shop_id: { shop, id: orderId } }, include: { refunds: { select: { lines: true } } } });
  if (!order) return;
  const reason = referralUndoneReason({
    cancelledAt: order.cancelledAt,
    financialStatus: order.financialStatus,
    subtotalCents: order.subtotalCents,
    refundedCents: order.refunds.reduce((sum, refund) => sum + refundedSubtotalCents(refund.lines), 0),
  });
  if (!reason) return;
  // Points first (idempotent by its key), then the status: a crash in between is finished by the next delivery.
  const taken = await takeBackAward(db, shop, referral.advocateId, referralSourceKey(orderId), referralReversalSourceKey(orderId), `Referral reversed: ${reason.toLowerCase()} (${order.name})`);
  await db.loyaltyReferral.updateMany({ where: { shop, orderId, status: "rewarded" }, data: { status: "reversed", reason } });
  if (taken) await evaluateCustomerTier(db, shop, referral.advocateId, "Referral reversed");
}
