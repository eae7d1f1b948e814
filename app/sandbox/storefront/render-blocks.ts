// Theme app extension blocks on the sandbox storefront, rendered from the real files in
// extensions/ on every request (edits show on reload, like `shopify app dev`). App embeds
// (target body/head) are all switched on; app blocks (target section) fill the product and cart pages'
// app-block slot. As on Shopify, each block gets `block` and `app`, is wrapped in a
// shopify-block div, and its schema's javascript/stylesheet assets are added to the page once.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { parse as parseToml } from "smol-toml";
import { createLiquidEngine, escapeHtml, translate, type LiquidEngineOptions } from "./liquid-engine";

export interface BlockSetting {
  type: string;
  id?: string;
  default?: unknown;
  label?: string;
}

export interface BlockSchema {
  name: string;
  target: "section" | "body" | "head" | string;
  settings?: BlockSetting[];
  javascript?: string;
  stylesheet?: string;
  enabled_on?: { templates?: string[] };
  disabled_on?: { templates?: string[] };
}

export interface ExtensionBlock {
  extension: string; // folder name under extensions/
  name: string; // file name without .liquid
  dir: string; // the extension's folder
  source: string;
  schema: BlockSchema;
}

const SCHEMA_TAG = /\{%-?\s*schema\s*-?%\}([\s\S]*?)\{%-?\s*endschema\s*-?%\}/;

/** The JSON of a block's `{% schema %}`, or null when it has none. Invalid JSON throws. */
export function parseBlockSchema(source: string, file = "block"): BlockSchema | null {
  const match = SCHEMA_TAG.exec(source);
  if (!match) return null;
  try {
    return JSON.parse(match[1]) as BlockSchema;
  } catch (error) {
    throw new Error(`Invalid {% schema %} JSON in ${file}: ${(error as Error).message}`);
  }
}

function isThemeExtension(dir: string): boolean {
  const tomlPath = join(dir, "shopify.extension.toml");
  if (!existsSync(tomlPath)) return false;
  const toml = parseToml(readFileSync(tomlPath, "utf8")) as { type?: string };
  return toml.type === "theme";
}

/** Every block of every theme app extension in extensionsDir, in a stable order. */
export function listExtensionBlocks(extensionsDir: string): ExtensionBlock[] {
  if (!existsSync(extensionsDir)) return [];
  const blocks: ExtensionBlock[] = [];
  for (const extension of readdirSync(extensionsDir).sort()) {
    const dir = join(extensionsDir, extension);
    if (!statSync(dir).isDirectory() || !isThemeExtension(dir)) continue;
    const blocksDir = join(dir, "blocks");
    if (!existsSync(blocksDir)) continue;
    for (const file of readdirSync(blocksDir).filter((f) => f.endsWith(".liquid")).sort()) {
      const path = join(blocksDir, file);
      const source = readFileSync(path, "utf8");
      const schema = parseBlockSchema(source, path);
      if (schema) blocks.push({ extension, name: basename(file, ".liquid"), dir, source, schema });
    }
  }
  return blocks;
}

function readJson(path: string): Record<string, unknown> {
  return existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>) : {};
}

/** The extension's storefront translations (locales/en.default.json). */
export function extensionTranslations(dir: string): Record<string, unknown> {
  return readJson(join(dir, "locales", "en.default.json"));
}

/** block.settings as Shopify gives a block nobody has customised: the schema defaults. */
export function defaultBlockSettings(block: ExtensionBlock): Record<string, unknown> {
  const schemaTranslations = readJson(join(block.dir, "locales", "en.default.schema.json"));
  const settings: Record<string, unknown> = {};
  for (const setting of block.schema.settings ?? []) {
    if (!setting.id) continue; // header/paragraph entries carry no value
    let value = setting.default ?? (setting.type === "checkbox" ? false : null);
    if (typeof value === "string" && value.startsWith("t:")) value = translate(schemaTranslations, value.slice(2));
    settings[setting.id] = value;
  }
  return settings;
}

/** A stable id per block placement (Shopify's are opaque strings too). */
export function blockId(block: ExtensionBlock): string {
  return `${block.name.replace(/[^A-Za-z0-9]/g, "_")}_${createHash("sha1").update(`${block.extension}/${block.name}`).digest("hex").slice(0, 8)}`;
}

