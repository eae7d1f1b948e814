import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminFetch, appProxyUrl, embeddedAppUrl, sessionToken } from "../support/shopify-requests";
import { eventually, startStack, type Stack } from "../support/stack";

// Merchant rules and settings through the real admin routes (session token) and what the
// storefront then gets through the signed app proxy, on a shop whose history was imported.
let stack: Stack;
const OTHER_SHOP = "someone-else.myshopify.com";

type Item = { productId: string; handle: string; source: string };
type ProxyBody = { productId: string; items: Item[]; holdoutPercent: number; bundle: unknown };

async function recommendations(productId: string, query: Record<string, string> = {}): Promise<ProxyBody> {
  const response = await fetch(appProxyUrl(stack, "/recommendations", { query: { product_id: productId, ...query } }));
  expect(response.status).toBe(200);
  return (await response.json()) as ProxyBody;
}

async function post(route: "rules" | "settings", fields: Record<string, string>) {
  const response = await adminFetch(`${stack.app.url}/app/cross-sell/${route}?_data=routes%2Fapp.cross-sell.${route}`, {
    method: "POST",
    bearer: sessionToken(stack),
    body: new URLSearchParams(fields),
  });
  return { status: response.status, body: (await response.json()) as { ok?: boolean; saved?: boolean; errors: Record<string, string> } };
}

let anchor: string;
let bought: Item[];

beforeAll(async () => {
  stack = await startStack();
  expect((await adminFetch(embeddedAppUrl(stack))).status).toBe(200);
  // The cross-sell page starts the history import, and the collections sync with it.
  await eventually(
    async () => {
      const page = await adminFetch(`${stack.app.url}/app/cross-sell?_data=routes%2Fapp.cross-sell._index`, { bearer: sessionToken(stack) });
      const body = (await page.json()) as { historyImport: { stage: string } | null };
      return body.historyImport?.stage === "done";
    },
    "the history import to finish",
    150_000,
  );
  await eventually(async () => (await stack.db.collectionSync.findUnique({ where: { shop: stack.shop } }))?.status === "done", "collections", 30_000);
  const matcha = stack.sandbox.context.store.productByHandle("ceremonial-matcha")!;
  anchor = String(matcha.id);
  bought = (await recommendations(anchor, { limit: "4" })).items;
}, 200_000);
afterAll(async () => {
  await stack?.stop();
});

describe("collections", () => {
  it("are synced from the Admin API with their products", async () => {
    const { store } = stack.sandbox.context;
    expect(await stack.db.shopCollection.count({ where: { shop: stack.shop } })).toBe(store.state.collections.length);
    const memberships = store.state.collections.reduce((sum, c) => sum + new Set(c.productIds).size, 0);
    expect(await stack.db.collectionMembership.count({ where: { shop: stack.shop } })).toBe(memberships);
  });
});

