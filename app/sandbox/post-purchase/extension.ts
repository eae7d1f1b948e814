// The app's post-purchase extension (extensions/*/shopify.extension.toml with type =
// "checkout_post_purchase") as Shopify knows it after a deploy, built the way the Shopify CLI
// builds UI extensions: esbuild bundles src/index.{ts,js} with its npm imports into one script.
// Rebuilt when a source file changes, so an edit shows on the next page load.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";
import { parse as parseToml } from "smol-toml";

export interface PostPurchaseExtension {
  handle: string;
  dir: string;
  entry: string;
}

interface ExtensionToml {
  extensions?: { type?: string; handle?: string }[];
}

/** The first post-purchase extension under extensionsDir (Shopify runs one per app), or null. */
export function findPostPurchaseExtension(extensionsDir: string | undefined): PostPurchaseExtension | null {
  if (!extensionsDir || !existsSync(extensionsDir)) return null;
  for (const name of readdirSync(extensionsDir).sort()) {
    const dir = join(extensionsDir, name);
    const tomlPath = join(dir, "shopify.extension.toml");
    if (!existsSync(tomlPath)) continue;
    const toml = parseToml(readFileSync(tomlPath, "utf8")) as ExtensionToml;
    const extension = toml.extensions?.find((e) => e.type === "checkout_post_purchase");
    if (!extension) continue;
    const entry = ["src/index.ts", "src/index.js", "src/index.tsx", "src/index.jsx"].map((file) => join(dir, file)).find((file) => existsSync(file));
    if (entry) return { handle: extension.handle ?? name, dir, entry };
  }
  return null;
}

function sourceStamp(dir: string): string {
  const stamps: string[] = [];
  const walk = (folder: string) => {
    for (const name of readdirSync(folder).sort()) {
      const path = join(folder, name);
      const stat = statSync(path);
      if (stat.isDirectory()) walk(path);
      else stamps.push(`${path}:${stat.mtimeMs}:${stat.size}`);
    }
  };
  walk(join(dir, "src"));
  return stamps.join("|");
}

const bundles = new Map<string, { stamp: string; code: string }>();

/** The extension's script for the browser; `appUrl` becomes process.env.ENCORE_APP_URL. */
export async function extensionBundle(extension: PostPurchaseExtension, appUrl: string): Promise<string> {
  const key = `${extension.entry}|${appUrl}`;
  const stamp = sourceStamp(extension.dir);
  const cached = bundles.get(key);
  if (cached && cached.stamp === stamp) return cached.code;
  const result = await build({
    entryPoints: [extension.entry],
    bundle: true,
    format: "iife",
    platform: "browser",
    target: "es2020",
    write: false,
    logLevel: "silent",
    define: { "process.env.ENCORE_APP_URL": JSON.stringify(appUrl), "process.env.NODE_ENV": JSON.stringify("production") },
  });
  const code = result.outputFiles[0].text;
  bundles.set(key, { stamp, code });
  return code;
}

let hostBundle: Promise<string> | null = null;

/** The page's host script (browser-host.ts): Shopify's side of the extension API, in the browser. */
export function hostScript(): Promise<string> {
  hostBundle ??= build({
    entryPoints: [new URL("./browser-host.ts", import.meta.url).pathname],
    bundle: true,
    format: "iife",
    platform: "browser",
    target: "es2020",
    write: false,
    logLevel: "silent",
  })
    .then((result) => result.outputFiles[0].text)
    .catch((error: unknown) => {
      hostBundle = null;
      throw error;
    });
  return hostBundle;
}
