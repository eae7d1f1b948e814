import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signHs256 } from "../../app/shopify/post-purchase-token";
import type { SandboxProduct } from "../../app/sandbox/store/types";
import { adminFetch, embeddedAppUrl, sessionToken } from "../support/shopify-requests";
import { eventually, startStack, TEST_API_SECRET, type Stack } from "../support/stack";

// The one-click post-purchase offer over real HTTP: a sandbox checkout leads to Shopify's
// post-purchase page; the extension's calls to Encore need Shopify's token (forged or expired:
// 401, nothing written); Encore offers a complement and signs the changeset; the sandbox applies
// it once (a replayed jti is refused) and the order-updated webhook brings the new line into
// Encore's database.
let stack: Stack;

interface PageInput {
  token: string;
  initialPurchase: { referenceId: string; lineItems: { product: { id: number; variant: { id: number } }; quantity: number }[] };
}

/** A shopper on the sandbox storefront, keeping the cart cookie. */
class Shopper {
  private cookie = "";
  constructor(private readonly base: string) {}
  async request(path: string, init: RequestInit = {}) {
    const headers = new Headers(init.headers);
    if (this.cookie) headers.set("cookie", this.cookie);
    const response = await fetch(`${this.base}${path}`, { ...init, headers, redirect: "manual" });
    const cart = response.headers.getSetCookie().find((c) => c.startsWith("cart="));
    if (cart) this.cookie = cart.split(";")[0];
    return response;
  }
}

function saveSettings(fields: Record<string, string>) {
  return adminFetch(`${stack.app.url}/app/flows?_data=routes%2Fapp.flows`, {
    method: "POST",
    bearer: sessionToken(stack),
    body: new URLSearchParams({ intent: "post-purchase-settings", ...fields }),
  });
}

/** Checks out one unit of the product and returns the post-purchase page's inputData. */
async function checkOut(product: SandboxProduct): Promise<{ orderId: number; input: PageInput }> {
  const shopper = new Shopper(stack.sandbox.context.config.publicUrl);
  const variant = product.variants.find((v) => v.inventoryQuantity > 3)!;
  expect((await shopper.request("/cart/add.js", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ items: [{ id: variant.id, quantity: 1 }] }) })).status).toBe(200);
  const placed = await shopper.request("/checkout", { method: "POST", body: new URLSearchParams({ email: "pat@example.com", address1: "1 Main St", city: "Springfield", province_code: "NY", zip: "10001" }) });
  const location = placed.headers.get("location")!;
  const orderId = Number(/^\/checkouts\/post-purchase\/(\d+)$/.exec(location)![1]);
  const html = await (await shopper.request(location)).text();
  const config = JSON.parse(/<script type="application\/json" id="post-purchase-config">(.*?)<\/script>/s.exec(html)![1]) as { inputData: PageInput };
  return { orderId, input: config.inputData };
}

function callEncore(path: string, token: string, body: unknown) {
  return fetch(`${stack.app.url}/api/post-purchase/${path}`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
}

const offerBody = (input: PageInput) => ({
  referenceId: input.initialPurchase.referenceId,
  lineItems: input.initialPurchase.lineItems.map((l) => ({ productId: String(l.product.id), variantId: String(l.product.variant.id), quantity: l.quantity })),
});

function applyInSandbox(orderId: number, token: string) {
  return fetch(`${stack.sandbox.context.config.publicUrl}/checkouts/post-purchase/${orderId}/apply`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ token }) });
}

/** A product the cross-sell engine has complements for (computed by the install's history import). */
async function productWithComplements(): Promise<SandboxProduct> {
  const rows = await stack.db.productComplements.findMany({ where: { shop: stack.shop }, take: 50 });
  const { store } = stack.sandbox.context;
  for (const row of rows) {
    const product = store.product(Number(row.productId));
    if (product?.status === "ACTIVE" && product.variants.some((v) => v.inventoryQuantity > 3) && (JSON.parse(row.complements) as unknown[]).length >= 3) return product;
  }
  throw new Error("No product with complements in the demo shop");
}

beforeAll(async () => {
  stack = await startStack();
  expect((await adminFetch(embeddedAppUrl(stack))).status).toBe(200);
  await eventually(async () => (await stack.db.historyImport.findUnique({ where: { shop: stack.shop } }))?.stage === "done", "the history import", 180_000);
}, 240_000);
afterAll(async () => {
  await stack?.stop();
});

