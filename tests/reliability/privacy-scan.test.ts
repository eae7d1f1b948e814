// Reliability scenario 9 (docs/reliability.md): after customers/redact no table holds that
// customer's personal data, and after shop/redact no table holds the shop's rows. Every text
// column of every table is scanned (read from PostgreSQL's catalogue), so a table added later is
// covered without touching this test.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SandboxCustomer } from "../../app/sandbox/store/types";
import { customersDataRequestPayload, customersRedactPayload, orderPayload, shopRedactPayload } from "../../app/sandbox/webhooks/payloads";
import { postWebhook } from "../support/shopify-requests";
import { eventually, startStack, type Stack } from "../support/stack";

let stack: Stack;
let sql: pg.Client;

beforeAll(async () => {
  stack = await startStack({ databaseKind: "postgres" });
  sql = new pg.Client({ connectionString: stack.database.url });
  await sql.connect();
}, 180_000);

afterAll(async () => {
  await sql?.end();
  await stack?.stop();
});

async function deliver(topic: string, payload: unknown) {
  const eventId = randomUUID();
  const response = await postWebhook(stack, { topic, payload, eventId });
  expect(response.status, stack.app.output()).toBe(200);
  await eventually(() => stack.db.webhookDelivery.findFirst({ where: { eventId, status: "processed" } }), `${topic} to be processed`);
}

interface Column {
  table: string;
  column: string;
}

/** Every text-like column of Encore's tables (Prisma's and the job library's). */
async function textColumns(): Promise<Column[]> {
  const { rows } = await sql.query<{ table_name: string; column_name: string }>(
    `SELECT table_name, column_name FROM information_schema.columns
      WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'json', 'jsonb')
        AND table_name <> '_prisma_migrations'
      ORDER BY table_name, column_name`,
  );
  return rows.map((r) => ({ table: r.table_name, column: r.column_name }));
}

/** table.column (rows) for every column holding one of the needles, case-insensitively. */
async function columnsContaining(needles: string[], except: (c: Column) => boolean = () => false): Promise<string[]> {
  const found: string[] = [];
  for (const column of await textColumns()) {
    if (except(column)) continue;
    for (const needle of needles) {
      const { rows } = await sql.query<{ n: string }>(`SELECT count(*) AS n FROM "${column.table}" WHERE "${column.column}"::text ILIKE $1`, [`%${needle}%`]);
      if (Number(rows[0].n) > 0) found.push(`${column.table}.${column.column} (${rows[0].n} rows with "${needle}")`);
    }
  }
  return found;
}

/** Identifying values of a customer as they would appear in stored text. */
function personalData(customer: SandboxCustomer): string[] {
  return [customer.email, customer.phone, customer.defaultAddress?.address1, `"${customer.firstName}","last_name":"${customer.lastName}"`].filter(
    (v): v is string => typeof v === "string" && v.length >= 6,
  );
}

describe("privacy: nothing personal survives redaction, in any table", () => {
  it("customers/redact erases the customer everywhere; shop/redact erases the shop everywhere", async () => {
    const { store } = stack.sandbox.context;
    const shop = store.state.shop;
    await stack.db.loyaltyProgram.create({ data: { shop: stack.shop, enabled: true, pointsPerUnit: 1, pendingDays: 14, enabledAt: new Date("2000-01-01T00:00:00Z") } });
    const withOrders = store.state.customers.filter((c) => c.defaultAddress && store.state.orders.filter((o) => o.customerId === c.id).length >= 2);
    const [customer, other] = withOrders;
    const ordersOf = (c: SandboxCustomer) => store.state.orders.filter((o) => o.customerId === c.id);
    for (const order of [...ordersOf(customer), ...ordersOf(other)]) await deliver("orders/paid", orderPayload({ shop, store }, order));
    await deliver("customers/data_request", customersDataRequestPayload(shop, customer, ordersOf(customer).map((o) => o.id), 9101));

    // Before: the scan does find them (the test can fail).
    expect(await columnsContaining(personalData(customer))).not.toEqual([]);

    await deliver("customers/redact", customersRedactPayload(shop, customer, ordersOf(customer).map((o) => o.id)));
    expect(await columnsContaining(personalData(customer))).toEqual([]);
    const idColumns = (await textColumns()).filter((c) => /customer_?id/i.test(c.column));
    for (const c of idColumns) {
      const { rows } = await sql.query<{ n: string }>(`SELECT count(*) AS n FROM "${c.table}" WHERE "${c.column}" = $1`, [String(customer.id)]);
      // Only the tombstone that stops late webhooks from re-filling the customer keeps the id.
      expect(Number(rows[0].n), `${c.table}.${c.column}`).toBe(0);
    }
    // The other customer is untouched.
    expect(await columnsContaining([other.email])).not.toEqual([]);

    await deliver("shop/redact", shopRedactPayload(shop));
    const leftovers = await columnsContaining([stack.shop, other.email], (c) => c.table === "WebhookDelivery" || c.table.startsWith("sidequest"));
    expect(leftovers).toEqual([]);
    // The shop/redact delivery's own bookkeeping row is all that remains of the shop's deliveries.
    expect(await stack.db.webhookDelivery.findMany({ where: { shop: stack.shop }, select: { topic: true } })).toEqual([{ topic: "SHOP_REDACT" }]);
  });
});
