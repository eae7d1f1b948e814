import { randomInt } from "node:crypto";
import { AdminApiError, adminMutation, adminQuery, type AdminGraphql, type MutationPayloads } from "./admin-api.server";
import { DISCOUNT_CODE_BASIC_CREATE_MUTATION, type DiscountCodeBasicCreateMutation } from "./graphql/DiscountCodeBasicCreate";
import { DISCOUNT_CODE_DEACTIVATE_MUTATION, type DiscountCodeDeactivateMutation } from "./graphql/DiscountCodeDeactivate";
import { DISCOUNT_CODE_FREE_SHIPPING_CREATE_MUTATION, type DiscountCodeFreeShippingCreateMutation } from "./graphql/DiscountCodeFreeShippingCreate";
import { DISCOUNT_CODE_USAGE_QUERY, type DiscountCodeUsageQuery } from "./graphql/DiscountCodeUsage";

/**
 * Single-use discount codes for one customer (loyalty rewards, next-order codes from flows). Each
 * code is its own discount because Shopify restricts buyers per discount, not per code
 * (discountRedeemCodeBulkAdd would let every listed customer use every code).
 */
export type CodeValue = { kind: "percentage"; percent: number } | { kind: "amount"; amountCents: number } | { kind: "free_shipping" };

export interface SingleUseCodeInput {
  /** Shown in the Shopify admin's discount list. */
  title: string;
  /** The code's readable start, e.g. "ENCORE-"; a random suffix is added. */
  prefix: string;
  /** Encore's (numeric) customer id; null = anyone holding the code. */
  customerId: string | null;
  value: CodeValue;
  /** "Free product": the value applies to this variant only (numeric id). */
  productVariantId?: string;
  minimumSubtotalCents?: number | null;
  endsAt?: Date | null;
  /** Defaults to now. */
  startsAt?: Date;
}

export type CreatedCode = { ok: true; code: string; discountId: string } | { ok: false; message: string };

// No 0/O or 1/I/L: shoppers type these codes from emails.
const CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
const SUFFIX_LENGTH = 8;

export function randomCode(prefix: string): string {
  let suffix = "";
  for (let i = 0; i < SUFFIX_LENGTH; i++) suffix += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return `${prefix.trim().toUpperCase()}${suffix}`;
}

function money(cents: number): string {
  return (cents / 100).toFixed(2);
}

/** The Admin API input for one attempt (exported for tests). */
export function discountInput(input: SingleUseCodeInput, code: string) {
  const common = {
    title: input.title,
    code,
    startsAt: (input.startsAt ?? new Date()).toISOString(),
    endsAt: input.endsAt ? input.endsAt.toISOString() : null,
    usageLimit: 1,
    appliesOncePerCustomer: true,
    context: input.customerId ? { customers: { add: [`gid://shopify/Customer/${input.customerId}`] } } : { all: "ALL" },
    minimumRequirement: input.minimumSubtotalCents ? { subtotal: { greaterThanOrEqualToSubtotal: money(input.minimumSubtotalCents) } } : null,
  };
  if (input.value.kind === "free_shipping") {
    return { kind: "free_shipping" as const, discount: { ...common, destination: { all: true }, combinesWith: { productDiscounts: true, orderDiscounts: true } } };
  }
  const value = input.value.kind === "percentage" ? { percentage: input.value.percent / 100 } : { discountAmount: { amount: money(input.value.amountCents), appliesOnEachItem: false } };
  const items = input.productVariantId ? { products: { productVariantsToAdd: [`gid://shopify/ProductVariant/${input.productVariantId}`] } } : { all: true };
  return { kind: "basic" as const, discount: { ...common, customerGets: { value, items }, combinesWith: { shippingDiscounts: true } } };
}

function takenCode(error: unknown): boolean {
  return error instanceof AdminApiError && Array.isArray(error.details) && error.details.some((e: { code?: string }) => e.code === "TAKEN");
}

/**
 * Creates the code in Shopify. Never throws for Shopify's answers: a failure comes back as a
 * message the caller can show (and undo what it did before, e.g. return spent points).
 */
export async function createSingleUseCode(admin: AdminGraphql, input: SingleUseCodeInput): Promise<CreatedCode> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const code = randomCode(input.prefix);
    const request = discountInput(input, code);
    try {
      const discountId =
        request.kind === "free_shipping"
          ? (
              await adminMutation<MutationPayloads<DiscountCodeFreeShippingCreateMutation>>(admin, "DiscountCodeFreeShippingCreate", DISCOUNT_CODE_FREE_SHIPPING_CREATE_MUTATION, { discount: request.discount }, "discountCodeFreeShippingCreate")
            ).discountCodeFreeShippingCreate?.codeDiscountNode?.id
          : (await adminMutation<MutationPayloads<DiscountCodeBasicCreateMutation>>(admin, "DiscountCodeBasicCreate", DISCOUNT_CODE_BASIC_CREATE_MUTATION, { discount: request.discount }, "discountCodeBasicCreate"))
              .discountCodeBasicCreate?.codeDiscountNode?.id;
      if (!discountId) return { ok: false, message: "Shopify did not return the new discount." };
      return { ok: true, code, discountId };
    } catch (error) {
      if (takenCode(error)) continue; // a random collision: draw another code
      console.error("[discount-codes] creating a code failed", { title: input.title, error: error instanceof Error ? error.message : error });
      return { ok: false, message: error instanceof AdminApiError ? error.message : "Shopify could not be reached." };
    }
  }
  return { ok: false, message: "Could not find an unused code; try again." };
}

/** How many orders used the code's discount; null when the discount no longer exists. */
export async function codeUsageCount(admin: AdminGraphql, discountId: string): Promise<number | null> {
  const data = await adminQuery<DiscountCodeUsageQuery>(admin, "DiscountCodeUsage", DISCOUNT_CODE_USAGE_QUERY, { id: discountId });
  const discount = data.codeDiscountNode?.codeDiscount;
  if (!discount) return null;
  return "asyncUsageCount" in discount ? (discount.asyncUsageCount ?? 0) : 0;
}

/** Ends the discount now, so the code stops working. False when Shopify refused. */
export async function deactivateCode(admin: AdminGraphql, discountId: string): Promise<boolean> {
  try {
    await adminMutation<MutationPayloads<DiscountCodeDeactivateMutation>>(admin, "DiscountCodeDeactivate", DISCOUNT_CODE_DEACTIVATE_MUTATION, { id: discountId }, "discountCodeDeactivate");
    return true;
  } catch (error) {
    console.error("[discount-codes] deactivating a code failed", { discountId, error: error instanceof Error ? error.message : error });
    return false;
  }
}
