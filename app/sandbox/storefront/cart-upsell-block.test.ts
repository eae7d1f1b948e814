// Encore's cart upsell app block (extensions/encore-theme/blocks/cart-upsell.liquid) on the
// sandbox storefront: the server-rendered markup on the cart page, its settings and translations,
// and assets/encore-cart-upsell.js run in a node:vm context with assets/encore-shared.js, which
// it uses for what it has in common with the product-page block (money, visitor and holdout hash,
// analytics batching, the cart's group), tested here as the cart block uses them; the proxy query,
// the cart payload against the sandbox cart, loading suggestions through stubbed fetches.
// The in-browser behaviour (rows filled, variant chosen, added, holdout) is the e2e suite's.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { runInNewContext } from "node:vm";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { cartJson } from "./cart";
import { createStorefrontHandler } from "./handler";
import { createLiquidEngine, defaultMoneyFormats, formatMoneyWithFormat } from "./liquid-engine";
import { cartObject, ROUTES, shopObject } from "./liquid-objects";
import { blockId, defaultBlockSettings, listExtensionBlocks, type ExtensionBlock } from "./render-blocks";
import { IDS, TEST_PUBLIC_URL, testConfig, testContext, TestShopper } from "./test-fixtures";

const extensionsDir = testConfig().extensionsDir;
const extensionDir = join(extensionsDir, "encore-theme");
const LOCALES = ["en.default", "ru", "uk"] as const;
type Locale = (typeof LOCALES)[number];

function cartUpsellBlock(): ExtensionBlock {
  const block = listExtensionBlocks(extensionsDir).find((b) => b.extension === "encore-theme" && b.name === "cart-upsell");
  if (!block) throw new Error("extensions/encore-theme/blocks/cart-upsell.liquid is missing");
  return block;
}

const readJson = (path: string) => JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
const storefrontStrings = (locale: Locale) => readJson(join(extensionDir, "locales", `${locale}.json`));
const schemaStrings = (locale: Locale) => readJson(join(extensionDir, "locales", `${locale}.schema.json`));
const lookup = (tree: unknown, key: string): unknown =>
  key.split(".").reduce<unknown>((node, part) => (node && typeof node === "object" ? (node as Record<string, unknown>)[part] : undefined), tree);

/** The block's root element from a rendered page (or null when it is not there). */
function blockHtml(html: string): string | null {
  const start = html.indexOf('<section class="encore-cu ');
  return start < 0 ? null : html.slice(start, html.indexOf("</section>", start) + "</section>".length);
}

function configOf(html: string) {
  const script = /<script type="application\/json" data-encore-cu-config>([\s\S]*?)<\/script>/.exec(html);
  if (!script) throw new Error("no config script in the block");
  return JSON.parse(script[1]) as Record<string, unknown> & { strings: Record<string, string> };
}

/** The sandbox cart page for a shopper who first added `items` through /cart/add.js. */
async function cartPage(items: { id: number; quantity?: number; properties?: Record<string, string> }[], attributes?: Record<string, string>) {
  const { context, store } = testContext();
  const shopper = new TestShopper(createStorefrontHandler(), context);
  if (items.length) expect((await shopper.postJson("/cart/add.js", { items })).status).toBe(200);
  if (attributes) expect((await shopper.postJson("/cart/update.js", { attributes })).status).toBe(200);
  const response = await shopper.get("/cart");
  expect(response.status).toBe(200);
  return { html: await response.text(), shopper, store, context };
}

