// Encore's "Frequently bought together" app block (extensions/encore-theme/blocks/
// frequently-bought-together.liquid) on the sandbox storefront: the server-rendered markup on a
// product page, its settings and translations, and the pure parts of assets/encore-fbt.js run in
// a node:vm context (formatMoney, the cart payload, loading suggestions through stubbed fetches).
// The in-browser behaviour (rows filled in, total, add to cart, no layout shift) is the e2e suite's.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { createStorefrontHandler } from "./handler";
import { createLiquidEngine, defaultMoneyFormats, formatMoneyWithFormat } from "./liquid-engine";
import { productObject, ROUTES, shopObject } from "./liquid-objects";
import { blockId, defaultBlockSettings, listExtensionBlocks, type ExtensionBlock } from "./render-blocks";
import { fnv1a32, visitorGroup } from "../../cross-sell/analytics";
import { IDS, TEST_PUBLIC_URL, testConfig, testContext, TestShopper } from "./test-fixtures";

const extensionsDir = testConfig().extensionsDir;
const extensionDir = join(extensionsDir, "encore-theme");
const LOCALES = ["en.default", "ru", "uk"] as const;
type Locale = (typeof LOCALES)[number];

function fbtBlock(): ExtensionBlock {
  const block = listExtensionBlocks(extensionsDir).find((b) => b.extension === "encore-theme" && b.name === "frequently-bought-together");
  if (!block) throw new Error("extensions/encore-theme/blocks/frequently-bought-together.liquid is missing");
  return block;
}

function readJson(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
}

const storefrontStrings = (locale: Locale) => readJson(join(extensionDir, "locales", `${locale}.json`));
const schemaStrings = (locale: Locale) => readJson(join(extensionDir, "locales", `${locale}.schema.json`));

/** "a.b.c" -> value, for translation trees. */
function lookup(tree: unknown, key: string): unknown {
  return key.split(".").reduce<unknown>((node, part) => (node && typeof node === "object" ? (node as Record<string, unknown>)[part] : undefined), tree);
}

/** Every leaf of a translation tree as [dotted key, value]. */
function leaves(tree: unknown, prefix = ""): [string, unknown][] {
  if (!tree || typeof tree !== "object") return [[prefix, tree]];
  return Object.entries(tree as Record<string, unknown>).flatMap(([key, value]) => leaves(value, prefix ? `${prefix}.${key}` : key));
}

