// More flow triggers and actions end to end over real HTTP (decision 019): an orders/fulfilled
// webhook enrols the customer in the fulfilled flow, whose points step awards bonus points through
// the loyalty ledger exactly once (webhook replays and a retried step change nothing) and whose
// email arrives over SMTP; switching a "no order for N days" flow on scans for lapsed customers,
// once per lapse, and its tier condition decides who gets the email.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enrollLapsedCustomers } from "../../app/flows/flows.server";
import { flowPointsSourceKey } from "../../app/flows/scheduler.server";
import { saveLoyaltyProgram } from "../../app/loyalty/ledger.server";
import type { SandboxCustomer, SandboxOrder } from "../../app/sandbox/store/types";
import { addPaidSandboxOrder, addSandboxCustomer, deliverOrderWebhook, installAndImportHistory, mailTo, toggleFlow } from "../support/sandbox-shop";
import { eventually, startStack, type Stack } from "../support/stack";

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ mail: true });
  await installAndImportHistory(stack);
}, 240_000);
afterAll(async () => {
  await stack?.stop();
});

const flowEntries = (customerId: string) => stack.db.loyaltyEntry.findMany({ where: { shop: stack.shop, customerId, sourceKey: { startsWith: "flow:" } } });
const settle = () => new Promise((resolve) => setTimeout(resolve, 3000)); // three scheduler ticks

describe("the order-fulfilled trigger and the bonus points action", () => {
  let dee: SandboxCustomer;
  let order: SandboxOrder;

  it("enrols on the fulfilment webhook only, awards the points once and sends the email", async () => {
    await saveLoyaltyProgram(stack.db, stack.shop, { enabled: true, pointsPerUnit: 1, pendingDays: 0, earningBasis: "subtotal" });
    expect(await toggleFlow(stack, "fulfilled-bonus-points", true)).toMatchObject({ status: 200, body: { error: null } });
    dee = addSandboxCustomer(stack, "Dee");
    order = addPaidSandboxOrder(stack, dee);
    await deliverOrderWebhook(stack, "orders/paid", order);
    expect(await stack.db.flowRun.count({ where: { shop: stack.shop, customerId: String(dee.id) } })).toBe(0); // paid, not fulfilled yet

    order.fulfillmentStatus = "FULFILLED";
    order.fulfilledAt = new Date().toISOString();
    order.updatedAt = order.fulfilledAt;
    stack.sandbox.context.store.changed();
    await deliverOrderWebhook(stack, "orders/fulfilled", order);
    const [mail] = await eventually(async () => (mailTo(stack, dee.email).length >= 1 ? mailTo(stack, dee.email) : null), "the on-its-way email", 60_000);
    expect(mail.subject).toBe(`Your order ${order.name} is on its way`);
    const entries = await flowEntries(String(dee.id));
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ kind: "adjust", points: 50, reason: 'Flow "On its way + bonus points (fulfilled)": 50 bonus points' });
    const run = await stack.db.flowRun.findFirstOrThrow({ where: { shop: stack.shop, customerId: String(dee.id) } });
    expect(run).toMatchObject({ triggerKey: `fulfilled:${order.id}`, status: "completed" });
    expect(entries[0].sourceKey).toBe(flowPointsSourceKey(run.id, 0));
    const steps = await stack.db.flowStepRun.findMany({ where: { runId: run.id }, orderBy: { stepIndex: "asc" } });
    expect(steps.map((step) => [step.outcome, step.subject])).toEqual([
      ["sent", "Awarded 50 points"],
      ["sent", `Your order ${order.name} is on its way`],
    ]);
  });

  it("awards nothing twice: a replayed webhook enrols nobody and a retried points step finds its ledger entry", async () => {
    await deliverOrderWebhook(stack, "orders/fulfilled", order); // a new delivery of the same fulfilment
    await deliverOrderWebhook(stack, "orders/updated", order);
    const run = await stack.db.flowRun.findFirstOrThrow({ where: { shop: stack.shop, customerId: String(dee.id) } });
    // A process that died after writing the step's log row: the run is back on the points step.
    await stack.db.flowStepRun.update({ where: { runId_stepIndex: { runId: run.id, stepIndex: 0 } }, data: { outcome: "sending" } });
    await stack.db.flowRun.update({ where: { id: run.id }, data: { status: "active", stepIndex: 0, nextRunAt: new Date(), claimedBy: null, claimedUntil: null } });
    await eventually(async () => (await stack.db.flowRun.findUnique({ where: { id: run.id } }))?.status === "completed", "the retried run to complete", 30_000);
    await settle();
    expect(await stack.db.flowRun.count({ where: { shop: stack.shop, customerId: String(dee.id) } })).toBe(1);
    expect((await flowEntries(String(dee.id))).map((entry) => entry.points)).toEqual([50]);
    const balance = await stack.db.loyaltyBalance.findUniqueOrThrow({ where: { shop_customerId: { shop: stack.shop, customerId: String(dee.id) } } });
    expect(balance.available).toBeGreaterThanOrEqual(50);
    expect(mailTo(stack, dee.email)).toHaveLength(1); // the email step had been sent: not again
    expect(await stack.db.flowStepRun.findUnique({ where: { runId_stepIndex: { runId: run.id, stepIndex: 0 } } })).toMatchObject({ outcome: "sent" });
  });
});