/** The block rendered as Shopify would for a merchant's settings and a storefront language. */
async function renderBlock(options: { locale?: Locale; settings?: Record<string, unknown>; cart?: { variantId: number }[]; designMode?: boolean } = {}) {
  const { context, store } = testContext();
  const block = cartUpsellBlock();
  const formats = defaultMoneyFormats("USD");
  const engine = createLiquidEngine({
    currencyCode: "USD",
    ...formats,
    root: [join(block.dir, "blocks")],
    partials: [join(block.dir, "snippets")],
    assetUrl: (file) => `/extensions/encore-theme/assets/${file}`,
    translations: storefrontStrings(options.locale ?? "en.default"),
  });
  const lines = (options.cart ?? [{ variantId: IDS.coffeeSmall }]).map(({ variantId }) => ({ key: `${variantId}:k`, variantId, quantity: 1, properties: {} }));
  const cart = { token: "t", lines, note: null, attributes: {} };
  const scope = { block: { id: blockId(block), settings: { ...defaultBlockSettings(block), ...options.settings }, shopify_attributes: 'data-shopify-editor-block="{}"' } };
  const globals = { shop: shopObject(store, context.config, formats), routes: ROUTES, cart: cartObject(cartJson(cart, store)), request: { design_mode: options.designMode ?? false } };
  return engine.parseAndRender(block.source, scope, { globals });
}

describe("the block's schema", () => {
  it("is a cart-page app block with its deferred script and stylesheet", () => {
    expect(cartUpsellBlock().schema).toMatchObject({
      name: "t:blocks.cart_upsell.name",
      target: "section",
      enabled_on: { templates: ["cart"] },
      javascript: "encore-cart-upsell.js",
      stylesheet: "encore-cart-upsell.css",
    });
  });

  it("has the merchant's settings: heading, 1-8 suggestions (default 3), grid/list layout", () => {
    const settings = Object.fromEntries((cartUpsellBlock().schema.settings ?? []).map((s) => [s.id, s]));
    expect(settings.heading).toMatchObject({ type: "text", default: "t:blocks.cart_upsell.settings.heading.default" });
    expect(settings.max_items).toMatchObject({ type: "range", min: 1, max: 8, step: 1, default: 3 });
    expect((settings.layout as unknown as { options: { value: string }[] }).options.map((o) => o.value)).toEqual(["grid", "list"]);
    expect(defaultBlockSettings(cartUpsellBlock())).toEqual({ heading: "You may also like", max_items: 3, layout: "list" });
  });

  it.each(LOCALES)("resolves every t: key in %s.schema.json, with a block name of at most 25 characters", (locale) => {
    const strings = schemaStrings(locale);
    const keys = JSON.stringify(cartUpsellBlock().schema).match(/"t:[^"]+"/g)!.map((k) => k.slice(3, -1));
    expect(keys.length).toBeGreaterThanOrEqual(8);
    for (const key of keys) expect(typeof lookup(strings, key), `${locale}: ${key}`).toBe("string");
    expect((lookup(strings, "blocks.cart_upsell.name") as string).length).toBeLessThanOrEqual(25);
  });

  it("has its storefront strings in Russian and Ukrainian, with the same placeholders", () => {
    const english = lookup(storefrontStrings("en.default"), "encore.cart_upsell") as Record<string, string>;
    expect(Object.keys(english).sort()).toEqual(["add", "add_label", "added", "editor_empty_cart", "error", "heading", "variant_label"]);
    for (const [key, text] of Object.entries(english)) {
      const ru = lookup(storefrontStrings("ru"), `encore.cart_upsell.${key}`) as string;
      const uk = lookup(storefrontStrings("uk"), `encore.cart_upsell.${key}`) as string;
      expect(ru, key).toMatch(/[а-яё]/i);
      expect(uk, key).toMatch(/[а-щьюяєіїґ]/i);
      expect(uk, key).not.toBe(ru);
      const placeholders = (t: string) => t.match(/\{\{\s*\w+\s*\}\}/g) ?? [];
      expect(placeholders(ru), key).toEqual(placeholders(text));
      expect(placeholders(uk), key).toEqual(placeholders(text));
    }
  });
});

