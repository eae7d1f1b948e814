import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recomputeInsights, rescoreOrderCustomer, segmentCounts, segmentMembers, storedSnapshot } from "../../app/insights/scores.server";
import { openDatabase } from "../support/database-client";
import { createTestDatabase, type TestDatabase } from "../support/databases";

// Stored RFM on a real database: the full recompute writes one row per customer, boundaries and
// the dashboard snapshots; an arriving order re-scores only its customer; another shop's rows stay.
const SHOP = "scores-a.myshopify.com";
const OTHER = "scores-b.myshopify.com";
const NOW = new Date("2026-07-01T00:00:00Z");

let database: TestDatabase;
let db: ReturnType<typeof openDatabase>;

const order = (shop: string, id: string, customerId: string, day: string, totalCents: number) => ({
  shop,
  id,
  name: `#${id}`,
  customerId,
  currencyCode: "USD",
  subtotalCents: totalCents,
  totalCents,
  processedAt: new Date(`2026-${day}T12:00:00Z`),
  shopifyUpdatedAt: new Date(`2026-${day}T13:00:00Z`),
});

beforeAll(async () => {
  database = await createTestDatabase();
  db = openDatabase(database.url);
  // Five customers, distinct on every dimension: a 1..5 on all three (a Lost, e Champions).
  await db.order.createMany({
    data: [
      order(SHOP, "1", "a", "01-02", 1_000),
      order(SHOP, "2", "b", "03-01", 1_000),
      order(SHOP, "3", "b", "03-20", 1_000),
      order(SHOP, "4", "c", "04-01", 1_000),
      order(SHOP, "5", "c", "05-01", 1_000),
      order(SHOP, "6", "c", "05-12", 1_000),
      order(SHOP, "7", "d", "05-01", 2_000),
      order(SHOP, "8", "d", "05-20", 2_000),
      order(SHOP, "9", "d", "06-01", 2_000),
      order(SHOP, "10", "d", "06-10", 2_000),
      order(SHOP, "11", "e", "06-01", 3_000),
      order(SHOP, "12", "e", "06-10", 3_000),
      order(SHOP, "13", "e", "06-20", 3_000),
      order(SHOP, "14", "e", "06-25", 3_000),
      order(SHOP, "15", "e", "06-29", 3_000),
      order(OTHER, "1", "z", "06-29", 99_000),
    ],
  });
  await db.customer.createMany({
    data: [
      { shop: SHOP, id: "a", firstName: "Ada", lastName: "Lovelace", email: "ada@example.com" },
      { shop: SHOP, id: "e", firstName: "Edsger", lastName: "Dijkstra", email: "edsger@example.com" },
      { shop: OTHER, id: "e", firstName: "Other", lastName: "Shop", email: "edsger@example.com" },
    ],
  });
  await db.customerScore.create({
    data: { shop: OTHER, customerId: "z", r: 5, f: 5, m: 5, segment: "Champions", activity: "new", orderCount: 1, netCents: 99_000, firstOrderAt: NOW, lastOrderAt: NOW, computedAt: NOW },
  });
});

afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
});

describe("stored RFM", () => {
  it("the full recompute stores every customer's scores, the boundaries and the dashboard snapshots", async () => {
    expect(await recomputeInsights(db, SHOP, NOW)).toEqual({ customers: 5, orders: 15 });
    const rows = await db.customerScore.findMany({ where: { shop: SHOP }, orderBy: { customerId: "asc" } });
    expect(rows.map((r) => [r.customerId, r.r, r.f, r.m, r.segment, r.orderCount, r.netCents])).toEqual([
      ["a", 1, 1, 1, "Lost", 1, 1_000],
      ["b", 2, 2, 2, "Hibernating", 2, 2_000],
      ["c", 3, 3, 3, "Need attention", 3, 3_000],
      ["d", 4, 4, 4, "Loyal", 4, 8_000],
      ["e", 5, 5, 5, "Champions", 5, 15_000],
    ]);
    const counts = await segmentCounts(db, SHOP);
    expect(counts.customers).toBe(5);
    expect(counts.segments).toMatchObject({ Lost: 1, Hibernating: 1, "Need attention": 1, Loyal: 1, Champions: 1, "At risk": 0 });
    const snapshot = await storedSnapshot(db, SHOP, 30);
    // [Jun 1, Jul 1): d 2 orders, e 5 orders
    expect(snapshot?.snapshot.current).toMatchObject({ orders: 7, customers: 2 });
    // the other shop's row is untouched
    expect(await db.customerScore.count({ where: { shop: OTHER } })).toBe(1);
  });

  it("an arriving order re-scores only its customer, against the stored boundaries", async () => {
    await db.order.create({ data: order(SHOP, "16", "a", "06-30", 5_000) });
    const score = await rescoreOrderCustomer(db, SHOP, "16", NOW);
    // a: ordered today (R 5), 2 orders (F 2), $60 (reaches c's $30, not d's $80: M 3); FM (2 + 3 + 1) / 2 = 3
    expect(score).toMatchObject({ r: 5, f: 2, m: 3, segment: "Potential loyalists" });
    const row = await db.customerScore.findUniqueOrThrow({ where: { shop_customerId: { shop: SHOP, customerId: "a" } } });
    expect([row.segment, row.orderCount, row.netCents]).toEqual(["Potential loyalists", 2, 6_000]);
    expect((await db.customerScore.findUniqueOrThrow({ where: { shop_customerId: { shop: SHOP, customerId: "e" } } })).segment).toBe("Champions");
  });

  it("lists a segment's members with their names, searchable by name or email, one shop only", async () => {
    const champions = await segmentMembers(db, SHOP, "Champions", { search: "", page: 1 });
    expect(champions.members.map((m) => [m.customerId, m.firstName, m.email, m.orderCount])).toEqual([["e", "Edsger", "edsger@example.com", 5]]);
    expect((await segmentMembers(db, SHOP, "Champions", { search: "DIJK", page: 1 })).total).toBe(1);
    expect((await segmentMembers(db, SHOP, "Champions", { search: "edsger dijkstra", page: 1 })).total).toBe(1);
    expect((await segmentMembers(db, SHOP, "Champions", { search: "ada", page: 1 })).total).toBe(0);
    expect((await segmentMembers(db, SHOP, "Champions", { search: "%", page: 1 })).total).toBe(0);
    expect((await segmentMembers(db, OTHER, "Champions", { search: "", page: 1 })).members.map((m) => m.customerId)).toEqual(["z"]);
  });

  it("never writes a score back for a customer erased (customers/redact) while the recompute ran", async () => {
    // The tombstone customers/redact leaves; the orders still carry the old id, as if read before the erasure.
    await db.customer.create({ data: { shop: SHOP, id: "b", redactedAt: new Date() } });
    await recomputeInsights(db, SHOP, NOW);
    expect(await db.customerScore.findUnique({ where: { shop_customerId: { shop: SHOP, customerId: "b" } } })).toBeNull();
    expect(await db.customerScore.count({ where: { shop: SHOP } })).toBe(4);
  });
});
