// Checkout: turns a cart into a paid order in the sandbox store, as a one-page Shopify checkout
// with a test payment would. Totals follow a simple, fixed shop policy so tests can predict them:
// free shipping from $50 (else $6.95), 7% tax on taxable goods. The shop's automatic app discounts
// (its discount functions) apply to the lines as in the cart; the order carries their allocations.
// One discount code may be entered (code-discounts.ts decides whether and how it applies).
import { shopDiscounts } from "../functions/discount-functions";
import type { SandboxContext } from "../sandbox-context";
import type { SandboxAddress, SandboxCustomer, SandboxLineItem, SandboxOrder } from "../store/types";
import { cartJson, type Cart } from "./cart";
import { applyDiscountCode, recordCodeUse, type CodeApplication } from "./code-discounts";

export const FREE_SHIPPING_FROM_CENTS = 5000;
export const SHIPPING_CENTS = 695;
export const TAX_RATE = 0.07;

export class CheckoutError extends Error {}

export interface CheckoutInput {
  email: string;
  firstName?: string;
  lastName?: string;
  /** Shipping address from the form; when absent the customer's default address is used. */
  address?: SandboxAddress | null;
  /** A discount code typed at checkout (or carried from /discount/CODE). */
  discountCode?: string | null;
}

export interface OrderTotals {
  subtotalCents: number;
  shippingCents: number;
  taxCents: number;
  totalCents: number;
}

