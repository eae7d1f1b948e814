// Encore's theme app extension, rendered from the real files in extensions/encore-theme, and the
// generic app-block mechanism (section blocks, settings, assets) on a throwaway extension.
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { createStorefrontHandler } from "./handler";
import { listExtensionBlocks, parseBlockSchema } from "./render-blocks";
import { IDS, testConfig, testContext, TestShopper } from "./test-fixtures";

const extensionsDir = testConfig().extensionsDir;
const embedDir = join(extensionsDir, "encore-theme");

/** window.Encore as the embed's inline script sets it. */
function encoreGlobal(html: string) {
  const script = /<script>\s*window\.Encore = ([\s\S]*?);\s*<\/script>/.exec(html);
  if (!script) throw new Error("window.Encore is not set on the page");
  return JSON.parse(script[1].replace(/(\w+):/g, '"$1":').replace(/"(https?)":/g, "$1:")) as Record<string, unknown>;
}

describe("the Encore app embed (extensions/encore-theme)", () => {
  it("is a valid app embed: target body, deferred javascript that exists, translated name within 25 characters", () => {
    const blocks = listExtensionBlocks(extensionsDir).filter((b) => b.extension === "encore-theme");
    const embed = blocks.find((b) => b.name === "encore-embed")!;
    expect(embed.schema).toMatchObject({ target: "body", javascript: "encore-embed.js", settings: [] });
    const schemaLocale = JSON.parse(readFileSync(join(embedDir, "locales/en.default.schema.json"), "utf8"));
    const name = embed.schema.name.startsWith("t:") ? embed.schema.name.slice(2).split(".").reduce((node, key) => node[key], schemaLocale) : embed.schema.name;
    expect(typeof name).toBe("string");
    expect(name.length).toBeLessThanOrEqual(25);
    // Theme-check's budget is 10 KB gzipped per file; Encore's bootstrap stays far below 1 KB.
    expect(gzipSync(readFileSync(join(embedDir, "assets", embed.schema.javascript!))).length).toBeLessThan(1024);
  });

  it("sets window.Encore for a guest and loads its script deferred", async () => {
    const { context } = testContext();
    const shopper = new TestShopper(createStorefrontHandler(), context);
    const html = await (await shopper.get("/")).text();
    expect(encoreGlobal(html)).toEqual({
      proxy: "/apps/encore",
      shop: "encore-test.myshopify.com",
      customerId: null,
      currency: "USD",
      strings: { addedToCart: "Added to your cart", pointsBalance: "You have {{ points }} points" },
    });
    expect(html).toContain('<script src="/extensions/encore-theme/assets/encore-embed.js" defer="defer"></script>');
    // Rendered inside Shopify's block wrapper, before </body>.
    expect(html).toMatch(/<div id="shopify-block-[\w]+" class="shopify-block shopify-app-block"><script>\s*window\.Encore[\s\S]*<\/body>/);
  });

  it("carries the logged-in customer's id", async () => {
    const { context } = testContext();
    const shopper = new TestShopper(createStorefrontHandler(), context);
    await shopper.get(`/account/login?customer_id=${IDS.ada}`);
    const html = await (await shopper.get("/products/morning-blend")).text();
    expect(encoreGlobal(html).customerId).toBe(IDS.ada);
    expect(html).toContain("Signed in as <strong data-customer-name>Ada Lovelace</strong>");
  });

  it("serves the embed's script from the real file", async () => {
    const { context } = testContext();
    const response = await new TestShopper(createStorefrontHandler(), context).get("/extensions/encore-theme/assets/encore-embed.js");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/javascript/);
    expect(await response.text()).toBe(readFileSync(join(embedDir, "assets/encore-embed.js"), "utf8"));
  });
});

describe("extension assets", () => {
  const outside = mkdtempSync(join(tmpdir(), "encore-assets-"));
  const dir = join(outside, "extensions");
  mkdirSync(join(dir, "demo", "assets"), { recursive: true });
  writeFileSync(join(outside, "secret.js"), "secret");
  writeFileSync(join(dir, "demo", "secret.json"), "{}");
  writeFileSync(join(dir, "demo", "assets", "ok.css"), ".ok{}");
  writeFileSync(join(dir, "demo", "assets", "notes.txt"), "not an asset type");
  symlinkSync(join(outside, "secret.js"), join(dir, "demo", "assets", "link.js"));

  it.each([
    "/extensions/demo/assets/..%2Fsecret.json",
    "/extensions/demo/assets/%2e%2e%2fsecret.json",
    "/extensions/..%2F..%2F/assets/secret.js",
    "/extensions/demo/assets/../../secret.js",
    "/extensions/demo/assets/notes.txt",
    "/extensions/demo/assets/link.js",
    "/extensions/demo/assets/missing.js",
    "/extensions/demo/assets/sub/ok.css",
  ])("refuses %s", async (path) => {
    const { context } = testContext({ extensionsDir: dir });
    const response = await createStorefrontHandler()(new Request(`http://127.0.0.1:3100${path}`), context);
    if (response) {
      expect(response.status).toBe(404);
      expect(await response.text()).not.toContain("secret");
    } // null: not a storefront path at all (the URL parser folded the ..), also refused
  });

  it("serves an allowed file with its content type", async () => {
    const { context } = testContext({ extensionsDir: dir });
    const response = (await createStorefrontHandler()(new Request("http://127.0.0.1:3100/extensions/demo/assets/ok.css"), context))!;
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/css/);
    expect(await response.text()).toBe(".ok{}");
  });
});

