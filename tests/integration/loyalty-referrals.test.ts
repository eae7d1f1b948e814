// Referrals through real HTTP on the built app and the test database (ADR 018): the advocate's
// link from the storefront panel, the landing page with the friend's code, the friend's first
// paid order (signed webhooks) rewarding the advocate once, the refusals the merchant sees, and
// the award taken back when that order is cancelled or refunded in full.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adjustPoints, verifyLedger } from "../../app/loyalty/ledger.server";
import type { SandboxAddress, SandboxCustomer, SandboxOrder, SandboxRefund } from "../../app/sandbox/store/types";
import { orderPayload, refundPayload } from "../../app/sandbox/webhooks/payloads";
import { adminFetch, appProxyUrl, embeddedAppUrl, sessionToken } from "../support/shopify-requests";
import { deliverWebhook } from "../support/sandbox-shop";
import { eventually, startStack, type Stack } from "../support/stack";

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
  expect((await adminFetch(embeddedAppUrl(stack))).status).toBe(200);
  await eventually(() => stack.db.session.findFirst({ where: { shop: stack.shop } }), "the shop's session");
}, 120_000);
afterAll(async () => {
  await stack?.stop();
});

const PROGRAM = "routes/app.loyalty._index";
const MEMBER = "routes/app.loyalty.members.$customerId";
const programForm = {
  enabled: "on",
  pointsPerUnit: "1",
  earningBasis: "subtotal",
  pendingDays: "14",
  pointsPerMoneyUnit: "100",
  tierBasis: "points",
  tierWindow: "lifetime",
  expiryReminderDays: "14",
  signupPoints: "0",
  firstOrderPoints: "0",
  birthdayPoints: "0",
  referralEnabled: "on",
  referralAdvocatePoints: "300",
  referralFriendAmount: "10",
};

async function adminGet<T>(path: string, routeFile: string) {
  const response = await adminFetch(`${stack.app.url}${path}?_data=${encodeURIComponent(routeFile)}`, { bearer: sessionToken(stack) });
  return { status: response.status, body: (await response.json()) as T };
}

async function postProgram(fields: Record<string, string>) {
  const response = await adminFetch(`${stack.app.url}/app/loyalty?_data=${encodeURIComponent(PROGRAM)}`, { method: "POST", bearer: sessionToken(stack), body: new URLSearchParams(fields) });
  return { status: response.status, body: (await response.json()) as { saved?: boolean; errors: Record<string, string> } };
}

function newCustomer(email = `friend-${randomUUID()}@example.com`): SandboxCustomer {
  const { store } = stack.sandbox.context;
  const now = new Date().toISOString();
  const customer: SandboxCustomer = { ...store.state.customers[0], id: store.nextId(), email, createdAt: now, updatedAt: now };
  store.state.customers.push(customer);
  return customer;
}

const address = (street: string): SandboxAddress => ({ address1: street, city: "Ottawa", province: "Ontario", provinceCode: "ON", zip: "K1A 0B1", country: "Canada", countryCode: "CA" });

function paidOrder(customer: SandboxCustomer, options: { referral: string | null; shipTo: SandboxAddress; email?: string; at?: Date }): SandboxOrder {
  const { store } = stack.sandbox.context;
  const template = store.state.orders.find((o) => o.customerId && o.financialStatus === "PAID" && !o.cancelledAt && o.refunds.length === 0)!;
  const id = store.nextId();
  const at = (options.at ?? new Date()).toISOString();
  return {
    ...template,
    id,
    name: `#R${id}`,
    customerId: customer.id,
    email: options.email ?? customer.email,
    createdAt: at,
    processedAt: at,
    updatedAt: at,
    lineItems: template.lineItems.map((line) => ({ ...line, id: store.nextId() })),
    fulfillmentStatus: "UNFULFILLED",
    fulfilledAt: null,
    cancelledAt: null,
    refunds: [],
    shippingAddress: options.shipTo,
    noteAttributes: options.referral ? [{ name: "_encore_referral", value: options.referral }] : [],
  };
}

const source = () => ({ shop: stack.sandbox.context.store.state.shop, store: stack.sandbox.context.store });
const referralEntries = (advocateId: string) => stack.db.loyaltyEntry.findMany({ where: { shop: stack.shop, customerId: advocateId, sourceKey: { startsWith: "referral:" } } });
const referralOf = (orderId: number) => stack.db.loyaltyReferral.findUnique({ where: { shop_orderId: { shop: stack.shop, orderId: String(orderId) } } });