describe("the no-order-for-N-days scan", () => {
  it("enrols customers lapsed when the flow is switched on, once per lapse, and emails only tier members", async () => {
    const eve = addSandboxCustomer(stack, "Eve");
    const fay = addSandboxCustomer(stack, "Fay");
    const old = new Date(Date.now() - 200 * 86_400_000);
    const eveOrder = addPaidSandboxOrder(stack, eve, { at: old });
    await deliverOrderWebhook(stack, "orders/paid", eveOrder);
    await deliverOrderWebhook(stack, "orders/paid", addPaidSandboxOrder(stack, fay, { at: old }));
    const tier = await stack.db.loyaltyTier.findFirst({ where: { shop: stack.shop } });
    await stack.db.loyaltyMemberTier.upsert({
      where: { shop_customerId: { shop: stack.shop, customerId: String(eve.id) } },
      create: { shop: stack.shop, customerId: String(eve.id), tierId: tier?.id ?? null, tierName: tier?.name ?? "Gold", evaluatedAt: new Date() },
      update: { tierName: tier?.name ?? "Gold" },
    });

    expect(await toggleFlow(stack, "win-back-lapsed-vip", true)).toMatchObject({ status: 200, body: { error: null } });
    await eventually(async () => (await stack.db.flowRun.count({ where: { shop: stack.shop, customerId: String(eve.id) } })) === 1, "the scan to enrol Eve", 60_000);
    const [mail] = await eventually(async () => (mailTo(stack, eve.email).length >= 1 ? mailTo(stack, eve.email) : null), "the VIP win-back email", 150_000);
    expect(mail.subject).toMatch(/^We miss you at /);
    expect(mail.html).toMatch(/<strong>VIP-[A-Z0-9]{8}<\/strong>/);
    const eveRun = await stack.db.flowRun.findFirstOrThrow({ where: { shop: stack.shop, customerId: String(eve.id) } });
    expect(eveRun.triggerKey).toBe(`lapse:${eveOrder.id}`);
    const fayRun = await eventually(
      async () => (await stack.db.flowRun.findFirst({ where: { shop: stack.shop, customerId: String(fay.id), stepIndex: { gte: 1 } } })) ?? null,
      "Fay's run past the email step",
      30_000,
    );
    expect(await stack.db.flowStepRun.findUnique({ where: { runId_stepIndex: { runId: fayRun.id, stepIndex: 0 } } })).toMatchObject({
      outcome: "skipped",
      reason: "Not in a loyalty tier",
    });
    expect(mailTo(stack, fay.email)).toHaveLength(0);

    // The daily scan again (and again): the same lapse enrols nobody twice.
    expect(await enrollLapsedCustomers(stack.db, stack.shop)).toBe(0);
    expect(await stack.db.flowRun.count({ where: { shop: stack.shop, customerId: { in: [String(eve.id), String(fay.id)] } } })).toBe(2);
    await settle();
    expect(mailTo(stack, eve.email)).toHaveLength(1);
  }, 240_000);
});
