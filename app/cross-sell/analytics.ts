import { z } from "zod";

/**
 * Cross-sell analytics, the pure part: the storefront event batch (contract 3), the holdout
 * bucket (the same FNV-1a as extensions/encore-theme/assets/encore-track.js), the daily rollup of
 * a batch, an order's attribution and the incremental-revenue estimate. No database here.
 */

export const VISITOR_GROUPS = ["shown", "holdout"] as const;
export type VisitorGroup = (typeof VISITOR_GROUPS)[number];
export const EVENT_TYPES = ["impression", "click", "add_to_cart"] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** Bodies above this are refused before parsing (50 events fit in well under 16 KB). */
export const MAX_EVENT_BODY_BYTES = 16 * 1024;

const productId = z.string().regex(/^\d{1,20}$/, "product ids are numeric Shopify ids");
const eventSchema = z.object({
  type: z.enum(EVENT_TYPES, { errorMap: () => ({ message: "type must be impression, click or add_to_cart" }) }),
  block: z.enum(["fbt", "cart"], { errorMap: () => ({ message: "block must be fbt or cart" }) }),
  anchor: productId.optional(),
  product: productId.optional(),
  source: z
    .string()
    .regex(/^[a-z][a-z0-9-]*(:[A-Za-z0-9_-]{1,64})?$/, "source must be a recommendation source such as bought-together or rule:<id>")
    .max(80)
    .optional(),
});

export const eventBatchSchema = z.object({
  visitor: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, "visitor must be 8-64 characters of A-Z, a-z, 0-9, _ or -"),
  group: z.enum(VISITOR_GROUPS, { errorMap: () => ({ message: 'group must be "shown" or "holdout"' }) }),
  events: z.array(eventSchema).min(1, "events must hold 1 to 50 events").max(50, "events must hold 1 to 50 events"),
});
export type EventBatch = z.infer<typeof eventBatchSchema>;

/** Parses a raw body (JSON, possibly sent as text/plain by sendBeacon) into a batch or a message. */
export function parseEventBatch(body: string): { ok: true; batch: EventBatch } | { ok: false; error: string } {
  if (body.length > MAX_EVENT_BODY_BYTES) return { ok: false, error: `The body is larger than ${MAX_EVENT_BODY_BYTES} bytes.` };
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { ok: false, error: "The body is not valid JSON." };
  }
  const parsed = eventBatchSchema.safeParse(json);
  if (!parsed.success) {
    return { ok: false, error: parsed.error.issues.map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message)).join("; ") };
  }
  return { ok: true, batch: parsed.data };
}

/** FNV-1a 32-bit of a string's UTF-16 code units (visitor ids are ASCII, so bytes = code units). */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** Contract 3: a visitor is in the holdout when hash % 100 < holdoutPercent. */
export function visitorGroup(visitor: string, holdoutPercent: number): VisitorGroup {
  return fnv1a32(visitor) % 100 < holdoutPercent ? "holdout" : "shown";
}

/** YYYY-MM-DD of a time, in UTC (analytics days are UTC days). */
export const utcDay = (time: Date): string => time.toISOString().slice(0, 10);

export interface EventCounter {
  block: string;
  anchorId: string;
  productId: string;
  source: string;
  type: EventType;
  visitorGroup: VisitorGroup;
  count: number;
}

/** A batch as counters: one per distinct (block, anchor, product, source, type), "" for absent. */
export function rollUpBatch(batch: EventBatch): EventCounter[] {
  const counters = new Map<string, EventCounter>();
  for (const event of batch.events) {
    const counter: EventCounter = {
      block: event.block,
      anchorId: event.anchor ?? "",
      productId: event.product ?? "",
      source: event.source ?? "",
      type: event.type,
      visitorGroup: batch.group,
      count: 1,
    };
    const key = [counter.block, counter.anchorId, counter.productId, counter.source, counter.type].join("|");
    const seen = counters.get(key);
    if (seen) seen.count += 1;
    else counters.set(key, counter);
  }
  return [...counters.values()];
}

// ------------------------------------------------------------------ order attribution

export interface AttributableOrder {
  processedAt: Date;
  cancelledAt: Date | null;
  currencyCode: string;
  totalCents: number;
  attributes: Record<string, string>;
  lines: { id: string; productId: string | null; quantity: number; unitPriceCents: number; discountCents: number; properties: Record<string, string> }[];
  refunds: { amountCents: number; lines: { lineId: string; quantity: number; subtotalCents: number }[] }[];
}

export interface OrderAttribution {
  day: string;
  visitorGroup: VisitorGroup | null;
  currencyCode: string;
  orderNetCents: number;
  attributedCents: number;
  lines: { lineId: string; block: string; anchorId: string; productId: string; source: string; quantity: number; revenueCents: number }[];
}