/** Shipping and tax for a cart's lines after their discounts (gift cards are neither shipped nor taxed). */
export function orderTotals(lines: { priceCents: number; quantity: number; discountCents?: number; requiresShipping: boolean; taxable: boolean }[]): OrderTotals {
  const net = (l: (typeof lines)[number]) => l.priceCents * l.quantity - (l.discountCents ?? 0);
  const subtotalCents = lines.reduce((sum, l) => sum + net(l), 0);
  const needsShipping = lines.some((l) => l.requiresShipping);
  const shippingCents = !needsShipping || subtotalCents >= FREE_SHIPPING_FROM_CENTS ? 0 : SHIPPING_CENTS;
  const taxableCents = lines.filter((l) => l.taxable).reduce((sum, l) => sum + net(l), 0);
  const taxCents = Math.round(taxableCents * TAX_RATE);
  return { subtotalCents, shippingCents, taxCents, totalCents: subtotalCents + shippingCents + taxCents };
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** What the checkout would charge: the cart's lines with automatic discounts, then the code. */
export function checkoutQuote(context: SandboxContext, cart: Cart, input: { discountCode?: string | null; customerId: number | null; buyer: SandboxCustomer | null }, now = new Date()) {
  const { store } = context;
  // Automatic discounts see the logged-in buyer only (a typed email is not a login).
  const items = cartJson(cart, store, shopDiscounts(context, input.buyer)).items;
  const code = input.discountCode?.trim() || null;
  const application: CodeApplication | null = code
    ? applyDiscountCode(store, {
        code,
        customerId: input.customerId,
        nowMs: now.getTime(),
        lines: items.map((i) => ({ productId: i.product_id, variantId: i.variant_id, priceCents: i.price, quantity: i.quantity, automaticDiscountCents: i.line_level_total_discount })),
      })
    : null;
  const applied = application?.ok ? application : null;
  const lines = items.map((item, index) => {
    const automatic = applied?.replacesAutomatic ? 0 : item.line_level_total_discount;
    return { item, automaticCents: automatic, discountCents: automatic + (applied?.lineDiscountCents[index] ?? 0) };
  });
  const totals = orderTotals(lines.map((l) => ({ priceCents: l.item.price, quantity: l.item.quantity, discountCents: l.discountCents, requiresShipping: l.item.requires_shipping, taxable: l.item.taxable })));
  if (applied?.freeShipping) {
    totals.totalCents -= totals.shippingCents;
    totals.shippingCents = 0;
  }
  const discountCents = lines.reduce((sum, l) => sum + l.discountCents, 0);
  return { items, lines, totals, discountCents, code, application };
}

/** The buyer a code is checked against: the logged-in customer, else the store's customer with that email. */
export function checkoutCustomerId(context: SandboxContext, email: string, loggedIn: SandboxCustomer | null): number | null {
  if (loggedIn) return loggedIn.id;
  const wanted = email.trim().toLowerCase();
  return (wanted && context.store.state.customers.find((c) => c.email.toLowerCase() === wanted)?.id) || null;
}

/** The order's customer: the logged-in one, else the store's customer with that email, else a new one. */
function resolveCustomer(context: SandboxContext, input: CheckoutInput, loggedIn: SandboxCustomer | null, nowIso: string): SandboxCustomer {
  if (loggedIn) return loggedIn;
  const { store } = context;
  const email = input.email.toLowerCase();
  const existing = store.state.customers.find((c) => c.email.toLowerCase() === email);
  if (existing) return existing;
  // A new customer; events.orderPlaced sends customers/create for it, so none is sent here.
  const customer: SandboxCustomer = {
    id: store.nextId(),
    email: input.email,
    firstName: input.firstName?.trim() ?? "",
    lastName: input.lastName?.trim() ?? "",
    phone: null,
    createdAt: nowIso,
    updatedAt: nowIso,
    emailMarketingConsent: "NOT_SUBSCRIBED",
    tags: [],
    birthday: null,
    defaultAddress: input.address ?? null,
  };
  store.state.customers.push(customer);
  return customer;
}

/**
 * Places the order: checks stock, creates the customer if needed, takes the stock, records the
 * order, then announces it (orders/create, orders/paid webhooks) and empties the cart.
 */
export function placeOrder(context: SandboxContext, cart: Cart, input: CheckoutInput, loggedIn: SandboxCustomer | null, now = new Date()): SandboxOrder {
  const { store } = context;
  const email = (input.email || loggedIn?.email || "").trim();
  if (!EMAIL.test(email)) throw new CheckoutError("Enter a valid email address.");
  const quote = checkoutQuote(context, cart, { discountCode: input.discountCode, customerId: checkoutCustomerId(context, email, loggedIn), buyer: loggedIn }, now);
  const { items, totals } = quote;
  if (items.length === 0) throw new CheckoutError("Your cart is empty.");
  if (quote.application && !quote.application.ok) throw new CheckoutError(quote.application.message);
  const applied = quote.application?.ok ? quote.application : null;
  for (const item of items) {
    const found = store.variant(item.variant_id)!;
    if (found.variant.inventoryQuantity < item.quantity) {
      throw new CheckoutError(`Only ${Math.max(0, found.variant.inventoryQuantity)} of ${item.title} left; update your cart.`);
    }
  }

  const nowIso = now.toISOString();
  const customer = resolveCustomer(context, { ...input, email }, loggedIn, nowIso);
  const lineItems: SandboxLineItem[] = quote.lines.map(({ item, discountCents }) => ({
    id: store.nextId(),
    productId: item.product_id,
    variantId: item.variant_id,
    title: item.product_title,
    variantTitle: item.variant_title ?? "",
    sku: item.sku,
    vendor: item.vendor,
    quantity: item.quantity,
    priceCents: item.price,
    discountCents,
    properties: Object.entries(item.properties).map(([name, value]) => ({ name, value })),
  }));
  const order: SandboxOrder = {
    id: store.nextId(),
    name: store.nextOrderName(),
    customerId: customer.id,
    email,
    createdAt: nowIso,
    processedAt: nowIso,
    updatedAt: nowIso,
    currencyCode: store.state.shop.currencyCode,
    lineItems,
    discountCodes: applied ? [{ code: applied.code, amountCents: applied.amountCents }] : [],
    automaticDiscountTitles: applied?.replacesAutomatic ? [] : [...new Set(items.flatMap((item) => item.line_level_discount_allocations.map((a) => a.discount_application.description)))],
    ...totals,
    financialStatus: "PAID",
    fulfillmentStatus: "UNFULFILLED",
    fulfilledAt: null,
    cancelledAt: null,
    cancelReason: null,
    refunds: [],
    note: cart.note,
    noteAttributes: Object.entries(cart.attributes).map(([name, value]) => ({ name, value })),
    tags: [],
    sourceName: "web",
    shippingAddress: input.address ?? customer.defaultAddress ?? null,
  };

  for (const item of items) store.variant(item.variant_id)!.variant.inventoryQuantity -= item.quantity;
  if (applied) recordCodeUse(store, applied.discount, applied.code);
  store.state.orders.push(order);
  store.changed();
  context.events.orderPlaced(order);
  cart.lines = [];
  cart.note = null;
  cart.attributes = {};
  cart.discountCode = null;
  return order;
}
