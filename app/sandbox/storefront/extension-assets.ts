// GET /extensions/<extension>/assets/<file>: the files that asset_url and a block schema's
// javascript/stylesheet point to, served from the real extensions/ folder. Only the asset types
// a theme app extension may contain, only plain file names, never outside the assets folder.
import { existsSync, readFileSync, realpathSync, statSync } from "node:fs";
import { extname, join, sep } from "node:path";

export const ASSET_CONTENT_TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
};

const SAFE_NAME = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;

function notFound(): Response {
  return new Response("Not found", { status: 404, headers: { "content-type": "text/plain; charset=utf-8" } });
}

/** Serves one extension asset; `extension` and `file` are the (still URL-encoded) path segments. */
export function serveExtensionAsset(extensionsDir: string, rawExtension: string, rawFile: string): Response {
  let extension: string;
  let file: string;
  try {
    extension = decodeURIComponent(rawExtension);
    file = decodeURIComponent(rawFile);
  } catch {
    return notFound();
  }
  if (!SAFE_NAME.test(extension) || !SAFE_NAME.test(file) || file.includes("..")) return notFound();
  const contentType = ASSET_CONTENT_TYPES[extname(file).toLowerCase()];
  if (!contentType) return notFound();

  const assetsDir = join(extensionsDir, extension, "assets");
  const path = join(assetsDir, file);
  if (!existsSync(path) || !existsSync(assetsDir)) return notFound();
  // A symlink inside assets/ must not lead out of it.
  const realDir = realpathSync(assetsDir);
  const realPath = realpathSync(path);
  if (!realPath.startsWith(realDir + sep) || !statSync(realPath).isFile()) return notFound();

  return new Response(readFileSync(realPath), {
    headers: {
      "content-type": contentType,
      // Short cache: these files change while developing (Shopify's CDN versions its URLs instead).
      "cache-control": "public, max-age=60",
    },
  });
}
