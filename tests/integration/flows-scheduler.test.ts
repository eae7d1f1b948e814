// The flow scheduler's persistence on the test database (SQLite, or PostgreSQL with
// TEST_DATABASE=postgres): enrolment is idempotent, and two schedulers on two database clients
// (two "processes") racing over the same due runs execute every step exactly once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../app/db.server";
import { attributeOrderToMessages, enrollOrderInFlows, setFlowEnabled } from "../../app/flows/flows.server";
import { claimDueRuns, runDueFlowSteps, type OutgoingEmail, type StepEffects } from "../../app/flows/scheduler.server";
import { openDatabase } from "../support/database-client";
import { createTestDatabase, type TestDatabase } from "../support/databases";

const shop = "flows-test.myshopify.com";
const CUSTOMERS = 120;
let database: TestDatabase;
let first: Database;
let second: Database;

beforeAll(async () => {
  database = await createTestDatabase();
  first = openDatabase(database.url) as unknown as Database;
  // SQLite is the one-process default (one client, as the app has); PostgreSQL gets a second client.
  second = database.url.startsWith("postgres") ? (openDatabase(database.url) as unknown as Database) : first;
}, 60_000);
afterAll(async () => {
  await first?.$disconnect();
  if (second !== first) await second?.$disconnect();
  await database?.drop();
});

function recordingEffects(sent: OutgoingEmail[]): StepEffects {
  return {
    appUrl: "https://app.example",
    secret: "s3cret",
    sendEmail: async (message) => {
      await new Promise((resolve) => setTimeout(resolve, 2)); // a send takes time: widens the race
      sent.push(message);
      return { messageId: `<${sent.length}@test>` };
    },
    createCode: async (request) => ({ ok: true, code: `${request.prefix}${request.customerId}`, discountId: `gid://shopify/DiscountCodeNode/${request.customerId}` }),
    marketingState: async () => "SUBSCRIBED",
    recommendations: async () => [],
  };
}

async function placeOrder(db: Database, customerId: string, orderId: string, processedAt: Date) {
  await db.customer.upsert({
    where: { shop_id: { shop, id: customerId } },
    create: { shop, id: customerId, email: `c${customerId}@example.com`, firstName: `C${customerId}` },
    update: {},
  });
  await db.order.create({
    data: { shop, id: orderId, name: `#${orderId}`, customerId, currencyCode: "USD", subtotalCents: 1000, totalCents: 1000, financialStatus: "paid", processedAt, shopifyUpdatedAt: processedAt },
  });
}

