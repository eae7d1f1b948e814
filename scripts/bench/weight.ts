/**
 * 1. Storefront weight: the gzipped bytes of every JavaScript and CSS asset each block and embed of
 * the theme app extension loads, read from the blocks themselves (not a list kept here):
 * - first paint: the schema's `javascript` / `stylesheet` (Shopify adds them to every page the
 *   block is on) and any <script src> / <link href> of an `asset_url` in the block's markup;
 * - on interaction: any other `asset_url` the block hands its script (a URL in its JSON config,
 *   loaded when the shopper opens something).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { listExtensionBlocks, type ExtensionBlock } from "../../app/sandbox/storefront/render-blocks";
import { repoRoot } from "../../tests/support/paths";
import { fmtKb, gzipSize, holds, type Row, type Section } from "./report";

const EXTENSION = "encore-theme";
const KB = 1024;
/** Initial-JS budgets of issue 8, by block. */
const JS_BUDGETS: Record<string, { bytes: number; label: string }> = {
  "frequently-bought-together": { bytes: 4 * KB, label: "cross-sell block" },
  "cart-upsell": { bytes: 4 * KB, label: "cross-sell block" },
  "loyalty-launcher": { bytes: 6 * KB, label: "loyalty launcher" },
};

export interface BlockAssets {
  block: string;
  target: string;
  initial: string[];
  interaction: string[];
}

const ASSET_URL = /\{\{-?\s*'([^']+)'\s*\|\s*asset_url\b[^}]*\}\}/g;
const TAG_ASSET = /<(?:script|link)\b[^>]*\b(?:src|href)=["']\{\{-?\s*'([^']+)'\s*\|\s*asset_url\b/g;

/** Which assets a block loads at first paint and which only on interaction (from its source). */
export function blockAssets(block: Pick<ExtensionBlock, "name" | "source" | "schema">): BlockAssets {
  const markup = block.source.replace(/\{%-?\s*schema\s*-?%\}[\s\S]*?\{%-?\s*endschema\s*-?%\}/, "").replace(/\{%-?\s*comment\s*-?%\}[\s\S]*?\{%-?\s*endcomment\s*-?%\}/g, "");
  const initial = new Set<string>([block.schema.javascript, block.schema.stylesheet].filter((f): f is string => Boolean(f)));
  for (const match of markup.matchAll(TAG_ASSET)) initial.add(match[1]);
  const interaction = new Set<string>();
  for (const match of markup.matchAll(ASSET_URL)) if (!initial.has(match[1])) interaction.add(match[1]);
  return { block: block.name, target: block.schema.target, initial: [...initial], interaction: [...interaction] };
}

const isJs = (file: string) => file.endsWith(".js");
const isCss = (file: string) => file.endsWith(".css");

export const weightSection: Section = {
  name: "weight",
  title: "Storefront weight (gzipped)",
  async run({ log }) {
    const blocks = listExtensionBlocks(path.join(repoRoot, "extensions")).filter((b) => b.extension === EXTENSION);
    if (blocks.length === 0) throw new Error(`no blocks found in extensions/${EXTENSION}`);
    const sizes = new Map<string, number>();
    const size = (file: string) => {
      if (!sizes.has(file)) sizes.set(file, gzipSize(readFileSync(path.join(repoRoot, "extensions", EXTENSION, "assets", file))));
      return sizes.get(file)!;
    };
    const sum = (files: string[]) => files.reduce((total, file) => total + size(file), 0);
    const rows: Row[] = [];
    const pageInitial = new Set<string>();
    for (const block of blocks) {
      const assets = blockAssets(block);
      const kind = assets.target === "section" ? "block" : "embed";
      log(`  ${assets.block} (${kind}): first paint ${assets.initial.map((f) => `${f} ${size(f)} B`).join(", ") || "nothing"}; on interaction ${assets.interaction.map((f) => `${f} ${size(f)} B`).join(", ") || "nothing"}`);
      if (assets.target === "section" || assets.target === "body" || assets.target === "head") for (const file of assets.initial) pageInitial.add(file);
      const initialJs = sum(assets.initial.filter(isJs));
      const budget = JS_BUDGETS[assets.block];
      rows.push({
        section: "weight",
        figure: `${assets.block} (${kind}) JS, first paint [${assets.initial.filter(isJs).join(" + ") || "none"}]`,
        value: fmtKb(initialJs),
        budget: budget ? `<= ${budget.bytes / KB} KB (${budget.label})` : "(report)",
        holds: budget ? holds(initialJs <= budget.bytes) : "-",
      });
      const css = assets.initial.filter(isCss);
      if (css.length) rows.push({ section: "weight", figure: `${assets.block} CSS, first paint [${css.join(" + ")}]`, value: fmtKb(sum(css)), budget: "(report)", holds: "-" });
      if (assets.interaction.length) {
        rows.push({
          section: "weight",
          figure: `${assets.block} on interaction [${assets.interaction.join(" + ")}]`,
          value: fmtKb(sum(assets.interaction)),
          budget: "(report)",
          holds: "-",
        });
      }
    }
    const all = [...pageInitial];
    rows.push({
      section: "weight",
      figure: `product page with every block and embed, first paint (each file once): JS + CSS`,
      value: `${fmtKb(sum(all.filter(isJs)))} + ${fmtKb(sum(all.filter(isCss)))}`,
      budget: "(report)",
      holds: "-",
    });
    return rows;
  },
};
