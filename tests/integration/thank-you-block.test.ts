// The thank-you block's endpoint (POST /api/checkout/thank-you) through real HTTP, with checkout
// session tokens minted as the sandbox's checkout mints them: the order's next-order code (made
// once, however often and however concurrently the page asks), complements of what was bought and
// the order's points; bad tokens 401, orders that are not the shop's 404, bad input 400, and none
// of those writes anything.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveLoyaltyProgram } from "../../app/loyalty/ledger.server";
import { thankYouRecord } from "../../app/flows/next-order-code.server";
import { DEFAULT_THANK_YOU_SETTINGS } from "../../app/flows/next-order-code";
import { mintCheckoutSessionToken } from "../../app/sandbox/checkout-extensions/session-token";
import { addItems, CartStore } from "../../app/sandbox/storefront/cart";
import { placeOrder } from "../../app/sandbox/storefront/checkout";
import type { SandboxCustomer } from "../../app/sandbox/store/types";
import { adminFetch, embeddedAppUrl, sessionToken } from "../support/shopify-requests";
import { eventually, startStack, type Stack } from "../support/stack";

let stack: Stack;
let boughtProductId: string;

interface Block {
  orderName: string;
  code: { code: string; percent: number; expiresAt: string; applyUrl: string } | null;
  codePending: boolean;
  recommendations: { productId: string; title: string; url: string; imageUrl: string | null; priceCents: number; currencyCode: string }[];
  loyalty: { kind: string; earned: number; available?: number; pending?: number; joinUrl?: string } | null;
}

beforeAll(async () => {
  stack = await startStack();
  await saveLoyaltyProgram(stack.db, stack.shop, { enabled: true, pointsPerUnit: 1, pendingDays: 14 });
  expect((await adminFetch(embeddedAppUrl(stack))).status).toBe(200); // install: the offline session the endpoint uses
  // The history import gives the cross-sell engine its complements; wait until it is done.
  await eventually(async () => (await stack.db.historyImport.findUnique({ where: { shop: stack.shop } }))?.stage === "done", "the history import", 120_000);
  const withComplements = await stack.db.productComplements.findFirst({ where: { shop: stack.shop, NOT: { complements: "[]" } }, orderBy: { productId: "asc" } });
  boughtProductId = withComplements!.productId;
}, 180_000);
afterAll(async () => {
  await stack?.stop();
});

const customers = () => stack.sandbox.context.store.state.customers;
const config = () => stack.sandbox.context.config;

function order(customer: SandboxCustomer) {
  const { store } = stack.sandbox.context;
  const product = store.state.products.find((p) => String(p.id) === boughtProductId)!;
  const cart = new CartStore().create();
  addItems(cart, store, [{ id: product.variants[0].id, quantity: 2 }]);
  return placeOrder(stack.sandbox.context, cart, { email: customer.email }, customer);
}

