import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadMetricsOrders, shopMetrics, shopRfm } from "../../app/insights/metrics.server";
import { openDatabase } from "../support/database-client";
import { createTestDatabase, type TestDatabase } from "../support/databases";

// The insights loaders on a real database: refunds are subtracted, cancelled orders flagged, and
// another shop's orders never appear.
const SHOP = "insights-a.myshopify.com";
const OTHER = "insights-b.myshopify.com";

let database: TestDatabase;
let db: ReturnType<typeof openDatabase>;

const order = (shop: string, id: string, customerId: string | null, day: string, totalCents: number, cancelled = false) => ({
  shop,
  id,
  name: `#${id}`,
  customerId,
  currencyCode: "USD",
  subtotalCents: totalCents,
  totalCents,
  processedAt: new Date(`2026-${day}T12:00:00Z`),
  cancelledAt: cancelled ? new Date(`2026-${day}T13:00:00Z`) : null,
  shopifyUpdatedAt: new Date(`2026-${day}T13:00:00Z`),
});

beforeAll(async () => {
  database = await createTestDatabase();
  db = openDatabase(database.url);
  await db.order.createMany({
    data: [
      order(SHOP, "1", "A", "05-10", 5_000),
      order(SHOP, "2", "A", "06-10", 8_000),
      order(SHOP, "3", "B", "06-12", 2_000),
      order(SHOP, "4", "B", "06-20", 9_000, true),
      order(OTHER, "1", "A", "06-11", 100_000),
      order(OTHER, "9", "Z", "06-11", 100_000),
    ],
  });
  await db.orderRefund.create({ data: { shop: SHOP, id: "r1", orderId: "2", createdAt: new Date("2026-06-15T00:00:00Z"), amountCents: 1_000, lines: "[]" } });
});

afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
});

describe("insights loaders", () => {
  it("read one shop's orders, net of refunds, with cancelled orders flagged", async () => {
    const orders = await loadMetricsOrders(db, SHOP, new Date("2026-07-01T00:00:00Z"));
    expect(orders.map((o) => [o.customerId, o.netCents, o.cancelled]).sort()).toEqual([
      ["A", 5_000, false],
      ["A", 7_000, false],
      ["B", 2_000, false],
      ["B", 9_000, true],
    ]);
  });

  it("compute the shop's metrics without the other shop's orders", async () => {
    const report = await shopMetrics(db, SHOP, { from: new Date("2026-06-01T00:00:00Z"), to: new Date("2026-07-01T00:00:00Z") });
    // June: A $70 (80 - 10 refunded), B $20 (the cancelled $90 is left out): 2 orders, $90
    expect(report.current).toMatchObject({ orders: 2, customers: 2, revenueCents: 9_000, averageOrderValueCents: 4_500, newCustomers: 1 });
    expect(report.cohorts.map((c) => [c.cohort, c.customers])).toEqual([
      ["2026-05", 1],
      ["2026-06", 1],
    ]);
    const rfm = await shopRfm(db, SHOP, new Date("2026-07-01T00:00:00Z"));
    expect(rfm.map((s) => s.customerId).sort()).toEqual(["A", "B"]);
  });
});
