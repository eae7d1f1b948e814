import { z } from "zod";
import type { SingleUseCodeInput } from "../shopify/discount-codes.server";
import { rewardCodeValue, type Reward } from "./rewards";

/**
 * Redemption as pure functions: the code a reward asks Shopify for, whether an issued code may be
 * cancelled, and the messages a shopper sees. The flow itself is in redemption.server.ts
 * (decision 012: spend first, then make the code; give the points back if that fails).
 */

export type RedemptionStatus = "pending" | "issued" | "failed" | "cancelled" | "used";

const DAY_MS = 86_400_000;
export const CODE_PREFIX = "ENCORE-";

/** The single-use code a redemption of `reward` asks for: only this customer can use it. */
export function codeRequestFor(reward: Reward, customerId: string, now: Date): SingleUseCodeInput {
  return {
    title: `Loyalty reward: ${reward.name}`,
    prefix: CODE_PREFIX,
    customerId,
    value: rewardCodeValue(reward),
    ...(reward.kind === "free_product" && reward.productVariantId ? { productVariantId: reward.productVariantId } : {}),
    minimumSubtotalCents: reward.minimumSubtotalCents,
    endsAt: reward.codeValidDays ? new Date(now.getTime() + reward.codeValidDays * DAY_MS) : null,
  };
}

/** The storefront link that applies a code to the cart. */
export function discountPath(code: string): string {
  return `/discount/${encodeURIComponent(code)}`;
}

export type CancelDecision = { cancel: true } | { cancel: false; status: 409; error: string; message: string; markUsed?: boolean };

/**
 * Whether a redemption's code can be cancelled for its points: only an issued code nobody has
 * used (usage 0). `usage` null means the code is gone from Shopify (the merchant deleted it):
 * what happened to it is unknown, so no points come back automatically.
 */
export function cancelDecision(status: RedemptionStatus, usage?: number | null): CancelDecision {
  if (status === "cancelled") return { cancel: false, status: 409, error: "already-cancelled", message: "This code was already cancelled and its points returned." };
  if (status === "used") return { cancel: false, status: 409, error: "code-used", message: "This code has been used, so it cannot be cancelled." };
  if (status !== "issued") return { cancel: false, status: 409, error: "not-issued", message: "This redemption has no code to cancel." };
  if (usage === undefined) return { cancel: true };
  if (usage === null) return { cancel: false, status: 409, error: "code-gone", message: "This code no longer exists in the store. Please contact the store about your points." };
  if (usage > 0) return { cancel: false, status: 409, error: "code-used", message: "This code has been used, so it cannot be cancelled.", markUsed: true };
  return { cancel: true };
}

export const redemptionMessages = {
  programOff: "The loyalty program is not running in this store.",
  guest: "Log in to your account to use your points.",
  unknownReward: "That reward does not exist.",
  rewardDisabled: "That reward is no longer available.",
  notEnough: (available: number, cost: number) => `You have ${available} points; this reward needs ${cost}.`,
  inProgress: "This redemption is already being processed. Please wait a moment.",
  codeFailed: (points: number) => `We could not create your discount code, so your ${points} points are back in your balance. Please try again in a moment.`,
  unknownRedemption: "That redemption does not exist.",
  cancelFailed: "We could not cancel the code just now. Please try again in a moment.",
};

const orderCodesSchema = z.object({ discount_codes: z.array(z.object({ code: z.string() }).passthrough()).nullish() }).passthrough();

/** The discount codes an order webhook says were used (Shopify's `discount_codes`); none when absent or malformed. */
export function orderDiscountCodes(payload: unknown): string[] {
  const parsed = orderCodesSchema.safeParse(payload);
  return parsed.success ? [...new Set((parsed.data.discount_codes ?? []).map((d) => d.code).filter((code) => code !== ""))] : [];
}
