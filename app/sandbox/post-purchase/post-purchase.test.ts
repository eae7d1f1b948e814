// The sandbox's post-purchase page: checkout leads to it, it hands the extension Shopify's token,
// and it applies an app-signed changeset exactly once (a line at the discounted price, stock taken,
// the order-edited event) and refuses anything not signed by the app for this purchase.
import { describe, expect, it } from "vitest";
import { changesetClaims, signChangeset, signHs256, verifyPostPurchaseInputToken } from "../../shopify/post-purchase-token";
import type { SandboxOrderEdit } from "../sandbox-context";
import { createStorefrontHandler } from "../storefront/handler";
import { IDS, testContext, TestShopper } from "../storefront/test-fixtures";
import type { SandboxOrder } from "../store/types";
import { extensionBundle, findPostPurchaseExtension, hostScript } from "./extension";
import { createPostPurchaseHandler } from "./handler";

async function placedOrder() {
  const { context, store, placed } = testContext();
  const edits: { order: SandboxOrder; edit: SandboxOrderEdit }[] = [];
  context.events.orderEdited = (order, edit) => void edits.push({ order, edit });
  const storefront = new TestShopper(createStorefrontHandler(), context);
  await storefront.get(`/account/login?customer_id=${IDS.ada}`);
  await storefront.postJson("/cart/add.js", { items: [{ id: IDS.coffeeSmall, quantity: 2 }] });
  const checkout = await storefront.postForm("/checkout", { email: "ada@example.com" });
  const order = placed[0];
  const page = new TestShopper(createPostPurchaseHandler(), context);
  return { context, store, order, edits, checkout, page };
}

const changes = (variantID: number, percent = 20) => [{ type: "add_variant" as const, variantID, quantity: 1, discount: { value: percent, valueType: "percentage" as const, title: "Encore offer" } }];

function changeset(context: ReturnType<typeof testContext>["context"], order: SandboxOrder, overrides: { secret?: string; apiKey?: string; sub?: string; iatMs?: number } = {}) {
  const claims = changesetClaims({ apiKey: overrides.apiKey ?? context.config.apiKey, referenceId: overrides.sub ?? String(order.id), changes: changes(IDS.mugVariant), nowMs: overrides.iatMs });
  return signChangeset(claims, overrides.secret ?? context.config.apiSecret);
}

describe("the post-purchase page", () => {
  it("comes after checkout, and gives the extension a token Shopify signs for this purchase and shop", async () => {
    const { context, order, checkout, page } = await placedOrder();
    expect(checkout.headers.get("location")).toBe(`/checkouts/post-purchase/${order.id}`);
    const html = await (await page.get(`/checkouts/post-purchase/${order.id}`)).text();
    const config = JSON.parse(/<script type="application\/json" id="post-purchase-config">(.*?)<\/script>/s.exec(html)![1]);
    expect(config.inputData.initialPurchase).toMatchObject({ referenceId: String(order.id), lineItems: [{ product: { id: IDS.coffee, variant: { id: IDS.coffeeSmall } }, quantity: 2 }] });
    expect(verifyPostPurchaseInputToken(config.inputData.token, context.config.apiSecret)).toEqual({ ok: true, input: { referenceId: String(order.id), shop: context.config.shopDomain } });
    expect(config.thankYouUrl).toBe(`/checkouts/thank-you/${order.id}`);
  });

  it("calculates the price change of a changeset", async () => {
    const { order, page } = await placedOrder();
    const response = await page.postJson(`/checkouts/post-purchase/${order.id}/calculate`, { changeset: { changes: changes(IDS.mugVariant) } });
    const result = await response.json();
    // $24.00 mug, 20% off = $19.20, 7% tax = $1.34
    expect(result.status).toBe("processed");
    expect(result.calculatedPurchase.totalOutstandingSet.shopMoney.amount).toBe("20.54");
    expect(result.calculatedPurchase.addedTaxLines[0].priceSet.shopMoney.amount).toBe("1.34");
    expect(result.calculatedPurchase.updatedLineItems[0]).toMatchObject({ variantId: IDS.mugVariant, totalPriceSet: { shopMoney: { amount: "19.20" } } });
  });

  it("applies an app-signed changeset once: the line at the discounted price, stock taken, the edit announced", async () => {
    const { context, store, order, edits, page } = await placedOrder();
    const before = { total: order.totalCents, stock: store.variant(IDS.mugVariant)!.variant.inventoryQuantity };
    const token = changeset(context, order);
    const applied = await page.postJson(`/checkouts/post-purchase/${order.id}/apply`, { token });
    expect(await applied.json()).toEqual({ status: "processed", errors: [], changesetApplicationsRemaining: 2 });
    expect(order.lineItems.at(-1)).toMatchObject({ variantId: IDS.mugVariant, quantity: 1, priceCents: 2400, discountCents: 480 });
    expect(order.totalCents).toBe(before.total + 1920 + 134);
    expect(store.variant(IDS.mugVariant)!.variant.inventoryQuantity).toBe(before.stock - 1);
    expect(edits).toHaveLength(1);
    expect(edits[0].edit.addedLineItems).toEqual([{ lineItemId: order.lineItems.at(-1)!.id, quantity: 1 }]);

    const replay = await page.postJson(`/checkouts/post-purchase/${order.id}/apply`, { token });
    expect(replay.status).toBe(422);
    expect((await replay.json()).errors[0].code).toBe("changeset_already_applied");
    expect(order.lineItems).toHaveLength(2);
    expect(edits).toHaveLength(1);
  });

  it("refuses changesets not signed by the app for this purchase, changing nothing", async () => {
    const { context, order, edits, page } = await placedOrder();
    const refused = [
      changeset(context, order, { secret: "forged" }),
      changeset(context, order, { apiKey: "another-app" }),
      changeset(context, order, { sub: "999999" }),
      changeset(context, order, { iatMs: Date.parse(order.createdAt) - 3_600_000 }), // signed before the purchase
      signHs256({ iss: context.config.apiKey, jti: "x", iat: Math.floor(Date.now() / 1000), sub: String(order.id), changes: changes(IDS.mugVariant) }, "wrong"),
      "not-a-jwt",
    ];
    for (const token of refused) {
      const response = await page.postJson(`/checkouts/post-purchase/${order.id}/apply`, { token });
      expect(response.status).toBe(401);
      expect((await response.json()).status).toBe("unprocessed");
    }
    expect(order.lineItems).toHaveLength(1);
    expect(edits).toHaveLength(0);
  });

  it("refuses an out-of-stock variant", async () => {
    const { context, order, page } = await placedOrder();
    const token = signChangeset(changesetClaims({ apiKey: context.config.apiKey, referenceId: String(order.id), changes: changes(IDS.coffeeLarge) }), context.config.apiSecret);
    const response = await page.postJson(`/checkouts/post-purchase/${order.id}/apply`, { token });
    expect((await response.json()).errors[0].code).toBe("insufficient_inventory");
    expect(order.lineItems).toHaveLength(1);
  });
});

describe("the extension as Shopify builds it", () => {
  it("finds extensions/encore-post-purchase and bundles it with Encore's URL", async () => {
    const { context } = testContext();
    const extension = findPostPurchaseExtension(context.config.extensionsDir)!;
    expect(extension.handle).toBe("encore-post-purchase");
    const code = await extensionBundle(extension, "http://encore.test");
    expect(code).toContain("http://encore.test");
    expect(code).toContain("Checkout::PostPurchase::ShouldRender");
    expect(code).not.toContain("process.env");
    expect(await hostScript()).toContain("Checkout::PostPurchase::Render");
  });
});
