// Encore's loyalty storefront blocks rendered by the sandbox storefront from the real files in
// extensions/encore-theme: the app embed (launcher and panel, before </body>) and the
// product-page "earn points" line.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { createStorefrontHandler } from "./handler";
import { listExtensionBlocks } from "./render-blocks";
import { IDS, testConfig, testContext, TestShopper } from "./test-fixtures";

const extensionsDir = testConfig().extensionsDir;
const assets = join(extensionsDir, "encore-theme", "assets");

function loyaltyConfig(html: string) {
  const json = /<script type="application\/json" data-encore-loyalty-config>([\s\S]*?)<\/script>/.exec(html);
  if (!json) throw new Error("no loyalty config on the page");
  return JSON.parse(json[1]) as { loggedIn: number | null; panelUrl: string; sharedUrl: string; registerUrl: string; strings: Record<string, unknown> };
}

describe("the loyalty app embed", () => {
  it("is an app embed on the body whose launcher script stays within 6 KB gzipped", () => {
    const block = listExtensionBlocks(extensionsDir).find((b) => b.name === "loyalty-launcher")!;
    expect(block.schema).toMatchObject({ target: "body", javascript: "encore-loyalty.js", stylesheet: "encore-loyalty.css" });
    expect(gzipSync(readFileSync(join(assets, "encore-loyalty.js"))).length).toBeLessThanOrEqual(6 * 1024);
  });

  it("renders before </body> with a hidden launcher and dialog, translated strings and the panel loaded on demand", async () => {
    const { context } = testContext();
    const shopper = new TestShopper(createStorefrontHandler(), context);
    const html = await (await shopper.get("/")).text();
    expect(html).toMatch(/<div id="shopify-block-\w+" class="shopify-block shopify-app-block"><div class="encore-loyalty encore-loyalty--right" data-encore-loyalty>[\s\S]*<\/body>/);
    expect(html).toContain('<script src="/extensions/encore-theme/assets/encore-loyalty.js" defer="defer"></script>');
    // The panel's code is not on the page: it loads on first open.
    expect(html).not.toContain('src="/extensions/encore-theme/assets/encore-loyalty-panel.js"');
    expect(html).toMatch(/<button type="button" class="encore-loyalty__launcher" data-encore-loyalty-launcher aria-expanded="false" aria-controls="encore-loyalty-panel" hidden>/);
    expect(html).toMatch(/id="encore-loyalty-panel" role="dialog" aria-labelledby="encore-loyalty-title" tabindex="-1" hidden/);
    const config = loyaltyConfig(html);
    expect(config).toMatchObject({ loggedIn: null, panelUrl: "/extensions/encore-theme/assets/encore-loyalty-panel.js", sharedUrl: "/extensions/encore-theme/assets/encore-shared.js", registerUrl: "/account/register" });
    expect(config.strings).toMatchObject({ balance: "You have [points] points", howPending: "Points become spendable [days] days after your order, or as soon as it ships." });
    expect(JSON.stringify(config.strings)).not.toContain("translation missing");
  });

  it("knows a logged-in customer only as Shopify's customer object says", async () => {
    const { context } = testContext();
    const shopper = new TestShopper(createStorefrontHandler(), context);
    await shopper.get(`/account/login?customer_id=${IDS.ada}`);
    expect(loyaltyConfig(await (await shopper.get("/")).text()).loggedIn).toBe(IDS.ada);
  });

  it("has every widget string in English, Russian and Ukrainian", () => {
    const widget = (file: string) => JSON.parse(readFileSync(join(extensionsDir, "encore-theme", "locales", file), "utf8")).encore.loyalty_widget;
    const keys = (node: object): string[] => Object.entries(node).flatMap(([k, v]) => (typeof v === "object" ? keys(v).map((c) => `${k}.${c}`) : [k]));
    const en = keys(widget("en.default.json")).sort();
    expect(keys(widget("ru.json")).sort()).toEqual(en);
    expect(keys(widget("uk.json")).sort()).toEqual(en);
  });
});

describe("the product-page earn-points block", () => {
  it("reserves an invisible line carrying the variant price and the translated template", async () => {
    const { context } = testContext();
    const shopper = new TestShopper(createStorefrontHandler(), context);
    const html = await (await shopper.get("/products/morning-blend")).text();
    const product = context.store.productByHandle("morning-blend")!;
    const line = /<p class="encore-loyalty-earn" data-encore-loyalty-earn data-price="(\d+)" data-prices="[\d:,]*" data-template="Earn \[points\] points with this purchase"/.exec(html);
    expect(line).not.toBeNull();
    // The selected (or first available) variant's price, in minor units.
    expect(product.variants.map((v) => v.priceCents)).toContain(Number(line![1]));
    // Every variant's price, for when the shopper picks another one.
    const prices = /data-prices="([^"]*)"/.exec(html)![1];
    expect(prices).toBe(product.variants.map((v) => `${v.id}:${v.priceCents}`).join(","));
    // Not on other pages.
    expect(await (await shopper.get("/cart")).text()).not.toContain("data-encore-loyalty-earn");
  });
});
