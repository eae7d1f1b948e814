// The sandbox dev store's data model: the subset of a Shopify shop that Encore reads and writes.
// Shopify's side only; Encore's own code never imports this (it sees the shop through the Admin
// API, webhooks and app-proxy requests, exactly as in production).
// Money is integer minor units (cents) in the shop currency; times are ISO-8601 UTC strings.

export interface SandboxShop {
  domain: string; // "encore-demo.myshopify.com"
  name: string;
  email: string;
  currencyCode: string; // "USD"
  ianaTimezone: string; // "America/New_York"
  planName: string; // "Basic", "Shopify", "Advanced", "Shopify Plus"
  createdAt: string;
}

export interface SandboxImage {
  id: number;
  url: string; // served by the sandbox itself (no CDN here)
  altText: string;
  width: number;
  height: number;
}

export interface SandboxVariant {
  id: number;
  productId: number;
  title: string; // "Default Title" or "Red / M"
  sku: string;
  priceCents: number;
  compareAtPriceCents: number | null;
  inventoryQuantity: number;
  selectedOptions: { name: string; value: string }[];
  position: number;
}

export type SandboxProductStatus = "ACTIVE" | "DRAFT" | "ARCHIVED";

export interface SandboxProduct {
  id: number;
  handle: string;
  title: string;
  descriptionHtml: string;
  vendor: string;
  productType: string;
  tags: string[];
  status: SandboxProductStatus;
  isGiftCard: boolean;
  createdAt: string;
  updatedAt: string;
  images: SandboxImage[];
  options: { name: string; values: string[] }[];
  variants: SandboxVariant[];
}

export interface SandboxCollection {
  id: number;
  handle: string;
  title: string;
  descriptionHtml: string;
  productIds: number[]; // in collection order
  updatedAt: string;
}

export interface SandboxAddress {
  address1: string;
  city: string;
  province: string;
  provinceCode: string;
  zip: string;
  country: string;
  countryCode: string;
}

export interface SandboxCustomer {
  id: number;
  email: string;
  firstName: string;
  lastName: string;
  phone: string | null;
  createdAt: string;
  updatedAt: string;
  emailMarketingConsent: "SUBSCRIBED" | "NOT_SUBSCRIBED" | "UNSUBSCRIBED";
  tags: string[];
  birthday: string | null; // "YYYY-MM-DD" when known (customer metafield in a real shop)
  defaultAddress: SandboxAddress | null;
  /** Metafields written through metafieldsSet (absent in stores saved before they existed). */
  metafields?: SandboxMetafield[];
}

export interface SandboxLineItem {
  id: number;
  productId: number;
  variantId: number;
  title: string; // product title at order time
  variantTitle: string;
  sku: string;
  vendor: string;
  quantity: number;
  priceCents: number; // unit price before discounts
  discountCents: number; // total discount allocated to this line
  properties: { name: string; value: string }[]; // line-item properties, e.g. _encore_source
}

export interface SandboxRefundLineItem {
  lineItemId: number;
  quantity: number;
  subtotalCents: number; // refunded amount for these units, after line discounts
}

export interface SandboxRefund {
  id: number;
  createdAt: string;
  note: string;
  refundLineItems: SandboxRefundLineItem[];
  shippingRefundCents: number;
}

export type SandboxFinancialStatus =
  | "PENDING"
  | "PAID"
  | "PARTIALLY_REFUNDED"
  | "REFUNDED"
  | "VOIDED";