describe("server-rendered markup on the sandbox cart page", () => {
  it("renders in the cart's app-block slot with its stylesheet and deferred script", async () => {
    const { html } = await cartPage([{ id: IDS.coffeeSmall }]);
    const slot = html.slice(html.indexOf("data-app-block-slot"), html.indexOf("</main>"));
    expect(slot).toMatch(/<div id="shopify-block-cart_upsell_\w+" class="shopify-block shopify-app-block"><section class="encore-cu encore-cu--list" id="encore-cart-upsell-cart_upsell_\w+"/);
    expect(html).toContain('<link href="/extensions/encore-theme/assets/encore-cart-upsell.css" rel="stylesheet" type="text/css" media="all">');
    expect(html).toContain('<script src="/extensions/encore-theme/assets/encore-cart-upsell.js" defer="defer"></script>');
    // The runtime shared with the product-page block, deferred too (it guards against loading twice).
    expect(html).toMatch(/<\/section>\s*<script src="\/extensions\/encore-theme\/assets\/encore-shared\.js" defer="defer"><\/script>/);
    expect(html).not.toContain("Liquid error");
    expect(html).not.toContain("data-encore-fbt"); // the product-page block stays on product pages
  });

  it("is a labelled region with one fixed-height skeleton row per allowed suggestion and a status line", async () => {
    const block = blockHtml((await cartPage([{ id: IDS.coffeeSmall }])).html)!;
    const id = /id="(encore-cart-upsell-[^"]+)"/.exec(block)![1];
    expect(block).toContain(`aria-labelledby="${id}-heading"`);
    expect(block).toContain(`<h2 class="encore-cu__heading" id="${id}-heading">You may also like</h2>`);
    expect(block).toContain('<ul class="encore-cu__items" role="list" data-encore-cu-items aria-busy="true">');
    expect(block.match(/<li class="encore-cu__item encore-cu__item--skeleton" data-encore-cu-slot aria-hidden="true">/g)).toHaveLength(3);
    expect(block).toContain('<p class="encore-cu__status" role="status" aria-live="polite" data-encore-cu-status></p>');
    const css = readFileSync(join(extensionDir, "assets", "encore-cart-upsell.css"), "utf8");
    expect(/\.encore-cu__item \{([^}]*)\}/.exec(css)![1]).toMatch(/\n\s*height: var\(--encore-cu-row-height\);[\s\S]*overflow: hidden/);
    expect(/\.encore-cu--grid \.encore-cu__item \{([^}]*)\}/.exec(css)![1]).toMatch(/\n\s*height: var\(--encore-cu-card-height\)/);
    expect(css).toMatch(/\.encore-cu__item--vacant \{\s*visibility: hidden;/);
    expect(css).toMatch(/\.encore-cu--empty \{\s*visibility: hidden;/);
  });

  it("gives the script the cart's product ids (each once) and what it needs, without a /cart.js request", async () => {
    const { html } = await cartPage([{ id: IDS.coffeeSmall }, { id: IDS.mugVariant }, { id: IDS.coffeeSmall, properties: { engraving: "Hi" } }]);
    expect(configOf(blockHtml(html)!)).toEqual({
      productIds: [IDS.coffee, IDS.mug],
      limit: 3,
      moneyFormat: "${{amount}}",
      proxy: "/apps/encore",
      root: "/",
      cartAddUrl: "/cart/add",
      group: null,
      strings: {
        variantLabel: "Option for [title]",
        add: "Add",
        addLabel: "Add [title] to cart",
        added: "[title] added to your cart",
        error: "Could not add this item to your cart. Please try again.",
      },
    });
  });

  it("passes on the group already stored on the cart", async () => {
    const { html } = await cartPage([{ id: IDS.mugVariant }], { _encore_group: "holdout" });
    expect(configOf(blockHtml(html)!).group).toBe("holdout");
  });

  it("shows the merchant a note instead, in the theme editor, when the cart is empty", async () => {
    const html = await renderBlock({ cart: [], designMode: true });
    expect(html.trim()).toBe('<p class="encore-cu-editor-note" data-shopify-editor-block="{}">Cart suggestions appear here when the cart has products.</p>');
    expect((await renderBlock({ cart: [] })).trim()).toBe("");
  });

  it("does not appear on an empty cart, nor on other pages", async () => {
    expect(blockHtml((await cartPage([])).html)).toBeNull();
    const { context } = testContext();
    const shopper = new TestShopper(createStorefrontHandler(), context);
    for (const path of ["/", "/collections/coffee", "/products/morning-blend"]) expect(await (await shopper.get(path)).text(), path).not.toContain("data-encore-cu");
  });

  it("serves the script and the stylesheet", async () => {
    const { context } = testContext();
    const shopper = new TestShopper(createStorefrontHandler(), context);
    for (const file of ["encore-cart-upsell.js", "encore-cart-upsell.css", "encore-shared.js", "encore-shared-send.js"]) {
      const response = await shopper.get(`/extensions/encore-theme/assets/${file}`);
      expect(response.status, file).toBe(200);
      expect(await response.text()).toBe(readFileSync(join(extensionDir, "assets", file), "utf8"));
    }
  });
});

