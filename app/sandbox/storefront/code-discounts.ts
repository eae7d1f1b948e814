// Discount codes at the sandbox checkout: whether a code applies to this buyer and cart, and how
// much it takes off each line, as Shopify's checkout decides for basic and free-shipping codes.
// Kept deliberately small: one code per checkout; percentage, fixed amount (spread across the
// eligible lines) and free shipping; customer restriction, usage limits, dates and minimums.
import { discountStatus, findCodeDiscount } from "../admin-api/discounts";
import type { SandboxStore } from "../store/store";
import type { SandboxDiscount } from "../store/types";

export interface CodeLine {
  productId: number;
  variantId: number;
  priceCents: number;
  quantity: number;
  /** Already taken off by automatic (function) discounts. */
  automaticDiscountCents: number;
}

export type CodeApplication =
  | {
      ok: true;
      discount: SandboxDiscount;
      /** The code as the discount stores it (the shopper's spelling may differ in case). */
      code: string;
      /** Per line, in the order given: what the code takes off. */
      lineDiscountCents: number[];
      amountCents: number;
      freeShipping: boolean;
      /** True when the code wins over automatic product discounts it cannot combine with. */
      replacesAutomatic: boolean;
    }
  | { ok: false; message: string };

export const INVALID_CODE = "Enter a valid discount code";

function eligible(store: SandboxStore, discount: SandboxDiscount, line: CodeLine): boolean {
  const target = discount.appliesTo;
  if (target.kind === "all") return true;
  if (target.kind === "products") return target.productIds.includes(line.productId) || target.variantIds.includes(line.variantId);
  return store.state.collections.some((c) => target.collectionIds.includes(c.id) && c.productIds.includes(line.productId));
}

/** Splits `amount` across `weights` in proportion, in whole cents; the remainder goes to the largest weights first. */
export function allocate(amount: number, weights: number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  if (total <= 0 || amount <= 0) return weights.map(() => 0);
  const shares = weights.map((w) => Math.floor((amount * w) / total));
  // Flooring loses less than one cent per weight, so the remainder is smaller than weights.length.
  const rest = amount - shares.reduce((a, b) => a + b, 0);
  const largestFirst = weights.map((w, i) => ({ w, i })).sort((a, b) => b.w - a.w || a.i - b.i);
  for (let k = 0; k < rest; k++) shares[largestFirst[k].i]++;
  return shares;
}

/**
 * Checks a code for this buyer and cart and works out its effect. `customerId` is the buyer as
 * the checkout knows them (logged in, or matched by email); null for a new guest.
 */
export function applyDiscountCode(
  store: SandboxStore,
  input: { code: string; customerId: number | null; lines: CodeLine[]; nowMs: number },
): CodeApplication {
  const found = findCodeDiscount(store, input.code);
  if (!found) return { ok: false, message: INVALID_CODE };
  const { discount } = found;
  if (discountStatus(discount, input.nowMs) !== "ACTIVE") return { ok: false, message: INVALID_CODE };
  if (discount.customerIds !== null && (input.customerId === null || !discount.customerIds.includes(input.customerId))) {
    // Shopify does not reveal that the code exists for someone else.
    return { ok: false, message: INVALID_CODE };
  }
  const used = discount.codes.reduce((sum, c) => sum + c.usageCount, 0);
  if (discount.usageLimit !== null && used >= discount.usageLimit) return { ok: false, message: "This discount code has already been used" };
  if (discount.appliesOncePerCustomer && input.customerId !== null) {
    const codes = new Set(discount.codes.map((c) => c.code.toLowerCase()));
    const usedBefore = store.state.orders.some((o) => o.customerId === input.customerId && o.cancelledAt === null && o.discountCodes.some((d) => codes.has(d.code.toLowerCase())));
    if (usedBefore) return { ok: false, message: "This discount code has already been used" };
  }

  const net = input.lines.map((l) => l.priceCents * l.quantity - l.automaticDiscountCents);
  const subtotal = net.reduce((a, b) => a + b, 0);
  if (discount.minimumSubtotalCents !== null && subtotal < discount.minimumSubtotalCents) {
    const missing = ((discount.minimumSubtotalCents - subtotal) / 100).toFixed(2);
    return { ok: false, message: `Add ${missing} more to your cart to use this discount code` };
  }
  const quantity = input.lines.reduce((a, l) => a + l.quantity, 0);
  if (discount.minimumQuantity !== null && quantity < discount.minimumQuantity) {
    return { ok: false, message: `Add ${discount.minimumQuantity - quantity} more items to your cart to use this discount code` };
  }

  const value = discount.value;
  if (value.type === "free_shipping") {
    return { ok: true, discount, code: found.code, lineDiscountCents: input.lines.map(() => 0), amountCents: 0, freeShipping: true, replacesAutomatic: false };
  }

  // A code that cannot combine with product discounts competes with the automatic ones: the
  // larger saving wins (Shopify's rule for non-combinable discounts).
  const automatic = input.lines.reduce((a, l) => a + l.automaticDiscountCents, 0);
  const replacesAutomatic = automatic > 0 && !discount.combinesWith.productDiscounts;
  const base = input.lines.map((l, i) => (eligible(store, discount, l) ? (replacesAutomatic ? l.priceCents * l.quantity : net[i]) : 0));
  if (base.every((b) => b === 0)) return { ok: false, message: "This discount code isn't valid for the items in your cart" };

  let lineDiscountCents: number[];
  if (value.type === "percentage") {
    lineDiscountCents = base.map((b) => Math.round(b * value.percentage));
  } else if (value.appliesOnEachItem) {
    lineDiscountCents = base.map((b, i) => (b === 0 ? 0 : Math.min(b, value.amountCents * input.lines[i].quantity)));
  } else {
    lineDiscountCents = allocate(Math.min(value.amountCents, base.reduce((a, b) => a + b, 0)), base);
  }
  const amountCents = lineDiscountCents.reduce((a, b) => a + b, 0);
  if (replacesAutomatic && amountCents <= automatic) {
    return { ok: false, message: `${found.code} discount code couldn't be used with your existing discounts` };
  }
  return { ok: true, discount, code: found.code, lineDiscountCents, amountCents, freeShipping: false, replacesAutomatic };
}

/** The order used the code: counts toward its usage limit. */
export function recordCodeUse(store: SandboxStore, discount: SandboxDiscount, code: string): void {
  const entry = discount.codes.find((c) => c.code === code);
  if (entry) entry.usageCount++;
  store.changed();
}