export interface SandboxOrder {
  id: number;
  name: string; // "#1001"
  customerId: number | null;
  email: string;
  createdAt: string;
  processedAt: string;
  updatedAt: string;
  currencyCode: string;
  lineItems: SandboxLineItem[];
  discountCodes: { code: string; amountCents: number }[];
  /** Titles of the automatic discounts that applied at checkout (absent on older orders). */
  automaticDiscountTitles?: string[];
  subtotalCents: number; // sum(price*qty) - line discounts
  shippingCents: number;
  taxCents: number;
  totalCents: number; // subtotal + shipping + tax
  financialStatus: SandboxFinancialStatus;
  fulfillmentStatus: "UNFULFILLED" | "FULFILLED";
  fulfilledAt: string | null;
  cancelledAt: string | null;
  cancelReason: "CUSTOMER" | "FRAUD" | "INVENTORY" | "DECLINED" | "OTHER" | null;
  refunds: SandboxRefund[];
  note: string | null;
  /** Cart attributes copied to the order at checkout (Shopify's note_attributes); absent in older stores. */
  noteAttributes?: { name: string; value: string }[];
  tags: string[];
  sourceName: string; // "web"
  shippingAddress: SandboxAddress | null;
}

/** A basic code discount created through the Admin API (`discountCodeBasicCreate`). */
export interface SandboxDiscount {
  id: number; // DiscountCodeNode id
  title: string;
  codes: { id: number; code: string; usageCount: number }[]; // DiscountRedeemCode ids
  startsAt: string;
  endsAt: string | null;
  usageLimit: number | null; // total uses across all customers
  appliesOncePerCustomer: boolean;
  value: { type: "percentage"; percentage: number } | { type: "fixed_amount"; amountCents: number; appliesOnEachItem: boolean } | { type: "free_shipping" }; // free_shipping: discountCodeFreeShippingCreate
  appliesTo: { kind: "all" } | { kind: "products"; productIds: number[]; variantIds: number[] } | { kind: "collections"; collectionIds: number[] };
  customerIds: number[] | null; // null = every buyer
  minimumSubtotalCents: number | null;
  minimumQuantity: number | null;
  combinesWith: { orderDiscounts: boolean; productDiscounts: boolean; shippingDiscounts: boolean };
  tags: string[];
  createdAt: string;
  updatedAt: string;
}

/** A metafield on a sandbox resource; the namespace is stored resolved ("$app:x" -> "app--<id>--x"). */
export interface SandboxMetafield {
  id: number;
  namespace: string;
  key: string;
  type: string;
  value: string;
  createdAt: string;
  updatedAt: string;
}

/** An automatic app discount bound to one of the app's functions (`discountAutomaticAppCreate`). */
export interface SandboxAppDiscount {
  id: number; // DiscountAutomaticNode id
  title: string;
  functionHandle: string;
  discountClasses: ("PRODUCT" | "ORDER" | "SHIPPING")[];
  startsAt: string;
  endsAt: string | null;
  combinesWith: { orderDiscounts: boolean; productDiscounts: boolean; shippingDiscounts: boolean };
  metafields: SandboxMetafield[];
  createdAt: string;
  updatedAt: string;
}

/** Everything the sandbox store holds. Serialized as JSON to persist between runs. */
export interface SandboxState {
  version: 1;
  shop: SandboxShop;
  products: SandboxProduct[];
  collections: SandboxCollection[];
  customers: SandboxCustomer[];
  orders: SandboxOrder[];
  /** Code discounts created by the app through the Admin API (absent in stores saved before they existed). */
  discounts?: SandboxDiscount[];
  /** Automatic app (function) discounts (absent in stores saved before they existed). */
  appDiscounts?: SandboxAppDiscount[];
  /** Next numeric id to hand out for any new object (ids are unique across kinds, like Shopify's). */
  nextId: number;
  /** Next order number ("#1001" -> 1001). */
  nextOrderNumber: number;
}

export type SandboxResource = "Product" | "ProductVariant" | "Collection" | "Customer" | "Order" | "LineItem" | "Refund" | "MediaImage" | "Shop";

export function toGid(resource: SandboxResource, id: number): string {
  return `gid://shopify/${resource}/${id}`;
}

/** Parses "gid://shopify/Product/123" into 123; returns null for anything else or another resource. */
export function fromGid(gid: string, resource: SandboxResource): number | null {
  const match = /^gid:\/\/shopify\/([A-Za-z]+)\/(\d+)$/.exec(gid);
  if (!match || match[1] !== resource) return null;
  return Number(match[2]);
}