/**
 * What an order contributes to cross-sell analytics, computed from the whole stored order (so a
 * redelivery or a late webhook gives the same answer): Encore lines (property _encore_source) at
 * their total after line discounts minus what was refunded of them, and the order's group (cart
 * attribute _encore_group). A cancelled order contributes nothing (null), nor does an order with
 * neither an Encore line nor a group.
 */
export function attributeOrder(order: AttributableOrder): OrderAttribution | null {
  if (order.cancelledAt) return null;
  const refundedByLine = new Map<string, { quantity: number; cents: number }>();
  for (const refund of order.refunds) {
    for (const line of refund.lines) {
      const seen = refundedByLine.get(line.lineId) ?? { quantity: 0, cents: 0 };
      refundedByLine.set(line.lineId, { quantity: seen.quantity + line.quantity, cents: seen.cents + line.subtotalCents });
    }
  }
  const lines: OrderAttribution["lines"] = [];
  for (const line of order.lines) {
    const block = line.properties._encore_source;
    if (!block) continue;
    const refunded = refundedByLine.get(line.id) ?? { quantity: 0, cents: 0 };
    lines.push({
      lineId: line.id,
      block,
      anchorId: line.properties._encore_anchor ?? "",
      productId: line.productId ?? "",
      source: line.properties._encore_reason ?? "",
      quantity: Math.max(0, line.quantity - refunded.quantity),
      revenueCents: Math.max(0, line.unitPriceCents * line.quantity - line.discountCents - refunded.cents),
    });
  }
  const group = order.attributes._encore_group;
  const visitorGroup = group === "shown" || group === "holdout" ? group : null;
  if (lines.length === 0 && visitorGroup === null) return null;
  const refundedTotal = order.refunds.reduce((sum, refund) => sum + refund.amountCents, 0);
  return {
    day: utcDay(order.processedAt),
    visitorGroup,
    currencyCode: order.currencyCode,
    orderNetCents: Math.max(0, order.totalCents - refundedTotal),
    attributedCents: lines.reduce((sum, line) => sum + line.revenueCents, 0),
    lines,
  };
}

// ------------------------------------------------------------------ holdout comparison

export interface GroupOutcome {
  visitors: number;
  orders: number;
  revenueCents: number;
}

export interface HoldoutComparison {
  shown: GroupOutcome & { revenuePerVisitorCents: number | null };
  holdout: GroupOutcome & { revenuePerVisitorCents: number | null };
  /** (revenue per shown visitor − revenue per holdout visitor) × shown visitors; null without both groups. */
  incrementalRevenueCents: number | null;
  /** Whether the holdout is large enough to draw a conclusion (see MIN_HOLDOUT_*). */
  conclusive: boolean;
}

/** Below these the difference between the groups is mostly noise: say so instead of a number to trust. */
export const MIN_HOLDOUT_VISITORS = 200;
export const MIN_HOLDOUT_ORDERS = 10;

export function compareHoldout(shown: GroupOutcome, holdout: GroupOutcome): HoldoutComparison {
  const perVisitor = (g: GroupOutcome) => (g.visitors > 0 ? g.revenueCents / g.visitors : null);
  const shownRate = perVisitor(shown);
  const holdoutRate = perVisitor(holdout);
  return {
    shown: { ...shown, revenuePerVisitorCents: shownRate === null ? null : Math.round(shownRate) },
    holdout: { ...holdout, revenuePerVisitorCents: holdoutRate === null ? null : Math.round(holdoutRate) },
    incrementalRevenueCents: shownRate === null || holdoutRate === null ? null : Math.round((shownRate - holdoutRate) * shown.visitors),
    conclusive: holdout.visitors >= MIN_HOLDOUT_VISITORS && holdout.orders >= MIN_HOLDOUT_ORDERS && shown.orders >= MIN_HOLDOUT_ORDERS,
  };
}

/** Click-through and add-to-cart rates per impression; null when nothing was shown. */
export function rates(counts: { impressions: number; clicks: number; addToCarts: number }) {
  return {
    ctr: counts.impressions > 0 ? counts.clicks / counts.impressions : null,
    addToCartRate: counts.impressions > 0 ? counts.addToCarts / counts.impressions : null,
  };
}

/** The UTC days of a period ending today: 7, 30 or 90 days, oldest first. */
export function periodDays(days: number, now: Date): string[] {
  const out: string[] = [];
  for (let i = days - 1; i >= 0; i--) out.push(utcDay(new Date(now.getTime() - i * 86_400_000)));
  return out;
}
