// What integration tests do to the sandbox shop and the app again and again: install and wait for
// the history import, add a customer or a paid order on Shopify's side, deliver a signed webhook
// and wait until Encore has processed it, switch a flow, read the sandbox inbox.
import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import type { SandboxCustomer, SandboxLineItem, SandboxOrder } from "../../app/sandbox/store/types";
import { orderPayload } from "../../app/sandbox/webhooks/payloads";
import { adminFetch, embeddedAppUrl, postWebhook, sessionToken } from "./shopify-requests";
import { eventually, type Stack } from "./stack";

/** Opens the embedded app (which installs it: shop row and offline session) and waits for the history import. */
export async function installAndImportHistory(stack: Stack, timeoutMs = 180_000) {
  expect((await adminFetch(embeddedAppUrl(stack))).status).toBe(200);
  await eventually(async () => (await stack.db.historyImport.findUnique({ where: { shop: stack.shop } }))?.stage === "done", "the history import", timeoutMs);
}

/** A new customer in the sandbox shop (Shopify's side), subscribed to email marketing unless told. */
export function addSandboxCustomer(
  stack: Stack,
  firstName: string,
  options: { consent?: SandboxCustomer["emailMarketingConsent"]; email?: string } = {},
): SandboxCustomer {
  const { store } = stack.sandbox.context;
  const now = new Date().toISOString();
  const customer: SandboxCustomer = {
    id: store.nextId(),
    email: options.email ?? `${firstName.toLowerCase()}.${randomUUID().slice(0, 6)}@example.com`,
    firstName,
    lastName: "Tester",
    phone: null,
    createdAt: now,
    updatedAt: now,
    emailMarketingConsent: options.consent ?? "SUBSCRIBED",
    tags: [],
    birthday: null,
    defaultAddress: null,
  };
  store.state.customers.push(customer);
  store.changed();
  return customer;
}

/**
 * A paid, unfulfilled order by the customer in the sandbox shop: a copy of a demo order with its
 * own ids, placed at `at` (now by default). Given `lines`, the order holds copies of those lines
 * at full price and its totals are theirs.
 */
export function addPaidSandboxOrder(
  stack: Stack,
  customer: SandboxCustomer,
  options: { at?: Date; lines?: SandboxLineItem[]; namePrefix?: string } = {},
): SandboxOrder {
  const { store } = stack.sandbox.context;
  const template = store.state.orders.find((o) => o.customerId && o.financialStatus === "PAID" && !o.cancelledAt && o.refunds.length === 0 && o.lineItems.length >= 1)!;
  const id = store.nextId();
  const at = (options.at ?? new Date()).toISOString();
  const lines = options.lines
    ? (() => {
        const subtotal = options.lines.reduce((sum, line) => sum + line.priceCents * line.quantity, 0);
        return {
          lineItems: options.lines.map((line) => ({ ...line, id: store.nextId(), discountCents: 0, properties: [] })),
          discountCodes: [],
          subtotalCents: subtotal,
          shippingCents: 0,
          taxCents: 0,
          totalCents: subtotal,
        };
      })()
    : { lineItems: template.lineItems.map((line) => ({ ...line, id: store.nextId() })) };
  const order: SandboxOrder = {
    ...template,
    ...lines,
    id,
    name: `#${options.namePrefix ?? "T"}${id}`,
    customerId: customer.id,
    email: customer.email,
    createdAt: at,
    processedAt: at,
    updatedAt: at,
    fulfillmentStatus: "UNFULFILLED",
    fulfilledAt: null,
    cancelledAt: null,
    refunds: [],
  };
  store.state.orders.push(order);
  store.changed();
  return order;
}

/** Delivers a signed webhook and waits until Encore has processed it; a failure names the delivery's last error. */
export async function deliverWebhook(stack: Stack, topic: string, payload: unknown, eventId = randomUUID()) {
  const response = await postWebhook(stack, { topic, payload, eventId });
  expect(response.status, stack.app.output()).toBe(200);
  await eventually(
    async () => (await stack.db.webhookDelivery.findFirst({ where: { shop: stack.shop, eventId, status: "processed" } })) !== null,
    `${topic} ${eventId} to be processed`,
    30_000,
  ).catch(async (error: unknown) => {
    const row = await stack.db.webhookDelivery.findFirst({ where: { shop: stack.shop, eventId } });
    throw new Error(`${String(error)} (last error: ${row?.lastError ?? "none"})`);
  });
}

/** Delivers an order webhook with the payload Shopify would send for this sandbox order. */
export function deliverOrderWebhook(stack: Stack, topic: string, order: SandboxOrder, eventId = randomUUID()) {
  const source = { shop: stack.sandbox.context.store.state.shop, store: stack.sandbox.context.store };
  return deliverWebhook(stack, topic, orderPayload(source, order), eventId);
}

/** Posts a form to the Flows page's action as the merchant. */
export async function postFlowsForm(stack: Stack, fields: Record<string, string>) {
  const response = await adminFetch(`${stack.app.url}/app/flows?_data=routes%2Fapp.flows`, {
    method: "POST",
    bearer: sessionToken(stack),
    body: new URLSearchParams(fields),
  });
  return { status: response.status, body: (await response.json()) as { error: string | null } };
}

export const toggleFlow = (stack: Stack, key: string, enabled: boolean) => postFlowsForm(stack, { key, enabled: String(enabled) });

/** The sandbox inbox's messages to this address. */
export const mailTo = (stack: Stack, email: string) => stack.sandbox.mail.messages().filter((message) => message.to.includes(email));

export const waitForMail = (stack: Stack, email: string, count: number, what: string) =>
  eventually(async () => (mailTo(stack, email).length >= count ? mailTo(stack, email) : null), what, 60_000);
