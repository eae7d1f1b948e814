import { z } from "zod";
import { toMinorUnits } from "../money/money";

/**
 * Shopify webhook payloads (REST-shaped JSON) mapped to the shapes Encore's domain code uses.
 * The only place that knows Shopify's field names; parsing is strict about what Encore relies on
 * and ignores the rest, so a new field in a later API version breaks nothing.
 */
const id = z.union([z.number(), z.string()]).transform(String);
const nullableId = id.nullable().optional().transform((value) => value ?? null);
const decimal = z.union([z.string(), z.number()]).transform(String);
const timestamp = z.string().datetime({ offset: true }).transform((value) => new Date(value));

const lineItemSchema = z.object({
  id,
  product_id: nullableId,
  variant_id: nullableId,
  title: z.string(),
  quantity: z.number().int(),
  price: decimal,
  total_discount: decimal.optional(),
  discount_allocations: z.array(z.object({ amount: decimal })).optional(),
  properties: z.array(z.object({ name: z.string(), value: z.unknown() })).nullable().optional(),
});

const refundSchema = z.object({
  id,
  order_id: id,
  created_at: timestamp,
  refund_line_items: z
    .array(z.object({ line_item_id: id, quantity: z.number().int(), subtotal: decimal.optional() }))
    .default([]),
  transactions: z.array(z.object({ amount: decimal, kind: z.string(), status: z.string().optional() })).default([]),
});

const customerSchema = z.object({
  id,
  email: z.string().nullable().optional(),
  first_name: z.string().nullable().optional(),
  last_name: z.string().nullable().optional(),
  phone: z.string().nullable().optional(),
  tags: z.string().nullable().optional(),
  created_at: timestamp.nullable().optional(),
  updated_at: timestamp.nullable().optional(),
  email_marketing_consent: z.object({ state: z.string().nullable().optional() }).nullable().optional(),
});

const orderSchema = z.object({
  id,
  name: z.string(),
  email: z.string().nullable().optional(),
  currency: z.string().length(3),
  subtotal_price: decimal,
  total_price: decimal,
  financial_status: z.string().nullable().optional(),
  processed_at: timestamp.nullable().optional(),
  created_at: timestamp,
  updated_at: timestamp,
  cancelled_at: timestamp.nullable().optional(),
  customer: customerSchema.partial({ email: true }).nullable().optional(),
  line_items: z.array(lineItemSchema),
  refunds: z.array(refundSchema).optional(),
  note_attributes: z.array(z.object({ name: z.string(), value: z.unknown() })).nullable().optional(),
});

const productSchema = z.object({
  id,
  handle: z.string(),
  title: z.string(),
  vendor: z.string().nullable().optional(),
  product_type: z.string().nullable().optional(),
  tags: z.string().nullable().optional(),
  status: z.string(),
  updated_at: timestamp,
  variants: z.array(z.object({ id })).optional(),
});

export interface OrderRecord {
  id: string;
  name: string;
  email: string | null;
  customerId: string | null;
  currencyCode: string;
  subtotalCents: number;
  totalCents: number;
  financialStatus: string | null;
  processedAt: Date;
  cancelledAt: Date | null;
  updatedAt: Date;
  /** Cart attributes carried to the order (note_attributes / customAttributes). */
  attributes: Record<string, string>;
  lines: {
    id: string;
    productId: string | null;
    variantId: string | null;
    title: string;
    quantity: number;
    unitPriceCents: number;
    discountCents: number;
    properties: Record<string, string>;
  }[];
  refunds: RefundRecord[];
}

export interface RefundRecord {
  id: string;
  orderId: string;
  createdAt: Date;
  amountCents: number;
  lines: { lineId: string; quantity: number; subtotalCents: number }[];
}

export interface CustomerRecord {
  id: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  phone: string | null;
  /** Absent since API 2025-01 (Shopify moved it to customers_email_marketing_consent/update): undefined = unknown. */
  emailMarketingState?: string | null;
  /** Absent since API 2025-01 (customer.tags_added / tags_removed): undefined = unknown. */
  tags?: string[];
  createdAt: Date | null;
  updatedAt: Date | null;
}

export interface ProductRecord {
  id: string;
  handle: string;
  title: string;
  vendor: string;
  productType: string;
  tags: string[];
  status: string;
  isGiftCard: boolean;
  updatedAt: Date;
}

const splitTags = (tags: string | null | undefined) =>
  (tags ?? "").split(",").map((tag) => tag.trim()).filter(Boolean);