describe("the block with other settings and languages", () => {
  it("follows the merchant's settings: grid layout, 5 suggestions, own heading (escaped)", async () => {
    const html = await renderBlock({ settings: { layout: "grid", max_items: 5, heading: "Tea & <cake>" } });
    expect(html).toContain('<section class="encore-cu encore-cu--grid"');
    expect(html).toContain('data-shopify-editor-block="{}"');
    expect(html).toContain(">Tea &amp; &lt;cake&gt;</h2>");
    expect(html.match(/data-encore-cu-slot/g)).toHaveLength(5);
    expect(configOf(html).limit).toBe(5);
  });

  it.each([
    ["ru", "Вам может понравиться", "Добавить «[title]» в корзину"],
    ["uk", "Вам може сподобатися", "Додати «[title]» до кошика"],
  ] as const)("renders in %s, falling back to the storefront heading when the merchant clears it", async (locale, heading, addLabel) => {
    expect(lookup(schemaStrings(locale), "blocks.cart_upsell.settings.heading.default")).toBe(heading);
    const html = await renderBlock({ locale, settings: { heading: " " } });
    expect(html).toContain(`>${heading}</h2>`);
    expect(configOf(html).strings.addLabel).toBe(addLabel);
  });
});

// ---------------------------------------------------------------------------------------------
// assets/encore-cart-upsell.js, evaluated in a node:vm context with just enough of a browser

interface Suggestion {
  handle: string;
  productId: string;
  anchor: string;
  source: string;
}
interface EncoreCartUpsell {
  query(ids: (number | string)[], limit: number): string;
  picks(body: unknown, cartIds: (number | string)[], limit: number): Suggestion[];
  cartPayload(variantId: number | string, suggestion: Suggestion): unknown;
  slotPlan(found: number, slots: number, collapse: boolean): string[];
  load(config: Record<string, unknown>): Promise<{ items: { s: Suggestion; p: { title: string } }[]; holdoutPercent?: number }>;
}
/** What the cart block uses of assets/encore-shared.js. */
interface EncoreShared {
  formatMoney(cents: number, format: string): string;
  hash(text: string): number;
  group(holdoutPercent: unknown): string;
  visitor(): string;
  usable(product: unknown): boolean;
  track(proxy: string, group: string, event: Record<string, string>): void;
  flush(): void;
  tagCart(root: string, group: string): Promise<unknown>;
}

const scriptPath = join(extensionDir, "assets", "encore-cart-upsell.js");
const scriptSource = readFileSync(scriptPath, "utf8");
const sharedSource = readFileSync(join(extensionDir, "assets", "encore-shared.js"), "utf8");

/**
 * A document for the vm context whose <script> tags run the named asset at once (as a browser
 * would, later): encore-shared.js loads encore-shared-send.js (and the block its add-to-cart
 * script) only when first needed.
 */
