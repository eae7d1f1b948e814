import { describe, expect, it } from "vitest";
import { createLiquidEngine, defaultMoneyFormats, extractLayoutNone, formatMoneyWithFormat, handleize, safeJson, translate } from "./liquid-engine";

function engine(extra: { translations?: Record<string, unknown>; javascript?: string[]; stylesheet?: string[] } = {}) {
  return createLiquidEngine({
    root: ["/nonexistent"],
    currencyCode: "USD",
    ...defaultMoneyFormats("USD"),
    assetUrl: (file) => `/extensions/encore-theme/assets/${file}`,
    translations: extra.translations ?? {},
    onJavascript: (code) => extra.javascript?.push(code),
    onStylesheet: (css) => extra.stylesheet?.push(css),
  });
}

const render = (source: string, scope: Record<string, unknown> = {}, liquid = engine()) => liquid.parseAndRender(source, scope);

describe("money filters", () => {
  it("formats cents with the shop's money formats", async () => {
    expect(await render("{{ 1250 | money }}")).toBe("$12.50");
    expect(await render("{{ 123456 | money }}")).toBe("$1,234.56");
    expect(await render("{{ 1250 | money_with_currency }}")).toBe("$12.50 USD");
    expect(await render("{{ 1250 | money_without_currency }}")).toBe("12.50");
    expect(await render("{{ 1200 | money_without_trailing_zeros }}")).toBe("$12");
    expect(await render("{{ 0 | money }}")).toBe("$0.00");
    expect(await render("{{ price | money }}", { price: -995 })).toBe("-$9.95");
  });

  it("follows the format placeholders and zero-decimal currencies", () => {
    expect(formatMoneyWithFormat(123456, "{{amount_with_comma_separator}} €", "EUR")).toBe("1.234,56 €");
    expect(formatMoneyWithFormat(123456, "{{amount_no_decimals}}", "USD")).toBe("1,235");
    expect(formatMoneyWithFormat(1500, "¥{{amount_no_decimals}}", "JPY")).toBe("¥1,500");
    expect(defaultMoneyFormats("JPY").moneyFormat).toBe("¥{{amount_no_decimals}}");
  });
});

describe("Shopify filters", () => {
  it("json is valid JSON that cannot close an inline script", async () => {
    const output = await render("{{ name | json }}", { name: "</script><b>&" });
    expect(output).not.toContain("</script>");
    expect(JSON.parse(output)).toBe("</script><b>&");
    expect(await render("{{ missing | json }}")).toBe("null");
    expect(safeJson({ id: 1 })).toBe('{"id":1}');
  });

  it("handle/handleize, escape, url_encode, default", async () => {
    expect(await render("{{ 'Crème Brûlée & Co.' | handleize }}")).toBe("creme-brulee-co");
    expect(handleize("  Hello, World!  ")).toBe("hello-world");
    expect(await render("{{ 'Hi there' | handle }}")).toBe("hi-there");
    expect(await render("{{ '<a href=\"x\">' | escape }}")).toBe("&lt;a href=&quot;x&quot;&gt;");
    expect(await render("{{ 'a b&c' | url_encode }}")).toBe("a+b%26c");
    expect(await render("{{ nothing | default: 'fallback' }}")).toBe("fallback");
  });

  it("asset_url points into the extension's assets, and the tag filters wrap it", async () => {
    expect(await render("{{ 'app.js' | asset_url }}")).toBe("/extensions/encore-theme/assets/app.js");
    expect(await render("{{ 'app.js' | asset_url | script_tag }}")).toBe('<script src="/extensions/encore-theme/assets/app.js" type="text/javascript"></script>');
    expect(await render("{{ 'app.css' | asset_url | stylesheet_tag }}")).toContain('href="/extensions/encore-theme/assets/app.css" rel="stylesheet"');
  });

  it("image_url and img_url take an image, a product or a URL and a width", async () => {
    const image = { src: "/sandbox-assets/products/mug.svg", alt: "Mug" };
    expect(await render("{{ image | image_url: width: 400 }}", { image })).toBe("/sandbox-assets/products/mug.svg?width=400");
    expect(await render("{{ product | image_url: width: 200 }}", { product: { handle: "mug", url: "/products/mug", featured_image: image } })).toBe(
      "/sandbox-assets/products/mug.svg?width=200",
    );
    expect(await render("{{ url | image_url: width: 100 }}", { url: "/sandbox-assets/products/mug.svg?view=2" })).toBe("/sandbox-assets/products/mug.svg?view=2&width=100");
    expect(await render("{{ image | img_url: '300x' }}", { image })).toBe("/sandbox-assets/products/mug.svg?width=300");
    expect(await render("{{ image | image_url: width: 100 | image_tag: alt: 'Mug' }}", { image })).toBe(
      '<img src="/sandbox-assets/products/mug.svg?width=100" loading="lazy" alt="Mug">',
    );
  });

  it("t reads the translations, interpolates and reports missing keys like Shopify", async () => {
    const translations = { encore: { hello: "Hi {{ name }}", points: { one: "{{ count }} point", other: "{{ count }} points" } } };
    const liquid = engine({ translations });
    expect(await render("{{ 'encore.hello' | t: name: 'Ada' }}", {}, liquid)).toBe("Hi Ada");
    expect(await render("{{ 'encore.points' | t: count: 1 }}", {}, liquid)).toBe("1 point");
    expect(await render("{{ 'encore.points' | t: count: 5 }}", {}, liquid)).toBe("5 points");
    expect(await render("{{ 'encore.nope' | t }}", {}, liquid)).toBe("translation missing: en.encore.nope");
    expect(translate(translations, "encore.hello")).toBe("Hi {{ name }}");
  });
});

describe("Shopify tags", () => {
  it("schema renders nothing; javascript and stylesheet hand their bodies to the page", async () => {
    const javascript: string[] = [];
    const stylesheet: string[] = [];
    const liquid = engine({ javascript, stylesheet });
    const output = await render(
      'before{% schema %}{"name": "X", "settings": [{"id": "a", "default": "{{ not liquid }}"}]}{% endschema %}{% javascript %}console.log("{{ raw }}");{% endjavascript %}{% stylesheet %}.a { color: red }{% endstylesheet %}after',
      {},
      liquid,
    );
    expect(output).toBe("beforeafter");
    expect(javascript).toEqual(['console.log("{{ raw }}");']);
    expect(stylesheet).toEqual([".a { color: red }"]);
  });

  it("an unclosed schema is an error", async () => {
    await expect(render("{% schema %}{}")).rejects.toThrow(/not closed/);
  });

  it("finds {% layout none %} (what liquid(body, { layout: false }) prepends)", () => {
    expect(extractLayoutNone("{% layout none %} <p>hi</p>")).toEqual({ useLayout: false, body: " <p>hi</p>" });
    expect(extractLayoutNone("<p>hi</p>")).toEqual({ useLayout: true, body: "<p>hi</p>" });
  });
});
