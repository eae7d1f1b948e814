// Shopify's own theme checks (@shopify/theme-check-node, the engine behind `shopify theme check`)
// on this theme app extension, with the theme-app-extension configuration, plus the JavaScript
// budgets: theme-check measures the raw file (10,000 bytes per block script), the App Store's
// performance guidance speaks of gzipped bytes, so both are asserted. This file sits at the
// extension's root, where `shopify app deploy` does not look (it only bundles assets/, blocks/,
// locales/ and snippets/), and theme-check itself reads only .liquid and .json files.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { Severity, themeCheckRun, type Offense } from "@shopify/theme-check-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL(".", import.meta.url));
const assetsDir = join(root, "assets");
const scripts = readdirSync(assetsDir).filter((file) => file.endsWith(".js"));

function describeOffense(offense: Offense): string {
  const file = offense.uri.slice(offense.uri.lastIndexOf("/", offense.uri.lastIndexOf("/") - 1) + 1);
  return `${Severity[offense.severity]} ${offense.check} ${file}:${offense.start.line + 1}: ${offense.message}`;
}

describe("theme-check on extensions/encore-theme", () => {
  // theme-check first tries to download Shopify's latest Liquid docs from GitHub, then falls back
  // to the copy in @shopify/theme-check-docs-updater. A local docs root that does not exist makes
  // that download fail at once: the run is offline and uses the installed package's data.
  const previousDocsRoot = process.env.SHOPIFY_TLD_ROOT;
  beforeAll(() => {
    process.env.SHOPIFY_TLD_ROOT = join(root, ".no-theme-liquid-docs");
  });
  afterAll(() => {
    if (previousDocsRoot === undefined) delete process.env.SHOPIFY_TLD_ROOT;
    else process.env.SHOPIFY_TLD_ROOT = previousDocsRoot;
  });

  it("reports no errors with the theme-app-extension configuration", async () => {
    const run = await themeCheckRun(root, "theme-check:theme-app-extension", () => {});
    // The right configuration was loaded: app context, with the app-block size checks on.
    expect(run.config.context).toBe("app");
    const checks = run.config.checks.map((check) => check.meta.code);
    expect(checks).toEqual(expect.arrayContaining(["AssetSizeAppBlockJavaScript", "AssetSizeAppBlockCSS", "AppBlockValidTags", "MatchingTranslations", "TranslationKeyExists"]));
    // It looked at the blocks and locales.
    const files = run.theme.map((source) => source.uri.slice(source.uri.indexOf("/encore-theme/") + "/encore-theme/".length)).sort();
    expect(files).toEqual(expect.arrayContaining(["blocks/encore-embed.liquid", "blocks/frequently-bought-together.liquid", "locales/en.default.json", "locales/ru.json", "locales/uk.json"]));

    const errors = run.offenses.filter((offense) => offense.severity === Severity.ERROR).map(describeOffense);
    expect(errors, `theme-check errors:\n${errors.join("\n")}`).toEqual([]);
  }, 60_000);

  it.each(scripts)("keeps assets/%s within 10,000 bytes, raw (theme-check) and gzipped", (file) => {
    const bytes = readFileSync(join(assetsDir, file));
    expect(bytes.length, `${file} raw size`).toBeLessThanOrEqual(10_000);
    expect(gzipSync(bytes).length, `${file} gzipped size`).toBeLessThanOrEqual(10_000);
  });

  it("keeps the Frequently-bought-together script within 4 KB gzipped", () => {
    expect(scripts).toContain("encore-fbt.js");
    expect(gzipSync(readFileSync(join(assetsDir, "encore-fbt.js"))).length).toBeLessThanOrEqual(4096);
  });
});
