import type { Database } from "../db.server";
import { ATTRIBUTION_DAYS, FLOW_TRIGGERS, HOUR_MS, parseSteps, type FlowDefinition } from "./definition";
import { nextRunAt } from "./planner";
import { planOrderReplenishment } from "./replenishment.server";
import { flowTemplate } from "./templates";
import { z } from "zod";

/** A shop's Flow row with its steps parsed (a row that fails validation throws: never sent half-valid). */
export interface StoredFlow extends FlowDefinition {
  id: string;
  key: string;
  name: string;
  enabled: boolean;
  enabledAt: Date | null;
}

type FlowRow = { id: string; key: string; name: string; enabled: boolean; enabledAt: Date | null; trigger: string; onNewOrder: string; steps: string };

export function flowFromRow(row: FlowRow): StoredFlow {
  return {
    id: row.id,
    key: row.key,
    name: row.name,
    enabled: row.enabled,
    enabledAt: row.enabledAt,
    trigger: z.enum(FLOW_TRIGGERS).parse(row.trigger),
    onNewOrder: z.enum(["exit", "continue"]).parse(row.onNewOrder),
    steps: parseSteps(row.steps),
  };
}

/**
 * Switches a ready-made flow on or off (one click). Switching on stores the template's current
 * definition; orders placed before that moment enrol nobody. Off pauses the flow's runs.
 */
export async function setFlowEnabled(db: Database, shop: string, key: string, enabled: boolean, now = new Date()): Promise<StoredFlow | null> {
  const template = flowTemplate(key);
  if (!template) return null;
  // Shopify's order times have whole seconds: an order placed in the same second as the switch counts.
  const enabledAt = new Date(Math.floor(now.getTime() / 1000) * 1000);
  let steps = template.definition.steps;
  if (template.definition.trigger === "predicted_replenishment") {
    // The merchant's lead time survives switching the flow off and on again.
    const existing = await db.flow.findUnique({ where: { shop_key: { shop, key } } });
    const lead = existing ? flowFromRow(existing).steps[0]?.delayHours : undefined;
    if (lead !== undefined) steps = steps.map((step, index) => (index === 0 ? { ...step, delayHours: lead } : step));
  }
  const definition = { trigger: template.definition.trigger, onNewOrder: template.definition.onNewOrder, steps: JSON.stringify(steps) };
  const row = await db.flow.upsert({
    where: { shop_key: { shop, key } },
    create: { shop, key, name: template.name, enabled, enabledAt: enabled ? enabledAt : null, ...definition },
    update: enabled ? { enabled, enabledAt, name: template.name, ...definition } : { enabled },
  });
  return flowFromRow(row);
}

/** The step of a replenishment flow is due this many days before the predicted run-out. */
export function replenishmentLeadDays(flow: Pick<FlowDefinition, "trigger" | "steps">): number | null {
  return flow.trigger === "predicted_replenishment" && flow.steps[0] ? Math.round((-flow.steps[0].delayHours / 24) * 10) / 10 : null;
}

/**
 * The merchant sets how many days before the predicted run-out the reminder goes out. Waiting
 * runs are looked at again at once, so the scheduler re-plans each against the new lead (a wait
 * until the new due time, or the step now if it is due).
 */
export async function setReplenishmentLeadDays(db: Database, shop: string, key: string, days: number, now = new Date()): Promise<StoredFlow | null> {
  const row = await db.flow.findUnique({ where: { shop_key: { shop, key } } });
  const template = flowTemplate(key);
  if (template?.definition.trigger !== "predicted_replenishment") return null;
  const current = row ? flowFromRow(row).steps : template.definition.steps;
  const steps = current.map((step, index) => (index === 0 ? { ...step, delayHours: -days * 24 } : step));
  const updated = row
    ? await db.flow.update({ where: { id: row.id }, data: { steps: JSON.stringify(steps) } })
    : await db.flow.create({
        data: { shop, key, name: template.name, enabled: false, trigger: template.definition.trigger, onNewOrder: template.definition.onNewOrder, steps: JSON.stringify(steps) },
      });
  await db.flowRun.updateMany({ where: { shop, flowId: updated.id, status: "active", stepIndex: 0 }, data: { nextRunAt: now } });
  return flowFromRow(updated);
}

export async function enabledFlows(db: Database, shop: string): Promise<StoredFlow[]> {
  const rows = await db.flow.findMany({ where: { shop, enabled: true }, orderBy: { createdAt: "asc" } });
  return rows.map(flowFromRow);
}

const PAID = new Set(["paid", "partially_refunded"]);

/**
 * An order was stored or changed (orderChanged): enrol its customer in every enabled flow whose
 * trigger it meets. The unique (shop, flow, customer, triggerKey) key makes this idempotent: a
 * redelivered or replayed webhook, or the order's later updates, enrol nobody twice.
 */