const placeholders = (text: unknown) => [...String(text).matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

/** The block's root element (everything inside Shopify's wrapper div) from a rendered page. */
function blockHtml(html: string): string {
  const start = html.indexOf('<div class="encore-fbt ');
  if (start < 0) throw new Error("The Frequently bought together block is not on the page");
  const end = html.indexOf('<p class="encore-fbt__status"', start);
  return html.slice(start, html.indexOf("</div>", end) + "</div>".length);
}

function configOf(html: string) {
  const script = /<script type="application\/json" data-encore-fbt-config>([\s\S]*?)<\/script>/.exec(html);
  if (!script) throw new Error("no config script in the block");
  return JSON.parse(script[1]) as Record<string, unknown> & { strings: Record<string, string> };
}

/** The opening tag of the first element matching `pattern` (a regex source for inside the tag). */
function openingTag(html: string, pattern: string): string {
  const match = new RegExp(`<[a-z]+\\b[^>]*${pattern}[^>]*>`).exec(html);
  if (!match) throw new Error(`no element matching ${pattern}`);
  return match[0];
}

/** An attribute's value in an opening tag: "" for a bare attribute (checked), null when absent. */
function attribute(tag: string, name: string): string | null {
  const match = new RegExp(`\\s${name}(?:="([^"]*)")?(?=[\\s>])`).exec(tag);
  return match ? (match[1] ?? "") : null;
}
const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").trim();

async function productPage(handle: string, prepare?: (store: ReturnType<typeof testContext>["store"]) => void) {
  const { context, store } = testContext();
  prepare?.(store);
  const shopper = new TestShopper(createStorefrontHandler(), context);
  const response = await shopper.get(`/products/${handle}`);
  expect(response.status).toBe(200);
  return { html: await response.text(), shopper, store, context };
}

/**
 * The block rendered as Shopify would for a merchant's settings and a storefront language (the
 * sandbox storefront itself always renders the schema defaults in English).
 */
async function renderBlock(options: { locale?: Locale; settings?: Record<string, unknown>; handle?: string } = {}) {
  const { context, store } = testContext();
  const block = fbtBlock();
  const formats = defaultMoneyFormats("USD");
  const engine = createLiquidEngine({
    currencyCode: "USD",
    ...formats,
    root: [join(block.dir, "blocks")],
    partials: [join(block.dir, "snippets")],
    assetUrl: (file) => `/extensions/encore-theme/assets/${file}`,
    translations: storefrontStrings(options.locale ?? "en.default"),
  });
  const product = productObject(store, store.productByHandle(options.handle ?? "morning-blend")!);
  const scope = {
    product,
    block: { id: blockId(block), settings: { ...defaultBlockSettings(block), ...options.settings }, shopify_attributes: 'data-shopify-editor-block="{}"' },
  };
  return engine.parseAndRender(block.source, scope, { globals: { shop: shopObject(store, context.config, formats), routes: ROUTES } });
}

describe("the block's schema", () => {
  it("is a product-page app block with its script and stylesheet", () => {
    const { schema } = fbtBlock();
    expect(schema).toMatchObject({
      name: "t:blocks.frequently_bought_together.name",
      target: "section",
      enabled_on: { templates: ["product"] },
      javascript: "encore-fbt.js",
      stylesheet: "encore-fbt.css",
    });
    expect(readFileSync(join(extensionDir, "assets", "encore-fbt.js"), "utf8")).toContain("window.EncoreFbt");
    expect(readFileSync(join(extensionDir, "assets", "encore-fbt.css"), "utf8")).toContain(".encore-fbt__item");
  });

  it("has the merchant's settings: heading, 1-4 suggestions (default 2), row/list layout, prices", () => {
    const settings = Object.fromEntries((fbtBlock().schema.settings ?? []).map((s) => [s.id, s]));
    expect(settings.heading).toMatchObject({ type: "text", default: "t:blocks.frequently_bought_together.settings.heading.default" });
    expect(settings.max_items).toMatchObject({ type: "range", min: 1, max: 4, step: 1, default: 2 });
    expect(settings.layout).toMatchObject({ type: "select", default: "list" });
    expect((settings.layout as unknown as { options: { value: string }[] }).options.map((o) => o.value)).toEqual(["row", "list"]);
    expect(settings.show_prices).toMatchObject({ type: "checkbox", default: true });
    expect(defaultBlockSettings(fbtBlock())).toEqual({ heading: "Frequently bought together", max_items: 2, layout: "list", show_prices: true });
  });

  it.each(LOCALES)("resolves every t: key in %s.schema.json, with a block name of at most 25 characters", (locale) => {
    const strings = schemaStrings(locale);
    const keys = JSON.stringify(fbtBlock().schema).match(/"t:[^"]+"/g)!.map((k) => k.slice(3, -1));
    expect(keys.length).toBeGreaterThan(8);
    for (const key of keys) expect(typeof lookup(strings, key), `${locale}: ${key}`).toBe("string");
    expect((lookup(strings, "blocks.frequently_bought_together.name") as string).length).toBeLessThanOrEqual(25);
  });
});

describe("translations", () => {
  it.each([
    ["storefront", storefrontStrings],
    ["schema", schemaStrings],
  ] as const)("%s locales have the same keys and placeholders in every language", (_kind, read) => {
    const english = leaves(read("en.default"));
    for (const locale of ["ru", "uk"] as const) {
      const translated = new Map(leaves(read(locale)));
      expect([...translated.keys()].sort(), locale).toEqual(english.map(([key]) => key).sort());
      for (const [key, value] of english) {
        const other = translated.get(key);
        expect(typeof other === "string" && other.trim() !== "", `${locale}: ${key}`).toBe(true);
        expect(placeholders(other), `${locale}: ${key}`).toEqual(placeholders(value));
      }
    }
  });

  it("has the block's storefront strings translated into Russian and Ukrainian", () => {
    const keys = leaves(lookup(storefrontStrings("en.default"), "encore.fbt")).map(([key]) => `encore.fbt.${key}`);
    expect(keys).toEqual(
      expect.arrayContaining(["encore.fbt.heading", "encore.fbt.this_item", "encore.fbt.total", "encore.fbt.add_to_cart", "encore.fbt.added", "encore.fbt.error", "encore.fbt.no_suggestions"]),
    );
    expect(lookup(storefrontStrings("en.default"), "encore.fbt.add_to_cart")).toBe("Add selected to cart");
    for (const key of keys) {
      const ru = lookup(storefrontStrings("ru"), key) as string;
      const uk = lookup(storefrontStrings("uk"), key) as string;
      expect(ru, key).toMatch(/[а-яё]/i);
      expect(uk, key).toMatch(/[а-щьюяєіїґ]/i);
      expect(uk, key).not.toBe(ru); // Ukrainian, not a copy of the Russian
    }
    expect(lookup(storefrontStrings("ru"), "encore.fbt.add_to_cart")).toBe("Добавить выбранное в корзину");
    expect(lookup(storefrontStrings("uk"), "encore.fbt.add_to_cart")).toBe("Додати вибране до кошика");
    expect(lookup(storefrontStrings("uk"), "encore.fbt.total")).toBe("Разом");
  });
});

describe("server-rendered markup on the sandbox product page", () => {
  it("renders in the app-block slot with its stylesheet and deferred script", async () => {
    const { html } = await productPage("morning-blend");
    const slot = html.slice(html.indexOf("data-app-block-slot"), html.indexOf("</main>"));
    expect(slot).toMatch(/<div id="shopify-block-frequently_bought_together_\w+" class="shopify-block shopify-app-block"><div class="encore-fbt encore-fbt--list" id="encore-fbt-frequently_bought_together_\w+" data-encore-fbt/);
    expect(html).toContain('<link href="/extensions/encore-theme/assets/encore-fbt.css" rel="stylesheet" type="text/css" media="all">');
    expect(html).toContain('<script src="/extensions/encore-theme/assets/encore-fbt.js" defer="defer"></script>');
    expect(html).toContain('<script src="/extensions/encore-theme/assets/encore-shared.js" defer="defer"></script>');
    expect(html).not.toContain("Liquid error");
  });

  it("shows the product on the page: checked checkbox, label, image with its size, variant select with prices, price", async () => {
    const block = blockHtml((await productPage("morning-blend")).html);
    const rootId = attribute(openingTag(block, 'class="encore-fbt '), "id")!;

    expect(block).toMatch(/<fieldset class="encore-fbt__fieldset">\s*<legend class="encore-fbt__heading">Frequently bought together<\/legend>/);
    const anchor = openingTag(block, "data-encore-fbt-anchor");
    expect(attribute(anchor, "data-product-id")).toBe(String(IDS.coffee));

    const checkbox = openingTag(block, "data-encore-fbt-check");
    expect(attribute(checkbox, "type")).toBe("checkbox");
    expect(attribute(checkbox, "id")).toBe(`${rootId}-0`);
    expect(attribute(checkbox, "value")).toBe(String(IDS.coffeeSmall));
    expect(attribute(checkbox, "checked")).toBe("");
    expect(attribute(checkbox, "disabled")).toBeNull();
    expect(block).toContain(`<label class="encore-fbt__title" for="${rootId}-0">This item: Morning Blend</label>`);

    const image = openingTag(block, 'class="encore-fbt__image" src=');
    expect(attribute(image, "src")).toBe("/sandbox-assets/products/morning-blend.svg?width=160");
    expect([attribute(image, "width"), attribute(image, "height"), attribute(image, "alt")]).toEqual(["160", "160", ""]);

    expect(block).toContain(`<label class="encore-fbt__sr" for="${rootId}-0-variant">Option for Morning Blend</label>`);
    const select = /<select[^>]*data-encore-fbt-variant[^>]*>([\s\S]*?)<\/select>/.exec(block)!;
    expect(attribute(select[0].slice(0, select[0].indexOf(">") + 1), "id")).toBe(`${rootId}-0-variant`);
    const options = [...select[1].matchAll(/<option([^>]*)>([\s\S]*?)<\/option>/g)].map((m) => ({
      value: attribute(`<option${m[1]}>`, "value"),
      cents: attribute(`<option${m[1]}>`, "data-cents"),
      selected: attribute(`<option${m[1]}>`, "selected") !== null,
      disabled: attribute(`<option${m[1]}>`, "disabled") !== null,
      label: text(m[2]),
    }));
    expect(options).toEqual([
      { value: String(IDS.coffeeSmall), cents: "1800", selected: true, disabled: false, label: "12 oz – $18.00" },
      { value: String(IDS.coffeeLarge), cents: "4200", selected: false, disabled: true, label: "2 lb – $42.00 – Sold out" },
    ]);
    expect(block).toContain('<span class="encore-fbt__price" data-encore-fbt-price>$18.00</span>');
  });

  it("reserves one fixed-height skeleton row per allowed suggestion, hidden from assistive technology", async () => {
    const block = blockHtml((await productPage("morning-blend")).html);
    const skeletons = block.match(/<li class="encore-fbt__item encore-fbt__item--skeleton" data-encore-fbt-slot aria-hidden="true">/g) ?? [];
    expect(skeletons).toHaveLength(2); // max_items defaults to 2
    expect(openingTag(block, "data-encore-fbt-items")).toContain('aria-busy="true"');
    // The rows (anchor, skeleton, suggestion) share one fixed height, so filling one shifts nothing.
    const css = readFileSync(join(extensionDir, "assets", "encore-fbt.css"), "utf8");
    const itemRule = /\.encore-fbt__item \{([^}]*)\}/.exec(css)![1];
    expect(itemRule).toMatch(/\n\s*height: var\(--encore-fbt-row-height\)/);
    expect(itemRule).toMatch(/overflow: hidden/);
    expect(/\.encore-fbt--row \.encore-fbt__item \{([^}]*)\}/.exec(css)![1]).toMatch(/\n\s*height: var\(--encore-fbt-card-height\)/);
    expect(css).toMatch(/\.encore-fbt__item--vacant \{\s*visibility: hidden;/);
    expect(css).toMatch(/\.encore-fbt__status \{[^}]*min-height: 1\.5em/);
  });

  it("has the total (polite live region), a disabled add button until the script is ready, and a status line", async () => {
    const block = blockHtml((await productPage("morning-blend")).html);
    expect(block).toMatch(/<p class="encore-fbt__total" aria-live="polite" aria-atomic="true">\s*Total:\s*<s class="encore-fbt__was" data-encore-fbt-was><\/s>\s*<span data-encore-fbt-total>\$18\.00<\/span>\s*<\/p>/);
    expect(block).toContain('<button type="button" class="encore-fbt__button" data-encore-fbt-add disabled>Add selected to cart</button>');
    expect(block).toContain('<p class="encore-fbt__status" role="status" data-encore-fbt-status></p>');
  });

  it("embeds the config the script needs", async () => {
    const config = configOf(blockHtml((await productPage("morning-blend")).html));
    expect(config).toEqual({
      productId: IDS.coffee,
      limit: 2,
      showPrices: true,
      moneyFormat: "${{amount}}",
      proxy: "/apps/encore",
      root: "/",
      cartAddUrl: "/cart/add",
      addUrl: "/extensions/encore-theme/assets/encore-fbt-add.js",
      strings: {
        variantLabel: "Option for [title]",
        soldOut: "Sold out",
        added: "Added to your cart",
        error: "Could not add these items to your cart. Please try again.",
        noSuggestions: "No suggestions for this product right now",
        bundleHint: "Buy this with [count] more to save [saving]",
      },
    });
  });

  it("has no variant select for a product with only the default variant", async () => {
    const block = blockHtml((await productPage("ceramic-mug")).html);
    expect(block).not.toContain("<select");
    const checkbox = openingTag(block, "data-encore-fbt-check");
    expect([attribute(checkbox, "value"), attribute(checkbox, "data-cents"), attribute(checkbox, "checked")]).toEqual([String(IDS.mugVariant), "2400", ""]);
    expect(block).toContain("This item: Ceramic Mug</label>");
    expect(block).toContain("<span data-encore-fbt-total>$24.00</span>");
  });

  it("offers a sold-out product unchecked and disabled, with a zero total", async () => {
    const { html } = await productPage("ceramic-mug", (store) => {
      store.productByHandle("ceramic-mug")!.variants[0].inventoryQuantity = 0;
    });
    const block = blockHtml(html);
    const checkbox = openingTag(block, "data-encore-fbt-check");
    expect(attribute(checkbox, "checked")).toBeNull();
    expect(attribute(checkbox, "disabled")).toBe("");
    expect(block).toContain("<span data-encore-fbt-total>$0.00</span>");
  });

  it("escapes the product title everywhere it appears", async () => {
    const { html } = await productPage("morning-blend", (store) => {
      store.productByHandle("morning-blend")!.title = 'Morning <b>"Blend"</b>';
    });
    const block = blockHtml(html);
    expect(block).not.toContain("<b>");
    expect(block).toContain("This item: Morning &lt;b&gt;&quot;Blend&quot;&lt;/b&gt;</label>");
    expect(block).toContain("Option for Morning &lt;b&gt;&quot;Blend&quot;&lt;/b&gt;</label>");
  });

  it("is not rendered on other pages", async () => {
    const { context } = testContext();
    const shopper = new TestShopper(createStorefrontHandler(), context);
    for (const path of ["/", "/collections/coffee", "/cart"]) expect(await (await shopper.get(path)).text(), path).not.toContain("data-encore-fbt");
  });

  it("serves the script and the stylesheet", async () => {
    const { context } = testContext();
    const shopper = new TestShopper(createStorefrontHandler(), context);
    for (const file of ["encore-fbt.js", "encore-fbt.css", "encore-shared.js", "encore-fbt-add.js"]) {
      const response = await shopper.get(`/extensions/encore-theme/assets/${file}`);
      expect(response.status, file).toBe(200);
      expect(await response.text()).toBe(readFileSync(join(extensionDir, "assets", file), "utf8"));
    }
  });
});

