// The no-order-for-N-days scan on the test database with an explicit clock: lapsed customers enter
// once per lapse, a new order then a new lapse enrols them again, and an order in between exits.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../app/db.server";
import { enrollLapsedCustomers, setFlowEnabled } from "../../app/flows/flows.server";
import { openDatabase } from "../support/database-client";
import { createTestDatabase, type TestDatabase } from "../support/databases";

const shop = "flows-lapse.myshopify.com";
const DAY = 86_400_000;
let database: TestDatabase;
let db: Database;

beforeAll(async () => {
  database = await createTestDatabase();
  db = openDatabase(database.url) as unknown as Database;
}, 60_000);
afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
});

async function placeOrder(customerId: string, orderId: string, processedAt: Date) {
  await db.customer.upsert({ where: { shop_id: { shop, id: customerId } }, create: { shop, id: customerId, email: `c${customerId}@example.com` }, update: {} });
  await db.order.create({
    data: { shop, id: orderId, name: `#${orderId}`, customerId, currencyCode: "USD", subtotalCents: 1000, totalCents: 1000, financialStatus: "paid", processedAt, shopifyUpdatedAt: processedAt },
  });
}

describe("enrollLapsedCustomers", () => {
  const switchedOn = new Date("2026-06-01T00:00:00Z");

  it("enrols customers lapsed at switch-on (due then) and later lapses (due at the lapse), once each", async () => {
    await placeOrder("1", "101", new Date(switchedOn.getTime() - 300 * DAY)); // long lapsed
    await placeOrder("1", "100", new Date(switchedOn.getTime() - 400 * DAY));
    await placeOrder("2", "201", new Date(switchedOn.getTime() - 10 * DAY)); // lapses 110 days after switch-on
    const flow = (await setFlowEnabled(db, shop, "win-back-lapsed-vip", true, switchedOn))!;

    expect(await enrollLapsedCustomers(db, shop, switchedOn)).toBe(1);
    expect(await enrollLapsedCustomers(db, shop, new Date(switchedOn.getTime() + DAY))).toBe(0);
    const first = await db.flowRun.findFirstOrThrow({ where: { shop, customerId: "1" } });
    expect(first).toMatchObject({ flowId: flow.id, orderId: "101", triggerKey: "lapse:101", nextRunAt: switchedOn });

    // Customer 2 lapses on day 110 after switch-on: the next daily scan finds them, due at the lapse.
    expect(await enrollLapsedCustomers(db, shop, new Date(switchedOn.getTime() + 109 * DAY))).toBe(0);
    expect(await enrollLapsedCustomers(db, shop, new Date(switchedOn.getTime() + 110.5 * DAY))).toBe(1);
    const second = await db.flowRun.findFirstOrThrow({ where: { shop, customerId: "2" } });
    expect(second).toMatchObject({ triggerKey: "lapse:201", nextRunAt: new Date(switchedOn.getTime() + 110 * DAY) });
  });

  it("enrols again after a new order lapses in turn, and not before", async () => {
    await placeOrder("1", "102", new Date(switchedOn.getTime() + 5 * DAY));
    expect(await enrollLapsedCustomers(db, shop, new Date(switchedOn.getTime() + 124 * DAY))).toBe(0);
    expect(await enrollLapsedCustomers(db, shop, new Date(switchedOn.getTime() + 126 * DAY))).toBe(1);
    expect((await db.flowRun.findMany({ where: { shop, customerId: "1" }, orderBy: { createdAt: "asc" } })).map((run) => run.triggerKey)).toEqual(["lapse:101", "lapse:102"]);
  });

  it("does nothing for a flow that is off", async () => {
    await setFlowEnabled(db, shop, "win-back-lapsed-vip", false, switchedOn);
    await placeOrder("3", "301", new Date(switchedOn.getTime() - 200 * DAY));
    expect(await enrollLapsedCustomers(db, shop, new Date(switchedOn.getTime() + 200 * DAY))).toBe(0);
  });
});