export async function enrollOrderInFlows(db: Database, shop: string, orderId: string, { fulfilled = false, now = new Date() }: { fulfilled?: boolean; now?: Date } = {}): Promise<number> {
  const flows = await enabledFlows(db, shop);
  if (flows.length === 0) return 0;
  const order = await db.order.findUnique({
    where: { shop_id: { shop, id: orderId } },
    select: { id: true, customerId: true, processedAt: true, financialStatus: true, cancelledAt: true },
  });
  if (!order?.customerId || order.cancelledAt || !PAID.has((order.financialStatus ?? "").toLowerCase())) return 0;
  const customerId = order.customerId;
  let enrolled = 0;
  for (const flow of flows) {
    // Orders from before the flow was switched on (history, late updates of old orders) enrol nobody.
    if (!flow.enabledAt || order.processedAt < flow.enabledAt) continue;
    if (flow.trigger === "predicted_replenishment") {
      enrolled += await planOrderReplenishment(db, shop, flow, { id: order.id, customerId });
      continue;
    }
    if (flow.trigger === "no_order_for_days") continue; // the daily scan (enrollLapsedCustomers)
    if (flow.trigger === "first_order_paid" && !(await isFirstOrder(db, shop, customerId, order))) continue;
    // Fulfilled: delays count from when Encore learnt of the fulfilment (the webhook), once per order.
    if (flow.trigger === "order_fulfilled" && !fulfilled) continue;
    const triggerKey = flow.trigger === "first_order_paid" ? "first" : flow.trigger === "order_fulfilled" ? `fulfilled:${order.id}` : `order:${order.id}`;
    const enteredAt = flow.trigger === "order_fulfilled" ? now : order.processedAt;
    const position = { stepIndex: 0, enteredAt };
    try {
      await db.flowRun.create({
        data: { shop, flowId: flow.id, customerId, orderId: order.id, triggerKey, enteredAt, nextRunAt: nextRunAt(position, flow) },
      });
      enrolled++;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error; // already enrolled by this trigger
    }
  }
  return enrolled;
}

/**
 * An order was stored or changed: if its customer got flow emails in the ATTRIBUTION_DAYS before
 * it, each of those messages (not yet converted) counts it as its conversion, with the order's
 * total. Idempotent (only unconverted messages are updated), and the order that triggered a run
 * never converts that run's own messages (they were sent after it).
 */
export async function attributeOrderToMessages(db: Database, shop: string, orderId: string): Promise<number> {
  const order = await db.order.findUnique({
    where: { shop_id: { shop, id: orderId } },
    select: { id: true, customerId: true, processedAt: true, totalCents: true, financialStatus: true, cancelledAt: true },
  });
  if (!order?.customerId || order.cancelledAt || !PAID.has((order.financialStatus ?? "").toLowerCase())) return 0;
  const since = new Date(order.processedAt.getTime() - ATTRIBUTION_DAYS * 86_400_000);
  const { count } = await db.flowStepRun.updateMany({
    where: { shop, customerId: order.customerId, outcome: "sent", convertedOrderId: null, sentAt: { gte: since, lte: order.processedAt } },
    data: { convertedOrderId: order.id, convertedCents: order.totalCents },
  });
  return count;
}

/** What flows do when an order is stored or changes (from orderChanged). */
export async function syncOrderFlows(db: Database, shop: string, orderId: string, fulfilled = false): Promise<void> {
  await attributeOrderToMessages(db, shop, orderId);
  await enrollOrderInFlows(db, shop, orderId, { fulfilled });
}

/** How long without an order makes a customer lapsed for a no_order_for_days flow: its first step's delay. */
export function lapseHours(flow: Pick<FlowDefinition, "trigger" | "steps">): number | null {
  return flow.trigger === "no_order_for_days" && flow.steps[0] ? flow.steps[0].delayHours : null;
}

/**
 * The daily scan of no_order_for_days flows: every customer whose last order (not cancelled) is at
 * least the lapse old enters the flow once per lapse (triggerKey lapse:<last order id>: a new
 * order, then a new lapse, enrols them again). Delays count from the last order, so the first step
 * falls due at the lapse; customers already lapsed when the flow was switched on count from that
 * moment instead (their step is due at once, not stale). Idempotent: run it as often as wanted.
 */
export async function enrollLapsedCustomers(db: Database, shop: string, now = new Date()): Promise<number> {
  const flows = (await enabledFlows(db, shop)).filter((flow) => flow.trigger === "no_order_for_days");
  let enrolled = 0;
  for (const flow of flows) {
    const lapse = lapseHours(flow);
    if (lapse === null || !flow.enabledAt) continue;
    const cutoff = new Date(now.getTime() - lapse * HOUR_MS);
    const lapsed = await db.order.groupBy({
      by: ["customerId"],
      where: { shop, customerId: { not: null }, cancelledAt: null },
      _max: { processedAt: true },
      having: { processedAt: { _max: { lte: cutoff } } },
    });
    for (const { customerId, _max } of lapsed) {
      if (!customerId || !_max.processedAt) continue;
      const last = await db.order.findFirst({
        where: { shop, customerId, cancelledAt: null, processedAt: _max.processedAt },
        orderBy: { id: "desc" },
        select: { id: true, processedAt: true },
      });
      if (!last) continue;
      const triggerKey = `lapse:${last.id}`;
      if (await db.flowRun.findUnique({ where: { shop_flowId_customerId_triggerKey: { shop, flowId: flow.id, customerId, triggerKey } }, select: { id: true } })) continue;
      const switchedOn = new Date(flow.enabledAt.getTime() - lapse * HOUR_MS);
      const enteredAt = last.processedAt < switchedOn ? switchedOn : last.processedAt;
      try {
        await db.flowRun.create({
          data: { shop, flowId: flow.id, customerId, orderId: last.id, triggerKey, enteredAt, nextRunAt: nextRunAt({ stepIndex: 0, enteredAt }, flow) },
        });
        enrolled++;
      } catch (error) {
        if (!isUniqueViolation(error)) throw error; // another process's scan enrolled them
      }
    }
  }
  return enrolled;
}

/** No earlier order of the customer that counts (not cancelled). */
async function isFirstOrder(db: Database, shop: string, customerId: string, order: { id: string; processedAt: Date }) {
  const earlier = await db.order.count({
    where: { shop, customerId, id: { not: order.id }, cancelledAt: null, processedAt: { lt: order.processedAt } },
  });
  return earlier === 0;
}

export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && (error as { code: unknown }).code === "P2002";
}