async function ask(body: unknown, token: string | null, init: { method?: string } = {}) {
  const response = await adminFetch(`${stack.app.url}/api/checkout/thank-you`, {
    method: init.method ?? "POST",
    headers: { "Content-Type": "application/json", Origin: "https://extensions.shopifycdn.com" },
    ...(token ? { bearer: token } : {}),
    body: init.method === "GET" ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: (await response.json().catch(() => null)) as (Block & { message?: string }) | null };
}

const tokenFor = (customerId: number | null, options: Parameters<typeof mintCheckoutSessionToken>[1] = {}) => mintCheckoutSessionToken(config(), { customerId, ...options });
async function saveSettings(fields: Record<string, string>) {
  const response = await adminFetch(`${stack.app.url}/app/flows?_data=routes%2Fapp.flows`, {
    method: "POST",
    bearer: sessionToken(stack),
    body: new URLSearchParams({ intent: "thank-you-settings", ...fields }),
  });
  return { status: response.status, body: (await response.json()) as { error: string | null; thankYouErrors?: Record<string, string> } };
}
const rows = () => stack.db.thankYouOrder.count({ where: { shop: stack.shop } });
const discountsWith = (code: string) => (stack.sandbox.context.store.state.discounts ?? []).filter((d) => d.codes.some((c) => c.code === code));

describe("POST /api/checkout/thank-you", () => {
  it("answers the buyer's code, complements of the order and the points it earns", async () => {
    const customer = customers()[0];
    const placed = order(customer);
    // She is a Gold member (as the tier evaluation would have written it).
    await stack.db.loyaltyMemberTier.upsert({
      where: { shop_customerId: { shop: stack.shop, customerId: String(customer.id) } },
      create: { shop: stack.shop, customerId: String(customer.id), tierName: "Gold", evaluatedAt: new Date() },
      update: { tierName: "Gold" },
    });
    const answer = await ask({ orderId: `gid://shopify/Order/${placed.id}` }, tokenFor(customer.id));
    expect(answer.status).toBe(200);
    expect(answer.headers.get("access-control-allow-origin")).toBe("*");
    const block = answer.body!;
    expect(block.orderName).toBe(placed.name);
    expect(block.code).toMatchObject({ percent: 10, code: expect.stringMatching(/^THANKS-[A-Z0-9]{8}$/) });
    expect(block.code!.applyUrl).toBe(`/discount/${block.code!.code}`);
    const days = (Date.parse(block.code!.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThanOrEqual(30);
    // One discount in Shopify, for this customer only, usable once.
    const made = discountsWith(block.code!.code);
    expect(made).toHaveLength(1);
    expect(made[0]).toMatchObject({ customerIds: [customer.id], usageLimit: 1 });

    expect(block.recommendations.length).toBeGreaterThan(0);
    expect(block.recommendations.length).toBeLessThanOrEqual(3);
    for (const product of block.recommendations) {
      expect(product.productId).not.toBe(boughtProductId);
      expect(product).toMatchObject({ title: expect.any(String), url: expect.stringMatching(/^\/products\/[\w-]+$/), currencyCode: "USD" });
      expect(product.priceCents).toBeGreaterThan(0);
      expect(product.imageUrl).toMatch(/\.(svg|png|jpe?g|webp)(\?.*)?$/); // Shopify: its CDN; the sandbox: its own assets
    }
    expect(block.loyalty).toMatchObject({ kind: "member", earned: Math.floor(placed.subtotalCents / 100), tier: "Gold" });
    expect(block.loyalty!.pending).toBeGreaterThanOrEqual(block.loyalty!.earned);
  });

  it("gives a reload, and requests at the same moment, the same code: one discount per order", async () => {
    const customer = customers()[1];
    const placed = order(customer);
    const answers = await Promise.all([1, 2, 3, 4].map(() => ask({ orderId: String(placed.id) }, tokenFor(customer.id))));
    const codes = new Set(answers.map((a) => a.body?.code?.code));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    expect(codes.size).toBe(1);
    const reload = await ask({ orderId: `gid://shopify/Order/${placed.id}` }, tokenFor(customer.id));
    expect(reload.body!.code!.code).toBe([...codes][0]);
    expect(discountsWith(reload.body!.code!.code)).toHaveLength(1);
  });

  it("shows a buyer who is not logged in the order's points and a join prompt, not a balance", async () => {
    const customer = customers()[2];
    const placed = order(customer);
    const answer = await ask({ orderId: String(placed.id) }, tokenFor(null));
    expect(answer.status).toBe(200);
    expect(answer.body!.loyalty).toEqual({ kind: "guest", earned: Math.floor(placed.subtotalCents / 100), joinUrl: "/account/register" });
    // Someone else logged in learns nothing personal either.
    const other = await ask({ orderId: String(placed.id) }, tokenFor(customers()[3].id));
    expect(other.body!.loyalty).toMatchObject({ kind: "guest" });
    expect(other.body!.code!.code).toBe(answer.body!.code!.code);
  });

  it("refuses forged, expired and missing tokens with 401, writing nothing", async () => {
    const customer = customers()[4];
    const placed = order(customer);
    const before = await rows();
    const body = { orderId: String(placed.id) };
    expect((await ask(body, tokenFor(customer.id, { secret: "not-the-app-secret" }))).status).toBe(401);
    expect((await ask(body, tokenFor(customer.id, { now: Date.now() - 10 * 60_000 }))).status).toBe(401);
    expect((await ask(body, null)).status).toBe(401);
    const forgedPayload = tokenFor(customer.id).split(".");
    forgedPayload[1] = Buffer.from(JSON.stringify({ dest: stack.shop, aud: config().apiKey, sub: "gid://shopify/Customer/1", exp: Date.now() / 1000 + 60 })).toString("base64url");
    expect((await ask(body, forgedPayload.join("."))).status).toBe(401);
    expect(await rows()).toBe(before);
  });

  it("answers 404 for an order that is not the shop's and 400 for bad input, writing nothing", async () => {
    const customer = customers()[0];
    const placed = order(customer);
    const before = await rows();
    const missing = await ask({ orderId: "gid://shopify/Order/987654321" }, tokenFor(customer.id));
    expect(missing.status).toBe(404);
    expect(missing.body!.message).toBe("Order 987654321 is not an order of this shop.");
    // A token from another shop (same app) asking for this shop's order: that shop has no Encore.
    const otherShop = mintCheckoutSessionToken({ ...config(), shopDomain: "someone-else.myshopify.com" }, { customerId: customer.id });
    expect((await ask({ orderId: String(placed.id) }, otherShop)).status).toBe(404);
    const bad = await ask({ orderId: "#1001" }, tokenFor(customer.id));
    expect(bad).toMatchObject({ status: 400, body: { message: "orderId must be a Shopify order id, e.g. gid://shopify/Order/123." } });
    expect((await ask({}, tokenFor(customer.id))).body!.message).toBe("orderId is required (the order on the thank-you page).");
    expect((await ask("{not json", tokenFor(customer.id))).status).toBe(400);
    expect((await ask(null, tokenFor(customer.id), { method: "GET" })).status).toBe(405);
    expect(await rows()).toBe(before);
  });

  it("follows the merchant's settings from the Flows page: bad values are refused, codes can be turned off", async () => {
    const before = await stack.db.thankYouSettings.findUnique({ where: { shop: stack.shop } });
    const refused = await saveSettings({ codeEnabled: "on", percent: "0", validDays: "30" });
    expect(refused).toMatchObject({ status: 400, body: { thankYouErrors: { percent: "The discount must be a whole percentage from 1 to 90." } } });
    expect(await stack.db.thankYouSettings.findUnique({ where: { shop: stack.shop } })).toEqual(before);

    expect((await saveSettings({ codeEnabled: "on", percent: "15", validDays: "60" })).status).toBe(200);
    const customer = customers()[1];
    const fifteen = await ask({ orderId: String(order(customer).id) }, tokenFor(customer.id));
    expect(fifteen.body!.code).toMatchObject({ percent: 15 });
    expect((Date.parse(fifteen.body!.code!.expiresAt) - Date.now()) / 86_400_000).toBeGreaterThan(59.9);

    expect((await saveSettings({ percent: "15", validDays: "60" })).status).toBe(200); // the box unchecked
    const off = await ask({ orderId: String(order(customer).id) }, tokenFor(customer.id));
    expect(off.status).toBe(200);
    expect(off.body!.code).toBeNull();
    expect(off.body!.recommendations.length).toBeGreaterThan(0);
    expect((await saveSettings({ codeEnabled: "on", percent: "10", validDays: "30" })).status).toBe(200);
  });
});

describe("thankYouRecord (the once-per-order row)", () => {
  const input = (orderId: string) => ({ shop: stack.shop, orderId, orderName: `#${orderId}`, customerId: "42" });

  it("asks Shopify once when ten requests race, and they all get that code", async () => {
    let calls = 0;
    const createCode = async () => {
      calls += 1;
      await new Promise((resolve) => setTimeout(resolve, 200));
      return { ok: true as const, code: `THANKS-RACE${calls}`, discountId: `gid://shopify/DiscountCodeNode/${calls}` };
    };
    const records = await Promise.all(
      Array.from({ length: 10 }, () => thankYouRecord(stack.db, DEFAULT_THANK_YOU_SETTINGS, input("555001"), { createCode, recommendations: async () => [] })),
    );
    expect(calls).toBe(1);
    expect(new Set(records.map((r) => r.code))).toEqual(new Set(["THANKS-RACE1"]));
  });

  it("shows no code when Shopify refuses, and makes it on the next visit", async () => {
    const refused = await thankYouRecord(stack.db, DEFAULT_THANK_YOU_SETTINGS, input("555002"), {
      createCode: async () => ({ ok: false, message: "Code must be unique" }),
      recommendations: async () => [],
    });
    expect(refused).toMatchObject({ status: "none", code: null });
    const retried = await thankYouRecord(stack.db, DEFAULT_THANK_YOU_SETTINGS, input("555002"), {
      createCode: async () => ({ ok: true, code: "THANKS-SECOND", discountId: "gid://shopify/DiscountCodeNode/2" }),
      recommendations: async () => [],
    });
    expect(retried).toMatchObject({ status: "issued", code: "THANKS-SECOND", percent: 10 });
  });
});