describe("flow scheduler on the database", () => {
  const enabledAt = new Date("2026-11-01T00:00:00Z");
  const orderTime = new Date("2026-11-02T12:00:00Z");

  it("enrols each customer's first paid order once, however often it is replayed", async () => {
    const flow = await setFlowEnabled(first, shop, "thanks-next-order", true, enabledAt);
    expect(flow?.enabled).toBe(true);
    for (let i = 1; i <= CUSTOMERS; i++) await placeOrder(first, String(1000 + i), String(5000 + i), orderTime);
    // An order from before the flow was switched on enrols nobody.
    await placeOrder(first, "999", "4999", new Date("2026-10-01T00:00:00Z"));
    expect(await enrollOrderInFlows(first, shop, "4999")).toBe(0);

    const enrolled = await Promise.all(Array.from({ length: CUSTOMERS }, (_, i) => enrollOrderInFlows(i % 2 ? first : second, shop, String(5001 + i))));
    expect(enrolled.reduce((a, b) => a + b, 0)).toBe(CUSTOMERS);
    // Replays (a redelivered webhook, from either process) change nothing.
    const replayed = await Promise.all(Array.from({ length: CUSTOMERS }, (_, i) => enrollOrderInFlows(i % 2 ? second : first, shop, String(5001 + i))));
    expect(replayed.reduce((a, b) => a + b, 0)).toBe(0);
    expect(await first.flowRun.count({ where: { shop } })).toBe(CUSTOMERS);

    // A second order of a customer is not a first order.
    await placeOrder(first, "1001", "7001", new Date(orderTime.getTime() + 3_600_000));
    expect(await enrollOrderInFlows(first, shop, "7001")).toBe(0);
  });

  it("gives each due run to exactly one of two concurrent claimers", async () => {
    const now = new Date(orderTime.getTime() + 60_000);
    const [a, b] = await Promise.all([
      claimDueRuns(first, shop, { now, worker: "A", batch: 1000, leaseMs: 60_000 }),
      claimDueRuns(second, shop, { now, worker: "B", batch: 1000, leaseMs: 60_000 }),
    ]);
    expect(a.length + b.length).toBe(CUSTOMERS);
    expect(new Set([...a, ...b]).size).toBe(CUSTOMERS);
    // While the claims hold, nobody else gets them; release them for the next test.
    expect(await claimDueRuns(first, shop, { now, worker: "C", batch: 1000 })).toEqual([]);
    await first.flowRun.updateMany({ where: { shop }, data: { claimedBy: null, claimedUntil: null } });
  });

  it("sends every due step exactly once with two schedulers racing, one of them with a lapsed claim", async () => {
    const now = new Date(orderTime.getTime() + 60_000);
    const sentA: OutgoingEmail[] = [];
    const sentB: OutgoingEmail[] = [];
    // Small batches and many passes each: both processes keep coming back while the other works.
    const pass = async (db: Database, worker: string, sent: OutgoingEmail[]) => {
      for (let i = 0; i < 20; i++) await runDueFlowSteps(db, shop, recordingEffects(sent), { now, worker, batch: 7, sendsPerMinute: 100_000 });
    };
    await Promise.all([pass(first, "A", sentA), pass(second, "B", sentB)]);

    // Customer 1001 ordered again before the step ran: they leave the flow instead.
    const recipients = [...sentA, ...sentB].map((message) => message.to);
    expect(recipients).toHaveLength(CUSTOMERS - 1);
    expect(new Set(recipients).size).toBe(CUSTOMERS - 1);
    expect(recipients).not.toContain("c1001@example.com");
    expect(await first.flowRun.findFirst({ where: { shop, customerId: "1001" }, select: { status: true, exitReason: true } })).toEqual({
      status: "exited",
      exitReason: "The customer ordered again",
    });
    expect(sentA.length).toBeGreaterThan(0);
    expect(sentB.length).toBeGreaterThan(0);
    const steps = await first.flowStepRun.groupBy({ by: ["outcome"], where: { shop }, _count: { _all: true } });
    expect(steps).toEqual([{ outcome: "sent", _count: { _all: CUSTOMERS - 1 } }]);
    expect(await first.flowRun.count({ where: { shop, status: "completed", nextRunAt: null } })).toBe(CUSTOMERS - 1);
    // Each message carries its customer's personal code and a signed unsubscribe link.
    const message = sentA[0] ?? sentB[0];
    expect(message.html).toMatch(/<strong>THANKS-\d+<\/strong>/);
    expect(message.unsubscribeUrl).toMatch(/^https:\/\/app\.example\/email\/unsubscribe\?token=[\w-]+\.[\w-]+$/);

    // A process whose claim lapsed mid-send comes back to a step another process now holds: the
    // step's log row stops a second send.
    const run = await first.flowRun.findFirstOrThrow({ where: { shop, status: "completed" } });
    await first.flowRun.update({ where: { id: run.id }, data: { status: "active", stepIndex: 0, nextRunAt: now } });
    const again: OutgoingEmail[] = [];
    await runDueFlowSteps(second, shop, recordingEffects(again), { now, worker: "late", sendsPerMinute: 100_000 });
    expect(again).toEqual([]);
    expect(await first.flowStepRun.count({ where: { shop, runId: run.id } })).toBe(1);
  });

  it("holds to the shop's send rate and sends the rest in the next minute", async () => {
    const rateShop = "rate-test.myshopify.com";
    await setFlowEnabled(first, rateShop, "thanks-next-order", true, enabledAt);
    const flow = await first.flow.findFirstOrThrow({ where: { shop: rateShop } });
    for (let i = 0; i < 5; i++) {
      await first.customer.create({ data: { shop: rateShop, id: `r${i}`, email: `r${i}@example.com` } });
      await first.flowRun.create({ data: { shop: rateShop, flowId: flow.id, customerId: `r${i}`, orderId: `o${i}`, triggerKey: "first", enteredAt: orderTime, nextRunAt: orderTime } });
    }
    const sent: OutgoingEmail[] = [];
    const minute = new Date("2026-11-02T12:10:30Z");
    const result = await runDueFlowSteps(first, rateShop, recordingEffects(sent), { now: minute, worker: "A", sendsPerMinute: 3 });
    expect(result).toMatchObject({ claimed: 5, sent: 3, deferred: 2 });
    expect(await runDueFlowSteps(first, rateShop, recordingEffects(sent), { now: minute, worker: "A", sendsPerMinute: 3 })).toMatchObject({ claimed: 0 });
    const later = await runDueFlowSteps(first, rateShop, recordingEffects(sent), { now: new Date("2026-11-02T12:11:00Z"), worker: "A", sendsPerMinute: 3 });
    expect(later).toMatchObject({ claimed: 2, sent: 2 });
    expect(sent).toHaveLength(5);
  });

  it("counts a customer's next order within 7 days of an email as its conversion, once", async () => {
    const sentAt = (await first.flowStepRun.findFirstOrThrow({ where: { shop, customerId: "1002" } })).sentAt!;
    await placeOrder(first, "1002", "8002", new Date(sentAt.getTime() + 2 * 86_400_000));
    expect(await attributeOrderToMessages(first, shop, "8002")).toBe(1);
    expect(await attributeOrderToMessages(first, shop, "8002")).toBe(0); // a redelivery
    expect(await first.flowStepRun.findFirst({ where: { shop, customerId: "1002" }, select: { convertedOrderId: true, convertedCents: true } })).toEqual({
      convertedOrderId: "8002",
      convertedCents: 1000,
    });
    // Too late: 8 days after the email.
    await placeOrder(first, "1003", "8003", new Date(sentAt.getTime() + 8 * 86_400_000));
    expect(await attributeOrderToMessages(first, shop, "8003")).toBe(0);
    // The order that enrolled a customer came before their email: not a conversion of it.
    expect(await attributeOrderToMessages(first, shop, "5004")).toBe(0);
  });
});