describe("the block with other settings and languages", () => {
  it("follows the merchant's settings: row layout, 4 suggestions, no prices", async () => {
    const html = await renderBlock({ settings: { layout: "row", max_items: 4, show_prices: false, heading: "Goes well with" } });
    expect(html).toContain('<div class="encore-fbt encore-fbt--row"');
    expect(html).toContain('data-shopify-editor-block="{}"'); // block.shopify_attributes, for the theme editor
    expect(html).toContain('<legend class="encore-fbt__heading">Goes well with</legend>');
    expect(html.match(/data-encore-fbt-slot/g)).toHaveLength(4);
    expect(html).not.toContain("data-encore-fbt-price");
    expect(html).toContain(">12 oz</option>");
    expect(html).toContain(">2 lb – Sold out</option>");
    expect(configOf(html)).toMatchObject({ limit: 4, showPrices: false });
  });

  it("falls back to the storefront heading when the merchant clears it, and escapes a custom one", async () => {
    expect(await renderBlock({ settings: { heading: "  " } })).toContain('<legend class="encore-fbt__heading">Frequently bought together</legend>');
    expect(await renderBlock({ settings: { heading: "Tea & <cake>" } })).toContain('<legend class="encore-fbt__heading">Tea &amp; &lt;cake&gt;</legend>');
  });

  it.each([
    ["ru", "Часто покупают вместе", "Этот товар: Morning Blend", "Вариант товара «Morning Blend»", "2 lb – $42.00 – Нет в наличии", "Итого:", "Добавить выбранное в корзину"],
    ["uk", "Часто купують разом", "Цей товар: Morning Blend", "Варіант товару «Morning Blend»", "2 lb – $42.00 – Немає в наявності", "Разом:", "Додати вибране до кошика"],
  ] as const)("renders in %s", async (locale, heading, thisItem, variantLabel, soldOutOption, total, button) => {
    const schemaHeading = lookup(schemaStrings(locale), "blocks.frequently_bought_together.settings.heading.default");
    expect(schemaHeading).toBe(heading); // what the theme editor puts in a block added in this language
    const html = await renderBlock({ locale, settings: { heading: "" } });
    expect(html).toContain(`<legend class="encore-fbt__heading">${heading}</legend>`);
    expect(html).toContain(`>${thisItem}</label>`);
    expect(html).toContain(`>${variantLabel}</label>`);
    expect(html).toContain(`>${soldOutOption}</option>`);
    expect(text(html)).toContain(`${total} $18.00`);
    expect(html).toContain(`>${button}</button>`);
    const strings = storefrontStrings(locale);
    expect(configOf(html).strings).toEqual({
      variantLabel: variantLabel.replace("Morning Blend", "[title]"),
      soldOut: lookup(strings, "encore.fbt.sold_out"),
      added: lookup(strings, "encore.fbt.added"),
      error: lookup(strings, "encore.fbt.error"),
      noSuggestions: lookup(strings, "encore.fbt.no_suggestions"),
      bundleHint: String(lookup(strings, "encore.fbt.bundle_hint")).replace("{{ count }}", "[count]").replace("{{ saving }}", "[saving]"),
    });
  });
});

