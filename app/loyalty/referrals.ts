import { createHash, createHmac, timingSafeEqual } from "node:crypto";

/**
 * Referrals (pure, ADR 018): the advocate's personal code, the cart attribute that carries it to
 * the friend's order, and the rules that decide whether a referred order rewards the advocate.
 */

/** The cart attribute (note_attribute on the order) the landing page writes. */
export const REFERRAL_ATTRIBUTE = "_encore_referral";

export const referralSourceKey = (orderId: string) => `referral:${orderId}`;
/** The advocate's award taken back when the friend's order is undone (once per order). */
export const referralReversalSourceKey = (orderId: string) => `referral:${orderId}:reversed`;

/**
 * Why a rewarding friend's order no longer counts, or null while it does: cancelled, or refunded
 * in full (by status, or by refunds covering its subtotal). A partial refund leaves the referral
 * standing: the friend still bought.
 */
export function referralUndoneReason(order: { cancelledAt: Date | null; financialStatus: string | null; subtotalCents: number; refundedCents: number }): string | null {
  if (order.cancelledAt) return "Friend's order cancelled";
  if (order.financialStatus === "refunded" || (order.subtotalCents > 0 && order.refundedCents >= order.subtotalCents)) return "Friend's order refunded";
  return null;
}

// Signed so nobody can forge a code for another customer or guess one: <customer id>-<signature>.
function signature(secret: string, shop: string, customerId: string): string {
  return createHmac("sha256", secret).update(`referral:${shop}:${customerId}`).digest("base64url").slice(0, 12);
}

export function referralCode(secret: string, shop: string, customerId: string): string {
  return `${customerId}-${signature(secret, shop, customerId)}`;
}

/** The advocate's customer id if the code is one of this shop's, else null. */
export function parseReferralCode(secret: string, shop: string, code: string | null | undefined): string | null {
  const match = /^(\d{1,20})-([\w-]{12})$/.exec(code ?? "");
  if (!match) return null;
  const expected = Buffer.from(signature(secret, shop, match[1]));
  const given = Buffer.from(match[2]);
  return expected.length === given.length && timingSafeEqual(expected, given) ? match[1] : null;
}

export interface ShippingAddress {
  address1?: string | null;
  address2?: string | null;
  city?: string | null;
  zip?: string | null;
  country_code?: string | null;
}

/** A normalised hash of a shipping address (case, spaces and punctuation ignored); null if empty. */
export function addressKey(address: ShippingAddress | null | undefined): string | null {
  if (!address) return null;
  const norm = (value: string | null | undefined) => (value ?? "").toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");
  const parts = [address.address1, address.address2, address.city, address.zip, address.country_code].map(norm);
  if (!parts[0] || (!parts[2] && !parts[3])) return null;
  return createHash("sha256").update(parts.join("|")).digest("hex").slice(0, 32);
}

export const REFUSAL_REASONS = {
  self_customer: "The friend is the advocate (same customer)",
  self_email: "The friend uses the advocate's email address",
  self_address: "The order ships to one of the advocate's addresses",
  not_first_order: "Not the friend's first order",
  already_referred: "This friend already earned a referral reward",
} as const;
export type RefusalReason = keyof typeof REFUSAL_REASONS;

export interface ReferralFacts {
  advocateId: string;
  advocateEmail: string | null;
  advocateAddressKeys: string[];
  friendCustomerId: string | null;
  friendEmail: string | null;
  friendAddressKey: string | null;
  /** Other orders of the friend (same customer or email) placed before this one, not cancelled. */
  earlierFriendOrders: number;
  /** A referral already rewarded for this friend (same customer or email). */
  friendAlreadyRewarded: boolean;
}

const sameEmail = (a: string | null, b: string | null) => !!a && !!b && a.trim().toLowerCase() === b.trim().toLowerCase();

/** The verdict on a referred order: the points due, or the reason it earns nothing. */
export function judgeReferral(facts: ReferralFacts, advocatePoints: number): { ok: true; points: number } | { ok: false; reason: RefusalReason } {
  if (facts.friendCustomerId !== null && facts.friendCustomerId === facts.advocateId) return { ok: false, reason: "self_customer" };
  if (sameEmail(facts.friendEmail, facts.advocateEmail)) return { ok: false, reason: "self_email" };
  if (facts.friendAddressKey && facts.advocateAddressKeys.includes(facts.friendAddressKey)) return { ok: false, reason: "self_address" };
  if (facts.earlierFriendOrders > 0) return { ok: false, reason: "not_first_order" };
  if (facts.friendAlreadyRewarded) return { ok: false, reason: "already_referred" };
  return { ok: true, points: advocatePoints };
}
