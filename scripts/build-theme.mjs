// Builds the theme app extension's scripts: extensions/encore-theme/src/*.js (readable, edited by
// people) -> extensions/encore-theme/assets/*.js (minified with esbuild; Shopify serves assets as
// they are, so the minified files are what ships). `--check` writes nothing and exits 1 when an
// asset is not the build of its source (extensions/encore-theme/build.test.ts runs it).
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { transformSync } from "esbuild";

/** {file: minified source} for every src/*.js. Each file is a classic script (no bundling). */
export function buildTheme(srcDir) {
  const out = {};
  for (const file of readdirSync(srcDir).filter((f) => f.endsWith(".js")).sort()) {
    out[file] = transformSync(readFileSync(join(srcDir, file), "utf8"), { minify: true, target: "es2020", charset: "utf8", legalComments: "none" }).code;
  }
  return out;
}

/** Asset files that differ from (or lack) their build, and built-looking assets without a source. */
export function staleAssets(srcDir, assetsDir) {
  const built = buildTheme(srcDir);
  const stale = Object.entries(built)
    .filter(([file, code]) => {
      try {
        return readFileSync(join(assetsDir, file), "utf8") !== code;
      } catch {
        return true;
      }
    })
    .map(([file]) => file);
  const orphans = readdirSync(assetsDir).filter((f) => f.endsWith(".js") && !(f in built));
  return [...stale, ...orphans];
}

// node scripts/build-theme.mjs [--check] [extension directory, default extensions/encore-theme]
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const extension = args.find((a) => a !== "--check") || fileURLToPath(new URL("../extensions/encore-theme/", import.meta.url));
  const [srcDir, assetsDir] = [join(extension, "src"), join(extension, "assets")];
  if (args.includes("--check")) {
    const stale = staleAssets(srcDir, assetsDir);
    if (stale.length) {
      console.error(`Not the build of ${srcDir} (run npm run build:theme): ${stale.join(", ")}`);
      process.exit(1);
    }
  } else {
    for (const [file, code] of Object.entries(buildTheme(srcDir))) writeFileSync(join(assetsDir, file), code);
  }
}
