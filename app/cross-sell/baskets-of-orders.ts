/**
 * Which orders count as co-purchase baskets, and what is in them. Pure: the rule the
 * incremental path (each webhook) and the full rebuild share, so both give the same statistics.
 */
export interface OrderForBasket {
  financialStatus: string | null;
  cancelledAt: Date | null;
  lines: { id: string; productId: string | null; quantity: number }[];
  refunds: { lines: string }[];
}

const PAID_STATUSES = new Set(["paid", "partially_refunded"]);

/** A paid order that is not cancelled or fully refunded counts; a pending or voided one does not. */
export function countsAsBasket(order: OrderForBasket): boolean {
  if (order.cancelledAt) return false;
  if (!PAID_STATUSES.has((order.financialStatus ?? "").toLowerCase())) return false;
  return !isFullyRefunded(order);
}

/** Every unit of every line refunded (Shopify may report the status later than the refund). */
export function isFullyRefunded(order: OrderForBasket): boolean {
  if (order.lines.length === 0) return false;
  const refunded = new Map<string, number>();
  for (const refund of order.refunds) {
    for (const line of JSON.parse(refund.lines) as { lineId: string; quantity: number }[]) {
      refunded.set(line.lineId, (refunded.get(line.lineId) ?? 0) + line.quantity);
    }
  }
  return order.lines.every((line) => (refunded.get(line.id) ?? 0) >= line.quantity);
}

/** The distinct products of an order, sorted (custom lines without a product are left out). */
export function basketProducts(order: Pick<OrderForBasket, "lines">): string[] {
  const ids = new Set<string>();
  for (const line of order.lines) if (line.productId) ids.add(line.productId);
  return [...ids].sort();
}