describe("rules change what the storefront gets", () => {
  it("answers with sources, the holdout share and no bundle by default", async () => {
    const body = await recommendations(anchor);
    expect(body.items).toHaveLength(4); // the default "items to show"
    expect(body.items[0].source).toBe("bought-together");
    expect(body.holdoutPercent).toBe(5);
    expect(body.bundle).toBeNull();
  });

  it("a pin puts the merchant's products first, in order", async () => {
    const products = await stack.db.product.findMany({ where: { shop: stack.shop, status: "ACTIVE", isGiftCard: false }, orderBy: { id: "asc" } });
    const pinned = products.filter((p) => p.id !== anchor && !bought.some((b) => b.productId === p.id)).slice(0, 2);
    const saved = await post("rules", { intent: "save", kind: "pin", productId: anchor, complementIds: `${pinned[1].id},${pinned[0].id}` });
    expect(saved.status).toBe(200);
    const rule = await stack.db.crossSellRule.findFirstOrThrow({ where: { shop: stack.shop, kind: "pin" } });
    const body = await recommendations(anchor, { limit: "4" });
    expect(body.items.slice(0, 2)).toEqual([
      { productId: pinned[1].id, handle: pinned[1].handle, source: `pin:${rule.id}` },
      { productId: pinned[0].id, handle: pinned[0].handle, source: `pin:${rule.id}` },
    ]);
    expect(body.items[2]).toEqual(bought[0]);

    // The admin preview shows the same list and says why.
    const page = await adminFetch(`${stack.app.url}/app/cross-sell?product=${anchor}&_data=routes%2Fapp.cross-sell._index`, { bearer: sessionToken(stack) });
    const preview = ((await page.json()) as { preview: { productId: string; source: string; reason: string }[] }).preview;
    expect(preview.slice(0, 3).map((p) => p.productId)).toEqual(body.items.slice(0, 3).map((i) => i.productId));
    expect(preview[0].reason).toMatch(/^Pinned by your rule/);
    expect(preview[2].reason).toMatch(/Bought together in \d+ orders?|Often bought/);
  });

  it("an exclusion removes a product everywhere", async () => {
    const excluded = bought[0];
    expect((await post("rules", { intent: "save", kind: "exclude", productId: excluded.productId })).status).toBe(200);
    const body = await recommendations(anchor, { limit: "8" });
    expect(body.items.map((i) => i.productId)).not.toContain(excluded.productId);
    expect(body.items.map((i) => i.productId)).toContain(bought[1].productId);
  });

  it("a pair exclusion removes the pair both ways", async () => {
    const other = bought[1];
    expect((await post("rules", { intent: "save", kind: "exclude-pair", productId: other.productId, otherProductId: anchor })).status).toBe(200);
    expect((await recommendations(anchor, { limit: "8" })).items.map((i) => i.productId)).not.toContain(other.productId);
    expect((await recommendations(other.productId, { limit: "8" })).items.map((i) => i.productId)).not.toContain(anchor);
  });

  it("a category rule fills a product with no orders from the chosen collection", async () => {
    const noOrders = await stack.db.product.findFirstOrThrow({
      where: { shop: stack.shop, status: "ACTIVE", id: { notIn: (await stack.db.productBasketCount.findMany({ where: { shop: stack.shop } })).map((r) => r.productId) } },
    });
    const target = await stack.db.shopCollection.findFirstOrThrow({ where: { shop: stack.shop, handle: "accessories" } });
    const saved = await post("rules", {
      intent: "save",
      kind: "category",
      matchKind: "product-type",
      matchValue: noOrders.productType,
      targets: `collection:${target.id}`,
    });
    expect(saved.status).toBe(200);
    const rule = await stack.db.crossSellRule.findFirstOrThrow({ where: { shop: stack.shop, kind: "category" } });
    const body = await recommendations(noOrders.id, { limit: "2" });
    const members = (await stack.db.collectionMembership.findMany({ where: { shop: stack.shop, collectionId: target.id } })).map((m) => m.productId);
    expect(body.items.length).toBeGreaterThan(0);
    for (const item of body.items) {
      expect(item.source).toBe(`rule:${rule.id}`);
      expect(members).toContain(item.productId);
    }
  });

  it("settings set how many items the storefront gets and the holdout share", async () => {
    const saved = await post("settings", {
      itemsToShow: "2",
      hideOutOfStock: "on",
      hideUnpublished: "on",
      hideGiftCards: "on",
      hideInCart: "on",
      fallbackOrder: "best-sellers,manual-rules,same-collection,same-type,same-vendor",
      holdoutPercent: "10",
    });
    expect(saved).toEqual({ status: 200, body: { saved: true, errors: {} } });
    const body = await recommendations(anchor);
    expect(body.items).toHaveLength(2);
    expect(body.holdoutPercent).toBe(10);
    // Products already in the cart are left out when the shop hides them.
    const withCart = await recommendations(anchor, { exclude: body.items[0].productId, limit: "3" });
    expect(withCart.items.map((i) => i.productId)).not.toContain(body.items[0].productId);
  });
});