export function extensionAssetUrl(extension: string, file: string): string {
  return `/extensions/${encodeURIComponent(extension)}/assets/${encodeURIComponent(file)}`;
}

/** Scripts and styles a page needs, collected while its parts render and written out once. */
export class PageAssets {
  readonly stylesheetUrls = new Set<string>();
  readonly scriptUrls = new Set<string>();
  readonly inlineCss: string[] = [];
  readonly inlineJs: string[] = [];

  /** Goes in <head>: stylesheets first, then deferred scripts (they run after parsing anyway). */
  headHtml(): string {
    const parts: string[] = [];
    for (const url of this.stylesheetUrls) parts.push(`<link href="${escapeHtml(url)}" rel="stylesheet" type="text/css" media="all">`);
    if (this.inlineCss.length) parts.push(`<style>${this.inlineCss.join("\n")}</style>`);
    for (const url of this.scriptUrls) parts.push(`<script src="${escapeHtml(url)}" defer="defer"></script>`);
    return parts.join("\n");
  }

  /** Goes before </body>: `{% javascript %}` bodies, which Shopify bundles into one script. */
  bodyEndHtml(): string {
    return this.inlineJs.length ? `<script>${this.inlineJs.join("\n;\n")}</script>` : "";
  }
}

export interface BlockRenderOptions {
  /** Liquid globals of the page: shop, customer, cart, request, routes... */
  globals: object;
  /** The template's own variables (product on a product page). */
  scope?: Record<string, unknown>;
  assets: PageAssets;
  engine: Pick<LiquidEngineOptions, "currencyCode" | "moneyFormat" | "moneyWithCurrencyFormat">;
  /** request.page_type, for enabled_on/disabled_on. */
  pageType: string;
  /** The app whose extension this is (Shopify's `app` object). */
  appHandle: string;
}

function enabledOnPage(schema: BlockSchema, pageType: string): boolean {
  if (schema.enabled_on?.templates && !schema.enabled_on.templates.some((t) => t === "*" || t === pageType)) return false;
  if (schema.disabled_on?.templates?.some((t) => t === "*" || t === pageType)) return false;
  return true;
}

export async function renderBlock(block: ExtensionBlock, options: BlockRenderOptions): Promise<string> {
  const { assets } = options;
  const engine = createLiquidEngine({
    ...options.engine,
    root: [join(block.dir, "blocks")],
    partials: [join(block.dir, "snippets")],
    assetUrl: (file) => extensionAssetUrl(block.extension, file),
    translations: extensionTranslations(block.dir),
    onJavascript: (code) => assets.inlineJs.push(code),
    onStylesheet: (css) => assets.inlineCss.push(css),
  });
  const id = blockId(block);
  const blockScope = {
    ...options.scope,
    block: {
      id,
      type: `shopify://apps/${options.appHandle}/blocks/${block.name}/${id}`,
      settings: defaultBlockSettings(block),
      shopify_attributes: "", // data-shopify-editor-block only appears inside the theme editor
    },
    app: { metafields: {} },
  };
  let html: string;
  try {
    html = await engine.parseAndRender(block.source, blockScope, { globals: options.globals });
  } catch (error) {
    // Shopify prints Liquid errors in place and keeps rendering the page; so does the sandbox.
    html = `<p class="liquid-error">Liquid error (${escapeHtml(block.extension)}/blocks/${escapeHtml(block.name)}.liquid): ${escapeHtml((error as Error).message)}</p>`;
  }
  if (block.schema.javascript) assets.scriptUrls.add(extensionAssetUrl(block.extension, block.schema.javascript));
  if (block.schema.stylesheet) assets.stylesheetUrls.add(extensionAssetUrl(block.extension, block.schema.stylesheet));
  return `<div id="shopify-block-${id}" class="shopify-block shopify-app-block">${html}</div>`;
}

/** Renders, in order, every block whose schema target is one of `targets` and that is enabled on the page. */
export async function renderBlocksForTarget(blocks: ExtensionBlock[], targets: string[], options: BlockRenderOptions): Promise<string> {
  const parts: string[] = [];
  for (const block of blocks) {
    if (!targets.includes(block.schema.target) || !enabledOnPage(block.schema, options.pageType)) continue;
    parts.push(await renderBlock(block, options));
  }
  return parts.join("\n");
}
