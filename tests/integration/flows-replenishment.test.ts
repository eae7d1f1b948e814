// The replenishment reminder end to end over real HTTP: the merchant switches it on in the admin,
// Encore learns the products' use cycles from the imported history, a signed order webhook
// schedules the customer's reminder at the predicted run-out (minus the lead), a repeat purchase
// re-plans it (the old reminder is cancelled once; replays change nothing), and when the reminder
// falls due exactly one email reaches the sandbox inbox, with a cart link that restocks the product
// with her code at the sandbox storefront.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { predictRunOut, type ProductCycle, type ShopFit } from "../../app/flows/replenishment";
import type { SandboxCustomer, SandboxLineItem, SandboxOrder } from "../../app/sandbox/store/types";
import { adminFetch, sessionToken } from "../support/shopify-requests";
import { addPaidSandboxOrder, addSandboxCustomer, deliverOrderWebhook, installAndImportHistory, mailTo, postFlowsForm } from "../support/sandbox-shop";
import { eventually, startStack, type Stack } from "../support/stack";

const DAY = 86_400_000;
let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ mail: true });
  await installAndImportHistory(stack);
}, 240_000);
afterAll(async () => {
  await stack?.stop();
});

const runsOf = (customer: SandboxCustomer) => stack.db.flowRun.findMany({ where: { shop: stack.shop, customerId: String(customer.id) }, orderBy: { createdAt: "asc" } });

