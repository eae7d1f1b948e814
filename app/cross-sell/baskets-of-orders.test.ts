import { describe, expect, it } from "vitest";
import { basketProducts, countsAsBasket, isFullyRefunded, type OrderForBasket } from "./baskets-of-orders";

const order = (overrides: Partial<OrderForBasket> = {}): OrderForBasket => ({
  financialStatus: "paid",
  cancelledAt: null,
  lines: [
    { id: "l1", productId: "p2", quantity: 2 },
    { id: "l2", productId: "p1", quantity: 1 },
    { id: "l3", productId: "p2", quantity: 1 },
    { id: "l4", productId: null, quantity: 1 },
  ],
  refunds: [],
  ...overrides,
});

describe("which orders are co-purchase baskets", () => {
  it("counts paid and partially refunded orders", () => {
    expect(countsAsBasket(order())).toBe(true);
    expect(countsAsBasket(order({ financialStatus: "PARTIALLY_REFUNDED", refunds: [{ lines: JSON.stringify([{ lineId: "l1", quantity: 1 }]) }] }))).toBe(true);
  });

  it("does not count pending, voided, cancelled or fully refunded orders", () => {
    expect(countsAsBasket(order({ financialStatus: "pending" }))).toBe(false);
    expect(countsAsBasket(order({ financialStatus: "voided" }))).toBe(false);
    expect(countsAsBasket(order({ cancelledAt: new Date() }))).toBe(false);
    const everyUnit = JSON.stringify([
      { lineId: "l1", quantity: 2 },
      { lineId: "l2", quantity: 1 },
      { lineId: "l3", quantity: 1 },
      { lineId: "l4", quantity: 1 },
    ]);
    expect(isFullyRefunded(order({ refunds: [{ lines: everyUnit }] }))).toBe(true);
    expect(countsAsBasket(order({ refunds: [{ lines: everyUnit }] }))).toBe(false);
  });

  it("adds up refunds of the same line across several refunds", () => {
    const first = JSON.stringify([{ lineId: "l1", quantity: 1 }, { lineId: "l2", quantity: 1 }, { lineId: "l3", quantity: 1 }, { lineId: "l4", quantity: 1 }]);
    const second = JSON.stringify([{ lineId: "l1", quantity: 1 }]);
    expect(isFullyRefunded(order({ refunds: [{ lines: first }] }))).toBe(false);
    expect(isFullyRefunded(order({ refunds: [{ lines: first }, { lines: second }] }))).toBe(true);
  });

  it("puts each product in the basket once, sorted, without custom lines", () => {
    expect(basketProducts(order())).toEqual(["p1", "p2"]);
  });
});
