import { z } from "zod";
import { toMinorUnits } from "../money/money";
import type { OrderRecord, ProductRecord } from "./webhook-payloads";

/**
 * Objects of the history import's bulk operation files (JSONL, one object per line; a line item
 * names its order in __parentId) mapped to the records webhooks produce, so both paths store
 * orders and products the same way.
 */
const legacyId = (gid: string) => gid.slice(gid.lastIndexOf("/") + 1);
const gid = z.string().regex(/^gid:\/\/shopify\/\w+\/\d+$/);
const amount = z.object({ shopMoney: z.object({ amount: z.string() }) });
const date = z.string().datetime({ offset: true }).transform((value) => new Date(value));

const productSchema = z.object({
  id: gid,
  handle: z.string(),
  title: z.string(),
  vendor: z.string().nullable().optional(),
  productType: z.string().nullable().optional(),
  tags: z.array(z.string()).default([]),
  status: z.string(),
  isGiftCard: z.boolean().default(false),
  updatedAt: date,
});

const orderSchema = z.object({
  id: gid,
  name: z.string(),
  email: z.string().nullable().optional(),
  createdAt: date,
  processedAt: date.nullable().optional(),
  updatedAt: date,
  cancelledAt: date.nullable().optional(),
  displayFinancialStatus: z.string().nullable().optional(),
  currencyCode: z.string().length(3),
  customer: z.object({ id: gid }).nullable().optional(),
  subtotalPriceSet: amount.nullable().optional(),
  totalPriceSet: amount,
  customAttributes: z.array(z.object({ key: z.string(), value: z.string().nullable() })).default([]),
});

const lineItemSchema = z.object({
  id: gid,
  __parentId: gid,
  title: z.string(),
  quantity: z.number().int(),
  product: z.object({ id: gid }).nullable().optional(),
  variant: z.object({ id: gid }).nullable().optional(),
  originalUnitPriceSet: amount,
  totalDiscountSet: amount.nullable().optional(),
  customAttributes: z.array(z.object({ key: z.string(), value: z.string().nullable() })).default([]),
});

/** Which kind of object a JSONL line holds, from its global id. */
export function bulkObjectType(object: { id?: unknown }): string | null {
  return typeof object.id === "string" ? (/^gid:\/\/shopify\/(\w+)\//.exec(object.id)?.[1] ?? null) : null;
}

export function productFromBulk(object: unknown): ProductRecord {
  const product = productSchema.parse(object);
  return {
    id: legacyId(product.id),
    handle: product.handle,
    title: product.title,
    vendor: product.vendor ?? "",
    productType: product.productType ?? "",
    tags: product.tags,
    status: product.status.toUpperCase(),
    isGiftCard: product.isGiftCard,
    updatedAt: product.updatedAt,
  };
}

export function orderFromBulk(object: unknown, lineObjects: unknown[]): OrderRecord {
  const order = orderSchema.parse(object);
  const currency = order.currencyCode;
  return {
    id: legacyId(order.id),
    name: order.name,
    email: order.email ?? null,
    customerId: order.customer ? legacyId(order.customer.id) : null,
    currencyCode: currency,
    subtotalCents: toMinorUnits((order.subtotalPriceSet ?? order.totalPriceSet).shopMoney.amount, currency),
    totalCents: toMinorUnits(order.totalPriceSet.shopMoney.amount, currency),
    // Webhooks spell it "paid", the Admin API "PAID": stored the webhook way.
    financialStatus: order.displayFinancialStatus ? order.displayFinancialStatus.toLowerCase() : null,
    processedAt: order.processedAt ?? order.createdAt,
    cancelledAt: order.cancelledAt ?? null,
    updatedAt: order.updatedAt,
    attributes: Object.fromEntries(order.customAttributes.map((a) => [a.key, a.value ?? ""])),
    lines: lineObjects.map((lineObject) => {
      const line = lineItemSchema.parse(lineObject);
      return {
        id: legacyId(line.id),
        productId: line.product ? legacyId(line.product.id) : null,
        variantId: line.variant ? legacyId(line.variant.id) : null,
        title: line.title,
        quantity: line.quantity,
        unitPriceCents: toMinorUnits(line.originalUnitPriceSet.shopMoney.amount, currency),
        discountCents: line.totalDiscountSet ? toMinorUnits(line.totalDiscountSet.shopMoney.amount, currency) : 0,
        properties: Object.fromEntries(line.customAttributes.map((a) => [a.key, a.value ?? ""])),
      };
    }),
    refunds: [],
  };
}