function scriptingDocument(context: Record<string, unknown>) {
  return {
    currentScript: { src: "/extensions/encore-theme/assets/encore-shared.js" },
    createElement: () => ({}) as { src?: string; onload?: () => void },
    head: {
      append(tag: { src: string; onload?: () => void }) {
        const file = tag.src.slice(tag.src.lastIndexOf("/") + 1);
        context.loadedScripts = [...((context.loadedScripts as string[] | undefined) ?? []), file];
        runInNewContext(readFileSync(join(extensionDir, "assets", file), "utf8"), context, { filename: file });
        tag.onload?.();
      },
    },
  };
}

/** Both scripts in one vm context, the block's first (as on the page: both deferred, shared's tag later). */
function loadScript(globals: Record<string, unknown> = {}) {
  const listeners: string[] = [];
  const context: Record<string, unknown> = {
    document: { readyState: "complete", cookie: "", querySelectorAll: () => [], addEventListener: (type: string) => listeners.push(type) },
    addEventListener: () => {},
    navigator: { sendBeacon: () => true },
    AbortController,
    setTimeout,
    clearTimeout,
    crypto: globalThis.crypto,
    fetch: () => Promise.reject(new TypeError("no network in this test")),
    ...globals,
  };
  context.window = context;
  runInNewContext(scriptSource, context, { filename: "encore-cart-upsell.js" });
  const own = [...listeners];
  context.document = { ...scriptingDocument(context), ...(context.document as object) };
  runInNewContext(sharedSource, context, { filename: "encore-shared.js" });
  return { upsell: context.EncoreCartUpsell as EncoreCartUpsell, shared: context.EncoreShared as EncoreShared, listeners: own, context };
}

const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
const suggestion = { handle: "ceramic-mug", productId: String(IDS.mug), anchor: String(IDS.coffee), source: "bought-together" };