describe("bad input", () => {
  it("a pin with a product from nowhere is refused with a message, and nothing is saved", async () => {
    const before = await stack.db.crossSellRule.count({ where: { shop: stack.shop } });
    const response = await post("rules", { intent: "save", kind: "pin", productId: anchor, complementIds: "999999999" });
    expect(response.status).toBe(400);
    expect(response.body.errors.complementIds).toBe("Product 999999999 is not in your shop");
    const missing = await post("rules", { intent: "save", kind: "category", matchKind: "collection", matchValue: "", targets: "" });
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toMatchObject({ matchValue: "Enter what the products have in common" });
    const unknownCollection = await post("rules", { intent: "save", kind: "category", matchKind: "vendor", matchValue: "Encore", targets: "collection:424242" });
    expect(unknownCollection.status).toBe(400);
    expect(unknownCollection.body.errors.targets).toMatch(/Collection 424242 is not in your shop/);
    expect(await stack.db.crossSellRule.count({ where: { shop: stack.shop } })).toBe(before);
  });

  it("settings out of range are refused with a message, and nothing is saved", async () => {
    const before = await stack.db.crossSellSettings.findUnique({ where: { shop: stack.shop } });
    const response = await post("settings", { itemsToShow: "12", fallbackOrder: "best-sellers", holdoutPercent: "80" });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual({
      itemsToShow: "Items to show must be between 1 and 8",
      fallbackOrder: expect.stringContaining("exactly once") as unknown as string,
      holdoutPercent: "Holdout must be between 0 and 50 percent",
    });
    expect(await stack.db.crossSellSettings.findUnique({ where: { shop: stack.shop } })).toEqual(before);
  });

  it("the proxy still explains bad input with a 400", async () => {
    const response = await fetch(appProxyUrl(stack, "/recommendations", { query: { product_id: "1", exclude: "a,b" } }));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: "exclude must be comma-separated numeric product ids" });
  });
});

describe("shops are kept apart", () => {
  it("another shop's rules never apply here, and cannot be deleted from here", async () => {
    const victim = (await recommendations(anchor, { limit: "8" })).items[0];
    const foreign = await stack.db.crossSellRule.create({ data: { shop: OTHER_SHOP, kind: "exclude", productId: victim.productId } });
    const foreignPin = await stack.db.crossSellRule.create({ data: { shop: OTHER_SHOP, kind: "pin", productId: anchor, targetIds: JSON.stringify([bought[3].productId]) } });
    await stack.db.crossSellSettings.create({
      data: { shop: OTHER_SHOP, itemsToShow: 8, hideOutOfStock: false, hideUnpublished: false, hideGiftCards: false, hideInCart: false, fallbackOrder: "[]", holdoutPercent: 50 },
    });
    await new Promise((resolve) => setTimeout(resolve, 5_100)); // past the per-process cache
    const body = await recommendations(anchor, { limit: "8" });
    expect(body.items[0]).toEqual(victim);
    expect(body.holdoutPercent).toBe(10);
    expect(body.items.map((i) => i.source)).not.toContain(`pin:${foreignPin.id}`);

    const deleted = await post("rules", { intent: "delete", id: foreign.id });
    expect(deleted.status).toBe(404);
    expect(await stack.db.crossSellRule.count({ where: { id: foreign.id } })).toBe(1);
  });

  it("renders the rules and settings pages in the embedded admin", async () => {
    const rules = await adminFetch(embeddedAppUrl(stack, "/app/cross-sell/rules"));
    expect(rules.status).toBe(200);
    const html = await rules.text();
    expect(html).toContain("Cross-sell rules");
    expect(html).toContain("Refresh collections");
    const settings = await adminFetch(embeddedAppUrl(stack, "/app/cross-sell/settings"));
    expect(settings.status).toBe(200);
    expect(await settings.text()).toContain("When a product has too few orders");
  });

  it("the rules page lists only this shop's rules", async () => {
    const page = await adminFetch(`${stack.app.url}/app/cross-sell/rules?_data=routes%2Fapp.cross-sell.rules`, { bearer: sessionToken(stack) });
    expect(page.status).toBe(200);
    const body = (await page.json()) as { rules: { id: string }[]; collections: unknown[] };
    const own = await stack.db.crossSellRule.findMany({ where: { shop: stack.shop }, select: { id: true } });
    expect(body.rules.map((r) => r.id).sort()).toEqual(own.map((r) => r.id).sort());
    expect(body.collections.length).toBeGreaterThan(0);
  });
});
