/**
 * 4. Webhook ingestion, end to end: signed orders/paid deliveries of orders the app has not seen
 * (copies of the sandbox shop's paid orders under new ids, placed now, by existing customers),
 * posted to the app's /webhooks with a fixed number in flight, timed from the first post until
 * every delivery is processed: HMAC check, dedupe, durable job, order, co-purchases, attribution,
 * loyalty ledger (program on), tier, insights, flow enrolment (an any-order flow on).
 * SQLite with one app process; PostgreSQL with two (deliveries alternate between them).
 */
import { randomUUID } from "node:crypto";
import { setFlowEnabled } from "../../app/flows/flows.server";
import { saveLoyaltyProgram } from "../../app/loyalty/ledger.server";
import type { Database } from "../../app/db.server";
import type { SandboxOrder } from "../../app/sandbox/store/types";
import { orderPayload } from "../../app/sandbox/webhooks/payloads";
import { webhookHmac } from "../../app/sandbox/webhooks/webhook-sender";
import { ADMIN_API_VERSION } from "../../app/shopify/api-version";
import prepareTestDatabases from "../../tests/support/global-setup";
import { startStack, TEST_API_SECRET, type Stack } from "../../tests/support/stack";
import { installAndImport } from "./load";
import { fmtInt, holds, type Row, type Section } from "./report";

const IN_FLIGHT = 16;
const BUDGET_PER_SECOND = 50; // a flash sale's worth of orders on one small machine

async function postOrderPaid(stack: Stack, url: string, order: SandboxOrder, eventId: string): Promise<number> {
  const body = JSON.stringify(orderPayload({ shop: stack.sandbox.context.store.state.shop, store: stack.sandbox.context.store }, order));
  const response = await fetch(`${url}/webhooks`, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      "X-Shopify-Topic": "orders/paid",
      "X-Shopify-Hmac-Sha256": webhookHmac(body, TEST_API_SECRET),
      "X-Shopify-Shop-Domain": stack.shop,
      "X-Shopify-API-Version": ADMIN_API_VERSION,
      "X-Shopify-Webhook-Id": randomUUID(),
      "X-Shopify-Event-Id": eventId,
      "X-Shopify-Triggered-At": new Date().toISOString(),
    },
    body,
  });
  await response.arrayBuffer();
  return response.status;
}

/** `count` new paid orders: copies of existing ones with fresh order and line ids, placed now. */
function newOrders(stack: Stack, count: number): SandboxOrder[] {
  const paid = stack.sandbox.context.store.state.orders.filter((o) => o.customerId && o.financialStatus === "PAID" && o.refunds.length === 0 && !o.cancelledAt);
  const now = new Date().toISOString();
  return Array.from({ length: count }, (_, i) => {
    const base = paid[i % paid.length];
    const id = 9_000_000_000 + i;
    return {
      ...structuredClone(base),
      id,
      name: `#B${i + 1}`,
      createdAt: now,
      processedAt: now,
      updatedAt: now,
      lineItems: base.lineItems.map((line, j) => ({ ...line, id: id * 100 + j })),
    };
  });
}

async function ingest(kind: "sqlite" | "postgres", processes: number, count: number, log: (line: string) => void) {
  const stack = await startStack({ databaseKind: kind, processes });
  try {
    const db = stack.db as unknown as Database;
    await saveLoyaltyProgram(db, stack.shop, { enabled: true, pointsPerUnit: 1, pendingDays: 14 });
    await setFlowEnabled(db, stack.shop, "complements-day-14", true);
    await installAndImport(stack, log);
    const prefix = `bench-${randomUUID()}-`;
    const orders = newOrders(stack, count);
    const urls = stack.apps.map((app) => app.url);
    let next = 0;
    const statuses = new Map<number, number>();
    const started = performance.now();
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next < orders.length) {
          const i = next++;
          const status = await postOrderPaid(stack, urls[i % urls.length], orders[i], `${prefix}${i}`);
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
        }
      }),
    );
    const postedMs = performance.now() - started;
    const deadline = Date.now() + 600_000;
    let processed = 0;
    let failed = 0;
    for (;;) {
      [processed, failed] = await Promise.all([
        stack.db.webhookDelivery.count({ where: { shop: stack.shop, eventId: { startsWith: prefix }, status: "processed" } }),
        stack.db.webhookDelivery.count({ where: { shop: stack.shop, eventId: { startsWith: prefix }, status: "failed" } }),
      ]);
      if (processed + failed >= count || Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const seconds = (performance.now() - started) / 1000;
    const enrolled = await stack.db.flowRun.count({ where: { shop: stack.shop } }).catch(() => -1);
    log(
      `  ${kind} x${processes}: ${count} posted in ${(postedMs / 1000).toFixed(1)} s (answers ${[...statuses].map(([s, n]) => `${s}: ${n}`).join(", ")}), ` +
        `${processed} processed, ${failed} failed after ${seconds.toFixed(1)} s; flow runs ${enrolled}`,
    );
    return { perSecond: processed / seconds, processed, failed, acceptedPerSecond: count / (postedMs / 1000) };
  } finally {
    await stack.stop();
  }
}

export const webhooksSection: Section = {
  name: "webhooks",
  title: "Webhook ingestion (orders/paid, end to end)",
  async run({ quick, log }) {
    const count = quick ? 100 : 300;
    const rows: Row[] = [];
    for (const [kind, processes] of [["sqlite", 1], ["postgres", 2]] as const) {
      if (kind === "postgres") {
        const previous = process.env.TEST_DATABASE;
        process.env.TEST_DATABASE = "postgres";
        try {
          await prepareTestDatabases(); // the migrated PostgreSQL template
        } finally {
          if (previous === undefined) delete process.env.TEST_DATABASE;
          else process.env.TEST_DATABASE = previous;
        }
      }
      const r = await ingest(kind, processes, count, log);
      rows.push({
        section: "webhooks",
        figure: `orders/paid processed end to end, ${kind === "sqlite" ? "SQLite, 1 process" : "PostgreSQL, 2 processes"} (${count} deliveries, ${IN_FLIGHT} in flight)`,
        value: `${r.perSecond.toFixed(0)} /s (accepted ${fmtInt(r.acceptedPerSecond)} /s; ${r.failed} failed)`,
        budget: `>= ${BUDGET_PER_SECOND} /s, 0 failed`,
        holds: holds(r.perSecond >= BUDGET_PER_SECOND && r.failed === 0 && r.processed === count),
      });
    }
    return rows;
  },
};
