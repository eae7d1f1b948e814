// The merchant's loyalty pages through real HTTP (session token) on the built app and the test
// database: saving the program, tiers, the members list and a member's page, manual adjustments
// (idempotent per submission), and bad input answered 4xx with nothing written.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runLoyaltyExpiry } from "../../app/loyalty/expiry.server";
import { verifyLedger } from "../../app/loyalty/ledger.server";
import type { SandboxCustomer, SandboxOrder, SandboxRefund } from "../../app/sandbox/store/types";
import { customerPayload, orderPayload, refundPayload } from "../../app/sandbox/webhooks/payloads";
import { adminFetch, embeddedAppUrl, sessionToken } from "../support/shopify-requests";
import { deliverWebhook } from "../support/sandbox-shop";
import { eventually, startStack, type Stack } from "../support/stack";

let stack: Stack;
const OTHER_SHOP = "someone-else.myshopify.com";

beforeAll(async () => {
  stack = await startStack();
  expect((await adminFetch(embeddedAppUrl(stack))).status).toBe(200); // install: the shop and its session
  await eventually(() => stack.db.session.findFirst({ where: { shop: stack.shop } }), "the shop's session");
  await stack.db.customer.createMany({
    data: [
      { shop: stack.shop, id: "900001", email: "ada@example.com", firstName: "Ada", lastName: "Lovelace" },
      { shop: stack.shop, id: "900002", email: "grace@example.com", firstName: "Grace", lastName: "Hopper" },
      { shop: OTHER_SHOP, id: "900003", email: "other@example.com", firstName: "Other", lastName: "Shop" },
    ],
  });
  await stack.db.loyaltyBalance.create({ data: { shop: OTHER_SHOP, customerId: "900003", available: 500, lifetimeEarned: 500 } });
}, 120_000);
afterAll(async () => {
  await stack?.stop();
});

const routeId = (path: string) => `routes/app.${path.replace(/^\/app\//, "").replace(/\/(\d+)$/, "/$customerId").replaceAll("/", ".")}`;

async function get<T>(path: string, routeFile = routeId(path)) {
  const response = await adminFetch(`${stack.app.url}${path}${path.includes("?") ? "&" : "?"}_data=${encodeURIComponent(routeFile)}`, { bearer: sessionToken(stack) });
  return { status: response.status, body: (await response.json()) as T };
}

async function post<T = { ok?: boolean; saved?: boolean; duplicate?: boolean; errors: Record<string, string> }>(path: string, routeFile: string, fields: Record<string, string>) {
  const response = await adminFetch(`${stack.app.url}${path}?_data=${encodeURIComponent(routeFile)}`, {
    method: "POST",
    bearer: sessionToken(stack),
    body: new URLSearchParams(fields),
  });
  return { status: response.status, body: (await response.json()) as T };
}

const PROGRAM = "routes/app.loyalty._index";
const MEMBER = "routes/app.loyalty.members.$customerId";
const programForm = {
  enabled: "on",
  pointsPerUnit: "2",
  earningBasis: "subtotal",
  pendingDays: "7",
  pointsPerMoneyUnit: "200",
  tierBasis: "points",
  tierWindow: "lifetime",
  expiryReminderDays: "14",
  signupPoints: "0",
  firstOrderPoints: "0",
  birthdayPoints: "0",
};
const balanceOf = (customerId: string, shop = stack.shop) => stack.db.loyaltyBalance.findUnique({ where: { shop_customerId: { shop, customerId } } });
const entryCount = () => stack.db.loyaltyEntry.count();

describe("the program page", () => {
  it("saves the program in one go and refuses bad input field by field, saving nothing", async () => {
    const saved = await post("/app/loyalty", PROGRAM, programForm);
    expect(saved).toMatchObject({ status: 200, body: { saved: true } });
    const row = await stack.db.loyaltyProgram.findUniqueOrThrow({ where: { shop: stack.shop } });
    expect(row).toMatchObject({ enabled: true, pointsPerUnit: 2, pendingDays: 7, pointsPerMoneyUnit: 200, expiryDays: null });
    expect(row.enabledAt).not.toBeNull();

    const bad = await post("/app/loyalty", PROGRAM, { ...programForm, enabled: "", pointsPerUnit: "-3", pendingDays: "lots" });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.errors).sort()).toEqual(["pendingDays", "pointsPerUnit"]);
    expect(bad.body.errors.pointsPerUnit).toBe("Points per unit of currency must be between 1 and 1000");
    const badExpiry = await post("/app/loyalty", PROGRAM, { ...programForm, expiryEnabled: "on", expiryDays: "5" });
    expect(badExpiry).toMatchObject({ status: 400, body: { errors: { expiryDays: expect.stringMatching(/between 30 and 3650/) } } });
    expect(await stack.db.loyaltyProgram.findUniqueOrThrow({ where: { shop: stack.shop } })).toEqual(row);
  });

  it("shows the liability at the program's points value", async () => {
    const page = await get<{ figures: { liabilityCents: number; availablePoints: number; pendingPoints: number } }>("/app/loyalty", PROGRAM);
    expect(page.status).toBe(200);
    const { figures } = page.body;
    expect(figures.liabilityCents).toBe(Math.floor(((figures.availablePoints + figures.pendingPoints) * 100) / 200));
  });
});