function mapRefund(refund: z.infer<typeof refundSchema>, currencyCode: string): RefundRecord {
  const refunded = refund.transactions.filter((t) => t.kind === "refund" && (t.status ?? "success") === "success");
  return {
    id: refund.id,
    orderId: refund.order_id,
    createdAt: refund.created_at,
    amountCents: refunded.reduce((sum, t) => sum + toMinorUnits(t.amount, currencyCode), 0),
    lines: refund.refund_line_items.map((line) => ({
      lineId: line.line_item_id,
      quantity: line.quantity,
      subtotalCents: line.subtotal === undefined ? 0 : toMinorUnits(line.subtotal, currencyCode),
    })),
  };
}

export function parseOrderPayload(payload: unknown): OrderRecord {
  const order = orderSchema.parse(payload);
  const currency = order.currency;
  return {
    id: order.id,
    name: order.name,
    email: order.email ?? null,
    customerId: order.customer?.id ?? null,
    currencyCode: currency,
    subtotalCents: toMinorUnits(order.subtotal_price, currency),
    totalCents: toMinorUnits(order.total_price, currency),
    financialStatus: order.financial_status ?? null,
    processedAt: order.processed_at ?? order.created_at,
    cancelledAt: order.cancelled_at ?? null,
    updatedAt: order.updated_at,
    attributes: Object.fromEntries((order.note_attributes ?? []).map((a) => [a.name, String(a.value)])),
    lines: order.line_items.map((line) => {
      const allocated = line.discount_allocations?.reduce((sum, a) => sum + toMinorUnits(a.amount, currency), 0);
      return {
        id: line.id,
        productId: line.product_id,
        variantId: line.variant_id,
        title: line.title,
        quantity: line.quantity,
        unitPriceCents: toMinorUnits(line.price, currency),
        discountCents: allocated ?? (line.total_discount ? toMinorUnits(line.total_discount, currency) : 0),
        properties: Object.fromEntries((line.properties ?? []).map((p) => [p.name, String(p.value)])),
      };
    }),
    refunds: (order.refunds ?? []).map((refund) => mapRefund(refund, currency)),
  };
}

/** The customer embedded in an order payload, when the order has one. */
export function parseOrderCustomer(payload: unknown): CustomerRecord | null {
  const order = orderSchema.parse(payload);
  return order.customer ? mapCustomer(order.customer) : null;
}

/** refunds/create carries no currency; the order's currency is passed in. */
export function parseRefundPayload(payload: unknown, currencyCode: string): RefundRecord {
  return mapRefund(refundSchema.parse(payload), currencyCode);
}

export function parseRefundOrderId(payload: unknown): string {
  return refundSchema.pick({ order_id: true }).parse(payload).order_id;
}

function mapCustomer(customer: Partial<z.infer<typeof customerSchema>> & { id: string }): CustomerRecord {
  return {
    id: customer.id,
    email: customer.email ?? null,
    firstName: customer.first_name ?? null,
    lastName: customer.last_name ?? null,
    phone: customer.phone ?? null,
    emailMarketingState: customer.email_marketing_consent === undefined ? undefined : (customer.email_marketing_consent?.state ?? null),
    tags: customer.tags === undefined || customer.tags === null ? undefined : splitTags(customer.tags),
    createdAt: customer.created_at ?? null,
    updatedAt: customer.updated_at ?? null,
  };
}

export function parseCustomerPayload(payload: unknown): CustomerRecord {
  return mapCustomer(customerSchema.parse(payload));
}

export function parseProductPayload(payload: unknown): ProductRecord {
  const product = productSchema.parse(payload);
  return {
    id: product.id,
    handle: product.handle,
    title: product.title,
    vendor: product.vendor ?? "",
    productType: product.product_type ?? "",
    tags: splitTags(product.tags),
    status: product.status.toUpperCase(),
    isGiftCard: (product.product_type ?? "").toLowerCase() === "gift card",
    updatedAt: product.updated_at,
  };
}

export function parseDeletedId(payload: unknown): string {
  return z.object({ id }).parse(payload).id;
}

/** customers/redact and customers/data_request name the customer (and, for redact, their orders). */
export function parseCustomerPrivacyPayload(payload: unknown): { customerId: string; email: string | null; phone: string | null; orderIds: string[] } {
  const parsed = z
    .object({
      customer: z.object({ id, email: z.string().nullish(), phone: z.string().nullish() }),
      orders_to_redact: z.array(id).optional(),
      orders_requested: z.array(id).optional(),
    })
    .parse(payload);
  return {
    customerId: parsed.customer.id,
    email: parsed.customer.email ?? null,
    phone: parsed.customer.phone ?? null,
    orderIds: parsed.orders_to_redact ?? parsed.orders_requested ?? [],
  };
}

export function parseScopesUpdatePayload(payload: unknown): string[] {
  return z.object({ current: z.array(z.string()) }).parse(payload).current;
}