// ---------------------------------------------------------------------------------------------
// assets/encore-fbt.js, evaluated in a node:vm context with just enough of a browser

interface Line {
  variantId: number;
  checked: boolean;
  anchor: boolean;
  source?: string;
}
interface EncoreFbt {
  cartPayload(lines: Line[], anchorId: number | string): { items: { id: number; quantity: number; properties?: Record<string, string> }[] };
  slotPlan(found: number, slots: number, collapse: boolean): string[];
}
interface Loaded {
  group?: string;
  items?: { product: string; source?: string }[];
  bundle?: unknown;
  products: { title: string; handle: string; source?: string }[];
}
interface EncoreShared {
  formatMoney(cents: number, format: string): string;
  handles(body: unknown, anchorId: number | string, limit: number): string[];
  usable(product: unknown): boolean;
  load(config: Record<string, unknown>): Promise<Loaded>;
  hash(text: string): number;
  group(percent: number): string;
  visitor(): string;
  bundleOffer(bundle: unknown, anchorChecked: boolean, complements: number, cents: number): { applies: boolean; more: number; off: number } | null;
}

const scriptSource = readFileSync(join(extensionDir, "assets", "encore-fbt.js"), "utf8");
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

function loadScript(globals: Record<string, unknown> = {}) {
  const listeners: string[] = [];
  const context: Record<string, unknown> = {
    document: { readyState: "complete", cookie: "", querySelectorAll: () => [], addEventListener: (type: string) => listeners.push(type) },
    addEventListener: () => {},
    navigator: { sendBeacon: () => true },
    crypto,
    AbortController,
    setTimeout,
    clearTimeout,
    fetch: () => Promise.reject(new TypeError("no network in this test")),
    ...globals,
  };
  context.window = context;
  runInNewContext(scriptSource, context, { filename: "encore-fbt.js" });
  const own = [...listeners];
  context.document = { ...scriptingDocument(context), ...(context.document as object) };
  runInNewContext(sharedSource, context, { filename: "encore-shared.js" });
  // Values cross back from the vm's realm: compare them as plain JSON.
  return { fbt: context.EncoreFbt as EncoreFbt, shared: context.EncoreShared as EncoreShared, listeners: own, context };
}