describe("app blocks (target section) on the product page", () => {
  function extensionWithSectionBlock() {
    const dir = mkdtempSync(join(tmpdir(), "encore-blocks-"));
    const ext = join(dir, "reviews");
    mkdirSync(join(ext, "blocks"), { recursive: true });
    mkdirSync(join(ext, "snippets"));
    mkdirSync(join(ext, "assets"));
    mkdirSync(join(ext, "locales"));
    writeFileSync(join(ext, "shopify.extension.toml"), 'name = "Reviews"\ntype = "theme"\n');
    writeFileSync(join(ext, "locales", "en.default.json"), JSON.stringify({ reviews: { title: "Reviews of {{ product }}" } }));
    writeFileSync(join(ext, "snippets", "stars.liquid"), "<span class=\"stars\">{{ count }} stars</span>");
    writeFileSync(
      join(ext, "blocks", "reviews.liquid"),
      `<section class="reviews" data-block-id="{{ block.id }}" {{ block.shopify_attributes }} style="color: {{ block.settings.color }}">
  <h2>{{ 'reviews.title' | t: product: product.title }}</h2>
  {% render 'stars', count: block.settings.stars %}
  <img src="{{ 'badge.svg' | asset_url }}" alt="">
  {% if block.settings.show_count %}<p>{{ product.price | money }}</p>{% endif %}
</section>
{% schema %}
{
  "name": "Reviews",
  "target": "section",
  "stylesheet": "reviews.css",
  "javascript": "reviews.js",
  "settings": [
    { "type": "color", "id": "color", "label": "Color", "default": "#ff0000" },
    { "type": "range", "id": "stars", "label": "Stars", "min": 1, "max": 5, "step": 1, "default": 4 },
    { "type": "header", "content": "More" },
    { "type": "checkbox", "id": "show_count", "label": "Show price" }
  ]
}
{% endschema %}`,
    );
    return dir;
  }

  it("renders every section block in the slot with schema defaults, block id, translations and assets", async () => {
    const { context } = testContext({ extensionsDir: extensionWithSectionBlock() });
    const html = await (await new TestShopper(createStorefrontHandler(), context).get("/products/ceramic-mug")).text();
    const slot = html.slice(html.indexOf("data-app-block-slot"), html.indexOf("</main>"));
    expect(slot).toMatch(/<div id="shopify-block-reviews_\w+" class="shopify-block shopify-app-block"><section class="reviews" data-block-id="reviews_\w+"/);
    expect(slot).toContain('style="color: #ff0000"');
    expect(slot).toContain("<h2>Reviews of Ceramic Mug</h2>");
    expect(slot).toContain('<span class="stars">4 stars</span>');
    expect(slot).toContain('src="/extensions/reviews/assets/badge.svg"');
    expect(slot).not.toContain("$24.00"); // show_count: a checkbox without default is false
    expect(html).toContain('<link href="/extensions/reviews/assets/reviews.css" rel="stylesheet" type="text/css" media="all">');
    expect(html).toContain('<script src="/extensions/reviews/assets/reviews.js" defer="defer"></script>');
  });

  it("renders the same page with no app blocks or embeds when asked (?sandbox_app_blocks=off)", async () => {
    const { context } = testContext({ extensionsDir: extensionWithSectionBlock() });
    const shopper = new TestShopper(createStorefrontHandler(), context);
    const off = await (await shopper.get("/products/ceramic-mug?sandbox_app_blocks=off")).text();
    expect(off).toContain("Ceramic Mug");
    expect(off).not.toContain('class="reviews"');
    expect(off).not.toContain("reviews.js");
    expect(await (await shopper.get("/products/ceramic-mug")).text()).toContain('class="reviews"');
  });

  it("is not rendered on other pages", async () => {
    const { context } = testContext({ extensionsDir: extensionWithSectionBlock() });
    const html = await (await new TestShopper(createStorefrontHandler(), context).get("/collections/coffee")).text();
    expect(html).not.toContain('class="reviews"');
  });

  it("parseBlockSchema reads the schema and rejects invalid JSON", () => {
    expect(parseBlockSchema('{% schema %}{"name":"A","target":"body"}{% endschema %}')).toEqual({ name: "A", target: "body" });
    expect(parseBlockSchema("<p>no schema</p>")).toBeNull();
    expect(() => parseBlockSchema("{% schema %}{oops}{% endschema %}", "x.liquid")).toThrow(/Invalid \{% schema %\} JSON in x.liquid/);
  });
});