describe("referrals", () => {
  it("refuses bad settings field by field and writes nothing", async () => {
    expect((await postProgram(programForm)).status).toBe(200);
    const before = await stack.db.loyaltyProgram.findUniqueOrThrow({ where: { shop: stack.shop } });
    expect(before).toMatchObject({ referralEnabled: true, referralAdvocatePoints: 300, referralFriendCents: 1000 });
    const bad = await postProgram({ ...programForm, referralAdvocatePoints: "-3", referralFriendAmount: "lots", pointsPerUnit: "5" });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual({
      referralAdvocatePoints: expect.stringContaining("Advocate points"),
      referralFriendAmount: expect.stringContaining("friend's discount"),
    });
    const none = await postProgram({ ...programForm, referralAdvocatePoints: "0", referralFriendAmount: "" });
    expect(none).toMatchObject({ status: 400, body: { errors: { referralAdvocatePoints: expect.stringContaining("advocate points or a friend discount") } } });
    const after = await stack.db.loyaltyProgram.findUniqueOrThrow({ where: { shop: stack.shop } });
    expect(after).toEqual(before);
  });

  it("link → friend's first paid order → advocate points once; self-referrals and repeat orders refused with a reason", async () => {
    const advocate = newCustomer(`advocate-${randomUUID()}@example.com`);
    const advocateId = String(advocate.id);
    const home = address(`${advocate.id} Advocate Lane`);

    // The advocate's personal link, from the storefront panel.
    const panel = (await (await fetch(appProxyUrl(stack, "/loyalty", { customerId: advocate.id }))).json()) as { customer: { referral: { path: string; advocatePoints: number; friendCents: number } | null } };
    expect(panel.customer.referral).toMatchObject({ advocatePoints: 300, friendCents: 1000 });
    const path = panel.customer.referral!.path;
    expect(path).toMatch(/^\/apps\/encore\/r\//);
    const code = decodeURIComponent(path.slice("/apps/encore/r/".length));

    // A guest friend lands: the referral goes to the cart attribute, the friend gets a $10 code.
    const landing = await fetch(appProxyUrl(stack, `/r/${encodeURIComponent(code)}`));
    expect(landing.status).toBe(200);
    const html = await landing.text();
    expect(html).toContain("_encore_referral");
    const friendCode = /data-friend-code="([^"]+)"/.exec(html)?.[1];
    expect(friendCode).toMatch(/^FRIEND/);
    expect(html).toContain(`/discount/${friendCode}`);
    // The advocate following their own link gets no code; a forged code is a 404.
    expect(await (await fetch(appProxyUrl(stack, `/r/${encodeURIComponent(code)}`, { customerId: advocate.id }))).text()).toContain("your own referral link");
    expect((await fetch(appProxyUrl(stack, `/r/${advocateId}-AAAAAAAAAAAA`))).status).toBe(404);

    // Self-referral: the advocate's own order with their code (also records their address).
    const own = paidOrder(advocate, { referral: code, shipTo: home });
    await deliverWebhook(stack, "orders/paid", orderPayload(source(), own));
    expect(await referralOf(own.id)).toMatchObject({ status: "refused", reason: expect.stringContaining("same customer") });
    // Another account with the advocate's email, then one shipping to the advocate's address.
    const sameEmail = paidOrder(newCustomer(), { referral: code, shipTo: address("1 Elsewhere Road"), email: advocate.email.toUpperCase() });
    await deliverWebhook(stack, "orders/paid", orderPayload(source(), sameEmail));
    expect(await referralOf(sameEmail.id)).toMatchObject({ status: "refused", reason: expect.stringContaining("email") });
    const sameHome = paidOrder(newCustomer(), { referral: code, shipTo: { ...home, address1: home.address1.toUpperCase() + "." } });
    await deliverWebhook(stack, "orders/paid", orderPayload(source(), sameHome));
    expect(await referralOf(sameHome.id)).toMatchObject({ status: "refused", reason: expect.stringContaining("address") });
    expect(await referralEntries(advocateId)).toEqual([]);

    // The real friend's first order rewards the advocate, once; a replayed webhook changes nothing.
    const friend = newCustomer();
    const first = paidOrder(friend, { referral: code, shipTo: address("2 Friend Street") });
    await deliverWebhook(stack, "orders/paid", orderPayload(source(), first));
    await deliverWebhook(stack, "orders/paid", orderPayload(source(), first));
    await deliverWebhook(stack, "orders/updated", orderPayload(source(), first));
    expect(await referralEntries(advocateId)).toEqual([expect.objectContaining({ sourceKey: `referral:${first.id}`, kind: "adjust", points: 300 })]);
    expect(await referralOf(first.id)).toMatchObject({ status: "rewarded", points: 300, friendCustomerId: String(friend.id) });
    const balance = await stack.db.loyaltyBalance.findUniqueOrThrow({ where: { shop_customerId: { shop: stack.shop, customerId: advocateId } } });
    expect(balance.available).toBe(300);

    // The friend's second order (the link still in the cart) earns the advocate nothing.
    const second = paidOrder(friend, { referral: code, shipTo: address("2 Friend Street"), at: new Date(Date.now() + 60_000) });
    await deliverWebhook(stack, "orders/paid", orderPayload(source(), second));
    expect(await referralOf(second.id)).toMatchObject({ status: "refused", reason: expect.stringContaining("first order") });
    expect(await referralEntries(advocateId)).toHaveLength(1);
    expect(await verifyLedger(stack.db, stack.shop)).toEqual([]);

    // The merchant sees them: on the program page and on the advocate's member page.
    const program = await adminGet<{ referrals: { orderId: string; status: string; reason: string | null }[] }>("/app/loyalty", PROGRAM);
    expect(program.body.referrals.map((r) => [r.orderId, r.status])).toEqual(
      expect.arrayContaining([
        [String(first.id), "rewarded"],
        [String(own.id), "refused"],
        [String(second.id), "refused"],
      ]),
    );
    const member = await adminGet<{ referrals: { orderId: string; status: string; reason: string | null }[] }>(`/app/loyalty/members/${advocateId}`, MEMBER);
    expect(member.status).toBe(200);
    expect(member.body.referrals).toHaveLength(5);
    expect(member.body.referrals.filter((r) => r.status === "rewarded").map((r) => r.orderId)).toEqual([String(first.id)]);
  });

  it("takes the advocate's points back once when the friend's order is cancelled or refunded in full; a partial refund leaves them", async () => {
    const rewardedFirstOrder = async () => {
      const advocate = newCustomer(`advocate-${randomUUID()}@example.com`);
      const panel = (await (await fetch(appProxyUrl(stack, "/loyalty", { customerId: advocate.id }))).json()) as { customer: { referral: { path: string } } };
      const code = decodeURIComponent(panel.customer.referral.path.slice("/apps/encore/r/".length));
      const order = paidOrder(newCustomer(), { referral: code, shipTo: address(`${randomUUID().slice(0, 4)} Friend Street`) });
      await deliverWebhook(stack, "orders/paid", orderPayload(source(), order));
      expect(await referralOf(order.id)).toMatchObject({ status: "rewarded", points: 300 });
      return { advocateId: String(advocate.id), order };
    };
    const balanceOf = (customerId: string) => stack.db.loyaltyBalance.findUniqueOrThrow({ where: { shop_customerId: { shop: stack.shop, customerId } } });
    const refund = (order: SandboxOrder, subtotalCents: number): SandboxRefund => ({
      id: stack.sandbox.context.store.nextId(),
      createdAt: new Date().toISOString(),
      note: "",
      refundLineItems: [{ lineItemId: order.lineItems[0].id, quantity: 1, subtotalCents }],
      shippingRefundCents: 0,
    });

    // Cancelled: a partial refund first changes nothing, the cancellation takes all 300 back, once.
    const cancelled = await rewardedFirstOrder();
    const partial = refund(cancelled.order, Math.floor(cancelled.order.subtotalCents / 3));
    await deliverWebhook(stack, "refunds/create", refundPayload(source(), { ...cancelled.order, refunds: [partial] }, partial));
    expect(await referralOf(cancelled.order.id)).toMatchObject({ status: "rewarded" });
    expect((await balanceOf(cancelled.advocateId)).available).toBe(300);
    const cancelledOrder = { ...cancelled.order, refunds: [partial], cancelledAt: new Date().toISOString(), updatedAt: new Date(Date.now() + 1000).toISOString() };
    await deliverWebhook(stack, "orders/cancelled", orderPayload(source(), cancelledOrder));
    await deliverWebhook(stack, "orders/cancelled", orderPayload(source(), cancelledOrder)); // redelivered
    expect(await referralOf(cancelled.order.id)).toMatchObject({ status: "reversed", reason: "Friend's order cancelled", points: 300 });
    expect((await referralEntries(cancelled.advocateId)).map((e) => [e.sourceKey, e.kind, e.points, e.shortfall])).toEqual([
      [`referral:${cancelled.order.id}`, "adjust", 300, 0],
      [`referral:${cancelled.order.id}:reversed`, "clawback", -300, 0],
    ]);
    expect(await balanceOf(cancelled.advocateId)).toMatchObject({ available: 0, shortfall: 0 });

    // Refunded in full after the advocate spent 200 of the 300: the 100 left are taken, 200 recorded as shortfall.
    const refunded = await rewardedFirstOrder();
    expect((await adjustPoints(stack.db, stack.shop, refunded.advocateId, -200, `adjust:${randomUUID()}`, "Spent on a reward")).ok).toBe(true);
    const whole = refund(refunded.order, refunded.order.subtotalCents);
    await deliverWebhook(stack, "refunds/create", refundPayload(source(), { ...refunded.order, refunds: [whole] }, whole));
    await deliverWebhook(stack, "refunds/create", refundPayload(source(), { ...refunded.order, refunds: [whole] }, whole)); // redelivered
    expect(await referralOf(refunded.order.id)).toMatchObject({ status: "reversed", reason: "Friend's order refunded" });
    expect((await referralEntries(refunded.advocateId)).map((e) => [e.kind, e.points, e.shortfall])).toEqual([
      ["adjust", 300, 0],
      ["clawback", -100, 200],
    ]);
    expect(await balanceOf(refunded.advocateId)).toMatchObject({ available: 0, shortfall: 200 });
    expect(await verifyLedger(stack.db, stack.shop)).toEqual([]);

    // The merchant reads what happened on the advocate's page.
    const member = await adminGet<{ referrals: { orderId: string; status: string; reason: string | null }[] }>(`/app/loyalty/members/${refunded.advocateId}`, MEMBER);
    expect(member.body.referrals).toEqual([expect.objectContaining({ orderId: String(refunded.order.id), status: "reversed", reason: "Friend's order refunded" })]);
  });
});
