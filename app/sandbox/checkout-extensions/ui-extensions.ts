// The app's checkout UI extensions as the sandbox knows them: read from
// extensions/*/shopify.extension.toml (type = "ui_extension") and built from their source with
// esbuild, as the Shopify CLI builds them on deploy (one bundle per extension, Preact included).
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { build } from "esbuild";
import { parse as parseToml } from "smol-toml";

export interface UiExtension {
  handle: string;
  name: string;
  apiVersion: string;
  target: string;
  /** The module's absolute path. */
  module: string;
  capabilities: { networkAccess: boolean; apiAccess: boolean };
}

interface UiExtensionToml {
  api_version?: string;
  extensions?: {
    name?: string;
    handle?: string;
    type?: string;
    targeting?: { target?: string; module?: string }[];
    capabilities?: { network_access?: boolean; api_access?: boolean };
  }[];
}

/** Every UI extension target under extensionsDir (one entry per target), in a stable order. */
export function listUiExtensions(extensionsDir: string | undefined): UiExtension[] {
  if (!extensionsDir || !existsSync(extensionsDir)) return [];
  const found: UiExtension[] = [];
  for (const name of readdirSync(extensionsDir).sort()) {
    const dir = join(extensionsDir, name);
    const tomlPath = join(dir, "shopify.extension.toml");
    if (!statSync(dir).isDirectory() || !existsSync(tomlPath)) continue;
    const toml = parseToml(readFileSync(tomlPath, "utf8")) as UiExtensionToml;
    for (const extension of toml.extensions ?? []) {
      if (extension.type !== "ui_extension" || !extension.handle) continue;
      for (const targeting of extension.targeting ?? []) {
        if (!targeting.target || !targeting.module) continue;
        found.push({
          handle: extension.handle,
          name: extension.name ?? extension.handle,
          apiVersion: toml.api_version ?? "unstable",
          target: targeting.target,
          module: join(dir, targeting.module),
          capabilities: { networkAccess: extension.capabilities?.network_access === true, apiAccess: extension.capabilities?.api_access === true },
        });
      }
    }
  }
  return found;
}

/** The newest modification time of the files beside (and below) a module: a change means rebuild. */
function sourceStamp(module: string): number {
  let newest = 0;
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  walk(dirname(module));
  return newest;
}

const bundles = new Map<string, { stamp: number; code: Promise<string> }>();

/**
 * The extension's bundle as a classic script that leaves its module on `globalThis[globalName]`
 * (its default export is the target's entry). `define` sets build-time constants (process.env.ENCORE_APP_URL).
 * Kept per process until a source file changes.
 */
export function uiExtensionBundle(extension: UiExtension, globalName: string, define: Record<string, string>): Promise<string> {
  const key = `${extension.module}|${globalName}|${JSON.stringify(define)}`;
  const stamp = sourceStamp(extension.module);
  const cached = bundles.get(key);
  if (cached && cached.stamp === stamp) return cached.code;
  const code = build({
    entryPoints: [extension.module],
    bundle: true,
    write: false,
    format: "iife",
    globalName,
    minify: true,
    target: "es2020",
    jsx: "automatic",
    jsxImportSource: "preact",
    define: Object.fromEntries(Object.entries(define).map(([name, value]) => [name, JSON.stringify(value)])),
    logLevel: "silent",
  }).then((result) => result.outputFiles[0].text);
  bundles.set(key, { stamp, code });
  code.catch(() => bundles.delete(key));
  return code;
}