const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

describe("encore-fbt.js", () => {
  it("is a self-contained script without console output or HTML injection", () => {
    expect(sharedSource).not.toMatch(/\bconsole\.|innerHTML|insertAdjacentHTML|document\.write/);
    expect(scriptSource).not.toMatch(/\bconsole\./);
    expect(scriptSource).not.toMatch(/innerHTML|insertAdjacentHTML|document\.write/);
    expect(scriptSource).not.toMatch(/^\s*(import|export)\s/m);
  });

  it("starts at once when the document is parsed, and again when the theme editor reloads a section", () => {
    expect(loadScript().listeners).toEqual(["shopify:section:load"]);
    const whileLoading = loadScript({ document: { readyState: "loading", querySelectorAll: () => [], addEventListener: () => {} } });
    expect(whileLoading.fbt).toBeDefined();
    const listeners: string[] = [];
    loadScript({ document: { readyState: "loading", querySelectorAll: () => [], addEventListener: (type: string) => listeners.push(type) } });
    // (visibilitychange is encore-shared.js's: it sends queued events when the page hides.)
    expect(listeners).toEqual(["DOMContentLoaded", "shopify:section:load", "visibilitychange"]);
  });

  describe("formatMoney", () => {
    const { shared } = loadScript();

    it.each([
      [0, "${{amount}}", "$0.00"],
      [5, "${{amount}}", "$0.05"],
      [1800, "${{amount}}", "$18.00"],
      [123456789, "${{amount}}", "$1,234,567.89"],
      [123456789, "${{ amount }} USD", "$1,234,567.89 USD"],
      [123456, "{{amount_no_decimals}} kr", "1,235 kr"],
      [99, "{{amount_no_decimals}}", "1"],
      [123456789, "{{amount_with_comma_separator}} €", "1.234.567,89 €"],
      [1999900, "{{amount_no_decimals_with_comma_separator}} ₽", "19.999 ₽"],
      [4200, '<span class="money">${{amount}}</span>', "$42.00"],
      [4200, "", "$42.00"],
    ])("formats %i cents with %j as %j", (cents, format, expected) => {
      expect(shared.formatMoney(cents, format)).toBe(expected);
    });

    it("matches the storefront's Liquid money filter", () => {
      const formats = ["${{amount}}", "{{amount_no_decimals}} $", "{{amount_with_comma_separator}} €", "{{amount_no_decimals_with_comma_separator}}"];
      for (const format of formats) {
        for (const cents of [0, 1, 99, 100, 1800, 4200, 100000, 123456, 99999999]) {
          expect(shared.formatMoney(cents, format), `${cents} ${format}`).toBe(formatMoneyWithFormat(cents, format, "USD"));
        }
      }
    });
  });

  describe("cartPayload", () => {
    const { fbt } = loadScript();

    it("adds the checked lines, one each, attributing the suggestions and not the anchor", () => {
      const lines = [
        { variantId: IDS.coffeeSmall, checked: true, anchor: true },
        { variantId: IDS.mugVariant, checked: true, anchor: false },
        { variantId: IDS.giftCardVariant, checked: false, anchor: false },
      ];
      expect(plain(fbt.cartPayload(lines, IDS.coffee))).toEqual({
        items: [
          { id: IDS.coffeeSmall, quantity: 1 },
          { id: IDS.mugVariant, quantity: 1, properties: { _encore_source: "fbt", _encore_anchor: String(IDS.coffee) } },
        ],
      });
      expect(plain(fbt.cartPayload([{ variantId: IDS.coffeeSmall, checked: false, anchor: true }], IDS.coffee))).toEqual({ items: [] });
      // With the recommendation's source: _encore_reason (contract 4).
      expect(plain(fbt.cartPayload([{ variantId: IDS.mugVariant, checked: true, anchor: false, source: "rule:7" }], IDS.coffee))).toEqual({
        items: [{ id: IDS.mugVariant, quantity: 1, properties: { _encore_source: "fbt", _encore_anchor: String(IDS.coffee), _encore_reason: "rule:7" } }],
      });
    });

    it("is what the AJAX cart accepts: suggestions get their own properties, the anchor merges with the theme form's line", async () => {
      const { context, store } = testContext();
      const shopper = new TestShopper(createStorefrontHandler(), context);
      await shopper.postForm("/cart/add", { id: String(IDS.coffeeSmall), quantity: "1" }); // the theme's own form first
      const payload = fbt.cartPayload(
        [
          { variantId: IDS.coffeeSmall, checked: true, anchor: true },
          { variantId: IDS.mugVariant, checked: true, anchor: false },
        ],
        IDS.coffee,
      );
      const added = await shopper.postJson("/cart/add.js", payload);
      expect(added.status).toBe(200);
      const cart = (await (await shopper.get("/cart.js")).json()) as { items: { variant_id: number; quantity: number; properties: Record<string, string> }[] };
      expect(cart.items.map((i) => [i.variant_id, i.quantity, i.properties]).sort()).toEqual(
        [
          [IDS.coffeeSmall, 2, {}],
          [IDS.mugVariant, 1, { _encore_source: "fbt", _encore_anchor: String(IDS.coffee) }],
        ].sort(),
      );
      // A sold-out variant makes Shopify refuse the whole request with a 422 the block shows.
      store.productByHandle("ceramic-mug")!.variants[0].inventoryQuantity = 1;
      const refused = await shopper.postJson("/cart/add.js", payload);
      expect(refused.status).toBe(422);
      expect(((await refused.json()) as { description: string }).description).toMatch(/Ceramic Mug/);
    });
  });

  describe("handles, usable and slotPlan", () => {
    const { fbt, shared } = loadScript();

    it("takes unique string handles from the proxy's answer, never the anchor, at most the limit", () => {
      const body = {
        productId: "110",
        items: [
          { productId: "100", handle: "morning-blend" },
          { productId: "110", handle: "ceramic-mug" },
          { productId: "100", handle: "morning-blend" },
          { productId: "130" },
          null,
          { productId: "131", handle: 42 },
          { productId: "130", handle: "gift-card" },
          { productId: "140", handle: "one-too-many" },
        ],
      };
      expect(plain(shared.handles(body, 110, 2))).toEqual(["morning-blend", "gift-card"]);
      expect(plain(shared.handles(body, "110", 8))).toEqual(["morning-blend", "gift-card", "one-too-many"]);
      for (const junk of [null, undefined, "", [], {}, { items: "x" }, { items: null }]) expect(plain(shared.handles(junk, 110, 2))).toEqual([]);
    });

    it("suggests only products that loaded and have a variant for sale", () => {
      expect(shared.usable({ title: "Mug", variants: [{ id: 1, available: false }, { id: 2, available: true }] })).toBe(true);
      expect(shared.usable({ title: "Mug", variants: [{ id: 1, available: false }] })).toBe(false);
      expect(shared.usable({ title: "Mug", variants: [] })).toBe(false);
      expect(shared.usable({ variants: [{ id: 1, available: true }] })).toBe(false);
      expect(shared.usable(null)).toBe(false);
      expect(shared.usable({ status: 404, message: "Not Found" })).toBe(false);
    });

    it("frees unused rows only while the block is below the viewport, else keeps their space", () => {
      expect(plain(fbt.slotPlan(2, 2, false))).toEqual(["item", "item"]);
      expect(plain(fbt.slotPlan(1, 3, false))).toEqual(["item", "vacant", "vacant"]);
      expect(plain(fbt.slotPlan(1, 3, true))).toEqual(["item", "remove", "remove"]);
      expect(plain(fbt.slotPlan(0, 2, false))).toEqual(["note", "vacant"]);
      expect(plain(fbt.slotPlan(0, 2, true))).toEqual(["remove", "remove"]);
      expect(plain(fbt.slotPlan(3, 2, false))).toEqual(["item", "item"]);
    });
  });

  describe("load", () => {
    const config = { productId: IDS.mug, limit: 3, proxy: "/apps/encore", root: "/" };

    /** fetch for the vm: the proxy answers `proxy`, everything else goes to the sandbox storefront. */
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

    it("asks the proxy, then loads the suggested products from /products/<handle>.js in order", async () => {
      const answer = {
        productId: String(IDS.mug),
        items: [
          { productId: "100", handle: "morning-blend" },
          { productId: "120", handle: "secret-draft" }, // a draft: /products/secret-draft.js is a 404
          { productId: "130", handle: "gift-card" },
        ],
      };
      const { fetch, requested } = storefrontFetch(() => Response.json(answer));
      const { shared } = loadScript({ fetch });
      const products = plain((await shared.load(config)).products) as unknown as { title: string; handle: string; url: string; featured_image: string; variants: { id: number; price: number; available: boolean }[] }[];
      expect(requested).toEqual([`/apps/encore/recommendations?product_id=${IDS.mug}&limit=3`, "/products/morning-blend.js", "/products/secret-draft.js", "/products/gift-card.js"]);
      expect(products.map((p) => p.title)).toEqual(["Morning Blend", "Gift Card"]);
      expect(products[0]).toMatchObject({ handle: "morning-blend", url: "/products/morning-blend", featured_image: "/sandbox-assets/products/morning-blend.svg" });
      expect(products[0].variants.map((v) => [v.id, v.price, v.available])).toEqual([
        [IDS.coffeeSmall, 1800, true],
        [IDS.coffeeLarge, 4200, false],
      ]);
    });

    it("uses the locale's root for product URLs", async () => {
      const { fetch, requested } = storefrontFetch(() => Response.json({ items: [{ productId: "100", handle: "morning-blend" }] }));
      await loadScript({ fetch }).shared.load({ ...config, root: "/uk" });
      expect(requested[1]).toBe("/uk/products/morning-blend.js");
    });

    it.each([
      ["an HTTP error", () => new Response("Internal error", { status: 500 })],
      ["invalid JSON", () => new Response("{not json", { headers: { "content-type": "application/json" } })],
      ["no items", () => Response.json({ productId: "110", items: [] })],
      ["a network failure", () => Promise.reject(new TypeError("Failed to fetch"))],
    ])("resolves to no suggestions on %s", async (_case, proxy) => {
      const { fetch, requested } = storefrontFetch(proxy);
      expect(plain((await loadScript({ fetch }).shared.load(config)).products)).toEqual([]);
      expect(requested).toHaveLength(1);
    });

    it("gives up on a proxy that takes longer than 3 seconds", async () => {
      const delays: number[] = [];
      const aborted: string[] = [];
      const fetch = (url: string, init: RequestInit) =>
        new Promise((_resolve, reject) => {
          init.signal!.addEventListener("abort", () => {
            aborted.push(url);
            reject(new DOMException("The operation was aborted.", "AbortError"));
          });
        });
      // The timer fires at once: the test does not wait the 3 seconds.
      const fastTimer = (callback: () => void, ms: number) => {
        delays.push(ms);
        queueMicrotask(callback);
        return 0;
      };
      const { shared } = loadScript({ fetch, setTimeout: fastTimer, clearTimeout: () => {} });
      expect(plain((await shared.load(config)).products)).toEqual([]);
      expect(delays).toEqual([3000]);
      expect(aborted).toEqual([`/apps/encore/recommendations?product_id=${IDS.mug}&limit=3`]);
    });
  });

  describe("encore-shared.js: visitor, holdout and bundle offer", () => {
    it("buckets visitors with the same FNV-1a hash as the server (app/cross-sell/analytics.ts)", () => {
      const { shared } = loadScript();
      for (const text of ["", "a", "foobar", "visitor_ABC-123", "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"]) expect(shared.hash(text)).toBe(fnv1a32(text));
      expect(shared.hash("foobar")).toBe(0xbf9cf968); // FNV-1a 32 reference value
      // group() uses the visitor kept in localStorage: every percentage agrees with the server.
      const store = new Map<string, string>();
      const { shared: again } = loadScript({ localStorage: { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => store.set(k, v) } });
      const id = again.visitor();
      expect(id).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
      expect(store.get("encore_visitor")).toBe(id);
      expect(again.visitor()).toBe(id);
      for (const percent of [0, 5, 50, 100]) expect(again.group(percent)).toBe(visitorGroup(id, percent));
    });

    it("computes the bundle offer: applies with the anchor and enough complements, else says how many more", () => {
      const { shared } = loadScript();
      const percent = { kind: "percentage", percentage: 10, minComplements: 2 };
      expect(plain(shared.bundleOffer(percent, true, 2, 5000))).toEqual({ applies: true, more: 1, off: 500 });
      expect(plain(shared.bundleOffer(percent, true, 1, 5000))).toEqual({ applies: false, more: 1, off: 500 });
      expect(plain(shared.bundleOffer(percent, false, 2, 5000))).toMatchObject({ applies: false });
      expect(plain(shared.bundleOffer({ kind: "fixed", amountCents: 700, minComplements: 1 }, true, 1, 500))).toEqual({ applies: true, more: 1, off: 500 });
      for (const none of [null, undefined, { kind: "percentage", percentage: 0, minComplements: 1 }]) expect(shared.bundleOffer(none, true, 3, 5000)).toBeNull();
    });

    it("reads holdoutPercent and bundle from the proxy; a holdout visitor loads no products", async () => {
      const { context } = testContext();
      const handler = createStorefrontHandler();
      const requested: string[] = [];
      const answer = { productId: String(IDS.mug), items: [{ productId: "100", handle: "morning-blend", source: "bought-together" }], holdoutPercent: 0, bundle: { kind: "fixed", amountCents: 300, minComplements: 1 } };
      const fetch = async (url: string, init?: RequestInit) => {
        requested.push(url);
        if (url.startsWith("/apps/encore/")) return Response.json(answer);
        return (await handler(new Request(new URL(url, TEST_PUBLIC_URL), init), context)) ?? new Response("Not found", { status: 404 });
      };
      const config = { productId: IDS.mug, limit: 2, proxy: "/apps/encore", root: "/" };
      const shown = plain(await loadScript({ fetch }).shared.load(config));
      expect(shown).toMatchObject({ group: "shown", items: [{ product: "100", source: "bought-together" }], bundle: answer.bundle });
      expect(shown.products.map((p) => [p.handle, p.source])).toEqual([["morning-blend", "bought-together"]]);
      requested.length = 0;
      answer.holdoutPercent = 100;
      const held = plain(await loadScript({ fetch }).shared.load(config));
      expect(held).toMatchObject({ group: "holdout", items: [{ product: "100", source: "bought-together" }], products: [] });
      expect(requested).toEqual([`/apps/encore/recommendations?product_id=${IDS.mug}&limit=2`]);
    });
  });
});