describe("the program page document", () => {
  it("renders the three figure cards server-side", async () => {
    const response = await adminFetch(embeddedAppUrl(stack, "/app/loyalty"));
    expect(response.status).toBe(200);
    const html = await response.text();
    for (const title of ["Points outstanding", "Redemption rate", "Repeat purchase rate, last 12 months"]) expect(html).toContain(`>${title}</h2>`);
    expect(html).toContain("(liability).");
  });
});

describe("manual adjustments", () => {
  const submission = randomUUID();

  it("adds points with a reason, once per submission however often it is sent", async () => {
    const form = { points: "400", reason: "Apology for a late parcel", submissionId: submission };
    const first = await post("/app/loyalty/members/900001", MEMBER, form);
    expect(first).toMatchObject({ status: 200, body: { ok: true, duplicate: false } });
    const again = await post("/app/loyalty/members/900001", MEMBER, form); // a double submit
    expect(again).toMatchObject({ status: 200, body: { ok: true, duplicate: true } });
    expect(await balanceOf("900001")).toMatchObject({ available: 400, lifetimeEarned: 400 });
    const entries = await stack.db.loyaltyEntry.findMany({ where: { shop: stack.shop, customerId: "900001" } });
    expect(entries).toEqual([expect.objectContaining({ kind: "adjust", points: 400, reason: "Apology for a late parcel", sourceKey: `adjust:900001:${submission}` })]);
  });

  it("refuses to take more than the spendable balance, a missing reason, zero points: 400, nothing written", async () => {
    const before = await entryCount();
    const tooMuch = await post("/app/loyalty/members/900001", MEMBER, { points: "-401", reason: "Correction", submissionId: randomUUID() });
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.body.errors.points).toBe("The customer has 400 spendable points; 401 cannot be taken.");
    const noReason = await post("/app/loyalty/members/900001", MEMBER, { points: "10", reason: "  ", submissionId: randomUUID() });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors.reason).toMatch(/Say why/);
    const zero = await post("/app/loyalty/members/900001", MEMBER, { points: "0", reason: "Nothing", submissionId: randomUUID() });
    expect(zero.status).toBe(400);
    // Taking from a customer with no balance creates no balance row either.
    const empty = await post("/app/loyalty/members/900002", MEMBER, { points: "-1", reason: "Correction", submissionId: randomUUID() });
    expect(empty.status).toBe(400);
    expect(await balanceOf("900002")).toBeNull();
    expect(await entryCount()).toBe(before);
    expect(await balanceOf("900001")).toMatchObject({ available: 400 });
  });

  it("takes points back within the balance", async () => {
    const taken = await post("/app/loyalty/members/900001", MEMBER, { points: "-150", reason: "Points given by mistake", submissionId: randomUUID() });
    expect(taken).toMatchObject({ status: 200, body: { ok: true, available: 250 } });
    expect(await balanceOf("900001")).toMatchObject({ available: 250, lifetimeEarned: 400 });
  });

  it("answers 404 for another shop's customer and an unknown one, writing nothing", async () => {
    const before = await entryCount();
    const other = await post("/app/loyalty/members/900003", MEMBER, { points: "100", reason: "Not mine", submissionId: randomUUID() });
    expect(other.status).toBe(404);
    expect((await get("/app/loyalty/members/900003", MEMBER)).status).toBe(404);
    expect((await post("/app/loyalty/members/123456789", MEMBER, { points: "5", reason: "Who?", submissionId: randomUUID() })).status).toBe(404);
    expect(await entryCount()).toBe(before);
    expect(await balanceOf("900003", OTHER_SHOP)).toMatchObject({ available: 500 });
    expect(await balanceOf("123456789")).toBeNull();
  });
});