describe("encore-cart-upsell.js", () => {
  it("is small, self-contained, and writes no console output or HTML", () => {
    const bytes = readFileSync(scriptPath);
    // One implementation of what both blocks do: none of encore-shared.js's own copied here.
    expect(scriptSource).not.toMatch(/0x811c9dc5|0x01000193|localStorage|encore_visitor|sendBeacon|_encore_group|toFixed|createElement/);
    expect(bytes.length).toBeLessThanOrEqual(10_000); // theme-check's cap on the raw file
    expect(gzipSync(bytes).length).toBeLessThanOrEqual(4096);
    expect(scriptSource).not.toMatch(/\bconsole\./);
    expect(scriptSource).not.toMatch(/innerHTML|insertAdjacentHTML|document\.write/);
    expect(scriptSource).not.toMatch(/^\s*(import|export)\s/m);
  });

  it("starts once the document is parsed, and again when the theme editor reloads a section", () => {
    expect(loadScript().listeners).toEqual(["shopify:section:load"]);
    const listeners: string[] = [];
    loadScript({ document: { readyState: "loading", querySelectorAll: () => [], addEventListener: (type: string) => listeners.push(type) } });
    // (visibilitychange is encore-shared.js's: it sends queued events when the page hides.)
    expect(listeners).toEqual(["DOMContentLoaded", "shopify:section:load", "visibilitychange"]);
  });

  it("formats money (encore-shared.js) as the storefront's Liquid money filter does", () => {
    const { shared } = loadScript();
    for (const format of ["${{amount}}", "{{amount_no_decimals}} $", "{{amount_with_comma_separator}} €", "{{amount_no_decimals_with_comma_separator}}"]) {
      for (const cents of [0, 1, 99, 100, 1800, 123456, 99999999]) {
        expect(shared.formatMoney(cents, format), `${cents} ${format}`).toBe(formatMoneyWithFormat(cents, format, "USD"));
      }
    }
    expect(shared.formatMoney(4200, '<span class="money">${{amount}}</span>')).toBe("$42.00");
  });

  it("hashes visitors with FNV-1a 32-bit and puts hash % 100 < holdoutPercent in the holdout (encore-shared.js)", () => {
    const { shared } = loadScript();
    // Published FNV-1a test vectors.
    expect(shared.hash("")).toBe(0x811c9dc5);
    expect(shared.hash("a")).toBe(0xe40c292c);
    expect(shared.hash("foobar")).toBe(0xbf9cf968);
    const visitors = Array.from({ length: 2000 }, (_, i) => `visitor-${i}`);
    const share = visitors.filter((v) => shared.hash(v) % 100 < 5).length / visitors.length;
    expect(share).toBeGreaterThan(0.03);
    expect(share).toBeLessThan(0.07);
    // group() buckets the stored visitor id: each visitor's group for several percentages.
    for (const v of visitors.slice(0, 50)) {
      const { shared: one } = loadScript({ localStorage: { getItem: () => v, setItem: () => {} } });
      for (const percent of [5, 50]) expect(one.group(percent)).toBe(shared.hash(v) % 100 < percent ? "holdout" : "shown");
      expect(one.group(0)).toBe("shown");
      expect(one.group(undefined)).toBe("shown");
    }
  });

  it("keeps one random visitor id in localStorage, and copes with blocked storage (encore-shared.js)", () => {
    const storage = new Map<string, string>();
    const localStorage = { getItem: (k: string) => storage.get(k) ?? null, setItem: (k: string, v: string) => void storage.set(k, v), removeItem: (k: string) => void storage.delete(k) };
    const id = loadScript({ localStorage }).shared.visitor();
    expect(id).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    expect(storage.get("encore_visitor")).toBe(id);
    expect(loadScript({ localStorage }).shared.visitor()).toBe(id); // the next page
    // An id the other block (or an older script) stored is kept as it is.
    storage.set("encore_visitor", "0123456789abcdef0123456789abcdef");
    expect(loadScript({ localStorage }).shared.visitor()).toBe("0123456789abcdef0123456789abcdef");
    storage.set("encore_visitor", "bad id!");
    expect(loadScript({ localStorage }).shared.visitor()).not.toBe("bad id!");
    const blocked = { getItem: () => { throw new Error("SecurityError"); }, setItem: () => { throw new Error("SecurityError"); } };
    expect(loadScript({ localStorage: blocked }).shared.visitor()).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
  });

  it("sends the block's events in one beacon per group to /apps/encore/events (encore-shared.js)", async () => {
    const beacons: { url: string; body: { visitor: string; group: string; events: unknown[] } }[] = [];
    const sendBeacon = (url: string, body: string) => beacons.push({ url, body: JSON.parse(body) as (typeof beacons)[number]["body"] }) > 0;
    const { shared, context } = loadScript({ navigator: { sendBeacon }, localStorage: { getItem: () => "visitor-12345", setItem: () => {} } });
    const event = { type: "impression", block: "cart", anchor: "100", product: "110", source: "bought-together" };
    // The sending code is not part of first paint: it loads with the first event.
    expect(context.loadedScripts).toBeUndefined();
    shared.track("/apps/encore", "shown", event);
    expect(context.loadedScripts).toEqual(["encore-shared-send.js"]);
    shared.track("/apps/encore", "shown", { ...event, product: "130" });
    expect(beacons).toEqual([]); // queued: sent within a second, or at once on flush (before the reload)
    shared.flush();
    expect(plain(beacons)).toEqual([{ url: "/apps/encore/events", body: { visitor: "visitor-12345", group: "shown", events: [event, { ...event, product: "130" }] } }]);
    // Without a network the page is unaffected.
    const failing = loadScript({ navigator: { sendBeacon: () => false } }).shared;
    failing.track("/apps/encore", "holdout", event);
    expect(() => failing.flush()).not.toThrow();
  });

  it("stores the group on the cart with /cart/update.js, once per cart (encore-shared.js)", async () => {
    const { context } = testContext();
    const shopper = new TestShopper(createStorefrontHandler(), context);
    await shopper.postJson("/cart/add.js", { items: [{ id: IDS.coffeeSmall, quantity: 1 }] });
    const posted: string[] = [];
    const fetch = async (url: string, init: RequestInit) => {
      posted.push(url);
      return shopper.postJson(url, JSON.parse(init.body as string) as Record<string, unknown>);
    };
    const { shared } = loadScript({ fetch });
    await shared.tagCart("/", "holdout");
    await shared.tagCart("/", "holdout");
    expect(posted).toEqual(["/cart/update.js"]);
    const cart = (await (await shopper.get("/cart.js")).json()) as { attributes: Record<string, string> };
    expect(cart.attributes).toEqual({ _encore_group: "holdout" });
    // A network failure is swallowed.
    await expect(loadScript().shared.tagCart("/uk", "shown")).resolves.toBeFalsy();
  });

  it("asks the proxy with the cart's ids in numeric order (so equal carts share the cached answer), at most 20", () => {
    const { upsell } = loadScript();
    expect(upsell.query([110, 100, 9], 3)).toBe("product_ids=9,100,110&limit=3");
    expect(upsell.query(["110", "100"], 3)).toBe(upsell.query([100, 110], 3));
    const many = Array.from({ length: 25 }, (_, i) => 1000 + i);
    expect(upsell.query(many, 4).split("&")[0].split("=")[1].split(",")).toHaveLength(20);
  });

  it("takes valid, unique suggestions that are not in the cart, at most the limit", () => {
    const { upsell } = loadScript();
    const body = {
      items: [
        { productId: "110", handle: "ceramic-mug", source: "bought-together", anchor: "100" },
        { productId: "100", handle: "morning-blend", source: "best-seller", anchor: "110" },
        { productId: "110", handle: "ceramic-mug", source: "bought-together", anchor: "100" },
        { productId: "130" },
        null,
        { productId: "131", handle: 42 },
        { productId: "130", handle: "gift-card", source: "rule:r1", anchor: "100" },
        { productId: "140", handle: "one-too-many", source: "best-seller", anchor: "100" },
      ],
    };
    expect(plain(upsell.picks(body, [100], 2))).toEqual([
      { handle: "ceramic-mug", productId: "110", anchor: "100", source: "bought-together" },
      { handle: "gift-card", productId: "130", anchor: "100", source: "rule:r1" },
    ]);
    for (const junk of [null, undefined, "", [], {}, { items: "x" }]) expect(plain(upsell.picks(junk, [100], 2))).toEqual([]);
  });

  it("suggests only products that loaded and have a variant for sale; frees rows only below the viewport", () => {
    const { upsell, shared } = loadScript();
    expect(shared.usable({ title: "Mug", variants: [{ id: 1, available: false }, { id: 2, available: true }] })).toBe(true);
    expect(shared.usable({ title: "Mug", variants: [{ id: 1, available: false }] })).toBe(false);
    expect(shared.usable({ status: 404, message: "Not Found" })).toBe(false);
    expect(plain(upsell.slotPlan(1, 3, false))).toEqual(["item", "vacant", "vacant"]);
    expect(plain(upsell.slotPlan(1, 3, true))).toEqual(["item", "remove", "remove"]);
    expect(plain(upsell.slotPlan(0, 2, false))).toEqual(["vacant", "vacant"]);
  });

  it("builds one /cart/add.js line with Encore's properties, which the cart keeps", async () => {
    const { upsell } = loadScript();
    const payload = upsell.cartPayload(String(IDS.mugVariant), suggestion);
    expect(plain(payload)).toEqual({
      items: [{ id: IDS.mugVariant, quantity: 1, properties: { _encore_source: "cart", _encore_anchor: String(IDS.coffee), _encore_reason: "bought-together" } }],
    });
    const { context } = testContext();
    const shopper = new TestShopper(createStorefrontHandler(), context);
    await shopper.postJson("/cart/add.js", { items: [{ id: IDS.coffeeSmall, quantity: 1 }] });
    expect((await shopper.postJson("/cart/add.js", plain(payload))).status).toBe(200);
    const cart = (await (await shopper.get("/cart.js")).json()) as { items: { variant_id: number; properties: Record<string, string> }[] };
    expect(cart.items.find((i) => i.variant_id === IDS.mugVariant)?.properties).toEqual({ _encore_source: "cart", _encore_anchor: String(IDS.coffee), _encore_reason: "bought-together" });
  });

  describe("load", () => {
    const config = { productIds: [IDS.coffee], limit: 3, proxy: "/apps/encore", root: "/" };

    function storefrontFetch(proxy: (url: string) => Response | Promise<Response>) {
      const { context } = testContext();
      const handler = createStorefrontHandler();
      const requested: string[] = [];
      const fetch = async (url: string, init?: RequestInit) => {
        requested.push(url);
        if (url.startsWith("/apps/encore/")) return proxy(url);
        return (await handler(new Request(new URL(url, TEST_PUBLIC_URL), init), context)) ?? new Response("Not found", { status: 404 });
      };
      return { fetch, requested };
    }

    it("asks the proxy, then loads the suggestions from /products/<handle>.js, keeping what can be bought", async () => {
      const answer = {
        items: [
          { productId: String(IDS.mug), handle: "ceramic-mug", source: "bought-together", anchor: String(IDS.coffee) },
          { productId: String(IDS.draft), handle: "secret-draft", source: "best-seller", anchor: String(IDS.coffee) },
          { productId: String(IDS.giftCard), handle: "gift-card", source: "best-seller", anchor: String(IDS.coffee) },
        ],
        holdoutPercent: 5,
      };
      const { fetch, requested } = storefrontFetch(() => Response.json(answer));
      const result = plain(await loadScript({ fetch }).upsell.load(config));
      expect(requested).toEqual([`/apps/encore/cart-recommendations?product_ids=${IDS.coffee}&limit=3`, "/products/ceramic-mug.js", "/products/secret-draft.js", "/products/gift-card.js"]);
      expect(result.holdoutPercent).toBe(5);
      expect(result.items.map((x) => [x.s.handle, x.s.anchor, x.s.source, x.p.title])).toEqual([
        ["ceramic-mug", String(IDS.coffee), "bought-together", "Ceramic Mug"],
        ["gift-card", String(IDS.coffee), "best-seller", "Gift Card"],
      ]);
    });

    it.each([
      ["an HTTP error", () => new Response("Internal error", { status: 500 })],
      ["invalid JSON", () => new Response("{not json", { headers: { "content-type": "application/json" } })],
      ["no items", () => Response.json({ items: [], holdoutPercent: 5 })],
      ["a network failure", () => Promise.reject(new TypeError("Failed to fetch"))],
    ])("resolves to no suggestions on %s", async (_case, proxy) => {
      const { fetch, requested } = storefrontFetch(proxy);
      expect(plain(await loadScript({ fetch }).upsell.load(config)).items).toEqual([]);
      expect(requested).toHaveLength(1);
    });

    it("gives up on a proxy that takes longer than 3 seconds", async () => {
      const delays: number[] = [];
      const fetch = (_url: string, init: RequestInit) =>
        new Promise((_resolve, reject) => init.signal!.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError"))));
      const fastTimer = (callback: () => void, ms: number) => {
        delays.push(ms);
        queueMicrotask(callback);
        return 0;
      };
      const { upsell } = loadScript({ fetch, setTimeout: fastTimer, clearTimeout: () => {} });
      expect(plain(await upsell.load(config)).items).toEqual([]);
      expect(delays).toEqual([3000]);
    });
  });
});
