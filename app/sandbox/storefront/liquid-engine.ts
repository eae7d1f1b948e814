// The sandbox storefront's Liquid: liquidjs plus the Shopify filters and tags that the sandbox
// theme and Encore's theme app extension use. Shopify's Liquid has no auto-escaping and renders
// money as integer cents through the shop's money format; both are reproduced here.
import { Liquid, Tag, type Context, type Emitter, type TagToken, type TopLevelToken } from "liquidjs";
import { currencyDecimals } from "../admin-api/money";

export interface LiquidEngineOptions {
  /** Folders searched for templates (`renderFile`) and, unless `partials` is given, snippets. */
  root: string[];
  /** Folders searched by `{% render 'name' %}`. */
  partials?: string[];
  currencyCode: string;
  /** Shopify's shop.money_format, e.g. "${{amount}}". */
  moneyFormat: string;
  moneyWithCurrencyFormat: string;
  /** Where `asset_url` points for a file of this theme or extension. */
  assetUrl: (file: string) => string;
  /** Storefront translations (locales/en.default.json) for the `t` filter. */
  translations: Record<string, unknown>;
  /** Receives the bodies of `{% javascript %}` and `{% stylesheet %}` tags (Shopify bundles them). */
  onJavascript?: (code: string) => void;
  onStylesheet?: (css: string) => void;
}

const CURRENCY_SYMBOLS: Record<string, string> = { USD: "$", CAD: "$", AUD: "$", NZD: "$", EUR: "€", GBP: "£", JPY: "¥" };

/** Shopify's default formats for a currency: "${{amount}}" and "${{amount}} USD". */
export function defaultMoneyFormats(currencyCode: string): { moneyFormat: string; moneyWithCurrencyFormat: string } {
  const symbol = CURRENCY_SYMBOLS[currencyCode] ?? "";
  const amount = currencyDecimals(currencyCode) === 0 ? "{{amount_no_decimals}}" : "{{amount}}";
  return { moneyFormat: `${symbol}${amount}`, moneyWithCurrencyFormat: `${symbol}${amount} ${currencyCode}` };
}

/** Renders cents through a Shopify money format ("${{amount}}", "{{amount_with_comma_separator}} €"). */
export function formatMoneyWithFormat(cents: number, format: string, currencyCode: string): string {
  const decimals = currencyDecimals(currencyCode);
  const minorUnits = Math.round(Number(cents) || 0);
  const value = Math.abs(minorUnits) / 10 ** decimals;
  const grouped = (precision: number, thousands: string, decimal: string) => {
    const [whole, fraction] = value.toFixed(precision).split(".");
    const withThousands = whole.replace(/\B(?=(\d{3})+(?!\d))/g, thousands);
    return fraction ? `${withThousands}${decimal}${fraction}` : withThousands;
  };
  const formatted = format.replace(/\{\{\s*(\w+)\s*\}\}/g, (placeholder, name: string) => {
    switch (name) {
      case "amount":
        return grouped(decimals, ",", ".");
      case "amount_no_decimals":
        return grouped(0, ",", ".");
      case "amount_with_comma_separator":
        return grouped(decimals, ".", ",");
      case "amount_no_decimals_with_comma_separator":
        return grouped(0, ".", ",");
      case "amount_with_apostrophe_separator":
        return grouped(decimals, "'", ".");
      case "amount_with_space_separator":
        return grouped(decimals, " ", ",");
      default:
        return placeholder;
    }
  });
  // The sign goes before the currency symbol: -$9.95.
  return minorUnits < 0 ? `-${formatted}` : formatted;
}