describe("tiers", () => {
  it("are saved with validation, and a member moves up with the reason recorded", async () => {
    const TIERS = "routes/app.loyalty.tiers";
    const bad = await post("/app/loyalty/tiers", TIERS, { intent: "save", name: "", threshold: "-5", multiplierPercent: "100", discountPercent: "0" });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.errors).sort()).toEqual(["name", "threshold"]);
    expect(await stack.db.loyaltyTier.count({ where: { shop: stack.shop } })).toBe(0);

    expect((await post("/app/loyalty/tiers", TIERS, { intent: "save", name: "Silver", threshold: "300", multiplierPercent: "125", discountPercent: "3" })).status).toBe(200);
    expect((await post("/app/loyalty/tiers", TIERS, { intent: "save", name: "Gold", threshold: "1000", multiplierPercent: "150", discountPercent: "5" })).status).toBe(200);
    const duplicate = await post("/app/loyalty/tiers", TIERS, { intent: "save", name: "Gold", threshold: "2000", multiplierPercent: "150", discountPercent: "5" });
    expect(duplicate).toMatchObject({ status: 400, body: { errors: { name: "There is already a tier named Gold" } } });

    // Saving tiers re-evaluates members in a job: Ada (400 earned) reaches Silver.
    const tier = await eventually(() => stack.db.loyaltyMemberTier.findFirst({ where: { shop: stack.shop, customerId: "900001", tierName: "Silver" } }), "Ada's tier");
    expect(tier.figure).toBe(400);
    const changes = await stack.db.loyaltyTierChange.findMany({ where: { shop: stack.shop, customerId: "900001" } });
    expect(changes).toEqual([expect.objectContaining({ fromTier: null, toTier: "Silver", reason: "Reached Silver: 400 points earned in total (Silver needs 300 points). Tiers edited." })]);

    // A manual adjustment past Gold's threshold moves her up at once.
    expect((await post("/app/loyalty/members/900001", MEMBER, { points: "600", reason: "Event prize", submissionId: randomUUID() })).status).toBe(200);
    expect(await stack.db.loyaltyMemberTier.findUnique({ where: { shop_customerId: { shop: stack.shop, customerId: "900001" } } })).toMatchObject({ tierName: "Gold", figure: 1000 });
  });
});

describe("the members pages", () => {
  it("list members with balance and tier, searchable by name or email in any case", async () => {
    type List = { members: { customerId: string; name: string; available: number; tier: string | null; lifetimeEarned: number }[]; total: number };
    const all = await get<List>("/app/loyalty/members", "routes/app.loyalty.members._index");
    expect(all.status).toBe(200);
    expect(all.body.members.map((m) => m.customerId)).not.toContain("900003"); // another shop's
    const found = await get<List>("/app/loyalty/members?search=LOVELACE", "routes/app.loyalty.members._index");
    expect(found.body).toMatchObject({ total: 1, members: [{ customerId: "900001", name: "Ada Lovelace", available: 850, tier: "Gold", lifetimeEarned: 1000 }] });
    expect((await get<List>("/app/loyalty/members?search=ada%20love", "routes/app.loyalty.members._index")).body.total).toBe(1);
    expect((await get<List>("/app/loyalty/members?search=nobody", "routes/app.loyalty.members._index")).body.members).toEqual([]);
    expect((await get("/app/loyalty/members?page=0", "routes/app.loyalty.members._index")).status).toBe(400);
  });

  it("show a member's full history and tier moves", async () => {
    type Detail = { member: { entries: { kind: string; points: number; reason: string }[]; tierChanges: { toTier: string }[] } };
    const page = await get<Detail>("/app/loyalty/members/900001", MEMBER);
    expect(page.status).toBe(200);
    expect(page.body.member.entries.map((e) => [e.points, e.reason])).toEqual([
      [600, "Event prize"],
      [-150, "Points given by mistake"],
      [400, "Apology for a late parcel"],
    ]);
    expect(page.body.member.tierChanges.map((c) => c.toTier)).toEqual(["Gold", "Silver"]);
    const html = await (await adminFetch(embeddedAppUrl(stack, "/app/loyalty/members/900001"))).text();
    expect(html).toContain("Ada Lovelace");
    expect(html).toContain("Apology for a late parcel");
    // The list and the tiers page render in the embedded admin too.
    const list = await adminFetch(embeddedAppUrl(stack, "/app/loyalty/members"));
    expect(list.status).toBe(200);
    expect(await list.text()).toContain("Ada Lovelace");
    const tiersPage = await adminFetch(embeddedAppUrl(stack, "/app/loyalty/tiers"));
    expect(tiersPage.status).toBe(200);
    expect(await tiersPage.text()).toContain("Gold from 1,000 points");
  });
});