describe("the post-purchase offer", () => {
  it("is off until the merchant switches it on; bad settings are refused with a message per field", async () => {
    const product = await productWithComplements();
    const { input } = await checkOut(product);
    const off = await callEncore("offer", input.token, offerBody(input));
    expect(await off.json()).toEqual({ offers: [] });

    const bad = await saveSettings({ enabled: "true", discountPercent: "95", maxOffersPerOrder: "0" });
    expect(bad.status).toBe(400);
    expect((await bad.json()).postPurchase.fieldErrors).toEqual({ discountPercent: "The discount can be at most 90%.", maxOffersPerOrder: "Show at least one offer (or switch the offer off)." });
    expect(await stack.db.postPurchaseSettings.findUnique({ where: { shop: stack.shop } })).toBeNull();

    expect((await saveSettings({ enabled: "true", discountPercent: "20", maxOffersPerOrder: "1" })).status).toBe(200);
    expect(await stack.db.postPurchaseSettings.findUnique({ where: { shop: stack.shop } })).toMatchObject({ enabled: true, discountPercent: 20, maxOffersPerOrder: 1 });
  });

  it("answers 401 to a forged, expired or misdirected token, and writes nothing", async () => {
    const product = await productWithComplements();
    const { input } = await checkOut(product);
    const claims = JSON.parse(Buffer.from(input.token.split(".")[1], "base64url").toString()) as Record<string, unknown>;
    const now = Math.floor(Date.now() / 1000);
    const refused = [
      signHs256(claims, "not-the-app-secret"),
      signHs256({ ...claims, iat: now - 7200, exp: now - 3600 }, TEST_API_SECRET),
      signHs256({ ...claims, iss: "someone" }, TEST_API_SECRET),
      signHs256({ ...claims, sub: "another-purchase" }, TEST_API_SECRET),
      "garbage",
    ];
    for (const token of refused) {
      const offer = await callEncore("offer", token, offerBody(input));
      expect(offer.status).toBe(401);
      const sign = await callEncore("sign-changeset", token, { referenceId: input.initialPurchase.referenceId, offerId: "00000000-0000-4000-8000-000000000000" });
      expect(sign.status).toBe(401);
    }
    expect((await fetch(`${stack.app.url}/api/post-purchase/offer`, { method: "POST", body: JSON.stringify(offerBody(input)) })).status).toBe(401);
    expect(await stack.db.postPurchaseOffer.count({ where: { shop: stack.shop, referenceId: input.initialPurchase.referenceId } })).toBe(0);
  });

  it("offers a complement, signs the changeset once, and the sandbox applies it once; the order webhook brings the line to Encore", async () => {
    const product = await productWithComplements();
    const { orderId, input } = await checkOut(product);
    const referenceId = input.initialPurchase.referenceId;

    const preflight = await fetch(`${stack.app.url}/api/post-purchase/offer`, { method: "OPTIONS" });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-headers")).toContain("Authorization");

    const offerResponse = await callEncore("offer", input.token, offerBody(input));
    expect(offerResponse.status).toBe(200);
    const { offers } = (await offerResponse.json()) as { offers: { id: string; productId: string; variantId: string; unitPriceCents: number; priceCents: number; discountPercent: number }[] };
    expect(offers).toHaveLength(1);
    const [offer] = offers;
    expect(offer.productId).not.toBe(String(product.id));
    expect(offer.discountPercent).toBe(20);
    expect(offer.priceCents).toBe(offer.unitPriceCents - Math.round(offer.unitPriceCents * 0.2));
    // The same purchase asks again (a reload): the same offer, not a second one.
    const again = (await (await callEncore("offer", input.token, offerBody(input))).json()) as { offers: { id: string }[] };
    expect(again.offers.map((o) => o.id)).toEqual([offer.id]);

    const signed = await callEncore("sign-changeset", input.token, { referenceId, offerId: offer.id });
    expect(signed.status).toBe(200);
    const { token } = (await signed.json()) as { token: string };
    expect((await callEncore("sign-changeset", input.token, { referenceId, offerId: offer.id })).status).toBe(409);

    const applied = await applyInSandbox(orderId, token);
    expect(await applied.json()).toMatchObject({ status: "processed" });
    const replay = await applyInSandbox(orderId, token);
    expect(replay.status).toBe(422);
    expect((await replay.json()).errors[0].code).toBe("changeset_already_applied");

    const order = stack.sandbox.context.store.order(orderId)!;
    expect(order.lineItems.filter((l) => String(l.variantId) === offer.variantId)).toHaveLength(1);

    const line = await eventually(
      async () => stack.db.orderLine.findFirst({ where: { shop: stack.shop, orderId: String(orderId), variantId: offer.variantId } }),
      "the added line in Encore's database (orders/updated)",
    );
    expect(line).toMatchObject({ quantity: 1, unitPriceCents: offer.unitPriceCents, discountCents: offer.unitPriceCents - offer.priceCents });
    expect(await stack.db.postPurchaseOffer.findFirst({ where: { shop: stack.shop, id: offer.id } })).toMatchObject({ status: "accepted", referenceId });
  });
});