/** Shopify's handleize: lower case, anything but letters and digits becomes one dash. */
export function handleize(text: string): string {
  return String(text ?? "")
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/['"]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/**
 * JSON that is safe inside an inline `<script>`: `<`, `>` and `&` become \u escapes (still valid
 * JSON), so a customer name like "</script>" cannot end the script early.
 */
export function safeJson(value: unknown): string {
  const text = JSON.stringify(value === undefined ? null : value) ?? "null";
  return text
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

export function escapeHtml(text: unknown): string {
  return String(text ?? "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** liquidjs passes keyword arguments (`width: 400`) as [name, value] pairs among the positional ones. */
function keywordArgs(args: unknown[]): { positional: unknown[]; named: Record<string, unknown> } {
  const positional: unknown[] = [];
  const named: Record<string, unknown> = {};
  for (const arg of args) {
    if (Array.isArray(arg) && arg.length === 2 && typeof arg[0] === "string") named[arg[0]] = arg[1];
    else positional.push(arg);
  }
  return { positional, named };
}

function lookupPath(tree: unknown, key: string): unknown {
  let node = tree;
  for (const part of key.split(".")) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

/** Shopify's `t`: nested key lookup, `{{ name }}` interpolation, `count` picks zero/one/other. */
export function translate(translations: Record<string, unknown>, key: string, variables: Record<string, unknown> = {}): string {
  let entry = lookupPath(translations, key);
  if (entry !== null && typeof entry === "object" && "count" in variables) {
    const plural = entry as Record<string, unknown>;
    const count = Number(variables.count);
    entry = (count === 0 && plural.zero) || (count === 1 ? plural.one : plural.other);
  }
  if (typeof entry !== "string") return `translation missing: en.${key}`;
  // Placeholders without a value stay as written, so scripts can fill them in later.
  return entry.replace(/\{\{\s*(\w+)\s*\}\}/g, (placeholder, name: string) => (name in variables ? String(variables[name] ?? "") : placeholder));
}

/** The URL of an image-like value: an image object, a product/variant (featured image) or a URL. */
function imageSource(value: unknown): string | null {
  if (!value) return null;
  if (typeof value === "string") return value;
  if (typeof value !== "object") return null;
  const record = value as Record<string, unknown>;
  if (typeof record.src === "string") return record.src;
  if (record.featured_image) return imageSource(record.featured_image);
  if (record.image) return imageSource(record.image);
  return null;
}

function withQueryParam(url: string, name: string, value: string): string {
  return `${url}${url.includes("?") ? "&" : "?"}${name}=${encodeURIComponent(value)}`;
}

/**
 * A tag whose body is kept verbatim (Shopify treats schema/javascript/stylesheet as raw blocks);
 * `collect` receives the body text, and the tag itself renders nothing.
 */
function rawBlockTag(name: string, collect: (body: string) => void) {
  return class extends Tag {
    private body = "";
    constructor(token: TagToken, remainTokens: TopLevelToken[], liquid: Liquid) {
      super(token, remainTokens, liquid);
      const parts: string[] = [];
      while (remainTokens.length) {
        const next = remainTokens.shift()!;
        if ("name" in next && (next as TagToken).name === `end${name}`) {
          this.body = parts.join("");
          return;
        }
        parts.push(next.getText());
      }
      throw new Error(`tag {% ${name} %} not closed`);
    }
    render(_ctx: Context, _emitter: Emitter) {
      collect(this.body);
      return "";
    }
  };
}

export function createLiquidEngine(options: LiquidEngineOptions): Liquid {
  const engine = new Liquid({
    root: options.root,
    partials: options.partials ?? options.root,
    extname: ".liquid",
    cache: false, // the real extension files are edited while the sandbox runs
    ownPropertyOnly: true,
  });
  const money = (format: string) => (cents: unknown) =>
    cents === null || cents === undefined || cents === "" ? "" : formatMoneyWithFormat(Number(cents), format, options.currencyCode);

  engine.registerFilter("money", money(options.moneyFormat));
  engine.registerFilter("money_with_currency", money(options.moneyWithCurrencyFormat));
  engine.registerFilter("money_without_currency", money(currencyDecimals(options.currencyCode) === 0 ? "{{amount_no_decimals}}" : "{{amount}}"));
  engine.registerFilter("money_without_trailing_zeros", (cents: unknown) =>
    cents === null || cents === undefined ? "" : formatMoneyWithFormat(Number(cents), options.moneyFormat, options.currencyCode).replace(/[.,]00(?!\d)/, ""),
  );
  engine.registerFilter("json", (value: unknown) => safeJson(value));
  engine.registerFilter("handle", handleize);
  engine.registerFilter("handleize", handleize);
  engine.registerFilter("escape", escapeHtml);
  engine.registerFilter("url_encode", (value: unknown) => encodeURIComponent(String(value ?? "")).replace(/%20/g, "+"));
  engine.registerFilter("asset_url", (file: unknown) => options.assetUrl(String(file)));
  engine.registerFilter("stylesheet_tag", (url: unknown) => `<link href="${escapeHtml(url)}" rel="stylesheet" type="text/css" media="all" />`);
  engine.registerFilter("script_tag", (url: unknown) => `<script src="${escapeHtml(url)}" type="text/javascript"></script>`);
  engine.registerFilter("pluralize", (count: unknown, singular: unknown, plural: unknown) => (Number(count) === 1 ? singular : plural));
  engine.registerFilter("t", (key: unknown, ...args: unknown[]) => translate(options.translations, String(key), keywordArgs(args).named));
  engine.registerFilter("image_url", (value: unknown, ...args: unknown[]) => {
    const src = imageSource(value);
    if (!src) return "";
    const { named } = keywordArgs(args);
    let url = src;
    if (named.width !== undefined) url = withQueryParam(url, "width", String(named.width));
    if (named.height !== undefined) url = withQueryParam(url, "height", String(named.height));
    return url;
  });
  // Deprecated by Shopify (theme-check warns) but still found in themes: img_url: '400x'.
  engine.registerFilter("img_url", (value: unknown, size?: unknown) => {
    const src = imageSource(value);
    if (!src) return "";
    const width = /^(\d+)x/.exec(String(size ?? ""))?.[1];
    return width ? withQueryParam(src, "width", width) : src;
  });
  engine.registerFilter("image_tag", (url: unknown, ...args: unknown[]) => {
    const { named } = keywordArgs(args);
    const attributes = Object.entries(named)
      .map(([name, value]) => ` ${name}="${escapeHtml(value)}"`)
      .join("");
    const alt = "alt" in named ? "" : ' alt=""';
    return `<img src="${escapeHtml(url)}"${alt} loading="lazy"${attributes}>`;
  });

  engine.registerTag("schema", rawBlockTag("schema", () => {}));
  engine.registerTag("javascript", rawBlockTag("javascript", (code) => options.onJavascript?.(code)));
  engine.registerTag("stylesheet", rawBlockTag("stylesheet", (css) => options.onStylesheet?.(css)));
  return engine;
}

/** `{% layout none %}` (what shopify-app-remix's `liquid(body, { layout: false })` prepends). */
const LAYOUT_NONE = /\{%-?\s*layout\s+none\s*-?%\}/;

/** Splits a proxied Liquid body into "use the theme layout?" and the body without the layout tag. */
export function extractLayoutNone(source: string): { useLayout: boolean; body: string } {
  if (!LAYOUT_NONE.test(source)) return { useLayout: true, body: source };
  return { useLayout: false, body: source.replace(LAYOUT_NONE, "") };
}