describe("points expiry", () => {
  it("records a reminder before, then expires the spendable points once, the ledger staying consistent", async () => {
    const saved = await post("/app/loyalty", PROGRAM, { ...programForm, expiryEnabled: "on", expiryDays: "90", expiryReminderDays: "14" });
    expect(saved.status).toBe(200);
    expect(await stack.db.loyaltyProgram.findUniqueOrThrow({ where: { shop: stack.shop } })).toMatchObject({ expiryDays: 90, expiryReminderDays: 14 });
    const submissionId = randomUUID();
    expect((await post("/app/loyalty/members/900002", MEMBER, { points: "100", reason: "Welcome gift", submissionId })).status).toBe(200);
    const sourceKey = `adjust:900002:${submissionId}`;
    const backdate = (days: number) =>
      stack.db.loyaltyEntry.update({ where: { shop_sourceKey: { shop: stack.shop, sourceKey } }, data: { createdAt: new Date(Date.now() - days * 86_400_000) } });

    await backdate(80); // expires in 10 days: inside the 14-day reminder period
    expect(await runLoyaltyExpiry(stack.db, stack.shop)).toEqual({ expiredCustomers: 0, expiredPoints: 0, reminders: 1 });
    expect(await runLoyaltyExpiry(stack.db, stack.shop)).toEqual({ expiredCustomers: 0, expiredPoints: 0, reminders: 0 });
    expect(await stack.db.loyaltyExpiryReminder.findMany({ where: { shop: stack.shop } })).toEqual([expect.objectContaining({ customerId: "900002", points: 100, consumedAt: null })]);

    await backdate(91);
    expect(await runLoyaltyExpiry(stack.db, stack.shop)).toEqual({ expiredCustomers: 1, expiredPoints: 100, reminders: 0 });
    expect(await runLoyaltyExpiry(stack.db, stack.shop)).toEqual({ expiredCustomers: 0, expiredPoints: 0, reminders: 0 });
    expect(await balanceOf("900002")).toMatchObject({ available: 0, lifetimeEarned: 100 });
    expect(await stack.db.loyaltyEntry.findMany({ where: { shop: stack.shop, customerId: "900002", kind: "expire" } })).toEqual([
      expect.objectContaining({ points: -100, sourceKey: expect.stringMatching(/^expire:900002:\d{4}-\d{2}-\d{2}$/) }),
    ]);
    expect(await balanceOf("900001")).toMatchObject({ available: 850 }); // active: untouched
    expect(await verifyLedger(stack.db, stack.shop)).toEqual([]);
  });
});