describe("replenishment reminder", () => {
  let rita: SandboxCustomer;
  let consumable: SandboxLineItem;
  let cycle: ProductCycle;
  let first: SandboxOrder;
  let again: SandboxOrder;

  it("is switched on in one click, learns the products' cycles from the history, and takes a lead time", async () => {
    expect(await postFlowsForm(stack, { key: "replenishment-reminder", enabled: "true" })).toMatchObject({ status: 200, body: { error: null } });
    const rows = await eventually(async () => {
      const found = await stack.db.replenishmentCycle.findMany({ where: { shop: stack.shop, source: "product" }, orderBy: { observations: "desc" } });
      return found.length > 0 ? found : null;
    }, "the products' cycles", 240_000); // a queued job behind the history import: slow on a loaded machine
    // The product with the most repeat purchases (the demo shop's coffee, re-bought every few weeks).
    const row = rows[0];
    expect(row.daysPerUnit).toBeGreaterThan(7);
    expect(row.daysPerUnit).toBeLessThan(120);
    cycle = { daysPerUnit: row.daysPerUnit, typicalQuantity: row.typicalQuantity, source: "product", observations: row.observations, fit: JSON.parse(row.fit) as ShopFit };
    const lines = stack.sandbox.context.store.state.orders.flatMap((order) => order.lineItems);
    consumable = { ...lines.find((line) => String(line.productId) === row.productId)!, quantity: 1 };
    expect(consumable).toBeDefined();

    expect(await postFlowsForm(stack, { key: "replenishment-reminder", leadDays: "45" })).toMatchObject({ status: 400, body: { error: "Enter the number of days before the predicted run-out (0 to 30)." } });
    expect(await postFlowsForm(stack, { key: "thanks-next-order", leadDays: "3" })).toMatchObject({ status: 400, body: { error: "Only a replenishment flow has a lead time." } });
    expect(await postFlowsForm(stack, { key: "replenishment-reminder", leadDays: "4" })).toMatchObject({ status: 200, body: { error: null } });
    const page = await adminFetch(`${stack.app.url}/app/flows?_data=routes%2Fapp.flows`, { bearer: sessionToken(stack) });
    const flows = ((await page.json()) as { flows: { key: string; enabled: boolean; leadDays: number | null }[] }).flows;
    expect(flows.find((flow) => flow.key === "replenishment-reminder")).toMatchObject({ enabled: true, leadDays: 4 });
    expect(flows.find((flow) => flow.key === "thanks-next-order")?.leadDays).toBeNull();
  }, 300_000);

  it("schedules one reminder at the predicted run-out minus the lead, and none for a product nobody re-buys", async () => {
    // The flow has been on for 60 days (its switch-on moves back; orders before it enrol nobody).
    await stack.db.flow.updateMany({ where: { shop: stack.shop, key: "replenishment-reminder" }, data: { enabledAt: new Date(Date.now() - 60 * DAY) } });
    const cycleProducts = new Set((await stack.db.replenishmentCycle.findMany({ where: { shop: stack.shop }, select: { productId: true } })).map((r) => r.productId));
    const lines = stack.sandbox.context.store.state.orders.flatMap((order) => order.lineItems);
    const oneOff = lines.find((line) => !cycleProducts.has(String(line.productId)) && line.productId !== consumable.productId);
    expect(oneOff).toBeDefined();

    rita = addSandboxCustomer(stack, "Rita");
    // A quarter of the product's cycle ago: her reminder is still ahead (after the 4-day lead).
    const firstAt = new Date(Math.floor((Date.now() - (cycle.daysPerUnit / 4) * DAY) / 1000) * 1000);
    first = addPaidSandboxOrder(stack, rita, { lines: [consumable, { ...oneOff!, quantity: 1 }], at: firstAt, namePrefix: "R" });
    await deliverOrderWebhook(stack, "orders/paid", first);
    const runs = await runsOf(rita);
    expect(runs).toHaveLength(1);
    const runOut = predictRunOut([{ at: firstAt, quantity: 1 }], cycle)!.runOutAt;
    expect(runs[0]).toMatchObject({ triggerKey: `replenish:${consumable.productId}:${first.id}`, status: "active", enteredAt: runOut });
    expect(runs[0].nextRunAt).toEqual(new Date(runOut.getTime() - 4 * DAY));
  });

  it("re-plans when she buys it again: the old reminder is cancelled once, and replays change nothing", async () => {
    const againAt = new Date(Math.floor((Date.now() - 60_000) / 1000) * 1000);
    again = addPaidSandboxOrder(stack, rita, { lines: [consumable], at: againAt, namePrefix: "R" });
    await deliverOrderWebhook(stack, "orders/paid", again);
    let runs = await runsOf(rita);
    expect(runs.map((run) => run.status)).toEqual(["exited", "active"]);
    expect(runs[0]).toMatchObject({ exitReason: "Bought again: the reminder was re-planned from the new order", nextRunAt: null });
    // Her own (faster) rhythm now counts, next to the product's cycle.
    const runOut = predictRunOut([{ at: new Date(first.processedAt), quantity: 1 }, { at: againAt, quantity: 1 }], cycle)!.runOutAt;
    expect(runs[1]).toMatchObject({ triggerKey: `replenish:${consumable.productId}:${again.id}`, orderId: String(again.id), enteredAt: runOut });
    expect(runs[1].nextRunAt).toEqual(new Date(runOut.getTime() - 4 * DAY));

    // Redelivered and late webhooks of either order: still exactly one active reminder.
    await deliverOrderWebhook(stack, "orders/paid", first);
    await deliverOrderWebhook(stack, "orders/updated", { ...again, updatedAt: new Date(Date.now() + 1000).toISOString() });
    runs = await runsOf(rita);
    expect(runs.map((run) => run.status)).toEqual(["exited", "active"]);
  });

  it("sends exactly one email when the reminder falls due, naming the product with a cart link that restocks it with her code", async () => {
    // The clock moves to the reminder's due time: the run's predicted run-out is 4 days from now.
    const active = (await runsOf(rita)).find((run) => run.status === "active")!;
    const runOut = new Date(Date.now() + 4 * DAY - 60_000);
    await eventually(
      async () => (await stack.db.flowRun.updateMany({ where: { id: active.id }, data: { enteredAt: runOut, nextRunAt: new Date(Date.now() - 60_000) } })).count === 1,
      "the reminder to fall due",
    );
    const [mail] = await eventually(async () => (mailTo(stack, rita.email).length > 0 ? mailTo(stack, rita.email) : null), "the reminder email", 60_000);
    const product = stack.sandbox.context.store.state.products.find((p) => p.id === consumable.productId)!;
    expect(mail.subject).toBe(`Running low on ${product.title}?`);
    const code = /<strong>(REFILL-[A-Z0-9]{8})<\/strong>/.exec(mail.html ?? "")?.[1];
    expect(code).toBeDefined();
    const link = `https://${stack.shop}/cart/${consumable.variantId}:1?storefront=true&amp;discount=${code}`;
    // Through the click redirect (decision 020), whose target is the cart link.
    const targets = [...(mail.html ?? "").matchAll(/href="([^"]*\/email\/click\?[^"]+)"/g)].map((match) => new URL(match[1].replace(/&amp;/g, "&")).searchParams.get("u"));
    expect(targets).toContain(link.replace("&amp;", "&"));
    await eventually(async () => (await stack.db.flowStepRun.findFirst({ where: { shop: stack.shop, runId: active.id } }))?.outcome === "sent", "the sent log row");

    // The link restocks her cart at the sandbox storefront, with the code kept for checkout.
    const sandboxUrl = stack.sandbox.context.config.publicUrl;
    const restock = await fetch(link.replace(`https://${stack.shop}`, sandboxUrl).replace("&amp;", "&"), { redirect: "manual" });
    expect(restock.status).toBe(303);
    expect(restock.headers.get("location")).toBe("/cart");
    const cookie = restock.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    const cart = (await (await fetch(`${sandboxUrl}/cart.js`, { headers: { Cookie: cookie } })).json()) as { items: { id: number; quantity: number }[] };
    expect(cart.items.map((item) => [item.id, item.quantity])).toEqual([[consumable.variantId, 1]]);
    expect(await (await fetch(`${sandboxUrl}/checkout`, { headers: { Cookie: cookie } })).text()).toContain(`name="discount_code" value="${code}"`);

    await new Promise((resolve) => setTimeout(resolve, 2500)); // two scheduler ticks
    expect(mailTo(stack, rita.email)).toHaveLength(1);
    expect(await stack.db.flowStepRun.count({ where: { shop: stack.shop, customerId: String(rita.id) } })).toBe(1);
    expect((await stack.db.flowRun.findUniqueOrThrow({ where: { id: active.id } })).status).toBe("completed");
  });
});