describe("action rules from webhooks", () => {
  it("award account creation once, and the first order bonus once its points are spendable", async () => {
    const saved = await post("/app/loyalty", PROGRAM, { ...programForm, signupPoints: "50", firstOrderPoints: "200" });
    expect(saved.status).toBe(200);
    const { store } = stack.sandbox.context;
    const source = { shop: store.state.shop, store };
    const now = new Date().toISOString();
    const customer: SandboxCustomer = { ...store.state.customers[0], id: store.nextId(), email: `new-${randomUUID()}@example.com`, createdAt: now, updatedAt: now };
    const customerId = String(customer.id);
    store.state.customers.push(customer); // the sandbox shop has the new account (orders name it)
    await deliverWebhook(stack, "customers/create", customerPayload(source, customer));
    await deliverWebhook(stack, "customers/create", customerPayload(source, customer)); // redelivered
    expect(await stack.db.loyaltyEntry.findMany({ where: { shop: stack.shop, customerId } })).toEqual([
      expect.objectContaining({ sourceKey: `action:signup:${customerId}`, kind: "adjust", points: 50, reason: "Account created" }),
    ]);

    const template = store.state.orders.find((o) => o.customerId && o.financialStatus === "PAID" && !o.cancelledAt && o.refunds.length === 0 && o.subtotalCents >= 5_000)!;
    const orderId = store.nextId();
    let order: SandboxOrder = {
      ...template,
      id: orderId,
      name: `#P${orderId}`,
      customerId: customer.id,
      email: customer.email,
      createdAt: now,
      processedAt: now,
      updatedAt: now,
      lineItems: template.lineItems.map((line) => ({ ...line, id: store.nextId() })),
      fulfillmentStatus: "UNFULFILLED",
      fulfilledAt: null,
      cancelledAt: null,
      refunds: [],
    };
    await deliverWebhook(stack, "orders/paid", orderPayload(source, order));
    const award = Math.floor((order.subtotalCents * 2) / 100);
    expect(await balanceOf(customerId)).toMatchObject({ available: 50, pending: award });
    expect(await stack.db.loyaltyEntry.count({ where: { shop: stack.shop, sourceKey: `action:first-order:${customerId}` } })).toBe(0);

    const later = new Date(Date.now() + 1000).toISOString();
    order = { ...order, fulfillmentStatus: "FULFILLED", fulfilledAt: later, updatedAt: later };
    await deliverWebhook(stack, "orders/fulfilled", orderPayload(source, order));
    await deliverWebhook(stack, "orders/updated", orderPayload(source, order));
    expect(await balanceOf(customerId)).toMatchObject({ available: 50 + award + 200, pending: 0, lifetimeEarned: 50 + award + 200 });
    expect(await stack.db.loyaltyEntry.findMany({ where: { shop: stack.shop, sourceKey: `action:first-order:${customerId}` } })).toEqual([
      expect.objectContaining({ points: 200, reason: `First order bonus (order #P${orderId})` }),
    ]);
    expect(await verifyLedger(stack.db, stack.shop)).toEqual([]);

    // The member's figures reach Shopify (a task after the change): customer metafields and the tier tag.
    expect((await post(`/app/loyalty/members/${customerId}`, MEMBER, { points: "10", reason: "Sync check", submissionId: randomUUID() })).status).toBe(200);
    const balance = (await balanceOf(customerId))!;
    const tier = await stack.db.loyaltyMemberTier.findUniqueOrThrow({ where: { shop_customerId: { shop: stack.shop, customerId } } });
    expect(tier.tierName).toBe("Silver"); // 50 + the order's points + 200 >= 300
    // The sync record is written once Shopify took every write (metafields, then the tag).
    const version = (await stack.db.loyaltyBalance.findUniqueOrThrow({ where: { shop_customerId: { shop: stack.shop, customerId } } })).version;
    const synced = await eventually(
      async () => {
        const row = await stack.db.loyaltyShopifySync.findUnique({ where: { shop_customerId: { shop: stack.shop, customerId } } });
        return row?.syncedVersion === version ? row : null;
      },
      "the member's figures written to the sandbox shop",
      30_000,
    );
    expect(synced.tierTag).toBe("loyalty-tier-silver");
    const inShopify = store.customer(customer.id)!;
    const values = Object.fromEntries(inShopify.metafields!.map((m) => [`${m.namespace}.${m.key}`, m.value]));
    expect(values).toEqual({ "app--1--loyalty.points": String(balance.available), "app--1--loyalty.pending": "0", "app--1--loyalty.tier": "Silver" });
    expect(inShopify.tags).toContain("loyalty-tier-silver");

    // A Silver member's next order earns with Silver's multiplier, recorded on the earn; after the
    // merchant changes the rate, a half refund claws back half of what that order earned.
    const secondId = store.nextId();
    const second: SandboxOrder = { ...order, id: secondId, name: `#P${secondId}`, lineItems: order.lineItems.map((line) => ({ ...line, id: store.nextId() })), fulfillmentStatus: "UNFULFILLED", fulfilledAt: null };
    await deliverWebhook(stack, "orders/paid", orderPayload(source, second));
    const earn = await stack.db.loyaltyEntry.findUniqueOrThrow({ where: { shop_sourceKey: { shop: stack.shop, sourceKey: `order:${secondId}:earn` } } });
    const multiplied = Math.floor((second.subtotalCents * 2 * 125) / 10_000);
    expect(earn).toMatchObject({ rate: 2, multiplierPercent: 125, pendingPoints: multiplied, baseCents: second.subtotalCents });
    expect((await post("/app/loyalty", PROGRAM, { ...programForm, pointsPerUnit: "7", signupPoints: "50", firstOrderPoints: "200" })).status).toBe(200);
    const half = Math.floor(second.subtotalCents / 2);
    const refund: SandboxRefund = { id: store.nextId(), createdAt: new Date().toISOString(), note: "", refundLineItems: [{ lineItemId: second.lineItems[0].id, quantity: 1, subtotalCents: half }], shippingRefundCents: 0 };
    await deliverWebhook(stack, "refunds/create", refundPayload(source, { ...second, refunds: [refund] }, refund));
    const clawback = await stack.db.loyaltyEntry.findUniqueOrThrow({ where: { shop_sourceKey: { shop: stack.shop, sourceKey: `refund:${refund.id}` } } });
    expect(clawback).toMatchObject({ kind: "clawback", points: 0, pendingPoints: -Math.floor((multiplied * half) / second.subtotalCents), shortfall: 0 });
    expect(await verifyLedger(stack.db, stack.shop)).toEqual([]);
  });
});
